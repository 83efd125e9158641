/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Replies: the one-shot reply cap a Call leaves in the receiver's caller
 * slot names the blocked caller. Replying transfers the message (or, to a
 * thread that faulted, applies the handler's answer), deletes the cap and
 * wakes the caller.
 */
#include <kernel/cnode.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>

void reply_transfer(struct tcb *sender, struct tcb *receiver, struct cte *slot, bool grant)
{
    if (receiver->fault.type == 0) {
        ipc_transfer(sender, 0, 0, grant, receiver);
        cte_delete_one(slot);
        receiver->state = THREAD_RUNNING;
        sched_possible_switch_to(receiver);
        return;
    }
    cte_delete_one(slot);
    bool restart = fault_handle_reply(receiver, sender);
    receiver->fault.type = 0;
    if (restart) {
        receiver->state = THREAD_RESTART;
        sched_possible_switch_to(receiver);
    } else {
        receiver->state = THREAD_INACTIVE;
    }
}

void reply_from_caller_slot(struct tcb *t)
{
    struct cte *slot = &t->slots[TCB_CALLER];
    struct cap c = slot->cap;
    if (cap_type(c) != CAP_REPLY || cap_reply_is_master(c))
        return;
    struct tcb *caller = paddr_to_kptr(cap_object(c));
    if (caller->state != THREAD_BLOCKED_ON_REPLY) {
        cte_delete_one(slot);
        return;
    }
    reply_transfer(t, caller, slot, cap_reply_can_grant(c));
}

void reply_delete_caller_cap(struct tcb *t)
{
    cte_delete_one(&t->slots[TCB_CALLER]);
}
