/**
 * `ukconfig savedefconfig [FILE]`: what `make savedefconfig` does: the
 * minimal configuration (only what differs from the defaults), to FILE
 * (default `defconfig`); applied to the same tree, it gives the same
 * configuration back.
 */
import type { Command } from '../command.js';
import { CommandFailure } from '../errors.js';

export const command: Command = {
  summary: 'write the minimal configuration (what differs from the defaults) to FILE',
  globals: ['dir', 'kconfig', 'config'],
  options: [],
  operands: { text: '[FILE]', min: 0, max: 1, complete: 'file' },
  help:
    'FILE defaults to defconfig. `ukconfig apply FILE` gives the configuration back.\n' +
    'Exit status: 0 written; 1 the tree or the configuration cannot be read, or FILE cannot be\n' +
    'written; 2 usage.',
  async run({ operands: [file = 'defconfig'] }, ws) {
    const kc = await ws.load();
    const read = ws.readConfig(kc);
    if (read === 'unreadable') throw new CommandFailure(`cannot read ${ws.configFile}`);
    if (!kc.writeMinimalConfig(file)) throw new CommandFailure(`cannot write ${file}: ${kc.writeError ?? 'unknown error'}`);
    if (ws.json) process.stdout.write(JSON.stringify({ config: read === 'read' ? ws.configFile : null, file }, null, 2) + '\n');
    else process.stdout.write(`minimal configuration written to ${file}${read === 'missing' ? ` (no ${ws.configFile}: from the defaults)` : ''}\n`);
    return 0;
  },
};
