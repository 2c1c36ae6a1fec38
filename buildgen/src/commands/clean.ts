/**
 * `ukconfig clean`: removes what `build` made (the application's build/
 * folder: objects, generated Makefiles, images). The configuration stays;
 * `distclean` removes it too.
 */
import type { Command } from '../../../workspace/src/index.js';
import { cleanCommand } from '../clean.js';

export const command: Command = {
  summary: 'remove the build outputs (build/); the configuration stays',
  globals: ['dir'],
  options: [],
  operands: { text: '', min: 0, max: 0, complete: 'none' },
  help: 'Exit status: 0 removed (or nothing to remove); 1 something could not be removed; 2 usage.',
  run: (_args, ws) => cleanCommand(ws, false),
};
