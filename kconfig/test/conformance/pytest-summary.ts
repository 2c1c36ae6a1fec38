// Reads the counts from pytest's final line, e.g.
// "==== 2 failed, 15 passed in 1.2s ====" -> { failed: 2, passed: 15 }.
export function parsePytestSummary(output: string): Record<string, number> {
  const lines = output.trimEnd().split('\n');
  const last = [...lines].reverse().find((l) => /^=+ .* in [\d.]+s/.test(l)) ?? '';
  const counts: Record<string, number> = {};
  for (const m of last.matchAll(/(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|warnings?|deselected)/g)) counts[m[2]] = Number(m[1]);
  return counts;
}
