#!/usr/bin/env node
// Shared-folder figures (lib/9pfs over virtio-9p, `ukconfig run --share`):
// per machine (x86_64 pc: virtio-pci; x86_64 microvm and arm64 virt:
// virtio-mmio) the guest's boot time to main() without and with a shared
// folder (the difference is the transport, the driver's probe and the
// mount: Tversion, Tattach, Tgetattr), and the sequential write and read
// rate of a file of MIB MiB in 1 MiB calls in the shared folder, beside
// the same program (bench/apps/share9p-rate) on the host in the same
// folder in the same run; and the time of one stat() of that file (a
// lookup: Twalk, Tgetattr, Tclunk) in the guest and on the host.
//
//   npm run build && node bench/share9p.mjs [--reps N] [--mib MIB]    (default 5 boots, 64 MiB)
//
// Everything runs under QEMU TCG with the commands `ukconfig run` uses.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { guestModule, ROOT, scratchDir, ukconfig } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const args = process.argv.slice(2);
const option = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const REPS = Number(option('--reps', '5'));
const MIB = Number(option('--mib', '64'));

const { guestCommand } = await guestModule();
const scratch = scratchDir('bench-share9p');
const shared = join(scratch, 'shared');
mkdirSync(shared);
const APP = join(ROOT, 'bench', 'apps', 'share9p-rate');

/** Host exit code of main() returning 0. */
const SUCCESS = { x86_64: 3, arm64: 0 };

const MACHINES = [
  { arch: 'x86_64', machine: 'pc' },
  { arch: 'x86_64', machine: 'microvm' },
  { arch: 'arm64', machine: 'virt' },
];

/** [write MB/s, read MB/s, us per stat()] of one run. */
const rates = (out) => {
  const w = /^rate: write ([\d.]+) MB\/s$/m.exec(out);
  const r = /^rate: read ([\d.]+) MB\/s$/m.exec(out);
  const s = /^rate: stat ([\d.]+) us$/m.exec(out);
  if (!w || !r || !s) throw new Error(`no rates in:\n${out}`);
  return [Number(w[1]), Number(r[1]), Number(s[1])];
};
const medians = (runs) => [0, 1, 2].map((i) => median(runs.map((r) => r[i])));

const hostExe = join(scratch, 'share9p-rate');
execFileSync('gcc', ['-O2', '-o', hostExe, join(APP, 'main.c')]);
// One warm-up run (the file's blocks, the page cache), then the median of three.
execFileSync(hostExe, [shared, String(MIB)]);
const hostRuns = [];
for (let i = 0; i < 3; i++) hostRuns.push(rates(execFileSync(hostExe, [shared, String(MIB)], { encoding: 'utf8' })));
const host = medians(hostRuns);

const built = {};
const rows = [];
for (const { arch, machine } of MACHINES) {
  if (!built[arch]) {
    const app = join(scratch, `app-${arch}`);
    cpSync(APP, app, { recursive: true });
    ukconfig(app, 'apply', `defconfigs/kvm-${arch}`);
    ukconfig(app, 'build');
    built[arch] = join(app, 'build', `share9p-rate_kvm-${arch}`);
  }
  const image = built[arch];
  const settings = { debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch === 'arm64', virtio9p: true, timer: true };
  const spec = (extra) => ({ arch, plat: 'kvm', image, settings, machine, memory: '64M', args: ['--', '/mnt', '0'], ...extra });
  const share = { shares: [{ hostDir: shared, guestPath: '/mnt', readOnly: false }] };
  const boot = async (extra) => {
    const us = [];
    for (let i = 0; i < REPS; i++) {
      const cmd = guestCommand(spec(extra));
      const r = await timed(cmd.file, cmd.args, 120_000);
      const m = /^boot: ([\d.]+) us to main/m.exec(r.out);
      if (!m) throw new Error(`no boot time in:\n${r.out}`);
      us.push(Number(m[1]));
    }
    return median(us);
  };
  const bare = await boot({});
  const withShare = await boot(share);
  const guestRuns = [];
  for (let i = 0; i < 3; i++) {
    const cmd = guestCommand(spec({ ...share, args: ['--', '/mnt', String(MIB)] }));
    const r = await timed(cmd.file, cmd.args, 300_000);
    if (r.code !== SUCCESS[arch]) throw new Error(`${cmd.file} ${cmd.args.join(' ')} failed (${r.code}):\n${r.out}`);
    guestRuns.push(rates(r.out));
  }
  const guest = medians(guestRuns);
  rows.push([
    `kvm-${arch} ${machine}`,
    fmt(statSync(image).size),
    fmt(bare),
    fmt(withShare),
    fmt(guest[0]),
    fmt(guest[1]),
    fmt(host[0]),
    fmt(host[1]),
    fmt(guest[1] / host[1], 3),
    fmt(guest[2], 1),
    fmt(host[2], 1),
  ]);
}

printTable(
  ['image', 'bytes', 'boot us (no share)', 'boot us (share)', 'guest write MB/s', 'guest read MB/s', 'host write MB/s', 'host read MB/s', 'read guest/host', 'guest stat us', 'host stat us'],
  rows,
);
console.log(`\nmedians of ${REPS} boots and 3 runs of ${MIB} MiB in 1 MiB calls; QEMU TCG, -m 64M; the host's figures are the same program in the same folder`);
