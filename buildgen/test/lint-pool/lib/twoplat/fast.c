#include <uk/core.h>
#include <uk/extra.h>

void twoplat_fast(void)
{
	core_fast();
	extra_fn();
}
