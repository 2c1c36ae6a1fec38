#!/usr/bin/env -S node --stack-size=7800 --min-semi-space-size=64 --max-semi-space-size=64 --interrupt-budget=300000
// --interrupt-budget: tier-up later than V8's default. A conf run is over
// before most optimised code would pay for its compilation, but the tree
// cache's decode loops and the evaluator still get it in time (measured on
// Linux's tree: 300000 beat the default, 200000, 400000 and 1000000).
// CommonJS (bin/package.json): Node then starts without its ES module loader,
// which conf never needs. conf is the one command that must start in
// milliseconds: it goes straight to its bundle (kconfig/src/cli/conf-launch.ts),
// without the dispatcher, and by path: resolving the package name
// `kconfig-parser-ts/conf` through node_modules and its exports map costs ~2 ms.
'use strict';

async function run(argv) {
  if (argv[0] === 'conf') return require('../kconfig/dist/cli/conf.cjs').confProgram(argv.slice(1));
  return (await import('../dist/cli/main.js')).main(argv);
}

run(process.argv.slice(2)).then((status) => {
  // conf ends like the C tool, at once: tearing down its heap would cost a
  // few milliseconds (its output is written synchronously by then).
  if (process.argv[2] === 'conf') process.exit(status);
  process.exitCode = status;
});
