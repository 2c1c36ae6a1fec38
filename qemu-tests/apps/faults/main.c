/* SPDX-License-Identifier: MIT */
/*
 * Faults on request, so that the tests can check the crash report of
 * each kind on each platform:
 *
 *   faults.kind=undefined   an undefined instruction
 *   faults.kind=badaddr     a load from an address no memory answers:
 *                           non-canonical on x86_64 (general protection),
 *                           beyond the physical address range on arm64
 *                           (an abort even with the MMU off; with PAGING
 *                           an address nothing maps), on arm32 one of
 *                           QEMU virt's where no device or RAM lies (an
 *                           external abort), unmapped on linuxu, in
 *                           kuseg on mips (no TLB entry)
 *   faults.kind=divide      integer division by zero (x86_64, and arm32
 *                           where libgcc's division stops the image:
 *                           arm64 does not trap on it)
 *   faults.kind=crash       UK_CRASH from the application
 *
 * and those that need memory protection (kvm with PAGING):
 *
 *   faults.kind=null        a load through a NULL pointer
 *   faults.kind=writetext   a store into the function's own code
 *   faults.kind=execdata    a call into a buffer of data holding a return
 *                           instruction (it would return: "survived")
 *   faults.kind=stack       recursion until the boot stack overflows
 *   faults.kind=threadstack the same on a stack of uk_paging_stack_alloc()
 *   faults.kind=cpustack    the same on CPU 1 (SMP, -smp 2), whose
 *                           exceptions need a stack of their own there
 *
 * Each happens two calls below main(), in a function named after it, so
 * that the report's function name and backtrace can be checked.
 */
#include <stdio.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/libparam.h>
#if CONFIG_LIBUKPAGING
#include <uk/paging.h>
#endif
#if CONFIG_UKLCPU_SMP
#include <uk/lcpu.h>
#endif

static char *kind = "none";
UK_LIBPARAM(kind);

#if defined(__x86_64__)
#define BAD_ADDRESS 0x8000000000000000UL
#elif defined(__arm__)
#define BAD_ADDRESS 0xf0000000UL
#elif defined(__mips__)
/* kuseg, which only the TLB maps, and the image maps nothing there. */
#define BAD_ADDRESS 0x00800000UL
#else
#define BAD_ADDRESS 0x0000800000000000UL
#endif

/* Keeps the compiler from treating a value as known. */
static volatile int zero;
static int *volatile null_pointer;
static volatile int deep = 1 << 30;

/* A return instruction, in writable data. */
#if defined(__x86_64__)
static uint8_t data_code[16] __aligned(16) = { 0xc3 };
#elif defined(__mips__)
static uint32_t data_code[4] __aligned(16) = { 0x03e00008 };   /* jr $ra */
#else
static uint32_t data_code[4] __aligned(16) = { 0xd65f03c0 };
#endif

__noinline void fault_undefined(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__("ud2");
#elif defined(__mips__)
	__asm__ __volatile__(".word 0xec000000");   /* opcode 0x3b: reserved */
#else
	__asm__ __volatile__("udf #0");
#endif
}

__noinline int fault_badaddr(void)
{
	return *(volatile int *)BAD_ADDRESS;
}

__noinline int fault_divide(void)
{
	return 1000 / zero;
}

__noinline void fault_crash(void)
{
	UK_CRASH("crash requested by the application");
}

__noinline int fault_null(void)
{
	return *null_pointer;
}

__noinline void fault_writetext(void)
{
	*(volatile uint32_t *)(uintptr_t)fault_writetext = 0;
}

__noinline int fault_execdata(void)
{
	int (*volatile fn)(void) = (int (*)(void))(uintptr_t)data_code;

	/* Not a tail call: the report names this function as the caller. */
	return fn() + zero;
}

/* Each level keeps a frame of 256 bytes; `deep` is out of reach. */
__noinline int fault_stack(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth < deep)
		return fault_stack(depth + 1) + frame[0];
	return frame[0];
}

#if CONFIG_LIBUKPAGING
#define THREAD_STACK_SIZE (16 * 1024)

/* Runs fault_stack(0) with its stack pointer at `top`. */
static __noinline void run_on_stack(void *top)
{
#if defined(__x86_64__)
	__asm__ __volatile__("mov %%rsp, %%rbx\n\t"
			     "mov %0, %%rsp\n\t"
			     "xor %%edi, %%edi\n\t"
			     "call fault_stack\n\t"
			     "mov %%rbx, %%rsp"
			     :: "r"(top)
			     : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r8",
			       "r9", "r10", "r11", "memory", "cc");
#else
	__asm__ __volatile__("mov x19, sp\n\t"
			     "mov sp, %0\n\t"
			     "mov x0, #0\n\t"
			     "bl fault_stack\n\t"
			     "mov sp, x19"
			     :: "r"(top)
			     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
			       "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			       "x15", "x16", "x17", "x18", "x19", "x30",
			       "memory", "cc");
#endif
}

__noinline int fault_threadstack(void)
{
	char *stack = uk_paging_stack_alloc(THREAD_STACK_SIZE);

	if (!stack) {
		printf("faults: no stack\n");
		return -1;
	}
	printf("faults: stack %p-%p\n", (void *)stack,
	       (void *)(stack + THREAD_STACK_SIZE));
	run_on_stack(stack + THREAD_STACK_SIZE);
	uk_paging_stack_free(stack);
	return 0;
}
#endif

#if CONFIG_LIBUKPAGING && CONFIG_UKLCPU_SMP
static volatile int cpustack_result = 1;

static void threadstack_here(void *arg)
{
	cpustack_result = fault_threadstack();
}

/* fault_threadstack() on CPU 1; the crash report ends the image. */
__noinline int fault_cpustack(void)
{
	int rc = uk_lcpu_start(1, threadstack_here, NULL);

	if (rc) {
		printf("faults: CPU 1 cannot start a function (%d)\n", rc);
		return rc;
	}
	while (cpustack_result == 1)
		ukarch_spinwait();
	return cpustack_result;
}
#endif

static __noinline int trigger(const char *k)
{
	int r = 0;

	printf("faults: %s\n", k);
	if (!strcmp(k, "undefined"))
		fault_undefined();
	else if (!strcmp(k, "badaddr"))
		r = fault_badaddr();
	else if (!strcmp(k, "divide"))
		r = fault_divide();
	else if (!strcmp(k, "crash"))
		fault_crash();
	else if (!strcmp(k, "null"))
		r = fault_null();
	else if (!strcmp(k, "writetext"))
		fault_writetext();
	else if (!strcmp(k, "execdata"))
		r = fault_execdata();
	else if (!strcmp(k, "stack"))
		r = fault_stack(0);
#if CONFIG_LIBUKPAGING
	else if (!strcmp(k, "threadstack"))
		r = fault_threadstack();
#endif
#if CONFIG_LIBUKPAGING && CONFIG_UKLCPU_SMP
	else if (!strcmp(k, "cpustack"))
		r = fault_cpustack();
#endif
	else
		return -1;
	printf("faults: survived %s (%d)\n", k, r);
	return 1;
}

int main(void)
{
	int r = trigger(kind);

	if (r < 0)
		printf("faults: unknown kind \"%s\"\n", kind);
	return r < 0 ? 2 : 1;
}
