/** The report as people read it (a table per image) and as Graphviz draws it (DOT). */
import type { ImageReport, LibraryRow } from './image-report.js';
import type { Relation } from './reasons.js';

/** A library's reasons in one line: `LIBNOLIBC selected by APPHELLOWORLD`. */
export function whyLine(l: LibraryRow): string {
  if (!l.symbols.length) return `its condition holds: ${l.enabledIf}`;
  return l.symbols.map((s) => `${s.symbol} ${s.summary}`).join('; ');
}

export function renderTable(r: ImageReport): string {
  const rows: string[][] = [['', 'text', 'data', 'bss', 'why']];
  for (const l of r.libraries) rows.push([l.library, String(l.text), String(l.data), String(l.bss), whyLine(l)]);
  for (const o of r.other) rows.push([o.name, String(o.text), String(o.data), String(o.bss), 'in no library']);
  rows.push(['total', String(r.totals.text), String(r.totals.data), String(r.totals.bss), '']);
  rows[0][0] = 'library';
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    [row[0].padEnd(widths[0]), ...[1, 2, 3].map((c) => row[c].padStart(widths[c])), row[4]].join('  ').trimEnd();
  const out = [`${r.id}: ${r.image} (bytes, from ${r.map})`, ...rows.map(line)];
  return out.join('\n') + '\n';
}

/** A DOT string literal. */
function q(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const EDGE_STYLE: Record<Relation, string> = { selects: 'solid', implies: 'dashed', 'depends on': 'dotted' };

/** One digraph: a cluster per image, a box per library, an ellipse per symbol that pulls one in. */
export function renderDot(reports: ImageReport[]): string {
  const L = ['digraph ukconfig_report {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const r of reports) {
    const node = (name: string) => q(`${r.id}/${name}`);
    L.push(`  subgraph ${q(`cluster_${r.id}`)} {`, `    label=${q(`${r.id}: ${r.image}`)};`);
    for (const l of r.libraries) {
      const bytes = l.text + l.data + l.bss;
      L.push(`    ${node(l.library)} [shape=box, label=${q(`${l.library}\n${bytes} bytes (text ${l.text}, data ${l.data}, bss ${l.bss})\n${whyLine(l)}`)}];`);
    }
    for (const s of r.symbols) L.push(`    ${node(s.symbol)} [shape=ellipse, label=${q(`${s.symbol}\n${s.summary}`)}];`);
    for (const e of r.edges) L.push(`    ${node(e.from)} -> ${node(e.to)} [style=${EDGE_STYLE[e.relation]}, label=${q(`${e.relation}\n${e.symbols}`)}];`);
    L.push('  }');
  }
  L.push('}');
  return L.join('\n') + '\n';
}
