#!/bin/sh
# usage: check-flat-loads.sh READELF IMAGE
#
# Multiboot's address fields make the loader copy the file verbatim from
# the header on: that only works if every PT_LOAD segment sits in the file
# at the same distance from its address (file offset - vaddr constant).
# Fails with an explanation otherwise.
readelf=$1
image=$2
deltas=$("$readelf" -lW "$image" | while read -r type off vaddr rest; do
	[ "$type" = LOAD ] && echo $((off - vaddr))
done | sort -u | wc -l)
if [ "$deltas" -ne 1 ]; then
	echo "$image: PT_LOAD segments are not laid out in the file as in" \
	     "memory; multiboot (address fields) would load a broken image" >&2
	"$readelf" -lW "$image" >&2
	exit 1
fi
