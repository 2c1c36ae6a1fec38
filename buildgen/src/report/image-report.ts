/**
 * One image's report: its libraries with why each is there and what each
 * costs in the linked image, from the image's link map and ELF file, plus
 * the rows of what belongs to no library.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ImagePlan } from '../image-plan.js';
import { Problems } from '../problems.js';
import { attribute, type Owner, type Share } from './attribution.js';
import { allocatedSections, type SectionKind } from './elf-sections.js';
import { parseLinkMap } from './link-map.js';
import type { Edge, LibraryReason, Reasons, SymbolReason } from './reasons.js';

export interface LibraryRow extends LibraryReason {
  text: number;
  data: number;
  bss: number;
}

export interface OtherRow {
  name: string;
  text: number;
  data: number;
  bss: number;
}

export interface ImageReport {
  id: string;
  image: string;
  /** The unstripped ELF and the link map the sizes come from. */
  elf: string;
  map: string;
  libraries: LibraryRow[];
  /** Bytes of the image that belong to no library: padding, the symbol table, libgcc. */
  other: OtherRow[];
  /** The image's allocated sections by kind (as `size` counts them). */
  totals: Record<SectionKind, number>;
  /** Symbols outside the libraries that select or imply one. */
  symbols: SymbolReason[];
  edges: Edge[];
}

/** Names the owner of each input file of the link that native/rules.mk runs. */
function ownerOf(plan: ImagePlan): (file: string) => Owner {
  const libs = new Set(plan.libraries.map((l) => l.name));
  const libDir = join(plan.buildDir, 'libs') + '/';
  return (file) => {
    if (file.startsWith(libDir) && file.endsWith('.o')) {
      const name = file.slice(libDir.length, -2);
      if (libs.has(name)) return { name, library: true };
    }
    if (file === join(plan.buildDir, 'symtab.o')) return { name: '(symbol table)', library: false };
    const archive = /([^/]+)\.a\(.*\)$/.exec(file);
    if (archive) return { name: `(${archive[1]})`, library: false };
    return { name: `(${basename(file)})`, library: false };
  };
}

/**
 * Checks that the image was built from the configuration it is reported
 * against (same config.h, linked after it was written); throws Problems
 * naming the image and `ukconfig build` otherwise.
 */
export function checkBuilt(plan: ImagePlan, configHeader: string, shown: (p: string) => string): void {
  const elf = `${plan.image}.dbg`;
  const map = `${plan.image}.map`;
  const missing = [elf, map].find((f) => !existsSync(f));
  if (missing) throw new Problems([`the ${plan.id} image is not built (no ${shown(missing)}): run ukconfig build`]);
  let header: string | null = null;
  try {
    header = readFileSync(plan.configH, 'latin1');
  } catch {
    /* reported below */
  }
  if (header !== configHeader || statSync(plan.configH).mtimeMs > statSync(elf).mtimeMs || statSync(map).mtimeMs < statSync(elf).mtimeMs) {
    throw new Problems([`the ${plan.id} image (${shown(plan.image)}) was built from another configuration: run ukconfig build`]);
  }
}

export function imageReport(plan: ImagePlan, reasons: Reasons, shown: (p: string) => string): ImageReport {
  const elf = `${plan.image}.dbg`;
  const map = `${plan.image}.map`;
  const sections = parseLinkMap(readFileSync(map, 'utf8'), shown(map));
  const { shares, totals } = attribute(sections, allocatedSections(elf), ownerOf(plan), shown(map));
  const byName = new Map<string, Share>(shares.map((s) => [s.owner.name, s]));
  const libraries = reasons.libraries.map((r): LibraryRow => {
    const s = byName.get(r.library);
    return { ...r, text: s?.text ?? 0, data: s?.data ?? 0, bss: s?.bss ?? 0 };
  });
  const other = shares.filter((s) => !s.owner.library).map((s) => ({ name: s.owner.name, text: s.text, data: s.data, bss: s.bss }));
  return { id: plan.id, image: shown(plan.image), elf: shown(elf), map: shown(map), libraries, other, totals, symbols: reasons.symbols, edges: reasons.edges };
}
