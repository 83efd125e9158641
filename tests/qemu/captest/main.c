/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-QEMU tests of the capability core: the boot CSpace and boot info, CNode
 * invocations, Untyped retype, revoke and reuse, with seL4's error codes and
 * detail words. Each case prints "NAME pass" or "NAME FAIL"; the last line
 * is "N passed, N failed". Ends by powering off through the system-control
 * capability.
 *
 * Every case is leak-checked (harness_scratch_setup): it allocates from the
 * harness's scratch untyped and slot window only and deletes or revokes
 * what it made before case_end, which fails the case if the untyped is not
 * wholly free again or the window's occupancy changed. Cases that revoke
 * "an untyped" revoke a child untyped of the scratch made for the case and
 * then delete it, so the check also proves that revoke gave everything
 * back. No case depends on another: each runs alone under --case.
 */
#include <abi/boot_info.h>
#include <conductor/runtime.h>
#include "harness.h"

#ifndef CAPTEST_CNODE_BITS
#define CAPTEST_CNODE_BITS 13   /* the default root CNode size */
#endif
#define ROOT CND_CAP_INIT_THREAD_CNODE
#define DEPTH 64

static const struct cnd_boot_info *bi;

/* The scratch untyped: 4 MiB, room for the 1 MiB child untypeds below. */
#define SCRATCH_BITS 22
/* The window: CNODE0008's chain needs 300 consecutive slots. */
#define WINDOW_SLOTS 512

static cnd_cptr_t alloc_slot(void)
{
    return harness_slot();
}

/* A child untyped of 2^bits bytes, carved from the scratch for one case
 * (the case revokes and deletes it). */
static cnd_cptr_t case_untyped(unsigned bits)
{
    return harness_make(CND_OBJ_UNTYPED, bits);
}

static cnd_cptr_t find_device_untyped(void)
{
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++)
        if (bi->untyped_list[s - bi->untyped.start].is_device)
            return s;
    return 0;
}

static cnd_word_t identify(cnd_cptr_t c)
{
    return cnd_debug_cap_identify(c);
}

static void test_boot_info(void)
{
    if (!case_begin("BOOT0001 boot info regions"))
        return;
    EXPECT(bi->init_thread_cnode_size_bits == CAPTEST_CNODE_BITS);
    EXPECT(bi->empty.end == (1u << bi->init_thread_cnode_size_bits));
    EXPECT(bi->user_image_paging.start == CND_CAP_SYSTEM_CONTROL + 1);
    EXPECT(bi->user_image_paging.end == bi->extra_bi_pages.start);
    EXPECT(bi->extra_bi_pages.end == bi->user_image_frames.start);
    EXPECT(bi->user_image_frames.end == bi->untyped.start);
    EXPECT(bi->untyped.end == bi->empty.start);
    EXPECT(bi->untyped.end - bi->untyped.start <= CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS);
    /* Device untypeds come first, ascending; RAM after, ascending. */
    int seen_ram = 0;
    cnd_word_t last = 0;
    for (cnd_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[i];
        EXPECT(d->size_bits >= CND_MIN_UNTYPED_BITS && d->size_bits <= CND_MAX_UNTYPED_BITS);
        EXPECT((d->paddr & ((1ULL << d->size_bits) - 1)) == 0);
        if (!d->is_device && !seen_ram) {
            seen_ram = 1;
            last = 0;
        }
        EXPECT(!(seen_ram && d->is_device));
        EXPECT(d->paddr >= last);
        last = d->paddr + (1ULL << d->size_bits);
    }
    EXPECT(seen_ram);
    case_end();
}

static void test_initial_caps(void)
{
    if (!case_begin("BOOT0002 initial caps"))
        return;
    static const struct { cnd_cptr_t slot; cnd_word_t tag; } initial[] = {
        { 0, CND_CAP_TAG_NULL }, { 1, CND_CAP_TAG_THREAD }, { 2, CND_CAP_TAG_CNODE },
        { 3, CND_CAP_TAG_PAGE_TABLE }, { 4, CND_CAP_TAG_IRQ_CONTROL },
        { 5, CND_CAP_TAG_ASID_CONTROL }, { 6, CND_CAP_TAG_ASID_POOL }, { 7, CND_CAP_TAG_NULL },
        { 8, CND_CAP_TAG_NULL }, { 9, CND_CAP_TAG_FRAME }, { 10, CND_CAP_TAG_FRAME },
        { 11, CND_CAP_TAG_DOMAIN }, { 12, CND_CAP_TAG_NULL }, { 13, CND_CAP_TAG_NULL },
        { 14, CND_CAP_TAG_NULL }, { 15, CND_CAP_TAG_NULL }, { 16, CND_CAP_TAG_SYSTEM_CONTROL },
    };
    for (unsigned i = 0; i < sizeof initial / sizeof initial[0]; i++)
        EXPECT(identify(initial[i].slot) == initial[i].tag);
    for (cnd_word_t s = bi->user_image_paging.start; s < bi->user_image_paging.end; s++)
        EXPECT(identify(s) == CND_CAP_TAG_PAGE_TABLE);
    for (cnd_word_t s = bi->extra_bi_pages.start; s < bi->user_image_frames.end; s++)
        EXPECT(identify(s) == CND_CAP_TAG_FRAME);
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++)
        EXPECT(identify(s) == CND_CAP_TAG_UNTYPED);
    /* bi->empty.start is the first probe slot of the leak check: never
     * filled. */
    EXPECT(identify(bi->empty.start) == CND_CAP_TAG_NULL);
    EXPECT(identify(bi->empty.end - 1) == CND_CAP_TAG_NULL);
    case_end();
}

static void test_cnode_copy_delete(void)
{
    if (!case_begin("CNODE0001 copy and delete"))
        return;
    cnd_cptr_t a = alloc_slot(), b = alloc_slot();
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, a, DEPTH, CND_CAP_INIT_THREAD_CNODE, DEPTH, CND_ALL_RIGHTS),
               CND_NO_ERROR);
    EXPECT(identify(a) == CND_CAP_TAG_CNODE);
    /* The copy works as a CNode cap: copy through it. */
    EXPECT_ERR(cnd_cnode_copy(a, ROOT, b, DEPTH, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT(identify(b) == CND_CAP_TAG_DOMAIN);
    EXPECT_ERR(cnd_cnode_delete(ROOT, b, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, a, DEPTH), CND_NO_ERROR);
    EXPECT(identify(a) == CND_CAP_TAG_NULL && identify(b) == CND_CAP_TAG_NULL);
    /* Deleting an empty slot is fine. */
    EXPECT_ERR(cnd_cnode_delete(ROOT, a, DEPTH), CND_NO_ERROR);
    case_end();
}

static void test_cnode_copy_errors(void)
{
    if (!case_begin("CNODE0002 copy errors"))
        return;
    cnd_cptr_t a = alloc_slot();
    struct cnd_result r;
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, CND_CAP_DOMAIN, DEPTH, CND_CAP_DOMAIN, DEPTH,
                              CND_ALL_RIGHTS), CND_DELETE_FIRST);
    r = cnd_cnode_copy(ROOT, ROOT, a, DEPTH, bi->empty.end - 1, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 1);                       /* the source lookup */
    EXPECT_DETAIL(r, 1, CND_MISSING_CAPABILITY);
    EXPECT_DETAIL(r, 2, DEPTH);
    r = cnd_cnode_copy(ROOT, ROOT, a, 0, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, 64);
    r = cnd_cnode_copy(ROOT, ROOT, a, 65, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    /* Depth 32 leaves the root CNode's 64-bit guard unsatisfied. */
    r = cnd_cnode_copy(ROOT, ROOT, a, 32, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_GUARD_MISMATCH);
    EXPECT_DETAIL(r, 2, 32);
    EXPECT_DETAIL(r, 3, 0);
    EXPECT_DETAIL(r, 4, 64 - bi->init_thread_cnode_size_bits);
    /* A cptr whose guard bits are not zero. */
    r = cnd_cnode_copy(ROOT, ROOT, a | (1ULL << 60), DEPTH, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 1, CND_GUARD_MISMATCH);
    /* The src_root is not a CNode. */
    r = cnd_cnode_copy(ROOT, CND_CAP_DOMAIN, a, DEPTH, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, CND_INVALID_ROOT);
    /* Invoking a non-CNode as a CNode; invoking an empty slot. */
    EXPECT_ERR(cnd_cnode_copy(CND_CAP_DOMAIN, ROOT, a, DEPTH, CND_CAP_DOMAIN, DEPTH,
                              CND_ALL_RIGHTS), CND_ILLEGAL_OPERATION);
    r = cnd_cnode_copy(bi->empty.end - 1, ROOT, a, DEPTH, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 0);
    /* IRQ control and reply caps cannot be copied. */
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, a, DEPTH, CND_CAP_IRQ_CONTROL, DEPTH, CND_ALL_RIGHTS),
               CND_ILLEGAL_OPERATION);
    EXPECT(identify(a) == CND_CAP_TAG_NULL);
    case_end();
}

static void test_untyped_retype(void)
{
    if (!case_begin("UNTYPED0001 retype endpoints"))
        return;
    /* Straight from the scratch: deleting the four caps must give it all
     * back (the leak check). */
    cnd_cptr_t ut = harness_scratch(), eps = harness_slots(8);
    EXPECT(ut != 0);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps, 3), CND_NO_ERROR);
    EXPECT(identify(eps) == CND_CAP_TAG_ENDPOINT);
    EXPECT(identify(eps + 2) == CND_CAP_TAG_ENDPOINT);
    EXPECT(identify(eps + 3) == CND_CAP_TAG_NULL);
    /* Through index/depth instead of the root cap itself. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_NOTIFICATION, 0, ROOT, DEPTH, eps + 3, 1),
               CND_NO_ERROR);
    EXPECT(identify(eps + 3) == CND_CAP_TAG_NOTIFICATION);
    for (cnd_cptr_t s = eps; s < eps + 4; s++)
        harness_del(s);
    case_end();
}

static void test_untyped_errors(void)
{
    if (!case_begin("UNTYPED0002 retype errors"))
        return;
    /* An untyped with a child (the endpoint in eps, also the occupied
     * destination DeleteFirst needs). */
    cnd_cptr_t ut = harness_scratch(), eps = harness_slots(8);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps, 1), CND_NO_ERROR);
    struct cnd_result r;
    cnd_word_t size = 1ULL << bi->init_thread_cnode_size_bits;
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps, 1), CND_DELETE_FIRST);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJECT_TYPE_COUNT, 0, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 64, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_MAX_UNTYPED_BITS);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 39, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 0, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 1);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 3, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 1);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, size, 1);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, size - 1);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps + 4, 0);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, CND_RETYPE_FAN_OUT_LIMIT);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps + 4, 257);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, size - 2, 3);
    EXPECT_ERR(r, CND_RANGE_ERROR);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT_DETAIL(r, 1, 2);
    /* The destination "CNode" is the domain cap. */
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, CND_CAP_DOMAIN, DEPTH, 0, 1);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 1, CND_MISSING_CAPABILITY);
    EXPECT_DETAIL(r, 2, DEPTH);
    /* Device memory can only become frames or untypeds. */
    cnd_cptr_t dev = find_device_untyped();
    EXPECT(dev != 0);
    r = cnd_untyped_retype(dev, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, eps + 4, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 1);
    EXPECT(identify(eps + 4) == CND_CAP_TAG_NULL);
    /* An untyped with children cannot be copied. */
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, eps + 4, DEPTH, ut, DEPTH, CND_ALL_RIGHTS),
               CND_REVOKE_FIRST);
    harness_del(eps);
    case_end();
}

static void test_untyped_reuse(void)
{
    if (!case_begin("UNTYPED0003 not enough memory, revoke and reuse"))
        return;
    struct cnd_result r;
    cnd_cptr_t ut = case_untyped(20), eps = harness_slots(8);
    cnd_cptr_t small = eps + 5, frames = eps + 6;
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 12, 0, 0, small, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_untyped_retype(small, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, frames, 1), CND_NO_ERROR);
    r = cnd_untyped_retype(small, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, frames + 1, 1);
    EXPECT_ERR(r, CND_NOT_ENOUGH_MEMORY);
    EXPECT_DETAIL(r, 0, 0);
    /* Revoke frees the frame; the untyped resets and is whole again. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, small, DEPTH), CND_NO_ERROR);
    EXPECT(identify(frames) == CND_CAP_TAG_NULL);
    EXPECT_ERR(cnd_untyped_retype(small, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, frames, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    for (cnd_cptr_t s = eps; s < eps + 8; s++)
        EXPECT(identify(s) == CND_CAP_TAG_NULL);
    harness_del(ut);
    case_end();
}

static void test_untyped_exhaust(void)
{
    /* The untyped exhausted is a 1 MiB child of the scratch (the name says
     * "root" from before the leak check: the kernel treats both alike). */
    if (!case_begin("UNTYPED0004 exhaust a root untyped, revoke, reuse fully"))
        return;
    struct cnd_result r;
    unsigned ut_bits = 20;
    cnd_cptr_t ut = case_untyped(ut_bits), eps = harness_slots(8);
    /* Fill the untyped with 2^12 untypeds... in one 4 KiB page table of
     * caps: carve it into 2^(bits-12) pages in batches of 256. */
    unsigned batches = 0;
    cnd_cptr_t cnode = eps;
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 10, 0, 0, cnode, 1), CND_NO_ERROR);
    /* The CNode took 2^15 bytes; the rest goes in 4 KiB frames. */
    cnd_word_t left = (1ULL << ut_bits) - (1ULL << 15);
    cnd_word_t frames_wanted = left >> 12;
    cnd_word_t made = 0;
    while (made < frames_wanted && batches < 1000) {
        cnd_word_t n = frames_wanted - made > 256 ? 256 : frames_wanted - made;
        /* Reuse the same window: revoking is not the point here, so delete
         * the caps of the previous batch first would free nothing. Instead
         * place them in the new CNode, wrapping around, deleting as we go. */
        for (cnd_word_t i = 0; i < n; i++)
            cnd_cnode_delete(cnode, i, 10);
        r = cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, cnode, DEPTH, 0, n);
        if (r.error != CND_NO_ERROR)
            break;
        made += n;
        batches++;
    }
    EXPECT(made == frames_wanted);
    r = cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, cnode, DEPTH, 300, 1);
    EXPECT_ERR(r, CND_NOT_ENOUGH_MEMORY);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    EXPECT(identify(cnode) == CND_CAP_TAG_NULL);
    /* All of it is usable again, as one object. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, ut_bits, 0, 0, eps, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    harness_del(ut);
    case_end();
}

/* What CNODE0004..0006 start from (CNODE0003 builds it step by step): an
 * endpoint in ep, made from ut, a cap minted from it with badge 0x55 in a,
 * and a write-only copy of that in b. Each case builds it itself so that
 * it runs alone. */
static void make_badged(cnd_cptr_t ut, cnd_cptr_t ep, cnd_cptr_t a, cnd_cptr_t b)
{
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, ep, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, a, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 0x55), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, b, DEPTH, a, DEPTH, CND_CAN_WRITE), CND_NO_ERROR);
}

static void test_mint(void)
{
    if (!case_begin("CNODE0003 mint badges and rights"))
        return;
    cnd_cptr_t ut = harness_scratch();
    cnd_cptr_t ep = alloc_slot(), a = alloc_slot(), b = alloc_slot(), c = alloc_slot();
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, ep, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, a, DEPTH, ep, DEPTH, CND_ALL_RIGHTS, 0x55), CND_NO_ERROR);
    EXPECT(identify(a) == CND_CAP_TAG_ENDPOINT);
    /* A badge is set once. */
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, b, DEPTH, a, DEPTH, CND_ALL_RIGHTS, 0x66),
               CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, b, DEPTH, a, DEPTH, CND_ALL_RIGHTS, 0),
               CND_ILLEGAL_OPERATION);
    /* Copying the badged cap keeps it; Mutate never badges. */
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, b, DEPTH, a, DEPTH, CND_CAN_WRITE), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, c, DEPTH, b, DEPTH, 0x77), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, c, DEPTH, ep, DEPTH, 0), CND_ILLEGAL_OPERATION);
    /* CancelBadgedSends needs all rights: b has only Write. */
    EXPECT_ERR(cnd_cnode_cancel_badged_sends(ROOT, b, DEPTH), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_cancel_badged_sends(ROOT, a, DEPTH), CND_NO_ERROR);
    harness_del(b);
    harness_del(a);
    harness_del(ep);
    case_end();
}

static void test_move_mutate(void)
{
    if (!case_begin("CNODE0004 move and mutate"))
        return;
    cnd_cptr_t ep = alloc_slot(), a = alloc_slot(), b = alloc_slot(), c = alloc_slot();
    cnd_cptr_t m = alloc_slot(), m2 = alloc_slot();
    struct cnd_result r;
    make_badged(harness_scratch(), ep, a, b);
    EXPECT_ERR(cnd_cnode_move(ROOT, ROOT, c, DEPTH, b, DEPTH), CND_NO_ERROR);
    EXPECT(identify(b) == CND_CAP_TAG_NULL && identify(c) == CND_CAP_TAG_ENDPOINT);
    EXPECT_ERR(cnd_cnode_move(ROOT, ROOT, c, DEPTH, a, DEPTH), CND_DELETE_FIRST);
    r = cnd_cnode_move(ROOT, ROOT, b, DEPTH, b, DEPTH);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    /* Mutate a CNode cap: the same guard (64 - radix bits) resolves at depth 64. */
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, b, DEPTH, ROOT, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, m, DEPTH, b, DEPTH,
                                cnd_cnode_cap_data_new(0, 64 - CAPTEST_CNODE_BITS)), CND_NO_ERROR);
    EXPECT(identify(b) == CND_CAP_TAG_NULL);
    /* Through the mutated cap (guard + radix = 64) slot c resolves. */
    EXPECT(identify(c) == CND_CAP_TAG_ENDPOINT);
    EXPECT_ERR(cnd_cnode_copy(m, ROOT, b, DEPTH, c, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT(identify(b) == CND_CAP_TAG_ENDPOINT);
    /* A guard too large for the radix is refused. */
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, m2, DEPTH, m, DEPTH,
                                cnd_cnode_cap_data_new(0, 65 - CAPTEST_CNODE_BITS)), CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_delete(ROOT, m, DEPTH), CND_NO_ERROR);
    EXPECT(identify(m2) == CND_CAP_TAG_NULL);
    harness_del(b);
    harness_del(c);
    harness_del(a);
    harness_del(ep);
    case_end();
}

static void test_rotate(void)
{
    if (!case_begin("CNODE0005 rotate"))
        return;
    cnd_cptr_t ep = alloc_slot(), a = alloc_slot(), b = alloc_slot(), c = alloc_slot();
    struct cnd_result r;
    /* As CNODE0004 leaves it: a badged, b and c endpoint caps. */
    make_badged(harness_scratch(), ep, a, b);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, c, DEPTH, b, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    /* Rotate moves pivot -> dest and source -> pivot. */
    cnd_cptr_t d = alloc_slot(), e = alloc_slot();
    EXPECT_ERR(cnd_cnode_delete(ROOT, b, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_move(ROOT, ROOT, e, DEPTH, c, DEPTH), CND_NO_ERROR);   /* keep c's endpoint */
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, b, DEPTH, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, c, DEPTH, CND_CAP_SYSTEM_CONTROL, DEPTH, CND_ALL_RIGHTS),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, d, DEPTH, 0, c, DEPTH, 0, b, DEPTH), CND_NO_ERROR);
    EXPECT(identify(d) == CND_CAP_TAG_SYSTEM_CONTROL);
    EXPECT(identify(c) == CND_CAP_TAG_DOMAIN);
    EXPECT(identify(b) == CND_CAP_TAG_NULL);
    /* Source == destination swaps the two. */
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, d, DEPTH, 0, c, DEPTH, 0, d, DEPTH), CND_NO_ERROR);
    EXPECT(identify(d) == CND_CAP_TAG_DOMAIN && identify(c) == CND_CAP_TAG_SYSTEM_CONTROL);
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, d, DEPTH, 0, d, DEPTH, 0, c, DEPTH),
               CND_ILLEGAL_OPERATION);
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, a, DEPTH, 0, c, DEPTH, 0, d, DEPTH),
               CND_DELETE_FIRST);
    r = cnd_cnode_rotate(ROOT, ROOT, ROOT, b, DEPTH, 0, c, DEPTH, 0, b, DEPTH);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 1);
    /* Endpoint caps can never be rotated (Rotate may not set badges). */
    EXPECT_ERR(cnd_cnode_rotate(ROOT, ROOT, ROOT, b, DEPTH, 0, e, DEPTH, 0, c, DEPTH),
               CND_ILLEGAL_OPERATION);
    EXPECT(identify(e) == CND_CAP_TAG_ENDPOINT && identify(c) == CND_CAP_TAG_SYSTEM_CONTROL);
    EXPECT_ERR(cnd_cnode_move(ROOT, ROOT, b, DEPTH, e, DEPTH), CND_NO_ERROR);
    harness_del(b);
    harness_del(c);
    harness_del(d);
    harness_del(a);
    harness_del(ep);
    case_end();
}

static void test_revoke_badged(void)
{
    if (!case_begin("CNODE0006 revoke badged children"))
        return;
    /* ut is revoked below: a child of the scratch, deleted at the end. */
    cnd_cptr_t ut = case_untyped(16);
    cnd_cptr_t ep = alloc_slot(), a = alloc_slot(), b = alloc_slot();
    make_badged(ut, ep, a, b);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ep, DEPTH), CND_NO_ERROR);
    /* a (badge 0x55) and b (the endpoint copied from it) were minted or
     * copied from ep: all gone; ep stays. */
    EXPECT(identify(a) == CND_CAP_TAG_NULL);
    EXPECT(identify(b) == CND_CAP_TAG_NULL);
    EXPECT(identify(ep) == CND_CAP_TAG_ENDPOINT);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    EXPECT(identify(ep) == CND_CAP_TAG_NULL);
    harness_del(ut);
    case_end();
}

static void test_revoke_many(void)
{
    if (!case_begin("CNODE0007 revoke 10000 derived caps"))
        return;
    cnd_cptr_t ut = case_untyped(20);
    cnd_cptr_t cnode = alloc_slot(), ep = alloc_slot(), probe = alloc_slot();
    /* A 2^14-slot CNode (512 KiB) holds the copies. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 14, 0, 0, cnode, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_ENDPOINT, 0, 0, 0, ep, 1), CND_NO_ERROR);
    struct cnd_result r = { .error = CND_NO_ERROR };
    for (cnd_word_t i = 0; i < 10000 && r.error == CND_NO_ERROR; i++)
        r = cnd_cnode_copy(cnode, ROOT, i, 14, ep, DEPTH, CND_ALL_RIGHTS);
    EXPECT_ERR(r, CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ep, DEPTH), CND_NO_ERROR);
    unsigned left = 0;
    /* Sample the copies (each failed lookup prints a debug line). */
    for (cnd_word_t i = 0; i < 10000; i += 499)
        left += cnd_cnode_copy(ROOT, cnode, probe, DEPTH, i, 14, CND_ALL_RIGHTS).error == CND_NO_ERROR;
    EXPECT(left == 0);
    /* Deleting the big CNode and the untyped's children. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    EXPECT(identify(cnode) == CND_CAP_TAG_NULL && identify(ep) == CND_CAP_TAG_NULL);
    harness_del(ut);
    case_end();
}

static void test_cycles(void)
{
    if (!case_begin("CNODE0008 CNodes holding caps to themselves and to each other"))
        return;
    cnd_cptr_t ut = alloc_slot(), a = alloc_slot(), b = alloc_slot();
    cnd_cptr_t big = harness_scratch();
    EXPECT_ERR(cnd_untyped_retype(big, ROOT, CND_OBJ_UNTYPED, 16, 0, 0, ut, 1), CND_NO_ERROR);
    /* A CNode with a copy of its own cap inside: revoke must finish. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 4, 0, 0, a, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(a, ROOT, 1, 4, a, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(a, ROOT, 15, 4, CND_CAP_DOMAIN, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    EXPECT(identify(a) == CND_CAP_TAG_NULL);
    /* The same, deleting the outside cap last: the inside copy goes first. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 4, 0, 0, a, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(a, ROOT, 1, 4, a, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, a, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    /* A ring: A holds the only cap to B and B the only cap to A. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 4, 0, 0, a, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 4, 0, 0, b, 1), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(a, ROOT, 3, 4, b, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(b, ROOT, 5, 4, a, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, b, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_delete(ROOT, a, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    /* A chain 300 CNodes deep, each holding the only cap to the next,
     * whose end holds a cap back into the middle of the chain. */
    {
        enum { N = 300 };
        cnd_cptr_t first = harness_slots(N);
        for (unsigned i = 0; i < N; i += 100)
            EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_CAP_TABLE, 1, 0, 0, first + i, 100),
                       CND_NO_ERROR);
        EXPECT_ERR(cnd_cnode_copy(first + N - 1, ROOT, 1, 1, first + 200, DEPTH, CND_ALL_RIGHTS),
                   CND_NO_ERROR);
        unsigned moved = 0;
        for (unsigned i = N - 1; i > 0; i--)
            moved += cnd_cnode_move(first + i - 1, ROOT, 0, 1, first + i, DEPTH).error == CND_NO_ERROR;
        EXPECT(moved == N - 1);
        EXPECT_ERR(cnd_cnode_delete(ROOT, first, DEPTH), CND_NO_ERROR);
        EXPECT_ERR(cnd_cnode_revoke(ROOT, ut, DEPTH), CND_NO_ERROR);
    }
    /* Everything is back: the whole untyped can be retyped again. */
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 16, 0, 0, a, 1), CND_NO_ERROR);
    /* Deleting a and then ut must leave the scratch whole (leak check). */
    harness_del(a);
    harness_del(ut);
    case_end();
}

static void test_domain(void)
{
    if (!case_begin("DOMAIN0001 domain set"))
        return;
    struct cnd_result r;
    EXPECT_ERR(cnd_domain_set_set(CND_CAP_DOMAIN, CND_CAP_INIT_THREAD_TCB, 0), CND_NO_ERROR);
    r = cnd_domain_set_set(CND_CAP_DOMAIN, CND_CAP_INIT_THREAD_TCB, 1);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_domain_set_set(CND_CAP_DOMAIN, CND_CAP_DOMAIN, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 1);
    case_end();
}

static void test_system_control(void)
{
    if (!case_begin("SYSCTL0001 system control labels"))
        return;
    struct cnd_result r = cnd_result_from_reply(cnd_call(CND_CAP_SYSTEM_CONTROL, cnd_msginfo_new(0x7bff, 0, 0, 0)),
                              0, 0, 0, 0);
    EXPECT_ERR(r, CND_ILLEGAL_OPERATION);
    case_end();
}

int main(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    put_str("captest: capability core tests\n");
    if (harness_scratch_setup(bi, bi->empty.start, WINDOW_SLOTS, SCRATCH_BITS) == 0)
        return 1;
    test_boot_info();
    test_initial_caps();
    test_cnode_copy_delete();
    test_cnode_copy_errors();
    test_untyped_retype();
    test_untyped_errors();
    test_untyped_reuse();
    test_untyped_exhaust();
    test_mint();
    test_move_mutate();
    test_rotate();
    test_revoke_badged();
    test_revoke_many();
    test_cycles();
    test_domain();
    test_system_control();
    if (case_begin("DEBUG0001 snapshot of the live system as capDL")) {
        cnd_debug_snapshot();   /* the QEMU test checks the printed text */
        case_end();
    }
    harness_summary();
#ifdef CAPTEST_REBOOT
    cnd_system_control_reboot(CND_CAP_SYSTEM_CONTROL);
#else
    cnd_system_control_power_off(CND_CAP_SYSTEM_CONTROL);
#endif
    return 1;
}
