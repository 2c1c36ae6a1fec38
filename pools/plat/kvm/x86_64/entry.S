/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entry for QEMU/KVM guests.
 *
 * One 32-bit entry point serves both boot protocols:
 *  - multiboot 1 (QEMU -M pc -kernel): EAX = 0x2BADB002, EBX = multiboot
 *    information; the header below uses the address fields so that QEMU
 *    accepts this 64-bit ELF and loads it as a flat image;
 *  - PVH (Xen ELF note PHYS32_ENTRY, QEMU -M microvm or -M pc without a
 *    multiboot header): EBX = hvm_start_info. QEMU's microvm firmware also
 *    enters here with EAX holding the multiboot magic, so the start_info
 *    magic at [EBX] is what identifies PVH (checked in C).
 * Both enter in 32-bit protected mode, flat segments, paging off.
 *
 * Steps: stamp the TSC, zero .bss, identity-map 4 GiB with 2 MiB pages,
 * enable PAE + long mode + paging + SSE, jump to 64-bit code, call C.
 */
#define MB_MAGIC        0x1BADB002
#define MB_FLAG_MEMINFO (1 << 1)   /* ask for mem_* and the memory map */
#define MB_FLAG_ADDRS   (1 << 16)  /* header carries load addresses */
#define MB_FLAGS        (MB_FLAG_MEMINFO | MB_FLAG_ADDRS)

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PE  (1 << 0)
#define CR0_MP  (1 << 1)
#define CR0_EM  (1 << 2)
#define CR0_TS  (1 << 3)
#define CR0_NE  (1 << 5)
#define CR0_WP  (1 << 16)
#define CR0_PG  (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR     (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER  0xC0000080
#define EFER_LME  (1 << 8)

#define PTE_P   0x001
#define PTE_W   0x002
#define PTE_PS  0x080   /* 2 MiB page in a page directory entry */

#define GDT_CODE64 0x08
#define GDT_DATA   0x10

/* ---- multiboot 1 header (first 8 KiB of the file, 4-byte aligned) ---- */
	.section .multiboot_header, "a"
	.align 4
multiboot_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long multiboot_header      /* header_addr */
	.long __image_start         /* load_addr */
	.long __edata               /* load_end_addr: file bytes to load */
	.long __image_end           /* bss_end_addr: zeroed by the loader */
	.long _kvm_x86_entry32      /* entry_addr */

/* ---- PVH entry note -------------------------------------------------- */
	.section .note.Xen, "a"
	.align 4
	.long 4                     /* name size ("Xen\0") */
	.long 8                     /* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.align 4
	/* 64 bits wide: QEMU reads a full word for 64-bit ELF files. */
	.quad _kvm_x86_entry32

/* ---- 32-bit entry ---------------------------------------------------- */
	.section .text.boot, "ax"
	.code32
	.globl _kvm_x86_entry32
_kvm_x86_entry32:
	mov %eax, %ebp              /* boot magic; rdtsc clobbers EAX */
	rdtsc
	mov %eax, %esi              /* the stamp waits in ESI:EDX ... */
	cli
	cld

	/* .bss holds the page tables and the stack: clear it first. */
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	shr $2, %ecx
	xor %eax, %eax
	rep stosl
	mov %esi, plat_entry_ticks  /* ... for plat_entry_ticks, in .bss */
	mov %edx, plat_entry_ticks + 4

	/* PML4[0] -> PDPT */
	mov $kvm_x86_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, kvm_x86_pml4

	/* PDPT[0..3] -> the four page directories */
	mov $kvm_x86_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov $kvm_x86_pdpt, %edi
	mov $4, %ecx
1:	mov %eax, (%edi)
	add $4096, %eax
	add $8, %edi
	loop 1b

	/* 2048 x 2 MiB pages: physical = virtual for the first 4 GiB. */
	mov $(PTE_P | PTE_W | PTE_PS), %eax
	mov $kvm_x86_pd, %edi
	mov $2048, %ecx
2:	mov %eax, (%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 2b

	mov $kvm_x86_pml4, %eax
	mov %eax, %cr3

	mov %cr4, %eax
	or $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4

	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr

	mov %cr0, %eax
	and $~(CR0_EM | CR0_TS), %eax
	or $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
	mov %eax, %cr0

	lgdt gdt_desc
	ljmp $GDT_CODE64, $entry64

/* ---- 64-bit ---------------------------------------------------------- */
	.code64
entry64:
	mov $GDT_DATA, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %ss
	xor %eax, %eax
	mov %eax, %fs
	mov %eax, %gs
	fninit

	mov $kvm_x86_boot_stack_top, %rsp
	mov %ebp, %edi              /* boot magic (zero-extended) */
	mov %ebx, %esi              /* boot information */
	xor %ebp, %ebp              /* end of frame-pointer chains */
	call kvm_x86_boot           /* does not return */
3:	cli
	hlt
	jmp 3b

	.section .rodata.boot, "a"
	.align 16
gdt:
	.quad 0                     /* null descriptor */
	.quad 0x00AF9A000000FFFF    /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00CF92000000FFFF    /* 0x10: data, DPL 0 */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

	.section .bss.boot, "aw", @nobits
	.align 4096
kvm_x86_pml4:
	.skip 4096
kvm_x86_pdpt:
	.skip 4096
kvm_x86_pd:
	.skip 4 * 4096
	.align 16
kvm_x86_boot_stack:
	.skip CONFIG_KVM_STACK_SIZE
kvm_x86_boot_stack_top:

	.section .note.GNU-stack, "", @progbits
