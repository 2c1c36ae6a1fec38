/* SPDX-License-Identifier: MIT */
/* Process entry: the kernel leaves argc, argv[], envp[] at %rsp. */
	.section .text.boot, "ax"
	.globl _linuxu_start
_linuxu_start:
	xor %ebp, %ebp              /* end of frame-pointer chains */
	mov %rsp, %rdi              /* linuxu_start(long *sp) */
	and $-16, %rsp
	call linuxu_start           /* does not return */
	hlt

	.section .note.GNU-stack, "", @progbits
