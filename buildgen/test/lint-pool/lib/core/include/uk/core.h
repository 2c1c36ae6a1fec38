#ifndef UK_CORE_H
#define UK_CORE_H

void core_log(const char *msg);
void core_fast(void);
void plat_halt(void);

/* Stops through the platform (every image has one). */
#define CORE_STOP() plat_halt()

#endif
