-- Aggregates, window functions, built-in functions and number formatting.
CREATE TABLE sale(region TEXT, month INTEGER, amount REAL);
INSERT INTO sale VALUES ('n', 1, 10.5), ('n', 2, 20), ('n', 3, 5.25), ('s', 1, 7), ('s', 2, 7), ('s', 3, 30.125), ('e', 1, NULL);
SELECT region, count(*), count(amount), sum(amount), total(amount), avg(amount) FROM sale GROUP BY region ORDER BY region;
SELECT region, sum(amount) AS s FROM sale GROUP BY region HAVING s > 30 ORDER BY s DESC;
SELECT region, month, amount, sum(amount) OVER (PARTITION BY region ORDER BY month) FROM sale ORDER BY region, month;
SELECT region, month, rank() OVER (ORDER BY amount DESC), row_number() OVER (PARTITION BY region ORDER BY month DESC) FROM sale ORDER BY region, month;
SELECT 1.0 / 3, 2e300 * 10, -0.0, 9223372036854775807 + 1, 7 / 2, 7 % 3, 0.1 + 0.2;
SELECT printf('%.3f|%5d|%-5s|%x|%e', 3.14159, 42, 'ab', 255, 12345.678);
SELECT upper('abc'), length('héllo'), substr('sqlite', 2, 3), replace('a-b-c', '-', '+'), instr('hello', 'll');
SELECT date('2024-01-31', '+1 month'), strftime('%Y/%j', '2023-12-31'), julianday('2000-01-01');
SELECT json_object('a', 1, 'b', json_array(1, 2.5, 'x')), json_extract('{"k":[1,{"z":3}]}', '$.k[1].z');
SELECT typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL), hex('A'), quote('it''s');
SELECT abs(-3), max(1, 5, 3), min('b', 'a'), round(2.5), round(-2.5), coalesce(NULL, NULL, 'z');
