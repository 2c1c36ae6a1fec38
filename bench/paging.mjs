#!/usr/bin/env node
// Memory protection (issue 17, PAGING): what the page tables cost at boot.
// For examples/helloworld on kvm-x86_64 (-M pc) and kvm-arm64 (-M virt),
// with and without PAGING:
//   - the stripped image;
//   - the guest's own first-instruction-to-main() time under QEMU TCG, with
//     a small guest (2 MiB / 8 MiB) and a 1 GiB one (a table whose build
//     grew with memory would show here), median and minimum of N boots,
//     interleaved;
//   - with PAGING, the time the boot code spends building the page table
//     and turning paging on (the guest prints it at ukdebug.level=4, in
//     ticks; the boot line gives their frequency),
// beside Unikraft's page-table figures (static 1 GiB table 29 us, tables
// built at boot 46 us for 32 MiB to 114 us for 3 GiB; KVM, from its
// paper's data, /work/shared/reference/anchors.md) and the target: x86_64
// helloworld with paging under 1 ms to main().
//
//   npm run build && node bench/paging.mjs [--reps N] [--json FILE]
//
// Builds go through the real `ukconfig` command; guests are started with
// the very command `ukconfig run` uses.
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { buildExample, guestModule, scratchDir } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/paging.mjs [--reps N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '11' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
if (!(REPS >= 1)) {
  console.error(`--reps takes a positive number\n${USAGE}`);
  process.exit(2);
}

const { guestCommand } = await guestModule();

const TARGET_X86_BOOT_US = 1000;
const UNIKRAFT = { staticUs: 29, dynamicUs: [46, 114] };

const IMAGES = [
  { arch: 'x86_64', paging: false, defconfig: 'kvm-x86_64', memory: ['2M', '1G'] },
  { arch: 'x86_64', paging: true, defconfig: 'kvm-paging-x86_64', memory: ['2M', '1G'] },
  { arch: 'arm64', paging: false, defconfig: 'kvm-arm64', memory: ['8M', '1G'] },
  { arch: 'arm64', paging: true, defconfig: 'kvm-paging-arm64', memory: ['8M', '1G'] },
];
/** Host exit code of main() returning 0: isa-debug-exit on x86_64, semihosting on arm64. */
const SUCCESS = { x86_64: 3, arm64: 0 };

const scratch = scratchDir('bench-paging');

function build(image) {
  const app = buildExample(scratch, 'helloworld', image.defconfig, image.defconfig);
  return join(app, 'build', `helloworld_kvm-${image.arch}`);
}

function command(image, memory, args) {
  const settings = { debugExitPort: image.arch === 'x86_64' ? '0xf4' : null, semihosting: image.arch === 'arm64' };
  return guestCommand({ arch: image.arch, plat: 'kvm', image: image.file, settings, memory, args });
}

async function boot(image, memory, args = []) {
  const cmd = command(image, memory, args);
  const r = await timed(cmd.file, cmd.args);
  const m = /^boot: ([\d.]+) us to main \((\d+) ticks at (\d+) kHz/m.exec(r.out);
  if (r.code !== SUCCESS[image.arch] || !m) throw new Error(`${image.defconfig} -m ${memory} did not boot (exit ${r.code}):\n${r.out}`);
  return { us: Number(m[1]), kHz: Number(m[3]), out: r.out };
}

console.log(`ukconfig paging benchmark: examples/helloworld, QEMU TCG, ${availableParallelism()} cores, ${REPS} boots per figure`);
for (const image of IMAGES) {
  image.file = build(image);
  image.bytes = statSync(image.file).size;
  image.boots = Object.fromEntries(image.memory.map((m) => [m, []]));
  image.tableUs = [];
}
for (let i = 0; i < REPS; i++) {
  for (const image of IMAGES) for (const m of image.memory) image.boots[m].push((await boot(image, m)).us);
}
// The table's cost, from the guest's own count of ticks (a run that prints, apart from the timed ones).
for (const image of IMAGES.filter((i) => i.paging)) {
  for (let i = 0; i < Math.max(3, Math.ceil(REPS / 3)); i++) {
    const r = await boot(image, image.memory[0], ['ukdebug.level=4', '--']);
    const t = /boot page table built in (\d+) ticks/.exec(r.out);
    if (!t) throw new Error(`${image.defconfig}: no page-table figure at ukdebug.level=4:\n${r.out}`);
    image.tableUs.push((Number(t[1]) * 1000) / r.kHz);
  }
}

// ---- report -----------------------------------------------------------------------------------
const results = { reps: REPS, unikraft: UNIKRAFT, targetX86BootUs: TARGET_X86_BOOT_US, images: [] };
for (const image of IMAGES) {
  const boots = Object.fromEntries(image.memory.map((m) => [m, { median: median(image.boots[m]), min: Math.min(...image.boots[m]) }]));
  results.images.push({ arch: image.arch, paging: image.paging, bytes: image.bytes, boots, tableUs: image.paging ? median(image.tableUs) : null });
}
printTable(
  ['helloworld', 'PAGING', 'stripped image', 'boot, small guest (median, min)', 'boot, -m 1G (median, min)', 'page table built + loaded'],
  results.images.map((r, i) => {
    const [small, big] = IMAGES[i].memory;
    return [
      `kvm-${r.arch}`,
      r.paging ? 'y' : 'n',
      `${fmt(r.bytes)} B`,
      `-m ${small}: ${fmt(r.boots[small].median, 1)} us (${fmt(r.boots[small].min, 1)})`,
      `${fmt(r.boots[big].median, 1)} us (${fmt(r.boots[big].min, 1)})`,
      r.paging ? `${fmt(r.tableUs, 1)} us` : '',
    ];
  }),
);
for (const arch of ['x86_64', 'arm64']) {
  const [off, on] = ['n', 'y'].map((p) => results.images.find((r) => r.arch === arch && (r.paging ? 'y' : 'n') === p));
  const small = IMAGES.find((i) => i.arch === arch).memory[0];
  const d = on.boots[small].median - off.boots[small].median;
  console.log(`${arch}: PAGING adds ${fmt(d, 1)} us to main() (-m ${small}, medians), ratio ${(on.boots[small].median / off.boots[small].median).toFixed(3)}`);
}
const x86 = results.images.find((r) => r.arch === 'x86_64' && r.paging);
console.log(
  `x86_64 helloworld with PAGING, -m 2M: ${fmt(x86.boots['2M'].median, 1)} us to main(), target <= ${fmt(TARGET_X86_BOOT_US)} us: ` +
    `${x86.boots['2M'].median <= TARGET_X86_BOOT_US ? 'meets target' : 'MISSES target'}`,
);
console.log(
  `page tables at boot: x86_64 ${fmt(x86.tableUs, 1)} us, arm64 ${fmt(results.images.find((r) => r.arch === 'arm64' && r.paging).tableUs, 1)} us ` +
    `(TCG); Unikraft (KVM): static 1 GiB ${UNIKRAFT.staticUs} us, built at boot ${UNIKRAFT.dynamicUs[0]}-${UNIKRAFT.dynamicUs[1]} us`,
);
console.log('\nUnder TCG most of a boot is QEMU translating code the first time it runs: compare rows of one run.');
console.log('The x86_64 table figure includes the 4 GiB of 2 MiB pages the boot code maps without PAGING too.');
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
