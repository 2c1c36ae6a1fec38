#include <uk/core.h>

void core_log(const char *msg)
{
	(void)msg;
}

#if CONFIG_PLAT_ONE
void core_fast(void)
{
}
#endif
