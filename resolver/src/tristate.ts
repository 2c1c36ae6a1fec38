/**
 * Sets of tristate values as 3-bit masks (n = 1, m = 2, y = 4), with the
 * Kconfig operators lifted to sets. A set holds every value a node can take
 * while some inputs are still open; a single bit is a known value.
 */
export type Tri = 0 | 1 | 2;
export type Mask = number;

export const N: Mask = 1;
export const M: Mask = 2;
export const Y: Mask = 4;
export const ANY: Mask = 7;
export const NY: Mask = N | Y;

export const TRI_LETTER = ['n', 'm', 'y'] as const;

export function maskOf(t: Tri): Mask {
  return 1 << t;
}

export function isSingle(m: Mask): boolean {
  return m === N || m === M || m === Y;
}

/** The value of a one-value set. */
export function single(m: Mask): Tri {
  return m === Y ? 2 : m === M ? 1 : 0;
}

export function highest(m: Mask): Tri {
  return m & Y ? 2 : m & M ? 1 : 0;
}

export function lowest(m: Mask): Tri {
  return m & N ? 0 : m & M ? 1 : 2;
}

function table(op: (a: number, b: number) => number): Uint8Array {
  const t = new Uint8Array(64);
  for (let a = 0; a < 8; a++)
    for (let b = 0; b < 8; b++) {
      let r = 0;
      for (let i = 0; i < 3; i++) if (a & (1 << i)) for (let j = 0; j < 3; j++) if (b & (1 << j)) r |= 1 << op(i, j);
      t[(a << 3) | b] = r;
    }
  return t;
}
const MIN = table(Math.min);
const MAX = table(Math.max);

export function mmin(a: Mask, b: Mask): Mask {
  return MIN[(a << 3) | b];
}
export function mmax(a: Mask, b: Mask): Mask {
  return MAX[(a << 3) | b];
}
export function mnot(a: Mask): Mask {
  return ((a & 1) << 2) | (a & 2) | ((a & 4) >> 2);
}
/** A bool (or a tristate without modules) shows m as y. */
export function promote(a: Mask): Mask {
  return a & M ? (a & ~M) | Y : a;
}
/** Values other than n. */
export function nonZero(a: Mask): Mask {
  return a & ~N;
}
/** {y} when some pair compares true, {n} when some compares false. */
export function compareMasks(a: Mask, b: Mask, test: (x: number, y: number) => boolean): Mask {
  let r = 0;
  for (let i = 0; i < 3; i++) if (a & (1 << i)) for (let j = 0; j < 3; j++) if (b & (1 << j)) r |= test(i, j) ? Y : N;
  return r;
}
