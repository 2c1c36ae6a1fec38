/**
 * The initrd packer (`ukconfig run --initrd FOLDER`): a cpio "newc"
 * archive, checked field by field against the format (entries, padding,
 * trailer) by a reader of the test's own.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CpioError, packFolder } from '../src/cpio.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'ukconfig-cpio-'));
  dirs.push(d);
  return d;
}

interface Entry {
  name: string;
  mode: number;
  data: string;
}

/** A reader written from the format's description: 110-byte headers, 4-byte alignment. */
function entries(a: Buffer): Entry[] {
  const out: Entry[] = [];
  let off = 0;
  for (;;) {
    expect(a.toString('ascii', off, off + 6)).toBe('070701');
    const field = (i: number) => parseInt(a.toString('ascii', off + 6 + i * 8, off + 14 + i * 8), 16);
    const [mode, size, namesize] = [field(1), field(6), field(11)];
    const name = a.toString('utf8', off + 110, off + 110 + namesize - 1);
    expect(a[off + 110 + namesize - 1]).toBe(0);
    const data = Math.ceil((off + 110 + namesize) / 4) * 4;
    if (name === 'TRAILER!!!') {
      expect(a.length).toBe(Math.ceil((data + size) / 4) * 4);
      return out;
    }
    out.push({ name, mode, data: a.toString('utf8', data, data + size) });
    off = Math.ceil((data + size) / 4) * 4;
  }
}

describe('packFolder', () => {
  it('packs folders before their content, sorted, with modes and bytes', () => {
    const d = folder();
    mkdirSync(join(d, 'b/c'), { recursive: true });
    writeFileSync(join(d, 'b/c/x.txt'), 'hello\n');
    writeFileSync(join(d, 'a'), 'odd length');
    chmodSync(join(d, 'a'), 0o600);
    expect(entries(packFolder(d))).toEqual([
      { name: 'a', mode: 0o100600, data: 'odd length' },
      { name: 'b', mode: expect.any(Number), data: '' },
      { name: 'b/c', mode: expect.any(Number), data: '' },
      { name: 'b/c/x.txt', mode: expect.any(Number), data: 'hello\n' },
    ]);
    expect(entries(packFolder(d))[1].mode & 0o170000).toBe(0o040000);
  });
  it('refuses what is neither a folder nor a regular file, naming it', () => {
    const d = folder();
    symlinkSync('/etc/passwd', join(d, 'link'));
    expect(() => packFolder(d)).toThrow(CpioError);
    expect(() => packFolder(d)).toThrow(/link: only folders and regular files/);
  });
});
