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
    const r = childProcess().spawnSync('/bin/sh', ['-c', cmd], {
      env: this.env,
      cwd: this.cwd,
      encoding: 'latin1',
      stdio: ['inherit', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout: r.stdout ?? '', stderr: '' };
  }
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

/**
 * Serves results gathered beforehand; falls back to running a command it does
 * not have. The results may be a function, asked on first use: then the work
 * before the first $(shell) overlaps with gathering them.
 */
export class PrefetchedShell implements ShellRunner {
  readonly missed: string[] = [];
  private results: Map<string, ShellResult> | null = null;
  private readonly gather: () => Map<string, ShellResult>;
  constructor(
    results: Map<string, ShellResult> | (() => Map<string, ShellResult>),
    private readonly fallback: ShellRunner | null,
  ) {
    this.gather = typeof results === 'function' ? results : () => results;
  }
  run(cmd: string): ShellResult {
    this.results ??= this.gather();
    const r = this.results.get(cmd);
    if (r) return r;
    this.missed.push(cmd);
    if (this.fallback) {
      const res = this.fallback.run(cmd);
      this.results.set(cmd, res);
      return res;
    }
    return { stdout: '', stderr: '' };
  }
}
