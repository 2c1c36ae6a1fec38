/**
 * Runs many $(shell) commands at once through a single /bin/sh: one fork of
 * this (large) process instead of one per command, every command started
 * immediately. Each command's output goes to its own files, read when all
 * are done.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellResult } from './shell.js';

export class ProbeBatch {
  /** Resolves with each command's output once every command has finished. */
  readonly done: Promise<Map<string, ShellResult>>;

  constructor(
    readonly commands: string[],
    env: NodeJS.ProcessEnv,
    cwd: string | undefined,
  ) {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-probes-'));
    // Each command runs as with popen's `sh -c`. A subshell is the same but
    // for `$$` (the batch shell's pid for all), so commands using `$$` (probes
    // name temporary files after it) get a shell process of their own.
    const script =
      commands
        .map((c, i) => {
          const run = c.includes('$$') ? `/bin/sh -c ${shellQuote(c)}` : `(eval ${shellQuote(c)})`;
          return `${run} >'${dir}/${i}.o' 2>'${dir}/${i}.e' </dev/null &`;
        })
        .join('\n') + '\nwait\n';
    this.done = new Promise((resolve) => {
      const sh = spawn('/bin/sh', ['-c', commandArg(script)], { env, cwd, stdio: 'ignore' });
      const finish = () => {
        const results = new Map<string, ShellResult>();
        commands.forEach((cmd, i) => {
          const read = (suffix: string) => {
            try {
              return readFileSync(join(dir, `${i}.${suffix}`), 'latin1');
            } catch {
              return '';
            }
          };
          results.set(cmd, { stdout: read('o'), stderr: read('e') });
        });
        rmSync(dir, { recursive: true, force: true });
        resolve(results);
      };
      sh.on('close', finish);
      sh.on('error', finish);
    });
  }
}

/** Single-quoted for sh: every byte literal. */
function shellQuote(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/**
 * Commands are byte strings (latin1); process arguments are passed as UTF-8.
 * Reading the bytes as UTF-8 makes them arrive unchanged (for valid UTF-8).
 */
export function commandArg(cmd: string): string {
  return Buffer.from(cmd, 'latin1').toString('utf8');
}
