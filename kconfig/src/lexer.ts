/**
 * The Kconfig lexer: line-oriented tokens, strings, help text and macro
 * expansion, over a stack of included files.
 *
 * It reproduces the reference scanner's observable behaviour: which
 * characters are warned about, how help text is cut and indented, when an
 * assignment value is taken verbatim, and which line a statement "is on"
 * (the first token after a newline), since every message quotes it.
 */
import { KconfigFatal } from './errors.js';
import type { FileRef } from './menu.js';
import { isTokenChar, type Preprocessor } from './preprocess.js';
import { readInputFile } from './source-path.js';
import { isKbuildInclude } from './kbuild.js';

export const enum Tok {
  EOF = 0,
  EOL,
  WORD,
  WORD_QUOTE,
  HELPTEXT,
  ASSIGN_VAL,
  BOOL,
  CHOICE,
  COMMENT,
  CONFIG,
  DEF_BOOL,
  DEF_TRISTATE,
  DEFAULT,
  DEPENDS,
  ENDCHOICE,
  ENDIF,
  ENDMENU,
  HELP,
  HEX,
  IF,
  IMPLY,
  INT,
  MAINMENU,
  MENU,
  MENUCONFIG,
  MODULES,
  ON,
  OPTIONAL,
  PROMPT,
  RANGE,
  SELECT,
  SOURCE,
  STRING,
  TRISTATE,
  VISIBLE,
  OR,
  AND,
  EQUAL,
  UNEQUAL,
  LESS,
  LESS_EQUAL,
  GREATER,
  GREATER_EQUAL,
  NOT,
  OPEN_PAREN,
  CLOSE_PAREN,
  COLON_EQUAL,
  PLUS_EQUAL,
  // Extensions (off in strict mode): kconfiglib's relative and optional sources.
  RSOURCE,
  OSOURCE,
  ORSOURCE,
}

const KEYWORDS = new Map<string, Tok>([
  ['bool', Tok.BOOL],
  ['choice', Tok.CHOICE],
  ['comment', Tok.COMMENT],
  ['config', Tok.CONFIG],
  ['def_bool', Tok.DEF_BOOL],
  ['def_tristate', Tok.DEF_TRISTATE],
  ['default', Tok.DEFAULT],
  ['depends', Tok.DEPENDS],
  ['endchoice', Tok.ENDCHOICE],
  ['endif', Tok.ENDIF],
  ['endmenu', Tok.ENDMENU],
  ['help', Tok.HELP],
  ['hex', Tok.HEX],
  ['if', Tok.IF],
  ['imply', Tok.IMPLY],
  ['int', Tok.INT],
  ['mainmenu', Tok.MAINMENU],
  ['menu', Tok.MENU],
  ['menuconfig', Tok.MENUCONFIG],
  ['modules', Tok.MODULES],
  ['on', Tok.ON],
  ['optional', Tok.OPTIONAL],
  ['prompt', Tok.PROMPT],
  ['range', Tok.RANGE],
  ['select', Tok.SELECT],
  ['source', Tok.SOURCE],
  ['string', Tok.STRING],
  ['tristate', Tok.TRISTATE],
  ['visible', Tok.VISIBLE],
]);

/** Keywords that start a statement (help text read as statements would run them). */
const STATEMENT_KEYWORDS = new Set<Tok>([
  Tok.CONFIG,
  Tok.MENUCONFIG,
  Tok.CHOICE,
  Tok.ENDCHOICE,
  Tok.COMMENT,
  Tok.MENU,
  Tok.ENDMENU,
  Tok.IF,
  Tok.ENDIF,
  Tok.SOURCE,
  Tok.MAINMENU,
  Tok.RSOURCE,
  Tok.OSOURCE,
  Tok.ORSOURCE,
]);

const EXTENSION_KEYWORDS = new Map<string, Tok>([
  ['rsource', Tok.RSOURCE],
  ['osource', Tok.OSOURCE],
  ['orsource', Tok.ORSOURCE],
  // kconfiglib's older names for the optional forms.
  ['gsource', Tok.OSOURCE],
  ['grsource', Tok.ORSOURCE],
]);

/** A file being scanned: its bytes (outside the JS heap: no GC copying), the position and line. */
interface Source {
  data: Buffer;
  pos: number;
  line: number;
  file: FileRef;
}

export interface LexerHost {
  warn(text: string): void;
  /** Resolves a file name like the reference tool: as given, then under $srctree. */
  openFile(name: string): string | null;
  fileRef(name: string): FileRef;
  /**
   * In a scout parse (probes.ts), a word made only of probe placeholders:
   * its output may be empty, and then there is no token. Returns the text
   * to go on with ('' for no token). `risky`: as a line's first word, or its
   * second after a word, its presence decides whether an assignment's value
   * is taken verbatim.
   */
  uncertainWord?(text: string, risky: boolean): string;
}

const enum Mode {
  Initial,
  AssignValue,
  Help,
}

export class Lexer {
  private buf: Source | null = null;
  private stack: Source[] = [];
  private mode = Mode.Initial;
  private prevToken: Tok = Tok.EOL;
  private prevPrevToken: Tok = Tok.EOL;
  /** Text of the last WORD, WORD_QUOTE, HELPTEXT or ASSIGN_VAL token. */
  text = '';
  /** Position of the current statement: file and line of its first token. */
  posFile: FileRef | null = null;
  posLine = 0;
  /** The file being scanned (null once the main file has ended). */
  currentFile: FileRef | null = null;
  private finished = false;
  private readonly keywords: Map<string, Tok>;

  constructor(
    private readonly host: LexerHost,
    private readonly pp: Preprocessor,
    extensions: boolean,
  ) {
    this.keywords = extensions ? new Map([...KEYWORDS, ...EXTENSION_KEYWORDS]) : KEYWORDS;
  }

  /** The scanner's current line (used by $(lineno) and macro errors). */
  get line(): number {
    return this.buf ? this.buf.line : 0;
  }

  startMain(name: string): void {
    const path = this.host.openFile(name);
    if (path === null) throw new KconfigFatal(`can't find file ${name}\n`, name);
    const file = this.host.fileRef(name);
    const data = readInputFile(path);
    if (data === null) throw new KconfigFatal(`can't find file ${name}\n`, name);
    if (typeof data === 'string') throw new KconfigFatal(`can't read file ${name}: ${data}\n`, name, null);
    this.opened(file, data);
    this.buf = { data, pos: 0, line: 1, file };
    this.currentFile = file;
  }

  /** Lexes `text` (an expression given on a command line or by an API call). */
  startString(text: string, name: string): void {
    const file = { name, parent: null, lineno: 0 };
    this.buf = { data: Buffer.from(text.endsWith('\n') ? text : text + '\n', 'latin1'), pos: 0, line: 1, file };
    this.currentFile = file;
    // A string holds one expression: `A = y` is a comparison there, never a
    // variable assignment (which needs a word first on a line).
    this.prevToken = Tok.WORD;
  }

  /**
   * Includes files (the `source` statement; several for a glob), read in
   * order before the rest of the current file.
   */
  pushFiles(names: string[]): void {
    const cur = this.buf!;
    // A `source` on a file's last line, without newline, is run once that
    // file has ended: conf then includes from the file below it (and at the
    // end of the main file crashes; here the statement's own file serves).
    const current = this.currentFile ?? this.posFile!;
    current.lineno = cur.line;
    const buffers: Source[] = [];
    for (const name of names) {
      const file = this.host.fileRef(name);
      const path = this.host.openFile(file.name);
      const cantOpen = () =>
        new KconfigFatal(
          `${this.statementFileName()}:${this.posLine}: can't open file "${file.name}"\n`,
          this.statementFileName(),
          this.posLine,
        );
      if (path === null) throw cantOpen();
      file.parent = current;
      // The statement's own file counts too: a file that sources itself on
      // its last line is a recursive inclusion (conf reads it forever).
      const own = this.posFile;
      if (!includes(current, file) && own && own !== current && includes(own, file)) {
        file.parent = own;
        own.lineno = this.posLine + 1;
      }
      if (includes(file.parent, file)) {
        let msg = `Recursive inclusion detected.\nInclusion path:\n  current file : ${file.name}\n`;
        let f: FileRef = file;
        do {
          f = f.parent!;
          msg += `  included from: ${f.name}:${f.lineno - 1}\n`;
        } while (f.name !== file.name);
        throw new KconfigFatal(msg, file.name, null);
      }
      const data = readInputFile(path);
      if (data === null) throw cantOpen();
      if (typeof data === 'string') {
        const where = `${this.statementFileName()}:${this.posLine}`;
        throw new KconfigFatal(`${where}: can't read file "${file.name}": ${data}\n`, this.statementFileName(), this.posLine);
      }
      this.opened(file, data);
      buffers.push({ data, pos: 0, line: 1, file });
    }
    this.stack.push(cur);
    for (let i = buffers.length - 1; i > 0; i--) this.stack.push(buffers[i]);
    this.buf = buffers[0];
    this.currentFile = buffers[0].file;
    this.finished = false;
  }

  /** A scout parse notes Linux's scripts/Kconfig.include, whose probes may run together. */
  private opened(file: FileRef, data: Buffer): void {
    if (this.pp.scout && isKbuildInclude(file.name, data)) this.pp.kbuildFiles.add(file.name);
  }

  statementFileName(): string {
    return this.posFile ? this.posFile.name : '<none>';
  }

  startHelp(): void {
    this.mode = Mode.Help;
  }

  /**
   * Whether the help text about to be read would change nothing if read as
   * statements instead (what a parse that failed on the statement before it
   * does): no macro, and no line that is a statement (opens or closes a
   * block, defines an entry or a variable, sources a file). Lines that are
   * not valid statements are only errors, skipped alike.
   */
  helpTextInert(): boolean {
    const b = this.buf!;
    const saved = { pos: b.pos, line: b.line, mode: this.mode, text: this.text };
    this.scanHelp();
    const raw = latin1(b.data, saved.pos, b.pos);
    b.pos = saved.pos;
    b.line = saved.line;
    this.mode = saved.mode;
    this.text = saved.text;
    if (raw.includes('$') || raw.includes('\\')) return false;
    for (const line of raw.split('\n')) {
      const m = /^[ \t]*([A-Za-z0-9_-]+)[ \t]*(:=|\+=|=)?/.exec(line);
      if (m && (m[2] !== undefined || this.keywords.get(m[1]) !== undefined && STATEMENT_KEYWORDS.has(this.keywords.get(m[1])!))) return false;
    }
    return true;
  }

  /** The next token, with blank statements removed and statement positions tracked. */
  next(): Tok {
    let tok: Tok;
    for (;;) {
      tok = this.scan();
      if (this.prevToken === Tok.EOL || this.prevToken === Tok.HELPTEXT) {
        if (tok === Tok.EOL) continue;
        this.posFile = this.currentFile;
        this.posLine = this.buf ? this.buf.line : 0;
      }
      break;
    }
    if (
      this.prevPrevToken === Tok.EOL &&
      this.prevToken === Tok.WORD &&
      (tok === Tok.EQUAL || tok === Tok.COLON_EQUAL || tok === Tok.PLUS_EQUAL)
    )
      this.mode = Mode.AssignValue;
    this.prevPrevToken = this.prevToken;
    this.prevToken = tok;
    return tok;
  }

  private warnChar(c: string): void {
    this.host.warn(`${this.currentFile!.name}:${this.buf!.line}:warning: ignoring unsupported character '${c}'\n`);
  }

  private endOfFile(): Tok {
    this.mode = Mode.Initial;
    if (this.finished) return Tok.EOF;
    const b = this.buf!;
    if (this.prevToken !== Tok.EOL && this.prevToken !== Tok.HELPTEXT)
      this.host.warn(`${b.file.name}:${b.line}:warning: no new line at end of file\n`);
    const outer = this.stack.pop();
    if (outer) {
      this.buf = outer;
      this.currentFile = outer.file;
    } else {
      this.finished = true;
      this.currentFile = null;
    }
    return Tok.EOL;
  }

  private scan(): Tok {
    if (this.mode === Mode.Help) return this.scanHelp();
    if (this.mode === Mode.AssignValue) return this.scanAssignValue();
    const b = this.buf!;
    if (this.finished) return Tok.EOF;
    let text = b.data;
    for (;;) {
      if (b.pos >= text.length) return this.endOfFile();
      const c = text[b.pos];
      switch (c) {
        case 0x23: {
          // '#' comment to end of line.
          const nl = text.indexOf(0x0a, b.pos);
          b.pos = nl < 0 ? text.length : nl;
          continue;
        }
        case 0x20:
        case 0x09:
          b.pos++;
          continue;
        case 0x5c:
          if (text[b.pos + 1] === 0x0a) {
            b.pos += 2;
            b.line++;
            continue;
          }
          b.pos++;
          this.warnChar('\\');
          continue;
        case 0x0a:
          b.pos++;
          b.line++;
          return Tok.EOL;
        case 0x22:
        case 0x27:
          b.pos++;
          return this.scanString(c);
        case 0x7c:
          if (text[b.pos + 1] === 0x7c) {
            b.pos += 2;
            return Tok.OR;
          }
          break;
        case 0x26:
          if (text[b.pos + 1] === 0x26) {
            b.pos += 2;
            return Tok.AND;
          }
          break;
        case 0x3d:
          b.pos++;
          return Tok.EQUAL;
        case 0x21:
          if (text[b.pos + 1] === 0x3d) {
            b.pos += 2;
            return Tok.UNEQUAL;
          }
          b.pos++;
          return Tok.NOT;
        case 0x3c:
          if (text[b.pos + 1] === 0x3d) {
            b.pos += 2;
            return Tok.LESS_EQUAL;
          }
          b.pos++;
          return Tok.LESS;
        case 0x3e:
          if (text[b.pos + 1] === 0x3d) {
            b.pos += 2;
            return Tok.GREATER_EQUAL;
          }
          b.pos++;
          return Tok.GREATER;
        case 0x28:
          b.pos++;
          return Tok.OPEN_PAREN;
        case 0x29:
          b.pos++;
          return Tok.CLOSE_PAREN;
        case 0x3a:
          if (text[b.pos + 1] === 0x3d) {
            b.pos += 2;
            return Tok.COLON_EQUAL;
          }
          break;
        case 0x2b:
          if (text[b.pos + 1] === 0x3d) {
            b.pos += 2;
            return Tok.PLUS_EQUAL;
          }
          break;
        default:
          break;
      }
      if (isTokenChar(c) || c === 0x24) {
        let end = b.pos;
        while (end < text.length && isTokenChar(text[end])) end++;
        if (text[end] !== 0x24 && end > b.pos) {
          const word = latin1(text, b.pos, end);
          b.pos = end;
          const kw = this.keywords.get(word);
          if (kw !== undefined) return kw;
          this.text = word;
          return Tok.WORD;
        }
        // A word containing '$' is expanded with the rest of its line (up to
        // a NUL byte, which conf's reading of the line swallows); an empty
        // expansion is no token at all.
        let lineEnd = lineEndOf(text, b.pos);
        const nul = text.subarray(b.pos, lineEnd).indexOf(0);
        if (nul >= 0) {
          b.data = text = Buffer.concat([text.subarray(0, b.pos + nul), text.subarray(b.pos + nul + 1)]);
          lineEnd = b.pos + nul;
        }
        // Only the word itself is handed over (the rest of a long line, once
        // per reference, made long lines quadratic).
        let [value, stop] = this.pp.expandToken(latin1(text, b.pos, wordEnd(text, b.pos, lineEnd)), 0);
        b.pos += stop;
        if (this.host.uncertainWord && value.length > 0 && onlyPlaceholders(value)) {
          const risky = this.prevToken === Tok.EOL || (this.prevPrevToken === Tok.EOL && this.prevToken === Tok.WORD);
          value = this.host.uncertainWord(value, risky);
        }
        if (value.length > 0) {
          this.text = value;
          return Tok.WORD;
        }
        continue;
      }
      b.pos++;
      this.warnChar(String.fromCharCode(c));
    }
  }

  private scanString(quote: number): Tok {
    const b = this.buf!;
    let text = b.data;
    let out = '';
    for (;;) {
      if (b.pos >= text.length) break;
      const c = text[b.pos];
      if (c === 0x24) {
        // conf expands the rest of the line as a C string: what follows a
        // NUL byte on the line is dropped.
        const lineEnd = lineEndOf(text, b.pos);
        const nul = text.subarray(b.pos, lineEnd).indexOf(0);
        const end = nul >= 0 ? b.pos + nul : lineEnd;
        const [value, stop] = this.pp.expandDollar(latin1(text, b.pos, referenceEnd(text, b.pos, end)), 1);
        out += value;
        if (end < lineEnd) {
          b.data = text = Buffer.concat([text.subarray(0, end), text.subarray(lineEnd)]);
        }
        b.pos += stop;
        continue;
      }
      if (c === 0x5c) {
        const n = text[b.pos + 1];
        if (b.pos + 1 < text.length && n !== 0x0a) {
          out += String.fromCharCode(text[b.pos + 1]);
          b.pos += 2;
        } else b.pos++;
        continue;
      }
      if (c === quote) {
        b.pos++;
        break;
      }
      if (c === 0x0a) {
        this.host.warn(`${this.statementFileName()}:${this.posLine}:warning: multi-line strings not supported\n`);
        break;
      }
      if (c === 0x22 || c === 0x27) {
        out += String.fromCharCode(c);
        b.pos++;
        continue;
      }
      let end = b.pos + 1;
      while (end < text.length) {
        const d = text[end];
        if (d === 0x24 || d === 0x27 || d === 0x22 || d === 0x5c || d === 0x0a) break;
        end++;
      }
      out += latin1(text, b.pos, end);
      b.pos = end;
    }
    this.text = cString(out);
    return Tok.WORD_QUOTE;
  }

  private scanAssignValue(): Tok {
    const b = this.buf!;
    const text = b.data;
    while (b.pos < text.length) {
      const c = text[b.pos];
      if (c === 0x0a) {
        b.pos++;
        b.line++;
        this.mode = Mode.Initial;
        return Tok.EOL;
      }
      if (c === 0x20 || c === 0x09) {
        b.pos++;
        continue;
      }
      const end = lineEndOf(text, b.pos);
      this.text = cString(latin1(text, b.pos, end));
      b.pos = end;
      return Tok.ASSIGN_VAL;
    }
    return this.endOfFile();
  }

  /** Help text: indented lines, ended by a less indented non-blank line. */
  private scanHelp(): Tok {
    const b = this.buf!;
    const text = b.data;
    let out = '';
    let firstTs = 0;
    let lastTs = 0;
    const finish = (): Tok => {
      this.mode = Mode.Initial;
      this.text = cString(out);
      return Tok.HELPTEXT;
    };
    const startsText = (i: number) => {
      if (i >= text.length) return false;
      const d = text[i];
      return d !== 0x20 && d !== 0x09 && d !== 0x0a;
    };
    for (;;) {
      if (b.pos >= text.length) return finish();
      const c = text[b.pos];
      if (c === 0x20 || c === 0x09 || c === 0x0a) {
        let end = b.pos;
        let ts = 0;
        while (end < text.length) {
          const d = text[end];
          if (d === 0x20) ts++;
          else if (d === 0x09) ts = (ts & ~7) + 8;
          else break;
          end++;
        }
        if (text[end] === 0x0a) {
          // Blank line: ends the help when the next line starts with text.
          b.pos = end + 1;
          b.line++;
          if (startsText(end + 1)) return finish();
          out += '\n';
          continue;
        }
        b.pos = end;
        lastTs = ts;
        if (firstTs) {
          if (ts < firstTs) return finish();
          out += ' '.repeat(ts - firstTs);
        }
        continue;
      }
      let end = lineEndOf(text, b.pos);
      let trimmed = end;
      while (trimmed > b.pos) {
        const d = text[trimmed - 1];
        if (d !== 0x20 && d !== 0x09) break;
        trimmed--;
      }
      out += latin1(text, b.pos, trimmed);
      b.pos = end;
      if (!firstTs) firstTs = lastTs;
    }
  }
}

/**
 * Where the reference at `data[pos]` (a `$`) ends: after its closing paren,
 * or at `limit` when it has none (the whole rest is then what an error
 * quotes).
 */
function referenceEnd(data: Buffer, pos: number, limit: number): number {
  if (data[pos + 1] !== 0x28) return pos + 1;
  let nest = 0;
  for (let q = pos + 2; q < limit; q++) {
    if (data[q] === 0x28) nest++;
    else if (data[q] === 0x29 && nest-- === 0) return q + 1;
  }
  return limit;
}

/** Where a word with references, starting at `pos`, ends (see Preprocessor.expandToken). */
function wordEnd(data: Buffer, pos: number, limit: number): number {
  let i = pos;
  while (i < limit) {
    if (data[i] === 0x24) i = referenceEnd(data, i, limit);
    else if (isTokenChar(data[i])) i++;
    else break;
  }
  return i;
}

function lineEndOf(data: Buffer, pos: number): number {
  const nl = data.indexOf(0x0a, pos);
  return nl < 0 ? data.length : nl;
}

/** A scout parse's placeholders are the only characters above 0xff (text is bytes). */
function onlyPlaceholders(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x100) return false;
  return true;
}

/** Whether `file` is `from` or a file `from` was included from. */
function includes(from: FileRef | null, file: FileRef): boolean {
  for (let it = from; it; it = it.parent) if (it.name === file.name) return true;
  return false;
}

/**
 * Text conf keeps as a C string (string literals, assignment values, help
 * text): it ends at the first NUL byte.
 */
function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

function latin1(data: Buffer, start: number, end: number): string {
  return data.toString('latin1', start, end);
}
