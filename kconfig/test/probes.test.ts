/**
 * $(shell) commands: exactly the ones conf runs, with exactly their text, in
 * conf's order unless running them together cannot change a result (a
 * recognised Kbuild tree's compiler probes, or the user asked), output kept
 * as bytes; whether the tree is parsed, taken from the cache or dropped from
 * it. The first five tests are the reproductions of the issue that made
 * these rules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKconfigAsync } from '../src/load.js';
import { loadOracle } from './conformance/oracle.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-probes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Setting = 'serial' | 'default' | 'parallel';
const SETTINGS: Setting[] = ['serial', 'default', 'parallel'];

/** `ukconfig conf -s --olddefconfig Kconfig` in `dir` (tree cache in `dir/cache`, probe files under `dir/tmp`). */
function conf(setting: Setting, extra: NodeJS.ProcessEnv = {}) {
  rmSync(join(dir, '.config'), { force: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    TMPDIR: join(dir, 'tmp'),
    UKCONFIG_CACHE_DIR: join(dir, 'cache'),
    UKCONFIG_CACHE_MIN_MS: '0',
    ...(setting === 'serial' ? { UKCONFIG_SERIAL_PROBES: '1' } : {}),
    ...(setting === 'parallel' ? { UKCONFIG_PARALLEL_PROBES: '1' } : {}),
    ...extra,
  };
  // Standard input from /dev/null: a pipe would be spooled (stdin-spool.ts) under TMPDIR.
  const r = spawnSync(process.execPath, [BIN, 'conf', '-s', '--olddefconfig', 'Kconfig'], { cwd: dir, env, encoding: 'latin1', stdio: ['ignore', 'pipe', 'pipe'] });
  const config = existsSync(join(dir, '.config')) ? readFileSync(join(dir, '.config'), 'latin1') : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, config };
}

function tree(text: string): void {
  writeFileSync(join(dir, 'Kconfig'), Buffer.from(text, 'latin1'));
}

describe('the issue reproductions', () => {
  for (const setting of SETTINGS) {
    for (const cache of ['without', 'with'] as const) {
      const extra = cache === 'without' ? { UKCONFIG_CACHE: '0' } : {};
      describe(`probes ${setting}, ${cache} the tree cache`, () => {
        it('1: a command built from an earlier output runs with that output, never with a stand-in', () => {
          mkdirSync(join(dir, 'victim/keep-me-not'), { recursive: true });
          mkdirSync(join(dir, 'victim/other'), { recursive: true });
          tree('SUB := $(shell,echo keep-me-not)\nX := $(shell,rm -rf victim/$(SUB))\nconfig A\n\tbool "a"\n');
          for (let run = 0; run < 2; run++) {
            expect(conf(setting, extra).status).toBe(0);
            expect(readdirSync(join(dir, 'victim'))).toEqual(['other']);
            mkdirSync(join(dir, 'victim/keep-me-not'));
          }
        });

        it('2: nothing after a guard that stops the parse runs', () => {
          tree('$(error-if,$(shell,echo y),refusing)\nX := $(shell,touch pwned)\nconfig A\n\tbool "a"\n');
          for (let run = 0; run < 2; run++) {
            const r = conf(setting, extra);
            expect(r.status).toBe(1);
            expect(r.stderr).toBe('Kconfig:1: refusing\n');
            expect(existsSync(join(dir, 'pwned'))).toBe(false);
          }
        });

        it('3: a probe no longer in the tree does not run (the cached list is only a hint)', () => {
          tree('X := $(shell,touch ran)\nconfig A\n\tbool "a"\n');
          expect(conf(setting, extra).status).toBe(0);
          expect(existsSync(join(dir, 'ran'))).toBe(true);
          rmSync(join(dir, 'ran'));
          tree('config A\n\tbool "a"\n');
          expect(conf(setting, extra).status).toBe(0);
          expect(existsSync(join(dir, 'ran'))).toBe(false);
        });

        // Unless the user says the tree's probes are independent (UKCONFIG_PARALLEL_PROBES=1).
        if (setting !== 'parallel') it('4: a probe that reads what an earlier one wrote sees it', () => {
          tree('A := $(shell,sleep 0.3; echo 1 > f)\nB := $(shell,cat f || echo missing)\nconfig B\n\tstring "b"\n\tdefault "$(B)"\n');
          for (let run = 0; run < 2; run++) {
            rmSync(join(dir, 'f'), { force: true });
            expect(conf(setting, extra).config).toContain('CONFIG_B="1"');
          }
        });

        it('5: output bytes stay bytes (UTF-8 and not)', () => {
          tree('config S\n\tstring "s"\n\tdefault "$(shell,echo caf\xc3\xa9)"\nconfig T\n\tstring "t"\n\tdefault "$(shell,printf \'\\351\\n\'; echo x\xe9)"\n');
          for (let run = 0; run < 2; run++) {
            const r = conf(setting, extra);
            expect(r.config).toContain('CONFIG_S="caf\xc3\xa9"\n');
            expect(r.config).toContain('CONFIG_T="\xe9 x\xe9"\n');
          }
        });
      });
    }
  }
});

describe('probes run ahead', () => {
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
\thelp
\t  The text after a probe's line.
$(info,parsed)
`;

  it('give what probes run one by one give, parsed, cached, and after a probe changed', () => {
    tree(KCONFIG);
    writeFileSync(join(dir, 'flag'), 'y\n');
    writeFileSync(join(dir, 'word'), 'one\n');
    const serial = conf('serial', { UKCONFIG_CACHE: '0' });
    expect(serial.status).toBe(0);
    expect(serial.config).toContain('CONFIG_A=y');
    expect(serial.config).toContain('CONFIG_B="b-one"');
    expect(serial.config).toContain('CONFIG_OWN_SHELL=y');
    expect(serial.stderr).toContain('probe says hello');
    expect(serial.stdout).toContain('parsed');
    for (const setting of SETTINGS) {
      rmSync(join(dir, 'cache'), { recursive: true, force: true });
      // Parsed, then from the cache.
      expect(conf(setting)).toEqual(serial);
      expect(conf(setting)).toEqual(serial);
    }
    // A probe now prints something else (and a nested one changes the command of another):
    // the cached tree is dropped and the tree parsed again.
    writeFileSync(join(dir, 'flag'), 'n\n');
    writeFileSync(join(dir, 'word'), 'two\n');
    const changed = conf('serial', { UKCONFIG_CACHE: '0' });
    expect(changed.config).toContain('# CONFIG_A is not set');
    expect(changed.config).toContain('CONFIG_B="b-two"');
    for (const setting of SETTINGS) expect(conf(setting)).toEqual(changed);
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp_'))).toEqual([]);
  });

  /** The probes' log (then removed). */
  function readLog(): string[] {
    const log = readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean);
    rmSync(join(dir, 'log'));
    return log;
  }

  /** A tree of two probes that log when they start and end (1 s apart). */
  function loggingProbes(prefix = ''): string {
    const probe = (n: string) => `$(${prefix}shell,echo ${n}-start >> log; sleep 1; echo ${n}-end >> log; echo y)`;
    return `config P1\n\tbool "p1"\n\tdefault ${probe('p1')}\nconfig P2\n\tbool "p2"\n\tdefault ${probe('p2')}\n`;
  }

  it('run one after another unless the user asks (UKCONFIG_PARALLEL_PROBES=1, conf --parallel-probes)', () => {
    tree(loggingProbes());
    expect(conf('default', { UKCONFIG_CACHE: '0' }).status).toBe(0);
    expect(readLog()).toEqual(['p1-start', 'p1-end', 'p2-start', 'p2-end']);
    expect(conf('parallel', { UKCONFIG_CACHE: '0' }).status).toBe(0);
    expectTogether(readLog(), 'p1', 'p2');
    const r = spawnSync(process.execPath, [BIN, 'conf', '--parallel-probes', '-s', '--olddefconfig', 'Kconfig'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' },
    });
    expect(r.status).toBe(0);
    expectTogether(readLog(), 'p1', 'p2');
  });

  it('leave no files behind, with or without probes', () => {
    tree(loggingProbes().replaceAll('sleep 1', 'true') + 'config Q\n\tbool "q"\n');
    for (const setting of SETTINGS) for (let run = 0; run < 2; run++) expect(conf(setting).status).toBe(0);
    tree('config Q\n\tbool "q"\n');
    for (const setting of SETTINGS) for (let run = 0; run < 2; run++) expect(conf(setting).status).toBe(0);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
  });

  it('need no program on PATH (a PATH without cat made them wait forever)', () => {
    tree('X := $(shell,echo "caf\xc3\xa9  x")\nconfig S\n\tstring "s"\n\tdefault "$(X)"\n');
    mkdirSync(join(dir, 'empty'));
    for (const setting of SETTINGS) {
      const r = conf(setting, { UKCONFIG_CACHE: '0', PATH: join(dir, 'empty') });
      expect(r.status).toBe(0);
      expect(r.config).toContain('CONFIG_S="caf\xc3\xa9  x"');
    }
  });

  it('are taken in order by loadKconfigAsync, which runs each once', async () => {
    // Run together (the user asked), the first ends last: its output still comes first. Each
    // command adds its line to count once. (A command reading what another wrote would race.)
    tree(
      'X := $(shell,sleep 0.3; echo x >> count; echo one)\nY := $(shell,echo x >> count; echo two)\n' +
        'config A\n\tstring "a"\n\tdefault "$(X) $(Y) $(shell,echo x >> count; echo three)"\n',
    );
    const kc = await loadKconfigAsync('Kconfig', { cwd: dir, env: { PATH: process.env.PATH, UKCONFIG_CACHE: '0', UKCONFIG_PARALLEL_PROBES: '1' }, output: { stdout() {}, stderr() {} } });
    expect(kc.symbol('A')!.strValue).toBe('one two three');
    expect(readFileSync(join(dir, 'count'), 'utf8')).toBe('x\nx\nx\n');
  });

  it("leave loadKconfigAsync's thread free while a cached tree's probes run, with the same result", async () => {
    // 20 probes that run together (the user asked) for 0.4 s: the menu loads its modules meanwhile.
    const n = 20;
    const probes = Array.from({ length: n }, (_, i) => `config P${i}\n\tstring "p${i}"\n\tdefault "$(shell,echo x >> count; sleep 0.4; cat word)${i}"\n`);
    tree(probes.join(''));
    writeFileSync(join(dir, 'word'), 'one');
    const env = { PATH: process.env.PATH, UKCONFIG_CACHE_DIR: join(dir, 'cache'), UKCONFIG_CACHE_MIN_MS: '0', UKCONFIG_PARALLEL_PROBES: '1' };
    const load = async () => {
      let called = 0;
      let ticks = 0;
      let ticksWhenCalled = -1;
      const timer = setInterval(() => ticks++, 10);
      try {
        const kc = await loadKconfigAsync('Kconfig', {
          cwd: dir,
          env,
          output: { stdout() {}, stderr() {} },
          whileProbesRun: () => {
            called++;
            ticksWhenCalled = ticks;
          },
        });
        const count = readFileSync(join(dir, 'count'), 'utf8');
        rmSync(join(dir, 'count'));
        return { values: Array.from({ length: n }, (_, i) => kc.symbol(`P${i}`)!.strValue), called, ticksAfterCall: ticks - ticksWhenCalled, count };
      } finally {
        clearInterval(timer);
      }
    };
    const parsed = await load();
    expect(parsed.values).toEqual(Array.from({ length: n }, (_, i) => `one${i}`));
    // Parsed: the parse holds the thread; nothing is called.
    expect(parsed.called).toBe(0);
    const cached = await load();
    expect(cached.values).toEqual(parsed.values);
    expect(cached.called).toBe(1);
    // Timers ran while the probes did (0.4 s: ~40 ticks), after the call.
    expect(cached.ticksAfterCall).toBeGreaterThan(10);
    // Each probe ran once per load.
    expect(cached.count).toBe('x\n'.repeat(n));
    // Their output changed: the cached tree is dropped, the tree parsed again with the new output.
    writeFileSync(join(dir, 'word'), 'two');
    const changed = await load();
    expect(changed.values).toEqual(Array.from({ length: n }, (_, i) => `two${i}`));
    expect(changed.count).toBe('x\n'.repeat(n));
  });
});

/** Both probes started before either ended. */
function expectTogether(log: string[], a: string, b: string): void {
  const at = (w: string) => log.indexOf(w);
  expect(log).toHaveLength(4);
  expect(Math.max(at(`${a}-start`), at(`${b}-start`))).toBeLessThan(Math.min(at(`${a}-end`), at(`${b}-end`)));
}

describe('a recognised Kbuild tree', () => {
  // Linux's scripts/Kconfig.include (with the scripts it runs) from the oracle's tree, as $srctree.
  const oracle = loadOracle();
  const linux = 'manifest' in oracle ? oracle.manifest.linux : null;
  const env = { CC: 'gcc', LD: 'ld', srctree: linux ?? '', UKCONFIG_CACHE: '0' };
  const kbuildTree = (body: string) => tree(`source "scripts/Kconfig.include"\n${body}`);

  it.runIf(linux)('runs its compiler probes together, and its other probes alone, in order', () => {
    // $(success,...) ends in Kconfig.include's if-success: a compiler probe.
    const probe = (n: string) => `$(success,echo ${n}-start >> log; sleep 1; echo ${n}-end >> log)`;
    kbuildTree(
      `config P1\n\tdef_bool ${probe('p1')}\n\thelp\n\t  Help text.\nconfig P2\n\tdef_bool ${probe('p2')}\n` +
        `config S\n\tstring\n\tdefault "$(shell,echo s-start >> log; sleep 1; echo s-end >> log)"\nconfig P3\n\tdef_bool ${probe('p3')}\n`,
    );
    const r = conf('default', env);
    expect(r.status).toBe(0);
    expect(r.config).toContain('CONFIG_P1=y');
    const log = readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean);
    expectTogether(log.slice(0, 4), 'p1', 'p2');
    expect(log.slice(4)).toEqual(['s-start', 's-end', 'p3-start', 'p3-end']);
  });

  it.runIf(linux)('runs its compiler probes together from a tree cached by a run that took them one by one', () => {
    // The first run caches the tree with no plan (its probes ran serially);
    // taken as it is, every later run would run them serially too.
    const probe = (n: string) => `$(success,echo ${n}-start >> log; sleep 1; echo ${n}-end >> log)`;
    kbuildTree(`config P1\n\tdef_bool ${probe('p1')}\nconfig P2\n\tdef_bool ${probe('p2')}\n`);
    const cached = { ...env, UKCONFIG_CACHE: '1' };
    expect(conf('serial', cached).status).toBe(0);
    expect(readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean)).toEqual(['p1-start', 'p1-end', 'p2-start', 'p2-end']);
    for (let run = 0; run < 2; run++) {
      rmSync(join(dir, 'log'));
      const r = conf('default', cached);
      expect(r.status).toBe(0);
      expect(r.config).toContain('CONFIG_P2=y');
      expectTogether(readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean), 'p1', 'p2');
    }
  });

  it.runIf(linux)('counts its plain toolchain queries as compiler probes', () => {
    // A C compiler that logs the queries the tree makes of it (and is gcc otherwise).
    writeFileSync(join(dir, 'mycc'), '#!/bin/sh\ncase "$1" in\n--query-*) echo "$1-start" >> log; sleep 1; echo "$1-end" >> log; echo v;;\n*) exec gcc "$@";;\nesac\n', { mode: 0o755 });
    const query = (n: string) => `config ${n}\n\tstring\n\tdefault "$(shell,$(CC) --query-${n})"\n`;
    kbuildTree(query('q1') + query('q2'));
    const r = conf('default', { ...env, CC: join(dir, 'mycc') });
    expect(r.status).toBe(0);
    expect(r.config).toContain('CONFIG_q1="v"');
    expectTogether(readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean), '--query-q1', '--query-q2');
  });

  it.runIf(linux)('waits for a guard before what follows it', () => {
    kbuildTree(`$(error-if,$(success,true),stop)\nX := $(shell,touch pwned)\n`);
    const r = conf('default', env);
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });
});
