#!/usr/bin/env -S node --min-semi-space-size=64 --max-semi-space-size=64 --no-turbo-inlining --interrupt-budget=150000
// --no-turbo-inlining --interrupt-budget=150000: for conf, whose run is over
// in ~0.1 s. TurboFan takes 10-25 ms per evaluator function when it inlines,
// on a core it shares with the run; without inlining, and with tier-up a
// little later than V8's default, optimised code arrives while it still pays:
// ~12% less wall time on Linux's tree (measured against inlining and budgets
// of 67584, 100000 and 300000). The other commands run long enough to want
// inlining back (the resolver's Linux sweep: 6-12% slower per plan without).
// CommonJS (bin/package.json): Node then starts without its ES module loader,
// which conf never needs. conf is the one command that must start in
// milliseconds: it goes straight to its bundle (kconfig/src/cli/conf-launch.ts),
// without the dispatcher, and by path in a checkout: resolving the package name
// `kconfig-parser-ts/conf` through node_modules and its exports map costs ~2 ms.
// Nothing here depends on the stack Node is given (the engine does not recurse
// on the depth of its input), so starting this file as `node bin/ukconfig.js`
// (npm scripts do), through npx, npm link or a global install behaves the
// same; the first line's JIT settings are applied below when it was not read.
// An installed package has the engine in node_modules only.
'use strict';

function confBundle() {
  try {
    return require('../kconfig/dist/cli/conf.cjs');
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    return require('kconfig-parser-ts/conf');
  }
}

/**
 * The dispatcher and every command: `npm run build` bundles them, with Ink,
 * React and the engine, into dist/bundle/ (rolldown; a chunk per command, as
 * each is imported on demand). Node then reads a few files instead of ~700
 * modules (es-toolkit alone is 400): the menu's first frame comes twice as soon.
 * The modules tsc wrote are used when there is no bundle, when a build of the
 * sources (a tsbuildinfo) or of node_modules is newer than it (`tsc -b`
 * alone since the last `npm run build`: a stale bundle is never run), or
 * with UKCONFIG_BUNDLE=0.
 */
function entryModule() {
  const fs = require('node:fs');
  const path = require('node:path');
  const root = path.join(__dirname, '..');
  const plain = '../dist/cli/main.js';
  if (process.env.UKCONFIG_BUNDLE === '0') return plain;
  const bundle = fs.statSync(path.join(root, 'dist/bundle/main.js'), { throwIfNoEntry: false });
  if (bundle === undefined) return plain;
  const dist = path.join(root, 'dist');
  const builds = [
    ...fs.readdirSync(dist).filter((f) => f.endsWith('.tsbuildinfo')).map((f) => path.join(dist, f)),
    path.join(root, 'kconfig/dist/.tsbuildinfo'),
    path.join(root, 'node_modules/.package-lock.json'),
  ];
  for (const f of builds) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st !== undefined && st.mtimeMs > bundle.mtimeMs) return plain;
  }
  return '../dist/bundle/main.js';
}

async function run(argv) {
  // Answered here: the dispatcher's ES modules would double the time it takes.
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`ukconfig ${require('../package.json').version}\n`);
    return 0;
  }
  if (argv[0] === 'conf') {
    if (!process.execArgv.includes('--no-turbo-inlining')) require('node:v8').setFlagsFromString('--no-turbo-inlining --interrupt-budget=150000');
    const status = await confBundle().confProgram(argv.slice(1));
    // conf ends like the C tool, at once: tearing down its heap would cost a
    // few milliseconds (its output is written synchronously by then).
    process.exit(status);
  }
  require('node:v8').setFlagsFromString('--turbo-inlining');
  return (await import(entryModule())).main(argv);
}

run(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
