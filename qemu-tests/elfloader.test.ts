/**
 * examples/elfloader on kvm-x86_64: unmodified static-PIE programs built
 * by the host's gcc, against glibc and against musl (musl-gcc, from
 * musl-tools), run on the host and in the image from its initrd; their
 * output and exit status must be the same (differential). The programs
 * are the example's tests/*.c; they print nothing that legitimately
 * differs between the two systems. Two images: without a scheduler (the
 * default), and with the cooperative scheduler, which brings program
 * threads (clone, futex) and the switch of the thread pointer at every
 * system call; every program runs in both, the threads program in the
 * second.
 */
import { execa } from 'execa';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExample, removeScratch, ROOT, runGuest, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

const TESTS = join(ROOT, 'examples', 'elfloader', 'tests');
const MUSL = '/usr/lib/x86_64-linux-musl';
const LIBCS = ['glibc', 'musl'] as const;

/** Console lines of the program: the image's own messages dropped. */
const programLines = (stdout: string) => stdout.split('\n').filter((l) => !/^(Warn|Info|boot): /.test(l));

/** The host's file of a crt object of gcc (crtbeginS.o, crtendS.o). */
async function gccFile(name: string): Promise<string> {
  return String((await execa('gcc', [`-print-file-name=${name}`])).stdout).trim();
}

/**
 * Builds tests/<name>.c as a static PIE against each C library. musl-gcc's
 * specs know no -static-pie: its start file for one (rcrt1.o) is named,
 * and libc.a chosen with -Bstatic.
 */
async function compile(name: string, out: string): Promise<void> {
  const src = join(TESTS, `${name}.c`);
  await execa('gcc', ['-O1', '-Wall', '-Werror', '-static-pie', '-o', join(out, `${name}-glibc`), src]);
  const [begin, end] = await Promise.all([gccFile('crtbeginS.o'), gccFile('crtendS.o')]);
  await execa('musl-gcc', [
    '-O1', '-Wall', '-Werror', '-static-pie', '-nostartfiles',
    `${MUSL}/rcrt1.o`, `${MUSL}/crti.o`, begin, src, end, `${MUSL}/crtn.o`,
    '-Wl,--no-dynamic-linker', '-Wl,-Bstatic', '-o', join(out, `${name}-musl`),
  ]);
  const dyn = await execa('readelf', ['-lW', join(out, `${name}-musl`)]);
  if (/INTERP/.test(String(dyn.stdout))) throw new Error(`${name}-musl was linked dynamically`);
}

interface Case {
  program: string;
  args: string[];
  env: Record<string, string>;
}

/** The folder argument of `files` is the initrd's root in the image, the copy on the host. */
const cases: Case[] = [
  { program: 'files', args: ['@root'], env: {} },
  { program: 'environ', args: ['one', 'two words', '', '--flag=x'], env: { GREETING: 'hello', EMPTY: '', PATH: '/bin' } },
  { program: 'clocks', args: [], env: {} },
  { program: 'alloc', args: [], env: {} },
  { program: 'status', args: ['42'], env: {} },
  { program: 'status', args: ['return', '3'], env: {} },
  { program: 'status', args: ['_exit', '9'], env: {} },
  { program: 'registers', args: [], env: {} },
  { program: 'proc', args: ['one', 'two words', ''], env: {} },
];

const IMAGES = [
  { defconfig: 'kvm-x86_64', threads: false },
  { defconfig: 'kvm-x86_64-threads', threads: true },
] as const;

let root: string;
const apps = new Map<string, string>();

beforeAll(async () => {
  root = tempDir('elfloader-root');
  cpSync(join(TESTS, 'rootfs'), root, { recursive: true });
  await Promise.all(['files', 'environ', 'clocks', 'alloc', 'status', 'registers', 'unsupported', 'threads', 'proc'].map((p) => compile(p, root)));
  writeFileSync(join(root, 'not-elf'), '#!/bin/sh\necho a script\n');
  for (const { defconfig } of IMAGES) {
    const app = copyExample('elfloader');
    const apply = await ukconfig(['-C', app, 'apply', `defconfigs/${defconfig}`]);
    expect(apply.exitCode, apply.stderr).toBe(0);
    const b = await ukconfig(['-C', app, 'build']);
    expect(b.exitCode, b.stdout + b.stderr).toBe(0);
    apps.set(defconfig, app);
  }
}, 600_000);

async function guest(words: string[], defconfig = 'kvm-x86_64') {
  return runGuest(apps.get(defconfig)!, ['--plat', 'kvm', '--mem', '64M', '--initrd', root], words);
}

describe.each(IMAGES.flatMap((image) => LIBCS.map((libc) => ({ ...image, libc }))))('$defconfig: static-PIE programs against $libc', ({ defconfig, threads, libc }) => {
  const all = threads ? [...cases, { program: 'threads', args: [], env: {} }] : cases;
  it.each(all)(`$program $args: the same output and status as on the host`, async ({ program, args, env }) => {
    const exe = `${program}-${libc}`;
    const host = await execa(join(root, exe), args.map((a) => (a === '@root' ? root : a)), {
      argv0: `/${exe}`,
      env,
      extendEnv: false,
      reject: false,
      cwd: root,
    });
    const envWords = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const r = await guest([...envWords, `/${exe}`, ...args.map((a) => (a === '@root' ? '/' : a))], defconfig);
    const expected = String(host.stdout).split('\n');
    // The checks can fail: the host run printed what the program is about.
    expect(expected.length).toBeGreaterThan(program === 'status' && args[0] === '_exit' ? 0 : 1);
    expect(programLines(r.stdout).join('\n').trimEnd()).toBe(expected.join('\n').trimEnd());
    expect(r.exitCode).toBe(host.exitCode);
    // No call the C library made went unanswered.
    expect(r.stdout).not.toMatch(/system call \w+ \(\d+\) is not/);
  });

  it('an unsupported system call: its name is printed, the program gets ENOSYS and goes on', async () => {
    const r = await guest([`/unsupported-${libc}`], defconfig);
    expect(r.stdout).toMatch(/system call kexec_load \(246\) is not implemented: no library of the pools provides it/);
    expect(programLines(r.stdout)).toEqual(['kexec_load: -1 ENOSYS', 'still running']);
    expect(r.exitCode).toBe(0);
  });
});

describe.each(LIBCS)('kvm-x86_64 (no scheduler): a program that starts a thread (%s)', (libc) => {
  it('pthread_create fails, and the console says what would provide clone', async () => {
    const r = await guest([`/threads-${libc}`]);
    expect(r.stdout).toMatch(
      /system call clone3? \(\d+\) is not in this image: posix_process \(LIBPOSIX_PROCESS, with UKSYSCALL_TRAP && LIBUKSCHED\) provides it/,
    );
    expect(programLines(r.stdout)).toEqual(['pthread_create failed']);
    expect(r.exitCode).toBe(1);
  });
});

describe.each(LIBCS)('a program from a folder shared by the host (--share), against %s', (libc) => {
  it("runs from /mnt and gives the host's output and status", async () => {
    const [hostCopy, guestCopy] = [tempDir('elfloader-share-host'), tempDir('elfloader-share-guest')];
    cpSync(root, hostCopy, { recursive: true });
    cpSync(root, guestCopy, { recursive: true });
    const exe = `files-${libc}`;
    const host = await execa(join(hostCopy, exe), [hostCopy], { reject: false, cwd: hostCopy });
    const r = await runGuest(apps.get('kvm-x86_64')!, ['--plat', 'kvm', '--mem', '64M', '--share', `${guestCopy}:/mnt`], [`/mnt/${exe}`, '/mnt']);
    // The check can fail: the program read the folder's files on the host.
    expect(String(host.stdout)).toContain('greeting: Hello from the initrd.');
    expect(programLines(r.stdout).join('\n').trimEnd()).toBe(String(host.stdout).trimEnd());
    expect(r.exitCode).toBe(host.exitCode);
  });
});

describe('programs the loader refuses, with the reason and status 1', () => {
  it('a missing file', async () => {
    const r = await guest(['/missing']);
    expect(r.stdout).toMatch(/^elfloader: \/missing: no such file$/m);
    expect(r.exitCode).toBe(1);
  });

  it('a file that is not ELF', async () => {
    const r = await guest(['/not-elf']);
    expect(r.stdout).toMatch(/^elfloader: \/not-elf: not an ELF file$/m);
    expect(r.exitCode).toBe(1);
  });

  it('a dynamically linked program', async () => {
    const dyn = join(tempDir('elfloader-dyn'), 'dyn');
    await execa('gcc', ['-O1', '-o', dyn, join(TESTS, 'status.c')]);
    cpSync(dyn, join(root, 'dyn'));
    const r = await guest(['/dyn']);
    expect(r.stdout).toMatch(/^elfloader: \/dyn: dynamically linked \(it names an interpreter\): build it with -static-pie$/m);
    expect(r.exitCode).toBe(1);
  });

  it('no program at all: the usage, status 2', async () => {
    const r = await guest([]);
    expect(r.stdout).toMatch(/^usage: ukconfig run --initrd DIR -- \[NAME=VALUE \.\.\.\] \/path\/prog \[arg \.\.\.\]$/m);
    expect(r.exitCode).toBe(2);
  });
});
