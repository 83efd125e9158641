/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Isolation checked by real accesses of a probe thread (rights.c): no path
 * through Copy, Mint or Mutate turns a read-only frame cap into a writable
 * mapping, and user threads can neither read, write nor execute kernel
 * memory (its window and its text). Stale access after unmap, delete and
 * revoke is VM0101; the cases without a probe thread are in conftest.
 */
#include "../captest/harness.h"
#include "ipctest.h"

#define KERNEL_WINDOW 0xffffffc080200000ULL /* physical memory as the kernel sees it */
#define KERNEL_TEXT 0xffffffff80200000ULL   /* the kernel image */

/* Maps `frame` at PROBE_VA asking for every right; returns what a read and
 * a write of the probe get (see try_access). */
static void map_and_probe(cnd_cptr_t fep, cnd_cptr_t frame, cnd_word_t *r, cnd_word_t *w)
{
    EXPECT_ERR(cnd_page_map(frame, VSPACE, PROBE_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    *r = try_access(fep, READ);
    *w = try_access(fep, WRITE);
    EXPECT_ERR(cnd_page_unmap(frame), CND_NO_ERROR);
}

static void amplification_case(void)
{
    if (!case_begin("ISO0001 no rights amplification: copies, mints and mutations of a "
                    "read-only frame cap never map writable"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0), f = make_object(CND_OBJ_4K_PAGE, 0);
    /* PROBE_VA's page tables are shared (probe_setup, rights.c). */
    cnd_cptr_t ro = alloc_slot(), c1 = alloc_slot(), c2 = alloc_slot(), c3 = alloc_slot();
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, ro, DEPTH, f, DEPTH, CND_CAN_READ, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, c1, DEPTH, ro, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mint(ROOT, ROOT, c2, DEPTH, ro, DEPTH, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_cnode_mutate(ROOT, ROOT, c3, DEPTH, c2, DEPTH, 0), CND_NO_ERROR);
    cnd_word_t r, w;
    /* The original maps writable: the probe itself works. */
    map_and_probe(fep, f, &r, &w);
    EXPECT(r == 0 && w == 0);
    const cnd_cptr_t derived[] = { ro, c1, c3 };
    for (unsigned i = 0; i < 3; i++) {
        map_and_probe(fep, derived[i], &r, &w);
        EXPECT(r == 0); /* readable */
        EXPECT(w == 7); /* a store fault: not writable */
    }
    /* c2 was moved to c3; map_and_probe unmapped every mapping. */
    harness_del(ro);
    harness_del(c1);
    harness_del(c3);
    harness_del(f);
    harness_del(fep);
    case_end();
}

static void kernel_memory_case(void)
{
    if (!case_begin("ISO0002 no user access to kernel memory: its window and text fault on "
                    "read, write and execute"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    EXPECT(try_access_at(fep, READ, KERNEL_WINDOW) == 5);
    EXPECT(try_access_at(fep, WRITE, KERNEL_WINDOW) == 7);
    EXPECT(try_access_at(fep, READ, KERNEL_TEXT) == 5);
    EXPECT(try_access_at(fep, WRITE, KERNEL_TEXT) == 7);
    EXPECT(try_access_at(fep, EXEC, KERNEL_TEXT) == 1);
    harness_del(fep);
    case_end();
}

void test_isolation(void)
{
    amplification_case();
    kernel_memory_case();
}
