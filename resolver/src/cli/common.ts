/**
 * What the resolver's commands share: opening the tree and its
 * configuration, and JSON output without the engine's object graph.
 */
import { existsSync } from 'node:fs';
import { KconfigFatal, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import type { GlobalOptions } from '../../../cli/globals.js';
import { chooseTree, openTree } from '../../../cli/tree.js';
import { loadFailureDiagnostics } from '../diagnostics.js';

/** Exit statuses shared by why, enable and disable (see docs/resolver.md). */
export const EXIT = { ok: 0, error: 1, usage: 2, impossible: 3, tooComplex: 4 } as const;

export class CommandError extends Error {
  constructor(
    message: string,
    readonly status: number = EXIT.error,
  ) {
    super(message);
  }
}


/** The tree with the configuration read (defaults when the file does not exist). */
export async function openConfigured(globals: GlobalOptions): Promise<{ kc: Kconfig; configRead: boolean }> {
  let kc: Kconfig;
  let printed = '';
  const capture = { stdout: () => {}, stderr: (t: string) => void (printed += t) };
  try {
    kc = await openTree(chooseTree(globals), capture);
  } catch (e) {
    if (e instanceof KconfigFatal) {
      const d = loadFailureDiagnostics(e, printed);
      const detail = d.length ? d.map((x) => `${x.file}:${x.line}: ${x.message}\n  fix: ${x.fix}`).join('\n') : (e.text || printed).trim();
      throw new CommandError(`cannot load the Kconfig tree:\n${detail}`);
    }
    throw e;
  }
  const configRead = existsSync(globals.config) && kc.readConfig(globals.config);
  if (existsSync(globals.config) && !configRead) throw new CommandError(`cannot read ${globals.config}`);
  return { kc, configRead };
}

export function findSymbol(kc: Kconfig, name: string): KSymbol {
  const bare = name.startsWith(kc.configPrefix) ? name.slice(kc.configPrefix.length) : name;
  const s = kc.symbol(bare);
  if (!s || !s.isDefined) {
    const hint = s ? ' (it is referenced, but no config entry defines it)' : '';
    throw new CommandError(`${bare} is not a symbol of this tree${hint}`);
  }
  return s;
}

/** JSON with symbols as their names (the engine's objects link the whole tree). */
export function toJson(value: unknown): string {
  return (
    JSON.stringify(
      value,
      (_k, v) => (v && typeof v === 'object' && 'kc' in v && 'props' in v ? (v as KSymbol).name ?? '<choice>' : v),
      2,
    ) + '\n'
  );
}
