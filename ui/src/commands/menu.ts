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
  globals: ['dir', 'kconfig', 'config'],
  options: [],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  noJson: 'the menu is interactive',
  help:
    'In a Linux or U-Boot source tree it sees the environment `make menuconfig` gives\n' +
    '(ARCH, CC, CROSS_COMPILE, LLVM, ...: docs/menu.md). The keys: K in the menu, or docs/menu.md.\n' +
    'Exit status: 0 after quitting (saved or not); 1 the tree or configuration cannot be read,\n' +
    'or there is no terminal; 2 usage.',
  async run(_args, ws) {
    // React's development build checks and times every render, which makes each
    // keystroke several times slower; it is chosen when React is first loaded.
    process.env.NODE_ENV ??= 'production';
    const { runMenu } = await import('../run-menu.js');
    return runMenu(ws);
  },
};
