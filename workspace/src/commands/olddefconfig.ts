/**
 * `ukconfig olddefconfig`: what `make olddefconfig` does, in any tree:
 * read the configuration, give every symbol it does not set its default,
 * write it back (atomically, keeping `.old`). In a Kbuild tree without
 * one, it starts from the defconfig Kbuild would (KCONFIG_DEFCONFIG_LIST).
 */
import type { Command } from '../command.js';
import { CommandFailure } from '../errors.js';

export const command: Command = {
  summary: 'update the configuration: every symbol it does not set gets its default',
  globals: ['dir', 'kconfig', 'config'],
  options: [],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help:
    'What `make olddefconfig` does (conf --olddefconfig), without conf\'s include/config/ files.\n' +
    'Exit status: 0 written; 1 the tree or the configuration cannot be read or written; 2 usage.',
  async run(_args, ws) {
    const kc = await ws.load();
    const source = ws.configSource(kc);
    const read = ws.readConfig(kc);
    if (read === 'unreadable') throw new CommandFailure(`cannot read ${source ?? ws.configFile}`);
    ws.writeConfig(kc);
    const from = read === 'missing' ? 'the defaults' : read === 'fallback' ? source : null;
    if (ws.json) process.stdout.write(JSON.stringify({ config: ws.configFile, from: from ?? ws.configFile }, null, 2) + '\n');
    else process.stdout.write(`configuration written to ${ws.configFile}${from ? ` (from ${from})` : ''}\n`);
    return 0;
  },
};
