/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Endpoint queues: a FIFO of threads (linked through ep_next/ep_prev) with
 * the queue's state (idle, senders, receivers) in the low bits of the head
 * word. Shared by the general IPC path and the fastpath.
 */
#ifndef KERNEL_EP_QUEUE_H
#define KERNEL_EP_QUEUE_H

#include <kernel/ipc.h>

static inline struct tcb *ep_head(const struct endpoint *ep)
{
    return (struct tcb *)(uintptr_t)(ep->queue_head_state & ~3ULL);
}

static inline unsigned ep_state(const struct endpoint *ep)
{
    return (unsigned)(ep->queue_head_state & 3);
}

static inline void ep_set(struct endpoint *ep, struct tcb *head, unsigned state)
{
    ep->queue_head_state = (uint64_t)(uintptr_t)head | (head ? state : EP_IDLE);
}

/* ep_append on a queue that is empty or already in `state` (receivers
 * joining receivers, waiters joining waiters): the state word is written
 * only for the first. The fastpaths use it (a queue with a tail most often
 * has none: the hint keeps that case free of jumps). */
static inline __attribute__((always_inline)) void ep_append_same_state(struct endpoint *ep,
                                                                       struct tcb *t, unsigned state)
{
    struct tcb *tail = (struct tcb *)(uintptr_t)ep->queue_tail;
    t->ep_next = 0;
    t->ep_prev = tail;
    if (__builtin_expect(tail != 0, 0))
        tail->ep_next = t;
    else
        ep_set(ep, t, state);
    ep->queue_tail = (uint64_t)(uintptr_t)t;
}

static inline void ep_append(struct endpoint *ep, struct tcb *t, unsigned state)
{
    ep_append_same_state(ep, t, state);
    ep_set(ep, ep_head(ep), state);
}

static inline void ep_remove(struct endpoint *ep, struct tcb *t)
{
    unsigned state = ep_state(ep);
    if (t->ep_prev)
        t->ep_prev->ep_next = t->ep_next;
    else
        ep_set(ep, t->ep_next, state);
    if (t->ep_next)
        t->ep_next->ep_prev = t->ep_prev;
    else
        ep->queue_tail = (uint64_t)(uintptr_t)t->ep_prev;
    t->ep_next = t->ep_prev = 0;
}

/* The object the queue belongs to is going away: every thread on it (from
 * `head` on) re-executes its system call. The caller empties the queue. */
void queue_restart_all(struct tcb *head);

/* The caller of a Call waits for the reply: the receiver gets a reply cap
 * (a child of the caller's master reply cap) in its caller slot. */
void setup_caller_cap(struct tcb *sender, struct tcb *receiver, bool can_grant);

#endif
