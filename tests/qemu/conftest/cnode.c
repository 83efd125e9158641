/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CNode methods: the slot-addressing errors every method documents
 * (RangeError for a depth outside 1..64, FailedLookup for an index that
 * does not resolve at the depth given) and the occupied-destination and
 * untyped-with-children errors of Mint, Mutate and SaveCaller.
 */
#include "conftest.h"

/* The root CNode resolves 64 bits (guard 51 + 13); 32 cannot resolve. */
#define SHORT 32
#define TOO_DEEP 65

static void addressing_case(void)
{
    if (!case_begin("CNODE1001 depth 0 or > 64: RangeError(1, 64); unresolvable: FailedLookup"))
        return;
    cnd_cptr_t ep = make(CND_OBJ_ENDPOINT, 0), d = slot_take();
    struct cnd_result r = cnd_cnode_revoke(ROOT, ep, TOO_DEEP);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, 64);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ep, SHORT), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_cnode_delete(ROOT, ep, TOO_DEEP), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, ep, SHORT), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_cnode_cancel_badged_sends(ROOT, ep, 0), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_cancel_badged_sends(ROOT, ep, SHORT), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, d, TOO_DEEP, ep, DEPTH, CND_ALL_RIGHTS, 1),
               CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_move(ROOT, ROOT, d, DEPTH, ep, TOO_DEEP), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, d, 0, ep, DEPTH, 0), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, d, TOO_DEEP, 0, d, DEPTH, 0, ep, DEPTH),
               CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, d, TOO_DEEP), CND_RANGE_ERROR);
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, d, SHORT), CND_FAILED_LOOKUP);
    /* Nothing moved: the endpoint is where it was, d still empty. */
    EXPECT(cnd_debug_cap_identify(ep) == CND_CAP_TAG_ENDPOINT);
    EXPECT(cnd_debug_cap_identify(d) == CND_CAP_TAG_NULL);
    slot_give(d);
    slot_give(ep);
    case_end();
}

static void mint_mutate_case(void)
{
    if (!case_begin("CNODE1002 Mint/Mutate/SaveCaller: empty source FailedLookup, occupied "
                    "destination DeleteFirst, untyped with children RevokeFirst"))
        return;
    cnd_cptr_t ep = make(CND_OBJ_ENDPOINT, 0), other = make(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t e = slot_take(), d = slot_take();
    struct cnd_result r = cnd_cnode_mint(ROOT, ROOT, d, DEPTH, e, DEPTH, CND_ALL_RIGHTS, 1);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 1); /* the source lookup failed */
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, other, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 1),
               CND_DELETE_FIRST);
    /* The scratch untyped has children (the endpoints): no copy of it. */
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, d, DEPTH, scratch, DEPTH, CND_ALL_RIGHTS, 0),
               CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, d, DEPTH, e, DEPTH, 0), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, other, DEPTH, ep, DEPTH, 0), CND_DELETE_FIRST);
    /* The root task was not called by anyone, but the destination check
     * comes first. */
    EXPECT_ERR(cnd_cnode_save_caller(ROOT, ep, DEPTH), CND_DELETE_FIRST);
    EXPECT(cnd_debug_cap_identify(d) == CND_CAP_TAG_NULL);
    slot_give(d);
    slot_give(e);
    slot_give(other);
    slot_give(ep);
    case_end();
}

void test_cnode(void)
{
    addressing_case();
    mint_mutate_case();
}
