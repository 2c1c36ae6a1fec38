// The differential cases run against the real Linux 6.1 conf, per architecture.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfCase, PrepareContext } from './conf-case.js';
import { dropSymbolLines, MALFORMED_CONFIG_LINES, renamePrefix, staleAutoConf } from './config-edits.js';
import type { Arch, OracleManifest } from './oracle.js';

export const SRCARCH: Record<Arch, string> = { x86_64: 'x86', arm64: 'arm64' };
/** The defconfig `make defconfig` uses; the base of the mode cases. */
const MAIN_DEFCONFIG: Record<Arch, string> = { x86_64: 'x86_64_defconfig', arm64: 'defconfig' };
const ALL_MODES = ['allnoconfig', 'allyesconfig', 'allmodconfig', 'alldefconfig'] as const;
const NEWLINES = '\n'.repeat(30000);

function readIn(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'latin1');
}
function writeIn(dir: string, name: string, text: string): void {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text, 'latin1');
}
const editConfig = (edit: (text: string, ctx: PrepareContext) => string, name = '.config') => (dir: string, ctx: PrepareContext) =>
  writeIn(dir, name, edit(readIn(dir, name), ctx));
const K = 'Kconfig';

export interface CatalogOptions {
  /** Number of KCONFIG_SEED values (1..n) for randconfig cases; at most the manifest's. */
  seeds: number;
}

export function buildCatalog(manifest: OracleManifest, opts: CatalogOptions): ConfCase[] {
  return manifest.archs.flatMap((arch) => archCases(manifest, arch, opts));
}

function archCases(manifest: OracleManifest, arch: Arch, opts: CatalogOptions): ConfCase[] {
  const cases: ConfCase[] = [];
  const add = (c: Omit<ConfCase, 'arch'>): ConfCase => {
    const full = { ...c, arch, id: `${arch}/${c.id}` };
    cases.push(full);
    return full;
  };
  const srcarch = SRCARCH[arch];

  // ---- every arch/<srcarch>/configs/*defconfig: defconfig -> savedefconfig -> syncconfig
  const defconfigs = readdirSync(join(manifest.linux, 'arch', srcarch, 'configs')).filter((f) => f.endsWith('defconfig')).sort();
  let mainDefconfig: ConfCase | undefined;
  for (const name of defconfigs) {
    const def = add({ id: `defconfig/${name}`, args: [`--defconfig=arch/${srcarch}/configs/${name}`, K] });
    if (name === MAIN_DEFCONFIG[arch]) mainDefconfig = def;
    const saved = add({ id: `savedefconfig/${name}`, base: def, args: ['--savedefconfig=defconfig', K] });
    add({ id: `defconfig-roundtrip/${name}`, base: saved, args: ['--defconfig=defconfig', K] });
    add({
      id: `syncconfig/${name}`,
      base: def,
      args: ['--syncconfig', K],
      prepare: (dir) => {
        // Stale auto.conf + no per-symbol files: what is left afterwards is exactly what got touched.
        writeIn(dir, 'include/config/auto.conf', staleAutoConf(readIn(dir, 'include/config/auto.conf')));
        for (const f of readdirSync(join(dir, 'include/config'))) if (!f.startsWith('auto.conf')) rmSync(join(dir, 'include/config', f));
      },
    });
  }
  if (!mainDefconfig) throw new Error(`arch/${srcarch}/configs/${MAIN_DEFCONFIG[arch]} not found`);
  const defc = mainDefconfig;

  // ---- all*config, each followed by savedefconfig
  const allResults: Record<string, ConfCase> = {};
  for (const mode of ALL_MODES) {
    const c = add({ id: mode, args: [`--${mode}`, K] });
    allResults[mode] = c;
    add({ id: `${mode}/savedefconfig`, base: c, args: ['--savedefconfig=defconfig', K] });
  }

  // ---- tristate rewrites
  add({ id: 'yes2modconfig/defconfig', base: defc, args: ['--yes2modconfig', K] });
  add({ id: 'yes2modconfig/allyesconfig', base: allResults.allyesconfig, args: ['--yes2modconfig', K] });
  add({ id: 'mod2yesconfig/allmodconfig', base: allResults.allmodconfig, args: ['--mod2yesconfig', K] });
  add({ id: 'mod2noconfig/allmodconfig', base: allResults.allmodconfig, args: ['--mod2noconfig', K] });

  // ---- an "older" .config: the defconfig result with every 9th symbol line missing
  const older = editConfig((t) => dropSymbolLines(t, 9, 4));
  const olderNoInclude = (dir: string, ctx: PrepareContext) => {
    older(dir, ctx);
    rmSync(join(dir, 'include'), { recursive: true, force: true });
  };
  add({ id: 'olddefconfig/older', base: defc, args: ['--olddefconfig', K], prepare: olderNoInclude });
  add({ id: 'olddefconfig/older-silent', base: defc, args: ['-s', '--olddefconfig', K], prepare: older });
  add({ id: 'olddefconfig/unchanged', base: defc, args: ['--olddefconfig', K] });
  add({ id: 'listnewconfig/older', base: defc, args: ['--listnewconfig', K], prepare: older });
  add({ id: 'helpnewconfig/older', base: defc, args: ['--helpnewconfig', K], prepare: older });
  add({ id: 'oldconfig/older', base: defc, args: ['--oldconfig', K], prepare: olderNoInclude, stdin: NEWLINES });
  add({ id: 'oldconfig/older-eof', base: defc, args: ['--oldconfig', K], prepare: older, stdin: '\n\n\n\n\n' });
  add({ id: 'oldconfig/older-answers', base: defc, args: ['--oldconfig', K], prepare: older, stdin: 'y\nn\nm\n?\n\n1\nfoo\n'.repeat(400) });
  add({ id: 'syncconfig/older', base: defc, args: ['--syncconfig', K], prepare: older, stdin: NEWLINES });
  add({ id: 'syncconfig/older-nosilentupdate', base: defc, args: ['--syncconfig', K], prepare: older, env: { KCONFIG_NOSILENTUPDATE: '1' } });
  add({ id: 'syncconfig/unchanged-nosilentupdate', base: defc, args: ['--syncconfig', K], env: { KCONFIG_NOSILENTUPDATE: '1' } });
  if (arch === 'x86_64') {
    add({ id: 'oldaskconfig/older', base: defc, args: ['--oldaskconfig', K], prepare: older, stdin: NEWLINES });
  }

  // ---- no .config at all
  add({ id: 'olddefconfig/no-config', args: ['--olddefconfig', K] });
  add({
    id: 'olddefconfig/defconfig-list',
    args: ['--olddefconfig', K],
    env: { KCONFIG_DEFCONFIG_LIST: `/nonexistent/.config /boot/ukconfig-none arch/${srcarch}/configs/${MAIN_DEFCONFIG[arch]}` },
  });
  add({ id: 'defconfig/missing-file', args: ['--defconfig=arch/none/configs/nope_defconfig', K] });
  add({ id: 'olddefconfig/missing-kconfig', args: ['--olddefconfig', 'Kconfig.does-not-exist'] });

  // ---- configuration file locations and prefixes
  add({
    id: 'olddefconfig/kconfig-config-subdir',
    base: defc,
    args: ['--olddefconfig', K],
    env: { KCONFIG_CONFIG: 'out/sub/my.config' },
    prepare: (dir) => {
      writeIn(dir, 'out/sub/my.config', dropSymbolLines(readIn(dir, '.config'), 9, 4));
      rmSync(join(dir, '.config'));
    },
  });
  add({
    id: 'olddefconfig/overwrite-symlink',
    base: defc,
    args: ['--olddefconfig', K],
    env: { KCONFIG_OVERWRITECONFIG: '1' },
    prepare: (dir) => {
      writeIn(dir, 'saved/real.config', dropSymbolLines(readIn(dir, '.config'), 9, 4));
      rmSync(join(dir, '.config'));
      symlinkSync('saved/real.config', join(dir, '.config'));
    },
  });
  add({
    id: 'syncconfig/custom-output-paths',
    base: defc,
    args: ['--syncconfig', K],
    env: { KCONFIG_AUTOCONFIG: 'gen/auto/auto.conf', KCONFIG_AUTOHEADER: 'gen/h/autoconf.h', KCONFIG_RUSTCCFG: 'gen/rust/cfg' },
  });
  add({
    id: 'olddefconfig/config-prefix',
    base: defc,
    args: ['--olddefconfig', K],
    env: { CONFIG_: 'UKCFG_' },
    prepare: (dir) => {
      writeIn(dir, '.config', renamePrefix(dropSymbolLines(readIn(dir, '.config'), 9, 4), 'CONFIG_', 'UKCFG_'));
      rmSync(join(dir, 'include'), { recursive: true, force: true });
    },
  });
  add({ id: 'savedefconfig/config-prefix', base: defc, args: ['--savedefconfig=defconfig', K], env: { CONFIG_: 'UKCFG_' } });

  // ---- malformed input lines, warnings, KCONFIG_WERROR and KCONFIG_WARN_UNKNOWN_SYMBOLS
  const malformed = editConfig((t) => t + MALFORMED_CONFIG_LINES.join('\n') + '\n');
  add({ id: 'olddefconfig/malformed', base: defc, args: ['--olddefconfig', K], prepare: malformed });
  add({ id: 'olddefconfig/malformed-warn-unknown', base: defc, args: ['--olddefconfig', K], prepare: malformed, env: { KCONFIG_WARN_UNKNOWN_SYMBOLS: '1' } });
  add({ id: 'olddefconfig/malformed-werror', base: defc, args: ['--olddefconfig', K], prepare: malformed, env: { KCONFIG_WERROR: '1', KCONFIG_WARN_UNKNOWN_SYMBOLS: '1' } });
  add({ id: 'defconfig/malformed', args: ['--defconfig=in.config', K], prepare: (dir) => writeIn(dir, 'in.config', MALFORMED_CONFIG_LINES.join('\n') + '\n') });

  // ---- config fragments (make foo.config = merge + olddefconfig; tinyconfig = KCONFIG_ALLCONFIG)
  const fragments = [
    ...readdirSync(join(manifest.linux, 'kernel/configs')).map((f) => `kernel/configs/${f}`),
    ...readdirSync(join(manifest.linux, 'arch', srcarch, 'configs'))
      .filter((f) => f.endsWith('.config'))
      .map((f) => `arch/${srcarch}/configs/${f}`),
  ].sort();
  for (const frag of fragments) {
    const tag = frag.replace(/\//g, '_');
    add({
      id: `merge/${tag}`,
      base: defc,
      args: ['--olddefconfig', K],
      prepare: editConfig((t, ctx) => t + readFileSync(join(ctx.linux, frag), 'latin1')),
    });
    add({ id: `allconfig-file/allnoconfig/${tag}`, args: ['--allnoconfig', K], env: { KCONFIG_ALLCONFIG: frag } });
  }
  add({ id: 'allconfig-file/alldefconfig/abs-path', args: ['--alldefconfig', K], env: { KCONFIG_ALLCONFIG: join(manifest.linux, 'kernel/configs/debug.config') } });
  add({ id: 'allconfig-file/missing', args: ['--allyesconfig', K], env: { KCONFIG_ALLCONFIG: 'no-such.config' } });
  const tiny = add({ id: 'tinyconfig/step1', args: ['--allnoconfig', K], env: { KCONFIG_ALLCONFIG: 'kernel/configs/tiny-base.config' } });
  add({
    id: 'tinyconfig/step2',
    base: tiny,
    args: ['--olddefconfig', K],
    prepare: editConfig((t, ctx) => t + readFileSync(join(ctx.linux, 'kernel/configs/tiny.config'), 'latin1')),
  });
  // KCONFIG_ALLCONFIG=1 / empty: allno.config (etc.), then all.config, looked up in cwd and $srctree.
  const pinned = '# CONFIG_MODULES is not set\nCONFIG_SMP=y\nCONFIG_NR_CPUS=4\nCONFIG_LOCALVERSION="-uk"\n# CONFIG_PRINTK is not set\n';
  add({ id: 'allconfig-1/allno.config', args: ['--allnoconfig', K], env: { KCONFIG_ALLCONFIG: '1' }, prepare: (d) => writeIn(d, 'allno.config', pinned) });
  add({ id: 'allconfig-1/all.config', args: ['--allyesconfig', K], env: { KCONFIG_ALLCONFIG: '1' }, prepare: (d) => writeIn(d, 'all.config', pinned) });
  add({ id: 'allconfig-empty/allmod.config', args: ['--allmodconfig', K], env: { KCONFIG_ALLCONFIG: '' }, prepare: (d) => writeIn(d, 'allmod.config', pinned) });
  add({ id: 'allconfig-1/allrandom.config', args: ['--randconfig', K], env: { KCONFIG_ALLCONFIG: '1', KCONFIG_SEED: '7' }, prepare: (d) => writeIn(d, 'allrandom.config', pinned) });
  add({ id: 'allconfig-1/none-found', args: ['--alldefconfig', K], env: { KCONFIG_ALLCONFIG: '1' } });

  // ---- randconfig: our RNG and iteration order must match glibc rand() and conf's hash walk
  const seeds = Math.min(opts.seeds, manifest.randconfigSeeds);
  for (let seed = 1; seed <= seeds; seed++) {
    add({ id: `randconfig/seed-${seed}`, args: ['--randconfig', K], env: { KCONFIG_SEED: String(seed) } });
    const fromSeedFile = (dir: string, ctx: PrepareContext) => copyFileSync(join(ctx.manifest.randconfigs[ctx.arch], `seed-${seed}.config`), join(dir, '.config'));
    add({
      id: `olddefconfig/randconfig-seed-${seed}`,
      args: ['--olddefconfig', K],
      // Odd seeds: the randconfig result as is; even seeds: with symbols missing.
      prepare:
        seed % 2 === 1
          ? fromSeedFile
          : (dir, ctx) => {
              fromSeedFile(dir, ctx);
              editConfig((t) => dropSymbolLines(t, 5, seed))(dir, ctx);
            },
    });
    if (seed <= 3) {
      add({ id: `savedefconfig/randconfig-seed-${seed}`, args: ['--savedefconfig=defconfig', K], prepare: fromSeedFile });
    }
  }
  const probabilities = ['0', '100', '10', '50:20', '20:60:20', '33:33:33:1', '70:40', '101', 'abc'];
  probabilities.forEach((p, i) => {
    add({ id: `randconfig/probability-${p.replace(/:/g, '-')}`, args: ['--randconfig', K], env: { KCONFIG_SEED: String(1000 + i), KCONFIG_PROBABILITY: p } });
  });
  // (An unparsable KCONFIG_SEED falls back to the clock: not reproducible, so not tested.)
  for (const s of ['0xdeadbeef', '0777', '-5', '4294967295']) {
    add({ id: `randconfig/seed-syntax-${s}`, args: ['--randconfig', K], env: { KCONFIG_SEED: s } });
  }
  return cases;
}
