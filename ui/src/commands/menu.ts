/**
 * `ukconfig menu [--kconfig FILE] [--config FILE]`: the interactive
 * configuration menu over the same tree `build` uses.
 *
 * Exit status: 0 after a normal quit (saved or not), 1 when the tree or the
 * configuration cannot be read or there is no terminal, 2 usage error.
 */
import type { Command } from '../../../workspace/src/index.js';

export const command: Command = {
  summary: 'interactive configuration menu (needs a terminal)',
  usage: 'ukconfig menu [-C DIR] [--kconfig FILE] [--config FILE]',
  async run(args, ws) {
    // React's development build checks and times every render, which makes each
    // keystroke several times slower; it is chosen when React is first loaded.
    process.env.NODE_ENV ??= 'production';
    const { runMenu } = await import('../run-menu.js');
    return runMenu(args, ws);
  },
};
