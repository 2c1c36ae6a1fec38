// The SQL workload of the SQLite benchmarks: INSERTS single-row INSERT
// statements in one transaction into an indexed table, then QUERIES runs
// of an aggregate query over them, timed by the script itself with
// SQLite's clock (julianday('now'), milliseconds), and its results, which
// every build must agree on.
export const INSERTS = 100_000;
export const QUERIES = 20;

const QUERY = 'SELECT grp, count(*), round(avg(val), 3), max(name) FROM t WHERE val > 1000 GROUP BY grp ORDER BY 3 DESC LIMIT 5';

/** The script, for the shell's `.read`. */
export function sqliteWorkload() {
  const lines = [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, val REAL, name TEXT);',
    'CREATE INDEX t_grp ON t(grp);',
    'CREATE TEMP TABLE clock(k TEXT PRIMARY KEY, ms REAL);',
    "INSERT INTO clock VALUES ('start', julianday('now') * 86400000);",
    'BEGIN;',
  ];
  for (let i = 1; i <= INSERTS; i++) lines.push(`INSERT INTO t(grp, val, name) VALUES (${i % 97}, ${(i * 7919) % 10007} / 3.0, 'row-${i}');`);
  lines.push('COMMIT;', "INSERT INTO clock VALUES ('inserted', julianday('now') * 86400000);", '.output /dev/null');
  for (let q = 0; q < QUERIES; q++) lines.push(`${QUERY};`);
  lines.push(
    '.output stdout',
    "INSERT INTO clock VALUES ('queried', julianday('now') * 86400000);",
    `${QUERY};`,
    'SELECT count(*), sum(grp), total(val) FROM t;',
    "SELECT 'ms', i.ms - s.ms, q.ms - i.ms FROM clock s, clock i, clock q WHERE s.k = 'start' AND i.k = 'inserted' AND q.k = 'queried';",
  );
  return lines.join('\n') + '\n';
}

/**
 * The workload's own figures and its results from a run's output. `ignore` matches the
 * lines that are not SQLite's (a guest's boot messages).
 */
export function parseSqliteRun(name, out, ignore = /^(boot|Info|Warn): /) {
  const lines = out.split('\n').filter((l) => l && !ignore.test(l));
  const ms = lines.find((l) => l.startsWith('ms|'));
  if (!ms) throw new Error(`${name} printed no timing:\n${out}`);
  const [, insertMs, queryMs] = ms.split('|').map(Number);
  return { insertMs, queryMs, results: lines.filter((l) => !l.startsWith('ms|')).join('\n') };
}
