# Target: malta platform on mips (QEMU -M malta, a 24Kf core). QEMU's
# -kernel loads the ELF into KSEG0 (unmapped, cached) and its boot
# loader jumps to the entry with Linux's YAMON-style arguments.
UK_TARGET_CFLAGS  :=
UK_TARGET_LDFLAGS := -Wl,-z,max-page-size=4096
UK_LDSCRIPT       := $(UK_NATIVE)/ld/mips-malta.lds
# The image QEMU boots is the stripped ELF itself.
UK_IMAGE_FORMAT   := elf
