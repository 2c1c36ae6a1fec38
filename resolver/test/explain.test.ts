/** explain() and diagnostics() on small trees. */
import { describe, expect, it } from 'vitest';
import { KconfigFatal, loadKconfig } from 'kconfig-parser-ts';
import { diagnostics, explain, loadFailureDiagnostics } from '../src/index.js';
import { sym, tree, writeTree } from './helpers.js';

describe('explain', () => {
  const KC =
    'menu "Drivers"\nconfig BUS\n\tbool "bus"\nconfig A\n\tbool "a"\n\tdepends on BUS && !OFF\n\tdefault y if BUS\n\tdefault n\nconfig OFF\n\tbool "off"\nendmenu\nconfig S\n\tbool "s"\n\tselect A\n';

  it('lists each dependency term with its value, the defaults, and why the user cannot change it', () => {
    const kc = tree(KC, '');
    const e = explain(kc, sym(kc, 'A'));
    expect(e.value).toBe('n');
    expect(e.definitions).toEqual([
      { file: 'Kconfig', line: 4, menuPath: ['Drivers', 'bus'], prompt: 'a', dependsOn: { expr: 'BUS [=n] && !OFF [=n]', value: 'n', unmet: [{ expr: 'BUS [=n]', value: 'n' }] } },
    ]);
    expect(e.dependsOn?.unmet).toEqual([{ expr: 'BUS [=n]', value: 'n' }]);
    expect(e.defaults.map((d) => [d.value, d.active])).toEqual([
      ['y', false],
      ['n', false],
    ]);
    expect(e.changeable).toBe(false);
    expect(e.whyNot[0]).toBe('its dependencies are not met: BUS [=n]');
    expect(e.selectedBy).toEqual([{ symbol: 'S', value: 'n', file: 'Kconfig', line: 14, condition: null, gives: 'n' }]);
    expect(e.text).toContain('unmet: BUS [=n]');
    expect(e.text).toContain('defined at Kconfig:4  "a"  menu: Drivers > bus');
  });

  it('says where the value comes from: user, default or select', () => {
    const kc = tree(KC, 'CONFIG_BUS=y\n');
    let e = explain(kc, sym(kc, 'A'));
    expect([e.source, e.value]).toEqual(['default', 'y']);
    expect(e.defaults[0].active).toBe(true);
    expect(e.assignable).toEqual(['n', 'y']);
    const kc2 = tree(KC, 'CONFIG_S=y\n');
    e = explain(kc2, sym(kc2, 'A'));
    expect([e.source, e.value]).toEqual(['select', 'y']);
    expect(e.why.join('\n')).toContain('selected by S [=y]');
    expect(e.why.join('\n')).toContain('its dependencies are not met');
    expect(e.whyNot.join('\n')).toContain('it is selected by S [=y]: to lower it, disable that');
  });

  it('describes the choice a member belongs to', () => {
    const kc = tree('choice\n\tprompt "pick"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\nendchoice\n', 'CONFIG_C2=y\n');
    const e = explain(kc, sym(kc, 'C1'));
    expect(e.choice).toMatchObject({ prompt: 'pick', mode: 'y', selected: 'C2' });
    expect(e.why).toEqual(['C2 is the selected member of its choice (chosen by the user)']);
  });

  it('leaves the tree as it was, warnings included', () => {
    const kc = tree(KC, 'CONFIG_S=y\n');
    const before = kc.configText();
    const n = kc.diagnostics.length;
    explain(kc, sym(kc, 'A'));
    expect(kc.configText()).toBe(before);
    expect(kc.diagnostics.length).toBe(n);
  });
});

describe('diagnostics', () => {
  it('unmet dependencies: a clear message with the fix, and conf exact text', () => {
    const kc = tree('config S\n\tbool "s"\n\tselect A\nconfig A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n', 'CONFIG_S=y\n');
    const d = diagnostics(kc).filter((x) => x.kind === 'unmet-dependency');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ symbol: 'A', file: 'Kconfig', line: 4 });
    expect(d[0].message).toBe('A is y because S [=y] selects it, but its dependencies are not met: B [=n]');
    expect(d[0].fix).toBe('enable B (ukconfig enable B), or stop selecting it: disable S (ukconfig disable A plans that)');
    expect(d[0].confText).toBe('WARNING: unmet direct dependencies detected for A\n  Depends on [n]: B [=n]\n  Selected by [y]:\n  - S [=y]\n');
  });

  it('values that did not take, with a plan as the fix', () => {
    const kc = tree('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n', 'CONFIG_A=y\n');
    const d = diagnostics(kc).filter((x) => x.kind === 'not-taken');
    expect(d).toEqual([
      {
        kind: 'not-taken',
        symbol: 'A',
        file: 'Kconfig',
        line: 1,
        message: 'A=y did not take (it is n): A depends on B [=n] (defined at Kconfig:1)',
        fix: 'set B=y',
      },
    ]);
  });

  it("conf's answered mark on a hidden menu symbol whose submenu shows is no value the user asked for", () => {
    // BLOCK's prompt hides without EXPERT, its submenu still shows: as in conf,
    // asking whether the menu shows marks BLOCK as answered (the menus do that).
    const kc = tree('config EXPERT\n\tbool "expert"\nmenuconfig BLOCK\n\tbool "block" if EXPERT\n\tdefault y\nif BLOCK\nconfig BLK_A\n\tbool "a"\nendif\n', '');
    const block = sym(kc, 'BLOCK');
    expect(block.nodes[0].isVisible()).toBe(true);
    expect(block.hasValue()).toBe(true);
    expect(block.userGiven()).toBe(false);
    expect(diagnostics(kc).filter((x) => x.kind === 'not-taken')).toEqual([]);
    expect(explain(kc, block).why.join('\n')).not.toMatch(/user value/);
    // A value from the configuration file is one.
    const given = tree('config EXPERT\n\tbool "expert"\nmenuconfig BLOCK\n\tbool "block" if EXPERT\n\tdefault y\nif BLOCK\nconfig BLK_A\n\tbool "a"\nendif\n', '# CONFIG_BLOCK is not set\n');
    expect(sym(given, 'BLOCK').nodes[0].isVisible()).toBe(true);
    expect(sym(given, 'BLOCK').userGiven()).toBe(true);
    expect(diagnostics(given).filter((x) => x.kind === 'not-taken').map((x) => x.symbol)).toEqual(['BLOCK']);
  });

  it('choice conflicts', () => {
    const kc = tree('choice\n\tprompt "pick"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\nendchoice\n', 'CONFIG_C1=y\nCONFIG_C2=y\n');
    const d = diagnostics(kc).filter((x) => x.kind === 'choice-conflict');
    expect(d).toHaveLength(1);
    expect(d[0].message).toBe('choice "pick": C1 and C2 are all set to y; only one member can be: C2 is used');
  });

  it('undefined symbols, at their first use', () => {
    const kc = tree('config A\n\tbool "a"\n\nconfig B\n\tbool "b"\n\tdepends on TYPO_A\n', '');
    expect(diagnostics(kc).filter((x) => x.kind === 'undefined-symbol')).toEqual([
      { kind: 'undefined-symbol', symbol: 'TYPO_A', file: 'Kconfig', line: 4, message: 'TYPO_A is used but not defined in this tree: it is always n', fix: 'define TYPO_A, or check the spelling' },
    ]);
  });

  /** The diagnostics of a tree that does not load. */
  function cycle(kconfig: string) {
    const dir = writeTree({ Kconfig: kconfig });
    let err: unknown;
    let printed = '';
    try {
      loadKconfig('Kconfig', { cwd: dir, env: {}, output: { stdout: () => {}, stderr: (t) => void (printed += t) } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KconfigFatal);
    return loadFailureDiagnostics(err as KconfigFatal, printed);
  }

  it('recursive dependency chains of a tree that does not load; a pure depends-on cycle is not about select', () => {
    const d = cycle('config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\n');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ kind: 'recursive-dependency', file: 'Kconfig', line: 4 });
    expect(d[0].message).toBe('recursive dependency: symbol B depends on A, symbol A depends on B');
    expect(d[0].fix).toMatch(/^break the cycle: the symbols depend on each other/);
    expect(d[0].fix).not.toMatch(/select/);
  });

  it('a cycle through select: the fix is about select', () => {
    const [d] = cycle('config A\n\tbool "a"\nconfig B\n\tbool "b"\n\tdepends on A\n\tselect A\n');
    expect(d.message).toMatch(/is selected by/);
    expect(d.fix).toMatch(/replace one `select` by `depends on`/);
  });
});
