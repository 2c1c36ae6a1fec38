# Target: baremetal platform on x86_64 (a PC booted by GRUB). The image is
# the same multiboot ELF as kvm-x86_64's (same flags, linker script and
# check); beside it the boot media a PC starts from: IMAGE.iso (CD, also a
# hybrid disk image) and IMAGE.disk (raw disk, GRUB in the MBR).
include $(UK_NATIVE)/targets/x86_64-kvm.mk
UK_IMAGE_MEDIA     = $(UK_IMAGE).iso $(UK_IMAGE).disk
UK_IMAGE_MEDIA_CMD = sh $(UK_NATIVE)/tools/pc-boot-media.sh $(UK_IMAGE) $(UK_IMAGE).iso $(UK_IMAGE).disk
UK_IMAGE_MEDIA_DEPS = $(UK_NATIVE)/tools/pc-boot-media.sh
