/**
 * Inputs that crashed the engine (a JavaScript stack trace instead of a
 * file:line error), grew without bound, or left files behind: each gives
 * conf's result where conf itself neither crashes nor hangs, and a clear
 * file:line error or a result where it does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KconfigFatal } from '../src/errors.js';
import { loadKconfig } from '../src/load.js';
import { loadOracle } from './conformance/oracle.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');
const oracle = loadOracle();
const CONF = 'manifest' in oracle ? oracle.manifest.conf : null;
const STACK_TRACE = /\n\s+at |TypeError|RangeError|ERR_/;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-bad-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the files (byte strings) of a tree into `dir`. */
function files(tree: Record<string, string>): void {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), Buffer.from(text, 'latin1'));
  }
}

function run(argv: string[]) {
  rmSync(join(dir, '.config'), { force: true });
  const r = spawnSync(argv[0], [...argv.slice(1), '-s', '--olddefconfig', 'Kconfig'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' },
    encoding: 'latin1',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  const config = existsSync(join(dir, '.config')) ? readFileSync(join(dir, '.config'), 'latin1') : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, config };
}
const ours = () => run([process.execPath, BIN, 'conf']);

/** Loads with kconfiglib's extensions (rsource and the like), as the pools tree does. */
function loadExtended() {
  let stderr = '';
  const kc = loadKconfig('Kconfig', { cwd: dir, extensions: true, env: { UKCONFIG_CACHE: '0' }, output: { stdout() {}, stderr: (t) => void (stderr += t) } });
  return { kc, stderr, names: kc.definedSymbols().map((s) => s.name).sort() };
}

describe('6: a source statement on the last line, without newline', () => {
  it('rsource and orsource at the end of the main file', () => {
    for (const kw of ['rsource', 'orsource']) {
      files({ Kconfig: `config A\n\tbool "a"\n${kw} "sub/Kconfig"`, 'sub/Kconfig': 'config B\n\tbool "b"\n' });
      const { names, stderr } = loadExtended();
      expect(names).toEqual(['A', 'B']);
      expect(stderr).toBe('Kconfig:3:warning: no new line at end of file\n');
    }
  });

  it('is relative to the folder of the file it is in', () => {
    files({
      Kconfig: 'config A\n\tbool "a"\nrsource "sub/Kconfig"\n',
      'sub/Kconfig': 'config B\n\tbool "b"\nrsource "x/Config.uk"',
      'sub/x/Config.uk': 'config SUBX\n\tbool "sx"\n',
      'x/Config.uk': 'config TOPX\n\tbool "tx"\n',
    });
    expect(loadExtended().names).toEqual(['A', 'B', 'SUBX']);
  });

  it('a glob there ends (it matched its own file, endlessly)', () => {
    files({
      Kconfig: 'rsource "sub/Config.uk"\n',
      'sub/Config.uk': 'config B\n\tbool "b"\nrsource "*/Config.uk"',
      'sub/one/Config.uk': 'config ONE\n\tbool "one"\n',
    });
    expect(loadExtended().names).toEqual(['B', 'ONE']);
  });

  it('source at the end of the main file (conf crashes): the file is read', () => {
    files({ Kconfig: 'config A\n\tbool "a"\n\tdefault y\nsource "sub/Kconfig"', 'sub/Kconfig': 'config B\n\tbool "b"\n\tdefault y\n' });
    const r = ours();
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('Kconfig:4:warning: no new line at end of file\n');
    expect(r.config).toContain('CONFIG_A=y\nCONFIG_B=y\n');
  });

  it('a file sourcing itself there (conf reads it forever) is a recursive inclusion', () => {
    files({ Kconfig: 'source "sub/Kconfig"\n', 'sub/Kconfig': 'config B\n\tbool "b"\nsource "sub/Kconfig"' });
    const r = ours();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Recursive inclusion detected.\nInclusion path:\n  current file : sub/Kconfig\n');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

describe('7: a recursive dependency through a symbol without properties (conf crashes)', () => {
  it('is reported at the nearest property', () => {
    files({ Kconfig: 'config A\n\tbool "a"\n\tselect U\n\tdefault U\n' });
    const r = ours();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'Kconfig:4:error: recursive dependency detected!\n' +
        'Kconfig:4:\tsymbol A default value contains U\n' +
        'Kconfig:4:\tsymbol U is selected by A\n' +
        'For a resolution refer to Documentation/kbuild/kconfig-language.rst\n' +
        'subsection "Kconfig recursive dependency limitations"\n\n',
    );
  });

  it('and at the select that names it when no symbol of the cycle has a property (the fuzzer found one)', () => {
    // A stray `depends on` after `source` lands on B, which then depends on
    // C, which only B selects.
    files({ Kconfig: 'source "x.Kconfig"\n\tdepends on B && (C || D)\n\thelp\n', 'x.Kconfig': 'config A\n\tdepends on B && (C || D)\nconfig B\n\tselect C if E || F\n\thelp\n' });
    const r = ours();
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toContain('x.Kconfig:4:error: recursive dependency detected!\nx.Kconfig:4:\tsymbol C is selected by C\n');
  });
});

describe('8, 13: NUL bytes, as conf reads them (C strings)', () => {
  const trees: Record<string, string> = {
    'in a source path': 'source "a\0b"\n',
    'in a default string': 'config S\n\tstring "s"\n\tdefault "back\0\0"\n',
    'in a macro name': '$(warning\0-if,y,text)\nconfig A\n\tbool "a"\n',
    'in a prompt and a help text': 'config A\n\tbool "a\0b"\n\tdefault y\n\thelp\n\t  one\0two\n',
    'in a variable value': 'X := ab\0cd\nconfig S\n\tstring "s"\n\tdefault "$(X)"\n',
    'after a reference in a string': 'config S\n\tstring "s"\n\tdefault "$(filename)x\0y"\nconfig T\n\tbool "t"\n',
    'after a reference in a word': 'config S\n\tbool "s"\n\tdefault $(filename)\0y\n',
    'in a probe output': 'config S\n\tstring "s"\n\tdefault "$(shell,printf \'a\\000b\')"\n',
  };
  for (const [name, text] of Object.entries(trees)) {
    it(name, () => {
      files({ Kconfig: text });
      const r = ours();
      expect(r.stderr).not.toMatch(STACK_TRACE);
      if (CONF) expect(r).toEqual(run([CONF]));
    });
  }
  it('in a source path: conf cannot open the file before the NUL', () => {
    files({ Kconfig: 'source "a\0b"\n' });
    expect(ours()).toMatchObject({ status: 1, stderr: 'Kconfig:1: can\'t open file "a"\n' });
  });
  it('in a default string: the value ends there', () => {
    files({ Kconfig: 'config S\n\tstring "s"\n\tdefault "back\0\0"\n' });
    expect(ours().config).toContain('CONFIG_S="back"\n');
  });
  it('in a macro name: the reference is unterminated', () => {
    files({ Kconfig: '$(warning\0-if,y,text)\n' });
    expect(ours()).toMatchObject({ status: 1, stderr: "Kconfig:1: unterminated reference to 'warning': missing ')'\n" });
  });
});

describe('10: an endless source (conf reads /dev/zero forever)', () => {
  it('is refused after 64 MiB', () => {
    files({ Kconfig: 'source "/dev/zero"\n' });
    expect(ours()).toMatchObject({ status: 1, stderr: 'Kconfig:1: can\'t read file "/dev/zero": larger than 64 MiB\n' });
  });
});

describe("11: the API's error contract", () => {
  // KconfigFatal: `text` is what conf prints, sent to output.stderr once, `file` and `line` say where.
  const failures: Record<string, [string, string, number | null]> = {
    'a macro error': ['X := $(error-if,y,boom)\n', 'Kconfig:2: boom\n', 2],
    'a source that cannot be opened': ['source "nope"\n', 'Kconfig:1: can\'t open file "nope"\n', 1],
    'a parse error': ['config A\n\tbool "a"\n\tfoo bar\n', 'Kconfig:4: syntax error\nKconfig:3: unknown statement "foo"\n', 4],
    'memory exhausted': [`config A\n\tbool "a"\n\tdepends on ${'('.repeat(10_000)}B${')'.repeat(10_000)}\n`, 'Kconfig:4: memory exhausted\n', 4],
    'an expression too complex': [
      `config A\n\tbool "a"\n\tdepends on ${Array.from({ length: 1100 }, (_, i) => `B${i}`).join(' && ')}\n`,
      'Kconfig:3: expression too complex (more than 1000 operators)\n',
      3,
    ],
    'a recursive dependency': [
      'config A\n\tbool "a"\n\tdepends on B\nconfig B\n\tbool "b"\n\tdepends on A\n',
      'Kconfig:4:error: recursive dependency detected!\nKconfig:4:\tsymbol B depends on A\nKconfig:1:\tsymbol A depends on B\n' +
        'For a resolution refer to Documentation/kbuild/kconfig-language.rst\nsubsection "Kconfig recursive dependency limitations"\n\n',
      4,
    ],
  };
  for (const [name, [kconfig, text, line]] of Object.entries(failures)) {
    it(name, () => {
      files({ Kconfig: kconfig });
      let stderr = '';
      let thrown: unknown = null;
      try {
        loadKconfig('Kconfig', { cwd: dir, env: { UKCONFIG_CACHE: '0' }, output: { stdout() {}, stderr: (t) => void (stderr += t) } });
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(KconfigFatal);
      const e = thrown as KconfigFatal;
      expect({ text: e.text, file: e.file, line: e.line, stderr }).toEqual({ text, file: 'Kconfig', line, stderr: text });
    });
  }
  it('ukconfig conf prints each once', () => {
    files({ Kconfig: 'X := $(error-if,y,boom)\nconfig A\n\tbool "a"\n\tfoo\n' });
    expect(ours()).toMatchObject({ status: 1, stderr: 'Kconfig:2: boom\n' });
  });
});

describe('a question no answer settles once input has ended (conf asks it forever)', () => {
  /** `conf --MODE Kconfig` with standard input at its end. */
  const ask = (mode: string) =>
    spawnSync(process.execPath, [BIN, 'conf', `--${mode}`, 'Kconfig'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' },
      encoding: 'latin1',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });

  it('ends with an error naming the symbol: a hex with no valid default', () => {
    files({ Kconfig: 'config A\n\tbool "a"\n\tdefault y\nconfig H\n\thex "h"\n\tdefault !A\n' });
    for (const mode of ['oldaskconfig', 'syncconfig']) {
      const r = ask(mode);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("Kconfig:4: standard input ended, and 'H' has no valid answer to take\n");
      expect(r.stdout.split('h (H)').length).toBe(3);
      expect(existsSync(join(dir, '.config'))).toBe(false);
    }
  });

  it('still takes the defaults of questions the empty answer settles', () => {
    files({ Kconfig: 'config A\n\tbool "a"\n\tdefault y\nconfig N\n\tint "n"\n\tdefault 3\nchoice\n\tprompt "c"\nconfig C1\n\tbool "c1"\nconfig C2\n\tbool "c2"\nendchoice\n' });
    const r = ask('oldaskconfig');
    expect(r.stderr).not.toContain('standard input ended');
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, '.config'), 'latin1')).toContain('CONFIG_N=3\n');
  });
});

describe('cases of a 100,000-case fuzz run', () => {
  it('an int choice (its first entry is an int) read from a configuration that picks an entry: no crash, as conf', () => {
    // The choice takes the int type; its user slot holds the entry picked, never a number.
    files({
      Kconfig: 'config I\n\tint "i"\n\trange 1 5\n\tdefault 9\nchoice\n\tprompt "c"\nconfig I\n\tbool "ca"\nconfig CB\n\tbool "cb"\nendchoice\n',
      '.config': 'CONFIG_CB=y\n',
    });
    const r = spawnSync(process.execPath, [BIN, 'conf', '--savedefconfig=defconfig', 'Kconfig'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' },
      encoding: 'latin1',
    });
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.status).toBe(0);
    const defconfig = readFileSync(join(dir, 'defconfig'), 'latin1');
    expect(defconfig).toContain('CONFIG_I=5\n');
    if (CONF) {
      const mine = { stderr: r.stderr, defconfig };
      rmSync(join(dir, 'defconfig'));
      const c = spawnSync(CONF, ['--savedefconfig=defconfig', 'Kconfig'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, encoding: 'latin1' });
      expect(c.status).toBe(0);
      expect(mine).toEqual({ stderr: c.stderr, defconfig: readFileSync(join(dir, 'defconfig'), 'latin1') });
    }
  });

  it('nested calls of a macro that repeats its argument (conf expands for hours): a file:line error', () => {
    const body = '$(1)'.repeat(4096);
    files({ Kconfig: `config A\n\tbool "a"\nn = ${body}\nN := ${'$(n,'.repeat(6)}x${')'.repeat(6)}\n` });
    const r = ours();
    expect(r.stderr).not.toMatch(STACK_TRACE);
    // The line after the assignment's, as conf numbers every error of an assignment (its lexer has read the newline).
    expect(r).toMatchObject({ status: 1, stderr: 'Kconfig:5: macro expansion larger than 128 MiB\n', config: null });
  });

  it('a tree that gives y properties after one that did not, in one process: the cycle through y is found, as conf finds it', () => {
    // The constants are shared by the trees of a process: the first tree's
    // dependency check marked y as checked, which hid the second's cycle.
    const load = (kconfig: string) => {
      files({ Kconfig: kconfig });
      let stderr = '';
      try {
        loadKconfig('Kconfig', { cwd: dir, env: { UKCONFIG_CACHE: '0' }, output: { stdout() {}, stderr: (t) => void (stderr += t) } });
        return { ok: true, stderr };
      } catch (e) {
        if (!(e instanceof KconfigFatal)) throw e;
        return { ok: false, stderr };
      }
    };
    expect(load('config A\n\tbool "a"\n\tdefault y\n').ok).toBe(true);
    const cyclic = 'config B\n\tbool "b"\n\tdefault y\nif B\nconfig y\n\tbool "y"\nendif\n';
    const second = load(cyclic);
    expect(second.stderr).toContain('Kconfig:3:error: recursive dependency detected!\nKconfig:3:\tsymbol B default value contains y\nKconfig:5:\tsymbol y depends on B\n');
    expect(second.ok).toBe(false);
    if (CONF) expect(run([CONF]).stderr).toBe(ours().stderr);
  });
});

describe('a chain of variables each referencing the next twice (conf takes 2^n steps, and hangs)', () => {
  const chain = (n: number, leaf: string) => Array.from({ length: n }, (_, i) => `v${i} = $(v${i + 1})$(v${i + 1})\n`).join('') + `v${n} := ${leaf}\n`;

  it('expands each variable once in an expansion: the result at once', () => {
    files({ Kconfig: `${chain(60, '')}X := [$(v0)]\nconfig S\n\tstring "s"\n\tdefault "$(X)"\n` });
    expect(ours()).toMatchObject({ status: 0, config: expect.stringContaining('CONFIG_S="[]"\n') });
  });

  it('gives what expanding each reference gives', () => {
    files({ Kconfig: `${chain(11, 'ab')}config S\n\tstring "s"\n\tdefault "$(v0)"\n` });
    expect(ours().config).toContain(`CONFIG_S="${'ab'.repeat(2048)}"\n`);
  });
});
