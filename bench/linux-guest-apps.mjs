#!/usr/bin/env node
// examples/lua and examples/sqlite as kvm-x86_64 unikernels beside the same
// programs in a minimal Linux guest (bench/lib/linux-guest.mjs: Debian's
// kernel, an initramfs with the program built static by musl-gcc from the
// sources the image compiled, with the image's switches), both booted by
// the same QEMU command (`ukconfig run`'s for kvm-x86_64: -M pc, TCG), the
// same -m and CPU count, interleaved, REPS times each:
//   - Lua: bench/lua/cpu.lua, run by a wrapper that prints a line first;
//     its time is the host's clock between that line and the result line;
//   - SQLite: the SQL workload of bench/sqlite.mjs (bench/lib/sqlite-workload.mjs),
//     a line printed first; inserts per second and milliseconds per query
//     by SQLite's clock (the guest's), and the whole script by the host's.
// Also per guest: QEMU's launch to the program's first line (the boot and
// the program's start), and launch to QEMU's exit. The guests' results
// must agree.
//
//   npm run build && node bench/linux-guest-apps.mjs [--reps N] [--memory SIZE] [--cpus N] [--flavour F]
import { cpSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { luaBuild, sqliteBuild } from './lib/app-sources.mjs';
import { benchOptions } from './lib/args.mjs';
import { configureExample, guestModule, ROOT, scratchDir, ukconfig } from './lib/examples.mjs';
import { buildInitramfs, buildStatic, debianKernel, linuxGuestCommand, linuxGuestStatus } from './lib/linux-guest.mjs';
import { median, timedLines } from './lib/measure.mjs';
import { INSERTS, parseSqliteRun, QUERIES, sqliteWorkload } from './lib/sqlite-workload.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/linux-guest-apps.mjs [--reps N] [--memory SIZE (256M)] [--cpus N (1)] [--flavour cloud-amd64|amd64]';
const opts = benchOptions(USAGE, {
  reps: { type: 'string', default: '3' },
  memory: { type: 'string', default: '256M' },
  cpus: { type: 'string', default: '1' },
  flavour: { type: 'string', default: 'cloud-amd64' },
});
const REPS = Number(opts.reps);
const CPUS = Number(opts.cpus);
if (!(REPS >= 1) || !(CPUS >= 1) || !/^\d+[MG]$/.test(opts.memory)) {
  console.error(`--reps and --cpus take a positive number, --memory a size such as 256M\n${USAGE}`);
  process.exit(2);
}
const MEMORY = opts.memory;

const { guestCommand, decodeExit } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-linux-guest');
const kernel = await debianKernel(opts.flavour);

// The marker each program prints before its workload, and the lines that are not the program's:
// the unikernel's boot messages, Linux's kernel messages (even "quiet" shows the power-off), init's.
const STARTED = 'bench: started';
const NOT_PROGRAM = /^(boot|Info|Warn): |^\[\s*\d+\.\d+\] |^init: /;

// ---- the workloads: one root folder each, packed for the unikernel, copied into the Linux initramfs
const luaRoot = join(scratch, 'lua-root');
mkdirSync(luaRoot);
cpSync(join(ROOT, 'bench', 'lua', 'cpu.lua'), join(luaRoot, 'cpu.lua'));
writeFileSync(join(luaRoot, 'bench.lua'), `io.write("${STARTED}\\n") io.flush()\ndofile("/cpu.lua")\n`);
const sqliteRoot = join(scratch, 'sqlite-root');
mkdirSync(join(sqliteRoot, 'etc'), { recursive: true });
writeFileSync(join(sqliteRoot, 'bench.sql'), `.print ${STARTED}\n${sqliteWorkload()}`);
// The shell's home folder (where it looks for .sqliterc), as in the example's rootfs.
writeFileSync(join(sqliteRoot, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\n');

// ---- the images and the Linux guests' programs, from the same sources and switches ----------
const apps = [
  { name: 'Lua', example: 'lua', root: luaRoot, files: ['cpu.lua', 'bench.lua'], args: ['/bench.lua'], build: (app) => luaBuild(app, 'kvm-x86_64') },
  { name: 'SQLite', example: 'sqlite', root: sqliteRoot, files: ['bench.sql', 'etc/passwd'], args: ['/bench.sqlite', '.read /bench.sql'], build: sqliteBuild },
];
for (const a of apps) {
  const app = configureExample(scratch, a.example, a.example, 'kvm-x86_64');
  ukconfig(app, 'build');
  a.image = join(app, 'build', `${a.example}_kvm-x86_64`);
  const initrd = join(scratch, `${a.example}.cpio`);
  writeFileSync(initrd, packFolder(a.root));
  a.ours = { arch: 'x86_64', plat: 'kvm', image: a.image, settings: { debugExitPort: '0xf4', semihosting: false }, memory: MEMORY, cpus: CPUS, initrd, args: a.args };
  const { flags, sources } = a.build(app);
  a.program = buildStatic(join(scratch, `${a.example}-musl-static`), flags, sources);
  const files = Object.fromEntries([[a.example, a.program], ...a.files.map((f) => [f, join(a.root, f)])]);
  a.initramfs = await buildInitramfs(join(scratch, `${a.example}-linux.cpio`), files, [`/${a.example}`, ...a.args]);
  a.linux = await linuxGuestCommand({ kernel: kernel.vmlinuz, initramfs: a.initramfs, memory: MEMORY, cpus: CPUS });
}

/** One boot: the program's lines (after the marker), when the marker and the last line came, QEMU's time. */
async function boot(a, which) {
  const cmd = which === 'ours' ? guestCommand(a.ours) : a.linux;
  const r = await timedLines(cmd.file, cmd.args, 600_000);
  const status = which === 'ours' ? decodeExit(a.ours, r.code, null).status : r.code === 0 ? linuxGuestStatus(r.out) : null;
  const program = r.lines.filter((l) => !NOT_PROGRAM.test(l.text) && l.text !== '');
  const start = program.findIndex((l) => l.text === STARTED);
  if (status !== 0 || start < 0 || program.length < start + 2) throw new Error(`${a.name} in the ${which === 'ours' ? 'unikernel' : 'Linux guest'} failed (QEMU ${r.code}, status ${status}):\n${r.out}`);
  const after = program.slice(start + 1);
  return { firstMs: program[0].ms, workMs: after[after.length - 1].ms - program[start].ms, qemuMs: r.ms, out: after.map((l) => l.text).join('\n') };
}

console.log(`Unikernel (kvm-x86_64) against a Linux guest: ${kernel.package} ${kernel.version}; QEMU -M pc, TCG, -m ${MEMORY}, -smp ${CPUS}; ${REPS} runs each, interleaved`);
const samples = new Map(apps.flatMap((a) => ['ours', 'linux'].map((w) => [`${a.name}/${w}`, []])));
for (let i = 0; i < REPS; i++) {
  for (const a of apps) {
    for (const which of ['ours', 'linux']) {
      const b = await boot(a, which);
      if (a.example === 'sqlite') Object.assign(b, parseSqliteRun(a.name, b.out, NOT_PROGRAM));
      else b.results = b.out;
      samples.get(`${a.name}/${which}`).push(b);
    }
    const results = new Set(['ours', 'linux'].flatMap((w) => samples.get(`${a.name}/${w}`).map((b) => b.results)));
    if (results.size !== 1) throw new Error(`${a.name}: the guests disagree on the results:\n${[...results].join('\n---\n')}`);
  }
}

const med = (key, f) => median(samples.get(key).map(f));
const rows = [];
const row = (label, a, f, show, lowerIsBetter = true) => {
  const ours = med(`${a.name}/ours`, f);
  const linux = med(`${a.name}/linux`, f);
  rows.push([label, show(ours), show(linux), (ours / linux).toFixed(3) + (lowerIsBetter ? '' : ' (higher is better)')]);
};
const ms = (x) => `${fmt(x, 1)} ms`;
const [lua, sqlite] = apps;
row('Lua cpu.lua (host clock, marker to result)', lua, (b) => b.workMs, ms);
row(`SQLite ${fmt(INSERTS)} inserts, one transaction (SQLite's clock)`, sqlite, (b) => (INSERTS * 1000) / b.insertMs, (x) => `${fmt(Math.round(x))}/s`, false);
row(`SQLite aggregate query, mean of ${QUERIES} (SQLite's clock)`, sqlite, (b) => b.queryMs / QUERIES, ms);
row('SQLite whole script (host clock, marker to last line)', sqlite, (b) => b.workMs, ms);
for (const a of apps) row(`${a.name}: QEMU launch to the program's first line`, a, (b) => b.firstMs, ms);
for (const a of apps) row(`${a.name}: QEMU launch to exit`, a, (b) => b.qemuMs, ms);
printTable(['medians', 'kvm-x86_64 unikernel', 'Linux guest', 'ours / Linux'], rows);

const kib = (f) => `${fmt(statSync(f).size / 1024)} KiB`;
printTable(
  ['what each guest boots', 'kvm-x86_64 unikernel', 'Linux guest'],
  [
    ['guest memory (-m), CPUs', `${MEMORY}, ${CPUS}`, `${MEMORY}, ${CPUS}`],
    ['kernel', `image ${kib(lua.image)} (Lua), ${kib(sqlite.image)} (SQLite)`, `${kernel.package} ${kernel.version}: vmlinuz ${kib(kernel.vmlinuz)}`],
    ['initrd / initramfs', `${kib(lua.ours.initrd)} (Lua), ${kib(sqlite.ours.initrd)} (SQLite)`, `${kib(lua.initramfs)} (Lua), ${kib(sqlite.initramfs)} (SQLite): /init, the static program, the files`],
  ],
);
