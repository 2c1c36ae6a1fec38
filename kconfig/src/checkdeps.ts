/**
 * Recursive dependency detection: a symbol whose value would depend on itself
 * through depends on, select, imply, defaults, ranges, prompt conditions or
 * choice membership. Reported with the reference tool's exact chain text.
 */
import { Expr, ExprType } from './expr.js';
import type { Kconfig } from './kconfig.js';
import type { MenuNode } from './menu.js';
import { KSymbol, Property, PropType, propTypeName, SYM_CHECK, SYM_CHECKED } from './symbol.js';
import { run, type Rec } from './stackless.js';

const enum Via {
  None,
  DirDep,
  RevDep,
  Implied,
  PropExpr,
}

interface Frame {
  sym: KSymbol;
  prop: Property | null;
  via: Via;
}

export class DependencyChecker {
  private stack: Frame[] = [];

  constructor(private readonly kc: Kconfig) {}

  /** Checks every symbol; returns the number of cycles found (each printed). */
  checkAll(): number {
    let errors = 0;
    for (const sym of this.kc.allSymbols()) if ((sym.flags & (SYM_CHECK | SYM_CHECKED)) !== SYM_CHECKED && run(this.check(sym))) errors++;
    return errors;
  }

  private report(last: KSymbol): void {
    let extra: Frame | null = null;
    if (last.isChoiceValue()) {
      extra = { sym: last, prop: null, via: Via.None };
      this.stack.push(extra);
      last = last.choice!;
    }
    let start = -1;
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i].sym === last) {
        start = i;
        break;
      }
    }
    let out = '';
    if (start < 0) {
      out = 'unexpected recursive dependency error\n';
    } else {
      for (let i = start; i < this.stack.length; i++) {
        const f = this.stack[i];
        const sym = f.sym;
        const next = i + 1 < this.stack.length ? this.stack[i + 1].sym : last;
        let prop = f.prop ?? sym.props[0] ?? this.nearestProp(start, i);
        let menu: MenuNode | null = null;
        if (sym.isChoice() || sym.isChoiceValue()) {
          for (const p of sym.props) {
            menu = p.menu;
            prop = p;
            if (p.menu) break;
          }
        }
        const name = sym.name ?? '<choice>';
        const nextName = next.name ?? '<choice>';
        if (f.sym === last) out += `${prop.file.name}:${prop.lineno}:error: recursive dependency detected!\n`;
        if (sym.isChoice()) out += `${menu!.file.name}:${menu!.lineno}:\tchoice ${name} contains symbol ${nextName}\n`;
        else if (sym.isChoiceValue())
          out += `${menu!.file.name}:${menu!.lineno}:\tsymbol ${name} is part of choice ${nextName}\n`;
        else if (f.via === Via.DirDep) out += `${prop.file.name}:${prop.lineno}:\tsymbol ${name} depends on ${nextName}\n`;
        else if (f.via === Via.RevDep)
          out += `${prop.file.name}:${prop.lineno}:\tsymbol ${name} is selected by ${nextName}\n`;
        else if (f.via === Via.Implied)
          out += `${prop.file.name}:${prop.lineno}:\tsymbol ${name} is implied by ${nextName}\n`;
        else if (f.via === Via.PropExpr)
          out += `${prop.file.name}:${prop.lineno}:\tsymbol ${name} ${propTypeName(prop.type)} value contains ${nextName}\n`;
        else
          out += `${prop.file.name}:${prop.lineno}:\tsymbol ${name} ${propTypeName(prop.type)} is visible depending on ${nextName}\n`;
      }
      out +=
        'For a resolution refer to Documentation/kbuild/kconfig-language.rst\n' +
        'subsection "Kconfig recursive dependency limitations"\n\n';
    }
    if (extra && this.stack[this.stack.length - 1] === extra) this.stack.pop();
    const first = this.stack[start >= 0 ? start : 0];
    const p = first ? (first.prop ?? first.sym.props[0]) : null;
    this.kc.report({
      severity: 'error',
      file: p ? p.file.name : null,
      line: p ? p.lineno : null,
      message: `recursive dependency detected for ${last.name ?? '<choice>'}`,
      text: out,
    });
  }

  /**
   * Where to report a frame whose symbol has no property at all (a symbol
   * only referenced, e.g. selected and used in a default: conf crashes
   * there): the property of the nearest frame of the cycle that has one.
   */
  private nearestProp(start: number, i: number): Property {
    for (let d = 1; ; d++) {
      for (const j of [i - d, i + d]) {
        if (j < start || j >= this.stack.length) continue;
        const f = this.stack[j];
        const p = f.prop ?? f.sym.props[0];
        if (p) return p;
      }
      if (i - d < start && i + d >= this.stack.length) break;
    }
    // A cycle only through symbols without properties (one only selected,
    // its selector made to depend on itself by a stray `depends on` after a
    // `source`: conf crashes there): the select or imply that names one.
    const cycle = new Set(this.stack.slice(start).map((f) => f.sym));
    for (const s of this.kc.allSymbols()) {
      for (const p of s.props) if ((p.type === PropType.Select || p.type === PropType.Imply) && p.symbol && cycle.has(p.symbol)) return p;
    }
    throw new Error('recursive dependency without any property');
  }

  /**
   * The symbols of `root`, left to right (without recursion on long &&/||
   * chains); the first one that closes a cycle, or null.
   */
  private *checkExpr(root: Expr | null): Rec<KSymbol | null> {
    const todo: (Expr | null)[] = [root];
    while (todo.length) {
      const e = todo.pop();
      if (!e) continue;
      switch (e.type) {
        case ExprType.Or:
        case ExprType.And:
          todo.push(e.r, e.l);
          continue;
        case ExprType.Not:
          todo.push(e.l);
          continue;
        case ExprType.Equal:
        case ExprType.Unequal:
        case ExprType.Lth:
        case ExprType.Leq:
        case ExprType.Gth:
        case ExprType.Geq: {
          const s = (yield* this.visit(e.s1!)) ?? (yield* this.visit(e.s2!));
          if (s) return s;
          continue;
        }
        case ExprType.Symbol: {
          const s = yield* this.visit(e.s1!);
          if (s) return s;
          continue;
        }
        default:
          this.kc.out.stderr(`Oops! How to check ${e.type}?\n`);
          continue;
      }
    }
    return null;
  }

  /** check(sym) as a call of the check being run: none when `sym` is known to be fine. */
  private *visit(sym: KSymbol): Rec<KSymbol | null> {
    if ((sym.flags & (SYM_CHECK | SYM_CHECKED)) === SYM_CHECKED) return null;
    return (yield this.check(sym)) as KSymbol | null;
  }

  private *checkSymbolDeps(sym: KSymbol): Rec<KSymbol | null> {
    const frame: Frame = { sym, prop: null, via: Via.DirDep };
    this.stack.push(frame);
    let found: KSymbol | null = null;
    try {
      found = yield* this.checkExpr(sym.dirDep);
      if (found) return found;
      frame.via = Via.RevDep;
      found = yield* this.checkExpr(sym.revDep);
      if (found) return found;
      frame.via = Via.Implied;
      found = yield* this.checkExpr(sym.implied);
      if (found) return found;
      frame.via = Via.None;
      for (const p of sym.props) {
        if (p.type === PropType.Choice || p.type === PropType.Select || p.type === PropType.Imply) continue;
        frame.prop = p;
        found = yield* this.checkExpr(p.visibleExpr);
        if (found) return found;
        if (p.type !== PropType.Default || sym.isChoice()) continue;
        frame.via = Via.PropExpr;
        found = yield* this.checkExpr(p.expr);
        if (found) return found;
        frame.via = Via.None;
      }
      return null;
    } finally {
      this.stack.pop();
    }
  }

  private *checkChoice(choice: KSymbol): Rec<KSymbol | null> {
    this.stack.push({ sym: choice, prop: null, via: Via.None });
    let found: KSymbol | null = null;
    try {
      for (const m of choice.choiceMembers) m.flags |= SYM_CHECK | SYM_CHECKED;
      choice.flags |= SYM_CHECK | SYM_CHECKED;
      found = yield* this.checkSymbolDeps(choice);
      choice.flags &= ~SYM_CHECK;
      if (!found) {
        for (const m of choice.choiceMembers) {
          found = yield* this.checkSymbolDeps(m);
          if (found) break;
        }
      }
      for (const m of choice.choiceMembers) m.flags &= ~SYM_CHECK;
      if (found && found.isChoiceValue() && found.choice === choice) found = choice;
      return found;
    } finally {
      this.stack.pop();
    }
  }

  /**
   * Null when `sym`'s dependencies are acyclic; otherwise the symbol where
   * the cycle closed. A chain of symbols depending on each other is followed
   * with a stack in the heap (run): it can be any length.
   */
  private *check(sym: KSymbol): Rec<KSymbol | null> {
    if (sym.flags & SYM_CHECK) {
      this.report(sym);
      return sym;
    }
    if (sym.flags & SYM_CHECKED) return null;
    if (sym.isChoiceValue()) {
      this.stack.push({ sym, prop: null, via: Via.None });
      try {
        return (yield this.check(sym.choice!)) as KSymbol | null;
      } finally {
        this.stack.pop();
      }
    }
    if (sym.isChoice()) return yield* this.checkChoice(sym);
    sym.flags |= SYM_CHECK | SYM_CHECKED;
    const found = yield* this.checkSymbolDeps(sym);
    sym.flags &= ~SYM_CHECK;
    return found;
  }
}
