/**
 * Which micro-libraries exist: every folder under pools/ that holds a
 * library.uk (pools/<group>/<name>/, or pools/<group>/<subsystem>/<name>/
 * for drivers), then the application folder's own manifest. Adding a
 * library is adding a folder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestError, parseManifest, type Manifest } from './manifest.js';
import { isAppDir } from '../../workspace/src/index.js';

/**
 * The manifests under `pools`, in a stable order (folder names sorted, depth
 * first). A folder with a library.uk is a library: its subfolders are its
 * own (sources, include/), so the walk stops there; other folders group
 * libraries (pools/lib, pools/drivers/uart).
 */
export function poolManifestFiles(pools: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const sub of sortedDirs(dir)) {
      const folder = join(dir, sub);
      if (readdirSync(folder).includes('library.uk')) files.push(join(folder, 'library.uk'));
      else walk(folder);
    }
  };
  walk(pools);
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
