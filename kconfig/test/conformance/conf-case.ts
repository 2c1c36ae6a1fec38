// What one differential case is: the same conf invocation given to the real
// conf and to ours, each in its own copy of an identical starting directory.
import type { Arch, OracleManifest } from './oracle.js';

export interface PrepareContext {
  manifest: OracleManifest;
  arch: Arch;
  /** Absolute path of the Linux tree (srctree). */
  linux: string;
}

export interface ConfCase {
  /** Unique and filesystem-safe; also the vitest test name. */
  id: string;
  arch: Arch;
  /** conf arguments after the program, e.g. ['--olddefconfig', 'Kconfig']. */
  args: string[];
  /** Variables added to the kernel environment (KCONFIG_SEED, KCONFIG_CONFIG…). */
  env?: Record<string, string>;
  stdin?: string | Buffer;
  /** Start from the directory the real conf left behind in this other case. */
  base?: ConfCase;
  /** Writes or edits input files in the starting directory (runs once; both tools get a copy). */
  prepare?: (dir: string, ctx: PrepareContext) => void;
}

export function caseCommandLine(c: ConfCase): string {
  const env = Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)} `).join('');
  return `${env}conf ${c.args.join(' ')}${c.stdin !== undefined ? ` <stdin(${Buffer.byteLength(c.stdin)} bytes)` : ''}`;
}
