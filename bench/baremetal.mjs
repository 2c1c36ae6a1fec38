#!/usr/bin/env node
// examples/helloworld on baremetal-x86_64 beside kvm-x86_64, from one
// configuration and one build: stripped image size (the same multiboot
// ELF; baremetal adds its VGA console and status line) and the boot media
// (CD, raw disk); the guest's own clock (TSC, measured against the ACPI PM
// timer) from its first instruction to main(); and QEMU's launch to exit,
// which for baremetal includes what a PC does before the image runs
// (SeaBIOS, GRUB reading its configuration and the image from the CD or
// disk) where kvm's -kernel loads the image directly.
//
//   npm run build && node bench/baremetal.mjs [--reps N] [--json FILE]
//
// Everything runs under QEMU TCG, with the very commands `ukconfig run`
// uses (buildgen's guest and baremetal modules).
import { statSync, writeFileSync } from 'node:fs';
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
const { baremetalCommand } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'baremetal.js'));

const app = buildExample(scratchDir('bench-baremetal'), 'helloworld', 'hw', 'kvm+baremetal+linuxu-x86_64');
const image = (plat) => join(app, 'build', `helloworld_${plat}-x86_64`);
const settings = { debugExitPort: '0xf4', semihosting: false };

const runs = {
  'kvm-x86_64 (-M pc -kernel)': { cmd: guestCommand({ arch: 'x86_64', plat: 'kvm', image: image('kvm'), settings, args: [] }), ok: (r) => r.code === 3 },
  'baremetal-x86_64 (CD)': { cmd: baremetalCommand({ arch: 'x86_64', plat: 'baremetal', image: image('baremetal'), settings, args: [] }, 'qemu-system-x86_64', image('baremetal') + '.iso', 'cd') },
  'baremetal-x86_64 (disk)': { cmd: baremetalCommand({ arch: 'x86_64', plat: 'baremetal', image: image('baremetal'), settings, args: [] }, 'qemu-system-x86_64', image('baremetal') + '.disk', 'disk') },
};
const baremetalOk = (r) => r.code === 0 && /^baremetal: halt, status 0$/m.test(r.out);

const results = {};
for (const [name, { cmd, ok = baremetalOk }] of Object.entries(runs)) results[name] = await bootTimes(name, cmd, ok, REPS);

const size = (p) => statSync(p).size;
const sizes = {
  kvm: size(image('kvm')),
  baremetal: size(image('baremetal')),
  iso: size(image('baremetal') + '.iso'),
  disk: size(image('baremetal') + '.disk'),
};

console.log(`helloworld, x86_64, QEMU TCG, median of ${REPS} boots each (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)`);
printTable(
  ['image', 'size', 'first instruction -> main() (guest clock)', 'QEMU launch -> exit'],
  Object.entries(results).map(([name, r]) => [
    name,
    `${fmt(name.startsWith('kvm') ? sizes.kvm : sizes.baremetal)} B`,
    `${fmt(r.mainUs, 1)} us (min ${fmt(r.mainUsMin, 1)})`,
    `${fmt(r.launchMs)} ms`,
  ]),
);
const k = results['kvm-x86_64 (-M pc -kernel)'];
const cd = results['baremetal-x86_64 (CD)'];
console.log(`\nboot media: CD ${fmt(sizes.iso)} B, raw disk ${fmt(sizes.disk)} B (GRUB and its modules, the FAT partition)`);
console.log(
  `baremetal / kvm: image ${(sizes.baremetal / sizes.kvm).toFixed(2)}x, first instruction -> main() ${(cd.mainUs / k.mainUs).toFixed(2)}x, launch -> exit ${(cd.launchMs / k.launchMs).toFixed(2)}x (BIOS and GRUB)`,
);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ reps: REPS, loadavg: loadavg()[0], sizes, results }, null, 2) + '\n');
