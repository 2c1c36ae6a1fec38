/* SPDX-License-Identifier: MIT */
/* Process entry: the kernel leaves argc, argv[], envp[] at sp. */
	.arm
	.section .text.boot, "ax"
	.globl _linuxu_start
_linuxu_start:
	mov fp, #0                  /* end of frame-record chains */
	mov lr, #0
	mov r0, sp                  /* linuxu_start(long *sp) */
	bl linuxu_start             /* does not return */
	udf #0

/* Signal handlers that return come back here (SA_RESTORER): the kernel's
 * frame must be at sp untouched, so no C. */
	.section .text
	.globl linuxu_sigreturn
linuxu_sigreturn:
	mov r7, #173                /* SYS_rt_sigreturn */
	svc #0
	udf #0

	.section .note.GNU-stack, "", %progbits
