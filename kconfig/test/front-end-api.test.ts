/**
 * The part of the engine's API written for front ends (docs/kconfig-api.md,
 * "For front ends"): each checked against what the engine itself does, so
 * that a front end using it sees exactly conf's behaviour.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as published from 'kconfig-parser-ts';
import {
  andTerms,
  Expr,
  ExprType,
  exprToString,
  forEachExprSymbol,
  loadKconfig,
  orTerms,
  quietly,
  readHeader,
  trial,
  unmetDependencies,
  walkExpr,
  type Kconfig,
  type KSymbol,
} from '../src/index.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TREE = `mainmenu "Front ends"
config MODULES
	bool "modules"
	modules
	default y
config A
	bool "a"
config B
	tristate "b"
	depends on A
config C
	tristate "c"
	depends on B
config D
	bool "d"
	select C
config E
	string "e"
	default "say \\"hi\\""
config F
	hex "f"
	default 1f
config G
	int "g"
	range 0 10
	default 4
menuconfig M
	bool "a menu"
choice
	prompt "pick"
	default P2
config P1
	bool "p1"
config P2
	bool "p2"
endchoice
choice
	tristate "modes"
config Q1
	tristate "q1"
config Q2
	tristate "q2"
endchoice
`;

function load(opts: { config?: string; env?: Record<string, string>; incremental?: boolean; out?: { stdout(t: string): void; stderr(t: string): void } } = {}): Kconfig {
  const dir = mkdtempSync(join(tmpdir(), 'kconfig-api-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Kconfig'), TREE);
  const kc = loadKconfig('Kconfig', {
    cwd: dir,
    env: { UKCONFIG_CACHE: '0', ...opts.env },
    incremental: opts.incremental,
    output: opts.out ?? { stdout: () => {}, stderr: () => {} },
  });
  if (opts.config !== undefined) {
    writeFileSync(join(dir, '.config'), opts.config);
    expect(kc.readConfig('.config')).toBe(true);
  }
  return kc;
}

/** Every value and user value, to compare before and after. */
function state(kc: Kconfig): string {
  return kc
    .allSymbols()
    .map((s) => `${s.name}=${s.strValue} v${s.visibility} u${s.userValue} ${s.hasValue()} ${s.userSelection?.name ?? '-'}`)
    .join('\n');
}

describe('enums', () => {
  it('exist at run time in the published package, with the values the engine uses', () => {
    const kc = load();
    expect(published.ExprType.And).toBe(kc.parseExpr('A && B').type);
    expect(published.ExprType[published.ExprType.Or]).toBe('Or');
    expect(published.PropType.Menu).toBe(kc.symbol('M')!.nodes[0].prompt!.type);
    expect(published.PropType[kc.symbol('A')!.nodes[0].prompt!.type]).toBe('Prompt');
    expect(published.SymbolType[kc.symbol('B')!.type]).toBe('Tristate');
  });
});

describe('expressions', () => {
  it('splits && and || chains into their terms, left to right', () => {
    const kc = load();
    const e = kc.parseExpr('A && (B || !C) && F=1f');
    expect(andTerms(e).map(exprToString)).toEqual(['A', 'B || !C', 'F=1f']);
    expect(orTerms(andTerms(e)[1]).map(exprToString)).toEqual(['B', '!C']);
    expect(andTerms(kc.parseExpr('A || B')).map(exprToString)).toEqual(['A || B']);
    expect(andTerms(null)).toEqual([]);
  });

  it('reads a comparison at the start of an expression (not as a variable assignment)', () => {
    const kc = load();
    expect(exprToString(kc.parseExpr('F=1f'))).toBe('F=1f');
    expect(exprToString(kc.parseExpr('A = y && B != n'))).toBe('A=y && B!=n');
  });

  it('walks nodes in order, names symbols left to right, and prunes where told', () => {
    const kc = load();
    const e = kc.parseExpr('A && (B || !C) && F=1f');
    const names: string[] = [];
    forEachExprSymbol(e, (s) => names.push(s.name!));
    expect(names).toEqual(['A', 'B', 'C', 'F', '1f']);
    const kept: string[] = [];
    walkExpr(e, (x) => {
      if (x.type === ExprType.Or) return false;
      if (x.s1) kept.push(exprToString(x));
    });
    expect(kept).toEqual(['A', 'F=1f']);
  });

  it('handles chains far deeper than the call stack', () => {
    const kc = load();
    const a = kc.symbol('A')!;
    let e = kc.parseExpr('A');
    for (let i = 0; i < 200_000; i++) {
      const and = new Expr(ExprType.And);
      and.l = e;
      and.r = kc.parseExpr('A');
      e = and;
    }
    expect(andTerms(e)).toHaveLength(200_001);
    let n = 0;
    forEachExprSymbol(e, (s) => void (n += s === a ? 1 : 0));
    expect(n).toBe(200_001);
  });
});

describe('the next value of a toggle', () => {
  it('is what toggling sets, for every bool and tristate in every starting state', () => {
    const configs = ['', 'CONFIG_A=y\nCONFIG_B=m\n', 'CONFIG_A=y\nCONFIG_D=y\n', '# CONFIG_MODULES is not set\nCONFIG_A=y\nCONFIG_B=y\n', 'CONFIG_Q1=m\nCONFIG_Q2=m\n'];
    let checked = 0;
    for (const config of configs) {
      const names = load({ config }).allSymbols().filter((s) => s.isLogical() && s.name && !s.isConst()).map((s) => s.name!);
      for (const name of names) {
        const kc = load({ config });
        const s = kc.symbol(name)!;
        const before = s.triValue;
        const next = s.nextToggleValue();
        expect(s.toggleTristateValue(), `${name} in ${JSON.stringify(config)}`).toBe(next ?? before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});

describe('unmet dependencies', () => {
  it("are the symbols conf warns about, with conf's words, and finding them prints and counts nothing", () => {
    let printed = '';
    // Reading the configuration computes every value, as conf does: C's warning is printed then.
    const kc = load({ config: 'CONFIG_D=y\n', out: { stdout: () => {}, stderr: (t) => void (printed += t) } });
    const confPrinted = printed;
    const counts = [kc.symWarnings, kc.diagnostics.length];
    const found = unmetDependencies(kc);
    expect(printed).toBe(confPrinted);
    expect([kc.symWarnings, kc.diagnostics.length]).toEqual(counts);
    expect(found.map((u) => u.symbol.name)).toEqual(['C']);
    const [c] = found;
    expect([c.allowed, c.forced]).toEqual([0, 2]);
    expect(c.unmetTerms.map(exprToString)).toEqual(['B']);
    expect(c.selectors.map((r) => r.symbol.name)).toEqual(['D']);
    expect(confPrinted).toBe(`\n${c.warning}`);
  });

  it('none when the dependencies hold', () => {
    expect(unmetDependencies(load({ config: 'CONFIG_A=y\nCONFIG_B=y\nCONFIG_D=y\n' }))).toEqual([]);
  });
});

describe('the C header', () => {
  it("is autoconf.h's text, prefix setting included", () => {
    for (const p of ['CONFIG_', 'UK_']) {
      const config = ['A=y', 'B=m', 'D=y', 'G=7'].map((a) => p + a + '\n').join('');
      const kc = load({ config, env: { CONFIG_: p, KCONFIG_AUTOHEADER: 'autoconf.h', KCONFIG_AUTOCONFIG: 'auto.conf' } });
      const text = kc.headerText();
      expect(kc.writeAutoconf()).toBe(true);
      expect(text).toBe(readFileSync(join(kc.cwd, 'autoconf.h'), 'latin1'));
      expect(text).toContain(`#define ${p}B_MODULE 1\n`);
      expect(text).toContain(`#define ${p}E "say \\"hi\\""\n`);
      expect(text).toContain(`#define ${p}F 0x1f\n`);
      expect(text).toContain(`#define ${p}G 7\n`);
      expect(text).not.toContain(`${p}M `);
    }
  });

  it('reads back as the values it was written from (readHeader)', () => {
    for (const p of ['CONFIG_', 'UK_']) {
      const config = ['A=y', 'B=m', 'D=y', 'G=7', 'E="a \\\\ b \\"c\\""'].map((a) => p + a + '\n').join('');
      const kc = load({ config, env: { CONFIG_: p } });
      const text = kc.headerText() + `#define ${p}X\n#define OTHER_Y 1\n`;
      const values = readHeader(text, p);
      expect(kc.symbol('E')!.strValue).toBe('a \\ b "c"');
      expect(Object.fromEntries(values)).toEqual({ MODULES: '1', A: '1', B_MODULE: '1', C: '1', D: '1', E: 'a \\ b "c"', F: '0x1f', G: '7', P2: '1' });
    }
  });
});

describe('trials', () => {
  for (const incremental of [false, true]) {
    it(`put back every user value, the changed flag and the warnings (${incremental ? 'incremental' : 'conf-style'} tree)`, () => {
      const out = { stdout: () => {}, stderr: (t: string) => void (printed += t) };
      let printed = '';
      const kc = load({ config: 'CONFIG_A=y\nCONFIG_P1=y\nCONFIG_Q1=m\n', incremental, out });
      const before = state(kc);
      const changed = kc.changed;
      const counts = [kc.symWarnings, kc.diagnostics.length];
      printed = '';
      const seen = trial(kc, (snap) => {
        for (const [name, value] of [['A', 'n'], ['D', 'y'], ['P2', 'y'], ['Q2', 'm'], ['G', '9'], ['E', 'x']]) {
          const s = kc.symbol(name)!;
          snap.keep(s);
          expect(s.setValue(value), name).toBe(true);
        }
        kc.configText(); // recomputes everything: prints C's unmet-dependency warning, were it not silenced
        return state(kc);
      });
      expect(seen).not.toBe(before);
      expect(state(kc)).toBe(before);
      expect(kc.changed).toBe(changed);
      expect([kc.symWarnings, kc.diagnostics.length]).toEqual(counts);
      expect(printed).toBe('');
    });
  }

  it('quietly keeps what it runs from printing and counting warnings', () => {
    let printed = '';
    const kc = load({ out: { stdout: () => {}, stderr: (t) => void (printed += t) } });
    writeFileSync(join(kc.cwd, '.config'), 'CONFIG_D=y\n');
    const counts = [kc.symWarnings, kc.diagnostics.length];
    expect(quietly(kc, () => kc.readConfig('.config'))).toBe(true);
    expect(printed).toBe('');
    expect([kc.symWarnings, kc.diagnostics.length]).toEqual(counts);
    expect(kc.readConfig('.config')).toBe(true);
    expect(printed).toContain('unmet direct dependencies detected for C');
    expect(kc.symWarnings).toBe(counts[0] + 1);
  });
});

describe('user values and choices', () => {
  it('reads the user tristate, the user pick and the selection', () => {
    const kc = load({ config: 'CONFIG_A=y\nCONFIG_P1=y\n' });
    const a = kc.symbol('A')!;
    const p1 = kc.symbol('P1')!;
    const pick: KSymbol = p1.choice!;
    expect([a.userTri, kc.symbol('B')!.userTri]).toEqual([2, null]);
    expect(pick.userSelection).toBe(p1);
    expect(pick.selection).toBe(p1);
    expect(kc.symbol('P2')!.setValue('y')).toBe(true);
    expect(pick.selection?.name).toBe('P2');
    expect(kc.symbol('Q1')!.choice!.selection).toBeNull();
  });
});

describe('the minimal configuration', () => {
  it('names what differs from the defaults, and can be taken again without losing anything from .config', () => {
    const kc = load({ config: 'CONFIG_A=y\nCONFIG_P1=y\nCONFIG_G=4\n' });
    const full = kc.configText();
    expect(kc.minimalConfigSymbols().map((s) => s.name)).toEqual(['A', 'P1']);
    // Twice in a row (nothing changed in between, so nothing is recomputed): the same answer, and .config keeps every symbol.
    expect(kc.minimalConfigText()).toBe('CONFIG_A=y\nCONFIG_P1=y\n');
    expect(kc.minimalConfigSymbols().map((s) => s.name)).toEqual(['A', 'P1']);
    expect(kc.configText()).toBe(full);
  });

  it('range properties: which one is in force and whether a value lies within one', () => {
    const kc = load();
    const g = kc.symbol('G')!;
    const r = g.activeRange()!;
    expect([g.withinRange(r, '10'), g.withinRange(r, '11'), g.withinRange(r, '-1')]).toEqual([true, false, false]);
  });
});
