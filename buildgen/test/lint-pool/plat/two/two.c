#include <uk/core.h>

void plat_halt(void)
{
	core_log("two");
}
