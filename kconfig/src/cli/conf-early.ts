/**
 * What `conf` starts before the rest of the program is even loaded: the
 * standard input spool. (The tree's $(shell) probes wait until the tree is
 * known to be unchanged: see parseInto.)
 */
import { startStdinSpool } from './stdin-spool.js';

export function startConfEarly(): void {
  startStdinSpool();
}
