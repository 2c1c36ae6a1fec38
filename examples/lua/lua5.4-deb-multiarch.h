/* SPDX-License-Identifier: MIT */
/*
 * Debian's luaconf.h includes this header, which Debian's build writes
 * (debian/rules) to name the multiarch folder of C modules in
 * package.cpath. An image loads no C modules; the name only completes
 * the search path, as Debian's would read on the same architecture.
 */
#ifndef LUA_DEB_MULTIARCH_H
#define LUA_DEB_MULTIARCH_H
#if defined(__x86_64__)
#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"
#elif defined(__aarch64__)
#define DEB_HOST_MULTIARCH "aarch64-linux-gnu"
#else
#error "lua: no multiarch name for this architecture"
#endif
#endif
