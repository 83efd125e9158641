/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupt latency under load. A low-priority thread revokes an endpoint
 * cap with thousands of copies, a long kernel operation; a high-priority
 * "driver" waits for an RTC alarm due shortly after the revoke started.
 * The revoke has preemption points, so the alarm must get the driver
 * running while the revoke is unfinished: the driver counts "witness"
 * copies in the root CNode, made before and after the bulk of the copies
 * (in a CNode of their own), so whichever end a revoke starts from, some
 * witnesses go last. They can only still be there if the kernel stopped
 * the revoke for the interrupt (it restarts afterwards and finishes); a
 * kernel that finished the revoke first would show the driver none.
 *
 * The alarm runs on the host clock, the guest on QEMU's; when the host is
 * busy the alarm can miss the revoke's window (fire before the revoke
 * started or after it ended). Such attempts are retried with another
 * delay; a kernel without preemption fails every attempt.
 */
#include "../captest/harness.h"
#include "irqtest.h"

#define BULK_BITS 14
#define BULK 16000
#define WITNESSES 64   /* half before the bulk, half after */
#define ATTEMPTS 6

static cnd_cptr_t ep, bulk_cnode, witness, ntfn, release;
static volatile uint64_t alarm_ns;        /* 0: no alarm (calibration) */
static volatile uint64_t start_t, end_t, wake_t, wake_rtc;
static volatile unsigned left_at_wake;
static volatile cnd_error_t revoke_error;

static bool make_witnesses(unsigned first)
{
    for (unsigned i = first; i < first + WITNESSES / 2; i++)
        if (!cnd_result_ok(cnd_cnode_copy(ROOT, ROOT, witness + i, DEPTH, ep, DEPTH,
                                          CND_ALL_RIGHTS)))
            return false;
    return true;
}

static bool make_copies(void)
{
    if (!make_witnesses(0))
        return false;
    for (cnd_word_t i = 0; i < BULK; i++)
        if (!cnd_result_ok(cnd_cnode_copy(bulk_cnode, ROOT, i, BULK_BITS, ep, DEPTH,
                                          CND_ALL_RIGHTS)))
            return false;
    return make_witnesses(WITNESSES / 2);
}

static unsigned witnesses_left(void)
{
    unsigned n = 0;
    for (unsigned i = 0; i < WITNESSES; i++)
        n += cnd_debug_cap_identify(witness + i) == CND_CAP_TAG_ENDPOINT;
    return n;
}

static void revoke(void)
{
    if (alarm_ns)
        rtc_alarm_in(alarm_ns);
    start_t = ticks();
    revoke_error = cnd_cnode_revoke(ROOT, ep, DEPTH).error;
    end_t = ticks();
}

static void revoker(struct thread *self)
{
    (void)self;
    revoke();
}

static void driver(struct thread *self)
{
    (void)self;
    cnd_wait(ntfn);
    wake_t = ticks();
    wake_rtc = rtc_now();
    left_at_wake = witnesses_left();
}

/* One run: true if the driver ran in the middle of the revoke. */
static bool attempt(cnd_cptr_t handler, uint64_t delay_ns)
{
    if (!make_copies())
        return false;
    alarm_ns = delay_ns;
    left_at_wake = 0;
    wake_t = 0;
    struct thread *d = thread_create(driver, 0, 250, 0);
    struct thread *r = thread_create(revoker, 0, 10, 0);
    if (!d || !r)
        return false;
    thread_start(d);
    thread_start(r);
    /* At priority 0 until both are done: the driver blocks in Wait, the
     * revoker starts, the alarm comes. */
    uint64_t give_up = ticks() + ms_ticks(5000);
    while (!r->done && ticks() < give_up)
        let_others_run();
    rtc_quiet();
    if (!d->done) {
        /* The alarm never came: release the driver. */
        cnd_signal(release);
        let_others_run();
    }
    cnd_irq_handler_ack(handler);
    (void)quiet_for(ntfn, 5);   /* drop a late signal before the next run */
    thread_destroy(d);
    thread_destroy(r);
    put_str("  alarm after ");
    put_dec(delay_ns / 1000);
    put_str(" us: revoke ");
    put_dec(ticks_to_us(end_t - start_t));
    put_str(" us, driver saw ");
    put_dec(left_at_wake);
    put_str(" of ");
    put_dec(WITNESSES);
    put_str(" witnesses left, alarm to driver ");
    put_dec(wake_rtc > rtc_alarm_time() ? (wake_rtc - rtc_alarm_time()) / 1000 : 0);
    put_str(" us, ");
    put_dec(end_t > wake_t ? ticks_to_us(end_t - wake_t) : 0);
    put_str(" us before the revoke returned\n");
    return revoke_error == CND_NO_ERROR && left_at_wake > 0 && start_t < wake_t &&
           wake_t < end_t;
}

void test_latency(void)
{
    static const uint64_t delays_us[ATTEMPTS] = { 300, 150, 600, 100, 1000, 50 };

    if (!case_begin("IRQ0016 interrupt latency under load: an RTC alarm preempts a long revoke "
               "and runs the high-priority driver while the revoke is unfinished"))
        return;
    ep = make_object(CND_OBJ_ENDPOINT, 0);
    ntfn = make_object(CND_OBJ_NOTIFICATION, 0);
    EXPECT(ep && ntfn);
    release = mint(ntfn, CND_ALL_RIGHTS, 2);
    bulk_cnode = make_object(CND_OBJ_CAP_TABLE, BULK_BITS);
    EXPECT(bulk_cnode != 0);
    /* Witnesses in the root CNode, where the driver can look at them: a
     * run of consecutive empty slots of the harness's window. */
    witness = harness_slots(WITNESSES);
    EXPECT(witness != 0);

    /* Calibration, for the report: the revoke with nothing else going on. */
    EXPECT(make_copies());
    alarm_ns = 0;
    revoke();
    EXPECT(revoke_error == CND_NO_ERROR);
    EXPECT(witnesses_left() == 0);
    put_str("  revoke of ");
    put_dec(BULK + WITNESSES);
    put_str(" copies alone: ");
    put_dec(ticks_to_us(end_t - start_t));
    put_str(" us\n");

    cnd_cptr_t h = get_handler(dev.rtc_irq);
    EXPECT_ERR(cnd_irq_handler_set_notification(h, mint(ntfn, CND_ALL_RIGHTS, 1)), CND_NO_ERROR);
    bool ok = false;
    for (unsigned i = 0; i < ATTEMPTS && !ok; i++)
        ok = attempt(h, delays_us[i] * 1000);
    EXPECT(ok);
    /* Every revoke finished in the end. */
    EXPECT(witnesses_left() == 0);
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    /* release and h's badged copy are ntfn's children; the revokes left ep
     * and the bulk CNode without copies. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ntfn, DEPTH), CND_NO_ERROR);
    harness_del(ntfn);
    harness_del(ep);
    harness_del(bulk_cnode);
    case_end();
}
