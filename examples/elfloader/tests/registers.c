/* SPDX-License-Identifier: MIT */
/*
 * The `syscall` instruction's contract, as Linux keeps it: the 128 bytes
 * under the stack pointer (the red zone, where leaf code may keep data)
 * and every register but rax, rcx and r11, SSE ones included, are as
 * they were. The call is getppid; the counts of changed places are
 * printed.
 */
#include <stdio.h>

#define SEQ "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"
/* Adds 1 to r11 when the register does not hold the value. */
#define CHECK(value, reg) \
	"cmp " value ", " reg "\n\tsetne %%cl\n\tmovzbq %%cl, %%rcx\n\tadd %%rcx, %%r11\n\t"

int main(void)
{
	long red, gpr, sse;

	__asm__ volatile(
		/* Values in the red zone, in the general and the SSE registers. */
		".irp i," SEQ "\n\t"
		"movq $(0x5100 + \\i), -8*\\i(%%rsp)\n\t"
		".endr\n\t"
		"mov $0x1001, %%rdi\n\t"
		"mov $0x1002, %%rsi\n\t"
		"mov $0x1003, %%rdx\n\t"
		"mov $0x1004, %%r10\n\t"
		"mov $0x1005, %%r8\n\t"
		"mov $0x1006, %%r9\n\t"
		"mov $0x1007, %%rbx\n\t"
		"mov $0x1008, %%r12\n\t"
		"mov $0x1009, %%r13\n\t"
		"mov $0x100a, %%r14\n\t"
		"mov $0x100b, %%r15\n\t"
		".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
		"mov $(0x2000 + \\i), %%eax\n\t"
		"movq %%rax, %%xmm\\i\n\t"
		".endr\n\t"
		"mov $110, %%eax\n\t"           /* getppid */
		"syscall\n\t"
		/* Count what changed (rcx is scratch now, r11 and rax free). */
		"xor %%r11, %%r11\n\t"
		".irp i," SEQ "\n\t"
		"cmpq $(0x5100 + \\i), -8*\\i(%%rsp)\n\t"
		"setne %%cl\n\t"
		"movzbq %%cl, %%rcx\n\t"
		"add %%rcx, %%r11\n\t"
		".endr\n\t"
		"mov %%r11, %0\n\t"
		"xor %%r11, %%r11\n\t"
		CHECK("$0x1001", "%%rdi") CHECK("$0x1002", "%%rsi")
		CHECK("$0x1003", "%%rdx") CHECK("$0x1004", "%%r10")
		CHECK("$0x1005", "%%r8") CHECK("$0x1006", "%%r9")
		CHECK("$0x1007", "%%rbx") CHECK("$0x1008", "%%r12")
		CHECK("$0x1009", "%%r13") CHECK("$0x100a", "%%r14")
		CHECK("$0x100b", "%%r15")
		"mov %%r11, %1\n\t"
		"xor %%r11, %%r11\n\t"
		".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n\t"
		"movq %%xmm\\i, %%rax\n\t"
		"cmp $(0x2000 + \\i), %%rax\n\t"
		"setne %%cl\n\t"
		"movzbq %%cl, %%rcx\n\t"
		"add %%rcx, %%r11\n\t"
		".endr\n\t"
		"mov %%r11, %2\n\t"
		: "=m"(red), "=m"(gpr), "=m"(sse)
		:
		: "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
		  "r11", "r12", "r13", "r14", "r15", "xmm0", "xmm1", "xmm2",
		  "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
		  "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15",
		  "memory", "cc");
	printf("red zone words changed: %ld of 16\n", red);
	printf("general registers changed: %ld of 11\n", gpr);
	printf("SSE registers changed: %ld of 16\n", sse);
	return 0;
}
