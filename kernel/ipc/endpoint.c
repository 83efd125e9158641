/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Endpoints: FIFO queues of senders or receivers and the rendezvous between
 * them. A queue holds threads of one kind only; its state says which.
 */
#include <kernel/cnode.h>
#include <kernel/ep_queue.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>

/* The sender of a Call waits for the reply: the receiver gets a reply cap
 * (a child of the sender's master reply cap) in its caller slot. */
void setup_caller_cap(struct tcb *sender, struct tcb *receiver, bool can_grant)
{
    sender->state = THREAD_BLOCKED_ON_REPLY;
    struct cte *master = &sender->slots[TCB_REPLY];
    struct cte *caller = &receiver->slots[TCB_CALLER];
    /* A receiver only gets here with an empty caller slot (receive deletes
     * the old one first). */
    cdt_insert_derived(cap_reply(kptr_to_paddr(sender), false, can_grant), master, caller);
}

void endpoint_send(struct tcb *t, struct endpoint *ep, uint64_t badge, bool can_grant,
                   bool can_grant_reply, bool blocking, bool is_call)
{
    if (ep_state(ep) != EP_RECV) {
        if (!blocking)
            return;
        t->state = THREAD_BLOCKED_ON_SEND;
        t->blocking_object = (uint64_t)(uintptr_t)ep;
        t->blocking_badge = badge;
        t->blocking_can_grant = can_grant;
        t->blocking_can_grant_reply = can_grant_reply;
        t->blocking_is_call = is_call;
        ep_append(ep, t, EP_SEND);
        sched_reschedule();
        return;
    }
    struct tcb *dest = ep_head(ep);
    ep_remove(ep, dest);
    ipc_transfer(t, ep, badge, can_grant, dest);
    bool reply_can_grant = dest->blocking_can_grant;
    dest->state = THREAD_RUNNING;
    /* A caller blocks before the switch decision, so that the receiver can
     * take over directly. */
    if (is_call) {
        if (can_grant || can_grant_reply)
            setup_caller_cap(t, dest, reply_can_grant);
        else
            t->state = THREAD_INACTIVE;
    }
    sched_possible_switch_to(dest);
}

void endpoint_receive(struct tcb *t, struct cap ep_cap, bool blocking)
{
    struct endpoint *ep = paddr_to_kptr(cap_object(ep_cap));
    /* A bound notification with a signal pending answers first. */
    struct notification *n = t->bound_notification;
    if (n && (n->queue_head_state & 3) == NTFN_ACTIVE) {
        ctx_set(&t->ctx, REG_A0, n->word);
        n->word = 0;
        n->queue_head_state = NTFN_IDLE;
        return;
    }
    if (ep_state(ep) != EP_SEND) {
        if (!blocking) {
            ctx_set(&t->ctx, REG_A0, 0);
            return;
        }
        t->state = THREAD_BLOCKED_ON_RECEIVE;
        t->blocking_object = (uint64_t)(uintptr_t)ep;
        t->blocking_can_grant = cap_rights(ep_cap) & RIGHT_GRANT;
        ep_append(ep, t, EP_RECV);
        sched_reschedule();
        return;
    }
    struct tcb *sender = ep_head(ep);
    ep_remove(ep, sender);
    ipc_transfer(sender, ep, sender->blocking_badge, sender->blocking_can_grant, t);
    if (sender->blocking_is_call) {
        if (sender->blocking_can_grant || sender->blocking_can_grant_reply)
            setup_caller_cap(sender, t, cap_rights(ep_cap) & RIGHT_GRANT);
        else
            sender->state = THREAD_INACTIVE;
    } else {
        sender->state = THREAD_RUNNING;
        sched_possible_switch_to(sender);
    }
}

void ipc_cancel(struct tcb *t)
{
    switch (t->state) {
    case THREAD_BLOCKED_ON_SEND:
    case THREAD_BLOCKED_ON_RECEIVE:
        ep_remove((struct endpoint *)(uintptr_t)t->blocking_object, t);
        t->state = THREAD_INACTIVE;
        break;
    case THREAD_BLOCKED_ON_NOTIFICATION: {
        struct notification *n = (struct notification *)(uintptr_t)t->blocking_object;
        /* Notification queues use the same layout as endpoint queues. */
        ep_remove((struct endpoint *)(void *)n, t);
        t->state = THREAD_INACTIVE;
        break;
    }
    case THREAD_BLOCKED_ON_REPLY: {
        /* The reply cap somebody holds for us is the master's child. */
        t->fault.type = 0;
        struct cte *master = &t->slots[TCB_REPLY];
        struct cte *child = cte_next(master);
        if (child && cdt_is_parent_of(master, child))
            cte_delete_one(child);
        t->state = THREAD_INACTIVE;
        break;
    }
    default:
        break;
    }
}

void queue_restart_all(struct tcb *t)
{
    while (t) {
        struct tcb *next = t->ep_next;
        t->ep_next = t->ep_prev = 0;
        t->state = THREAD_RESTART;
        sched_append(t);
        t = next;
    }
    sched_reschedule();
}

void endpoint_cancel_all(struct endpoint *ep)
{
    struct tcb *t = ep_head(ep);
    ep_set(ep, 0, EP_IDLE);
    ep->queue_tail = 0;
    queue_restart_all(t);
}

void endpoint_cancel_badged_sends(struct endpoint *ep, uint64_t badge)
{
    if (ep_state(ep) != EP_SEND)
        return;
    for (struct tcb *t = ep_head(ep), *next; t; t = next) {
        next = t->ep_next;
        if (t->blocking_badge == badge) {
            ep_remove(ep, t);
            t->state = THREAD_RESTART;
            sched_append(t);
        }
    }
    sched_reschedule();
}
