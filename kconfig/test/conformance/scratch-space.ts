// Where cases and benchmarks put their working directories. conf creates and
// the harness deletes thousands of small files per case (include/config/<SYM>);
// on the project's ext4 disks (mounted with discard) that costs 1-2 s of system
// time per run, on tmpfs about 10 ms. So: UKCONFIG_ARTIFACTS_DIR, else
// /dev/shm when usable, else the OS temp dir.
import { accessSync, constants, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratchBase(): string {
  const fromEnv = process.env.UKCONFIG_ARTIFACTS_DIR;
  if (fromEnv) {
    mkdirSync(fromEnv, { recursive: true });
    return fromEnv;
  }
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    /* no usable tmpfs */
  }
  return tmpdir();
}

export function makeScratchDir(prefix: string): string {
  return mkdtempSync(join(scratchBase(), prefix));
}
