// Reads every regular file below a directory into memory, keyed by its path
// relative to that directory ('/'-separated, sorted). Symlinks are recorded by
// target so that a tool replacing a symlinked .config is visible.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type DirSnapshot = Map<string, Buffer>;

export function snapshotDir(root: string, ignore: (rel: string) => boolean = () => false): DirSnapshot {
  const files: DirSnapshot = new Map();
  const walk = (rel: string) => {
    const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (ignore(r)) continue;
      if (e.isDirectory()) walk(r);
      else if (e.isSymbolicLink()) files.set(r, Buffer.from(`symlink -> ${readlinkSync(join(root, r))}\n`));
      else if (e.isFile()) files.set(r, readFileSync(join(root, r)));
    }
  };
  walk('');
  return files;
}
