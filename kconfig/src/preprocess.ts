/**
 * The Kconfig macro language (Linux 6.1): variables (`:=`, `=`, `+=`), user
 * functions with `$(1)`..., the six built-in functions and environment
 * lookups. Expansion happens while lexing, so positions come from the lexer.
 */
import { strtoull } from './cnum.js';
import { KconfigFatal } from './errors.js';
import type { ShellRunner } from './shell.js';

export const enum Flavor {
  Simple,
  Recursive,
  Append,
}

interface Variable {
  value: string;
  flavor: Flavor.Simple | Flavor.Recursive;
  expanding: number;
}

/** What the preprocessor needs from its surroundings. */
export interface MacroHost {
  /** Name of the file being lexed, as given in `source`. */
  currentFileName(): string;
  /** The lexer's current line (the reference tool's yylineno). */
  currentLine(): number;
  stdout(text: string): void;
  stderr(text: string): void;
}

const MAX_ARGS = 16;
const MAX_DEPTH = 1000;

export class Preprocessor {
  private vars = new Map<string, Variable>();
  /** Environment variables read, in first-use order (for auto.conf.cmd). */
  readonly envUsed: { name: string; value: string }[] = [];
  private envSeen = new Map<string, string>();
  host!: MacroHost;

  constructor(
    private readonly env: Record<string, string | undefined>,
    /** Runs $(shell); replaceable (the tree cache records what it returns). */
    public shell: ShellRunner,
  ) {}

  fail(message: string): never {
    const text = `${this.host.currentFileName()}:${this.host.currentLine()}: ${message}\n`;
    throw new KconfigFatal(text, this.host.currentFileName(), this.host.currentLine());
  }

  /** `name op value` statements. */
  addVariable(name: string, value: string, flavor: Flavor): void {
    let v = this.vars.get(name);
    let append = false;
    if (v) {
      if (flavor === Flavor.Append) {
        flavor = v.flavor;
        append = true;
      }
    } else {
      if (flavor === Flavor.Append) flavor = Flavor.Recursive;
      v = { value: '', flavor: flavor as Flavor.Simple | Flavor.Recursive, expanding: 0 };
      this.vars.set(name, v);
    }
    v.flavor = flavor as Flavor.Simple | Flavor.Recursive;
    const text = flavor === Flavor.Simple ? this.expandString(value, []) : value;
    v.value = append ? v.value + ' ' + text : text;
  }

  /** Restores the environment variables a cached parse read (for auto.conf.cmd). */
  restoreEnvUsed(list: { name: string; value: string }[]): void {
    for (const e of list) {
      this.envSeen.set(e.name, e.value);
      this.envUsed.push(e);
    }
  }

  /** Variables live only during parsing. */
  clearVariables(): void {
    this.vars.clear();
  }

  /** Sees every environment lookup (found or not): the tree cache records them. */
  onEnvRead: ((name: string, value: string | undefined) => void) | null = null;

  private envLookup(name: string): string | null {
    if (!name) return null;
    const seen = this.envSeen.get(name);
    if (seen !== undefined) return seen;
    const value = this.env[name];
    this.onEnvRead?.(name, value);
    if (value === undefined) return null;
    this.envSeen.set(name, value);
    this.envUsed.push({ name, value });
    return value;
  }

  private callBuiltin(name: string, args: string[]): string | null {
    const arity = BUILTIN_ARITY.get(name);
    if (!arity) return null;
    if (args.length < arity[0]) this.fail(`too few function arguments passed to '${name}'`);
    if (args.length > arity[1]) this.fail(`too many function arguments passed to '${name}'`);
    switch (name) {
      case 'error-if':
        if (args[0] === 'y') this.fail(args[1]);
        return '';
      case 'warning-if':
        if (args[0] === 'y') this.host.stderr(`${this.host.currentFileName()}:${this.host.currentLine()}: ${args[1]}\n`);
        return '';
      case 'info':
        this.host.stdout(args[0] + '\n');
        return '';
      case 'filename':
        return this.host.currentFileName();
      case 'lineno':
        return String(this.host.currentLine());
      case 'shell':
        return this.runShell(args[0]);
      default:
        return null;
    }
  }

  private runShell(cmd: string): string {
    const result = this.shell.run(cmd);
    if (result.stderr) this.host.stderr(result.stderr);
    // popen output is read into a 4 KiB buffer whose last byte is the terminator.
    let out = result.stdout;
    if (out.length >= 4096) out = out.slice(0, 4095);
    let end = out.length;
    while (end > 0 && out.charCodeAt(end - 1) === 0x0a) end--;
    return out.slice(0, end).replace(/\n/g, ' ');
  }

  private evalClause(clause: string, args: string[]): string {
    const n = strtoull(clause, 10);
    if (n.end === clause.length && clause.length > 0 && n.value > 0n && n.value <= BigInt(args.length)) {
      return args[Number(n.value) - 1];
    }
    const parts: string[] = [];
    let nest = 0;
    let start = 0;
    for (let i = 0; i < clause.length; i++) {
      const c = clause.charCodeAt(i);
      if (nest === 0 && c === 0x2c) {
        if (parts.length >= MAX_ARGS) this.fail('too many function arguments');
        parts.push(clause.slice(start, i));
        start = i + 1;
      } else if (c === 0x28) nest++;
      else if (c === 0x29) nest--;
    }
    if (parts.length >= MAX_ARGS) this.fail('too many function arguments');
    parts.push(clause.slice(start));
    const name = this.expandString(parts[0], args);
    const callArgs = parts.slice(1).map((p) => this.expandString(p, args));

    const v = this.vars.get(name);
    if (v) {
      if (callArgs.length === 0 && v.expanding) this.fail(`Recursive variable '${name}' references itself (eventually)`);
      if (v.expanding > MAX_DEPTH) this.fail('Too deep recursive expansion');
      v.expanding++;
      try {
        return v.flavor === Flavor.Recursive ? this.expandString(v.value, callArgs) : v.value;
      } finally {
        v.expanding--;
      }
    }
    const builtin = this.callBuiltin(name, callArgs);
    if (builtin !== null) return builtin;
    if (callArgs.length === 0) {
      const env = this.envLookup(name);
      if (env !== null) return env;
    }
    return '';
  }

  /**
   * Expands the reference starting at `text[pos]`, the character after a `$`.
   * Returns the expansion and the index after the reference.
   */
  expandDollar(text: string, pos: number, args: string[] = []): [string, number] {
    if (text.charCodeAt(pos) !== 0x28) return ['$', pos];
    const start = pos + 1;
    let nest = 0;
    let q = start;
    for (; q < text.length; q++) {
      const c = text.charCodeAt(q);
      if (c === 0x28) nest++;
      else if (c === 0x29) {
        if (nest-- === 0) break;
      }
    }
    if (q >= text.length) this.fail(`unterminated reference to '${text.slice(start)}': missing ')'`);
    return [this.evalClause(text.slice(start, q), args), q + 1];
  }

  /** Expands every reference in `text`. */
  expandString(text: string, args: string[]): string {
    let i = text.indexOf('$');
    if (i < 0) return text;
    let out = '';
    let from = 0;
    while (i >= 0) {
      out += text.slice(from, i);
      const [value, next] = this.expandDollar(text, i + 1, args);
      out += value;
      from = next;
      i = text.indexOf('$', from);
    }
    return out + text.slice(from);
  }

  /**
   * Expands one word of Kconfig text starting at `pos`, stopping at the first
   * character that cannot be part of a symbol name. Returns the expansion and
   * the index where the word ends.
   */
  expandToken(text: string, pos: number): [string, number] {
    let out = '';
    let from = pos;
    let i = pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x24) {
        out += text.slice(from, i);
        const [value, next] = this.expandDollar(text, i + 1, []);
        out += value;
        i = from = next;
        continue;
      }
      if (!isTokenChar(c)) break;
      i++;
    }
    return [out + text.slice(from, i), i];
  }
}

export function isTokenChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d
  );
}

const BUILTIN_ARITY = new Map<string, [number, number]>([
  ['error-if', [2, 2]],
  ['filename', [0, 0]],
  ['info', [1, 1]],
  ['lineno', [0, 0]],
  ['shell', [1, 1]],
  ['warning-if', [2, 2]],
]);
