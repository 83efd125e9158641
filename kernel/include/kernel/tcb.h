/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Thread control blocks. A TCB object is 2^11 bytes (seL4_TCBBits with the
 * FPU) carved from an Untyped; it holds the register context, five slots
 * for the caps the thread runs with (CSpace root, VSpace root, reply master,
 * caller's reply cap, IPC buffer frame) and the scheduling and IPC state.
 */
#ifndef KERNEL_TCB_H
#define KERNEL_TCB_H

#include <stdint.h>
#include <abi/constants.h>
#include <arch/arch.h>
#include <arch/context.h>
#include <kernel/cte.h>

#define THREAD_NAME_MAX 48

struct notification;

enum thread_state {
    THREAD_INACTIVE = 0,       /* suspended: not scheduled until resumed */
    THREAD_RUNNING,            /* runnable, resumes at its pc */
    THREAD_RESTART,            /* runnable, re-executes its interrupted syscall */
    THREAD_BLOCKED_ON_RECEIVE,
    THREAD_BLOCKED_ON_SEND,
    THREAD_BLOCKED_ON_REPLY,
    THREAD_BLOCKED_ON_NOTIFICATION,
    THREAD_IDLE,
};

/* The TCB's own cap slots, as in seL4. */
enum tcb_slot {
    TCB_CTABLE = 0,    /* CSpace root */
    TCB_VTABLE,        /* VSpace root (a page table cap) */
    TCB_REPLY,         /* master reply cap */
    TCB_CALLER,        /* reply cap to the thread that called us */
    TCB_BUFFER,        /* IPC buffer frame */
    TCB_N_SLOTS
};

/* A fault waiting to be sent to (or answered by) the thread's handler,
 * already laid out as seL4's fault message. */
#define FAULT_MAX_WORDS 11
struct fault {
    uint64_t type;             /* CND fault label; 0 = none */
    uint32_t length;
    uint64_t words[FAULT_MAX_WORDS];
};

struct tcb {
    struct arch_context ctx;   /* ctx.pc is where it resumes (seL4's NextIP) */
    struct cte slots[TCB_N_SLOTS];
    enum thread_state state;
    uint64_t restart_pc;       /* pc at the last kernel entry (seL4's FaultIP):
                                  a restarted thread resumes here */
    uint64_t ipc_buffer;       /* user address of the IPC buffer */
    uint64_t fault_ep;         /* cptr, looked up in the thread's CSpace at fault time */
    uint32_t priority;
    uint32_t mcp;
    uint32_t domain;
    uint64_t flags;            /* CND TCB flags: bit 0 = FPU disabled */
    /* scheduling */
    struct tcb *sched_next, *sched_prev;
    bool in_ready_queue;
    uint64_t time_slice;       /* timebase ticks left in its slice */
    /* blocking in IPC */
    struct tcb *ep_next, *ep_prev;
    uint64_t blocking_object;  /* the endpoint or notification (kernel pointer) */
    uint64_t blocking_badge;
    bool blocking_can_grant, blocking_can_grant_reply, blocking_is_call;
    struct notification *bound_notification;
    struct fault fault;
    struct tcb *all_next, *all_prev;   /* every thread, for the invariant checks */
    /* The fastpaths' last lookups in a one-level CSpace, by the cptr's
     * lowest bit (a thread that signals one notification and waits on
     * another keeps both): `cptr` resolved to `slot` while the CSpace root
     * cap was (root_w0, root_w1). That result depends on nothing else, so it
     * holds while all three are unchanged (root_w0 = 0, a null cap, never
     * matches). */
    struct tcb_fast_lookup {
        uint64_t root_w0, root_w1, cptr;
        struct cte *slot;
    } fast_lookup[2];
    /* The fastpaths' last check of this thread's VSpace cap: the cap words
     * (w0, w1) named a live root at vspace_epoch == epoch, and switching to
     * it writes `satp` (see live_vspace in fastpath.c); kept only with
     * hardware ASIDs. vspace_epoch is never 0, so a zeroed TCB never
     * matches, not even with a null cap. */
    struct tcb_fast_vspace {
        uint64_t w0, w1, epoch, satp;
    } fast_vspace;
    uint64_t fpu[33];          /* f0..f31, fcsr while another thread owns the FPU */
    char name[THREAD_NAME_MAX];
};

_Static_assert(sizeof(struct tcb) <= (1u << CND_TCB_BITS), "TCB fits its object");

/* The thread this hart runs (or last ran). */
extern struct tcb *current_thread;

/* Stops `t`: cancels its IPC, takes it off the run queue, makes it
 * inactive; with `why`, prints a debug line naming the thread and pc, as
 * debug builds do for user errors. */
void thread_suspend(struct tcb *t, const char *why);

/* Restarts a stopped (inactive or waiting for a reply) thread: it
 * re-executes from its restart pc. */
void thread_restart(struct tcb *t);

/* The hart now runs in `t`'s (checked, live) VSpace: the exit path may skip
 * checking it again until a VSpace changes (fastpath switches call it). */
void thread_vspace_activated(struct tcb *t);
/* What thread_vspace_activated recorded (the fastpaths set them inline). */
extern struct tcb *thread_vspace_last;
extern uint64_t thread_vspace_epoch;

/* Whether the thread can be chosen to run. */
static inline bool thread_runnable(const struct tcb *t)
{
    return t->state == THREAD_RUNNING || t->state == THREAD_RESTART;
}

/* Where the thread's IPC buffer is in kernel memory, or NULL if it has none
 * usable (no frame cap, or one without write rights when `for_write`). */
uint64_t *tcb_ipc_buffer(struct tcb *t, bool for_write);

/* Message register i (0..119) of the thread: MR0-3 in a2-a5, the rest in
 * the IPC buffer (`buffer`, may be NULL: those read as 0). */
uint64_t tcb_get_mr(struct tcb *t, const uint64_t *buffer, unsigned i);
/* Writes message register i; returns false when it needs a buffer it has not. */
bool tcb_set_mr(struct tcb *t, uint64_t *buffer, unsigned i, uint64_t v);

#endif
