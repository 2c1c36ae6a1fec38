/**
 * `$(shell)` commands run as conf's popen runs them, through our long-lived
 * shell (shell-server.ts) or not: same order, each seeing what the ones
 * before it did, same environment, folder, standard input and error output,
 * and the same bytes of output (what conf reads of a pipe: at most 4095
 * bytes, to its end when every writer has closed it). Compared with the
 * real conf where the oracle is there; the shell ends with the run, after
 * an error and when we are killed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childExited } from '../src/child-process.js';
import { SerialShell } from '../src/shell-server.js';
import { shellValue } from '../src/preprocess.js';
import { loadOracle } from './conformance/oracle.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');
const oracle = loadOracle();
const CONF = 'manifest' in oracle ? oracle.manifest.conf : null;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kconfig-shell-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A small environment with names the shells use for their own variables. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dir, LC_ALL: 'C', D: 'd-value', c: 'c-value', n: 'n-value', e: 'e-value', ukconfig0_dir: 'kept', UKCONFIG_CACHE: '0', ...extra };
}

/** One string symbol a command. */
function tree(commands: string[]): void {
  const text = commands.map((c, i) => `config S${i}\n\tstring "s${i}"\n\tdefault "$(shell,${c})"\n`).join('');
  writeFileSync(join(dir, 'Kconfig'), Buffer.from(text, 'latin1'));
}

/** Runs a conf in `dir`, its standard input a file (a pipe would be spooled: stdin-spool.ts). */
function run(argv: string[], e: NodeJS.ProcessEnv) {
  rmSync(join(dir, '.config'), { force: true });
  writeFileSync(join(dir, 'stdin'), 'line from stdin\n');
  const input = openSync(join(dir, 'stdin'), 'r');
  let r;
  try {
    r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: e, encoding: 'latin1', stdio: [input, 'pipe', 'pipe'], timeout: 60_000 });
  } finally {
    closeSync(input);
  }
  const config = existsSync(join(dir, '.config')) ? readFileSync(join(dir, '.config'), 'latin1') : null;
  return { status: r.status, stderr: r.stderr, config };
}

const ours = (e: NodeJS.ProcessEnv, ...options: string[]) => run([process.execPath, BIN, 'conf', ...options, '--olddefconfig', 'Kconfig'], e);

/** Commands whose results depend on how they are run. */
const COMMANDS = [
  'echo 1 > f; echo wrote',
  'cat f',
  'echo caf\xc3\xa9',
  "printf '\\351\\n'",
  "printf 'a\\nb\\n\\n\\n'",
  'head -c 5000 /dev/zero | tr "\\0" x',
  // Runs until the pipe is closed on it (SIGPIPE), as under conf.
  'yes | head -c 100000; echo after-yes > yes-done',
  'cat yes-done',
  // A background writer holds the pipe: its output is read too.
  '(sleep 0.2; echo late) &',
  'read l; echo "stdin: $l"',
  'echo to-stderr >&2; echo err-done',
  'echo "$D $c $n $e $ukconfig0_dir"',
  'env | sort | tr "\\n" " "',
  'pwd',
  'exit 3',
];

describe('commands run one by one', () => {
  it.skipIf(!CONF)('give what they give under conf (ours: one by one and ahead, parsed and cached)', () => {
    tree(COMMANDS);
    const expected = run([CONF!, '--olddefconfig', 'Kconfig'], env());
    expect(expected.status).toBe(0);
    expect(expected.config).toContain('CONFIG_S1="1"');
    expect(expected.config).toContain('CONFIG_S7="after-yes"');
    expect(expected.config).toContain('CONFIG_S8="late"');
    expect(expected.stderr).toContain('to-stderr');
    for (const extra of [{ UKCONFIG_SERIAL_PROBES: '1' }, {}, { UKCONFIG_CACHE: '1', UKCONFIG_CACHE_DIR: join(dir, 'cache'), UKCONFIG_CACHE_MIN_MS: '0' }]) {
      // conf gets the same environment (our variables show in `env`).
      rmSync(join(dir, 'f'), { force: true });
      const confConfig = run([CONF!, '--olddefconfig', 'Kconfig'], env(extra)).config;
      for (let round = 0; round < 2; round++) {
        rmSync(join(dir, 'f'), { force: true });
        const r = ours(env(extra));
        expect(r.config, JSON.stringify(extra)).toBe(confConfig);
        expect(r.stderr).toContain('to-stderr');
        expect(r.status).toBe(0);
      }
    }
  });

  it.skipIf(!CONF)('see the environment conf gives them when run together (conf --parallel-probes)', () => {
    tree(COMMANDS.slice(11, 14));
    const expected = run([CONF!, '--olddefconfig', 'Kconfig'], env());
    expect(expected.config).toContain('CONFIG_S0="d-value c-value n-value e-value kept"');
    expect(ours(env(), '--parallel-probes').config).toBe(expected.config);
  });

  it('keep bytes, order and conf\'s cut of the output (through the API)', () => {
    const shell = new SerialShell(env(), dir);
    try {
      const values = COMMANDS.slice(0, 9).map((c) => shellValue(shell.run(c).stdout));
      expect(values[0]).toBe('wrote');
      expect(values[1]).toBe('1');
      expect(values[2]).toBe('caf\xc3\xa9');
      expect(values[3]).toBe('\xe9');
      expect(values[4]).toBe('a b');
      expect(values[5]).toBe('x'.repeat(4095));
      expect(values[6]).toBe('y\n'.repeat(2048).slice(0, 4095).replace(/\n/g, ' '));
      expect(values[7]).toBe('after-yes');
      expect(values[8]).toBe('late');
      // Lines, backslashes and bytes that are not UTF-8 reach the shell as they are.
      expect(shell.run('echo a\nprintf \'%s\\n\' "b\\\\c"\n\n').stdout).toBe('a\nb\\c\n');
      expect(shell.run("printf '%s\\n' \xe9\xff").stdout).toBe('\xe9\xff\n');
      // A NUL byte ends the command, as it ends conf's C string.
      expect(shell.run('echo a\0; echo b').stdout).toBe('a\n');
      // Many commands in a row, each seeing the one before.
      writeFileSync(join(dir, 'count'), '0');
      for (let i = 1; i <= 200; i++) expect(shell.run('n=$(cat count); echo $((n + 1)) | tee count').stdout).toBe(`${i}\n`);
    } finally {
      shell.close();
    }
  });

  it('after output conf cuts short, go on in the same shell unless a process left behind holds the pipe', () => {
    const shell = new SerialShell(env(), dir);
    const full = "head -c 5000 /dev/zero | tr '\\0' x";
    try {
      const ppid = shell.run('echo $PPID').stdout;
      expect(shell.run(full).stdout).toBe('x'.repeat(4096));
      // Nothing holds the pipe: the shell that ran the command runs the next (no new one per command).
      expect(shell.run('echo $PPID').stdout).toBe(ppid);
      // A process left behind still holds it: what it writes later is not the next command's output.
      expect(shell.run(`(sleep 0.3; echo late) & ${full}`).stdout).toBe('x'.repeat(4096));
      expect(shell.run('sleep 0.6; echo next').stdout).toBe('next\n');
      expect(shell.run('echo $PPID').stdout).not.toBe(ppid);
    } finally {
      shell.close();
    }
  });
});

describe('the shell that runs them', () => {
  /** The pid of the shell that ran the tree's first command (its parent), once it has been written. */
  const serverPid = () => Number(readFileSync(join(dir, 'ppid'), 'latin1'));
  const gone = async (pid: number) => {
    for (let i = 0; i < 100 && !childExited(pid); i++) await new Promise((r) => setTimeout(r, 50));
    return childExited(pid);
  };

  it('ends with the run, and after an error', async () => {
    writeFileSync(join(dir, 'Kconfig'), 'X := $(shell,echo $PPID > ppid)\nY := $(shell,true)\nconfig A\n\tbool "a"\n');
    expect(ours(env()).status).toBe(0);
    expect(await gone(serverPid())).toBe(true);
    writeFileSync(join(dir, 'Kconfig'), 'X := $(shell,echo $PPID > ppid)\n$(error-if,y,stop)\nconfig A\n\tbool "a"\n');
    const r = ours(env());
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('Kconfig:2: stop\n');
    expect(await gone(serverPid())).toBe(true);
  });

  it('ends when we are killed during a command, once the command has ended', async () => {
    // (A command's output is the FIFO in the shell's scratch folder: where it is, for after.)
    writeFileSync(join(dir, 'Kconfig'), 'F := $(shell,readlink /proc/$$/fd/1)\nX := $(shell,echo $(F) > fifo; echo $PPID > ppid; sleep 1; echo done > done)\nconfig A\n\tbool "a"\n');
    const child = spawn(process.execPath, [BIN, 'conf', '--olddefconfig', 'Kconfig'], { cwd: dir, env: env(), stdio: 'ignore' });
    for (let i = 0; i < 200 && !existsSync(join(dir, 'ppid')); i++) await new Promise((r) => setTimeout(r, 20));
    const pid = serverPid();
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(await gone(pid)).toBe(true);
    // The command itself ran to its end, as a popen child of a killed conf does.
    expect(existsSync(join(dir, 'done'))).toBe(true);
    // And the shell removed its scratch folder, which nobody else would.
    const scratch = dirname(readFileSync(join(dir, 'fifo'), 'latin1').trim());
    expect(scratch).toMatch(/ukconfig-probes-/);
    expect(existsSync(scratch), scratch).toBe(false);
  });

  it('is replaced when a command kills it, and each command runs once', () => {
    const shell = new SerialShell(env(), dir);
    try {
      expect(shell.run('echo 1 >> log; echo a; kill -9 $PPID').stdout).toBe('a\n');
      expect(shell.run('echo 2 >> log; echo b').stdout).toBe('b\n');
      expect(readFileSync(join(dir, 'log'), 'latin1')).toBe('1\n2\n');
    } finally {
      shell.close();
    }
  });
});
