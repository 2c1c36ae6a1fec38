/** Throw-away application folders for tests. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Creates an application folder holding `files` (path -> text); returns its absolute path. */
export function makeApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The smallest application: options, manifest and main.c. */
export function minimalApp(extra: Record<string, string> = {}, config = 'config APPT\n\tbool "t"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n'): string {
  return makeApp({
    'Config.uk': config,
    'library.uk': '# t: a test application.\nlibrary t\nenabled-if APPT\nsource main.c\n',
    'main.c': 'int main(void) { return 0; }\n',
    ...extra,
  });
}
