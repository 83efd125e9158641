/* SPDX-License-Identifier: BSD-2-Clause */
/* The minimal C runtime of root tasks and components. */
#ifndef CONDUCTOR_RUNTIME_H
#define CONDUCTOR_RUNTIME_H

#include <stddef.h>
#include <abi/boot_info.h>

/* The boot info the kernel passed to the root task (NULL in components). */
const struct cnd_boot_info *cnd_boot_info(void);

/* Ends the program: prints its status and stops the system through the
 * debug halt call (debug kernels power the machine off); never returns. */
void cnd_exit(int status) __attribute__((noreturn));

/* Bytes of one thread's TLS block (its alignment is 64). */
size_t cnd_tls_size(void);
/* Lays out a TLS block in `area` (cnd_tls_size() bytes, 64-byte aligned)
 * and returns the value for the new thread's tp. */
void *cnd_tls_init(void *area);
/* Sets up the calling (main) thread's TLS; the runtime calls it first. */
void cnd_tls_init_main(void);

#endif
