// Robustness: our conf on ~200 mutated or pathological Kconfig trees
// (kconfig/test/conformance/mutate.ts). For every tree: no hang (10 s), exit
// status 0 or 1, no JavaScript stack trace or internal error on stderr, and
// when the real Linux 6.1 conf rejects the tree (exit 1) ours rejects it too.
// Knobs: UKCONFIG_FUZZ_SEED (1), UKCONFIG_FUZZ_COUNT (200), UKCONFIG_CONF_CMD, UKCONFIG_JOBS.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { listKconfigSources, writeFuzzTrees } from './conformance/mutate.js';
import { confCommand, loadOracle, oursCommand, skipOracleRequested } from './conformance/oracle.js';
import { defaultJobs, Slots } from './conformance/process-slots.js';
import { runProcess, type ProcessResult } from './conformance/run-process.js';
import { makeScratchDir } from './conformance/scratch-space.js';

const TIMEOUT_MS = 10_000;
const seed = Number(process.env.UKCONFIG_FUZZ_SEED) || 1;
const count = Number(process.env.UKCONFIG_FUZZ_COUNT) || 200;

/** Signs that a JavaScript error escaped instead of a Kconfig diagnostic. */
const CRASH_PATTERNS: RegExp[] = [
  /^\s+at .+:\d+:\d+\)?$/m, // stack frame "    at fn (file.js:1:2)"
  /^\s+at (?:async )?\S+ \((?:native|<anonymous>)\)$/m,
  /\b(?:RangeError|TypeError|ReferenceError|SyntaxError|InternalError|AggregateError)\b/,
  /Maximum call stack size exceeded/,
  /FATAL ERROR:|JavaScript heap out of memory/,
  /node:internal\//,
  /Uncaught|unhandled/i,
];

const oracle = loadOracle();
const withOracle = !('problem' in oracle);

if (!withOracle && !skipOracleRequested()) {
  test('robustness: Linux 6.1 oracle available', () => {
    throw new Error((oracle as { problem: string }).problem);
  });
} else {
  const root = makeScratchDir('ukconfig-fuzz-');
  const sources = withOracle ? listKconfigSources(oracle.manifest.linux) : [];
  const trees = writeFuzzTrees(join(root, 'trees'), { seed, count, sources });
  const slots = new Slots(defaultJobs());
  const ours = oursCommand();
  let identical = 0;
  let failures = 0;
  let rejectedByConf = 0;
  const different: string[] = [];

  const run = (argv: string[], srctree: string, work: string): Promise<ProcessResult> => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    return slots.use(() =>
      runProcess({ argv: [...argv, '--olddefconfig', 'Kconfig'], cwd: work, env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', srctree }, timeoutMs: TIMEOUT_MS }),
    );
  };

  afterAll(() => {
    if (failures === 0) rmSync(root, { recursive: true, force: true });
    console.log(
      `robustness: ${trees.length} fuzz trees (seed ${seed})` +
        (withOracle
          ? `, ${rejectedByConf} rejected by conf, ${identical} with exit status, stdout and stderr identical to conf` +
            (different.length ? `\n  not identical (informational): ${different.sort().join(', ')}` : '')
          : ', real conf not compared (UKCONFIG_SKIP_ORACLE=1)') +
        (failures ? `; trees of failing cases kept in ${root}` : ''),
    );
  });

  describe.concurrent(`robustness of ${ours.join(' ')}`, () => {
    for (const tree of trees) {
      test(tree.id, async () => {
        const mine = await run(ours, tree.dir, join(root, 'work', tree.id, 'ours'));
        const real = withOracle ? await run(confCommand((oracle as { manifest: never }).manifest), tree.dir, join(root, 'work', tree.id, 'conf')) : null;
        const stderr = mine.stderr.toString('latin1');
        const problems: string[] = [];
        if (mine.spawnError) problems.push(`could not start: ${mine.spawnError}`);
        if (mine.timedOut) problems.push(`no result within ${TIMEOUT_MS / 1000} s`);
        else if (mine.signal) problems.push(`killed by ${mine.signal}`);
        else if (mine.code !== 0 && mine.code !== 1) problems.push(`exit status ${mine.code} (expected 0 or 1)`);
        const crash = CRASH_PATTERNS.find((re) => re.test(stderr));
        if (crash) problems.push(`stderr looks like a JavaScript crash (${crash})`);
        if (real && real.code === 1 && mine.code !== 1) problems.push(`the real conf rejects this tree (exit 1) but ours exits ${mine.code}`);
        if (real?.code === 1) rejectedByConf++;
        if (real && real.code === mine.code && real.stdout.equals(mine.stdout) && real.stderr.equals(mine.stderr)) identical++;
        else if (real) different.push(`${tree.id} (conf ${real.timedOut ? 'timeout' : real.code}, ours ${mine.timedOut ? 'timeout' : mine.code})`);
        if (problems.length) {
          failures++;
          const show = (b: Buffer) => JSON.stringify(b.toString('latin1').slice(0, 600));
          throw new Error(
            [
              `${tree.id}: ${tree.description}`,
              `  tree: ${tree.dir}  (srctree; run: conf --olddefconfig Kconfig)`,
              ...problems.map((p) => `  - ${p}`),
              `  ours: exit ${mine.code}, stderr ${show(mine.stderr)}`,
              real ? `  conf: exit ${real.code}${real.timedOut ? ' (timed out)' : ''}, stderr ${show(real.stderr)}` : '',
            ].join('\n'),
          );
        }
        expect(problems).toEqual([]);
      }, 120_000);
    }
  });
}
