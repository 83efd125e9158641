/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TCB object: message registers and the IPC buffer. (TCB invocations come
 * with the threads work.)
 */
#include <arch/vm_layout.h>
#include <kernel/tcb.h>

uint64_t *tcb_ipc_buffer(struct tcb *t, bool for_write)
{
    struct cap c = t->slots[TCB_BUFFER].cap;
    if (cap_type(c) != CAP_FRAME || cap_frame_is_device(c))
        return 0;
    if (for_write && cap_frame_rights(c) != VM_READ_WRITE)
        return 0;
    if (cap_frame_rights(c) == VM_KERNEL_ONLY)
        return 0;
    uint64_t frame_mask = (1ULL << cap_object_size_bits(c)) - 1;
    return (uint64_t *)((uint8_t *)paddr_to_kptr(cap_object(c)) + (t->ipc_buffer & frame_mask));
}

/* MR0..3 live in a2..a5. */
static const unsigned mr_regs[4] = { REG_A2, REG_A3, REG_A4, REG_A5 };

uint64_t tcb_get_mr(struct tcb *t, const uint64_t *buffer, unsigned i)
{
    if (i < 4)
        return ctx_get(&t->ctx, mr_regs[i]);
    return buffer && i < CND_MSG_MAX_LENGTH ? buffer[1 + i] : 0;
}

bool tcb_set_mr(struct tcb *t, uint64_t *buffer, unsigned i, uint64_t v)
{
    if (i < 4) {
        ctx_set(&t->ctx, mr_regs[i], v);
        return true;
    }
    if (!buffer || i >= CND_MSG_MAX_LENGTH)
        return false;
    buffer[1 + i] = v;
    return true;
}
