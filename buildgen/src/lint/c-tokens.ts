/**
 * A C (and preprocessed assembly) source as tokens and preprocessor
 * directives, with their line numbers: what the lint needs to find the
 * includes, the identifiers and the conditions around them. Comments and
 * character literals are dropped, strings kept as one token (their words
 * are not references); a directive is one logical line (backslash-newline
 * joined).
 */

export interface Token {
  text: string;
  /** 1-based line of the token's first character. */
  line: number;
  kind: 'ident' | 'number' | 'punct' | 'string';
  /** Blanks or a comment come right before it (`#define F (x)` is not function-like). */
  spaced: boolean;
}

/** Either a directive (`#` first on its logical line) or a token of code. */
export type Piece = { directive: Directive } | { token: Token };

export interface Directive {
  /** `include`, `if`, `define`, ...; '' for a lone `#`. */
  name: string;
  /** The tokens after the name. */
  args: Token[];
  line: number;
}

const PUNCT3 = new Set(['...', '<<=', '>>=']);
const PUNCT2 = new Set(['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '##', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=']);

const NL = 10;
const BACKSLASH = 92;

function identStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
function identPart(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57);
}
function digit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function blank(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 12 || c === 11;
}

/** Splits `text` into directives and code tokens. */
export function tokenize(text: string): Piece[] {
  const out: Piece[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  /** Only blanks since the start of the logical line. */
  let lineStart = true;
  let spaced = false;
  let directive: Directive | null = null;
  let named = false;

  const emit = (t: Token) => {
    spaced = false;
    if (!directive) out.push({ token: t });
    else if (!named && t.kind === 'ident') {
      directive.name = t.text;
      named = true;
    } else {
      named = true;
      directive.args.push(t);
    }
  };
  const endDirective = () => {
    if (directive) out.push({ directive });
    directive = null;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH && (text.charCodeAt(i + 1) === NL || (text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === NL))) {
      // Backslash-newline joins lines everywhere (directives and code alike).
      i += text.charCodeAt(i + 1) === NL ? 2 : 3;
      line++;
      continue;
    }
    if (c === NL) {
      endDirective();
      line++;
      i++;
      lineStart = true;
      spaced = true;
      continue;
    }
    if (blank(c)) {
      spaced = true;
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = text.indexOf('\n', i); k >= 0 && k < stop; k = text.indexOf('\n', k + 1)) line++;
      i = stop;
      spaced = true;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== NL) {
        if (text.charCodeAt(i) === BACKSLASH && text.charCodeAt(i + 1) === NL) {
          line++;
          i++;
        }
        i++;
      }
      continue;
    }
    if (c === 35 /* # */ && lineStart && !directive) {
      directive = { name: '', args: [], line };
      named = false;
      lineStart = false;
      i++;
      continue;
    }
    lineStart = false;
    const start = i;
    if (directive !== null && (directive as Directive).name === 'include' && (directive as Directive).args.length === 0 && c === 60 /* < */) {
      // #include <file>: the name is one token whatever it holds.
      const end = text.indexOf('>', i);
      const nl = text.indexOf('\n', i);
      i = end < 0 || (nl >= 0 && nl < end) ? i + 1 : end + 1;
      emit({ text: text.slice(start, i), line, kind: 'string', spaced });
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      let k = i + 1;
      while (k < n && text.charCodeAt(k) !== c && text.charCodeAt(k) !== NL) k += text.charCodeAt(k) === BACKSLASH ? 2 : 1;
      i = Math.min(k + 1, n);
      // Character constants are numbers to the preprocessor.
      emit(c === 34 ? { text: text.slice(start, i), line, kind: 'string', spaced } : { text: '0', line, kind: 'number', spaced });
      continue;
    }
    if (identStart(c)) {
      let k = i + 1;
      while (k < n && identPart(text.charCodeAt(k))) k++;
      i = k;
      // String prefixes (L"", u8"", ...) belong to the literal that follows.
      const next = text.charCodeAt(k);
      if ((next === 34 || next === 39) && k - start <= 2 && /^(L|u|U|u8)$/.test(text.slice(start, k))) continue;
      emit({ text: text.slice(start, k), line, kind: 'ident', spaced });
      continue;
    }
    if (digit(c) || (c === 46 && digit(text.charCodeAt(i + 1)))) {
      // A preprocessing number: digits, letters, dots, and signs after an exponent.
      let k = i + 1;
      for (;;) {
        const d = text.charCodeAt(k);
        if (k < n && (identPart(d) || d === 46)) k++;
        else if (k < n && (d === 43 || d === 45) && /[eEpP]/.test(text[k - 1])) k++;
        else break;
      }
      i = k;
      emit({ text: text.slice(start, k), line, kind: 'number', spaced });
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    const t = PUNCT3.has(three) ? three : PUNCT2.has(two) ? two : text[i];
    i += t.length;
    emit({ text: t, line, kind: 'punct', spaced });
  }
  endDirective();
  return out;
}
