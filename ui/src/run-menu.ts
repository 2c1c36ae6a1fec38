/**
 * The `menu` command's work (menu-command.ts is its entry point): load the
 * tree `build` uses (cli/tree.ts), take over the terminal, run the menu,
 * give the terminal back.
 */
import { KconfigFatal, type Output } from 'kconfig-parser-ts';
import { UsageError, type GlobalOptions } from '../../cli/globals.js';
import { chooseTree } from '../../cli/tree.js';
import { display } from './entry-text.js';
import { isDirty } from './menu-state.js';
import { openMenuTree } from './menu-tree.js';
import { loadReasoner } from './reasoning.js';
import { TerminalGuard } from './terminal.js';

export const NO_TERMINAL_MESSAGE =
  'ukconfig menu: needs an interactive terminal (standard input and output must be a TTY).\n' +
  'Without one, configure with `ukconfig apply <defconfig> [fragment ...]` (values from files,\n' +
  'with a report of those that did not take) or `ukconfig conf` (every mode of Linux conf,\n' +
  'e.g. `ukconfig conf --olddefconfig Kconfig`).\n';

export async function runMenu(args: string[], globals: GlobalOptions): Promise<number> {
  if (args.length) throw new UsageError('usage: ukconfig menu [--kconfig FILE] [--config FILE] (unexpected: ' + args.join(' ') + ')');
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(NO_TERMINAL_MESSAGE);
    return 1;
  }
  const choice = chooseTree(globals);
  // The UI modules load while the tree does.
  const ui = import('./launch.js');
  // Until the menu is up, the engine's messages go where conf's would; afterwards nowhere (the screen is the menu's).
  let errors = '';
  const output: Output = {
    stdout: (t) => process.stdout.write(Buffer.from(t, 'latin1')),
    stderr: (t) => {
      errors += t;
      process.stderr.write(Buffer.from(t, 'latin1'));
    },
  };
  const [tree, resolver, { createMenu, mountMenu }] = await Promise.all([openMenuTree(choice, output).catch((e: unknown) => e), loadReasoner(), ui]);
  if (tree instanceof KconfigFatal) {
    // Some failures (a missing root file) reach us without having been printed.
    if (!errors.includes(tree.text)) process.stderr.write(Buffer.from(tree.text || `${tree.message}\n`, 'latin1'));
    return 1;
  }
  if (tree instanceof Error) throw tree;
  const kc = tree as Awaited<ReturnType<typeof openMenuTree>>;
  const made = createMenu({
    kc,
    configPath: globals.config,
    reasoner: 'reasoner' in resolver ? resolver.reasoner : null,
    resolverProblem: 'problem' in resolver ? resolver.problem : null,
  });
  if ('error' in made) {
    process.stderr.write(`ukconfig menu: ${made.error}\n`);
    return 1;
  }
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
