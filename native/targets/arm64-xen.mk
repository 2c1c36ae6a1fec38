# Target: xen platform on arm64 (a dom0less domU). Xen loads the same
# Linux arm64 Image as QEMU virt, and the guest boots through the same
# shared code (MMU off unless CONFIG_PAGING) as on kvm: the same flags,
# linker script and image format.
include $(UK_NATIVE)/targets/arm64-kvm.mk
