// Runs a compiled benchmark (dist/benchmarks) with the workspace's `@fengqiao/<name>` imports resolved
// inside that output, as tools/runtime/aliases.js does for apps. `node run.js` runs the statistics
// benchmark (`nx run insights:benchmark`); `node run.js <file.js> [flags]` another one (`npm run bench`).
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
const script = process.argv[2]?.endsWith('.js') ? process.argv.splice(2, 1)[0] : 'stats-benchmark.js';
require(path.join(distRoot, 'tools/benchmarks', script));
