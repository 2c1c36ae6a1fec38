/**
 * `apply`: the headless way to configure. Starts like `conf --defconfig`,
 * merges fragments in order (later values win), writes the configuration,
 * and reports every requested value that did not end up in it, with the
 * constraint that stood in the way.
 */
import type { Assignment } from './confdata.js';
import type { Kconfig } from './kconfig.js';
import { setAllNewSymbols } from './modes.js';
import { shortfall, type Shortfall } from './shortfall.js';

export type Request = Assignment;

export interface ApplyResult {
  /** Every assignment read, in order. */
  assignments: Request[];
  /** The assignment in force for each symbol (the last one, unless a later choice pick replaced it). */
  requests: Request[];
  /** Requests that did not take. */
  failures: (Shortfall & { request: Request })[];
  /** A file that could not be read (nothing was changed then). */
  missing: string | null;
}

/** Loads `defconfig` and `fragments` into `kc` and settles the configuration (no file is written). */
export function applyConfigs(kc: Kconfig, defconfig: string, fragments: string[] = []): ApplyResult {
  const data = kc.confData;
  const assignments: Request[] = [];
  const onAssignment = (a: Assignment) => assignments.push(a);
  const result: ApplyResult = { assignments, requests: [], failures: [], missing: null };
  kc.changed = false;
  if (!data.readSimple(defconfig, 0, { onAssignment })) {
    result.missing = defconfig;
    return result;
  }
  for (const f of fragments) {
    if (!data.readSimple(f, 0, { merge: true, onAssignment })) {
      result.missing = f;
      return result;
    }
  }
  data.settleAfterRead();
  setAllNewSymbols(kc, 'default');

  const last = new Map<string, Request>();
  for (const a of assignments) {
    last.delete(a.name);
    last.set(a.name, a);
    // Picking a member of a choice replaces earlier picks in the same choice.
    if (a.accepted && a.symbol?.isChoiceValue() && a.value[0] === 'y') {
      for (const [name, other] of last) {
        if (other !== a && other.symbol?.choice === a.symbol.choice && other.value[0] === 'y') last.delete(name);
      }
    }
  }
  result.requests = [...last.values()];
  for (const r of result.requests) {
    const s = shortfall(kc, r.name, r.value, r.accepted);
    if (s) result.failures.push({ ...s, request: r });
  }
  return result;
}

/** Text of a failure for terminals and logs. */
export function formatFailure(f: ApplyResult['failures'][number], prefix = 'CONFIG_'): string {
  const got = f.got === null ? 'is not defined' : `got ${f.got}`;
  const head = `${f.request.file}:${f.request.line}: ${prefix}${f.name}=${f.asked} did not take (${got})`;
  return [head, ...f.reasons.map((r) => '    ' + r.replace(/\n/g, '\n    '))].join('\n');
}
