/**
 * The tree `build` and `run` work on: the application folder's (the same
 * one `apply` and the menu use). conf's unmet-dependency warnings are left
 * out: the build reports those itself, once, with who selects the symbol.
 */
import type { Kconfig } from 'kconfig-parser-ts';
import { TreeLoadError, type Workspace } from '../../workspace/src/index.js';
import { Problems } from './problems.js';

export async function loadAppTree(ws: Workspace): Promise<{ app: string; kc: Kconfig }> {
  const app = ws.requireApp();
  try {
    return { app, kc: await ws.load({ messages: 'print-except-unmet' }) };
  } catch (e) {
    // The engine has already printed conf's message; the caller only needs to fail.
    if (e instanceof TreeLoadError) throw new Problems([]);
    throw e;
  }
}
