// Compares what the real conf and our conf did in one case: exit status,
// stdout, stderr and every file left in the working directory.
import type { DirSnapshot } from './dir-snapshot.js';
import type { ProcessResult } from './run-process.js';
import { unifiedDiff } from './text-diff.js';

export interface Outcome {
  proc: ProcessResult;
  files: DirSnapshot;
}

const FILE_DIFFS_SHOWN = 4;
const NAMES_SHOWN = 12;

function describeExit(p: ProcessResult): string {
  if (p.spawnError) return `could not start (${p.spawnError})`;
  if (p.timedOut) return `timed out after ${Math.round(p.ms)} ms`;
  if (p.signal) return `killed by ${p.signal}`;
  return `exit ${p.code}`;
}

function listNames(names: string[]): string {
  const shown = names.slice(0, NAMES_SHOWN).join(', ');
  return names.length > NAMES_SHOWN ? `${shown}, … (${names.length} in all)` : shown;
}

function indent(text: string): string {
  return text.replace(/^/gm, '      ');
}

/** Human-readable list of differences; empty when the outcomes are byte-identical. */
export function compareOutcomes(conf: Outcome, ours: Outcome): string[] {
  const problems: string[] = [];
  const a = conf.proc;
  const b = ours.proc;
  if (describeExit(a) !== describeExit(b)) problems.push(`exit status: conf ${describeExit(a)}, ours ${describeExit(b)}`);
  for (const stream of ['stdout', 'stderr'] as const) {
    if (!a[stream].equals(b[stream])) {
      problems.push(`${stream} differs:\n${indent(unifiedDiff(a[stream], b[stream], `conf ${stream}`, `ours ${stream}`))}`);
    }
  }
  const onlyConf: string[] = [];
  const onlyOurs: string[] = [];
  const differing: string[] = [];
  for (const [name, data] of conf.files) {
    const other = ours.files.get(name);
    if (!other) onlyConf.push(name);
    else if (!data.equals(other)) differing.push(name);
  }
  for (const name of ours.files.keys()) if (!conf.files.has(name)) onlyOurs.push(name);
  if (onlyConf.length) problems.push(`files written only by conf: ${listNames(onlyConf)}`);
  if (onlyOurs.length) problems.push(`files written only by ours: ${listNames(onlyOurs)}`);
  differing.forEach((name, i) => {
    if (i < FILE_DIFFS_SHOWN) {
      problems.push(`${name} differs:\n${indent(unifiedDiff(conf.files.get(name)!, ours.files.get(name)!, `conf ${name}`, `ours ${name}`))}`);
    } else if (i === FILE_DIFFS_SHOWN) {
      problems.push(`also differing: ${listNames(differing.slice(FILE_DIFFS_SHOWN))}`);
    }
  });
  return problems;
}
