/**
 * FNV-1a, 64-bit, over the low byte of each char (latin1 strings are bytes).
 * Computed in two 32-bit halves: BigInt arithmetic was a visible part of a
 * conf run, and node:crypto costs ~3 ms to load for a hash that needs no
 * strength (every use checks what it finds).
 */

/** An offset basis as [high 32 bits, low 32 bits]; this one is FNV's own. */
const FNV_BASIS: readonly [number, number] = [0xcbf29ce4, 0x84222325];

/** The hash as 16 hex digits. */
export function fnv1a64(text: string, basis: readonly [number, number] = FNV_BASIS): string {
  let [hi, lo] = basis;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ (text.charCodeAt(i) & 0xff)) >>> 0;
    // h * 0x100000001b3 mod 2^64 = h * 0x1b3 + (h << 40)
    const low = lo * 0x1b3;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(low / 0x100000000) + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
