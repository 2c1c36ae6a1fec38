#!/usr/bin/env node
// Benchmark: `olddefconfig` on the Linux 6.1 x86_64 tree, starting from the
// .config that x86_64_defconfig gives, for three engines side by side:
//   conf        Linux 6.1 scripts/kconfig/conf (C)
//   kconfiglib  Debian python3-kconfiglib 14.1 (bench/kconfiglib_olddefconfig.py)
//   ours        node bin/ukconfig.js conf (or $UKCONFIG_CONF_CMD)
// in two settings: $(shell) probes replayed from the oracle's cache
// (KSHELL_CACHE; the LD_PRELOAD shim for conf), and probes really run.
// Then the probes alone, one after another and all at once, which gives the
// least time any tool can take with probes run on this machine.
// Runs are interleaved (round robin, each round starting one tool later) so
// that machine noise and the order of runs hit every tool alike; compare the
// ratios, not absolute times.
//
// Usage: node bench/kconfig-olddefconfig.mjs [--reps N] [--reps-real N] [--json FILE]
// Needs kconfig/test/oracle/setup.sh to have run. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchOptions } from './lib/args.mjs';
import { HAVE_GNU_TIME, measure, rssPath, summarize } from './lib/measure.mjs';
import { findPython, kernelEnv, loadManifest, REPO_ROOT, scratchDir, shebangNodeOptions } from './lib/oracle.mjs';

const opts = benchOptions('usage: node bench/kconfig-olddefconfig.mjs [--reps N] [--reps-real N] [--json FILE] [--keep]', {
  reps: { type: 'string', default: process.env.BENCH_REPS || '7' },
  'reps-real': { type: 'string', default: process.env.BENCH_REPS_REAL || '5' },
  json: { type: 'string' },
  keep: { type: 'boolean', default: false },
});
const REPS = Math.max(1, Number(opts.reps));
const REPS_REAL = Math.max(1, Number(opts['reps-real']));
const ARCH = 'x86_64';
const DEFCONFIG = 'arch/x86/configs/x86_64_defconfig';
const TARGETS = { cached: 1.0, real: 0.5 }; // ours / conf, median wall time

const manifest = loadManifest();
const baseEnv = kernelEnv(manifest, ARCH);
const root = scratchDir('ukconfig-bench-');
const cacheEnv = { KSHELL_CACHE: manifest.probes[ARCH] };

function oursArgv() {
  if (process.env.UKCONFIG_CONF_CMD) return process.env.UKCONFIG_CONF_CMD.trim().split(/\s+/);
  const bin = join(REPO_ROOT, 'bin/ukconfig.js');
  return [process.execPath, ...shebangNodeOptions(bin), bin, 'conf'];
}

const python = findPython('kconfiglib');
const TOOLS = [
  { name: 'conf', argv: [manifest.conf, '--olddefconfig', 'Kconfig'], cachedEnv: { ...cacheEnv, LD_PRELOAD: manifest.shim } },
  python && { name: 'kconfiglib', argv: [python, join(REPO_ROOT, 'bench/kconfiglib_olddefconfig.py'), 'Kconfig'], cachedEnv: cacheEnv },
  { name: 'ours', argv: [...oursArgv(), '--olddefconfig', 'Kconfig'], cachedEnv: cacheEnv },
].filter(Boolean);

// ---- the starting directory: what `make x86_64_defconfig` leaves (.config and include/)
const start = join(root, 'start');
mkdirSync(start);
const prep = spawnSync(manifest.conf, ['-s', `--defconfig=${DEFCONFIG}`, 'Kconfig'], {
  cwd: start,
  env: { ...baseEnv, ...cacheEnv, LD_PRELOAD: manifest.shim },
});
if (prep.status !== 0 || !existsSync(join(start, '.config'))) {
  throw new Error(`conf --defconfig failed: ${prep.stderr}`);
}

let runNo = 0;
function freshWorkDir() {
  const dir = join(root, `run-${runNo++}`);
  cpSync(start, dir, { recursive: true });
  return dir;
}

async function runOnce(tool, setting) {
  const cwd = freshWorkDir();
  const env = { ...baseEnv, ...(setting === 'cached' ? tool.cachedEnv : {}) };
  const r = await measure(tool.argv, { cwd, env, rssFile: rssPath(root, tool.name) });
  const config = existsSync(join(cwd, '.config')) ? readFileSync(join(cwd, '.config')) : null;
  if (!opts.keep) rmSync(cwd, { recursive: true, force: true });
  return { ...r, config };
}

function diffLines(a, b) {
  const la = a.toString('latin1').split('\n');
  const lb = new Set(b.toString('latin1').split('\n'));
  const sa = new Set(la);
  return [...la.filter((l) => !lb.has(l)).map((l) => `-${l}`), ...[...lb].filter((l) => !sa.has(l)).map((l) => `+${l}`)];
}

const results = {};
const checks = [];
for (const setting of ['cached', 'real']) {
  const reps = setting === 'cached' ? REPS : REPS_REAL;
  const available = new Map();
  const outputs = new Map();
  // Warm-up run per tool: page cache, availability, and the output to verify.
  for (const tool of TOOLS) {
    const r = await runOnce(tool, setting);
    if (r.code === 0 && r.config) {
      available.set(tool.name, []);
      outputs.set(tool.name, r.config);
    } else {
      results[`${setting}/${tool.name}`] = { unavailable: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` };
    }
  }
  for (let i = 0; i < reps; i++) {
    // Each round starts with the next tool: in a fixed order one tool always runs right
    // after kconfiglib's half-second run, which made ours 3-6 ms slower (conf: no change).
    for (const tool of [...TOOLS.slice(i % TOOLS.length), ...TOOLS.slice(0, i % TOOLS.length)]) {
      if (!available.has(tool.name)) continue;
      const r = await runOnce(tool, setting);
      if (r.code !== 0) throw new Error(`${tool.name} failed during the ${setting} runs: ${r.stderr}`);
      available.get(tool.name).push(r);
    }
  }
  for (const [name, samples] of available) results[`${setting}/${name}`] = summarize(samples);
  const ref = outputs.get('conf');
  for (const name of ['ours', 'kconfiglib']) {
    if (!outputs.has(name)) continue;
    const same = ref.equals(outputs.get(name));
    checks.push({ setting, tool: name, identical: same, differences: same ? [] : diffLines(ref, outputs.get(name)).slice(0, 10) });
  }
}

// ---- the probes alone, without any Kconfig work: what "probes run" cannot go below here
// The commands are those a parse of the tree runs, in order (outputs replayed from the recording).
const { loadKconfig, RecordedShell } = await import('kconfig-parser-ts');
/** Single-quoted for sh: every byte literal. */
const shellQuote = (s) => "'" + s.replace(/'/g, "'\\''") + "'";
const probeCommands = [];
{
  const replay = new RecordedShell(manifest.probes[ARCH], baseEnv, start);
  const shell = { run: (cmd) => (probeCommands.push(cmd), replay.run(cmd)) };
  loadKconfig('Kconfig', { env: { ...baseEnv, UKCONFIG_CACHE: '0' }, cwd: start, shell, output: { stdout() {}, stderr() {} } });
}
const distinctProbes = [...new Set(probeCommands)];
const probeScripts = {
  // conf: popen, i.e. `sh -c`, for each command in turn.
  serial: probeCommands.map((c) => `/bin/sh -c ${shellQuote(c)} >/dev/null 2>&1 </dev/null\n`).join(''),
  // every distinct command at once, each as popen runs it: the least any tool can take.
  parallel: distinctProbes.map((c) => `/bin/sh -c ${shellQuote(c)} >/dev/null 2>&1 </dev/null &\n`).join('') + 'wait\n',
};
const probeRuns = { serial: [], parallel: [] };
for (let i = 0; i < REPS_REAL; i++) {
  for (const mode of i % 2 ? ['parallel', 'serial'] : ['serial', 'parallel']) {
    const cwd = freshWorkDir();
    probeRuns[mode].push(await measure(['/bin/sh', '-c', probeScripts[mode]], { cwd, env: baseEnv, rssFile: rssPath(root, 'probes') }));
    rmSync(cwd, { recursive: true, force: true });
  }
}
const probesAlone = Object.fromEntries(Object.entries(probeRuns).map(([mode, runs]) => [mode, summarize(runs)]));

// ---- report
const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(3)} s` : '-');
const fmtMB = (kb) => (kb == null ? '-' : `${(kb / 1024).toFixed(1)} MB`);
const rows = [['setting', 'tool', 'wall median', 'wall min', 'CPU median', 'peak RSS', 'vs conf (median)', 'target']];
const verdicts = {};
for (const setting of ['cached', 'real']) {
  const conf = results[`${setting}/conf`];
  for (const tool of TOOLS) {
    const r = results[`${setting}/${tool.name}`];
    const label = setting === 'cached' ? 'probes replayed' : 'probes run';
    if (!r || r.unavailable) {
      rows.push([label, tool.name, 'not available', '', '', '', '', r?.unavailable ?? '']);
      continue;
    }
    const ratio = conf && !conf.unavailable ? r.medianMs / conf.medianMs : NaN;
    let target = '';
    if (tool.name === 'ours') {
      const ok = ratio <= TARGETS[setting];
      verdicts[setting] = { ratio, target: TARGETS[setting], ok };
      target = `<= ${TARGETS[setting].toFixed(1)}x ${ok ? 'MET' : 'NOT MET'}`;
    }
    // Ours leaves its probe shell to exit on its own: its CPU time is not counted.
    const cpu = tool.name === 'ours' && setting === 'real' ? '-' : fmtS(r.medianCpuMs);
    rows.push([label, tool.name, fmtS(r.medianMs), fmtS(r.minMs), cpu, fmtMB(r.peakRssKb), Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : '-', target]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
console.log(`kconfig olddefconfig benchmark: Linux ${manifest.kernelversion} ${ARCH}, start = ${DEFCONFIG} result (.config + include/)`);
console.log(`${REPS} runs with probes replayed, ${REPS_REAL} with probes run, interleaved, after one warm-up run each; scratch ${root}`);
for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c])).join('  ').trimEnd());
if (!HAVE_GNU_TIME) console.log('(CPU time and peak RSS not measured: /usr/bin/time missing)');
console.log('CPU = user + system time of the tool and of the processes it waited for (ours does not wait for its probes: -).');
console.log('peak RSS = max RSS of the tool or of any process it waited for (with probes run, that can be a compiler).');
for (const c of checks) {
  console.log(
    `.config of ${c.tool} vs conf (${c.setting === 'cached' ? 'probes replayed' : 'probes run'}): ${c.identical ? 'identical' : `DIFFERENT\n  ${c.differences.join('\n  ')}`}`,
  );
}
// Why "probes run" has a floor: on a machine with few CPUs, the probes' CPU time, all
// at once, and ours' own Kconfig work (its CPU time with probes replayed) share them.
const cpus = availableParallelism();
const { serial, parallel } = probesAlone;
console.log(`the probes alone (${probeCommands.length} runs of ${distinctProbes.length} commands), median of ${REPS_REAL}:`);
console.log(`  one after another, as conf runs them: ${fmtS(serial.medianMs)} wall, ${fmtS(serial.medianCpuMs)} CPU`);
console.log(`  all at once:                          ${fmtS(parallel.medianMs)} wall, ${fmtS(parallel.medianCpuMs)} CPU`);
const realConf = results['real/conf'];
const oursOwn = results['cached/ours'];
if (realConf?.medianMs && oursOwn?.medianCpuMs >= 0 && parallel.medianCpuMs >= 0) {
  const budget = TARGETS.real * realConf.medianMs;
  const shared = (parallel.medianCpuMs + oursOwn.medianCpuMs) / cpus;
  const floor = Math.max(parallel.medianMs, shared);
  console.log(
    `  ${TARGETS.real}x of conf with probes run is ${fmtS(budget)}. Ours cannot take less than ${fmtS(floor)} here ` +
      `(${((100 * floor) / budget).toFixed(0)}% of it): the probes alone take ${fmtS(parallel.medianMs)}, and ` +
      `(probes ${fmtS(parallel.medianCpuMs)} + ours ${fmtS(oursOwn.medianCpuMs)} of CPU) / ${cpus} CPUs = ${fmtS(shared)}.`,
  );
}
if (opts.json) writeFileSync(opts.json, JSON.stringify({ kernel: manifest.kernelversion, reps: REPS, repsReal: REPS_REAL, results, checks, verdicts, probesAlone: { runs: probeCommands.length, commands: distinctProbes.length, cpus, ...probesAlone } }, null, 2) + '\n');
if (!opts.keep) rmSync(root, { recursive: true, force: true });
