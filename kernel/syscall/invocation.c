/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Send/NBSend/Call on a capability: look up the cap and the extra caps, hand
 * kernel objects to their decode functions and answer a Call with seL4's
 * reply (label 0 and the result words, or the error and its detail words).
 * Cap-type dispatch only; what each object does lives with the object.
 */
#include <abi/ipc_buffer.h>
#include <abi/message_info.h>
#include <arch/invocation.h>
#include <kernel/cspace.h>
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/invocation.h>
#include <kernel/printf.h>
#include <kernel/syscall.h>

uint64_t inv_mr(const struct invocation *inv, unsigned i)
{
    if (i >= inv->length)
        return 0;
    return tcb_get_mr(inv->thread, inv->buffer, i);
}

struct cap inv_extra_cap(const struct invocation *inv, unsigned i)
{
    return i < inv->n_extra_caps ? inv->extra_slots[i]->cap : cap_null();
}

void inv_reply_word(struct invocation *inv, unsigned i, uint64_t v)
{
    /* A reply word that does not fit (no buffer) is dropped, as seL4 does. */
    if (tcb_set_mr(inv->thread, tcb_ipc_buffer(inv->thread, true), i, v) && i + 1 > inv->reply_length)
        inv->reply_length = i + 1;
}

static enum invoke_status dispatch(struct invocation *inv, struct syscall_error *err)
{
    switch (cap_type(inv->cap)) {
    case CAP_UNTYPED:
        return decode_untyped_invocation(inv, err);
    case CAP_CNODE:
        return decode_cnode_invocation(inv, err);
    case CAP_DOMAIN:
        return decode_domain_invocation(inv, err);
    case CAP_SYSTEM_CONTROL:
        return decode_system_control_invocation(inv, err);
    case CAP_PAGE_TABLE:
        return decode_page_table_invocation(inv, err);
    case CAP_FRAME:
        return decode_frame_invocation(inv, err);
    case CAP_ASID_CONTROL:
        return decode_asid_control_invocation(inv, err);
    case CAP_ASID_POOL:
        return decode_asid_pool_invocation(inv, err);
    case CAP_THREAD:
        return decode_tcb_invocation(inv, err);
    case CAP_IRQ_CONTROL:
        return decode_irq_control_invocation(inv, err);
    case CAP_IRQ_HANDLER:
        return decode_irq_handler_invocation(inv, err);
    case CAP_ENDPOINT:
        if (!(cap_rights(inv->cap) & RIGHT_WRITE))
            break;
        inv->thread->state = THREAD_RESTART;
        endpoint_send(inv->thread, paddr_to_kptr(cap_object(inv->cap)), cap_badge(inv->cap),
                      cap_rights(inv->cap) & RIGHT_GRANT, cap_rights(inv->cap) & RIGHT_GRANT_REPLY,
                      inv->blocking, inv->is_call);
        return INVOKE_DONE;
    case CAP_NOTIFICATION:
        if (!(cap_rights(inv->cap) & RIGHT_WRITE))
            break;
        notification_signal(paddr_to_kptr(cap_object(inv->cap)), cap_badge(inv->cap));
        return INVOKE_DONE;
    case CAP_REPLY:
        if (cap_reply_is_master(inv->cap))
            break;
        reply_transfer(inv->thread, paddr_to_kptr(cap_object(inv->cap)), inv->slot,
                       cap_reply_can_grant(inv->cap));
        return INVOKE_DONE;
    default:
        break;
    }
    /* Null, zombie, and caps without the right to be invoked this way. */
    error_invalid_capability(err, 0);
    return INVOKE_ERROR;
}

/* Sets the caller's a0/a1 for a kernel reply of `label` with `length` words
 * (already in its message registers). */
static void reply_from_kernel(struct tcb *t, uint64_t label, unsigned length)
{
    ctx_set(&t->ctx, REG_A0, 0);
    ctx_set(&t->ctx, REG_A1, cnd_msginfo_to_word(cnd_msginfo_new(label, 0, 0, length)));
}

void syscall_invoke_at(struct tcb *t, bool blocking, bool is_call, struct cte *slot)
{
    cnd_msginfo_t info = cnd_msginfo_from_word(ctx_get(&t->ctx, REG_A1));
    struct invocation inv = {
        .thread = t,
        .label = cnd_msginfo_get_label(info),
        .length = (unsigned)cnd_msginfo_get_length(info),
        .cptr = ctx_get(&t->ctx, REG_A0),
        .is_call = is_call,
        .blocking = blocking,
    };
    if (inv.length > CND_MSG_MAX_LENGTH)
        inv.length = CND_MSG_MAX_LENGTH;

    struct lookup_fault lf;
    inv.slot = slot;
    if (!slot && !cspace_lookup_slot(t->slots[TCB_CTABLE].cap, inv.cptr, &inv.slot, &lf)) {
        if (blocking)
            fault_cap(t, inv.cptr, false, &lf);
        return;
    }
    inv.cap = inv.slot->cap;
    inv.buffer = tcb_ipc_buffer(t, false);
    unsigned extra = (unsigned)cnd_msginfo_get_extra_caps(info);
    /* Without an IPC buffer there are no extra caps to name. */
    for (unsigned i = 0; inv.buffer && i < extra; i++) {
        uint64_t cptr = ((const struct cnd_ipc_buffer *)inv.buffer)->caps_or_badges[i];
        if (!cspace_lookup_slot(t->slots[TCB_CTABLE].cap, cptr, &inv.extra_slots[i], &lf)) {
            if (blocking)
                fault_cap(t, cptr, false, &lf);
            return;
        }
        inv.n_extra_caps = i + 1;
    }
    if (!inv.buffer && inv.length > 4)
        inv.length = 4;

    struct syscall_error err = { .code = CND_NO_ERROR };
    enum invoke_status status = dispatch(&inv, &err);
    if (status == INVOKE_PREEMPTED) {
        t->state = THREAD_RESTART;
        return;
    }
    if (status == INVOKE_ERROR) {
        if (CONDUCTOR_DEBUG && print_user_errors)
            kprintf("<<%s pc %#lx: invocation label %lu on %s cap %#lx: %s>>\n", t->name,
                    (unsigned long)t->restart_pc, (unsigned long)inv.label,
                    cnd_cap_tag_name(cap_type(inv.cap)), (unsigned long)inv.cptr,
                    cnd_error_name(err.code));
        if (is_call) {
            uint64_t *buffer = tcb_ipc_buffer(t, true);
            unsigned n = 0;
            for (; n < err.n_words; n++)
                if (!tcb_set_mr(t, buffer, n, err.words[n]))
                    break;
            reply_from_kernel(t, err.code, n);
        }
        t->state = THREAD_RUNNING;
        return;
    }
    if (t->state == THREAD_RESTART || t->state == THREAD_RUNNING) {
        if (is_call)
            reply_from_kernel(t, 0, inv.reply_length);
        t->state = THREAD_RUNNING;
    }
}
