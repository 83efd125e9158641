/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call handlers shared between the dispatch table and the objects. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdbool.h>
#include <kernel/tcb.h>

/* Send (blocking), NBSend (not blocking) or Call (blocking, with reply) on
 * the cap in a0. */
void syscall_invoke(struct tcb *t, bool blocking, bool is_call);

#endif
