// What the unikernel benchmarks share: where the project and its command
// are, and the guest command line `ukconfig run` uses (from the build).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'ukconfig.js');

/** buildgen's guestCommand(); exits with a message when dist/ is not built. */
export async function loadGuestCommand() {
  const guest = join(ROOT, 'dist', 'buildgen', 'src', 'guest.js');
  if (!existsSync(guest)) {
    console.error('dist/ is missing: run npm run build first');
    process.exit(1);
  }
  return (await import(guest)).guestCommand;
}
