/**
 * `ukconfig distclean`: what `clean` removes, and the configuration
 * (.config and .config.old, or --config FILE and FILE.old), each named
 * before it goes.
 */
import type { Command } from '../../../workspace/src/index.js';
import { cleanCommand } from '../clean.js';

export const command: Command = {
  summary: 'remove the build outputs and the configuration (.config, .config.old)',
  globals: ['dir', 'config'],
  options: [],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help: 'Exit status: 0 removed (or nothing to remove); 1 something could not be removed; 2 usage.',
  run: (_args, ws) => cleanCommand(ws, true),
};
