/**
 * The fuzzer (run-fuzz.ts) on a fixed-seed sample: mutations of the
 * language catalog, the pools tree and Linux's Kconfig files, and .config
 * files, each run through our engine (in a worker with time and memory
 * limits) and the real Linux 6.1 conf. Every case must end in a result or a
 * file:line error, in conf mode with conf's exit status and .config
 * wherever conf neither crashes nor hangs.
 *
 * UKCONFIG_FUZZ_COUNT (default 2000) and UKCONFIG_FUZZ_SEED (default 1)
 * choose the cases; the long run is
 *   UKCONFIG_FUZZ_COUNT=100000 npx vitest run kconfig/test/fuzz
 * (about an hour on two cores). UKCONFIG_JOBS sets the workers.
 */
import { describe, expect, it } from 'vitest';
import { loadCorpus, makeCase } from './cases.js';
import { cpuMs, describeFuzz, runFuzz, type FuzzSummary } from './run-fuzz.js';
import { spawn } from 'node:child_process';
import { loadOracle, skipOracleRequested } from '../conformance/oracle.js';
import { defaultJobs } from '../conformance/process-slots.js';

const seed = Number(process.env.UKCONFIG_FUZZ_SEED) || 1;
const count = Number(process.env.UKCONFIG_FUZZ_COUNT) || 2000;
const oracle = loadOracle();

describe('kconfig fuzzer', () => {
  // A hang is the engine's own CPU time: the tree's commands cost conf the same.
  it("tells a worker's own CPU time from its commands'", async () => {
    const script = `require('child_process').execSync('i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done', { shell: '/bin/sh' }); console.log('ran'); setTimeout(() => {}, 10000)`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((res, rej) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ran') && res());
        child.on('exit', (code) => rej(new Error(`ended with ${code}`)));
      });
      const { own, all } = cpuMs(child.pid!);
      expect(all - own, 'the command ran on the CPU').toBeGreaterThanOrEqual(200);
      expect(own).toBeLessThan(all - own);
    } finally {
      child.kill();
    }
  }, 60_000);

  it('makes the same cases from the same seed, and others from another', () => {
    const corpus = loadCorpus('manifest' in oracle ? oracle.manifest.linux : null);
    const ids = (s: number) => Array.from({ length: 30 }, (_, i) => JSON.stringify(makeCase(s, i, corpus)));
    expect(ids(7)).toEqual(ids(7));
    expect(ids(8)).not.toEqual(ids(7));
  });

  if (!('manifest' in oracle) && !skipOracleRequested()) {
    it('Linux 6.1 oracle available', () => {
      throw new Error(oracle.problem);
    });
    return;
  }

  // Cases long runs found, kept as they were made. Seed 7's 100,000-case run:
  // conf asks forever a hex with no valid default at the end of input
  // (3225) and an int with an empty range (6648); a dependency cycle
  // through symbols without properties (37600, conf crashes); passes that
  // never settle with no input to read (40016, conf loops); a chain of
  // macros each referencing the next thousands of times (74044, conf
  // hangs). Seed 9: conf named another tree than Kconfig
  // (`--olddefconfig Nope`, 19837): the probe scout must read the tree conf
  // reads, or the commands it starts go unasked.
  const found: Array<[number, number[]]> = [
    [7, [3225, 6648, 37600, 40016, 62559, 74044, 74515, 87759, 90528, 99576]],
    [9, [19837]],
  ];
  it.each(found)('the cases a long run of seed %i found end as they should', async (caseSeed, indices) => {
    const linux = 'manifest' in oracle ? oracle.manifest : null;
    const result = await runFuzz({ seed: caseSeed, count: 0, indices, jobs: defaultJobs(), corpus: loadCorpus(linux?.linux ?? null), conf: linux?.conf ?? null });
    const report = describeFuzz(result, caseSeed);
    expect(result.cases, report).toBe(indices.length);
    expect(result.passed, report).toBe(indices.length);
  }, 600_000);

  it(`${count} cases end in a result or a file:line error, as conf's`, async () => {
    const linux = 'manifest' in oracle ? oracle.manifest : null;
    // A long run says how far it got every thousand cases, and names each finding when it is
    // made (on stderr, which vitest passes through): a run cut short still tells what it found.
    const started = Date.now();
    const named = new Set<object>();
    const progress = (done: number, s: FuzzSummary) => {
      if (count <= 2000) return;
      const found = [...s.crashes.map((f) => ['crash', f] as const), ...s.hangs.map((f) => ['hang', f] as const), ...s.memory.map((f) => ['memory', f] as const),
        ...s.differences.map((f) => ['difference', f] as const), ...s.cacheMismatches.map((f) => ['cache', f] as const), ...s.unusedProbes.map((f) => ['unasked', f] as const)];
      for (const [kind, f] of found) {
        if (named.has(f)) continue;
        named.add(f);
        process.stderr.write(`fuzz: found ${kind} ${f.id}: ${f.what.slice(0, 200)}\n`);
      }
      if (done % 1000 === 0) process.stderr.write(`fuzz: ${done}/${count} cases, ${found.length} findings, ${Math.round((Date.now() - started) / 1000)} s\n`);
    };
    const result = await runFuzz({ seed, count, jobs: defaultJobs(), corpus: loadCorpus(linux?.linux ?? null), conf: linux?.conf ?? null, progress });
    const report = describeFuzz(result, seed);
    console.log(report);
    const found = { crashes: result.crashes, hangs: result.hangs, memory: result.memory, differences: result.differences, cache: result.cacheMismatches, unasked: result.unusedProbes };
    expect(Object.fromEntries(Object.entries(found).map(([k, v]) => [k, v.length])), report).toEqual({ crashes: 0, hangs: 0, memory: 0, differences: 0, cache: 0, unasked: 0 });
  }, 24 * 3600_000);
});
