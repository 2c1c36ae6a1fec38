/**
 * Evaluating for a front end rather than as conf: without conf's messages,
 * and with MODULES settled before anything reads a tristate.
 */
import type { Kconfig } from './kconfig.js';
import { SYM_VALID } from './symbol.js';

const SILENT = { stdout: () => {}, stderr: () => {} };

/**
 * Runs `fn` with the tree's output silenced. Computing values prints conf's
 * unmet-dependency warnings and counts them (KCONFIG_WERROR reads the
 * count); what `fn` causes is neither printed nor counted nor kept in
 * `kc.diagnostics`.
 */
export function quietly<T>(kc: Kconfig, fn: () => T): T {
  const out = kc.out;
  const warnings = kc.symWarnings;
  const diagnostics = kc.diagnostics.length;
  kc.out = SILENT;
  try {
    return fn();
  } finally {
    kc.out = out;
    kc.symWarnings = warnings;
    kc.diagnostics.length = diagnostics;
  }
}

/**
 * Makes sure MODULES has been computed, and drops values computed without
 * it (until it is, tristates act as bools), as conf does when it starts.
 * Does not count as a change of the configuration.
 */
export function settleModules(kc: Kconfig): void {
  const m = kc.modulesSym;
  if (m.isConst() || m.flags & SYM_VALID) return;
  const changed = kc.changed;
  kc.clearAllValid();
  kc.changed = changed;
}
