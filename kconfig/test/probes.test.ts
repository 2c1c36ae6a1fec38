/**
 * $(shell) probes run in parallel (first by a speculative parse, then, once
 * the tree cache knows them, from process start while the cached tree is
 * decoded) give exactly what conf's one-by-one popen gives: the same
 * .config, the same output, also after a probe's output changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProbeBatch } from '../src/probe-batch.js';
import { PrefetchedShell, SyncShell } from '../src/shell.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');

// $$$$ is $$ for the shell: such a probe gets a shell process of its own.
const KCONFIG = `mainmenu "probes"
config A
\tbool "a"
\tdefault $(shell,sleep 0.2; cat flag)
config B
\tstring "b"
\tdefault "$(shell,sleep 0.2; echo b-$(shell,cat word))"
config OWN_SHELL
\tbool "own shell"
\tdefault $(shell,mkdir .tmp_$$$$ && rmdir .tmp_$$$$ && echo y || echo n)
config NOISY
\tbool "noisy"
\tdefault $(shell,echo "probe says hello" >&2; echo y)
$(info,parsed)
`;

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-probes-'));
  writeFileSync(join(dir, 'Kconfig'), KCONFIG);
  writeFileSync(join(dir, 'flag'), 'y\n');
  writeFileSync(join(dir, 'word'), 'one\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** conf --olddefconfig from no .config; serial: probes one by one, as conf runs them. */
function conf(serial: boolean) {
  rmSync(join(dir, '.config'), { force: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    UKCONFIG_CACHE_DIR: join(dir, 'cache'),
    UKCONFIG_CACHE_MIN_MS: '0',
    ...(serial ? { UKCONFIG_SERIAL_PROBES: '1', UKCONFIG_CACHE: '0' } : {}),
  };
  const r = spawnSync(process.execPath, [BIN, 'conf', '--olddefconfig', 'Kconfig'], { cwd: dir, env, encoding: 'latin1' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, config: readFileSync(join(dir, '.config'), 'latin1') };
}

describe('parallel $(shell) probes', () => {
  it('give what serial probes give, from an empty cache, from the cache, and after a probe changed', () => {
    const serial = conf(true);
    expect(serial.status).toBe(0);
    expect(serial.config).toContain('CONFIG_A=y');
    expect(serial.config).toContain('CONFIG_B="b-one"');
    expect(serial.config).toContain('CONFIG_OWN_SHELL=y');
    expect(serial.stderr).toContain('probe says hello');
    expect(serial.stdout).toContain('parsed');

    // No cache entry yet: a speculative parse finds the probes.
    expect(conf(false)).toEqual(serial);
    expect(readdirSync(join(dir, 'cache')).some((f) => f.endsWith('.probes'))).toBe(true);
    // The entry's probe list: they start with the process, the tree is decoded meanwhile.
    expect(conf(false)).toEqual(serial);

    // A probe now prints something else (and a nested one changes the command of another):
    // the decoded tree must be dropped and the tree parsed again.
    writeFileSync(join(dir, 'flag'), 'n\n');
    writeFileSync(join(dir, 'word'), 'two\n');
    const changed = conf(true);
    expect(changed.config).toContain('# CONFIG_A is not set');
    expect(changed.config).toContain('CONFIG_B="b-two"');
    expect(conf(false)).toEqual(changed);
    expect(conf(false)).toEqual(changed);
    // Nothing left behind by the probes.
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp_'))).toEqual([]);
  });

  it('leave a command that never ran to the fallback, which runs it', () => {
    // A working directory that does not exist: the batch shell cannot start.
    const batch = new ProbeBatch(['echo hi'], { PATH: process.env.PATH }, join(dir, 'missing'));
    expect(batch.resultsSync().size).toBe(0);
    const shell = new PrefetchedShell(() => batch.resultsSync(), new SyncShell({ PATH: process.env.PATH }, dir));
    expect(shell.run('echo hi')).toEqual({ stdout: 'hi\n', stderr: '' });
    expect(shell.missed).toEqual(['echo hi']);
  });

  // readlink's standard output is the file the batch keeps its output in: it prints that file's path.
  it('keeps its outputs in memory (/dev/shm), or under TMPDIR when set, and removes them', () => {
    const saved = process.env.TMPDIR;
    try {
      delete process.env.TMPDIR;
      const inMemory = new ProbeBatch(['readlink /proc/self/fd/1'], { PATH: process.env.PATH }, dir).resultsSync();
      const shmPath = inMemory.get('readlink /proc/self/fd/1')!.stdout.trim();
      expect(shmPath).toMatch(existsSync('/dev/shm') ? /^\/dev\/shm\/ukconfig-probes-[^/]+\/0\.o$/ : /\/ukconfig-probes-[^/]+\/0\.o$/);
      expect(existsSync(dirname(shmPath))).toBe(false);

      process.env.TMPDIR = dir;
      const inTmp = new ProbeBatch(['readlink /proc/self/fd/1'], { PATH: process.env.PATH }, dir).resultsSync();
      const tmpPath = inTmp.get('readlink /proc/self/fd/1')!.stdout.trim();
      expect(dirname(dirname(tmpPath))).toBe(realpathSync(dir));
      expect(existsSync(dirname(tmpPath))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('can be waited for synchronously, with each output and error output', () => {
    const batch = new ProbeBatch(['sleep 0.2; echo slow', 'echo err >&2; printf fast'], { PATH: process.env.PATH }, dir);
    expect(batch.resultsSync()).toEqual(
      new Map([
        ['sleep 0.2; echo slow', { stdout: 'slow\n', stderr: '' }],
        ['echo err >&2; printf fast', { stdout: 'fast', stderr: 'err\n' }],
      ]),
    );
  });
});
