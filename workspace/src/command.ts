/**
 * The shape of a ukconfig command. Each lives in the part that does its
 * work, as `<part>/src/commands/<name>.ts` exporting `command`; cli/main.ts
 * maps names to those modules and handles what every command shares
 * (global options, -C, --help, usage errors).
 *
 * A command describes its command line once (options, operands, the
 * global options it uses): the dispatcher parses the line with that
 * description (command-line.ts), and the usage line, `--help` and the
 * shell completions are made from the same description.
 */
import type { GlobalName } from './options.js';
import type { Workspace } from './workspace.js';

/** What completion offers for a value or an operand. */
export type Completion = 'file' | 'dir' | 'command' | 'none' | readonly string[];

export interface OptionSpec {
  /** As typed: `--apply`, `-j`. */
  name: string;
  /** Other spellings (`-n` for `--dry-run`). */
  aliases?: readonly string[];
  /** What its value is, as the usage line shows it (`MS`, `N`); absent for a flag. */
  value?: string;
  /**
   * The value may be left out, and is then only given attached (`--gdb`
   * or `--gdb=PORT`): a following word is never taken as the value.
   */
  optionalValue?: boolean;
  /** What completion offers for the value (default: nothing). */
  complete?: Completion;
  /** One line for --help. */
  help: string;
}

export interface OperandSpec {
  /** As the usage line shows them: `SYMBOL[=value]`, `<defconfig> [fragment ...]`, or ''. */
  text: string;
  min: number;
  /** Infinity: any number. */
  max: number;
  complete: Completion;
  /**
   * What follows `--` belongs to the command as it is (run: the guest's
   * arguments); its text in the usage line. Without it, words after `--`
   * are operands (a file name that starts with `-`).
   */
  passThrough?: string;
}

export interface Command {
  /** One line for the list of commands. */
  summary: string;
  /** The global options it uses besides --json and --help, for its usage line and help. */
  globals: readonly GlobalName[];
  options: readonly OptionSpec[];
  operands: OperandSpec;
  /** More for --help, after the options: the operands, exit statuses. */
  help?: string;
  /** Why --json makes no sense for this command; absent when it takes --json. */
  noJson?: string;
  /** Runs the command on its parsed command line; resolves to its exit status. */
  run(args: CommandArgs, ws: Workspace): Promise<number>;
}

/** A command line parsed against the command's description. */
export interface CommandArgs {
  /** The options given, by their main name: true for a flag (or an optional value left out), else the (last) value. */
  options: ReadonlyMap<string, string | true>;
  /** Every value given to an option that was repeated or not, in order (`--keep A --keep B`). */
  allValues: ReadonlyMap<string, readonly string[]>;
  operands: string[];
  /** The words after `--`, for a command with `passThrough`. */
  passed: string[];
}
