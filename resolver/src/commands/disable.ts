/**
 * `ukconfig disable SYMBOL [--apply[=N]]`: the best plans that turn the
 * symbol off, selectors included (the work is enable's, commands/enable.ts;
 * exit statuses there).
 */
import type { Command } from '../../../workspace/src/index.js';
import { planCommand } from './enable.js';

export const command: Command = {
  summary: 'the best plans that turn SYMBOL off (selectors included); --apply makes one',
  usage: 'ukconfig disable [--kconfig FILE] [--config FILE] [--json] [--apply[=N]] [--keep SYM[,SYM...]] [--timeout MS] SYMBOL',
  run: (args, ws) => planCommand('disable', args, ws),
};
