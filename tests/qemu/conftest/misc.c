/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The domain schedule, ASID control and pools, page-table mapping through
 * a VSpace whose ASID pool is gone, IRQ destination lookup, and Yield.
 */
#include "conftest.h"

static void domain_case(void)
{
    if (!case_begin("DOMAIN1001 schedule: configure and start; bad index RangeError(0, 1); "
                    "bad domain or empty entry InvalidArgument"))
        return;
    /* Entry 0 is re-set to the boot default (domain 0 for ever). */
    EXPECT_ERR(cnd_domain_set_schedule_configure(CND_CAP_DOMAIN, 0, 0, UINT64_MAX >> 1),
               CND_NO_ERROR);
    struct cnd_result r = cnd_domain_set_schedule_configure(CND_CAP_DOMAIN, 2, 0, 1);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, 1);
    r = cnd_domain_set_schedule_configure(CND_CAP_DOMAIN, 1, 1, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_ERR(cnd_domain_set_schedule_set_start(CND_CAP_DOMAIN, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_domain_set_schedule_set_start(CND_CAP_DOMAIN, 2), CND_RANGE_ERROR);
    /* Entry 1 has no duration: it ends the schedule and cannot start it. */
    EXPECT_ERR(cnd_domain_set_schedule_set_start(CND_CAP_DOMAIN, 1), CND_INVALID_ARGUMENT);
    case_end();
}

static void asid_case(void)
{
    if (!case_begin("ASID1001 MakePool destination errors; a VSpace whose pool is deleted "
                    "cannot map: FailedLookup"))
        return;
    cnd_cptr_t ut = make(CND_OBJ_UNTYPED, CND_ASID_POOL_BITS);
    cnd_cptr_t pool = slot_take();
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, ut, ROOT, pool, 65),
               CND_RANGE_ERROR);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, ut, ROOT, pool, 32),
               CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, ut, ROOT, pool, DEPTH),
               CND_NO_ERROR);
    cnd_cptr_t vs = make(CND_OBJ_PAGE_TABLE, 0), pt = make(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_asid_pool_assign(pool, vs), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_map(pt, vs, 0x40000000, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_unmap(pt), CND_NO_ERROR);
    /* Deleting the pool takes the ASID away: the VSpace leads nowhere. */
    slot_give(pool);
    struct cnd_result r = cnd_page_table_map(pt, vs, 0x40000000, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    slot_give(pt);
    slot_give(vs);
    slot_give(ut);
    case_end();
}

static void irq_case(void)
{
    if (!case_begin("IRQ1001 IRQControl_GetTrigger into an unresolvable slot: FailedLookup"))
        return;
    cnd_cptr_t s = slot_take();
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, CONF_IRQ, 1, s, 32),
               CND_FAILED_LOOKUP);
    EXPECT(cnd_debug_cap_identify(s) == CND_CAP_TAG_NULL);
    /* The line was not taken: it can be issued now. */
    EXPECT_ERR(cnd_irq_control_get_trigger(CND_CAP_IRQ_CONTROL, ROOT, CONF_IRQ, 1, s, DEPTH),
               CND_NO_ERROR);
    slot_give(s);
    case_end();
}

static void yield_case(void)
{
    if (!case_begin("SYS1001 Yield returns to the only runnable thread at its priority"))
        return;
    cnd_yield();
    EXPECT(cnd_debug_cap_identify(CND_CAP_INIT_THREAD_TCB) == CND_CAP_TAG_THREAD);
    case_end();
}

void test_misc(void)
{
    domain_case();
    asid_case();
    irq_case();
    yield_case();
}
