/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped_Retype: carving kernel objects out of untyped memory. Memory above
 * an untyped's watermark is always zero; the watermark only goes back down by
 * a reset, which zeroes what was handed out (preemptibly) and happens when
 * the untyped has no children left. So objects are born zeroed, and device
 * memory is never touched.
 */
#include <abi/constants.h>
#include <abi/invocation_labels.h>
#include <abi/object_types.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/invariants.h>
#include <kernel/invocation.h>
#include <kernel/objects.h>
#include <kernel/string.h>
#include <kernel/tcb.h>
#include <kernel/untyped.h>

#define RESET_CHUNK_BITS 8


struct cap object_create(uint64_t type, uint64_t user_size, uint64_t paddr, bool device)
{
    switch (type) {
    case CND_OBJ_UNTYPED:
        /* Its memory is zero already: nothing to reset before first use. */
        return cap_untyped(paddr, (unsigned)user_size, device, 0);
    case CND_OBJ_TCB: {
        struct tcb *t = paddr_to_kptr(paddr);
        t->state = THREAD_INACTIVE;
        thread_registry_add(t);
        arch_context_init(&t->ctx);
        return cap_thread(paddr);
    }
    case CND_OBJ_ENDPOINT:
        return cap_endpoint(paddr, 0, RIGHTS_ALL);
    case CND_OBJ_NOTIFICATION:
        return cap_notification(paddr, 0, RIGHTS_ALL);
    case CND_OBJ_CAP_TABLE:
        return cap_cnode(paddr, (unsigned)user_size, 0, 0);
    case CND_OBJ_GIGA_PAGE:
        return cap_frame(paddr, FRAME_1G, VM_READ_WRITE, device);
    case CND_OBJ_MEGA_PAGE:
        return cap_frame(paddr, FRAME_2M, VM_READ_WRITE, device);
    case CND_OBJ_4K_PAGE:
        return cap_frame(paddr, FRAME_4K, VM_READ_WRITE, device);
    case CND_OBJ_PAGE_TABLE:
        return cap_page_table(paddr);
    default:
        return cap_null();
    }
}

bool untyped_reset(struct cte *slot)
{
    struct cap c = slot->cap;
    uint64_t used = cap_untyped_free_index(c);
    if (used == 0)
        return true;
    if (cap_untyped_is_device(c)) {
        slot->cap = cap_untyped_set_free_index(c, 0);
        return true;
    }
    uint8_t *base = paddr_to_kptr(cap_object(c));
    /* From the top down, a chunk at a time, so the watermark always marks
     * where zeroed memory begins. */
    uint64_t chunk = 1ULL << RESET_CHUNK_BITS;
    while (used > 0) {
        uint64_t start = (used - 1) & ~(chunk - 1);
        memset(base + start, 0, used - start);
        used = start;
        slot->cap = cap_untyped_set_free_index(slot->cap, used);
        if (used > 0 && preemption_point())
            return false;
    }
    return true;
}

enum invoke_status decode_untyped_invocation(struct invocation *inv, struct syscall_error *err)
{
    if (inv->label != CND_LABEL_UNTYPED_RETYPE) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (inv->length < 6 || inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    uint64_t type = inv_mr(inv, 0), user_size = inv_mr(inv, 1);
    uint64_t node_index = inv_mr(inv, 2), node_depth = inv_mr(inv, 3);
    uint64_t node_offset = inv_mr(inv, 4), window = inv_mr(inv, 5);
    struct cap root = inv_extra_cap(inv, 0);
    struct cap ut = inv->cap;

    if (type >= CND_OBJECT_TYPE_COUNT) {
        error_invalid_argument(err, 0);
        return INVOKE_ERROR;
    }
    unsigned size_bits = object_size_bits(type, user_size < 64 ? user_size : 0);
    if (user_size >= CND_WORD_BITS || size_bits > CND_MAX_UNTYPED_BITS) {
        error_range(err, 0, CND_MAX_UNTYPED_BITS);
        return INVOKE_ERROR;
    }
    if (type == CND_OBJ_CAP_TABLE && user_size == 0) {
        error_invalid_argument(err, 1);
        return INVOKE_ERROR;
    }
    if (type == CND_OBJ_UNTYPED && user_size < CND_MIN_UNTYPED_BITS) {
        error_invalid_argument(err, 1);
        return INVOKE_ERROR;
    }

    /* Where the new caps go: the root cap itself (depth 0) or the CNode
     * its index/depth names. */
    struct cap node = root;
    if (node_depth != 0) {
        struct cte *s;
        if (!cspace_lookup_for_op(false, root, node_index, node_depth, &s, err))
            return INVOKE_ERROR;
        node = s->cap;
    }
    if (cap_type(node) != CAP_CNODE) {
        struct lookup_fault lf = { .type = LOOKUP_MISSING_CAPABILITY, .bits_left = node_depth };
        error_failed_lookup(err, false, &lf);
        return INVOKE_ERROR;
    }
    uint64_t node_size = 1ULL << cap_cnode_radix(node);
    if (node_offset > node_size - 1) {
        error_range(err, 0, node_size - 1);
        return INVOKE_ERROR;
    }
    if (window < 1 || window > CND_RETYPE_FAN_OUT_LIMIT) {
        error_range(err, 1, CND_RETYPE_FAN_OUT_LIMIT);
        return INVOKE_ERROR;
    }
    if (window > node_size - node_offset) {
        error_range(err, 1, node_size - node_offset);
        return INVOKE_ERROR;
    }
    struct cte *dest = cnode_slot(node, node_offset);
    for (uint64_t i = 0; i < window; i++) {
        if (!cap_is_null(dest[i].cap)) {
            error_set(err, CND_DELETE_FIRST);
            return INVOKE_ERROR;
        }
    }

    /* An untyped with no children is reset (emptied) first. */
    bool reset = !cdt_has_children(inv->slot);
    uint64_t free_index = reset ? 0 : cap_untyped_free_index(ut);
    struct retype_plan plan;
    if (!untyped_plan(cap_object(ut), cap_untyped_size_bits(ut), free_index, size_bits, window,
                      &plan)) {
        error_not_enough_memory(err, plan.free_bytes);
        return INVOKE_ERROR;
    }
    bool device = cap_untyped_is_device(ut);
    if (device && !object_is_frame(type) && type != CND_OBJ_UNTYPED) {
        error_invalid_argument(err, 1);
        return INVOKE_ERROR;
    }

    /* Invoke: cannot fail from here; only the reset may be preempted. */
    inv->thread->state = THREAD_RESTART;
    if (reset && !untyped_reset(inv->slot))
        return INVOKE_PREEMPTED;
    inv->slot->cap = cap_untyped_set_free_index(inv->slot->cap, plan.new_free_index);
    for (uint64_t i = 0; i < window; i++) {
        uint64_t paddr = plan.first + (i << size_bits);
        cdt_insert_new(object_create(type, user_size, paddr, device), inv->slot, &dest[i]);
    }
    return INVOKE_DONE;
}
