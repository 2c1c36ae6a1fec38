# SPDX-License-Identifier: MIT
#
# nginx's own configure, run by `ukconfig build` once per architecture in an
# empty folder (the contract is in docs/porting.md). nginx's auto/configure
# compiles and runs its feature probes, so it cannot probe a cross target:
# it runs here with the build machine's musl-gcc (Debian's musl-tools, musl
# 1.2.3 as the image's), whose answers are the image's. Its products:
#   - $UK_OUT/include/: ngx_auto_config.h, ngx_auto_headers.h and
#     ngx_modules.c, which the image compiles with nginx's sources and its
#     own flags (library.uk);
#   - $UK_OUT/bin/nginx: the same configuration built for the build machine,
#     static with musl: the reference the tests compare the image with, and
#     the program of the Linux guest in bench/.
#
# The options: the prefix /nginx/ (the configuration in the initrd at
# conf/nginx.conf; the temporary folders, made at start, beside it in the
# RAM file system; every default path relative to it, so that the build
# machine's program runs anywhere with -p), errors on the console,
# the poll event module besides epoll, and no module that needs a library
# the image lacks (PCRE for rewrite, zlib for gzip).
set -eu

case "$UK_ARCH" in
x86_64) ;;
*)
	echo "nginx: configure runs its probes with the build machine's musl-gcc, which makes x86_64 programs only" >&2
	exit 1
	;;
esac
command -v musl-gcc >/dev/null || { echo "nginx: configure needs musl-gcc (Debian package musl-tools)" >&2; exit 1; }

# configure writes objs/ beside auto/, so it runs in a copy of the origin.
cp -R "$UK_ORIGIN/." src-copy
cd src-copy

# Debian's musl-tools leaves crypt() and <crypt.h> out of its musl, and
# nginx calls crypt() on Linux (auth_basic's system password hashes). The
# image's musl has both; the build machine's program gets the declaration
# musl's header makes and a crypt() that fails as an unknown hash method
# does (auth_basic's {SHA}, {SSHA} and $apr1$ are nginx's own and work).
mkdir -p compat
cat > compat/crypt.h <<'H'
#ifndef _CRYPT_H
#define _CRYPT_H
char *crypt(const char *, const char *);
#endif
H
cat > compat/crypt.c <<'C'
#include <errno.h>
char *crypt(const char *key, const char *salt) { (void)key; (void)salt; errno = EINVAL; return 0; }
C
musl-gcc -c -O2 -o compat/crypt.o compat/crypt.c

./configure --with-cc=musl-gcc --with-cc-opt="-I compat" --with-ld-opt="-static compat/crypt.o" \
	--prefix=/nginx/ --error-log-path=stderr \
	--with-poll_module --without-select_module \
	--without-pcre --without-http_rewrite_module --without-http_gzip_module

make -j"$UK_JOBS" -f objs/Makefile binary

mkdir -p "$UK_OUT/include" "$UK_OUT/bin"
cp objs/ngx_auto_config.h objs/ngx_auto_headers.h objs/ngx_modules.c "$UK_OUT/include/"
cp objs/nginx "$UK_OUT/bin/nginx"
