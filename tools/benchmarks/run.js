// Runs a compiled benchmark (dist/benchmarks) with the workspace's `@fengqiao/<name>` imports resolved
// inside that output, as tools/runtime/aliases.js does for apps. The first argument names it: a
// benchmark under tools/benchmarks (default stats-benchmark, `nx run insights:benchmark`;
// case-reads-benchmark, `nx run intake:benchmark`) or a compiled file (`platform/src/main.js`,
// `npm run bench`); the other arguments are its flags.
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
const arg = process.argv[2] && !process.argv[2].startsWith('-') ? process.argv.splice(2, 1)[0] : 'stats-benchmark';
if (!/^[a-z][a-z0-9/-]*(\.js)?$/.test(arg)) throw new Error(`not a benchmark: ${arg}`);
require(path.join(distRoot, 'tools/benchmarks', arg.endsWith('.js') ? arg : `${arg}.js`));
