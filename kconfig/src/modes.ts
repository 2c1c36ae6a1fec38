/**
 * Whole-configuration operations of the conf modes: answering every new
 * symbol (all*config, defconfig, randconfig) and rewriting tristate answers.
 */
import type { CRandom } from './crand.js';
import type { Tristate } from './expr.js';
import type { Kconfig } from './kconfig.js';
import { DefSlot, KSymbol, SYM_NEED_SET_CHOICE_VALUES, SYM_VALID, SymbolType, valuesInvalidated, withUserValue } from './symbol.js';

export type NewSymbolPolicy = 'default' | 'yes' | 'mod' | 'no' | 'random';

/** Probabilities (percent) for randconfig: bool y, tristate y, tristate m. */
export interface RandomWeights {
  boolYes: number;
  triYes: number;
  triMod: number;
}

/**
 * Answers every bool/tristate without a user value according to `how`, then
 * settles choices. Returns whether anything was set (randconfig repeats
 * until nothing is).
 */
export function setAllNewSymbols(
  kc: Kconfig,
  how: NewSymbolPolicy,
  rng: CRandom | null = null,
  weights: RandomWeights = { boolYes: 50, triYes: 33, triMod: 33 },
): boolean {
  let changed = false;
  kc.evalClean = false;
  for (const sym of kc.allSymbols()) {
    if (sym.hasValue() || sym.flags & SYM_VALID) continue;
    const t = sym.effectiveType();
    if (t !== SymbolType.Bool && t !== SymbolType.Tristate) continue;
    changed = true;
    let v: Tristate;
    switch (how) {
      case 'yes':
        v = 2;
        break;
      case 'mod':
        v = 1;
        break;
      case 'no':
        v = 0;
        break;
      case 'random': {
        v = 0;
        const cnt = rng!.next() % 100;
        if (sym.type === SymbolType.Tristate) {
          if (cnt < weights.triYes) v = 2;
          else if (cnt < weights.triYes + weights.triMod) v = 1;
        } else if (cnt < weights.boolYes) v = 2;
        break;
      }
      default:
        continue;
    }
    sym.defTri[DefSlot.User] = v;
    if (!(sym.isChoice() && how === 'random')) sym.flags = withUserValue(sym.flags);
  }
  kc.clearAllValid();
  if (how !== 'random') {
    for (const s of kc.allSymbols()) {
      if ((s.isChoice() && !s.hasValue()) || s.isChoiceValue()) s.flags |= SYM_NEED_SET_CHOICE_VALUES;
    }
  }
  for (const cs of kc.allSymbols()) {
    if (cs.hasValue() || !cs.isChoice()) continue;
    cs.calcValue();
    if (how === 'random') changed = randomizeChoice(cs, rng!) || changed;
    else {
      kc.setAllChoiceValues(cs);
      changed = true;
    }
  }
  return changed;
}

/** A y choice gets one random member. */
function randomizeChoice(cs: KSymbol, rng: CRandom): boolean {
  if (cs.currTri !== 2) return false;
  cs.kc.evalClean = false;
  const members = cs.choiceMembers;
  const pick = rng.next() % members.length;
  members.forEach((m, i) => {
    if (i === pick) {
      m.defTri[DefSlot.User] = 2;
      cs.defVal[DefSlot.User] = m;
    } else m.defTri[DefSlot.User] = 0;
    m.flags = withUserValue(m.flags) & ~SYM_VALID;
  });
  cs.flags = withUserValue(cs.flags) & ~SYM_VALID;
  valuesInvalidated();
  return true;
}

/** yes2modconfig and friends: every tristate answered `from` becomes `to`. */
export function rewriteTristates(kc: Kconfig, from: Tristate, to: Tristate): void {
  kc.evalClean = false;
  for (const s of kc.allSymbols()) {
    if (s.effectiveType() === SymbolType.Tristate && s.defTri[DefSlot.User] === from) s.defTri[DefSlot.User] = to;
  }
  kc.clearAllValid();
}
