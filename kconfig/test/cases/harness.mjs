// Shared by record.mjs and language.test.ts: how a case is laid out on disk,
// which environment it sees, and which files are compared.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function materialize(c) {
  const dir = mkdtempSync(join(tmpdir(), 'kconfig-case-'));
  for (const [path, text] of Object.entries(c.files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text, 'latin1');
  }
  return dir;
}

/** A small fixed environment: nothing of the caller's KCONFIG_* settings leaks in. */
export function caseEnv(c) {
  return { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C', ...(c.env ?? {}) };
}

export function collectOutputs(c, dir) {
  const files = {};
  for (const path of c.outputs ?? ['.config']) {
    const full = join(dir, path);
    files[path] = existsSync(full) ? readFileSync(full, 'latin1') : null;
  }
  return files;
}
