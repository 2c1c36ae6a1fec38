#include <uk/extra.h>

void chained_run(void)
{
	extra_fn();
	EXTRA_HOOK();
	core_log("chained");
}
