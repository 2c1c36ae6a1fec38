/** Small trees on disk for the resolver's tests. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadKconfig, type Kconfig, type KSymbol } from 'kconfig-parser-ts';

export const silent = { stdout: () => {}, stderr: () => {} };

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'resolver-'));
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text, 'latin1');
  }
  return dir;
}

/** Loads `files` (Kconfig is the root); `config` is read as .config when given. */
export function tree(files: Record<string, string> | string, config?: string): Kconfig {
  const dir = writeTree(typeof files === 'string' ? { Kconfig: files } : files);
  const kc = loadKconfig('Kconfig', { cwd: dir, env: { PATH: process.env.PATH }, output: silent });
  if (config !== undefined) {
    writeFileSync(join(dir, '.config'), config);
    if (!kc.readConfig(join(dir, '.config'))) throw new Error('cannot read .config');
  }
  return kc;
}

export function sym(kc: Kconfig, name: string): KSymbol {
  const s = kc.symbol(name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s;
}

/** `A=y B=n` for a list of changes. */
export function changesText(changes: { symbol: KSymbol; to: string }[]): string {
  return changes.map((c) => `${c.symbol.name ?? '<choice>'}=${c.to}`).join(' ');
}

/** Every user-visible bit of state: values, visibility, user values and flags that menus read. */
export function stateOf(kc: Kconfig): string {
  return kc
    .allSymbols()
    .map((s) => `${s.name}=${s.strValue} v${s.visibility} u${s.userValue} f${s.hasValue()}`)
    .join('\n');
}
