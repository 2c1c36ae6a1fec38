#!/usr/bin/env bash
# linux-env.sh LINUX_DIR ARCH
#
# Prints, NUL-separated, the KEY=VALUE environment that the Linux 6.1 top-level
# Makefile hands to scripts/kconfig/conf and that the 6.1 Kconfig tree reads
# (the variables listed in include/config/auto.conf.cmd), for ARCH x86_64 or
# arm64. srctree is the absolute path of LINUX_DIR: conf runs in a separate
# output directory, like an O= build.
#
# Consumers: setup.sh (recording probes), the vitest conformance harness and
# bench/. Start conf with exactly this environment (env -i) plus the few
# KCONFIG_* variables a case needs.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 LINUX_DIR ARCH" >&2
	exit 2
fi
linux=$(cd "$1" && pwd -P)
arch=$2

case "$arch" in
x86_64) srcarch=x86 ;;
arm64) srcarch=arm64 ;;
*) echo "$0: unsupported ARCH '$arch' (x86_64 or arm64)" >&2; exit 2 ;;
esac

# KERNELVERSION as "make kernelversion" prints it.
kernelversion=$(awk -F' *= *' '
	$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
	$1 == "SUBLEVEL" { s = $2 } $1 == "EXTRAVERSION" { e = $2 }
	$1 == "NAME" { exit }
	END {
		out = v
		if (p != "") { out = out "." p; if (s != "") out = out "." s }
		print out e
	}' "$linux/Makefile")

cc_version_text=$(gcc --version 2>/dev/null | head -n 1 || true)

printf '%s\0' \
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin" \
	"srctree=$linux" \
	"SRCARCH=$srcarch" \
	"ARCH=$arch" \
	"KERNELVERSION=$kernelversion" \
	"CC=gcc" \
	"LD=ld" \
	"CC_VERSION_TEXT=$cc_version_text" \
	"NM=nm" \
	"OBJCOPY=objcopy" \
	"PAHOLE=pahole" \
	"RUSTC=rustc" \
	"BINDGEN=bindgen" \
	"AR=ar"
