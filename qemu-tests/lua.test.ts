/**
 * examples/lua (Lua 5.4 from Debian's lua5.4 source package, with musl)
 * against the host's lua5.4 (the same Debian package, built against
 * glibc): every script of qemu-tests/apps/lua/scripts runs on the host in
 * a copy of that folder and in the images with the folder as the initrd,
 * and must give the same standard output byte for byte, the same standard
 * error (the interpreter's own name removed: `lua5.4` on the host) and
 * the same exit status (a script that fails exits with 1 on both). Each
 * image is built once, for kvm and linuxu on x86_64 and arm64, and boots
 * once per script. On kvm the serial line carries both streams, so the
 * console must be the host's standard output followed by its standard
 * error (only a failing script writes to it, at its end). The prompt
 * (no script) reads its lines from the standard input: a pipe on linuxu,
 * the serial line on kvm. A missing script, and a kvm heap that runs out,
 * end with Lua's message and status 1, never a crash.
 */
import { execa } from 'execa';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, LONG_TESTS, removeScratch, ROOT, runGuest, tempDir, ukconfig, type Result } from './ukconfig.js';

afterAll(removeScratch);

const BUILD_MS = 900_000;
const ROOTFS = join(ROOT, 'qemu-tests', 'apps', 'lua');
const SCRIPTS = readdirSync(join(ROOTFS, 'scripts'))
  .filter((f) => f.endsWith('.lua'))
  .sort();
/** Words after the script's name, for the scripts that print theirs. */
const ARGS: Record<string, string[]> = { 'args.lua': ['first', 'two words', '3'] };
/** The host's time zone is the image's: it has none, so UTC. */
const HOST_ENV = { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' };
/** The stack-overflow check of errors.lua grows Lua's stack to its limit (some 40 MB), as the host does. */
const KVM_MEM = '128M';

interface Output {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The interpreter names itself before an error ("lua5.4: ", the image's path on linuxu, "lua: " on kvm). */
const withoutProgname = (text: string) => text.replace(/^[^\s:]+: (?=(scripts\/|stdin:|cannot open ))/gm, '');

async function hostLua(args: string[], input?: string): Promise<Output> {
  const dir = tempDir('lua-host');
  cpSync(ROOTFS, dir, { recursive: true });
  const r = await execa('lua5.4', args, {
    cwd: dir,
    env: HOST_ENV,
    reject: false,
    stripFinalNewline: false,
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

/** What runGuest() keeps of a guest's output: execa drops one final newline. */
const asCaptured = (text: string) => text.replace(/\n$/, '');

const host = new Map<string, Output>();

beforeAll(async () => {
  await Promise.all(SCRIPTS.map(async (s) => host.set(s, await hostLua([`scripts/${s}`, ...(ARGS[s] ?? [])]))));
});

it('the host runs: every script that compiles prints, a failing one exits with 1, os.exit(7) with 7', () => {
  for (const s of SCRIPTS.filter((s) => s !== 'syntax.lua')) expect(host.get(s)!.stdout, s).not.toBe('');
  expect(host.get('syntax.lua')!.stderr).toMatch(/^lua5\.4: scripts\/syntax\.lua:3: unexpected symbol near '='\n/);
  expect(host.get('syntax.lua')!.exitCode).toBe(1);
  expect(host.get('fail.lua')!.exitCode).toBe(1);
  expect(host.get('fail.lua')!.stderr).toMatch(/^lua5\.4: scripts\/fail\.lua:3: something went wrong\n/);
  expect(host.get('exit.lua')!.exitCode).toBe(7);
  expect(host.get('strings.lua')!.exitCode).toBe(0);
});

describe.each(['x86_64', 'arm64'])('lua on %s', (arch) => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('lua');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/kvm+linuxu-${arch}`]);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b: Result = await ukconfig(['-C', app, 'build'], { timeoutMs: BUILD_MS });
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  }, BUILD_MS);

  it.each(SCRIPTS)(`linuxu-${arch}: %s gives the host's output and status`, async (script) => {
    const want = host.get(script)!;
    const r = await runGuest(app, ['--plat', 'linuxu', '--initrd', ROOTFS], [`scripts/${script}`, ...(ARGS[script] ?? [])]);
    expect(r.stdout).toBe(asCaptured(want.stdout));
    expect(withoutProgname(r.stderr)).toBe(asCaptured(withoutProgname(want.stderr)));
    expect(r.exitCode).toBe(want.exitCode);
  });

  it.each(SCRIPTS)(`kvm-${arch}: %s gives the host's output and status`, async (script) => {
    const want = host.get(script)!;
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--initrd', ROOTFS], [`scripts/${script}`, ...(ARGS[script] ?? [])]);
    expect(withoutProgname(r.stdout)).toBe(asCaptured(want.stdout + withoutProgname(want.stderr)));
    expect(r.exitCode).toBe(want.exitCode);
  });

  it.each(['linuxu', 'kvm'])(`%s-${arch}: a missing script is said as the host says it, with status 1`, async (plat) => {
    const want = await hostLua(['scripts/missing.lua']);
    expect(want.stderr).toMatch(/cannot open scripts\/missing\.lua: No such file or directory/);
    const r = await runGuest(app, ['--plat', plat, ...(plat === 'kvm' ? ['--mem', KVM_MEM] : []), '--initrd', ROOTFS], ['scripts/missing.lua']);
    const text = plat === 'kvm' ? r.stdout : r.stderr;
    expect(withoutProgname(text)).toBe(asCaptured(withoutProgname(want.stderr)));
    expect(r.exitCode).toBe(1);
  });

  // Scripts that name no path of their own in what they print, and read no file by a relative path.
  const fromShare = () =>
    SCRIPTS.filter((s) => s !== 'io.lua' && host.get(s)!.exitCode === 0 && !`${host.get(s)!.stdout}${host.get(s)!.stderr}`.includes('scripts/'));

  it(`kvm-${arch}: scripts run from a shared folder (-- /mnt/x.lua) give the host's output`, async () => {
    const shared = tempDir('lua-share');
    cpSync(ROOTFS, shared, { recursive: true });
    // The check can fail: most scripts qualify.
    expect(fromShare().length).toBeGreaterThan(4);
    for (const script of fromShare()) {
      const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--share', `${shared}:/mnt`], [`/mnt/scripts/${script}`, ...(ARGS[script] ?? [])]);
      expect(r.stdout, script).toBe(asCaptured(host.get(script)!.stdout));
      expect(r.exitCode, script).toBe(0);
    }
  });

  it(`kvm-${arch}: a script writes, reads back and renames a file of the shared folder as the host's lua5.4 does`, async () => {
    const chunk = (dir: string) =>
      `local f = assert(io.open('${dir}/from-lua.txt', 'w')) for i = 1, 20000 do f:write(i, ' ', i * i, '\\n') end f:close() ` +
      `local n = 0 for l in io.lines('${dir}/from-lua.txt') do n = n + #l end ` +
      `print(n, os.rename('${dir}/from-lua.txt', '${dir}/renamed.txt'), select(3, os.remove('${dir}/missing')), io.open('${dir}/from-lua.txt') == nil)`;
    const [hostDir, guestDir] = [tempDir('lua-write-host'), tempDir('lua-write-guest')];
    const want = await execa('lua5.4', ['-e', chunk(hostDir)], { env: HOST_ENV });
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--share', `${guestDir}:/mnt`], ['-e', chunk('/mnt')]);
    expect(r.stdout).toBe(String(want.stdout));
    expect(r.exitCode).toBe(0);
    expect(readdirSync(guestDir)).toEqual(['renamed.txt']);
    expect(readFileSync(join(guestDir, 'renamed.txt')).equals(readFileSync(join(hostDir, 'renamed.txt')))).toBe(true);
  });

  it(`kvm-${arch}: out of memory is Lua's error, not a crash`, async () => {
    // Strings kept until the heap of a 16 MiB guest is full.
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', '16M'], ['-e', "local t = {} for i = 1, 1e7 do t[i] = ('x'):rep(1000) .. i end"]);
    expect(r.stdout).toMatch(/^lua: not enough memory$/m);
    expect(r.stdout).not.toMatch(/CRASH/);
    expect(r.exitCode).toBe(1);
  });

  const lines = ['x = 6 * 7', 'print(x, _VERSION)', 'error("oops")', 'for i = 1, 3 do io.write(i, " ") end print()'];

  it(`linuxu-${arch}: the prompt evaluates piped lines, as the host's lua5.4 -i does, and ends at the end of input`, async () => {
    const input = lines.join('\n') + '\n';
    const want = await hostLua(['-i'], input);
    // The check can fail: the host evaluated the lines.
    expect(want.stdout).toContain('42\tLua 5.4\n');
    // The host's readline echoes each line after its prompt; a pipe to the image is not echoed.
    let expected = want.stdout;
    for (const l of lines) expected = expected.replace(`> ${l}\n`, '> ');
    const r = await runGuest(app, ['--plat', 'linuxu'], [], input);
    expect(r.stdout).toBe(asCaptured(expected));
    expect(withoutProgname(r.stderr)).toBe(asCaptured(withoutProgname(want.stderr)));
    expect(r.exitCode).toBe(0);
  });

  it(`kvm-${arch}: the prompt on the serial console echoes and evaluates the lines typed, as the host's lua5.4 -i`, async () => {
    // A serial line has no end of input: the last line ends the interpreter.
    const typed = [...lines, 'os.exit(5)'];
    const want = await hostLua(['-i'], typed.join('\n') + '\n');
    expect(want.exitCode).toBe(5);
    // A terminal's Enter is a carriage return.
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM], [], typed.join('\r') + '\r');
    const console = withoutProgname(r.stdout);
    const err = withoutProgname(want.stderr);
    expect(console).toContain(err);
    expect(console.replace(err, '')).toBe(asCaptured(want.stdout));
    expect(r.exitCode).toBe(5);
  });

  it(`kvm-${arch}: the serial console's line editing: backspace erases, Ctrl-D on an empty line ends the input`, async () => {
    // "print(6*8)", two backspaces (DEL, as terminals send), "9)": the line is print(6*9).
    const r = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM], [], 'print(6*8)\x7f\x7f9)\r\x04');
    expect(r.stdout).toContain('> print(6*8)\b \b\b \b9)\n54\n');
    expect(r.exitCode).toBe(0);
  });
});

/*
 * The same interpreter on musl's thread pointer under a scheduler
 * (preemptive, so the timer interrupts it) and with paging, which a
 * scheduler brings: every script still gives the host's output. Only under
 * `npm run test:long`: `npm test` checks musl on a preemptive scheduler
 * with qemu-tests/pthreads.test.ts.
 */
describe.runIf(LONG_TESTS)('lua on x86_64 with the preemptive scheduler', () => {
  let app: string;

  beforeAll(async () => {
    app = copyExample('lua');
    const apply = await ukconfig(['-C', app, 'apply', 'defconfigs/preempt-kvm+linuxu-x86_64']);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b: Result = await ukconfig(['-C', app, 'build'], { timeoutMs: BUILD_MS });
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
  }, BUILD_MS);

  it.each(SCRIPTS)('kvm and linuxu: %s gives the host\'s output and status', async (script) => {
    const want = host.get(script)!;
    const args = [`scripts/${script}`, ...(ARGS[script] ?? [])];
    const kvm = await runGuest(app, ['--plat', 'kvm', '--mem', KVM_MEM, '--initrd', ROOTFS], args);
    expect(withoutProgname(kvm.stdout)).toBe(asCaptured(want.stdout + withoutProgname(want.stderr)));
    expect(kvm.exitCode).toBe(want.exitCode);
    const linuxu = await runGuest(app, ['--plat', 'linuxu', '--initrd', ROOTFS], args);
    expect(linuxu.stdout).toBe(asCaptured(want.stdout));
    expect(linuxu.exitCode).toBe(want.exitCode);
  });
});
