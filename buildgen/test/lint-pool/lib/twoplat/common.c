#include <uk/core.h>

void twoplat_run(void)
{
	core_log("twoplat");
}
