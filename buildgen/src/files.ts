/** Writing generated files so that builds stay incremental and nothing is left half-written. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` unless it already holds exactly that (make
 * rebuilds everything when config.h or a Makefile gets a new mtime).
 * The write goes through a temporary file and a rename. True if written.
 * `latin1` is for the engine's byte strings (config.h), which must reach
 * the file byte for byte.
 */
export function writeIfChanged(file: string, text: string, encoding: 'utf8' | 'latin1' = 'utf8'): boolean {
  try {
    if (readFileSync(file, encoding) === text) return false;
  } catch {
    // Missing or unreadable: write it.
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, encoding);
  renameSync(tmp, file);
  return true;
}
