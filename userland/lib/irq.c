/* SPDX-License-Identifier: BSD-2-Clause */
/* Notifications and interrupt lines (see conductor/irq.h). */
#include <abi/object_types.h>
#include <abi/rights.h>
#include <conductor/env.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/irq.h>
#include <conductor/syscalls.h>

struct cnd_result cnd_notification_new(struct cnd_object *out)
{
    return cnd_alloc(CND_OBJ_NOTIFICATION, 0, out);
}

struct cnd_result cnd_irq_setup(struct cnd_irq *irq, cnd_word_t number, cnd_cptr_t ntfn,
                                cnd_badge_t badge)
{
    struct cnd_env *env = cnd_env();
    if (badge == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 4, badge);
    if (env == NULL || env->irq_control == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 1, 0);
    irq->number = number;
    irq->ntfn = ntfn;
    irq->badge = badge;
    struct cnd_result r = cnd_slot_alloc(&irq->handler);
    if (!cnd_result_ok(r))
        return r;
    /* IRQControl_Get names the slot itself: (root, slot, full depth). */
    r = cnd_irq_control_get(env->irq_control, env->cspace.root, number, irq->handler,
                            CND_CSPACE_DEPTH);
    if (!cnd_result_ok(r)) {
        cnd_slot_free(irq->handler);
        return r;
    }
    r = cnd_mint(ntfn, CND_CAN_WRITE, badge, &irq->badged);
    if (cnd_result_ok(r)) {
        r = cnd_irq_handler_set_notification(irq->handler, irq->badged);
        if (cnd_result_ok(r))
            r = cnd_irq_handler_ack(irq->handler);
        if (!cnd_result_ok(r))
            cnd_delete(irq->badged);
    }
    if (!cnd_result_ok(r))
        cnd_delete(irq->handler);
    return r;
}

struct cnd_result cnd_irq_ack(const struct cnd_irq *irq)
{
    return cnd_irq_handler_ack(irq->handler);
}

cnd_badge_t cnd_irq_wait(const struct cnd_irq *irq)
{
    return cnd_wait(irq->ntfn);
}

unsigned cnd_irq_loop(const struct cnd_irq *irqs, unsigned n, cnd_irq_fn fn, void *ctx)
{
    unsigned served = 0;
    bool more = true;
    while (more && n > 0) {
        cnd_badge_t bits = cnd_wait(irqs[0].ntfn);
        more = fn(ctx, bits);
        served++;
        for (unsigned i = 0; i < n; i++)
            if (bits & irqs[i].badge)
                cnd_irq_handler_ack(irqs[i].handler);
    }
    return served;
}

struct cnd_result cnd_irq_release(struct cnd_irq *irq)
{
    struct cnd_result r = cnd_irq_handler_clear(irq->handler);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_delete(irq->handler);
    if (cnd_result_ok(r))
        r = cnd_delete(irq->badged);
    return r;
}
