/**
 * The `ukconfig lint` command as a user runs it: on the pools, in an
 * application folder (a new one from `ukconfig init` too), on another pool
 * with planted problems (text and --json), and with bad input.
 */
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, ROOT, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const POOL = join(ROOT, 'buildgen', 'test', 'lint-pool');

describe('ukconfig lint', () => {
  it('passes on the pools, from anywhere outside an application folder', async () => {
    for (const cwd of [ROOT, tempDir('lint-elsewhere')]) {
      const r = await ukconfig(['lint'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^ukconfig lint: \d+ libraries, \d+ includes and \d+ references checked: no problems$/);
      expect(r.exitCode).toBe(0);
    }
  });

  it('checks the application too: examples/helloworld, and one just made by ukconfig init', async () => {
    const hello = await ukconfig(['-C', join(ROOT, 'examples', 'helloworld'), 'lint']);
    expect([hello.exitCode, hello.stdout]).toEqual([0, expect.stringMatching(/no problems$/)]);
    const parent = tempDir('lint-init');
    expect((await ukconfig(['init', 'fresh'], { cwd: parent })).exitCode).toBe(0);
    const fresh = await ukconfig(['-C', join(parent, 'fresh'), 'lint']);
    expect([fresh.exitCode, fresh.stdout]).toEqual([0, expect.stringMatching(/no problems$/)]);
    // The application's libraries count: one more than the pools alone.
    const pools = await ukconfig(['lint']);
    const count = (out: string) => Number(/(\d+) libraries/.exec(out)![1]);
    expect(count(fresh.stdout)).toBe(count(pools.stdout) + 1);
  });

  it('an application that calls what it does not ask for', async () => {
    const app = tempDir('lint-app');
    writeFileSync(join(app, 'Config.uk'), 'config APPBAD\n\tbool "bad"\n\tdefault y\n\tselect LIBNOLIBC\n');
    writeFileSync(join(app, 'library.uk'), '# bad: uses the device tree reader without asking for it.\nlibrary bad\nenabled-if APPBAD\nsource main.c\n');
    writeFileSync(join(app, 'main.c'), '#include <uk/fdt.h>\n\nint main(void)\n{\n\treturn ukfdt_check((void *)0);\n}\n');
    const r = await ukconfig(['-C', app, 'lint']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('main.c:1: #include <uk/fdt.h> needs ukfdt (LIBUKFDT), which bad may be built without\n');
    expect(r.stdout).toContain('main.c:5: ukfdt_check comes from ukfdt (LIBUKFDT), which bad may be built without\n');
    // ukfdt has no dependencies: selecting it is safe.
    expect(r.stdout).toContain('    fix: Config.uk:5: add "select LIBUKFDT"\n');
  });

  it('another pool: the planted problems, as text and as JSON, with status 1', async () => {
    const r = await ukconfig(['lint', '--kconfig', 'Config.uk'], { cwd: POOL });
    expect(r.stdout).toBe(
      [
        'lib/user/user.c:2: #include <uk/extra.h> needs extra (LIBEXTRA), which user may be built without',
        '    for example: PLAT_TWO=y LIBUSER=y (the rest default)',
        '    fix: lib/user/Config.uk:4: add "depends on LIBEXTRA"',
        'lib/user/user.c:7: extra_fn comes from extra (LIBEXTRA), which user may be built without',
        '    for example: PLAT_TWO=y LIBUSER=y (the rest default)',
        '    fix: lib/user/Config.uk:4: add "depends on LIBEXTRA"',
        'ukconfig lint: 9 libraries, 14 includes and 14 references checked: 2 problems',
      ].join('\n'),
    );
    expect(r.exitCode).toBe(1);
    const j = await ukconfig(['lint', '--kconfig', 'Config.uk', '--json'], { cwd: POOL });
    expect(j.exitCode).toBe(1);
    const out = JSON.parse(j.stdout);
    expect(out.findings.map((f: { file: string; line: number; fix: { file: string; line: number; text: string } }) => [f.file, f.line, f.fix])).toEqual([
      ['lib/user/user.c', 2, { file: 'lib/user/Config.uk', line: 4, text: 'depends on LIBEXTRA' }],
      ['lib/user/user.c', 7, { file: 'lib/user/Config.uk', line: 4, text: 'depends on LIBEXTRA' }],
    ]);
    expect(out).toMatchObject({ libraries: 9, includes: 14, references: 14 });
  });

  it('bad input: a manifest error with its file and line (status 1); a stray argument (status 2)', async () => {
    const pool = tempDir('lint-bad');
    cpSync(POOL, pool, { recursive: true });
    writeFileSync(join(pool, 'lib', 'user', 'library.uk'), '# user\nlibrary user\nenabled-if LIBUSER\nsource nosuch.c\n');
    const r = await ukconfig(['lint', '--kconfig', 'Config.uk'], { cwd: pool });
    expect([r.exitCode, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain(`${join(pool, 'lib', 'user', 'library.uk')}:4: nosuch.c: no such file`);
    const u = await ukconfig(['lint', 'extra']);
    expect(u.exitCode).toBe(2);
        expect(u.stderr).toBe("ukconfig lint: unexpected argument 'extra'\nusage: ukconfig lint [-C DIR] [--kconfig FILE] [--json]");
  });
});
