/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FPU switching (see fpu.c). */
#ifndef ARCH_FPU_H
#define ARCH_FPU_H

#include <stdbool.h>

struct tcb;

/* Before returning to `t`: turn the FPU off for it unless it owns it. */
void arch_fpu_prepare(struct tcb *t);
/* The thread whose registers the FPU holds (fastpaths test it inline). */
extern struct tcb *arch_fpu_owner;
/* An illegal-instruction trap of `t`: true if it was a first FPU use that
 * has now been granted (retry the instruction). */
bool arch_fpu_trap(struct tcb *t);
/* The thread's FPU flag changed (SetFlags). */
void arch_fpu_flags_changed(struct tcb *t);
/* The thread is going away. */
void arch_fpu_thread_destroyed(struct tcb *t);

#endif
