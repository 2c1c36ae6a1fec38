/**
 * What the user chose, which plans avoid changing (docs/resolver.md,
 * "Which plan comes first"):
 *
 * - the answer of every choice whose prompt shows: which member is
 *   selected (the architecture, the platform mode, ...), whether the user
 *   named it or took the choice's default: a configuration is built around
 *   these answers (a defconfig named kvm-x86_64 does not need to name the
 *   architecture to have chosen it);
 * - the values the user set that the tree would not give by itself: the
 *   symbols the minimal configuration (savedefconfig) names. After a
 *   defconfig and fragments are applied, or a saved `.config` is read, these
 *   are the values they asked for that are not defaults;
 * - the values set in this session (the menu's changes), even where they
 *   equal a default.
 *
 * Changing a choice's answer weighs more than any number of values.
 */
import type { Kconfig, KSymbol } from 'kconfig-parser-ts';

export interface UserChoices {
  /** Choices with a visible prompt and a selected member: changing which member is selected. */
  choices: Set<KSymbol>;
  /** Symbols (not choice members) whose value the user chose. */
  values: Set<KSymbol>;
}

/** What the user chose in the configuration as it stands; `session`: symbols set since it was loaded. */
export function userChoices(kc: Kconfig, session: Iterable<KSymbol> = []): UserChoices {
  const choices = new Set<KSymbol>();
  const values = new Set<KSymbol>();
  const answered = (c: KSymbol) => c.visibility > 0 && c.triValue === 2 && c.selection !== null;
  const add = (s: KSymbol) => {
    const c = s.isChoice() ? s : s.choice;
    if (!c) values.add(s);
    else if (answered(c)) choices.add(c);
  };
  for (const c of kc.choices()) add(c);
  for (const s of kc.minimalConfigSymbols()) add(s);
  for (const s of session) add(s);
  return { choices, values };
}

/** A change to something the user chose: a choice's selected member, or a value. */
export interface Override {
  /** The choice, or the symbol. */
  symbol: KSymbol;
  kind: 'choice' | 'value';
  /** For a choice: the member selected before and after (`-` for none). */
  from: string;
  to: string;
}

/** Before-values of what the user chose, to compare a trial configuration with. */
export class ChosenValues {
  private readonly before = new Map<KSymbol, string>();

  constructor(
    readonly chosen: UserChoices,
    /** Left out: what the request itself changes. */
    exempt: (s: KSymbol) => boolean,
  ) {
    for (const c of chosen.choices) if (!exempt(c)) this.before.set(c, selectionName(c));
    for (const s of chosen.values) if (!exempt(s)) this.before.set(s, s.strValue);
  }

  /** What differs now from when this was made, choices first. */
  overrides(): Override[] {
    const out: Override[] = [];
    for (const [s, from] of this.before) {
      const kind = s.isChoice() ? 'choice' : 'value';
      const to = kind === 'choice' ? selectionName(s) : s.strValue;
      if (to !== from) out.push({ symbol: s, kind, from, to });
    }
    return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'choice' ? -1 : 1));
  }

  has(s: KSymbol): boolean {
    return this.before.has(s);
  }
}

function selectionName(c: KSymbol): string {
  if (c.triValue !== 2) return '-';
  return c.selection?.name ?? '-';
}
