/**
 * What the resolver's commands share: their exit statuses, opening the tree
 * with its configuration, naming a symbol, and JSON output without the
 * engine's object graph.
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';
import { CommandFailure, TreeLoadError, type Workspace } from '../../workspace/src/index.js';
import { loadFailureDiagnostics } from './diagnostics.js';

/** Exit statuses shared by why, enable and disable (see docs/resolver.md). */
export const EXIT = { ok: 0, error: 1, usage: 2, impossible: 3, noPlan: 4 } as const;

/**
 * The tree with the configuration read (defaults when the file does not
 * exist). The engine's messages are not printed: a tree that does not load
 * is reported with the resolver's account of what is wrong.
 */
export async function openConfigured(ws: Workspace): Promise<{ kc: Kconfig; configRead: boolean }> {
  let kc: Kconfig;
  try {
    kc = await ws.load({ messages: 'keep' });
  } catch (e) {
    if (!(e instanceof TreeLoadError)) throw e;
    const d = loadFailureDiagnostics(e.fatal, e.messages);
    const detail = d.length ? d.map((x) => `${x.file}:${x.line}: ${x.message}\n  fix: ${x.fix}`).join('\n') : (e.fatal.text || e.messages).trim();
    throw new CommandFailure(`cannot load the Kconfig tree:\n${detail}`);
  }
  const read = ws.readConfig(kc);
  if (read === 'unreadable') throw new CommandFailure(`cannot read ${ws.configFile}`);
  return { kc, configRead: read === 'read' || read === 'fallback' };
}

export function findSymbol(kc: Kconfig, name: string): KSymbol {
  const bare = name.startsWith(kc.configPrefix) ? name.slice(kc.configPrefix.length) : name;
  const s = kc.symbol(bare);
  if (!s || !s.isDefined) {
    const hint = s ? ' (it is referenced, but no config entry defines it)' : '';
    throw new CommandFailure(`${bare} is not a symbol of this tree${hint}`);
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
