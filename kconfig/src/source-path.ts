/**
 * Where a file named in a tree (or on the command line) is read from: as
 * given (relative to the working directory), else under $srctree, like the
 * reference tool's zconf_fopen. Directories do not count as files.
 */
import { statSync, type Stats } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export function resolveSourcePath(name: string, cwd: string, srctree: string | undefined): string | null {
  return locateSourceFile(name, cwd, srctree)?.path ?? null;
}

/** resolveSourcePath with the file's status (the tree cache checks it without a second stat). */
export function locateSourceFile(name: string, cwd: string, srctree: string | undefined): { path: string; stats: Stats } | null {
  const direct = isAbsolute(name) ? name : join(cwd, name);
  let stats = fileStats(direct);
  if (stats) return { path: direct, stats };
  if (!isAbsolute(name) && srctree !== undefined) {
    const p = join(srctreeDir(cwd, srctree), name);
    stats = fileStats(p);
    if (stats) return { path: p, stats };
  }
  return null;
}

/** $srctree as a directory: relative to the working directory unless absolute. */
export function srctreeDir(cwd: string, srctree: string): string {
  return isAbsolute(srctree) ? srctree : join(cwd, srctree);
}

function fileStats(p: string): Stats | null {
  const st = statSync(p, { throwIfNoEntry: false });
  return st !== undefined && !st.isDirectory() ? st : null;
}

