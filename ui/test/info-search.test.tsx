/**
 * Reading about entries and finding them: the symbol-info screen, help text
 * (help mode and info), incremental search that jumps to the entry,
 * show-all and show-names modes, and the key-help line of each screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_HELP } from '../src/key-bindings.js';
import { SearchIndex } from '../src/search.js';
import { KEYS, lineWith, lines, loadTree, openMenu, scratchTree, type Harness } from './helpers.js';

let h: Harness;
afterEach(() => h?.cleanup());

async function toBasicsEntry(h: Harness, prompt: string): Promise<void> {
  await h.press('j', KEYS.enter);
  for (let i = 0; i < 20 && !h.c.selectedNode()?.promptText?.startsWith(prompt); i++) await h.press('j');
}

describe('symbol info (?)', () => {
  it('shows type, value, prompt, definition with file:line and menu path, dependencies per term', async () => {
    h = await openMenu('basic', { size: { columns: 120, rows: 60 } });
    // Gamma is hidden (DELTA=n): show-all lists it.
    await h.press('A');
    await toBasicsEntry(h, 'Gamma');
    const f = await h.press('?');
    expect(f).toContain('GAMMA - Gamma needs Delta');
    expect(f).toContain('Type        : bool');
    expect(f).toContain('Value       : n');
    expect(f).toMatch(/Kconfig:\d+/);
    expect(f).toContain('Menu path: (Top) > Basics > Alpha feature');
    expect(f).toContain('Direct dependencies (=n):');
    expect(f).toMatch(/ {2}DELTA \[=n\] {2}\(=n\)/);
    expect(f).toMatch(/&& ALPHA \[=y\] {2}\(=y\)/);
    await h.press(KEYS.esc);
    expect(h.frame()).toContain('Gamma needs Delta');
  });

  it('lists selected-by, implied-by, defaults with conditions, ranges and help', async () => {
    h = await openMenu('basic', { size: { columns: 120, rows: 60 } });
    await toBasicsEntry(h, 'Epsilon');
    let f = await h.press('?');
    expect(f).toContain('Selected by:');
    expect(f).toContain('DELTA [=n]');
    await h.press(KEYS.esc, 'j', '?');
    f = h.frame();
    expect(f).toContain('Implied by:');
    expect(f).toContain('DELTA [=n]');
    await h.press(KEYS.esc, KEYS.home, '?');
    f = h.frame();
    expect(f).toContain('Defaults:');
    expect(f).toMatch(/ {2}y\b/);
    expect(f).toContain('Help:');
    expect(f).toContain('Alpha turns on the first thing.');
    await h.press(KEYS.esc);
    for (let i = 0; i < 10 && h.c.selectedNode()?.promptText !== 'Count'; i++) await h.press('j');
    f = await h.press('?');
    expect(f).toContain('Ranges:');
    expect(f).toContain('[1 .. 10]');
  });

  it('scrolls long info within the screen', async () => {
    h = await openMenu('basic', { size: { columns: 80, rows: 10 } });
    await h.press('j', KEYS.enter, '?');
    const first = h.frame();
    expect(first).toContain('ALPHA - Alpha feature');
    expect(lines(first).length).toBeLessThanOrEqual(9);
    await h.press(KEYS.pageDown);
    expect(h.frame()).not.toContain('ALPHA - Alpha feature');
    await h.press(KEYS.home);
    expect(h.frame()).toContain('ALPHA - Alpha feature');
  });
});

describe('help text', () => {
  it('help mode (F) shows the selected entry help under the menu', async () => {
    h = await openMenu('basic');
    await h.press('j', KEYS.enter, 'F');
    let f = h.frame();
    expect(f).toContain('help: ALPHA');
    expect(f).toContain('Alpha turns on the first thing.');
    await h.press('j');
    f = h.frame();
    expect(f).toContain('help: BETA');
    expect(f).toContain('(no help text)');
    await h.press('F');
    expect(h.frame()).not.toContain('help: BETA');
  });
});

describe('search (/)', () => {
  it('narrows as you type over names and prompts, and jumps to the entry', async () => {
    h = await openMenu('basic');
    await h.press('/');
    let f = await h.press('e');
    expect(f).toMatch(/\d+ matches/);
    f = await h.press('ps');
    expect(f).toContain('1 match');
    expect(f).toContain('EPSILON = n  Epsilon');
    expect(f).toContain('[Basics]');
    await h.press(KEYS.enter);
    expect(h.c.selectedNode()?.promptText).toBe('Epsilon');
    expect(h.frame()).toContain('Test menu > Basics');
  });

  it('finds help text, ranks exact names first, and edits the query', async () => {
    h = await openMenu('basic');
    await h.press('/', 'dark sweet');
    expect(h.frame()).toContain('CHOCOLATE');
    await h.press(KEYS.ctrlU, 'net');
    const rows = lines(h.frame()).filter((l) => /^[ >][A-Z_]+ = /.test(l));
    expect(rows[0]).toMatch(/^>NET = /);
    expect(rows.length).toBeGreaterThan(1);
    await h.press(KEYS.backspace, KEYS.backspace, KEYS.backspace);
    expect(h.frame()).toContain('type part of a name');
    await h.press(KEYS.esc);
    expect(h.frame()).toContain('Enable loadable module support');
  });

  it('jumping to a hidden entry turns show-all on', async () => {
    h = await openMenu('basic');
    await h.press('/', 'NET_TRACE', KEYS.enter);
    expect(h.c.state.showAll).toBe(true);
    expect(h.c.selectedNode()?.promptText).toBe('Packet tracing');
    expect(lineWith(h.frame(), 'Packet tracing')).toMatch(/^>~/);
  });
});

describe('show-all (A) and show-names (C)', () => {
  it('lists hidden entries marked ~, and symbol names', async () => {
    h = await openMenu('basic');
    expect(h.frame()).not.toContain('HIDDEN_HELPER');
    await h.press('A');
    expect(lineWith(h.frame(), 'HIDDEN_HELPER')).toMatch(/^ ~/);
    await h.press('A', 'C');
    expect(lineWith(h.frame(), 'Networking')).toContain('NET');
    expect(lineWith(h.frame(), 'Expert mode')).toContain('EXPERT');
  });
});

describe('key-help line', () => {
  it('names the keys of the current screen', async () => {
    for (const text of Object.values(KEY_HELP)) expect(text.length).toBeLessThanOrEqual(100);
    h = await openMenu('basic');
    expect(h.frame()).toContain(KEY_HELP.menu);
    await h.press('/');
    expect(h.frame()).toContain(KEY_HELP.search);
    await h.press(KEYS.esc, '?');
    expect(h.frame()).toContain(KEY_HELP.info);
    await h.press(KEYS.esc, 'S');
    expect(h.frame()).toContain(KEY_HELP.file);
    await h.press(KEYS.esc, 'K');
    expect(h.frame()).toContain('Value marks');
  });
});

describe('search ranking', () => {
  it('puts the exact name first, then names starting with the first word, then the rest; menu order within', () => {
    const index = new SearchIndex(loadTree(scratchTree('basic')));
    const names = (q: string) => index.search(q).map((h) => h.entry.name);
    expect(names('beta')).toEqual(['BETA', 'BETA_DEBUG']);
    // NEEDY by name, SELECTOR only by its prompt ("Selector (selects NEEDY)").
    expect(names('needy')).toEqual(['NEEDY', 'SELECTOR']);
    expect(names('debug beta')).toEqual(['BETA_DEBUG']);
    const ranks = index.search('e').map((h) => h.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    // Help-only matches come last.
    expect(names('sweet')).toEqual(['CHOCOLATE']);
    expect(index.search('sweet')[0].rank).toBe(4);
  });
});
