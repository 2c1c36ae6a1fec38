// Fuzz corpus for robustness tests: deterministic (seeded) mutations of real
// Kconfig files, written as small self-contained trees
//   <root>/<id>/Kconfig               entry point (srctree = <root>/<id>)
//   <root>/<id>/extra/Kconfig.extra   a second file, sourced by most trees
// Every tree is a pure function of (seed, index, source files), so a failing
// case can be regenerated from its id alone.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** mulberry32: small, fast, good enough for picking mutations. */
export class Prng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface FuzzTree {
  /** e.g. "fuzz-0042-deep-parens"; also the directory name. */
  id: string;
  /** srctree of the case; run conf with the argument "Kconfig". */
  dir: string;
  kind: string;
  /** What was done, for failure messages. */
  description: string;
}

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Real Kconfig files to mutate (absolute paths); a built-in sample is used when empty. */
  sources: readonly string[];
}

const SAMPLE_KCONFIG = `config MODULES
	bool "Enable loadable module support"
	modules
	default y

menu "Sample"
	depends on !NONE

config A
	tristate "A"
	default m
	select B if C
	help
	  Some help text
	  on two lines.

config B
	bool

config C
	int "C"
	range 1 10
	default 3

choice
	prompt "pick one"
	default D2

config D1
	bool "D1"

config D2
	bool "D2"
	depends on A

endchoice

if A
config E
	string "E"
	default "e"
endif

endmenu
`;

/** Statements and fragments inserted at random places. */
const KEYWORD_LINES = [
  'endmenu', 'endif', 'endchoice', 'choice', 'menu "fuzz menu"', 'if FUZZ_SYM', 'if', 'config', 'config FUZZ_SYM',
  'menuconfig FUZZ_MENU', 'comment "fuzz comment"', 'mainmenu "again"', 'source "extra/Kconfig.extra"',
  'source "no/such/file"', 'source', 'help', '---help---', 'bool', 'tristate "t"', 'boolean "old"', 'int', 'hex "h"',
  'string', 'default', 'default y if', 'def_bool (', 'def_tristate m', 'depends on', 'depends on A &&', 'depends on ((A)',
  'depends on A = ', 'select', 'select 1', 'imply FUZZ_SYM', 'range 5 1', 'range', 'prompt', 'visible if', 'optional',
  'modules', 'option env="HOME"', 'option defconfig_list', 'transitional', 'def_int 3', 'rsource "x"', '"unterminated',
  "'single", '\\', '$(', '$(info,fuzz)', '$(warning-if,y,fuzz warning)', '$(error-if,y,fuzz error)', 'X := $(X)',
  'Y = $(Y)', '$(shell)', '$(filename', ')', '&&', '||', '!', '=', '# comment', '\t  indented help-like text',
];

const BINARY_CHUNKS = ['\0', '\x01\x02\x03', '\xff\xfe', '\x1b[31m', '\r', '\r\n', '\t\t\t', '\x7f', '\xc3\xa9', '\xe9\xe8', '\xed\xa0\x80'];

function lines(text: string): string[] {
  return text.split('\n');
}

type Mutation = (text: string, rng: Prng) => [string, string];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, rng) => {
    const at = rng.int(t.length + 1);
    return [t.slice(0, at), `truncate at byte ${at}`];
  },
  deleteLines: (t, rng) => {
    const ls = lines(t);
    const at = rng.int(ls.length);
    const n = 1 + rng.int(4);
    ls.splice(at, n);
    return [ls.join('\n'), `delete ${n} lines at ${at + 1}`];
  },
  duplicateLines: (t, rng) => {
    const ls = lines(t);
    const at = rng.int(ls.length);
    const n = 1 + rng.int(6);
    ls.splice(at, 0, ...ls.slice(at, at + n));
    return [ls.join('\n'), `duplicate ${n} lines at ${at + 1}`];
  },
  swapLines: (t, rng) => {
    const ls = lines(t);
    const a = rng.int(ls.length);
    const b = rng.int(ls.length);
    [ls[a], ls[b]] = [ls[b], ls[a]];
    return [ls.join('\n'), `swap lines ${a + 1} and ${b + 1}`];
  },
  insertKeyword: (t, rng) => {
    const ls = lines(t);
    const at = rng.int(ls.length + 1);
    const kw = rng.pick(KEYWORD_LINES);
    ls.splice(at, 0, rng.chance(0.3) ? `\t${kw}` : kw);
    return [ls.join('\n'), `insert ${JSON.stringify(kw)} at line ${at + 1}`];
  },
  binaryBytes: (t, rng) => {
    const at = rng.int(t.length + 1);
    const chunk = rng.pick(BINARY_CHUNKS);
    return [t.slice(0, at) + chunk + t.slice(at), `insert bytes ${JSON.stringify(chunk)} at byte ${at}`];
  },
  joinLines: (t, rng) => {
    const ls = lines(t);
    const at = rng.int(Math.max(1, ls.length - 1));
    ls.splice(at, 2, `${ls[at]}\\`, ls[at + 1] ?? '');
    return [ls.join('\n'), `line continuation after line ${at + 1}`];
  },
  dropQuote: (t, rng) => {
    const quotes = [...t.matchAll(/"/g)].map((m) => m.index!);
    if (quotes.length === 0) return [t, 'no quote to drop'];
    const at = rng.pick(quotes);
    return [t.slice(0, at) + t.slice(at + 1), `drop the quote at byte ${at}`];
  },
  renameSymbol: (t, rng) => {
    const names = [...t.matchAll(/^(?:config|menuconfig) (\w+)/gm)].map((m) => m[1]);
    if (names.length < 2) return [t, 'no symbol to rename'];
    const a = rng.pick(names);
    const b = rng.pick(names);
    return [t.replace(new RegExp(`\\b${a}\\b`, 'g'), b), `rename ${a} to ${b} (duplicate definitions, type clashes, cycles)`];
  },
};

/** Applies `count` random mutations; returns the text and what was done. */
export function mutateKconfig(text: string, rng: Prng, count: number): { text: string; ops: string[] } {
  const names = Object.keys(MUTATIONS);
  const ops: string[] = [];
  for (let i = 0; i < count; i++) {
    const [next, what] = MUTATIONS[rng.pick(names)](text, rng);
    text = next;
    ops.push(what);
  }
  return { text, ops };
}

/**
 * Removes what would make a tree depend on the outside world: `source` lines
 * (rewritten to the tree's own extra file or dropped) and $(shell,…) probes.
 */
export function selfContained(text: string, rng: Prng, allowSource: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      if (/\$\(shell/.test(line)) return '# (probe removed)';
      if (/^\s*[a-z]*source\b/.test(line)) return allowSource && rng.chance(0.3) ? 'source "extra/Kconfig.extra"' : '# (source removed)';
      return line;
    })
    .join('\n');
}

/** Hand-written pathological inputs; `i` selects the variant. */
const SPECIALS: Array<{ kind: string; build: (base: string, rng: Prng) => { main: string; extra?: string; note: string } }> = [
  {
    kind: 'megabyte-line',
    build: (base, rng) => {
      const variants = [
        () => `config ${'A'.repeat(1 << 20)}\n\tbool "x"\n`,
        () => `config LONG\n\tstring "x"\n\tdefault "${'x'.repeat(1 << 20)}"\n`,
        () => `# ${'#'.repeat(1 << 20)}\n`,
        () => `config LONG\n\tbool "x"\n\tdepends on ${Array.from({ length: 1 << 16 }, (_, k) => `S${k}`).join(' || ')}\n`,
        () => `LONG := ${'$(X)'.repeat(1 << 18)}\n`,
      ];
      const v = rng.int(variants.length);
      return { main: base + '\n' + variants[v](), note: `1 MiB line, variant ${v}` };
    },
  },
  {
    kind: 'deep-parens',
    build: (base, rng) => {
      const depth = rng.pick([1000, 5000, 10_000, 10_000, 20_000]);
      const balanced = rng.chance(0.6);
      const expr = '('.repeat(depth) + 'A' + (balanced ? ')'.repeat(depth) : ')'.repeat(depth - 1));
      return { main: `${base}\nconfig DEEP\n\tbool "deep"\n\tdepends on ${expr}\n`, note: `${depth}-deep parentheses in depends on, ${balanced ? 'balanced' : 'one missing'}` };
    },
  },
  {
    kind: 'deep-negation',
    build: (base, rng) => {
      const depth = rng.pick([1000, 10_000, 50_000]);
      return { main: `${base}\nconfig DEEPNOT\n\tbool "deep"\n\tdefault ${'!'.repeat(depth)}y\n`, note: `${depth} nested '!'` };
    },
  },
  {
    kind: 'long-and-chain',
    build: (base, rng) => {
      const n = rng.pick([10_000, 50_000]);
      const syms = Array.from({ length: n }, (_, k) => `C${k % 100}`);
      const defs = Array.from({ length: 100 }, (_, k) => `config C${k}\n\tbool "c${k}"\n\tdefault y\n`).join('');
      return { main: `${base}\n${defs}config CHAIN\n\tbool "chain"\n\tdepends on ${syms.join(' && ')}\n\tselect C0 if ${syms.join(' || ')}\n`, note: `${n}-term && and || chains` };
    },
  },
  {
    kind: 'deep-blocks',
    build: (base, rng) => {
      const depth = rng.pick([500, 2000, 10_000]);
      const kw = rng.pick(['if', 'menu']);
      const open = kw === 'if' ? (k: number) => `if S${k % 7}\n` : (k: number) => `menu "m${k}"\n`;
      const close = kw === 'if' ? 'endif\n' : 'endmenu\n';
      const unbalanced = rng.chance(0.3);
      const body = Array.from({ length: depth }, (_, k) => open(k)).join('') + 'config INNER\n\tbool "inner"\n' + close.repeat(unbalanced ? depth - 1 : depth);
      return { main: base + '\n' + body, note: `${depth} nested ${kw} blocks${unbalanced ? ', one left open' : ''}` };
    },
  },
  {
    kind: 'source-cycle',
    build: (base, rng) => {
      const v = rng.int(3);
      if (v === 0) return { main: `${base}\nsource "Kconfig"\n`, note: 'Kconfig sources itself' };
      if (v === 1) return { main: `${base}\nsource "extra/Kconfig.extra"\n`, extra: 'config X1\n\tbool "x1"\nsource "Kconfig"\n', note: 'Kconfig -> extra -> Kconfig' };
      return { main: `${base}\nsource "extra/Kconfig.extra"\n`, extra: 'source "extra/Kconfig.extra"\n', note: 'extra sources itself' };
    },
  },
  {
    kind: 'macro-recursion',
    build: (base, rng) => {
      const variants = [
        'X = $(X)\n$(X)\n',
        'f = $(f,$(1))\nY := $(f,1)\n',
        'a = $(b)\nb = $(a)\nconfig M\n\tbool "$(a)"\n',
        'g = $(1)$(g,$(1))\nZ := $(g,x)\n',
        `${Array.from({ length: 2000 }, (_, k) => `v${k} = $(v${k + 1})`).join('\n')}\nv2000 := end\nW := $(v0)\n`,
        '$(info,$(warning-if,y,nested))\n$(error-if,y,stop here)\n',
        'T := $(filename,x)\nU := $(lineno,1,2)\nV := $(shell)\n',
      ];
      const v = rng.int(variants.length);
      return { main: `${variants[v]}${base}`, note: `macro recursion/arity variant ${v}` };
    },
  },
  {
    kind: 'odd-bytes',
    build: (base, rng) => {
      const variants: Array<[string, string]> = [
        ['', 'empty file'],
        [base.replace(/\n/g, '\r\n'), 'CRLF line endings'],
        [base.replace(/\n$/, ''), 'no final newline'],
        [base.replace(/\n/g, '\0\n'), 'NUL before every newline'],
        ['\\\n'.repeat(5000), 'only line continuations'],
        [Array.from({ length: 4096 }, (_, k) => String.fromCharCode(k % 256)).join(''), 'all byte values'],
        [`config HELPEND\n\tbool "h"\n\thelp\n${'\t  text\n'.repeat(3)}`, 'help text at end of file'],
        ['\xef\xbb\xbf' + base, 'UTF-8 byte order mark'],
      ];
      const [main, note] = variants[rng.int(variants.length)];
      return { main, note };
    },
  },
];

/** Kconfig* files below `linux` (sorted, at most 64 KiB each), for use as FuzzOptions.sources. */
export function listKconfigSources(linux: string, limit = 400): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'Documentation') walk(p);
      } else if (e.isFile() && e.name.startsWith('Kconfig') && statSync(p).size <= 65536) found.push(p);
    }
  };
  walk(linux);
  // Spread the picks over the whole tree rather than taking the first directories.
  const step = Math.max(1, Math.floor(found.length / limit));
  return found.filter((_, i) => i % step === 0).slice(0, limit);
}

function writeTree(dir: string, main: string, extra: string): void {
  mkdirSync(join(dir, 'extra'), { recursive: true });
  writeFileSync(join(dir, 'Kconfig'), Buffer.from(main, 'latin1'));
  writeFileSync(join(dir, 'extra/Kconfig.extra'), Buffer.from(extra, 'latin1'));
}

/**
 * Writes `count` fuzz trees below `root`. About one in four is a hand-written
 * pathological input (deep nesting, huge lines, cycles…); the others are real
 * Kconfig files with 1–4 random mutations.
 */
export function writeFuzzTrees(root: string, opts: FuzzOptions): FuzzTree[] {
  const trees: FuzzTree[] = [];
  for (let i = 0; i < opts.count; i++) {
    const rng = new Prng(opts.seed * 100_003 + i * 7919);
    const sourceFile = opts.sources.length ? rng.pick(opts.sources) : null;
    const sourceName = sourceFile ? relative(dirname(dirname(sourceFile)), sourceFile) : 'built-in sample';
    const original = sourceFile ? readFileSync(sourceFile, 'latin1') : SAMPLE_KCONFIG;
    const base = `mainmenu "Fuzz tree ${i}"\n\n` + selfContained(original, rng, true);
    let kind: string;
    let main: string;
    let extra = selfContained(rng.chance(0.5) ? SAMPLE_KCONFIG : original, rng, false);
    let description: string;
    if (i % 4 === 3) {
      const special = SPECIALS[Math.floor(i / 4) % SPECIALS.length];
      const built = special.build(base, rng);
      kind = special.kind;
      main = built.main;
      if (built.extra !== undefined) extra = built.extra;
      description = `${built.note} (base: ${sourceName})`;
    } else {
      const m = mutateKconfig(base, rng, 1 + rng.int(4));
      kind = 'mutated';
      main = m.text;
      if (rng.chance(0.3)) extra = mutateKconfig(extra, rng, 1).text;
      description = `${sourceName}: ${m.ops.join('; ')}`;
    }
    const id = `fuzz-${String(i).padStart(4, '0')}-${kind}`;
    const dir = join(root, id);
    writeTree(dir, main, extra);
    trees.push({ id, dir, kind, description });
  }
  return trees;
}
