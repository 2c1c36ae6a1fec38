/**
 * Opening a workspace the one way every command does: which tree, loading
 * it with the engine's messages printed, filtered or kept, a tree that does
 * not load, the configuration file, and what needs an application folder.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { projectPaths, takeGlobals, TreeLoadError, UsageError, Workspace } from '../src/index.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ukconfig-ws-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** What the workspace writes to stderr while `fn` runs. */
async function stderrOf(fn: () => Promise<unknown>): Promise<string> {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += Buffer.from(chunk as Uint8Array).toString('latin1');
    return true;
  });
  await fn().catch(() => {});
  vi.restoreAllMocks();
  return text;
}

const ENV = { UKCONFIG_CACHE: '0', PATH: process.env.PATH };
const workspace = (dir: string, args: string[] = []) => new Workspace(takeGlobals(args, {}).globals, ENV, dir);

// S selects A beyond its dependency: conf warns while computing values; `X` is not a statement.
const WARNS = 'config S\n\tbool "s"\n\tdefault y\n\tselect A\nconfig A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n';
const BROKEN = 'config A\n\tbool "a"\nX\n';

describe('Workspace', () => {
  it('finds the tree of the folder it works in, and knows a Kbuild tree by its Makefile and scripts/Kconfig.include', () => {
    expect(workspace(folder({ Kconfig: WARNS })).tree()).toMatchObject({ kind: 'kconfig', kconfig: 'Kconfig', app: null });
    expect(workspace(folder({ Kconfig: WARNS, 'scripts/kconfig/conf.c': '' })).tree().kind).toBe('kconfig');
    expect(workspace(folder({ Kconfig: WARNS, Makefile: 'VERSION = 1\n', 'scripts/Kconfig.include': '' })).tree().kind).toBe('kbuild');
    expect(() => workspace(folder({})).tree()).toThrow(UsageError);
  });

  it('loads the tree with the engine messages as asked: printed, printed without unmet warnings, or kept', async () => {
    const cwd = process.cwd();
    const dir = folder({ Kconfig: WARNS, '.config': 'CONFIG_S=y\n' });
    process.chdir(dir);
    try {
      const printed = await stderrOf(async () => workspace(dir).readConfig(await workspace(dir).load()));
      expect(printed).toContain('unmet direct dependencies detected for A');
      const filtered = await stderrOf(async () => workspace(dir).readConfig(await workspace(dir).load({ messages: 'print-except-unmet' })));
      expect(filtered).toBe('');
      const kept = await stderrOf(async () => workspace(dir).readConfig(await workspace(dir).load({ messages: 'keep' })));
      expect(kept).toBe('');
    } finally {
      process.chdir(cwd);
    }
  });

  it('a tree that does not load: TreeLoadError, with conf\'s messages printed once or kept', async () => {
    const cwd = process.cwd();
    const dir = folder({ Kconfig: BROKEN });
    process.chdir(dir);
    try {
      let error: unknown;
      const printed = await stderrOf(() => workspace(dir).load().catch((e) => (error = e)));
      expect(error).toBeInstanceOf(TreeLoadError);
      expect(printed).toMatch(/^Kconfig:\d+: syntax error$/m);
      const kept = await stderrOf(() => workspace(dir).load({ messages: 'keep' }).catch((e) => (error = e)));
      expect(kept).toBe('');
      expect((error as TreeLoadError).messages).toBe(printed);
      // A root file that is not there: the engine's text is printed by the workspace.
      const missing = await stderrOf(() => new Workspace(takeGlobals(['--kconfig', 'nothere'], {}).globals, ENV, dir).load().catch((e) => (error = e)));
      expect(error).toBeInstanceOf(TreeLoadError);
      expect(missing).toBe((error as TreeLoadError).fatal.text);
      expect(missing).toContain('nothere');
    } finally {
      process.chdir(cwd);
    }
  });

  it("under a recursive dependency, conf's pointer to Linux's documentation points to ours outside Kbuild trees", async () => {
    const CYCLE = 'config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\n';
    const cwd = process.cwd();
    const plain = folder({ Kconfig: CYCLE });
    const kbuild = folder({ Kconfig: CYCLE, Makefile: 'VERSION = 6\n', 'scripts/Kconfig.include': '' });
    try {
      process.chdir(plain);
      const ours = await stderrOf(() => workspace(plain).load());
      expect(ours).toContain('symbol A depends on B');
      expect(ours).toContain(`For a resolution see ${join(projectPaths().root, 'docs', 'configuring.md')}, "Recursive dependencies"\n`);
      expect(ours).not.toContain('Documentation/kbuild');
      process.chdir(kbuild);
      const linux = await stderrOf(() => workspace(kbuild).load());
      expect(linux).toContain('For a resolution refer to Documentation/kbuild/kconfig-language.rst\nsubsection "Kconfig recursive dependency limitations"\n');
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads the configuration when there is one', async () => {
    const cwd = process.cwd();
    const dir = folder({ Kconfig: WARNS, 'other.config': 'CONFIG_B=y\n' });
    mkdirSync(join(dir, 'adir'));
    process.chdir(dir);
    try {
      const kc = await workspace(dir).load({ messages: 'keep' });
      expect(workspace(dir).readConfig(kc)).toBe('missing');
      expect(workspace(dir, ['--config', 'other.config']).readConfig(kc)).toBe('read');
      expect(kc.symbol('B')!.strValue).toBe('y');
      expect(workspace(dir, ['--config', 'adir']).readConfig(kc)).toBe('unreadable');
    } finally {
      process.chdir(cwd);
    }
  });

  it('build and run need an application folder: a usage error without the usage line elsewhere', () => {
    let error: unknown;
    try {
      workspace(folder({ Kconfig: WARNS })).requireApp();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/is not an application folder/);
    expect((error as UsageError).showUsage).toBe(false);
    const app = folder({ 'Config.uk': '', 'library.uk': '' });
    expect(workspace(app).requireApp()).toBe(app);
  });
});
