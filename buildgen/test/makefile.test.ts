/**
 * Generated Makefiles: flags with characters special to make or the shell
 * reach the compiler exactly as the manifest wrote them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImagePlan, LibraryPlan } from '../src/image-plan.js';
import { makeWord, prefixMapFlags, renderMakefile } from '../src/makefile.js';

const tricky = ['-DA=1', '-DMSG="hello world"', "-DQ='x'", '-DDOLLAR=$HOME', '-DHASH=#1', '-DB=a\\b', '-D(P)=*', '--', ''];

describe('makeWord', () => {
  it('passes every word through make and sh unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ukconfig-mk-'));
    try {
      // printf '%s\n' receives the words the way the compiler would.
      const mk = `W := ${tricky.map(makeWord).join(' ')}\nall:\n\t@printf '[%s]\\n' $(W)\n`;
      writeFileSync(join(dir, 'Makefile'), mk);
      const out = execFileSync('make', ['-s', '-f', join(dir, 'Makefile')], { encoding: 'utf8' });
      expect(out.split('\n').filter(Boolean)).toEqual(tricky.map((w) => `[${w}]`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function lib(name: string): LibraryPlan {
  const dir = `/p/lib/${name}`;
  return {
    name,
    dir,
    sources: [],
    privateIncludes: [],
    cppflags: [],
    cflags: [],
    asflags: [],
    exports: [],
    syscalls: [],
    manifest: { file: `${dir}/library.uk`, dir, name, nameLine: 0, purpose: null, enabledIf: { text: 'y', line: 1 }, entries: [], origin: null, build: null },
    originDir: null,
    upstreamDir: null,
  };
}

describe('renderMakefile', () => {
  it('sets the variables native/rules.mk documents, one block per library', () => {
    const plan: ImagePlan = {
      arch: 'x86_64',
      plat: 'kvm',
      id: 'kvm-x86_64',
      buildDir: '/b/kvm-x86_64',
      image: '/b/app_kvm-x86_64',
      configH: '/b/kvm-x86_64/config.h',
      includes: ['/p/lib/a/include'],
      cppflags: [],
      cflags: ['-mgeneral-regs-only'],
      asflags: [],
      libraries: [
        { ...lib('a'), sources: ['a.c', 'x/b.S'], privateIncludes: ['inc'], cppflags: ['-DX="1 2"'], exports: ['a_fn'] },
        { ...lib('m'), sources: ['glue.c', 'origin/src/x.c'], originDir: '/cache/origins/src/m-1.0-0123456789abcdef' },
      ],
      systemIncludes: ['/cache/origins/build/m/include'],
      archives: ['/cache/origins/build/m/lib/libm.a'],
    };
    const text = renderMakefile(plan, '/n/rules.mk', { launcher: ['env', 'A=1', 'ccache'], roots: { project: '/p', app: '/p/ex/app', buildRoot: '/b' } });
    const vars = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.includes(' :='))
        .map((l) => [l.slice(0, l.indexOf(' :=')), l.slice(l.indexOf(':=') + 2).trim()]),
    );
    expect(vars).toEqual({
      UK_ARCH: 'x86_64',
      UK_PLAT: 'kvm',
      UK_BUILD: '/b/kvm-x86_64',
      UK_IMAGE: '/b/app_kvm-x86_64',
      UK_CONFIG_H: '/b/kvm-x86_64/config.h',
      UK_LIBS: 'a m',
      UK_INCLUDES: '/p/lib/a/include',
      UK_CPPFLAGS: '',
      UK_CFLAGS: '-mgeneral-regs-only',
      UK_ASFLAGS: '',
      UK_SYSTEM_INCLUDES: '/cache/origins/build/m/include',
      UK_ARCHIVES: '/cache/origins/build/m/lib/libm.a',
      UK_CC_LAUNCHER: 'env A=1 ccache',
      // The longer folder last: GCC takes the last map that matches, and /p/ex/app is inside /p.
      UK_PREFIX_MAPS: '-ffile-prefix-map=/p=/ukconfig -ffile-prefix-map=/b=/app/build -ffile-prefix-map=/p/ex/app=/app',
      UK_LIB_a_DIR: '/p/lib/a',
      UK_LIB_a_SRCS: 'a.c x/b.S',
      UK_LIB_a_INCLUDES: 'inc',
      UK_LIB_a_CPPFLAGS: `'-DX="1 2"'`,
      UK_LIB_a_CFLAGS: '',
      UK_LIB_a_ASFLAGS: '',
      UK_LIB_a_EXPORTS: 'a_fn',
      UK_LIB_m_DIR: '/p/lib/m',
      UK_LIB_m_SRCS: 'glue.c origin/src/x.c',
      UK_LIB_m_INCLUDES: '',
      UK_LIB_m_CPPFLAGS: '',
      UK_LIB_m_CFLAGS: '',
      UK_LIB_m_ASFLAGS: '',
      UK_LIB_m_EXPORTS: '',
      UK_LIB_m_ORIGIN: '/cache/origins/src/m-1.0-0123456789abcdef',
    });
    expect(text.trimEnd().split('\n').pop()).toBe('include /n/rules.mk');
  });
});

describe('prefixMapFlags', () => {
  it('puts the build folder inside the application after it, so that its own name wins', () => {
    expect(prefixMapFlags({ project: '/u', app: '/home/me/app', buildRoot: '/home/me/app/build/matrix/x' })).toEqual([
      '-ffile-prefix-map=/u=/ukconfig',
      '-ffile-prefix-map=/home/me/app=/app',
      '-ffile-prefix-map=/home/me/app/build/matrix/x=/app/build',
    ]);
  });
});
