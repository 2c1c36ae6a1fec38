# Target: rpi3 platform (Raspberry Pi 3, BCM2837). The same Linux arm64
# Image and shared boot as kvm-arm64, linked at 0x80000, where the
# firmware (and QEMU -M raspi3b -kernel) puts kernel8.img; the Image
# header's text_offset says so too (native/ld/arm64-image.lds).
include $(UK_NATIVE)/targets/arm64-kvm.mk
UK_TARGET_LDFLAGS += -Wl,--defsym=__image_link_address=0x80000
