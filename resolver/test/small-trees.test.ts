/**
 * Against brute force, on every small tree of the engine's language tests:
 * the model computes the engine's values; every plan takes on a separately
 * loaded tree; nothing reachable is called impossible; and, on trees without
 * choices, a plan said to be smallest has as few changes as the best
 * configuration found by trying every combination of user values.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKconfig, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { CASES } from '../../kconfig/test/cases/catalog.mjs';
import { caseEnv, materialize } from '../../kconfig/test/cases/harness.mjs';
import { plan } from '../src/index.js';
import { currentInputs, modulesValue, ValueSets } from '../src/value-sets.js';
import { silent } from './helpers.js';

const recorded: Record<string, { rc: number }> = JSON.parse(
  readFileSync(new URL('../../kconfig/test/cases/expected.json', import.meta.url), 'utf8'),
);

/** Inputs the brute force varies: bool/tristate symbols with a prompt. */
const MAX_INPUTS = 6;

type Combo = Map<string, string | null>;

function load(dir: string, env: Record<string, string>): Kconfig {
  return loadKconfig('Kconfig', { cwd: dir, env, output: silent });
}

function inputsOf(kc: Kconfig): KSymbol[] {
  return kc.definedSymbols().filter((s) => s.isLogical() && s.prompts.length > 0);
}

/** Every combination of user values (none, n, m for tristates, y) of the inputs. */
function* combos(names: { name: string; tri: boolean }[], i = 0, acc: Combo = new Map()): Generator<Combo> {
  if (i === names.length) {
    yield acc;
    return;
  }
  const { name, tri } = names[i];
  for (const v of tri ? [null, 'n', 'm', 'y'] : [null, 'n', 'y']) {
    acc.set(name, v);
    yield* combos(names, i + 1, acc);
  }
  acc.delete(name);
}

function configText(c: Combo, prefix: string): string {
  let s = '';
  for (const [name, v] of c) if (v !== null) s += v === 'n' ? `# ${prefix}${name} is not set\n` : `${prefix}${name}=${v}\n`;
  return s;
}

/** Reachable values of every input symbol, with the fewest user-value differences from `start`. */
function bruteForce(dir: string, env: Record<string, string>, start: Combo): Map<string, Map<string, number>> {
  const kc = load(dir, env);
  const ins = inputsOf(kc).map((s) => ({ name: s.name!, tri: s.typeName === 'tristate' }));
  const best = new Map<string, Map<string, number>>();
  const file = join(dir, '.brute');
  for (const c of combos(ins)) {
    writeFileSync(file, configText(c, kc.configPrefix));
    kc.readConfig(file);
    let cost = 0;
    for (const [n, v] of c) if ((start.get(n) ?? null) !== v) cost++;
    for (const { name } of ins) {
      const v = kc.symbol(name)!.strValue;
      const m = best.get(name) ?? best.set(name, new Map()).get(name)!;
      if (!m.has(v) || m.get(v)! > cost) m.set(v, cost);
    }
  }
  return best;
}

/** What the brute force covered (checked at the end: the comparison must not become vacuous). */
const covered = { trees: 0, plans: 0, impossible: 0, smallest: 0 };

const MOD = 'config MODULES\n\tbool "modules"\n\tdefault y\n\tmodules\n';
/** Trees made to have impossible values of every kind (the language tests have few). */
const EXTRA = [
  ['contradiction', 'config A\n\tbool "a"\n\tdepends on B && C\nconfig B\n\tbool "b"\nconfig C\n\tbool "c"\n\tdepends on !B\n'],
  ['undefined-dependency', 'config A\n\tbool "a"\n\tdepends on ARM || (B && X86)\nconfig B\n\tbool "b"\n'],
  ['forced-by-select', 'config S\n\tdef_bool y\n\tselect A\nconfig A\n\ttristate "a"\nconfig B\n\tbool "b"\n\tselect C if A\nconfig C\n\tbool "c"\n'],
  ['m-only', `${MOD}config A\n\ttristate "a"\n\tdepends on m\nconfig B\n\ttristate "b"\n\tdepends on A\nconfig C\n\tbool "c"\n\tdepends on B\n`],
  ['choice-hidden', 'config H\n\tbool "h"\n\tdepends on NOPE\nchoice\n\tprompt "p"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\n\tdepends on H\nendchoice\nconfig D\n\tbool "d"\n\tdepends on C1 && C2\n'],
  ['visible-if', 'config V\n\tbool "v"\n\tdepends on !W\nconfig W\n\tbool "w"\nmenu "m"\n\tvisible if V && W\nconfig A\n\tbool "a"\nendmenu\n'],
  ['imply-capped', `${MOD}config I\n\ttristate "i"\n\timply T\nconfig T\n\ttristate\n\tdepends on L\nconfig L\n\ttristate "l"\n\tdepends on m\n`],
  ['default-only', 'config P\n\tbool\n\tdefault y if Q && !R\nconfig Q\n\tbool "q"\n\tselect R\nconfig R\n\tbool "r"\nconfig A\n\tbool "a"\n\tdepends on P\n'],
  ['tristate-choice', `${MOD}choice\n\ttristate "t"\nconfig T1\n\ttristate "t1"\nconfig T2\n\ttristate "t2"\n\tdepends on m\nendchoice\n`],
  ['select-vs-depends', 'config A\n\tbool "a"\n\tselect B\n\tdepends on C\nconfig B\n\tbool "b"\n\tdepends on !C\nconfig C\n\tbool "c"\n\tdefault y\n'],
].map(([name, text]) => ({ name: `extra/${name}`, files: { Kconfig: text }, args: [] as string[] }));

const cases = [...CASES.filter((c) => c.files.Kconfig && recorded[c.name]?.rc === 0), ...EXTRA];

describe('small trees against brute force', () => {
  afterAll(() => {
    console.log('brute force covered', covered);
    expect(covered.trees).toBeGreaterThanOrEqual(40);
    expect(covered.plans).toBeGreaterThanOrEqual(150);
    expect(covered.smallest).toBeGreaterThanOrEqual(100);
    expect(covered.impossible).toBeGreaterThanOrEqual(20);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dir = materialize(c);
      const env = caseEnv(c);
      const kc = load(dir, env);
      // The model's values under the current inputs are the engine's.
      const model = new ValueSets(kc, currentInputs, modulesValue(kc)).compute();
      for (const s of kc.allSymbols())
        if (!s.isConst() && s.isLogical()) expect(`${s.name}=${1 << s.triValue}`).toBe(`${s.name}=${model.val.get(s)}`);

      const inputs = inputsOf(kc);
      if (inputs.length > MAX_INPUTS) return;
      const hasChoice = kc.choices().length > 0;
      const reach = bruteForce(dir, env, new Map());
      covered.trees++;
      for (const s of inputs) {
        for (const v of s.typeName === 'tristate' ? ['n', 'm', 'y'] : ['n', 'y']) {
          const p = plan(kc, s, v);
          const best = reach.get(s.name!)!.get(v);
          const what = `${s.name}=${v}`;
          if (p.ok) {
            // Independently: a fresh tree, the changes by name, full recomputation.
            const check = load(dir, env);
            check.clearAllValid(); // MODULES first, as conf does (see settleModules)
            for (const ch of p.changes) {
              const t = ch.symbol.name ? check.symbol(ch.symbol.name)! : check.choices().find((x) => x.nodes[0]?.lineno === ch.symbol.nodes[0]?.lineno)!;
              t.calcValue();
              if (ch.to === 'default') t.unsetValue();
              else expect(t.setValue(ch.to), `${what}: ${ch.symbol.name}=${ch.to}`).toBe(true);
            }
            check.clearAllValid();
            expect(check.symbol(s.name!)!.strValue, what).toBe(v);
            covered.plans++;
            if (p.smallest && !hasChoice) {
              expect(p.changes.length, what).toBe(best);
              covered.smallest++;
            }
          } else if ('impossible' in p) {
            expect(best, `${what} called impossible: ${p.reason}`).toBeUndefined();
            covered.impossible++;
          }
        }
      }
    });
  }
});
