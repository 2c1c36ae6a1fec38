-- Two statements run, then one that does not parse: the shell names the line.
CREATE TABLE t(a);
INSERT INTO t VALUES (1);
SELECT a FROM t;
SELEC a FROM t;
