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
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  /** File that receives standard input. */
  path: string;
  /** Process id of the copying `cat`. */
  pid: number;
}

// Kept on the global object: the package can be loaded twice under two paths
// (through its node_modules link and directly), and both must see one spool.
const SLOT = Symbol.for('ukconfig.stdinSpool');
const slots = globalThis as unknown as Record<symbol, Spool | undefined>;

/** Starts spooling when standard input is a pipe or socket (never for terminals or files). */
export function startStdinSpool(): void {
  if (slots[SLOT]) return;
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
  const cat = spawn('cat', [], { stdio: [0, out, 'ignore'] });
  closeSync(out);
  if (cat.pid === undefined) return;
  cat.unref();
  const watchdog = spawn(
    '/bin/sh',
    ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; kill "$2" 2>/dev/null; rm -rf "$3"', 'sh', String(process.pid), String(cat.pid), dir],
    { stdio: 'ignore', detached: true },
  );
  watchdog.unref();
  slots[SLOT] = { path, pid: cat.pid };
}

export function stdinSpool(): Spool | null {
  return slots[SLOT] ?? null;
}

/** `cat` has finished (end of input). Our own unreaped child shows as a zombie. */
function copyFinished(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return true;
  }
}

/** Reads the spool file from `offset`; waits while input may still come. */
export function readSpool(spool: Spool, offset: number, max: number): { text: string; eof: boolean } {
  const buf = Buffer.alloc(max);
  const fd = openSync(spool.path, 'r');
  try {
    for (;;) {
      const finished = copyFinished(spool.pid);
      const n = readSync(fd, buf, 0, max, offset);
      if (n > 0) return { text: buf.toString('latin1', 0, n), eof: false };
      if (finished) return { text: '', eof: true };
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  } finally {
    closeSync(fd);
  }
}
