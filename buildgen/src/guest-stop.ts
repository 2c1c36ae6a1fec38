/**
 * `ukconfig run` stopped by a signal ends its guest before it exits. Node's
 * default would leave QEMU running: execa sends it SIGTERM as we die, which
 * qemu-system obeys, but qemu-user hands SIGTERM and SIGINT to the program
 * it emulates, which may ignore them, and while it waits for a debugger
 * (--gdb) there is no program yet to hand them to: it never ends. So the
 * signal is passed on (Ctrl-C reaches QEMU from the terminal already; a
 * second SIGINT changes nothing), and a guest still there after a grace
 * period is killed. The command then exits as the shell reports death by
 * that signal (128 + its number).
 */
import { constants } from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];

/** How long a guest may take to end on the signal before it is killed. */
export const GUEST_GRACE_MS = 2000;

export class GuestStop {
  /** The first signal received, null while none. */
  received: Signal | null = null;
  private kill: NodeJS.Timeout | null = null;
  private readonly onSignal = (signal: Signal) => {
    this.received ??= signal;
    this.child.kill(signal);
    this.kill ??= setTimeout(() => this.child.kill('SIGKILL'), GUEST_GRACE_MS);
  };

  /** `child`: an execa or a node:child_process child, anything that takes a signal. */
  constructor(private readonly child: { kill(signal?: NodeJS.Signals | number): boolean }) {
    for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  /** After the guest ended: signals act as usual again. */
  dispose(): void {
    for (const s of SIGNALS) process.off(s, this.onSignal);
    if (this.kill) clearTimeout(this.kill);
  }

  /** The shell's status for death by the signal received. */
  exitStatus(): number {
    return 128 + (this.received ? constants.signals[this.received] : 0);
  }
}
