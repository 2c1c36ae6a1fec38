-- 10,000 rows in one transaction, then aggregates over them.
CREATE TABLE t(id INTEGER PRIMARY KEY, grp INTEGER, val REAL, tag TEXT);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO t(grp, val, tag) SELECT i % 17, (i * 37 % 1000) / 8.0, printf('t%05d', i) FROM n;
COMMIT;
SELECT count(*), sum(grp), total(val), min(tag), max(tag) FROM t;
SELECT grp, count(*), round(avg(val), 4), min(val), max(val) FROM t GROUP BY grp ORDER BY grp;
CREATE INDEX t_val ON t(val);
SELECT id, val FROM t WHERE val > 124.8 ORDER BY val DESC, id LIMIT 5;
DELETE FROM t WHERE id % 3 = 0;
UPDATE t SET tag = upper(tag) WHERE grp = 5;
SELECT count(*), count(DISTINCT grp), sum(length(tag)) FROM t;
SELECT tag FROM t WHERE grp = 5 ORDER BY id LIMIT 3;
SELECT group_concat(id, ',') FROM (SELECT id FROM t ORDER BY id DESC LIMIT 10);
PRAGMA integrity_check;
SELECT page_count > 10 FROM pragma_page_count;
