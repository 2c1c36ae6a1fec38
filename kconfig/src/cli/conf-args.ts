/**
 * conf's command line: its long options (getopt_long rules: unique prefixes
 * accepted) and where the Kconfig operand is.
 */
export type Mode =
  | 'oldaskconfig'
  | 'syncconfig'
  | 'oldconfig'
  | 'allnoconfig'
  | 'allyesconfig'
  | 'allmodconfig'
  | 'alldefconfig'
  | 'randconfig'
  | 'defconfig'
  | 'savedefconfig'
  | 'listnewconfig'
  | 'helpnewconfig'
  | 'olddefconfig'
  | 'yes2modconfig'
  | 'mod2yesconfig'
  | 'mod2noconfig';

export const MODES: Mode[] = [
  'oldaskconfig',
  'oldconfig',
  'syncconfig',
  'defconfig',
  'savedefconfig',
  'allnoconfig',
  'allyesconfig',
  'allmodconfig',
  'alldefconfig',
  'randconfig',
  'listnewconfig',
  'helpnewconfig',
  'olddefconfig',
  'yes2modconfig',
  'mod2yesconfig',
  'mod2noconfig',
];
export const LONG_OPTIONS = ['help', 'silent', ...MODES];
export const WITH_ARGUMENT = new Set(['defconfig', 'savedefconfig']);

/** Long options `name` may stand for: itself, or every option it abbreviates. */
export function longOptionCandidates(name: string): string[] {
  if (LONG_OPTIONS.includes(name)) return [name];
  return LONG_OPTIONS.filter((o) => o.startsWith(name));
}

/** What scanConfArgs finds, in command-line order. */
export interface ConfArgHandler {
  /** A long option, by its full name; `value` is its argument for those that take one. */
  option(name: string, value: string | null): void;
  /** A letter of a short option group (conf knows -h and -s). */
  short(letter: string): void;
  positional(arg: string): void;
  /** getopt_long's complaint, without the program name. */
  error(text: string): void;
}

/** getopt_long over conf's options, with permutation and abbreviations. A handler may throw to stop. */
export function scanConfArgs(argv: string[], h: ConfArgHandler): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) h.positional(rest);
      return;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const matches = longOptionCandidates(name);
      if (matches.length !== 1 || name === '') {
        if (matches.length > 1 && name !== '') {
          h.error(`option '--${name}' is ambiguous; possibilities:${matches.map((m) => ` '--${m}'`).join('')}`);
        } else h.error(`unrecognized option '${arg}'`);
        continue;
      }
      const opt = matches[0];
      let value: string | null = null;
      if (WITH_ARGUMENT.has(opt)) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else {
          h.error(`option '--${opt}' requires an argument`);
          continue;
        }
      } else if (eq >= 0) {
        h.error(`option '--${opt}' doesn't allow an argument`);
        continue;
      }
      h.option(opt, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (const c of arg.slice(1)) h.short(c);
      continue;
    }
    h.positional(arg);
  }
}

/** The modes in which conf asks questions, answered from standard input. */
const ASKING_MODES: ReadonlySet<Mode> = new Set(['oldaskconfig', 'oldconfig', 'syncconfig']);

/**
 * Whether conf run with `argv` may read standard input: its mode (the last
 * one given; oldaskconfig by default) asks questions, and no -h or --help
 * ends it first.
 */
export function mayReadInput(argv: string[]): boolean {
  let mode: Mode = 'oldaskconfig';
  const help = new Error('help');
  try {
    scanConfArgs(argv, {
      option(name) {
        if (name === 'help') throw help;
        if (name !== 'silent') mode = name as Mode;
      },
      short(letter) {
        if (letter === 'h') throw help;
      },
      positional() {},
      error() {},
    });
  } catch (e) {
    if (e === help) return false;
    throw e;
  }
  return ASKING_MODES.has(mode);
}
