/**
 * The lexical layer of `library.uk` (docs/manifest-format.md): logical
 * lines (backslash continuations joined), comments, and words with their
 * quoting. Expressions are kept as raw text so that quoted Kconfig strings
 * reach the Kconfig parser untouched.
 */

export interface Word {
  /** The word with quotes removed and escapes applied. */
  text: string;
  /** Some part of it was double-quoted: `"if"` and `"{"` are values, not syntax. */
  quoted: boolean;
  /** Offsets of the word in the logical line (quotes included). */
  start: number;
  end: number;
}

export interface LogicalLine {
  /** Line where the statement starts (continuations report their first line). */
  line: number;
  /** The statement with continuations joined, comment removed. */
  text: string;
  words: Word[];
  /** Text of a comment that makes up the whole line, else null. */
  comment: string | null;
  /** Set when the line cannot be split into words. */
  error: string | null;
}

const isBlank = (c: string) => c === ' ' || c === '\t';

/** Splits one logical line into words; stops at an unquoted `#`. */
function splitWords(text: string): { words: Word[]; end: number; comment: number; error: string | null } {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isBlank(text[i])) i++;
    if (i >= text.length || text[i] === '#') break;
    const start = i;
    let value = '';
    let quoted = false;
    while (i < text.length && !isBlank(text[i]) && text[i] !== '#') {
      if (text[i] !== '"') {
        value += text[i++];
        continue;
      }
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) return { words, end: i, comment: -1, error: 'unterminated quoted word' };
        const c = text[i];
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
    }
    words.push({ text: value, quoted, start, end: i });
  }
  return { words, end: i, comment: i < text.length && text[i] === '#' ? i : -1, error: null };
}

/** The logical lines of a manifest, blank and comment-only lines included (words empty). */
export function logicalLines(source: string): LogicalLine[] {
  const physical = source.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (physical.length > 0 && physical[physical.length - 1] === '') physical.pop();
  const out: LogicalLine[] = [];
  for (let n = 0; n < physical.length; n++) {
    const first = n + 1;
    let text = physical[n];
    while (text.endsWith('\\') && n + 1 < physical.length) text = text.slice(0, -1) + ' ' + physical[++n];
    if (text.endsWith('\\')) text = text.slice(0, -1);
    const split = splitWords(text);
    const comment = split.words.length === 0 && split.comment >= 0 ? text.slice(split.comment + 1).trim() : null;
    out.push({ line: first, text: text.slice(0, split.end), words: split.words, comment, error: split.error });
  }
  return out;
}

/** The raw text between two words (inclusive), as the Kconfig parser should see it. */
export function rawSpan(line: LogicalLine, from: number, to: number): string {
  if (from > to) return '';
  return line.text.slice(line.words[from].start, line.words[to].end).trim();
}
