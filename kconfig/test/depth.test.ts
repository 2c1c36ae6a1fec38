/**
 * Input depth: dependency chains of any length, expressions nested up to the
 * parser's own limit, macro calls nested thousands deep. The engine does not
 * recurse on them, so the result is conf's whatever stack Node was started
 * with: `node bin/ukconfig.js` (no flags), a small --stack-size, and the
 * launcher run as a program (as npx, npm link and a global install do).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withStepsOnly } from '../src/symbol.js';
import { CASES } from './cases/catalog.mjs';
import { runCase } from './cases/run-case.js';
import { loadOracle } from './conformance/oracle.js';

const BIN = join(import.meta.dirname, '../../bin/ukconfig.js');
const oracle = loadOracle();
const CONF = 'manifest' in oracle ? oracle.manifest.conf : null;
const root = mkdtempSync(join(tmpdir(), 'kconfig-depth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Trees whose evaluation, dependency check or menu nests one level per symbol. */
const DEEP: Record<string, string> = {
  // The issue's reproduction: conf takes it in 0.03 s.
  'select chain': range(20_000)
    .map((i) => `config S${i}\n\tbool "s${i}"\n\tdefault y\n` + (i + 1 < 20_000 ? `\tselect S${i + 1}\n` : ''))
    .join(''),
  'depends on chain (nested automatic submenus)': range(5000)
    .map((i) => `config S${i}\n\tbool "s${i}"\n\tdefault y\n` + (i > 0 ? `\tdepends on S${i - 1}\n` : ''))
    .join(''),
  'depends on chain, last first': range(3000)
    .map((i) => `config S${i}\n\tbool "s${i}"\n\tdefault y\n` + (i + 1 < 3000 ? `\tdepends on S${i + 1} = y\n` : ''))
    .join(''),
  'imply chain': range(10_000)
    .map((i) => `config S${i}\n\tbool "s${i}"\n\tdefault y\n` + (i + 1 < 10_000 ? `\timply S${i + 1}\n` : ''))
    .join(''),
  'default chains (bool and string)': range(3000)
    .map((i) => `config B${i}\n\tbool\n\tdefault ${i + 1 < 3000 ? `B${i + 1}` : 'y'}\nconfig T${i}\n\tstring\n\tdefault ${i + 1 < 3000 ? `T${i + 1}` : '"end"'}\n`)
    .join(''),
  'range bound chain': range(3000)
    .map((i) => `config S${i}\n\tint\n\tdefault 5\n` + (i + 1 < 3000 ? `\trange S${i + 1} S${i + 1}\n` : ''))
    .join(''),
  'prompt condition chain': range(3000)
    .map((i) => `config S${i}\n\tbool "s${i}" if S${i + 1}\n\tdefault y\n`)
    .join(''),
  'choices depending on choices': range(5000)
    .map((i) => `choice C${i}\n\tprompt "c${i}"\n${i ? `\tdepends on A${i - 1}\n` : ''}config A${i}\n\tbool "a${i}"\nconfig B${i}\n\tbool "b${i}"\nendchoice\n`)
    .join(''),
  '9,000 nested parentheses and negations': `config A\n\tbool "a"\n\tdepends on ${'('.repeat(9000)}B${')'.repeat(9000)}\n\tdefault ${'!'.repeat(9000)}B\nconfig B\n\tbool "b"\n\tdefault y\n`,
  '3,000 nested menus and ifs': range(3000).map((i) => (i % 2 ? `if S\n` : `menu "m${i}"\n`)).join('') + 'config IN\n\tbool "in"\n' + range(3000).map((i) => (i % 2 ? 'endif\n' : 'endmenu\n')).reverse().join('') + 'config S\n\tbool "s"\n\tdefault y\n',
  '10,000 nested macro calls': `f = $(1)\nX := ${'$(f,'.repeat(10_000)}x${')'.repeat(10_000)}\nconfig A\n\tbool "$(X)"\n\tdefault y\n`,
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  config: string | null;
}

function runIn(name: string, argv: string[], kconfig: string, mode = '--olddefconfig'): Run {
  const dir = join(root, name.replace(/\W+/g, '-'), String(Math.random()).slice(2));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Kconfig'), kconfig);
  const r = spawnSync(argv[0], [...argv.slice(1), mode, 'Kconfig'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' },
    encoding: 'latin1',
    timeout: 120_000,
  });
  const config = existsSync(join(dir, '.config')) ? readFileSync(join(dir, '.config'), 'latin1') : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, config };
}

describe('deep input, started as `node bin/ukconfig.js` with no flags', () => {
  for (const [name, kconfig] of Object.entries(DEEP)) {
    it(name, () => {
      const ours = runIn(name, [process.execPath, BIN, 'conf'], kconfig);
      expect(ours.stderr).not.toMatch(/RangeError|TypeError|\n\s+at /);
      expect(ours.status).toBe(0);
      if (CONF) expect(ours).toEqual(runIn(name, [CONF], kconfig));
    }, 180_000);
  }
});

describe('the launcher', () => {
  const kconfig = DEEP['select chain'];
  it('gives the same through node, as a program (npx, npm link, global install) and with a small stack', () => {
    // npm puts a symbolic link to the bin file on PATH: its first line starts node.
    const linkDir = join(root, 'bin-link');
    mkdirSync(linkDir, { recursive: true });
    const link = join(linkDir, 'ukconfig');
    symlinkSync(BIN, link);
    const viaNode = runIn('launcher', [process.execPath, BIN, 'conf'], kconfig, '--allnoconfig');
    expect(viaNode.status).toBe(0);
    expect(runIn('launcher', [link, 'conf'], kconfig, '--allnoconfig')).toEqual(viaNode);
    expect(runIn('launcher', [process.execPath, '--stack-size=300', BIN, 'conf'], kconfig, '--allnoconfig')).toEqual(viaNode);
  }, 180_000);
});

describe('why and enable on a 5,000-long depends on chain', () => {
  const kconfig = DEEP['depends on chain (nested automatic submenus)'];
  const dir = join(root, 'resolver');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Kconfig'), kconfig);
  const ukconfig = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args, '--kconfig', 'Kconfig'], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, UKCONFIG_CACHE: '0' }, encoding: 'utf8', timeout: 120_000 });
  it('why explains the last symbol', () => {
    const r = ukconfig('why', 'S4999');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('S4999 = y');
    expect(r.stdout).toContain('depends on [y]: S4998 [=y]');
  }, 180_000);
  it('enable gives an answer, not a crash', () => {
    // A generous time limit: on a loaded machine the default (2 s) may end in "too complex" (status 4).
    const r = ukconfig('enable', '--timeout', '100000', 'S4999=n');
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    expect([0, 3]).toContain(r.status);
    expect(r.stdout).toMatch(/^S4999=n/);
  }, 180_000);
});

describe('evaluation past the nesting budget', () => {
  // Chains longer than the budget are computed by the steps versions of the
  // evaluator; with no budget at all, every computation is, and every case
  // of the language catalog must still give what conf gave.
  const expected = JSON.parse(readFileSync(join(import.meta.dirname, 'cases/expected.json'), 'utf8'));
  for (const c of CASES) {
    it(c.name, () => {
      const got = withStepsOnly(() => runCase(c));
      const want = expected[c.name];
      expect(got.stderr).toBe(want.stderr);
      expect(got.stdout).toBe(want.stdout);
      expect(got.files).toEqual(want.files);
      expect(got.rc).toBe(want.rc);
    });
  }
});
