/**
 * musl as the C library, on every (architecture, platform) pair: the
 * helloworld example boots with it, and examples/libcsmoke prints exactly
 * what the same main.c built by the host's gcc prints (differential), with
 * the same exit status; so do its checks of the clocks and sleeping
 * (lib/posix-time), given the same wall-clock time. The system call layer answers what the image has
 * and reports, once, what it lacks and which library would provide it.
 *
 * musl itself is fetched from Debian's pool and built once per
 * architecture into the user cache (a few minutes the first time).
 */
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, namedUses, removeScratch, runGuest, tempDir, ukconfig, type Result } from './ukconfig.js';

afterAll(removeScratch);

const MUSL_BUILD_MS = 900_000;

interface Pair {
  name: string;
  plat: string;
  runArgs: string[];
}

const ARCHES: { arch: string; objdump: string; nm: string; trap: RegExp; pairs: Pair[] }[] = [
  {
    arch: 'x86_64',
    objdump: 'objdump',
    nm: 'nm',
    trap: /\tsyscall\b/,
    pairs: [
      { name: 'kvm-x86_64 (-M pc)', plat: 'kvm', runArgs: ['--plat', 'kvm', '--machine', 'pc'] },
      { name: 'linuxu-x86_64', plat: 'linuxu', runArgs: ['--plat', 'linuxu'] },
    ],
  },
  {
    arch: 'arm64',
    objdump: 'aarch64-linux-gnu-objdump',
    nm: 'aarch64-linux-gnu-nm',
    trap: /\tsvc\b/,
    pairs: [
      { name: 'kvm-arm64 (-M virt)', plat: 'kvm', runArgs: ['--plat', 'kvm'] },
      { name: 'linuxu-arm64 (qemu-aarch64)', plat: 'linuxu', runArgs: ['--plat', 'linuxu'] },
    ],
  },
];

async function configureAndBuild(app: string, defconfig: string, fragments: string[] = []): Promise<Result> {
  const apply = await ukconfig(['-C', app, 'apply', defconfig, ...fragments]);
  expect(apply.exitCode, apply.stdout + apply.stderr).toBe(0);
  return ukconfig(['-C', app, 'build'], { timeoutMs: MUSL_BUILD_MS });
}

/** Console lines of the program itself: what the host's build prints on stdout. */
const programLines = (stdout: string) => stdout.split('\n').filter((l) => l !== 'to stderr' && !/^(Warn|Info|boot): /.test(l));

let hostSmoke: { stdout: string; exitCode: number };
let hostExe: string;

/** The wall-clock time the time checks compare with (seconds since 1970). */
const epoch = () => String(Math.floor(Date.now() / 1000));

beforeAll(async () => {
  const dir = tempDir('libcsmoke-host');
  hostExe = join(dir, 'libcsmoke');
  await execa('gcc', ['-O1', '-o', hostExe, join(copyExample('libcsmoke'), 'main.c')]);
  const r = await execa(hostExe, [], { reject: false });
  hostSmoke = { stdout: String(r.stdout), exitCode: r.exitCode ?? -1 };
  expect(hostSmoke.exitCode).toBe(7);
});

describe.each(ARCHES)('musl on $arch', ({ arch, objdump, nm, trap, pairs }) => {
  let hello: string;
  let smoke: string;
  let helloBuild: Result;
  let smokeBuild: Result;

  beforeAll(async () => {
    hello = copyExample('helloworld');
    helloBuild = await configureAndBuild(hello, `defconfigs/musl-kvm+linuxu-${arch}`);
    smoke = copyExample('libcsmoke');
    smokeBuild = await configureAndBuild(smoke, `defconfigs/kvm+linuxu-${arch}`);
  }, MUSL_BUILD_MS * 2);

  it('both images build, with musl and the system call layer in them', () => {
    for (const b of [helloBuild, smokeBuild]) expect(b.exitCode, b.stderr).toBe(0);
    const mk = readFileSync(join(hello, 'build', `kvm-${arch}`, 'Makefile'), 'utf8');
    const libs = /^UK_LIBS := (.*)$/m.exec(mk)![1].split(' ');
    expect(libs).toEqual(expect.arrayContaining(['musl', 'uksyscall', 'posix_console', 'posix_process']));
    expect(libs).not.toContain('nolibc');
    expect(/^UK_ARCHIVES := (.*)$/m.exec(mk)![1]).toMatch(/\/origins\/build\/musl-[^ ]*\/lib\/libc\.a$/);
  });

  it('musl meets the boot library through the hooks only, and mallocs on ukalloc', () => {
    const libs = join(hello, 'build', `kvm-${arch}`, 'libs');
    // Start-up through UK_LIBC_INIT, the end through exit_group and uk_exit(): no name of ukboot.
    for (const user of ['musl', 'posix_process']) expect(namedUses(libs, user, 'ukboot', nm), user).toEqual([]);
    // The one copy of the heap rules: musl's internal entry points call ukalloc's malloc family.
    expect(namedUses(libs, 'musl', 'ukalloc', nm)).toEqual(expect.arrayContaining(['free', 'malloc', 'realloc']));
  });

  it('the kvm image executes no system call instruction: every call is a function call', async () => {
    const dump = await execa(objdump, ['-d', join(hello, 'build', `helloworld_kvm-${arch}.dbg`)]);
    const lines = String(dump.stdout).split('\n');
    expect(lines.filter((l) => trap.test(l))).toEqual([]);
    // The check can fail: the musl code the image holds was reached through calls of uk_syscall6.
    expect(lines.some((l) => /\bbl?\s.*<uk_syscall6>|call.*<uk_syscall6>|jmp.*<uk_syscall6>/.test(l))).toBe(true);
  });

  for (const pair of pairs) {
    describe(pair.name, () => {
      it('helloworld boots, receives arguments and parameters, exits with its status', async () => {
        const r = await runGuest(hello, pair.runArgs, ['helloworld.status=9', 'helloworld.greeting=Hej', '--', 'a', 'b c']);
        const lines = r.stdout.split('\n');
        expect(lines).toContain('Hej');
        const at = lines.findIndex((l) => l.startsWith('argv[0]: '));
        expect(lines.slice(at + 1, at + 3)).toEqual(['argv[1]: a', 'argv[2]: b c']);
        expect(r.stdout).toMatch(/^boot: (\d+\.\d us|\d+ ticks) to main/m);
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(9);
      });

      it('libcsmoke prints what the host build prints, and exits with the same status', async () => {
        const r = await runGuest(smoke, pair.runArgs, []);
        expect(programLines(r.stdout)).toEqual(programLines(hostSmoke.stdout));
        // stderr is the console's error stream: the host's stderr on linuxu, the serial line on kvm.
        expect((pair.plat === 'linuxu' ? r.stderr : r.stdout).split('\n')).toContain('to stderr');
        expect(r.exitCode).toBe(hostSmoke.exitCode);
      });

      it('a missing system call is -ENOSYS, reported once with the library that would provide it', async () => {
        const r = await runGuest(smoke, pair.runArgs, ['--', 'syscalls']);
        const lines = r.stdout.split('\n');
        expect(lines).toContain('getpid: 1');
        expect(lines).toContain('mmap: Function not implemented');
        expect(lines).toContain('uname: 0 ok');
        expect(lines).toContain('acct: -1 Function not implemented');
        // No child process: no shell, and a command is not run (on linuxu it was started on the host).
        expect(lines).toContain('system(NULL): 0');
        expect(lines).toContain('system("true"): -1 Function not implemented');
        expect(lines.filter((l) => /system call mmap \(\d+\) is not in this image: posix_mmap \(LIBPOSIX_MMAP\) provides it/.test(l))).toHaveLength(1);
        expect(lines.filter((l) => /system call acct \(\d+\) is not implemented: no library of the pools provides it/.test(l))).toHaveLength(1);
        expect(lines).toContain('atexit handler ran');
        expect(r.exitCode).toBe(0);
      });

      it('clocks and sleeping (posix-time) answer as on the host', async () => {
        const now = epoch();
        const r = await runGuest(smoke, pair.runArgs, ['--', 'time', now]);
        const host = await execa(hostExe, ['time', now]);
        const expected = programLines(String(host.stdout));
        // The check can fail: every answer is a yes (1) on the host.
        expect(expected.filter((l) => / 0(,|$)/.test(l) && !/^(clock_getres|gettimeofday): 0,/.test(l))).toEqual([]);
        expect(programLines(r.stdout)).toEqual(expected);
        expect(r.stdout).not.toMatch(/system call/);
        expect(r.exitCode).toBe(0);
      });
    });
  }
});

describe('musl with posix_mmap', () => {
  it('anonymous mmap works once the library providing it is enabled (linuxu-x86_64)', async () => {
    const app = copyExample('libcsmoke');
    const extra = join(app, 'mmap.config');
    writeFileSync(extra, 'CONFIG_PLAT_KVM=n\nCONFIG_LIBPOSIX_MMAP=y\n');
    const b = await configureAndBuild(app, 'defconfigs/kvm+linuxu-x86_64', [extra]);
    expect(b.exitCode, b.stderr).toBe(0);
    const r = await runGuest(app, ['--plat', 'linuxu'], ['--', 'syscalls']);
    expect(r.stdout.split('\n')).toContain('mmap: ok, munmap 0');
    expect(r.stdout).not.toMatch(/system call mmap/);
    const list = await ukconfig(['-C', app, 'list', '--syscalls']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^ +9 +mmap +posix_mmap$/m);
    expect(list.stdout).toMatch(/^ +1 +write +posix_console$/m);
    expect(list.stdout).toMatch(/^ +158 +arch_prctl +linuxu$/m);
    expect(list.stdout).toMatch(/^ +228 +clock_gettime +posix_time$/m);
    expect(list.stdout).toMatch(/^ +231 +exit_group +posix_process$/m);
  }, MUSL_BUILD_MS);
});
