/**
 * library.uk parsing: the statements, the lexical rules and every error of
 * docs/manifest-format.md, reported as FILE:LINE: message.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPaths } from '../../workspace/src/index.js';
import { poolManifestFiles, loadLibraries } from '../src/libraries.js';
import { ManifestError, parseManifest, parseManifestText, type Manifest } from '../src/manifest.js';

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ukconfig-manifest-'));
  mkdirSync(join(dir, 'include'));
  mkdirSync(join(dir, 'x86_64'));
  for (const f of ['a.c', 'b.c', 'x86_64/entry.S', 'notes.txt']) writeFileSync(join(dir, f), '');
  file = join(dir, 'library.uk');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (text: string): Manifest => parseManifestText(file, text);

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ManifestError) return e.messages.map((m) => m.replace(file, 'F').replaceAll(dir, 'D'));
    throw e;
  }
  throw new Error('expected a ManifestError');
}

describe('statements', () => {
  it('reads the name, purpose, enabled-if, lists and their conditions', () => {
    const m = parse(
      [
        '# foo: does things.',
        '# more text',
        'library foo',
        'enabled-if LIBFOO && !BAR',
        '',
        'include include',
        'source a.c b.c',
        'cflags -O2 if FAST # trailing comment',
        'arch x86_64 {',
        '\tsource x86_64/entry.S',
        '\tif OPT = "with space" {',
        '\t\texport foo_fn',
        '\t}',
        '}',
        'plat kvm {',
        '\tglobal-cflags -mno-red-zone',
        '}',
      ].join('\n'),
    );
    expect(m.name).toBe('foo');
    expect(m.purpose).toBe('foo: does things.');
    expect(m.enabledIf).toEqual({ text: 'LIBFOO && !BAR', line: 4 });
    const brief = m.entries.map((e) => [e.kind, e.values.join(' '), e.conditions.map((c) => c.text).join(' ; '), e.line]);
    expect(brief).toEqual([
      ['include', 'include', '', 6],
      ['source', 'a.c b.c', '', 7],
      ['cflags', '-O2', 'FAST', 8],
      ['source', 'x86_64/entry.S', 'ARCH_X86_64', 10],
      ['export', 'foo_fn', 'ARCH_X86_64 ; OPT = "with space"', 12],
      ['global-cflags', '-mno-red-zone', 'PLAT_KVM', 16],
    ]);
  });

  it('reads origin, build, syscall and origin/ paths', () => {
    const sha = 'ab'.repeat(32);
    const m = parse(
      ['enabled-if y', `origin debian musl 1:1.2.3-1~deb12u1 sha256:${sha}`, 'build a.c b.c', 'source origin/src/x.c origin/y.S', 'include origin/include', 'syscall write writev if X'].join('\n'),
    );
    expect(m.origin).toEqual({ kind: 'debian', package: 'musl', version: '1:1.2.3-1~deb12u1', sha256: sha, line: 2 });
    expect(m.build).toEqual({ script: 'a.c', inputs: ['b.c'], line: 3 });
    expect(m.entries.map((e) => [e.kind, e.values.join(' ')])).toEqual([
      ['source', 'origin/src/x.c origin/y.S'],
      ['include', 'origin/include'],
      ['syscall', 'write writev'],
    ]);
    expect(parse(`enabled-if y\norigin npm @scope/pkg 1.2.3 sha256:${sha}\n`).origin).toMatchObject({ kind: 'npm', package: '@scope/pkg' });
    expect(parse('enabled-if y\n').origin).toBeNull();
  });

  it('takes the folder name when there is no library statement', () => {
    const m = parse('enabled-if y\n');
    expect(m.name).toBe(dir.split('/').pop());
    expect(m.nameLine).toBe(0);
    expect(m.purpose).toBeNull();
  });

  it('joins continuation lines and reports the line where the statement starts', () => {
    const m = parse('enabled-if y\ncflags -DA \\\n  -DB \\\n  -DC if X\ncppflags -DZ\n');
    expect(m.entries[0]).toMatchObject({ values: ['-DA', '-DB', '-DC'], line: 2 });
    expect(m.entries[0].conditions).toEqual([{ text: 'X', line: 2 }]);
    expect(m.entries[1].line).toBe(5);
    expect(problems('enabled-if y\nsource a.c \\\n nothere.c\n')).toEqual(['F:2: nothere.c: no such file in D']);
  });

  it('quoted words hold blanks, #, braces and a literal if; \\" and \\\\ escape', () => {
    const m = parse('enabled-if y\ncppflags "-DMSG=\\"a # b\\"" "if" "{" "a\\\\b" -DX="1 2"\n');
    expect(m.entries[0].values).toEqual(['-DMSG="a # b"', 'if', '{', 'a\\b', '-DX=1 2']);
    expect(m.entries[0].conditions).toEqual([]);
  });

  it('accepts CRLF line ends', () => {
    expect(parse('library foo\r\nenabled-if y\r\nsource a.c\r\n').entries[0].values).toEqual(['a.c']);
  });

  it('parses every manifest of the pools and the examples', () => {
    const { pools, root } = projectPaths();
    const files = poolManifestFiles(pools);
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) expect(() => parseManifest(f)).not.toThrow();
    const libs = loadLibraries(pools, join(root, 'examples', 'helloworld'));
    const kvm = libs.find((l) => l.name === 'kvm')!;
    const x86 = kvm.entries.filter((e) => e.conditions.some((c) => c.text === 'ARCH_X86_64') && e.kind === 'source');
    expect(x86.flatMap((e) => e.values)).toContain('x86_64/halt.c');
    // The PC boot kvm and baremetal share is plat/common's.
    const common = libs.find((l) => l.name === 'ukplat')!;
    const pc = common.entries.filter((e) => e.conditions.some((c) => c.text === 'UKPLAT_X86_PC') && e.kind === 'source');
    expect(pc.flatMap((e) => e.values)).toContain('x86_64/entry.S');
    expect(libs[libs.length - 1].name).toBe('helloworld');
  });

  it('finds libraries at any depth, sorted, without looking inside a library', () => {
    const pools = mkdtempSync(join(tmpdir(), 'ukconfig-pools-'));
    try {
      // A library's own subfolders (sources, even one holding a stray library.uk) are not libraries.
      for (const d of ['lib/b', 'lib/a/x86_64', 'drivers/uart/pl011', 'drivers/intctlr/gic/v3', 'plat/common', 'empty/group']) {
        mkdirSync(join(pools, d), { recursive: true });
      }
      for (const d of ['lib/b', 'lib/a', 'lib/a/x86_64', 'drivers/uart/pl011', 'drivers/intctlr/gic', 'drivers/intctlr/gic/v3', 'plat/common']) {
        writeFileSync(join(pools, d, 'library.uk'), '');
      }
      writeFileSync(join(pools, 'drivers', 'uart', 'Config.uk'), '');
      expect(poolManifestFiles(pools).map((f) => f.slice(pools.length + 1))).toEqual([
        'drivers/intctlr/gic/library.uk',
        'drivers/uart/pl011/library.uk',
        'lib/a/library.uk',
        'lib/b/library.uk',
        'plat/common/library.uk',
      ]);
    } finally {
      rmSync(pools, { recursive: true, force: true });
    }
  });
});

describe('errors', () => {
  const cases: [string, string, string[]][] = [
    ['unknown statement', 'enabled-if y\nsources a.c\n', ["F:2: unknown statement 'sources'"]],
    ['missing values', 'enabled-if y\nsource\ncflags if X\n', ['F:2: source needs at least one value', 'F:3: cflags needs at least one value']],
    ['empty if', 'enabled-if y\ncflags -O2 if\nif {\n}\n', ["F:2: 'if' with an empty expression", "F:3: 'if' with an empty expression"]],
    ['library not first', 'enabled-if y\nlibrary foo\n', ["F:2: 'library' must be the first statement"]],
    ['library repeated', 'library foo\nlibrary bar\nenabled-if y\n', ['F:2: library repeated (first at line 1)']],
    ['invalid name', 'library Foo-1\nenabled-if y\n', ["F:1: invalid library name 'Foo-1' (allowed: a-z 0-9 _)"]],
    ['missing enabled-if', 'library foo\n\nsource a.c\n', ['F:3: missing enabled-if']],
    ['repeated enabled-if', 'enabled-if y\nenabled-if n\n', ['F:2: enabled-if repeated (first at line 1)']],
    ['enabled-if in a block', 'if X {\nenabled-if y\n}\n', ['F:2: enabled-if inside a block']],
    ['unbalanced }', 'enabled-if y\n}\n', ["F:2: '}' without an open block"]],
    ['} not alone', 'enabled-if y\nif X {\n} source a.c\n}\n', ["F:3: '}' must stand alone on its line"]],
    ['unclosed block', 'enabled-if y\narch x86_64 {\nsource a.c\n\n', ['F:4: end of file inside the block opened at line 2']],
    ['bad block header', 'enabled-if y\narch {\n}\nwhile X {\n}\nif X\n', [
      "F:2: a block starts with 'if EXPR {', 'arch NAME {' or 'plat NAME {'",
      "F:4: a block starts with 'if EXPR {', 'arch NAME {' or 'plat NAME {'",
      "F:6: missing '{' at the end: a block starts with 'if EXPR {', 'arch NAME {' or 'plat NAME {'",
    ]],
    ['unterminated quote', 'enabled-if y\ncflags "-DX=1\n', ['F:2: unterminated quoted word']],
    ['missing source', 'enabled-if y\nsource a.c nothere.c\n', ['F:2: nothere.c: no such file in D']],
    ['missing include dir', 'enabled-if y\ninclude inc\n', ['F:2: inc: no such directory in D']],
    ['absolute path', 'enabled-if y\nsource /etc/passwd\n', ['F:2: /etc/passwd: absolute path (paths are relative to D)']],
    ['leaving the folder', 'enabled-if y\nsource x86_64/../a.c\n', ["F:2: x86_64/../a.c: '..' may not leave the library folder"]],
    ['not a source', 'enabled-if y\nsource notes.txt\n', ['F:2: notes.txt: sources are .c or .S files']],
    ['directory as source', 'enabled-if y\nsource include\n', ['F:2: include: not a file']],
    ['bad export', 'enabled-if y\nexport foo-bar\n', ["F:2: invalid symbol name 'foo-bar'"]],
    ['bad syscall name', 'enabled-if y\nsyscall Write\n', ["F:2: invalid system call name 'Write' (Linux names: a-z 0-9 _)"]],
    ['origin shape', `enabled-if y\norigin debian musl 1.2.3\norigin git x 1 sha256:${'0'.repeat(64)}\n`, [
      "F:2: origin takes 'debian PACKAGE VERSION sha256:HEX' or 'npm PACKAGE VERSION sha256:HEX'",
      "F:3: unknown origin kind 'git': origin takes 'debian PACKAGE VERSION sha256:HEX' or 'npm PACKAGE VERSION sha256:HEX'",
    ]],
    ['origin checksum', 'enabled-if y\norigin debian musl 1.2.3-1 sha256:ABC\n', ["F:2: 'sha256:ABC' is not a checksum: write sha256: and 64 lowercase hex digits"]],
    ['origin names', `enabled-if y\norigin debian Musl 1.2.3 sha256:${'0'.repeat(64)}\norigin npm x ^1.0.0 sha256:${'0'.repeat(64)}\n`, [
      "F:2: 'Musl' is not a Debian source package name",
      "F:3: '^1.0.0' is not an exact npm version (no ranges)",
    ]],
    ['origin repeated, in a block', `enabled-if y\norigin npm x 1.0.0 sha256:${'0'.repeat(64)}\norigin npm x 1.0.0 sha256:${'0'.repeat(64)}\nif X {\nbuild a.c\n}\n`, [
      'F:3: origin repeated (first at line 2)',
      'F:5: build inside a block (a library has one build whatever the configuration)',
    ]],
    ['origin/ paths and build need an origin', 'enabled-if y\nsource a.c origin/x.c\nbuild a.c\n', [
      "F:2: paths under 'origin/' need an origin statement",
      'F:3: build needs an origin statement (it builds the origin)',
    ]],
    ['build script must be a file of the folder', `enabled-if y\norigin npm x 1.0.0 sha256:${'0'.repeat(64)}\nbuild nothere.sh\nbuild\n`, [
      'F:3: nothere.sh: no such file in D',
      'F:4: build needs a script',
    ]],
    ['origin source not .c', `enabled-if y\norigin npm x 1.0.0 sha256:${'0'.repeat(64)}\nsource origin/README\n`, ['F:3: origin/README: sources are .c or .S files']],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => expect(problems(text)).toEqual(expected));
  }

  it('reports two libraries with the same name with both files', () => {
    const other = mkdtempSync(join(tmpdir(), 'ukconfig-dup-'));
    try {
      writeFileSync(join(other, 'Config.uk'), '');
      writeFileSync(join(other, 'library.uk'), '# dup\nlibrary ukboot\nenabled-if y\n');
      const { pools } = projectPaths();
      expect(() => loadLibraries(pools, other)).toThrow(
        `${join(other, 'library.uk')}:2: library name 'ukboot' is already used by ${join(pools, 'lib/ukboot/library.uk')}:2`,
      );
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
