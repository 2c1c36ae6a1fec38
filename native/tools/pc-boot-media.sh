#!/bin/sh
# Boot media for a PC (BIOS) from a multiboot image, made without root:
#
#   pc-boot-media.sh IMAGE ISO DISK [CMDLINE [INITRD]]
#
# ISO   a CD image (El Torito) made by grub-mkrescue (GRUB 2 for i386-pc,
#       xorriso): boots from a CD drive, and as a hybrid image from a disk.
# DISK  a raw hard-disk image: an MBR holding GRUB's boot sector, GRUB's
#       core image in the gap before the first partition, and one FAT
#       partition (made with mtools) holding /boot/grub/grub.cfg and the
#       image. Write it to a USB stick or disk with dd to boot a PC.
#       Either path may be "-" to skip that medium.
#
# Both boot the image with GRUB's `multiboot` command, CMDLINE after the
# image's name (the platform drops that first word), and INITRD, if given,
# as the first multiboot module (the platform's initrd). CMDLINE is in
# GRUB's own syntax, one word per argument ('b c' is one); GRUB hands the
# image a word with blanks in double quotes, which the boot library
# groups, and backslash-escapes quotes and backslashes, which it does not
# undo (ukconfig run refuses those). GRUB's own screen is
# the VGA one; the guest writes to COM1 and the screen.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 IMAGE ISO DISK [CMDLINE [INITRD]]" >&2; exit 2; }
image=$1 iso=$2 disk=$3 cmdline=${4-} initrd=${5-}
grub=${UK_GRUB_I386_PC:-/usr/lib/grub/i386-pc}

for tool in grub-mkrescue grub-mkimage xorriso mformat mcopy mmd; do
	command -v $tool >/dev/null 2>&1 || {
		echo "$0: $tool is missing (Debian: grub-pc-bin grub-common xorriso mtools)" >&2; exit 1; }
done
[ -f "$grub/boot.img" ] || { echo "$0: $grub/boot.img is missing (Debian: grub-pc-bin)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/pc-media.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The configuration both media share. No menu, no wait.
mkdir -p "$work/root/boot/grub"
cp "$image" "$work/root/boot/unikernel"
{
	echo "set timeout=0"
	# The first word of a multiboot command line is the image's name
	# (QEMU and GRUB Legacy put its path there; the platform drops it);
	# GRUB 2 starts with the next word, so the name is given.
	echo "multiboot /boot/unikernel unikernel $cmdline"
	if [ -n "$initrd" ]; then
		cp "$initrd" "$work/root/boot/initrd"
		echo "module /boot/initrd"
	fi
	echo "boot"
} > "$work/root/boot/grub/grub.cfg"

# Each medium is written beside its final name and renamed: a failed run
# leaves the previous one whole.
if [ "$iso" != - ]; then
	grub-mkrescue -d "$grub" -o "$iso.tmp" "$work/root" >"$work/mkrescue.log" 2>&1 ||
		{ cat "$work/mkrescue.log" >&2; rm -f "$iso.tmp"; exit 1; }
	mv -f "$iso.tmp" "$iso"
fi

if [ "$disk" != - ]; then
	# The FAT partition: the image and the configuration, 1 MiB to spare,
	# in 1 MiB steps; at least 8 MiB (FAT16's smallest comfortable size).
	size=$(cat "$image" ${initrd:+"$initrd"} | wc -c)
	mib=$(( (size + 1048575) / 1048576 + 1 ))
	[ $mib -ge 8 ] || mib=8
	sectors=$(( mib * 2048 ))
	part="$work/part.img"
	dd if=/dev/zero of="$part" bs=1048576 count=$mib status=none
	mformat -i "$part" -T $sectors -h 64 -s 32 -v UNIKERNEL ::
	mmd -i "$part" ::/boot ::/boot/grub
	mcopy -i "$part" "$work/root/boot/unikernel" ::/boot/unikernel
	[ -z "$initrd" ] || mcopy -i "$part" "$work/root/boot/initrd" ::/boot/initrd
	mcopy -i "$part" "$work/root/boot/grub/grub.cfg" ::/boot/grub/grub.cfg

	# GRUB's core image: finds the partition by BIOS disk and reads
	# grub.cfg there. Its first sector's default block list says "the
	# rest follows me", and the boot sector's default says "I am in
	# sector 1": both hold at this layout, so no grub-install is needed.
	grub-mkimage -O i386-pc -d "$grub" -o "$work/core.img" -p '(hd0,msdos1)/boot/grub' \
		biosdisk part_msdos fat multiboot normal configfile
	core_sectors=$(( ($(wc -c < "$work/core.img") + 511) / 512 ))
	[ $core_sectors -lt 2047 ] || { echo "$0: GRUB's core image does not fit before the partition" >&2; exit 1; }

	out="$disk.tmp"
	dd if=/dev/zero of="$out" bs=1048576 count=1 status=none
	# The boot sector's code and data (446 bytes), then one partition
	# entry: active, FAT16 with LBA (0x0e), from sector 2048; CHS fields
	# say "use LBA" (1023/254/63).
	dd if="$grub/boot.img" of="$out" bs=446 count=1 conv=notrunc status=none
	le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
	{
		printf '\200\376\377\377\016\376\377\377'
		le32 2048
		le32 $sectors
	} | dd of="$out" bs=1 seek=446 conv=notrunc status=none
	printf '\125\252' | dd of="$out" bs=1 seek=510 conv=notrunc status=none
	dd if="$work/core.img" of="$out" bs=512 seek=1 conv=notrunc status=none
	cat "$part" >> "$out"
	mv -f "$out" "$disk"
fi
