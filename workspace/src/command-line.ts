/**
 * A command's command line from its description (command.ts): the parser
 * the dispatcher runs, the usage line shown with every usage error, and
 * the `--help` text. Shell completion (cli/completion.ts) reads the same
 * description, so what is offered, shown and accepted never disagree.
 */
import type { Command, CommandArgs, OptionSpec } from './command.js';
import { UsageError } from './errors.js';
import { GLOBAL_OPTIONS } from './options.js';

const HELP_OPTION: OptionSpec = { name: '--help', aliases: ['-h'], help: 'this help' };

/** Every spelling of an option. */
export const optionNames = (o: OptionSpec): string[] => [o.name, ...(o.aliases ?? [])];

/** `--help` or `-h` before any `--`: the command's help is wanted rather than its work. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Parses `args` (global options already taken out) against `cmd`: options
 * as `--name VALUE`, `--name=VALUE`, `-j N` or `-jN`; operands counted.
 */
export function parseCommandLine(cmd: Command, args: readonly string[]): CommandArgs {
  const byName = new Map<string, OptionSpec>();
  for (const o of cmd.options) for (const n of optionNames(o)) byName.set(n, o);
  const options = new Map<string, string | true>();
  const allValues = new Map<string, string[]>();
  const setValue = (name: string, v: string) => {
    options.set(name, v);
    (allValues.get(name) ?? allValues.set(name, []).get(name)!).push(v);
  };
  const operands: string[] = [];
  let passed: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      if (cmd.operands.passThrough !== undefined) passed = args.slice(i + 1);
      else operands.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    let name = eq > 0 ? a.slice(0, eq) : a;
    let inline: string | null = eq > 0 ? a.slice(eq + 1) : null;
    let spec = byName.get(name);
    // A short option with its value attached: -j4.
    if (!spec && !a.startsWith('--') && a.length > 2 && byName.get(a.slice(0, 2))?.value) {
      name = a.slice(0, 2);
      inline = a.slice(2);
      spec = byName.get(name);
    }
    if (!spec) throw new UsageError(`unknown option ${name}`);
    if (spec.value === undefined) {
      if (inline !== null) throw new UsageError(`${name} takes no value`);
      options.set(spec.name, true);
      continue;
    }
    if (spec.optionalValue) {
      if (inline === '') throw new UsageError(`${name}= needs a value (${spec.value})`);
      if (inline === null) options.set(spec.name, true);
      else setValue(spec.name, inline);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value (${spec.value})`);
    setValue(spec.name, value);
  }
  const { min, max } = cmd.operands;
  if (operands.length > max) throw new UsageError(max === 0 ? `unexpected argument '${operands[0]}'` : `too many arguments`);
  if (operands.length < min) throw new UsageError();
  return { options, allValues, operands, passed };
}

/** An option with its value as a user types it: `--timeout MS`, `--gdb[=PORT]`, `-j N`. */
function withValue(name: string, o: OptionSpec): string {
  if (!o.value) return name;
  return o.optionalValue ? `${name}[=${o.value}]` : `${name} ${o.value}`;
}

/** How an option appears in a usage line: `[--timeout MS]`, `[-C DIR]`. */
function optionSynopsis(o: OptionSpec): string {
  return `[${withValue(o.name, o)}]`;
}

/** `ukconfig NAME [global options] [options] OPERANDS [-- ARGS...]`. */
export function usageLine(name: string, cmd: Command): string {
  const parts = [`ukconfig ${name}`];
  for (const g of cmd.globals) parts.push(optionSynopsis(GLOBAL_OPTIONS[g]));
  if (cmd.noJson === undefined) parts.push(optionSynopsis(GLOBAL_OPTIONS.json));
  for (const o of cmd.options) parts.push(optionSynopsis(o));
  if (cmd.operands.text) parts.push(cmd.operands.text);
  if (cmd.operands.passThrough) parts.push(cmd.operands.passThrough);
  return parts.join(' ');
}

function optionTable(options: readonly OptionSpec[]): string[] {
  const left = options.map((o) => optionNames(o).map((n) => withValue(n, o)).join(', '));
  const width = Math.max(...left.map((l) => l.length));
  return options.map((o, i) => `  ${left[i].padEnd(width)}  ${o.help}`);
}

/** What `ukconfig NAME --help` and `ukconfig help NAME` print. */
export function helpText(name: string, cmd: Command): string {
  const globals = [...cmd.globals.map((g) => GLOBAL_OPTIONS[g]), ...(cmd.noJson === undefined ? [GLOBAL_OPTIONS.json] : []), HELP_OPTION];
  const out = [`usage: ${usageLine(name, cmd)}`, '', `${cmd.summary[0].toUpperCase()}${cmd.summary.slice(1)}.`];
  if (cmd.options.length) out.push('', 'Options:', ...optionTable(cmd.options));
  out.push('', 'Global options:', ...optionTable(globals));
  if (cmd.noJson !== undefined) out.push('', `No --json: ${cmd.noJson}.`);
  if (cmd.help) out.push('', cmd.help.trimEnd());
  return out.join('\n') + '\n';
}
