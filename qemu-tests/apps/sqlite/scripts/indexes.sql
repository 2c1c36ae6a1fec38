-- Indexes: the planner uses them, a unique index refuses a duplicate row.
CREATE TABLE kv(k TEXT, v INTEGER, w INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO kv SELECT 'key' || i, i * 7 % 101, i FROM n;
EXPLAIN QUERY PLAN SELECT * FROM kv WHERE k = 'key42';
CREATE UNIQUE INDEX kv_k ON kv(k);
CREATE INDEX kv_vw ON kv(v, w);
EXPLAIN QUERY PLAN SELECT * FROM kv WHERE k = 'key42';
EXPLAIN QUERY PLAN SELECT w FROM kv WHERE v = 3 ORDER BY w;
SELECT * FROM kv WHERE k = 'key42';
SELECT count(*), min(w), max(w) FROM kv WHERE v BETWEEN 10 AND 20;
SELECT name, tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
PRAGMA index_info(kv_vw);
DROP INDEX kv_vw;
EXPLAIN QUERY PLAN SELECT w FROM kv WHERE v = 3;
PRAGMA integrity_check;
