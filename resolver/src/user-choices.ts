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
import { quietly, type Kconfig, type KSymbol } from 'kconfig-parser-ts';
import { dependencyOrder, unitOf } from './graph.js';

export interface UserChoices {
  /** Choices with a visible prompt and a selected member: changing which member is selected. */
  choices: Set<KSymbol>;
  /** Symbols (not choice members) whose value the user chose. */
  values: Set<KSymbol>;
  /** What each of them is in the configuration these were taken from: its value, or a choice's selected member. */
  now: Map<KSymbol, string>;
}

/**
 * What the user chose in the configuration as it stands; `session`: symbols
 * set since it was loaded. Quiet (evaluation prints nothing).
 */
export function userChoices(kc: Kconfig, session: Iterable<KSymbol> = []): UserChoices {
  return quietly(kc, () => takeChoices(kc, session));
}

function takeChoices(kc: Kconfig, session: Iterable<KSymbol>): UserChoices {
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
  const now = new Map<KSymbol, string>();
  for (const c of choices) now.set(c, selectionName(c));
  for (const s of values) now.set(s, s.strValue);
  return { choices, values, now };
}

/** Nothing counts as chosen: plans are ranked by their number of changes alone. */
export const NOTHING_CHOSEN: UserChoices = { choices: new Set(), values: new Set(), now: new Map() };

/** A change to something the user chose: a choice's selected member, or a value. */
export interface Override {
  /** The choice, or the symbol. */
  symbol: KSymbol;
  kind: 'choice' | 'value';
  /** For a choice: the member selected before and after (`-` for none). */
  from: string;
  to: string;
}

/**
 * What the user chose, as it was when taken, to compare a trial
 * configuration with (the configuration must not have changed since).
 */
export class ChosenValues {
  private readonly before = new Map<KSymbol, string>();

  constructor(
    readonly chosen: UserChoices,
    /** Left out: what the request itself changes. */
    exempt: (s: KSymbol) => boolean,
  ) {
    for (const [s, v] of chosen.now) if (!exempt(s)) this.before.set(s, v);
  }

  /**
   * What differs now from then, choices first, after user values of
   * `changed` were changed: only what reads one of them is looked at (the
   * rest cannot differ, and is not recomputed).
   */
  overrides(changed: KSymbol[]): Override[] {
    const out: Override[] = [];
    for (const s of reachedBy(this.chosen, changed)) {
      const from = this.before.get(s);
      if (from === undefined) continue;
      const kind = s.isChoice() ? 'choice' : 'value';
      const to = kind === 'choice' ? selectionName(s) : s.strValue;
      if (to !== from) out.push({ symbol: s, kind, from, to });
    }
    return out.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'choice' ? -1 : 1));
  }
}

/** Per UserChoices (by its `now`): for each unit, the chosen symbols whose value reads it. */
const readersCache = new WeakMap<Map<KSymbol, string>, Map<KSymbol, KSymbol[]>>();

/** The chosen symbols whose value reads one of `changed` (directly or through others). */
function reachedBy(c: UserChoices, changed: KSymbol[]): Iterable<KSymbol> {
  // Every tristate's effective type follows MODULES: it reaches everything.
  if (changed.some((s) => s === s.kc.modulesSym)) return c.now.keys();
  let readers = readersCache.get(c.now);
  if (!readers) {
    readers = new Map();
    for (const s of c.now.keys()) for (const u of dependencyOrder([s])) (readers.get(u) ?? readers.set(u, []).get(u)!).push(s);
    readersCache.set(c.now, readers);
  }
  const out = new Set<KSymbol>();
  for (const x of changed) for (const s of readers.get(unitOf(x)) ?? []) out.add(s);
  return out;
}

function selectionName(c: KSymbol): string {
  if (c.triValue !== 2) return '-';
  return c.selection?.name ?? '-';
}
