/* SPDX-License-Identifier: BSD-2-Clause */
/* The system-call fastpaths (see kernel/ipc/fastpath.c). */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <stdbool.h>
#include <kernel/tcb.h>

/* Off with the image option fastpath=off: everything takes the general path
 * (the trap vector is then one without the fastpath dispatch). */
extern bool fastpath_enabled;

/* Entered from the trap entry with all user registers saved in `t` (the
 * current thread); each leaves the kernel itself, by the fast way or, when
 * the case is not a common one, by kernel_syscall_general. None returns;
 * some are not declared noreturn (see FASTPATH_ENTRY in fastpath.c). */
void fastpath_call(struct tcb *t) __attribute__((noreturn));
void fastpath_reply_recv(struct tcb *t) __attribute__((noreturn));
void fastpath_send(struct tcb *t);
void fastpath_recv(struct tcb *t);
void fastpath_yield(struct tcb *t);

#endif
