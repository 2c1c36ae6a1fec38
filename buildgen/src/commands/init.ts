/**
 * `ukconfig init <dir> [--name NAME]`: a new application folder from the
 * template in buildgen/templates/app (options, manifest, main.c, one
 * defconfig per platform). Never writes into a folder that has files.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { projectPaths, UsageError, type Command, type CommandArgs, type Workspace } from '../../../workspace/src/index.js';
import { loadLibraries } from '../libraries.js';
import { LIBRARY_NAME } from '../manifest.js';

export const command: Command = {
  summary: 'create a new application folder from the template',
  globals: ['dir'],
  options: [{ name: '--name', value: 'NAME', help: "the application's library name (default: the folder's name)" }],
  operands: { text: '<dir>', min: 1, max: 1, complete: 'dir' },
  help:
    'The folder must be empty or new. NAME is made of a-z 0-9 _ and is not the name of a\n' +
    "pools library. The application gets one defconfig per platform and architecture.",
  run: init,
};

/** Template files whose names would be active in the checkout carry no dot there. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? templateFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

async function init(args: CommandArgs, ws: Workspace): Promise<number> {
  const [dir] = args.operands;
  const target = resolve(dir);
  const name = (args.options.get('--name') as string | undefined) ?? basename(target).toLowerCase().replace(/-/g, '_');
  if (!LIBRARY_NAME.test(name)) {
    throw new UsageError(`'${name}' cannot name a library (allowed: a-z 0-9 _): give one with --name`, { usage: false });
  }
  const paths = projectPaths();
  // Two libraries of one name cannot be built together: the application would never build.
  const taken = loadLibraries(paths.pools, null).find((m) => m.name === name);
  if (taken) {
    throw new UsageError(`'${name}' is the name of a pools library (${relative(paths.root, taken.dir)}): give the application another with --name`, {
      usage: false,
    });
  }
  let existing: string[] = [];
  try {
    if (!statSync(target).isDirectory()) {
      process.stderr.write(`ukconfig init: ${dir} exists and is not a directory\n`);
      return 1;
    }
    existing = readdirSync(target);
  } catch {
    // Does not exist yet: created below.
  }
  if (existing.length) {
    process.stderr.write(`ukconfig init: ${dir} is not empty; nothing was written\n`);
    return 1;
  }

  const template = join(paths.root, 'buildgen', 'templates', 'app');
  const fill = (text: string) => text.replaceAll('@NAME@', name).replaceAll('@SYM@', name.toUpperCase());
  const written: string[] = [];
  for (const f of templateFiles(template)) {
    const out = join(target, ...f.split('/').map((part) => RENAMED[part] ?? part));
    mkdirSync(join(out, '..'), { recursive: true });
    // 'wx': another process creating the same file meanwhile is not overwritten.
    writeFileSync(out, fill(readFileSync(join(template, f), 'utf8')), { flag: 'wx' });
    written.push(relative(target, out));
  }
  const shown = relative(process.cwd(), target) || '.';
  if (ws.json) {
    process.stdout.write(JSON.stringify({ name, dir: target, files: written }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(
    `created application '${name}' in ${shown}: ${written.join(', ')}\n` +
      `next: ukconfig -C ${shown} apply defconfigs/kvm-x86_64 && ukconfig -C ${shown} build && ukconfig -C ${shown} run\n`,
  );
  return 0;
}
