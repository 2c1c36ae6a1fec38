/**
 * Synchronous line reading from a file descriptor, like fgets on a stdio
 * stream: the prompt-driven conf modes need an answer before going on.
 */
import { readSync } from 'node:fs';
import { sleepSync } from '../child-process.js';
import { readSpool, stdinSpool } from './stdin-spool.js';

export class LineInput {
  private buf = '';
  private eof = false;
  private spoolOffset = 0;

  constructor(
    private readonly fd: number,
    /** Called before blocking, so that a pending prompt is visible. */
    private readonly beforeRead: () => void = () => {},
  ) {}

  private fill(): boolean {
    if (this.eof) return false;
    this.beforeRead();
    const spool = this.fd === 0 ? stdinSpool() : null;
    if (spool) {
      const r = readSpool(spool, this.spoolOffset, 65536);
      if (r.eof) {
        this.eof = true;
        return false;
      }
      this.spoolOffset += r.text.length;
      this.buf += r.text;
      return true;
    }
    const chunk = Buffer.alloc(65536);
    for (;;) {
      try {
        const n = readSync(this.fd, chunk, 0, chunk.length, null);
        if (n === 0) {
          this.eof = true;
          return false;
        }
        this.buf += chunk.toString('latin1', 0, n);
        return true;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          sleepSync(10);
          continue;
        }
        if (code === 'EOF') {
          this.eof = true;
          return false;
        }
        throw e;
      }
    }
  }

  /** Up to `max` characters through the next newline; null at end of input. */
  readLine(max: number): string | null {
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0 && nl < max) {
        const line = this.buf.slice(0, nl + 1);
        this.buf = this.buf.slice(nl + 1);
        return line;
      }
      if (this.buf.length >= max) {
        const line = this.buf.slice(0, max);
        this.buf = this.buf.slice(max);
        return line;
      }
      if (!this.fill()) {
        if (this.buf.length === 0) return null;
        const line = this.buf;
        this.buf = '';
        return line;
      }
    }
  }
}

/** The same reading from a string held in memory (conf driven in process, as the tests do). */
export function textInput(text: string): { readLine(max: number): string | null } {
  let pos = 0;
  return {
    readLine(max) {
      if (pos >= text.length) return null;
      const nl = text.indexOf('\n', pos);
      const end = Math.min(nl < 0 ? text.length : nl + 1, pos + max);
      const line = text.slice(pos, end);
      pos = end;
      return line;
    },
  };
}
