#!/usr/bin/env node
// Block-device figures for examples/blkdev (virtio-blk behind ukblkdev):
// per machine (x86_64 pc: virtio-pci; x86_64 microvm and arm64 virt:
// virtio-mmio) the image size, the guest's boot time to main() with and
// without a disk attached (the PCI scan, the transport and the driver
// probe are the difference), and the guest's sequential read rate over a
// 32 MiB raw disk in 64 KiB requests, beside the host reading the same
// file (page cache, 64 KiB reads) in the same run.
//
//   npm run build && node bench/blkdev.mjs [--reps N]
//
// Everything runs under QEMU TCG with the commands `ukconfig run` uses.
import { openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildExample, guestModule, scratchDir } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const args = process.argv.slice(2);
const REPS = Number(args.includes('--reps') ? args[args.indexOf('--reps') + 1] : '7');
const DISK_MIB = 32;

const { guestCommand } = await guestModule();
const scratch = scratchDir('bench-blkdev');
const disk = join(scratch, 'disk.img');
writeFileSync(disk, randomBytes(DISK_MIB << 20));

/** Host exit code of main() returning 0. */
const SUCCESS = { x86_64: 3, arm64: 0 };

const MACHINES = [
  { arch: 'x86_64', machine: 'pc' },
  { arch: 'x86_64', machine: 'microvm' },
  { arch: 'arm64', machine: 'virt' },
];

/** The host's rate reading the disk file: MB/s (10^6 bytes per second). */
function hostRate() {
  const buf = Buffer.alloc(64 << 10);
  const fd = openSync(disk, 'r');
  const started = performance.now();
  let total = 0;
  for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) total += n;
  const ms = performance.now() - started;
  closeSync(fd);
  return total / 1e6 / (ms / 1000);
}

/** The guest's output; without a disk main() returns 2 (no block device), which `anyStatus` accepts. */
async function run(cmd, arch, anyStatus = false) {
  const r = await timed(cmd.file, cmd.args, 120_000);
  if (!anyStatus && r.code !== SUCCESS[arch]) throw new Error(`${cmd.file} ${cmd.args.join(' ')} failed (${r.code}):\n${r.out}`);
  return r.out;
}

// One warm-up read (JIT, page cache), then the median of five.
hostRate();
const host = median([hostRate(), hostRate(), hostRate(), hostRate(), hostRate()]);

const rows = [];
const built = {};
for (const { arch, machine } of MACHINES) {
  built[arch] ??= buildExample(scratch, 'blkdev', arch, `kvm-${arch}`, ['CONFIG_UKBOOT_SHOW_TIME=y']);
  const image = join(built[arch], 'build', `blkdev_kvm-${arch}`);
  // timer: microvm gets its PIT, against which the TSC's rate is measured (TCG reports none).
  const settings = { debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch === 'arm64', virtioBlk: true, timer: true };
  const spec = (extra) => ({ arch, plat: 'kvm', image, settings, machine, memory: '64M', args: ['--', 'info'], ...extra });
  const boot = async (extra) => {
    const us = [];
    for (let i = 0; i < REPS; i++) {
      const out = await run(guestCommand(spec(extra)), arch, true);
      const m = /^boot: ([\d.]+) us to main/m.exec(out);
      if (!m) throw new Error(`no boot time in:\n${out}`);
      us.push(Number(m[1]));
    }
    return median(us);
  };
  const bare = await boot({});
  const withDisk = await boot({ disk });
  const rates = [];
  for (let i = 0; i < 3; i++) {
    const out = await run(guestCommand(spec({ disk, args: ['--', 'bench', String(DISK_MIB)] })), arch);
    const m = /^bench: .*: (\d+) MB\/s$/m.exec(out);
    if (m) rates.push(Number(m[1]));
  }
  const guest = rates.length ? median(rates) : NaN;
  rows.push([
    `kvm-${arch} ${machine}`,
    fmt(statSync(image).size),
    fmt(bare),
    fmt(withDisk),
    Number.isNaN(guest) ? 'n/a (no clock rate)' : fmt(guest),
    fmt(host),
    Number.isNaN(guest) ? '' : fmt(guest / host, 2),
  ]);
}

printTable(['image', 'bytes', 'boot us (no disk)', 'boot us (disk)', 'guest read MB/s', 'host read MB/s', 'guest/host'], rows);
console.log(`\nmedians of ${REPS} boots and 3 reads of ${DISK_MIB} MiB; QEMU TCG, -m 64M`);
