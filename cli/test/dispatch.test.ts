/**
 * What the dispatcher does for every command: the list of commands, each
 * command's help (from the description its parser uses), usage errors (the
 * problem, then the command's usage line, status 2), problems with the
 * place (no usage line), --json or its refusal, and failures with their
 * status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helpText, parseCommandLine, usageLine, type Command } from '../../workspace/src/index.js';
import { allCommands } from '../commands.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/ukconfig.js');
const dir = mkdtempSync(join(tmpdir(), 'ukconfig-cli-'));
writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ukconfig(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, UKCONFIG_CACHE: '0' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const NAMES = ['conf', 'apply', 'olddefconfig', 'savedefconfig', 'why', 'enable', 'disable', 'menu', 'build', 'run', 'pkg', 'clean', 'distclean', 'init', 'list', 'lint', 'report', 'help', 'completion'];

describe('ukconfig', () => {
  it('lists every command with its summary', () => {
    const r = ukconfig('help');
    expect(r.status).toBe(0);
    for (const name of NAMES) expect(r.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(ukconfig('--help').out).toBe(r.out);
    const bare = ukconfig();
    expect([bare.status, bare.err]).toEqual([2, r.out]);
    const unknown = ukconfig('nosuch');
    expect([unknown.status, unknown.err]).toEqual([2, "ukconfig: unknown command 'nosuch' (ukconfig help lists them)\n"]);
  });

  it('--version: the package version', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(ukconfig('--version')).toEqual({ status: 0, out: `ukconfig ${pkg.version}\n`, err: '' });
  });

  it("usage errors: the problem, then the command's usage line", () => {
    expect(ukconfig('enable', '--bogus', 'A')).toEqual({
      status: 2,
      out: '',
      err: 'ukconfig enable: unknown option --bogus\nusage: ukconfig enable [-C DIR] [--kconfig FILE] [--config FILE] [--json] [--apply[=N]] [--keep SYM[,SYM...]] [--timeout MS] SYMBOL[=value]\n',
    });
    expect(ukconfig('why')).toEqual({ status: 2, out: '', err: 'ukconfig why: usage: ukconfig why [-C DIR] [--kconfig FILE] [--config FILE] [--json] SYMBOL\n' });
    expect(ukconfig('build', '-j', 'x').err).toMatch(/^ukconfig build: -j needs a number of jobs\nusage: ukconfig build /);
    expect(ukconfig('why', 'A', 'B').err).toMatch(/^ukconfig why: too many arguments\nusage: /);
    expect(ukconfig('enable', 'A', '--timeout').err).toMatch(/^ukconfig enable: --timeout needs a value \(MS\)\n/);
    expect(ukconfig('list', '--bogus=1').err).toMatch(/^ukconfig list: unknown option --bogus\n/);
  });

  it('problems with the place are usage errors without the usage line; failures keep their status', () => {
    expect(ukconfig('-C', join(dir, 'nothere'), 'why', 'A')).toMatchObject({ status: 2, err: `ukconfig why: cannot work in ${join(dir, 'nothere')}: no such directory\n` });
    expect(ukconfig('why', 'A', '--config')).toMatchObject({ status: 2, err: 'ukconfig why: --config needs a file name\n' });
    const build = ukconfig('build');
    expect(build.status).toBe(2);
    expect(build.err).toBe(`ukconfig build: ${dir} is not an application folder (Config.uk and library.uk): run in one or give -C DIR\n`);
    expect(ukconfig('why', 'NOPE')).toMatchObject({ status: 1, err: 'ukconfig why: NOPE is not a symbol of this tree\n' });
  });

  it('every command module has the one shape, and the dispatcher knows it by its file name', async () => {
    const listed = ukconfig('help').out;
    let modules = 0;
    for (const part of ['workspace', 'resolver', 'ui', 'buildgen']) {
      let files: string[] = [];
      try {
        files = readdirSync(join(ROOT, part, 'src', 'commands'));
      } catch {
        continue;
      }
      for (const file of files) {
        const name = file.replace(/\.ts$/, '');
        const { command } = (await import(join(ROOT, part, 'src', 'commands', file))) as { command: Command };
        expect(typeof command.run, file).toBe('function');
        expect(command.operands.min, file).toBeLessThanOrEqual(command.operands.max);
        expect(listed, file).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
        modules++;
      }
    }
    expect(modules).toBe(NAMES.length - 3); // conf is the engine's; help and completion are the dispatcher's
  });
});

describe('help for every command', () => {
  it('CMD --help, CMD -h and help CMD print the same text, made from the description the parser uses', async () => {
    for (const [name, command] of await allCommands()) {
      const a = ukconfig(name, '--help');
      expect(a.status, name).toBe(0);
      expect(a.out, name).toBe(helpText(name, command));
      expect(a.out.split('\n')[0], name).toBe(`usage: ${usageLine(name, command)}`);
      expect(ukconfig('help', name).out, name).toBe(a.out);
      expect(ukconfig(name, '-h').out, name).toBe(a.out);
      // Every option the help shows, the parser takes.
      for (const o of command.options) {
        for (const spelling of [o.name, ...(o.aliases ?? [])]) {
          const line = !o.value ? [spelling] : o.optionalValue ? [spelling, `${spelling}=1`] : [spelling, '1'];
          const operands = Array.from({ length: command.operands.min }, () => 'x');
          expect(() => parseCommandLine(command, [...line, ...operands]), `${name} ${spelling}`).not.toThrow();
          expect(a.out, `${name} ${spelling}`).toContain(spelling);
        }
      }
    }
    expect(ukconfig('help', 'conf').out).toMatch(/^Usage: conf \[options\] <kconfig-file>/);
    expect(ukconfig('help', 'nosuch')).toMatchObject({ status: 2, err: expect.stringContaining("ukconfig help: unknown command 'nosuch'") });
    // Three starts of the command for each of ~18 commands: seconds each on a loaded machine.
  }, 300_000);

  it('after --, --help belongs to the command (the guest of run)', async () => {
    const { command } = await import('../../buildgen/src/commands/run.js');
    expect(parseCommandLine(command, ['--plat', 'kvm', '--', '--help', '-x']).passed).toEqual(['--help', '-x']);
  });
});

describe('--json', () => {
  it('every command takes it, or refuses it with the reason (status 2)', async () => {
    const refusing = (await allCommands()).filter(([, c]) => c.noJson !== undefined).map(([n]) => n);
    expect(refusing.sort()).toEqual(['completion', 'menu', 'run']);
    for (const name of refusing) {
      const r = ukconfig(name, '--json');
      expect(r.status, name).toBe(2);
      expect(r.err, name).toMatch(new RegExp(`^ukconfig ${name}: --json: not for ${name}: .+\\n$`));
    }
    // In this plain tree: the ones that work here answer JSON on standard output.
    for (const line of [['why', 'A'], ['olddefconfig'], ['savedefconfig', 'min.config'], ['help'], ['help', 'why'], ['list']]) {
      const r = ukconfig(...line, '--json');
      expect(r.status, line.join(' ')).toBe(0);
      expect(() => JSON.parse(r.out), line.join(' ')).not.toThrow();
    }
  });
});
