#!/usr/bin/env node
// examples/sqlite against the same SQLite on the host, in the same run: a
// fixed SQL workload (written below into a folder) run by
//   - the linuxu-x86_64 image (SQLite 3.40 from Debian's sqlite3 source,
//     musl, system calls as function calls), its database in the ramfs;
//   - the same generated sources (sqlite3.c and shell.c, as the image's
//     build made them) built by the host's gcc against glibc, with the same
//     switches (sqlite-uk.h) and -O2, its database on /dev/shm (tmpfs);
//   - the host's own sqlite3 (Debian's binary), the same database folder;
// interleaved, REPS times each. The workload times itself with SQLite's
// clock (julianday('now'), milliseconds): INSERTS single-row INSERT
// statements in one transaction, then QUERIES runs of an aggregate query
// over them. Printed: inserts per second and milliseconds per query
// (medians, wall time by SQLite's clock, so a busy machine's waits are in
// them), their ratio to the glibc build, and the process's CPU time (GNU
// time's user + system) with its ratio, the figure to compare on a shared
// machine.
// Then the kvm-x86_64 image: its stripped size and the guest-measured time
// from its first instruction to main() (-M pc, TCG), median of REPS boots.
//
//   npm run build && node bench/sqlite.mjs [--reps N]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { sqliteBuild } from './lib/app-sources.mjs';
import { benchOptions } from './lib/args.mjs';
import { configureExample, guestModule, ROOT, scratchDir, ukconfig } from './lib/examples.mjs';
import { HAVE_GNU_TIME, measure, median, rssPath, timed } from './lib/measure.mjs';
import { INSERTS, parseSqliteRun, QUERIES, sqliteWorkload } from './lib/sqlite-workload.mjs';
import { fmt, printTable } from './lib/table.mjs';

const USAGE = 'usage: node bench/sqlite.mjs [--reps N]';
const REPS = Number(benchOptions(USAGE, { reps: { type: 'string', default: '5' } }).reps);
if (!(REPS >= 1)) {
  console.error(`--reps takes a positive number\n${USAGE}`);
  process.exit(2);
}
const { guestCommand } = await guestModule();
const { packFolder } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'cpio.js'));
const scratch = scratchDir('bench-sqlite');

// ---- the workload: one SQL file, the same for every run -------------------------------
const rootfs = join(scratch, 'rootfs');
mkdirSync(join(rootfs, 'etc'), { recursive: true });
writeFileSync(join(rootfs, 'bench.sql'), sqliteWorkload());
// The shell's home folder (where it looks for .sqliterc), as in the example's rootfs.
writeFileSync(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/:/bin/sh\n');
const initrd = join(scratch, 'rootfs.cpio');
writeFileSync(initrd, packFolder(rootfs));

// ---- the image: linuxu and kvm x86_64 from one configuration, boot time shown -------
const app = configureExample(scratch, 'sqlite', 'sqlite', 'kvm+linuxu-x86_64', ['CONFIG_UKBOOT_SHOW_TIME=y']);
ukconfig(app, 'build');
const linuxuImage = join(app, 'build', 'sqlite_linuxu-x86_64');
const kvmImage = join(app, 'build', 'sqlite_kvm-x86_64');

// ---- the same generated sources against glibc ----------------------------------------
const glibcSqlite = join(scratch, 'sqlite3-glibc');
{
  const { flags, sources } = sqliteBuild(app);
  execFileSync('gcc', [...flags, '-o', glibcSqlite, ...sources, '-lm'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// The host runs' databases live in RAM too, as the image's ramfs does.
const dbRoot = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/ukconfig-bench-sqlite-') : join(scratch, 'db');
mkdirSync(dbRoot, { recursive: true });
process.on('exit', () => rmSync(dbRoot, { recursive: true, force: true }));
const script = join(rootfs, 'bench.sql');
const hostDb = (tag) => {
  const db = join(dbRoot, `${tag}.sqlite`);
  rmSync(db, { force: true });
  return db;
};
const runs = [
  { name: 'examples/sqlite, linuxu-x86_64 (musl)', cmd: () => guestCommand({ arch: 'x86_64', plat: 'linuxu', image: linuxuImage, settings: {}, initrd, args: ['/bench.sqlite', '.read /bench.sql'] }) },
  { name: 'same SQLite sources, gcc -O2, glibc', cmd: () => ({ file: glibcSqlite, args: [hostDb('glibc'), `.read ${script}`] }) },
  { name: "host's sqlite3 (Debian)", cmd: () => ({ file: 'sqlite3', args: [hostDb('debian'), `.read ${script}`] }) },
];

console.log(`examples/sqlite benchmark: ${fmt(INSERTS)} inserts in one transaction, ${QUERIES} aggregate queries; ${availableParallelism()} cores, ${REPS} runs each, interleaved`);
if (!HAVE_GNU_TIME) console.log('(no /usr/bin/time: CPU times are not measured)');

const samples = runs.map(() => []);
const results = new Set();
for (let i = 0; i < REPS; i++) {
  for (const [k, r] of runs.entries()) {
    const cmd = r.cmd();
    const m = await measure([cmd.file, ...cmd.args], { cwd: scratch, env: process.env, rssFile: rssPath(scratch, `sqlite${k}`), keepStdout: true });
    if (m.code !== 0) throw new Error(`${r.name} failed (${m.code}): ${m.stderr}`);
    const p = parseSqliteRun(r.name, m.stdout);
    results.add(p.results);
    samples[k].push({ ...p, cpuMs: m.cpuMs, rssKb: m.rssKb });
  }
}
if (results.size !== 1) throw new Error(`the builds disagree on the results:\n${[...results].join('\n---\n')}`);

const insertMs = samples.map((s) => median(s.map((x) => x.insertMs)));
const queryMs = samples.map((s) => median(s.map((x) => x.queryMs / QUERIES)));
const cpu = samples.map((s) => median(s.map((x) => x.cpuMs)));
const rss = samples.map((s) => Math.max(...s.map((x) => x.rssKb ?? 0)));
const perSecond = insertMs.map((ms) => (INSERTS * 1000) / ms);
printTable(
  ['run', 'inserts/s (wall)', '/ glibc build', 'query (wall)', '/ glibc build', 'process CPU', '/ glibc build', 'peak RSS'],
  runs.map((r, k) => [
    r.name,
    fmt(Math.round(perSecond[k])),
    (perSecond[k] / perSecond[1]).toFixed(3),
    `${fmt(queryMs[k], 2)} ms`,
    (queryMs[k] / queryMs[1]).toFixed(3),
    `${fmt(cpu[k])} ms`,
    (cpu[k] / cpu[1]).toFixed(3),
    `${fmt(rss[k])} KiB`,
  ]),
);

// ---- kvm-x86_64: image size and first instruction to main() ----------------------------
{
  const cmd = guestCommand({ arch: 'x86_64', plat: 'kvm', image: kvmImage, settings: { debugExitPort: '0xf4', semihosting: false }, memory: '64M', args: ['-version'] });
  const us = [];
  for (let i = 0; i < REPS; i++) {
    const r = await timed(cmd.file, cmd.args);
    const m = /^boot: ([\d.]+) us to main/m.exec(r.out);
    // isa-debug-exit: main()'s 0 is QEMU's 3.
    if (r.code !== 3 || !m || !/^3\.40\.1 /m.test(r.out)) throw new Error(`the kvm image did not run (code ${r.code}):\n${r.out}`);
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
