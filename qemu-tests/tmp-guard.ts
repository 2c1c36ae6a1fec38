/**
 * Vitest's global setup: the whole run must leave the system's temporary
 * folder as it found it. Tests make their folders in it and some change the
 * modes of their own; one that changed the folder's own mode (its sticky,
 * world-writable 1777) would break every other program on the machine
 * (distccd, running as its own user, was the first to notice). The run
 * fails instead.
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';

export default function setup(): () => void {
  const dir = tmpdir();
  const before = statSync(dir).mode & 0o7777;
  return () => {
    const after = statSync(dir).mode & 0o7777;
    if (after !== before) {
      // Vitest reports an error thrown here but still exits 0.
      console.error(`a test changed the mode of ${dir} from ${before.toString(8)} to ${after.toString(8)}: tests may change only their own folders`);
      process.exitCode = 1;
    }
  };
}
