/**
 * Runs make on a generated Makefile: progress lines go to the caller one
 * by one, the compiler's messages (make's stderr) reach the terminal
 * untouched.
 */
import { execa } from 'execa';
import { fstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';

export interface MakeOptions {
  /** make -j N; null: join the jobserver of a make we run under, else one job per core. */
  jobs: number | null;
  /** NAME=VALUE variables for make's command line (V=1, CROSS_COMPILE=...). */
  vars: Record<string, string>;
  goal?: string;
  /** Each line make prints on standard output. */
  onLine: (line: string) => void;
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
  const child = execa('make', args, { stdio: ['ignore', 'pipe', 'inherit', ...extra], reject: false });
  let workLines = 0;
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (IDLE.test(line)) return;
    workLines++;
    opts.onLine(line);
  });
  const done = await child;
  return { exitCode: done.exitCode ?? 1, workLines };
}

/** The commands make would run to build everything from scratch, as the shell would get them. */
export async function dryRunCommands(makefile: string, vars: Record<string, string>): Promise<string[]> {
  const args = ['--no-print-directory', '-n', '-B', '-f', makefile, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), 'V=1'];
  const out = await execa('make', args, { stdin: 'ignore', reject: true });
  // A recipe line continued with backslash-newline is one shell command.
  return out.stdout.replace(/\\\n[ \t]*/g, ' ').split('\n');
}
