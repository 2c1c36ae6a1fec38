/**
 * `ukconfig disable SYMBOL [--apply]`: the fewest changes that turn the
 * symbol off, selectors included (the work is enable's, commands/enable.ts;
 * exit statuses there).
 */
import type { Command } from '../../../workspace/src/index.js';
import { planCommand } from './enable.js';

export const command: Command = {
  summary: 'the fewest changes that turn SYMBOL off (selectors included); --apply makes them',
  usage: 'ukconfig disable [--kconfig FILE] [--config FILE] [--json] [--apply] [--timeout MS] SYMBOL',
  run: (args, ws) => planCommand('disable', args, ws),
};
