/**
 * Where the tree cache keeps the entry for a root file (shared by the cache
 * and by the early probe start, which must find an entry before the engine
 * is loaded), and how files in that directory are written and evicted
 * (shared with conf's code cache).
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fnv1a64 } from './fnv.js';

/** Bump when the engine's parse result or the cache format changes. */
export const CACHE_FORMAT = 11;

export function cacheEnabled(env: Record<string, string | undefined>): boolean {
  return env.UKCONFIG_CACHE !== '0';
}

export function cacheDir(env: Record<string, string | undefined>): string {
  if (env.UKCONFIG_CACHE_DIR) return env.UKCONFIG_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'ukconfig');
}

/** The entry file for the resolved root Kconfig file in this setting. */
export function cacheFileFor(
  rootPath: string,
  extensions: boolean,
  env: Record<string, string | undefined>,
): string {
  // A collision costs a parse, never a wrong tree: an entry is used only if its inputs match.
  const id = fnv1a64([CACHE_FORMAT, resolve(rootPath), extensions, env.srctree ?? ''].join('\0'));
  return join(cacheDir(env), `tree-${id}.bin`);
}

/** Writes `path` whole or not at all: readers in other processes never see it half written. */
export function replaceFile(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Keeps the `keep` most recently written files of `dir` that `isEntry` picks, and removes the others. */
export function evictOldest(dir: string, isEntry: (name: string) => boolean, keep: number): void {
  const entries = readdirSync(dir)
    .filter(isEntry)
    .map((f) => ({ f, t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(keep)) rmSync(join(dir, f), { force: true });
}
