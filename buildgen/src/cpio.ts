/**
 * Packing a folder as a cpio archive in the "newc" format (what Linux's
 * initramfs and the initrd library read): for `ukconfig run --initrd
 * FOLDER`. Folders and regular files only, in a stable (sorted) order,
 * parents before their content; other entries (symbolic links, devices)
 * are an error naming the path.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class CpioError extends Error {}

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
const pad4 = (n: number) => Buffer.alloc((4 - (n % 4)) % 4);

function entry(ino: number, mode: number, name: string, data: Buffer): Buffer[] {
  const nameBytes = Buffer.from(name + '\0', 'utf8');
  // c_magic, then ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check.
  const fields = [ino, mode, 0, 0, mode & S_IFDIR ? 2 : 1, 0, data.length, 0, 0, 0, 0, nameBytes.length, 0];
  const header = Buffer.from('070701' + fields.map(hex8).join(''), 'ascii');
  return [header, nameBytes, pad4(header.length + nameBytes.length), data, pad4(data.length)];
}

/** The archive of everything under `root` (paths relative to it). */
export function packFolder(root: string): Buffer {
  const parts: Buffer[] = [];
  let ino = 1;
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const archived = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path);
      if (st.isDirectory()) {
        parts.push(...entry(ino++, S_IFDIR | (st.mode & 0o7777), archived, Buffer.alloc(0)));
        walk(path, archived);
      } else if (st.isFile()) {
        parts.push(...entry(ino++, S_IFREG | (st.mode & 0o7777), archived, readFileSync(path)));
      } else {
        throw new CpioError(`${path}: only folders and regular files go into an initrd`);
      }
    }
  };
  walk(root, '');
  parts.push(...entry(0, 0, 'TRAILER!!!', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
