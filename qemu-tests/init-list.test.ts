/**
 * `ukconfig init` makes an application that configures, builds and boots
 * as it is; `ukconfig list` shows every library with its purpose.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { poolManifestFiles } from '../buildgen/src/libraries.js';
import { removeScratch, ROOT, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

describe('ukconfig init', () => {
  it('creates an application that builds and boots on linuxu and kvm', async () => {
    const parent = tempDir('init');
    const r = await ukconfig(['init', 'my-app'], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    const app = join(parent, 'my-app');
    expect(readdirSync(app).sort()).toEqual(['.gitignore', 'Config.uk', 'README.md', 'defconfigs', 'library.uk', 'main.c']);
    // One per platform and architecture, and both platforms per architecture.
    expect(readdirSync(join(app, 'defconfigs')).sort()).toEqual(['kvm+linuxu-arm64', 'kvm+linuxu-x86_64', 'kvm-arm64', 'kvm-x86_64', 'linuxu-arm64', 'linuxu-x86_64']);
    expect(readFileSync(join(app, 'library.uk'), 'utf8')).toContain('library my_app\nenabled-if APPMY_APP\n');
    for (const d of readdirSync(join(app, 'defconfigs'))) {
      expect((await ukconfig(['-C', app, 'apply', `defconfigs/${d}`])).exitCode, d).toBe(0);
    }
    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/kvm+linuxu-x86_64'])).exitCode).toBe(0);
    const b = await ukconfig(['-C', app, 'build']);
    expect(b.exitCode, b.stderr).toBe(0);
    for (const plat of ['linuxu', 'kvm']) {
      const run = await runGuest(app, ['--plat', plat], ['my_app.greeting=Bonjour', '--', 'one']);
      expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['Bonjour', 'argument 1: one']));
      expect(run.exitCode).toBe(0);
    }
  });

  it('never writes into a folder that has files', async () => {
    const dir = tempDir('init-full');
    writeFileSync(join(dir, 'main.c'), 'mine\n');
    const r = await ukconfig(['init', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('is not empty; nothing was written');
    expect(readdirSync(dir)).toEqual(['main.c']);
    expect(readFileSync(join(dir, 'main.c'), 'utf8')).toBe('mine\n');
  });

  it('refuses a name that cannot name a library', async () => {
    const r = await ukconfig(['init', join(tempDir('init-name'), 'Bad.Name')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("'bad.name' cannot name a library");
  });

  it("refuses a pools library's name (two libraries of one name never build), and writes nothing", async () => {
    const parent = tempDir('init-taken');
    const r = await ukconfig(['init', 'nolibc'], { cwd: parent });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe("ukconfig init: 'nolibc' is the name of a pools library (pools/lib/nolibc): give the application another with --name");
    expect(readdirSync(parent)).toEqual([]);
    const named = await ukconfig(['init', 'nolibc', '--name', 'mylibc', '--json'], { cwd: parent });
    expect(named.exitCode, named.stderr).toBe(0);
    expect(JSON.parse(named.stdout)).toMatchObject({ name: 'mylibc', dir: join(parent, 'nolibc'), files: expect.arrayContaining(['library.uk', 'main.c']) });
    expect(readFileSync(join(parent, 'nolibc', 'library.uk'), 'utf8')).toContain('library mylibc\n');
  });
});

describe('ukconfig list', () => {
  it("lists every pools library with its manifest's one-line purpose", async () => {
    const r = await ukconfig(['list', '--json']);
    expect(r.exitCode).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; folder: string; purpose: string }[];
    expect(rows.map((x) => x.folder)).toEqual(poolManifestFiles(join(ROOT, 'pools')).map((f) => f.slice(ROOT.length).replace(/\/library\.uk$/, '')));
    expect(rows.find((x) => x.name === 'ukboot')!.purpose).toBe('boot sequence, command line, library parameters, main, exit.');
    for (const row of rows) expect(row.purpose, row.name).not.toBe('');
  });

  it('in an application folder, the application too; plain text is aligned', async () => {
    const r = await ukconfig(['-C', join(ROOT, 'examples', 'helloworld'), 'list']);
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^helloworld +examples\/helloworld +prints a greeting and its arguments, exits with the status asked for\.$/);
    expect(lines.find((l) => l.startsWith('ukalloc ')))!.toMatch(/^ukalloc +pools\/lib\/ukalloc +allocator API/);
  });
});
