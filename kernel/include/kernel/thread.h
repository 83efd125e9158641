/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads as far as the boot path needs them: a register context, an address
 * space and a state. The capability-core and IPC work extend this into the
 * full TCB object (priorities, queues, IPC state); the layout lives inside a
 * TCB-sized block of memory from the boot allocator or an Untyped.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdint.h>
#include <arch/arch.h>
#include <arch/context.h>

#define TCB_SIZE_BITS 11
#define THREAD_NAME_MAX 32

enum thread_state {
    THREAD_INACTIVE = 0,   /* suspended: never scheduled until resumed */
    THREAD_RUNNING,        /* runnable */
};

struct tcb {
    struct arch_context ctx;
    enum thread_state state;
    paddr_t vspace_root;   /* physical address of the root page table */
    uint16_t asid;
    char name[THREAD_NAME_MAX];
};

_Static_assert(sizeof(struct tcb) <= (1u << TCB_SIZE_BITS), "TCB fits its object");

/* The thread this hart runs (or last ran). */
extern struct tcb *current_thread;

/* Stops `t` (state inactive); with `why`, prints a debug line naming the
 * thread and pc, as debug builds do for user errors. */
void thread_suspend(struct tcb *t, const char *why);

#endif
