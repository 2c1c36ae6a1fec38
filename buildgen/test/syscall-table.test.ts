/**
 * The system call table of an image: collected from the `syscall`
 * statements of its libraries, checked (a name the architecture lacks,
 * a call two libraries implement), and rendered as the header the
 * dispatcher compiles; the providers of what the image lacks come from
 * every manifest.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImagePlan, LibraryPlan } from '../src/image-plan.js';
import { parseManifestText } from '../src/manifest.js';
import { imageSyscalls, renderSyscallTable, syscallNumbers, syscallProviders } from '../src/syscall-table.js';

function lib(name: string, text: string): LibraryPlan {
  const m = parseManifestText(`/p/${name}/library.uk`, `library ${name}\nenabled-if LIB${name.toUpperCase()}\n${text}`);
  const syscalls = m.entries.filter((e) => e.kind === 'syscall').flatMap((e) => e.values);
  return { name, dir: m.dir, sources: [], privateIncludes: [], cppflags: [], cflags: [], asflags: [], exports: [], syscalls, manifest: m, originDir: null, upstreamDir: null };
}

function plan(arch: string, libraries: LibraryPlan[]): ImagePlan {
  return { arch, plat: 'kvm', id: `kvm-${arch}`, buildDir: '/b', image: '/b/i', configH: '/b/config.h', includes: [], cppflags: [], cflags: [], asflags: [], libraries, systemIncludes: [], archives: [] };
}

describe('the numbering', () => {
  it('is Linux\'s for each architecture', () => {
    expect(syscallNumbers('x86_64').byName.get('write')).toBe(1);
    expect(syscallNumbers('x86_64').byName.get('arch_prctl')).toBe(158);
    expect(syscallNumbers('arm64').byName.get('write')).toBe(64);
    expect(syscallNumbers('arm64').byName.get('mmap')).toBe(222);
    expect(syscallNumbers('arm64').byName.has('open')).toBe(false);
  });
});

describe('an image\'s table', () => {
  it('reports a call the architecture lacks and a call two libraries implement, at their lines', () => {
    const a = lib('a', 'syscall write open\n');
    const b = lib('b', '\nsyscall write\n');
    const { table, problems } = imageSyscalls(plan('arm64', [a, b]));
    expect(problems).toEqual([
      "/p/a/library.uk:3: arm64 has no system call 'open' (declare it under a condition, e.g. arch x86_64 { ... })",
      '/p/b/library.uk:4: system call write is implemented by both a (/p/a/library.uk:3) and b in the kvm-arm64 image',
    ]);
    expect([...table.keys()]).toEqual(['write']);
  });

  it('names a provider by its library condition: architecture conditions are the image\'s own', () => {
    const m = lib('posix_mmap', 'syscall brk\nif ARCH_64BIT {\n\tsyscall mmap\n}\nif ARCH_X86_64 || ARCH_ARM64 {\n\tsyscall mprotect\n}\nif LIBUKSCHED {\n\tsyscall futex\n}\n').manifest;
    const providers = syscallProviders([m]);
    expect(providers.get('mmap')).toEqual([{ library: 'posix_mmap', enabledIf: 'LIBPOSIX_MMAP' }]);
    expect(providers.get('mprotect')).toEqual([{ library: 'posix_mmap', enabledIf: 'LIBPOSIX_MMAP' }]);
    expect(providers.get('futex')).toEqual([{ library: 'posix_mmap', enabledIf: 'LIBPOSIX_MMAP, with LIBUKSCHED' }]);
  });

  it('names each number once where Linux gives one number two names (arm32)', () => {
    const p = plan('arm32', [lib('a', 'syscall write\n')]);
    const text = renderSyscallTable(p, imageSyscalls(p).table, new Map());
    const names = text.slice(text.indexOf('uk_syscall_name_at['));
    const numbers = [...names.matchAll(/^\t\[(\d+)\] = \d+,$/gm)].map((m) => m[1]);
    expect(numbers.length).toBeGreaterThan(300);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('renders a header that compiles, with the table, every name and the providers of the rest', () => {
    const a = lib('a', 'syscall write exit_group\n');
    const other = lib('posix_mmap', 'syscall mmap munmap\n');
    const p = plan('x86_64', [a]);
    const { table } = imageSyscalls(p);
    const text = renderSyscallTable(p, table, syscallProviders([a.manifest, other.manifest]));
    expect(text).toContain('#define UK_SYSCALL_TABLE_SIZE 451');
    expect(text).toContain('\t[1] = uk_syscall_r_write, /* a */');
    expect(text).toContain('\t[231] = uk_syscall_r_exit_group, /* a */');
    expect(text).toContain('"posix_mmap (LIBPOSIX_MMAP)" "\\0"');
    expect(text).not.toMatch(/\[1\] = \d+,\n.*provider/);

    // The C compiler reads it, and the offsets point at the right strings.
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-systab-'));
    try {
      writeFileSync(join(dir, 'syscall_table.h'), text);
      writeFileSync(
        join(dir, 't.c'),
        [
          '#include <stdio.h>',
          'long uk_syscall_r_write(long a, long b, long c, long d, long e, long f) { return a + 1; }',
          'long uk_syscall_r_exit_group(long a, long b, long c, long d, long e, long f) { return -a; }',
          '#include "syscall_table.h"',
          'int main(void) {',
          '  printf("%ld %ld %s %s %s %d\\n", uk_syscall_table[1](41, 0, 0, 0, 0, 0), uk_syscall_table[231](3, 0, 0, 0, 0, 0),',
          '         uk_syscall_strings + uk_syscall_name_at[9], uk_syscall_strings + uk_syscall_provider_at[9],',
          '         uk_syscall_strings + uk_syscall_name_at[57], uk_syscall_provider_at[57]);',
          '  return uk_syscall_table[0] != 0 || uk_syscall_provider_at[1] != 0;',
          '}',
          '',
        ].join('\n'),
      );
      execFileSync('gcc', ['-Wall', '-Werror', '-o', join(dir, 't'), join(dir, 't.c')]);
      expect(execFileSync(join(dir, 't'), { encoding: 'utf8' })).toBe('42 -3 mmap posix_mmap (LIBPOSIX_MMAP) fork 0\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
