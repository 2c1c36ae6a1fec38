/**
 * The Kconfig grammar of Linux 6.1, parsed statement by statement into the
 * menu tree, with the reference parser's error recovery: a bad statement is
 * reported ("syntax error" one line below the statement, then "invalid
 * statement" or "unknown statement"), skipped to the end of its line, and
 * parsing goes on; errors within three tokens of the previous one are not
 * reported again; an unterminated block at the end of input aborts.
 */
import { posix } from 'node:path';
import { KconfigFatal } from './errors.js';
import { Expr, ExprType, exprComp, exprOne, exprSymbol, exprTwo } from './expr.js';
import type { Kconfig } from './kconfig.js';
import { Lexer, Tok } from './lexer.js';
import { MenuBuilder, MenuNode } from './menu.js';
import { Flavor, ScoutStop } from './preprocess.js';
import { KSymbol, PropType, SYM_CHOICE, SYM_CONST, SYM_NO_WRITE, SYM_OPTIONAL, SymbolType } from './symbol.js';

/** Source paths with these characters are glob patterns (extension mode only). */
function isGlob(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/** Parser stack depth at which the reference parser gives up ("memory exhausted"). */
const MAX_DEPTH = 10000;

/** Most && and || operators in one statement (Linux's longest expressions have a few dozen). */
const MAX_OPERATORS = 1000;

interface Block {
  kind: 'menu' | 'if' | 'choice';
  node: MenuNode;
  /** Statements inside follow the restricted choice grammar. */
  inChoice: boolean;
}

/** An open `(` (its operands so far) or `!` while an expression is parsed. */
interface ExprGroup {
  paren: boolean;
  /** The || operands so far, and the && operands of the current one. */
  or: Expr | null;
  and: Expr | null;
}
const NOT: ExprGroup = { paren: false, or: null, and: null };

class SyntaxError_ extends Error {}
class Abort extends Error {}

export class Parser {
  private lx: Lexer;
  private mb: MenuBuilder;
  private look: Tok | -1 = -1;
  private errStatus = 0;
  errors = 0;
  /** Where the first error was reported. */
  firstError: { file: string; line: number } | null = null;
  private blocks: Block[] = [];

  /** Expressions parsed for evaluation must not add symbols to the tree. */
  private detached = false;

  constructor(private readonly kc: Kconfig) {
    const scout = kc.pp.scout;
    this.lx = new Lexer(
      {
        warn: (t) => this.kc.out.stderr(t),
        openFile: (n) => this.kc.resolvePath(n),
        fileRef: (n) => this.kc.fileRef(n),
        uncertainWord: scout ? (text, risky) => this.uncertainWord(text, risky) : undefined,
      },
      kc.pp,
      kc.extensions,
    );
    kc.pp.host = {
      currentFileName: () => (this.lx.currentFile ? this.lx.currentFile.name : '<none>'),
      currentLine: () => this.lx.line,
      stdout: (t) => this.kc.out.stdout(t),
      stderr: (t) => this.kc.out.stderr(t),
    };
    this.mb = new MenuBuilder(kc, kc.rootMenu);
  }

  // ---- token plumbing ------------------------------------------------------

  private peek(): Tok {
    if (this.look === -1) this.look = this.lx.next();
    return this.look;
  }

  /** Shifts the lookahead (counts towards re-enabling error messages). */
  private shift(): void {
    this.peek();
    this.look = -1;
    if (this.errStatus) this.errStatus--;
  }

  private expect(t: Tok): void {
    if (this.peek() !== t) throw new SyntaxError_();
    this.shift();
  }

  private word(): string {
    if (this.peek() !== Tok.WORD) throw new SyntaxError_();
    const t = this.lx.text;
    this.shift();
    return t;
  }

  private quoted(): string {
    if (this.peek() !== Tok.WORD_QUOTE) throw new SyntaxError_();
    const t = this.lx.text;
    this.shift();
    return t;
  }

  private here(): void {
    this.mb.file = this.lx.currentFile ?? this.lx.posFile ?? this.kc.rootMenu.file;
    this.mb.lineno = this.lx.posLine;
    this.kc.setLastParsed(this.mb.file, this.mb.lineno);
  }

  private message(text: string): void {
    this.kc.out.stderr(`${this.lx.statementFileName()}:${this.lx.posLine}: ${text}\n`);
  }

  private error(text: string): void {
    this.counted(this.lx.posLine);
    this.message(text);
  }

  /** Counts an error reported at `line` of the statement's file. */
  private counted(line: number): void {
    this.errors++;
    this.firstError ??= { file: this.lx.statementFileName(), line };
  }

  // ---- entry point ---------------------------------------------------------

  parse(rootFile: string): void {
    this.lx.startMain(rootFile);
    try {
      if (this.peek() === Tok.MAINMENU) this.statement(() => this.mainmenu(), false);
      this.statements();
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    this.kc.pp.clearVariables();
  }

  private statements(): void {
    for (;;) {
      // A new statement: a parse without the words still pending would be here too.
      this.pending.length = 0;
      const t = this.peek();
      const block = this.blocks[this.blocks.length - 1];
      const inChoice = block ? block.inChoice : false;
      if (t === Tok.EOF) {
        if (!block) return;
        this.recover(false);
        continue;
      }
      const startsWithWord = t === Tok.WORD && !inChoice;
      this.statement(() => this.oneStatement(t, inChoice, block), startsWithWord);
    }
  }

  /** Runs one statement; on a syntax error, reports and skips to the end of the line. */
  private statement(fn: () => void, startsWithWord: boolean): void {
    this.operators = 0;
    try {
      fn();
    } catch (e) {
      if (!(e instanceof SyntaxError_)) throw e;
      this.deferrable = false;
      this.recover(startsWithWord && this.wordOnly);
    } finally {
      this.wordOnly = false;
      this.deferrable = false;
    }
  }

  // ---- scout parses (probes.ts) ----------------------------------------------

  /**
   * Whether an uncertain word (see LexerHost.uncertainWord) may stay
   * unresolved: in the attribute lines of a config entry or of a comment.
   * Were it absent, the statement would fail and the parse go on at the
   * next statement, lexing the lines in between alike, except for help
   * text (see helpLine); everywhere else its presence can change what
   * is read next.
   */
  private deferrable = false;
  /** Uncertain words since the statement began, left unresolved. */
  private pending: string[] = [];

  private uncertainWord(text: string, risky: boolean): string {
    if (risky || !this.deferrable) return this.resolve(text);
    this.pending.push(text);
    return text;
  }

  private resolve(text: string): string {
    return this.kc.pp.scout ? this.kc.pp.scout.resolve(text) : text;
  }

  /**
   * Help text follows: it is text only if every pending word is really
   * there (else it is read as statements), which matters unless it reads
   * the same either way.
   */
  private settlePending(): void {
    if (this.pending.length === 0 || this.lx.helpTextInert()) return;
    for (const t of this.pending) if (this.resolve(t) === '') throw new ScoutStop();
    this.pending.length = 0;
  }

  /** Set while the only token shifted in the statement is its leading word. */
  private wordOnly = false;
  private wordText = '';

  private recover(unknownWord: boolean): void {
    if (this.errStatus === 0) {
      this.counted(this.lx.posLine + 1);
      this.kc.out.stderr(`${this.lx.statementFileName()}:${this.lx.posLine + 1}: syntax error\n`);
    }
    if (this.errStatus === 3 && this.peek() === Tok.EOF) this.abort();
    this.errStatus = 3;
    for (;;) {
      const t = this.peek();
      if (t === Tok.EOL) break;
      if (t === Tok.EOF) this.abort();
      this.look = -1;
    }
    this.shift();
    if (unknownWord) this.error(`unknown statement "${this.wordText}"`);
    else this.error('invalid statement');
  }

  private abort(): never {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const b = this.blocks[i];
      this.kc.out.stderr(`${b.node.file.name}:${b.node.lineno}: missing end statement for this entry\n`);
      if (this.mb.menu === b.node) this.mb.closeBlock();
    }
    this.blocks = [];
    throw new Abort();
  }

  private oneStatement(t: Tok, inChoice: boolean, block: Block | undefined): void {
    switch (t) {
      case Tok.CONFIG:
        return this.config(false);
      case Tok.MENUCONFIG:
        if (inChoice) throw new SyntaxError_();
        return this.config(true);
      case Tok.COMMENT:
        return this.comment();
      case Tok.IF:
        return this.ifBlock(inChoice);
      case Tok.CHOICE:
        if (inChoice) throw new SyntaxError_();
        return this.choice();
      case Tok.MENU:
        if (inChoice) throw new SyntaxError_();
        return this.menu();
      case Tok.SOURCE:
      case Tok.RSOURCE:
      case Tok.OSOURCE:
      case Tok.ORSOURCE:
        if (inChoice) throw new SyntaxError_();
        return this.source(t);
      case Tok.WORD:
        if (inChoice) throw new SyntaxError_();
        return this.assignment();
      case Tok.ENDMENU:
      case Tok.ENDCHOICE:
      case Tok.ENDIF:
        if (!block) throw new SyntaxError_();
        return this.end(t, block);
      default:
        throw new SyntaxError_();
    }
  }

  // ---- statements ----------------------------------------------------------

  private mainmenu(): void {
    this.shift();
    const text = this.quoted();
    this.expect(Tok.EOL);
    this.here();
    this.mb.entry = this.kc.rootMenu;
    this.mb.addPrompt(PropType.Menu, text, null);
  }

  private assignment(): void {
    this.wordText = this.lx.text;
    const name = this.resolve(this.lx.text);
    this.shift();
    this.wordOnly = true;
    const op = this.peek();
    let flavor: Flavor;
    if (op === Tok.EQUAL) flavor = Flavor.Recursive;
    else if (op === Tok.COLON_EQUAL) flavor = Flavor.Simple;
    else if (op === Tok.PLUS_EQUAL) flavor = Flavor.Append;
    else throw new SyntaxError_();
    this.wordOnly = false;
    this.shift();
    let value = '';
    if (this.peek() === Tok.ASSIGN_VAL) {
      value = this.lx.text;
      this.shift();
    }
    this.expect(Tok.EOL);
    this.kc.pp.addVariable(name, value, flavor);
  }

  private config(isMenuconfig: boolean): void {
    this.shift();
    const name = this.word();
    const sym = this.kc.lookup(name, 0);
    this.expect(Tok.EOL);
    this.here();
    sym.flags |= SYM_OPTIONAL;
    this.mb.addEntry(sym);
    this.configOptions();
    if (isMenuconfig) {
      if (this.mb.entry.prompt) this.mb.entry.prompt.type = PropType.Menu;
      else this.message('warning: menuconfig statement without prompt');
    }
  }

  /** Attribute lines of a config entry; returns at the first token that starts something else. */
  private configOptions(): void {
    this.deferrable = true;
    for (;;) {
      const t = this.peek();
      switch (t) {
        case Tok.BOOL:
        case Tok.TRISTATE:
        case Tok.INT:
        case Tok.HEX:
        case Tok.STRING:
          this.typeLine(t);
          break;
        case Tok.PROMPT:
          this.promptLine();
          break;
        case Tok.DEFAULT:
        case Tok.DEF_BOOL:
        case Tok.DEF_TRISTATE:
          this.defaultLine(t);
          break;
        case Tok.SELECT:
        case Tok.IMPLY: {
          this.shift();
          const target = this.kc.lookup(this.word(), 0);
          const cond = this.ifExpr();
          this.expect(Tok.EOL);
          this.here();
          this.mb.addSymbolProp(t === Tok.SELECT ? PropType.Select : PropType.Imply, target, cond);
          break;
        }
        case Tok.RANGE: {
          this.shift();
          const lo = this.symbolOperand();
          const hi = this.symbolOperand();
          const cond = this.ifExpr();
          this.expect(Tok.EOL);
          this.here();
          this.mb.addProp(PropType.Range, exprComp(ExprType.Range, lo, hi), cond);
          break;
        }
        case Tok.MODULES: {
          this.shift();
          this.expect(Tok.EOL);
          this.here();
          const sym = this.mb.entry.sym!;
          if (this.kc.modulesDefined)
            this.error(
              `symbol '${sym.name}' redefines option 'modules' already defined by symbol '${this.kc.modulesSym.name}'`,
            );
          this.kc.modulesSym = sym;
          this.kc.modulesDefined = true;
          break;
        }
        case Tok.DEPENDS:
          this.dependsLine();
          break;
        case Tok.HELP:
          this.helpLine();
          break;
        default:
          this.deferrable = false;
          return;
      }
    }
  }

  private typeLine(t: Tok): void {
    this.shift();
    if (this.peek() === Tok.WORD_QUOTE) {
      const text = this.lx.text;
      this.shift();
      const cond = this.ifExpr();
      // Reduced before the end of line is checked, like the reference parser's default reduction.
      this.here();
      this.mb.addPrompt(PropType.Prompt, text, cond);
    }
    this.expect(Tok.EOL);
    this.here();
    this.mb.setType(TYPE_OF[t]!);
  }

  private promptLine(): void {
    this.shift();
    const text = this.quoted();
    const cond = this.ifExpr();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addPrompt(PropType.Prompt, text, cond);
  }

  private defaultLine(t: Tok): void {
    this.shift();
    const value = this.expr();
    const cond = this.ifExpr();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addProp(PropType.Default, value, cond);
    if (t === Tok.DEF_BOOL) this.mb.setType(SymbolType.Bool);
    else if (t === Tok.DEF_TRISTATE) this.mb.setType(SymbolType.Tristate);
  }

  private dependsLine(): void {
    this.shift();
    this.expect(Tok.ON);
    const e = this.expr();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addDep(e);
  }

  private helpLine(): void {
    this.shift();
    this.expect(Tok.EOL);
    this.settlePending();
    this.lx.startHelp();
    if (this.peek() !== Tok.HELPTEXT) throw new SyntaxError_();
    const text = this.lx.text;
    this.shift();
    const entry = this.mb.entry;
    const name = entry.sym?.name ?? '<choice>';
    if (entry.help !== null)
      this.message(`warning: '${name}' defined with more than one help text -- only the last one will be used`);
    if (/^[ \f\n\r\t\v]*$/.test(text)) this.message(`warning: '${name}' defined with blank help text`);
    entry.help = text;
  }

  private comment(): void {
    this.shift();
    const text = this.quoted();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addEntry(null);
    this.mb.addPrompt(PropType.Comment, text, null);
    this.deferrable = true;
    while (this.peek() === Tok.DEPENDS) this.dependsLine();
    this.deferrable = false;
  }

  private ifBlock(inChoice: boolean): void {
    this.shift();
    const e = this.expr();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addEntry(null);
    this.mb.addDep(e);
    this.pushBlock('if', inChoice);
  }

  private menu(): void {
    this.shift();
    const text = this.quoted();
    this.expect(Tok.EOL);
    this.here();
    this.mb.addEntry(null);
    this.mb.addPrompt(PropType.Menu, text, null);
    for (;;) {
      const t = this.peek();
      if (t === Tok.DEPENDS) this.dependsLine();
      else if (t === Tok.VISIBLE) {
        this.shift();
        const cond = this.ifExpr();
        this.expect(Tok.EOL);
        this.here();
        this.mb.addVisibility(cond);
      } else break;
    }
    this.pushBlock('menu', false);
  }

  private choice(): void {
    this.shift();
    let name: string | null = null;
    if (this.peek() === Tok.WORD) {
      name = this.lx.text;
      this.shift();
    }
    this.expect(Tok.EOL);
    this.here();
    const sym = this.kc.lookup(name, SYM_CHOICE);
    sym.flags |= SYM_NO_WRITE;
    this.mb.addEntry(sym);
    this.mb.addProp(PropType.Choice, null, null);
    for (;;) {
      const t = this.peek();
      if (t === Tok.PROMPT) this.promptLine();
      else if (t === Tok.BOOL || t === Tok.TRISTATE) this.typeLine(t);
      else if (t === Tok.OPTIONAL) {
        this.shift();
        this.expect(Tok.EOL);
        this.here();
        this.mb.entry.sym!.flags |= SYM_OPTIONAL;
      } else if (t === Tok.DEFAULT) {
        this.shift();
        const target = this.kc.lookup(this.word(), 0);
        const cond = this.ifExpr();
        this.expect(Tok.EOL);
        this.here();
        this.mb.addSymbolProp(PropType.Default, target, cond);
      } else if (t === Tok.DEPENDS) this.dependsLine();
      else if (t === Tok.HELP) this.helpLine();
      else break;
    }
    this.pushBlock('choice', true);
  }

  private pushBlock(kind: Block['kind'], inChoice: boolean): void {
    const node = this.mb.openBlock();
    this.blocks.push({ kind, node, inChoice });
    if (this.blocks.length * 3 + 4 > MAX_DEPTH) this.exhausted();
  }

  private end(t: Tok, block: Block): void {
    this.shift();
    this.expect(Tok.EOL);
    this.blocks.pop();
    const found = t === Tok.ENDMENU ? 'menu' : t === Tok.ENDCHOICE ? 'choice' : 'if';
    if (found !== block.kind) {
      this.error(`unexpected '${found}' within ${block.kind} block`);
      return;
    }
    const current = this.mb.menu;
    if (current.file !== this.lx.currentFile) {
      this.error(`'${found}' in different file than '${block.kind}'`);
      this.kc.out.stderr(`${current.file.name}:${current.lineno}: location of the '${block.kind}'\n`);
      return;
    }
    this.mb.closeBlock();
  }

  private source(t: Tok): void {
    this.shift();
    const path = this.resolve(this.quoted());
    this.expect(Tok.EOL);
    this.here();
    if (t === Tok.SOURCE && !this.kc.extensions) {
      this.lx.pushFiles([path]);
      return;
    }
    this.sourceExtended(t, path);
  }

  /** kconfiglib-style sources: relative (r), optional (o), and glob patterns. */
  private sourceExtended(t: Tok, pattern: string): void {
    const relative = t === Tok.RSOURCE || t === Tok.ORSOURCE;
    const optional = t === Tok.OSOURCE || t === Tok.ORSOURCE;
    // Relative to the folder of the file the statement is in (on a last line
    // without newline, that file has already ended); an absolute path stays.
    if (relative && !posix.isAbsolute(pattern)) {
      const dir = posix.dirname(this.lx.statementFileName());
      pattern = dir === '.' ? pattern : posix.join(dir, pattern);
    }
    let names: string[];
    if (isGlob(pattern)) {
      names = this.kc.glob(pattern);
    } else {
      names = this.kc.resolvePath(pattern) !== null ? [pattern] : [];
    }
    if (names.length === 0) {
      if (optional) return;
      throw new KconfigFatal(
        `${this.lx.statementFileName()}:${this.lx.posLine}: can't open file "${pattern}"\n`,
        this.lx.statementFileName(),
        this.lx.posLine,
      );
    }
    this.lx.pushFiles(names);
  }

  // ---- expressions ---------------------------------------------------------

  private ifExpr(): Expr | null {
    if (this.peek() !== Tok.IF) return null;
    this.shift();
    return this.expr();
  }

  /**
   * `expr := and ('||' and)*`, `and := unary ('&&' unary)*`,
   * `unary := '!' unary | '(' expr ')' | symbol [comparison symbol]`,
   * parsed with an explicit stack: nesting is bounded only by the reference
   * parser's own limit ("memory exhausted"), never by the JavaScript stack.
   */
  private expr(): Expr {
    // Open `!` and `(` in order; a group collects its || and && operands so far.
    const open: ExprGroup[] = [];
    let top: ExprGroup = { paren: false, or: null, and: null };
    const nest = (g: ExprGroup) => {
      if (open.length + 1 + this.blocks.length * 3 + 6 > MAX_DEPTH) this.exhausted();
      this.shift();
      open.push(g);
    };
    for (;;) {
      // One unary operand: its leading `!` and `(`, then a symbol or comparison.
      let t = this.peek();
      if (t === Tok.NOT) {
        nest(NOT);
        continue;
      }
      if (t === Tok.OPEN_PAREN) {
        nest(top);
        top = { paren: true, or: null, and: null };
        continue;
      }
      let e = this.comparison();
      for (;;) {
        while (open.length && open[open.length - 1] === NOT) {
          open.pop();
          e = exprOne(ExprType.Not, e);
        }
        top.and = top.and ? exprTwo(ExprType.And, top.and, e) : e;
        t = this.peek();
        if (t === Tok.AND) break;
        top.or = top.or ? exprTwo(ExprType.Or, top.or, top.and) : top.and;
        top.and = null;
        if (t === Tok.OR) break;
        if (!top.paren) return top.or!;
        this.expect(Tok.CLOSE_PAREN);
        // The group is an operand of the enclosing group, after any `!` before it.
        e = top.or!;
        top = open.pop()!;
      }
      this.shift();
      this.countOperator();
    }
  }

  /** Operators in the statement being parsed (reset at each statement). */
  private operators = 0;

  /**
   * Expressions are evaluated recursively; an absurdly long one would exhaust
   * the stack much later, far from its source line. Real trees stay far below.
   */
  private countOperator(): void {
    if (++this.operators <= MAX_OPERATORS) return;
    const file = this.lx.statementFileName();
    const line = this.lx.posLine;
    throw new KconfigFatal(`${file}:${line}: expression too complex (more than ${MAX_OPERATORS} operators)\n`, file, line);
  }

  private comparison(): Expr {
    const left = this.symbolOperand();
    const op = COMPARISON[this.peek()];
    if (op === undefined) return exprSymbol(left);
    this.shift();
    return exprComp(op, left, this.symbolOperand());
  }

  /**
   * Parses a standalone expression (e.g. `A && B=y`). Names that the tree
   * does not define become undefined symbols that are not added to it.
   */
  parseExpression(text: string, origin: string): Expr {
    this.detached = true;
    this.lx.startString(text, origin);
    let e: Expr;
    try {
      e = this.expr();
      if (this.peek() !== Tok.EOL) throw new SyntaxError_();
    } catch (err) {
      if (!(err instanceof SyntaxError_)) throw err;
      throw new KconfigFatal(`${origin}: invalid expression: ${text}\n`, origin, 1);
    }
    return e;
  }

  private detachedSymbol(name: string, flags: number): KSymbol {
    if (flags === 0) {
      const known = this.kc.find(name);
      if (known) return known;
    } else if (name.length === 1 && 'ymn'.includes(name)) return this.kc.lookup(name, 0);
    return new KSymbol(this.kc, name, flags);
  }

  private symbolOperand(): KSymbol {
    const t = this.peek();
    if (t === Tok.WORD && this.detached) {
      const s = this.detachedSymbol(this.lx.text, 0);
      this.shift();
      return s;
    }
    if (t === Tok.WORD_QUOTE && this.detached) {
      const s = this.detachedSymbol(this.lx.text, SYM_CONST);
      this.shift();
      return s;
    }
    if (t === Tok.WORD) {
      const s = this.kc.lookup(this.lx.text, 0);
      this.shift();
      return s;
    }
    if (t === Tok.WORD_QUOTE) {
      const s = this.kc.lookup(this.lx.text, SYM_CONST);
      this.shift();
      return s;
    }
    throw new SyntaxError_();
  }

  /** The parser's stack overflowed: the reference parser stops here with this message. */
  private exhausted(): never {
    const where = `${this.lx.statementFileName()}:${this.lx.posLine + 1}`;
    throw new KconfigFatal(`${where}: memory exhausted\n`, this.lx.statementFileName(), this.lx.posLine + 1);
  }
}

const TYPE_OF: Partial<Record<Tok, SymbolType>> = {
  [Tok.BOOL]: SymbolType.Bool,
  [Tok.TRISTATE]: SymbolType.Tristate,
  [Tok.INT]: SymbolType.Int,
  [Tok.HEX]: SymbolType.Hex,
  [Tok.STRING]: SymbolType.String,
} as Record<number, SymbolType>;

const COMPARISON: Partial<Record<number, ExprType>> = {
  [Tok.EQUAL]: ExprType.Equal,
  [Tok.UNEQUAL]: ExprType.Unequal,
  [Tok.LESS]: ExprType.Lth,
  [Tok.LESS_EQUAL]: ExprType.Leq,
  [Tok.GREATER]: ExprType.Gth,
  [Tok.GREATER_EQUAL]: ExprType.Geq,
};
