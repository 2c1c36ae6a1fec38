/**
 * `#if` conditions as Kconfig conditions. config.h defines `CONFIG_X` as 1
 * for a bool or tristate X that is y (`CONFIG_X_MODULE` for m) and leaves
 * out what is n, so `defined(CONFIG_X)` and `CONFIG_X` both mean "X is y".
 * The toolchain defines a few macros per architecture (`__x86_64__`).
 *
 * Anything else (another macro, arithmetic, a comparison, an int symbol)
 * is unknown. Each condition is therefore translated twice: `over` holds
 * whenever the condition may hold, `under` only when it surely holds; an
 * unknown part is true in `over` and false in `under`, and a negation
 * swaps the two. A use is checked under `over` (where it may compile), a
 * definition counted under `under` (where it surely exists).
 */
import type { Token } from './c-tokens.js';
import type { CondTerm, RawGuard } from './c-scan.js';
import { and, expr, not, or, type Formula } from './formula.js';

export interface Approx {
  over: Formula;
  under: Formula;
}

const UNKNOWN: Approx = { over: true, under: false };
const exact = (f: Formula): Approx => ({ over: f, under: f });

/** How a source is compiled: `__ASSEMBLY__` is defined for .S files only; a header may be either. */
export type Language = 'c' | 'asm' | 'header';

export interface CppSetting {
  /** The Kconfig type class of a symbol name: bool/tristate, another type, or not defined by the tree. */
  symbolClass(name: string): 'logical' | 'other' | 'undefined';
  /** The prefix of config.h's macros (CONFIG_). */
  prefix: string;
  /** CONFIG_ macros some source defines or undefines itself: unknown everywhere. */
  redefined: ReadonlySet<string>;
  /** Macros the toolchain defines, with the condition under which it does. */
  predefined: ReadonlyMap<string, Formula>;
}

const BINARY = new Set(['|', '^', '&', '==', '!=', '<', '>', '<=', '>=', '<<', '>>', '+', '-', '*', '/', '%']);

export class CppConditions {
  private readonly cache = new Map<string, Approx>();
  private readonly guards = new WeakMap<RawGuard, Approx>();

  constructor(private readonly setting: CppSetting) {}

  /** The conditions around a line (all terms of the guard). */
  guard(g: RawGuard, language: Language): Approx {
    if (g.length === 0) return { over: true, under: true };
    // Guards are shared by every item of a region; the language is fixed per file, so per guard too.
    const known = this.guards.get(g);
    if (known) return known;
    const parts = g.map((t) => this.term(t, language));
    const r = { over: and(...parts.map((p) => p.over)), under: and(...parts.map((p) => p.under)) };
    this.guards.set(g, r);
    return r;
  }

  private term(t: CondTerm, language: Language): Approx {
    const key = `${language} ${t.text}`;
    let a = this.cache.get(key);
    if (!a) {
      a = new Parser(t.tokens, this.setting, language).condition();
      this.cache.set(key, a);
    }
    return t.positive ? a : { over: not(a.under), under: not(a.over) };
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly setting: CppSetting,
    private readonly language: Language,
  ) {}

  condition(): Approx {
    const r = this.ternary();
    return this.pos === this.tokens.length ? r : UNKNOWN;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos]?.text;
  }

  private ternary(): Approx {
    const c = this.or();
    if (this.peek() !== '?') return c;
    this.pos++;
    this.ternary();
    if (this.peek() === ':') this.pos++;
    this.ternary();
    return UNKNOWN;
  }

  private or(): Approx {
    let a = this.and();
    while (this.peek() === '||') {
      this.pos++;
      const b = this.and();
      a = { over: or(a.over, b.over), under: or(a.under, b.under) };
    }
    return a;
  }

  private and(): Approx {
    let a = this.binary();
    while (this.peek() === '&&') {
      this.pos++;
      const b = this.binary();
      a = { over: and(a.over, b.over), under: and(a.under, b.under) };
    }
    return a;
  }

  /** Comparisons and arithmetic: values the configuration does not give here. */
  private binary(): Approx {
    const a = this.unary();
    if (!BINARY.has(this.peek() ?? '')) return a;
    while (BINARY.has(this.peek() ?? '')) {
      this.pos++;
      this.unary();
    }
    return UNKNOWN;
  }

  private unary(): Approx {
    const t = this.tokens[this.pos++];
    if (!t) return UNKNOWN;
    if (t.text === '!') {
      const a = this.unary();
      return { over: not(a.under), under: not(a.over) };
    }
    if (t.text === '-' || t.text === '+' || t.text === '~') {
      this.unary();
      return UNKNOWN;
    }
    if (t.text === '(') {
      const a = this.ternary();
      if (this.peek() === ')') this.pos++;
      return a;
    }
    if (t.kind === 'number') {
      const v = parseCppNumber(t.text);
      return v === null ? UNKNOWN : exact(v !== 0);
    }
    if (t.kind !== 'ident') return UNKNOWN;
    if (t.text === 'defined') {
      const paren = this.peek() === '(';
      if (paren) this.pos++;
      const name = this.tokens[this.pos++]?.text ?? '';
      if (paren && this.peek() === ')') this.pos++;
      return this.macro(name);
    }
    if (this.peek() === '(') {
      // A function-like macro: its value is unknown.
      let depth = 0;
      do {
        const x = this.tokens[this.pos++]?.text;
        if (x === '(') depth++;
        else if (x === ')') depth--;
        else if (x === undefined) break;
      } while (depth > 0);
      return UNKNOWN;
    }
    // Defined as 1 or not at all: the value is the same question as `defined`.
    return this.macro(t.text);
  }

  /** Whether a macro is defined (for config.h's and the toolchain's, whether it is 1). */
  private macro(name: string): Approx {
    const pre = this.setting.predefined.get(name);
    if (pre !== undefined) return exact(pre);
    if (name === '__ASSEMBLY__') return this.language === 'header' ? UNKNOWN : exact(this.language === 'asm');
    const { prefix } = this.setting;
    if (!name.startsWith(prefix) || this.setting.redefined.has(name)) return UNKNOWN;
    const sym = name.slice(prefix.length);
    const cls = this.setting.symbolClass(sym);
    if (cls === 'logical') return exact(expr(sym));
    if (cls === 'other') return UNKNOWN;
    if (sym.endsWith('_MODULE')) {
      const base = sym.slice(0, -'_MODULE'.length);
      if (this.setting.symbolClass(base) === 'logical') return exact(expr(`${base}=m`));
    }
    // Not in the tree: config.h never defines it.
    return exact(false);
  }
}

/** A C integer constant (decimal, octal, hex, with u/l suffixes), or null. */
function parseCppNumber(t: string): number | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(t);
  if (!m) return null;
  const s = m[1];
  return s.startsWith('0x') || s.startsWith('0X') ? parseInt(s.slice(2), 16) : s.length > 1 && s.startsWith('0') ? parseInt(s, 8) : Number(s);
}
