#!/usr/bin/env node
// `ukconfig lint` on our pools (issue 17: "well under a second"), as a
// user runs it (a fresh process each time), beside in the same run:
//   - `ukconfig list`: Node's start, our modules and the manifests, the
//     floor under any ukconfig command that reads the pools;
//   - the compiler's own include scan (gcc -M) over the sources of ONE
//     image (helloworld, kvm-x86_64), the cheapest compiler-based look at
//     includes, which covers one configuration where the lint covers all.
// Also the lint alone, in-process on a loaded tree (no start-up).
//
//   npm run build && node bench/lint.mjs [--reps N] [--json FILE]
//
// Runs are interleaved so that noise on a shared machine hits them alike.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions } from './lib/args.mjs';
import { measure, rssPath, summarize } from './lib/measure.mjs';

const USAGE = 'usage: node bench/lint.mjs [--reps N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '15' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
if (!(REPS >= 1)) {
  console.error(`--reps takes a positive number\n${USAGE}`);
  process.exit(2);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');
const DIST = join(ROOT, 'dist');
if (!existsSync(join(DIST, 'buildgen', 'src', 'lint', 'lint.js'))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(1);
}
const TARGET_MS = 1000;

const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-lint-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

// One image's compile commands, turned into include scans (-M to /dev/null instead of -c -o).
const app = join(scratch, 'helloworld');
cpSync(join(ROOT, 'examples', 'helloworld'), app, { recursive: true, filter: (s) => !/\/(build|\.config(\.old)?)$/.test(s) });
const ukconfig = (...a) => execFileSync(process.execPath, [BIN, '-C', app, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
ukconfig('apply', 'defconfigs/kvm-x86_64');
ukconfig('build');
const commands = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8'));
// Each compile command with -M to /dev/null in place of -c ... -o (and its own -MMD -MP).
const scans = commands.map((c) => `cd '${c.directory}' && ${c.command.replace(/ -o \S+/, '').replace(/ -(c|MMD|MP)(?= )/g, '')} -M -MF /dev/null`);
const scanScript = join(scratch, 'scan.sh');
writeFileSync(scanScript, `set -e\n${scans.join('\n')}\n`);

const RUNS = [
  { key: 'pools', label: 'ukconfig lint (the pools)', argv: [process.execPath, BIN, 'lint'], cwd: ROOT },
  { key: 'app', label: 'ukconfig -C examples/helloworld lint', argv: [process.execPath, BIN, '-C', join(ROOT, 'examples', 'helloworld'), 'lint'], cwd: ROOT },
  { key: 'list', label: 'ukconfig list (start-up and manifests)', argv: [process.execPath, BIN, 'list'], cwd: ROOT },
  { key: 'gccM', label: `gcc -M over one image's ${scans.length} sources`, argv: ['sh', scanScript], cwd: app },
];

console.log(`ukconfig lint benchmark: ${availableParallelism()} cores, ${REPS} runs each, interleaved`);
const samples = Object.fromEntries(RUNS.map((r) => [r.key, []]));
for (let i = 0; i <= REPS; i++) {
  for (const r of RUNS) {
    const m = await measure(r.argv, { cwd: r.cwd, env: process.env, rssFile: rssPath(scratch, r.key) });
    if (m.code !== 0) {
      console.error(`${r.label} failed (exit ${m.code}):\n${m.stderr}`);
      process.exit(1);
    }
    if (i > 0) samples[r.key].push(m); // the first round warms the caches
  }
}

// The lint alone, in-process, on a tree already loaded.
const { loadKconfig } = await import('kconfig-parser-ts');
const { lintLibraries } = await import(join(DIST, 'buildgen', 'src', 'lint', 'lint.js'));
const { loadLibraries } = await import(join(DIST, 'buildgen', 'src', 'libraries.js'));
const inProcess = [];
let counts;
for (let i = 0; i <= REPS; i++) {
  const kc = loadKconfig(join(ROOT, 'pools', 'Config.uk'), { env: {}, extensions: true, output: { stdout: () => {}, stderr: () => {} } });
  const started = performance.now();
  const r = lintLibraries({ kc, manifests: loadLibraries(join(ROOT, 'pools'), null), sharedInclude: join(ROOT, 'native', 'include') });
  if (i > 0) inProcess.push(performance.now() - started);
  counts = { libraries: r.libraries, includes: r.includes, references: r.references, questions: r.questions, problems: r.findings.length };
}

const stats = Object.fromEntries(RUNS.map((r) => [r.key, summarize(samples[r.key])]));
const ms = (x) => `${x.toFixed(0)} ms`;
const base = stats.pools.medianMs;
console.log(`\nthe pools: ${counts.libraries} libraries, ${counts.includes} includes and ${counts.references} references, ${counts.questions} solver questions, ${counts.problems} problems\n`);
console.log('| run | median | min | CPU (median) | / ukconfig lint |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of RUNS) {
  const s = stats[r.key];
  console.log(`| ${r.label} | ${ms(s.medianMs)} | ${ms(s.minMs)} | ${Number.isNaN(s.medianCpuMs) ? '-' : ms(s.medianCpuMs)} | ${(s.medianMs / base).toFixed(2)} |`);
}
const sorted = [...inProcess].sort((a, b) => a - b);
const inMedian = sorted[Math.floor(sorted.length / 2)];
console.log(`\nthe lint alone, in-process on a loaded tree: median ${ms(inMedian)}, min ${ms(sorted[0])}`);
console.log(`target: ukconfig lint on the pools well under ${TARGET_MS} ms: ${base < TARGET_MS / 2 ? 'met' : base < TARGET_MS ? 'under 1 s, not well under' : 'NOT met'} (${ms(base)})`);

if (opts.json) writeFileSync(opts.json, JSON.stringify({ reps: REPS, counts, runs: stats, inProcessMedianMs: inMedian }, null, 2) + '\n');
