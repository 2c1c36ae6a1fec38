#!/usr/bin/env bash
# setup.sh [DIR]
#
# Prepares the Linux 6.1 oracle used by the kconfig conformance harness, the
# kernel-test wrapper and bench/. Idempotent: steps already done are skipped.
#
#   DIR (default: <repo>/.cache/linux-6.1) receives
#     the extracted Linux 6.1 source     (from /usr/src/linux-source-6.1.tar.xz)
#     scripts/kconfig/conf               (make ARCH=x86_64 build_config)
#     kshell_cache.so                    (our popen record/replay shim)
#     probes-x86_64/, probes-arm64/      ($(shell) probe outputs, KSHELL_CACHE format)
#     randconfigs/<arch>/seed-<N>.config (real conf --randconfig, KCONFIG_SEED=N)
#     oracle.json                        (manifest, written last = setup complete)
#
# Environment: UKCONFIG_LINUX_TARBALL (default /usr/src/linux-source-6.1.tar.xz),
#              UKCONFIG_RANDCONFIG_SEEDS (default 50).
# Needs: tar, xz, make, gcc, flex, bison, bc (apt: linux-source-6.1 flex bison bc gcc make).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../../.." && pwd -P)
dir=${1:-$repo/.cache/linux-6.1}
tarball=${UKCONFIG_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
seeds=${UKCONFIG_RANDCONFIG_SEEDS:-50}
archs=(x86_64 arm64)
t0=$SECONDS

say() { printf 'setup.sh: %s\n' "$*"; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. source
if [ -f "$dir/Makefile" ] && [ -f "$dir/scripts/kconfig/conf.c" ]; then
	say "Linux source already present in $dir"
else
	[ -r "$tarball" ] || die "$tarball not found (apt-get install linux-source-6.1)"
	[ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] ||
		die "$dir exists, is not empty and holds no Linux tree; remove it or pick another DIR"
	say "extracting $tarball into $dir"
	mkdir -p "$(dirname "$dir")"
	rm -rf "$dir.partial"
	mkdir -p "$dir.partial"
	tar -xJf "$tarball" -C "$dir.partial" --strip-components=1
	rmdir "$dir" 2>/dev/null || true
	mv "$dir.partial" "$dir"
fi
dir=$(cd "$dir" && pwd -P)
grep -q '^VERSION = 6$' "$dir/Makefile" && grep -q '^PATCHLEVEL = 1$' "$dir/Makefile" ||
	die "$dir/Makefile is not Linux 6.1"

# conf falls back to $srctree/.config (and $srctree/<any relative input>) when
# a file is missing in its working directory, so a configured source tree
# would leak into every case. Refuse it instead of producing odd results.
for f in .config include/config/auto.conf; do
	[ ! -e "$dir/$f" ] || die "$dir/$f exists: the oracle tree must be unconfigured (make mrproper, then rerun)"
done

# ---------------------------------------------------------------- 2. conf
say "building scripts/kconfig/conf (make ARCH=x86_64 build_config)"
make -s -C "$dir" ARCH=x86_64 build_config
conf=$dir/scripts/kconfig/conf
[ -x "$conf" ] || die "make did not produce $conf"

# ---------------------------------------------------------------- 3. shim
shim=$dir/kshell_cache.so
if [ -f "$shim" ] && cmp -s "$here/kshell_cache.c" "$dir/kshell_cache.c"; then
	say "popen shim up to date: $shim"
else
	say "building popen shim $shim"
	cp "$here/kshell_cache.c" "$dir/kshell_cache.c"
	gcc -O2 -Wall -shared -fPIC -o "$shim.tmp" "$dir/kshell_cache.c" -ldl
	mv "$shim.tmp" "$shim"
fi

# Runs the real conf for arch $1 in directory $2 with probes replayed/recorded.
run_conf() {
	local arch=$1 cwd=$2 envv
	shift 2
	mapfile -d '' envv < <("$here/linux-env.sh" "$dir" "$arch")
	(cd "$cwd" && env -i "${envv[@]}" LD_PRELOAD="$shim" KSHELL_CACHE="$dir/probes-$arch" \
		"$@" "$conf" -s "${CONF_ARGS[@]}" Kconfig)
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ukconfig-setup.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# ---------------------------------------------------------------- 4. probes
# The probe commands embed $(srctree), i.e. the absolute path of DIR, and the
# file names come from the shim's hash: the stamp remembers both, so moving
# DIR or changing the shim re-records (old entries stay, harmless).
for arch in "${archs[@]}"; do
	probes=$dir/probes-$arch
	stamp=$probes/.recorded-for
	envsum=$({ "$here/linux-env.sh" "$dir" "$arch"; cat "$here/kshell_cache.c"; } | cksum)
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$envsum" ]; then
		say "probes for $arch already recorded: $probes ($(ls "$probes" | wc -l) commands)"
		continue
	fi
	say "recording \$(shell) probes for $arch into $probes (runs the toolchain probes once)"
	mkdir -p "$probes" "$scratch/probe-$arch"
	CONF_ARGS=(--alldefconfig)
	run_conf "$arch" "$scratch/probe-$arch" >/dev/null
	n=$(ls "$probes" | wc -l)
	[ "$n" -gt 0 ] || die "no probe was recorded for $arch"
	printf '%s\n' "$envsum" >"$stamp"
	say "  $n probe commands recorded"
done

# ---------------------------------------------------------------- 5. randconfigs
for arch in "${archs[@]}"; do
	out=$dir/randconfigs/$arch
	mkdir -p "$out"
	made=0
	for seed in $(seq 1 "$seeds"); do
		[ -f "$out/seed-$seed.config" ] && continue
		work=$scratch/rand-$arch-$seed
		mkdir -p "$work"
		CONF_ARGS=(--randconfig)
		run_conf "$arch" "$work" KCONFIG_SEED="$seed" >/dev/null 2>"$work/stderr" ||
			die "conf --randconfig failed for $arch seed $seed: $(head -c 500 "$work/stderr")"
		mv "$work/.config" "$out/seed-$seed.config.tmp"
		mv "$out/seed-$seed.config.tmp" "$out/seed-$seed.config"
		made=$((made + 1))
	done
	say "randconfigs for $arch: $made generated, $seeds total in $out"
done

# ---------------------------------------------------------------- 6. manifest
kernelversion=$("$here/linux-env.sh" "$dir" x86_64 | tr '\0' '\n' | sed -n 's/^KERNELVERSION=//p')
cat >"$dir/oracle.json.tmp" <<JSON
{
  "format": 1,
  "linux": "$dir",
  "kernelversion": "$kernelversion",
  "conf": "$conf",
  "shim": "$shim",
  "archs": ["x86_64", "arm64"],
  "probes": { "x86_64": "$dir/probes-x86_64", "arm64": "$dir/probes-arm64" },
  "randconfigSeeds": $seeds,
  "randconfigs": { "x86_64": "$dir/randconfigs/x86_64", "arm64": "$dir/randconfigs/arm64" }
}
JSON
mv "$dir/oracle.json.tmp" "$dir/oracle.json"
say "oracle ready in $dir (Linux $kernelversion) after $((SECONDS - t0)) s"
