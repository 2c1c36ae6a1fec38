#!/usr/bin/env -S node --stack-size=7800 --min-semi-space-size=64 --max-semi-space-size=64
// conf reads answers from standard input and waits on the tree's probes:
// start both before loading the rest (see kconfig/src/cli/conf-early.ts).
if (process.argv[2] === 'conf') {
  (await import('kconfig-parser-ts/conf-early')).startConfEarly(process.argv.slice(3), process.env, process.cwd());
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
