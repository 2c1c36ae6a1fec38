/* SPDX-License-Identifier: MIT */
/*
 * The boot sequence, common to every platform:
 *   the C library's start-up hook -> command line -> library parameters
 *   -> init tables by class and priority -> main(argc, argv) -> the C
 *   library's exit() -> term functions -> power off with main's status.
 */
#include <uk/boot.h>
#include <uk/plat.h>
#include <uk/init.h>
#include <uk/exit.h>
#include <uk/libc.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <stdlib.h>
#if CONFIG_UKBOOT_TLS
#include <uk/arch/tls.h>
#endif

#ifndef CONFIG_UK_NAME
#define CONFIG_UK_NAME "unikernel"
#endif

/* Entries whose init ran, so shutdown() knows which terms to run. */
static const struct uk_inittab_entry *inittab_done = __uk_inittab_start;

static void run_inittab(void)
{
	const struct uk_inittab_entry *e;

	for (e = __uk_inittab_start; e < __uk_inittab_end; e++) {
		int rc;

		uk_pr_debug("init %p (%s)\n", (void *)e->init, e->libname);
		rc = e->init ? e->init() : 0;

		inittab_done = e + 1;
		if (rc < 0)
			UK_CRASH("init function %p of %s failed: %d",
				 (void *)e->init, e->libname, rc);
	}
}

#if CONFIG_UKBOOT_SHOW_TIME
/*
 * Done after the main() timestamp was taken, so a frequency measurement
 * the platform may need does not count in the reported figure.
 */
static void show_boot_time(uint64_t entry, uint64_t at_main)
{
	const char *how = "?";
	uint64_t hz = ukplat_ticks_hz(&how);
	uint64_t d = at_main - entry;
	uint64_t us10;

	if (!hz) {
		uk_printk("boot: %lu ticks to main (%s)\n",
			  (unsigned long)d, how);
		return;
	}
	/* Split to keep d * 10^7 from overflowing 64 bits. */
	us10 = d / hz * 10000000 + d % hz * 10000000 / hz;
	uk_printk("boot: %lu.%lu us to main (%lu ticks at %lu kHz, %s)\n",
		  (unsigned long)(us10 / 10), (unsigned long)(us10 % 10),
		  (unsigned long)d, (unsigned long)(hz / 1000), how);
}
#endif

/*
 * Term functions in reverse order, then power off with `status`. The image's
 * exit hook (uk/exit.h): exit() of the C library ends here as main's
 * return does.
 */
static void __noreturn shutdown(int status)
{
	const struct uk_inittab_entry *e = inittab_done;

	uk_pr_info("main returned %d, shutting down\n", status);
	while (e > __uk_inittab_start) {
		e--;
		if (e->term)
			e->term();
	}
	ukplat_halt(status);
}
UK_EXIT_HOOK(shutdown);

/*
 * The application's main() when the image has none: its option can be
 * switched off in the menu, and the image must still link. It says so and
 * fails; an application's main() replaces it.
 */
int __weak main(int argc, char *argv[])
{
	uk_printk("%s: no application in this image (nothing defines main)\n",
		  argc > 0 ? argv[0] : CONFIG_UK_NAME);
	return 1;
}

void uk_boot_entry(int argc, char *argv[])
{
	int first, app_argc, status;
	char **app_argv;
	uint64_t at_main;

#if CONFIG_UKBOOT_TLS
	/*
	 * The boot context's thread-local storage, from its own stack: this
	 * function never returns, so the area lives as long as the context
	 * (which a scheduler makes the thread running main()).
	 */
	{
		size_t align = ukarch_tls_area_align();
		char *area = __builtin_alloca(ukarch_tls_area_size() + align);

		area = (char *)UK_ALIGN_UP((uintptr_t)area, align);
		ukplat_tlsp_set(ukarch_tls_area_init(area));
	}
#endif
	uk_libc_init(argc, argv);
	first = uk_boot_apply_libparams(argc - 1, argv + 1);
	/* argv[0] moves next to the application arguments. */
	app_argv = argv + first;
	app_argv[0] = argv[0];
	app_argc = argc - first;

	uk_pr_info("%s on %s/%s\n", argv[0], ukplat_name, ukplat_arch);
	run_inittab();

	at_main = ukplat_ticks();
#if CONFIG_UKBOOT_SHOW_TIME
	show_boot_time(ukplat_ticks_at_entry(), at_main);
#else
	(void)at_main;
#endif
	status = main(app_argc, app_argv);
	/* As a C runtime does: the libc flushes its streams, runs atexit()
	 * and ends in uk_exit(), that is in shutdown(). */
	exit(status);
}

void uk_boot_entry_cmdline(char *cmdline)
{
	static char *argv[CONFIG_UKBOOT_MAXARGS + 2];
	/*
	 * Writable, as a process's arguments are: programs rewrite their
	 * argv[0] in place (Redis's and nginx's setproctitle).
	 */
	static char name[] = CONFIG_UK_NAME;
	int argc;

	argv[0] = name;
	argc = 1 + uk_boot_split_cmdline(cmdline ? cmdline : "", argv + 1,
					 CONFIG_UKBOOT_MAXARGS);
	uk_boot_entry(argc, argv);
}
