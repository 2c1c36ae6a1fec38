/**
 * Incremental builds: a no-op build does nothing, touching a header
 * rebuilds exactly the objects that include it (in every image), and
 * re-applying the same configuration changes nothing. V=1 shows the full
 * commands; compile_commands.json holds them for editors.
 */
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiled, mtimes, removeScratch, tempDir, ukconfig } from './ukconfig.js';

afterAll(removeScratch);

let app: string;
const IMAGES = ['kvm-x86_64', 'linuxu-x86_64'];
const inEveryImage = (files: string[]) => IMAGES.flatMap((i) => files.map((f) => `${i} ${f}`)).sort();

/** Sets a file's mtime to now, as an editor saving it would (after every object was built). */
function touch(file: string): void {
  const now = new Date();
  utimesSync(file, now, now);
}

async function build(...extra: string[]) {
  const r = await ukconfig(['-C', app, 'build', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  app = tempDir('incr');
  const files: Record<string, string> = {
    'Config.uk': 'config APPINCR\n\tbool "incr"\n\tdefault y\n\tselect LIBNOLIBC\n\tselect LIBUKALLOCREGION\n\nconfig INCR_VALUE\n\tint "value"\n\tdefault 3\n',
    'library.uk': '# incr: incremental build test.\nlibrary incr\nenabled-if APPINCR\ninclude include\nsource main.c a.c b.c c.c\n',
    'include/incr/pub.h': '#define PUB 1\n',
    'priv.h': '#define PRIV 2\n',
    'main.c': 'int a(void); int b(void); int c(void);\nint main(void) { return a() + b() + c() + CONFIG_INCR_VALUE; }\n',
    'a.c': '#include "priv.h"\nint a(void) { return PRIV; }\n',
    'b.c': '#include "priv.h"\nint b(void) { return PRIV; }\n',
    'c.c': '#include <incr/pub.h>\nint c(void) { return PUB; }\n',
    'def': 'CONFIG_PLAT_KVM=y\nCONFIG_PLAT_LINUXU=y\nCONFIG_UK_NAME="incr"\n',
  };
  for (const [name, text] of Object.entries(files)) {
    const p = join(app, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }
  expect((await ukconfig(['-C', app, 'apply', 'def'])).exitCode).toBe(0);
  const first = await build();
  expect(compiled(first)).toEqual(expect.arrayContaining(inEveryImage(['incr/a.c', 'incr/b.c', 'incr/c.c', 'incr/main.c'])));
});

describe('incremental build', () => {
  it('a no-op build compiles, links and writes nothing', async () => {
    const before = mtimes(join(app, 'build'));
    const out = await build();
    expect(compiled(out)).toEqual([]);
    expect(out).not.toMatch(/ (LD|STRIP|OBJCOPY) /);
    for (const i of IMAGES) expect(out).toContain(`[${i}] build/incr_${i} is up to date`);
    expect(mtimes(join(app, 'build'))).toEqual(before);
  });

  it('touching a private header rebuilds exactly the objects that include it', async () => {
    const before = mtimes(join(app, 'build'));
    touch(join(app, 'priv.h'));
    const out = await build();
    expect(compiled(out)).toEqual(inEveryImage(['incr/a.c', 'incr/b.c']));
    const after = mtimes(join(app, 'build'));
    for (const i of IMAGES) {
      const obj = (f: string) => join(app, 'build', i, 'libs', 'incr', f);
      expect(after.get(obj('a.c.o'))).not.toBe(before.get(obj('a.c.o')));
      expect(after.get(obj('c.c.o'))).toBe(before.get(obj('c.c.o')));
      expect(after.get(obj('main.c.o'))).toBe(before.get(obj('main.c.o')));
    }
  });

  it('touching a public header rebuilds exactly the objects that include it', async () => {
    touch(join(app, 'include', 'incr', 'pub.h'));
    expect(compiled(await build())).toEqual(inEveryImage(['incr/c.c']));
  });

  it('re-applying the same configuration rebuilds nothing', async () => {
    expect((await ukconfig(['-C', app, 'apply', 'def'])).exitCode).toBe(0);
    expect(compiled(await build())).toEqual([]);
  });

  it('a changed option reaches config.h and rebuilds everything', async () => {
    writeFileSync(join(app, 'frag'), 'CONFIG_INCR_VALUE=7\n');
    expect((await ukconfig(['-C', app, 'apply', 'def', 'frag'])).exitCode).toBe(0);
    const out = await build();
    expect(compiled(out)).toEqual(expect.arrayContaining(inEveryImage(['incr/a.c', 'incr/main.c', 'ukboot/boot.c'])));
    for (const i of IMAGES) expect(readFileSync(join(app, 'build', i, 'config.h'), 'utf8')).toContain('#define CONFIG_INCR_VALUE 7\n');
  });

  it('V=1 prints the full command lines', async () => {
    touch(join(app, 'c.c'));
    const out = await build('V=1');
    const commands = out.split('\n').filter((l) => l.includes(` -c ${join(app, 'c.c')} -o `));
    expect(commands).toHaveLength(2);
    for (const c of commands) expect(c).toMatch(/gcc -nostdinc .* -include \S+\/config\.h .* -D__LIBNAME__=incr /);
    expect(compiled(out)).toEqual([]);
  });

  it('compile_commands.json has every source of every image with its exact command', () => {
    const db = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8')) as {
      directory: string;
      file: string;
      output: string;
      command: string;
    }[];
    for (const i of IMAGES) {
      const mine = db.filter((e) => e.directory === join(app, 'build', i) && e.file.startsWith(app + '/'));
      expect(mine.map((e) => e.file).sort()).toEqual(['a.c', 'b.c', 'c.c', 'main.c'].map((f) => join(app, f)));
      for (const e of mine) {
        expect(e.command).toContain(`-include ${join(app, 'build', i, 'config.h')}`);
        expect(e.command).toContain(`-I${join(app, 'include')}`);
        expect(e.output).toBe(join(app, 'build', i, 'libs', 'incr', e.file.slice(app.length + 1) + '.o'));
      }
    }
  });
});
