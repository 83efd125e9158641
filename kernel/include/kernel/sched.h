/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The scheduler: 256 priority ready queues with a two-level bitmap (the
 * highest runnable priority in constant time), round robin within a
 * priority on a time slice, preemption when a higher-priority thread wakes,
 * and an idle loop that waits with wfi. The running thread is not on a
 * ready queue; blocked threads wait on the endpoint or notification that
 * holds them. The timer is armed only while a time slice needs it.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdbool.h>
#include <kernel/tcb.h>

/* Adds a runnable thread at the tail (or head) of its priority's queue. */
void sched_append(struct tcb *t);
void sched_prepend(struct tcb *t);
/* Takes a thread off its ready queue if it is on one. */
void sched_dequeue(struct tcb *t);

/* A thread just became runnable: run it instead of the current one if its
 * priority is higher, else queue it. */
void sched_possible_switch_to(struct tcb *t);

/* The current thread stopped running (blocked, suspended, yielded): pick
 * the next one before returning to user mode. */
void sched_reschedule(void);

/* The current thread gives up the rest of its slice (Yield). */
void sched_yield(void);

/* The time-slice timer fired. */
void sched_timer_tick(void);

/* Changes a thread's priority, moving it between queues as needed. */
void sched_set_priority(struct tcb *t, uint32_t priority);

/* Chooses the thread to run (the current one, a higher-priority one, or
 * none); sets current_thread; arms or disarms the slice timer. */
void sched_schedule(void);

/* The current thread is being destroyed: nothing may refer to it. */
void sched_forget_current(void);

/* Whether `t` may run instead of the current thread, which is about to
 * block, without consulting the queues: nothing ready outranks it. */
bool sched_can_switch_directly(const struct tcb *t);
/* The current thread blocked and `t` runs next (checked with the above):
 * makes it current with no other scheduler work. */
void sched_set_current(struct tcb *t);

/* Sets up the slice length from the timer frequency (boot). */
void sched_init(uint64_t timebase_hz);

/* Checks the ready queues and bitmap agree (debug invariant). */
bool sched_check_invariants(void);
/* The same for `count` priority levels from `first`. */
bool sched_check_priorities(unsigned first, unsigned count);

#endif
