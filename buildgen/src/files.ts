/** Writing generated files so that builds stay incremental and nothing is left half-written. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` unless it already holds exactly that (make
 * rebuilds everything when config.h or a Makefile gets a new mtime).
 * The write goes through a temporary file and a rename. True if written.
 */
export function writeIfChanged(file: string, text: string): boolean {
  try {
    if (readFileSync(file, 'latin1') === text) return false;
  } catch {
    // Missing or unreadable: write it.
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, 'latin1');
  renameSync(tmp, file);
  return true;
}
