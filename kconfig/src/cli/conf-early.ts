/**
 * What `conf` starts before the rest of the program is even loaded: the
 * standard input spool, when its mode may read answers (the others never
 * read standard input, and a spool costs a child process and Node's
 * child_process module). (The tree's $(shell) probes wait until the tree is
 * known to be unchanged: see parseInto.)
 */
import { mayReadInput } from './conf-args.js';
import { startStdinSpool } from './stdin-spool.js';

export function startConfEarly(argv: string[]): void {
  if (mayReadInput(argv)) startStdinSpool();
}
