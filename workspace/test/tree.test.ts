/**
 * Application folders select the pools tree with the application's
 * options (workspace/src/tree.ts), whether entered with -C/--app or already current.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKconfig } from 'kconfig-parser-ts';
import { describe, expect, it } from 'vitest';
import { chooseTree, projectPaths, takeGlobals, UsageError } from '../src/index.js';

const { root, poolsKconfig } = projectPaths();
const helloworld = join(root, 'examples', 'helloworld');
const globals = takeGlobals([]).globals;

describe('-C / --app', () => {
  it('are taken anywhere before --, and what follows -- is left alone', () => {
    expect(takeGlobals(['build', '-C', 'x']).globals.dir).toBe('x');
    expect(takeGlobals(['--app', 'y', 'build']).globals.dir).toBe('y');
    expect(takeGlobals(['--app=z']).globals.dir).toBe('z');
    const r = takeGlobals(['run', '--plat', 'kvm', '--', '-C', 'guest', '--config', 'c']);
    expect(r.globals.dir).toBeNull();
    expect(r.globals.config).toBe('.config');
    expect(r.rest).toEqual(['run', '--plat', 'kvm', '--', '-C', 'guest', '--config', 'c']);
    expect(() => takeGlobals(['-C'])).toThrow(UsageError);
  });
});

describe('chooseTree', () => {
  it('an application folder: the pools tree, with the application options reachable', () => {
    const choice = chooseTree(globals, { PATH: process.env.PATH }, helloworld);
    expect(choice.app).toBe(helloworld);
    expect(choice.kconfig).toBe(poolsKconfig);
    const kc = loadKconfig(choice.kconfig, { env: choice.env, extensions: true, output: { stdout: () => {}, stderr: () => {} } });
    expect(kc.symbol('APPHELLOWORLD')?.locations).toEqual([{ file: join(helloworld, 'Config.uk'), line: 3 }]);
    expect(kc.symbol('APPHELLOWORLD')?.strValue).toBe('y');
  });

  it('--kconfig still decides the tree', () => {
    const choice = chooseTree({ ...globals, kconfig: 'other/Kconfig' }, {}, helloworld);
    expect(choice.kconfig).toBe('other/Kconfig');
    expect(choice.app).toBe(helloworld);
  });

  it('for a command about the pools: outside an application folder, the pools alone (a UK_APP set outside ignored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-tree-'));
    try {
      writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool\n');
      const choice = chooseTree(globals, { UK_APP: '../examples/helloworld' }, dir, { pools: true });
      expect(choice).toMatchObject({ kind: 'pools', kconfig: poolsKconfig, app: null });
      expect(choice.env.UK_APP).toBeUndefined();
      const kc = loadKconfig(choice.kconfig, { env: choice.env, extensions: true, output: { stdout: () => {}, stderr: () => {} } });
      expect(kc.symbol('LIBUKBOOT')?.isDefined).toBe(true);
      expect(kc.symbol('APPHELLOWORLD')).toBeNull();
      // In an application folder the application comes too, and --kconfig still decides.
      expect(chooseTree(globals, {}, helloworld, { pools: true }).kind).toBe('app');
      expect(chooseTree({ ...globals, kconfig: 'other/Kconfig' }, {}, dir, { pools: true }).kind).toBe('kconfig');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('elsewhere: ./Kconfig, or a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-tree-'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(() => chooseTree(globals, {}, dir)).toThrow(/no Kconfig tree here/);
      writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool\n');
      expect(chooseTree(globals, {}, dir)).toMatchObject({ kconfig: 'Kconfig', app: null });
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
