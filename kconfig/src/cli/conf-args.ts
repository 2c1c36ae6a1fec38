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

/** The long option `name` selects (getopt_long rules), or null when unknown or ambiguous. */
export function resolveLongOption(name: string): string | null {
  const m = longOptionCandidates(name);
  return m.length === 1 && name !== '' ? m[0] : null;
}

/** The Kconfig file conf will read: the first operand, skipping option arguments. */
export function kconfigOperand(argv: string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return argv[i + 1] ?? null;
    if (a.startsWith('--')) {
      const opt = a.includes('=') ? null : resolveLongOption(a.slice(2));
      if (opt === 'defconfig' || opt === 'savedefconfig') i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) continue;
    return a;
  }
  return null;
}
