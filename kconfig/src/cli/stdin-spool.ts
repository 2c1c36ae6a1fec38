/**
 * Keeps a piped standard input drained while the program works.
 *
 * A process that feeds conf answers (the kernel's own test harness writes
 * newlines until conf exits) fills the pipe and then blocks; a C conf exits
 * within milliseconds, long before that, but a Node process starts more
 * slowly. A `cat` child copies standard input into a file from the first
 * moments of the process, and answers are read from that file.
 *
 * The copy must go on until this process has exited: a feeder that writes
 * into a pipe nobody reads any more fails. A small watchdog stops `cat` and
 * removes the file shortly after we are gone (so `yes | ukconfig conf ...`
 * ends as it does with conf).
 */
import { childExited, childProcess, sleepSync } from '../child-process.js';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  /** File that receives standard input. */
  path: string;
  /** Process id of the copying `cat`. */
  pid: number;
}

let spool: Spool | null = null;

/** Starts spooling when standard input is a pipe or socket (never for terminals or files). */
export function startStdinSpool(): void {
  if (spool) return;
  let st;
  try {
    st = fstatSync(0);
  } catch {
    return;
  }
  if (!st.isFIFO() && !st.isSocket()) return;
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-stdin-'));
  const path = join(dir, 'input');
  const out = openSync(path, 'w');
  const cat = childProcess().spawn('cat', [], { stdio: [0, out, 'ignore'] });
  closeSync(out);
  if (cat.pid === undefined) return;
  cat.unref();
  const watchdog = childProcess().spawn(
    '/bin/sh',
    ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; kill "$2" 2>/dev/null; rm -rf "$3"', 'sh', String(process.pid), String(cat.pid), dir],
    { stdio: 'ignore', detached: true },
  );
  watchdog.unref();
  spool = { path, pid: cat.pid };
}

export function stdinSpool(): Spool | null {
  return spool;
}

/** Reads the spool file from `offset`; waits while input may still come. */
export function readSpool(spool: Spool, offset: number, max: number): { text: string; eof: boolean } {
  const buf = Buffer.alloc(max);
  const fd = openSync(spool.path, 'r');
  try {
    for (;;) {
      const finished = childExited(spool.pid);
      const n = readSync(fd, buf, 0, max, offset);
      if (n > 0) return { text: buf.toString('latin1', 0, n), eof: false };
      if (finished) return { text: '', eof: true };
      sleepSync(2);
    }
  } finally {
    closeSync(fd);
  }
}
