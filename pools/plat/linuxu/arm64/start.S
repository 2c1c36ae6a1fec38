/* SPDX-License-Identifier: MIT */
/* Process entry: the kernel leaves argc, argv[], envp[] at sp. */
	.section .text.boot, "ax"
	.globl _linuxu_start
_linuxu_start:
	mov x29, #0                 /* end of frame-record chains */
	mov x30, #0
	mov x0, sp                  /* linuxu_start(long *sp) */
	bl linuxu_start             /* does not return */
	brk #0

/* Signal handlers that return come back here (SA_RESTORER): the kernel's
 * frame must be at sp untouched, so no C. */
	.section .text
	.globl linuxu_sigreturn
linuxu_sigreturn:
	mov x8, #139                /* SYS_rt_sigreturn */
	svc #0
	brk #0

	.section .note.GNU-stack, "", %progbits
