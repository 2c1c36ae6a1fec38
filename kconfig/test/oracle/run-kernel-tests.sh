#!/usr/bin/env bash
# run-kernel-tests.sh [LINUX_DIR] [PYTEST_ARGS...]
#
# Runs the Linux kernel's own Kconfig tests (scripts/kconfig/tests, pytest,
# 17 tests) against our conf. The tests run "scripts/kconfig/conf" relative to
# the directory pytest starts in, so we make a temporary X/scripts/kconfig/conf
# wrapper that execs our CLI, cd into X and start pytest there. Exits with
# pytest's status.
#
#   LINUX_DIR          default: $UKCONFIG_ORACLE_DIR, else <repo>/.cache/linux-6.1
#   UKCONFIG_CONF_CMD  command the wrapper execs (default: node <repo>/bin/ukconfig.js conf);
#                      point it at LINUX_DIR/scripts/kconfig/conf to check the setup itself
#   PYTHON3            Python with pytest (default: /usr/bin/python3 if it has pytest, else python3)
#   UKCONFIG_KERNEL_TESTS_STDIN_BUFFER=1
#                      relay the CLI's stdin through stdin-buffer.sh. The tests' runner
#                      writes '\n' to conf's stdin in a busy loop; if the tool does not
#                      read for ~50 ms (Node.js startup) the pipe fills, the write blocks
#                      and fails with BrokenPipeError once the tool exits.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../../.." && pwd -P)
linux=${UKCONFIG_ORACLE_DIR:-$repo/.cache/linux-6.1}
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	linux=$1
	shift
fi
tests=$linux/scripts/kconfig/tests
[ -d "$tests" ] || {
	echo "run-kernel-tests.sh: $tests not found: run kconfig/test/oracle/setup.sh first" >&2
	exit 2
}

pick_python() {
	local p
	for p in ${PYTHON3:-} /usr/bin/python3 python3; do
		if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pytest' 2>/dev/null; then
			echo "$p"
			return
		fi
	done
	echo "run-kernel-tests.sh: no python3 with pytest found (apt-get install python3-pytest)" >&2
	exit 2
}
python=$(pick_python)

if [ -n "${UKCONFIG_CONF_CMD:-}" ]; then
	conf_cmd=$UKCONFIG_CONF_CMD
else
	node=$(command -v node) || { echo "run-kernel-tests.sh: node not found" >&2; exit 2; }
	# Keep the node options of the script's "#!/usr/bin/env -S node ..." line.
	node_opts=$(sed -n '1s|^#![[:space:]]*[^[:space:]]*env[[:space:]][[:space:]]*-S[[:space:]][[:space:]]*node||p' "$repo/bin/ukconfig.js")
	conf_cmd="'$node'$node_opts '$repo/bin/ukconfig.js' conf"
fi

if [ "${UKCONFIG_KERNEL_TESTS_STDIN_BUFFER:-}" = 1 ]; then
	conf_cmd="'$here/stdin-buffer.sh' $conf_cmd"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ukconfig-kernel-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/scripts/kconfig"
cat >"$work/scripts/kconfig/conf" <<WRAPPER
#!/bin/sh
exec $conf_cmd "\$@"
WRAPPER
chmod +x "$work/scripts/kconfig/conf"

echo "run-kernel-tests.sh: $tests with scripts/kconfig/conf -> $conf_cmd"
cd "$work"
status=0
PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -p no:cacheprovider "$tests" "$@" || status=$?
exit $status
