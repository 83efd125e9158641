/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call handlers shared between the dispatch table and the objects. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdbool.h>
#include <kernel/tcb.h>

/* Send (blocking), NBSend (not blocking) or Call (blocking, with reply) on
 * the cap in a0. */
struct cte;
/* With `slot` the cap in a0 already looked up (the slot a successful
 * cspace_lookup_slot of a0 gives), or NULL to look it up. */
void syscall_invoke_at(struct tcb *t, bool blocking, bool is_call, struct cte *slot);
static inline void syscall_invoke(struct tcb *t, bool blocking, bool is_call)
{
    syscall_invoke_at(t, blocking, is_call, 0);
}

/* A blocking Send or a Call whose cap a fastpath looked up and found to be
 * no case of its own: the general system call from the invocation on, then
 * the exit (saves the second lookup of every Call on a kernel object). */
void kernel_syscall_invoke_at(struct tcb *t, bool is_call, struct cte *slot) __attribute__((noreturn));

#endif
