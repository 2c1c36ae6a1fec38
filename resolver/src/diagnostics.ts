/**
 * Diagnostics of a loaded and configured tree, for every front end: unmet
 * direct dependencies (with conf's exact warning text as well), requested
 * values that did not take, choice conflicts, references to undefined
 * symbols; and recursive dependency chains from a tree that failed to load.
 * Each says what to do about it where there is something to do.
 */
import {
  ExprType,
  exprValueString,
  forEachExprSymbol,
  KconfigFatal,
  quietly,
  settleModules,
  shortfall,
  unmetDependency,
  unmetDependencies as engineUnmetDependencies,
  type Expr,
  type Kconfig,
  type KSymbol,
  type UnmetDependency,
} from 'kconfig-parser-ts';
import { plan } from './plan.js';
import { userChoices, type UserChoices } from './user-choices.js';
import { formatPlanInline } from './render.js';

export type DiagnosticKind = 'unmet-dependency' | 'recursive-dependency' | 'not-taken' | 'choice-conflict' | 'undefined-symbol';

export interface ResolverDiagnostic {
  kind: DiagnosticKind;
  symbol: string | null;
  file: string | null;
  line: number | null;
  message: string;
  fix?: string;
  /** For unmet dependencies: the warning exactly as Linux 6.1 conf prints it. */
  confText?: string;
}

export interface DiagnosticsOptions {
  /** Plans offered as fixes for values that did not take (each bounded in time); default 20. */
  maxPlans?: number;
  /** Time limit of each of those plans, in ms (default 300). */
  planTimeoutMs?: number;
  /** Report symbols that the tree references but never defines (default true). */
  undefinedReferences?: boolean;
}

export function diagnostics(kc: Kconfig, opts: DiagnosticsOptions = {}): ResolverDiagnostic[] {
  const steps = diagnosticSteps(kc, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Work done in one step of diagnosticSteps before it yields (ms). */
const STEP_MS = 3;

/**
 * diagnostics() in steps, for a front end that must answer keys while it
 * works: each step (a `next()`) takes about STEP_MS on any tree, the last
 * returns the same list diagnostics() gives. The configuration must not
 * change between steps: a caller that changes it starts again.
 */
export function* diagnosticSteps(kc: Kconfig, opts: DiagnosticsOptions = {}): Generator<void, ResolverDiagnostic[], void> {
  const budget: PlanBudget = { plans: opts.maxPlans ?? 20, timeoutMs: opts.planTimeoutMs ?? 300 };
  const symbols = kc.definedSymbols();
  let stepStart = performance.now();
  const due = (i: number) => (i & 15) === 15 && performance.now() - stepStart > STEP_MS;
  // Evaluation here may print conf's own warnings: they are what these findings replace.
  const unmet: ResolverDiagnostic[] = [];
  quietly(kc, () => settleModules(kc));
  for (let i = 0; i < symbols.length; i++) {
    const u = quietly(kc, () => unmetDependency(symbols[i]));
    if (u) unmet.push(unmetDiagnostic(u));
    if (due(i)) {
      yield;
      stepStart = performance.now();
    }
  }
  const out = [...unmet, ...choiceConflicts(kc)];
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    // Only values the user gave: conf's answered mark on a hidden menu symbol is none.
    if (s.userGiven() && !s.choice) {
      const d = notTaken(kc, s, s.userValue!, budget);
      if (d) out.push(d);
    }
    if (due(i)) {
      yield;
      stepStart = performance.now();
    }
  }
  if (opts.undefinedReferences ?? true) out.push(...undefinedReferences(kc));
  return out;
}

/** Every symbol forced by select beyond its dependencies, with conf's warning and a fix. */
export function unmetDependencies(kc: Kconfig): ResolverDiagnostic[] {
  return engineUnmetDependencies(kc).map(unmetDiagnostic);
}

function location(s: KSymbol): { file: string | null; line: number | null } {
  const l = s.locations[0];
  return { file: l?.file ?? null, line: l?.line ?? null };
}

function unmetDiagnostic(u: UnmetDependency): ResolverDiagnostic {
  const s = u.symbol;
  const name = s.name!;
  const by = u.selectors.map((r) => `${r.symbol.name} [=${r.symbol.strValue}]`);
  const deps = u.unmetTerms.map((t) => exprValueString(t)).join(' && ') || exprValueString(s.dirDep);
  const enable = new Set<string>();
  for (const t of u.unmetTerms) if (t.type === ExprType.Symbol && t.s1 && !t.s1.isConst()) enable.add(t.s1.name!);
  const fix =
    (enable.size ? `enable ${[...enable].join(', ')} (ukconfig enable ${[...enable][0]}), or ` : 'meet its dependencies, or ') +
    `stop selecting it: disable ${u.selectors.map((r) => r.symbol.name).join(', ') || 'its selectors'}` +
    ` (ukconfig disable ${name} plans that)`;
  return {
    kind: 'unmet-dependency',
    symbol: name,
    ...location(s),
    message: `${name} is ${s.strValue} because ${by.join(', ')} select${by.length === 1 ? 's' : ''} it, but its dependencies are not met: ${deps}`,
    fix,
    confText: u.warning,
  };
}

/** A requested value (`asked`) that the symbol does not have; `fix` offers a plan when one exists. */
/** How many plans the diagnostics may still make, and how long each may take. */
export interface PlanBudget {
  plans: number;
  timeoutMs: number;
  /** What the user chose, worked out once for all the plans (the configuration does not change in between). */
  choices?: UserChoices;
}

export function notTaken(kc: Kconfig, s: KSymbol, asked: string, budget: PlanBudget, where?: { file: string; line: number }): ResolverDiagnostic | null {
  const short = shortfall(kc, s.name!, asked, true);
  if (!short) return null;
  const name = s.name!;
  const loc = where ?? location(s);
  let fix: string | undefined;
  if (s.isDefined && budget.plans > 0) {
    budget.plans--;
    budget.choices ??= userChoices(kc);
    const p = plan(kc, s, short.asked, { timeoutMs: budget.timeoutMs, choices: budget.choices });
    if (p.ok) fix = `set ${formatPlanInline(p.changes)}`;
    else if ('impossible' in p) fix = `not possible: ${p.reason}`;
  }
  if (!fix && s.isDefined) fix = `run: ukconfig enable ${name}=${short.asked}`;
  return {
    kind: s.isDefined ? 'not-taken' : 'undefined-symbol',
    symbol: name,
    file: loc.file,
    line: loc.line,
    message: `${name}=${short.asked} did not take (it is ${short.got ?? 'undefined'}): ${short.reasons.join('; ')}`,
    ...(fix ? { fix } : {}),
  };
}

/** Several members of one choice asked for y, or the chosen member hidden. */
export function choiceConflicts(kc: Kconfig): ResolverDiagnostic[] {
  const out: ResolverDiagnostic[] = [];
  for (const c of kc.choices()) {
    if (c.triValue !== 2) continue;
    const picked = c.selection;
    const asked = c.choiceMembers.filter((m) => m.userTri === 2);
    const node = c.nodes[0];
    const title = `choice "${node?.promptText ?? c.name ?? ''}"`;
    const loc = { file: node?.file.name ?? null, line: node?.lineno ?? null };
    const losers = asked.filter((m) => m !== picked);
    if (losers.length === 0) continue;
    if (asked.length > 1) {
      out.push({
        kind: 'choice-conflict',
        symbol: picked?.name ?? null,
        ...loc,
        message: `${title}: ${asked.map((m) => m.name).join(' and ')} are all set to y; only one member can be: ${picked?.name ?? 'none'} is used`,
        fix: `keep one of them: set the others to n`,
      });
    } else {
      const m = losers[0];
      out.push({
        kind: 'choice-conflict',
        symbol: m.name,
        ...loc,
        message: `${title}: ${m.name} is chosen but ${m.visibility === 0 ? 'hidden' : 'not used'}; ${picked?.name ?? 'no member'} is used instead`,
        fix: `ukconfig enable ${m.name} plans what ${m.name} needs`,
      });
    }
  }
  return out;
}

/** Symbols the tree uses but never defines (they are always n), each at its first use. */
export function undefinedReferences(kc: Kconfig): ResolverDiagnostic[] {
  const seen = new Map<KSymbol, ResolverDiagnostic>();
  kc.walkMenu((node) => {
    const exprs: (Expr | null)[] = [];
    if (node.sym) {
      for (const p of node.sym.props) if (p.menu === node) exprs.push(p.visibleExpr, p.expr);
    } else if (node.prompt) exprs.push(node.prompt.visibleExpr);
    exprs.push(node.dep);
    for (const e of exprs)
      forEachExprSymbol(e, (s) => {
        if (s.isConst() || s.isDefined || s.isChoice() || seen.has(s) || s.name === null) return;
        seen.set(s, {
          kind: 'undefined-symbol',
          symbol: s.name,
          file: node.file.name,
          line: node.lineno,
          message: `${s.name} is used but not defined in this tree: it is always n`,
          fix: `define ${s.name}, or check the spelling`,
        });
      });
  });
  return [...seen.values()];
}

/** How to break a dependency cycle, from the kinds of its links (conf's step texts). */
function cycleFix(steps: string[]): string {
  if (steps.some((t) => / is (selected|implied) by /.test(t))) {
    return 'break the cycle: a symbol cannot depend, directly or through the chain, on a symbol that selects it; replace one `select` by `depends on`, or drop one of the dependencies';
  }
  if (steps.some((t) => / choice /.test(t))) {
    return 'break the cycle: a member of a choice cannot depend, directly or through the chain, on the choice itself or on another of its members; move the dependency to the choice, or drop it';
  }
  return 'break the cycle: the symbols depend on each other (through `depends on`, `if` blocks, prompt conditions or defaults); drop or change one of these dependencies';
}

/**
 * Diagnostics for a tree that failed to load: each recursive dependency
 * chain as one entry (the failure's text holds them all; `printed`, what
 * the load printed, serves when it is empty).
 */
export function loadFailureDiagnostics(e: KconfigFatal, printed = ''): ResolverDiagnostic[] {
  const text = e.text || printed;
  if (!text.includes('recursive dependency detected')) return [];
  const out: ResolverDiagnostic[] = [];
  const blocks = text.split(/(?=^[^\n]*:error: recursive dependency detected!$)/m);
  for (const b of blocks) {
    const head = /^(.*):(\d+):error: recursive dependency detected!$/m.exec(b);
    if (!head) continue;
    const steps = [...b.matchAll(/^.*:\d+:\t(.*)$/gm)].map((m) => m[1]);
    const first = /symbol (\S+)|choice (\S+)/.exec(steps[0] ?? '');
    out.push({
      kind: 'recursive-dependency',
      symbol: first ? first[1] ?? first[2] : null,
      file: head[1],
      line: Number(head[2]),
      message: `recursive dependency: ${steps.join(', ')}`,
      fix: cycleFix(steps),
    });
  }
  return out;
}
