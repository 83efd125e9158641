/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving a message from one thread to another: message registers (MR0-3 in
 * a2-a5, the rest through both IPC buffers), badge and message info, extra
 * caps when the sender's cap has Grant (an endpoint cap to the endpoint in
 * use travels as its badge), and fault messages.
 */
#include <abi/ipc_buffer.h>
#include <abi/message_info.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/ipc.h>

#define MSG_REGISTERS 4

/* The empty slot where `receiver` takes a cap, or NULL. */
static struct cte *receive_slot(struct tcb *receiver, const struct cnd_ipc_buffer *buf)
{
    struct cte *cnode_slot, *slot;
    struct lookup_fault lf;
    if (!cspace_lookup_slot(receiver->slots[TCB_CTABLE].cap, buf->receive_cnode, &cnode_slot, &lf))
        return 0;
    struct syscall_error err;
    if (!cspace_lookup_for_op(false, cnode_slot->cap, buf->receive_index, buf->receive_depth,
                              &slot, &err))
        return 0;
    return cap_is_null(slot->cap) ? slot : 0;
}

static unsigned copy_mrs(struct tcb *sender, const uint64_t *sbuf, struct tcb *receiver,
                         uint64_t *rbuf, unsigned n)
{
    unsigned i = 0;
    for (; i < n && i < MSG_REGISTERS; i++)
        tcb_set_mr(receiver, 0, i, tcb_get_mr(sender, 0, i));
    if (!sbuf || !rbuf)
        return i;
    for (; i < n; i++)
        rbuf[1 + i] = sbuf[1 + i];
    return i;
}

/* Extra caps: returns the message info's extraCaps and capsUnwrapped. */
static void transfer_caps(struct tcb *sender, const uint64_t *sbuf, unsigned n_caps,
                          struct endpoint *ep, struct tcb *receiver, uint64_t *rbuf,
                          unsigned *extra_out, unsigned *unwrapped_out)
{
    struct cte *caps[CND_MSG_MAX_EXTRA_CAPS] = { 0 };
    const struct cnd_ipc_buffer *sb = (const void *)sbuf;
    struct cnd_ipc_buffer *rb = (void *)rbuf;
    *extra_out = *unwrapped_out = 0;
    /* A failed lookup of any extra cap means none are sent. */
    for (unsigned i = 0; i < n_caps; i++) {
        struct lookup_fault lf;
        if (!cspace_lookup_slot(sender->slots[TCB_CTABLE].cap, sb->caps_or_badges[i], &caps[i], &lf)) {
            caps[0] = 0;
            break;
        }
    }
    if (!caps[0] || !rbuf)
        return;
    struct cte *dest = receive_slot(receiver, rb);
    unsigned i = 0;
    for (; i < CND_MSG_MAX_EXTRA_CAPS && i < n_caps && caps[i]; i++) {
        struct cap c = caps[i]->cap;
        if (cap_type(c) == CAP_ENDPOINT && ep && paddr_to_kptr(cap_object(c)) == (void *)ep) {
            /* A cap to the endpoint in use arrives as its badge. */
            rb->caps_or_badges[i] = cap_badge(c);
            *unwrapped_out |= 1u << i;
            continue;
        }
        struct cap derived;
        struct syscall_error err;
        if (!dest || !cap_derive(caps[i], c, &derived, &err) || cap_is_null(derived))
            break;
        cdt_insert_derived(derived, caps[i], dest);
        dest = 0;
    }
    *extra_out = i;
}

static void transfer_fault(struct tcb *sender, uint64_t badge, struct tcb *receiver, uint64_t *rbuf)
{
    unsigned sent = 0;
    for (; sent < sender->fault.length; sent++)
        if (!tcb_set_mr(receiver, rbuf, sent, sender->fault.words[sent]))
            break;
    ctx_set(&receiver->ctx, REG_A1,
            cnd_msginfo_to_word(cnd_msginfo_new(sender->fault.type, 0, 0, sent)));
    ctx_set(&receiver->ctx, REG_A0, badge);
}

void ipc_transfer(struct tcb *sender, struct endpoint *ep, uint64_t badge, bool grant,
                  struct tcb *receiver)
{
    uint64_t *rbuf = tcb_ipc_buffer(receiver, true);
    if (sender->fault.type) {
        transfer_fault(sender, badge, receiver, rbuf);
        return;
    }
    cnd_msginfo_t info = cnd_msginfo_from_word(ctx_get(&sender->ctx, REG_A1));
    uint64_t *sbuf = tcb_ipc_buffer(sender, false);
    unsigned length = (unsigned)cnd_msginfo_get_length(info);
    if (length > CND_MSG_MAX_LENGTH)
        length = CND_MSG_MAX_LENGTH;
    unsigned extra = 0, unwrapped = 0;
    unsigned n_caps = grant && sbuf ? (unsigned)cnd_msginfo_get_extra_caps(info) : 0;
    unsigned sent = copy_mrs(sender, sbuf, receiver, rbuf, length);
    if (n_caps)
        transfer_caps(sender, sbuf, n_caps, ep, receiver, rbuf, &extra, &unwrapped);
    ctx_set(&receiver->ctx, REG_A1,
            cnd_msginfo_to_word(cnd_msginfo_new(cnd_msginfo_get_label(info), unwrapped, extra, sent)));
    ctx_set(&receiver->ctx, REG_A0, badge);
}
