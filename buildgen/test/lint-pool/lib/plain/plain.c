#include <uk/plain.h>

void plain_fn(void)
{
}
