/**
 * The shape of a ukconfig command. Each lives in the part that does its
 * work, as `<part>/src/commands/<name>.ts` exporting `command`; cli/main.ts
 * maps names to those modules and handles what every command shares
 * (global options, -C, usage errors).
 */
import type { Workspace } from './workspace.js';

export interface Command {
  /** One line for the list of commands. */
  summary: string;
  /** `ukconfig NAME [options] ARGS`: shown with every usage error of the command. */
  usage: string;
  /** Runs the command; resolves to its exit status. Throws UsageError for a command line it cannot use. */
  run(args: string[], ws: Workspace): Promise<number>;
}
