/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupts as capabilities. IRQControl issues one IRQHandler cap per PLIC
 * source; the handler's SetNotification names where the interrupt goes (a
 * copy of that notification cap is kept in a kernel slot per line, so the
 * derivation tree knows about it). A line is masked until it has a
 * notification. An arriving interrupt is claimed, signalled, and left
 * claimed until the driver Acks it: that line stays quiet meanwhile while
 * every other line keeps flowing.
 */
#include <abi/invocation_labels.h>
#include <kernel/cnode.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/printf.h>
#include <platform/plic.h>

#define MAX_SOURCES 1024

enum irq_state { IRQ_INACTIVE = 0, IRQ_SIGNAL, IRQ_RESERVED };

static struct plic plic;
static bool plic_ready;
static uint8_t irq_state[MAX_SOURCES];
static bool irq_claimed[MAX_SOURCES];
static struct cte irq_slots[MAX_SOURCES];   /* notification cap per line */

struct cap irq_notification(uint64_t irq)
{
    return irq < MAX_SOURCES ? irq_slots[irq].cap : cap_null();
}

void irq_init(volatile void *plic_regs, uint32_t ndev, uint32_t context)
{
    if (ndev >= MAX_SOURCES)
        ndev = MAX_SOURCES - 1;
    plic_init(&plic, plic_regs, ndev, context);
    plic_ready = true;
}

uint32_t irq_max(void)
{
    return plic_ready ? plic.ndev : 0;
}

void irq_handle_external(void)
{
    if (!plic_ready)
        return;
    for (uint32_t irq; (irq = plic_claim(&plic)) != 0;) {
        struct cap c = irq < MAX_SOURCES ? irq_slots[irq].cap : cap_null();
        if (irq >= MAX_SOURCES || irq_state[irq] != IRQ_SIGNAL || cap_type(c) != CAP_NOTIFICATION) {
            /* Nobody listens: mask it, so it cannot storm. */
            plic_disable(&plic, irq);
            plic_complete(&plic, irq);
            continue;
        }
        irq_claimed[irq] = true;
        notification_signal(paddr_to_kptr(cap_object(c)), cap_badge(c));
    }
}

void irq_handler_destroy(uint64_t irq)
{
    if (irq >= MAX_SOURCES || !plic_ready)
        return;
    plic_disable(&plic, (uint32_t)irq);
    if (irq_claimed[irq]) {
        plic_complete(&plic, (uint32_t)irq);
        irq_claimed[irq] = false;
    }
    cte_delete_one(&irq_slots[irq]);
    irq_state[irq] = IRQ_INACTIVE;
}

enum invoke_status decode_irq_control_invocation(struct invocation *inv, struct syscall_error *err)
{
    bool trigger = inv->label == CND_LABEL_RISCV_IRQ_ISSUE_IRQ_HANDLER_TRIGGER;
    if (inv->label != CND_LABEL_IRQ_ISSUE_IRQ_HANDLER && !trigger) {
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
    unsigned words = trigger ? 4 : 3;
    if (inv->length < words || inv->n_extra_caps < 1) {
        error_set(err, CND_TRUNCATED_MESSAGE);
        return INVOKE_ERROR;
    }
    uint64_t irq = inv_mr(inv, 0);
    uint64_t index = inv_mr(inv, trigger ? 2 : 1), depth = inv_mr(inv, trigger ? 3 : 2) & 0xff;
    if (irq == 0 || irq > irq_max()) {
        error_range(err, 1, irq_max());
        return INVOKE_ERROR;
    }
    if (irq_state[irq] != IRQ_INACTIVE) {
        error_set(err, CND_REVOKE_FIRST);
        return INVOKE_ERROR;
    }
    struct cte *dest;
    if (!cspace_lookup_for_op(false, inv_extra_cap(inv, 0), index, depth, &dest, err))
        return INVOKE_ERROR;
    if (!cap_is_null(dest->cap)) {
        error_set(err, CND_DELETE_FIRST);
        return INVOKE_ERROR;
    }
    /* The PLIC has no trigger setting of its own: edge and level sources
     * both work through its gateways, so the trigger word needs no action. */
    irq_state[irq] = IRQ_SIGNAL;
    cdt_insert_derived(cap_irq_handler(irq), inv->slot, dest);
    return INVOKE_DONE;
}

enum invoke_status decode_irq_handler_invocation(struct invocation *inv, struct syscall_error *err)
{
    uint32_t irq = (uint32_t)cap_irq(inv->cap);
    switch (inv->label) {
    case CND_LABEL_IRQ_ACK_IRQ:
        if (irq_claimed[irq]) {
            irq_claimed[irq] = false;
            plic_complete(&plic, irq);
        }
        return INVOKE_DONE;
    case CND_LABEL_IRQ_SET_IRQ_HANDLER: {
        if (inv->n_extra_caps < 1) {
            error_set(err, CND_TRUNCATED_MESSAGE);
            return INVOKE_ERROR;
        }
        struct cte *src = inv->extra_slots[0];
        struct cap c = src->cap;
        /* seL4 numbers this bad cap 0, not 1. */
        if (cap_type(c) != CAP_NOTIFICATION || !(cap_rights(c) & RIGHT_WRITE)) {
            error_invalid_capability(err, 0);
            return INVOKE_ERROR;
        }
        struct cap copy;
        if (!cap_derive(src, c, &copy, err))
            return INVOKE_ERROR;
        inv->thread->state = THREAD_RESTART;
        if (!cte_delete(&irq_slots[irq]))
            return INVOKE_PREEMPTED;
        cdt_insert_derived(copy, src, &irq_slots[irq]);
        plic_enable(&plic, irq);
        return INVOKE_DONE;
    }
    case CND_LABEL_IRQ_CLEAR_IRQ_HANDLER:
        plic_disable(&plic, irq);
        inv->thread->state = THREAD_RESTART;
        if (!cte_delete(&irq_slots[irq]))
            return INVOKE_PREEMPTED;
        return INVOKE_DONE;
    default:
        error_set(err, CND_ILLEGAL_OPERATION);
        return INVOKE_ERROR;
    }
}
