/**
 * The layout and naming rules of pools/README.md, checked over the real
 * pools: every library folder is complete, reachable from the
 * configuration tree, named after its folder, and shown in the menu of its
 * group (a category under "Libraries", a subsystem under "Drivers").
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { loadKconfig, type Kconfig, type MenuNode } from 'kconfig-parser-ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { poolManifestFiles } from '../src/libraries.js';
import { parseManifest } from '../src/manifest.js';
import { projectPaths } from '../../workspace/src/index.js';

const { pools, root } = projectPaths();
const silent = { stdout: () => {}, stderr: () => {} };

/** Library folders relative to pools/, e.g. `lib/ukalloc`, `drivers/uart/pl011`. */
const folders = poolManifestFiles(pools).map((f) => relative(pools, dirname(f)));

let kc: Kconfig;
beforeAll(() => {
  // The tree as an application sees it (UK_APP is relative to pools/, see workspace/src/tree.ts).
  const env = { ...process.env, UK_APP: relative(pools, join(root, 'examples', 'helloworld')) };
  kc = loadKconfig(projectPaths().poolsKconfig, { env, extensions: true, output: silent });
});

/** The option that switches a library on: ARCH_<A>, PLAT_<P>, LIBUKPLAT for plat/common, else LIB<NAME>. */
function optionOf(folder: string, name: string): string {
  const [group, leaf] = [folder.split('/')[0], basename(folder)];
  if (group === 'arch') return `ARCH_${leaf.toUpperCase()}`;
  if (folder === 'plat/common') return 'LIBUKPLAT';
  if (group === 'plat') return `PLAT_${leaf.toUpperCase()}`;
  return `LIB${name.toUpperCase()}`;
}

/** Prompts of the menus around a menu node, outermost first. */
function menuPath(node: MenuNode): string[] {
  const path: string[] = [];
  for (let p = node.parent; p && p.parent; p = p.parent) if (p.prompt?.text) path.unshift(p.prompt.text);
  return path;
}

describe('pools layout', () => {
  it('finds the libraries of every group, drivers one level deeper by subsystem', () => {
    expect(folders).toEqual(expect.arrayContaining(['arch/x86_64', 'drivers/uart/ns16550', 'drivers/uart/pl011', 'lib/uklibparam', 'plat/common', 'plat/kvm']));
    for (const f of folders) {
      const depth = f.split('/').length;
      expect(depth, f).toBe(f.startsWith('drivers/') ? 3 : 2);
    }
  });

  it.each(folders)('%s holds Config.uk, library.uk and README.md', (folder) => {
    for (const file of ['Config.uk', 'library.uk', 'README.md']) expect(existsSync(join(pools, folder, file)), `${folder}/${file}`).toBe(true);
  });

  it.each(folders)('%s: the configuration tree reads its Config.uk', (folder) => {
    const read = new Set(kc.fileList.map((f) => resolve(f.name)));
    expect(read.has(join(pools, folder, 'Config.uk')), `pools/${folder}/Config.uk is in no menu: give it a category in pools/lib/Config.uk`).toBe(true);
  });

  it.each(folders)('%s: named after its folder, switched on by the option of its group', (folder) => {
    const m = parseManifest(join(pools, folder, 'library.uk'));
    // plat/common is the library ukplat: "common" would name nothing.
    const expected = folder === 'plat/common' ? 'ukplat' : basename(folder).replaceAll('-', '_');
    expect(m.name).toBe(expected);
    const option = kc.symbol(optionOf(folder, m.name));
    expect(option?.isDefined, optionOf(folder, m.name)).toBe(true);
    // The architecture choice is one list in arch/Config.uk; every other option is in the library's own Config.uk.
    const home = folder.startsWith('arch/') ? 'arch/Config.uk' : join(folder, 'Config.uk');
    expect(option!.locations.map((l) => resolve(l.file))).toContain(join(pools, home));
  });

  it('libraries sit in a category under "Libraries", drivers in their subsystem under "Drivers"', () => {
    const placed: Record<string, string[]> = {};
    // The prompts of library options that are menus of their own (menuconfig LIBUKALLOC, ...).
    const apiMenus = folders
      .filter((f) => /^(lib|drivers)\//.test(f))
      .map((f) => kc.symbol(optionOf(f, parseManifest(join(pools, f, 'library.uk')).name))!)
      .filter((s) => s.nodes[0]?.isMenu)
      .map((s) => s.nodes[0].prompt!.text);
    for (const folder of folders.filter((f) => /^(lib|drivers)\//.test(f))) {
      const option = kc.symbol(optionOf(folder, parseManifest(join(pools, folder, 'library.uk')).name))!;
      const path = menuPath(option.nodes[0]);
      // An implementation may sit inside its API's menuconfig (ukallocbuddy under ukalloc),
      // which is itself in the category: nothing deeper, and nothing but a library's own menu.
      expect(path.length, folder).toBeGreaterThanOrEqual(2);
      expect(path.length, folder).toBeLessThanOrEqual(3);
      if (path.length === 3) expect(apiMenus, `${folder} sits under "${path[2]}"`).toContain(path[2]);
      expect(path[0]).toBe(folder.startsWith('lib/') ? 'Libraries' : 'Drivers');
      (placed[path.slice(0, 2).join(' > ')] ??= []).push(basename(folder));
    }
    expect(placed['Libraries > Memory']).toEqual(expect.arrayContaining(['ukalloc', 'ukallocregion']));
    expect(placed['Libraries > Boot']).toEqual(expect.arrayContaining(['ukboot', 'uklibparam']));
    expect(placed['Libraries > C library']).toEqual(['musl', 'nolibc']);
    expect(placed['Libraries > POSIX']).toEqual(expect.arrayContaining(['uksyscall', 'posix-console', 'posix-process', 'posix-mmap', 'posix-time']));
    // The libc choice sits beside the libraries it chooses between.
    for (const entry of ['LIBC_NOLIBC', 'LIBC_MUSL']) expect(menuPath(kc.symbol(entry)!.nodes[0]).slice(0, 2), entry).toEqual(['Libraries', 'C library']);
    expect(placed['Drivers > Serial ports (UART)']).toEqual(['ns16550', 'pl011']);
  });
});
