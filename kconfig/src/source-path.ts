/**
 * Where a file named in a tree (or on the command line) is read from: as
 * given (relative to the working directory), else under $srctree, like the
 * reference tool's zconf_fopen. Directories do not count as files.
 */
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

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

/** Names that `join` would rewrite after the base: absolute, with `.` or `..` parts, or with doubled or trailing slashes. */
const UNNORMAL = /^\/|\/\/|\/$|(^|\/)\.\.?(\/|$)/;

/**
 * Resolves names again that resolved to known paths before (the tree cache's
 * check of ~1,500 files). Same answers as locateSourceFile, with less work in
 * the common O= build: a name that was found under $srctree, whose top
 * directory the working directory lacks, still misses there without a stat
 * of its own, and its path under $srctree is the one found before.
 */
export class SourceRecheck {
  private readonly srcBase: string | null;
  private readonly topMissing = new Map<string, boolean>();

  constructor(
    private readonly cwd: string,
    private readonly srctree: string | undefined,
  ) {
    this.srcBase = srctree === undefined ? null : resolve(cwd, srctree);
  }

  /** Where `name` is found now; `before` is where it was found last time (null: nowhere). */
  locate(name: string, before: string | null): { path: string; stats: Stats } | null {
    if (before !== null && this.isSrctreePath(name, before) && this.missingHere(name)) {
      const stats = fileStats(before);
      return stats ? { path: before, stats } : null;
    }
    return locateSourceFile(name, this.cwd, this.srctree);
  }

  /** Whether `path` is what joining $srctree and `name` gives (without joining). */
  private isSrctreePath(name: string, path: string): boolean {
    const base = this.srcBase;
    return (
      base !== null &&
      path.length === base.length + 1 + name.length &&
      path.startsWith(base) &&
      path.charCodeAt(base.length) === 0x2f &&
      path.endsWith(name) &&
      !UNNORMAL.test(name)
    );
  }

  /** Whether `name` (clean and relative) certainly does not exist under the working directory. */
  private missingHere(name: string): boolean {
    const slash = name.indexOf('/');
    if (slash < 0) return false;
    const top = name.slice(0, slash);
    let missing = this.topMissing.get(top);
    if (missing === undefined) {
      missing = statOrNull(join(this.cwd, top)) === null;
      this.topMissing.set(top, missing);
    }
    return missing;
  }
}

function fileStats(p: string): Stats | null {
  const st = statOrNull(p);
  return st !== null && !st.isDirectory() ? st : null;
}

/** A path's status, or null for any failure (missing, too long, not permitted, a NUL byte in it). */
function statOrNull(p: string): Stats | null {
  try {
    return statSync(p, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

/** Files larger than this are refused (a device such as /dev/zero never ends). */
const MAX_FILE_BYTES = 64 << 20;

/**
 * A Kconfig or configuration file's bytes; null when it cannot be read; the
 * reason when it is refused for its size.
 */
export function readInputFile(path: string): Buffer | null | string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      // Chunks grow with the file: few reads for a large regular file, a bound for an endless one.
      const chunk = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(size, 16 << 20)));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      size += n;
      if (size > MAX_FILE_BYTES) return `larger than ${MAX_FILE_BYTES >> 20} MiB`;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

