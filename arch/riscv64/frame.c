/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frame objects (4 KiB, 2 MiB, 1 GiB): Map with rights and attributes, Unmap,
 * GetAddress. A frame cap maps at one place at a time; sharing a frame is
 * mapping a copy of its cap. Remapping the same cap at the same address in
 * the same VSpace changes its rights. Every change is flushed before the
 * invocation returns.
 */
#include <abi/invocation_labels.h>
#include <abi/vm.h>
#include <arch/invocation.h>
#include <arch/pte.h>
#include <arch/vm_layout.h>
#include <arch/vspace.h>
#include <kernel/cnode.h>

bool vspace_check_root(struct cap root_cap, unsigned which_cap, paddr_t *root,
                       struct syscall_error *err);

/* seL4's makeUserPTE: no rights at all and not executable is an invalid
 * PTE (the cap still counts as mapped). Write implies read on RISC-V; a
 * write-only request arrives here as kernel-only rights. */
static pte_t make_user_pte(paddr_t frame, bool executable, enum vm_rights rights)
{
    bool read = rights != VM_KERNEL_ONLY, write = rights == VM_READ_WRITE;
    if (!executable && !read && !write)
        return 0;
    pte_t perms = PTE_U | (read ? PTE_R : 0) | (write ? PTE_W : 0) | (executable ? PTE_X : 0);
    /* A and D are set so cores that fault on clear A/D never do. */
    return ((frame >> PAGE_BITS) << PTE_PPN_SHIFT) | PTE_V | PTE_A | PTE_D | perms;
}

static enum vm_rights mask_rights(enum vm_rights vm, uint64_t rights)
{
    if (vm == VM_READ_ONLY && (rights & RIGHT_READ))
        return VM_READ_ONLY;
    if (vm == VM_READ_WRITE && (rights & RIGHT_READ))
        return (rights & RIGHT_WRITE) ? VM_READ_WRITE : VM_READ_ONLY;
    return VM_KERNEL_ONLY;
}

static enum invoke_status decode_map(struct invocation *inv, struct syscall_error *err)
{
    struct cap c = inv->cap;
    if (inv->length < 3 || inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    uint64_t vaddr = inv_mr(inv, 0), rights = inv_mr(inv, 1), attr = inv_mr(inv, 2);
    struct cap root_cap = inv_extra_cap(inv, 0);
    unsigned size_bits = (unsigned)cap_object_size_bits(c);
    paddr_t root;
    if (!vspace_check_root(root_cap, 1, &root, err))
        return INVOKE_ERROR;
    uint16_t asid = cap_mapped_asid(root_cap);
    uint64_t last = vaddr + (1ULL << size_bits) - 1;
    if (last < vaddr || last >= USER_TOP) {
        error_invalid_argument(err, 0);
        return INVOKE_ERROR;
    }
    if (vaddr & ((1ULL << size_bits) - 1)) {
        error_set(err, CND_ALIGNMENT_ERROR);
        return INVOKE_ERROR;
    }
    struct pt_slot slot = vspace_lookup_pt_slot(root, vaddr);
    if (slot.bits_left != size_bits) {
        struct lookup_fault lf = { .type = LOOKUP_MISSING_CAPABILITY, .bits_left = slot.bits_left };
        error_failed_lookup(err, false, &lf);
        return INVOKE_ERROR;
    }
    if (cap_frame_is_mapped(c)) {
        /* Remapping: same VSpace, same address, new rights. */
        if (cap_mapped_asid(c) != asid) {
            error_invalid_capability(err, 1);
            return INVOKE_ERROR;
        }
        if (cap_mapped_vaddr(c) != vaddr) {
            error_invalid_argument(err, 0);
            return INVOKE_ERROR;
        }
        if (pte_is_valid(*slot.pte) && !pte_is_leaf(*slot.pte)) {
            error_set(err, CND_DELETE_FIRST);
            return INVOKE_ERROR;
        }
    } else if (pte_is_valid(*slot.pte)) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    enum vm_rights vm = mask_rights(cap_frame_rights(c), rights);
    bool executable = !(attr & CND_VM_EXECUTE_NEVER);
    inv->slot->cap = cap_set_mapping(c, true, asid, vaddr);
    *slot.pte = make_user_pte(cap_object(c), executable, vm);
    vspace_flush_page(asid, vaddr);
    /* Newly executable memory: the instruction stream must see it. */
    if (executable)
        __asm__ volatile("fence.i" ::: "memory");
    return INVOKE_DONE;
}

enum invoke_status decode_frame_invocation(struct invocation *inv, struct syscall_error *err)
{
    struct cap c = inv->cap;
    switch (inv->label) {
    case CND_LABEL_RISCV_PAGE_MAP:
        return decode_map(inv, err);
    case CND_LABEL_RISCV_PAGE_UNMAP:
        if (cap_frame_is_mapped(c)) {
            vspace_unmap_frame(cap_mapped_asid(c), cap_mapped_vaddr(c), cap_object(c),
                               (unsigned)cap_object_size_bits(c));
            inv->slot->cap = cap_set_mapping(c, false, 0, 0);
        }
        return INVOKE_DONE;
    case CND_LABEL_RISCV_PAGE_GET_ADDRESS:
        inv_reply_word(inv, 0, cap_object(c));
        return INVOKE_DONE;
    default:
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
}
