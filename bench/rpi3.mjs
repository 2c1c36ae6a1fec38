#!/usr/bin/env node
// examples/helloworld on rpi3-arm64 beside kvm-arm64, from one
// configuration and one build: image size (the same Linux arm64 Image,
// linked at 0x80000 for the Raspberry Pi), the guest's own clock (the
// generic timer) from its first instruction to main(), and QEMU's launch
// to exit (raspi3b: 1 GiB and the whole SoC to set up; virt: the 8M
// `ukconfig run` gives a kvm-arm64 guest).
//
//   npm run build && node bench/rpi3.mjs [--reps N] [--json FILE]
//
// Everything runs under QEMU TCG, with the very commands `ukconfig run`
// uses (buildgen's guest and rpi3 modules).
import { writeFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildExample, guestModule, ROOT, scratchDir } from './lib/examples.mjs';
import { bootTimes } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Number(opt('--reps', '7'));
const JSON_OUT = opt('--json', null);

const { guestCommand } = await guestModule();
const { rpi3Command, writeRpi3Dtb } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'rpi3.js'));

const dir = scratchDir('bench-rpi3');
const app = buildExample(dir, 'helloworld', 'hw', 'kvm+xen+rpi3+linuxu-arm64');
const image = (plat) => join(app, 'build', `helloworld_${plat}-arm64`);
const settings = { debugExitPort: null, semihosting: true };
const dtb = join(dir, 'raspi3b.dtb');
await writeRpi3Dtb(join(ROOT, 'pools', 'plat', 'rpi3', 'qemu-raspi3b.dts'), dtb);

const runs = {
  'kvm-arm64 (-M virt)': { plat: 'kvm', cmd: guestCommand({ arch: 'arm64', plat: 'kvm', image: image('kvm'), settings, args: [] }), ok: (r) => r.code === 0 },
  'rpi3-arm64 (-M raspi3b)': {
    plat: 'rpi3',
    cmd: rpi3Command({ arch: 'arm64', plat: 'rpi3', image: image('rpi3'), settings, args: [] }, 'qemu-system-aarch64', dtb),
    ok: (r) => r.code === 0 && /^rpi3: halt, status 0$/m.test(r.out),
  },
};

const results = {};
for (const [name, { plat, cmd, ok }] of Object.entries(runs)) results[name] = { bytes: statSync(image(plat)).size, ...(await bootTimes(name, cmd, ok, REPS)) };

console.log(`helloworld, arm64, QEMU TCG, median of ${REPS} boots each (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)`);
printTable(
  ['image', 'size', 'first instruction -> main() (guest clock)', 'QEMU launch -> exit'],
  Object.entries(results).map(([name, r]) => [name, `${fmt(r.bytes)} B`, `${fmt(r.mainUs, 1)} us (min ${fmt(r.mainUsMin, 1)})`, `${fmt(r.launchMs)} ms`]),
);
const k = results['kvm-arm64 (-M virt)'];
const p = results['rpi3-arm64 (-M raspi3b)'];
console.log(
  `\nrpi3 / kvm: image ${(p.bytes / k.bytes).toFixed(2)}x, first instruction -> main() ${(p.mainUs / k.mainUs).toFixed(2)}x, launch -> exit ${(p.launchMs / k.launchMs).toFixed(2)}x`,
);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ reps: REPS, loadavg: loadavg()[0], results }, null, 2) + '\n');
