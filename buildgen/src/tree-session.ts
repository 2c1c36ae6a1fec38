/**
 * Opening the application's configuration tree for the build commands:
 * the same tree `apply` and the menu use (cli/tree.ts).
 */
import { KconfigFatal, type Kconfig } from 'kconfig-parser-ts';
import { UsageError, type GlobalOptions } from '../../cli/globals.js';
import { chooseTree, openTree } from '../../cli/tree.js';
import { isAppDir } from './paths.js';
import { Problems } from './problems.js';

export interface AppTree {
  app: string;
  kc: Kconfig;
}

export async function openAppTree(globals: GlobalOptions): Promise<AppTree> {
  if (!isAppDir(process.cwd())) {
    throw new UsageError(`${process.cwd()} is not an application folder (Config.uk and library.uk): run in one or give -C DIR`);
  }
  const choice = chooseTree(globals);
  const output = {
    stdout: (t: string) => process.stdout.write(t),
    stderr: (t: string) => {
      // Reported by the build itself, once, with who selects the symbol.
      if (!t.startsWith('\nWARNING: unmet direct dependencies')) process.stderr.write(t);
    },
  };
  try {
    return { app: choice.app!, kc: await openTree(choice, output) };
  } catch (e) {
    // The engine has already printed conf's message; the caller only needs to fail.
    if (e instanceof KconfigFatal) throw new Problems([]);
    throw e;
  }
}
