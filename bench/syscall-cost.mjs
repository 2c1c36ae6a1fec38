#!/usr/bin/env node
// The cost of a cheap system call (getppid in a loop), all in the same run:
//   - in our linuxu-x86_64 image: a function call through uksyscall's
//     dispatcher (uk_syscall6, what musl's calls use), and the
//     implementation called directly;
//   - the same two in the kvm-x86_64 guest (QEMU TCG);
//   - an unmodified static-PIE Linux program (bench/apps/syscall-cost/
//     getppid-loop.c, gcc and glibc) in the kvm guest through
//     examples/elfloader: each `syscall` instruction taken by the trap
//     entry of uksyscall, with the image's code built without SSE (its
//     default: nothing to save), with SSE (the SSE state saved and
//     restored around each call), and with the scheduler of its threads
//     defconfig (the FS base switched to the image's and back);
//   - the same program as a Linux process on this host.
//
//   npm run build && node bench/syscall-cost.mjs [--reps N] [--calls N] [--json FILE]
//
// Builds go through the real `ukconfig` command; guests are started with
// the very command `ukconfig run` uses. Every figure is the median of the
// runs; the runs are interleaved so that noise on a shared machine hits
// every setting alike.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { buildExample, guestModule, ROOT, runGuestOk, scratchDir, ukconfig } from './lib/examples.mjs';
import { median, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/syscall-cost.mjs [--reps N] [--calls N] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '5' }, calls: { type: 'string', default: '1000000' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
const CALLS = Number(opts.calls);
if (!(REPS >= 1) || !(CALLS >= 1000 && CALLS <= 1e9)) {
  console.error(`--reps takes a positive number, --calls one from 1000 to 10^9\n${USAGE}`);
  process.exit(2);
}

await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-syscall-cost');
const settings = { debugExitPort: '0xf4', semihosting: false, timer: true };

/** Runs an image to its end; its console output. main's status must be 0. */
const run = (plat, image, args, extra = {}) => runGuestOk({ arch: 'x86_64', plat, image, settings, args, ...extra });

/** ns per call of the line `<what>: N calls in T ns: X ns per call`. */
function perCall(out, what, where) {
  const esc = what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^${esc}: (\\d+) calls in (\\d+) ns:`, 'm').exec(out);
  if (!m) throw new Error(`${where}: no "${what}" figure in:\n${out}`);
  return Number(m[2]) / Number(m[1]);
}

// ---- images and the program -----------------------------------------------------------------------
const bench = join(scratch, 'syscall-cost');
cpSync(join(ROOT, 'bench', 'apps', 'syscall-cost'), bench, { recursive: true });
ukconfig(bench, 'apply', 'defconfigs/kvm+linuxu-x86_64');
ukconfig(bench, 'build');
const loaderNoSse = buildExample(scratch, 'elfloader', 'elfloader-nosse', 'kvm-x86_64');
const loaderSse = buildExample(scratch, 'elfloader', 'elfloader-sse', 'kvm-x86_64', ['CONFIG_X86_64_SSE=y']);
const loaderThreads = buildExample(scratch, 'elfloader', 'elfloader-threads', 'kvm-x86_64-threads');

const root = join(scratch, 'rootfs');
mkdirSync(root);
const program = join(root, 'getppid-loop');
execFileSync('gcc', ['-O2', '-static-pie', '-o', program, join(ROOT, 'bench', 'apps', 'syscall-cost', 'getppid-loop.c')]);
const initrd = join(scratch, 'rootfs.cpio');
writeFileSync(initrd, packFolder(root));

const DISPATCH = 'getppid through uk_syscall6';
const DIRECT = 'getppid called directly';
const TRAP = 'getppid through the syscall instruction';
const rows = {
  host: { label: 'Linux process (glibc getppid(), syscall instruction)', ns: [] },
  linuxuDispatch: { label: 'linuxu image: uk_syscall6 (function call)', ns: [] },
  linuxuDirect: { label: 'linuxu image: implementation called directly', ns: [] },
  kvmDispatch: { label: 'kvm guest: uk_syscall6 (function call)', ns: [] },
  kvmDirect: { label: 'kvm guest: implementation called directly', ns: [] },
  kvmTrap: { label: 'kvm guest: Linux program via elfloader (trap entry, no SSE)', ns: [] },
  kvmTrapSse: { label: 'kvm guest: Linux program via elfloader (trap entry, SSE saved)', ns: [] },
  kvmTrapThreads: { label: 'kvm guest: Linux program via elfloader (trap entry, scheduler: FS switched)', ns: [] },
};

console.log(`ukconfig syscall-cost benchmark: ${availableParallelism()} cores, kvm guests under QEMU TCG, ${REPS} runs per figure, ${fmt(CALLS)} calls per run`);
const args = ['--', String(CALLS)];
for (let i = 0; i < REPS; i++) {
  const h = await timed(program, [String(CALLS)], 600_000);
  if (h.code !== 0) throw new Error(`getppid-loop on the host failed:\n${h.out}`);
  rows.host.ns.push(perCall(h.out, TRAP, 'host'));
  const lu = await run('linuxu', join(bench, 'build', 'syscallcost_linuxu-x86_64'), args);
  rows.linuxuDispatch.ns.push(perCall(lu, DISPATCH, 'linuxu'));
  rows.linuxuDirect.ns.push(perCall(lu, DIRECT, 'linuxu'));
  const kvm = await run('kvm', join(bench, 'build', 'syscallcost_kvm-x86_64'), args);
  rows.kvmDispatch.ns.push(perCall(kvm, DISPATCH, 'kvm'));
  rows.kvmDirect.ns.push(perCall(kvm, DIRECT, 'kvm'));
  const loaderArgs = ['--', '/getppid-loop', String(CALLS)];
  const t = await run('kvm', join(loaderNoSse, 'build', 'elfloader_kvm-x86_64'), loaderArgs, { memory: '64M', initrd });
  rows.kvmTrap.ns.push(perCall(t, TRAP, 'elfloader'));
  const s = await run('kvm', join(loaderSse, 'build', 'elfloader_kvm-x86_64'), loaderArgs, { memory: '64M', initrd });
  rows.kvmTrapSse.ns.push(perCall(s, TRAP, 'elfloader with SSE'));
  const th = await run('kvm', join(loaderThreads, 'build', 'elfloader_kvm-x86_64'), loaderArgs, { memory: '64M', initrd });
  rows.kvmTrapThreads.ns.push(perCall(th, TRAP, 'elfloader with a scheduler'));
}

// ---- report ---------------------------------------------------------------------------------------
const results = { reps: REPS, calls: CALLS, nsPerCall: {} };
const host = median(rows.host.ns);
const trap = median(rows.kvmTrap.ns);
printTable(
  ['getppid (median ns per call)', 'ns', '/ Linux process', '/ kvm trap path'],
  Object.entries(rows).map(([key, r]) => {
    const ns = median(r.ns);
    results.nsPerCall[key] = ns;
    return [r.label, fmt(ns, 2), (ns / host).toFixed(3), (ns / trap).toFixed(3)];
  }),
);
console.log('\nThe kvm guests run under QEMU TCG: their figures include the emulator (a guest instruction is');
console.log('several host instructions, and a `syscall` instruction is emulated by a helper), so compare a');
console.log('guest row with the guest rows: the function call against the trap path in the same guest. The');
console.log('linuxu rows run natively beside the Linux process: a function call against a real trap into');
console.log("the host's kernel (whose cost includes this machine's mitigations and, in a VM, the hypervisor).");
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
