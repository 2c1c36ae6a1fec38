/**
 * FNV-1a, 64-bit, over the low byte of each char (latin1 strings are bytes).
 * Computed in four 16-bit limbs: every intermediate stays a small integer,
 * which V8 keeps unboxed even before it optimises (conf's run is mostly
 * over by then); two 32-bit halves made a heap number per byte and took
 * 2-3x as long on the ~90 probe commands of a Linux run. BigInt arithmetic
 * was slower still, and node:crypto costs ~3 ms to load for a hash that
 * needs no strength (every use checks what it finds).
 */

/** An offset basis as [high 32 bits, low 32 bits]; this one is FNV's own. */
const FNV_BASIS: readonly [number, number] = [0xcbf29ce4, 0x84222325];

/** The hash as 16 hex digits. */
export function fnv1a64(text: string, basis: readonly [number, number] = FNV_BASIS): string {
  let h3 = basis[0] >>> 16;
  let h2 = basis[0] & 0xffff;
  let h1 = basis[1] >>> 16;
  let h0 = basis[1] & 0xffff;
  for (let i = 0; i < text.length; i++) {
    h0 ^= text.charCodeAt(i) & 0xff;
    // h * 0x100000001b3 mod 2^64 = h * 0x1b3 + (h << 40), limb by limb with carries.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + (t1 >>> 16) + (h0 << 8);
    h3 = (h3 * 0x1b3 + (t2 >>> 16) + (h1 << 8)) & 0xffff;
    h2 = t2 & 0xffff;
    h1 = t1 & 0xffff;
    h0 = t0 & 0xffff;
  }
  return limb(h3) + limb(h2) + limb(h1) + limb(h0);
}

function limb(n: number): string {
  return n.toString(16).padStart(4, '0');
}
