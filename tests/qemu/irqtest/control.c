/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IRQControl and IRQHandler decoding: seL4's errors for bad IRQ numbers,
 * lines already issued, occupied or unreachable destination slots, wrong
 * caps and short messages, and SetNotification's odd "cap 0" report for a
 * bad notification. No interrupt is raised here.
 */
#include "../captest/harness.h"
#include "irqtest.h"

/* Lines that exist on the PLIC but have no device behind them on virt. */
#define SPARE_IRQ_A 20
#define SPARE_IRQ_B 21

static void range_cases(void)
{
    struct cnd_result r;

    if (!case_begin("IRQ0001 IRQControl_Get rejects irq 0 and irq > ndev: RangeError(1, ndev)"))
        return;
    cnd_cptr_t s = alloc_slot();
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, 0, s, DEPTH);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, dev.ndev);
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, dev.ndev + 1, s, DEPTH);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, dev.ndev);
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, ~0ULL, s, DEPTH);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_NULL);
    case_end();
}

/* IRQ0002..0005: each starts with both spare lines free and leaves them
 * free (every handler it got deleted), so each runs alone. */
static void issue_once_case(void)
{
    if (!case_begin("IRQ0002 a line is issued once: RevokeFirst until its last handler cap is "
                    "gone"))
        return;
    cnd_cptr_t h = get_handler(SPARE_IRQ_A);
    EXPECT(cnd_debug_cap_identify(h) == CND_CAP_TAG_IRQ_HANDLER);
    cnd_cptr_t s = alloc_slot();
    EXPECT_ERR(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, DEPTH),
               CND_REVOKE_FIRST);
    EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_NULL);
    /* A copy keeps the line issued after the original is deleted. */
    cnd_cptr_t copy = alloc_slot();
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, copy, DEPTH, h, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, DEPTH),
               CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_irq_handler_ack(copy), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, copy, DEPTH), CND_NO_ERROR);
    /* The last one gone, the line can be issued again. */
    EXPECT_ERR(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, DEPTH),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, s, DEPTH), CND_NO_ERROR);
    case_end();
}

static void occupied_case(void)
{
    if (!case_begin("IRQ0003 IRQControl_Get into an occupied slot: DeleteFirst, line not taken"))
        return;
    struct cnd_result r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, CND_CAP_INIT_THREAD_TCB,
                            DEPTH);
    EXPECT_ERR(r, CND_DELETE_FIRST);
    EXPECT(cnd_debug_cap_identify(CND_CAP_INIT_THREAD_TCB) == CND_CAP_TAG_THREAD);
    cnd_cptr_t h = get_handler(SPARE_IRQ_A);   /* the failed call left the line free */
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    case_end();
}

static void bad_destination_case(void)
{
    if (!case_begin("IRQ0004 bad destination: depth 0 or > 64 RangeError(1, 64); short depth "
                    "(guard or depth mismatch) or non-CNode root: FailedLookup"))
        return;
    cnd_cptr_t s = alloc_slot();
    struct cnd_result r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, 0);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, 64);
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, 65);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 1, 64);
    /* The root CNode's guard and radix together resolve all 64 bits. With
     * fewer, seL4 checks the guard first: a guard longer than the depth is
     * a GuardMismatch, a guard that fits but a level that does not is a
     * DepthMismatch. */
    cnd_word_t guard_bits = 64 - bi->init_thread_cnode_size_bits;
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, 20);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_GUARD_MISMATCH);
    EXPECT_DETAIL(r, 2, 20);
    EXPECT_DETAIL(r, 3, 0);
    EXPECT_DETAIL(r, 4, guard_bits);
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, s, 60);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_DEPTH_MISMATCH);
    EXPECT_DETAIL(r, 2, 60);
    EXPECT_DETAIL(r, 3, 64);
    r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, CND_CAP_INIT_THREAD_TCB, SPARE_IRQ_A, s, DEPTH);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_INVALID_ROOT);
    /* None of it took the line. */
    cnd_cptr_t h = get_handler(SPARE_IRQ_A);
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    case_end();
}

static void trigger_case(void)
{
    if (!case_begin("IRQ0005 IRQControl_GetTrigger issues edge and level handlers, same checks"))
        return;
    struct cnd_result r;
    cnd_cptr_t edge = alloc_slot(), level = alloc_slot();
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, 1, edge, DEPTH),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_B, 0, level,
                                           DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(edge) == CND_CAP_TAG_IRQ_HANDLER);
    EXPECT(cnd_debug_cap_identify(level) == CND_CAP_TAG_IRQ_HANDLER);
    cnd_cptr_t s = alloc_slot();
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A, 0, s, DEPTH),
               CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_irq_control_get(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_B, s, DEPTH),
               CND_REVOKE_FIRST);
    r = cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, 0, 1, s, DEPTH);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 1, dev.ndev);
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, SPARE_IRQ_A + 2, 1, edge,
                                           DEPTH), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_irq_handler_ack(edge), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_handler_clear(level), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, edge, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, level, DEPTH), CND_NO_ERROR);
    case_end();
}

/* A raw call: `label` with `len` words and `caps` extra caps on `service`. */
static struct cnd_result raw_call(cnd_cptr_t service, cnd_word_t label, unsigned caps,
                                  unsigned len, cnd_word_t mr0)
{
    cnd_word_t m0 = mr0, m1 = 0, m2 = 0, m3 = 0;
    cnd_get_ipc_buffer()->caps_or_badges[0] = ROOT;
    cnd_msginfo_t info = cnd_call_with_mrs(service, cnd_msginfo_new(label, 0, caps, len),
                                           &m0, &m1, &m2, &m3);
    return cnd_result_from_reply(info, m0, m1, m2, m3);
}

static void label_cases(void)
{
    if (!case_begin("IRQ0006 IRQ labels on the wrong caps: IllegalOperation; short messages: "
               "TruncatedMessage"))
        return;
    cnd_cptr_t s = alloc_slot();
    cnd_cptr_t h = get_handler(SPARE_IRQ_A);
    /* IRQControl's labels on a CNode, a TCB and a handler. */
    EXPECT_ERR(cnd_irq_control_get(ROOT, ROOT, SPARE_IRQ_B, s, DEPTH), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_irq_control_get(CND_CAP_INIT_THREAD_TCB, ROOT, SPARE_IRQ_B, s, DEPTH),
               CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_irq_control_get(h, ROOT, SPARE_IRQ_B, s, DEPTH), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_irq_control_get_trigger(h, ROOT, SPARE_IRQ_B, 1, s, DEPTH),
               CND_ILLEGAL_OPERATION);
    /* Handler labels on IRQControl and on a CNode. */
    EXPECT_ERR(cnd_irq_handler_ack(CND_CAP_IRQ_CONTROL), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_irq_handler_clear(CND_CAP_IRQ_CONTROL), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_irq_handler_ack(ROOT), CND_ILLEGAL_OPERATION);
    EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_NULL);
    /* Too few words or no extra cap. */
    EXPECT_ERR(raw_call(CND_CAP_IRQ_CONTROL, CND_LABEL_IRQ_ISSUE_IRQ_HANDLER, 1, 2, SPARE_IRQ_B),
               CND_TRUNCATED_MESSAGE);
    EXPECT_ERR(raw_call(CND_CAP_IRQ_CONTROL, CND_LABEL_IRQ_ISSUE_IRQ_HANDLER, 0, 3, SPARE_IRQ_B),
               CND_TRUNCATED_MESSAGE);
    EXPECT_ERR(raw_call(CND_CAP_IRQ_CONTROL, CND_LABEL_RISCV_IRQ_ISSUE_IRQ_HANDLER_TRIGGER, 1, 3,
                        SPARE_IRQ_B), CND_TRUNCATED_MESSAGE);
    EXPECT_ERR(raw_call(h, CND_LABEL_IRQ_SET_IRQ_HANDLER, 0, 0, 0), CND_TRUNCATED_MESSAGE);
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    case_end();
}

static void set_notification_cases(void)
{
    if (!case_begin("IRQ0007 SetNotification with a non-notification cap or without Write: "
               "InvalidCapability 0"))
        return;
    cnd_cptr_t h = get_handler(SPARE_IRQ_A);
    cnd_cptr_t ep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    struct cnd_result r = cnd_irq_handler_set_notification(h, ep);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_irq_handler_set_notification(h, CND_CAP_INIT_THREAD_TCB);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 0);
    cnd_cptr_t read_only = mint(n, CND_NO_WRITE, 0);
    r = cnd_irq_handler_set_notification(h, read_only);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 0);
    /* A notification with Write but no Read is enough. */
    cnd_cptr_t write_only = mint(n, CND_CAN_WRITE, 7);
    EXPECT_ERR(cnd_irq_handler_set_notification(h, write_only), CND_NO_ERROR);
    EXPECT_ERR(cnd_irq_handler_clear(h), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, h, DEPTH), CND_NO_ERROR);
    /* The two badged copies are n's children: revoking n removes them. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, n, DEPTH), CND_NO_ERROR);
    harness_del(n);
    harness_del(ep);
    case_end();
}

static void revoke_control_case(void)
{
    if (!case_begin("IRQ0008 handlers are children of IRQControl: revoking it deletes them all "
               "and frees their lines, IRQControl stays"))
        return;
    cnd_cptr_t a = get_handler(SPARE_IRQ_A), b = get_handler(SPARE_IRQ_B);
    cnd_cptr_t copy = alloc_slot();
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, copy, DEPTH, a, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    cnd_cptr_t n = make_object(CND_OBJ_NOTIFICATION, 0);
    EXPECT_ERR(cnd_irq_handler_set_notification(b, mint(n, CND_ALL_RIGHTS, 1)), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, CND_CAP_IRQ_CONTROL, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(CND_CAP_IRQ_CONTROL) == CND_CAP_TAG_IRQ_CONTROL);
    EXPECT(cnd_debug_cap_identify(a) == CND_CAP_TAG_NULL);
    EXPECT(cnd_debug_cap_identify(b) == CND_CAP_TAG_NULL);
    EXPECT(cnd_debug_cap_identify(copy) == CND_CAP_TAG_NULL);
    a = get_handler(SPARE_IRQ_A);
    b = get_handler(SPARE_IRQ_B);
    EXPECT_ERR(cnd_cnode_delete(ROOT, a, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, b, DEPTH), CND_NO_ERROR);
    /* The badged copy given to b is n's child. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, n, DEPTH), CND_NO_ERROR);
    harness_del(n);
    case_end();
}

void test_control(void)
{
    range_cases();
    issue_once_case();
    occupied_case();
    bad_destination_case();
    trigger_case();
    label_cases();
    set_notification_cases();
    revoke_control_case();
}
