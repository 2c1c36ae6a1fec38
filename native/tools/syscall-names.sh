#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Writes native/syscalls/<arch>.txt: the Linux system call numbers of each
# architecture, one "NUMBER NAME" a line, sorted by number. They come from
# the kernel's UAPI headers as the Debian packages linux-libc-dev (x86_64),
# linux-libc-dev-arm64-cross (arm64), linux-libc-dev-armhf-cross (arm32,
# the EABI numbers) and linux-libc-dev-mips-cross (mips, the o32 numbers)
# install them, read through each
# compiler's preprocessor. Run again when moving to a newer kernel ABI.
set -eu
cd "$(dirname "$0")/../syscalls"

names() {
	# Some numbers are other macros (arm64: __NR_mmap is __NR3264_mmap),
	# or a base plus an offset (arm32: (__NR_SYSCALL_BASE + N), the base 0
	# under the EABI; mips o32: (__NR_Linux + 3), base 4000);
	# __NR_syscalls (a count) and __NR_arch_specific_syscall (a base) are not calls.
	echo '#include <asm/unistd.h>' | "$1" -E -dM - | awk '
		$1 == "#define" && $2 ~ /^__NR/ {
			if ($3 ~ /^\(/ && $4 == "+") { base[$2] = substr($3, 2); v[$2] = substr($5, 1, length($5) - 1) }
			else v[$2] = $3
		}
		END {
			for (n in v) {
				if (n !~ /^__NR_[a-z0-9_]+$/ || n == "__NR_syscalls" || n == "__NR_arch_specific_syscall") continue
				x = v[n]
				while (x in v) x = v[x]
				if (n in base) { b = base[n]; while (b in v) b = v[b]; x = b ~ /^[0-9]+$/ ? x + b : "" }
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
names mips-linux-gnu-gcc > mips.txt.tmp
mv mips.txt.tmp mips.txt
wc -l x86_64.txt arm64.txt arm32.txt mips.txt
