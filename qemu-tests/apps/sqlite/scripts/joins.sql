-- Joins of three tables: inner, left, a self-join, a subquery.
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept INTEGER REFERENCES dept(id), boss INTEGER, salary REAL);
CREATE TABLE proj(id INTEGER PRIMARY KEY, emp INTEGER, title TEXT);
INSERT INTO dept VALUES (1, 'kernel'), (2, 'tools'), (3, 'docs');
INSERT INTO emp VALUES
  (1, 'ada', 1, NULL, 5200.5), (2, 'bob', 1, 1, 4100), (3, 'cyd', 2, 1, 3900.25),
  (4, 'dee', 2, 3, 3000), (5, 'eve', NULL, 1, 2500);
INSERT INTO proj VALUES (1, 2, 'scheduler'), (2, 2, 'paging'), (3, 4, 'menu'), (4, 9, 'orphan');
SELECT e.name, d.name FROM emp e JOIN dept d ON d.id = e.dept ORDER BY e.name;
SELECT e.name, coalesce(d.name, '(none)') FROM emp e LEFT JOIN dept d ON d.id = e.dept ORDER BY e.id;
SELECT d.name, count(e.id), sum(e.salary) FROM dept d LEFT JOIN emp e ON e.dept = d.id GROUP BY d.id ORDER BY d.id;
SELECT e.name AS worker, b.name AS boss FROM emp e JOIN emp b ON b.id = e.boss ORDER BY worker;
SELECT p.title, e.name FROM proj p LEFT JOIN emp e ON e.id = p.emp ORDER BY p.title;
SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY name;
SELECT d.name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.dept = d.id);
SELECT e.name, p.title FROM emp e CROSS JOIN proj p WHERE p.emp = e.id AND e.dept = 1 ORDER BY p.id;
