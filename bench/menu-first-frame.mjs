#!/usr/bin/env node
// The menu's first frame as a user sees it: each program started in a tmux
// pane, the screen polled with capture-pane until its first full frame is on
// it, timed from starting the pane. Interleaved in one run:
//
// - `make menuconfig` in the Linux 6.1 tree (mconf built beforehand, in an O=
//   folder: the reference tree stays unconfigured), probes run;
// - `ukconfig -C <linux> menu` in the same tree and environment, probes run;
// - `ukconfig menu` in examples/helloworld (the app menu).
//
// Both Linux menus start with a clean environment (PATH, HOME, TERM only) and
// no .config (each starts from the defconfig Kbuild picks). The frame counts
// once its last top-level entry is drawn (Linux: "Kernel hacking"; the app:
// "Build options" and the key line). Targets: Linux menu <= 0.5x mconf, app
// menu under 300 ms.
//
//   npm run build && node bench/menu-first-frame.mjs [--reps N] [--unbundled] [--baseline DIR] [--json FILE]
//
// --unbundled adds both ukconfig menus started from the modules tsc wrote
// (UKCONFIG_BUNDLE=0: what bin/ukconfig.js runs without dist/bundle/).
// --baseline DIR adds both ukconfig menus started from another built checkout
// (DIR/bin/ukconfig.js: the code before a change), for before/after in one run.
//
// Needs the Linux oracle (kconfig/test/oracle/setup.sh), tmux, and what
// `make menuconfig` needs (libncurses-dev, pkg-config).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { median } from './lib/measure.mjs';
import { loadManifest, REPO_ROOT, shebangNodeOptions } from './lib/oracle.mjs';

const USAGE = 'usage: node bench/menu-first-frame.mjs [--reps N] [--unbundled] [--baseline DIR] [--json FILE]';
const opts = benchOptions(USAGE, { reps: { type: 'string', default: '9' }, unbundled: { type: 'boolean' }, baseline: { type: 'string' }, json: { type: 'string' } });
const REPS = Number(opts.reps);
const manifest = loadManifest();
const LINUX = manifest.linux;
const BIN = join(REPO_ROOT, 'bin/ukconfig.js');

if (spawnSync('tmux', ['-V']).status !== 0) {
  console.error('tmux is needed (apt-get install tmux)');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-first-frame-'));
const SOCKET = `ukconfig-bench-ff-${process.pid}`;
const home = join(scratch, 'home');
const out = join(scratch, 'linux-out');
mkdirSync(home);
mkdirSync(out);
const q = (s) => `'${s.replaceAll("'", "'\\''")}'`;
// ukconfig as a shell starts it from PATH (the README's set-up links it): with
// the Node options of its #! line (a young generation large enough that
// loading Linux's tree needs no garbage collection).
const startCommand = (bin) => [process.execPath, ...shebangNodeOptions(bin), bin].map((a) => q(a)).join(' ');
const UKCONFIG = startCommand(BIN);
const clean = `env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=${q(home)} TERM=xterm-256color`;
const unbundled = `${clean} UKCONFIG_BUNDLE=0`;
const tmux = (...a) => execFileSync('tmux', ['-L', SOCKET, ...a], { encoding: 'utf8' });
const cleanup = () => {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  rmSync(scratch, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const lastLinuxEntry = (s) => s.includes('Kernel hacking');
const cases = [
  {
    name: 'make menuconfig (mconf), Linux',
    cwd: out,
    command: `${clean} make -s -C ${q(LINUX)} O=${q(out)} menuconfig`,
    ready: lastLinuxEntry,
  },
  {
    name: 'ukconfig menu, Linux',
    cwd: out,
    command: `${clean} ${UKCONFIG} -C ${q(LINUX)} --config ${q(join(out, '.config'))} menu`,
    ready: (s) => lastLinuxEntry(s) && s.includes('ukconfig menu'),
  },
  {
    name: 'ukconfig menu, examples/helloworld',
    cwd: join(REPO_ROOT, 'examples/helloworld'),
    command: `${clean} ${UKCONFIG} menu --config ${q(join(scratch, 'app.config'))}`,
    ready: (s) => s.includes('Build options  --->') && s.includes('K keys'),
  },
];
if (opts.unbundled) {
  for (const c of cases.slice(1, 3)) cases.push({ ...c, name: `${c.name}, unbundled`, command: c.command.replace(clean, unbundled) });
}
if (opts.baseline) {
  const baseline = startCommand(join(resolve(opts.baseline), 'bin/ukconfig.js'));
  for (const c of cases.slice(1, 3)) cases.push({ ...c, name: `${c.name}, baseline`, command: c.command.replace(UKCONFIG, baseline) });
}

/**
 * CPU time (user + system, ms) the pane's process has used so far: for ukconfig
 * its own work to the first frame, which load from other processes inflates
 * far less than wall time (its probes' CPU is not in it; for make it would be
 * make's alone, so it is not shown for mconf).
 */
function paneCpuMs() {
  try {
    const pid = tmux('display-message', '-p', '-t', 'run', '#{pane_pid}').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Milliseconds from starting `c` in a new pane to its first full frame (NaN after 60 s), and the pane process's CPU time then. */
async function firstFrame(c) {
  const script = join(scratch, 'run.sh');
  writeFileSync(script, `cd ${q(c.cwd)} || exit 1\nexec ${c.command}\n`);
  const t0 = performance.now();
  tmux('new-session', '-d', '-s', 'run', '-x', '120', '-y', '40', 'bash', script);
  let t = NaN;
  let cpu = NaN;
  while (performance.now() - t0 < 60_000) {
    let screen;
    try {
      screen = tmux('capture-pane', '-p', '-t', 'run');
    } catch {
      break; // the program ended before drawing
    }
    if (c.ready(screen)) {
      t = performance.now() - t0;
      cpu = paneCpuMs();
      break;
    }
  }
  // Killing the session only hangs up the pane, and mconf does not stop on
  // that (it spins on the dead terminal): end the pane's process group first.
  try {
    process.kill(-Number(tmux('display-message', '-p', '-t', 'run', '#{pane_pid}').trim()), 'SIGKILL');
  } catch {
    // The program had ended.
  }
  spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', 'run']);
  return { t, cpu };
}

// A server that outlives the runs: starting it is not part of any figure.
tmux('new-session', '-d', '-s', 'idle', 'sleep 3600');
// Warm-up: builds mconf and fills ukconfig's tree cache in the clean HOME (a user's second start).
for (const c of cases) {
  const { t } = await firstFrame(c);
  if (Number.isNaN(t)) throw new Error(`${c.name}: no first frame within 60 s (${c.command})`);
}
const samples = cases.map(() => []);
for (let i = 0; i < REPS; i++) for (const [k, c] of cases.entries()) samples[k].push(await firstFrame(c));

const load = loadavg();
const rows = cases.map((c, k) => {
  const xs = samples[k].map((x) => x.t).filter((x) => !Number.isNaN(x));
  const cpu = c.name.startsWith('ukconfig') ? samples[k].map((x) => x.cpu).filter((x) => !Number.isNaN(x)) : [];
  return { name: c.name, runs: xs.length, medianMs: median(xs), minMs: Math.min(...xs), cpuMedianMs: cpu.length ? median(cpu) : null, cpuMinMs: cpu.length ? Math.min(...cpu) : null };
});
const ratio = rows[1].medianMs / rows[0].medianMs;
const ratioMin = rows[1].minMs / rows[0].minMs;
console.log(`Menu first frame in tmux (120x40), ${REPS} runs each, interleaved, ${availableParallelism()} cores, load average ${load.map((x) => x.toFixed(2)).join(' ')}\n`);
const w = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) {
  const cpu = r.cpuMedianMs === null ? '' : `   own CPU median ${r.cpuMedianMs.toFixed(0).padStart(4)} ms, min ${r.cpuMinMs.toFixed(0).padStart(4)} ms`;
  console.log(`  ${r.name.padEnd(w)}  median ${r.medianMs.toFixed(0).padStart(5)} ms   min ${r.minMs.toFixed(0).padStart(5)} ms${cpu}`);
}
console.log(`\n  Linux: ukconfig / mconf = ${ratio.toFixed(2)}x (medians), ${ratioMin.toFixed(2)}x (minimums); target <= 0.50x`);
console.log(`  app menu: ${rows[2].medianMs.toFixed(0)} ms median, ${rows[2].minMs.toFixed(0)} ms min; target < 300 ms`);
for (const extra of ['unbundled', 'baseline']) {
  const at = rows.findIndex((r) => r.name.endsWith(`, ${extra}`));
  if (at >= 0) console.log(`  ${extra}: Linux ${(rows[at].medianMs / rows[0].medianMs).toFixed(2)}x mconf, app menu ${rows[at + 1].medianMs.toFixed(0)} ms (medians)`);
}
console.log('  (the times include tmux starting the pane and polling capture-pane, alike for all)');
if (opts.json) writeFileSync(opts.json, JSON.stringify({ reps: REPS, loadavg: load, rows, ratio, ratioMin }, null, 2) + '\n');
