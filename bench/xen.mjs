#!/usr/bin/env node
// examples/helloworld on xen-arm64 beside kvm-arm64: stripped image size,
// and the guest's own clock (the generic timer) from its first instruction
// to main(); for xen also from the domain's creation to main(). Xen sets a
// domain's virtual counter offset when it creates the domain, so the
// image's entry stamp counts from creation (the platform prints it:
// "entered N us after the domain was created").
//
//   npm run build && node bench/xen.mjs [--reps N] [--json FILE]
//
// Everything runs under QEMU TCG, Xen 4.17 (Debian's) with one 16 MiB
// domU, booted by `ukconfig run` as a user would. The reference figures
// are the Unikraft paper's Xen ones (EuroSys '21, fig. 10-11): Unikraft
// on Xen boots in a few ms, a Linux PV guest in hundreds of ms; both on
// hardware virtualization, while here every instruction is emulated.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Number(opt('--reps', '5'));
const JSON_OUT = opt('--json', null);
const PAPER = { unikraftXenMs: 'a few ms', linuxPvMs: 'hundreds of ms' };

const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-xen-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const app = join(scratch, 'helloworld');
cpSync(join(ROOT, 'examples', 'helloworld'), app, { recursive: true, filter: (s) => !/\/(build|\.config(\.old)?)$/.test(s) });
// One configuration, both arm64 VM platforms: one build makes both images.
writeFileSync(join(app, 'defconfigs', 'bench'), 'CONFIG_ARCH_ARM64=y\nCONFIG_PLAT_KVM=y\nCONFIG_PLAT_XEN=y\nCONFIG_UKBOOT_SHOW_TIME=y\nCONFIG_UK_NAME="helloworld"\n');
for (const step of [['apply', 'defconfigs/bench'], ['build']]) execFileSync(process.execPath, [BIN, '-C', app, ...step], { stdio: 'ignore' });

// Quiet boots give the first instruction -> main() figure; boots with
// ukdebug.level=4 print the creation -> entry one (the messages come after
// the entry stamp, but would slow the way to main(): xen's console traps
// to Xen twice a byte).
function boot(plat, verbose) {
  const guestArgs = verbose ? ['ukdebug.level=4', '--'] : [];
  const r = spawnSync(process.execPath, [BIN, '-C', app, 'run', '--plat', plat, '--timeout', '120', '--', ...guestArgs], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  const out = String(r.stdout).replace(/\r/g, '');
  const main = /^boot: (\d+\.\d) us to main/m.exec(out);
  const created = /\[xen\] entered (\d+) us after the domain was created$/m.exec(out);
  if (r.status !== 0 || !main || (verbose && !created)) throw new Error(`${plat}: no boot figure (status ${r.status}):\n${out}${r.stderr}`);
  return verbose ? Number(created[1]) : Number(main[1]);
}

const rows = {};
for (const plat of ['kvm', 'xen']) {
  const entryToMainUs = median(Array.from({ length: REPS }, () => boot(plat, false)));
  const createdToEntryUs = plat === 'xen' ? median(Array.from({ length: REPS }, () => boot(plat, true))) : null;
  rows[plat] = {
    imageBytes: statSync(join(app, 'build', `helloworld_${plat}-arm64`)).size,
    entryToMainUs,
    createdToEntryUs,
    createdToMainUs: createdToEntryUs === null ? null : createdToEntryUs + entryToMainUs,
  };
}

const ms = (us) => (us / 1000).toFixed(2) + ' ms';
console.log(`helloworld, arm64, QEMU TCG, median of ${REPS} boots each (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)\n`);
console.log('| pair | image | first instruction -> main() | domain created -> main() |');
console.log('| --- | --- | --- | --- |');
for (const [plat, r] of Object.entries(rows)) {
  console.log(
    `| ${plat}-arm64 | ${r.imageBytes.toLocaleString('en')} B | ${ms(r.entryToMainUs)} | ${r.createdToMainUs === null ? '-' : `${ms(r.createdToMainUs)} (to entry ${ms(r.createdToEntryUs)})`} |`,
  );
}
const x = rows.xen;
const k = rows.kvm;
console.log(`\nxen / kvm: image ${(x.imageBytes / k.imageBytes).toFixed(2)}x, first instruction -> main() ${(x.entryToMainUs / k.entryToMainUs).toFixed(2)}x`);
console.log(
  `paper (hardware virtualization): Unikraft on Xen ${PAPER.unikraftXenMs}, Linux PV guest ${PAPER.linuxPvMs}; here (all emulated): ${ms(x.createdToMainUs)} from creation, most of it Xen finishing its own boot before it unpauses the domain`,
);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ reps: REPS, loadavg: loadavg()[0], rows, paper: PAPER }, null, 2) + '\n');
