/**
 * The fuzzer's cases: each a pure function of (seed, index) and the corpus
 * (the language catalog's trees, the pools tree, Linux's Kconfig files), so
 * that a failing case can be regenerated from its id alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CASES } from '../cases/catalog.mjs';
import { fuzzConfig, listKconfigSources, mutateKconfig, Prng, selfContained, SPECIALS } from './mutate.js';

export interface FuzzCase {
  /** e.g. "fuzz-1-000042-linux": seed, index, kind. */
  id: string;
  description: string;
  /** Files of the tree (byte strings), by path; `Kconfig` is the root. */
  files: Record<string, string>;
  /** conf's arguments (the tree is `Kconfig`). */
  args: string[];
  env: Record<string, string>;
  stdin: string;
  /** Loaded through the API with kconfiglib's extensions (no conf to compare with). */
  extensions: boolean;
  /** Loaded twice with the tree cache: the second load (from the cache) must give the same. */
  twice: boolean;
  /** Commands run ahead of the parse (by a scout parse), one by one: exactly the parse's. */
  ahead: boolean;
}

export interface Corpus {
  catalog: { files: Record<string, string>; args: string[]; env: Record<string, string>; stdin: string }[];
  pools: Record<string, string>;
  linux: string[];
}

const REPO = join(import.meta.dirname, '../../..');

const SAMPLE = `config MODULES
	bool "Enable loadable module support"
	modules
	default y

menu "Sample"
	depends on !NONE

config A
	tristate "A"
	default m
	select B if C
	help
	  Some help text
	  on two lines.

config B
	bool

config C
	int "C"
	range 1 10
	default 3

choice
	prompt "pick one"
	default D2

config D1
	bool "D1"

config D2
	bool "D2"
	depends on A

endchoice

if A
config E
	string "E"
	default "e"
endif

endmenu
`;

/** The corpus: Linux's files only when its tree (the oracle's) is there. */
export function loadCorpus(linux: string | null): Corpus {
  const pools: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'Config.uk' && statSync(p).size < 65536) pools[relative(join(REPO, 'pools'), p)] = readFileSync(p, 'latin1');
    }
  };
  walk(join(REPO, 'pools'));
  const catalog = CASES.map((c) => ({ files: c.files, args: c.args, env: c.env ?? {}, stdin: c.stdin ?? '' }));
  return { catalog, pools, linux: linux ? listKconfigSources(linux) : [] };
}

/** Modes a case runs conf in (with a fixed seed for randconfig). */
const MODES = ['--olddefconfig', '--olddefconfig', '--olddefconfig', '--oldconfig', '--alldefconfig', '--allnoconfig', '--allyesconfig', '--allmodconfig', '--randconfig', '--listnewconfig', '--helpnewconfig', '--savedefconfig=defconfig', '--syncconfig', '--yes2modconfig', '--mod2noconfig'];

/** Symbols a tree defines (for .config files that name them). */
function definedNames(text: string): string[] {
  return [...text.matchAll(/^\s*(?:menu)?config\s+([A-Za-z0-9_]+)/gm)].map((m) => m[1]);
}

export function makeCase(seed: number, index: number, corpus: Corpus): FuzzCase {
  const rng = new Prng(seed * 100_003 + index * 7919);
  const base = { args: ['--olddefconfig', 'Kconfig'], env: {} as Record<string, string>, stdin: '', extensions: false, twice: rng.chance(0.15), ahead: rng.chance(0.4) };
  const roll = rng.next();
  let kind: string;
  let files: Record<string, string>;
  let description: string;
  if (roll < 0.12) {
    // A pathological input built by hand.
    const special = rng.pick(SPECIALS);
    const source = corpus.linux.length && rng.chance(0.5) ? readFileSync(rng.pick(corpus.linux), 'latin1') : SAMPLE;
    const built = special.build(`mainmenu "Fuzz ${index}"\n\n${selfContained(source, rng, true)}`, rng);
    kind = special.kind;
    files = { Kconfig: built.main, 'extra/Kconfig.extra': built.extra ?? SAMPLE };
    description = built.note;
  } else if (roll < 0.3) {
    // A case of the language catalog, mutated, with its own arguments, environment and input.
    const c = rng.pick(corpus.catalog);
    files = { ...c.files };
    // A case without files (a missing tree) gets an empty one to mutate.
    if (Object.keys(files).length === 0) files.Kconfig = '';
    const target = rng.pick(Object.keys(files));
    const m = mutateKconfig(files[target], rng, 1 + rng.int(3));
    files[target] = m.text;
    kind = 'catalog';
    description = `${target}: ${m.ops.join('; ')}`;
    Object.assign(base, { args: c.args, env: { ...c.env }, stdin: c.stdin });
  } else if (roll < 0.42) {
    // The pools tree: through the API with its extensions, or through conf (which refuses them).
    files = {};
    for (const [path, text] of Object.entries(corpus.pools)) files[path === 'Config.uk' ? 'Kconfig' : path] = text;
    const target = rng.pick(Object.keys(files));
    const m = mutateKconfig(files[target], rng, 1 + rng.int(3));
    files[target] = m.text;
    kind = 'pools';
    description = `${target}: ${m.ops.join('; ')}`;
    base.extensions = rng.chance(0.7);
    base.env = { UK_APP: '/nonexistent' };
  } else {
    // A Linux Kconfig file (or the built-in sample), mutated, sourcing a second file.
    const file = corpus.linux.length ? rng.pick(corpus.linux) : null;
    const original = file ? readFileSync(file, 'latin1') : SAMPLE;
    const m = mutateKconfig(`mainmenu "Fuzz ${index}"\n\n${selfContained(original, rng, true)}`, rng, 1 + rng.int(4));
    const extra = selfContained(rng.chance(0.5) ? SAMPLE : original, rng, false);
    files = { Kconfig: m.text, 'extra/Kconfig.extra': rng.chance(0.3) ? mutateKconfig(extra, rng, 1).text : extra };
    kind = file ? 'linux' : 'sample';
    description = `${file ? relative(join(file, '../..'), file) : 'sample'}: ${m.ops.join('; ')}`;
  }
  if (!base.extensions && kind !== 'catalog') {
    const mode = rng.pick(MODES);
    base.args = [mode, 'Kconfig'];
    if (mode === '--randconfig') base.env.KCONFIG_SEED = String(rng.int(1 << 30));
    if (rng.chance(0.5)) {
      const conf = fuzzConfig(definedNames(Object.values(files).join('\n')), rng);
      files['.config'] = conf.text;
      description += `; ${conf.note}`;
    }
  }
  return { id: `fuzz-${seed}-${String(index).padStart(6, '0')}-${kind}`, description, files, ...base };
}
