#!/usr/bin/env node
// examples/helloworld on malta-mips (QEMU's MIPS Malta board, a 24Kf)
// beside kvm-x86_64 and kvm-arm64, the kvm of the other architectures
// (mips has no kvm platform): stripped image size, the guest's own clock
// from its first instruction to main() (malta: CP0 Count at QEMU's fixed
// 166.67 MHz), and QEMU's launch to exit.
//
//   npm run build && node bench/malta.mjs [--reps N] [--json FILE]
//
// Everything runs under QEMU TCG, with the very commands `ukconfig run`
// uses (buildgen's guest and malta modules).
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildExample, guestModule, ROOT, scratchDir } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Number(opt('--reps', '7'));
const JSON_OUT = opt('--json', null);

const { guestCommand } = await guestModule();
const { maltaCommand } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'malta.js'));

const scratch = scratchDir('bench-malta');
const image = (defconfig) => {
  const [plat, arch] = defconfig.split('-');
  return { arch, plat, path: join(buildExample(scratch, 'helloworld', defconfig, defconfig), 'build', `helloworld_${defconfig}`) };
};
const none = { debugExitPort: null, semihosting: false };

const runs = [
  { name: 'kvm-x86_64 (-M pc)', ...image('kvm-x86_64'), settings: { debugExitPort: '0xf4', semihosting: false }, ok: (r) => r.code === 3 },
  { name: 'kvm-arm64 (-M virt)', ...image('kvm-arm64'), settings: { debugExitPort: null, semihosting: true }, ok: (r) => r.code === 0 },
  { name: 'malta-mips (-M malta)', ...image('malta-mips'), settings: none, ok: (r) => r.code === 0 && /^malta: halt, status 0$/m.test(r.out) },
];

const results = {};
for (const run of runs) {
  const spec = { arch: run.arch, plat: run.plat, image: run.path, settings: run.settings, args: [] };
  const cmd = run.plat === 'malta' ? maltaCommand(spec, 'qemu-system-mips') : guestCommand(spec);
  const us = [];
  const ms = [];
  await timed(cmd.file, cmd.args); // warm the page cache
  for (let i = 0; i < REPS; i++) {
    const r = await timed(cmd.file, cmd.args, 60_000);
    const m = /^boot: ([\d.]+) us to main/m.exec(r.out);
    if (!run.ok(r) || !m) throw new Error(`${run.name} did not boot (code ${r.code}):\n${r.out}`);
    us.push(Number(m[1]));
    ms.push(r.ms);
  }
  results[run.name] = { bytes: statSync(run.path).size, mainUs: median(us), mainUsMin: Math.min(...us), launchMs: median(ms) };
}

console.log(`helloworld, QEMU TCG, median of ${REPS} boots each (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)`);
printTable(
  ['image', 'size', 'first instruction -> main() (guest clock)', 'QEMU launch -> exit'],
  Object.entries(results).map(([name, r]) => [name, `${fmt(r.bytes)} B`, `${fmt(r.mainUs, 1)} us (min ${fmt(r.mainUsMin, 1)})`, `${fmt(r.launchMs)} ms`]),
);
const m = results['malta-mips (-M malta)'];
for (const k of ['kvm-x86_64 (-M pc)', 'kvm-arm64 (-M virt)']) {
  const r = results[k];
  console.log(`malta-mips / ${k}: image ${(m.bytes / r.bytes).toFixed(2)}x, first instruction -> main() ${(m.mainUs / r.mainUs).toFixed(2)}x, launch -> exit ${(m.launchMs / r.launchMs).toFixed(2)}x`);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ reps: REPS, loadavg: loadavg()[0], results }, null, 2) + '\n');
