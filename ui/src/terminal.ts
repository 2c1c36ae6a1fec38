/**
 * Puts the terminal into the state the menu needs (alternate screen, mouse
 * reporting) and guarantees it is put back however the process ends: normal
 * exit, Ctrl-C, a signal, or a crash. Restoring is idempotent.
 */
import { MOUSE_OFF, MOUSE_ON } from './keys.js';

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[H\u001b[2J';
const ALT_SCREEN_OFF = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const SIGNAL_NUMBER: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGTERM: 15 };

export class TerminalGuard {
  private active = false;
  private onSignal = (sig: NodeJS.Signals) => {
    this.restore();
    process.exit(128 + (SIGNAL_NUMBER[sig] ?? 1));
  };
  private onCrash = (err: unknown) => {
    this.restore();
    process.stderr.write(`ukconfig menu: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(70);
  };
  private onExit = () => this.restore();

  constructor(
    private readonly stdin: NodeJS.ReadStream,
    private readonly stdout: NodeJS.WriteStream,
    private readonly mouse: boolean,
  ) {}

  enter(): void {
    if (this.active) return;
    this.active = true;
    process.on('exit', this.onExit);
    for (const s of SIGNALS) process.on(s, this.onSignal);
    process.on('uncaughtException', this.onCrash);
    process.on('unhandledRejection', this.onCrash);
    this.stdout.write(ALT_SCREEN_ON + (this.mouse ? MOUSE_ON : ''));
  }

  restore(): void {
    if (!this.active) return;
    this.active = false;
    try {
      if (this.stdin.isTTY) this.stdin.setRawMode(false);
    } catch {
      // stdin may already be closed; the terminal escape sequences below still matter.
    }
    this.stdout.write((this.mouse ? MOUSE_OFF : '') + SHOW_CURSOR + ALT_SCREEN_OFF);
    process.off('exit', this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    process.off('uncaughtException', this.onCrash);
    process.off('unhandledRejection', this.onCrash);
  }
}
