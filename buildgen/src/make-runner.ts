/**
 * Runs make on a generated Makefile: progress lines go to the caller one
 * by one, the compiler's messages (make's stderr) reach the terminal
 * untouched.
 */
import { execa, type ResultPromise } from 'execa';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

/**
 * Ctrl-C while make runs. The terminal sends SIGINT to the whole process
 * group, make and its compilers included: make stops its jobs, deletes the
 * targets they left half-written and exits. We wait for it instead of dying
 * first (execa's clean-up would then kill make in the middle of its own:
 * "wait: No child processes"), and then say the build was interrupted.
 * SIGTERM and SIGHUP, usually sent to us alone (kill PID), are passed on to
 * make. SIGINT is not: make has it from the terminal already, and a second
 * one would cut its clean-up short (a SIGINT sent to ukconfig alone lets
 * the running make finish).
 */
export class Interruptions {
  /** The first signal received, null while none. */
  received: Signal | null = null;
  private readonly children = new Set<ResultPromise>();
  private readonly onSignal = (signal: Signal) => {
    this.received ??= signal;
    if (signal !== 'SIGINT') this.forward(signal);
  };

  constructor() {
    for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  track(child: ResultPromise): void {
    this.children.add(child);
    void child.finally(() => this.children.delete(child));
  }

  /**
   * make ends by the signal it was interrupted with (it raises it again
   * after its clean-up): that says so even when our own handler has not
   * run yet, which the event loop does not promise.
   */
  noteEnd(signal: string | undefined): void {
    if (signal && (SIGNALS as readonly string[]).includes(signal)) this.received ??= signal as Signal;
  }

  /** The shell's status for death by the signal: 128 + its number. */
  exitStatus(): number {
    return 128 + (this.received ? constants.signals[this.received] : 0);
  }

  private forward(signal: Signal): void {
    for (const c of this.children) c.kill(signal);
  }

  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }
}

export interface MakeOptions {
  jobs: number;
  /** NAME=VALUE variables for make's command line (V=1, CROSS_COMPILE=...). */
  vars: Record<string, string>;
  goal?: string;
  /** Each line make prints on standard output. */
  onLine: (line: string) => void;
  /** Signals while make runs (see Interruptions). */
  interruptions?: Interruptions;
}

export interface MakeResult {
  exitCode: number;
  /** Lines of work make reported (0: everything was up to date). */
  workLines: number;
}

// make's own chatter, not work: "make: Nothing to be done for 'all'." / "is up to date."
const IDLE = /^make(\[\d+\])?: (Nothing to be done for|'.*' is up to date)/;

export async function runMake(makefile: string, opts: MakeOptions): Promise<MakeResult> {
  const args = ['--no-print-directory', '-f', makefile, `-j${opts.jobs}`, ...Object.entries(opts.vars).map(([k, v]) => `${k}=${v}`)];
  if (opts.goal) args.push(opts.goal);
  const child = execa('make', args, { stdin: 'ignore', stdout: 'pipe', stderr: 'inherit', reject: false });
  opts.interruptions?.track(child);
  let workLines = 0;
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (IDLE.test(line)) return;
    workLines++;
    opts.onLine(line);
  });
  const done = await child;
  opts.interruptions?.noteEnd(done.signal);
  return { exitCode: done.exitCode ?? 1, workLines };
}

/** The commands make would run to build everything from scratch, as the shell would get them. */
export async function dryRunCommands(makefile: string, vars: Record<string, string>): Promise<string[]> {
  const args = ['--no-print-directory', '-n', '-B', '-f', makefile, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'V=1'];
  const out = await execa('make', args, { stdin: 'ignore', reject: true });
  // A recipe line continued with backslash-newline is one shell command.
  return out.stdout.replace(/\\\n[ \t]*/g, ' ').split('\n');
}
