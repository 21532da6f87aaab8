// Runs the compiled benchmark (dist/benchmarks, `nx run insights:benchmark`) with the workspace's
// `@fengqiao/<name>` imports resolved inside that output, as tools/runtime/aliases.js does for apps.
const Module = require('node:module');
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const distRoot = path.resolve(__dirname, '../../dist/benchmarks');
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, path.join(distRoot, target.replace(/\.ts$/, '.js'))]),
);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
require(path.join(distRoot, 'tools/benchmarks/stats-benchmark.js'));
