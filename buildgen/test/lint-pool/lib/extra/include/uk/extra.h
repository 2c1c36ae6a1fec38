#ifndef UK_EXTRA_H
#define UK_EXTRA_H

#include <uk/core.h>

void extra_fn(void);
void extra_hook(void);

#define EXTRA_HOOK() extra_hook()

#endif
