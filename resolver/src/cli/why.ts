/**
 * `ukconfig why SYMBOL`: why the symbol has its value and what limits it.
 * Exit status: 0 explained; 1 unknown symbol or unreadable tree/config; 2 usage.
 */
import type { GlobalOptions } from '../../../cli/globals.js';
import { UsageError } from '../../../cli/globals.js';
import { explain } from '../explain.js';
import { CommandError, EXIT, findSymbol, openConfigured, toJson } from './common.js';

export async function whyCommand(args: string[], globals: GlobalOptions): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('-')) throw new UsageError('usage: ukconfig why [--kconfig FILE] [--config FILE] [--json] SYMBOL');
  try {
    const { kc, configRead } = await openConfigured(globals);
    const e = explain(kc, findSymbol(kc, args[0]));
    if (globals.json) {
      const { text, ...rest } = e;
      void text;
      process.stdout.write(toJson({ config: configRead ? globals.config : null, ...rest }));
    } else {
      if (!configRead) process.stdout.write(`(no ${globals.config}: values are the defaults)\n`);
      process.stdout.write(e.text);
    }
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommandError) {
      process.stderr.write(`ukconfig why: ${err.message}\n`);
      return err.status;
    }
    throw err;
  }
}
