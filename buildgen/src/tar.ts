/**
 * The tar archives of OCI image layers (ustar, POSIX.1-1988 as extended by
 * POSIX.1-2001's pax without extensions): regular files in one folder, no
 * links, no long names. Enough for a layer that carries an image; reading
 * refuses what it does not write rather than guessing.
 */

export interface TarFile {
  name: string;
  data: Buffer;
  /** Permission bits (0o755 for an executable image). */
  mode: number;
}

export class TarError extends Error {}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(f: TarFile, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(f.name) > 100 || !/^[A-Za-z0-9._-]+$/.test(f.name)) throw new TarError(`cannot archive '${f.name}': a plain file name of up to 100 characters`);
  h.write(f.name, 0, 'utf8');
  h.write(octal(f.mode, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1'); // uid
  h.write(octal(0, 8), 116, 'latin1'); // gid
  h.write(octal(f.data.length, 12), 124, 'latin1');
  h.write(octal(mtime, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1'); // the checksum counts itself as blanks
  h.write('0', 156, 'latin1'); // regular file
  h.write('ustar\0' + '00', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

/** The archive of `files`, every entry dated `mtime` (seconds): the same input gives the same bytes. */
export function writeTar(files: TarFile[], mtime = 0): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f, mtime), f.data, Buffer.alloc((BLOCK - (f.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function field(h: Buffer, at: number, len: number): string {
  const raw = h.subarray(at, at + len).toString('latin1');
  const nul = raw.indexOf('\0');
  return nul < 0 ? raw : raw.slice(0, nul);
}

/** The regular files of an archive; TarError for anything else in it or a damaged one. */
export function readTar(archive: Buffer): TarFile[] {
  const files: TarFile[] = [];
  let at = 0;
  while (at + BLOCK <= archive.length) {
    const h = archive.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return files;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (parseInt(field(h, 148, 8).trim(), 8) !== sum) throw new TarError(`damaged entry header at byte ${at}`);
    const name = field(h, 0, 100);
    const type = field(h, 156, 1);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    if (type !== '0' && type !== '') throw new TarError(`'${name}' is not a regular file (type '${type}')`);
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') throw new TarError(`'${name}' is not a plain file name`);
    if (at + BLOCK + size > archive.length) throw new TarError(`'${name}' is cut short`);
    files.push({ name, mode: parseInt(field(h, 100, 8).trim() || '0', 8) & 0o777, data: archive.subarray(at + BLOCK, at + BLOCK + size) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new TarError('the archive has no end (two zero blocks)');
}
