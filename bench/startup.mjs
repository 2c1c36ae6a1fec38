#!/usr/bin/env node
// Start-up of the `ukconfig` command: `ukconfig --version` and `ukconfig
// list` (in the checkout and in an application folder), beside Node's own
// start (`node -e 0`, the floor) measured in the same run, interleaved:
// wall time and CPU time (user + system, from GNU time), which a busy
// machine disturbs less. Target: --version and list under 150 ms.
//
//   npm run build && node bench/startup.mjs [--reps N] [--json FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions } from './lib/args.mjs';
import { HAVE_GNU_TIME, measure, median, rssPath } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');
const USAGE = 'usage: node bench/startup.mjs [--reps N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '21' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
const TARGET_MS = 150;

// The launcher is started as a shell would start it: through its #! line.
const cases = [
  { name: 'node -e 0 (floor)', argv: [process.execPath, '-e', '0'] },
  { name: 'ukconfig --version', argv: [BIN, '--version'], target: true },
  { name: 'ukconfig list', argv: [BIN, 'list'], target: true },
  { name: 'ukconfig -C examples/helloworld list', argv: [BIN, '-C', join(ROOT, 'examples', 'helloworld'), 'list'], target: true },
];

const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-startup-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

async function once(argv) {
  const r = await measure(argv, { cwd: ROOT, env: process.env, rssFile: rssPath(scratch, 'startup') });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r;
}

const samples = cases.map(() => []);
for (const c of cases) await once(c.argv); // page cache warm
for (let i = 0; i < REPS; i++) for (const [k, c] of cases.entries()) samples[k].push(await once(c.argv));

console.log(`ukconfig start-up: ${REPS} runs each, interleaved, ${availableParallelism()} cores${HAVE_GNU_TIME ? '' : ' (no /usr/bin/time: no CPU figures)'}\n`);
const wall = (k) => median(samples[k].map((s) => s.wallMs));
const cpu = (k) => median(samples[k].map((s) => s.cpuMs));
const rows = cases.map((c, k) => ({
  name: c.name,
  medianMs: wall(k),
  minMs: Math.min(...samples[k].map((s) => s.wallMs)),
  overFloorMs: wall(k) - wall(0),
  cpuMs: cpu(k),
  cpuOverFloorMs: cpu(k) - cpu(0),
  verdict: c.target ? (wall(k) < TARGET_MS ? `under ${TARGET_MS} ms: meets target` : `MISSES target (${TARGET_MS} ms)`) : '',
}));
const w = Math.max(...rows.map((r) => r.name.length));
const n = (x) => x.toFixed(1).padStart(7);
console.log(`${'command'.padEnd(w)}  wall ms: median     min  over node   cpu ms: median  over node  target`);
for (const r of rows) console.log(`${r.name.padEnd(w)}           ${n(r.medianMs)} ${n(r.minMs)}    ${n(r.overFloorMs)}          ${n(r.cpuMs)}    ${n(r.cpuOverFloorMs)}  ${r.verdict}`);
if (opts.json) writeFileSync(opts.json, JSON.stringify({ reps: REPS, targetMs: TARGET_MS, rows }, null, 2) + '\n');
