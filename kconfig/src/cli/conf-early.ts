/**
 * What `conf` starts before the rest of the program is even loaded: the
 * standard input spool, and the tree's $(shell) probes when the tree cache
 * knows them (they take most of a run's time, so they should not wait for
 * module loading and cache reading).
 */
import { readFileSync } from 'node:fs';
import { ProbeBatch } from '../probe-batch.js';
import { resolveSourcePath } from '../source-path.js';
import { cacheEnabled, cacheFileFor, probeListFile } from '../tree-cache-key.js';
import { kconfigOperand } from './conf-args.js';
import { startStdinSpool } from './stdin-spool.js';

let started: ProbeBatch | null = null;

export function startConfEarly(argv: string[], env: NodeJS.ProcessEnv, cwd: string): void {
  startStdinSpool();
  if (env.KSHELL_CACHE || env.UKCONFIG_SERIAL_PROBES || !cacheEnabled(env)) return;
  const root = kconfigOperand(argv);
  if (!root) return;
  const path = resolveSourcePath(root, cwd, env.srctree);
  if (!path) return;
  let commands: unknown;
  try {
    commands = JSON.parse(readFileSync(probeListFile(cacheFileFor(path, false, env)), 'utf8'));
  } catch {
    return;
  }
  if (!Array.isArray(commands) || !commands.every((c) => typeof c === 'string')) return;
  started = new ProbeBatch(commands, env, cwd);
}

/** The probes started early, if any. */
export function earlyProbes(): ProbeBatch | null {
  return started;
}
