/* SPDX-License-Identifier: BSD-2-Clause */
/* The minimal C runtime of root tasks and components. */
#ifndef CONDUCTOR_RUNTIME_H
#define CONDUCTOR_RUNTIME_H

#include <abi/boot_info.h>

/* The boot info the kernel passed to the root task (NULL in components). */
const struct cnd_boot_info *cnd_boot_info(void);

/* Ends the program: prints its status and stops the system through the
 * debug halt call (debug kernels power the machine off); never returns. */
void cnd_exit(int status) __attribute__((noreturn));

#endif
