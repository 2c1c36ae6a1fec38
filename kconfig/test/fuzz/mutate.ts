/**
 * Mutations for the fuzzer: seeded (a case is a pure function of its seed,
 * its index and the corpus, so any failure can be regenerated from its id),
 * on Kconfig text (byte strings) and on .config text.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
  'F = $(1)$(1)', 'G := $(F,$(F,x))', '$(G)', 'default $(shell,echo y)', 'default "$(shell,printf \'a\\nb\')"',
  'config $(shell,echo NAMED)', '$(shell,echo X) := 1', 'source "$(shell,echo extra)/Kconfig.extra"',
  'depends on $(shell,echo A) && B', '$(error-if,$(shell,echo n),no)',
];

const BINARY_CHUNKS = [
  '\0', '\0\0', '\x01\x02\x03', '\xff\xfe', '\x1b[31m', '\r', '\r\n', '\t\t\t', '\x7f', '\xc3\xa9', '\xe9\xe8', '\xed\xa0\x80',
  '\xc3', '\xe2\x82', '\xf0\x9f\x98', '\xc0\xaf', '\xf8\x88\x80\x80\x80', '\xef\xbb\xbf',
];

function lines(text: string): string[] {
  return text.split('\n');
}

type Mutation = (text: string, rng: Prng) => [string, string];

/** The words (symbol-name characters) of a text, with their positions. */
function words(text: string): { at: number; word: string }[] {
  return [...text.matchAll(/[A-Za-z0-9_-]+/g)].map((m) => ({ at: m.index!, word: m[0] }));
}

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
  byteFlips: (t, rng) => {
    if (!t.length) return [t, 'no byte to flip'];
    const n = 1 + rng.int(8);
    const chars = t.split('');
    for (let i = 0; i < n; i++) {
      const at = rng.int(chars.length);
      chars[at] = String.fromCharCode(chars[at].charCodeAt(0) ^ (1 << rng.int(8)));
    }
    return [chars.join(''), `flip a bit in ${n} bytes`];
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
  swapTokens: (t, rng) => {
    const ws = words(t);
    if (ws.length < 2) return [t, 'no tokens to swap'];
    let [a, b] = [rng.pick(ws), rng.pick(ws)];
    if (a.at > b.at) [a, b] = [b, a];
    if (a.at === b.at) return [t, 'same token'];
    const out = t.slice(0, a.at) + b.word + t.slice(a.at + a.word.length, b.at) + a.word + t.slice(b.at + b.word.length);
    return [out, `swap tokens ${a.word} and ${b.word}`];
  },
  crlf: (t, rng) => {
    const all = rng.chance(0.5);
    return [all ? t.replace(/\n/g, '\r\n') : t.replace(/\n/g, (nl) => (rng.chance(0.2) ? '\r\n' : nl)), `CRLF line ends (${all ? 'all' : 'some'})`];
  },
  nul: (t, rng) => {
    // NULs where they matter most: inside strings, macros and words.
    const spots = [...t.matchAll(/"[^"\n]*"|\$\([^)\n]*\)|[A-Za-z_]{3,}/g)];
    if (!spots.length) return [t.slice(0, 1) + '\0' + t.slice(1), 'a NUL byte'];
    const m = rng.pick(spots);
    const at = m.index! + 1 + rng.int(Math.max(1, m[0].length - 1));
    return [t.slice(0, at) + '\0'.repeat(1 + rng.int(2)) + t.slice(at), `NUL bytes inside ${JSON.stringify(m[0].slice(0, 30))}`];
  },
  longLine: (t, rng) => {
    const ls = lines(t);
    const at = rng.int(ls.length);
    const times = rng.pick([100, 1000, 20_000]);
    ls[at] = ls[at].repeat(Math.min(times, Math.ceil((1 << 20) / Math.max(1, ls[at].length)))).slice(0, 1 << 20);
    return [ls.join('\n'), `line ${at + 1} repeated ${times} times`];
  },
  deepNesting: (t, rng) => {
    const depth = rng.pick([50, 500, 3000]);
    const kind = rng.pick(['if', 'menu', 'parens', 'not']);
    if (kind === 'parens' || kind === 'not') {
      const ls = lines(t);
      const expression = /^(\s*(?:depends on|default|def_bool|select \w+ if|visible if)\s+)(.*)$/;
      const deps = ls.map((l, i) => (expression.test(l) ? i : -1)).filter((i) => i >= 0);
      if (!deps.length) return [t, 'no expression to nest'];
      const i = rng.pick(deps);
      const m = expression.exec(ls[i])!;
      ls[i] = kind === 'parens' ? `${m[1]}${'('.repeat(depth)}${m[2]}${')'.repeat(depth)}` : `${m[1]}${'!'.repeat(depth)}${m[2]}`;
      return [ls.join('\n'), `${depth} nested ${kind} at line ${i + 1}`];
    }
    const open = kind === 'if' ? 'if FUZZ_SYM\n' : 'menu "nest"\n';
    const close = kind === 'if' ? 'endif\n' : 'endmenu\n';
    return [open.repeat(depth) + t + '\n' + close.repeat(depth), `wrapped in ${depth} ${kind} blocks`];
  },
  dependencyChain: (t, rng) => {
    const n = rng.pick([100, 2000, 10_000]);
    const via = rng.pick(['depends on', 'select', 'imply', 'default']);
    const chain = Array.from({ length: n }, (_, k) => `config FZ${k}\n\tbool "fz${k}"\n` + (k ? `\t${via} FZ${k - 1}\n` : '\tdefault y\n')).join('');
    return [t + '\n' + chain, `a ${n}-long ${via} chain`];
  },
  recursiveMacro: (t, rng) => {
    const v = rng.pick([
      'R = $(R)\n$(R)\n',
      'f = $(f,$(1))\nQ := $(f,1)\n',
      'a = $(b)\nb = $(a)\nconfig M\n\tbool "$(a)"\n',
      `n = $(1)\nN := ${'$(n,'.repeat(3000)}x${')'.repeat(3000)}\n`,
      `${Array.from({ length: 1100 }, (_, k) => `w${k} = $(w${k + 1})`).join('\n')}\nw1100 := end\nW := $(w0)\n`,
    ]);
    const ls = lines(t);
    const at = rng.int(ls.length + 1);
    ls.splice(at, 0, v);
    return [ls.join('\n'), `recursive macros at line ${at + 1}: ${JSON.stringify(v.slice(0, 40))}`];
  },
  recursiveSource: (t, rng) => {
    const v = rng.pick(['source "Kconfig"', 'source "extra/Kconfig.extra"', 'rsource "Kconfig"', 'source "$(filename)"']);
    const ls = lines(t);
    const at = rng.int(ls.length + 1);
    ls.splice(at, 0, v);
    return [ls.join('\n'), `${v} at line ${at + 1}`];
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
 * Keeps a tree to itself: `source` lines name the tree's own second file (or
 * go), probes stay but run with the fuzzer's few harmless programs.
 */
export function selfContained(text: string, rng: Prng, allowSource: boolean): string {
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*[a-z]*source\b/.test(line)) return allowSource && rng.chance(0.3) ? 'source "extra/Kconfig.extra"' : '# (source removed)';
      return line;
    })
    .join('\n');
}

/** Hand-written pathological inputs; `rng` picks the variant. */
export const SPECIALS: Array<{ kind: string; build: (base: string, rng: Prng) => { main: string; extra?: string; note: string } }> = [
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
      const depth = rng.pick([1000, 9000, 50_000]);
      return { main: `${base}\nconfig DEEPNOT\n\tbool "deep"\n\tdefault ${'!'.repeat(depth)}y\n`, note: `${depth} nested '!'` };
    },
  },
  {
    kind: 'long-and-chain',
    build: (base, rng) => {
      const n = rng.pick([900, 10_000]);
      const syms = Array.from({ length: n }, (_, k) => `C${k % 100}`);
      const defs = Array.from({ length: 100 }, (_, k) => `config C${k}\n\tbool "c${k}"\n\tdefault y\n`).join('');
      return { main: `${base}\n${defs}config CHAIN\n\tbool "chain"\n\tdepends on ${syms.join(' && ')}\n\tselect C0 if ${syms.slice(0, 50).join(' || ')}\n`, note: `${n}-term && chain` };
    },
  },
  {
    kind: 'deep-blocks',
    build: (base, rng) => {
      const depth = rng.pick([500, 2000, 3400]);
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
      const v = rng.int(4);
      if (v === 0) return { main: `${base}\nsource "Kconfig"\n`, note: 'Kconfig sources itself' };
      if (v === 1) return { main: `${base}\nsource "extra/Kconfig.extra"\n`, extra: 'config X1\n\tbool "x1"\nsource "Kconfig"\n', note: 'Kconfig -> extra -> Kconfig' };
      if (v === 2) return { main: `${base}\nsource "extra/Kconfig.extra"\n`, extra: 'source "extra/Kconfig.extra"', note: 'extra sources itself on its last line' };
      return { main: `${base}\nsource "extra/Kconfig.extra"`, extra: 'config X2\n\tbool "x2"\n', note: 'source as the last bytes' };
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
        `f = $(1)\nX := ${'$(f,'.repeat(20_000)}x${')'.repeat(20_000)}\n`,
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
        [base.replace(/e/g, '\xe9'), 'Latin-1 bytes (invalid UTF-8) everywhere'],
      ];
      const [main, note] = variants[rng.int(variants.length)];
      return { main, note };
    },
  },
];

/** Kconfig* files below `linux` (sorted, at most 64 KiB each), spread over the tree. */
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
  const step = Math.max(1, Math.floor(found.length / limit));
  return found.filter((_, i) => i % step === 0).slice(0, limit);
}

// ---- .config ---------------------------------------------------------------

const VALUES = ['y', 'n', 'm', '', '0', '1', '-1', '0x10', '0xzz', '18446744073709551616', '"text"', '"unterminated', '"a\\"b"', 'yes', 'Y', '"\xe9"', 'y\r'];

/**
 * A .config for a tree with `names` defined: assignments with valid and
 * invalid values, then mutated (unknown names, repeats, comments, NULs,
 * CRLF, long lines, garbage).
 */
export function fuzzConfig(names: readonly string[], rng: Prng): { text: string; note: string } {
  const out: string[] = [];
  const n = Math.min(names.length, 1 + rng.int(40));
  for (let i = 0; i < n; i++) {
    const name = rng.pick(names);
    out.push(rng.chance(0.2) ? `# CONFIG_${name} is not set` : `CONFIG_${name}=${rng.pick(VALUES)}`);
  }
  const ops: string[] = [];
  const count = rng.int(4);
  for (let i = 0; i < count; i++) {
    const op = rng.int(7);
    const at = rng.int(out.length + 1);
    if (op === 0) out.splice(at, 0, `CONFIG_FUZZ_UNKNOWN_${i}=y`), ops.push('unknown symbol');
    else if (op === 1 && out.length) out.splice(at, 0, out[rng.int(out.length)]), ops.push('repeated line');
    else if (op === 2) out.splice(at, 0, rng.pick(['garbage line', '#CONFIG_X is not set', '# CONFIG_ is not set', 'CONFIG_=y', '='])), ops.push('odd line');
    else if (op === 3 && out.length) out[at % out.length] += '\0tail', ops.push('NUL');
    else if (op === 4) ops.push('CRLF'), out.forEach((l, k) => (out[k] = l + '\r'));
    else if (op === 5) out.splice(at, 0, `CONFIG_LONG="${'x'.repeat(1 << 16)}"`), ops.push('long line');
    else out.splice(at, 0, String.fromCharCode(...Array.from({ length: 20 }, () => rng.int(256)))), ops.push('random bytes');
  }
  return { text: out.join('\n') + (rng.chance(0.9) ? '\n' : ''), note: `.config of ${out.length} lines${ops.length ? ` (${ops.join(', ')})` : ''}` };
}
