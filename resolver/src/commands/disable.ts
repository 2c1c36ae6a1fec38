/**
 * `ukconfig disable SYMBOL [--apply[=N]]`: the best plans that turn the
 * symbol off, selectors included (the work is enable's, commands/enable.ts;
 * exit statuses there).
 */
import type { Command } from '../../../workspace/src/index.js';
import { PLAN_HELP, PLAN_OPTIONS, planCommand } from './enable.js';

export const command: Command = {
  summary: 'the best plans that turn SYMBOL off (selectors included); --apply makes one',
  globals: ['dir', 'kconfig', 'config'],
  options: PLAN_OPTIONS,
  operands: { text: 'SYMBOL', min: 1, max: 1, complete: 'none' },
  help: PLAN_HELP,
  run: (args, ws) => planCommand('disable', args, ws),
};
