/**
 * The conf program as a process: buffered stdout, immediate stderr, stdin
 * line reading, and $(shell) probes replayed (KSHELL_CACHE) or run ahead.
 */
import { writeSync } from 'node:fs';
import { parallelProbesRequested } from '../probes.js';
import { ProbeRunner } from '../probe-runner.js';
import { RecordedShell, type ShellRunner } from '../shell.js';
import { runConf } from './conf.js';
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

/**
 * conf's $(shell) runner: probes replayed from a recording (KSHELL_CACHE),
 * or run ahead where that changes nothing (see probes.ts), unless
 * UKCONFIG_SERIAL_PROBES asks for each to run when reached.
 */
export function shellFor(env: Record<string, string | undefined>, cwd: string, parallel: boolean): ShellRunner {
  const processEnv = env as NodeJS.ProcessEnv;
  if (env.KSHELL_CACHE) return new RecordedShell(env.KSHELL_CACHE, processEnv, cwd);
  return new ProbeRunner(processEnv, cwd, { ahead: !env.UKCONFIG_SERIAL_PROBES, allConcurrent: parallel || parallelProbesRequested({ env }) });
}

/** Our option, not conf's: every probe may run with the others (see probes.ts). */
const PARALLEL_PROBES = '--parallel-probes';

export async function confMain(args: string[], progname = 'conf'): Promise<number> {
  const out = new ProcessOutput();
  const env = process.env;
  const argv = args.filter((a) => a !== PARALLEL_PROBES);
  const shell = shellFor(env, process.cwd(), argv.length < args.length);
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
