/**
 * Reader of the link map GNU ld writes with `-Map` (native/rules.mk asks
 * for one per image): the output sections with the input sections and
 * fill the linker placed in each, in the map's order. Only the part after
 * "Linker script and memory map" is read; the discarded input sections
 * listed before it take no room in the image.
 */
import { Problems } from '../problems.js';

export interface MapPiece {
  /** Input section name (`.text.main`), or `*fill*` for padding the linker inserted. */
  name: string;
  address: number;
  size: number;
  /** The input file (`/…/libs/ukboot.o`, `/…/libgcc.a(_udivti3.o)`); null for fill. */
  file: string | null;
}

export interface MapSection {
  name: string;
  address: number;
  size: number;
  pieces: MapPiece[];
}

const MEMORY_MAP = 'Linker script and memory map';
/** `0xADDR 0xSIZE [rest]` after a name or on the line after a long name. */
const PLACEMENT = /^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)(?:\s+(.*?))?\s*$/;
/** An output section starts in column 0: `.text  0x… 0x…`, or its name alone when it is long. */
const OUTPUT_LINE = /^([.\w][^\s(]*)((?:\s+0x[0-9a-fA-F]+){2}.*)?\s*$/;
/** An input section (or fill) is indented by one space; a pattern such as ` *(.text .text.*)` is not one. */
const INPUT_LINE = /^ ([.\w][^\s(]*|\*fill\*)((?:\s+0x[0-9a-fA-F]+){2}.*)?\s*$/;

/** The output sections of the map, each with its pieces; `source` names the file in errors. */
export function parseLinkMap(text: string, source: string): MapSection[] {
  const lines = text.split('\n');
  const start = lines.indexOf(MEMORY_MAP);
  if (start < 0) throw new Problems([`${source}: not a GNU ld link map (no "${MEMORY_MAP}" line)`]);
  const sections: MapSection[] = [];
  let current: MapSection | null = null;
  /** A long name waiting for its placement on the next line. */
  let pending: { kind: 'output' | 'input'; name: string; line: number } | null = null;

  const place = (kind: 'output' | 'input', name: string, placement: string, lineNo: number) => {
    const m = PLACEMENT.exec(placement);
    if (!m) throw new Problems([`${source}:${lineNo}: cannot read the address and size of ${name}`]);
    const address = parseInt(m[1], 16);
    const size = parseInt(m[2], 16);
    if (kind === 'output') {
      current = { name, address, size, pieces: [] };
      sections.push(current);
    } else if (current) {
      current.pieces.push({ name, address, size, file: name === '*fill*' ? null : m[3] || null });
    }
  };

  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    if (pending) {
      const p: { kind: 'output' | 'input'; name: string; line: number } = pending;
      pending = null;
      if (PLACEMENT.test(line)) {
        place(p.kind, p.name, line, lineNo);
        continue;
      }
      // A name alone without a placement after it: an output section the script names but nothing fills.
      if (p.kind === 'output') current = null;
    }
    const out = OUTPUT_LINE.exec(line);
    if (out) {
      if (out[2]) place('output', out[1], out[2], lineNo);
      else pending = { kind: 'output', name: out[1], line: lineNo };
      continue;
    }
    if (/^\S/.test(line)) {
      // LOAD, OUTPUT(…), /DISCARD/ and the like end the current output section.
      current = null;
      continue;
    }
    const inp = INPUT_LINE.exec(line);
    if (inp && current) {
      if (inp[2]) place('input', inp[1], inp[2], lineNo);
      else pending = { kind: 'input', name: inp[1], line: lineNo };
    }
  }
  return sections;
}
