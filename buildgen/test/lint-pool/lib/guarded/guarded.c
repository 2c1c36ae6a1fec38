#include <uk/core.h>
#if CONFIG_LIBEXTRA
#include <uk/extra.h>
#endif

void guarded_run(void)
{
#ifdef CONFIG_LIBEXTRA
	EXTRA_HOOK();
#else
	core_log("no extra");
#endif
}
