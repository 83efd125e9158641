/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications: a word of badges OR-ed together by Signal, collected by
 * Wait (blocking) or Poll; a bound notification also wakes its thread while
 * it waits on an endpoint. Waiting threads queue like endpoint waiters (same
 * queue layout in the first two words).
 */
#include <kernel/ep_queue.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>

static unsigned ntfn_state(const struct notification *n)
{
    return (unsigned)(n->queue_head_state & 3);
}

static struct tcb *ntfn_head(const struct notification *n)
{
    return (struct tcb *)(uintptr_t)(n->queue_head_state & ~3ULL);
}

static void ntfn_set(struct notification *n, struct tcb *head, unsigned state)
{
    n->queue_head_state = (uint64_t)(uintptr_t)head | state;
}

static void ntfn_dequeue_head(struct notification *n)
{
    struct tcb *t = ntfn_head(n);
    struct tcb *next = t->ep_next;
    if (next)
        next->ep_prev = 0;
    else
        n->queue_tail = 0;
    ntfn_set(n, next, next ? NTFN_WAITING : NTFN_IDLE);
    t->ep_next = t->ep_prev = 0;
}

static void wake_with_badge(struct tcb *t, uint64_t badge)
{
    t->state = THREAD_RUNNING;
    ctx_set(&t->ctx, REG_A0, badge);
    sched_possible_switch_to(t);
}

void notification_signal(struct notification *n, uint64_t badge)
{
    switch (ntfn_state(n)) {
    case NTFN_IDLE: {
        struct tcb *bound = (struct tcb *)(uintptr_t)n->bound_tcb;
        if (bound && bound->state == THREAD_BLOCKED_ON_RECEIVE) {
            /* The bound thread waits on an endpoint: the signal ends that. */
            ipc_cancel(bound);
            wake_with_badge(bound, badge);
        } else {
            n->word = badge;
            ntfn_set(n, 0, NTFN_ACTIVE);
        }
        break;
    }
    case NTFN_WAITING: {
        struct tcb *t = ntfn_head(n);
        ntfn_dequeue_head(n);
        wake_with_badge(t, badge);
        break;
    }
    default: /* active: accumulate */
        n->word |= badge;
        break;
    }
}

void notification_receive(struct tcb *t, struct cap ntfn_cap, bool blocking)
{
    struct notification *n = paddr_to_kptr(cap_object(ntfn_cap));
    if (ntfn_state(n) == NTFN_ACTIVE) {
        ctx_set(&t->ctx, REG_A0, n->word);
        n->word = 0;
        ntfn_set(n, 0, NTFN_IDLE);
        return;
    }
    if (!blocking) {
        ctx_set(&t->ctx, REG_A0, 0);
        return;
    }
    t->state = THREAD_BLOCKED_ON_NOTIFICATION;
    t->blocking_object = (uint64_t)(uintptr_t)n;
    struct tcb *tail = (struct tcb *)(uintptr_t)n->queue_tail;
    t->ep_next = 0;
    t->ep_prev = tail;
    if (tail)
        tail->ep_next = t;
    else
        ntfn_set(n, t, NTFN_WAITING);
    n->queue_tail = (uint64_t)(uintptr_t)t;
    sched_reschedule();
}

void notification_cancel_all(struct notification *n)
{
    if (ntfn_state(n) != NTFN_WAITING)
        return;
    struct tcb *t = ntfn_head(n);
    ntfn_set(n, 0, NTFN_IDLE);
    n->queue_tail = 0;
    queue_restart_all(t);
}

void notification_bind(struct tcb *t, struct notification *n)
{
    n->bound_tcb = (uint64_t)(uintptr_t)t;
    t->bound_notification = n;
}

void notification_unbind(struct tcb *t)
{
    struct notification *n = t->bound_notification;
    if (!n)
        return;
    n->bound_tcb = 0;
    t->bound_notification = 0;
}

void notification_destroy(struct notification *n)
{
    struct tcb *bound = (struct tcb *)(uintptr_t)n->bound_tcb;
    if (bound)
        notification_unbind(bound);
    notification_cancel_all(n);
}
