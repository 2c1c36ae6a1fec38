/* SPDX-License-Identifier: MIT */
/*
 * SQLite's compile-time switches for the unikernel, included before the
 * amalgamation and the shell (library.uk: -include), in place of the -D
 * flags and the configure results of Debian's build.
 *
 * The features are Debian's (debian/rules' CFLAGS and its configure
 * options --enable-fts4 --enable-fts5 --enable-json), so that the shell
 * accepts the same SQL as the host's sqlite3. Three differ, for what an
 * image lacks:
 *  - SQLITE_THREADSAFE=0: the shell is one thread and SQLite starts none
 *    of its own at this setting; no mutexes, no pthreads.
 *  - SQLITE_OMIT_LOAD_EXTENSION: there is no dlopen (no .load command).
 *  - SQLITE_MAX_MMAP_SIZE=0: posix-mmap maps anonymous memory only, so
 *    database pages are read with pread, never mapped (the default, as on
 *    Debian, where mmap_size is 0 unless a PRAGMA sets it).
 */
#ifndef SQLITE_UK_H
#define SQLITE_UK_H

/* Debian 12's sqlite3 3.40.1-2: debian/rules. */
#define SQLITE_SECURE_DELETE 1
#define SQLITE_ENABLE_COLUMN_METADATA 1
#define SQLITE_ENABLE_FTS3 1
#define SQLITE_ENABLE_FTS3_PARENTHESIS 1
#define SQLITE_ENABLE_RTREE 1
#define SQLITE_SOUNDEX 1
#define SQLITE_ENABLE_UNLOCK_NOTIFY 1
#define SQLITE_OMIT_LOOKASIDE 1
#define SQLITE_ENABLE_DBSTAT_VTAB 1
#define SQLITE_ALLOW_ROWID_IN_VIEW 1
#define SQLITE_ENABLE_UPDATE_DELETE_LIMIT 1
#define SQLITE_ENABLE_JSON1 1
#define SQLITE_LIKE_DOESNT_MATCH_BLOBS 1
#define SQLITE_ENABLE_FTS3_TOKENIZER 1
#define SQLITE_USE_URI 1
#define SQLITE_MAX_SCHEMA_RETRY 25
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_STMTVTAB 1
#define SQLITE_MAX_VARIABLE_NUMBER 250000
/* Its configure options. */
#define SQLITE_ENABLE_FTS4 1
#define SQLITE_ENABLE_FTS5 1

/* What configure finds in a C library, all in musl. */
#define HAVE_USLEEP 1
#define HAVE_FDATASYNC 1
#define HAVE_LOCALTIME_R 1
#define HAVE_GMTIME_R 1
#define HAVE_ISNAN 1
#define HAVE_STRCHRNUL 1

/* What the image lacks. */
#define SQLITE_THREADSAFE 0
#define SQLITE_OMIT_LOAD_EXTENSION 1
#define SQLITE_MAX_MMAP_SIZE 0

#endif
