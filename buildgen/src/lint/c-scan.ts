/**
 * What one source file asks of other libraries, read from its tokens: the
 * headers it includes, the identifiers it uses (in code, in initialisers,
 * in the arguments of top-level macro invocations, in macro bodies), what
 * it defines, and the preprocessor conditions around each of them.
 *
 * The reading errs on the side of seeing a use: a declaration or a
 * prototype is not a use, everything inside a function body is (but for
 * member names after `.` and `->`). A macro's body is kept apart: its
 * identifiers become uses where the macro is used (lint.ts), under the
 * conditions of its definition.
 */
import { tokenize, type Directive, type Token } from './c-tokens.js';

/** One `#if`-family condition as written, and whether it must hold (true) or fail (false). */
export interface CondTerm {
  tokens: Token[];
  /** The tokens joined by blanks: the key under which the condition is translated once. */
  text: string;
  positive: boolean;
}

/** The conditions that hold around a line: all of the terms. */
export type RawGuard = readonly CondTerm[];

export interface Include {
  /** The name between the brackets or quotes; null for a computed include (#include MACRO). */
  name: string | null;
  angled: boolean;
  line: number;
  guard: RawGuard;
}

export interface Use {
  name: string;
  line: number;
  guard: RawGuard;
}

export interface Definition {
  name: string;
  line: number;
  guard: RawGuard;
  /** Visible to other objects (not static). */
  global: boolean;
}

export interface MacroDefinition {
  name: string;
  line: number;
  guard: RawGuard;
  /** Identifiers of the body, parameters left out. */
  uses: string[];
}

export interface ScannedFile {
  includes: Include[];
  uses: Use[];
  definitions: Definition[];
  macros: MacroDefinition[];
  /** File-scope identifiers in declarations: only the macros among them compile into anything. */
  mentions: Use[];
  /**
   * Every macro the file defines or undefines itself: those named like
   * config.h's (its prefix, from the engine) are not the configuration's there.
   */
  ownMacros: string[];
}

/** Words that are never references (keywords, types, attributes GCC knows). */
const KEYWORDS = new Set(
  (
    'auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return ' +
    'short signed sizeof static struct switch typedef union unsigned void volatile while _Alignas _Alignof _Atomic _Bool _Complex ' +
    '_Generic _Imaginary _Noreturn _Static_assert _Thread_local __attribute__ __asm__ asm __volatile__ __inline__ __typeof__ typeof ' +
    '__builtin_va_list __builtin_va_start __builtin_va_end __builtin_va_arg __builtin_expect __builtin_unreachable __builtin_offsetof ' +
    '__label__ __extension__ __restrict defined'
  ).split(' '),
);

const AGGREGATE = new Set(['struct', 'union', 'enum']);

interface Frame {
  /** Negations of the branches before the current one. */
  prior: CondTerm[];
  current: CondTerm | null;
}

export function scanSource(text: string, language: 'c' | 'asm'): ScannedFile {
  const out: ScannedFile = { includes: [], uses: [], definitions: [], macros: [], mentions: [], ownMacros: [] };
  const frames: Frame[] = [];
  let guard: RawGuard = [];
  const rebuild = () => {
    guard = frames.flatMap((f) => (f.current ? [...f.prior, f.current] : f.prior));
  };
  const code = language === 'c' ? new CReader(out) : new AsmReader(out);
  // An include guard (`#ifndef X` then `#define X` before anything else)
  // holds on the file's first inclusion, the one the lint models: it
  // conditions nothing (else every definition of a header would be unsure).
  let start = true;
  let guardName: string | null = null;

  for (const piece of tokenize(text)) {
    if ('token' in piece) {
      start = false;
      guardName = null;
      code.token(piece.token, guard);
      continue;
    }
    const d = piece.directive;
    if (guardName !== null && d.name === 'define' && d.args[0]?.text === guardName) {
      frames[0].current = null;
      rebuild();
    }
    guardName = start && d.name === 'ifndef' && d.args[0]?.kind === 'ident' ? d.args[0].text : null;
    start = false;
    switch (d.name) {
      case 'if':
      case 'ifdef':
      case 'ifndef':
        frames.push({ prior: [], current: condition(d) });
        rebuild();
        break;
      case 'elif': {
        const f = frames.at(-1);
        if (f?.current) f.prior.push({ ...f.current, positive: !f.current.positive });
        if (f) f.current = condition(d);
        rebuild();
        break;
      }
      case 'else': {
        const f = frames.at(-1);
        if (f?.current) f.prior.push({ ...f.current, positive: !f.current.positive });
        if (f) f.current = null;
        rebuild();
        break;
      }
      case 'endif':
        frames.pop();
        rebuild();
        break;
      case 'include':
        out.includes.push({ ...includeName(d), line: d.line, guard });
        break;
      case 'define':
        defineMacro(d, guard, out);
        break;
      case 'undef':
        if (d.args[0]?.kind === 'ident') out.ownMacros.push(d.args[0].text);
        break;
    }
  }
  return out;
}

function condition(d: Directive): CondTerm {
  if (d.name === 'if' || d.name === 'elif') return { tokens: d.args, text: d.args.map((t) => t.text).join(' '), positive: true };
  const name = d.args[0] ?? { text: '__no_name__', line: d.line, kind: 'ident' as const, spaced: true };
  const tokens: Token[] = [{ text: 'defined', line: d.line, kind: 'ident', spaced: false }, name];
  return { tokens, text: `defined ${name.text}`, positive: d.name === 'ifdef' };
}

function includeName(d: Directive): { name: string | null; angled: boolean } {
  const t = d.args[0];
  if (t?.kind === 'string' && t.text.length >= 2) {
    const angled = t.text.startsWith('<');
    if ((angled && t.text.endsWith('>')) || (!angled && t.text.endsWith('"'))) return { name: t.text.slice(1, -1), angled };
  }
  return { name: null, angled: false };
}

function defineMacro(d: Directive, guard: RawGuard, out: ScannedFile): void {
  const name = d.args[0];
  if (!name || name.kind !== 'ident') return;
  out.ownMacros.push(name.text);
  let body = d.args.slice(1);
  const params = new Set<string>(['__VA_ARGS__']);
  // Function-like only when '(' touches the name.
  if (body[0]?.text === '(' && !body[0].spaced) {
    const close = body.findIndex((t) => t.text === ')');
    for (const t of body.slice(1, close)) if (t.kind === 'ident') params.add(t.text);
    body = body.slice(close + 1);
  }
  const uses: string[] = [];
  body.forEach((t, i) => {
    if (t.kind !== 'ident' || params.has(t.text) || KEYWORDS.has(t.text)) return;
    const before = body[i - 1]?.text;
    // Stringified or pasted: not an identifier of the expansion.
    if (before === '#' || before === '##' || body[i + 1]?.text === '##') return;
    if (before === '.' || before === '->') return;
    if (!uses.includes(t.text)) uses.push(t.text);
  });
  out.macros.push({ name: name.text, line: d.line, guard, uses });
}

interface CodeReader {
  token(t: Token, guard: RawGuard): void;
}

/**
 * C code outside directives. At file scope a statement runs to `;` or to
 * the end of a function body; identifiers there are uses only in
 * initialisers and in the arguments of a macro invocation standing alone
 * (`UK_INITCALL(fn);`), where they end up in the object. The other
 * file-scope identifiers are mentions: only the macros among them matter
 * (an attribute macro, an array size), as their expansion compiles here.
 */
class CReader implements CodeReader {
  private depth = 0;
  /** Brace depth at which the current function body opened, or -1. */
  private bodyAt = -1;
  /** File-scope statement so far. */
  private stmt: Token[] = [];
  private parens = 0;
  /** In an initialiser of the current file-scope statement, opened at this brace depth (or -1). */
  private initAt = -1;
  private prev: Token | null = null;

  constructor(private readonly out: ScannedFile) {}

  token(t: Token, guard: RawGuard): void {
    const prev = this.prev;
    this.prev = t;
    if (this.bodyAt >= 0) this.inBody(t, prev, guard);
    else this.atFileScope(t, prev, guard);
  }

  private inBody(t: Token, prev: Token | null, guard: RawGuard): void {
    if (t.text === '{') this.depth++;
    else if (t.text === '}') {
      this.depth--;
      if (this.depth === this.bodyAt) {
        this.bodyAt = -1;
        this.endStatement();
      }
    } else if (t.kind === 'ident') this.use(t, prev, guard);
  }

  private endStatement(): void {
    this.stmt = [];
    this.parens = 0;
    this.initAt = -1;
  }

  private atFileScope(t: Token, prev: Token | null, guard: RawGuard): void {
    const s = this.stmt;
    // `NAME (` with no type before the name: a macro invocation standing alone.
    const invocation = s.length >= 2 && s[0].kind === 'ident' && !KEYWORDS.has(s[0].text) && s[1].text === '(';
    const declaring = this.depth === 0 && this.parens === 0 && this.initAt < 0 && !invocation;
    switch (t.text) {
      case '(':
        this.parens++;
        break;
      case ')':
        this.parens--;
        break;
      case '{':
        // After a parameter list: a function body (also for `int (name)(...)`, which reads like an invocation).
        if (this.depth === 0 && this.parens === 0 && this.initAt < 0 && prev?.text === ')' && !this.isAggregateHead()) {
          this.defineFunction(guard);
          this.bodyAt = this.depth;
          this.depth++;
          return;
        }
        this.depth++;
        break;
      case '}':
        this.depth = Math.max(0, this.depth - 1);
        if (this.initAt > this.depth) this.initAt = -1;
        break;
      case '=':
        if (declaring) {
          this.defineVariable(guard);
          this.initAt = this.depth;
        }
        break;
      case ',':
        if (this.parens === 0 && this.initAt === this.depth) this.initAt = -1;
        else if (declaring) this.defineVariable(guard);
        break;
      case ';':
        if (this.depth === 0) {
          if (declaring) this.defineVariable(guard);
          this.endStatement();
          return;
        }
        break;
      default:
        if (t.kind !== 'ident' || KEYWORDS.has(t.text)) break;
        if (this.initAt >= 0 || invocation) this.use(t, prev, guard);
        else this.out.mentions.push({ name: t.text, line: t.line, guard });
    }
    s.push(t);
    // The invoked macro itself, seen as a mention until its '(' came.
    if (s.length === 2 && s[0].kind === 'ident' && t.text === '(') this.use(s[0], null, guard);
  }

  /** `struct name {`, `union {`, `enum e {`: a body of members, not of code. */
  private isAggregateHead(): boolean {
    const s = this.stmt;
    return AGGREGATE.has(s.at(-1)?.text ?? '') || AGGREGATE.has(s.at(-2)?.text ?? '');
  }

  private isStatic(): boolean {
    return this.stmt.some((x) => x.text === 'static');
  }

  /** A function body follows: its name is the identifier before the parameter list, or in parentheses there (`(memcpy)(...)`). */
  private defineFunction(guard: RawGuard): void {
    const s = this.stmt;
    const open = matching(s, s.length - 1);
    let name = s[open - 1];
    if (name?.text === ')') name = s[open - 2];
    if (name?.kind === 'ident' && !KEYWORDS.has(name.text)) this.out.definitions.push({ name: name.text, line: name.line, guard, global: !this.isStatic() });
  }

  /** At the end of a declarator (`=`, `,`, `;`): a variable, unless it is a prototype, a typedef or an extern declaration. */
  private defineVariable(guard: RawGuard): void {
    const s = this.stmt;
    if (s.some((x) => x.text === 'typedef' || x.text === 'extern')) return;
    const name = declaratorName(s);
    if (name) this.out.definitions.push({ name: name.text, line: name.line, guard, global: !this.isStatic() });
  }

  private use(t: Token, prev: Token | null, guard: RawGuard): void {
    if (KEYWORDS.has(t.text)) return;
    if (prev && (prev.text === '.' || prev.text === '->')) return;
    this.out.uses.push({ name: t.text, line: t.line, guard });
  }
}

/** Index of the bracket that opens the group closed at `close`. */
function matching(s: Token[], close: number): number {
  const closer = s[close].text;
  const opener = closer === ')' ? '(' : '[';
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (s[i].text === closer) depth++;
    else if (s[i].text === opener && --depth === 0) return i;
  }
  return -1;
}

/**
 * The name a declarator ends with, walking back over array sizes and
 * attributes (`x[4] __section(".a") __used`); null for a prototype (the
 * last group is a parameter list) or anything else.
 */
function declaratorName(s: Token[]): Token | null {
  let skipped: Token | null = null;
  for (let i = s.length - 1; i >= 0; ) {
    const x = s[i];
    if (x.text === ']' || x.text === ')') {
      const open = matching(s, i);
      if (open < 0) return null;
      const before = s[open - 1];
      if (x.text === ')' && !(before?.kind === 'ident' && before.text.startsWith('__'))) return null;
      i = x.text === ')' ? open - 2 : open - 1;
      continue;
    }
    if (x.kind === 'ident' && !KEYWORDS.has(x.text)) {
      // `__used` and the like are attributes, unless nothing else names the variable.
      if (x.text.startsWith('__')) {
        skipped ??= x;
        i--;
        continue;
      }
      return x;
    }
    return skipped;
  }
  return skipped;
}

/**
 * Preprocessed assembly: every identifier is a use except directive names
 * (`.globl`), registers (`%rax`) and macro parameters (`\vec`); `name:`
 * defines a label, global when a `.globl`/`.global` names it.
 */
class AsmReader implements CodeReader {
  private prev: Token | null = null;
  private globals = new Set<string>();
  private labels: Definition[] = [];

  constructor(private readonly out: ScannedFile) {}

  token(t: Token, guard: RawGuard): void {
    const prev = this.prev;
    this.prev = t;
    if (t.text === ':' && prev?.kind === 'ident') {
      const d: Definition = { name: prev.text, line: prev.line, guard, global: this.globals.has(prev.text) };
      this.labels.push(d);
      this.out.definitions.push(d);
      return;
    }
    if (t.kind !== 'ident') return;
    if (prev && (prev.text === '.' || prev.text === '%' || prev.text === '\\')) return;
    if (prev?.kind === 'ident' && (prev.text === 'globl' || prev.text === 'global')) {
      this.globals.add(t.text);
      for (const l of this.labels) if (l.name === t.text) l.global = true;
    }
    this.out.uses.push({ name: t.text, line: t.line, guard });
  }
}
