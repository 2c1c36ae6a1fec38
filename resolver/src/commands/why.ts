/**
 * `ukconfig why SYMBOL`: why the symbol has its value and what limits it.
 * Exit status: 0 explained; 1 unknown symbol or unreadable tree/config; 2 usage.
 */
import type { Command } from '../../../workspace/src/index.js';
import { EXIT, findSymbol, openConfigured, toJson } from '../command-support.js';
import { explain } from '../explain.js';

export const command: Command = {
  summary: 'why a symbol has its value, and what keeps it from changing',
  globals: ['dir', 'kconfig', 'config'],
  options: [],
  operands: { text: 'SYMBOL', min: 1, max: 1, complete: 'none' },
  help: 'Exit status: 0 explained; 1 unknown symbol, or the tree or configuration cannot be read; 2 usage.',
  async run({ operands: [name] }, ws) {
    const { kc, configRead } = await openConfigured(ws);
    const e = explain(kc, findSymbol(kc, name));
    if (ws.json) {
      const { text, ...rest } = e;
      void text;
      process.stdout.write(toJson({ config: configRead ? ws.configFile : null, ...rest }));
    } else {
      if (!configRead) process.stdout.write(`(no ${ws.configFile}: values are the defaults)\n`);
      process.stdout.write(e.text);
    }
    return EXIT.ok;
  },
};
