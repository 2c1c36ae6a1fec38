/**
 * The everyday commands of an application folder: olddefconfig and
 * savedefconfig (a minimal defconfig that gives the configuration back),
 * clean and distclean (what they remove, said first), build --json, a
 * build interrupted with Ctrl-C (make cleans up, ukconfig says so), and a
 * configuration that cannot be written (errno's reason).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, ROOT, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

describe('olddefconfig and savedefconfig', () => {
  it('olddefconfig fills in the defaults; savedefconfig writes what apply turns back into the same .config', async () => {
    const app = copyExample('helloworld');
    writeFileSync(join(app, '.config'), 'CONFIG_PLAT_LINUXU=y\n# CONFIG_PLAT_KVM is not set\n');
    const r = await ukconfig(['-C', app, 'olddefconfig']);
    expect([r.exitCode, r.stdout]).toEqual([0, 'configuration written to .config']);
    const full = readFileSync(join(app, '.config'), 'latin1');
    expect(full).toContain('CONFIG_PLAT_LINUXU=y');
    expect(full).toContain('CONFIG_LIBUKBOOT=y');
    expect(readFileSync(join(app, '.config.old'), 'latin1')).toBe('CONFIG_PLAT_LINUXU=y\n# CONFIG_PLAT_KVM is not set\n');

    const s = await ukconfig(['-C', app, 'savedefconfig', 'min.defconfig', '--json']);
    expect(s.exitCode, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)).toEqual({ config: '.config', file: 'min.defconfig' });
    const min = readFileSync(join(app, 'min.defconfig'), 'latin1');
    expect(min.split('\n').length).toBeLessThan(full.split('\n').length / 4);
    expect((await ukconfig(['-C', app, '--config', 'again.config', 'apply', 'min.defconfig'])).exitCode).toBe(0);
    expect(readFileSync(join(app, 'again.config'), 'latin1')).toBe(full);
    // make savedefconfig's default name.
    expect((await ukconfig(['-C', app, 'savedefconfig'])).exitCode).toBe(0);
    expect(readFileSync(join(app, 'defconfig'), 'latin1')).toBe(min);
  });

  it('a configuration that cannot be written: errno says why', async () => {
    const app = copyExample('helloworld');
    writeFileSync(join(app, 'a-file'), '');
    const r = await ukconfig(['-C', app, '--config', 'a-file/x.config', 'apply', 'defconfigs/linuxu-x86_64']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('ukconfig apply: cannot write a-file/x.config: file already exists (EEXIST)');
    mkdirSync(join(app, 'adir.config'));
    const o = await ukconfig(['-C', app, '--config', 'adir.config', 'olddefconfig']);
    expect(o.stderr).toContain('ukconfig olddefconfig: cannot read adir.config');
    expect(o.exitCode).toBe(1);
  });
});

describe('build --json, clean and distclean', () => {
  it('build --json reports each image on stdout; clean and distclean say what they remove, then remove it', async () => {
    const app = copyExample('helloworld');
    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/kvm+linuxu-x86_64'])).exitCode).toBe(0);
    const b = await ukconfig(['-C', app, 'build', '--json']);
    expect(b.exitCode, b.stderr).toBe(0);
    const report = JSON.parse(b.stdout) as { images: { id: string; image: string; status: string; bytes: number }[]; interrupted: boolean };
    expect(report.interrupted).toBe(false);
    expect(report.images.map((i) => [i.id, i.status])).toEqual([['kvm-x86_64', 'built'], ['linuxu-x86_64', 'built']]);
    for (const i of report.images) expect(i.bytes).toBe(readFileSync(join(app, i.image.replace(/^.*build\//, 'build/'))).length);
    // make's lines went to stderr.
    expect(b.stderr).toMatch(/\[kvm-x86_64\] +CC +/);
    const again = JSON.parse((await ukconfig(['-C', app, 'build', '--json'])).stdout) as typeof report;
    expect(again.images.map((i) => i.status)).toEqual(['up-to-date', 'up-to-date']);

    const c = await ukconfig(['clean'], { cwd: app });
    expect([c.exitCode, c.stdout]).toEqual([0, 'ukconfig clean: removing build/']);
    expect(existsSync(join(app, 'build'))).toBe(false);
    expect(existsSync(join(app, '.config'))).toBe(true);
    expect((await ukconfig(['-C', app, 'clean'])).stdout).toBe('ukconfig clean: nothing to remove');

    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/linuxu-x86_64'])).exitCode).toBe(0);
    expect((await ukconfig(['-C', app, 'build'])).exitCode).toBe(0);
    const d = await ukconfig(['distclean', '--json'], { cwd: app });
    expect(d.exitCode).toBe(0);
    expect(d.stderr).toBe('ukconfig distclean: removing build/, .config, .config.old');
    expect(JSON.parse(d.stdout)).toEqual({ removed: ['build/', '.config', '.config.old'] });
    for (const f of ['build', '.config', '.config.old']) expect(existsSync(join(app, f)), f).toBe(false);
    expect(existsSync(join(app, 'main.c'))).toBe(true);
  });
});

describe('Ctrl-C during build', () => {
  it('make stops and cleans up; ukconfig says the build was interrupted (status 130), without make complaining of lost children', async () => {
    const app = copyExample('helloworld');
    expect((await ukconfig(['-C', app, 'apply', 'defconfigs/kvm+linuxu-x86_64'])).exitCode).toBe(0);
    // In a process group of its own, as a terminal's foreground job: Ctrl-C is SIGINT to the whole group.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ukconfig.js'), '-C', app, 'build', '-j2'], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const compiling = new Promise<void>((resolve) =>
      child.stdout.on('data', (b) => {
        out += b;
        if (/ CC /.test(out)) resolve();
      }),
    );
    child.stderr.on('data', (b) => (err += b));
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    await compiling;
    process.kill(-child.pid!, 'SIGINT');
    const { code, signal } = await ended;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(err).toMatch(/^ukconfig build: interrupted \(SIGINT\) after [\d.]+ s$/m);
    expect(err).not.toMatch(/No child processes|Terminated/);
    expect(out).toMatch(/\] interrupted$/m);
    // Nothing half-built is left to be taken for done: the next build finishes and the image boots.
    const again = await ukconfig(['-C', app, 'build']);
    expect(again.exitCode, again.stderr).toBe(0);
    const run = await ukconfig(['-C', app, 'run', '--plat', 'linuxu', '--timeout', '60']);
    expect(run.stdout.split('\n')).toContain('Hello world!');
  });
});
