/* SPDX-License-Identifier: BSD-2-Clause */
/* The VSpace helper: tables on demand, windows, stacks, IPC buffers. */
#include "libtest.h"

static struct cnd_ut_entry tiny_entry[1];

void test_vspace(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("VSPACE0001 VSPACE0002 VSPACE0003 VSPACE0004"))
        return;
    struct cnd_vspace *vs = &env->vspace;
    case_begin("VSPACE0001 mapping makes the page tables it lacks (bitsLeft 30, then 21)");
    cnd_vaddr_t gig = 0;
    EXPECT_ERR(cnd_vspace_reserve(vs, 1u << 30, 30, &gig), CND_NO_ERROR);
    EXPECT((gig & ((1u << 30) - 1)) == 0);
    unsigned tables = vs->tables;
    struct cnd_mapping m, m2;
    EXPECT_ERR(cnd_vspace_map_new(vs, gig, 3 * 4096, CND_READ_WRITE, CND_VM_EXECUTE_NEVER, &m),
               CND_NO_ERROR);
    EXPECT(vs->tables == tables + 2 && m.size == 3 * 4096 && m.frames.count == 3);
    volatile cnd_word_t *w = (volatile cnd_word_t *)m.vaddr;
    EXPECT(w[0] == 0 && w[1024] == 0);  /* fresh frames are zeroed */
    w[0] = 0x1234;
    w[1024 + 1] = 0x5678;
    EXPECT(w[0] == 0x1234 && w[1025] == 0x5678);
    EXPECT_ERR(cnd_vspace_map_new(vs, gig + (1u << 21), 4096, CND_READ_WRITE,
                                  CND_VM_EXECUTE_NEVER, &m2), CND_NO_ERROR);
    EXPECT(vs->tables == tables + 3);
    EXPECT_ERR(cnd_vspace_ensure_tables(vs, gig + (2u << 21)), CND_NO_ERROR);
    EXPECT(vs->tables == tables + 4);
    EXPECT_ERR(cnd_vspace_ensure_tables(vs, gig + (2u << 21)), CND_NO_ERROR);
    EXPECT(vs->tables == tables + 4);
    case_end();

    case_begin("VSPACE0002 mapping errors are the kernel's, explained");
    struct cnd_object f, big;
    char s[160];
    CND_TRY(cnd_alloc(CND_OBJ_4K_PAGE, 0, &f));
    EXPECT_ERR(cnd_vspace_map(vs, f.cptr, gig, CND_READ_WRITE, 0), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_vspace_map(vs, f.cptr, gig + 5 * 4096, CND_READ_WRITE, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_map(vs, f.cptr, gig + 6 * 4096, CND_READ_WRITE, 0),
               CND_INVALID_ARGUMENT);
    CND_TRY(cnd_alloc(CND_OBJ_MEGA_PAGE, 0, &big));
    struct cnd_result r = cnd_vspace_map(vs, big.cptr, gig, CND_READ_WRITE, 0);
    EXPECT(r.error == CND_FAILED_LOOKUP && r.detail[2] == 12);
    EXPECT(contains(cnd_error_string(r, s, sizeof s), "a page table is in the way"));
    /* A 2 MiB page where no table is: fine, on a fresh 2 MiB boundary. */
    EXPECT_ERR(cnd_vspace_map(vs, big.cptr, gig + (8u << 21), CND_READ_WRITE, 0), CND_NO_ERROR);
    EXPECT_LIB(cnd_vspace_map_new(vs, gig, 0, CND_READ_WRITE, 0, &m2), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_map_new(vs, gig, 257 * 4096, CND_READ_WRITE, 0, &m2),
               CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_map_new(vs, gig + 8, 4096, CND_READ_WRITE, 0, &m2), CND_ERR_BAD_ARGUMENT);
    /* A failed map_new leaves nothing behind (the first page maps, the
     * second collides). */
    cnd_word_t before = cnd_cspace_free_count(&env->cspace);
    EXPECT_ERR(cnd_vspace_map_new(vs, gig + 4 * 4096, 2 * 4096, CND_READ_WRITE, 0, &m2),
               CND_DELETE_FIRST);
    EXPECT(cnd_cspace_free_count(&env->cspace) == before);
    EXPECT_ERR(cnd_vspace_map_new(vs, gig + 4 * 4096, 4096, CND_READ_WRITE, 0, &m2),
               CND_NO_ERROR);  /* page 4 was unmapped again */
    cnd_free(&f);
    cnd_free(&big);
    case_end();

    case_begin("VSPACE0003 windows, stacks with guard pages, IPC buffers, freeing");
    struct cnd_vspace small;
    cnd_vaddr_t va = 0;
    cnd_vspace_init(&small, vs->root, vs->ut, 0x2000000000, 0x2000002000);
    EXPECT_ERR(cnd_vspace_reserve(&small, 100, 0, &va), CND_NO_ERROR);
    EXPECT(va == 0x2000000000);
    EXPECT_LIB(cnd_vspace_reserve(&small, 8192, 0, &va), CND_ERR_NO_VSPACE);
    EXPECT_LIB(cnd_vspace_reserve(&small, 4096, 63, &va), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_reserve(&small, 0, 0, &va), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_alloc(&small, 8192, &m2), CND_ERR_NO_VSPACE);
    struct cnd_mapping stack, ipc, guard_probe;
    EXPECT_ERR(cnd_vspace_alloc_stack(vs, 8192, &stack), CND_NO_ERROR);
    EXPECT(stack.size == 8192 && stack.frames.count == 2);
    /* The page below the stack was reserved but left unmapped. */
    EXPECT_ERR(cnd_vspace_map_new(vs, stack.vaddr - 4096, 4096, CND_READ_WRITE, 0, &guard_probe),
               CND_NO_ERROR);
    cnd_vspace_free(vs, &guard_probe);
    EXPECT_LIB(cnd_vspace_alloc_stack(vs, 0, &m2), CND_ERR_BAD_ARGUMENT);
    EXPECT_ERR(cnd_vspace_alloc_ipc_buffer(vs, &ipc), CND_NO_ERROR);
    EXPECT(ipc.size == 4096 && cnd_debug_cap_identify(ipc.frames.cptr) == CND_CAP_TAG_FRAME);
    cnd_cptr_t first = ipc.frames.cptr;
    EXPECT_ERR(cnd_vspace_free(vs, &ipc), CND_NO_ERROR);
    EXPECT(ipc.size == 0 && cnd_debug_cap_identify(first) == CND_CAP_TAG_NULL);
    EXPECT_ERR(cnd_vspace_free(vs, &stack), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_free(vs, &m), CND_NO_ERROR);
    case_end();

    case_begin("VSPACE0004 out of memory for frames or tables: nothing leaks");
    struct cnd_object u;
    struct cnd_ut_alloc tiny;
    struct cnd_vspace tvs;
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 13, &u));
    cnd_ut_init(&tiny, &env->cspace, tiny_entry, 1);
    cnd_ut_add(&tiny, u.cptr, u.paddr, 13, false);
    cnd_vspace_init(&tvs, vs->root, &tiny, 0, 0);
    cnd_vaddr_t fresh = 0;
    CND_TRY(cnd_vspace_reserve(vs, 1u << 30, 30, &fresh));
    /* Two frames fit, but then no table can be made for a fresh region. */
    r = cnd_vspace_map_new(&tvs, fresh, 2 * 4096, CND_READ_WRITE, 0, &m2);
    EXPECT(r.error == (cnd_error_t)CND_ERR_NO_MEMORY && r.detail[0] == 4096);
    EXPECT(cnd_ut_free_bytes(&tiny, NULL) == 8192);
    EXPECT_LIB(cnd_vspace_map_new(&tvs, fresh, 3 * 4096, CND_READ_WRITE, 0, &m2),
               CND_ERR_NO_MEMORY);
    cnd_ut_revoke(&tiny, 0);
    cnd_free(&u);
    case_end();
}
