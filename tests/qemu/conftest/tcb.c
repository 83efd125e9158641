/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TCB methods: authority caps of the wrong type, IPC-buffer alignment,
 * roots that cannot be derived (an untyped with children), and SetSpace.
 */
#include "conftest.h"

static void tcb_errors_case(void)
{
    if (!case_begin("TCB1001 authority not a TCB: InvalidCapability 1; misaligned buffer: "
                    "AlignmentError; underivable caps: RevokeFirst"))
        return;
    cnd_cptr_t t = make(CND_OBJ_TCB, 0), f = make(CND_OBJ_4K_PAGE, 0);
    struct cnd_result r = cnd_tcb_set_mc_priority(t, ROOT, 0);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    r = cnd_tcb_set_sched_params(t, ROOT, 0, 0);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    /* IPC buffers are 1 KiB aligned. */
    EXPECT_ERR(cnd_tcb_set_ipc_buffer(t, f, 0x10008), CND_ALIGNMENT_ERROR);
    /* The scratch untyped has children now: deriving it is RevokeFirst. */
    EXPECT_ERR(cnd_tcb_set_ipc_buffer(t, scratch, 0x10000), CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_tcb_set_space(t, scratch, CND_CAP_INIT_THREAD_VSPACE, 0, 0, 0),
               CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_tcb_configure(t, scratch, CND_CAP_INIT_THREAD_VSPACE, f, 0, 0, 0, 0),
               CND_REVOKE_FIRST);
    slot_give(f);
    slot_give(t);
    case_end();
}

static void set_space_case(void)
{
    if (!case_begin("TCB1002 SetSpace installs the CSpace and VSpace roots"))
        return;
    cnd_cptr_t t = make(CND_OBJ_TCB, 0);
    EXPECT_ERR(cnd_tcb_set_space(t, ROOT, CND_CAP_INIT_THREAD_VSPACE, 0, 0, 0), CND_NO_ERROR);
    /* A VSpace without an ASID is refused. */
    cnd_cptr_t pt = make(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_tcb_set_space(t, ROOT, pt, 0, 0, 0), CND_ILLEGAL_OPERATION);
    slot_give(pt);
    slot_give(t);
    case_end();
}

void test_tcb(void)
{
    tcb_errors_case();
    set_space_case();
}
