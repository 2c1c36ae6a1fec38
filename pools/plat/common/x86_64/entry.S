/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entry of the PC platforms (kvm: QEMU -kernel; baremetal: GRUB).
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
 * Steps: stamp the TSC, zero .bss, identity-map 4 GiB with 2 MiB pages
 * (with CONFIG_PAGING: not executable, page 0 unmapped, the image in
 * 4 KiB pages with its permissions, guard pages under the stacks: the
 * kernel's page table, which lib/ukpaging takes over), enable PAE + long
 * mode + paging + SSE, jump to 64-bit code, call C.
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

#include <uk/arch/paging.h>
#include <plat/x86_64.h>   /* PLAT_X86_STACK_SIZE */
#define PTE_P   X86_PTE_P
#define PTE_W   X86_PTE_W
#define PTE_A   X86_PTE_A
#define PTE_D   X86_PTE_D
#define PTE_PS  X86_PTE_PS  /* 2 MiB page in a page directory entry */

#define GDT_CODE64 0x08
#define GDT_DATA   0x10

#define PLAT_X86_TRAP_STACK_SIZE 8192

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
	.long _plat_x86_entry32      /* entry_addr */

/* ---- PVH entry note -------------------------------------------------- */
	.section .note.Xen, "a"
	.align 4
	.long 4                     /* name size ("Xen\0") */
	.long 8                     /* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.align 4
	/* 64 bits wide: QEMU reads a full word for 64-bit ELF files. */
	.quad _plat_x86_entry32

#if CONFIG_PAGING
/* Tells the linker script to reserve the image's page tables. */
	.globl plat_x86_boot_pagetables
	.set plat_x86_boot_pagetables, 1
#endif

/* ---- 32-bit entry ---------------------------------------------------- */
	.section .text.boot, "ax"
	.code32
	.globl _plat_x86_entry32
_plat_x86_entry32:
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

#if CONFIG_PAGING
	rdtsc
	mov %eax, plat_x86_paging_ticks
	mov %edx, plat_x86_paging_ticks + 4
	/* EDX: the high half of a non-executable entry, its NX bit set if
	 * the CPU has one. CPUID clobbers EBX, the boot information. */
	mov %ebx, %esi
	mov $X86_CPUID_EXT_FEATURES, %eax
	cpuid
	mov %esi, %ebx
	and $(1 << X86_CPUID_NX_BIT), %edx
	shl $(31 - X86_CPUID_NX_BIT), %edx
	mov %edx, plat_x86_nx_high
#endif

	/* PML4[0] -> PDPT */
	mov $plat_x86_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, plat_x86_pml4

	/* PDPT[0..3] -> the four page directories */
	mov $plat_x86_pd, %eax
	or $(PTE_P | PTE_W), %eax
	mov $plat_x86_pdpt, %edi
	mov $4, %ecx
1:	mov %eax, (%edi)
	add $4096, %eax
	add $8, %edi
	loop 1b

	/* 2048 x 2 MiB pages: physical = virtual for the first 4 GiB. */
	mov $(PTE_P | PTE_W | PTE_PS), %eax
	mov $plat_x86_pd, %edi
	mov $2048, %ecx
2:	mov %eax, (%edi)
#if CONFIG_PAGING
	mov %edx, 4(%edi)           /* not executable */
#endif
	add $0x200000, %eax
	add $8, %edi
	loop 2b

#if CONFIG_PAGING
	/*
	 * The 2 MiB pieces from 0 to the end of the image in 4 KiB pages,
	 * in the tables the linker script puts after .bss: page 0 unmapped,
	 * text read-only and executable, read-only data, the rest writable
	 * and not executable; then the guard pages under the stacks unmapped.
	 * ECX:ESI is the entry of the page at EAX.
	 */
	mov $__pagetables, %edi
	xor %eax, %eax
3:	mov $(PTE_P | PTE_W | PTE_A | PTE_D), %ecx
	mov %edx, %esi
	cmp $__image_start, %eax
	jb 4f
	mov $(PTE_P | PTE_A), %ecx
	xor %esi, %esi              /* text */
	cmp $__rodata_start, %eax
	jb 4f
	mov %edx, %esi              /* read-only data */
	cmp $__data_start, %eax
	jb 4f
	mov $(PTE_P | PTE_W | PTE_A | PTE_D), %ecx
4:	test %eax, %eax
	jnz 5f
	xor %ecx, %ecx              /* page 0 */
	xor %esi, %esi
5:	or %eax, %ecx
	mov %ecx, (%edi)
	mov %esi, 4(%edi)
	add $4096, %eax
	add $8, %edi
	cmp $__pagetables_end, %edi
	jb 3b

	/* The entry of a page is at (address >> 12) * 8. */
	mov $plat_x86_boot_stack_guard, %eax
	shr $9, %eax
	movl $0, __pagetables(%eax)
	mov $plat_x86_trap_stack_guard, %eax
	shr $9, %eax
	movl $0, __pagetables(%eax)

	/* The page directory entries of those pieces -> their tables. */
	mov $__pagetables, %eax
	mov $plat_x86_pd, %edi
6:	lea (PTE_P | PTE_W)(%eax), %ecx
	mov %ecx, (%edi)
	movl $0, 4(%edi)
	add $4096, %eax
	add $8, %edi
	cmp $__pagetables_end, %eax
	jb 6b

	rdtsc
	sub plat_x86_paging_ticks, %eax
	sbb plat_x86_paging_ticks + 4, %edx
	mov %eax, plat_x86_paging_ticks
	mov %edx, plat_x86_paging_ticks + 4
#endif

	mov $plat_x86_pml4, %eax
	mov %eax, %cr3

	mov %cr4, %eax
	or $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4

	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
#if CONFIG_PAGING
	cmpl $0, plat_x86_nx_high
	je 7f
	or $(1 << X86_EFER_NXE_BIT), %eax   /* before the NX bits count */
7:
#endif
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

	mov $plat_x86_boot_stack_top, %rsp
	mov %ebp, %edi              /* boot magic (zero-extended) */
	mov %ebx, %esi              /* boot information */
	xor %ebp, %ebp              /* end of frame-pointer chains */
	call plat_x86_boot           /* does not return */
3:	cli
	hlt
	jmp 3b

	.section .rodata.boot, "a"
	.align 16
/* The accessed bits are set: the CPU would write them to this read-only
 * page when it loads a segment register. */
gdt:
	.quad 0                     /* null descriptor */
	.quad 0x00AF9B000000FFFF    /* 0x08: 64-bit code, DPL 0 */
	.quad 0x00CF93000000FFFF    /* 0x10: data, DPL 0 */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

/*
 * The page tables, then each stack; with CONFIG_PAGING above a guard page
 * the page table leaves unmapped (x86_64/paging.c): an overflow faults
 * there instead of running into what lies below.
 */
	.section .bss.boot, "aw", @nobits
	.balign 4096
plat_x86_pml4:
	.skip 4096
plat_x86_pdpt:
	.skip 4096
plat_x86_pd:
	.skip 4 * 4096
#if CONFIG_PAGING
	.globl plat_x86_paging_ticks
plat_x86_paging_ticks:               /* TSC ticks spent building the map */
	.skip 8
plat_x86_nx_high:
	.skip 4
	.balign 4096
	.globl plat_x86_boot_stack_guard
plat_x86_boot_stack_guard:
	.skip 4096
#endif
	.balign 16
plat_x86_boot_stack:
	.skip PLAT_X86_STACK_SIZE
plat_x86_boot_stack_top:
#if CONFIG_PAGING
	.balign 4096
	.globl plat_x86_trap_stack_guard
plat_x86_trap_stack_guard:
	.skip 4096
	/* Exceptions run here (interrupt stack table, traps.c), so that an
	 * overflowing stack still gets its crash report. */
plat_x86_trap_stack:
	.skip PLAT_X86_TRAP_STACK_SIZE
	.globl plat_x86_trap_stack_top
plat_x86_trap_stack_top:
#endif

	.section .note.GNU-stack, "", @progbits
