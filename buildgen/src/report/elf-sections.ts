/**
 * The allocated sections of an ELF file, from its section headers, sorted
 * the way `size` (Berkeley format) counts them: text is what is loaded
 * read-only (code and constants), data what is loaded writable, bss what
 * takes memory but no file bytes. Sections that are not loaded (debug
 * information, symbol tables) are left out.
 */
import { Problems } from '../problems.js';
import { readFileSync } from 'node:fs';

export type SectionKind = 'text' | 'data' | 'bss';

export interface ElfSection {
  name: string;
  size: number;
  kind: SectionKind;
}

const SHF_WRITE = 0x1;
const SHF_ALLOC = 0x2;
const SHT_NOBITS = 8;

export function allocatedSections(file: string): ElfSection[] {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw new Problems([`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Problems([`${file}: not an ELF file`]);
  const is64 = buf[4] === 2;
  const le = buf[5] === 1;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const word = (o: number) => (is64 ? Number(le ? buf.readBigUInt64LE(o) : buf.readBigUInt64BE(o)) : u32(o));
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);
  if (shoff === 0 || shoff + shnum * shentsize > buf.length || shstrndx >= shnum) throw new Problems([`${file}: no usable section headers`]);
  const header = (i: number) => {
    const o = shoff + i * shentsize;
    return {
      name: u32(o),
      type: u32(o + 4),
      flags: word(o + 8),
      offset: word(is64 ? o + 0x18 : o + 0x10),
      size: word(is64 ? o + 0x20 : o + 0x14),
    };
  };
  const strtab = header(shstrndx);
  const nameAt = (n: number) => {
    const from = strtab.offset + n;
    const end = buf.indexOf(0, from);
    return buf.toString('latin1', from, end < 0 ? buf.length : end);
  };
  const out: ElfSection[] = [];
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    if (!(h.flags & SHF_ALLOC)) continue;
    const kind: SectionKind = h.type === SHT_NOBITS ? 'bss' : h.flags & SHF_WRITE ? 'data' : 'text';
    out.push({ name: nameAt(h.name), size: h.size, kind });
  }
  return out;
}
