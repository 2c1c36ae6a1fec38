#ifndef UK_PLAIN_H
#define UK_PLAIN_H

void plain_fn(void);

#endif
