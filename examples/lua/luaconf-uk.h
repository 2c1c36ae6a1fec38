/* SPDX-License-Identifier: MIT */
/*
 * Lua's build switches for the unikernel, included before every file of
 * Lua (library.uk: -include), in place of the -D flags of Lua's own
 * Makefile ("make linux" gives -DLUA_COMPAT_5_3 -DLUA_USE_LINUX).
 *
 * LUA_USE_POSIX: _setjmp/_longjmp for errors, isatty() to choose the
 * prompt, mkstemp, fseeko, the _r time functions: all in musl over the
 * POSIX libraries. Not LUA_USE_DLOPEN: there are no shared objects, so
 * package.loadlib answers "dynamic libraries not enabled".
 *
 */
#ifndef LUACONF_UK_H
#define LUACONF_UK_H

#define LUA_COMPAT_5_3
#define LUA_USE_POSIX

#endif
