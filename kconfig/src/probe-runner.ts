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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleepSync } from './child-process.js';
import type { ShellResult, ShellRunner } from './shell.js';
import { commandMessage, cString, makeFifos, removeScratchDir, scratchDir, SerialShell, spawnServer, StatusFifo } from './shell-server.js';

interface Probe {
  cmd: string;
  concurrent: boolean;
  started: boolean;
  result: ShellResult | null;
}

/** How often `settled` looks (a probe's end is seen at most this late; each look costs microseconds). */
const SETTLE_POLL_MS = 2;

/**
 * Probes running together from which `settled` hands the thread to the
 * caller's work: each compiler probe takes tens of milliseconds or more,
 * and with this many of them sharing the machine's cores, the last ends
 * well after the ~100 ms the menu's modules take to load (Linux: over 40
 * at once).
 */
const BUSY_PROBES = 16;

export class ProbeRunner implements ShellRunner {
  private readonly probes: Probe[] = [];
  /** Index of the next probe the parse will ask for (see run). */
  private next = 0;
  private server: ProbeServer | null = null;
  private dir: string | null = null;
  /** Runs the commands nobody established ahead, when the parse reaches them. */
  private readonly live: SerialShell;

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
    this.live = new SerialShell(env, cwd);
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

  /**
   * Resolves once the plan has added all it will and every probe added has
   * ended: what `run` would wait for, waited for without holding the
   * thread (polled every few milliseconds, the plan's next steps taken
   * each time). `meanwhile` is called once, when at least `busy` probes
   * run at the same time: work the caller then does on this thread (which
   * takes no plan step and starts nothing while it lasts) is done before
   * they have all ended, instead of holding back a probe that waits for
   * one of them to end.
   */
  async settled(meanwhile?: () => void, busy = BUSY_PROBES): Promise<void> {
    for (;;) {
      this.pump();
      if (this.plan === null && this.startedTo === this.probes.length && this.endedBefore(this.startedTo)) return;
      if (meanwhile && this.running() >= busy) {
        const call = meanwhile;
        meanwhile = undefined;
        call();
      }
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }

  /** How many probes have started and not ended (as far as reported). */
  private running(): number {
    this.server?.collect(false);
    let n = 0;
    for (let i = this.ended; i < this.startedTo; i++) if (!this.probes[i].result && !this.server?.done.has(i)) n++;
    return n;
  }

  /** The result of probe `i`, waiting for it. */
  result(i: number): ShellResult {
    const p = this.probes[i];
    for (;;) {
      this.pump();
      if (p.started && this.finish(i)) return p.result!;
      this.waitForAny();
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
    while (this.next >= this.probes.length && this.following()) this.waitForAny();
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

  /** Starts nothing more, waits for what runs and ends the shell that ran it (not the serial one). */
  stop(): void {
    this.plan = null;
    this.probes.length = this.startedTo;
    // From the first not collected: a live command stops the runner each
    // time, and a tree of many commands made this quadratic from index 0.
    for (let i = this.ended; i < this.startedTo; i++) this.result(i);
    this.noteUnused();
    this.probes.length = this.startedTo = this.ended = this.next = Math.min(this.next, this.probes.length);
    this.lastSerial = -1;
    this.closeServer();
  }

  /** Ends both shells and removes their files (the results are kept): the parse is over. */
  close(): void {
    this.closeServer();
    this.live.close();
  }

  private closeServer(): void {
    this.server?.close();
    this.server = null;
    if (this.dir) removeScratchDir(this.dir);
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
    p.started = true;
    if (!this.server) {
      const dir = (this.dir ??= scratchDir());
      this.server = startServer(dir, this.env, this.cwd);
    }
    // Without a shell to start them, each runs now (it was its turn).
    if (!this.server) p.result = this.live.run(p.cmd);
    else this.server.send(`${i} ${p.concurrent ? 'c' : 's'} ${commandMessage(cString(p.cmd))}`);
  }

  /** Waits until a probe that runs ends (or the shell has died). */
  private waitForAny(): void {
    if (!this.server?.collect(true)) sleepSync(1);
  }

  /** Collects probe `i` if it has ended; whether it has. */
  private finish(i: number): boolean {
    const p = this.probes[i];
    if (p.result) return true;
    const server = this.server!;
    if (!server.done.has(i) && server.collect(false) && !server.done.has(i)) return false;
    const read = (ext: string) => {
      try {
        return readFileSync(join(this.dir!, `${i}.${ext}`), 'latin1');
      } catch {
        return null;
      }
    };
    if (server.done.has(i)) p.result = { stdout: read('o') ?? '', stderr: read('e') ?? '' };
    else {
      // The shell died (it cannot start in a missing directory, say): a
      // command it never started (no output file) runs now; one it did has
      // the output it made.
      const out = read('o');
      p.result = out === null ? this.live.run(p.cmd) : { stdout: out, stderr: read('e') ?? '' };
    }
    return true;
  }
}

/**
 * The shell that starts the commands: it reads each as its number, `c`
 * (concurrent) or `s` (serial), its number of lines and its lines (see
 * commandMessage), runs it as `/bin/sh -c` would, with output in `<n>.o` and
 * `<n>.e`, and says `<n>` on the status FIFO (fd 3) once it has ended. A
 * serial command runs alone (nothing is started meanwhile): the shell waits
 * for it, which spares the fork of a background subshell. Only shell
 * builtins (and /bin/rm of its folder at the end): no program on PATH is needed (a PATH without `cat` once left it
 * waiting forever), and no fork but the commands' (decoding each command
 * with printf in a command substitution cost one more). `V_`: see
 * spawnServer.
 */
const SERVER = `trap 'V_lost=1' PIPE
V_run() {
  /bin/sh -c "$V_cmd" >"$V_dir/$V_n.o" 2>"$V_dir/$V_n.e" </dev/null 3>&-
  echo "$V_n" >&3
}
V_dir=$1
V_nl='
'
while IFS=' ' read -r V_n V_how V_lines; do
  IFS= read -r V_cmd
  while [ "$V_lines" -gt 1 ]; do IFS= read -r V_line; V_cmd=$V_cmd$V_nl$V_line; V_lines=$((V_lines - 1)); done
  if [ "$V_how" = c ]; then V_run & else V_run; fi
done
wait
# As the serial shell's (shell-server.ts, also for the trap above): a killed
# parent leaves nobody else to remove the folder; a live one has read every
# result by now.
/bin/rm -rf "$V_dir"
`;

interface ProbeServer {
  /** Sends bytes (a latin1 string). */
  send(text: string): void;
  /** Probes that have ended. */
  done: Set<number>;
  /**
   * Takes the reports that have come (with `wait`, at least one); false
   * once the shell and every command it started have ended.
   */
  collect(wait: boolean): boolean;
  close(): void;
}

function startServer(dir: string, env: NodeJS.ProcessEnv, cwd: string | undefined): ProbeServer | null {
  const path = join(dir, 'status');
  if (!makeFifos([path])) return null;
  const status = new StatusFifo(path, true);
  const sh = spawnServer(SERVER, dir, env, cwd, [status.writer]);
  status.handedOver();
  if (!sh) {
    status.close();
    return null;
  }
  const done = new Set<number>();
  return {
    // A pipe write of a few bytes completes at once: the shell sees it while we wait synchronously.
    send: (text) => void sh.stdin!.write(Buffer.from(text, 'latin1')),
    done,
    collect(wait) {
      for (let line = status.line(wait); line !== null; line = status.line(false)) done.add(Number(line));
      return !status.ended;
    },
    close() {
      // As the serial shell's (shell-server.ts): input closed at once, the shell waited for.
      sh.stdin!.destroy();
      while (status.line(true) !== null);
      status.close();
    },
  };
}
