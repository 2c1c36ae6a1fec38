// A fuzzer worker (a child process with limits on its time and memory, see
// run-fuzz.ts): runs cases through the engine in process, as `ukconfig conf`
// does, or through the API with kconfiglib's extensions; answers with the
// result, or with the exception that escaped (a crash).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KconfigFatal, loadKconfig, runConf } from '../../dist/index.js';
import { ProbeRunner } from '../../dist/probe-runner.js';
import { scoutProbes } from '../../dist/probes.js';
import { textInput } from '../../dist/cli/line-input.js';
import { scanConfArgs } from '../../dist/cli/conf-args.js';

/** conf's Kconfig operand in args (getopt_long's rules, as conf scans them), or null. */
function confOperand(args) {
  let operand = null;
  scanConfArgs(args, { option() {}, short() {}, error() {}, positional: (a) => (operand ??= a) });
  return operand;
}

function runOnce(job, dir) {
  let stdout = '';
  let stderr = '';
  const out = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  let code;
  if (job.extensions) {
    try {
      const kc = loadKconfig('Kconfig', { cwd: dir, env: job.env, extensions: true, output: out });
      if (existsSync(join(dir, '.config'))) kc.readConfig('.config');
      stdout += kc.configText();
      code = 0;
    } catch (e) {
      if (!(e instanceof KconfigFatal)) throw e;
      code = e.exitCode;
    }
  } else {
    // With `ahead`, a scout parse first starts (one by one, in order) the
    // commands it establishes, as for a Kbuild tree: the parse must then ask
    // for exactly those, and the result must not change.
    // The scout reads the tree conf reads: its first operand (a case may name
    // another file than Kconfig, or none: then conf stops before any parse).
    const root = confOperand(job.args);
    const shell = job.ahead && root !== null ? new ProbeRunner(job.env, dir, { ahead: true, allConcurrent: false }) : undefined;
    if (shell) scoutProbes(root, { env: job.env, cwd: dir, extensions: false }, shell, false);
    code = runConf(job.args, { out, input: textInput(job.stdin), tty: false, env: job.env, cwd: dir, progname: 'conf', shell });
    if (shell?.unused.length) return { unused: shell.unused };
  }
  const config = existsSync(join(dir, '.config')) ? readFileSync(join(dir, '.config'), 'latin1') : null;
  return { code, stdout, stderr, config };
}

/**
 * Puts the case's folder back as it was before a run: what the run wrote
 * removed, input files it rewrote (configurations) restored; the tree's own
 * files are left untouched, so that the tree cache still knows them.
 */
function resetOutputs(job) {
  const walk = (rel) => {
    for (const e of readdirSync(join(job.dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (path === '.cache') continue;
      if (e.isDirectory()) walk(path);
      else if (!(path in job.files)) rmSync(join(job.dir, path), { force: true });
    }
  };
  walk('');
  for (const [path, text] of Object.entries(job.files)) {
    const full = join(job.dir, path);
    if (!existsSync(full) || readFileSync(full, 'latin1') !== text) writeFileSync(full, text, 'latin1');
  }
}

process.on('message', (job) => {
  let reply;
  try {
    if (job.twice) {
      // The first run fills the tree cache; the second (the one compared) reads it,
      // in the same folder with the tree's files untouched and the rest as before.
      const a = runOnce(job, job.dir);
      if (a.unused) return process.send(a);
      resetOutputs(job);
      const b = runOnce(job, job.dir);
      const same = a.code === b.code && a.stdout === b.stdout && a.stderr === b.stderr && a.config === b.config;
      reply = { ...b, cacheMismatch: same ? null : `parsed: exit ${a.code}, ${JSON.stringify(a.stderr.slice(0, 200))}; cached: exit ${b.code}, ${JSON.stringify(b.stderr.slice(0, 200))}` };
    } else reply = runOnce(job, job.dir);
  } catch (e) {
    reply = { crash: e instanceof Error ? `${e.stack}` : String(e) };
  }
  process.send(reply);
});
