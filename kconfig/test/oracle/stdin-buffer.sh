#!/bin/sh
# stdin-buffer.sh CMD [ARGS...]
#
# Runs CMD with its stdin relayed through an unbounded file, so that whoever
# writes to our stdin never blocks. The kernel's Kconfig pytest harness writes
# '\n' in a busy loop while conf runs: a 64 KiB pipe is full after ~60 ms, the
# writer blocks, and when conf exits the blocked write fails with
# BrokenPipeError. The C conf finishes in a few ms; a Node.js CLI needs ~50 ms
# just to start. Optional helper for run-kernel-tests.sh
# (UKCONFIG_KERNEL_TESTS_STDIN_BUFFER=1); CMD still sees every byte in order.
set -u
buf=$(mktemp "${TMPDIR:-/tmp}/ukconfig-stdin.XXXXXX")
fifo=$buf.fifo
mkfifo "$fifo"
# An asynchronous list gets /dev/null as its stdin (even "<&0" sees that),
# so hand the real stdin over on fd 3.
exec 3<&0
cat <&3 >"$buf" 2>/dev/null 3<&- &
cat_pid=$!
"$@" <"$fifo" 3<&- &
cmd_pid=$!
tail -c +1 -f "$buf" >"$fifo" 2>/dev/null 3<&- &
tail_pid=$!
wait "$cmd_pid"
status=$?
kill "$tail_pid" "$cat_pid" 2>/dev/null
rm -f "$buf" "$fifo"
exit "$status"
