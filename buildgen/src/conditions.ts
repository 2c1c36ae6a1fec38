/**
 * Manifest conditions as Kconfig expressions: parsed once with the engine,
 * evaluated in each image's configuration view. A condition holds when it
 * evaluates to y (m counts as false: there are no modules).
 */
import { calcExpr, forEachExprSymbol, KconfigFatal, walkExpr, type Expr, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import type { Condition, Manifest } from './manifest.js';

export class Conditions {
  private readonly parsed = new Map<Condition, Expr>();
  /** `FILE:LINE: message` for expressions the engine cannot parse. */
  readonly errors: string[] = [];
  /** `FILE:LINE: warning: ...` for symbols the tree does not define (usually typos). */
  readonly warnings: string[] = [];

  constructor(
    private readonly kc: Kconfig,
    manifests: Manifest[],
  ) {
    for (const m of manifests) {
      this.add(m.file, m.enabledIf);
      for (const e of m.entries) for (const c of e.conditions) this.add(m.file, c);
    }
  }

  private add(file: string, c: Condition): void {
    if (this.parsed.has(c)) return;
    const where = `${file}:${c.line}`;
    let e: Expr;
    try {
      e = this.kc.parseExpr(c.text, where);
    } catch (err) {
      if (!(err instanceof KconfigFatal)) throw err;
      this.errors.push(`${where}: invalid expression: ${c.text}`);
      return;
    }
    this.parsed.set(c, e);
    // Left operands only: the right side of a comparison is usually a literal such as `x86_64`.
    walkExpr(e, (x) => {
      const s = x.s1;
      if (s && !s.isDefined && !s.isConst() && s.name !== null) {
        this.warnings.push(`${where}: warning: ${s.name} is not defined by the configuration tree (it counts as n)`);
      }
    });
  }

  /** Evaluates in the configuration the tree holds now. */
  holds(c: Condition): boolean {
    const e = this.parsed.get(c);
    if (!e) throw new Error(`condition at line ${c.line} was not compiled`);
    return calcExpr(e) === 2;
  }

  allHold(cs: Condition[]): boolean {
    return cs.every((c) => this.holds(c));
  }

  /** The symbols the condition names that the tree defines, once each, in order. */
  symbols(c: Condition): KSymbol[] {
    const e = this.parsed.get(c);
    if (!e) throw new Error(`condition at line ${c.line} was not compiled`);
    const out = new Set<KSymbol>();
    forEachExprSymbol(e, (s) => {
      if (s.isDefined && !s.isConst()) out.add(s);
    });
    return [...out];
  }
}
