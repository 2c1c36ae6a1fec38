/**
 * Number parsing with the C library's strtoll/strtoull rules, which decide how
 * Kconfig compares values and clamps ranges: base prefixes, leading white
 * space, partial parses and saturation on overflow.
 */

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);
const ULLONG_MAX = (1n << 64n) - 1n;

export interface CNumber {
  value: bigint;
  /** Index just past the last character used (0 when nothing was parsed). */
  end: number;
  /** The C library would have set errno to ERANGE. */
  overflow: boolean;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

export function isXDigit(c: number): boolean {
  return digitValue(c) < 16;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Magnitude and sign as the C parsers see them, before range handling. */
function scan(str: string, base: number): { neg: boolean; mag: bigint; end: number; any: boolean } {
  let i = 0;
  while (i < str.length && isSpace(str.charCodeAt(i))) i++;
  let neg = false;
  const sign = str.charCodeAt(i);
  if (sign === 0x2d || sign === 0x2b) {
    neg = sign === 0x2d;
    i++;
  }
  if (
    (base === 0 || base === 16) &&
    str.charCodeAt(i) === 0x30 &&
    (str.charCodeAt(i + 1) | 0x20) === 0x78 &&
    isXDigit(str.charCodeAt(i + 2))
  ) {
    i += 2;
    base = 16;
  } else if (base === 0) {
    base = str.charCodeAt(i) === 0x30 ? 8 : 10;
  }
  const start = i;
  let mag = 0n;
  // Small values are accumulated as numbers first: BigInt steps are slow.
  let small = 0;
  let bigMode = false;
  const b = BigInt(base);
  while (i < str.length) {
    const d = digitValue(str.charCodeAt(i));
    if (d >= base) break;
    if (!bigMode) {
      small = small * base + d;
      if (small > 2 ** 48) {
        bigMode = true;
        mag = BigInt(small);
      }
    } else {
      mag = mag * b + BigInt(d);
    }
    i++;
  }
  if (!bigMode) mag = BigInt(small);
  const any = i > start;
  if (!any) {
    // "0x" without digits parses as the 0 before the x.
    return { neg: false, mag: 0n, end: 0, any: false };
  }
  return { neg, mag, end: i, any };
}

export function strtoll(str: string, base: number): CNumber {
  const s = scan(str, base);
  if (!s.any) return { value: 0n, end: 0, overflow: false };
  if (s.neg) {
    if (s.mag > -LLONG_MIN) return { value: LLONG_MIN, end: s.end, overflow: true };
    return { value: -s.mag, end: s.end, overflow: false };
  }
  if (s.mag > LLONG_MAX) return { value: LLONG_MAX, end: s.end, overflow: true };
  return { value: s.mag, end: s.end, overflow: false };
}

export function strtoull(str: string, base: number): CNumber {
  const s = scan(str, base);
  if (!s.any) return { value: 0n, end: 0, overflow: false };
  if (s.mag > ULLONG_MAX) return { value: ULLONG_MAX, end: s.end, overflow: true };
  return { value: s.neg ? (ULLONG_MAX + 1n - s.mag) & ULLONG_MAX : s.mag, end: s.end, overflow: false };
}

/** strtoll without the details: the value only, for range arithmetic. */
export function cValue(str: string, base: number): bigint {
  return strtoll(str, base).value;
}

/** Reinterprets a signed 64-bit value as unsigned, as a C cast does. */
export function asUnsigned(v: bigint): bigint {
  return v < 0n ? v + ULLONG_MAX + 1n : v;
}

/** Result of strtol on a 64-bit long: like strtoll. */
export const strtol = strtoll;
