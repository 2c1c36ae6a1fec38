/**
 * Runs many $(shell) commands at once through a single /bin/sh: one fork of
 * this (large) process instead of one per command, every command started
 * immediately. Each command's output goes to its own files, read when all
 * are done: by the event loop (`done`), or by a synchronous caller that
 * blocks for them (`resultsSync`) and so can work while they run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childExited, childProcess, sleepSync } from './child-process.js';
import type { ShellResult } from './shell.js';

export class ProbeBatch {
  /** Resolves with each command's output once every command has finished. */
  readonly done: Promise<Map<string, ShellResult>>;
  private readonly dir: string;
  private readonly pid: number | undefined;
  private results: Map<string, ShellResult> | null = null;

  constructor(
    readonly commands: string[],
    env: NodeJS.ProcessEnv,
    cwd: string | undefined,
  ) {
    this.dir = scratchDir();
    const script = batchScript(commands, (i, stream) => join(this.dir, `${i}.${stream}`)) + `: >${shellQuote(join(this.dir, 'done'))}\n`;
    const sh = childProcess().spawn('/bin/sh', ['-c', commandArg(script)], { env, cwd, stdio: 'ignore' });
    this.pid = sh.pid;
    this.done = new Promise((resolve) => {
      sh.on('close', () => resolve(this.collect()));
      sh.on('error', () => resolve(this.collect()));
    });
  }

  /** Blocks until every command has finished; their outputs. */
  resultsSync(): Map<string, ShellResult> {
    if (this.results) return this.results;
    const marker = join(this.dir, 'done');
    while (this.pid !== undefined && !existsSync(marker) && !childExited(this.pid)) sleepSync(1);
    return this.collect();
  }

  private collect(): Map<string, ShellResult> {
    if (this.results) return this.results;
    const results = new Map<string, ShellResult>();
    const read = (name: string) => {
      try {
        return readFileSync(join(this.dir, name), 'latin1');
      } catch {
        return null;
      }
    };
    this.commands.forEach((cmd, i) => {
      // No output file: the command never started (the batch shell died), so
      // it has no result here and the caller's fallback runs it.
      const stdout = read(`${i}.o`);
      if (stdout !== null) results.set(cmd, { stdout, stderr: read(`${i}.e`) ?? '' });
    });
    rmSync(this.dir, { recursive: true, force: true });
    this.results = results;
    return results;
  }
}

/**
 * Where a batch keeps its outputs: two small files per command, written and
 * removed within the run. On a disk file system (ext4 mounted with discard,
 * as /tmp is on the project's machines) creating and removing ~180 files
 * took ~50 ms of a ~0.5 s Linux run, most of it next to the probes; in
 * memory (tmpfs) it is nearly free. A TMPDIR the user set is honoured.
 */
function scratchDir(): string {
  if (!process.env.TMPDIR) {
    try {
      return mkdtempSync('/dev/shm/ukconfig-probes-');
    } catch {
      // No shared-memory file system here, or not ours to write.
    }
  }
  return mkdtempSync(join(tmpdir(), 'ukconfig-probes-'));
}

/**
 * A sh script that starts every command at once, each as popen's `sh -c`
 * would run it, with its output and error output in `output(i, 'o' | 'e')`,
 * and waits for all of them.
 */
export function batchScript(commands: string[], output: (index: number, stream: 'o' | 'e') => string): string {
  // A subshell is the same as `sh -c` but for `$$` (the batch shell's pid for
  // all), so commands using `$$` (probes name temporary files after it) get a
  // shell process of their own.
  const lines = commands.map((c, i) => {
    const run = c.includes('$$') ? `/bin/sh -c ${shellQuote(c)}` : `(eval ${shellQuote(c)})`;
    return `${run} >${shellQuote(output(i, 'o'))} 2>${shellQuote(output(i, 'e'))} </dev/null &\n`;
  });
  return lines.join('') + 'wait\n';
}

/** Single-quoted for sh: every byte literal. */
export function shellQuote(s: string): string {
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/**
 * Commands are byte strings (latin1); process arguments are passed as UTF-8.
 * Reading the bytes as UTF-8 makes them arrive unchanged (for valid UTF-8).
 */
export function commandArg(cmd: string): string {
  return Buffer.from(cmd, 'latin1').toString('utf8');
}
