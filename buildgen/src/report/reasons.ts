/**
 * Why each library is in an image: the symbols of its manifest's
 * `enabled-if` that are on, each explained by the resolver from the
 * engine's state in the image's configuration view (set by the user, a
 * default, selected or implied by which symbols), and the edges between
 * libraries that those selects, implies and `depends on` make.
 */
import { forEachExprSymbol, type KSymbol } from 'kconfig-parser-ts';
import { explain, type ValueSource } from '../../../resolver/src/index.js';
import type { ImageView } from '../generate.js';
import type { ImagePlan } from '../image-plan.js';

export interface SymbolReason {
  symbol: string;
  value: string;
  source: ValueSource;
  /** Symbols whose select gives it a value now. */
  selectedBy: string[];
  impliedBy: string[];
  /** The resolver's reasons in words. */
  why: string[];
  /** The reason in a few words: `selected by APPHELLOWORLD`. */
  summary: string;
}

export interface LibraryReason {
  library: string;
  /** The manifest's `enabled-if` expression. */
  enabledIf: string;
  /** Its symbols that are on. */
  symbols: SymbolReason[];
}

export type Relation = 'selects' | 'implies' | 'depends on';

export interface Edge {
  /** A library's name, or a symbol's when it belongs to no library of the image. */
  from: string;
  fromLibrary: boolean;
  to: string;
  relation: Relation;
  /** The Kconfig symbols the edge joins, `APPHELLOWORLD -> LIBNOLIBC`. */
  symbols: string;
}

export interface Reasons {
  libraries: LibraryReason[];
  /** Symbols outside the image's libraries that select or imply one of them. */
  symbols: SymbolReason[];
  edges: Edge[];
}

function symbolReason(view: ImageView, sym: KSymbol): SymbolReason {
  const e = explain(view.kc, sym);
  const active = (list: typeof e.selectedBy) => list.filter((r) => r.gives !== 'n').map((r) => r.symbol);
  const selectedBy = active(e.selectedBy);
  const impliedBy = active(e.impliedBy);
  const summary =
    e.source === 'select'
      ? `selected by ${selectedBy.join(', ')}`
      : e.source === 'imply'
        ? `implied by ${impliedBy.join(', ')}`
        : e.source === 'user'
          ? 'enabled by the user'
          : e.source === 'default'
            ? 'on by default'
            : e.why.join('; ').replace(/^it is /, 'is ');
  return { symbol: e.name, value: e.value, source: e.source, selectedBy, impliedBy, why: e.why, summary };
}

/** Reads the reasons of `plan`'s libraries; call it while the tree holds the plan's view. */
export function libraryReasons(plan: ImagePlan, view: ImageView): Reasons {
  const manifests = new Map(view.manifests.map((m) => [m.name, m]));
  const libraries: LibraryReason[] = [];
  const librarySymbols = new Map<KSymbol, string>();
  const onSymbols = new Map<string, KSymbol[]>();
  for (const l of plan.libraries) {
    const m = manifests.get(l.name)!;
    const on = view.conditions.symbols(m.enabledIf).filter((s) => s.strValue === 'y');
    onSymbols.set(l.name, on);
    for (const s of on) if (!librarySymbols.has(s)) librarySymbols.set(s, l.name);
    libraries.push({ library: l.name, enabledIf: m.enabledIf.text, symbols: on.map((s) => symbolReason(view, s)) });
  }

  const edges: Edge[] = [];
  const seen = new Set<string>();
  const addEdge = (e: Edge) => {
    const key = `${e.from}\0${e.to}\0${e.relation}`;
    if (e.from === e.to || seen.has(key)) return;
    seen.add(key);
    edges.push(e);
  };
  const outside = new Map<string, SymbolReason>();
  for (const lib of libraries) {
    const on = onSymbols.get(lib.library)!;
    lib.symbols.forEach((r, i) => {
      const symbols = (by: KSymbol) => `${by.name} -> ${on[i].name}`;
      for (const [relation, names] of [
        ['selects', r.selectedBy],
        ['implies', r.impliedBy],
      ] as const) {
        for (const n of names) {
          const by = view.kc.symbol(n);
          if (!by) continue;
          const fromLibrary = librarySymbols.get(by);
          if (fromLibrary === undefined && !outside.has(n)) outside.set(n, symbolReason(view, by));
          addEdge({ from: fromLibrary ?? n, fromLibrary: fromLibrary !== undefined, to: lib.library, relation, symbols: symbols(by) });
        }
      }
    });
  }
  // `depends on` points the other way: from the library that needs to the one it needs.
  for (const lib of libraries) {
    for (const sym of onSymbols.get(lib.library)!) {
      forEachExprSymbol(sym.directDep, (dep) => {
        const needed = librarySymbols.get(dep);
        if (needed === undefined || dep.strValue !== 'y') return;
        addEdge({ from: lib.library, fromLibrary: true, to: needed, relation: 'depends on', symbols: `${sym.name} -> ${dep.name}` });
      });
    }
  }
  return { libraries, symbols: [...outside.values()], edges };
}
