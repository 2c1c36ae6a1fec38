/**
 * Keeps a piped standard input drained while the program works.
 *
 * A process that feeds conf answers (the kernel's own test harness writes
 * newlines until conf exits) fills the pipe and then blocks; a C conf exits
 * within milliseconds, long before that, but a Node process starts more
 * slowly. A small `cat` child copies standard input into a file from the
 * first moments of the process, and answers are read from that file.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Spool {
  /** File that receives standard input. */
  path: string;
  /** Exists once standard input has ended. */
  donePath: string;
}

let active: Spool | null = null;

/** Starts spooling when standard input is a pipe or socket (never for terminals or files). */
export function startStdinSpool(): void {
  if (active) return;
  let st;
  try {
    st = fstatSync(0);
  } catch {
    return;
  }
  if (!st.isFIFO() && !st.isSocket()) return;
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-stdin-'));
  const path = join(dir, 'input');
  closeSync(openSync(path, 'w'));
  const child = spawn('/bin/sh', ['-c', 'cat > "$1"; : > "$1.done"', 'sh', path], {
    stdio: [0, 'ignore', 'ignore'],
  });
  child.unref();
  active = { path, donePath: `${path}.done` };
  process.on('exit', () => {
    try {
      if (child.exitCode === null) child.kill();
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  });
}

export function stdinSpool(): Spool | null {
  return active;
}

/** Reads the spool file from `offset`; waits while input may still come. */
export function readSpool(spool: Spool, offset: number, max: number): { text: string; eof: boolean } {
  const buf = Buffer.alloc(max);
  const fd = openSync(spool.path, 'r');
  try {
    for (;;) {
      const done = existsSync(spool.donePath);
      const n = readSync(fd, buf, 0, max, offset);
      if (n > 0) return { text: buf.toString('latin1', 0, n), eof: false };
      if (done) return { text: '', eof: true };
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
  } finally {
    closeSync(fd);
  }
}
