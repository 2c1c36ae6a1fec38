/**
 * Where a file named in a tree (or on the command line) is read from: as
 * given (relative to the working directory), else under $srctree, like the
 * reference tool's zconf_fopen. Directories do not count as files.
 */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

export function resolveSourcePath(name: string, cwd: string, srctree: string | undefined): string | null {
  const direct = isAbsolute(name) ? name : join(cwd, name);
  if (isReadableFile(direct)) return direct;
  if (!isAbsolute(name) && srctree !== undefined) {
    const p = join(isAbsolute(srctree) ? srctree : join(cwd, srctree), name);
    if (isReadableFile(p)) return p;
  }
  return null;
}

function isReadableFile(p: string): boolean {
  const st = statSync(p, { throwIfNoEntry: false });
  return st !== undefined && !st.isDirectory();
}
