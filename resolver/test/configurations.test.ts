/**
 * ConfigurationSpace against brute force: on every small tree of the
 * engine's language tests, "is there a configuration where A is y and B is
 * not (and C is)" gets the answer that trying every combination of user
 * values gives; every example found takes on a separately loaded tree.
 * One space answers all the questions about a tree in a row, so what its
 * solver keeps from one question must not spoil the next.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKconfig, type Kconfig } from 'kconfig-parser-ts';
import { CASES } from '../../kconfig/test/cases/catalog.mjs';
import { caseEnv, materialize } from '../../kconfig/test/cases/harness.mjs';
import { ConfigurationSpace } from '../src/index.js';
import { silent, tree, writeTree } from './helpers.js';

const MAX_INPUTS = 6;

function load(dir: string, env: Record<string, string>): Kconfig {
  return loadKconfig('Kconfig', { cwd: dir, env, output: silent });
}

/** The values of every bool/tristate symbol in each configuration that some user values give. */
function reachable(dir: string, env: Record<string, string>): { names: string[]; configs: Set<string> } | null {
  const kc = load(dir, env);
  const inputs = kc.definedSymbols().filter((s) => s.isLogical() && s.prompts.length > 0);
  if (inputs.length > MAX_INPUTS) return null;
  const names = kc.definedSymbols().filter((s) => s.isLogical()).map((s) => s.name!);
  const configs = new Set<string>();
  const file = join(dir, '.brute');
  const choices = inputs.map((s) => (s.typeName === 'tristate' ? [null, 'n', 'm', 'y'] : [null, 'n', 'y']));
  const pick = new Array<number>(inputs.length).fill(0);
  for (;;) {
    let text = '';
    inputs.forEach((s, i) => {
      const v = choices[i][pick[i]];
      if (v !== null) text += v === 'n' ? `# ${kc.configPrefix}${s.name} is not set\n` : `${kc.configPrefix}${s.name}=${v}\n`;
    });
    writeFileSync(file, text);
    kc.readConfig(file);
    configs.add(names.map((n) => kc.symbol(n)!.strValue).join(' '));
    let i = 0;
    while (i < pick.length && ++pick[i] === choices[i].length) pick[i++] = 0;
    if (i === pick.length) break;
  }
  return { names, configs };
}

const covered = { trees: 0, questions: 0, found: 0, none: 0 };

const cases = CASES.filter((c) => c.files.Kconfig);

describe('ConfigurationSpace against brute force', () => {
  afterAll(() => {
    console.log('configurations covered', covered);
    expect(covered.trees).toBeGreaterThanOrEqual(40);
    expect(covered.found).toBeGreaterThanOrEqual(200);
    expect(covered.none).toBeGreaterThanOrEqual(80);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dir = materialize(c);
      const env = caseEnv(c);
      let brute;
      try {
        brute = reachable(dir, env);
      } catch {
        return; // a tree the engine refuses (the language tests have some)
      }
      if (!brute || brute.names.length === 0) return;
      covered.trees++;
      const kc = load(dir, env);
      const space = new ConfigurationSpace(kc);
      const { names, configs } = brute;
      const textual = kc.definedSymbols().some((s) => !s.isLogical() && s.prompts.length > 0);
      const exists = (holds: number[], fails: number[]) =>
        [...configs].some((cfg) => {
          const v = cfg.split(' ');
          return holds.every((i) => v[i] === 'y') && fails.every((i) => v[i] !== 'y');
        });
      const e = (i: number) => kc.parseExpr(names[i]);
      // Every ordered pair, and a few triples: A && C and not B.
      const questions: [number[], number[]][] = [];
      for (let a = 0; a < names.length; a++) for (let b = 0; b < names.length; b++) if (a !== b) questions.push([[a], [b]]);
      for (let a = 0; a + 2 < names.length; a++) questions.push([[a, a + 2], [a + 1]]);
      for (const [holds, fails] of questions) {
        const what = `${holds.map((i) => names[i]).join(' && ')} && !${fails.map((i) => names[i]).join(' && !')}`;
        const r = space.find({ holds: holds.map(e), fails: fails.map(e) });
        covered.questions++;
        const found = exists(holds, fails);
        // The brute force leaves int/hex/string values at their defaults; the space does not (nor can its examples set them).
        if (!found && textual && r.found === true) {
          expect(r.example, what).toBeNull();
          continue;
        }
        expect(r.found, what).toBe(found);
        if (r.found !== true) {
          covered.none++;
          continue;
        }
        covered.found++;
        expect(r.example, `${what}: example`).not.toBeNull();
        // The example, by name on a fresh tree, gives what was asked.
        const check = load(dir, env);
        check.clearAllValid();
        for (const ch of r.example!) {
          const t = ch.symbol.name ? check.symbol(ch.symbol.name)! : check.choices().find((x) => x.nodes[0]?.lineno === ch.symbol.nodes[0]?.lineno)!;
          t.calcValue();
          if (ch.to === 'default') t.unsetValue();
          else t.setValue(ch.to);
        }
        check.clearAllValid();
        for (const i of holds) expect(check.symbol(names[i])!.strValue, `${what}: ${names[i]}`).toBe('y');
        for (const i of fails) expect(check.symbol(names[i])!.strValue, `${what}: ${names[i]}`).not.toBe('y');
      }
    });
  }
});

describe('ConfigurationSpace', () => {
  it('proves an implication through a select chain and finds the gap a forced select leaves', () => {
    const kc = tree(
      [
        'config APP\n\tbool "app"\n\tselect LIBA',
        'config LIBA\n\tbool "a"\n\tselect LIBB',
        'config LIBB\n\tbool "b"\n\tdepends on ARCH',
        'config ARCH\n\tbool "arch"',
        'config LIBC\n\tbool "c"\n\tdepends on LIBB',
        '',
      ].join('\n'),
    );
    const space = new ConfigurationSpace(kc);
    const q = (holds: string, fails: string) => space.find({ holds: [kc.parseExpr(holds)], fails: [kc.parseExpr(fails)] });
    expect(q('APP', 'LIBB').found).toBe(false);
    expect(q('LIBC', 'LIBB').found).toBe(false);
    // A select forces LIBB past its dependency: ARCH may be off.
    const gap = q('APP', 'ARCH');
    expect(gap.found).toBe(true);
    expect(gap.found === true && gap.example!.map((c) => `${c.symbol.name}=${c.to}`)).toEqual(['APP=y']);
    expect(q('APP && ARCH', 'LIBB').found).toBe(false);
  });

  it('covers the values of MODULES the tree allows', () => {
    const dir = writeTree({ Kconfig: 'config MODULES\n\tbool "modules"\n\tmodules\nconfig T\n\ttristate "t"\nconfig U\n\ttristate "u"\n\tdepends on T = m\n' });
    const kc = load(dir, { PATH: process.env.PATH ?? '' });
    const space = new ConfigurationSpace(kc);
    // U can only be y when T is m, which needs MODULES (off by default).
    const r = space.find({ holds: [kc.parseExpr('U')], fails: [kc.parseExpr('T=y')] });
    expect(r.found).toBe(true);
    expect(r.found === true && r.example!.map((c) => c.symbol.name)).toContain('MODULES');
  });
});
