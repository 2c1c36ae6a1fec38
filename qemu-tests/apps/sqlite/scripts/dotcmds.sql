-- The shell's dot commands: .tables, .schema, .indexes, output modes, headers.
CREATE TABLE city(name TEXT, pop INTEGER, country TEXT);
CREATE TABLE country(code TEXT PRIMARY KEY, name TEXT);
CREATE INDEX city_country ON city(country);
CREATE VIEW big AS SELECT name FROM city WHERE pop > 1000000;
INSERT INTO city VALUES ('Paris', 2100000, 'fr'), ('Lyon', 520000, 'fr'), ('Oslo', 700000, 'no'), ('a "quoted", name', 1, 'xx');
INSERT INTO country VALUES ('fr', 'France'), ('no', 'Norway');
.tables
.schema city
.indexes
.headers on
.mode csv
SELECT * FROM city ORDER BY pop DESC;
.mode column
SELECT * FROM city ORDER BY name;
.mode box
SELECT code, name FROM country ORDER BY code;
.mode json
SELECT name, pop FROM city WHERE country = 'fr' ORDER BY pop;
.mode line
SELECT * FROM big;
.mode list
.separator ;
SELECT name, country FROM city ORDER BY name;
.headers off
.mode insert city
SELECT * FROM city WHERE country = 'no';
.mode tabs
.nullvalue NULL
SELECT NULL, 1, 'x';
.dump country
