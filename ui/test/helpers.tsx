/**
 * Shared set-up for the menu's component tests: a Kconfig tree copied into
 * a scratch directory, a menu over it, rendered with ink-testing-library,
 * and key presses written to its stdin the way a terminal sends them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { loadKconfig, type Kconfig } from 'kconfig-parser-ts';
import { MenuApp } from '../src/components/MenuApp.js';
import type { MenuController } from '../src/controller.js';
import { createMenu } from '../src/launch.js';
import { resolver, type Reasoner } from '../src/reasoning.js';
import { themeFor, type Theme } from '../src/theme.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export const silent = { stdout: () => {}, stderr: () => {} };

/** A scratch copy of fixtures/<name> (tests write .config files there). */
export function scratchTree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ukconfig-ui-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function loadTree(dir: string): Kconfig {
  return loadKconfig('Kconfig', { cwd: dir, output: silent, incremental: true, env: { ...process.env, UKCONFIG_CACHE: '0' } });
}

/** The real resolver. */
export async function realReasoner(): Promise<Reasoner | null> {
  return resolver;
}

export interface Harness {
  dir: string;
  kc: Kconfig;
  c: MenuController;
  frame(): string;
  /** Sends terminal input (one chunk, as a terminal would) and waits for the frame. */
  press(...chunks: string[]): Promise<string>;
  /** Waits until the frame satisfies `want` (work the menu does after a pause: plans, warnings); returns it. */
  until(want: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  cleanup(): void;
}

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  home: '\u001b[H',
  end: '\u001b[F',
  enter: '\r',
  esc: '\u001b',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlR: '\u0012',
  ctrlU: '\u0015',
  /** SGR mouse report: button press at 0-based cell (x, y). */
  click: (x: number, y: number) => `\u001b[<0;${x + 1};${y + 1}M`,
  wheelDown: (x: number, y: number) => `\u001b[<65;${x + 1};${y + 1}M`,
  wheelUp: (x: number, y: number) => `\u001b[<64;${x + 1};${y + 1}M`,
};

const tick = () => new Promise((r) => setTimeout(r, 5));

export interface HarnessOptions {
  config?: string;
  configText?: string;
  reasoner?: Reasoner | null;
  env?: NodeJS.ProcessEnv;
  size?: { columns: number; rows: number };
}

export async function openMenu(fixture: string, o: HarnessOptions = {}): Promise<Harness> {
  const dir = scratchTree(fixture);
  const configPath = join(dir, o.config ?? '.config');
  if (o.configText !== undefined) writeFileSync(configPath, o.configText);
  const kc = loadTree(dir);
  const made = createMenu({ kc, configPath, reasoner: o.reasoner ?? null, resolverProblem: o.reasoner ? null : 'not loaded in this test' });
  if ('error' in made) throw new Error(made.error);
  const c = made.controller;
  const size = o.size ?? { columns: 100, rows: 24 };
  c.store.update((s) => {
    s.size = size;
  });
  c.refreshWarnings();
  const theme: Theme = themeFor(o.env ?? {});
  const r = render(<MenuApp c={c} theme={theme} />);
  await tick();
  return {
    dir,
    kc,
    c,
    frame: () => r.lastFrame() ?? '',
    async press(...chunks: string[]) {
      for (const ch of chunks) {
        r.stdin.write(ch);
        await tick();
      }
      return r.lastFrame() ?? '';
    },
    async until(want, timeoutMs = 5000) {
      const t0 = Date.now();
      while (!want(r.lastFrame() ?? '')) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`the frame never came; last one:\n${r.lastFrame()}`);
        await tick();
      }
      return r.lastFrame() ?? '';
    },
    cleanup() {
      r.unmount();
      c.dispose();
      c.session.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The frame's lines without trailing blanks. */
export function lines(frame: string): string[] {
  return frame.split('\n').map((l) => l.trimEnd());
}

/** The line holding `text` (fails the test through the caller's expect when absent). */
export function lineWith(frame: string, text: string): string {
  return lines(frame).find((l) => l.includes(text)) ?? `<no line with ${text}>`;
}

export function readText(path: string): string {
  return readFileSync(path, 'latin1');
}
