/**
 * The link map reader and the split of an image's sections among the
 * libraries, on a map written the way GNU ld writes one (long names
 * wrapped, fill, merged strings listed over each other, symbols and
 * patterns between the sections).
 */
import { describe, expect, it } from 'vitest';
import { attribute, type Owner } from '../src/report/attribution.js';
import type { ElfSection } from '../src/report/elf-sections.js';
import { parseLinkMap } from '../src/report/link-map.js';
import { Problems } from '../src/problems.js';

const MAP = `Archive member included to satisfy reference by file (symbol)

Discarded input sections

 .text.unused   0x0000000000000000       0x40 /b/libs/a.o

Memory Configuration

Linker script and memory map

LOAD /b/libs/a.o
LOAD /b/libs/b.o
                0x0000000000100000                . = 0x100000

.text           0x0000000000100000      0x100
 *(.text .text.*)
 .text.a_function_with_a_long_name
                0x0000000000100000       0x30 /b/libs/a.o
                0x0000000000100000                a_function_with_a_long_name
 *fill*         0x0000000000100030       0x10 
 .text.b        0x0000000000100040       0x80 /b/libs/b.o
 .text.udiv     0x00000000001000c0       0x20 /usr/lib/gcc/libgcc.a(_udivdi3.o)
                0x0000000000100100                . = ALIGN (0x10)

.rodata         0x0000000000101000       0x50
 .rodata.x.str1.1
                0x0000000000101000       0x28 /b/libs/a.o
                                          0x1 (size before relaxing)
 .rodata.y.str1.1
                0x0000000000101000       0x20 /b/libs/a.o
 .rodata.z.str1.1
                0x0000000000101020        0x8 /b/libs/b.o
 .rodata.uk_symtab
                0x0000000000101030       0x18 /b/symtab.o

.a_long_output_section_name
                0x0000000000102000        0x8
 .a_long_output_section_name
                0x0000000000102000        0x8 /b/libs/b.o

.bss            0x0000000000103000       0x40
 *(COMMON)
 COMMON         0x0000000000103000       0x20 /b/libs/a.o
/DISCARD/
 *(.comment)
OUTPUT(/b/image.dbg elf64-x86-64)

.debug_info     0x0000000000000000      0x999
 .debug_info    0x0000000000000000      0x999 /b/libs/a.o
`;

const owner = (file: string): Owner => {
  const lib = /^\/b\/libs\/(\w+)\.o$/.exec(file);
  if (lib) return { name: lib[1], library: true };
  return { name: file.endsWith('symtab.o') ? '(symbol table)' : '(libgcc)', library: false };
};

describe('link map', () => {
  it('reads the output sections after the memory map header, with their pieces', () => {
    const sections = parseLinkMap(MAP, 'image.map');
    expect(sections.map((s) => [s.name, s.size])).toEqual([
      ['.text', 0x100],
      ['.rodata', 0x50],
      ['.a_long_output_section_name', 8],
      ['.bss', 0x40],
      ['.debug_info', 0x999],
    ]);
    expect(sections[0].pieces).toEqual([
      { name: '.text.a_function_with_a_long_name', address: 0x100000, size: 0x30, file: '/b/libs/a.o' },
      { name: '*fill*', address: 0x100030, size: 0x10, file: null },
      { name: '.text.b', address: 0x100040, size: 0x80, file: '/b/libs/b.o' },
      { name: '.text.udiv', address: 0x1000c0, size: 0x20, file: '/usr/lib/gcc/libgcc.a(_udivdi3.o)' },
    ]);
    expect(sections[3].pieces).toEqual([{ name: 'COMMON', address: 0x103000, size: 0x20, file: '/b/libs/a.o' }]);
  });

  it('a file that is no link map is a problem with its name', () => {
    expect(() => parseLinkMap('hello\n', 'x.map')).toThrow(Problems);
    expect(() => parseLinkMap('hello\n', 'x.map')).toThrow(/^x\.map: not a GNU ld link map/);
  });
});

describe('attribution', () => {
  const elf: ElfSection[] = [
    { name: '.text', size: 0x100, kind: 'text' },
    { name: '.rodata', size: 0x50, kind: 'text' },
    { name: '.a_long_output_section_name', size: 8, kind: 'data' },
    { name: '.bss', size: 0x40, kind: 'bss' },
  ];

  it('splits every section among its owners; what no input covers is padding; the sums are the sections', () => {
    const { shares, totals } = attribute(parseLinkMap(MAP, 'image.map'), elf, owner, 'image.map');
    const by = Object.fromEntries(shares.map((s) => [s.owner.name, [s.text, s.data, s.bss]]));
    // a: 0x30 of code, the merged strings once (0x20 up to b's, the 0x28 entry at the same address counts 0), 0x20 of COMMON.
    expect(by).toEqual({
      a: [0x30 + 0x20, 0, 0x20],
      b: [0x80 + 0x8, 8, 0],
      '(libgcc)': [0x20, 0, 0],
      '(symbol table)': [0x18, 0, 0],
      // fill and the tail of .text; the gaps before and after the symbol table in .rodata; the tail of .bss
      '(padding)': [0x10 + 0x20 + 0x8 + 0x8, 0, 0x20],
    });
    expect(totals).toEqual({ text: 0x150, data: 8, bss: 0x40 });
    for (const kind of ['text', 'data', 'bss'] as const) expect(shares.reduce((n, s) => n + s[kind], 0)).toBe(totals[kind]);
    expect(shares.map((s) => s.owner.library)).toEqual([true, true, false, false, false]);
  });

  it('a map from another link than the image is refused', () => {
    const other = elf.map((s) => (s.name === '.text' ? { ...s, size: 0x200 } : s));
    expect(() => attribute(parseLinkMap(MAP, 'image.map'), other, owner, 'image.map')).toThrow(/image\.map does not describe the image's section \.text \(512 bytes\)/);
  });
});
