/**
 * Which micro-libraries exist: every pools/<group>/<name>/library.uk, then
 * the application folder's own manifest. Adding a library is adding a folder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestError, parseManifest, type Manifest } from './manifest.js';
import { isAppDir } from './paths.js';

/**
 * The manifests under `pools`, in a stable order (by path). A folder below
 * a group (`lib/`, `drivers/`, ...) holding a library.uk is a library; one
 * without is a subgroup (`drivers/intctlr/`) whose folders are looked at
 * the same way.
 */
export function poolManifestFiles(pools: string): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const sub of sortedDirs(dir)) {
      const d = join(dir, sub);
      if (readdirSync(d).includes('library.uk')) files.push(join(d, 'library.uk'));
      else visit(d);
    }
  };
  for (const group of sortedDirs(pools)) visit(join(pools, group));
  return files;
}

function sortedDirs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Parses the pools' manifests and the application's (when `app` is given).
 * All problems of all files are reported together.
 */
export function loadLibraries(pools: string, app: string | null): Manifest[] {
  const files = poolManifestFiles(pools);
  if (app !== null) {
    if (!isAppDir(app)) throw new ManifestError([`${app}: not an application folder (it needs Config.uk and library.uk)`]);
    files.push(join(app, 'library.uk'));
  }
  const problems: string[] = [];
  const manifests: Manifest[] = [];
  for (const f of files) {
    try {
      manifests.push(parseManifest(f));
    } catch (e) {
      if (!(e instanceof ManifestError)) throw e;
      problems.push(...e.messages);
    }
  }
  const byName = new Map<string, Manifest>();
  for (const m of manifests) {
    const first = byName.get(m.name);
    if (first) {
      problems.push(`${m.file}:${m.nameLine}: library name '${m.name}' is already used by ${first.file}:${first.nameLine}`);
    } else byName.set(m.name, m);
  }
  if (problems.length) throw new ManifestError(problems);
  return manifests;
}
