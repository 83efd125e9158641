/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Isolation properties that need no second thread (the ones checked by real
 * accesses of a probe thread are in tests/qemu/ipctest/isolation.c):
 * priorities bounded by the MCP, device memory never becomes kernel
 * objects, revoke leaves no derived cap usable, the kernel half of the
 * address space cannot be mapped, and a badge is set once.
 */
#include "conftest.h"

#define KERNEL_VA 0xffffffc080200000ULL /* where the kernel window starts */

static void mcp_case(void)
{
    if (!case_begin("ISO1001 a thread cannot raise its priority or MCP above its own MCP"))
        return;
    cnd_cptr_t t = make(CND_OBJ_TCB, 0);
    EXPECT_ERR(cnd_tcb_set_sched_params(t, CND_CAP_INIT_THREAD_TCB, 100, 100), CND_NO_ERROR);
    /* With itself as authority its MCP (100) is the limit. */
    struct cnd_result r = cnd_tcb_set_priority(t, t, 101);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 1, 100);
    EXPECT_ERR(cnd_tcb_set_mc_priority(t, t, 101), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_sched_params(t, t, 101, 50), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_sched_params(t, t, 100, 101), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_priority(t, t, 100), CND_NO_ERROR);
    /* Lowering the MCP is allowed, and then binds: 100 is now too high. */
    EXPECT_ERR(cnd_tcb_set_mc_priority(t, t, 20), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_set_priority(t, t, 100), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_tcb_set_mc_priority(t, t, 21), CND_RANGE_ERROR);
    slot_give(t);
    case_end();
}

static void device_case(void)
{
    if (!case_begin("ISO1002 device untyped: every kernel object type refused, frames allowed"))
        return;
    cnd_cptr_t dev = device_untyped(), s = slot_take();
    EXPECT(dev != 0);
    unsigned refused = 0;
    for (cnd_word_t type = 0; type < CND_OBJECT_TYPE_COUNT; type++) {
        const struct cnd_object_info *o = cnd_object_info(type);
        if (o == NULL || o->device_ok)
            continue;
        cnd_word_t bits = type == CND_OBJ_CAP_TABLE ? 4 : 0;
        struct cnd_result r = cnd_untyped_retype(dev, ROOT, type, bits, 0, 0, s, 1);
        EXPECT_ERR(r, CND_INVALID_ARGUMENT);
        EXPECT_DETAIL(r, 0, 1); /* the type word */
        EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_NULL);
        refused++;
    }
    EXPECT(refused == 5); /* TCB, endpoint, notification, CNode, page table */
    EXPECT_ERR(cnd_untyped_retype(dev, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, s, 1), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_FRAME);
    slot_give(s);
    /* The device untyped is whole again for whoever uses it next. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, dev, DEPTH), CND_NO_ERROR);
    case_end();
}

static void revoke_case(void)
{
    if (!case_begin("ISO1003 after Revoke no derived cap exists or works, at any generation"))
        return;
    cnd_cptr_t cn = make(CND_OBJ_CAP_TABLE, 4), t = make(CND_OBJ_TCB, 0);
    cnd_cptr_t d1 = slot_take(), d2 = slot_take(), t1 = slot_take(), t2 = slot_take();
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, d1, DEPTH, cn, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    /* A guard of 60 bits: d2 resolves 64 bits with its 16 slots. */
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, d2, DEPTH, d1, DEPTH, CND_ALL_RIGHTS,
                              cnd_cnode_cap_data_new(0, 60)), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, t1, DEPTH, t, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, t2, DEPTH, t1, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_tcb_set_priority(t2, CND_CAP_INIT_THREAD_TCB, 10), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, cn, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, t, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(d1) == CND_CAP_TAG_NULL);
    EXPECT(cnd_debug_cap_identify(d2) == CND_CAP_TAG_NULL);
    EXPECT(cnd_debug_cap_identify(t1) == CND_CAP_TAG_NULL);
    EXPECT(cnd_debug_cap_identify(t2) == CND_CAP_TAG_NULL);
    EXPECT_ERR(cnd_cnode_delete(d2, 0, DEPTH), CND_INVALID_CAPABILITY);
    EXPECT_ERR(cnd_tcb_set_priority(t2, CND_CAP_INIT_THREAD_TCB, 10), CND_INVALID_CAPABILITY);
    /* The originals still work. */
    EXPECT(cnd_debug_cap_identify(cn) == CND_CAP_TAG_CNODE);
    EXPECT_ERR(cnd_tcb_set_priority(t, CND_CAP_INIT_THREAD_TCB, 10), CND_NO_ERROR);
    slot_give(t2);
    slot_give(t1);
    slot_give(d2);
    slot_give(d1);
    slot_give(t);
    slot_give(cn);
    case_end();
}

static void kernel_half_case(void)
{
    if (!case_begin("ISO1004 frames and page tables cannot be mapped at kernel addresses"))
        return;
    cnd_cptr_t f = make(CND_OBJ_4K_PAGE, 0), pt = make(CND_OBJ_PAGE_TABLE, 0);
    struct cnd_result r = cnd_page_map(f, CND_CAP_INIT_THREAD_VSPACE, KERNEL_VA, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_page_table_map(pt, CND_CAP_INIT_THREAD_VSPACE, KERNEL_VA, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    /* The boundary is the user top itself, not only the kernel window. */
    EXPECT_ERR(cnd_page_map(f, CND_CAP_INIT_THREAD_VSPACE, CND_USER_TOP, CND_ALL_RIGHTS, 0),
               CND_INVALID_ARGUMENT);
    slot_give(pt);
    slot_give(f);
    case_end();
}

static void badge_case(void)
{
    if (!case_begin("ISO1005 a badged cap keeps its badge: re-Mint refused, copies deliver it"))
        return;
    cnd_cptr_t n = make(CND_OBJ_NOTIFICATION, 0);
    cnd_cptr_t b = slot_take(), x = slot_take(), c = slot_take();
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, b, DEPTH, n, DEPTH, CND_ALL_RIGHTS, 0x5), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, x, DEPTH, b, DEPTH, CND_ALL_RIGHTS, 0x9),
               CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, x, DEPTH, b, DEPTH, 0x9), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, c, DEPTH, b, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    /* Signal through the copy; the notification word is the badge. */
    cnd_signal(c);
    cnd_badge_t badge = 0;
    cnd_word_t m[4] = { 0 };
    (void)cnd_nbrecv_with_mrs(n, &badge, &m[0], &m[1], &m[2], &m[3]);
    EXPECT(badge == 0x5);
    EXPECT(cnd_debug_cap_identify(x) == CND_CAP_TAG_NULL);
    slot_give(c);
    slot_give(x);
    slot_give(b);
    slot_give(n);
    case_end();
}

void test_isolation(void)
{
    mcp_case();
    device_case();
    revoke_case();
    kernel_half_case();
    badge_case();
}
