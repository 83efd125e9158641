/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications and interrupt lines. Nothing is attached to QEMU virt's
 * virtio-mmio slots, so their lines never fire: the loop is driven by
 * signalling the badged notification copies by hand, exactly what the
 * kernel does when a line fires.
 */
#include "libtest.h"

static unsigned calls;
static cnd_badge_t last_bits;

static bool on_irq(void *ctx, cnd_badge_t bits)
{
    unsigned *stop_after = ctx;
    calls++;
    last_bits = bits;
    return calls < *stop_after;
}

void test_irq(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBIRQ0001 LIBIRQ0002 LIBIRQ0003"))
        return;
    struct cnd_fdt fdt;
    CND_TRY(cnd_fdt_open_bootinfo(&fdt, bi, NULL) ? cnd_ok() : cnd_lib_error(CND_ERR_NOT_FOUND, 0, 0));
    int first = cnd_fdt_find_compatible(&fdt, DTB_NONE, "virtio,mmio");
    int second = cnd_fdt_find_compatible(&fdt, first, "virtio,mmio");
    uint32_t line1 = 0, line2 = 0;
    cnd_fdt_interrupt(&fdt, first, 0, &line1);
    cnd_fdt_interrupt(&fdt, second, 0, &line2);

    case_begin("LIBIRQ0001 notifications: signal, wait, poll");
    struct cnd_object n;
    EXPECT_ERR(cnd_notification_new(&n), CND_NO_ERROR);
    cnd_cptr_t b = 0;
    EXPECT_ERR(cnd_badge_mint(n.cptr, 0x10, CND_CAN_WRITE, &b), CND_NO_ERROR);
    EXPECT(cnd_poll(n.cptr) == 0);
    cnd_signal(b);
    cnd_signal(b);  /* signals accumulate as one: the word is OR-ed */
    EXPECT(cnd_wait(n.cptr) == 0x10 && cnd_poll(n.cptr) == 0);
    EXPECT_ERR(cnd_delete(b), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&n), CND_NO_ERROR);
    case_end();

    case_begin("LIBIRQ0002 interrupt lines bound to one notification, served by a loop");
    struct cnd_irq irqs[2];
    EXPECT_ERR(cnd_notification_new(&n), CND_NO_ERROR);
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
    EXPECT(line1 != 0 && line2 != 0 && line1 != line2);
    EXPECT_ERR(cnd_irq_setup(&irqs[0], line1, n.cptr, CND_BADGE_BIT(3)), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_setup(&irqs[1], line2, n.cptr, CND_BADGE_BIT(4)), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(irqs[0].handler) == CND_CAP_TAG_IRQ_HANDLER);
    EXPECT_ERR(cnd_irq_ack(&irqs[0]), CND_NO_ERROR);
    cnd_signal(irqs[0].badged);
    EXPECT(cnd_irq_wait(&irqs[0]) == CND_BADGE_BIT(3));
    cnd_signal(irqs[0].badged);
    cnd_signal(irqs[1].badged);
    unsigned stop_after = 1;
    EXPECT(cnd_irq_loop(irqs, 2, on_irq, &stop_after) == 1);
    EXPECT(calls == 1 && last_bits == (CND_BADGE_BIT(3) | CND_BADGE_BIT(4)));
    cnd_signal(irqs[1].badged);
    stop_after = 2;
    cnd_signal(irqs[0].badged);
    EXPECT(cnd_irq_loop(irqs, 2, on_irq, &stop_after) == 1 && calls == 2);
    EXPECT(cnd_irq_loop(irqs, 0, on_irq, &stop_after) == 0);
    EXPECT_ERR(cnd_irq_release(&irqs[0]), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_release(&irqs[1]), CND_NO_ERROR);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots);
    EXPECT_ERR(cnd_free(&n), CND_NO_ERROR);
    case_end();

    case_begin("LIBIRQ0003 interrupt errors, release and set up again");
    struct cnd_irq again;
    char s[160];
    EXPECT_ERR(cnd_notification_new(&n), CND_NO_ERROR);
    slots = cnd_cspace_free_count(&env->cspace);
    EXPECT_ERR(cnd_irq_setup(&irqs[0], line1, n.cptr, CND_BADGE_BIT(3)), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_setup(&irqs[1], line2, n.cptr, CND_BADGE_BIT(4)), CND_NO_ERROR);
    EXPECT_LIB(cnd_irq_setup(&again, line1, n.cptr, 0), CND_ERR_BAD_ARGUMENT);
    struct cnd_result r = cnd_irq_setup(&again, line1, n.cptr, CND_BADGE_BIT(5));
    EXPECT(!cnd_result_ok(r));
    cnd_printf("  line %u twice: %s\n", line1, cnd_error_string(r, s, sizeof s));
    r = cnd_irq_setup(&again, 1000, n.cptr, CND_BADGE_BIT(5));
    EXPECT(r.error == CND_RANGE_ERROR);
    cnd_printf("  line 1000: %s\n", cnd_error_string(r, s, sizeof s));
    EXPECT_ERR(cnd_irq_release(&irqs[0]), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_release(&irqs[1]), CND_NO_ERROR);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots);
    EXPECT_ERR(cnd_irq_setup(&again, line1, n.cptr, CND_BADGE_BIT(5)), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_release(&again), CND_NO_ERROR);
    EXPECT(cnd_irq_release(&again).error != CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&n), CND_NO_ERROR);
    case_end();
}
