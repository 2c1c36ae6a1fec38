#include <uk/extra.h>

void extra_fn(void)
{
	core_log("extra");
}

void extra_hook(void)
{
}
