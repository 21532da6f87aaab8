// Resolves the workspace's `@fengqiao/<name>` imports inside compiled output (dist/<app>/...),
// the run-time twin of tsconfig.base.json "paths". Usage: node --require ./tools/runtime/aliases.js dist/<app>/apps/<app>/src/main.js
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const entry = process.argv[1] ? path.resolve(process.argv[1]) : '';
const marker = `${path.sep}apps${path.sep}`;
const distRoot = entry.includes(marker) ? entry.slice(0, entry.indexOf(marker)) : path.resolve(__dirname, '../..');

const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, path.join(distRoot, target.replace(/\.ts$/, '.js'))]),
);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
