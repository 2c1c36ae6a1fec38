/**
 * The conf program as a process: buffered stdout, immediate stderr, stdin
 * line reading, and $(shell) probes replayed (KSHELL_CACHE) or run in parallel.
 */
import { writeSync } from 'node:fs';
import { prefetchProbes } from '../probes.js';
import { PrefetchedShell, RecordedShell, SyncShell, type ShellRunner } from '../shell.js';
import { runConf } from './conf.js';
import { kconfigOperand } from './conf-args.js';
import { earlyProbes } from './conf-early.js';
import { LineInput } from './line-input.js';

/** An Output that batches stdout (like stdio on a pipe) and writes stderr at once. */
export class ProcessOutput {
  private pending: string[] = [];
  private size = 0;
  stdout = (t: string): void => {
    this.pending.push(t);
    this.size += t.length;
    if (this.size > 1 << 16) this.flush();
  };
  stderr = (t: string): void => {
    writeAll(2, t);
  };
  flush(): void {
    if (!this.pending.length) return;
    writeAll(1, this.pending.join(''));
    this.pending = [];
    this.size = 0;
  }
}

export function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'latin1');
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return;
      throw e;
    }
  }
}

export async function shellFor(
  kconfigFile: string | null,
  env: Record<string, string | undefined>,
  cwd: string,
  extensions: boolean,
): Promise<ShellRunner> {
  const processEnv = env as NodeJS.ProcessEnv;
  if (env.KSHELL_CACHE) return new RecordedShell(env.KSHELL_CACHE, processEnv, cwd);
  if (!kconfigFile || env.UKCONFIG_SERIAL_PROBES) return new SyncShell(processEnv, cwd);
  // Started at process start from the tree cache's probe list (see conf-early.ts).
  // Not awaited here: the tree cache is read and decoded while they run.
  const early = earlyProbes();
  if (early) return new PrefetchedShell(() => early.resultsSync(), new SyncShell(processEnv, cwd));
  const results = await prefetchProbes(kconfigFile, { env, cwd, extensions });
  return new PrefetchedShell(results, new SyncShell(processEnv, cwd));
}

export async function confMain(argv: string[], progname = 'conf'): Promise<number> {
  const out = new ProcessOutput();
  const env = process.env;
  const shell = await shellFor(kconfigOperand(argv), env, process.cwd(), false);
  const input = new LineInput(0, () => out.flush());
  try {
    return runConf(argv, {
      out,
      input,
      // Asked only when conf prompts; node:tty loads the stream and net modules.
      get tty() {
        const { isatty } = process.getBuiltinModule('node:tty');
        return isatty(0) && isatty(1);
      },
      env,
      cwd: process.cwd(),
      progname,
      shell,
    });
  } finally {
    out.flush();
  }
}
