/**
 * Assembling a menu over a loaded tree (the workspace loads it), and
 * mounting it with Ink. The `menu` command, the tests and the benchmark all
 * start the menu through here.
 */
import { createElement } from 'react';
import { render, type Instance } from 'ink';
import type { Kconfig } from 'kconfig-parser-ts';
import { MenuApp } from './components/MenuApp.js';
import { MenuController } from './controller.js';
import { initialState } from './menu-state.js';
import type { Reasoner } from './reasoning.js';
import { ConfigSession } from './session.js';
import { Store } from './store.js';
import { themeFor } from './theme.js';

export interface MenuSetup {
  kc: Kconfig;
  configPath: string;
  /** Where the values come from when `configPath` does not exist yet (a Kbuild tree's default defconfig). */
  startFrom?: string | null;
  reasoner: Reasoner | null;
  /** Why there is no reasoner. */
  resolverProblem: string | null;
}

/** A controller over `kc` with the configuration in `configPath` loaded; or why it cannot be read. */
export function createMenu(setup: MenuSetup): { controller: MenuController } | { error: string } {
  const session = new ConfigSession(setup.kc, setup.reasoner);
  const from = setup.startFrom ?? setup.configPath;
  const base = session.loadBase(from);
  if (base.error) {
    session.dispose();
    return { error: base.error };
  }
  // Values from elsewhere still need saving to configPath.
  const needsSave = !base.found || from !== setup.configPath;
  const state = initialState(setup.kc.rootMenu, setup.configPath, needsSave, setup.reasoner ? null : setup.resolverProblem);
  const store = new Store({ ...state, revision: session.revision });
  return { controller: new MenuController(store, session, setup.reasoner) };
}

export interface MountOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  /** Called after each frame is written. */
  onRender?: () => void;
}

export function mountMenu(c: MenuController, o: MountOptions): Instance {
  // The first frame already has the terminal's size (a second, resized frame would flicker).
  if (o.stdout.columns && o.stdout.rows) {
    c.store.update((s) => {
      s.size = { columns: o.stdout.columns, rows: o.stdout.rows };
    });
  }
  let warming = false;
  const instance = render(createElement(MenuApp, { c, theme: themeFor(o.env) }), {
    stdin: o.stdin,
    stdout: o.stdout,
    stderr: o.stderr,
    // Ctrl-C is a key like the others (quit without saving), handled by the menu.
    exitOnCtrlC: false,
    patchConsole: false,
    // Frames at most every 8 ms: a key's frame is never held back behind the throttle for long.
    maxFps: 120,
    incrementalRendering: false,
    onRender: () => {
      o.onRender?.();
      // Work the first frame need not wait for starts once it is out (Ink writes it right after this call).
      if (!warming) {
        warming = true;
        c.warmUp();
      }
    },
  });
  return instance;
}
