/**
 * Loading the tree for the menu. Kept apart from the UI modules so that the
 * command can load the tree and the UI (Ink takes a few hundred ms to load)
 * at the same time.
 */
import type { Kconfig, Output } from 'kconfig-parser-ts';
import { openTree, type TreeChoice } from '../../cli/tree.js';

/**
 * Loads the tree `choice` names exactly as the other commands do (KSHELL_CACHE
 * included), set up for a front end: after each change the engine
 * recomputes only what depends on it.
 */
export async function openMenuTree(choice: TreeChoice, output: Output): Promise<Kconfig> {
  const kc = await openTree(choice, output);
  kc.incremental = true;
  return kc;
}
