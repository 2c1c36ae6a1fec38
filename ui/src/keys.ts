/**
 * Turns what the terminal sends into key presses. Ink hands us its input
 * events: an escape sequence on its own, or a run of plain text that may hold
 * several keys typed (or replayed) faster than one read ('jjj'). Each plain
 * character becomes its own key; an escape sequence we do not know becomes
 * nothing, so that its bytes are never taken for commands ('[1;5A' must not
 * toggle show-all through its 'A').
 */

export type KeyName =
  | 'char'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'enter'
  | 'escape'
  | 'backspace'
  | 'delete'
  | 'tab'
  | 'ctrl'
  | 'mouse';

export interface MouseEvent {
  kind: 'press' | 'release' | 'wheelup' | 'wheeldown';
  button: number;
  /** 0-based cell coordinates. */
  x: number;
  y: number;
}

export interface Key {
  name: KeyName;
  /** The character for 'char' keys, the letter for 'ctrl' keys (Ctrl-C: 'c'). */
  ch: string;
  mouse?: MouseEvent;
}

const ESC = '\u001b';

const CSI_FINAL: Record<string, KeyName> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
};

const CSI_TILDE: Record<string, KeyName> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '5': 'pageup',
  '6': 'pagedown',
  '3': 'delete',
};

function key(name: KeyName, ch = ''): Key {
  return { name, ch };
}

/** Keys in one input event (see the module comment). */
export function decodeInput(event: string): Key[] {
  if (event.startsWith(ESC)) {
    // Esc typed just before a key arrives glued to it ('\x1bj'); no command uses Alt, so it is Esc then the key.
    if (event.length === 2 && event[1] !== '[' && event[1] !== 'O' && event[1] !== ESC) return [key('escape'), decodeChar(event[1])];
    const k = decodeEscape(event);
    return k ? [k] : [];
  }
  const out: Key[] = [];
  for (const ch of event) out.push(decodeChar(ch));
  return out;
}

function decodeChar(ch: string): Key {
  switch (ch) {
    case '\r':
    case '\n':
      return key('enter');
    case '\t':
      return key('tab');
    case '\u007f':
    case '\b':
      return key('backspace');
    default:
      break;
  }
  const code = ch.codePointAt(0)!;
  if (code < 0x20) return key('ctrl', String.fromCharCode(code + 0x60));
  return key('char', ch);
}

function decodeEscape(seq: string): Key | null {
  if (seq === ESC || seq === ESC + ESC) return key('escape');
  let body = seq.slice(1);
  if (body.startsWith(ESC)) body = body.slice(1);
  if (body.length === 1) return body === '[' || body === 'O' ? key('escape') : decodeChar(body);
  const mouse = /^\[<(\d+);(\d+);(\d+)([Mm])$/.exec(body);
  if (mouse) return decodeMouse(Number(mouse[1]), Number(mouse[2]), Number(mouse[3]), mouse[4] === 'M');
  if (body[0] === 'O' && body.length === 2) {
    const name = CSI_FINAL[body[1]];
    return name ? key(name) : null;
  }
  if (body[0] !== '[') return null;
  const params = body.slice(1, -1);
  const final = body[body.length - 1];
  if (final === '~') {
    const name = CSI_TILDE[params.split(';')[0]];
    return name ? key(name) : null;
  }
  // Modified arrows ('[1;5A') are plain arrows here; anything else is ignored.
  if (params === '' || /^1;\d+$/.test(params)) {
    const name = CSI_FINAL[final];
    return name ? key(name) : null;
  }
  return null;
}

function decodeMouse(code: number, col: number, row: number, pressed: boolean): Key | null {
  // Motion reports (bit 32) are not asked for; ignore them if a terminal sends them anyway.
  if (code & 32) return null;
  const x = col - 1;
  const y = row - 1;
  if (code & 64) {
    const kind = (code & 3) === 0 ? 'wheelup' : (code & 3) === 1 ? 'wheeldown' : null;
    return kind ? { name: 'mouse', ch: '', mouse: { kind, button: 0, x, y } } : null;
  }
  return { name: 'mouse', ch: '', mouse: { kind: pressed ? 'press' : 'release', button: code & 3, x, y } };
}

/** Escape sequences that switch mouse reporting (clicks and wheel, SGR coordinates) on and off. */
export const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
export const MOUSE_OFF = '\u001b[?1006l\u001b[?1000l';
