/* SPDX-License-Identifier: BSD-2-Clause */
/* The CSpace and untyped allocators, including exhaustion and recovery. */
#include "libtest.h"

static cnd_word_t small_bitmap[1], two_level_bitmap[1];
static struct cnd_ut_entry sub_entries[4];

/* A CNode of 2^radix slots (*c), and a cap to it guarded so slot n =
 * (cap, n, 64). Given back with drop_cnode. */
static cnd_cptr_t guarded_cnode(unsigned radix, unsigned used_bits, struct cnd_object *c)
{
    cnd_cptr_t g = 0;
    CND_TRY(cnd_alloc(CND_OBJ_CAP_TABLE, radix, c));
    CND_TRY(cnd_mint(c->cptr, CND_ALL_RIGHTS, cnd_cnode_cap_data_new(0, 64 - used_bits), &g));
    return g;
}

/* Deletes the guarded cap and the CNode (and with it every cap inside). */
static void drop_cnode(cnd_cptr_t g, struct cnd_object *c)
{
    EXPECT_ERR(cnd_delete(g), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(c), CND_NO_ERROR);
}

/* A fresh untyped for retyping by hand (*u; cnd_free it at the end): the
 * allocator's own untypeds must only be retyped through it, or its model
 * goes wrong. */
static cnd_cptr_t raw_untyped(struct cnd_object *u)
{
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 12, u));
    return u->cptr;
}

/* The tag of the cap at (root, n, 64) in some other CSpace. */
static cnd_word_t tag_in(cnd_cptr_t root, cnd_cptr_t n)
{
    cnd_cptr_t mine = 0;
    CND_TRY(cnd_slot_alloc(&mine));
    struct cnd_result r = cnd_cnode_copy(env->cspace.root, root, mine, 64, n, 64, CND_ALL_RIGHTS);
    cnd_word_t tag = cnd_result_ok(r) ? cnd_debug_cap_identify(mine) : 0;
    cnd_delete(mine);  /* also frees the slot when the copy failed (it is empty) */
    return tag;
}

static void test_one_level(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBCSPACE0001 LIBCSPACE0002 LIBCSPACE0003"))
        return;
    struct cnd_cspace *cs = &env->cspace;
    case_begin("LIBCSPACE0001 a one-level CSpace (the cases' window of the root CNode): alloc, ranges, free");
    cnd_word_t before = cnd_cspace_free_count(cs);
    cnd_cptr_t a = 0, b = 0, range = 0;
    EXPECT_ERR(cnd_cspace_alloc(cs, &a), CND_NO_ERROR);
    EXPECT_ERR(cnd_cspace_alloc(cs, &b), CND_NO_ERROR);
    EXPECT(a >= cs->first && b != a && cnd_cspace_in_use(cs, a) && cnd_cspace_in_use(cs, b));
    EXPECT_ERR(cnd_cspace_alloc_range(cs, 10, &range), CND_NO_ERROR);
    EXPECT(cnd_cspace_free_count(cs) == before - 12);
    cnd_cspace_free(cs, a);
    cnd_cspace_free(cs, b);
    cnd_cspace_free_range(cs, range, 10);
    EXPECT(!cnd_cspace_in_use(cs, a) && cnd_cspace_free_count(cs) == before);
    EXPECT(!cnd_cspace_in_use(cs, 1) && !cnd_cspace_in_use(cs, 1u << 20));
    EXPECT_LIB(cnd_cspace_alloc_range(cs, 0, &range), CND_ERR_BAD_ARGUMENT);
    cnd_word_t idx, depth, off;
    cnd_cspace_node(cs, 1234, &idx, &depth, &off);
    EXPECT(idx == 0 && depth == 0 && off == 1234);
    case_end();

    case_begin("LIBCSPACE0002 a 16-slot CSpace to exhaustion, reuse, retype into it");
    struct cnd_cspace small;
    struct cnd_object c, raw;
    cnd_cptr_t g = guarded_cnode(4, 4, &c), s = 0;
    EXPECT_ERR(cnd_cspace_init(&small, g, 4, 0, 0, 16, small_bitmap, 16, NULL), CND_NO_ERROR);
    unsigned got = 0;
    while (cnd_result_ok(cnd_cspace_alloc(&small, &s)))
        got++;
    struct cnd_result full = cnd_cspace_alloc(&small, &s);
    EXPECT(got == 16 && full.error == (cnd_error_t)CND_ERR_NO_SLOTS && full.detail[0] == 1);
    cnd_cspace_free(&small, 5);
    EXPECT_ERR(cnd_cspace_alloc(&small, &s), CND_NO_ERROR);
    EXPECT(s == 5);
    cnd_cspace_free_range(&small, 8, 4);
    EXPECT_ERR(cnd_cspace_alloc_range(&small, 4, &s), CND_NO_ERROR);
    EXPECT(s == 8);
    cnd_cspace_node(&small, 3, &idx, &depth, &off);
    EXPECT_ERR(cnd_untyped_retype(raw_untyped(&raw), g, CND_OBJ_ENDPOINT, 0, idx, depth,
                                  off, 1), CND_NO_ERROR);
    EXPECT(tag_in(g, 3) == CND_CAP_TAG_ENDPOINT);
    EXPECT_ERR(cnd_cspace_delete(&small, 3), CND_NO_ERROR);
    EXPECT(tag_in(g, 3) == CND_CAP_TAG_NULL && !cnd_cspace_in_use(&small, 3));
    cnd_cspace_reset(&small);
    EXPECT(cnd_cspace_free_count(&small) == 16);
    EXPECT_LIB(cnd_cspace_init(&small, g, 0, 0, 0, 16, small_bitmap, 16, NULL), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_cspace_init(&small, g, 4, 0, 0, 17, small_bitmap, 17, NULL), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_cspace_init(&small, g, 4, 0, 0, 16, small_bitmap, 8, NULL), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_cspace_init(&small, g, 9, 4, 0, 16, small_bitmap, 16, NULL), CND_ERR_BAD_ARGUMENT);
    EXPECT_ERR(cnd_free(&raw), CND_NO_ERROR);
    drop_cnode(g, &c);
    case_end();

    case_begin("LIBCSPACE0003 bump mode: in order, given back all at once");
    struct cnd_cspace bump;
    g = guarded_cnode(4, 4, &c);
    EXPECT_ERR(cnd_cspace_init(&bump, g, 4, 0, 2, 10, NULL, 0, NULL), CND_NO_ERROR);
    EXPECT_ERR(cnd_cspace_alloc(&bump, &a), CND_NO_ERROR);
    EXPECT_ERR(cnd_cspace_alloc_range(&bump, 3, &b), CND_NO_ERROR);
    EXPECT(a == 2 && b == 3 && cnd_cspace_free_count(&bump) == 4 && cnd_cspace_in_use(&bump, 5));
    cnd_cspace_free(&bump, 2);  /* not the last allocation: ignored */
    EXPECT(cnd_cspace_free_count(&bump) == 4);
    cnd_cspace_free_range(&bump, 3, 3);  /* the last one: given back */
    EXPECT(cnd_cspace_free_count(&bump) == 7);
    EXPECT_LIB(cnd_cspace_alloc_range(&bump, 8, &b), CND_ERR_NO_SLOTS);
    cnd_cspace_reset(&bump);
    EXPECT(cnd_cspace_free_count(&bump) == 8);
    drop_cnode(g, &c);
    case_end();
}

static void test_two_level(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBCSPACE0004 LIBCSPACE0005"))
        return;
    case_begin("LIBCSPACE0004 two levels: level-2 CNodes on demand, slot n = cptr n");
    /* Level-2 CNodes stay with the CSpace (cspace.h): they come from a
     * scope, revoked at the end, after the root CNode is gone. */
    struct cnd_cspace cs;
    struct cnd_object c, raw;
    struct scope l2;
    scope_open(&l2, 16);
    cnd_cptr_t g = guarded_cnode(2, 6, &c), s = 0, r16 = 0;
    EXPECT_ERR(cnd_cspace_init(&cs, g, 2, 4, 0, 64, two_level_bitmap, 64, &l2.ut),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_cspace_alloc_range(&cs, 16, &r16), CND_NO_ERROR);
    EXPECT_ERR(cnd_cspace_alloc(&cs, &s), CND_NO_ERROR);
    EXPECT(r16 == 0 && s == 16 && cs.l2_made[0] == 3);
    cnd_cptr_t s2 = 0;
    EXPECT_ERR(cnd_cspace_alloc(&cs, &s2), CND_NO_ERROR);
    cnd_word_t idx, depth, off;
    cnd_cspace_node(&cs, s2, &idx, &depth, &off);
    EXPECT(s2 == 17 && idx == 1 && depth == 60 && off == 1);
    EXPECT_ERR(cnd_untyped_retype(raw_untyped(&raw), g, CND_OBJ_NOTIFICATION, 0, idx,
                                  depth, off, 1), CND_NO_ERROR);
    EXPECT(tag_in(g, 17) == CND_CAP_TAG_NOTIFICATION && tag_in(g, 16) == CND_CAP_TAG_NULL);
    /* 16 in a row no longer fit in CNode 1: they come from CNode 2. */
    EXPECT_ERR(cnd_cspace_alloc_range(&cs, 16, &r16), CND_NO_ERROR);
    EXPECT(r16 == 32 && cs.l2_made[0] == 7);
    unsigned more = 0;
    while (cnd_result_ok(cnd_cspace_alloc(&cs, &s)))
        more++;
    EXPECT(more == 64 - 16 - 2 - 16 && cnd_cspace_free_count(&cs) == 0);
    EXPECT_LIB(cnd_cspace_alloc(&cs, &s), CND_ERR_NO_SLOTS);
    drop_cnode(g, &c);  /* and the notification in level-2 CNode 1 with it */
    scope_close(&l2);
    EXPECT_ERR(cnd_free(&raw), CND_NO_ERROR);
    case_end();

    case_begin("LIBCSPACE0005 growing the root task's CSpace to two levels");
    /* The root env's own CSpace: the growth (a new root CNode, level-2
     * CNodes) is permanent by design and comes from the root env, outside
     * the checked scratch; what the case makes besides comes from env. */
    struct cnd_cspace *root = &root_env->cspace;
    struct cnd_cspace small;
    struct cnd_object sc;
    cnd_cptr_t sg = guarded_cnode(4, 4, &sc);
    cnd_cspace_init(&small, sg, 4, 0, 0, 16, small_bitmap, 16, &env->untyped);
    EXPECT_LIB(cnd_cspace_expand_root_task(&small, 1), CND_ERR_TABLE_FULL);
    EXPECT_LIB(cnd_cspace_expand_root_task(root, 0), CND_ERR_BAD_ARGUMENT);
    cnd_word_t before = cnd_cspace_free_count(root);
    EXPECT_ERR(cnd_cspace_expand_root_task(root, 3), CND_NO_ERROR);
    EXPECT(root->l2_bits == 13 && root->root_bits == 3 && root->end == 65536);
    EXPECT(cnd_cspace_free_count(root) == before + 65536 - 8192 - 2);
    EXPECT_LIB(cnd_cspace_expand_root_task(root, 1), CND_ERR_BAD_ARGUMENT);
    /* Old cptrs keep working, through either root. */
    EXPECT(cnd_debug_cap_identify(CND_CAP_INIT_THREAD_TCB) == CND_CAP_TAG_THREAD);
    EXPECT(tag_in(root->root, CND_CAP_INIT_THREAD_VSPACE) == CND_CAP_TAG_PAGE_TABLE);
    /* A whole level-2 CNode's worth of slots: a new CNode, past 8192. */
    cnd_cptr_t big = 0;
    EXPECT_ERR(cnd_cspace_alloc_range(root, 8192, &big), CND_NO_ERROR);
    EXPECT(big == 8192 && (root->l2_made[0] & 2) != 0);
    struct cnd_object ep;
    cnd_cspace_free_range(root, big, 8192);
    EXPECT_ERR(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&ep), CND_NO_ERROR);
    cnd_cptr_t far = 0;
    EXPECT_ERR(cnd_cspace_alloc_range(root, 8000, &far), CND_NO_ERROR);
    cnd_cptr_t at = far + 7000;
    cnd_cspace_node(root, at, &idx, &depth, &off);
    EXPECT(at >= 8192 && depth == 51);
    EXPECT_ERR(cnd_untyped_retype(raw_untyped(&raw), root->root, CND_OBJ_ENDPOINT, 0,
                                  idx, depth, off, 1), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(at) == CND_CAP_TAG_ENDPOINT);
    EXPECT_ERR(cnd_cnode_delete(root->root, at, 64), CND_NO_ERROR);
    cnd_cspace_free_range(root, far, 8000);
    EXPECT_ERR(cnd_free(&raw), CND_NO_ERROR);
    drop_cnode(sg, &sc);
    case_end();
}

/* LIBUNTYPED0003/0004: an 8 KiB untyped (*small) behind a second allocator
 * (*sub2) that made one frame (*x), and a frame retyped from it by hand
 * into *direct behind the allocator's back, so it is full without knowing. */
static void disagree(struct cnd_object *small, struct cnd_ut_alloc *sub2, struct cnd_object *x,
                     struct cnd_object *direct)
{
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 13, small));
    cnd_ut_init(sub2, &env->cspace, sub_entries + 2, 1);
    cnd_ut_add(sub2, small->cptr, small->paddr, 13, false);
    EXPECT_ERR(cnd_ut_alloc(sub2, CND_OBJ_4K_PAGE, 0, x), CND_NO_ERROR);
    CND_TRY(cnd_slot_alloc(&direct->cptr));
    cnd_word_t idx, depth, off;
    cnd_cspace_node(&env->cspace, direct->cptr, &idx, &depth, &off);
    EXPECT_ERR(cnd_untyped_retype(small->cptr, env->cspace.root, CND_OBJ_4K_PAGE, 0, idx, depth,
                                  off, 1), CND_NO_ERROR);
    struct cnd_object y;
    struct cnd_result r = cnd_ut_alloc(sub2, CND_OBJ_4K_PAGE, 0, &y);
    EXPECT(r.error == CND_NOT_ENOUGH_MEMORY && r.detail[0] == 0);
    EXPECT_LIB(cnd_ut_alloc(sub2, CND_OBJ_4K_PAGE, 0, &y), CND_ERR_NO_MEMORY);
}

static void test_untyped_alloc(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBUNTYPED0001 LIBUNTYPED0002 LIBUNTYPED0003 LIBUNTYPED0004"))
        return;
    struct cnd_ut_alloc *ut = &env->untyped;
    case_begin("LIBUNTYPED0001 objects of every type, model addresses match the kernel's");
    EXPECT(cnd_object_bytes(CND_OBJ_TCB, 0) == 2048 && cnd_object_bytes(CND_OBJ_CAP_TABLE, 4) == 512);
    EXPECT(cnd_object_bytes(CND_OBJ_UNTYPED, 20) == 1u << 20 && cnd_object_bytes(99, 0) == 0);
    EXPECT(cnd_object_bytes(CND_OBJ_UNTYPED, 3) == 0 && cnd_object_bytes(CND_OBJ_CAP_TABLE, 0) == 0);
    static const cnd_word_t types[][2] = {
        { CND_OBJ_UNTYPED, 12 }, { CND_OBJ_TCB, 0 }, { CND_OBJ_ENDPOINT, 0 },
        { CND_OBJ_NOTIFICATION, 0 }, { CND_OBJ_CAP_TABLE, 3 }, { CND_OBJ_4K_PAGE, 0 },
        { CND_OBJ_MEGA_PAGE, 0 }, { CND_OBJ_PAGE_TABLE, 0 },
    };
    static const cnd_word_t tags[] = { CND_CAP_TAG_UNTYPED, CND_CAP_TAG_THREAD,
                                       CND_CAP_TAG_ENDPOINT, CND_CAP_TAG_NOTIFICATION,
                                       CND_CAP_TAG_CNODE, CND_CAP_TAG_FRAME, CND_CAP_TAG_FRAME,
                                       CND_CAP_TAG_PAGE_TABLE };
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++) {
        struct cnd_object o;
        EXPECT_ERR(cnd_ut_alloc(ut, types[i][0], types[i][1], &o), CND_NO_ERROR);
        EXPECT(cnd_debug_cap_identify(o.cptr) == tags[i] && o.count == 1);
        EXPECT_ERR(cnd_ut_free(ut, &o), CND_NO_ERROR);
        EXPECT(cnd_debug_cap_identify(o.cptr) == CND_CAP_TAG_NULL);
    }
    struct cnd_object frames;
    EXPECT_ERR(cnd_ut_alloc_n(ut, CND_OBJ_4K_PAGE, 0, 8, &frames), CND_NO_ERROR);
    unsigned match = 0;
    for (unsigned i = 0; i < 8; i++) {
        cnd_word_t pa = 0;
        cnd_page_get_address(frames.cptr + i, &pa);
        match += pa == frames.paddr + i * 4096;
    }
    EXPECT(match == 8);
    EXPECT_ERR(cnd_ut_free(ut, &frames), CND_NO_ERROR);
    EXPECT_LIB(cnd_ut_free(ut, &frames), CND_ERR_BAD_ARGUMENT);
    struct cnd_object o;
    EXPECT_LIB(cnd_ut_alloc(ut, 99, 0, &o), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_ut_alloc(ut, CND_OBJ_UNTYPED, 3, &o), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_ut_alloc_n(ut, CND_OBJ_ENDPOINT, 0, 0, &o), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_ut_alloc_n(ut, CND_OBJ_ENDPOINT, 0, 257, &o), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_ut_alloc(ut, CND_OBJ_UNTYPED, 38, &o), CND_ERR_NO_MEMORY);
    case_end();

    case_begin("LIBUNTYPED0002 a 64 KiB untyped to exhaustion, and back");
    struct cnd_object u;
    struct cnd_ut_alloc sub;
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 16, &u));
    cnd_ut_init(&sub, &env->cspace, sub_entries, 2);
    EXPECT_ERR(cnd_ut_add(&sub, u.cptr, u.paddr, 16, false), CND_NO_ERROR);
    EXPECT_LIB(cnd_ut_add(&sub, u.cptr, u.paddr, 3, false), CND_ERR_BAD_ARGUMENT);
    struct cnd_object f[17];
    unsigned n = 0;
    struct cnd_result r;
    while (n < 17 && cnd_result_ok(r = cnd_ut_alloc(&sub, CND_OBJ_4K_PAGE, 0, &f[n])))
        n++;
    cnd_word_t largest = 1;
    EXPECT(n == 16 && r.error == (cnd_error_t)CND_ERR_NO_MEMORY && r.detail[0] == 4096 &&
           r.detail[1] == 0 && cnd_ut_free_bytes(&sub, &largest) == 0 && largest == 0);
    for (unsigned i = 0; i < n; i++)
        cnd_ut_free(&sub, &f[i]);
    EXPECT(cnd_ut_free_bytes(&sub, &largest) == 65536 && largest == 65536);
    EXPECT_ERR(cnd_ut_alloc(&sub, CND_OBJ_CAP_TABLE, 11, &f[0]), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_free(&sub, &f[0]), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_add(&sub, u.cptr, u.paddr, 16, false), CND_NO_ERROR);
    EXPECT_LIB(cnd_ut_add(&sub, u.cptr, u.paddr, 16, false), CND_ERR_TABLE_FULL);
    EXPECT_ERR(cnd_free(&u), CND_NO_ERROR);
    case_end();

    case_begin("LIBUNTYPED0003 the model resynchronises when the kernel disagrees");
    struct cnd_object small, x, direct;
    struct cnd_ut_alloc sub2;
    disagree(&small, &sub2, &x, &direct);
    /* Teardown: revoke the untyped, then give back the slots and it. */
    EXPECT_ERR(cnd_ut_revoke(&sub2, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_free(&sub2, &x), CND_NO_ERROR);
    cnd_slot_free(direct.cptr);
    EXPECT_ERR(cnd_free(&small), CND_NO_ERROR);
    case_end();

    case_begin("LIBUNTYPED0004 revoke: everything from one untyped at once");
    disagree(&small, &sub2, &x, &direct);
    EXPECT_ERR(cnd_ut_revoke(&sub2, 0), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(direct.cptr) == CND_CAP_TAG_NULL);
    EXPECT(cnd_ut_free_bytes(&sub2, NULL) == 8192);
    EXPECT_ERR(cnd_ut_free(&sub2, &x), CND_NO_ERROR);  /* only its slot now */
    EXPECT_ERR(cnd_ut_alloc_n(&sub2, CND_OBJ_4K_PAGE, 0, 2, &x), CND_NO_ERROR);
    EXPECT_LIB(cnd_ut_revoke(&sub2, 1), CND_ERR_BAD_ARGUMENT);
    cnd_ut_revoke(&sub2, 0);
    cnd_ut_free(&sub2, &x);
    cnd_slot_free(direct.cptr);
    EXPECT_ERR(cnd_free(&small), CND_NO_ERROR);
    case_end();
}

static struct cnd_ut_entry device_entries[64];

static void test_device(void)
{
    if (!case_begin("LIBUNTYPED0005 device frames at physical addresses (virtio-mmio registers)"))
        return;
    const cnd_paddr_t pa = 0x10008000;  /* QEMU virt's last virtio-mmio slot */
    /* Device memory is no scratch: the case gets the boot device untyped
     * covering pa in an allocator of its own over env's slots (the root
     * env never makes device frames in libtest). Splitting it leaves
     * halves behind by design (untyped.h); the teardown revokes it, which
     * destroys the halves and, since the fix in cnd_ut_revoke, gives their
     * slots back. */
    struct cnd_ut_alloc dut, *ut = &dut;
    cnd_ut_init(ut, &env->cspace, device_entries, 64);
    for (size_t i = 0; i < cnd_bootinfo_untyped_count(bi); i++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[i];
        if (d->is_device && pa >= d->paddr && pa - d->paddr < ((cnd_paddr_t)1 << d->size_bits))
            CND_TRY(cnd_ut_add(ut, bi->untyped.start + i, d->paddr, d->size_bits, true));
    }
    EXPECT(ut->count == 1);
    struct cnd_object dev, again;
    EXPECT_ERR(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, pa, &dev), CND_NO_ERROR);
    cnd_word_t got = 0;
    EXPECT_ERR(cnd_page_get_address(dev.cptr, &got), CND_NO_ERROR);
    EXPECT(got == pa && dev.paddr == pa);
    cnd_vaddr_t va = 0;
    CND_TRY(cnd_vspace_reserve(&env->vspace, 4096, 0, &va));
    EXPECT_ERR(cnd_vspace_map(&env->vspace, dev.cptr, va, CND_READ_WRITE, CND_VM_EXECUTE_NEVER),
               CND_NO_ERROR);
    EXPECT(*(volatile uint32_t *)va == 0x74726976);  /* "virt" */
    EXPECT_LIB(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, pa, &again), CND_ERR_IN_USE);
    EXPECT_LIB(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, 0x80400000, &again), CND_ERR_NO_DEVICE_MEMORY);
    EXPECT_LIB(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, pa + 4, &again), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_ut_alloc_at(ut, CND_OBJ_ENDPOINT, pa, &again), CND_ERR_BAD_ARGUMENT);
    EXPECT_ERR(cnd_ut_free(ut, &dev), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, pa, &again), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_alloc_at(ut, CND_OBJ_4K_PAGE, pa - 0x7000, &dev), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_free(ut, &again), CND_NO_ERROR);
    EXPECT_ERR(cnd_ut_free(ut, &dev), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_release(&env->vspace, va, 4096), CND_NO_ERROR);
    EXPECT(ut->count > 2);  /* halves were made */
    EXPECT_ERR(cnd_ut_revoke(ut, 0), CND_NO_ERROR);
    case_end();
}

void test_cspace(void)
{
    test_one_level();
    test_two_level();
}

void test_untyped(void)
{
    test_untyped_alloc();
    test_device();
}
