#!/usr/bin/env node
// The allocator back-ends side by side (issue 17): for each of region,
// buddy, TLSF and TLSF with a region allocator for boot,
//   - examples/helloworld on kvm-x86_64: stripped image size and the
//     guest's own first-instruction-to-main() time, with 2 MiB and 1 GiB of
//     guest memory (an allocator whose set-up grows with memory shows here);
//   - examples/allocbench in bench mode: operations per second on
//     linuxu-x86_64 (a native process) and on kvm-x86_64 (QEMU TCG), beside
//     the same workload built as a Linux process over glibc's malloc in the
//     same run, and the ratios.
//
//   npm run build && node bench/allocators.mjs [--reps N] [--ops N] [--json FILE]
//
// Builds go through the real `ukconfig` command; guests are started with
// the very command `ukconfig run` uses. Runs are interleaved across the
// allocators so that noise on a shared machine hits them alike: compare
// medians and ratios.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { buildExample, guestModule, ROOT, scratchDir } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/allocators.mjs [--reps N] [--ops N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '11' }, ops: { type: 'string', default: '200000' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
const OPS = Number(opts.ops);
if (!(REPS >= 1) || !(OPS >= 1 && OPS <= 1e9)) {
  console.error(`--reps and --ops take positive numbers (--ops at most 10^9)\n${USAGE}`);
  process.exit(2);
}
const THROUGHPUT_REPS = Math.max(3, Math.ceil(REPS / 2));

const { guestCommand } = await guestModule();

// Targets (issue 17) and anchors (/work/shared/reference/anchors.md: Unikraft nginx under KVM).
const TARGET = { defaultImageBytes: 32 * 1024, regionBootUs: 1000 };
const UNIKRAFT_NGINX_BOOT_US = { region: 488, tlsf: 508, buddy: 3066 };

const ALLOCATORS = [
  { key: 'region', label: 'region', config: ['CONFIG_UKALLOC_HEAP_REGION=y'], allocbench: 'region-x86_64' },
  { key: 'buddy', label: 'buddy', config: ['CONFIG_UKALLOC_HEAP_BUDDY=y'], allocbench: 'buddy-x86_64' },
  { key: 'tlsf', label: 'TLSF', config: ['CONFIG_UKALLOC_HEAP_TLSF=y'], allocbench: 'tlsf-x86_64' },
  {
    key: 'tlsf+region',
    label: 'TLSF, region at boot',
    config: ['CONFIG_UKALLOC_HEAP_TLSF=y', 'CONFIG_UKALLOC_BOOT_REGION=y'],
    allocbench: 'tlsf-bootregion-x86_64',
  },
];

const scratch = scratchDir('bench-alloc');
const build = (example, tag, defconfig, lines) => buildExample(scratch, example, tag, defconfig, lines);

/** text + data of an ELF (binutils size): what the page-rounded stripped size hides. */
function loadedBytes(elf) {
  const [text, data] = execFileSync('size', [elf], { encoding: 'utf8' }).split('\n')[1].trim().split(/\s+/).map(Number);
  return text + data;
}

const settings = { debugExitPort: '0xf4', semihosting: false };
const kvm = (image, args, memory) => guestCommand({ arch: 'x86_64', plat: 'kvm', image, settings, args, memory });
/** isa-debug-exit: main's status 0 comes out as 3. */
const KVM_OK = 3;

function parse(re, r, what) {
  const m = re.exec(r.out);
  if (!m) throw new Error(`${what}: no match for ${re} (exit ${r.code}):\n${r.out}`);
  return Number(m[1]);
}

console.log(`ukconfig allocator benchmark: ${availableParallelism()} cores, QEMU TCG, ${REPS} boots per figure, ${THROUGHPUT_REPS} x ${OPS} operations`);
const results = { reps: REPS, ops: OPS, helloworld: {}, throughput: {} };

// ---- helloworld: image size and boot time -------------------------------------------------
const hello = {};
for (const a of ALLOCATORS) {
  const app = build('helloworld', `hello-${a.key}`, 'kvm-x86_64', a.config);
  const image = join(app, 'build', 'helloworld_kvm-x86_64');
  hello[a.key] = { image, imageBytes: statSync(image).size, loadedBytes: loadedBytes(image + '.dbg'), boot2M: [], boot1G: [] };
}
{
  // The defaults (no fragment) must be the region allocator's image.
  const app = build('helloworld', 'hello-default', 'kvm-x86_64', []);
  results.defaultImageBytes = statSync(join(app, 'build', 'helloworld_kvm-x86_64')).size;
}
for (let i = 0; i < REPS; i++) {
  for (const a of ALLOCATORS) {
    for (const [mem, key] of [['2M', 'boot2M'], ['1G', 'boot1G']]) {
      const cmd = kvm(hello[a.key].image, [], mem);
      const r = await timed(cmd.file, cmd.args);
      if (r.code !== KVM_OK) throw new Error(`helloworld (${a.label}, -m ${mem}) exited with ${r.code}:\n${r.out}`);
      hello[a.key][key].push(parse(/^boot: ([\d.]+) us to main/m, r, 'helloworld'));
    }
  }
}
for (const a of ALLOCATORS) {
  const h = hello[a.key];
  results.helloworld[a.key] = {
    imageBytes: h.imageBytes,
    loadedBytes: h.loadedBytes,
    bootUs2M: median(h.boot2M),
    bootUs2MMin: Math.min(...h.boot2M),
    bootUs1G: median(h.boot1G),
    bootUs1GMin: Math.min(...h.boot1G),
  };
}

// ---- allocbench: operations per second ---------------------------------------------------------
// 1 GiB for every allocator: the region allocator keeps what it is not given back last.
const heap1G = 'CONFIG_LINUXU_HEAP_SIZE_KB=1048576';
const bench = {};
for (const a of ALLOCATORS) {
  const app = build('allocbench', `bench-${a.key}`, a.allocbench, [heap1G]);
  bench[a.key] = { app, linuxu: [], kvm: [] };
}
const host = join(scratch, 'allocbench-host');
execFileSync('make', ['-s', '-f', join(ROOT, 'examples', 'allocbench', 'host.mk'), `OUT=${host}`], { stdio: ['ignore', 'ignore', 'inherit'] });
// The workload's length is the user's: a guest gets minutes, not the default 30 s.
const LONG_MS = 600_000;
const glibc = [];
const benchArgs = ['bench', String(OPS), '1'];
const opsPerS = /^bench: \d+ operations in \d+ us: (\d+) ops\/s$/m;
for (let i = 0; i < THROUGHPUT_REPS; i++) {
  const g = await timed(host, benchArgs, LONG_MS);
  if (g.code !== 0) throw new Error(`glibc run failed:\n${g.out}`);
  glibc.push(parse(opsPerS, g, 'glibc'));
  for (const a of ALLOCATORS) {
    const b = bench[a.key];
    const l = await timed(join(b.app, 'build', 'allocbench_linuxu-x86_64'), benchArgs, LONG_MS);
    if (l.code !== 0) throw new Error(`allocbench linuxu (${a.label}) exited with ${l.code}:\n${l.out}`);
    b.linuxu.push(parse(opsPerS, l, `linuxu ${a.label}`));
    const cmd = kvm(join(b.app, 'build', 'allocbench_kvm-x86_64'), ['--', ...benchArgs], '1G');
    const k = await timed(cmd.file, cmd.args, LONG_MS);
    if (k.code !== KVM_OK) throw new Error(`allocbench kvm (${a.label}) exited with ${k.code}:\n${k.out}`);
    b.kvm.push(parse(opsPerS, k, `kvm ${a.label}`));
  }
}
results.throughput.glibc = median(glibc);
for (const a of ALLOCATORS) {
  results.throughput[a.key] = { linuxu: median(bench[a.key].linuxu), kvm: median(bench[a.key].kvm) };
}

// ---- report ------------------------------------------------------------------------------------------
printTable(
  ['helloworld kvm-x86_64', 'stripped image', 'text + data', 'boot, -m 2M (median, min)', 'boot, -m 1G (median, min)', 'Unikraft nginx boot (KVM)'],
  ALLOCATORS.map((a) => {
    const h = results.helloworld[a.key];
    return [
      a.label,
      `${fmt(h.imageBytes)} B`,
      `${fmt(h.loadedBytes)} B`,
      `${fmt(h.bootUs2M, 1)} us (${fmt(h.bootUs2MMin, 1)})`,
      `${fmt(h.bootUs1G, 1)} us (${fmt(h.bootUs1GMin, 1)})`,
      UNIKRAFT_NGINX_BOOT_US[a.key] ? `${fmt(UNIKRAFT_NGINX_BOOT_US[a.key])} us` : '',
    ];
  }),
);
const region = results.helloworld.region;
console.log(
  `\ndefaults (region): ${fmt(results.defaultImageBytes)} B stripped, target <= ${fmt(TARGET.defaultImageBytes)} B: ` +
    `${results.defaultImageBytes <= TARGET.defaultImageBytes ? 'meets target' : 'MISSES target'}` +
    (results.defaultImageBytes === region.imageBytes ? '' : ` (differs from the region build: ${fmt(region.imageBytes)} B)`),
);
console.log(
  `region boot to main(), -m 2M: ${fmt(region.bootUs2M, 1)} us, target <= ${fmt(TARGET.regionBootUs)} us: ` +
    `${region.bootUs2M <= TARGET.regionBootUs ? 'meets target' : 'MISSES target'}`,
);

const g = results.throughput.glibc;
printTable(
  [`allocbench, ${fmt(OPS)} operations`, 'linuxu-x86_64 (native)', '/ glibc', 'kvm-x86_64 (TCG)', '/ glibc'],
  [
    ['glibc malloc, Linux process', `${fmt(g)} ops/s`, '1.000', '', ''],
    ...ALLOCATORS.map((a) => {
      const t = results.throughput[a.key];
      return [a.label, `${fmt(t.linuxu)} ops/s`, (t.linuxu / g).toFixed(3), `${fmt(t.kvm)} ops/s`, (t.kvm / g).toFixed(3)];
    }),
  ],
);
console.log('\nOperations are allocator calls of the workload (examples/allocbench/README.md), timed with its');
console.log('bookkeeping; kvm guests run under TCG, so their ratio to a native process measures the emulator too.');
console.log('Unikraft figures from /work/shared/reference/anchors.md (nginx under KVM, another machine).');
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
