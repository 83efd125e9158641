/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ASIDs: 128 pools of 512, found through a fixed kernel table. ASIDControl
 * MakePool turns a 4 KiB untyped into the next free pool; ASIDPool Assign
 * gives a page table the pool's next free ASID, making it a VSpace root
 * (with the kernel's mappings copied into its upper half).
 */
#include <abi/constants.h>
#include <abi/invocation_labels.h>
#include <arch/invocation.h>
#include <arch/vm.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/objects.h>
#include <kernel/string.h>

enum invoke_status decode_asid_control_invocation(struct invocation *inv, struct syscall_error *err)
{
    if (inv->label != CND_LABEL_RISCV_ASID_CONTROL_MAKE_POOL) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (inv->length < 2 || inv->n_extra_caps < 2) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    unsigned index = 0;
    while (index < ASID_POOLS && asid_table[index])
        index++;
    if (index == ASID_POOLS) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    struct cte *parent = inv->extra_slots[0];
    struct cap ut = parent->cap;
    if (cap_type(ut) != CAP_UNTYPED || cap_untyped_size_bits(ut) != CND_ASID_POOL_BITS ||
        cap_untyped_is_device(ut)) {
        error_invalid_capability(err, 1);
        return INVOKE_ERROR;
    }
    if (cdt_has_children(parent)) {
        error_set(err, CND_REVOKE_FIRST);
        return INVOKE_ERROR;
    }
    struct cte *dest;
    if (!cspace_lookup_for_op(false, inv_extra_cap(inv, 1), inv_mr(inv, 0), inv_mr(inv, 1) & 0xff,
                              &dest, err))
        return INVOKE_ERROR;
    if (!cap_is_null(dest->cap)) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    /* Invoke: the whole untyped becomes the pool. */
    parent->cap = cap_untyped_set_free_index(ut, 1ULL << CND_ASID_POOL_BITS);
    struct asid_pool *pool = paddr_to_kptr(cap_object(ut));
    memset(pool, 0, sizeof *pool);
    cdt_insert_derived(cap_asid_pool(cap_object(ut), index), parent, dest);
    asid_table[index] = pool;
    return INVOKE_DONE;
}

enum invoke_status decode_asid_pool_invocation(struct invocation *inv, struct syscall_error *err)
{
    if (inv->label != CND_LABEL_RISCV_ASID_POOL_ASSIGN) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    struct cte *vspace_slot = inv->extra_slots[0];
    struct cap vspace = vspace_slot->cap;
    if (cap_type(vspace) != CAP_PAGE_TABLE || cap_page_table_is_mapped(vspace)) {
        error_invalid_capability(err, 1);
        return INVOKE_ERROR;
    }
    unsigned index = cap_asid_pool_index(inv->cap);
    struct asid_pool *pool = asid_table[index];
    if (!pool) {
        struct lookup_fault lf = { .type = LOOKUP_INVALID_ROOT };
        error_failed_lookup(err, false, &lf);
        return INVOKE_ERROR;
    }
    if (pool != paddr_to_kptr(cap_object(inv->cap))) {
        error_invalid_capability(err, 0);
        return INVOKE_ERROR;
    }
    unsigned base = index << CND_ASID_POOL_INDEX_BITS, i = 0;
    while (i < ASID_POOL_ENTRIES && (base + i == 0 || pool->vspace_root[i]))
        i++;
    if (i == ASID_POOL_ENTRIES) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    /* Invoke. A fresh VSpace root gets the kernel half; its user half is
     * what the untyped gave it (zero). */
    uint16_t asid = (uint16_t)(base + i);
    paddr_t root = cap_object(vspace);
    vm_init_kernel_half(paddr_to_kptr(root));
    vspace_slot->cap = cap_set_mapping(vspace, true, asid, 0);
    pool->vspace_root[i] = root;
    /* The ASID may have been used before: no stale entries may survive. */
    vspace_flush_asid(asid);
    return INVOKE_DONE;
}
