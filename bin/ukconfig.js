#!/usr/bin/env -S node --stack-size=7800 --min-semi-space-size=64 --max-semi-space-size=64 --interrupt-budget=1000000
// --interrupt-budget: later tier-up. A conf run is over before most optimised
// code would pay for its compilation (a third less CPU time, the same wall time);
// long runs still get it for their hot code.
// CommonJS (bin/package.json): Node then starts without its ES module loader,
// which conf never needs. conf is the one command that must start in
// milliseconds: it goes straight to its bundle (kconfig/src/cli/conf-program.ts),
// without the dispatcher.
'use strict';

async function run(argv) {
  if (argv[0] === 'conf') return require('kconfig-parser-ts/conf').confProgram(argv.slice(1));
  return (await import('../dist/cli/main.js')).main(argv);
}

run(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
