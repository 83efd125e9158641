/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Debug-build invariant checks, run at every exit from the kernel: the
 * scheduler's queues and bitmap agree with thread states, endpoint and
 * notification queues are well formed, bound notifications point back; each
 * exit checks the current thread and a slice of the others, and every
 * INVARIANT_FULL_PERIOD exits everything, with every thread's slots and
 * CSpace (well-linked caps, untyped watermarks in bounds), every cap naming a live
 * object (inside the allocated part of the untyped it came from) and every
 * mapped user frame owned by a frame cap. A violation is a kernel bug: panic.
 * The registry of all threads is kept in the TCBs themselves.
 */
#ifndef KERNEL_INVARIANTS_H
#define KERNEL_INVARIANTS_H

#include <kernel/tcb.h>

#define INVARIANT_FULL_PERIOD 512

/* A TCB object was created / is being destroyed. */
void thread_registry_add(struct tcb *t);
void thread_registry_remove(struct tcb *t);

/* Prints every thread: name, state, priority/MCP, restart pc, what it
 * waits on (DebugDumpScheduler). */
void invariants_dump_threads(void);

/* Checks the invariants (debug builds; a no-op in release builds). */
void invariants_check(void);

/* Debug builds: called by trap.S for every trap from U-mode, after the
 * user context is saved and before the fastpath dispatch; records a system
 * call (scause EXC_ECALL_U: number, cptr, msginfo, MR0 from ctx) so that a
 * panic can print the last ones (invariants_dump_trace), fastpath calls
 * included. Other traps are ignored. */
struct arch_context;
void invariants_trace_entry(const struct arch_context *ctx, uint64_t scause);
void invariants_dump_trace(void);

#endif
