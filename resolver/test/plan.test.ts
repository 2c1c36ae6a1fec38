/**
 * plan() on small trees, one kind of constraint at a time. Every plan is
 * also re-applied here with the engine alone and the state is checked to be
 * exactly restored afterwards.
 */
import { describe, expect, it } from 'vitest';
import type { Kconfig } from 'kconfig-parser-ts';
import { applyPlan, diagnostics, diagnosticSteps, pickAlternative, plan, userChoices, type PlanResult } from '../src/index.js';
import { changesText, stateOf, sym, tree } from './helpers.js';

/** Plans `name=value`, checks the tree is untouched, applies the plan, checks it took. */
function planAndApply(kc: Kconfig, name: string, value: string): PlanResult {
  const before = stateOf(kc);
  const p = plan(kc, sym(kc, name), value);
  expect(stateOf(kc)).toBe(before);
  if (p.ok) {
    expect(applyPlan(kc, p)).toBe(true);
    kc.clearAllValid();
    expect(sym(kc, name).strValue).toBe(value);
  }
  return p;
}

function okChanges(p: PlanResult): string {
  if (!p.ok) throw new Error(`expected a plan, got: ${p.reason}`);
  return changesText(p.changes);
}

describe('depends on', () => {
  it('enables the dependency chain, dependencies first', () => {
    const kc = tree('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on C\nconfig C\n\tbool "c"\n', '');
    const p = planAndApply(kc, 'A', 'y');
    expect(okChanges(p)).toBe('C=y B=y A=y');
    expect(p.ok && p.smallest).toBe(true);
  });

  it('turns off what a negated dependency names', () => {
    const kc = tree('config A\n\tbool "a"\n\tdepends on !B\nconfig B\n\tbool "b"\n\tdefault y\n', '');
    expect(sym(kc, 'B').strValue).toBe('y');
    expect(okChanges(planAndApply(kc, 'A', 'y'))).toBe('B=n A=y');
  });

  it('says nothing needs to change when the value is already there', () => {
    const kc = tree('config A\n\tbool "a"\n\tdefault y\n', '');
    const p = plan(kc, sym(kc, 'A'), 'y');
    expect(p.ok && p.changes.length).toBe(0);
  });

  it('reports a dependency on an undefined symbol as impossible, naming it and its place', () => {
    const kc = tree('config A\n\tbool "a"\n\tdepends on ARM && B\nconfig B\n\tbool "b"\n', '');
    const p = plan(kc, sym(kc, 'A'), 'y');
    expect(p.ok).toBe(false);
    if (p.ok || !('impossible' in p)) throw new Error('expected impossible');
    expect(p.reason).toMatch(/A can never be y/);
    expect(p.blocking).toEqual([{ file: 'Kconfig', line: 1, text: 'depends on ARM (ARM is not defined in this tree)' }]);
  });

  it('proves contradictions that no single term shows (solver, not the value sets)', () => {
    // B and C are each free, but C needs !B while A needs both.
    const kc = tree('config A\n\tbool "a"\n\tdepends on B && C\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\n\tdepends on !B\n', '');
    const p = plan(kc, sym(kc, 'A'), 'y');
    expect(p.ok === false && 'impossible' in p).toBe(true);
  });
});

describe('tristate and m', () => {
  const MOD = 'config MODULES\n\tbool "modules"\n\tmodules\n';
  it('raises an m dependency to y for y, leaves it for m', () => {
    const kc = tree(`${MOD}config A\n\ttristate "a"\n\tdepends on B\nconfig B\n\ttristate "b"\n`, 'CONFIG_MODULES=y\nCONFIG_B=m\n');
    expect(okChanges(planAndApply(kc, 'A', 'm'))).toBe('A=m');
    const kc2 = tree(`${MOD}config A\n\ttristate "a"\n\tdepends on B\nconfig B\n\ttristate "b"\n`, 'CONFIG_MODULES=y\nCONFIG_B=m\n');
    expect(okChanges(planAndApply(kc2, 'A', 'y'))).toBe('B=y A=y');
  });

  it('turns MODULES on for m', () => {
    const kc = tree(`${MOD}config A\n\ttristate "a"\n`, '# CONFIG_MODULES is not set\n');
    expect(okChanges(planAndApply(kc, 'A', 'm'))).toBe('MODULES=y A=m');
  });

  it('refuses m for a bool', () => {
    const kc = tree(`${MOD}config A\n\tbool "a"\n`, 'CONFIG_MODULES=y\n');
    const p = plan(kc, sym(kc, 'A'), 'm');
    expect(p.ok === false && 'impossible' in p && p.reason).toBe('A is a bool: m is not a possible value');
  });

  it('a symbol that depends on m can never be y', () => {
    const kc = tree(`${MOD}config A\n\ttristate "a"\n\tdepends on m\n`, 'CONFIG_MODULES=y\n');
    const p = plan(kc, sym(kc, 'A'), 'y');
    expect(p.ok === false && 'impossible' in p).toBe(true);
  });

  it('removes a user value when only the default can give the value', () => {
    // The prompt shows only up to m (P is m), but the default gives y when there is no user value.
    const kc = tree(
      `${MOD}config P\n\ttristate "p"\nconfig T\n\ttristate "t" if P\n\tdefault y\n`,
      'CONFIG_MODULES=y\nCONFIG_P=m\nCONFIG_T=m\n',
    );
    expect(sym(kc, 'T').strValue).toBe('m');
    const p = planAndApply(kc, 'T', 'y');
    expect(okChanges(p)).toBe('T=default');
  });
});

describe('select and imply', () => {
  it('uses a select to raise a symbol without a prompt', () => {
    const kc = tree('config X\n\tbool "x"\n\tselect Y\nconfig Y\n\tbool\n', '');
    expect(okChanges(planAndApply(kc, 'Y', 'y'))).toBe('X=y');
  });

  it('select overrides dependencies; turning it off means disabling the selector', () => {
    const kc = tree(
      'config X\n\tbool "x"\n\tselect Y\nconfig Y\n\tbool "y"\n\tdepends on Z\nconfig Z\n\tbool "z"\n',
      'CONFIG_X=y\n',
    );
    expect(sym(kc, 'Y').strValue).toBe('y');
    expect(okChanges(planAndApply(kc, 'Y', 'n'))).toBe('X=n');
  });

  it('a symbol selected by something that cannot change cannot be turned off', () => {
    const kc = tree('config X\n\tdef_bool y\n\tselect Y\nconfig Y\n\tbool "y"\n', '');
    const p = plan(kc, sym(kc, 'Y'), 'n');
    if (p.ok || !('impossible' in p)) throw new Error('expected impossible');
    expect(p.blocking[0].text).toMatch(/^selected by X/);
    expect(p.blocking[0].line).toBe(3);
  });

  it('imply raises a symbol that has no user value', () => {
    const kc = tree('config X\n\tbool "x"\n\timply Y\nconfig Y\n\tbool\n\tdepends on W\nconfig W\n\tbool "w"\n\tdefault y\n', '');
    expect(okChanges(planAndApply(kc, 'Y', 'y'))).toBe('X=y');
  });

  it('prefers a direct change to an unrelated selector when both are as small', () => {
    const kc = tree(
      'config T\n\tbool "t"\n\tdepends on CORE\nconfig CORE\n\tbool "core"\nconfig DRIVER\n\tbool "driver"\n\tselect CORE\n',
      '',
    );
    expect(okChanges(planAndApply(kc, 'T', 'y'))).toBe('CORE=y T=y');
  });

  it('finds a shared selector when it is strictly smaller', () => {
    const kc = tree(
      'config T\n\tbool "t"\n\tdepends on A && B && C\nconfig A\n\tbool "a"\n\tdepends on Q\nconfig B\n\tbool "b"\n\tdepends on Q\nconfig C\n\tbool "c"\n\tdepends on Q\nconfig Q\n\tbool "q"\nconfig S\n\tbool "s"\n\tselect A\n\tselect B\n\tselect C\n',
      '',
    );
    expect(okChanges(planAndApply(kc, 'T', 'y'))).toBe('S=y T=y');
  });
});

describe('choices', () => {
  const CHOICE =
    'config D\n\tbool "d"\nchoice\n\tprompt "pick"\n\tdefault C1\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\n\tdepends on D\nconfig C3\n\tbool "c3"\nendchoice\n';

  it('picks a hidden member after meeting its dependencies', () => {
    const kc = tree(CHOICE, '');
    expect(sym(kc, 'C1').strValue).toBe('y');
    expect(okChanges(planAndApply(kc, 'C2', 'y'))).toBe('D=y C2=y');
  });

  it('turns a member off by picking another one', () => {
    const kc = tree(CHOICE, '');
    const p = planAndApply(kc, 'C1', 'n');
    expect(okChanges(p)).toBe('C3=y');
  });

  it('the only visible member of a choice cannot be turned off', () => {
    const kc = tree('choice\n\tprompt "pick"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\n\tdepends on NOPE\nendchoice\n', '');
    const p = plan(kc, sym(kc, 'C1'), 'n');
    expect(p.ok === false && 'impossible' in p).toBe(true);
  });
});

describe('menus, ifs and multiple definitions', () => {
  it('meets the dependencies of the enclosing menu and if block', () => {
    const kc = tree(
      'config MM\n\tbool "mm"\nconfig IFDEP\n\tbool "ifdep"\nmenu "M"\n\tdepends on MM\nif IFDEP\nconfig A\n\tbool "a"\nendif\nendmenu\n',
      '',
    );
    expect(okChanges(planAndApply(kc, 'A', 'y'))).toBe('MM=y IFDEP=y A=y');
  });

  it('visible if limits the prompt only', () => {
    const kc = tree('config V\n\tbool "v"\nmenu "M"\n\tvisible if V\nconfig A\n\tbool "a"\nendmenu\n', '');
    expect(okChanges(planAndApply(kc, 'A', 'y'))).toBe('V=y A=y');
  });

  it('a symbol defined twice can be reached through either definition', () => {
    const kc = tree(
      {
        Kconfig: 'config A\n\tbool "a"\n\tdepends on P\nconfig P\n\tbool "p"\n\tdepends on PP\nconfig PP\n\tbool "pp"\nsource "other/Kconfig"\n',
        'other/Kconfig': 'config A\n\tbool "a too"\n\tdepends on Q\nconfig Q\n\tbool "q"\n',
      },
      '',
    );
    // Through Q: one change fewer than through P (which needs PP too).
    expect(okChanges(planAndApply(kc, 'A', 'y'))).toBe('Q=y A=y');
  });
});

describe('values of other types and bad requests', () => {
  it('makes an int prompt visible, then sets it within its range', () => {
    const kc = tree('config E\n\tbool "e"\nconfig N\n\tint "n"\n\tdepends on E\n\trange 1 10\n\tdefault 5\n', '');
    expect(okChanges(planAndApply(kc, 'N', '7'))).toBe('E=y N=7');
  });

  it('reports a needed change of an int value as beyond plans, naming it', () => {
    const kc = tree('config N\n\tint "n"\n\tdefault 2\nconfig A\n\tbool "a"\n\tdepends on N > 4\n', '');
    const p = plan(kc, sym(kc, 'A'), 'y');
    if (p.ok || !('tooComplex' in p)) throw new Error('expected too complex');
    expect(p.reason).toContain('N > 4');
    expect(p.reason).toContain('set N yourself');
  });

  it('rejects values of the wrong type', () => {
    const kc = tree('config A\n\tbool "a"\nconfig N\n\tint "n"\n', '');
    for (const [name, v] of [
      ['A', 'yes'],
      ['N', 'abc'],
    ]) {
      const p = plan(kc, sym(kc, name), v);
      expect(p.ok === false && 'impossible' in p && p.reason).toMatch(/is not a valid/);
    }
  });

  it('gives up with an honest "too complex" past its time limit', () => {
    const kc = tree('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n', '');
    const p = plan(kc, sym(kc, 'A'), 'y', { timeoutMs: -1 });
    if (p.ok || !('tooComplex' in p)) throw new Error('expected too complex');
    expect(p.reason).toMatch(/too complex to plan A=y.*depends on B/);
  });
});

describe('ranges of int and hex goals', () => {
  it('refuses a value outside the only range, naming the range', () => {
    const kc = tree('config L\n\tint "l"\n\trange 1 5\n\tdefault 3\n', '');
    const p = plan(kc, sym(kc, 'L'), '9');
    if (p.ok || !('impossible' in p)) throw new Error('expected impossible');
    expect(p.reason).toBe('9 is out of range: L must be within 1..5');
    expect(p.blocking).toEqual([{ file: 'Kconfig', line: 3, text: 'range 1 5' }]);
    expect(okChanges(planAndApply(kc, 'L', '5'))).toBe('L=5');
  });

  it('refuses a value no range admits where the ranges follow the dependencies', () => {
    const kc = tree('config E\n\tbool "e"\nconfig L\n\tint "l"\n\tdepends on E\n\trange 1 5\n\tdefault 3\n', 'CONFIG_E=y\n');
    const p = plan(kc, sym(kc, 'L'), '9');
    if (p.ok || !('impossible' in p)) throw new Error('expected impossible');
    expect(p.reason).toBe('9 is out of range: L must be within 1..5');
  });

  it('puts a conditional range out of force when another one admits the value', () => {
    const kc = tree('config BIG\n\tbool "big"\nconfig L\n\thex "l"\n\trange 0x1 0x5 if !BIG\n\trange 0x1 0x100\n\tdefault 0x3\n', '');
    expect(okChanges(planAndApply(kc, 'L', '0x50'))).toBe('BIG=y L=0x50');
    const p = plan(kc, sym(kc, 'L'), '0x500');
    expect(p.ok === false && 'impossible' in p && p.reason).toBe('0x500 is out of range: L must be within 0x1..0x5 or 0x1..0x100');
  });
});

describe('plans users accept: ranking by what the user chose', () => {
  // U is y by default; the user set it to n (a minimal configuration keeps that).
  const TREE = 'config U\n\tbool "u"\n\tdefault y\nconfig T\n\tbool "t"\n\tdepends on U || (P && Q)\nconfig P\n\tbool "p"\nconfig Q\n\tbool "q"\n';

  it('prefers more changes to changing a value the user chose, and offers the other plan marked', () => {
    const kc = tree(TREE, '# CONFIG_U is not set\n');
    const p = plan(kc, sym(kc, 'T'), 'y', { alternatives: 3 });
    if (!p.ok) throw new Error(p.reason);
    expect(changesText(p.changes)).toBe('P=y Q=y T=y');
    expect(p.overrides).toEqual([]);
    expect(p.alternatives.map((a) => changesText(a.changes))).toEqual(['P=y Q=y T=y', 'U=y T=y']);
    expect(p.alternatives[1].overrides.map((o) => [o.symbol.name, o.kind, o.from, o.to])).toEqual([['U', 'value', 'n', 'y']]);
    // Where U is not the user's (no .config), the shorter plan comes first.
    const free = tree(TREE.replace('default y', 'default n'), '');
    expect(okChanges(planAndApply(free, 'T', 'y'))).toBe('U=y T=y');
  });

  // U is y by default; T needs it off, or P and Q.
  const TREE2 = 'config U\n\tbool "u"\n\tdefault y\nconfig T\n\tbool "t"\n\tdepends on !U || (P && Q)\nconfig P\n\tbool "p"\nconfig Q\n\tbool "q"\n';

  it('counts the values set in the session as chosen, even where they equal a default', () => {
    const kc = tree(TREE2, '');
    expect(okChanges(plan(kc, sym(kc, 'T'), 'y'))).toBe('U=n T=y');
    // The user set U=y in this session (the menu's changes): the minimal configuration does not keep it, the session does.
    expect(sym(kc, 'U').setValue('y')).toBe(true);
    expect(okChanges(plan(kc, sym(kc, 'T'), 'y'))).toBe('U=n T=y');
    expect(okChanges(plan(kc, sym(kc, 'T'), 'y', { choices: userChoices(kc, [sym(kc, 'U')]) }))).toBe('P=y Q=y T=y');
  });

  it('changing the answer of a choice weighs more than changing several chosen values', () => {
    const text =
      'choice\n\tprompt "arch"\nconfig A1\n\tbool "a1"\nconfig A2\n\tbool "a2"\nendchoice\nconfig V\n\tbool "v"\nconfig W\n\tbool "w"\nconfig T\n\tbool "t"\n\tdepends on A2 || (!V && !W)\n';
    const kc = tree(text, 'CONFIG_V=y\nCONFIG_W=y\n');
    const p = plan(kc, sym(kc, 'T'), 'y', { alternatives: 3 });
    if (!p.ok) throw new Error(p.reason);
    expect(p.alternatives.map((a) => changesText(a.changes))).toEqual(['V=n W=n T=y', 'A2=y T=y']);
    expect(p.alternatives.map((a) => a.overrides.map((o) => `${o.kind}:${o.from}->${o.to}`))).toEqual([['value:y->n', 'value:y->n'], ['choice:A1->A2']]);
  });

  it('--keep: a kept value never changes; keeping what every plan needs makes the request impossible', () => {
    const kc = tree(TREE2, '');
    const p = plan(kc, sym(kc, 'T'), 'y', { keep: [sym(kc, 'U')], alternatives: 3 });
    expect(p.ok && p.alternatives.map((a) => changesText(a.changes))).toEqual(['P=y Q=y T=y']);
    const none = plan(kc, sym(kc, 'T'), 'y', { keep: [sym(kc, 'U'), sym(kc, 'P')] });
    if (none.ok || !('impossible' in none)) throw new Error('expected impossible');
    expect(none.reason).toBe('no plan gives T=y without changing what is kept (U, P)');
  });

  it('alternatives hold none of an earlier plan as a whole, and come cheapest first', () => {
    const kc = tree('config T\n\tbool "t"\n\tdepends on A || (B && C) || D\nconfig A\n\tbool "a"\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\nconfig D\n\tbool "d"\n', '');
    const p = plan(kc, sym(kc, 'T'), 'y', { alternatives: 5 });
    if (!p.ok) throw new Error(p.reason);
    const plans = p.alternatives.map((a) => changesText(a.changes));
    expect(plans).toHaveLength(3);
    expect(plans[2]).toBe('B=y C=y T=y');
    expect(new Set(plans.slice(0, 2))).toEqual(new Set(['A=y T=y', 'D=y T=y']));
    for (const a of p.alternatives) {
      expect(applyPlan(kc, pickAlternative(p, p.alternatives.indexOf(a)))).toBe(true);
      kc.readConfig('/dev/null');
    }
  });
});

describe('diagnostics in steps', () => {
  it('give the same findings as diagnostics(), in the same order', () => {
    const kc = tree(
      'config S\n\tbool "s"\n\tselect A\nconfig A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\n\tdepends on B\nchoice\n\tprompt "p"\nconfig P1\n\tbool "p1"\nconfig P2\n\tbool "p2"\n\tdepends on B\nendchoice\n',
      'CONFIG_S=y\nCONFIG_C=y\nCONFIG_P2=y\n',
    );
    const all = diagnostics(kc, { maxPlans: 0 });
    expect(all.map((d) => d.kind)).toEqual(['unmet-dependency', 'choice-conflict', 'not-taken']);
    const steps = diagnosticSteps(kc, { maxPlans: 0 });
    let r = steps.next();
    while (!r.done) r = steps.next();
    expect(r.value).toEqual(all);
  });
});
