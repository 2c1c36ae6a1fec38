#!/usr/bin/env -S node --stack-size=7800
// conf answers come from standard input: start draining it before loading the rest.
if (process.argv[2] === 'conf') (await import('kconfig-parser-ts/stdin-spool')).startStdinSpool();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
