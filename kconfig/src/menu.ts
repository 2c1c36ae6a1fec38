/**
 * The menu tree: one node per entry of the Kconfig files (a symbol defined in
 * three places has three nodes), built while parsing and then finalised:
 * dependencies of menus, ifs and choices are propagated into every property,
 * select/imply become reverse dependencies, and automatic submenus are formed.
 */
import {
  constants,
  Expr,
  ExprType,
  exprAnd,
  exprComp,
  exprContainsSymbol,
  exprCopy,
  exprDependsSymbol,
  exprEliminateDups,
  exprEliminateEq,
  exprIsYes,
  exprOr,
  exprSymbol,
  exprTransCompare,
  exprTransform,
  rewriteM,
} from './expr.js';
import {
  calcExpr,
  KSymbol,
  Property,
  PropType,
  SYM_CHOICEVAL,
  SYM_WARNED,
  SYM_DEF_USER,
  SYM_DEF_USER_UNGIVEN,
  SymbolType,
  symbolTypeName,
  exprValueString,
  revDepString,
} from './symbol.js';
import type { Kconfig } from './kconfig.js';
import { run, type Rec } from './stackless.js';

/** A Kconfig file as the reference tool tracks it: name as given, and where it was included from. */
export interface FileRef {
  name: string;
  parent: FileRef | null;
  /** Line of the `source` statement in the parent, plus one (the lexer's position then). */
  lineno: number;
}

/** Help texts kept out of memory until one is needed (a cached Linux tree has ~3 MB of them). */
export interface HelpTexts {
  text(id: number): string;
}

export class MenuNode {
  next: MenuNode | null = null;
  parent: MenuNode | null = null;
  /** First child. */
  list: MenuNode | null = null;
  sym: KSymbol | null;
  prompt: Property | null = null;
  /** `visible if` conditions (menus only). */
  visibility: Expr | null = null;
  /** `depends on` and enclosing conditions. */
  dep: Expr | null = null;
  flags = 0;
  /** The help text, or null (see `help`). */
  private helpText: string | null = null;
  /** Where a tree cache entry keeps this node's help text, until it is first asked for. */
  private helpSource: HelpTexts | null = null;
  private helpId = -1;
  file: FileRef;
  lineno: number;
  /** For front ends. */
  data: unknown = null;

  constructor(sym: KSymbol | null, file: FileRef, lineno: number) {
    this.sym = sym;
    this.file = file;
    this.lineno = lineno;
  }

  get help(): string | null {
    if (this.helpSource !== null) {
      this.helpText = this.helpSource.text(this.helpId);
      this.helpSource = null;
    }
    return this.helpText;
  }

  set help(text: string | null) {
    this.helpText = text;
    this.helpSource = null;
  }

  /** Help text number `id` of `texts`, read when `help` is first asked for. */
  deferHelp(texts: HelpTexts, id: number): void {
    this.helpText = null;
    this.helpSource = texts;
    this.helpId = id;
  }

  *children(): Iterable<MenuNode> {
    for (let c = this.list; c; c = c.next) yield c;
  }

  /** What the node is: a symbol, a choice, a menu, a comment, an if block or the root. */
  get kind(): 'symbol' | 'choice' | 'menu' | 'comment' | 'if' | 'root' {
    if (this.sym) return this.sym.isChoice() ? 'choice' : 'symbol';
    if (!this.parent) return 'root';
    if (!this.prompt) return 'if';
    return this.prompt.type === PropType.Comment ? 'comment' : 'menu';
  }

  /** Text shown in menus (the prompt), or null for promptless nodes. */
  get promptText(): string | null {
    return this.prompt ? this.prompt.text : null;
  }

  /** Shows as a submenu (menus, menuconfig symbols, choices, and symbols with dependent children). */
  get isMenu(): boolean {
    return this.list !== null || (this.prompt !== null && this.prompt.type === PropType.Menu);
  }

  /** Visible in the menu right now. */
  isVisible(): boolean {
    return menuIsVisible(this);
  }

  /** Path of prompts from the top, e.g. ["General setup", "Kernel compression mode"]. */
  get menuPath(): string[] {
    const out: string[] = [];
    for (let m = this.parent; m && m.parent; m = m.parent) if (m.prompt?.text) out.unshift(m.prompt.text);
    return out;
  }
}

function isCSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/**
 * Builds the menu tree during parsing. `entry` is the node attributes attach
 * to; `menu` the block that new entries go into.
 */
export class MenuBuilder {
  readonly kc: Kconfig;
  menu: MenuNode;
  entry: MenuNode;
  private appendTo: (m: MenuNode) => void;
  /** Where properties are being parsed (set by the parser for each statement). */
  file: FileRef;
  lineno = 0;

  constructor(kc: Kconfig, root: MenuNode) {
    this.kc = kc;
    this.menu = root;
    this.entry = root;
    this.file = root.file;
    this.appendTo = (m) => {
      root.list = m;
    };
  }

  addEntry(sym: KSymbol | null): MenuNode {
    const m = new MenuNode(sym, this.file, this.lineno);
    m.parent = this.menu;
    this.appendTo(m);
    this.appendTo = (n) => {
      m.next = n;
    };
    this.entry = m;
    if (sym) this.addSymbolProp(PropType.Symbol, sym, null);
    return m;
  }

  /** The current entry becomes a block: following entries are its children. */
  openBlock(): MenuNode {
    const m = this.entry;
    this.appendTo = (n) => {
      m.list = n;
    };
    this.menu = m;
    return m;
  }

  closeBlock(): void {
    const m = this.menu;
    this.appendTo = (n) => {
      m.next = n;
    };
    this.menu = m.parent!;
  }

  addDep(dep: Expr | null): void {
    this.entry.dep = exprAnd(this.entry.dep, dep);
  }

  addVisibility(e: Expr | null): void {
    this.entry.visibility = exprAnd(this.entry.visibility, e);
  }

  setType(type: SymbolType): void {
    const sym = this.entry.sym!;
    if (sym.type === type) return;
    if (sym.type === SymbolType.Unknown) {
      sym.type = type;
      return;
    }
    this.kc.menuWarn(
      this.entry,
      `ignoring type redefinition of '${sym.name ?? '<choice>'}' from '${symbolTypeName(sym.type)}' to '${symbolTypeName(type)}'`,
    );
  }

  addProp(type: PropType, expr: Expr | null, dep: Expr | null): Property {
    const p = new Property(type, this.entry, this.file, this.lineno);
    p.expr = expr;
    p.visibleExpr = dep;
    if (this.entry.sym) this.entry.sym.props.push(p);
    return p;
  }

  addSymbolProp(type: PropType, sym: KSymbol, dep: Expr | null): Property {
    return this.addProp(type, exprSymbol(sym), dep);
  }

  addPrompt(type: PropType, text: string, dep: Expr | null): Property {
    const p = this.addProp(type, null, dep);
    if (text.length > 0 && isCSpace(text[0])) {
      this.kc.propWarn(p, 'leading whitespace ignored');
      let i = 0;
      while (i < text.length && isCSpace(text[i])) i++;
      text = text.slice(i);
    }
    if (this.entry.prompt) this.kc.propWarn(p, 'prompt redefined');
    if (type === PropType.Prompt) {
      // Every enclosing `visible if` limits the prompt.
      for (let m = this.entry.parent; m; m = m.parent) {
        if (!m.visibility) continue;
        p.visibleExpr = exprAnd(p.visibleExpr, exprCopy(m.visibility));
      }
    }
    this.entry.prompt = p;
    p.text = text;
    return p;
  }
}

function validNumber(sym: KSymbol, value: KSymbol): boolean {
  return (
    value.type === SymbolType.Int ||
    value.type === SymbolType.Hex ||
    (value.type === SymbolType.Unknown && sym.stringValid(value.name ?? ''))
  );
}

function checkProps(kc: Kconfig, sym: KSymbol): void {
  for (const p of sym.props) {
    switch (p.type) {
      case PropType.Default: {
        const logical = sym.type === SymbolType.String || sym.type === SymbolType.Int || sym.type === SymbolType.Hex;
        if (logical && p.expr!.type !== ExprType.Symbol)
          kc.propWarn(p, `default for config symbol '${sym.name}' must be a single symbol`);
        if (p.expr!.type !== ExprType.Symbol) break;
        const value = p.symbol!;
        if ((sym.type === SymbolType.Hex || sym.type === SymbolType.Int) && !validNumber(sym, value))
          kc.propWarn(p, `'${sym.name}': number is invalid`);
        if (sym.isChoice()) {
          const cp = value.choiceProp();
          if (!cp || cp.symbol !== sym)
            kc.propWarn(p, `choice default symbol '${value.name}' is not contained in the choice`);
        }
        break;
      }
      case PropType.Select:
      case PropType.Imply: {
        const use = p.type === PropType.Select ? 'select' : 'imply';
        const target = p.symbol!;
        if (!sym.isLogical())
          kc.propWarn(p, `config symbol '${sym.name}' uses ${use}, but is not bool or tristate`);
        else if (target.type !== SymbolType.Unknown && !target.isLogical())
          kc.propWarn(p, `'${target.name}' has wrong type. '${use}' only accept arguments of bool and tristate type`);
        break;
      }
      case PropType.Range:
        if (sym.type !== SymbolType.Int && sym.type !== SymbolType.Hex)
          kc.propWarn(p, 'range is only allowed for int or hex symbols');
        if (!validNumber(sym, p.expr!.s1!) || !validNumber(sym, p.expr!.s2!)) kc.propWarn(p, 'range is invalid');
        break;
      default:
        break;
    }
  }
}

/**
 * Propagates dependencies through the tree and forms automatic submenus
 * (menu_finalize). Menus nest as deep as the input (a chain of entries each
 * depending on the one before nests one level per entry): the recursion
 * runs on a stack in the heap.
 */
export function finalizeMenu(kc: Kconfig, parent: MenuNode): void {
  run(finalize(kc, parent));
}

function* finalize(kc: Kconfig, parent: MenuNode): Rec<void> {
  const sym = parent.sym;
  const modules = kc.modulesSym;
  if (parent.list) {
    let parentDep: Expr | null;
    if (sym && sym.isChoice()) {
      if (sym.type === SymbolType.Unknown) {
        // A choice without a type takes the first typed member's.
        for (let m: MenuNode | null = parent.list; m; m = m.next) {
          if (m.sym && m.sym.type !== SymbolType.Unknown) {
            setTypeOf(kc, parent, m.sym.type);
            break;
          }
        }
      }
      for (let m: MenuNode | null = parent.list; m; m = m.next) {
        if (m.sym && m.sym.type === SymbolType.Unknown) setTypeOf(kc, m, sym.type);
      }
      // The choice's mode bounds its members.
      parentDep = exprSymbol(sym);
    } else {
      parentDep = parent.dep;
    }

    // Finalised expressions are never rewritten again, so they are shared
    // where the reference tool copies: simplifying an already simplified
    // expression changes nothing, and a tree of ~16,000 symbols would
    // otherwise hold hundreds of thousands of identical nodes.
    for (let m: MenuNode | null = parent.list; m; m = m.next) {
      let baseDep: Expr | null;
      if (m.dep === null) baseDep = parentDep;
      else {
        baseDep = exprTransform(rewriteM(m.dep, modules));
        baseDep = exprEliminateDups(exprAnd(exprCopy(parentDep), baseDep));
      }
      m.dep = baseDep;
      if (m.sym) {
        for (const p of m.sym.props) if (p.menu === m) finalizeProperty(p, m, baseDep, modules);
      } else if (m.prompt && m.prompt.menu === m) finalizeProperty(m.prompt, m, baseDep, modules);
    }
    for (let m: MenuNode | null = parent.list; m; m = m.next) yield finalize(kc, m);
  } else if (sym) {
    yield* formAutoSubmenu(kc, parent, sym);
    sym.dirDep = exprOr(sym.dirDep, parent.dep);
  }

  for (let m: MenuNode | null = parent.list; m; m = m.next) {
    if (sym && sym.isChoice() && m.sym && !m.sym.isChoiceValue()) {
      attachChoiceMember(kc, sym, m);
    }
    // Children of an if block, or of a symbol without prompt, move up one level.
    if (m.list && (!m.prompt || m.prompt.text === null)) {
      let last = m.list;
      for (;;) {
        last.parent = parent;
        if (!last.next) break;
        last = last.next;
      }
      last.next = m.next;
      m.next = m.list;
      m.list = null;
    }
  }

  if (sym && !(sym.flags & SYM_WARNED)) {
    if (sym.type === SymbolType.Unknown) kc.menuWarn(parent, 'config symbol defined without type');
    if (sym.isChoice() && !parent.prompt) kc.menuWarn(parent, 'choice must have a prompt');
    checkProps(kc, sym);
    sym.flags |= SYM_WARNED;
  }

  // A visible non-optional choice cannot be n: it acts as if selected to m.
  if (sym && !sym.isOptional() && parent.prompt) {
    sym.revDep = exprOr(sym.revDep, exprAnd(parent.prompt.visibleExpr, exprSymbol(constants.mod)));
  }
}

/** Folds the entry's dependencies into a property's condition; records selects and implies. */
function finalizeProperty(p: Property, m: MenuNode, baseDep: Expr | null, modules: KSymbol): void {
  let dep: Expr | null;
  if (p.visibleExpr === null) dep = baseDep;
  else {
    dep = exprTransform(rewriteM(p.visibleExpr, modules));
    dep = exprEliminateDups(exprAnd(exprCopy(baseDep), dep));
  }
  p.visibleExpr = dep;
  if (p.type === PropType.Select) {
    const target = p.symbol!;
    target.revDep = exprOr(target.revDep, exprAnd(exprSymbol(m.sym!), dep));
    if (target.selectedBy.length === 0) target.selectedBy = [];
    target.selectedBy.push({ symbol: m.sym!, condition: dep, property: p });
  } else if (p.type === PropType.Imply) {
    const target = p.symbol!;
    target.implied = exprOr(target.implied, exprAnd(exprSymbol(m.sym!), dep));
    if (target.impliedBy.length === 0) target.impliedBy = [];
    target.impliedBy.push({ symbol: m.sym!, condition: dep, property: p });
  }
}

function setTypeOf(kc: Kconfig, node: MenuNode, type: SymbolType): void {
  const sym = node.sym!;
  if (sym.type === type) return;
  if (sym.type === SymbolType.Unknown) {
    sym.type = type;
    return;
  }
  kc.menuWarn(
    node,
    `ignoring type redefinition of '${sym.name ?? '<choice>'}' from '${symbolTypeName(sym.type)}' to '${symbolTypeName(type)}'`,
  );
}

/**
 * Consecutive entries after a promptless-child symbol that depend on it
 * become its children (possibly nested), as menuconfig shows them.
 */
function* formAutoSubmenu(kc: Kconfig, parent: MenuNode, sym: KSymbol): Rec<void> {
  let baseDep = parent.prompt ? parent.prompt.visibleExpr : null;
  baseDep = exprTransCompare(baseDep, ExprType.Unequal, constants.no);
  baseDep = exprEliminateDups(exprTransform(baseDep));
  let last: MenuNode | null = null;
  for (let m = parent.next; m; m = m.next) {
    let dep = m.prompt ? m.prompt.visibleExpr : m.dep;
    if (!exprContainsSymbol(dep, sym)) break;
    if (!exprDependsSymbol(dep, sym)) {
      // Also a child when the dependencies are a superset of the parent's, e.g. `(S || Q) && R`.
      dep = exprTransCompare(dep, ExprType.Unequal, constants.no);
      dep = exprEliminateDups(exprTransform(dep));
      const [, rest] = exprEliminateEq(dep, exprCopy(baseDep));
      if (!exprIsYes(rest)) break;
    }
    yield finalize(kc, m);
    m.parent = parent;
    last = m;
  }
  if (last) {
    parent.list = parent.next;
    parent.next = last.next;
    last.next = null;
  }
}

function attachChoiceMember(kc: Kconfig, choice: KSymbol, m: MenuNode): void {
  const member = m.sym!;
  member.flags |= SYM_CHOICEVAL;
  if (!m.prompt) kc.menuWarn(m, 'choice value must have a prompt');
  for (const p of member.props) {
    if (p.type === PropType.Default) kc.propWarn(p, 'defaults for choice values not supported');
    if (p.menu === m) continue;
    if (p.type === PropType.Prompt && p.menu!.parent!.sym !== choice)
      kc.propWarn(p, 'choice value used outside its choice group');
  }
  // A bool member of a tristate choice needs the choice to be y.
  if (choice.type === SymbolType.Tristate && member.type !== SymbolType.Tristate) {
    const base = exprComp(ExprType.Equal, choice, constants.yes);
    m.dep = exprAnd(base, m.dep);
    for (const p of member.props) {
      if (p.menu !== m) continue;
      p.visibleExpr = exprAnd(exprCopy(base), p.visibleExpr);
    }
  }
  const p = new Property(PropType.Choice, m, kc.currentFileForFinalize(), kc.lastParsedLine);
  p.expr = exprSymbol(choice);
  member.props.push(p);
  member.choice = choice;
  if (choice.choiceMembers.length === 0) choice.choiceMembers = [];
  choice.choiceMembers.push(member);
}

/**
 * Whether a menu node shows. A symbol that is set but has no visible prompt
 * shows when one of its descendants does, and then counts as answered (a
 * quirk kept for fidelity): they are searched depth first, with a stack in
 * the heap, since automatic submenus nest as deep as dependency chains.
 */
export function menuIsVisible(menu: MenuNode): boolean {
  const here = visibleHere(menu);
  if (here !== DESCENDANTS) return here;
  // Each searched node with the child of it being looked at.
  const nodes: MenuNode[] = [menu];
  const at: (MenuNode | null)[] = [menu.list];
  while (nodes.length) {
    const c = at[at.length - 1];
    if (!c) {
      nodes.pop();
      at.pop();
      if (at.length) at[at.length - 1] = at[at.length - 1]!.next;
      continue;
    }
    const v = visibleHere(c);
    if (v === DESCENDANTS) {
      nodes.push(c);
      at.push(c.list);
    } else if (v) {
      // conf's quirk: a menu symbol shown through its children counts as answered (no value given).
      for (const n of nodes) if (!(n.sym!.flags & SYM_DEF_USER)) n.sym!.flags |= SYM_DEF_USER | SYM_DEF_USER_UNGIVEN;
      return true;
    } else at[at.length - 1] = c.next;
  }
  return false;
}

const DESCENDANTS = 2;

/** Whether a node shows by itself; DESCENDANTS when that depends on its descendants. */
function visibleHere(menu: MenuNode): boolean | typeof DESCENDANTS {
  if (!menu.prompt) return false;
  if (menu.visibility && calcExpr(menu.visibility) === 0) return false;
  const sym = menu.sym;
  let visible;
  if (sym) {
    sym.calcValue();
    visible = menu.prompt.visibleTri;
  } else {
    visible = menu.prompt.visibleTri = calcExpr(menu.prompt.visibleExpr);
  }
  if (visible !== 0) return true;
  if (!sym || sym.currTri === 0) return false;
  return DESCENDANTS;
}

export function menuGetPrompt(menu: MenuNode): string | null {
  if (menu.prompt) return menu.prompt.text;
  if (menu.sym) return menu.sym.name;
  return null;
}

/** The nearest enclosing node that is a real menu (or the root). */
export function menuGetParentMenu(menu: MenuNode, root: MenuNode): MenuNode {
  let m: MenuNode | null = menu;
  for (; m && m !== root; m = m.parent) {
    if (m.prompt && m.prompt.type === PropType.Menu) break;
  }
  return m ?? root;
}

const NO_HELP = 'There is no help available for this option.';

/** Help text plus the symbol summary, as conf prints for `?` and --helpnewconfig. */
export function menuExtHelp(kc: Kconfig, menu: MenuNode): string {
  const sym = menu.sym;
  let out = '';
  let text = NO_HELP;
  if (menu.help !== null) {
    if (sym!.name !== null) out += `${kc.configPrefix}${sym!.name}:\n\n`;
    text = menu.help;
  }
  out += text + '\n';
  if (sym) out += symbolSummary(kc, sym);
  return out;
}

function depLine(e: Expr | null, prefix: string): string {
  if (exprIsYes(e)) return '';
  return prefix + exprValueString(e) + '\n';
}

function promptSummary(kc: Kconfig, p: Property): string {
  let out = `  Prompt: ${p.text}\n`;
  const node = p.menu!;
  out += depLine(node.dep, '  Depends on: ');
  if (!exprEqForDisplay(node.dep, p.visibleExpr)) out += depLine(p.visibleExpr, '  Visible if: ');
  const chain: MenuNode[] = [];
  for (let m: MenuNode | null = node; m && m !== kc.rootMenu && chain.length < 8; m = m.parent) {
    menuIsVisible(m);
    chain.push(m);
  }
  out += '  Location:\n';
  let indent = 4;
  for (let i = chain.length - 1; i >= 0; i--, indent += 2) {
    const m = chain[i];
    out += ' '.repeat(indent) + `-> ${menuGetPrompt(m)}`;
    if (m.sym) out += ` (${m.sym.name ?? '<choice>'} [=${m.sym.stringValue()}])`;
    out += '\n';
  }
  return out;
}

// Imported lazily to keep expression equality where it belongs.
import { exprEq as exprEqForDisplay } from './expr.js';

/** The `Symbol: ... Type: ... Defined at ...` block. */
export function symbolSummary(kc: Kconfig, sym: KSymbol): string {
  let out = '';
  if (sym.name !== null) {
    out += `Symbol: ${sym.name} [=${sym.stringValue()}]\n`;
    out += `Type  : ${symbolTypeName(sym.type)}\n`;
    if (sym.type === SymbolType.Int || sym.type === SymbolType.Hex) {
      const r = sym.activeRange();
      if (r) out += `Range : ${exprValueString(r.expr)}\n`;
    }
  }
  for (const p of sym.props) {
    if (p.type !== PropType.Symbol || !p.menu!.prompt) continue;
    out += `Defined at ${p.menu!.file.name}:${p.menu!.lineno}\n`;
    out += promptSummary(kc, p.menu!.prompt);
  }
  for (const p of sym.props) {
    if (p.type !== PropType.Symbol || p.menu!.prompt) continue;
    out += `Defined at ${p.menu!.file.name}:${p.menu!.lineno}\n`;
    out += depLine(p.menu!.dep, '  Depends on: ');
  }
  out += propList(sym, PropType.Select, 'Selects: ');
  if (sym.revDep) {
    out += revDepString(sym.revDep, 2, 'Selected by [y]:\n');
    out += revDepString(sym.revDep, 1, 'Selected by [m]:\n');
    out += revDepString(sym.revDep, 0, 'Selected by [n]:\n');
  }
  out += propList(sym, PropType.Imply, 'Implies: ');
  if (sym.implied) {
    out += revDepString(sym.implied, 2, 'Implied by [y]:\n');
    out += revDepString(sym.implied, 1, 'Implied by [m]:\n');
    out += revDepString(sym.implied, 0, 'Implied by [n]:\n');
  }
  out += '\n\n';
  return out;
}

function propList(sym: KSymbol, type: PropType, prefix: string): string {
  let out = '';
  let hit = false;
  for (const p of sym.props) {
    if (p.type !== type) continue;
    out += hit ? ' && ' : prefix;
    hit = true;
    out += exprValueString(p.expr);
  }
  return hit ? out + '\n' : out;
}
