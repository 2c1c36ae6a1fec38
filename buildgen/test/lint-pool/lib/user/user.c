#include <uk/core.h>
#include <uk/extra.h>

void user_run(void)
{
	core_log("user");
	extra_fn();
	CORE_STOP();
}
