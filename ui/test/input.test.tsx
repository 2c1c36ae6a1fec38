/**
 * Input decoding (terminal byte sequences to keys), the mouse, colours and
 * NO_COLOR, and the engine's enums at run time (the menu reads them).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExprType, PropType } from 'kconfig-parser-ts';
import { decodeInput } from '../src/keys.js';
import { LIST_TOP } from '../src/layout.js';
import { themeFor } from '../src/theme.js';
import { KEYS, loadTree, openMenu, scratchTree, type Harness } from './helpers.js';

let h: Harness;
afterEach(() => h?.cleanup());

const names = (s: string) => decodeInput(s).map((k) => (k.name === 'char' || k.name === 'ctrl' ? `${k.name}:${k.ch}` : k.name));

describe('key decoding', () => {
  it('splits plain text into one key per character', () => {
    expect(names('jjk')).toEqual(['char:j', 'char:j', 'char:k']);
    expect(names('é/')).toEqual(['char:é', 'char:/']);
    expect(names('\r\u007f\t\u0003')).toEqual(['enter', 'backspace', 'tab', 'ctrl:c']);
  });

  it('knows the usual escape sequences and ignores unknown ones', () => {
    expect(names('\u001b[A')).toEqual(['up']);
    expect(names('\u001bOB')).toEqual(['down']);
    expect(names('\u001b[1;5C')).toEqual(['right']);
    expect(names('\u001b[5~')).toEqual(['pageup']);
    expect(names('\u001b[6~')).toEqual(['pagedown']);
    expect(names('\u001b[1~')).toEqual(['home']);
    expect(names('\u001b[4~')).toEqual(['end']);
    expect(names('\u001b[H')).toEqual(['home']);
    expect(names('\u001b[F')).toEqual(['end']);
    expect(names('\u001b')).toEqual(['escape']);
    // An unknown sequence must not turn into letters (its 'A' would toggle show-all).
    expect(names('\u001b[1;2;3A')).toEqual([]);
    expect(names('\u001b[200~')).toEqual([]);
  });

  it('reads Esc glued to the next key as Esc, then the key', () => {
    expect(names('\u001bj')).toEqual(['escape', 'char:j']);
  });

  it('decodes SGR mouse reports', () => {
    const [press] = decodeInput('\u001b[<0;5;3M');
    expect(press.mouse).toEqual({ kind: 'press', button: 0, x: 4, y: 2 });
    expect(decodeInput('\u001b[<64;1;1M')[0].mouse?.kind).toBe('wheelup');
    expect(decodeInput('\u001b[<65;1;1M')[0].mouse?.kind).toBe('wheeldown');
    expect(decodeInput('\u001b[<0;5;3m')[0].mouse?.kind).toBe('release');
    expect(decodeInput('\u001b[<32;5;3M')).toEqual([]);
  });
});

describe('mouse', () => {
  it('a click selects a row, a second click opens it; the wheel moves', async () => {
    h = await openMenu('basic');
    // Row 1 of the list is "Basics".
    await h.press(KEYS.click(10, LIST_TOP + 1));
    expect(h.c.selectedNode()?.promptText).toBe('Basics');
    await h.press(KEYS.click(10, LIST_TOP + 1));
    expect(h.frame()).toContain('Test menu > Basics');
    await h.press(KEYS.wheelDown(10, 5));
    expect(h.c.cursorIndex()).toBe(3);
    await h.press(KEYS.wheelUp(10, 5));
    expect(h.c.cursorIndex()).toBe(0);
    // Clicks outside the list change nothing.
    await h.press(KEYS.click(10, 0), KEYS.click(10, 22));
    expect(h.c.cursorIndex()).toBe(0);
  });

  it('a click on a value entry that is already selected changes it', async () => {
    h = await openMenu('basic');
    const before = h.kc.symbol('MODULES')!.strValue;
    // The cursor starts on MODULES: one click changes it.
    await h.press(KEYS.click(3, LIST_TOP));
    expect(h.kc.symbol('MODULES')!.strValue).not.toBe(before);
  });

  it('wheel and clicks work in the search results', async () => {
    h = await openMenu('basic');
    await h.press('/', 'e');
    await h.press(KEYS.wheelDown(5, 5));
    expect(h.c.state.overlays.at(-1)).toMatchObject({ kind: 'search', cursor: 3 });
    await h.press(KEYS.click(5, LIST_TOP), KEYS.click(5, LIST_TOP));
    expect(h.c.state.overlays).toEqual([]);
  });
});

describe('colours', () => {
  const BASIC = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey']);
  it('uses only the 16 basic colours', () => {
    for (const style of Object.values(themeFor({}))) {
      for (const c of [style.color, style.backgroundColor]) if (c !== undefined) expect(BASIC.has(c.replace(/Bright$/, ''))).toBe(true);
    }
  });

  it('uses none when NO_COLOR is set, but keeps the selection visible', () => {
    const plain = themeFor({ NO_COLOR: '1' });
    for (const style of Object.values(plain)) {
      expect(style.color).toBeUndefined();
      expect(style.backgroundColor).toBeUndefined();
    }
    expect(plain.selected.inverse).toBe(true);
    // An empty NO_COLOR does not count (no-color.org).
    expect(themeFor({ NO_COLOR: '' }).title.backgroundColor).toBeDefined();
  });
});

describe('engine enums the menu reads', () => {
  it('exist at run time and match what the engine produces', () => {
    const kc = loadTree(scratchTree('basic'));
    expect(kc.parseExpr('ALPHA && BETA').type).toBe(ExprType.And);
    expect(kc.parseExpr('ALPHA || BETA').type).toBe(ExprType.Or);
    const net = kc.symbol('NET')!.nodes[0];
    const alpha = kc.symbol('ALPHA')!.nodes[0];
    expect(net.prompt!.type).toBe(PropType.Menu);
    expect(alpha.prompt!.type).not.toBe(PropType.Menu);
    let menuKind = -1;
    kc.walkMenu((n) => {
      if (n.kind === 'menu') menuKind = n.prompt!.type;
    });
    expect(menuKind).toBe(PropType.Menu);
  });
});
