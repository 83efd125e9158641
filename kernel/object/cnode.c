/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CNode invocations: Copy, Mint, Move, Mutate, Rotate, Delete, Revoke,
 * CancelBadgedSends and SaveCaller, each decoded (every argument and slot
 * checked, nothing changed) before it is invoked, with seL4's error rules.
 */
#include <abi/invocation_labels.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>

static bool ensure_empty(struct cte *s, struct syscall_error *err)
{
    if (!cap_is_null(s->cap)) {
        error_set(err, CND_DELETE_FIRST);
        return false;
    }
    return true;
}

static bool missing_source(struct syscall_error *err, bool is_source, uint64_t depth)
{
    struct lookup_fault lf = { .type = LOOKUP_MISSING_CAPABILITY, .bits_left = depth };
    error_failed_lookup(err, is_source, &lf);
    return false;
}

/* Copy, Mint, Move, Mutate: a cap from a source slot into `dest`. */
static enum invoke_status decode_transfer(struct invocation *inv, struct cte *dest,
                                          struct syscall_error *err)
{
    if (inv->length < 4 || inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    uint64_t src_index = inv_mr(inv, 2), src_depth = inv_mr(inv, 3) & 0xff;
    if (!ensure_empty(dest, err))
        return INVOKE_ERROR;
    struct cte *src;
    if (!cspace_lookup_for_op(true, inv_extra_cap(inv, 0), src_index, src_depth, &src, err))
        return INVOKE_ERROR;
    if (cap_is_null(src->cap)) {
        missing_source(err, true, src_depth);
        return INVOKE_ERROR;
    }

    struct cap new_cap;
    bool is_move = false;
    switch (inv->label) {
    case CND_LABEL_CNODE_COPY:
        if (inv->length < 5) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        if (!cap_derive(src, cap_mask_rights((unsigned)inv_mr(inv, 4), src->cap), &new_cap, err))
            return INVOKE_ERROR;
        break;
    case CND_LABEL_CNODE_MINT: {
        if (inv->length < 6) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        struct cap masked = cap_mask_rights((unsigned)inv_mr(inv, 4), src->cap);
        if (!cap_derive(src, cap_update_data(false, inv_mr(inv, 5), masked), &new_cap, err))
            return INVOKE_ERROR;
        break;
    }
    case CND_LABEL_CNODE_MOVE:
        new_cap = src->cap;
        is_move = true;
        break;
    default: /* Mutate */
        if (inv->length < 5) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        new_cap = cap_update_data(true, inv_mr(inv, 4), src->cap);
        is_move = true;
        break;
    }
    if (cap_is_null(new_cap)) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (is_move)
        cdt_move(new_cap, src, dest);
    else
        cdt_insert_derived(new_cap, src, dest);
    return INVOKE_DONE;
}

static enum invoke_status decode_rotate(struct invocation *inv, struct cte *dest,
                                        struct syscall_error *err)
{
    if (inv->length < 8 || inv->n_extra_caps < 2) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    uint64_t dest_data = inv_mr(inv, 2), pivot_index = inv_mr(inv, 3);
    uint64_t pivot_depth = inv_mr(inv, 4) & 0xff, pivot_data = inv_mr(inv, 5);
    uint64_t src_index = inv_mr(inv, 6), src_depth = inv_mr(inv, 7) & 0xff;
    struct cte *src, *pivot;
    if (!cspace_lookup_for_op(true, inv_extra_cap(inv, 1), src_index, src_depth, &src, err))
        return INVOKE_ERROR;
    if (!cspace_lookup_for_op(true, inv_extra_cap(inv, 0), pivot_index, pivot_depth, &pivot, err))
        return INVOKE_ERROR;
    if (pivot == src || pivot == dest) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (src != dest && !ensure_empty(dest, err))
        return INVOKE_ERROR;
    if (cap_is_null(src->cap)) {
        missing_source(err, true, src_depth);
        return INVOKE_ERROR;
    }
    if (cap_is_null(pivot->cap)) {
        missing_source(err, false, pivot_depth);
        return INVOKE_ERROR;
    }
    /* The pivot's cap goes to dest (with dest_data); the source's cap goes
     * to the pivot slot (with pivot_data). Neither may carry a new badge. */
    struct cap to_pivot = cap_update_data(true, pivot_data, src->cap);
    struct cap to_dest = cap_update_data(true, dest_data, pivot->cap);
    if (cap_is_null(to_pivot) || cap_is_null(to_dest)) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (src == dest) {
        cdt_swap(to_pivot, src, to_dest, pivot);
    } else {
        cdt_move(to_dest, pivot, dest);
        cdt_move(to_pivot, src, pivot);
    }
    return INVOKE_DONE;
}

static bool can_cancel_sends(struct cap c)
{
    return cap_type(c) == CAP_ENDPOINT && cap_rights(c) == RIGHTS_ALL;
}

enum invoke_status decode_cnode_invocation(struct invocation *inv, struct syscall_error *err)
{
    if (inv->label < CND_LABEL_CNODE_REVOKE || inv->label > CND_LABEL_CNODE_SAVE_CALLER) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (inv->length < 2) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    struct cte *dest;
    if (!cspace_lookup_for_op(false, inv->cap, inv_mr(inv, 0), inv_mr(inv, 1) & 0xff, &dest, err))
        return INVOKE_ERROR;

    switch (inv->label) {
    case CND_LABEL_CNODE_COPY:
    case CND_LABEL_CNODE_MINT:
    case CND_LABEL_CNODE_MOVE:
    case CND_LABEL_CNODE_MUTATE:
        return decode_transfer(inv, dest, err);
    case CND_LABEL_CNODE_ROTATE:
        return decode_rotate(inv, dest, err);
    case CND_LABEL_CNODE_REVOKE:
        inv->thread->state = THREAD_RESTART;
        return cte_revoke(dest) ? INVOKE_DONE : INVOKE_PREEMPTED;
    case CND_LABEL_CNODE_DELETE:
        inv->thread->state = THREAD_RESTART;
        return cte_delete(dest) ? INVOKE_DONE : INVOKE_PREEMPTED;
    case CND_LABEL_CNODE_SAVE_CALLER: {
        if (!ensure_empty(dest, err))
            return INVOKE_ERROR;
        struct cte *caller = &inv->thread->slots[TCB_CALLER];
        /* Nothing to save is not an error (seL4 says so only in debug). */
        if (cap_type(caller->cap) == CAP_REPLY && !cap_reply_is_master(caller->cap))
            cdt_move(caller->cap, caller, dest);
        return INVOKE_DONE;
    }
    default: /* CancelBadgedSends */
        if (!can_cancel_sends(dest->cap)) {
            error_set(err, CND_ILLEGAL_OPERATION);
            return INVOKE_ERROR;
        }
        /* Senders queued with this badge are released when endpoint IPC
         * exists; until then no thread can be queued on an endpoint. */
        return INVOKE_DONE;
    }
}
