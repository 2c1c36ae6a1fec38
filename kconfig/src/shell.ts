/**
 * Runners for `$(shell,cmd)`.
 *
 * Kconfig trees use $(shell) for toolchain probes that do not depend on each
 * other; the reference tool runs them one after another. Here they can be
 * run in parallel ahead of the real parse (see probes.ts), replayed from a
 * recording (KSHELL_CACHE, the same layout the benchmark shim uses), or run
 * one by one like popen.
 */
import { childProcess } from './child-process.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv1a64 } from './fnv.js';

export interface ShellResult {
  /** Output bytes as a latin1 string. */
  stdout: string;
  /** Error output captured instead of passed through (printed when the result is used). */
  stderr: string;
}

export interface ShellRunner {
  run(cmd: string): ShellResult;
}

/** Runs like popen: /bin/sh -c, stdin and stderr shared with us. */
export class SyncShell implements ShellRunner {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd?: string,
  ) {}
  run(cmd: string): ShellResult {
    const r = childProcess().spawnSync('/bin/sh', shellArgs(cmd), {
      env: this.env,
      cwd: this.cwd,
      encoding: 'latin1',
      stdio: ['inherit', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout: r.stdout ?? '', stderr: '' };
  }
}

/**
 * Arguments for `/bin/sh` to run `cmd` (a byte string) as `sh -c` would.
 * Node passes arguments as UTF-8: a command that is valid UTF-8 is handed
 * over decoded, so that it arrives as the same bytes (passing the byte
 * string itself encoded `é` twice); any other command goes through printf's
 * octal escapes, with a final character kept so that no trailing newline is
 * lost, and the shell replaces itself with `sh -c` on the result.
 */
export function shellArgs(cmd: string): string[] {
  const bytes = Buffer.from(cmd, 'latin1');
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(bytes)) return ['-c', text];
  let escaped = '';
  for (const b of bytes) escaped += b >= 0x80 || b === 0x5c ? `\\0${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b);
  return ['-c', 'c=$(printf %b "$1"; echo .); exec /bin/sh -c "${c%.}"', 'sh', escaped];
}

/** The recording's file name for a command. */
export function commandKey(cmd: string): string {
  // The offset basis of the benchmark shim (popen_cache.c, 1469598103934665603),
  // so that both tools share one recording.
  return fnv1a64(cmd, [0x14650fb0, 0x739d0383]);
}

/** Replays recorded output from `dir`; records on a miss (then runs for real). */
export class RecordedShell implements ShellRunner {
  private live: SyncShell;
  constructor(
    private readonly dir: string,
    env: NodeJS.ProcessEnv,
    cwd?: string,
  ) {
    this.live = new SyncShell(env, cwd);
  }
  run(cmd: string): ShellResult {
    const path = join(this.dir, commandKey(cmd));
    try {
      return { stdout: readFileSync(path, 'latin1'), stderr: '' };
    } catch {
      // Not recorded yet.
    }
    const r = this.live.run(cmd);
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, r.stdout, 'latin1');
      renameSync(tmp, path);
    } catch {
      // A read-only recording still replays; the miss just is not stored.
    }
    return r;
  }
}
