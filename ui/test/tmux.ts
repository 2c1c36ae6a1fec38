/**
 * Driving the real `ukconfig menu` in a real terminal: tmux runs it in a
 * detached session of a given size; tests type with send-keys and read the
 * screen with capture-pane. The pane stays after the program ends so that
 * its last words and the terminal's modes can be checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const UKCONFIG = join(REPO, 'bin/ukconfig.js');

export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

let serial = 0;

export class Tmux {
  private readonly socket = `ukconfig-ui-${process.pid}-${serial++}`;
  private readonly scratch = mkdtempSync(join(tmpdir(), 'ukconfig-tmux-'));

  /**
   * Starts `command` (a shell command line) in `cwd` with `env` added to a
   * clean environment; CI is unset, or Ink would write no frames.
   */
  start(command: string, o: { cwd: string; env?: Record<string, string>; columns?: number; rows?: number }): void {
    const script = join(this.scratch, 'run.sh');
    const exports = Object.entries(o.env ?? {})
      .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
      .join('\n');
    writeFileSync(
      script,
      `unset CI\nexport TERM=xterm-256color\n${exports}\ncd ${shellQuote(o.cwd)} || exit 1\n${command}\necho "__EXIT__$?"\nexec sleep 3600\n`,
    );
    this.tmux('new-session', '-d', '-s', 'ui', '-x', String(o.columns ?? 120), '-y', String(o.rows ?? 40), 'bash', script);
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Named keys as tmux knows them (Enter, Escape, Up, NPage, C-c, ...). */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'ui', ...keys);
  }

  /** Text typed as is. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'ui', '-l', text);
  }

  /** The screen as text (with `escapes`: colours and attributes too). */
  screen(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'ui');
  }

  /** Waits until the screen satisfies `want` (text it must contain, or a predicate). */
  async waitFor(want: string | ((screen: string) => boolean), timeoutMs = 15000): Promise<string> {
    const ok = typeof want === 'string' ? (s: string) => s.includes(want) : want;
    const t0 = Date.now();
    let s = '';
    while (Date.now() - t0 < timeoutMs) {
      s = this.screen();
      if (ok(s)) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${typeof want === 'string' ? JSON.stringify(want) : 'the screen'}; screen was:\n${s}`);
  }

  /** Sends keys, then waits for what they should bring on screen. */
  async press(keys: string | string[], want: string | ((screen: string) => boolean)): Promise<string> {
    this.keys(...(Array.isArray(keys) ? keys : [keys]));
    return this.waitFor(want);
  }

  /** The program's exit status, once it has ended. */
  async exitStatus(timeoutMs = 15000): Promise<number> {
    const s = await this.waitFor((x) => /__EXIT__\d+/.test(x), timeoutMs);
    return Number(/__EXIT__(\d+)/.exec(s)![1]);
  }

  /** Terminal modes of the pane: alternate screen, mouse reporting, cursor shown. */
  modes(): { alternate: boolean; mouse: boolean; cursor: boolean } {
    const [alt, mouse, cursor] = this.tmux('display-message', '-p', '-t', 'ui', '#{alternate_on} #{mouse_any_flag} #{cursor_flag}').trim().split(' ');
    return { alternate: alt === '1', mouse: mouse === '1', cursor: cursor === '1' };
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'ui', '-x', String(columns), '-y', String(rows));
  }

  /** Process id of the program in the pane (its shell's child). */
  panePid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
  }

  kill(): void {
    // Killing the server only hangs up the pane, and some programs do not stop
    // on that (Linux's mconf spins on the dead terminal): end the pane's
    // process group (the pane's program leads it) first.
    const pane = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '-t', 'ui', '#{pane_pid}'], { encoding: 'utf8' });
    const pid = Number(pane.stdout?.trim());
    if (pane.status === 0 && pid > 0) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // The program had ended.
      }
    }
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Non-empty lines of a captured screen, trailing blanks removed. */
export function screenLines(screen: string): string[] {
  return screen.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
}
