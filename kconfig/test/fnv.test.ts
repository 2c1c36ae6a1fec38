/**
 * The 64-bit FNV-1a hash names recorded probe outputs (shared with the C
 * shim that replays them for conf) and cache files: it must be the real
 * FNV-1a over bytes, checked against values computed independently.
 */
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../src/fnv.js';
import { commandKey } from '../src/shell.js';

describe('fnv1a64', () => {
  it("gives FNV-1a's published values", () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes every byte value, carries included', () => {
    let bytes = '';
    for (let i = 0; i < 256; i++) bytes += String.fromCharCode(i);
    expect(fnv1a64(bytes.repeat(3))).toBe('4f33c513c2e95c25');
  });

  it("names a command's recording as the shim does (its offset basis)", () => {
    expect(commandKey('echo y')).toBe('be47e4cda35de435');
  });
});
