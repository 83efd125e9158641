/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The runtime of components a capDL spec builds (docs/capdl.md, the
 * high-level form). The loader starts the thread at the ELF entry with sp =
 * the top of the stack the spec gives it and a0.. = the component's `args`;
 * nothing else is passed, so what the runtime needs is found from the layout
 * the compiler promises: the IPC buffer is mapped one guard page above the
 * stack top. Caps are at the fixed slots the spec names (1: own TCB,
 * 2: own CNode, 3: own VSpace).
 *
 * There is no creator to report to: a component that returns from cnd_main
 * (or calls cnd_exit) says so on the debug console and suspends itself, so
 * the supervisor sees it stopped rather than faulting on a return address.
 */
#include <conductor/conductor.h>
#include <conductor/runtime.h>
#include "capdl_component.h"

#define PAGE 4096

void cnd_capdl_start(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3, cnd_word_t sp)
    __attribute__((noreturn));

/* gp first (nothing may use it before); the initial sp goes to C as a4,
 * a0..a3 stay untouched. fp = 0 ends backtraces here. */
__asm__(".section .text._cnd_capdl_start, \"ax\", @progbits\n"
        ".globl _cnd_capdl_start\n"
        "_cnd_capdl_start:\n"
        ".option push\n"
        ".option norelax\n"
        "    lla gp, __global_pointer$\n"
        ".option pop\n"
        "    li s0, 0\n"
        "    mv a4, sp\n"
        "    tail cnd_capdl_start\n"
        ".previous\n");

void cnd_capdl_start(cnd_word_t a0, cnd_word_t a1, cnd_word_t a2, cnd_word_t a3, cnd_word_t sp)
{
    cnd_tls_init_main();
    cnd_set_ipc_buffer((struct cnd_ipc_buffer *)(sp + PAGE));
    cnd_exit(cnd_main(a0, a1, a2, a3));
}

void cnd_exit(int status)
{
    cnd_debug_puts(status == 0 ? "component: finished (status 0), suspending\n"
                               : "component: failed, suspending\n");
    for (;;)
        cnd_tcb_suspend(CAPDL_SLOT_TCB);
}
