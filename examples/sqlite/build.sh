# SPDX-License-Identifier: MIT
#
# SQLite's own amalgamation step, run by `ukconfig build` once per
# architecture in an empty folder (the contract is in docs/porting.md).
# Debian's sqlite3 source is SQLite's full tree: it has no sqlite3.c or
# shell.c. They are generated here the way SQLite's main.mk does it (make
# sqlite3.c shell.c): lemon and mkkeywordhash are built with the host's
# compiler and run, Tcl scripts write opcodes.h, sqlite3.h, the
# amalgamation and the shell. Nothing is compiled for the image here: the
# generated files go to $UK_OUT/include/sqlite3/, and the example's own
# sqlite3-amalgamation.c and sqlite3-shell.c include them, so that they are
# compiled by the image's Makefile with its flags and config.h.
#
# OPTS are the switches that change the generated grammar (parse.y reads
# them through lemon): Debian builds with DELETE/UPDATE ... LIMIT.
set -eu

command -v tclsh >/dev/null || { echo "sqlite: generating the amalgamation needs tclsh (Debian package tcl)" >&2; exit 1; }

make -f "$UK_ORIGIN/main.mk" TOP="$UK_ORIGIN" BCC="${HOSTCC:-cc} -O2" TCC=false \
	OPTS=-DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 sqlite3.c shell.c

mkdir -p "$UK_OUT/include/sqlite3"
cp sqlite3.c sqlite3.h sqlite3ext.h shell.c "$UK_OUT/include/sqlite3/"
