/**
 * Runs make on a generated Makefile: progress lines go to the caller one
 * by one, the compiler's messages (make's stderr) reach the terminal
 * untouched.
 */
import { execa, type ResultPromise } from 'execa';
import { fstatSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
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
  /** make -j N; null: join the jobserver of a make we run under, else one job per core. */
  jobs: number | null;
  /** NAME=VALUE variables for make's command line (V=1, CROSS_COMPILE=...). */
  vars: Record<string, string>;
  goal?: string;
  /** make's working folder (the compilers', which debug information records); default ours. */
  cwd?: string;
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

type Fd = 3 | 4 | 5 | 6 | 7 | 8 | 9;

/**
 * The jobserver of the make that runs us (a recipe line marked `+`), from
 * MAKEFLAGS: the file descriptors of its pipe (make 4.3), none for a named
 * pipe (make 4.4, named in MAKEFLAGS itself); null when there is none or
 * its descriptors did not reach us.
 */
export function enclosingJobserver(env: NodeJS.ProcessEnv): { fds: Fd[] } | null {
  const m = /--jobserver-auth=(?:(\d+),(\d+)|fifo:)/.exec(env.MAKEFLAGS ?? '');
  if (!m) return null;
  if (m[1] === undefined) return { fds: [] };
  const fds = [Number(m[1]), Number(m[2])] as Fd[];
  // execa hands on descriptors 3 to 9 (make 4.3 uses 3 and 4).
  if (fds.some((fd) => fd < 3 || fd > 9)) return null;
  try {
    // The two ends of one pipe: make closes them for a recipe not marked `+`, and the numbers may be reused since.
    const [r, w] = fds.map((fd) => fstatSync(fd));
    return r.isFIFO() && w.isFIFO() && r.ino === w.ino ? { fds } : null;
  } catch {
    return null;
  }
}

export async function runMake(makefile: string, opts: MakeOptions): Promise<MakeResult> {
  // Under make, share its job slots: its -j bounds all the images of all the builds it runs.
  const jobserver = opts.jobs === null ? enclosingJobserver(process.env) : null;
  const jobs = jobserver ? [] : [`-j${opts.jobs ?? availableParallelism()}`];
  const args = ['--no-print-directory', '-f', makefile, ...jobs, ...Object.entries(opts.vars).map(([k, v]) => `${k}=${v}`)];
  if (opts.goal) args.push(opts.goal);
  // Node passes a child only the descriptors it is given: the jobserver's pipe, at the same numbers.
  const extra: ('ignore' | Fd)[] = [];
  for (const fd of jobserver?.fds ?? []) {
    while (extra.length <= fd - 3) extra.push('ignore');
    extra[fd - 3] = fd;
  }
  const child = execa('make', args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'inherit', ...extra], reject: false });
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
