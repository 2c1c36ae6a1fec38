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

/**
 * resolveSourcePath with the file's status (the tree cache checks it without a
 * second stat). `cwdLacks` may tell that a relative name cannot exist under the
 * working directory, sparing the stat that would fail.
 */
export function locateSourceFile(
  name: string,
  cwd: string,
  srctree: string | undefined,
  cwdLacks?: (name: string) => boolean,
): { path: string; stats: Stats } | null {
  const direct = isAbsolute(name) ? name : join(cwd, name);
  let stats = cwdLacks?.(name) ? null : fileStats(direct);
  if (stats) return { path: direct, stats };
  if (!isAbsolute(name) && srctree !== undefined) {
    const p = join(isAbsolute(srctree) ? srctree : join(cwd, srctree), name);
    stats = fileStats(p);
    if (stats) return { path: p, stats };
  }
  return null;
}

function fileStats(p: string): Stats | null {
  const st = statSync(p, { throwIfNoEntry: false });
  return st !== undefined && !st.isDirectory() ? st : null;
}

/**
 * For checking many relative names at once: a name whose first directory is
 * missing from the working directory (an O= output directory has no arch/ or
 * drivers/) cannot exist there, and one stat per directory settles them all.
 */
export function missingTopDirectories(cwd: string): (name: string) => boolean {
  const missing = new Map<string, boolean>();
  return (name) => {
    const slash = name.indexOf('/');
    if (isAbsolute(name) || slash <= 0) return false;
    const top = name.slice(0, slash);
    let m = missing.get(top);
    if (m === undefined) {
      m = statSync(join(cwd, top), { throwIfNoEntry: false }) === undefined;
      missing.set(top, m);
    }
    return m;
  };
}
