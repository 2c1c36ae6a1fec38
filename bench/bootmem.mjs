#!/usr/bin/env node
// Boot time against the guest's memory size: a unikernel's boot must not
// grow with -m. At -m 32M, 256M, 1G and 2G, interleaved, median of N boots:
//   - examples/helloworld on kvm-x86_64 (-M pc) with each heap back-end
//     (region, buddy, TLSF, TLSF with PAGING) and on kvm-arm64 (-M virt,
//     region; TLSF with PAGING): the guest's own first instruction to
//     main(), QEMU's launch to exit, and QEMU's peak resident memory (GNU
//     time's %M: guest RAM is backed only where the guest wrote, so a boot
//     touching all of its memory shows there as well as in time);
//   - examples/nginx (kvm-x86_64, TLSF, PAGING, lwIP in threads; the
//     guest prints its time to main()): QEMU's start to the first answer
//     to GET /, and QEMU's resident memory then (unless --no-nginx).
// For each row the ratio of the figure at the largest -m to the smallest.
//
//   npm run build && node bench/bootmem.mjs [--reps N] [--no-nginx] [--json FILE]
//
// The nginx probe is curl run asynchronously: a probe that blocks the
// event loop stops this process reading QEMU's console, whose pipe (a
// UNIX socket) fills after some 250 one-byte writes, and the guest then
// waits on its serial line (bench/README.md, nginx.mjs).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchOptions } from './lib/args.mjs';
import { buildExample, guestModule, ROOT, scratchDir } from './lib/examples.mjs';
import { bootServer } from './lib/guest-server.mjs';
import { HAVE_GNU_TIME, measure, median, rssPath } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/bootmem.mjs [--reps N] [--no-nginx] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '5' }, 'no-nginx': { type: 'boolean', default: false }, json: { type: 'string' } });
const REPS = Number(opts.reps);
if (!(REPS >= 1)) {
  console.error(`--reps takes a positive number\n${USAGE}`);
  process.exit(2);
}
if (!HAVE_GNU_TIME) {
  console.error('bench/bootmem.mjs needs GNU time (/usr/bin/time, Debian package time) for the resident memory');
  process.exit(1);
}
const SIZES = ['32M', '256M', '1G', '2G'];

const { guestCommand, decodeExit } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-bootmem');

const HELLO = [
  { label: 'kvm-x86_64, region', arch: 'x86_64', defconfig: 'kvm-x86_64', lines: [] },
  { label: 'kvm-x86_64, buddy', arch: 'x86_64', defconfig: 'kvm-x86_64', lines: ['CONFIG_UKALLOC_HEAP_BUDDY=y'] },
  { label: 'kvm-x86_64, TLSF', arch: 'x86_64', defconfig: 'kvm-x86_64', lines: ['CONFIG_UKALLOC_HEAP_TLSF=y'] },
  { label: 'kvm-x86_64, TLSF, PAGING', arch: 'x86_64', defconfig: 'kvm-paging-x86_64', lines: ['CONFIG_UKALLOC_HEAP_TLSF=y'] },
  { label: 'kvm-arm64, region', arch: 'arm64', defconfig: 'kvm-arm64', lines: [] },
  { label: 'kvm-arm64, TLSF, PAGING', arch: 'arm64', defconfig: 'kvm-paging-arm64', lines: ['CONFIG_UKALLOC_HEAP_TLSF=y'] },
];
const settingsOf = (arch) => ({ debugExitPort: arch === 'x86_64' ? '0xf4' : null, semihosting: arch !== 'x86_64' });

console.log(
  `ukconfig boot time against -m: QEMU TCG, ${REPS} boots per figure, interleaved (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs)`,
);
for (const [i, h] of HELLO.entries()) {
  const app = buildExample(scratch, 'helloworld', `hello-${i}`, h.defconfig, h.lines);
  h.image = join(app, 'build', `helloworld_kvm-${h.arch}`);
  h.runs = Object.fromEntries(SIZES.map((m) => [m, { mainUs: [], launchMs: [], rssKiB: [] }]));
}

async function bootHello(h, memory) {
  const spec = { arch: h.arch, plat: 'kvm', image: h.image, settings: settingsOf(h.arch), memory, args: [] };
  const cmd = guestCommand(spec);
  const r = await measure([cmd.file, ...cmd.args], { cwd: scratch, env: process.env, rssFile: rssPath(scratch, 'hello'), keepStdout: true });
  const m = /^boot: ([\d.]+) us to main/m.exec(r.stdout);
  if (decodeExit(spec, r.code, null).status !== 0 || !m) throw new Error(`helloworld ${h.label} -m ${memory} did not boot (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  return { mainUs: Number(m[1]), launchMs: r.wallMs, rssKiB: r.rssKb };
}

for (const h of HELLO) await bootHello(h, SIZES[0]); // the page cache warm
for (let i = 0; i < REPS; i++) {
  for (const h of HELLO) {
    for (const memory of SIZES) {
      const b = await bootHello(h, memory);
      for (const k of Object.keys(b)) h.runs[memory][k].push(b[k]);
    }
  }
}

// ---- nginx -------------------------------------------------------------------------------------
const run = promisify(execFile);

/** Whether GET / on port answers (curl, asynchronous: the console keeps being read meanwhile). */
async function answers(port) {
  try {
    await run('curl', ['-sf', '--max-time', '1', '-o', '/dev/null', `http://127.0.0.1:${port}/`]);
    return true;
  } catch {
    return false;
  }
}

/** QEMU started on the nginx image with -m memory: ms to the first answer, resident KiB then, the guest's us to main(). */
async function firstAnswer(nginx, memory) {
  const commandAt = (net, m) => guestCommand({
    arch: 'x86_64', plat: 'kvm', image: nginx.image, settings: { ...settingsOf('x86_64'), virtioNet: true }, memory: m, initrd: nginx.initrd, args: [], net,
  });
  const g = await bootServer(commandAt, answers, memory, 80);
  if (g.ms === null) throw new Error(`nginx -m ${memory} did not answer:\n${g.console()}`);
  try {
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${g.pid}/status`, 'utf8'));
    const main = /^boot: ([\d.]+) us to main/m.exec(g.console());
    if (!rss || !main) throw new Error(`nginx -m ${memory}: no resident size or boot line:\n${g.console()}`);
    return { answerMs: g.ms, rssKiB: Number(rss[1]), mainUs: Number(main[1]) };
  } finally {
    await g.stop();
  }
}

let nginx = null;
if (!opts['no-nginx']) {
  const app = buildExample(scratch, 'nginx', 'nginx', 'kvm-x86_64', ['CONFIG_UKBOOT_SHOW_TIME=y']);
  nginx = { image: join(app, 'build', 'nginx_kvm-x86_64'), initrd: join(scratch, 'nginx.cpio') };
  writeFileSync(nginx.initrd, packFolder(join(ROOT, 'examples', 'nginx', 'rootfs')));
  nginx.runs = Object.fromEntries(SIZES.map((m) => [m, { answerMs: [], rssKiB: [], mainUs: [] }]));
  await firstAnswer(nginx, SIZES[0]);
  for (let i = 0; i < REPS; i++) {
    for (const memory of SIZES) {
      const b = await firstAnswer(nginx, memory);
      for (const k of Object.keys(b)) nginx.runs[memory][k].push(b[k]);
    }
  }
}

// ---- report ------------------------------------------------------------------------------------
const [small, large] = [SIZES[0], SIZES.at(-1)];
const medians = (runs, key) => Object.fromEntries(SIZES.map((m) => [m, median(runs[m][key])]));
const rows = [];
const results = { reps: REPS, loadavg: loadavg()[0], sizes: SIZES, rows: [] };
function row(name, what, runs, key, unit, digits) {
  const med = medians(runs, key);
  const ratio = med[large] / med[small];
  rows.push([name, what, ...SIZES.map((m) => `${fmt(med[m], digits)} ${unit}`), ratio.toFixed(2)]);
  results.rows.push({ name, what, medians: med, ratio });
}
for (const h of HELLO) {
  row(`helloworld ${h.label}`, 'to main()', h.runs, 'mainUs', 'us', 0);
  row('', 'launch to exit', h.runs, 'launchMs', 'ms', 0);
  row('', 'QEMU peak RSS', h.runs, 'rssKiB', 'KiB', 0);
}
if (nginx) {
  row('nginx kvm-x86_64', 'to main()', nginx.runs, 'mainUs', 'us', 0);
  row('', 'to first answer', nginx.runs, 'answerMs', 'ms', 0);
  row('', 'QEMU RSS then', nginx.runs, 'rssKiB', 'KiB', 0);
}
printTable(['image', 'figure (median)', ...SIZES.map((m) => `-m ${m}`), `${large} / ${small}`], rows);
console.log('\nTo main(): the guest\'s own clock (UKBOOT_SHOW_TIME). Under TCG a boot\'s time is mostly QEMU translating');
console.log('code the first time it runs, which does not depend on -m; a ratio near 1.00 is flat, a boot that');
console.log('wrote all of its memory would add about 2 GiB to the RSS at -m 2G and grow its times with it.');
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
