/**
 * examples/sqlite (the SQLite 3.40 shell from Debian's sqlite3 source
 * package, with musl) against the host's sqlite3 (the same Debian package,
 * built against glibc): every script of qemu-tests/apps/sqlite/scripts
 * runs on the host in a copy of that folder (`sqlite3 db.sqlite ".read
 * scripts/X.sql"`) and in the images with the folder as the initrd (the
 * same words after `--`, the database created in the ramfs), and must give
 * the same standard output byte for byte, the same standard error and the
 * same exit status (1 after a syntax error or a constraint violation).
 * Each image is built once, for kvm and linuxu, and boots once per
 * script: on x86_64 in `npm test`, on x86_64 and arm64 with `npm run
 * test:long` (compiling the 8 MB sqlite3.c is most of the time, about a
 * minute per architecture). On kvm the serial line carries both streams:
 * the console must be the host's standard output followed by its
 * standard error (the failing scripts fail at their last statement).
 *
 * The database file the image wrote is checked by the host's sqlite3:
 * the guest prints its bytes (the shell's readfile(), in hex) after
 * 10,000 rows were written, and the host opens that file, runs PRAGMA
 * integrity_check and reads the rows back. On kvm the database can also
 * live in a folder of the host shared over 9P (--share): the host's
 * sqlite3 then opens the very file the guest wrote.
 */
import { execa } from 'execa';
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, ROOT, runGuest, sampled, tempDir, ukconfig, type Result } from './ukconfig.js';

afterAll(removeScratch);

const BUILD_MS = 1_500_000;
const ROOTFS = join(ROOT, 'qemu-tests', 'apps', 'sqlite');
const SCRIPTS = readdirSync(join(ROOTFS, 'scripts'))
  .filter((f) => f.endsWith('.sql'))
  .sort();
const HOST_ENV = { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' };
const KVM_MEM = '64M';

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The host's sqlite3 with `args`, in a fresh copy of the test folder. */
async function hostSqlite(args: string[], input?: string): Promise<Output> {
  const dir = tempDir('sqlite-host');
  cpSync(ROOTFS, dir, { recursive: true });
  const r = await execa('sqlite3', args, {
    cwd: dir,
    env: HOST_ENV,
    reject: false,
    stripFinalNewline: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** What runGuest() keeps of a guest's output: execa drops one final newline. */
// What runGuest() returns: the console without its \r (CSV mode's rows end in \r\n on the host too).
const asCaptured = (text: string) => text.replace(/\r/g, '').replace(/\n$/, '');
const ARCHS = sampled(['x86_64', 'arm64'], (arch) => arch === 'x86_64');

const scriptArgs = (script: string) => ['db.sqlite', `.read scripts/${script}`];

const host = new Map<string, Output>();

beforeAll(async () => {
  await Promise.all(SCRIPTS.map(async (s) => host.set(s, await hostSqlite(scriptArgs(s)))));
});

it('the host runs: every script prints, a syntax error and a constraint violation exit with 1', () => {
  for (const s of SCRIPTS) expect(host.get(s)!.stdout, s).not.toBe('');
  expect(host.get('syntax.sql')!.stderr).toMatch(/^Parse error near line 5: near "SELEC": syntax error\n/);
  expect(host.get('syntax.sql')!.exitCode).toBe(1);
  expect(host.get('constraint.sql')!.stderr).toBe('Runtime error near line 5: UNIQUE constraint failed: u.email (19)\n');
  expect(host.get('constraint.sql')!.exitCode).toBe(1);
  expect(host.get('checks.sql')!.stderr).toMatch(/FOREIGN KEY constraint failed/);
  expect(host.get('rows10k.sql')!.stdout).toMatch(/^10000\|/);
  expect(host.get('dotcmds.sql')!.stdout).toMatch(/^city\s+country\s+big\s*$|^big\s+city\s+country\s*$/m);
  for (const s of SCRIPTS.filter((s) => !['syntax.sql', 'constraint.sql', 'checks.sql'].includes(s))) expect(host.get(s)!.exitCode, s).toBe(0);
});

/** The bytes of a database file, from the hex the guest's shell printed. */
const INTEGRITY_ARGS = ['db.sqlite', '.read scripts/rows10k.sql', '.output stdout', "SELECT '@@' || hex(readfile('db.sqlite'))"];

async function checkOnHost(guestStdout: string): Promise<void> {
  const hex = /^@@([0-9A-F]+)$/m.exec(guestStdout);
  expect(hex, 'the guest printed its database file').not.toBeNull();
  const dir = tempDir('sqlite-check');
  const file = join(dir, 'guest.sqlite');
  writeFileSync(file, Buffer.from(hex![1], 'hex'));
  const r = await execa('sqlite3', [file, 'PRAGMA integrity_check', 'SELECT count(*), sum(grp), count(DISTINCT tag) FROM t', 'PRAGMA index_list(t)'], { reject: false });
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe('ok\n6667|53319|6667\n0|t_val|0|c|0');
  expect(r.exitCode).toBe(0);
}

describe.each(ARCHS)('sqlite on %s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('sqlite');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/kvm+linuxu-${arch}`]);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b: Result = await ukconfig(['-C', app, 'build'], { timeoutMs: BUILD_MS });
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  }, BUILD_MS);

  it.each(SCRIPTS)(`linuxu-${arch}: %s gives the host's output and status`, async (script) => {
    const want = host.get(script)!;
    const r = await runGuest(app, ['--plat', 'linuxu', '--initrd', ROOTFS], scriptArgs(script));
    expect(r.stdout).toBe(asCaptured(want.stdout));
    expect(r.stderr).toBe(asCaptured(want.stderr));
    expect(r.exitCode).toBe(want.exitCode);
  });

  it.each(SCRIPTS)(`kvm-${arch}: %s gives the host's output and status`, async (script) => {
    const want = host.get(script)!;
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--initrd', ROOTFS], scriptArgs(script));
    expect(r.stdout).toBe(asCaptured(want.stdout + want.stderr));
    expect(r.exitCode).toBe(want.exitCode);
  });

  it.each(['linuxu', 'kvm'])(`%s-${arch}: the database file written in the guest passes the host's integrity_check`, async (plat) => {
    const r = await runGuest(app, ['--plat', plat, ...(plat === 'kvm' ? ['--mem', KVM_MEM] : []), '--initrd', ROOTFS], INTEGRITY_ARGS);
    expect(r.exitCode, r.stderr).toBe(0);
    await checkOnHost(r.stdout);
  });

  it(`kvm-${arch}: a database in a shared folder (-- /mnt/db.sqlite ".read /mnt/scripts/X.sql") is the host's: same output, integrity_check and rows on the host`, async () => {
    const shared = tempDir('sqlite-share');
    cpSync(ROOTFS, shared, { recursive: true });
    const want = host.get('rows10k.sql')!;
    // The initrd gives /etc/passwd (the shell looks up its home there, for ~/.sqliterc); the data is in the shared folder.
    const share = ['--plat', 'kvm', '--mem', KVM_MEM, '--initrd', ROOTFS, '--share', `${shared}:/mnt`];
    const r = await runGuest(app, share, ['/mnt/db.sqlite', '.read /mnt/scripts/rows10k.sql']);
    expect(r.stdout).toBe(asCaptured(want.stdout + want.stderr));
    expect(r.exitCode).toBe(0);
    // The journal SQLite made and removed beside the database is gone from the host's folder too.
    expect(existsSync(join(shared, 'db.sqlite-journal'))).toBe(false);
    const check = await execa('sqlite3', [join(shared, 'db.sqlite'), 'PRAGMA integrity_check', 'SELECT count(*), sum(grp), count(DISTINCT tag) FROM t'], { reject: false });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('ok\n6667|53319|6667');
    // And the host's file, changed by the host, is read back by the guest.
    await execa('sqlite3', [join(shared, 'db.sqlite'), 'INSERT INTO t(grp, tag) VALUES (1, \'from-the-host\')']);
    const back = await runGuest(app, share, ['/mnt/db.sqlite', "SELECT count(*) FROM t WHERE tag = 'from-the-host'"]);
    expect(back.stdout).toBe('1');
    expect(back.exitCode).toBe(0);
  });

  it.each([
    ['a database in a missing folder', ['nodir/db.sqlite', 'SELECT 1']],
    ['a script that cannot be read', ['db.sqlite', '.read scripts/missing.sql']],
  ])(`linuxu-${arch} and kvm-${arch}: %s is SQLite's own error, with the host's status`, async (_what, args) => {
    const want = await hostSqlite(args);
    expect(want.stderr).toMatch(/^Error: /);
    expect(want.exitCode).toBe(1);
    const lu = await runGuest(app, ['--plat', 'linuxu', '--initrd', ROOTFS], args);
    expect(lu.stderr).toBe(asCaptured(want.stderr));
    expect(lu.exitCode).toBe(1);
    const kvm = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--initrd', ROOTFS], args);
    expect(kvm.stdout).toBe(asCaptured(want.stderr));
    expect(kvm.exitCode).toBe(1);
  });

  it(`linuxu-${arch}: SQL piped to the shell's standard input (-batch) gives the host's output`, async () => {
    const input = 'CREATE TABLE t(a);\nINSERT INTO t VALUES (6 * 7);\nSELECT a, typeof(a) FROM t;\n.tables\n';
    const want = await hostSqlite(['-batch', 'db.sqlite'], input);
    expect(want.stdout).toBe('42|integer\nt\n');
    const r = await runGuest(app, ['--plat', 'linuxu', '--initrd', ROOTFS], ['-batch', 'db.sqlite'], input);
    expect(r.stdout).toBe(asCaptured(want.stdout));
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it(`kvm-${arch}: a shell without a database runs SQL typed on the serial console`, async () => {
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM], [], 'SELECT 6 * 7;\r.quit\r');
    expect(r.stdout).toContain('sqlite> SELECT 6 * 7;\n42\n');
    expect(r.exitCode).toBe(0);
  });
});
