// Unit tests of the conformance harness's own helpers (no oracle needed).
import { describe, expect, test } from 'vitest';
import { dropSymbolLines, renamePrefix, staleAutoConf } from './config-edits.js';
import { Prng } from '../fuzz/mutate.js';
import { splitCommand } from './oracle.js';
import { parsePytestSummary } from './pytest-summary.js';
import { unifiedDiff } from './text-diff.js';

describe('unifiedDiff', () => {
  test('shows changed lines with context and line numbers', () => {
    const a = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
    const b = Buffer.from(a.toString().replace('line 50\n', 'LINE 50\n').replace('line 90\n', ''));
    const d = unifiedDiff(a, b, 'conf', 'ours');
    expect(d).toContain('--- conf');
    expect(d).toContain('@@ -49 +49 @@');
    expect(d).toContain('-line 50\n+LINE 50');
    expect(d).toContain('-line 90');
    expect(d).not.toContain('line 10\n');
  });
  test('limits the output and reports a missing final newline', () => {
    const a = Buffer.from(Array.from({ length: 500 }, (_, i) => `a${i}`).join('\n'));
    const b = Buffer.from(Array.from({ length: 500 }, (_, i) => `b${i}`).join('\n') + '\n');
    const d = unifiedDiff(a, b, 'conf', 'ours', 40);
    expect(d.split('\n').length).toBeLessThan(50);
    expect(d).toContain('more diff lines');
    expect(d).toContain('conf: no newline at end of file');
  });
  test('escapes control characters', () => {
    expect(unifiedDiff(Buffer.from('x\r\n'), Buffer.from('x\n'), 'a', 'b')).toContain('-x\\r');
  });
});

describe('config edits', () => {
  const config = '#\n# head\n#\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C="s"\nCONFIG_D=4\n';
  test('dropSymbolLines drops every n-th symbol line only', () => {
    expect(dropSymbolLines(config, 2, 0)).toBe('#\n# head\n#\n# CONFIG_B is not set\nCONFIG_D=4\n');
  });
  test('renamePrefix renames both line forms', () => {
    expect(renamePrefix(config, 'CONFIG_', 'X_')).toContain('# X_B is not set\nX_C="s"');
  });
  test('staleAutoConf changes something and keeps the header', () => {
    const s = staleAutoConf('#\n# Automatically generated file; DO NOT EDIT.\n#\nCONFIG_A=y\nCONFIG_B=y\n');
    expect(s.startsWith('#\n# Automatically')).toBe(true);
    expect(s).toContain('CONFIG_UKCONFIG_REMOVED_SYMBOL=y');
    expect(s).not.toContain('CONFIG_A=y');
  });
});

describe('splitCommand', () => {
  test('handles quotes and escapes', () => {
    expect(splitCommand(`node  '/a b/c.js' conf "x \\"y\\"" z\\ w`)).toEqual(['node', '/a b/c.js', 'conf', 'x "y"', 'z w']);
  });
});

describe('parsePytestSummary', () => {
  test('reads the counts of the last line', () => {
    expect(parsePytestSummary('...\n=========== 2 failed, 15 passed in 1.53s ===========\n')).toEqual({ failed: 2, passed: 15 });
  });
});

describe('fuzz corpus', () => {
  test('Prng is reproducible and in range', () => {
    const r1 = new Prng(42);
    const r2 = new Prng(42);
    const xs = Array.from({ length: 1000 }, () => r1.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => r2.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});
