/* SPDX-License-Identifier: BSD-2-Clause */
/* The minimal C runtime of root tasks and components. */
#ifndef CONDUCTOR_RUNTIME_H
#define CONDUCTOR_RUNTIME_H

#include <stddef.h>
#include <abi/boot_info.h>

/* The boot info the kernel passed to the root task. Errors: NULL in
 * components. */
const struct cnd_boot_info *cnd_boot_info(void);

/* Ends the program: prints its status and stops the system through the
 * debug halt call (debug kernels power the machine off); never returns.
 * Errors: none (a release kernel has no halt call: the thread then stops on
 * an illegal instruction with no fault handler). In a component it is
 * cnd_process_exit. */
void cnd_exit(int status) __attribute__((noreturn));

/* Bytes of one thread's TLS block (its alignment is 64). Errors: none. */
size_t cnd_tls_size(void);
/* Lays out a TLS block in `area` (cnd_tls_size() bytes, 64-byte aligned):
 * .tdata copied, .tbss zeroed. Returns the value for the new thread's tp.
 * Errors: none (area is not checked). */
void *cnd_tls_init(void *area);
/* Sets up the calling (main) thread's TLS in a static block and points tp
 * at it; the runtime calls it first. Errors: none returned; a TLS image
 * larger than the static block ends the program (cnd_exit(1)). */
void cnd_tls_init_main(void);

#endif
