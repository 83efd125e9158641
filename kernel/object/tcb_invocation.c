/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TCB invocations with seL4's rules: registers (Read/Write/Copy in
 * seL4_UserContext order), Configure/SetSpace/SetIPCBuffer, priorities
 * bounded by the authority's MCP, Suspend/Resume, notification binding,
 * TLS base and flags.
 */
#include <abi/constants.h>
#include <abi/invocation_labels.h>
#include <arch/fpu.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>

/* seL4_UserContext order: pc, ra, sp, gp, s0..s11 (the "frame" registers),
 * then a0..a7, t0..t6, tp (the "integer" ones). 0 stands for pc. */
static const uint8_t context_regs[32] = {
    0, 1, 2, 3, 8, 9, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    10, 11, 12, 13, 14, 15, 16, 17, 5, 6, 7, 28, 29, 30, 31, 4,
};
#define FRAME_REGS 16
#define CONTEXT_REGS 32

static uint64_t get_context_reg(struct tcb *t, unsigned i)
{
    return context_regs[i] == 0 ? t->restart_pc : ctx_get(&t->ctx, context_regs[i]);
}

static void set_context_reg(struct tcb *t, unsigned i, uint64_t v)
{
    if (context_regs[i] == 0) {
        /* The pc is where it resumes, whether restarted or running. */
        t->restart_pc = v;
        t->ctx.pc = v;
    } else {
        ctx_set(&t->ctx, context_regs[i], v);
    }
}

static struct tcb *target_of(const struct invocation *inv)
{
    return paddr_to_kptr(cap_object(inv->cap));
}

static bool truncated(struct invocation *inv, unsigned words, unsigned caps,
                      struct syscall_error *err)
{
    if (inv->length < words || inv->n_extra_caps < caps) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return true;
    }
    return false;
}

/* A priority or MCP must not exceed the authority's MCP. */
static bool check_prio(uint64_t prio, struct cap authority_cap, struct syscall_error *err)
{
    struct tcb *auth = paddr_to_kptr(cap_object(authority_cap));
    if (prio > auth->mcp) {
        error_range(err, 0, auth->mcp);
        return false;
    }
    return true;
}

static enum invoke_status read_registers(struct invocation *inv, struct syscall_error *err)
{
    if (truncated(inv, 2, 0, err))
        return INVOKE_ERROR;
    struct tcb *t = target_of(inv);
    uint64_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (count < 1 || count > CONTEXT_REGS) {
        error_range(err, 1, CONTEXT_REGS);
        return INVOKE_ERROR;
    }
    if (t == inv->thread) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (flags & 1)
        thread_suspend(t, 0);
    for (unsigned i = 0; i < count; i++)
        inv_reply_word(inv, i, get_context_reg(t, i));
    return INVOKE_DONE;
}

static enum invoke_status write_registers(struct invocation *inv, struct syscall_error *err)
{
    if (truncated(inv, 2, 0, err))
        return INVOKE_ERROR;
    struct tcb *t = target_of(inv);
    uint64_t flags = inv_mr(inv, 0), count = inv_mr(inv, 1);
    if (count > CONTEXT_REGS)
        count = CONTEXT_REGS;
    if (inv->length - 2 < count) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    if (t == inv->thread) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    for (unsigned i = 0; i < count; i++)
        set_context_reg(t, i, inv_mr(inv, 2 + i));
    if (flags & 1)
        thread_restart(t);
    return INVOKE_DONE;
}

static enum invoke_status copy_registers(struct invocation *inv, struct syscall_error *err)
{
    if (truncated(inv, 1, 1, err))
        return INVOKE_ERROR;
    struct cap src_cap = inv_extra_cap(inv, 0);
    if (cap_type(src_cap) != CAP_THREAD) {
        error_invalid_capability(err, 1);
        return INVOKE_ERROR;
    }
    struct tcb *dest = target_of(inv), *src = paddr_to_kptr(cap_object(src_cap));
    uint64_t flags = inv_mr(inv, 0);
    if (flags & 1)
        thread_suspend(src, 0);
    if (flags & 2)
        thread_restart(dest);
    for (unsigned i = 0; i < CONTEXT_REGS; i++) {
        bool frame = i < FRAME_REGS;
        if ((frame && (flags & 4)) || (!frame && (flags & 8)))
            set_context_reg(dest, i, get_context_reg(src, i));
    }
    if (dest == inv->thread)
        sched_reschedule();
    return INVOKE_DONE;
}

/* Checks an IPC buffer: a non-device frame, the address 1 KiB aligned. */
static bool check_ipc_buffer(uint64_t vaddr, struct cap frame, struct syscall_error *err)
{
    if (cap_type(frame) != CAP_FRAME || cap_frame_is_device(frame)) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return false;
    }
    if (vaddr & ((1u << CND_IPC_BUFFER_SIZE_BITS) - 1)) {
        error_set(err, CND_ALIGNMENT_ERROR);
        return false;
    }
    return true;
}

/* The IPC buffer argument of Configure/SetIPCBuffer: address 0 means no
 * buffer; otherwise the frame cap in `slot` is derived and checked. */
static bool decode_buffer(uint64_t buffer, struct cte *slot, struct cap *cap, struct cte **src,
                          struct syscall_error *err)
{
    *cap = cap_null();
    *src = 0;
    if (!buffer)
        return true;
    *src = slot;
    return cap_derive(slot, slot->cap, cap, err) && check_ipc_buffer(buffer, *cap, err);
}

/* The new CSpace and VSpace roots for Configure/SetSpace, checked. */
struct space_args {
    struct cap cnode, vspace;
    struct cte *cnode_slot, *vspace_slot;
};

static bool decode_space(struct invocation *inv, unsigned cnode_cap, uint64_t cnode_data,
                         uint64_t vspace_data, struct space_args *s, struct syscall_error *err)
{
    struct tcb *t = target_of(inv);
    /* A root whose deletion is under way cannot be replaced now. */
    if (cap_type(t->slots[TCB_CTABLE].cap) == CAP_ZOMBIE ||
        cap_type(t->slots[TCB_VTABLE].cap) == CAP_ZOMBIE) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return false;
    }
    s->cnode_slot = inv->extra_slots[cnode_cap];
    s->vspace_slot = inv->extra_slots[cnode_cap + 1];
    struct cap c = s->cnode_slot->cap, v = s->vspace_slot->cap;
    if (cnode_data)
        c = cap_update_data(false, cnode_data, c);
    if (!cap_derive(s->cnode_slot, c, &s->cnode, err))
        return false;
    if (cap_type(s->cnode) != CAP_CNODE) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return false;
    }
    if (vspace_data)
        v = cap_update_data(false, vspace_data, v);
    if (!cap_derive(s->vspace_slot, v, &s->vspace, err))
        return false;
    if (cap_type(s->vspace) != CAP_PAGE_TABLE || !cap_page_table_is_mapped(s->vspace)) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return false;
    }
    return true;
}

/* Replaces the cap in one of the TCB's slots (preemptibly deleting the
 * old one); the new one is installed only if its source is unchanged. */
static bool install(struct tcb *t, enum tcb_slot which, struct cap c, struct cte *src,
                    struct cte *tcb_slot_of_invoked, struct cap invoked)
{
    struct cte *slot = &t->slots[which];
    vspace_epoch++;
    if (!cte_delete(slot))
        return false;
    if (src && cap_same_object(c, src->cap) && cap_same_object(invoked, tcb_slot_of_invoked->cap))
        cdt_insert_derived(c, src, slot);
    return true;
}

/* Installs a decoded IPC buffer (the invoke step of SetIPCBuffer and the
 * last of Configure). */
static enum invoke_status install_buffer(struct invocation *inv, struct tcb *t, uint64_t buffer,
                                         struct cap buffer_cap, struct cte *buffer_slot)
{
    if (!install(t, TCB_BUFFER, buffer_cap, buffer_slot, inv->slot, inv->cap))
        return INVOKE_PREEMPTED;
    t->ipc_buffer = buffer;
    if (t == inv->thread)
        sched_reschedule();
    return INVOKE_DONE;
}

static enum invoke_status decode_set_space(struct invocation *inv, bool configure,
                                           struct syscall_error *err)
{
    unsigned caps = configure ? 3 : 2, words = configure ? 4 : 3;
    if (truncated(inv, words, caps, err))
        return INVOKE_ERROR;
    struct tcb *t = target_of(inv);
    uint64_t fault_ep = inv_mr(inv, 0);
    struct cap buffer_cap = cap_null();
    struct cte *buffer_slot = 0;
    uint64_t buffer = configure ? inv_mr(inv, 3) : 0;
    if (configure && !decode_buffer(buffer, inv->extra_slots[2], &buffer_cap, &buffer_slot, err))
        return INVOKE_ERROR;
    struct space_args s;
    if (!decode_space(inv, 0, inv_mr(inv, 1), inv_mr(inv, 2), &s, err))
        return INVOKE_ERROR;

    inv->thread->state = THREAD_RESTART;
    t->fault_ep = fault_ep;
    if (!install(t, TCB_CTABLE, s.cnode, s.cnode_slot, inv->slot, inv->cap) ||
        !install(t, TCB_VTABLE, s.vspace, s.vspace_slot, inv->slot, inv->cap))
        return INVOKE_PREEMPTED;
    if (configure)
        return install_buffer(inv, t, buffer, buffer_cap, buffer_slot);
    if (t == inv->thread)
        sched_reschedule();
    return INVOKE_DONE;
}

static enum invoke_status decode_set_ipc_buffer(struct invocation *inv, struct syscall_error *err)
{
    if (truncated(inv, 1, 1, err))
        return INVOKE_ERROR;
    uint64_t buffer = inv_mr(inv, 0);
    struct cap buffer_cap;
    struct cte *buffer_slot;
    if (!decode_buffer(buffer, inv->extra_slots[0], &buffer_cap, &buffer_slot, err))
        return INVOKE_ERROR;
    inv->thread->state = THREAD_RESTART;
    return install_buffer(inv, target_of(inv), buffer, buffer_cap, buffer_slot);
}

static enum invoke_status decode_priority(struct invocation *inv, struct syscall_error *err)
{
    bool both = inv->label == CND_LABEL_TCB_SET_SCHED_PARAMS;
    if (truncated(inv, both ? 2 : 1, 1, err))
        return INVOKE_ERROR;
    struct cap auth = inv_extra_cap(inv, 0);
    if (cap_type(auth) != CAP_THREAD) {
        error_invalid_capability(err, 1);
        return INVOKE_ERROR;
    }
    struct tcb *t = target_of(inv);
    uint64_t a = inv_mr(inv, 0), b = inv_mr(inv, 1);
    if (!check_prio(a, auth, err) || (both && !check_prio(b, auth, err)))
        return INVOKE_ERROR;
    switch (inv->label) {
    case CND_LABEL_TCB_SET_PRIORITY:
        sched_set_priority(t, (uint32_t)a);
        break;
    case CND_LABEL_TCB_SET_MC_PRIORITY:
        t->mcp = (uint32_t)a;
        break;
    default: /* SetSchedParams: mcp, then priority */
        t->mcp = (uint32_t)a;
        sched_set_priority(t, (uint32_t)b);
        break;
    }
    return INVOKE_DONE;
}

static enum invoke_status decode_bind(struct invocation *inv, struct syscall_error *err)
{
    if (truncated(inv, 0, 1, err))
        return INVOKE_ERROR;
    struct tcb *t = target_of(inv);
    struct cap c = inv_extra_cap(inv, 0);
    if (t->bound_notification || cap_type(c) != CAP_NOTIFICATION || !(cap_rights(c) & RIGHT_READ)) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    struct notification *n = paddr_to_kptr(cap_object(c));
    /* Only a notification nobody waits on or is bound to can be bound. */
    if ((n->queue_head_state & ~3ULL) || n->bound_tcb) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    notification_bind(t, n);
    return INVOKE_DONE;
}

enum invoke_status decode_tcb_invocation(struct invocation *inv, struct syscall_error *err)
{
    struct tcb *t = target_of(inv);
    switch (inv->label) {
    case CND_LABEL_TCB_READ_REGISTERS:
        return read_registers(inv, err);
    case CND_LABEL_TCB_WRITE_REGISTERS:
        return write_registers(inv, err);
    case CND_LABEL_TCB_COPY_REGISTERS:
        return copy_registers(inv, err);
    case CND_LABEL_TCB_CONFIGURE:
        return decode_set_space(inv, true, err);
    case CND_LABEL_TCB_SET_SPACE:
        return decode_set_space(inv, false, err);
    case CND_LABEL_TCB_SET_IPC_BUFFER:
        return decode_set_ipc_buffer(inv, err);
    case CND_LABEL_TCB_SET_PRIORITY:
    case CND_LABEL_TCB_SET_MC_PRIORITY:
    case CND_LABEL_TCB_SET_SCHED_PARAMS:
        return decode_priority(inv, err);
    case CND_LABEL_TCB_SUSPEND:
        thread_suspend(t, 0);
        return INVOKE_DONE;
    case CND_LABEL_TCB_RESUME:
        thread_restart(t);
        return INVOKE_DONE;
    case CND_LABEL_TCB_BIND_NOTIFICATION:
        return decode_bind(inv, err);
    case CND_LABEL_TCB_UNBIND_NOTIFICATION:
        if (!t->bound_notification) {
            error_set(err, CND_ILLEGAL_OPERATION);
            return INVOKE_ERROR;
        }
        notification_unbind(t);
        return INVOKE_DONE;
    case CND_LABEL_TCB_SET_TLS_BASE:
        if (truncated(inv, 1, 0, err))
            return INVOKE_ERROR;
        ctx_set(&t->ctx, REG_TP, inv_mr(inv, 0));
        if (t == inv->thread)
            sched_reschedule();
        return INVOKE_DONE;
    case CND_LABEL_TCB_SET_FLAGS:
        if (truncated(inv, 2, 0, err))
            return INVOKE_ERROR;
        t->flags = (t->flags & ~inv_mr(inv, 0)) | (inv_mr(inv, 1) & CND_TCB_FLAG_MASK);
        arch_fpu_flags_changed(t);
        inv_reply_word(inv, 0, t->flags);
        return INVOKE_DONE;
    default:
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
}
