/**
 * Runs `$(shell)` commands ahead of the parse that asks for them, without
 * ever changing what runs: each command is started only once something has
 * established that a serial parse runs it with exactly that text (the scout
 * parse of probes.ts, or a cached tree's recorded plan checked against the
 * tree); the parse then takes the results in its own order.
 *
 * Commands run through one long-lived `/bin/sh` (one fork of this large
 * process instead of one per command), each as popen runs it: `/bin/sh -c`
 * with the command's exact bytes, its output and error output in files,
 * standard input from /dev/null. (The shell uses builtins only: a PATH
 * without `cat` left it waiting forever; the fuzzer found that.) A command
 * started as serial runs alone, in order; concurrent ones (a recognised
 * Kbuild tree's compiler probes, or when the user asks) run together.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childExited, childProcess, sleepSync } from './child-process.js';
import { SyncShell, type ShellResult, type ShellRunner } from './shell.js';

interface Probe {
  cmd: string;
  concurrent: boolean;
  started: boolean;
  result: ShellResult | null;
}

export class ProbeRunner implements ShellRunner {
  private readonly probes: Probe[] = [];
  /** Index of the next probe the parse will ask for (see run). */
  private next = 0;
  private server: { pid: number | undefined; send: (line: string) => void; close: () => void } | null = null;
  private dir: string | null = null;
  private readonly live: SyncShell;

  /**
   * `ahead`: probes may be started before the parse asks for them (by a
   * scout parse or a cached plan; off, each runs when asked, as in conf).
   * `allConcurrent`: every probe may run with others (the user asked), not
   * only a recognised Kbuild tree's compiler probes.
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string | undefined,
    readonly policy: { ahead: boolean; allConcurrent: boolean } = { ahead: false, allConcurrent: false },
  ) {
    this.live = new SyncShell(env, cwd);
  }

  /** Probes known so far (started or queued), in order. */
  get commands(): string[] {
    return this.probes.map((p) => p.cmd);
  }

  /**
   * Adds the next command a serial parse will certainly run, with exactly
   * this text; returns its index. It starts as soon as the order allows.
   */
  add(cmd: string, concurrent: boolean): number {
    this.probes.push({ cmd, concurrent, started: false, result: null });
    this.pump();
    return this.probes.length - 1;
  }

  /** Starts what can start now (a plan's next probes, those a probe that ended was holding back). */
  poll(): void {
    this.pump();
  }

  /** Probe `i`'s result if it has ended, else null. */
  peek(i: number): ShellResult | null {
    this.pump();
    const p = this.probes[i];
    return p.started && this.finish(i) ? p.result : null;
  }

  /**
   * Adds probes by a plan, step by step, whenever the runner is asked
   * anything: `step(n)` takes step n and returns true, or false when it
   * must wait (asked again later), or null when the plan ends.
   */
  follow(step: (n: number) => boolean | null): void {
    this.plan = step;
    this.planStep = 0;
    this.pump();
  }

  private plan: ((n: number) => boolean | null) | null = null;
  private planStep = 0;
  private advancing = false;

  /** Whether a plan may still add probes (after taking the steps it can now). */
  private following(): boolean {
    this.pump();
    return this.plan !== null;
  }

  private advancePlan(): void {
    if (!this.plan || this.advancing) return;
    this.advancing = true;
    try {
      for (;;) {
        const r = this.plan(this.planStep);
        if (r === false) break;
        if (r === null) {
          this.plan = null;
          break;
        }
        this.planStep++;
      }
    } finally {
      this.advancing = false;
    }
  }

  /** The result of probe `i`, waiting for it. */
  result(i: number): ShellResult {
    const p = this.probes[i];
    for (;;) {
      this.pump();
      if (p.started && this.finish(i)) return p.result!;
      sleepSync(1);
    }
  }

  /**
   * The parse's `$(shell)`: the next added probe's result when it is this
   * command; otherwise (a command nobody established ahead) the command runs
   * now, after everything started has ended, as popen runs it; nothing added
   * later is used.
   */
  run(cmd: string): ShellResult {
    // A plan may still add the probe asked for.
    while (this.next >= this.probes.length && this.following()) sleepSync(1);
    if (this.next < this.probes.length && this.probes[this.next].cmd === cmd) return this.result(this.next++);
    this.stop();
    const result = this.live.run(cmd);
    // Kept like the others: a parse after a rewind takes it instead of running it again.
    this.probes.push({ cmd, concurrent: false, started: true, result });
    this.next = this.startedTo = this.ended = this.probes.length;
    return result;
  }

  /**
   * Commands that were started but that the parse never asked for (found
   * when it ends): none, unless the rules of probes.ts were broken. The
   * fuzzer checks this.
   */
  readonly unused: string[] = [];

  private noteUnused(): void {
    for (let i = this.next; i < this.startedTo; i++) this.unused.push(this.probes[i].cmd);
  }

  /** The parse will ask again from its first command (a cached tree was dropped). */
  rewind(): void {
    this.next = 0;
  }

  /** Starts nothing more, waits for what runs and ends the shell. */
  stop(): void {
    this.plan = null;
    this.probes.length = this.startedTo;
    for (let i = 0; i < this.startedTo; i++) this.result(i);
    this.noteUnused();
    this.probes.length = this.startedTo = this.ended = this.next = Math.min(this.next, this.probes.length);
    this.lastSerial = -1;
    this.close();
  }

  /** Ends the shell and removes the output files (their results are kept). */
  close(): void {
    this.server?.close();
    this.server = null;
    if (this.dir) {
      rmSync(this.dir, { recursive: true, force: true });
      scratchDirs.delete(this.dir);
    }
    this.dir = null;
  }

  /** Probes before this index have all ended (collected). */
  private ended = 0;
  /** Probes before this index have been started. */
  private startedTo = 0;
  /** The last serial probe started, or -1. */
  private lastSerial = -1;

  /** Starts what the order allows: a serial probe alone, after everything before it. */
  private pump(): void {
    this.advancePlan();
    while (this.startedTo < this.probes.length) {
      const i = this.startedTo;
      const p = this.probes[i];
      const ready = p.concurrent ? this.lastSerial < 0 || this.finish(this.lastSerial) : this.endedBefore(i);
      if (!ready) return;
      this.start(i);
      this.startedTo++;
      if (!p.concurrent) this.lastSerial = i;
    }
  }

  /** Whether every probe before `i` has ended. */
  private endedBefore(i: number): boolean {
    while (this.ended < i && this.finish(this.ended)) this.ended++;
    return this.ended >= i;
  }

  private start(i: number): void {
    const p = this.probes[i];
    const dir = (this.dir ??= scratchDir());
    this.server ??= startServer(dir, this.env, this.cwd);
    this.server.send(`${i} ${escaped(p.cmd)}\n`);
    p.started = true;
  }

  /** Collects probe `i` if it has ended; whether it has. */
  private finish(i: number): boolean {
    const p = this.probes[i];
    if (p.result) return true;
    const dir = this.dir!;
    const read = (ext: string) => {
      try {
        return readFileSync(join(dir, `${i}.${ext}`), 'latin1');
      } catch {
        return null;
      }
    };
    if (read('s') === null) {
      if (this.server && this.server.pid !== undefined && !childExited(this.server.pid)) return false;
      // The shell died (it cannot start in a missing directory, say): a
      // command it never started (no output file) runs now; one it did has
      // the output it made.
      const out = read('o');
      p.result = out === null ? this.live.run(p.cmd) : { stdout: out, stderr: read('e') ?? '' };
      return true;
    }
    p.result = { stdout: read('o') ?? '', stderr: read('e') ?? '' };
    return true;
  }
}

/**
 * The shell that starts the commands: it reads one a line, as its number and
 * its bytes in printf's octal escapes (see `escaped`), and runs it as
 * `/bin/sh -c` would, with output in `<n>.o` and `<n>.e`, and `<n>.s` made
 * once it has ended. Only shell builtins: no program on PATH is needed.
 */
const SERVER = `run() {
  c=$(printf '%b.' "$2")
  { /bin/sh -c "\${c%.}" >"$D/$1.o" 2>"$D/$1.e" </dev/null; : >"$D/$1.s"; } &
}
D=$1
while read -r n e; do run "$n" "$e"; done
wait
`;

/** A command for the shell above: every byte but a few plain ones as `\0ooo` (no white space, no backslash left). */
function escaped(cmd: string): string {
  return cmd.replace(/[^A-Za-z0-9_.,/:=+-]/g, (c) => `\\0${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
}

function startServer(dir: string, env: NodeJS.ProcessEnv, cwd: string | undefined) {
  const sh = childProcess().spawn('/bin/sh', ['-c', SERVER, 'sh', dir], {
    env,
    cwd,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  sh.on('error', () => {});
  sh.stdin.on('error', () => {});
  sh.unref();
  return {
    pid: sh.pid,
    // A pipe write of a few bytes completes at once: the shell sees it while we wait synchronously.
    send: (line: string) => void sh.stdin.write(line),
    close: () => sh.stdin.end(),
  };
}

/**
 * Where the outputs go: two small files per command, written and removed
 * within the run. On a disk file system (ext4 mounted with discard, as /tmp
 * is on the project's machines) creating and removing ~180 files took ~50 ms
 * of a ~0.5 s Linux run; in memory (tmpfs) it is nearly free. A TMPDIR the
 * user set is honoured.
 */
function scratchDir(): string {
  let dir: string | null = null;
  if (!process.env.TMPDIR) {
    try {
      dir = mkdtempSync('/dev/shm/ukconfig-probes-');
    } catch {
      // No shared-memory file system here, or not ours to write.
    }
  }
  dir ??= mkdtempSync(join(tmpdir(), 'ukconfig-probes-'));
  // Removed when the process ends at the latest, whatever happened to the parse.
  if (!cleanupRegistered) process.once('exit', () => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  cleanupRegistered = true;
  scratchDirs.add(dir);
  return dir;
}

const scratchDirs = new Set<string>();
let cleanupRegistered = false;
