-- A unique constraint violated: the shell's runtime error and status 1.
CREATE TABLE u(id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL);
INSERT INTO u(email) VALUES ('a@x'), ('b@x');
SELECT * FROM u;
INSERT INTO u(email) VALUES ('a@x');
