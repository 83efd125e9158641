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
 * current thread) and the user's a0..a5 (cptr, message info, message
 * registers 0-3) as the first six arguments; each leaves the kernel itself,
 * by the fast way or, when the case is not a common one, by
 * kernel_syscall_general. None returns; some are not declared noreturn
 * (see FASTPATH_ENTRY in fastpath.c). */
#define FASTPATH_PARAMS                                                                     \
    __attribute__((unused)) uint64_t cptr, __attribute__((unused)) uint64_t info,          \
        __attribute__((unused)) uint64_t mr0,                                              \
        __attribute__((unused)) uint64_t mr1, __attribute__((unused)) uint64_t mr2,        \
        __attribute__((unused)) uint64_t mr3, struct tcb *t
void fastpath_call(FASTPATH_PARAMS) __attribute__((noreturn));
void fastpath_reply_recv(FASTPATH_PARAMS) __attribute__((noreturn));
void fastpath_send(FASTPATH_PARAMS);
void fastpath_recv(FASTPATH_PARAMS);
void fastpath_yield(FASTPATH_PARAMS);

#endif
