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
const planShown = (f: string) => /Plan: |No plan: /.test(f);

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

  it('report values from the configuration file that did not take', async () => {
    h = await openMenu('basic', { reasoner, configText: 'CONFIG_GAMMA=y\n' });
    expect(h.frame()).toMatch(/! 1 warning .*GAMMA/);
  });
});
