#!/bin/sh
# usage: symtab.sh NM IMAGE > symtab.S
#
# Writes, as assembly, the symbol table the crash reports of ukdebug read
# (pools/lib/ukdebug/symbols.c has the layout): every function symbol of
# the image's code, [__image_start, __rodata_start), sorted by address,
# one name per address (a global name before a local one), then an entry
# marking the end of the code. Offsets are from __image_start and names
# are offsets into the strings that follow the entries.
nm=$1
image=$2
# ELF class (byte 4: 1 = 32-bit). nm prints the addresses of 32-bit MIPS
# images sign-extended to 64 bits (ffffffff80100000): only the low 32
# bits are the address.
class=$(od -An -tu1 -j4 -N1 "$image" | tr -d ' ')
"$nm" -n --defined-only "$image" | awk -v elf32=$((class == 1)) '
$3 == "__image_start"  { base = strtonum_hex($1) }
$3 == "__rodata_start" { end = strtonum_hex($1) }
$2 ~ /^[TtWw]$/ && $3 !~ /^(\$|\.L|__image_start$)/ {
	a = $1
	if (!(a in name)) { order[n++] = a; name[a] = $3; global[a] = ($2 ~ /[TW]/) }
	else if (!global[a] && $2 ~ /[TW]/) { name[a] = $3; global[a] = 1 }
}
# awk has no hexadecimal input: convert digit by digit (exact up to 2^53).
function strtonum_hex(h,    i, v) {
	if (elf32 && length(h) > 8) h = substr(h, length(h) - 7)
	v = 0
	for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return v
}
END {
	if (end == "" || base == "") { print "symtab.sh: __image_start or __rodata_start missing" > "/dev/stderr"; exit 1 }
	print "\t.section .rodata.uk_symtab, \"a\""
	print "\t.balign 8"
	print "\t.globl uk_symtab"
	print "uk_symtab:"
	# %.0f: mawk clamps %d to 2^31 - 1 (KSEG0 addresses are above it)
	printf "\t.quad %.0f\n", base
	k = 0
	for (i = 0; i < n; i++) {
		v = strtonum_hex(order[i])
		if (v >= base && v < end) { addr[k] = v - base; sym[k] = name[order[i]]; k++ }
	}
	printf "\t.long %d, 0\n", k + 1
	off = 0
	for (i = 0; i < k; i++) { printf "\t.long %d, %d\n", addr[i], off; off += length(sym[i]) + 1 }
	printf "\t.long %d, %d\n", end - base, off
	for (i = 0; i < k; i++) printf "\t.asciz \"%s\"\n", sym[i]
	print "\t.asciz \"\""
}
'
