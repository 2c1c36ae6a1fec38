/**
 * Setting values: y/m/n and Space on bool and tristate entries, choices as
 * radio lists, validated text/number entry, (NEW) marks. What the menu shows
 * must be what the engine holds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, lineWith, openMenu, type Harness } from './helpers.js';

let h: Harness;
afterEach(() => h?.cleanup());

const value = (h: Harness, name: string) => h.kc.symbol(name)!.strValue;

/** Opens "Basics" and puts the cursor on the entry whose prompt starts with `prompt`. */
async function inBasics(h: Harness, prompt: string): Promise<void> {
  await h.press('j', KEYS.enter);
  for (let i = 0; i < 20 && !h.c.selectedNode()?.promptText?.startsWith(prompt); i++) await h.press('j');
  expect(h.c.selectedNode()?.promptText).toContain(prompt);
}

describe('bool and tristate values', () => {
  it('sets with y, m and n; shows [*] <M> and the (NEW) mark', async () => {
    h = await openMenu('basic');
    await inBasics(h, 'Beta driver');
    expect(lineWith(h.frame(), 'Beta driver')).toMatch(/< > Beta driver\s+\(NEW\)/);
    await h.press('m');
    expect(value(h, 'BETA')).toBe('m');
    expect(lineWith(h.frame(), 'Beta driver')).toMatch(/<M> Beta driver$/);
    // Beta debugging appears once BETA is not n, indented under it.
    expect(h.frame()).toContain('Beta debugging');
    await h.press('y');
    expect(value(h, 'BETA')).toBe('y');
    expect(lineWith(h.frame(), 'Beta driver')).toContain('<*> Beta driver');
    await h.press('n');
    expect(value(h, 'BETA')).toBe('n');
    expect(h.frame()).not.toContain('Beta debugging');
  });

  it('cycles n -> m -> y -> n with Space over the values the engine allows', async () => {
    h = await openMenu('basic');
    await inBasics(h, 'Zeta');
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await h.press(' ');
      seen.push(value(h, 'ZETA'));
    }
    expect(seen).toEqual(['m', 'y', 'n']);
    await h.press(KEYS.home);
    await h.press(' ');
    expect(value(h, 'ALPHA')).toBe('n');
    expect(lineWith(h.frame(), 'Alpha feature')).toContain('[ ] Alpha feature');
  });

  it('refuses m for a bool with a message, and shows selected values as -*-', async () => {
    h = await openMenu('basic');
    await inBasics(h, 'Delta');
    await h.press('m');
    expect(value(h, 'DELTA')).toBe('n');
    expect(h.frame()).toContain('DELTA cannot be m: it is a bool');
    await h.press('y');
    expect(lineWith(h.frame(), 'Epsilon')).toContain('-*- Epsilon');
    // A select's lower bound: Zeta is implied (m or y allowed), shown with the engine's value.
    expect(value(h, 'ZETA')).toBe('y');
  });
});

describe('choices', () => {
  it('opens as a radio list; picking a member moves the (X)', async () => {
    h = await openMenu('basic');
    await h.press('jj', KEYS.enter);
    let f = h.frame();
    expect(lineWith(f, 'Vanilla')).toContain('(X) Vanilla');
    expect(lineWith(f, 'Chocolate')).toContain('( ) Chocolate');
    await h.press('j', ' ');
    f = h.frame();
    expect(lineWith(f, 'Chocolate')).toContain('(X) Chocolate');
    expect(lineWith(f, 'Vanilla')).toContain('( ) Vanilla');
    expect(value(h, 'CHOCOLATE')).toBe('y');
    expect(value(h, 'VANILLA')).toBe('n');
    await h.press(KEYS.esc);
    expect(lineWith(h.frame(), 'Flavour')).toContain('Flavour (Chocolate)');
  });
});

describe('string, int and hex entry', () => {
  it('checks type and range through the engine before setting', async () => {
    h = await openMenu('basic');
    await inBasics(h, 'Count');
    expect(lineWith(h.frame(), 'Count')).toContain('(4) Count');
    await h.press(KEYS.enter);
    expect(h.frame()).toContain('COUNT (integer): 4');
    await h.press(KEYS.backspace, '12', KEYS.enter);
    expect(h.frame()).toContain('out of range: COUNT must be within 1..10');
    expect(value(h, 'COUNT')).toBe('4');
    await h.press(KEYS.ctrlU, 'x', KEYS.enter);
    expect(h.frame()).toContain('"x" is not a decimal integer');
    await h.press(KEYS.ctrlU, '7', KEYS.enter);
    expect(value(h, 'COUNT')).toBe('7');
    expect(lineWith(h.frame(), 'Count')).toContain('(7) Count');
  });

  it('edits hex and string values; Esc leaves the value alone', async () => {
    h = await openMenu('basic');
    await inBasics(h, 'Address');
    await h.press(KEYS.enter, KEYS.ctrlU, 'zz', KEYS.enter);
    expect(h.frame()).toContain('is not a hexadecimal number');
    await h.press(KEYS.ctrlU, 'beef', KEYS.enter);
    expect(value(h, 'ADDR')).toBe('0xbeef');
    await h.press('j', ' ');
    expect(h.frame()).toContain('NAME (string): world');
    await h.press(' mundo', KEYS.esc);
    expect(value(h, 'NAME')).toBe('world');
    await h.press(KEYS.enter, KEYS.ctrlU, 'héllo', KEYS.enter);
    // The engine keeps bytes: UTF-8 in, UTF-8 out.
    expect(Buffer.from(value(h, 'NAME'), 'latin1').toString('utf8')).toBe('héllo');
    expect(lineWith(h.frame(), 'Name')).toContain('(héllo) Name');
  });
});

describe('(NEW) marks', () => {
  it('marks symbols the configuration file does not mention', async () => {
    h = await openMenu('basic', { configText: 'CONFIG_MODULES=y\n# CONFIG_NET is not set\n' });
    const f = h.frame();
    expect(lineWith(f, 'Enable loadable module support')).not.toContain('(NEW)');
    expect(lineWith(f, 'Networking')).not.toContain('(NEW)');
    expect(lineWith(f, 'Expert mode')).toContain('(NEW)');
  });
});
