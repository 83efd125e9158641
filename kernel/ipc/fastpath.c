/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fastpath: Call and ReplyRecv in the common case -- a message in
 * registers only, no caps, the partner already waiting with a valid address
 * space, and nobody of higher priority ready -- go straight from one thread
 * to the other without the general invocation and transfer machinery. Every
 * other case (and every check that fails) takes the general path, which
 * gives identical results; the image option fastpath=off forces that.
 */
#include <abi/message_info.h>
#include <arch/fpu.h>
#include <arch/vm.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/ep_queue.h>
#include <kernel/fastpath.h>
#include <kernel/invariants.h>
#include <kernel/trap.h>
#include <kernel/sched.h>

bool fastpath_enabled = true;

#define MSG_REGISTERS 4

/* The message in registers: a1 = info (label, no caps, <= 4 words). */
static bool simple_message(const struct tcb *t, cnd_msginfo_t *info)
{
    *info = cnd_msginfo_from_word(ctx_get(&t->ctx, REG_A1));
    return cnd_msginfo_get_extra_caps(*info) == 0 && cnd_msginfo_get_length(*info) <= MSG_REGISTERS;
}

/* The endpoint cap at a0, or a non-endpoint/none. A one-level CSpace
 * (guard + radix = 64 bits, as the root task's) is resolved in place; any
 * other shape takes the general walk. */
static bool lookup_endpoint(struct tcb *t, struct cap *out)
{
    struct cap root = t->slots[TCB_CTABLE].cap;
    uint64_t cptr = ctx_get(&t->ctx, REG_A0);
    struct cte *slot;
    unsigned radix = cap_cnode_radix(root);
    if (cap_type(root) == CAP_CNODE && radix + cap_cnode_guard_size(root) == 64) {
        if ((cptr >> radix) != cap_cnode_guard(root))
            return false;
        slot = cnode_slot(root, cptr & ((1ULL << radix) - 1));
    } else {
        struct lookup_fault lf;
        if (!cspace_lookup_slot(root, cptr, &slot, &lf))
            return false;
    }
    *out = slot->cap;
    return cap_type(*out) == CAP_ENDPOINT;
}

/* Whether `t` can run right away: its VSpace is a live root. */
static bool vspace_ok(const struct tcb *t)
{
    struct cap v = t->slots[TCB_VTABLE].cap;
    return cap_type(v) == CAP_PAGE_TABLE && cap_page_table_is_mapped(v) &&
           vspace_for_asid(cap_mapped_asid(v)) == cap_object(v);
}

/* Leaves the kernel into `t` at once: the scheduler needs no work (checked
 * by sched_can_switch_directly: nothing else ready at or above its priority
 * and no time slice running), its VSpace was checked by vspace_ok. */
static void __attribute__((noreturn)) switch_to(struct tcb *t)
{
    sched_set_current(t);
    struct cap v = t->slots[TCB_VTABLE].cap;
    vm_activate(cap_object(v), cap_mapped_asid(v));
    thread_vspace_activated(t);
    arch_fpu_prepare(t);
#if CONDUCTOR_DEBUG
    invariants_check();
#endif
    arch_enter_user(&t->ctx);
}

static void copy_message(struct tcb *from, struct tcb *to, cnd_msginfo_t info, uint64_t badge)
{
    unsigned len = (unsigned)cnd_msginfo_get_length(info);
    for (unsigned i = 0; i < len; i++)
        ctx_set(&to->ctx, REG_A2 + i, ctx_get(&from->ctx, REG_A2 + i));
    ctx_set(&to->ctx, REG_A1,
            cnd_msginfo_to_word(cnd_msginfo_new(cnd_msginfo_get_label(info), 0, 0, len)));
    ctx_set(&to->ctx, REG_A0, badge);
}

bool fastpath_call(struct tcb *t)
{
    cnd_msginfo_t info;
    struct cap ep_cap;
    if (!fastpath_enabled || !simple_message(t, &info) || !lookup_endpoint(t, &ep_cap))
        return false;
    unsigned rights = cap_rights(ep_cap);
    /* The caller must be able to wait for a reply (Grant or GrantReply). */
    if (!(rights & RIGHT_WRITE) || !(rights & (RIGHT_GRANT | RIGHT_GRANT_REPLY)))
        return false;
    struct endpoint *ep = paddr_to_kptr(cap_object(ep_cap));
    if (ep_state(ep) != EP_RECV)
        return false;
    struct tcb *dest = ep_head(ep);
    if (!vspace_ok(dest) || !sched_can_switch_directly(dest))
        return false;

    ep_remove(ep, dest);
    copy_message(t, dest, info, cap_badge(ep_cap));
    setup_caller_cap(t, dest, dest->blocking_can_grant);
    dest->state = THREAD_RUNNING;
    switch_to(dest);
}

bool fastpath_reply_recv(struct tcb *t)
{
    cnd_msginfo_t info;
    struct cap ep_cap;
    if (!fastpath_enabled || !simple_message(t, &info) || !lookup_endpoint(t, &ep_cap))
        return false;
    if (!(cap_rights(ep_cap) & RIGHT_READ))
        return false;
    struct endpoint *ep = paddr_to_kptr(cap_object(ep_cap));
    /* A waiting sender, or a pending bound signal, must be received. */
    if (ep_state(ep) == EP_SEND)
        return false;
    struct notification *n = t->bound_notification;
    if (n && (n->queue_head_state & 3) == NTFN_ACTIVE)
        return false;
    struct cte *caller_slot = &t->slots[TCB_CALLER];
    struct cap reply = caller_slot->cap;
    if (cap_type(reply) != CAP_REPLY || cap_reply_is_master(reply))
        return false;
    struct tcb *caller = paddr_to_kptr(cap_object(reply));
    if (caller->state != THREAD_BLOCKED_ON_REPLY || caller->fault.type != 0 || !vspace_ok(caller) ||
        !sched_can_switch_directly(caller))
        return false;

    /* The replier blocks receiving on the endpoint... */
    t->state = THREAD_BLOCKED_ON_RECEIVE;
    t->blocking_object = (uint64_t)(uintptr_t)ep;
    t->blocking_can_grant = cap_rights(ep_cap) & RIGHT_GRANT;
    ep_append(ep, t, EP_RECV);
    /* ...and the caller gets the reply, its one-shot reply cap gone. */
    cdt_remove(caller_slot);
    copy_message(t, caller, info, 0);
    caller->state = THREAD_RUNNING;
    switch_to(caller);
}
