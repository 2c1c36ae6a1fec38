// The examples as the unikernel benchmarks use them: copies configured and
// built through the real `ukconfig` command in a scratch folder that is
// removed at exit, and buildgen's guest module (the very commands `ukconfig
// run` starts guests with, and how it decodes their exit).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed } from './measure.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'ukconfig.js');

/** dist/buildgen/src/guest.js; the process stops with a message when dist/ is missing. */
export async function guestModule() {
  const path = join(ROOT, 'dist', 'buildgen', 'src', 'guest.js');
  if (!existsSync(path)) {
    console.error('dist/ is missing: run npm run build first');
    process.exit(1);
  }
  return import(path);
}

/**
 * Runs a guest (buildgen's GuestSpec) to its end, killed after timeoutMs;
 * its console output. Throws unless main's status is 0.
 */
export async function runGuestOk(spec, timeoutMs = 600_000) {
  const { guestCommand, decodeExit } = await guestModule();
  const cmd = guestCommand(spec);
  const r = await timed(cmd.file, cmd.args, timeoutMs);
  const status = decodeExit(spec, r.code, null).status;
  if (status !== 0) throw new Error(`${spec.image} ${spec.args.join(' ')} ended with status ${status}:\n${r.out}`);
  return r.out;
}

/** A temporary folder for this run, removed when the process exits. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `ukconfig-${prefix}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** `ukconfig -C app ...args`: its standard output; throws when it fails. */
export function ukconfig(app, ...args) {
  return execFileSync(process.execPath, [BIN, '-C', app, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A copy of examples/<name> at dir/<tag>, with defconfigs/<defconfig> then the fragment lines applied. */
export function configureExample(dir, name, tag, defconfig, lines = []) {
  const app = join(dir, tag);
  cpSync(join(ROOT, 'examples', name), app, { recursive: true, filter: (s) => !/\/(build|\.config(\.old)?)$/.test(s) });
  const fragments = [];
  if (lines.length) {
    fragments.push(join(dir, `${tag}.config`));
    writeFileSync(fragments[0], lines.map((l) => l + '\n').join(''));
  }
  ukconfig(app, 'apply', `defconfigs/${defconfig}`, ...fragments);
  return app;
}

/** configureExample(), then `ukconfig build`. */
export function buildExample(dir, name, tag, defconfig, lines = []) {
  const app = configureExample(dir, name, tag, defconfig, lines);
  ukconfig(app, 'build');
  return app;
}

/**
 * Starts a process (a server, a guest); resolves once its standard output shows `ready`, with the
 * milliseconds that took and its output so far. Rejects when it ends first or after a minute.
 */
export function startProcess(file, argv, ready) {
  const t0 = process.hrtime.bigint();
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file}: not ready:\n${out}`)), 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes(ready)) {
        clearTimeout(timer);
        resolve({ child, ms: Number(process.hrtime.bigint() - t0) / 1e6, output: () => out });
      }
    });
    child.on('exit', () => reject(new Error(`${file} ended:\n${out}`)));
  });
}

/** A TCP port of 127.0.0.1 free now (for a server, or a guest's forward): buildgen's own. */
export async function freePort() {
  const { freePort: free } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'tools.js'));
  return free();
}
