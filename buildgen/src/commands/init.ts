/**
 * `ukconfig init <dir> [--name NAME]`: a new application folder from the
 * template in buildgen/templates/app (options, manifest, main.c, one
 * defconfig per platform). Never writes into a folder that has files.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { projectPaths, UsageError, type Command } from '../../../workspace/src/index.js';
import { LIBRARY_NAME } from '../manifest.js';

export const command: Command = {
  summary: 'create a new application folder from the template',
  usage: 'ukconfig init <dir> [--name NAME]',
  run: init,
};

/** Template files whose names would be active in the checkout carry no dot there. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? templateFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)]))
    .sort();
}

async function init(args: string[]): Promise<number> {
  let dir: string | null = null;
  let name: string | null = null;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--name') name = args[++i] ?? '';
    else if (args[i].startsWith('--name=')) name = args[i].slice('--name='.length);
    else if (dir === null && !args[i].startsWith('-')) dir = args[i];
    else throw new UsageError(`unexpected argument '${args[i]}'`);
  }
  if (dir === null) throw new UsageError();
  const target = resolve(dir);
  name ??= basename(target).toLowerCase().replace(/-/g, '_');
  if (!LIBRARY_NAME.test(name)) {
    throw new UsageError(`'${name}' cannot name a library (allowed: a-z 0-9 _): give one with --name`, { usage: false });
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

  const template = join(projectPaths().root, 'buildgen', 'templates', 'app');
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
  process.stdout.write(
    `created application '${name}' in ${shown}: ${written.join(', ')}\n` +
      `next: ukconfig -C ${shown} apply defconfigs/kvm-x86_64 && ukconfig -C ${shown} build && ukconfig -C ${shown} run\n`,
  );
  return 0;
}
