// The upstream sources an example's image compiled, found in its build
// folder, and the compiler switches that build them the same way outside
// it (the host's gcc against glibc, musl-gcc for a Linux guest): the
// benchmarks run the very same program in and out of the unikernel.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT } from './examples.mjs';

/**
 * examples/lua built for `target` (e.g. 'linuxu-x86_64') in `app`: the C files and switches.
 * The image's objects name their sources in their make dependency files (the origin tree
 * in the user cache): the first prerequisite of each.
 */
export function luaBuild(app, target) {
  const objects = join(app, 'build', target, 'libs', 'lua', 'origin', 'src');
  const sources = readdirSync(objects)
    .filter((f) => f.endsWith('.c.d'))
    .map((f) => readFileSync(join(objects, f), 'utf8').split(/\s+\\?\s*/)[1]);
  if (sources.length < 30 || !sources.every((f) => f.endsWith('.c'))) throw new Error(`cannot find Lua's sources in ${objects}`);
  const example = join(ROOT, 'examples', 'lua');
  return { flags: ['-O2', '-I', example, '-include', join(example, 'luaconf-uk.h')], sources };
}

/**
 * examples/sqlite built in `app`: the example's two files, which include the generated
 * sqlite3.c and shell.c from the upstream build's include folder (an -isystem of the
 * amalgamation's compile command), and the switches.
 */
export function sqliteBuild(app) {
  const commands = JSON.parse(readFileSync(join(app, 'build', 'compile_commands.json'), 'utf8'));
  const entry = commands.find((c) => c.file.endsWith('sqlite3-amalgamation.c'));
  const words = entry ? (entry.arguments ?? entry.command.split(/\s+/)) : [];
  const generated = words.map((w, i) => (words[i - 1] === '-isystem' ? w : null)).find((d) => d && existsSync(join(d, 'sqlite3', 'sqlite3.c')));
  if (!generated) throw new Error("cannot find the generated sqlite3.c in the image's compile commands");
  const example = join(ROOT, 'examples', 'sqlite');
  return {
    flags: ['-O2', '-I', example, '-isystem', generated, '-include', join(example, 'sqlite-uk.h')],
    sources: [join(example, 'sqlite3-amalgamation.c'), join(example, 'sqlite3-shell.c')],
  };
}

/**
 * examples/redis built for `target` in `app`: the sources and switches of its library.uk (the
 * project's own manifest parser reads it; `origin/` is Redis's tree in the user cache, named by
 * the make dependency file of the image's src/server.c, as in luaBuild), with no Makefile of
 * Redis's in between, so that the program is the very one the image compiles.
 */
export async function redisBuild(app, target) {
  const { parseManifest } = await import(join(ROOT, 'dist', 'buildgen', 'src', 'manifest.js'));
  const example = join(ROOT, 'examples', 'redis');
  const manifest = parseManifest(join(example, 'library.uk'));
  const dependencies = join(app, 'build', target, 'libs', 'redis', 'origin', 'src', 'server.c.d');
  const server = existsSync(dependencies) ? readFileSync(dependencies, 'utf8').split(/\s+\\?\s*/)[1] : '';
  if (!server.endsWith('/src/server.c')) throw new Error(`cannot find Redis's server.c in ${dependencies}`);
  const origin = dirname(dirname(server));
  const path = (p) => (p === 'origin' || p.startsWith('origin/') ? join(origin, p.slice('origin'.length)) : join(example, p));
  const list = (kind) =>
    manifest.entries.flatMap((e) => {
      if (e.kind !== kind) return [];
      if (e.conditions.length) throw new Error(`${manifest.file}:${e.line}: a conditional ${kind}, which this benchmark cannot evaluate`);
      return e.values;
    });
  return {
    flags: [...list('cppflags'), ...list('cflags'), ...list('private-include').flatMap((d) => ['-I', path(d)])],
    sources: list('source').map(path),
  };
}
