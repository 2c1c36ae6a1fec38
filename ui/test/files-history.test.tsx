/**
 * Saving (S, save as), opening (O), minimal configurations (D), quitting
 * with unsaved changes, undo/redo of every change, and the view of changes
 * since the last save. Saved files are compared with what the engine writes
 * for the same assignments on a fresh tree.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKconfig } from 'kconfig-parser-ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createMenu } from '../src/launch.js';
import { KEYS, lineWith, loadTree, openMenu, readText, scratchTree, silent, type Harness } from './helpers.js';

let h: Harness;
afterEach(() => h?.cleanup());

/** The .config the engine writes after these assignments, starting from `configText` (if any). */
function expectedConfig(dir: string, assignments: [string, string][], configText?: string): string {
  const kc = loadTree(dir);
  const start = join(dir, 'expected-start.config');
  writeFileSync(start, configText ?? '');
  kc.readConfig(start);
  for (const [name, value] of assignments) expect(kc.symbol(name)!.setValue(value)).toBe(true);
  return kc.configText();
}

async function toEntry(h: Harness, prompt: string): Promise<void> {
  for (let i = 0; i < 30 && !h.c.selectedNode()?.promptText?.startsWith(prompt); i++) await h.press('j');
  expect(h.c.selectedNode()?.promptText).toContain(prompt);
}

describe('save and open', () => {
  it('S saves to the current file; the result is what the engine computes', async () => {
    h = await openMenu('basic');
    await toEntry(h, 'Networking');
    await h.press('y');
    await toEntry(h, 'Expert');
    await h.press('y');
    expect(h.frame()).toContain('[unsaved changes]');
    await h.press('S');
    expect(h.frame()).toContain(`Save configuration to: ${join(h.dir, '.config')}`);
    await h.press(KEYS.enter);
    expect(h.frame()).toContain('Configuration saved to');
    expect(h.frame()).not.toContain('[unsaved changes]');
    expect(readText(join(h.dir, '.config'))).toBe(expectedConfig(h.dir, [['NET', 'y'], ['EXPERT', 'y']]));
  });

  it('keeps the previous file as .config.old, and saves as another file', async () => {
    h = await openMenu('basic', { configText: 'CONFIG_NET=y\n' });
    const before = readText(join(h.dir, '.config'));
    await toEntry(h, 'Expert');
    await h.press('y', 'S', KEYS.enter);
    expect(readText(join(h.dir, '.config.old'))).toBe(before);
    await h.press('n', 'S', KEYS.ctrlU, join(h.dir, 'other.config'), KEYS.enter);
    expect(readText(join(h.dir, 'other.config'))).toBe(expectedConfig(h.dir, [['EXPERT', 'n']], 'CONFIG_NET=y\n'));
    // Later saves go to the new name.
    expect(h.frame()).toContain('other.config');
    expect(h.c.state.configPath).toBe(join(h.dir, 'other.config'));
  });

  it('reports a file that cannot be written, and leaves the dialog open', async () => {
    h = await openMenu('basic');
    writeFileSync(join(h.dir, 'a-file'), '');
    await h.press('y', 'S', KEYS.ctrlU, join(h.dir, 'a-file', 'x.config'), KEYS.enter);
    // errno's reason: a file where its folder should be made.
    expect(h.frame()).toMatch(/Cannot write .*x\.config: file already exists \(EEXIST\)/);
    expect(h.c.state.overlays.at(-1)?.kind).toBe('file');
  });

  it('O opens another configuration; with unsaved changes it asks first', async () => {
    h = await openMenu('basic');
    writeFileSync(join(h.dir, 'net.config'), 'CONFIG_NET=y\nCONFIG_EXPERT=y\n');
    await toEntry(h, 'Expert');
    await h.press('n');
    await h.press('O', KEYS.ctrlU, join(h.dir, 'missing.config'), KEYS.enter);
    expect(h.frame()).toContain('missing.config does not exist');
    await h.press(KEYS.ctrlU, join(h.dir, 'net.config'), KEYS.enter);
    expect(h.frame()).toContain('Your unsaved changes will be lost');
    await h.press('y');
    expect(h.kc.symbol('NET')!.strValue).toBe('y');
    expect(h.kc.symbol('EXPERT')!.strValue).toBe('y');
    expect(h.frame()).toContain('Loaded');
    expect(h.c.state.ops).toEqual([]);
  });

  it('D saves the minimal configuration', async () => {
    h = await openMenu('basic');
    await toEntry(h, 'Networking');
    await h.press('y', 'D');
    expect(h.frame()).toContain('Save minimal configuration to: defconfig');
    await h.press(KEYS.ctrlU, join(h.dir, 'defconfig'), KEYS.enter);
    expect(readText(join(h.dir, 'defconfig'))).toBe('CONFIG_NET=y\n');
  });
});

describe('quitting', () => {
  it('asks when there are unsaved changes: c stays, y saves and quits', async () => {
    h = await openMenu('basic');
    await h.press('y', 'Q');
    expect(h.frame()).toContain('Save your changes before quitting?');
    await h.press('c');
    expect(h.c.state.exit).toBeNull();
    await h.press(KEYS.esc);
    expect(h.frame()).toContain('Save your changes before quitting?');
    await h.press('y');
    expect(h.c.state.exit).toEqual({ saved: true });
    expect(existsSync(join(h.dir, '.config'))).toBe(true);
  });

  it('n quits without saving; with nothing to save Q quits at once', async () => {
    h = await openMenu('basic');
    await h.press('y', 'q', 'n');
    expect(h.c.state.exit).toEqual({ saved: false });
    expect(existsSync(join(h.dir, '.config'))).toBe(false);
    h.cleanup();
    h = await openMenu('basic', { configText: expectedConfig(join(import.meta.dirname, 'fixtures/basic'), []) });
    await h.press('Q');
    expect(h.c.state.exit).toEqual({ saved: false });
  });

  it('Ctrl-C leaves without saving', async () => {
    h = await openMenu('basic');
    await h.press('y', KEYS.ctrlC);
    expect(h.c.state.exit).toEqual({ saved: false });
    expect(existsSync(join(h.dir, '.config'))).toBe(false);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes every kind of change, the engine following', async () => {
    h = await openMenu('basic');
    const snapshot = () => h.kc.configText();
    const states = [snapshot()];
    await toEntry(h, 'Networking');
    await h.press('y');
    states.push(snapshot());
    await h.press(KEYS.home, 'j', KEYS.enter);
    await toEntry(h, 'Count');
    await h.press(KEYS.enter, KEYS.ctrlU, '9', KEYS.enter);
    states.push(snapshot());
    await h.press(KEYS.esc, 'j', KEYS.enter, 'j', ' ');
    states.push(snapshot());
    expect(h.kc.symbol('CHOCOLATE')!.strValue).toBe('y');
    for (let i = states.length - 2; i >= 0; i--) {
      await h.press('u');
      expect(snapshot()).toBe(states[i]);
    }
    expect(h.frame()).toContain('Undone: NET=y');
    await h.press('u');
    expect(h.frame()).toContain('Nothing to undo');
    for (let i = 1; i < states.length; i++) {
      await h.press(i % 2 ? 'r' : KEYS.ctrlR);
      expect(snapshot()).toBe(states[i]);
    }
    expect(h.frame()).toContain('Redone: CHOCOLATE=y');
    // A new change drops what could be redone.
    await h.press('u', 'u');
    await h.press(KEYS.esc, 'j', 'n');
    expect(h.kc.symbol('NET')!.strValue).toBe('n');
    await h.press('r');
    expect(h.frame()).toContain('Nothing to redo');
  });

  it('after undoing back to the saved state there is nothing to save', async () => {
    h = await openMenu('basic');
    await h.press('S', KEYS.enter);
    expect(h.frame()).not.toContain('[unsaved changes]');
    await h.press('y');
    expect(h.frame()).toContain('[unsaved changes]');
    await h.press('u');
    expect(h.frame()).not.toContain('[unsaved changes]');
    await h.press('r');
    expect(h.frame()).toContain('[unsaved changes]');
  });
});

describe('changes since the last save (v)', () => {
  it('lists every value that differs, consequences included, and jumps to one', async () => {
    h = await openMenu('basic');
    await h.press('S', KEYS.enter);
    await toEntry(h, 'Networking');
    await h.press('y');
    let f = await h.press('v');
    expect(f).toContain('NET: n -> y');
    // NET brings IPv6 (default y) and the promptless helper along.
    expect(f).toContain('NET_IPV6: n -> y');
    expect(f).toContain('HIDDEN_HELPER: n -> y');
    // Sorted by name: HIDDEN_HELPER, NET, NET_IPV6.
    await h.press('jj', KEYS.enter);
    expect(h.c.selectedNode()?.sym?.name).toBe('NET_IPV6');
    await h.press('S', KEYS.enter, 'v');
    f = h.frame();
    expect(f).toContain('no changes');
    expect(lineWith(f, 'differ from')).toContain('0 values differ');
  });

  it('one value differs, two values differ', async () => {
    h = await openMenu('basic');
    await h.press('S', KEYS.enter);
    await toEntry(h, 'Expert mode');
    await h.press('y', 'v');
    expect(lineWith(h.frame(), 'from')).toContain('1 value differs from');
  });
});

describe('where the configuration is read from', () => {
  it('falls back to $srctree as conf does, and refuses a directory', () => {
    const src = scratchTree('basic');
    writeFileSync(join(src, 'from-srctree.config'), 'CONFIG_EXPERT=y\n');
    // Started in another directory (an O= build), with srctree pointing at the tree.
    const out = mkdtempSync(join(tmpdir(), 'ukconfig-ui-out-'));
    const kc = loadKconfig('Kconfig', { cwd: out, env: { ...process.env, srctree: src, UKCONFIG_CACHE: '0' }, output: silent, incremental: true });
    const made = createMenu({ kc, configPath: 'from-srctree.config', reasoner: null, resolverProblem: 'not needed' });
    if (!('controller' in made)) throw new Error(made.error);
    expect(kc.symbol('EXPERT')!.strValue).toBe('y');
    made.controller.session.dispose();
    mkdirSync(join(out, 'adir'));
    expect(createMenu({ kc, configPath: join(out, 'adir'), reasoner: null, resolverProblem: 'not needed' })).toEqual({ error: `${join(out, 'adir')} is a directory` });
  });
});
