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
