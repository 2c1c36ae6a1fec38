/**
 * The `menu` command's work (commands/menu.ts is its entry point): load the
 * tree `build` uses, take over the terminal, run the menu, give the
 * terminal back.
 */
import { CommandFailure, TreeLoadError, type Workspace } from '../../workspace/src/index.js';
import { display } from './entry-text.js';
import { isDirty } from './menu-state.js';
import { TerminalGuard } from './terminal.js';

const NO_TERMINAL_MESSAGE =
  'ukconfig menu: needs an interactive terminal (standard input and output must be a TTY).\n' +
  'Without one, configure with `ukconfig apply <defconfig> [fragment ...]` (values from files,\n' +
  'with a report of those that did not take) or `ukconfig conf` (every mode of Linux conf,\n' +
  'e.g. `ukconfig conf --olddefconfig Kconfig`).\n';

export async function runMenu(ws: Workspace): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(NO_TERMINAL_MESSAGE);
    return 1;
  }
  // No tree here is a usage error, found before anything loads.
  const { kind } = ws.tree();
  // The UI and the resolver load alongside the tree. In a Kbuild tree (Linux),
  // whose probes would wait behind them, they load while its probes run (a
  // cached tree waits for them with the thread free), else once it is loaded.
  // Until the menu is up, the engine's messages go where conf's would;
  // afterwards nowhere (the screen is the menu's).
  let ui: Promise<[typeof import('./launch.js'), typeof import('./reasoning.js')]> | undefined;
  const loadUi = () => {
    if (!ui) {
      ui = Promise.all([import('./launch.js'), import('./reasoning.js')]);
      // Awaited once the tree is loaded: a failure meanwhile is not an unhandled rejection.
      ui.catch(() => {});
    }
    return ui;
  };
  if (kind !== 'kbuild') loadUi();
  const tree = await ws.load({ incremental: true, whileProbesRun: loadUi }).catch((e: unknown) => e);
  const [{ createMenu, mountMenu }, { resolver }] = await loadUi();
  if (tree instanceof TreeLoadError) return 1;
  if (tree instanceof Error) throw tree;
  const kc = tree as Awaited<ReturnType<Workspace['load']>>;
  const made = createMenu({ kc, configPath: ws.configFile, startFrom: ws.configSource(kc), reasoner: resolver, resolverProblem: null });
  if ('error' in made) throw new CommandFailure(made.error);
  const c = made.controller;
  kc.out = { stdout: () => {}, stderr: () => {} };
  const guard = new TerminalGuard(process.stdin, process.stdout, process.env.UKCONFIG_MENU_MOUSE !== '0');
  guard.enter();
  try {
    const ink = mountMenu(c, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
    await ink.waitUntilExit();
    ink.cleanup();
  } finally {
    c.dispose();
    c.session.dispose();
    guard.restore();
  }
  const exit = c.state.exit;
  if (exit?.saved) process.stdout.write(`Configuration saved to ${display(c.state.configPath)}.\n`);
  else if (isDirty(c.state)) process.stdout.write('Your configuration changes were NOT saved.\n');
  return 0;
}
