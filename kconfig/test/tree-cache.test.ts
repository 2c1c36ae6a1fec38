/**
 * The tree cache gives exactly the tree a parse gives, and is not used once
 * any input of the parse has changed.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadKconfig, type Kconfig } from '../src/index.js';
import { SourceRecheck } from '../src/source-path.js';

let dir: string;
let cacheDir: string;
let printed: string[];

const TREE: Record<string, string> = {
  Kconfig:
    'mainmenu "cache test $(TITLE)"\n$(info,parsing)\nconfig A\n\tbool "a"\n\tdefault $(shell,cat flag)\n' +
    'rsource "sub/*.kc"\nchoice\n\tprompt "c"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\nendchoice\n' +
    'config S\n\tstring "s"\n\tdefault "$(TITLE)"\n\thelp\n\t  Some help.\n',
  'sub/one.kc': 'config ONE\n\ttristate "one"\n\tdepends on A\n\tselect TWO\nconfig TWO\n\tbool\n\trange 1 2\n',
  flag: 'y\n',
};


function load(env: Record<string, string> = {}, cwd = dir): Kconfig {
  return loadKconfig('Kconfig', {
    cwd,
    extensions: true,
    env: { PATH: process.env.PATH, UKCONFIG_CACHE_DIR: cacheDir, UKCONFIG_CACHE_MIN_MS: '0', TITLE: 't1', ...env },
    output: { stdout: (t) => printed.push('out:' + t), stderr: (t) => printed.push('err:' + t) },
  });
}

/** Everything observable about a loaded tree. */
function describeTree(kc: Kconfig): string {
  const parts: string[] = [kc.configText(), kc.rootMenu.prompt!.text!, String(kc.fileList.map((f) => f.name))];
  kc.walkMenu((n, d) => parts.push(`${d}:${n.kind}:${n.promptText}:${n.sym?.name}:${n.file.name}:${n.lineno}:${n.help}`));
  for (const s of kc.allSymbols()) parts.push(`${s.name}:${s.typeName}:${s.flags}:${s.props.length}:${s.selectedBy.length}`);
  return parts.join('\n');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-cache-'));
  cacheDir = join(dir, '.cache');
  printed = [];
  mkdirSync(join(dir, 'sub'));
  for (const [p, t] of Object.entries(TREE)) writeFileSync(join(dir, p), t);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('tree cache', () => {
  it('restores the same tree and prints what the parse printed', () => {
    const fresh = describeTree(load());
    const firstOutput = printed.join('');
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).length).toBe(1);
    printed = [];
    const cached = describeTree(load());
    expect(cached).toBe(fresh);
    expect(printed.join('')).toBe(firstOutput);
    expect(firstOutput).toContain('parsing');
  });

  /** Loads once to fill the cache, checks that a second load hits it, applies `change`, expects `seen` after. */
  function invalidatedBy(change: () => Record<string, string> | void, seen: string): void {
    const before = describeTree(load());
    expect(describeTree(load())).toBe(before);
    const env = change() ?? {};
    const first = describeTree(load(env));
    expect(first).toContain(seen);
    expect(before).not.toContain(seen);
    // ...and the new result is what is cached from now on.
    expect(describeTree(load(env))).toBe(first);
  }

  it('looks up each file it was read from once when checking it (the parse resolves most names twice)', () => {
    writeFileSync(join(dir, 'Kconfig'), 'source "a.kc"\nsource "b.kc"\nconfig X\n\tbool "x"\n');
    writeFileSync(join(dir, 'a.kc'), 'config A\n\tbool "a"\n');
    writeFileSync(join(dir, 'b.kc'), 'config B\n\tbool "b"\n');
    const fresh = describeTree(load());
    const lookups = vi.spyOn(SourceRecheck.prototype, 'locate');
    expect(describeTree(load())).toBe(fresh);
    expect(lookups.mock.calls.map(([name]) => name).sort()).toEqual(['Kconfig', 'a.kc', 'b.kc']);
    lookups.mockRestore();
    // Still checked: a changed file is seen.
    writeFileSync(join(dir, 'b.kc'), 'config B\n\tbool "bee"\n');
    utimesSync(join(dir, 'b.kc'), new Date(), new Date(Date.now() + 5000));
    expect(describeTree(load())).toContain('bee');
  });

  it('is not used once a Kconfig file changed (same size, new time)', () =>
    invalidatedBy(() => {
      writeFileSync(join(dir, 'sub/one.kc'), TREE['sub/one.kc'].replace('"one"', '"uno"'));
      utimesSync(join(dir, 'sub/one.kc'), new Date(), new Date(Date.now() + 5000));
    }, 'uno'));

  it('is not used once a Kconfig file changed with its old time put back (cp -p, same size)', () =>
    invalidatedBy(() => {
      const file = join(dir, 'sub/one.kc');
      const { atime, mtime } = statSync(file);
      writeFileSync(file, TREE['sub/one.kc'].replace('"one"', '"eno"'));
      utimesSync(file, atime, mtime);
    }, 'eno'));

  it('is not used once a file appears in the working directory that shadows the one under $srctree', () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'flag'), TREE.flag); // the probe runs in the working directory
    const fromOut = () => describeTree(load({ srctree: dir }, out));
    const before = fromOut();
    expect(fromOut()).toBe(before);
    mkdirSync(join(out, 'sub'));
    writeFileSync(join(out, 'sub/one.kc'), 'config SHADOW\n\tbool "shadow"\n');
    const after = fromOut();
    expect(after).toContain('SHADOW');
    expect(before).not.toContain('SHADOW');
  });

  it('is not used once a file under $srctree changed, its directory missing from the working directory (O= build)', () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'flag'), TREE.flag);
    const fromOut = () => describeTree(load({ srctree: dir }, out));
    const before = fromOut();
    expect(fromOut()).toBe(before);
    const file = join(dir, 'sub/one.kc');
    writeFileSync(file, TREE['sub/one.kc'].replace('"one"', '"uno"'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(fromOut()).toContain('uno');
    // Gone: the parse (not the cache) finds the glob empty.
    rmSync(file);
    expect(fromOut).toThrow(/can't open file "sub\/\*\.kc"/);
  });

  it('reads help texts from the entry it was loaded from, even once that file is replaced', () => {
    const fresh = describeTree(load());
    expect(fresh).toContain('Some help.');
    const kc = load();
    const file = join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.bin'))!);
    writeFileSync(`${file}.new`, 'UKKCACHE garbage');
    renameSync(`${file}.new`, file);
    expect(describeTree(kc)).toBe(fresh);
  });

  it('is not used once an environment variable read by a macro changed', () =>
    invalidatedBy(() => ({ TITLE: 't2' }), 'cache test t2'));

  it('is not used once a $(shell) probe prints something else', () =>
    invalidatedBy(() => {
      writeFileSync(join(dir, 'flag'), 'n\n');
    }, '# CONFIG_A is not set'));

  it('is not used once a source glob matches another file', () =>
    invalidatedBy(() => {
      writeFileSync(join(dir, 'sub/two.kc'), 'config THREE\n\tbool "three"\n');
    }, 'THREE'));

  it('checks a source glob by the identity of what it read, once that has settled, without expanding it', async () => {
    // What the glob reads must be older than tree-cache.ts's SETTLED_MS when the tree is parsed.
    await new Promise((r) => setTimeout(r, 2100));
    const before = describeTree(load());
    const fastGlob = createRequire(import.meta.url)('fast-glob') as typeof import('fast-glob');
    const expand = vi.spyOn(fastGlob, 'sync');
    try {
      expect(describeTree(load())).toBe(before);
      expect(expand).not.toHaveBeenCalled();
      writeFileSync(join(dir, 'sub/two.kc'), 'config THREE\n\tbool "three"\n');
      const after = describeTree(load());
      expect(after).toContain('THREE');
      expect(before).not.toContain('THREE');
      expect(expand).toHaveBeenCalled();
    } finally {
      expand.mockRestore();
    }
  });

  it('ignores a damaged cache file', () => {
    const fresh = describeTree(load());
    const file = readdirSync(cacheDir).find((f) => f.endsWith('.bin'))!;
    writeFileSync(join(cacheDir, file), 'UKKCACHE garbage');
    expect(describeTree(load())).toBe(fresh);
  });

  it('keeps at most 8 trees', () => {
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(dir, `K${i}`), `config R${i}\n\tbool "r"\n`);
      loadKconfig(`K${i}`, { cwd: dir, env: { UKCONFIG_CACHE_DIR: cacheDir, UKCONFIG_CACHE_MIN_MS: '0' }, output: { stdout() {}, stderr() {} } });
    }
    const files = readdirSync(cacheDir);
    const entries = files.filter((f) => f.endsWith('.bin'));
    expect(entries).toHaveLength(8);
  });

  it('can be turned off', () => {
    load({ UKCONFIG_CACHE: '0' });
    expect(() => readdirSync(cacheDir)).toThrow();
  });
});
