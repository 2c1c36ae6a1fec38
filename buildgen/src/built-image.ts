/**
 * The image of the application's .config that `ukconfig run` boots and
 * `ukconfig pkg` packs: which platform (--plat when the configuration has
 * several), where the image is, and the settings it was built with that
 * decide how it must run (from its config.h).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readHeader } from 'kconfig-parser-ts';
import type { OptionSpec, Workspace } from '../../workspace/src/index.js';
import { loadAppTree } from './app-tree.js';
import type { ImageSettings } from './guest.js';
import { readUserConfig } from './image-config.js';
import { imagePaths } from './image-plan.js';
import { Problems } from './problems.js';

/** The options that choose the image, as run and pkg describe them. */
export const IMAGE_OPTIONS: readonly OptionSpec[] = [
  { name: '--plat', value: 'P', complete: ['kvm', 'linuxu', 'xen', 'baremetal', 'rpi3', 'malta'], help: 'the image of platform P, when the configuration has several' },
  { name: '--arch', value: 'A', complete: ['x86_64', 'arm64', 'arm32', 'mips'], help: 'check that the configuration is for architecture A' },
];

export interface BuiltImage {
  app: string;
  arch: string;
  plat: string;
  image: string;
  /** The image's path as the user sees it (relative to the working folder). */
  shown: string;
  buildDir: string;
  settings: ImageSettings;
  /** The .config is newer than the image. */
  stale: boolean;
}

/** How the image was built decides how it must run: read from its config.h (macros named with `prefix`). */
export function imageSettings(configH: string, prefix: string): ImageSettings {
  const defined = readHeader(readFileSync(configH, 'latin1'), prefix);
  return {
    debugExitPort: defined.get('KVM_X86_DEBUG_EXIT') === '1' ? (defined.get('KVM_X86_DEBUG_EXIT_PORT') ?? '0xf4') : null,
    semihosting: defined.get('KVM_ARM64_SEMIHOSTING') === '1',
    timer: defined.get('LIBUKTIMER') === '1',
    gicV3Only: defined.get('LIBGICV3') === '1' && defined.get('LIBGICV2') !== '1',
    virtioBlk: defined.get('LIBVIRTIO_BLK') === '1',
    virtioRng: defined.get('LIBVIRTIO_RNG') === '1',
    virtioNet: defined.get('LIBVIRTIO_NET') === '1',
    virtio9p: defined.get('LIBVIRTIO_9P') === '1',
  };
}

/** The built image of platform `plat` (null: the only one), checked to be for `arch` when given; Problems otherwise. */
export async function builtImage(ws: Workspace, plat: string | null, arch: string | null): Promise<BuiltImage> {
  const { app, kc } = await loadAppTree(ws);
  const user = readUserConfig(kc, ws.configFile);
  if (!user) throw new Problems([`cannot read ${ws.configFile}: configure and build first (ukconfig apply, ukconfig build)`]);
  if (arch !== null && arch !== user.arch) throw new Problems([`${ws.configFile} is configured for ${user.arch}, not ${arch}`]);
  const plats = plat === null ? user.platforms : user.platforms.filter((p) => p === plat);
  if (plats.length === 0) {
    throw new Problems([`${ws.configFile} enables no platform${plat ? ` named ${plat} (enabled: ${user.platforms.join(', ') || 'none'})` : ''}`]);
  }
  if (plats.length > 1) throw new Problems([`several images (${plats.join(', ')}): choose one with --plat`]);
  const paths = imagePaths({ arch: user.arch, plat: plats[0], buildRoot: join(app, 'build'), name: user.name });
  const shown = relative(process.cwd(), paths.image) || paths.image;
  const configH = join(paths.buildDir, 'config.h');
  if (!existsSync(paths.image) || !existsSync(configH)) throw new Problems([`${shown} does not exist: run ukconfig build first`]);
  return {
    app,
    arch: user.arch,
    plat: plats[0],
    image: paths.image,
    shown,
    buildDir: paths.buildDir,
    settings: imageSettings(configH, kc.configPrefix),
    stale: statSync(ws.configFile).mtimeMs > statSync(paths.image).mtimeMs,
  };
}
