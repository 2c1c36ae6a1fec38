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

/* Signal handlers that return come back here (SA_RESTORER): the kernel's
 * frame must be at %rsp untouched, so no C. */
	.section .text
	.globl linuxu_sigreturn
linuxu_sigreturn:
	mov $15, %eax               /* SYS_rt_sigreturn */
	syscall
	hlt

	.section .note.GNU-stack, "", @progbits
