-- A table, an index, a join and an aggregate: run with
--   ukconfig run --initrd rootfs -- /demo.sqlite ".read /demo.sql"
CREATE TABLE IF NOT EXISTS lib(name TEXT PRIMARY KEY, kind TEXT);
CREATE TABLE IF NOT EXISTS size(name TEXT REFERENCES lib(name), bytes INTEGER);
CREATE INDEX IF NOT EXISTS size_name ON size(name);
INSERT OR REPLACE INTO lib VALUES ('musl', 'libc'), ('sqlite', 'app'), ('ramfs', 'fs');
INSERT INTO size VALUES ('musl', 600000), ('sqlite', 900000), ('ramfs', 4000);
.mode box
SELECT l.kind, count(*) AS libs, sum(s.bytes) AS bytes FROM lib l JOIN size s USING (name) GROUP BY l.kind ORDER BY bytes DESC;
.tables
