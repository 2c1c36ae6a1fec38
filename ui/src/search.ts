/**
 * Incremental search over symbol names, prompts and help texts. Every term
 * of the query (separated by spaces) must occur, case-insensitively.
 * Results are ranked: the exact name first, then names holding every term
 * and starting with the first ("virtio net" finds VIRTIO_NET before
 * NET_9P_VIRTIO), then other names holding every term, then name-or-prompt
 * matches, then help-only matches; within a rank they keep menu order.
 */
import type { Kconfig, MenuNode } from 'kconfig-parser-ts';
import { display, promptOf } from './entry-text.js';

export interface SearchEntry {
  node: MenuNode;
  /** Symbol name (display text), or '' for menus and comments. */
  name: string;
  prompt: string;
  /** Lower-case texts searched. */
  lower: { name: string; title: string; help: string };
}

export interface SearchHit {
  entry: SearchEntry;
  rank: number;
}

export class SearchIndex {
  private readonly all: SearchEntry[] = [];
  /** Entries still to prepare (in menu order; Linux has 17,000: tens of ms), from `next`. */
  private readonly nodes: MenuNode[] = [];
  private next = 0;
  private last: { query: string; hits: SearchHit[] } | null = null;

  constructor(kc: Kconfig) {
    kc.walkMenu((node) => {
      const kind = node.kind;
      if (kind === 'if' || kind === 'root') return;
      if (node.sym || node.prompt) this.nodes.push(node);
    });
  }

  /** Every entry (prepared first if need be). */
  get entries(): readonly SearchEntry[] {
    this.prepare(Infinity);
    return this.all;
  }

  /** Prepares entries for about `ms` milliseconds; true once all are ready. */
  prepare(ms: number): boolean {
    const until = performance.now() + ms;
    const nodes = this.nodes;
    while (this.next < nodes.length) {
      const node = nodes[this.next++];
      const name = node.sym?.name ? display(node.sym.name) : '';
      const prompt = node.prompt?.text != null ? promptOf(node) : '';
      this.all.push({
        node,
        name,
        prompt,
        lower: { name: name.toLowerCase(), title: (name + '\n' + prompt).toLowerCase(), help: node.help ? display(node.help).toLowerCase() : '' },
      });
      if ((this.next & 127) === 0 && performance.now() > until) return false;
    }
    return true;
  }

  search(query: string): SearchHit[] {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (terms.length === 0) return [];
    const key = terms.join(' ');
    // Typing one more character only narrows the previous result.
    const narrowing = this.last !== null && key.startsWith(this.last.query) && this.last.query !== '';
    const pool = narrowing ? this.last!.hits.map((h) => h.entry) : this.entries;
    const hits: SearchHit[] = [];
    for (const e of pool) {
      const rank = rankOf(e, terms, key);
      if (rank >= 0) hits.push({ entry: e, rank });
    }
    this.last = { query: key, hits };
    // Ranks are few: grouping keeps menu order within each and costs one pass, not a sort.
    const groups: SearchHit[][] = [[], [], [], [], []];
    for (const h of hits) groups[h.rank].push(h);
    return groups.flat();
  }
}

function rankOf(e: SearchEntry, terms: string[], key: string): number {
  const p = e.lower;
  let inName = true;
  let inTitle = true;
  for (const t of terms) {
    if (p.name.includes(t)) continue;
    inName = false;
    if (p.title.includes(t)) continue;
    inTitle = false;
    if (!p.help.includes(t)) return -1;
  }
  if (p.name === key) return 0;
  if (inName) return p.name.startsWith(terms[0]) ? 1 : 2;
  return inTitle ? 3 : 4;
}
