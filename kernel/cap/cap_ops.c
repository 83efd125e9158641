/* SPDX-License-Identifier: BSD-2-Clause */
/* Deriving, masking and updating caps (see cnode.h), with seL4's rules. */
#include <abi/constants.h>
#include <abi/rights.h>
#include <kernel/cnode.h>

static enum vm_rights mask_vm_rights(enum vm_rights vm, unsigned rights)
{
    if (vm == VM_READ_ONLY && (rights & RIGHT_READ))
        return VM_READ_ONLY;
    if (vm == VM_READ_WRITE && (rights & RIGHT_READ))
        return (rights & RIGHT_WRITE) ? VM_READ_WRITE : VM_READ_ONLY;
    return VM_KERNEL_ONLY;
}

struct cap cap_mask_rights(unsigned rights, struct cap c)
{
    switch (cap_type(c)) {
    case CAP_ENDPOINT:
        return cap_set_rights(c, cap_rights(c) & rights & RIGHTS_ALL);
    case CAP_NOTIFICATION:
        /* Send and receive only: grant means nothing for notifications. */
        return cap_set_rights(c, cap_rights(c) & rights & (RIGHT_READ | RIGHT_WRITE));
    case CAP_REPLY:
        return cap_reply(cap_object(c), cap_reply_is_master(c),
                         cap_reply_can_grant(c) && (rights & RIGHT_GRANT));
    case CAP_FRAME:
        return cap_frame_set_rights(c, mask_vm_rights(cap_frame_rights(c), rights));
    default:
        return c;
    }
}

struct cap cap_update_data(bool preserve, uint64_t data, struct cap c)
{
    switch (cap_type(c)) {
    case CAP_ENDPOINT:
    case CAP_NOTIFICATION:
        /* A badge is set once, by Mint, on an unbadged cap. */
        if (!preserve && cap_badge(c) == 0)
            return cap_set_badge(c, data);
        return cap_null();
    case CAP_CNODE: {
        uint64_t guard_size = data & ((1u << CND_GUARD_SIZE_BITS) - 1);
        uint64_t guard = data >> CND_GUARD_SIZE_BITS;
        if (guard_size + cap_cnode_radix(c) > CND_WORD_BITS)
            return cap_null();
        guard &= guard_size == 0 ? 0 : (guard_size >= 64 ? ~0ULL : (1ULL << guard_size) - 1);
        return cap_cnode(cap_object(c), cap_cnode_radix(c), (unsigned)guard_size, guard);
    }
    default:
        return c;
    }
}

bool cap_derive(struct cte *slot, struct cap c, struct cap *out, struct syscall_error *err)
{
    switch (cap_type(c)) {
    case CAP_ZOMBIE:
    case CAP_IRQ_CONTROL:
    case CAP_REPLY:
        *out = cap_null();
        return true;
    case CAP_UNTYPED:
        if (cdt_has_children(slot)) {
            error_set(err, CND_REVOKE_FIRST);
            return false;
        }
        *out = c;
        return true;
    case CAP_FRAME:
        /* A copy starts unmapped: a frame cap maps at one place at a time. */
        *out = cap_set_mapping(c, false, 0, 0);
        return true;
    case CAP_PAGE_TABLE:
        if (!cap_page_table_is_mapped(c)) {
            error_set(err, CND_ILLEGAL_OPERATION);
            return false;
        }
        *out = c;
        return true;
    default:
        *out = c;
        return true;
    }
}
