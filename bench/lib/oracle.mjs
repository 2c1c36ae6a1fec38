// Finds the Linux 6.1 oracle made by kconfig/test/oracle/setup.sh and builds
// the environment conf sees (kconfig/test/oracle/linux-env.sh).
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function loadManifest() {
  const dir = resolve(process.env.UKCONFIG_ORACLE_DIR || join(REPO_ROOT, '.cache/linux-6.1'));
  const file = join(dir, 'oracle.json');
  if (!existsSync(file)) {
    throw new Error(`Linux 6.1 oracle not found (${file}): run kconfig/test/oracle/setup.sh first`);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** KEY=VALUE environment of the kernel Makefile for `arch`, as an object. */
export function kernelEnv(manifest, arch) {
  const raw = execFileSync('bash', [join(REPO_ROOT, 'kconfig/test/oracle/linux-env.sh'), manifest.linux, arch], { encoding: 'utf8' });
  return Object.fromEntries(
    raw
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
}

/** A fresh directory on tmpfs when possible (conf writes many small files; ext4+discard is slow). */
export function scratchDir(prefix) {
  let base = process.env.UKCONFIG_ARTIFACTS_DIR || tmpdir();
  if (!process.env.UKCONFIG_ARTIFACTS_DIR) {
    try {
      if (statSync('/dev/shm').isDirectory()) {
        accessSync('/dev/shm', constants.W_OK);
        base = '/dev/shm';
      }
    } catch {
      /* keep tmpdir() */
    }
  }
  return mkdtempSync(join(base, prefix));
}

/** Node options from a "#!/usr/bin/env -S node <options>" first line. */
export function shebangNodeOptions(script) {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0];
  const m = /^#!\s*\S*\benv\s+-S\s+node\b(.*)$/.exec(first);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}

/** A python3 that can import `module`: $PYTHON3, /usr/bin/python3, python3. */
export function findPython(module) {
  for (const p of [process.env.PYTHON3, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    try {
      execFileSync(p, ['-c', `import ${module}`], { stdio: 'ignore' });
      return p;
    } catch {
      /* try the next one */
    }
  }
  return null;
}

export function isExecutable(p) {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
