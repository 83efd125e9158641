/* SPDX-License-Identifier: BSD-2-Clause */
/* Program exit and the smallest debug output, for root tasks. */
#include <conductor/runtime.h>
#include <conductor/syscalls.h>

void cnd_exit(int status)
{
    cnd_debug_puts(status == 0 ? "root task exited: status 0\n" : "root task exited: failure\n");
    cnd_debug_halt();
    /* A release kernel has no DebugHalt: suspend by faulting with no handler. */
    for (;;)
        __asm__ volatile("unimp");
}
