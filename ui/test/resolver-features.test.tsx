/**
 * What the menu shows and does with the resolver (resolver/): why a value
 * cannot be set, the plan that makes it possible applied with one key (and
 * undone with one), and the warnings line and list. These use the real
 * resolver; they fail if it cannot be loaded.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reasoner } from '../src/reasoning.js';
import { KEYS, lineWith, openMenu, realReasoner, type Harness } from './helpers.js';

let h: Harness;
let reasoner: Reasoner;
afterEach(() => h?.cleanup());
beforeAll(async () => {
  const r = await realReasoner();
  if (!r) throw new Error('the resolver (resolver/src/index.ts) could not be loaded');
  reasoner = r;
});

const value = (h: Harness, name: string) => h.kc.symbol(name)!.strValue;
/** The why screen once the resolver's plan (computed after the screen is up) is on it. */
const planShown = (f: string) => /Plans?: (?!working)|No plan: /.test(f);

describe('why and plan', () => {
  it('explains a refused value and applies the plan with one key', async () => {
    h = await openMenu('basic', { reasoner });
    await h.press('/', 'GAMMA', KEYS.enter);
    expect(h.c.selectedNode()?.sym?.name).toBe('GAMMA');
    await h.press('y');
    let f = await h.until(planShown);
    expect(f).toContain('GAMMA = n; you asked for y');
    expect(f).toContain('DELTA [=n]');
    expect(f).toMatch(/Plan: \d+ changes? set GAMMA to y/);
    expect(f).toContain('DELTA: n -> y');
    await h.press('p');
    expect(value(h, 'GAMMA')).toBe('y');
    expect(value(h, 'DELTA')).toBe('y');
    f = h.frame();
    expect(f).toMatch(/Plan applied: \d+ changes?; GAMMA is now y/);
    // One undo takes back the whole plan.
    await h.press('u');
    expect(value(h, 'GAMMA')).toBe('n');
    expect(value(h, 'DELTA')).toBe('n');
    await h.press('r');
    expect(value(h, 'GAMMA')).toBe('y');
  });

  it('a selected value: Space shows who selects it; the plan turns the selector off', async () => {
    h = await openMenu('basic', { reasoner, configText: 'CONFIG_DELTA=y\n' });
    await h.press('/', 'EPSILON', KEYS.enter);
    expect(lineWith(h.frame(), 'Epsilon')).toContain('-*-');
    await h.press(' ');
    const f = await h.until(planShown);
    expect(f).toContain('EPSILON = y; you asked for n');
    expect(f).toContain('DELTA');
    await h.press(KEYS.enter);
    expect(value(h, 'EPSILON')).toBe('n');
    expect(value(h, 'DELTA')).toBe('n');
  });

  it('x explains any entry; Esc goes back without changing anything', async () => {
    h = await openMenu('basic', { reasoner });
    await h.press('j', KEYS.enter, 'x');
    const f = await h.until(planShown);
    expect(f).toContain('ALPHA = y; below: a plan for n');
    expect(f).toMatch(/Plan: 1 change set ALPHA to n/);
    await h.press(KEYS.esc);
    expect(value(h, 'ALPHA')).toBe('y');
    expect(h.c.state.ops).toEqual([]);
    // Text and number values: the explanation only.
    for (let i = 0; i < 12 && h.c.selectedNode()?.promptText !== 'Count'; i++) await h.press('j');
    await h.press('x');
    const g = await h.until(planShown);
    expect(g).toContain('COUNT = 4');
    expect(g).toContain('No plan: x explains text and number values');
    await h.press('p');
    expect(h.c.state.overlays.at(-1)?.kind).toBe('why');
    expect(value(h, 'COUNT')).toBe('4');
  });
});

describe('warnings', () => {
  it('are always on screen, follow changes, and can be listed and jumped to', async () => {
    h = await openMenu('basic', { reasoner });
    expect(h.frame()).toContain('No warnings');
    await h.press('/', 'SELECTOR', KEYS.enter, 'y');
    let f = await h.until((x) => !x.includes('No warnings'));
    expect(f).toMatch(/! 1 warning \(w lists them\): unmet dependency: NEEDY is y because SELECTOR/);
    await h.press('w');
    f = h.frame();
    expect(lineWith(f, 'NEEDY')).toContain('unmet dependency');
    await h.press(KEYS.enter);
    expect(h.c.selectedNode()?.sym?.name).toBe('NEEDY');
    expect(lineWith(h.frame(), 'Needy')).toMatch(/^>!/);
    await h.press('u');
    await h.until((x) => x.includes('No warnings'));
  });

  it('are worked out in steps between keys; a change meanwhile makes the stale list go unused', async () => {
    // Each list says which value of SELECTOR it was worked out with (at its first step).
    const stepwise: Reasoner = {
      ...reasoner,
      *diagnosticSteps(kc, o) {
        const list = reasoner.diagnostics(kc, o);
        const marker = { kind: 'unmet-dependency' as const, symbol: null, file: null, line: null, message: `with SELECTOR=${kc.symbol('SELECTOR')!.strValue}` };
        for (let i = 0; i < 5; i++) yield;
        return [...list, marker];
      },
    };
    h = await openMenu('basic', { reasoner: stepwise });
    const shown: string[][] = [];
    h.c.store.subscribe(() => shown.push(h.c.state.warnings.map((w) => w.message)));
    await h.press('/', 'SELECTOR', KEYS.enter);
    h.c.refreshWarningsInSteps();
    // Its first step is through (worked out with SELECTOR=n); a change comes before the others.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await h.press('y');
    await h.until(() => h.c.state.warnings.some((w) => w.message.startsWith('with SELECTOR')));
    expect(h.c.state.warnings.map((w) => w.message)).toContain('with SELECTOR=y');
    expect(h.c.state.warnings.some((w) => w.symbol === 'NEEDY')).toBe(true);
    expect(shown.flat()).not.toContain('with SELECTOR=n');
  });

  it('report values from the configuration file that did not take', async () => {
    h = await openMenu('basic', { reasoner, configText: 'CONFIG_GAMMA=y\n' });
    expect(h.frame()).toMatch(/! 1 warning .*GAMMA/);
  });
});

describe('picking among plans', () => {
  it('lists the plans best first, each with what it changes of what was chosen; 2 applies the second, u undoes it', async () => {
    // The architecture is the choice's default: still the user's answer. The platform is on by default.
    h = await openMenu('plans', { reasoner, configText: 'CONFIG_PLAT_VM=y\n' });
    await h.press('/', 'UART_PC', KEYS.enter);
    expect(h.c.selectedNode()?.sym?.name).toBe('UART_PC');
    await h.press('n');
    const f = await h.until(planShown);
    expect(f).toContain('Plans: 2 set UART_PC to n, best first (press 1 or 2 to apply one');
    expect(f).toContain('Plan 1: 1 change; changes nothing you chose');
    expect(f).toContain('PLAT_VM: y -> n');
    expect(f).toContain('Plan 2: 1 change; changes what you chose: the choice "Architecture" (ARCH_X86 -> ARCH_ARM)');
    expect(f).toContain('ARCH_ARM: n -> y');
    await h.press('2');
    expect(value(h, 'UART_PC')).toBe('n');
    expect(value(h, 'ARCH_ARM')).toBe('y');
    expect(value(h, 'PLAT_VM')).toBe('y');
    expect(h.frame()).toMatch(/Plan 2 applied: 1 change; UART_PC is now n/);
    await h.press('u');
    expect(value(h, 'ARCH_X86')).toBe('y');
    expect(value(h, 'UART_PC')).toBe('y');
    // p (or Enter) takes the best one.
    await h.press('n');
    await h.until(planShown);
    await h.press('p');
    expect([value(h, 'UART_PC'), value(h, 'PLAT_VM'), value(h, 'ARCH_X86')]).toEqual(['n', 'n', 'y']);
  });

  it('counts a value set in this session as chosen, even where it equals the default', async () => {
    h = await openMenu('plans', { reasoner });
    await h.press('/', 'PLAT_VM', KEYS.enter, 'y');
    expect(h.c.state.ops).toHaveLength(1);
    await h.press('/', 'UART_PC', KEYS.enter, 'n');
    const f = await h.until(planShown);
    expect(f).toContain('Plan 1: 1 change; changes what you chose: PLAT_VM (y -> n)');
  });
});
