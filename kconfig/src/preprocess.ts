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
  /** Defined in a recognised Kconfig.include (its probes may run together). */
  kbuild: boolean;
  /** Paren matches of `value` (see parenMatches), made on first expansion. */
  matches: Int32Array | null;
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
/**
 * The longest text an expansion may make. Nested calls of a macro that repeats
 * its argument grow exponentially: conf expands until memory runs out (hours),
 * a JavaScript string stops at 2^29 characters. Any two texts within this bound
 * still join into one under that limit, so the check can come after each join.
 */
const MAX_EXPANSION = 1 << 27;

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
      v = { value: '', flavor: flavor as Flavor.Simple | Flavor.Recursive, expanding: 0, kbuild: false, matches: null };
      this.vars.set(name, v);
    }
    v.flavor = flavor as Flavor.Simple | Flavor.Recursive;
    v.kbuild = this.kbuildFiles.has(this.host.currentFileName());
    const text = flavor === Flavor.Simple ? this.expandString(value, []) : value;
    v.value = append ? v.value + ' ' + text : text;
    v.matches = null;
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
    // Their output, the commands they run and their errors happen at each call.
    if (name !== 'filename' && name !== 'lineno') this.effects++;
    switch (name) {
      case 'error-if':
        if (this.resolved(args[0]) === 'y') this.fail(this.resolved(args[1]));
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
    if (this.scout) return this.scout.shell(cmd, this.kbuildProbe());
    const result = this.shell.run(cmd);
    if (result.stderr) this.host.stderr(result.stderr);
    return shellValue(result.stdout);
  }

  /**
   * A scout parse (probes.ts): $(shell) starts the command and stands in a
   * placeholder for its output, which is resolved (waited for) wherever it
   * decides what the parse does next.
   */
  scout: ProbeScout | null = null;

  /** Files recognised as Linux's scripts/Kconfig.include (see kbuild.ts). */
  readonly kbuildFiles = new Set<string>();

  /**
   * Whether the $(shell) being expanded is one of Kbuild's compiler probes:
   * written in a recognised scripts/Kconfig.include, at its top level or in
   * a macro it defines (cc-option, $(success) and the like end in its
   * if-success); or, once that file has been read, a query of the toolchain
   * Kbuild names (`$(CC) -print-file-name=plugin`, `$(RUSTC) --version`, a
   * `$(srctree)/scripts/*.sh` version script) with nothing else in it.
   */
  private kbuildProbe(): boolean {
    const body = this.bodies[this.bodies.length - 1];
    if (body) return body.kbuild;
    return this.kbuildFiles.has(this.host.currentFileName()) || (this.kbuildFiles.size > 0 && TOOLCHAIN_QUERY.test(this.shellText));
  }

  /** The text of the $(shell) being expanded, as written (before expansion). */
  private shellText = '';

  /** The variables whose bodies are being expanded, innermost last. */
  private readonly bodies: Variable[] = [];

  /** Built-in calls that print, fail or run a command, so far. */
  private effects = 0;
  /**
   * Within one expansion, the values of variables referenced without
   * arguments whose bodies called none of those: a reference again gives
   * the same (nothing else changes meanwhile). A chain of variables each
   * referencing the next many times took exponential time without it (conf
   * takes it too, and hangs).
   */
  private readonly known = new Map<Variable, string>();
  private expanding = 0;

  private resolved(text: string): string {
    return this.scout ? this.scout.resolve(text) : text;
  }

  /**
   * Expands the reference starting at `text[pos]`, the character after a `$`.
   * Returns the expansion and the index after the reference.
   */
  expandDollar(text: string, pos: number, args: string[] = []): [string, number] {
    if (text.charCodeAt(pos) !== 0x28) return ['$', pos];
    const matches = this.matchesOf(text);
    const q = matches[pos];
    if (q < 0) this.fail(`unterminated reference to '${text.slice(pos + 1)}': missing ')'`);
    return [this.expand(text, matches, pos + 1, q, args, true), q + 1];
  }

  /** Expands every reference in `text`. */
  expandString(text: string, args: string[]): string {
    return text.indexOf('$') < 0 ? text : this.expand(text, this.matchesOf(text), 0, text.length, args, false);
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

  // The paren matches of the text expanded last (the lexer expands several
  // references of one line in turn).
  private lastText = '';
  private lastMatches: Int32Array = new Int32Array(0);

  private matchesOf(text: string): Int32Array {
    if (text !== this.lastText) {
      this.lastText = text;
      this.lastMatches = parenMatches(text);
    }
    return this.lastMatches;
  }

  /**
   * Expands `text[from, to)`: a whole string, or (with `clause`) the inside
   * of one reference `$(...)`. References nest as deep as the input (conf
   * recurses and crashes between 20,000 and 50,000 levels): they are
   * expanded with a stack of tasks in the heap instead of recursion, and in
   * linear time, with every paren's match found once beforehand.
   */
  private expand(text: string, matches: Int32Array, from: number, to: number, args: string[], clause: boolean): string {
    const stack: Task[] = [newTask(clause ? TaskKind.Clause : TaskKind.Text, text, matches, from, to, args)];
    this.expanding++;

    // The value of the task that ended last, for the one below it.
    let value = '';
    try {
      for (;;) {
        const t = stack[stack.length - 1];
        let next: Task | null;
        if (t.kind === TaskKind.Text) next = this.textStep(t);
        else if (t.kind === TaskKind.Clause) next = this.clauseStep(t);
        else {
          // A recursive variable's body is expanded: it may be referenced again.
          t.variable!.expanding--;
          this.bodies.pop();
          if (t.effects === this.effects) this.known.set(t.variable!, value);
          next = null;
        }

        if (next) {
          stack.push(next);
          continue;
        }
        stack.pop();
        value = t.kind === TaskKind.Body ? value : t.out;
        if (value.length > MAX_EXPANSION) this.tooLarge();
        if (stack.length === 0) return value;
        const below = stack[stack.length - 1];
        below.received(value);
        if (below.out.length > MAX_EXPANSION) this.tooLarge();
      }
    } catch (e) {
      // A failed expansion leaves every variable it was expanding referable again.
      for (const t of stack) {
        if (t.kind !== TaskKind.Body) continue;
        t.variable!.expanding--;
        this.bodies.pop();
      }
      throw e;
    } finally {
      // The values are dropped with the expansion (one may be a very long string).
      if (--this.expanding === 0) this.known.clear();
    }
  }

  private tooLarge(): never {
    this.fail(`macro expansion larger than ${MAX_EXPANSION >> 20} MiB`);
  }

  /** Goes on with expanding a text: copies it up to the next reference, which it returns to expand. */
  private textStep(t: Task): Task | null {
    const text = t.text;
    let i: number;
    for (;;) {
      i = text.indexOf('$', t.pos);
      if (i < 0 || i >= t.end) {
        t.out += text.slice(t.pos, t.end);
        return null;
      }
      t.out += text.slice(t.pos, i);
      if (i + 1 < t.end && text.charCodeAt(i + 1) === 0x28) break;
      // A `$` without `(` is itself.
      t.out += '$';
      t.pos = i + 1;
    }
    const q = t.matches[i + 1];
    if (q < 0 || q >= t.end) this.fail(`unterminated reference to '${text.slice(i + 2, t.end)}': missing ')'`);
    t.pos = q + 1;
    return newTask(TaskKind.Clause, text, t.matches, i + 2, q, t.args);
  }

  /**
   * Goes on with a clause `name,arg,...`: splits it, expands its parts one
   * by one (returned to expand), then looks the name up: a variable (whose
   * body is returned to expand), a built-in function, the environment.
   */
  private clauseStep(t: Task): Task | null {
    if (t.parts === null) {
      const n = argumentNumber(t.text, t.pos, t.end);
      if (n > 0n && n <= BigInt(t.args.length)) {
        t.out = t.args[Number(n) - 1];
        return null;
      }
      t.parts = this.splitClause(t.text, t.matches, t.pos, t.end);
    }
    const done = t.values.length;
    if (done < t.parts.length / 2) return newTask(TaskKind.Text, t.text, t.matches, t.parts[2 * done], t.parts[2 * done + 1], t.args);
    const [unresolved, ...callArgs] = t.values;
    // The name picks what is expanded: a probe's output in it must be known.
    const name = this.resolved(unresolved);
    const v = this.vars.get(name);
    if (v) {
      if (callArgs.length === 0 && v.expanding) this.fail(`Recursive variable '${name}' references itself (eventually)`);
      if (v.expanding > MAX_DEPTH) this.fail('Too deep recursive expansion');
      if (v.flavor === Flavor.Simple) {
        t.out = v.value;
        return null;
      }
      const known = callArgs.length === 0 ? this.known.get(v) : undefined;
      if (known !== undefined) {
        t.out = known;
        return null;
      }
      v.expanding++;
      this.bodies.push(v);
      v.matches ??= parenMatches(v.value);
      // The clause's value is the body's: the clause task ends, the body's takes its place.
      t.kind = TaskKind.Body;
      t.variable = v;
      t.effects = callArgs.length === 0 ? this.effects : -1;
      return newTask(TaskKind.Text, v.value, v.matches, 0, v.value.length, callArgs);
    }
    if (name === 'shell' && t.parts.length >= 4) this.shellText = t.text.slice(t.parts[2], t.parts[3]);
    const builtin = this.callBuiltin(name, callArgs);
    if (builtin !== null) t.out = builtin;
    else if (callArgs.length === 0) t.out = this.envLookup(name) ?? '';
    else t.out = '';
    return null;
  }

  /** The parts of a clause (start, end pairs), split at its top-level commas. */
  private splitClause(text: string, matches: Int32Array, from: number, to: number): number[] {
    const parts: number[] = [];
    let start = from;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        if (parts.length / 2 >= MAX_ARGS) this.fail('too many function arguments');
        parts.push(start, i);
        start = i + 1;
      } else if (c === 0x28) {
        // A nested paren is matched within the clause: its commas are not separators.
        i = matches[i];
      }
    }
    if (parts.length / 2 >= MAX_ARGS) this.fail('too many function arguments');
    parts.push(start, to);
    return parts;
  }
}

const enum TaskKind {
  Text,
  Clause,
  /** A clause whose variable's body is being expanded. */
  Body,
}

/** One expansion in progress: of a text range, or of a clause and its parts. */
interface Task {
  kind: TaskKind;
  text: string;
  matches: Int32Array;
  /** Text: where copying goes on. Clause: the clause's start. */
  pos: number;
  end: number;
  args: string[];
  out: string;
  /** Clause: its parts as start, end pairs (null until split) and their expansions so far. */
  parts: number[] | null;
  values: string[];
  variable: Variable | null;
  /** Body: the preprocessor's effects count when it started (-1: called with arguments, not to be kept). */
  effects: number;
  received(value: string): void;
}

/** A task expanding text[from, to): a Text task collects the expansion, a Clause task its parts. */
function newTask(kind: TaskKind, text: string, matches: Int32Array, from: number, to: number, args: string[]): Task {
  return {
    kind,
    text,
    matches,
    pos: from,
    end: to,
    args,
    out: '',
    parts: null,
    values: [],
    variable: null,
    effects: 0,
    received:
      kind === TaskKind.Text
        ? function (this: Task, value: string) {
            this.out += value;
          }
        : function (this: Task, value: string) {
            this.values.push(value);
          },
  };
}

/**
 * The value of $(shell,cmd) from its output, as conf makes it: read into a
 * 4 KiB buffer whose last byte is the terminator, trailing newlines dropped,
 * the others made spaces, and (a C string) cut at the first NUL byte.
 */
export function shellValue(stdout: string): string {
  let out = stdout;
  if (out.length >= 4096) out = out.slice(0, 4095);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x0a) end--;
  out = out.slice(0, end).replace(/\n/g, ' ');
  const nul = out.indexOf('\0');
  return nul < 0 ? out : out.slice(0, nul);
}

/** Ends a scout parse where it cannot tell what a serial parse reads next. */
export class ScoutStop extends Error {}

/** What a scout parse does instead of running $(shell) (see probes.ts). */
export interface ProbeScout {
  /** Starts `cmd` (placeholders in it resolved first); a placeholder for its value. */
  shell(cmd: string, kbuildProbe: boolean): string;
  /** `text` with every placeholder replaced by the value it stands for (waiting for it). */
  resolve(text: string): string;
}

/**
 * For each `(` in `text`, the index of the `)` that closes it (counting every
 * paren, as conf does), or -1 when none does.
 */
function parenMatches(text: string): Int32Array {
  const matches = new Int32Array(text.length + 1).fill(-1);
  const open: number[] = [];
  for (let i = text.indexOf('('); i >= 0 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28) open.push(i);
    else if (c === 0x29 && open.length) matches[open.pop()!] = i;
  }
  return matches;
}

/**
 * The argument number a clause names (`$(1)`), read like strtoul: leading
 * white space, a sign, decimal digits, nothing after; 0 when it is not one.
 */
function argumentNumber(text: string, from: number, to: number): bigint {
  let i = from;
  while (i < to && isCSpace(text.charCodeAt(i))) i++;
  if (i < to && (text[i] === '+' || text[i] === '-')) i++;
  const digits = i;
  while (i < to && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  if (i !== to || i === digits) return 0n;
  const n = strtoull(text.slice(from, to), 10);
  return n.end === to - from ? n.value : 0n;
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

export function isTokenChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d
  );
}

/**
 * A toolchain query as Kbuild's Kconfig files write them: one of the tools
 * Kbuild's Makefile names, or one of its version scripts, with plain
 * arguments (words, or those variables), standard error at most discarded.
 */
const TOOLCHAIN_QUERY =
  /^(?:\$\((?:CC|LD|AS|AR|NM|OBJCOPY|OBJDUMP|READELF|STRIP|RUSTC|BINDGEN|PAHOLE|HOSTCC|HOSTCXX|HOSTRUSTC)\)|\$\(srctree\)\/scripts\/[\w-]+\.sh)(?: (?:[\w=.,:+\/-]+|\$\((?:CC|LD|RUSTC|BINDGEN|PAHOLE|CLANG_FLAGS)\)))*(?: 2>\/dev\/null)?$/;

const BUILTIN_ARITY = new Map<string, [number, number]>([
  ['error-if', [2, 2]],
  ['filename', [0, 0]],
  ['info', [1, 1]],
  ['lineno', [0, 0]],
  ['shell', [1, 1]],
  ['warning-if', [2, 2]],
]);
