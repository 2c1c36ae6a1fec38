#!/usr/bin/env node
// The schedulers side by side (issue 17):
//   - context-switch time of the cooperative and the preemptive scheduler
//     in the guest (examples/threads in bench mode: two threads yielding
//     to each other, and a token passed through two semaphores), on
//     kvm-x86_64 and kvm-arm64 (QEMU TCG) and linuxu-x86_64, beside the same
//     ping-pongs between two pthreads of a Linux process pinned to one CPU
//     (sched_yield, POSIX semaphores, i.e. futexes, and a pipe) measured in
//     the same run, with the ratios;
//   - examples/helloworld on kvm-x86_64 without a scheduler, with the
//     interrupts and timers a scheduler brings, and with each scheduler:
//     stripped image size and the guest's first-instruction-to-main() time.
//
//   npm run build && node bench/sched.mjs [--reps N] [--rounds N] [--json FILE]
//
// Builds go through the real `ukconfig` command; guests are started with
// the very command `ukconfig run` uses. Runs are interleaved so that noise
// on a shared machine hits every configuration alike: compare medians and
// ratios.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { buildExample, guestModule, ROOT, runGuestOk, scratchDir } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/sched.mjs [--reps N] [--rounds N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '7' }, rounds: { type: 'string', default: '100000' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
const ROUNDS = Number(opts.rounds);
if (!(REPS >= 1) || !(ROUNDS >= 100 && ROUNDS <= 1e8)) {
  console.error(`--reps takes a positive number, --rounds one from 100 to 10^8\n${USAGE}`);
  process.exit(2);
}

await guestModule();
const scratch = scratchDir('bench-sched');
const build = (example, tag, defconfig, lines) => buildExample(scratch, example, tag, defconfig, lines);

const settings = { x86_64: { debugExitPort: '0xf4', semihosting: false, timer: true }, arm64: { debugExitPort: null, semihosting: true, timer: true } };

/** Runs an image of examples/<app> and returns its console output; main's status must be 0. */
const run = (arch, plat, image, args) => runGuestOk({ arch, plat, image, settings: settings[arch], args });

function perSwitch(out, what, where) {
  const m = new RegExp(`^bench: ${what}: (\\d+) switches in (\\d+) us: (\\d+) ns per switch$`, 'm').exec(out);
  if (!m) throw new Error(`${where}: no ${what} figure in:\n${out}`);
  return Number(m[3]);
}

console.log(`ukconfig scheduler benchmark: ${availableParallelism()} cores, QEMU TCG, ${REPS} runs per figure, ${ROUNDS} ping-pong rounds`);

// ---- context switches ---------------------------------------------------------------------------
const SCHEDS = [
  { key: 'coop', label: 'cooperative' },
  { key: 'preempt', label: 'preemptive' },
];
const TARGETS = [
  { arch: 'x86_64', plat: 'kvm', label: 'kvm-x86_64 (TCG)' },
  { arch: 'arm64', plat: 'kvm', label: 'kvm-arm64 (TCG)' },
  { arch: 'x86_64', plat: 'linuxu', label: 'linuxu-x86_64 (native)' },
];
const guests = [];
for (const s of SCHEDS) {
  for (const arch of ['x86_64', 'arm64']) {
    const app = build('threads', `threads-${s.key}-${arch}`, `${s.key}-${arch}`, ['# CONFIG_UKBOOT_SHOW_TIME is not set']);
    for (const t of TARGETS.filter((t) => t.arch === arch)) {
      guests.push({ ...t, sched: s, image: join(app, 'build', `threads_${t.plat}-${arch}`), yield: [], semaphore: [] });
    }
  }
}
const host = join(scratch, 'threads-host');
execFileSync('make', ['-s', '-f', join(ROOT, 'examples', 'threads', 'host.mk'), `OUT=${host}`], { stdio: ['ignore', 'ignore', 'inherit'] });
const pthreads = { yield: [], semaphore: [], pipe: [] };
for (let i = 0; i < REPS; i++) {
  const h = await timed(host, ['bench', String(ROUNDS)], 600_000);
  if (h.code !== 0) throw new Error(`pthread benchmark failed:\n${h.out}`);
  for (const what of Object.keys(pthreads)) pthreads[what].push(perSwitch(h.out, what, 'pthreads'));
  for (const g of guests) {
    const out = await run(g.arch, g.plat, g.image, ['--', 'bench', String(ROUNDS)]);
    for (const what of ['yield', 'semaphore']) g[what].push(perSwitch(out, what, `${g.label} ${g.sched.key}`));
  }
}

// ---- helloworld with and without a scheduler ------------------------------------------------------
const HELLO = [
  { key: 'none', label: 'no scheduler (default)', config: [] },
  { key: 'timer', label: 'uktimer only (interrupts, timers)', config: ['CONFIG_LIBUKTIMER=y'] },
  { key: 'coop', label: 'cooperative scheduler', config: ['CONFIG_LIBUKSCHED=y', 'CONFIG_UKSCHED_DEFAULT_COOP=y'] },
  { key: 'preempt', label: 'preemptive scheduler', config: ['CONFIG_LIBUKSCHED=y', 'CONFIG_UKSCHED_DEFAULT_PREEMPT=y'] },
];
const hello = HELLO.map((h) => {
  const app = build('helloworld', `hello-${h.key}`, 'kvm-x86_64', h.config);
  const image = join(app, 'build', 'helloworld_kvm-x86_64');
  return { ...h, image, bytes: statSync(image).size, boot: [] };
});
for (let i = 0; i < REPS * 2; i++) {
  for (const h of hello) {
    const out = await run('x86_64', 'kvm', h.image, []);
    const m = /^boot: ([\d.]+) us to main/m.exec(out);
    if (!m) throw new Error(`helloworld (${h.label}): no boot time in:\n${out}`);
    h.boot.push(Number(m[1]));
  }
}

// ---- report ---------------------------------------------------------------------------------------
const results = { reps: REPS, rounds: ROUNDS, pthreads: {}, guests: [], helloworld: {} };
for (const what of Object.keys(pthreads)) results.pthreads[what] = median(pthreads[what]);
const P = results.pthreads;
printTable(
  [`context switch, ${fmt(ROUNDS)} rounds (median ns)`, 'scheduler', 'yield', '/ pthread sched_yield', 'semaphore', '/ pthread futex'],
  [
    ['Linux process, 2 pthreads on one CPU', 'Linux (CFS)', fmt(P.yield), '1.00', fmt(P.semaphore), '1.00'],
    ...guests.map((g) => {
      const y = median(g.yield);
      const s = median(g.semaphore);
      results.guests.push({ target: `${g.plat}-${g.arch}`, scheduler: g.sched.key, yieldNs: y, semaphoreNs: s, yieldRatio: y / P.yield, semaphoreRatio: s / P.semaphore });
      return [g.label, g.sched.label, fmt(y), (y / P.yield).toFixed(2), fmt(s), (s / P.semaphore).toFixed(2)];
    }),
  ],
);
console.log(`pthreads through a pipe: ${fmt(P.pipe)} ns per switch (one CPU)`);

const none = hello.find((h) => h.key === 'none');
printTable(
  ['helloworld kvm-x86_64', 'stripped image', 'vs no scheduler', 'boot to main() (median, min)'],
  hello.map((h) => {
    const b = median(h.boot);
    results.helloworld[h.key] = { imageBytes: h.bytes, bootUs: b, bootUsMin: Math.min(...h.boot) };
    return [h.label, `${fmt(h.bytes)} B`, `${h.bytes >= none.bytes ? '+' : ''}${fmt(h.bytes - none.bytes)} B`, `${fmt(b, 1)} us (${fmt(Math.min(...h.boot), 1)})`];
  }),
);
console.log('\nA switch is one hand-over between two threads: the yield figures divide by the switches the');
console.log("scheduler (guest) or the kernel (getrusage, Linux) counted. Guests run under TCG, so their ratio to");
console.log('a native process measures the emulator too; linuxu pays system calls for its interrupt mask and,');
console.log('on x86_64, its FS base (arch_prctl) at every switch.');
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
