// Runs a command once and reports its wall time, peak RSS and CPU time (via GNU
// time: %M, the maximum resident set size of the process or of any child it
// waited for, and %U + %S, the user and system time of both), and summarises
// repeated measurements.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from './oracle.mjs';

const GNU_TIME = '/usr/bin/time';
export const HAVE_GNU_TIME = existsSync(GNU_TIME) && isExecutable(GNU_TIME);

/**
 * `keepStdout`: the command's standard output is collected (otherwise it is
 * discarded), for workloads that report their own figures.
 * @returns {Promise<{code:number|null, wallMs:number, rssKb:number|null, cpuMs:number, stderr:string, stdout:string}>}
 */
export function measure(argv, { cwd, env, rssFile, keepStdout = false }) {
  const full = HAVE_GNU_TIME ? [GNU_TIME, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(full[0], full.slice(1), { cwd, env, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout?.on('data', (b) => {
      stdout += b;
    });
    child.stderr.on('data', (b) => {
      if (stderr.length < 4000) stderr += b;
    });
    child.on('error', (e) => resolve({ code: null, wallMs: NaN, rssKb: null, cpuMs: NaN, stderr: String(e), stdout }));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      let rssKb = null;
      let cpuMs = NaN;
      if (HAVE_GNU_TIME && existsSync(rssFile)) {
        // The last line: before it GNU time may note a non-zero exit status.
        const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rssKb = rss || null;
        cpuMs = (user + sys) * 1000;
        rmSync(rssFile, { force: true });
      }
      resolve({ code, wallMs, rssKb, cpuMs, stderr, stdout });
    });
  });
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

export function summarize(samples) {
  const walls = samples.map((s) => s.wallMs);
  const rss = samples.map((s) => s.rssKb).filter((x) => x != null);
  return {
    runs: samples.length,
    medianMs: median(walls),
    minMs: Math.min(...walls),
    medianCpuMs: median(samples.map((s) => s.cpuMs)),
    peakRssKb: rss.length ? Math.max(...rss) : null,
  };
}

export function rssPath(dir, tag) {
  return join(dir, `rss-${tag}-${process.pid}.txt`);
}

/**
 * Runs a command to its end (killed after timeoutMs): wall milliseconds,
 * exit code and its output, stdout and stderr together, with the serial
 * line's \r dropped.
 * @returns {Promise<{ms:number, code:number|null, out:string}>}
 */
export async function timed(file, argv, timeoutMs = 30_000) {
  const { ms, code, out } = await timedLines(file, argv, timeoutMs);
  return { ms, code, out };
}

/**
 * Boots a guest (a QEMU command) reps times after one warm-up run: the
 * median and least of the guest's own "boot: N us to main" figure
 * (UKBOOT_SHOW_TIME) and the median of QEMU's launch to exit. `ok(run)`
 * says whether a run ended as it should; throws naming `name` if not.
 * @returns {Promise<{mainUs:number, mainUsMin:number, launchMs:number}>}
 */
export async function bootTimes(name, cmd, ok, reps) {
  const us = [];
  const ms = [];
  await timed(cmd.file, cmd.args); // warm the page cache
  for (let i = 0; i < reps; i++) {
    const r = await timed(cmd.file, cmd.args, 60_000);
    const m = /^boot: ([\d.]+) us to main/m.exec(r.out);
    if (!ok(r) || !m) throw new Error(`${name} did not boot (code ${r.code}):\n${r.out}`);
    us.push(Number(m[1]));
    ms.push(r.ms);
  }
  return { mainUs: median(us), mainUsMin: Math.min(...us), launchMs: median(ms) };
}

/**
 * timed(), noting when each line of the output arrived: the lines as well, each with `ms`
 * since the launch.
 * @returns {Promise<{ms:number, code:number|null, out:string, lines:{ms:number, text:string}[]}>}
 */
export function timedLines(file, argv, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    let out = '';
    let partial = '';
    const take = (b) => {
      out += b;
      const now = performance.now() - started;
      const parts = (partial + b).replace(/\r/g, '').split('\n');
      partial = parts.pop();
      for (const text of parts) lines.push({ ms: now, text });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (partial) lines.push({ ms, text: partial });
      resolve({ ms, code, out: out.replace(/\r/g, ''), lines });
    });
  });
}
