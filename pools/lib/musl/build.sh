# SPDX-License-Identifier: MIT
#
# musl's own build, run by `ukconfig build` once per architecture in an
# empty folder (the contract is in docs/porting.md): configure out of tree
# against the prepared origin, build only the static library, install it
# and the headers into $UK_OUT.
#
# One build serves every platform of the architecture, so the flags are the
# strictest any of them needs: no red zone on x86_64 (kvm runs exception
# handlers on the interrupted stack), strict alignment on arm64 (kvm runs
# with the MMU off, where an unaligned access faults; musl's aarch64
# memcpy/memset assume unaligned access, so the portable C versions are
# built instead).
set -eu

case "$UK_ARCH" in
x86_64)
	target=x86_64
	flags="-mno-red-zone"
	arch_srcs='$(sort $(wildcard $(ARCH_GLOBS)))'
	;;
arm64)
	target=aarch64
	flags="-mstrict-align"
	arch_srcs='$(filter-out %/aarch64/memcpy.S %/aarch64/memset.S,$(sort $(wildcard $(ARCH_GLOBS))))'
	;;
*)
	echo "musl: no build for architecture $UK_ARCH" >&2
	exit 1
	;;
esac

CFLAGS="$UK_ARCH_CFLAGS $flags -fno-pie -fno-stack-protector -g" \
	"$UK_ORIGIN/configure" --target="$target-linux-musl" --prefix=/ \
	--disable-shared --enable-static CC="$CC"

# MALLOC_DIR names no folder: malloc comes from the unikernel (malloc.c).
make -j"$UK_JOBS" AR="$AR" RANLIB="$RANLIB" ARCH_SRCS="$arch_srcs" \
	MALLOC_DIR=from-ukalloc lib/libc.a
make install-headers DESTDIR="$UK_OUT" includedir=/include
mkdir -p "$UK_OUT/lib"
cp lib/libc.a "$UK_OUT/lib/libc.a"
