/**
 * Where the project's shared trees are: the pools of micro-libraries (whose
 * Config.uk is the root of every application's configuration tree) and the
 * native make rules every generated Makefile includes; and what makes a
 * folder an application.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProjectPaths {
  root: string;
  pools: string;
  /** pools/Config.uk: the root of the configuration tree. */
  poolsKconfig: string;
  native: string;
  rulesMk: string;
}

let cached: ProjectPaths | null = null;

/**
 * The checkout this module belongs to. Found by walking up rather than by a
 * fixed depth: the same code runs from workspace/src (tests) and dist/workspace/src.
 */
export function projectPaths(): ProjectPaths {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pools', 'Config.uk')) && existsSync(join(dir, 'native', 'rules.mk'))) break;
    const up = dirname(dir);
    if (up === dir) throw new Error('ukconfig: cannot find pools/ and native/ above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  cached = {
    root: dir,
    pools: join(dir, 'pools'),
    poolsKconfig: join(dir, 'pools', 'Config.uk'),
    native: join(dir, 'native'),
    rulesMk: join(dir, 'native', 'rules.mk'),
  };
  return cached;
}

/** An application folder: its own options and its manifest. */
export function isAppDir(dir: string): boolean {
  return existsSync(join(dir, 'Config.uk')) && existsSync(join(dir, 'library.uk'));
}
