/**
 * Recognising a Kbuild tree: Linux's scripts/Kconfig.include defines the
 * compiler probes (cc-option, ld-option, as-instr, $(success)... all end in
 * its if-success) and the version queries of the toolchain. They only read
 * the toolchain and write nothing another probe reads, so a recognised
 * tree's probes may run together. Recognised means the file's exact bytes
 * are a known release's.
 */
import { fnv1a64 } from './fnv.js';
import type { Kconfig } from './kconfig.js';
import { readInputFile } from './source-path.js';

const INCLUDE = 'scripts/Kconfig.include';

/** FNV-1a 64 of scripts/Kconfig.include: Linux 6.1. */
const KNOWN = new Set(['314e627904e0a29c']);

export function isKbuildInclude(name: string, data: Buffer): boolean {
  return (name === INCLUDE || name.endsWith(`/${INCLUDE}`)) && KNOWN.has(fnv1a64(data.toString('latin1')));
}

/** Whether `kc`'s tree can source a recognised scripts/Kconfig.include (as `source` would find it). */
export function kbuildTree(kc: Kconfig): boolean {
  const path = kc.resolvePath(INCLUDE);
  if (path === null) return false;
  const data = readInputFile(path);
  return data instanceof Buffer && isKbuildInclude(INCLUDE, data);
}
