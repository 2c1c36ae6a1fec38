/**
 * The cache of third-party sources and their upstream builds, outside the
 * project: `<user cache>/origins/` (the user cache is $UKCONFIG_CACHE_DIR,
 * else $XDG_CACHE_HOME/ukconfig, else ~/.cache/ukconfig).
 *
 *   downloads/<sha256>-<file>   fetched files, named by their checksum
 *   src/<name>-<key>/           an origin unpacked and patched (read-only by convention)
 *   build/<name>-<key>/         the output of an upstream build
 *
 * Several builds may share the cache at once (two terminals, parallel
 * tests). Nothing is ever seen half made: every entry is made under a
 * temporary name beside its final one and renamed into place, and a
 * directory is renamed only once it is complete. A lock per entry makes a
 * second builder wait for the first instead of doing the same work; if a
 * lock is ever broken wrongly the cost is work done twice, never a corrupt
 * entry, because the renames alone keep entries whole.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { cacheDir } from 'kconfig-parser-ts';

export function originCacheRoot(env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), 'origins');
}

/** A temporary sibling of `final`, unique to this process. */
export function tempBeside(final: string): string {
  return `${final}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Renames the finished `tmp` to `final`. When another process published
 * `final` first, its copy is kept and ours removed: both were made from the
 * same inputs.
 */
export function publish(tmp: string, final: string): void {
  try {
    renameSync(tmp, final);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && statSync(final, { throwIfNoEntry: false })) {
      rmSync(tmp, { recursive: true, force: true });
      return;
    }
    throw e;
  }
}

const POLL_MS = 200;

function holderAlive(text: string): boolean {
  const [pid, host] = text.trim().split(' ');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding the lock file `lock` (`<pid> <host>` inside). Waits
 * while a live process holds it; takes over a lock whose process on this
 * host is gone. `onWait` is called once, when waiting starts.
 */
export async function withLock<T>(lock: string, work: () => Promise<T>, onWait?: (holder: string) => void): Promise<T> {
  mkdirSync(dirname(lock), { recursive: true });
  let waited = false;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = '';
      try {
        holder = readFileSync(lock, 'utf8');
      } catch {
        continue; // released meanwhile
      }
      if (holder !== '' && !holderAlive(holder)) {
        // Moved aside rather than deleted, so that of two processes taking over, only one succeeds.
        const aside = tempBeside(lock);
        try {
          renameSync(lock, aside);
          rmSync(aside, { force: true });
        } catch {
          // Someone else took it over first.
        }
        continue;
      }
      if (!waited && onWait) onWait(holder.trim() || 'another process');
      waited = true;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    try {
      writeSync(fd, `${process.pid} ${hostname()}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      return await work();
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/** File and directory names in the cache: what make and the shell read without quoting. */
export function cacheName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
