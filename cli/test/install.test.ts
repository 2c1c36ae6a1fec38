/**
 * ukconfig as users get it. A fresh copy of the checkout (the files git
 * tracks, as a clone has them): `npm ci`, then `npm link` into a temporary
 * prefix (the README's set-up), then `npm pack` and `npm install -g` of the
 * tarball into another prefix. The copy is removed, and the installed
 * command runs from a folder of its own: --version, list, conf, and an
 * application made with init, built and run on linuxu, so the pools, the
 * native make rules and the template all come from the package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'ukconfig-install-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// npm and the installed command find node where this test's node is.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, UKCONFIG_CACHE: '0' };
delete env.npm_config_prefix;

function npm(cwd: string, args: string[], extra: NodeJS.ProcessEnv = {}): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, env: { ...env, ...extra }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The files of a fresh clone: tracked, plus new ones not ignored (what the next commit holds). */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the work tree
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(join(ROOT, f), join(to, f));
  }
}

describe('npm link, npm pack and npm install -g from a fresh clone', () => {
  it('installs a ukconfig that works outside the checkout', { timeout: 900_000 }, () => {
    const src = join(scratch, 'clone');
    copyCheckout(src);
    expect(existsSync(join(src, 'dist'))).toBe(false);
    npm(src, ['ci']);

    // The README's set-up: ukconfig on PATH through npm link.
    const linked = join(scratch, 'linked');
    npm(src, ['run', '-s', 'build']);
    npm(src, ['link'], { npm_config_prefix: linked });
    const version = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: src, encoding: 'utf8' }));
    expect(execFileSync(join(linked, 'bin', 'ukconfig'), ['--version'], { cwd: scratch, env, encoding: 'utf8' })).toBe(`ukconfig ${version}\n`);

    npm(src, ['pack', '--pack-destination', scratch]);
    const tarball = readdirSync(scratch).find((f) => /^ukconfig-.*\.tgz$/.test(f));
    expect(tarball).toBeDefined();
    const listing = execFileSync('tar', ['-tzf', join(scratch, tarball!)], { encoding: 'utf8' }).split('\n');
    // The engine travels inside; the tests and sources of the parts do not.
    expect(listing).toContain('package/node_modules/kconfig-parser-ts/dist/cli/conf.cjs');
    expect(listing).toContain('package/pools/Config.uk');
    expect(listing).toContain('package/native/rules.mk');
    expect(listing).toContain('package/buildgen/templates/app/main.c');
    const ours = listing.filter((f) => !f.startsWith('package/node_modules/'));
    expect(ours.filter((f) => /\/test\/|\.test\.ts$|^package\/(workspace|resolver|ui|cli)\//.test(f))).toEqual([]);

    const prefix = join(scratch, 'prefix');
    npm(scratch, ['install', '-g', '--prefix', prefix, join(scratch, tarball!)]);
    rmSync(src, { recursive: true, force: true });

    const bin = join(prefix, 'bin', 'ukconfig');
    const away = join(scratch, 'elsewhere');
    mkdirSync(away);
    const ukconfig = (...args: string[]) => spawnSync(bin, args, { cwd: away, env, encoding: 'utf8', timeout: 300_000 });

    expect(ukconfig('--version')).toMatchObject({ status: 0, stdout: `ukconfig ${version}\n` });
    const list = ukconfig('list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^ukboot +pools\/lib\/ukboot +boot sequence/m);
    expect(ukconfig('conf', '--help').stdout).toMatch(/^Usage: conf \[options\] <kconfig-file>/);

    const init = ukconfig('init', 'hello');
    expect(init.status, init.stderr).toBe(0);
    for (const step of [['apply', 'defconfigs/linuxu-x86_64'], ['build']]) {
      const r = ukconfig('-C', 'hello', ...step);
      expect(r.status, `${step.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    const run = ukconfig('-C', 'hello', 'run', '--timeout', '60', '--', 'hello.greeting=Bonjour', '--', 'one');
    expect(run.stdout.split('\n')).toEqual(expect.arrayContaining(['Bonjour', 'argument 1: one']));
    expect(run.status).toBe(0);
  });
});
