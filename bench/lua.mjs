#!/usr/bin/env node
// examples/lua against the same Lua on the host, in the same run: a fixed
// CPU workload (bench/lua/cpu.lua) run by
//   - the linuxu-x86_64 image (Lua 5.4 from Debian's lua5.4 source, musl,
//     system calls as function calls), the script from its initrd;
//   - the same Lua sources built by the host's gcc against glibc, with the
//     same switches (luaconf-uk.h) and -O2, as the image's Lua;
//   - the host's own lua5.4 (Debian's binary, with readline);
// interleaved, REPS times each: median wall and CPU time (GNU time's user
// + system) and their ratio to the glibc build. Then the kvm-x86_64
// image: its stripped size and the guest-measured time from its first
// instruction to main() (-M pc, TCG), median of REPS boots.
//
//   npm run build && node bench/lua.mjs [--reps N]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { luaBuild } from './lib/app-sources.mjs';
import { benchOptions } from './lib/args.mjs';
import { configureExample, guestModule, ROOT, scratchDir, ukconfig } from './lib/examples.mjs';
import { HAVE_GNU_TIME, measure, median, rssPath, timed } from './lib/measure.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/lua.mjs [--reps N]';
const REPS = Number(benchOptions(USAGE, { reps: { type: 'string', default: '5' } }).reps);
if (!(REPS >= 1)) {
  console.error(`--reps takes a positive number\n${USAGE}`);
  process.exit(2);
}

const { guestCommand } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-lua');

// ---- the image: linuxu and kvm x86_64 from one configuration, boot time shown -------
const app = configureExample(scratch, 'lua', 'lua', 'kvm+linuxu-x86_64', ['CONFIG_UKBOOT_SHOW_TIME=y']);
ukconfig(app, 'build');
const linuxuImage = join(app, 'build', 'lua_linuxu-x86_64');
const kvmImage = join(app, 'build', 'lua_kvm-x86_64');

// The initrd: the workload at its root.
const rootfs = join(scratch, 'rootfs');
mkdirSync(rootfs);
cpSync(join(ROOT, 'bench', 'lua', 'cpu.lua'), join(rootfs, 'cpu.lua'));
const initrd = join(scratch, 'rootfs.cpio');
writeFileSync(initrd, packFolder(rootfs));

// ---- the same sources against glibc: the files the image compiled, its switches -----
const glibcLua = join(scratch, 'lua-glibc');
{
  const { flags, sources } = luaBuild(app, 'linuxu-x86_64');
  execFileSync('gcc', [...flags, '-o', glibcLua, ...sources, '-lm'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const script = join(rootfs, 'cpu.lua');
const runs = [
  { name: 'examples/lua, linuxu-x86_64 (musl)', cmd: guestCommand({ arch: 'x86_64', plat: 'linuxu', image: linuxuImage, settings: {}, initrd, args: ['/cpu.lua'] }) },
  { name: 'same Lua sources, gcc -O2, glibc', cmd: { file: glibcLua, args: [script] } },
  { name: "host's lua5.4 (Debian)", cmd: { file: 'lua5.4', args: [script] } },
];

console.log(`examples/lua benchmark: bench/lua/cpu.lua, ${availableParallelism()} cores, ${REPS} runs each, interleaved`);
if (!HAVE_GNU_TIME) console.log('(no /usr/bin/time: CPU times are not measured)');

// Every build must compute the same results: the workload is the same program.
const outputs = new Set();
for (const r of runs) {
  const t = await timed(r.cmd.file, r.cmd.args, 300_000);
  if (t.code !== 0) throw new Error(`${r.name} failed (${t.code}):\n${t.out}`);
  outputs.add(t.out.split('\n').filter((l) => !/^(boot|Info|Warn): /.test(l)).join('\n'));
}
if (outputs.size !== 1) throw new Error(`the builds disagree on the results:\n${[...outputs].join('\n---\n')}`);

const samples = runs.map(() => []);
for (let i = 0; i < REPS; i++) {
  for (const [k, r] of runs.entries()) {
    const m = await measure([r.cmd.file, ...r.cmd.args], { cwd: scratch, env: process.env, rssFile: rssPath(scratch, `lua${k}`) });
    if (m.code !== 0) throw new Error(`${r.name} failed (${m.code}): ${m.stderr}`);
    samples[k].push(m);
  }
}
const wall = samples.map((s) => median(s.map((m) => m.wallMs)));
const cpu = samples.map((s) => median(s.map((m) => m.cpuMs)));
const rss = samples.map((s) => Math.max(...s.map((m) => m.rssKb ?? 0)));
printTable(
  ['run', 'wall (median)', 'CPU (median)', 'CPU / glibc build', 'peak RSS'],
  runs.map((r, k) => [r.name, `${fmt(wall[k])} ms`, `${fmt(cpu[k])} ms`, (cpu[k] / cpu[1]).toFixed(3), `${fmt(rss[k])} KiB`]),
);

// ---- kvm-x86_64: image size and first instruction to main() ----------------------------
{
  const cmd = guestCommand({ arch: 'x86_64', plat: 'kvm', image: kvmImage, settings: { debugExitPort: '0xf4', semihosting: false }, memory: '64M', args: ['-v'] });
  const us = [];
  for (let i = 0; i < REPS; i++) {
    const r = await timed(cmd.file, cmd.args);
    const m = /^boot: ([\d.]+) us to main/m.exec(r.out);
    // isa-debug-exit: main()'s 0 is QEMU's 3.
    if (r.code !== 3 || !m || !/^Lua 5\.4\.4/m.test(r.out)) throw new Error(`the kvm image did not run (code ${r.code}):\n${r.out}`);
    us.push(Number(m[1]));
  }
  console.log('');
  printTable(
    ['kvm-x86_64 image', 'figure', 'anchor'],
    [
      ['stripped image', `${fmt(statSync(kvmImage).size)} B`, "Unikraft's SQLite/nginx images: 1-2 MB; our helloworld ~21 KB"],
      ['first instruction to main(), -M pc, TCG (guest clock, median)', `${fmt(median(us), 1)} us (min ${fmt(Math.min(...us), 1)})`, ''],
    ],
  );
}
