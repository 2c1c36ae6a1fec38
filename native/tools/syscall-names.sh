#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Writes native/syscalls/<arch>.txt: the Linux system call numbers of each
# architecture, one "NUMBER NAME" a line, sorted by number. They come from
# the kernel's UAPI headers as the Debian packages linux-libc-dev (x86_64),
# linux-libc-dev-arm64-cross (arm64) and linux-libc-dev-armhf-cross
# (arm32, the EABI numbers) install them, read through each
# compiler's preprocessor. Run again when moving to a newer kernel ABI.
set -eu
cd "$(dirname "$0")/../syscalls"

names() {
	# Some numbers are other macros (arm64: __NR_mmap is __NR3264_mmap);
	# arm32's are (__NR_SYSCALL_BASE + N), the base 0 under the EABI.
	# __NR_syscalls (a count) and __NR_arch_specific_syscall (a base) are not calls.
	echo '#include <asm/unistd.h>' | "$1" -E -dM - | awk '
		$1 == "#define" && $2 ~ /^__NR/ { v[$2] = $3 == "(__NR_SYSCALL_BASE" && $4 == "+" ? substr($5, 1, length($5) - 1) : $3 }
		END {
			for (n in v) {
				if (n !~ /^__NR_[a-z0-9_]+$/ || n == "__NR_syscalls" || n == "__NR_arch_specific_syscall") continue
				x = v[n]
				while (x in v) x = v[x]
				if (x ~ /^[0-9]+$/) print x, substr(n, 6)
			}
		}' | sort -n
}

names x86_64-linux-gnu-gcc > x86_64.txt.tmp 2>/dev/null || names gcc > x86_64.txt.tmp
mv x86_64.txt.tmp x86_64.txt
names aarch64-linux-gnu-gcc > arm64.txt.tmp
mv arm64.txt.tmp arm64.txt
names arm-linux-gnueabihf-gcc > arm32.txt.tmp
mv arm32.txt.tmp arm32.txt
wc -l x86_64.txt arm64.txt arm32.txt
