/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupt delivery with real devices: the UART's THRE interrupt (it
 * asserts for as long as IER.THRI is set and the transmitter is empty) and
 * the RTC alarm (asserted from the alarm until CLEAR_INTERRUPT). Checks the
 * badge, that a claimed line stays quiet until Ack while others flow, that
 * a line is masked until it has a notification, that deleting a handler
 * with an unacknowledged claim completes it, Clear, and what happens when
 * the notification itself goes away.
 */
#include "../captest/harness.h"
#include "irqtest.h"

#define QUIET_MS 30     /* long enough for many re-assertions */
#define WAIT_MS 500     /* generous: QEMU may be slow on a loaded host */

static void waiter(struct thread *self)
{
    self->result = cnd_wait(self->arg);
}

/* Runs the other threads until `t` finished or `ms` passed. */
static bool wait_done(struct thread *t, unsigned ms)
{
    uint64_t end = ticks() + ms_ticks(ms);
    while (!t->done && ticks() < end)
        let_others_run();
    return t->done;
}

static cnd_cptr_t n;       /* the case's notification every UART handler signals */
static cnd_cptr_t uart_h;  /* the case's current UART handler */

/* Nothing may arrive on `ntfn` for QUIET_MS; says what did if something did. */
#define expect_quiet(ntfn) expect_quiet_impl((ntfn), __LINE__)
static void expect_quiet_impl(cnd_cptr_t ntfn, int line)
{
    cnd_word_t w = quiet_for(ntfn, QUIET_MS);
    if (w == 0)
        return;
    expect_impl(0, "no signal", line);
    put_str("    got ");
    put_hex(w);
    put_str("\n");
}

/*
 * Every case makes its own notification n and UART handler (uart_setup)
 * and, if it starts from a claimed line, gets there itself (uart_claim),
 * so each runs alone and leaves nothing behind (uart_teardown): the cases
 * used to be one chain, each starting from the state the one before left.
 */
static void uart_setup(cnd_word_t badge)
{
    n = make_object(CND_OBJ_NOTIFICATION, 0);
    uart_h = get_handler(dev.uart_irq);
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mint(n, CND_ALL_RIGHTS, badge)),
               CND_NO_ERROR);
}

/* The device asserting and its interrupt delivered (so the line is claimed). */
static void uart_claim(cnd_word_t badge)
{
    uart_thre_irq(true);
    EXPECT(poll_for(n, badge, WAIT_MS) == badge);
}

/* The device quiet, its claim completed, the handler, n and every badged
 * copy of n (its children) deleted. */
static void uart_teardown(void)
{
    uart_thre_irq(false);
    if (cnd_debug_cap_identify(uart_h) == CND_CAP_TAG_IRQ_HANDLER) {
        EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
        harness_del(uart_h);
    }
    EXPECT_ERR(cnd_cnode_revoke(ROOT, n, DEPTH), CND_NO_ERROR);
    harness_del(n);
}

static void delivery_case(void)
{
    if (!case_begin("IRQ0009 delivery: a thread in Wait wakes with the badge of the handler's "
                    "cap"))
        return;
    uart_setup(0x10);
    struct thread *w = thread_create(waiter, n, 200, 0);
    thread_start(w);
    let_others_run();
    EXPECT(!w->done);          /* blocked: nothing asserted yet */
    uart_thre_irq(true);
    EXPECT(wait_done(w, WAIT_MS));
    EXPECT(w->result == 0x10);
    thread_destroy(w);
    uart_teardown();
    case_end();
}

static void ack_case(void)
{
    if (!case_begin("IRQ0010 a claimed line stays quiet until Ack; Ack with the device still "
                    "asserting delivers again; a quiet device after Ack delivers nothing"))
        return;
    uart_setup(0x10);
    uart_claim(0x10);
    EXPECT(uart_asserting());
    expect_quiet(n);
    EXPECT(uart_asserting());
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    EXPECT(poll_for(n, 0x10, WAIT_MS) == 0x10);
    /* Claimed again; stop the device, then Ack. */
    uart_thre_irq(false);
    EXPECT(!uart_asserting());
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    /* Acking a line that is not claimed changes nothing. */
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    uart_teardown();
    case_end();
}

static void masked_until_notification(void)
{
    if (!case_begin("IRQ0011 a line is masked until its handler has a notification"))
        return;
    uart_setup(0x10);
    /* Drop the old handler: its notification n must hear nothing more. */
    EXPECT_ERR(cnd_cnode_delete(ROOT, uart_h, DEPTH), CND_NO_ERROR);
    uart_h = get_handler(dev.uart_irq);
    uart_thre_irq(true);
    EXPECT(uart_asserting());
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mint(n, CND_ALL_RIGHTS, 0x20)),
               CND_NO_ERROR);
    EXPECT(poll_for(n, 0x20, WAIT_MS) == 0x20);
    uart_teardown();
    case_end();
}

static void two_lines(void)
{
    if (!case_begin("IRQ0012 two lines in flight: the RTC flows while the UART is claimed; "
                    "both acked and asserting, one word carries both badges"))
        return;
    uart_setup(0x20);
    uart_claim(0x20);
    /* The UART is claimed (not acked) and still asserting. */
    cnd_cptr_t rtc_h = get_handler(dev.rtc_irq);
    EXPECT_ERR(cnd_irq_handler_set_notification(rtc_h, mint(n, CND_ALL_RIGHTS, 0x40)),
               CND_NO_ERROR);
    expect_quiet(n);
    rtc_alarm_in(2000000);   /* 2 ms */
    EXPECT(poll_for(n, 0x40, WAIT_MS) == 0x40);
    EXPECT(rtc_asserting() && uart_asserting());
    /* Both claimed now: nothing, however long both assert. */
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_handler_ack(rtc_h), CND_NO_ERROR);
    EXPECT(poll_for(n, 0x60, WAIT_MS) == 0x60);
    /* Acking one of them brings back only that one. */
    EXPECT_ERR(cnd_irq_handler_ack(rtc_h), CND_NO_ERROR);
    EXPECT(poll_for(n, 0x40, WAIT_MS) == 0x40);
    /* Quiet the RTC while it is claimed (no new edge in between), Ack:
     * nothing more from it, and the UART is still claimed. */
    rtc_quiet();
    EXPECT_ERR(cnd_irq_handler_ack(rtc_h), CND_NO_ERROR);
    expect_quiet(n);
    EXPECT_ERR(cnd_cnode_delete(ROOT, rtc_h, DEPTH), CND_NO_ERROR);
    uart_teardown();
    case_end();
}

static void delete_pending(void)
{
    if (!case_begin("IRQ0013 deleting a handler whose interrupt is claimed and unacked "
                    "completes the claim: a new handler for the line gets it again"))
        return;
    uart_setup(0x40);
    uart_claim(0x40);
    /* The UART is claimed and asserting. */
    EXPECT(uart_asserting());
    EXPECT_ERR(cnd_cnode_delete(ROOT, uart_h, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(uart_h) == CND_CAP_TAG_NULL);
    uart_h = get_handler(dev.uart_irq);
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mint(n, CND_ALL_RIGHTS, 0x80)),
               CND_NO_ERROR);
    EXPECT(poll_for(n, 0x80, WAIT_MS) == 0x80);
    uart_teardown();
    case_end();
}

static void clear_case(void)
{
    if (!case_begin("IRQ0014 Clear: no more signals, even after Ack; SetNotification "
                    "resumes"))
        return;
    uart_setup(0x80);
    uart_claim(0x80);
    /* Claimed, device asserting. */
    EXPECT_ERR(cnd_irq_handler_clear(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_clear(uart_h), CND_NO_ERROR);   /* twice is fine */
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mint(n, CND_ALL_RIGHTS, 0x100)),
               CND_NO_ERROR);
    EXPECT(poll_for(n, 0x100, WAIT_MS) == 0x100);
    uart_teardown();
    case_end();
}

static void lost_notification_case(void)
{
    if (!case_begin("IRQ0015 revoking and deleting the notification cuts delivery safely; "
                    "a new notification works"))
        return;
    uart_setup(0x100);
    uart_claim(0x100);
    cnd_cptr_t m = make_object(CND_OBJ_NOTIFICATION, 0);
    cnd_cptr_t mb = mint(m, CND_ALL_RIGHTS, 0x1);
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mb), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    EXPECT(poll_for(m, 0x1, WAIT_MS) == 0x1);
    /* The kernel's copy of mb is mb's child: revoking m removes both. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, m, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(mb) == CND_CAP_TAG_NULL);
    EXPECT_ERR(cnd_cnode_delete(ROOT, m, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    EXPECT_ERR(cnd_irq_handler_set_notification(uart_h, mint(n, CND_ALL_RIGHTS, 0x200)),
               CND_NO_ERROR);
    EXPECT(poll_for(n, 0x200, WAIT_MS) == 0x200);
    uart_thre_irq(false);
    EXPECT_ERR(cnd_irq_handler_ack(uart_h), CND_NO_ERROR);
    expect_quiet(n);
    EXPECT_ERR(cnd_cnode_delete(ROOT, uart_h, DEPTH), CND_NO_ERROR);
    uart_teardown();
    case_end();
}

void test_delivery(void)
{
    delivery_case();
    ack_case();
    masked_until_notification();
    two_lines();
    delete_pending();
    clear_case();
    lost_notification_case();
    devices_quiet();
}
