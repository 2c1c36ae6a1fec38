/**
 * Symbols, their properties, and value computation with the 6.1 rules
 * (visibility, user values, defaults, select, imply, choices, ranges).
 *
 * Value computation is lazy and memoised per symbol (the VALID flag); any
 * user change clears every symbol's VALID flag, exactly when the reference
 * tool does, because the unmet-dependency warning is printed each time a
 * symbol is recomputed and conf's stderr must match line for line.
 */
import { cValue, isDigit, isXDigit, strtoll, strtoull, asUnsigned } from './cnum.js';
import { constants, Expr, ExprType, exprPrint, type Tristate } from './expr.js';
import type { FileRef, MenuNode } from './menu.js';
import type { Kconfig } from './kconfig.js';

export const enum SymbolType {
  Unknown = 0,
  Bool = 1,
  Tristate = 2,
  Int = 3,
  Hex = 4,
  String = 5,
}

export const enum PropType {
  Unknown = 0,
  Prompt = 1,
  Comment = 2,
  Menu = 3,
  Default = 4,
  Choice = 5,
  Select = 6,
  Imply = 7,
  Range = 8,
  Symbol = 9,
}

export const SYM_CONST = 0x0001;
export const SYM_CHECK = 0x0008;
export const SYM_CHOICE = 0x0010;
export const SYM_CHOICEVAL = 0x0020;
export const SYM_VALID = 0x0080;
export const SYM_OPTIONAL = 0x0100;
export const SYM_WRITE = 0x0200;
export const SYM_WRITTEN = 0x0800;
export const SYM_NO_WRITE = 0x1000;
export const SYM_CHECKED = 0x2000;
export const SYM_WARNED = 0x8000;
export const SYM_DEF_USER = 0x10000;
export const SYM_DEF_AUTO = 0x20000;
export const SYM_NEED_SET_CHOICE_VALUES = 0x100000;
/** calcValue is running for the symbol: its current value is provisional. */
export const SYM_COMPUTING = 0x200000;
/**
 * SYM_DEF_USER with no value behind it: conf's menu_is_visible() marks a
 * symbol whose own prompt is hidden but whose submenu shows as answered,
 * and conf then behaves accordingly (the engine does the same). Front ends
 * must not read that mark as a value the user asked for (userGiven()).
 * Every place that stores a real user value clears it.
 */
export const SYM_DEF_USER_UNGIVEN = 0x400000;
/** The flags that mark a real user value: SYM_DEF_USER without SYM_DEF_USER_UNGIVEN. */
export function withUserValue(flags: number): number {
  return (flags | SYM_DEF_USER) & ~SYM_DEF_USER_UNGIVEN;
}

/**
 * Evaluation round: bumped whenever any symbol must be recomputed, so that
 * values memoised on expression nodes during one round are not reused in
 * the next.
 */
let evalEpoch = 1;
export function valuesInvalidated(): void {
  evalEpoch++;
}
/** Set when an evaluation read a provisional value (it must not be memoised). */
let tainted = false;

/** Plain computations and chain evaluations in progress, nested (see calcValue). */
let nesting = 0;
/**
 * Nested plain evaluations allowed before the steps versions take over:
 * several times what real trees need, and a small part of the smallest
 * stack Node runs with (each level is a few frames).
 */
let nestingBudget = 200;

/** Runs `fn` with every evaluation done by the steps versions (tests compare both). @internal */
export function withStepsOnly<T>(fn: () => T): T {
  const saved = nestingBudget;
  nestingBudget = 0;
  try {
    return fn();
  } finally {
    nestingBudget = saved;
  }
}

/** Which of a symbol's externally provided values: the .config one or auto.conf's. */
export const enum DefSlot {
  User = 0,
  Auto = 1,
}

export class Property {
  type: PropType;
  /** Prompt text for prompts, menus and comments. */
  text: string | null = null;
  /** Condition of the property, with the enclosing dependencies folded in after finalisation. */
  visibleExpr: Expr | null = null;
  visibleTri: Tristate = 0;
  /** Default value, selected symbol, range bounds... */
  expr: Expr | null = null;
  menu: MenuNode | null;
  file: FileRef;
  lineno: number;

  constructor(type: PropType, menu: MenuNode | null, file: FileRef, lineno: number) {
    this.type = type;
    this.menu = menu;
    this.file = file;
    this.lineno = lineno;
  }

  /** The symbol a default, select, imply or choice property names. */
  get symbol(): KSymbol | null {
    const e = this.expr;
    if (e && (e.type === ExprType.Symbol || e.type === ExprType.List)) return e.s1;
    return null;
  }
}

export type SymbolValue = string | KSymbol | null;

/** One `select` or `imply` of a symbol: who does it, under which condition (enclosing dependencies included). */
export interface ReverseDependency {
  symbol: KSymbol;
  condition: Expr | null;
  property: Property;
}

// Shared empty lists for symbols nobody selects and for non-choices (most of
// them); replaced on first use.
const NONE: ReverseDependency[] = [];
const NO_MEMBERS: KSymbol[] = [];

const TYPE_NAMES = ['unknown', 'bool', 'tristate', 'integer', 'hex', 'string'];

export function symbolTypeName(t: SymbolType): string {
  return TYPE_NAMES[t] ?? '???';
}

export function propTypeName(t: PropType): string {
  return (
    ['unknown', 'prompt', 'comment', 'menu', 'default', 'choice', 'select', 'imply', 'range', 'symbol'][t] ??
    'unknown'
  );
}

export class KSymbol {
  name: string | null;
  type: SymbolType = SymbolType.Unknown;
  flags: number;
  /** Computed value: a string for non-logical types, the selected member for a choice. */
  currVal: SymbolValue = null;
  currTri: Tristate = 0;
  /** Values from outside: [user (.config), auto (auto.conf)]. */
  defVal: [SymbolValue, SymbolValue] = [null, null];
  defTri: [Tristate, Tristate] = [0, 0];
  /** Upper bound the prompts allow (n when no prompt is visible). */
  visible: Tristate = 0;
  props: Property[] = [];
  dirDep: Expr | null = null;
  dirDepTri: Tristate = 0;
  revDep: Expr | null = null;
  revDepTri: Tristate = 0;
  implied: Expr | null = null;
  impliedTri: Tristate = 0;
  /** Members of a choice, in menu order (choices only). */
  choiceMembers: KSymbol[] = NO_MEMBERS;
  /** The choice a member belongs to. */
  choice: KSymbol | null = null;
  /** `select` properties naming this symbol, with their full condition (set when the tree is finalised). */
  selectedBy: ReverseDependency[] = NONE;
  /** `imply` properties naming this symbol. */
  impliedBy: ReverseDependency[] = NONE;
  kc: Kconfig;
  /** Position in the symbol table order (set when the dependents index is built). */
  index = -1;

  constructor(kc: Kconfig, name: string | null, flags: number) {
    this.kc = kc;
    this.name = name;
    this.flags = flags;
  }

  isChoice(): boolean {
    return (this.flags & SYM_CHOICE) !== 0;
  }
  isChoiceValue(): boolean {
    return (this.flags & SYM_CHOICEVAL) !== 0;
  }
  isOptional(): boolean {
    return (this.flags & SYM_OPTIONAL) !== 0;
  }
  hasValue(): boolean {
    return (this.flags & SYM_DEF_USER) !== 0;
  }
  /** A value the user gave (from a configuration file, a mode or setValue), not only conf's answered mark. */
  userGiven(): boolean {
    return (this.flags & (SYM_DEF_USER | SYM_DEF_USER_UNGIVEN)) === SYM_DEF_USER;
  }
  isConst(): boolean {
    return (this.flags & SYM_CONST) !== 0;
  }
  isLogical(): boolean {
    return this.type === SymbolType.Bool || this.type === SymbolType.Tristate;
  }

  /** The type as the user sees it now: a tristate acts as bool without modules or in a y choice. */
  effectiveType(): SymbolType {
    if (this.type === SymbolType.Tristate) {
      if (this.isChoiceValue() && this.visible === 2) return SymbolType.Bool;
      if (this.kc.modulesVal === 0) return SymbolType.Bool;
    }
    return this.type;
  }

  choiceProp(): Property | null {
    for (const p of this.props) if (p.type === PropType.Choice) return p;
    return null;
  }

  *propsOf(type: PropType): Iterable<Property> {
    for (const p of this.props) if (p.type === type) yield p;
  }

  /** The first default whose condition is not n. */
  activeDefault(): Property | null {
    const props = this.props;
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (p.type !== PropType.Default) continue;
      p.visibleTri = calcExpr(p.visibleExpr);
      if (p.visibleTri !== 0) return p;
    }
    return null;
  }

  /** The first range whose condition is not n. */
  activeRange(): Property | null {
    const props = this.props;
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (p.type !== PropType.Range) continue;
      p.visibleTri = calcExpr(p.visibleExpr);
      if (p.visibleTri !== 0) return p;
    }
    return null;
  }

  // ---- computing values -----------------------------------------------------
  //
  // sym_calc_value's recursion, twice, with the same steps in the same
  // order. The plain methods (calcValue and what it calls) recurse like the
  // reference; real trees nest a few dozen deep (Linux: 31). The steps
  // methods (*...Steps) are generators that yield each symbol they need
  // computed, for `drive` to compute on a stack in the heap: they take over
  // past the nesting budget of nested computations, so that a chain of any
  // length computes (conf takes a 20,000-long select chain in 0.03 s)
  // whatever stack Node has. depth.test.ts runs the language catalog both
  // ways.
  //
  // The twins are written out rather than built from shared small methods:
  // the plain ones run for every symbol, mostly unoptimised (conf's run is
  // over before the optimising compiler helps), where each call and each
  // object carrying state between steps costs; sharing them doubled the time
  // Linux's evaluation takes. Only the cold parts (choices, the unmet
  // dependency warning) are shared.

  calcVisibility(): void {
    let tri: Tristate = 0;
    const choiceValue = (this.flags & SYM_CHOICEVAL) !== 0;
    const choiceSym = choiceValue ? this.choice : null;
    const props = this.props;
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (p.text === null) continue;
      p.visibleTri = calcExpr(p.visibleExpr);
      // A tristate member visible only as m is hidden while its choice is y.
      if (choiceSym && this.type === SymbolType.Tristate && p.visibleTri === 1 && choiceSym.currTri === 2)
        p.visibleTri = 0;
      if (p.visibleTri > tri) tri = p.visibleTri;
    }
    if (tri === 1 && (this.type !== SymbolType.Tristate || this.kc.modulesVal === 0)) tri = 2;
    this.visible = tri;
    if (choiceValue) return;
    // The effective type is read after each evaluation: evaluating may compute MODULES.
    tri = this.dirDep ? calcExpr(this.dirDep) : 2;
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.dirDepTri = tri;
    tri = this.revDep ? calcExpr(this.revDep) : 0;
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.revDepTri = tri;
    tri = this.implied ? calcExpr(this.implied) : 0;
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.impliedTri = tri;
  }

  /** The member a choice falls back to: its first active visible default, else its first visible member. */
  choiceDefault(): KSymbol | null {
    for (const p of this.props) {
      if (p.type !== PropType.Default) continue;
      p.visibleTri = calcExpr(p.visibleExpr);
      if (p.visibleTri !== 0 && p.symbol!.visible !== 0) return p.symbol;
    }
    return this.firstVisibleMember();
  }

  private firstVisibleMember(): KSymbol | null {
    for (const m of this.choiceMembers) if (m.visible !== 0) return m;
    return null;
  }

  private calcChoice(): KSymbol | null {
    let flags = this.flags;
    for (const m of this.choiceMembers) {
      m.calcVisibility();
      if (m.visible !== 0) flags &= m.flags;
    }
    return this.choiceUserPick(flags) ?? this.choiceFallback(this.choiceDefault());
  }

  /**
   * With its members' visibility computed (`flags`: the flags they all
   * share): the member the user picked, if it shows (a step of calcChoice).
   */
  private choiceUserPick(flags: number): KSymbol | null {
    this.flags &= flags | ~SYM_DEF_USER;
    const user = this.defVal[DefSlot.User] as KSymbol | null;
    return user && user.visible !== 0 ? user : null;
  }

  private choiceFallback(def: KSymbol | null): KSymbol | null {
    if (def === null) this.currTri = 0;
    return def;
  }

  private warnUnmetDep(): void {
    this.kc.warnUnmet(this, this.unmetWarningText());
  }

  /** conf's warning for a symbol selected beyond its direct dependencies (as of the last computation). */
  unmetWarningText(): string {
    let s = this.unmetHead();
    s += revDepString(this.revDep, 2, '  Selected by [y]:\n');
    s += revDepString(this.revDep, 1, '  Selected by [m]:\n');
    return s;
  }

  private unmetHead(): string {
    return `\nWARNING: unmet direct dependencies detected for ${this.name}\n  Depends on [${this.dirDepTri === 1 ? 'm' : 'n'}]: ${exprValueString(this.dirDep)}\n`;
  }

  /**
   * Computes the value (sym_calc_value). Recursive, like the reference, up
   * to the nesting budget of nested computations; deeper ones go on in the steps
   * version, driven with a stack in the heap (see `drive`).
   */
  calcValue(): void {
    if (this.flags & SYM_VALID) return;
    if (nesting >= nestingBudget) return drive(this.valueSteps());
    nesting++;
    try {
      this.compute();
    } finally {
      nesting--;
    }
  }

  private compute(): void {
    // Flag tests inline rather than isChoice() and the like: this runs for
    // every symbol, mostly unoptimised, where each method call costs. The
    // choice flags are fixed by the parse.
    const choiceValue = (this.flags & SYM_CHOICEVAL) !== 0;
    const choice = (this.flags & SYM_CHOICE) !== 0;
    if (choiceValue && this.flags & SYM_NEED_SET_CHOICE_VALUES) {
      this.flags &= ~SYM_NEED_SET_CHOICE_VALUES;
      this.choice!.calcValue();
    }
    this.flags |= SYM_VALID | SYM_COMPUTING;
    const oldVal = this.currVal;
    const oldTri = this.currTri;
    let newVal: SymbolValue;
    let newTri: Tristate = 0;
    switch (this.type) {
      case SymbolType.Int:
      case SymbolType.Hex:
      case SymbolType.String:
        newVal = '';
        break;
      case SymbolType.Bool:
      case SymbolType.Tristate:
        newVal = 'n';
        break;
      default:
        this.currVal = this.name;
        this.currTri = 0;
        this.flags &= ~SYM_COMPUTING;
        return;
    }
    this.flags &= ~SYM_WRITE;
    this.calcVisibility();
    if (this.visible !== 0) this.flags |= SYM_WRITE;
    // Seen by recursive evaluations that reach this symbol again.
    this.currVal = newVal;
    this.currTri = 0;

    switch (this.effectiveType()) {
      case SymbolType.Bool:
      case SymbolType.Tristate: {
        if (choiceValue && this.visible === 2) {
          newTri = this.choice!.currVal === this ? 2 : 0;
        } else {
          let fromUser = false;
          if (this.visible !== 0 && this.flags & SYM_DEF_USER) {
            newTri = Math.min(this.defTri[DefSlot.User], this.visible) as Tristate;
            fromUser = true;
          }
          if (!fromUser) {
            if (this.revDepTri !== 0) this.flags |= SYM_WRITE;
            if (!choice) {
              const p = this.activeDefault();
              if (p) {
                newTri = Math.min(calcExpr(p.expr), p.visibleTri) as Tristate;
                if (newTri !== 0) this.flags |= SYM_WRITE;
              }
              if (this.impliedTri !== 0) {
                this.flags |= SYM_WRITE;
                newTri = Math.max(newTri, this.impliedTri) as Tristate;
                newTri = Math.min(newTri, this.dirDepTri) as Tristate;
              }
            }
          }
          if (this.dirDepTri < this.revDepTri) this.warnUnmetDep();
          newTri = Math.max(newTri, this.revDepTri) as Tristate;
        }
        if (newTri === 1 && this.effectiveType() === SymbolType.Bool) newTri = 2;
        break;
      }
      case SymbolType.String:
      case SymbolType.Hex:
      case SymbolType.Int: {
        if (this.visible !== 0 && this.flags & SYM_DEF_USER) {
          newVal = this.defVal[DefSlot.User];
          break;
        }
        const p = this.activeDefault();
        if (p) {
          const ds = p.symbol;
          if (ds) {
            this.flags |= SYM_WRITE;
            ds.calcValue();
            newVal = ds.currVal;
          }
        }
        break;
      }
      default:
        break;
    }

    this.currVal = newVal;
    this.currTri = newTri;
    if (choice && newTri === 2) this.currVal = this.calcChoice();
    this.validateRange();

    if (oldVal !== this.currVal || oldTri !== this.currTri) {
      this.kc.valueChanges++;
      if (this.kc.modulesSym === this) this.kc.modulesVal = this.currTri;
    }

    if (choice && this.flags & SYM_WRITE) {
      for (const m of this.choiceMembers) if (m.visible !== 0) m.flags |= SYM_WRITE;
    }
    if (this.flags & SYM_NO_WRITE) this.flags &= ~SYM_WRITE;
    this.flags &= ~SYM_COMPUTING;
    if (this.flags & SYM_NEED_SET_CHOICE_VALUES) this.kc.setAllChoiceValues(this);
  }

  private validateRange(): void {
    let base: number;
    if (this.type === SymbolType.Int) base = 10;
    else if (this.type === SymbolType.Hex) base = 16;
    else return;
    const p = this.activeRange();
    if (!p) return;
    const val = cValue(this.currVal as string, base);
    let bound = p.expr!.s1!;
    if (val >= rangeBound(bound, base)) {
      bound = p.expr!.s2!;
      if (val <= rangeBound(bound, base)) return;
    }
    this.currVal = bound.currVal;
  }

  /** activeDefault or activeRange, as steps. */
  private *activeSteps(type: PropType.Default | PropType.Range): Steps<Property | null> {
    const props = this.props;
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (p.type !== type) continue;
      const v = tryEval(p.visibleExpr);
      p.visibleTri = v >= 0 ? (v as Tristate) : yield* evalSteps(p.visibleExpr);
      if (p.visibleTri !== 0) return p;
    }
    return null;
  }

  /** calcVisibility, as steps. */
  private *visibilitySteps(): Steps<void> {
    let tri: Tristate = 0;
    const choiceValue = (this.flags & SYM_CHOICEVAL) !== 0;
    const choiceSym = choiceValue ? this.choice : null;
    const props = this.props;
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      if (p.text === null) continue;
      const pv = tryEval(p.visibleExpr);
      p.visibleTri = pv >= 0 ? (pv as Tristate) : yield* evalSteps(p.visibleExpr);
      // A tristate member visible only as m is hidden while its choice is y.
      if (choiceSym && this.type === SymbolType.Tristate && p.visibleTri === 1 && choiceSym.currTri === 2)
        p.visibleTri = 0;
      if (p.visibleTri > tri) tri = p.visibleTri;
    }
    if (tri === 1 && (this.type !== SymbolType.Tristate || this.kc.modulesVal === 0)) tri = 2;
    this.visible = tri;
    if (choiceValue) return;
    // The effective type is read after each evaluation: evaluating may compute MODULES.
    let v = this.dirDep ? tryEval(this.dirDep) : 2;
    tri = v >= 0 ? (v as Tristate) : yield* evalSteps(this.dirDep);
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.dirDepTri = tri;
    v = this.revDep ? tryEval(this.revDep) : 0;
    tri = v >= 0 ? (v as Tristate) : yield* evalSteps(this.revDep);
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.revDepTri = tri;
    v = this.implied ? tryEval(this.implied) : 0;
    tri = v >= 0 ? (v as Tristate) : yield* evalSteps(this.implied);
    if (tri === 1 && this.effectiveType() === SymbolType.Bool) tri = 2;
    this.impliedTri = tri;
  }

  /** choiceDefault, as steps. */
  private *choiceDefaultSteps(): Steps<KSymbol | null> {
    for (const p of this.props) {
      if (p.type !== PropType.Default) continue;
      const v = tryEval(p.visibleExpr);
      p.visibleTri = v >= 0 ? (v as Tristate) : yield* evalSteps(p.visibleExpr);
      if (p.visibleTri !== 0 && p.symbol!.visible !== 0) return p.symbol;
    }
    return this.firstVisibleMember();
  }

  /** calcChoice, as steps. */
  private *choiceSteps(): Steps<KSymbol | null> {
    let flags = this.flags;
    for (const m of this.choiceMembers) {
      yield* m.visibilitySteps();
      if (m.visible !== 0) flags &= m.flags;
    }
    return this.choiceUserPick(flags) ?? this.choiceFallback(yield* this.choiceDefaultSteps());
  }

  /** warnUnmetDep, as steps. */
  private *warnUnmetDepSteps(): Steps<void> {
    let s = this.unmetHead();
    s += yield* revDepSteps(this.revDep, 2, '  Selected by [y]:\n');
    s += yield* revDepSteps(this.revDep, 1, '  Selected by [m]:\n');
    this.kc.warnUnmet(this, s);
  }

  /** compute, as steps. @internal */
  *valueSteps(): Steps<void> {
    // Flag tests inline rather than isChoice() and the like: this runs for
    // every symbol, mostly unoptimised, where each method call costs. The
    // choice flags are fixed by the parse.
    const choiceValue = (this.flags & SYM_CHOICEVAL) !== 0;
    const choice = (this.flags & SYM_CHOICE) !== 0;
    if (choiceValue && this.flags & SYM_NEED_SET_CHOICE_VALUES) {
      this.flags &= ~SYM_NEED_SET_CHOICE_VALUES;
      if (!(this.choice!.flags & SYM_VALID)) yield this.choice!;
    }
    this.flags |= SYM_VALID | SYM_COMPUTING;
    const oldVal = this.currVal;
    const oldTri = this.currTri;
    let newVal: SymbolValue;
    let newTri: Tristate = 0;
    switch (this.type) {
      case SymbolType.Int:
      case SymbolType.Hex:
      case SymbolType.String:
        newVal = '';
        break;
      case SymbolType.Bool:
      case SymbolType.Tristate:
        newVal = 'n';
        break;
      default:
        this.currVal = this.name;
        this.currTri = 0;
        this.flags &= ~SYM_COMPUTING;
        return;
    }
    this.flags &= ~SYM_WRITE;
    yield* this.visibilitySteps();
    if (this.visible !== 0) this.flags |= SYM_WRITE;
    // Seen by recursive evaluations that reach this symbol again.
    this.currVal = newVal;
    this.currTri = 0;

    switch (this.effectiveType()) {
      case SymbolType.Bool:
      case SymbolType.Tristate: {
        if (choiceValue && this.visible === 2) {
          newTri = this.choice!.currVal === this ? 2 : 0;
        } else {
          let fromUser = false;
          if (this.visible !== 0 && this.flags & SYM_DEF_USER) {
            newTri = Math.min(this.defTri[DefSlot.User], this.visible) as Tristate;
            fromUser = true;
          }
          if (!fromUser) {
            if (this.revDepTri !== 0) this.flags |= SYM_WRITE;
            if (!choice) {
              const p = yield* this.activeSteps(PropType.Default);
              if (p) {
                let v = tryEval(p.expr);
                if (v < 0) v = yield* evalSteps(p.expr);
                newTri = Math.min(v, p.visibleTri) as Tristate;
                if (newTri !== 0) this.flags |= SYM_WRITE;
              }
              if (this.impliedTri !== 0) {
                this.flags |= SYM_WRITE;
                newTri = Math.max(newTri, this.impliedTri) as Tristate;
                newTri = Math.min(newTri, this.dirDepTri) as Tristate;
              }
            }
          }
          if (this.dirDepTri < this.revDepTri) yield* this.warnUnmetDepSteps();
          newTri = Math.max(newTri, this.revDepTri) as Tristate;
        }
        if (newTri === 1 && this.effectiveType() === SymbolType.Bool) newTri = 2;
        break;
      }
      case SymbolType.String:
      case SymbolType.Hex:
      case SymbolType.Int: {
        if (this.visible !== 0 && this.flags & SYM_DEF_USER) {
          newVal = this.defVal[DefSlot.User];
          break;
        }
        const p = yield* this.activeSteps(PropType.Default);
        if (p) {
          const ds = p.symbol;
          if (ds) {
            this.flags |= SYM_WRITE;
            if (!(ds.flags & SYM_VALID)) yield ds;
            newVal = ds.currVal;
          }
        }
        break;
      }
      default:
        break;
    }

    this.currVal = newVal;
    this.currTri = newTri;
    if (choice && newTri === 2) this.currVal = yield* this.choiceSteps();
    if (this.type === SymbolType.Int || this.type === SymbolType.Hex) yield* this.rangeSteps();

    if (oldVal !== this.currVal || oldTri !== this.currTri) {
      this.kc.valueChanges++;
      if (this.kc.modulesSym === this) this.kc.modulesVal = this.currTri;
    }

    if (choice && this.flags & SYM_WRITE) {
      for (const m of this.choiceMembers) if (m.visible !== 0) m.flags |= SYM_WRITE;
    }
    if (this.flags & SYM_NO_WRITE) this.flags &= ~SYM_WRITE;
    this.flags &= ~SYM_COMPUTING;
    if (this.flags & SYM_NEED_SET_CHOICE_VALUES) this.kc.setAllChoiceValues(this);
  }

  /** validateRange, as steps. */
  private *rangeSteps(): Steps<void> {
    let base: number;
    if (this.type === SymbolType.Int) base = 10;
    else if (this.type === SymbolType.Hex) base = 16;
    else return;
    const p = yield* this.activeSteps(PropType.Range);
    if (!p) return;
    const val = cValue(this.currVal as string, base);
    let bound = p.expr!.s1!;
    if (!(bound.flags & SYM_VALID)) yield bound;
    if (val >= boundValue(bound, base)) {
      bound = p.expr!.s2!;
      if (!(bound.flags & SYM_VALID)) yield bound;
      if (val <= boundValue(bound, base)) return;
    }
    this.currVal = bound.currVal;
  }

  /** The tristate value computed by calcValue (n for non-logical types). */
  get tri(): Tristate {
    return this.currTri;
  }

  /** Value as text: n/m/y for bool and tristate, the value itself otherwise. */
  stringValue(): string {
    if (this.type === SymbolType.Bool || this.type === SymbolType.Tristate) return TRI_TEXT[this.currTri];
    const v = this.currVal;
    if (v === null) return '';
    if (typeof v === 'string') return v;
    return v.name ?? '';
  }

  isChangeable(): boolean {
    return this.visible > this.revDepTri;
  }

  tristateWithinRange(val: Tristate): boolean {
    const type = this.effectiveType();
    if (this.visible === 0) return false;
    if (type !== SymbolType.Bool && type !== SymbolType.Tristate) return false;
    if (type === SymbolType.Bool && val === 1) return false;
    if (this.visible <= this.revDepTri) return false;
    if (this.isChoiceValue() && this.visible === 2) return val === 2;
    return val >= this.revDepTri && val <= this.visible;
  }

  setTristateValue(val: Tristate): boolean {
    const old = this.currTri;
    if (old !== val && !this.tristateWithinRange(val)) return false;
    this.flags = withUserValue(this.flags);
    // Choosing a member also settles the choice and marks its visible members as answered.
    if (this.isChoiceValue() && val === 2) {
      const cs = this.choice!;
      cs.defVal[DefSlot.User] = this;
      cs.flags = withUserValue(cs.flags);
      for (const m of cs.choiceMembers) if (m.visible !== 0) m.flags |= SYM_DEF_USER;
    }
    this.defTri[DefSlot.User] = val;
    if (old !== val) this.kc.userValueChanged(this);
    return true;
  }

  toggleTristateValue(): Tristate {
    const old = this.currTri;
    let next: Tristate = old;
    do {
      next = next === 0 ? 1 : next === 1 ? 2 : 0;
      if (this.setTristateValue(next)) break;
    } while (old !== next);
    return next;
  }

  stringValid(str: string): boolean {
    switch (this.type) {
      case SymbolType.String:
        return true;
      case SymbolType.Int:
        return isIntText(str);
      case SymbolType.Hex:
        return isHexText(str);
      case SymbolType.Bool:
      case SymbolType.Tristate:
        return triFromLetter(str[0]) !== null;
      default:
        return false;
    }
  }

  /** `str` (a valid int or hex text) lies within the bounds of the range property `p`, as they are now. */
  withinRange(p: Property, str: string): boolean {
    const base = this.type === SymbolType.Int ? 10 : 16;
    const v = cValue(str, base);
    return v >= rangeBound(p.expr!.s1!, base) && v <= rangeBound(p.expr!.s2!, base);
  }

  stringWithinRange(str: string): boolean {
    switch (this.type) {
      case SymbolType.String:
        return this.stringValid(str);
      case SymbolType.Int:
      case SymbolType.Hex: {
        if (!this.stringValid(str)) return false;
        const p = this.activeRange();
        return !p || this.withinRange(p, str);
      }
      case SymbolType.Bool:
      case SymbolType.Tristate: {
        const t = triFromLetter(str[0]);
        return t === null ? false : this.tristateWithinRange(t);
      }
      default:
        return false;
    }
  }

  setStringValue(value: string): boolean {
    if (this.type === SymbolType.Bool || this.type === SymbolType.Tristate) {
      const t = triFromLetter(value[0]);
      return t === null ? false : this.setTristateValue(t);
    }
    if (!this.stringWithinRange(value)) return false;
    this.flags = withUserValue(this.flags);
    const old = this.defVal[DefSlot.User];
    let stored: string;
    if (this.type === SymbolType.Hex && !(value[0] === '0' && (value[1] === 'x' || value[1] === 'X')))
      stored = '0x' + value;
    else if (old === null || old !== value) stored = value;
    else return true;
    this.defVal[DefSlot.User] = stored;
    this.kc.userValueChanged(this);
    return true;
  }

  // ---- public view (names after kconfiglib's) ------------------------------

  /** Current value as text (n/m/y for bool and tristate). */
  get strValue(): string {
    this.calcValue();
    return this.stringValue();
  }

  /** Current value as n/m/y (0/1/2); n for non-logical types. */
  get triValue(): Tristate {
    this.calcValue();
    return this.currTri;
  }

  /** Upper bound the visible prompts put on the value (0 when the user cannot set it). */
  get visibility(): Tristate {
    this.calcValue();
    return this.visible;
  }

  /** The value from .config or set through setValue, or null. */
  get userValue(): string | null {
    if (!this.hasValue()) return null;
    if (this.isLogical()) return TRI_TEXT[this.defTri[DefSlot.User]];
    const v = this.defVal[DefSlot.User];
    return typeof v === 'string' ? v : v ? v.name : null;
  }

  /** The user value of a bool, a tristate or a choice's mode as n/m/y (0/1/2), or null without one. */
  get userTri(): Tristate | null {
    return this.hasValue() ? this.defTri[DefSlot.User] : null;
  }

  /**
   * The member the user picked, for a choice (null when none). It counts
   * while it is visible, even after the choice lost its "answered" mark.
   */
  get userSelection(): KSymbol | null {
    const v = this.defVal[DefSlot.User];
    return v instanceof KSymbol ? v : null;
  }

  /** The member a choice in y mode has selected, or null (not a choice, not y, or no member visible). */
  get selection(): KSymbol | null {
    this.calcValue();
    return this.currTri === 2 && this.currVal instanceof KSymbol ? this.currVal : null;
  }

  /**
   * What toggling a bool or tristate would set (menuconfig's space bar),
   * without setting it: the next of n -> m -> y -> n the symbol accepts now;
   * for a member of a choice in y mode, y (picking it). Null when nothing
   * else is accepted.
   */
  nextToggleValue(): Tristate | null {
    this.calcValue();
    if (!this.isLogical()) return null;
    if (this.isChoiceValue() && this.choice!.triValue === 2) return 2;
    for (const step of [1, 2]) {
      const v = ((this.currTri + step) % 3) as Tristate;
      if (this.tristateWithinRange(v)) return v;
    }
    return null;
  }

  /** Values the user can give a bool or tristate right now. */
  get assignable(): Tristate[] {
    this.calcValue();
    const out: Tristate[] = [];
    for (const v of [0, 1, 2] as Tristate[]) if (this.tristateWithinRange(v)) out.push(v);
    if (out.length === 0 && this.isChangeable() && this.isLogical()) out.push(this.currTri);
    return out;
  }

  /** Menu nodes where the symbol is defined, in file order. */
  get nodes(): MenuNode[] {
    const out: MenuNode[] = [];
    for (const p of this.props) if (p.type === PropType.Symbol && p.menu) out.push(p.menu);
    return out;
  }

  /** Where the symbol is defined. */
  get locations(): { file: string; line: number }[] {
    return this.nodes.map((n) => ({ file: n.file.name, line: n.lineno }));
  }

  /** Defined by some `config`/`menuconfig` (not just referenced). */
  get isDefined(): boolean {
    return this.props.some((p) => p.type === PropType.Symbol);
  }

  get typeName(): string {
    return symbolTypeName(this.type);
  }

  /** Dependencies of all definitions combined (menus and ifs included). */
  get directDep(): Expr | null {
    return this.dirDep;
  }

  get defaults(): Property[] {
    return this.props.filter((p) => p.type === PropType.Default);
  }
  get ranges(): Property[] {
    return this.props.filter((p) => p.type === PropType.Range);
  }
  get prompts(): Property[] {
    return this.props.filter((p) => p.text !== null);
  }
  /** Symbols this one selects, with the condition of each select. */
  get selects(): Property[] {
    return this.props.filter((p) => p.type === PropType.Select);
  }
  get implies(): Property[] {
    return this.props.filter((p) => p.type === PropType.Imply);
  }

  /**
   * Sets the user value (`y`/`m`/`n` for bool and tristate, text otherwise).
   * Returns false when the value is not allowed now (type, range or dependencies).
   */
  setValue(value: string): boolean {
    const ok = this.setStringValue(value);
    if (ok) this.kc.changed = true;
    return ok;
  }

  /** Forgets the user value. */
  unsetValue(): void {
    if (!this.hasValue()) return;
    this.flags &= ~(SYM_DEF_USER | SYM_DEF_USER_UNGIVEN);
    this.defVal[DefSlot.User] = null;
    this.defTri[DefSlot.User] = 0;
    this.kc.userValueChanged(this);
  }

  /** The value the symbol would have with no user value (used by savedefconfig). */
  stringDefault(): string {
    this.calcVisibility();
    this.kc.modulesSym.calcValue();
    let val: Tristate = 0;
    let str = '';
    const p = this.activeDefault();
    if (p) {
      if (this.type === SymbolType.Bool || this.type === SymbolType.Tristate) {
        val = Math.min(calcExpr(p.expr), p.visibleTri) as Tristate;
      } else {
        const ds = p.symbol;
        if (ds) {
          ds.calcValue();
          str = ds.currVal as string;
        }
      }
    }
    val = Math.max(val, this.revDepTri) as Tristate;
    if (val === 1 && !this.isChoiceValue() && this.kc.modulesSym.currTri === 0) val = 2;
    if (this.type === SymbolType.Bool && val === 1) val = 2;
    if (val < this.impliedTri) val = this.impliedTri;
    switch (this.type) {
      case SymbolType.Bool:
      case SymbolType.Tristate:
        return TRI_TEXT[val];
      case SymbolType.Int:
      case SymbolType.Hex:
      case SymbolType.String:
        return str;
      default:
        return '';
    }
  }
}

export const TRI_TEXT = ['n', 'm', 'y'] as const;

export function triFromLetter(c: string | undefined): Tristate | null {
  switch (c) {
    case 'y':
    case 'Y':
      return 2;
    case 'm':
    case 'M':
      return 1;
    case 'n':
    case 'N':
      return 0;
    default:
      return null;
  }
}

export function isIntText(str: string): boolean {
  let i = 0;
  if (str.charCodeAt(0) === 0x2d) i = 1;
  if (!isDigit(str.charCodeAt(i))) return false;
  if (str.charCodeAt(i) === 0x30 && i + 1 < str.length) return false;
  for (i++; i < str.length; i++) if (!isDigit(str.charCodeAt(i))) return false;
  return true;
}

export function isHexText(str: string): boolean {
  let i = 0;
  if (str[0] === '0' && (str[1] === 'x' || str[1] === 'X')) i = 2;
  if (i >= str.length) return false;
  for (; i < str.length; i++) if (!isXDigit(str.charCodeAt(i))) return false;
  return true;
}

function rangeBound(sym: KSymbol, base: number): bigint {
  sym.calcValue();
  return boundValue(sym, base);
}

/** A computed range bound as a number: in its own base when it is an int or hex symbol. */
function boundValue(sym: KSymbol, base: number): bigint {
  if (sym.type === SymbolType.Int) base = 10;
  else if (sym.type === SymbolType.Hex) base = 16;
  return cValue(sym.currVal as string, base);
}

/** Evaluation work that yields each symbol it needs computed before it can go on. */
type Steps<T> = Generator<KSymbol, T, void>;

/**
 * Runs evaluation work to its result. A symbol the work yields is computed
 * right then (its own work goes on top of this stack), after which the work
 * resumes: sym_calc_value's recursion in the same order, with its stack in
 * the heap, so that no dependency chain is too long for Node's stack.
 */
function drive<T>(work: Steps<T>): T {
  const stack: Steps<unknown>[] = [work];
  for (;;) {
    const r = stack[stack.length - 1].next();
    if (r.done) {
      stack.pop();
      if (stack.length === 0) return r.value as T;
    } else if (!(r.value.flags & SYM_VALID)) stack.push(r.value.valueSteps());
  }
}

/** An && or || chain being evaluated. */
class ChainFrame {
  e: Expr = null as unknown as Expr;
  /** Where its operands start on `chainStack`. */
  base = 0;
  /** Value of its operands so far (-1: none yet). */
  acc = -1;
  /** The taint of the enclosing evaluation, restored when the chain is done. */
  outer = false;
  /** An odd number of `!` applies to it. */
  flip = false;
}

/*
 * The chains being evaluated, innermost last (frames[0..frameDepth), reused), and
 * their right operands still to evaluate: shared by every evaluation, since
 * evaluations nest strictly (each owns what is above where it started).
 */
const frames: ChainFrame[] = [];
let frameDepth = 0;
const chainStack: Expr[] = [];

/**
 * Opens the evaluation of a chain like `((A && B) && C) && D`: every operand
 * is evaluated, left to right (no short circuit, since evaluation computes
 * symbols and may print their warnings). Returns the first operand.
 */
function openChain(e: Expr, flip: boolean): Expr {
  const f = (frames[frameDepth] ??= new ChainFrame());
  frameDepth++;
  f.e = e;
  f.base = chainStack.length;
  f.acc = -1;
  f.outer = tainted;
  f.flip = flip;
  tainted = false;
  let x = e;
  while (x.type === e.type) {
    chainStack.push(x.r!);
    x = x.l!;
  }
  return x;
}

/**
 * Hands an operand's value to the chains above `floor`: returns the next
 * operand to evaluate, or null with the value of the whole expression in
 * `handedValue` when the last chain is complete.
 */
function handOver(v: Tristate, floor: number): Expr | null {
  while (frameDepth > floor) {
    const f = frames[frameDepth - 1];
    const acc = f.acc;
    if (acc < 0 || (f.e.type === ExprType.And ? v < acc : v > acc)) f.acc = v;
    if (chainStack.length > f.base) return chainStack.pop()!;
    frameDepth--;
    // Chains are shared by many properties (a menu's dependencies reach every
    // entry in it): within one round, a final value is computed once, unless
    // a provisional value was read.
    if (!tainted) {
      f.e.memoEpoch = evalEpoch;
      f.e.memoVal = f.acc as Tristate;
    }
    tainted ||= f.outer;
    v = (f.flip ? 2 - f.acc : f.acc) as Tristate;
  }
  handedValue = v;
  return null;
}
let handedValue: Tristate = 0;


/** The value of a leaf whose symbols are computed (a memoised chain counts as a leaf). */
function leafTri(e: Expr): Tristate {
  switch (e.type) {
    case ExprType.Symbol: {
      const s = e.s1!;
      if (s.flags & SYM_COMPUTING) tainted = true;
      return s.currTri;
    }
    case ExprType.And:
    case ExprType.Or:
      return e.memoVal;
    case ExprType.Equal:
    case ExprType.Unequal:
    case ExprType.Lth:
    case ExprType.Leq:
    case ExprType.Gth:
    case ExprType.Geq:
      break;
    default:
      return 0;
  }
  const a = e.s1!;
  const b = e.s2!;
  if ((a.flags | b.flags) & SYM_COMPUTING) tainted = true;
  const res = compareValues(a, b);
  switch (e.type) {
    case ExprType.Equal:
      return res ? 0 : 2;
    case ExprType.Geq:
      return res >= 0 ? 2 : 0;
    case ExprType.Gth:
      return res > 0 ? 2 : 0;
    case ExprType.Leq:
      return res <= 0 ? 2 : 0;
    case ExprType.Lth:
      return res < 0 ? 2 : 0;
    default:
      return res ? 2 : 0;
  }
}

/** Evaluates an expression to n/m/y with the 6.1 comparison rules. */
export function calcExpr(e: Expr | null): Tristate {
  let flip = false;
  while (e && e.type === ExprType.Not) {
    flip = !flip;
    e = e.l;
  }
  let v: Tristate = 2;
  if (e) {
    switch (e.type) {
      case ExprType.And:
      case ExprType.Or:
        v = calcChain(e);
        break;
      case ExprType.Symbol:
        e.s1!.calcValue();
        v = leafTri(e);
        break;
      case ExprType.Equal:
      case ExprType.Unequal:
      case ExprType.Lth:
      case ExprType.Leq:
      case ExprType.Gth:
      case ExprType.Geq:
        e.s1!.calcValue();
        e.s2!.calcValue();
        v = leafTri(e);
        break;
      default:
        v = 0;
    }
  }
  return flip ? ((2 - v) as Tristate) : v;
}

/**
 * Evaluates a chain like `((A && B) && C) && D` (select and depends chains can
 * be thousands long) without one stack frame per operand, in the reference
 * order: every operand is evaluated, left to right (no short circuit, since
 * evaluation computes symbols and may print their warnings). Operands that
 * are chains themselves nest, up to nestingBudget; deeper ones are evaluated
 * as steps.
 */
function calcChain(e: Expr): Tristate {
  // Chains are shared by many properties (a menu's dependencies reach every
  // entry in it): within one round, a final value is computed once.
  if (e.memoEpoch === evalEpoch) return e.memoVal;
  if (nesting >= nestingBudget) return drive(evalSteps(e));
  nesting++;
  const outerTaint = tainted;
  tainted = false;
  const type = e.type;
  const base = chainStack.length;
  let x = e;
  while (x.type === type) {
    chainStack.push(x.r!);
    x = x.l!;
  }
  try {
    let acc = calcExpr(x);
    while (chainStack.length > base) {
      const v = calcExpr(chainStack.pop()!);
      if (type === ExprType.And) {
        if (v < acc) acc = v;
      } else if (v > acc) acc = v;
    }
    if (!tainted) {
      e.memoEpoch = evalEpoch;
      e.memoVal = acc;
    }
    tainted ||= outerTaint;
    return acc;
  } finally {
    nesting--;
  }
}

/**
 * Evaluates an expression if every symbol it reads is computed (most
 * evaluations): evalSteps without its generator. Returns -1, with nothing
 * changed that matters, at the first symbol that is not computed yet.
 */
function tryEval(e: Expr | null): Tristate | -1 {
  const floor = frameDepth;
  const base = chainStack.length;
  const taint = tainted;
  let x: Expr | null = e;
  for (;;) {
    let flip = false;
    while (x && x.type === ExprType.Not) {
      flip = !flip;
      x = x.l;
    }
    if (x && (x.type === ExprType.And || x.type === ExprType.Or) && x.memoEpoch !== evalEpoch) {
      x = openChain(x, flip);
      continue;
    }
    let v: Tristate = 2;
    if (x) {
      const t = x.type;
      if (
        (t === ExprType.Symbol || (t >= ExprType.Equal && t <= ExprType.Geq)) &&
        (!(x.s1!.flags & SYM_VALID) || (t !== ExprType.Symbol && !(x.s2!.flags & SYM_VALID)))
      ) {
        // Chains completed so far keep their (correct) memo; the rest is dropped.
        frameDepth = floor;
        chainStack.length = base;
        tainted = taint;
        return -1;
      }
      v = leafTri(x);
    }
    if (flip) v = (2 - v) as Tristate;
    x = handOver(v, floor);
    if (!x) return handedValue;
  }
}

/**
 * calcExpr's work, without recursion on the expression's frameDepth: the chains
 * being evaluated are frames of an explicit stack. Symbols not computed yet
 * are yielded (see `drive`), in the order the reference evaluation computes
 * them.
 */
function* evalSteps(e: Expr | null): Steps<Tristate> {
  const floor = frameDepth;
  let x: Expr | null = e;
  for (;;) {
    let flip = false;
    while (x && x.type === ExprType.Not) {
      flip = !flip;
      x = x.l;
    }
    if (x && (x.type === ExprType.And || x.type === ExprType.Or) && x.memoEpoch !== evalEpoch) {
      x = openChain(x, flip);
      continue;
    }
    let v: Tristate = 2;
    if (x) {
      // The symbol of a leaf, or both sides of a comparison.
      const t = x.type;
      if (t === ExprType.Symbol || (t >= ExprType.Equal && t <= ExprType.Geq)) {
        if (!(x.s1!.flags & SYM_VALID)) yield x.s1!;
        if (t !== ExprType.Symbol && !(x.s2!.flags & SYM_VALID)) yield x.s2!;
      }
      v = leafTri(x);
    }
    if (flip) v = (2 - v) as Tristate;
    x = handOver(v, floor);
    if (!x) return handedValue;
  }
}

const enum ValueKind {
  String,
  Signed,
  Unsigned,
}

// Result of the last parseForCompare call (kept out of tuples: this runs in every comparison).
let parsedKind = ValueKind.String;
let parsedValue = 0n;

function parseForCompare(str: string, type: SymbolType): void {
  if (type === SymbolType.Bool || type === SymbolType.Tristate) {
    parsedKind = ValueKind.Signed;
    parsedValue = str === 'n' ? 0n : str === 'm' ? 1n : str === 'y' ? 2n : -1n;
    return;
  }
  let r;
  if (type === SymbolType.Int) {
    r = strtoll(str, 10);
    parsedKind = ValueKind.Signed;
  } else if (type === SymbolType.Hex) {
    r = strtoull(str, 16);
    parsedKind = ValueKind.Unsigned;
  } else {
    r = strtoll(str, 0);
    parsedKind = ValueKind.Signed;
  }
  const ok = !r.overflow && r.end === str.length && r.end > 0 && isXDigit(str.charCodeAt(r.end - 1));
  if (!ok) parsedKind = ValueKind.String;
  parsedValue = r.value;
}

function compareValues(a: KSymbol, b: KSymbol): number {
  const s1 = a.stringValue();
  const s2 = b.stringValue();
  if (a.type === SymbolType.String && b.type === SymbolType.String) return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
  parseForCompare(s1, a.type);
  const k1 = parsedKind;
  let v1 = parsedValue;
  parseForCompare(s2, b.type);
  const k2 = parsedKind;
  let v2 = parsedValue;
  if (k1 === ValueKind.String || k2 === ValueKind.String) return s1 < s2 ? -1 : s1 > s2 ? 1 : 0;
  if (k1 === ValueKind.Unsigned || k2 === ValueKind.Unsigned) {
    v1 = asUnsigned(v1);
    v2 = asUnsigned(v2);
  }
  return v1 < v2 ? -1 : v1 > v2 ? 1 : 0;
}

/** An expression with the current value after each symbol: `A [=y] && B [=n]`. */
export function exprValueString(e: Expr | null): string {
  let s = '';
  exprPrint(e, (sym, text) => {
    s += text;
    if (sym && sym.type !== SymbolType.Unknown) s += ` [=${sym.stringValue()}]`;
  });
  return s;
}

/**
 * The top-level terms of a reverse dependency whose value is `which`, one per
 * line under `title` (nothing at all when no term has that value).
 */
export function revDepString(e: Expr | null, which: Tristate, title: string): string {
  if (!e) return '';
  let out = '';
  let first = true;
  const todo: Expr[] = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.type === ExprType.Or) {
      todo.push(x.r!, x.l!);
      continue;
    }
    if (calcExpr(x) !== which) continue;
    if (first) {
      out += title;
      first = false;
    }
    out += '  - ' + exprValueString(x) + '\n';
  }
  return out;
}

/** revDepString, as steps. */
function* revDepSteps(e: Expr | null, which: Tristate, title: string): Steps<string> {
  if (!e) return '';
  let out = '';
  let first = true;
  const todo: Expr[] = [e];
  while (todo.length) {
    const x = todo.pop()!;
    if (x.type === ExprType.Or) {
      todo.push(x.r!, x.l!);
      continue;
    }
    let v = tryEval(x);
    if (v < 0) v = yield* evalSteps(x);
    if (v !== which) continue;
    if (first) {
      out += title;
      first = false;
    }
    out += '  - ' + exprValueString(x) + '\n';
  }
  return out;
}

/** The three constants, shared by every tree. */
function makeConstant(name: string, tri: Tristate): KSymbol {
  const s = new KSymbol(null as unknown as Kconfig, name, SYM_CONST | SYM_VALID);
  s.type = SymbolType.Tristate;
  s.currVal = name;
  s.currTri = tri;
  return s;
}
constants.yes = makeConstant('y', 2);
constants.mod = makeConstant('m', 1);
constants.no = makeConstant('n', 0);

/**
 * Puts the constants back as they were made, for a new tree. A tree may give
 * them properties (`config y` is conf's symbol_yes), and the dependency check
 * marks them as checked: a tree loaded after it in the same process must see
 * neither, as a new conf process would not. (Two trees alive at once share
 * them still: only one that defines `config y|m|n` would notice.)
 */
export function resetConstants(): void {
  Object.assign(constants.yes, makeConstant('y', 2));
  Object.assign(constants.mod, makeConstant('m', 1));
  Object.assign(constants.no, makeConstant('n', 0));
}

/** FNV-1a over the bytes of the name, as the reference symbol table hashes (chars are signed). */
export function symbolHash(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i) & 0xff;
    if (c >= 0x80) c = c | 0xffffff00;
    h = Math.imul((h ^ c) >>> 0, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
export const SYMBOL_HASHSIZE = 9973;
