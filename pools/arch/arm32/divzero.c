/* SPDX-License-Identifier: MIT */
/*
 * What libgcc's division helpers call on a division by zero (the ARM
 * run-time ABI): its own versions raise SIGFPE through a C library.
 * Here the division stops the image at an undefined instruction, whose
 * report names this function and, in its backtrace, the division's.
 */
int __aeabi_idiv0(int r);
long long __aeabi_ldiv0(long long r);

int __aeabi_idiv0(int r)
{
	(void)r;
	__builtin_trap();
}

long long __aeabi_ldiv0(long long r)
{
	(void)r;
	__builtin_trap();
}
