/* SPDX-License-Identifier: MIT */
/*
 * The SQLite library: the amalgamation build.sh generated from Debian's
 * source, unmodified, compiled here so that it gets the image's flags,
 * config.h and sqlite-uk.h's switches.
 */
#include <sqlite3/sqlite3.c>
