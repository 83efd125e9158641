/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Faults of user threads: cap faults, unknown syscalls, user exceptions and
 * VM faults. A fault goes to the thread's fault endpoint as a message with
 * seL4's layout; with no valid handler the thread is suspended (seL4's
 * "double fault") and debug builds print why.
 */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/error.h>
#include <kernel/tcb.h>

void fault_cap(struct tcb *t, uint64_t cptr, bool in_receive, const struct lookup_fault *lf);
void fault_unknown_syscall(struct tcb *t, int64_t number);
void fault_user_exception(struct tcb *t, uint64_t scause, uint64_t stval);
void fault_vm(struct tcb *t, uint64_t addr, bool instruction, uint64_t fsr, uint64_t cause);

#endif
