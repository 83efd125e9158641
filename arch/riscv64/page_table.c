/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PageTable objects: one type for every Sv39 level. A table assigned an ASID
 * is a VSpace root; any other is mapped under one with Map, at the level
 * the walk reaches (the first missing level for that address).
 */
#include <abi/invocation_labels.h>
#include <arch/invocation.h>
#include <arch/pte.h>
#include <arch/vm_layout.h>
#include <arch/vspace.h>
#include <abi/constants.h>
#include <kernel/cnode.h>
#include <kernel/string.h>

/* The VSpace root a mapped page-table cap names, checked against its ASID:
 * false with the error seL4 gives when the ASID no longer leads there. */
bool vspace_check_root(struct cap root_cap, unsigned which_cap, paddr_t *root,
                       struct syscall_error *err)
{
    if (cap_type(root_cap) != CAP_PAGE_TABLE || !cap_page_table_is_mapped(root_cap)) {
        error_invalid_capability(err, which_cap);
        return false;
    }
    paddr_t found = vspace_for_asid(cap_mapped_asid(root_cap));
    if (!found) {
        struct lookup_fault lf = { .type = LOOKUP_INVALID_ROOT };
        error_failed_lookup(err, false, &lf);
        return false;
    }
    if (found != cap_object(root_cap)) {
        error_invalid_capability(err, which_cap);
        return false;
    }
    *root = found;
    return true;
}

static bool is_vspace_root(struct cap c)
{
    return cap_page_table_is_mapped(c) && vspace_for_asid(cap_mapped_asid(c)) == cap_object(c);
}

enum invoke_status decode_page_table_invocation(struct invocation *inv, struct syscall_error *err)
{
    struct cap c = inv->cap;
    if (inv->label == CND_LABEL_RISCV_PAGE_TABLE_UNMAP) {
        if (!cdt_is_final(inv->slot) || is_vspace_root(c)) {
            error_set(err, CND_REVOKE_FIRST);
            return INVOKE_ERROR;
        }
        if (cap_page_table_is_mapped(c)) {
            vspace_unmap_page_table(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_object(c));
            /* An unmapped table starts empty: whatever it held is gone from
             * the address space, and it may next serve at another level. */
            memset(paddr_to_kptr(cap_object(c)), 0, 1UL << CND_PAGE_TABLE_BITS);
            inv->slot->cap = cap_set_mapping(c, false, 0, 0);
        }
        return INVOKE_DONE;
    }
    if (inv->label != CND_LABEL_RISCV_PAGE_TABLE_MAP) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    if (inv->length < 2 || inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    if (cap_page_table_is_mapped(c)) {
        error_invalid_capability(err, 0);
        return INVOKE_ERROR;
    }
    uint64_t vaddr = inv_mr(inv, 0);
    struct cap root_cap = inv_extra_cap(inv, 0);
    if (cap_type(root_cap) != CAP_PAGE_TABLE || !cap_page_table_is_mapped(root_cap)) {
        error_invalid_capability(err, 1);
        return INVOKE_ERROR;
    }
    if (vaddr >= USER_TOP) {
        error_invalid_argument(err, 0);
        return INVOKE_ERROR;
    }
    paddr_t root;
    if (!vspace_check_root(root_cap, 1, &root, err))
        return INVOKE_ERROR;
    struct pt_slot slot = vspace_lookup_pt_slot(root, vaddr);
    if (slot.bits_left == PAGE_BITS || pte_is_valid(*slot.pte)) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    /* Invoke: a non-leaf PTE carries only V (A, D, U are reserved there). */
    uint16_t asid = cap_mapped_asid(root_cap);
    inv->slot->cap = cap_set_mapping(c, true, asid, vaddr & ~((1ULL << slot.bits_left) - 1));
    *slot.pte = pte_make_table(cap_object(c));
    vspace_flush_asid(asid);
    return INVOKE_DONE;
}
