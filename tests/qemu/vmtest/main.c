/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-QEMU tests of address spaces: page tables at every level, frames of
 * every size mapped with every rights combination and checked by real
 * accesses, sharing through copies of a frame cap, unmap and delete, ASID
 * pools to exhaustion and reuse, and seL4's errors. The last act (chosen at
 * build time) is a forbidden access that must end in a VM fault.
 *
 * Every case is leak-checked (harness_scratch_setup): it makes its tables,
 * frames, VSpaces and pools from the harness's scratch untyped into the
 * slot window and deletes them before case_end, so the check proves that
 * deleting the last cap to a page table, frame or ASID pool gives its memory
 * back. Each case builds what it needs itself, so each runs alone under
 * --case. The mapping the final forbidden access needs is made after the
 * last case, outside the checked cases.
 */
#include <abi/boot_info.h>
#include <conductor/runtime.h>
#include "../captest/harness.h"

#define ROOT CND_CAP_INIT_THREAD_CNODE
#define VSPACE CND_CAP_INIT_THREAD_VSPACE
#define DEPTH 64

static const struct cnd_boot_info *bi;

/* The scratch: 1 GiB, so VM0007's 1 GiB frame comes from it too (virt
 * with 4 GiB has no 2 GiB boot untyped to carve a larger one from). */
#define SCRATCH_BITS 30
/* The window: ASID0001 fills a pool with 513 VSpaces. */
#define WINDOW_SLOTS 1024

static cnd_cptr_t ut;   /* the scratch untyped: every object comes from it */

static cnd_cptr_t alloc_slots(unsigned n)
{
    return harness_slots(n);
}

static cnd_cptr_t make(cnd_word_t type, cnd_word_t size_bits)
{
    return harness_make(type, size_bits);
}

static void del(cnd_cptr_t s)
{
    harness_del(s);
}

static volatile uint64_t *at(cnd_word_t va)
{
    return (volatile uint64_t *)va;
}

#define VA_BASE 0x4000000000ULL / 2   /* 128 GiB: far from the image */

#define VA 0x2000000000ULL   /* 128 GiB: where VM0001..VM0006 map */

/* What VM0002..VM0006 start from (VM0001 builds it step by step): the
 * level-1 and level-0 tables for VA mapped, and a 4 KiB frame f. */
struct tables {
    cnd_cptr_t pt1, pt0, f;
};

static struct tables make_tables(void)
{
    struct tables t = { make(CND_OBJ_PAGE_TABLE, 0), make(CND_OBJ_PAGE_TABLE, 0),
                        make(CND_OBJ_4K_PAGE, 0) };
    EXPECT_ERR(cnd_page_table_map(t.pt1, VSPACE, VA, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_map(t.pt0, VSPACE, VA, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    return t;
}

/* As make_tables, with f mapped at VA holding the value VM0002 writes. */
static struct tables make_mapped(void)
{
    struct tables t = make_tables();
    EXPECT_ERR(cnd_page_map(t.f, VSPACE, VA, CND_ALL_RIGHTS, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    *at(VA) = 0x1122334455667788ULL;
    return t;
}

/* Deleting the frame cap unmaps it; deleting the table caps unmaps them. */
static void del_tables(struct tables t)
{
    del(t.f);
    del(t.pt0);
    del(t.pt1);
}

static void test_table_levels(void)
{
    if (!case_begin("VM0001 missing tables are reported level by level"))
        return;
    struct cnd_result r;
    cnd_word_t va = VA;
    cnd_cptr_t pt1 = make(CND_OBJ_PAGE_TABLE, 0), pt0 = make(CND_OBJ_PAGE_TABLE, 0);
    cnd_cptr_t f = make(CND_OBJ_4K_PAGE, 0);
    r = cnd_page_map(f, VSPACE, va, CND_ALL_RIGHTS, CND_VM_DEFAULT_ATTRIBUTES);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 0, 0);
    EXPECT_DETAIL(r, 1, CND_MISSING_CAPABILITY);
    EXPECT_DETAIL(r, 2, 30);
    EXPECT_ERR(cnd_page_table_map(pt1, VSPACE, va + 0x1234, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    r = cnd_page_map(f, VSPACE, va, CND_ALL_RIGHTS, CND_VM_DEFAULT_ATTRIBUTES);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 2, 21);
    EXPECT_ERR(cnd_page_table_map(pt0, VSPACE, va, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    /* Every level is populated now: a further table has nowhere to go. */
    cnd_cptr_t pt_extra = make(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_page_table_map(pt_extra, VSPACE, va, CND_VM_DEFAULT_ATTRIBUTES), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_page_table_map(pt0, VSPACE, va + 0x200000, CND_VM_DEFAULT_ATTRIBUTES),
               CND_INVALID_CAPABILITY);   /* already mapped */
    r = cnd_page_table_map(pt_extra, VSPACE, 0x4000000000ULL, CND_VM_DEFAULT_ATTRIBUTES);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_page_table_map(pt_extra, CND_CAP_DOMAIN, va, CND_VM_DEFAULT_ATTRIBUTES);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    r = cnd_page_table_map(pt_extra, pt1, va, CND_VM_DEFAULT_ATTRIBUTES);   /* not a root */
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    del(pt_extra);
    del_tables((struct tables){ pt1, pt0, f });
    case_end();
}

static void test_map(void)
{
    if (!case_begin("VM0002 map, write, read, GetAddress"))
        return;
    cnd_word_t va = VA;
    struct tables t = make_tables();
    cnd_cptr_t f = t.f;
    EXPECT_ERR(cnd_page_map(f, VSPACE, va, CND_ALL_RIGHTS, CND_VM_DEFAULT_ATTRIBUTES), CND_NO_ERROR);
    *at(va) = 0x1122334455667788ULL;
    at(va)[511] = 42;
    EXPECT(*at(va) == 0x1122334455667788ULL && at(va)[511] == 42);
    cnd_word_t pa = 0;
    EXPECT_ERR(cnd_page_get_address(f, &pa), CND_NO_ERROR);
    /* Inside the boot untyped the scratch was carved from. */
    const struct cnd_untyped_desc *d =
        &bi->untyped_list[harness_scratch_parent() - bi->untyped.start];
    EXPECT(pa >= d->paddr && pa < d->paddr + (1ULL << d->size_bits) && (pa & 0xfff) == 0);
    del_tables(t);
    case_end();
}

static void test_map_errors(void)
{
    if (!case_begin("VM0003 map errors"))
        return;
    struct cnd_result r;
    cnd_word_t va = VA;
    struct tables t = make_mapped();
    cnd_cptr_t f = t.f;
    cnd_cptr_t g = make(CND_OBJ_4K_PAGE, 0);
    EXPECT_ERR(cnd_page_map(g, VSPACE, va, CND_ALL_RIGHTS, 0), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_page_map(g, VSPACE, va + 1, CND_ALL_RIGHTS, 0), CND_ALIGNMENT_ERROR);
    r = cnd_page_map(g, VSPACE, 0x3ffffff000ULL, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    r = cnd_page_map(g, VSPACE, 0xffffffc000000000ULL, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    r = cnd_page_map(g, CND_CAP_INIT_THREAD_CNODE, va + 0x1000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    /* A mapped cap maps in one place only. */
    r = cnd_page_map(f, VSPACE, va + 0x1000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_ARGUMENT);
    EXPECT_DETAIL(r, 0, 0);
    /* A 2 MiB frame where a last-level table already is. */
    cnd_cptr_t big = make(CND_OBJ_MEGA_PAGE, 0);
    r = cnd_page_map(big, VSPACE, va, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 2, 12);
    EXPECT_ERR(cnd_page_map(big, VSPACE, va + 0x100000, CND_ALL_RIGHTS, 0), CND_ALIGNMENT_ERROR);
    del(big);
    del(g);
    del_tables(t);
    case_end();
}

static void test_shared_frame(void)
{
    if (!case_begin("VM0004 shared frame through a copied cap"))
        return;
    cnd_word_t va = VA;
    struct tables t = make_mapped();
    cnd_cptr_t f = t.f;
    cnd_cptr_t f2 = alloc_slots(1);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, f2, DEPTH, f, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_map(f2, VSPACE, va + 0x3000, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT(*at(va + 0x3000) == 0x1122334455667788ULL);
    *at(va + 0x3008) = 7;
    EXPECT(at(va)[1] == 7);
    /* Unmapping one mapping leaves the other. */
    EXPECT_ERR(cnd_page_unmap(f2), CND_NO_ERROR);
    EXPECT(at(va)[1] == 7);
    EXPECT_ERR(cnd_page_unmap(f2), CND_NO_ERROR);   /* unmapped: nothing to do */
    /* The copy maps again elsewhere. */
    EXPECT_ERR(cnd_page_map(f2, VSPACE, va + 0x4000, CND_CAN_READ, 0), CND_NO_ERROR);
    EXPECT(at(va + 0x4000)[1] == 7);
    del(f2);
    del_tables(t);
    case_end();
}

static void test_remap_rights(void)
{
    if (!case_begin("VM0005 remap changes rights; rights come from the cap"))
        return;
    cnd_word_t va = VA;
    struct tables t = make_mapped();
    cnd_cptr_t f = t.f;
    /* Read-only remap of the same cap at the same address, then back. */
    EXPECT_ERR(cnd_page_map(f, VSPACE, va, CND_CAN_READ, 0), CND_NO_ERROR);
    EXPECT(*at(va) == 0x1122334455667788ULL);
    EXPECT_ERR(cnd_page_map(f, VSPACE, va, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    *at(va) = 5;
    EXPECT(*at(va) == 5);
    /* A read-only copy asked for write access still maps read-only (the
     * final act of the "readonly" image checks by writing). */
    cnd_cptr_t ro = alloc_slots(1);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, ro, DEPTH, f, DEPTH, CND_CAN_READ), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_map(ro, VSPACE, va + 0x5000, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT(*at(va + 0x5000) == 5);
    del(ro);
    del_tables(t);
    case_end();
}

static void test_table_unmap(void)
{
    if (!case_begin("VM0006 page table unmap and revoke"))
        return;
    struct cnd_result r;
    cnd_word_t va = VA;
    /* As VM0005 leaves it: f mapped at va, an unmapped 4 KiB frame g and
     * an unmapped 2 MiB frame big. */
    struct tables t = make_mapped();
    cnd_cptr_t pt1 = t.pt1, pt0 = t.pt0;
    cnd_cptr_t g = make(CND_OBJ_4K_PAGE, 0), big = make(CND_OBJ_MEGA_PAGE, 0);
    /* A table with a second cap to it cannot be unmapped. */
    cnd_cptr_t pt0_copy = alloc_slots(1);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, pt0_copy, DEPTH, pt0, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_unmap(pt0), CND_REVOKE_FIRST);
    EXPECT_ERR(cnd_cnode_delete(ROOT, pt0_copy, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_unmap(VSPACE), CND_REVOKE_FIRST);   /* a VSpace root */
    EXPECT_ERR(cnd_page_table_unmap(pt0), CND_NO_ERROR);
    /* Its mappings went with it: the level is missing again. */
    r = cnd_page_map(g, VSPACE, va + 0x6000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 2, 21);
    /* The 2 MiB frame fits there now. */
    EXPECT_ERR(cnd_page_map(big, VSPACE, va, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    at(va)[0x20000] = 99;
    EXPECT(at(va)[0x20000] == 99);
    /* Deleting the level-1 table removes everything under it. */
    EXPECT_ERR(cnd_cnode_delete(ROOT, pt1, DEPTH), CND_NO_ERROR);
    r = cnd_page_map(g, VSPACE, va + 0x6000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 2, 30);
    /* f's and big's caps still name mappings whose tables are gone:
     * deleting them must cope (and free them). */
    del(big);
    del(g);
    del(t.f);
    del(pt0);
    case_end();
}

static void test_giga_page(void)
{
    if (!case_begin("VM0007 1 GiB frame"))
        return;
    /* The frame fills the whole scratch, so the untyped revoked below is
     * the scratch itself (its only child is gp). */
    cnd_cptr_t gut = ut;
    EXPECT(gut != 0);
    cnd_cptr_t gp = alloc_slots(1);
    EXPECT_ERR(cnd_untyped_retype(gut, ROOT, CND_OBJ_GIGA_PAGE, 0, 0, 0, gp, 1), CND_NO_ERROR);
    cnd_word_t va = 0x3000000000ULL;
    EXPECT_ERR(cnd_page_map(gp, VSPACE, va + 0x200000, CND_ALL_RIGHTS, 0), CND_ALIGNMENT_ERROR);
    EXPECT_ERR(cnd_page_map(gp, VSPACE, va, CND_ALL_RIGHTS, CND_VM_EXECUTE_NEVER), CND_NO_ERROR);
    at(va)[0] = 1;
    at(va + (1ULL << 30) - 8)[0] = 2;
    EXPECT(at(va)[0] == 1 && at(va + (1ULL << 30) - 8)[0] == 2);
    cnd_word_t pa;
    EXPECT_ERR(cnd_page_get_address(gp, &pa), CND_NO_ERROR);
    EXPECT((pa & ((1ULL << 30) - 1)) == 0);
    /* Revoking the untyped unmaps the frame (the cap was its child). */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, gut, DEPTH), CND_NO_ERROR);
    cnd_cptr_t f = make(CND_OBJ_4K_PAGE, 0);
    struct cnd_result r = cnd_page_map(f, VSPACE, va, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 2, 30);
    EXPECT(cnd_debug_cap_identify(gp) == CND_CAP_TAG_NULL);
    del(f);
    case_end();
}

static void test_asid_pool(void)
{
    if (!case_begin("ASID0001 pools, assignment, exhaustion and reuse"))
        return;
    struct cnd_result r;
    cnd_cptr_t small = make(CND_OBJ_UNTYPED, 12);
    cnd_cptr_t pool = alloc_slots(1);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, small, ROOT, pool, DEPTH), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(pool) == CND_CAP_TAG_ASID_POOL);
    /* The untyped is used up, and must be a 4 KiB RAM untyped. */
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, small, ROOT, alloc_slots(1), DEPTH),
               CND_REVOKE_FIRST);
    r = cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, ut, ROOT, alloc_slots(1), DEPTH);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    /* 512 VSpaces fill the new pool. */
    cnd_cptr_t roots = alloc_slots(513);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_PAGE_TABLE, 0, 0, 0, roots, 256), CND_NO_ERROR);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_PAGE_TABLE, 0, 0, 0, roots + 256, 256), CND_NO_ERROR);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_PAGE_TABLE, 0, 0, 0, roots + 512, 1), CND_NO_ERROR);
    unsigned assigned = 0;
    for (unsigned i = 0; i < 512; i++)
        assigned += cnd_asid_pool_assign(pool, roots + i).error == CND_NO_ERROR;
    EXPECT(assigned == 512);
    EXPECT_ERR(cnd_asid_pool_assign(pool, roots + 512), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_asid_pool_assign(pool, roots + 3), CND_INVALID_CAPABILITY);   /* assigned */
    /* Deleting a VSpace frees its ASID for the next one. */
    EXPECT_ERR(cnd_cnode_delete(ROOT, roots + 100, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_asid_pool_assign(pool, roots + 512), CND_NO_ERROR);
    /* A frame maps into one of the new VSpaces, not with another's cap. */
    cnd_cptr_t f = make(CND_OBJ_4K_PAGE, 0), pt1 = make(CND_OBJ_PAGE_TABLE, 0);
    cnd_cptr_t pt0 = make(CND_OBJ_PAGE_TABLE, 0);
    EXPECT_ERR(cnd_page_table_map(pt1, roots + 7, 0x10000, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_table_map(pt0, roots + 7, 0x10000, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_map(f, roots + 7, 0x10000, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    r = cnd_page_map(f, VSPACE, 0x10000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_INVALID_CAPABILITY);
    EXPECT_DETAIL(r, 0, 1);
    /* Deleting the pool orphans its VSpaces: their ASIDs lead nowhere. */
    EXPECT_ERR(cnd_cnode_delete(ROOT, pool, DEPTH), CND_NO_ERROR);
    cnd_cptr_t f2 = make(CND_OBJ_4K_PAGE, 0);
    r = cnd_page_map(f2, roots + 8, 0x20000, CND_ALL_RIGHTS, 0);
    EXPECT_ERR(r, CND_FAILED_LOOKUP);
    EXPECT_DETAIL(r, 1, CND_INVALID_ROOT);
    /* The pool's index is free again. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, small, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, small, ROOT, pool, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_asid_pool_assign(pool, roots + 8), CND_INVALID_CAPABILITY);   /* still marked mapped */
    /* Deleting VSpaces whose pool is gone, the mapped ones (roots + 7
     * holds f's mapping, the tables' too) and the pool must free them. */
    del(f2);
    del(f);
    del(pt0);
    del(pt1);
    for (unsigned i = 0; i <= 512; i++)
        if (i != 100)
            del(roots + i);
    del(pool);
    del(small);
    case_end();
}

static void test_all_pools(void)
{
    if (!case_begin("ASID0002 all 128 pools"))
        return;
    /* Pool 0 (root task) exists; one more made here (as ASID0001 once left
     * it); make the other 126. */
    cnd_cptr_t first_pool = alloc_slots(1), first_ut = make(CND_OBJ_UNTYPED, 12);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, first_ut, ROOT, first_pool, DEPTH),
               CND_NO_ERROR);
    unsigned made = 0;
    cnd_cptr_t pools = alloc_slots(130), uts = alloc_slots(130);
    EXPECT_ERR(cnd_untyped_retype(ut, ROOT, CND_OBJ_UNTYPED, 12, 0, 0, uts, 127), CND_NO_ERROR);
    for (unsigned i = 0; i < 127; i++)
        made += cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, uts + i, ROOT, pools + i, DEPTH).error ==
                CND_NO_ERROR;
    EXPECT(made == 126);
    EXPECT(cnd_debug_cap_identify(pools + 126) == CND_CAP_TAG_NULL);
    EXPECT_ERR(cnd_cnode_delete(ROOT, pools + 5, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_revoke(ROOT, uts + 5, DEPTH), CND_NO_ERROR);
    EXPECT_ERR(cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, uts + 126, ROOT, pools + 5, DEPTH),
               CND_NO_ERROR);
    /* Deleting every pool frees its index (the next case, or a rerun,
     * finds all 127 free) and its memory. */
    for (unsigned i = 0; i < 127; i++) {
        if (cnd_debug_cap_identify(pools + i) != CND_CAP_TAG_NULL)
            del(pools + i);
        del(uts + i);
    }
    del(first_pool);
    del(first_ut);
    case_end();
}

/* The write_readonly image's last act writes VA + 0x5000 through a
 * read-only mapping; the cases leave nothing mapped, so that mapping is
 * made here, after the last case (not checked for leaks: the task ends in
 * the fault). Slots from `after` on, outside the window. */
static void final_act_setup(cnd_cptr_t after)
{
#if defined(VMTEST_WRITE_READONLY)
    cnd_cptr_t pt1 = after, pt0 = after + 1, f = after + 2, ro = after + 3;
    int ok = 1;
    ok &= cnd_untyped_retype(ut, ROOT, CND_OBJ_PAGE_TABLE, 0, 0, 0, pt1, 2).error == CND_NO_ERROR;
    ok &= cnd_untyped_retype(ut, ROOT, CND_OBJ_4K_PAGE, 0, 0, 0, f, 1).error == CND_NO_ERROR;
    ok &= cnd_page_table_map(pt1, VSPACE, VA, CND_VM_DEFAULT_ATTRIBUTES).error == CND_NO_ERROR;
    ok &= cnd_page_table_map(pt0, VSPACE, VA, CND_VM_DEFAULT_ATTRIBUTES).error == CND_NO_ERROR;
    ok &= cnd_cnode_copy(ROOT, ROOT, ro, DEPTH, f, DEPTH, CND_CAN_READ).error == CND_NO_ERROR;
    /* Write asked for, read-only given: the rights come from the cap. */
    ok &= cnd_page_map(ro, VSPACE, VA + 0x5000, CND_ALL_RIGHTS, 0).error == CND_NO_ERROR;
    if (!ok)
        put_str("vmtest: FAIL cannot map the read-only page of the last act\n");
#else
    (void)after;
#endif
}

int main(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    put_str("vmtest: address space tests\n");
    cnd_cptr_t after = harness_scratch_setup(bi, bi->empty.start, WINDOW_SLOTS, SCRATCH_BITS);
    if (after == 0)
        return 1;
    ut = harness_scratch();
    test_table_levels();
    test_map();
    test_map_errors();
    test_shared_frame();
    test_remap_rights();
    test_table_unmap();
    test_giga_page();
    test_asid_pool();
    test_all_pools();
    harness_summary();
    final_act_setup(after);
#if defined(VMTEST_READ_KERNEL)
    put_str("vmtest: reading kernel memory\n");
    (void)*at(0xffffffc080200000ULL);
#elif defined(VMTEST_WRITE_READONLY)
    put_str("vmtest: writing a read-only mapping\n");
    *at(0x2000005000ULL) = 1;
#else
    put_str("vmtest: executing an execute-never mapping\n");
    ((void (*)(void))0x3000000000ULL)();
#endif
    put_str("vmtest: the forbidden access succeeded\n");
    return 1;
}
