/**
 * Which Kconfig tree a command works on: --kconfig, else ./Kconfig.
 */
import { existsSync } from 'node:fs';
import { loadKconfigAsync, type Kconfig, type Output } from 'kconfig-parser-ts';
import { UsageError, type GlobalOptions } from './globals.js';

export interface TreeChoice {
  kconfig: string;
  env: NodeJS.ProcessEnv;
  /** kconfiglib's source extensions (rsource, osource, globs): on for our own trees. */
  extensions: boolean;
}

export function chooseTree(globals: GlobalOptions, env: NodeJS.ProcessEnv = process.env): TreeChoice {
  if (globals.kconfig) return { kconfig: globals.kconfig, env, extensions: true };
  if (existsSync('Kconfig')) return { kconfig: 'Kconfig', env, extensions: true };
  throw new UsageError('no Kconfig tree here: give --kconfig FILE');
}

export async function openTree(choice: TreeChoice, output?: Output): Promise<Kconfig> {
  return loadKconfigAsync(choice.kconfig, { env: choice.env, extensions: choice.extensions, output });
}
