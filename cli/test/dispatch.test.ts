/**
 * What the dispatcher does for every command: the list of commands, usage
 * errors (the problem, then the command's usage line, status 2), problems
 * with the place (no usage line), and failures with their status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/ukconfig.js');
const dir = mkdtempSync(join(tmpdir(), 'ukconfig-cli-'));
writeFileSync(join(dir, 'Kconfig'), 'config A\n\tbool "a"\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ukconfig(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, UKCONFIG_CACHE: '0' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('ukconfig', () => {
  it('lists every command with its summary', () => {
    const r = ukconfig('help');
    expect(r.status).toBe(0);
    for (const name of ['conf', 'apply', 'why', 'enable', 'disable', 'menu', 'build', 'run', 'init', 'list', 'lint']) {
      expect(r.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(ukconfig().status).toBe(2);
    const unknown = ukconfig('nosuch');
    expect([unknown.status, unknown.err.split('\n')[0]]).toEqual([2, "ukconfig: unknown command 'nosuch'"]);
  });

  it("usage errors: the problem, then the command's usage line", () => {
    expect(ukconfig('enable', '--bogus', 'A')).toEqual({
      status: 2,
      out: '',
      err: 'ukconfig enable: unknown option --bogus\nusage: ukconfig enable [--kconfig FILE] [--config FILE] [--json] [--apply] [--timeout MS] SYMBOL[=value]\n',
    });
    expect(ukconfig('why')).toEqual({ status: 2, out: '', err: 'ukconfig why: usage: ukconfig why [--kconfig FILE] [--config FILE] [--json] SYMBOL\n' });
    expect(ukconfig('build', '-j', 'x').err).toMatch(/^ukconfig build: -j needs a number of jobs\nusage: ukconfig build /);
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
        const { command } = await import(join(ROOT, part, 'src', 'commands', file));
        expect(command.usage, file).toMatch(new RegExp(`^ukconfig ${name}( |$)`));
        expect(typeof command.run, file).toBe('function');
        expect(listed, file).toMatch(new RegExp(`^  ${name} +${command.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
        modules++;
      }
    }
    expect(modules).toBe(10);
  });
});
