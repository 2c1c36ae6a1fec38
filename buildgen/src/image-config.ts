/**
 * The configuration as each image sees it. One .config may enable several
 * platforms; the image of platform P is built from the view in which every
 * other enabled PLAT_Q is n, so the selects of other platforms do not leak
 * into it (docs/manifest-format.md, "the per-image view").
 */
import { applyConfigs, exprValueString, formatFailure, unmetDependencies as engineUnmetDependencies, type Kconfig, type KSymbol } from 'kconfig-parser-ts';

export interface UserConfig {
  arch: string;
  platforms: string[];
  /** UK_NAME: base name of the images. */
  name: string;
  /** UK_CC_LAUNCHER: the compiler launcher the configuration asks for ('' for none). */
  ccLauncher: string;
  /** Values the .config asks for that the tree refuses (an enabled library that cannot be): fatal. */
  errors: string[];
}

const PLAT_PREFIX = 'PLAT_';

const isLogical = (s: KSymbol) => s.typeName === 'bool' || s.typeName === 'tristate';

/** Loads `file` into the tree and reads what the images will be. */
export function readUserConfig(kc: Kconfig, file: string): UserConfig | null {
  const r = applyConfigs(kc, file);
  if (r.missing) return null;
  // Only a wanted feature that did not take stops the build; the rest is what olddefconfig does anyway.
  const errors = r.failures
    .filter((f) => f.symbol !== null && isLogical(f.symbol) && f.asked !== 'n' && (f.got === 'n' || f.got === null))
    .map((f) => formatFailure(f, kc.configPrefix));
  return {
    arch: kc.symbol('UK_ARCH')?.strValue ?? '',
    platforms: platformSymbols(kc)
      .filter((s) => s.strValue === 'y')
      .map((s) => s.name!.slice(PLAT_PREFIX.length).toLowerCase()),
    name: kc.symbol('UK_NAME')?.strValue ?? '',
    ccLauncher: kc.symbol('UK_CC_LAUNCHER')?.strValue ?? '',
    errors,
  };
}

/** The platform options (PLAT_*), by name: one image per platform that is on. */
export function platformSymbols(kc: Kconfig): KSymbol[] {
  return kc
    .definedSymbols()
    .filter((s) => s.name !== null && s.name.startsWith(PLAT_PREFIX) && isLogical(s))
    .sort((a, b) => (a.name! < b.name! ? -1 : 1));
}

/**
 * The user's own choices: what savedefconfig keeps of the configuration
 * the tree holds now. A value that is only there because something
 * selected it, or because it is the default, is not a choice, so that it
 * can follow the image's platform in each view.
 */
export function saveChoices(kc: Kconfig, file: string): void {
  if (!kc.writeMinimalConfig(file)) throw new Error(`cannot write ${file}`);
}

/** Puts the tree in the view of `plat`'s image: the user's choices, other platforms off. */
export function enterImageView(kc: Kconfig, choicesFile: string, plat: string, platforms: string[]): void {
  applyConfigs(kc, choicesFile);
  for (const other of platforms) {
    if (other !== plat) kc.symbol(PLAT_PREFIX + other.toUpperCase())!.setValue('n');
  }
}

/**
 * Symbols that are on although their own dependencies are not met: a
 * `select` forced them. Linux only warns; an image would not work.
 */
export function unmetDependencies(kc: Kconfig): string[] {
  return engineUnmetDependencies(kc).map(({ symbol: s, selectors }) => {
    const by = selectors.map((r) => r.symbol.name).join(', ');
    const at = s.locations[0];
    return (
      `${at ? `${at.file}:${at.line}: ` : ''}${s.name} is ${s.strValue}${by ? ` (selected by ${by})` : ''}` +
      ` but its dependencies are not met: ${exprValueString(s.directDep)}`
    );
  });
}
