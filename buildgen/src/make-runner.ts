/**
 * Runs make on a generated Makefile: progress lines go to the caller one
 * by one, the compiler's messages (make's stderr) reach the terminal
 * untouched.
 */
import { execa } from 'execa';
import { createInterface } from 'node:readline';

export interface MakeOptions {
  jobs: number;
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

export async function runMake(makefile: string, opts: MakeOptions): Promise<MakeResult> {
  const args = ['--no-print-directory', '-f', makefile, `-j${opts.jobs}`, ...Object.entries(opts.vars).map(([k, v]) => `${k}=${v}`)];
  if (opts.goal) args.push(opts.goal);
  const child = execa('make', args, { stdin: 'ignore', stdout: 'pipe', stderr: 'inherit', reject: false });
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
