/**
 * Who owns each byte of an image: every allocated output section of the
 * link map is split among the input sections placed in it, each counted
 * from its address up to the next one's (the map lists merged string
 * sections over each other, so their own sizes overlap), and whatever no
 * input section covers (alignment, `*fill*`) is padding. The sums per
 * owner therefore add up to the image's sections exactly.
 */
import { Problems } from '../problems.js';
import type { ElfSection, SectionKind } from './elf-sections.js';
import type { MapSection } from './link-map.js';

/** A row of the report: a library, or a part of the image that belongs to none. */
export interface Owner {
  /** A library's name, or a description such as `(padding)`. */
  name: string;
  library: boolean;
}

export interface Share {
  owner: Owner;
  text: number;
  data: number;
  bss: number;
}

export interface Attribution {
  shares: Share[];
  /** The image's allocated sections by kind, as the ELF file gives them. */
  totals: Record<SectionKind, number>;
}

export const PADDING: Owner = { name: '(padding)', library: false };

/**
 * `ownerOf(file)` names the owner of an input file of the link. Shares come
 * in the order owners are first met, libraries first.
 */
export function attribute(sections: MapSection[], elf: ElfSection[], ownerOf: (file: string) => Owner, mapName: string): Attribution {
  const byName = new Map(sections.map((s) => [s.name, s]));
  const shares = new Map<string, Share>();
  const share = (o: Owner) => {
    let s = shares.get(o.name);
    if (!s) shares.set(o.name, (s = { owner: o, text: 0, data: 0, bss: 0 }));
    return s;
  };
  const totals: Record<SectionKind, number> = { text: 0, data: 0, bss: 0 };
  for (const e of elf) {
    totals[e.kind] += e.size;
    if (e.size === 0) continue;
    const sec = byName.get(e.name);
    if (!sec || sec.size !== e.size) {
      throw new Problems([`${mapName} does not describe the image's section ${e.name} (${e.size} bytes): the map is from another link`]);
    }
    let covered = 0;
    const pieces = sec.pieces.filter((p) => p.size > 0).sort((a, b) => a.address - b.address);
    const end = sec.address + sec.size;
    pieces.forEach((p, i) => {
      const next = i + 1 < pieces.length ? pieces[i + 1].address : end;
      const bytes = Math.max(0, Math.min(p.address + p.size, next, end) - Math.max(p.address, sec.address));
      if (bytes === 0 || p.file === null) return;
      share(ownerOf(p.file))[e.kind] += bytes;
      covered += bytes;
    });
    share(PADDING)[e.kind] += sec.size - covered;
  }
  const list = [...shares.values()];
  return { shares: [...list.filter((s) => s.owner.library), ...list.filter((s) => !s.owner.library)], totals };
}
