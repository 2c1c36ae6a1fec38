#!/usr/bin/env node
// The menu's speed on the Linux 6.1 x86_64 tree (16,476 symbols): launch to
// first frame, and keystroke to frame for moving, entering a menu, toggling
// and search-as-you-type, measured in process (Ink writing into a fake
// terminal, the resolver's warnings on as in the menu command, keys at a
// person's pace: some quick, some after a pause) and through a real terminal
// (tmux). Prints the figures.
//
//   node bench/menu.mjs [--reps N] [--no-tmux] [--json FILE]
//
// Needs the Linux oracle (kconfig/test/oracle/setup.sh) and a built tree (npm run build).
import { execFileSync, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelEnv, loadManifest, REPO_ROOT } from './lib/oracle.mjs';
import { median } from './lib/measure.mjs';

// In process means as the menu command runs: with the V8 flags bin/ukconfig.js
// starts Node with (its young generation size changes how often the
// collector stops a key). Without them, the benchmark runs itself again with them.
const commandFlags = readFileSync(join(REPO_ROOT, 'bin/ukconfig.js'), 'utf8')
  .split('\n')[0]
  .split(/\s+/)
  .filter((f) => /^--(stack-size|min-semi-space-size|max-semi-space-size)=/.test(f));
if (!commandFlags.every((f) => process.execArgv.includes(f))) {
  const r = spawnSync(process.execPath, [...commandFlags, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const REPS = Number(opt('--reps', '40'));
/** Pauses after each key, in turn (ms). */
const THINK_MS = [12, 120, 170, 12, 220, 300, 12, 160];
const WITH_TMUX = !args.includes('--no-tmux');
const JSON_OUT = opt('--json', null);

const manifest = loadManifest();
const env = { ...kernelEnv(manifest, 'x86_64'), HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color' };

// Ink draws the cursor as inverse video; without colour support detected on a pipe it would draw nothing.
process.env.FORCE_COLOR ??= '1';
// As the menu command does: React's production build.
process.env.NODE_ENV ??= 'production';
const { loadKconfigAsync, RecordedShell } = await import('kconfig-parser-ts');
const { createMenu, mountMenu } = await import(join(REPO_ROOT, 'dist/ui/src/launch.js'));
const { resolver } = await import(join(REPO_ROOT, 'dist/ui/src/reasoning.js'));
const { openTree } = await import(join(REPO_ROOT, 'dist/workspace/src/tree.js'));

function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
}
const ms = (x) => `${x.toFixed(1)} ms`;

// ---------------------------------------------------------------- in process

class FakeStdout extends EventEmitter {
  constructor() {
    super();
    this.setMaxListeners(0);
  }
  isTTY = true;
  columns = 120;
  rows = 40;
  writes = [];
  write = (s) => {
    this.writes.push({ t: performance.now(), n: s.length });
    this.emit('written');
    return true;
  };
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  data = null;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  send(s) {
    this.data = s;
    this.emit('readable');
  }
}

const silent = { stdout: () => {}, stderr: () => {} };
/** The two ways $(shell) probes are answered: run for real (in parallel), or replayed from the oracle's recording. */
const SETTINGS = { run: env, replayed: { ...env, KSHELL_CACHE: manifest.probes.x86_64 } };
// The menu runs as in an O= build: it saves include/config/ beside itself,
// never into the oracle's source tree ($srctree points there).
const build = mkdtempSync(join(tmpdir(), 'ukconfig-bench-menu-build-'));
process.chdir(build);
process.on('exit', () => rmSync(build, { recursive: true, force: true }));

/** A .config as `make x86_64_defconfig` makes it (networking, virtio, ... on), written by our conf. */
function defconfigInto(dir) {
  const config = join(dir, '.config');
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin/ukconfig.js'), 'conf', '-s', '--defconfig=arch/x86/configs/x86_64_defconfig', 'Kconfig'], {
    cwd: build,
    env: { ...env, KCONFIG_CONFIG: config },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return config;
}

/** Engine alone: what the menu's first frame is compared with. */
async function engineLoadMs(setting) {
  const e = SETTINGS[setting];
  const shell = e.KSHELL_CACHE ? new RecordedShell(e.KSHELL_CACHE, e) : undefined;
  const t0 = performance.now();
  await loadKconfigAsync('Kconfig', { env: e, extensions: true, output: silent, incremental: true, shell });
  return performance.now() - t0;
}

async function inProcess(setting, withKeys) {
  const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-menu-'));
  const configPath = defconfigInto(scratch);
  const t0 = performance.now();
  const kc = await openTree({ kind: 'kbuild', kconfig: 'Kconfig', env: SETTINGS[setting], extensions: true, app: null }, silent, { incremental: true });
  const loaded = performance.now();
  // With the resolver, as the menu command runs: warnings are worked out while keys pause.
  const made = createMenu({ kc, configPath, reasoner: resolver, resolverProblem: null });
  const c = made.controller;
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const first = new Promise((r) => stdout.once('written', r));
  const ink = mountMenu(c, { stdin, stdout, stderr: stdout, env: {} });
  await first;
  const firstFrame = performance.now();
  if (!withKeys) {
    ink.unmount();
    c.dispose();
    c.session.dispose();
    rmSync(scratch, { recursive: true, force: true });
    return { loadMs: loaded - t0, firstFrameMs: firstFrame - t0 };
  }
  // Keys start half a second after the first frame, as when a person reads the screen first
  // (the menu prepares its search index and warnings in that time).
  await new Promise((r) => setTimeout(r, 500));

  /** Time from a key to the next frame written. */
  async function key(s) {
    const before = stdout.writes.length;
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const written = new Promise((r) => {
      const check = () => {
        if (stdout.writes.length > before) {
          stdout.off('written', check);
          r();
        }
      };
      stdout.on('written', check);
    });
    stdin.send(s);
    await Promise.race([written, new Promise((r) => setTimeout(r, 1000))]);
    const w = stdout.writes[before];
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    // A person's pace: some keys in quick succession (past the render throttle window, so the
    // next key is drawn at once), some after a pause long enough for the menu's background work
    // (warnings after a change) to start, or to be under way, when the next key comes.
    await new Promise((r) => setTimeout(r, THINK_MS[keyCount++ % THINK_MS.length]));
    return w ? w.t - t : NaN;
  }
  let keyCount = 0;

  const results = {};
  const cpu = {};
  let cpuMs = [];
  const sample = async (name, fn) => {
    const xs = [];
    cpuMs = [];
    for (let i = 0; i < REPS; i++) xs.push(await fn(i));
    results[name] = xs.filter((x) => !Number.isNaN(x));
    cpu[name] = cpuMs;
  };
  // Top menu of Linux: move down and up over its entries.
  await sample('move', (i) => key(i % 20 < 10 ? 'j' : 'k'));
  // "Device Drivers" holds hundreds of entries: enter it, and leave between samples.
  const rows = c.rows(kc.rootMenu);
  const drivers = rows.findIndex((r) => r.node.promptText === 'Device Drivers');
  c.moveTo(drivers);
  await sample('enter menu', async () => {
    const t = await key('\r');
    await key('\u001b');
    return t;
  });
  // Toggle a tristate with many dependents in "Networking support" > "Networking options".
  await key('/');
  for (const ch of 'PACKET') await key(ch);
  await key('\r');
  await sample('toggle', (i) => key(i % 2 ? 'y' : 'n'));
  // Search as you type: open search, type a word letter by letter, clear.
  const word = 'virtio_net';
  await sample('search keystroke', async (i) => {
    if (i % word.length === 0) {
      await key('\u001b');
      await key('/');
    }
    return key(word[i % word.length]);
  });
  ink.unmount();
  c.dispose();
  c.session.dispose();
  rmSync(scratch, { recursive: true, force: true });
  return { loadMs: loaded - t0, firstFrameMs: firstFrame - t0, keys: results, cpu };
}

// ---------------------------------------------------------------- tmux

function tmux(...a) {
  return execFileSync('tmux', ['-L', 'ukconfig-bench', ...a], { encoding: 'utf8' });
}
const capture = () => tmux('capture-pane', '-p', '-t', 'bench');

async function waitFor(pred, timeoutMs) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const screen = capture();
    if (pred(screen)) return performance.now();
  }
  return NaN;
}

async function throughTmux() {
  if (spawnSync('tmux', ['-V']).status !== 0) return { skipped: 'tmux is not installed' };
  const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-bench-menu-'));
  defconfigInto(scratch);
  const command = (setting) => {
    const envFile = join(scratch, `env-${setting}.sh`);
    writeFileSync(envFile, Object.entries(SETTINGS[setting]).map(([k, v]) => `export ${k}=${JSON.stringify(v)}`).join('\n') + '\nunset CI\n');
    return `. ${envFile}; cd ${build} && exec node ${join(REPO_ROOT, 'bin/ukconfig.js')} menu --kconfig Kconfig --config ${join(scratch, '.config')}`;
  };
  const launches = { run: [], replayed: [] };
  const keys = { move: [], 'enter menu': [], toggle: [], 'search keystroke': [] };
  for (const [run, setting] of ['run', 'run', 'run', 'replayed', 'replayed', 'replayed'].entries()) {
    spawnSync('tmux', ['-L', 'ukconfig-bench', 'kill-server']);
    // A new server right after a kill can find the old one still exiting.
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', 'bash', '-c', command(setting));
    const t1 = await waitFor((s) => s.includes('ukconfig menu') && s.includes('Device Drivers'), 20000);
    launches[setting].push(t1 - t0);
    if (run > 0) continue;
    await new Promise((r) => setTimeout(r, 500));
    // Each keystroke is timed until the screen shows its effect.
    const press = async (k, expect) => {
      const t = performance.now();
      tmux('send-keys', '-t', 'bench', k);
      const done = await waitFor(expect, 3000);
      await new Promise((r) => setTimeout(r, 30));
      return done - t;
    };
    const cursorLine = (screen = capture()) => screen.split('\n').find((l) => l.startsWith('>')) ?? '';
    for (let i = 0; i < Math.min(REPS, 20); i++) {
      const before = cursorLine();
      keys.move.push(await press(i % 10 < 5 ? 'j' : 'k', (s) => cursorLine(s) !== before));
    }
    for (let i = 0; i < 40 && !cursorLine().includes('Device Drivers'); i++) await press('j', () => true);
    for (let i = 0; i < Math.min(REPS, 10); i++) {
      keys['enter menu'].push(await press('Enter', (s) => s.includes('> Device Drivers')));
      await press('Escape', (s) => !s.includes('> Device Drivers'));
    }
    tmux('send-keys', '-t', 'bench', '/');
    await waitFor((s) => s.includes('Search'), 3000);
    tmux('send-keys', '-t', 'bench', '-l', 'PACKET');
    await waitFor((s) => s.includes('/ PACKET▏'), 3000);
    tmux('send-keys', '-t', 'bench', 'Enter');
    await waitFor((s) => s.includes('Packet socket') && !s.includes('Search'), 3000);
    for (let i = 0; i < Math.min(REPS, 10); i++) {
      const v = i % 2 ? 'y' : 'n';
      keys.toggle.push(await press(v, (s) => s.includes(`PACKET set to ${v}`)));
    }
    tmux('send-keys', '-t', 'bench', '/');
    await waitFor((s) => s.includes('Search'), 3000);
    let typed = '';
    for (const ch of 'virtio_net') {
      typed += ch;
      keys['search keystroke'].push(await press(ch, (s) => s.includes(`/ ${typed}▏`)));
    }
  }
  spawnSync('tmux', ['-L', 'ukconfig-bench', 'kill-server']);
  rmSync(scratch, { recursive: true, force: true });
  return { launchMs: launches, keys };
}

// ---------------------------------------------------------------- report

const launch = {};
let last = null;
for (const setting of ['run', 'replayed']) {
  const engine = [];
  for (let i = 0; i < 3; i++) engine.push(await engineLoadMs(setting));
  const firsts = [];
  for (let i = 0; i < 2; i++) firsts.push(await inProcess(setting, false));
  if (setting === 'run') last = await inProcess(setting, true);
  launch[setting] = { engineLoadMs: median(engine), firstFrameMs: median(firsts.map((r) => r.firstFrameMs)) };
}
const tm = WITH_TMUX ? await throughTmux() : { skipped: '--no-tmux' };

const out = {
  tree: `Linux ${manifest.kernelversion} x86_64`,
  launch,
  inProcess: { keys: {} },
  tmux: tm.skipped ? { skipped: tm.skipped } : { launchMs: { run: median(tm.launchMs.run), replayed: median(tm.launchMs.replayed) }, keys: {}, samples: tm.keys },
};
console.log(`Menu on ${out.tree}: ${REPS} samples per action in process\n`);
console.log('launch (medians)               engine load   first frame in process   over the engine   first frame via tmux');
for (const setting of ['run', 'replayed']) {
  const l = launch[setting];
  const viaTmux = tm.skipped ? '' : ms(out.tmux.launchMs[setting]);
  console.log(`  probes ${setting.padEnd(22)}  ${ms(l.engineLoadMs).padEnd(12)}  ${ms(l.firstFrameMs).padEnd(23)}  ${ms(l.firstFrameMs - l.engineLoadMs).padEnd(16)}  ${viaTmux}`);
}
console.log('  (target: first frame within 500 ms of the engine load; tmux: from starting the process, Node start-up included)');
console.log('\nkeystroke to frame        in process p50 / p95     CPU per key p50 / p95     tmux p50 / p95');
for (const name of Object.keys(last.keys)) {
  const xs = last.keys[name];
  const cs = last.cpu[name];
  const p = { p50: percentile(xs, 50), p95: percentile(xs, 95), n: xs.length, cpuP50: percentile(cs, 50), cpuP95: percentile(cs, 95) };
  out.inProcess.keys[name] = p;
  let t = '';
  if (!tm.skipped) {
    const ys = tm.keys[name].filter((x) => !Number.isNaN(x));
    const q = { p50: percentile(ys, 50), p95: percentile(ys, 95), n: ys.length };
    out.tmux.keys[name] = q;
    t = `${ms(q.p50)} / ${ms(q.p95)} (n=${q.n})`;
  }
  console.log(`  ${name.padEnd(22)}  ${`${ms(p.p50)} / ${ms(p.p95)}`.padEnd(23)}  ${`${ms(p.cpuP50)} / ${ms(p.cpuP95)}`.padEnd(24)}  ${t}`);
}
console.log('\ntarget: p95 < 16 ms in process. CPU per key is the process\'s own CPU time from key to frame (what');
console.log('load from other processes on a shared machine cannot inflate). tmux figures include polling capture-pane.');
console.log(`machine load average at the end: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(out, null, 2) + '\n');
