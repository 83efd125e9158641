/* SPDX-License-Identifier: BSD-2-Clause */
/* The VSpace helper: tables on demand, windows, stacks, IPC buffers. */
#include "libtest.h"

static struct cnd_ut_entry tiny_entry[1];

/* LIBVSPACE0001/0002: a helper over the playground whose frames and tables
 * come from scope *sc, 3 fresh pages mapped at a fresh 1 GiB region *gig
 * (its two tables made on the way), in *m. */
static void fresh_gig(struct scope *sc, struct cnd_vspace *tv, cnd_vaddr_t *gig,
                      struct cnd_mapping *m)
{
    scope_open(sc, 20);
    cnd_vspace_init(tv, env->vspace_root, &sc->ut, playground, playground + (4ul << 30));
    EXPECT_ERR(cnd_vspace_reserve(tv, 1u << 30, 30, gig), CND_NO_ERROR);
    EXPECT((*gig & ((1u << 30) - 1)) == 0);
    EXPECT_ERR(cnd_vspace_map_new(tv, *gig, 3 * 4096, CND_READ_WRITE, CND_VM_EXECUTE_NEVER, m),
               CND_NO_ERROR);
}

void test_vspace(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBVSPACE0001 LIBVSPACE0002 LIBVSPACE0003 LIBVSPACE0004 LIBVSPACE0005"))
        return;
    struct cnd_vspace *vs = &env->vspace;
    /* Cases that make page tables map into the playground through a
     * scope (libtest.h): the tables go with it at the end. */
    struct scope sc;
    struct cnd_vspace tv;
    case_begin("LIBVSPACE0001 mapping makes the page tables it lacks (bitsLeft 30, then 21)");
    cnd_vaddr_t gig = 0;
    struct cnd_mapping m, m2;
    fresh_gig(&sc, &tv, &gig, &m);
    EXPECT(tv.tables == 2 && m.size == 3 * 4096 && m.frames.count == 3);
    volatile cnd_word_t *w = (volatile cnd_word_t *)m.vaddr;
    EXPECT(w[0] == 0 && w[1024] == 0);  /* fresh frames are zeroed */
    w[0] = 0x1234;
    w[1024 + 1] = 0x5678;
    EXPECT(w[0] == 0x1234 && w[1025] == 0x5678);
    EXPECT_ERR(cnd_vspace_map_new(&tv, gig + (1u << 21), 4096, CND_READ_WRITE,
                                  CND_VM_EXECUTE_NEVER, &m2), CND_NO_ERROR);
    EXPECT(tv.tables == 3);
    EXPECT_ERR(cnd_vspace_ensure_tables(&tv, gig + (2u << 21)), CND_NO_ERROR);
    EXPECT(tv.tables == 4);
    EXPECT_ERR(cnd_vspace_ensure_tables(&tv, gig + (2u << 21)), CND_NO_ERROR);
    EXPECT(tv.tables == 4);
    scope_close(&sc);  /* frames and tables: unmapped and destroyed */
    case_end();

    case_begin("LIBVSPACE0002 mapping errors are the kernel's, explained");
    struct cnd_object f, big;
    char s[160];
    fresh_gig(&sc, &tv, &gig, &m);
    CND_TRY(cnd_alloc(CND_OBJ_4K_PAGE, 0, &f));
    EXPECT_ERR(cnd_vspace_map(&tv, f.cptr, gig, CND_READ_WRITE, 0), CND_DELETE_FIRST);
    EXPECT_ERR(cnd_vspace_map(&tv, f.cptr, gig + 5 * 4096, CND_READ_WRITE, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_map(&tv, f.cptr, gig + 6 * 4096, CND_READ_WRITE, 0),
               CND_INVALID_ARGUMENT);
    CND_TRY(cnd_alloc(CND_OBJ_MEGA_PAGE, 0, &big));
    struct cnd_result r = cnd_vspace_map(&tv, big.cptr, gig, CND_READ_WRITE, 0);
    EXPECT(r.error == CND_FAILED_LOOKUP && r.detail[2] == 12);
    EXPECT(contains(cnd_error_string(r, s, sizeof s), "a page table is in the way"));
    /* A 2 MiB page where no table is: fine, on a fresh 2 MiB boundary. */
    EXPECT_ERR(cnd_vspace_map(&tv, big.cptr, gig + (8u << 21), CND_READ_WRITE, 0), CND_NO_ERROR);
    EXPECT_LIB(cnd_vspace_map_new(&tv, gig, 0, CND_READ_WRITE, 0, &m2), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_map_new(&tv, gig, 257 * 4096, CND_READ_WRITE, 0, &m2),
               CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_map_new(&tv, gig + 8, 4096, CND_READ_WRITE, 0, &m2), CND_ERR_BAD_ARGUMENT);
    /* A failed map_new leaves nothing behind (the first page maps, the
     * second collides). */
    cnd_word_t before = cnd_cspace_free_count(&sc.cs);
    EXPECT_ERR(cnd_vspace_map_new(&tv, gig + 4 * 4096, 2 * 4096, CND_READ_WRITE, 0, &m2),
               CND_DELETE_FIRST);
    EXPECT(cnd_cspace_free_count(&sc.cs) == before);
    EXPECT_ERR(cnd_vspace_map_new(&tv, gig + 4 * 4096, 4096, CND_READ_WRITE, 0, &m2),
               CND_NO_ERROR);  /* page 4 was unmapped again */
    EXPECT_ERR(cnd_free(&f), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&big), CND_NO_ERROR);
    scope_close(&sc);
    case_end();

    case_begin("LIBVSPACE0003 windows, stacks with guard pages, IPC buffers, freeing");
    /* In env's window, whose tables are there already: nothing stays. */
    struct cnd_vspace small;
    cnd_vaddr_t va = 0;
    cnd_vspace_init(&small, vs->root, vs->ut, playground, playground + 0x2000);
    EXPECT_ERR(cnd_vspace_reserve(&small, 100, 0, &va), CND_NO_ERROR);
    EXPECT(va == playground);
    EXPECT_LIB(cnd_vspace_reserve(&small, 8192, 0, &va), CND_ERR_NO_VSPACE);
    EXPECT_LIB(cnd_vspace_reserve(&small, 4096, 63, &va), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_reserve(&small, 0, 0, &va), CND_ERR_BAD_ARGUMENT);
    EXPECT_LIB(cnd_vspace_alloc(&small, 8192, &m2), CND_ERR_NO_VSPACE);
    struct cnd_mapping stack, ipc, guard_probe;
    unsigned tables = vs->tables;
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
    EXPECT(vs->tables == tables);
    case_end();

    case_begin("LIBVSPACE0004 out of memory for frames or tables: nothing leaks");
    struct cnd_object u;
    struct cnd_ut_alloc tiny;
    struct cnd_vspace tvs;
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 13, &u));
    cnd_ut_init(&tiny, &env->cspace, tiny_entry, 1);
    cnd_ut_add(&tiny, u.cptr, u.paddr, 13, false);
    cnd_vspace_init(&tvs, vs->root, &tiny, 0, 0);
    cnd_vaddr_t fresh = playground;  /* no tables there */
    /* Two frames fit, but then no table can be made for a fresh region. */
    r = cnd_vspace_map_new(&tvs, fresh, 2 * 4096, CND_READ_WRITE, 0, &m2);
    EXPECT(r.error == (cnd_error_t)CND_ERR_NO_MEMORY && r.detail[0] == 4096);
    EXPECT(cnd_ut_free_bytes(&tiny, NULL) == 8192);
    EXPECT_LIB(cnd_vspace_map_new(&tvs, fresh, 3 * 4096, CND_READ_WRITE, 0, &m2),
               CND_ERR_NO_MEMORY);
    EXPECT_ERR(cnd_ut_revoke(&tiny, 0), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&u), CND_NO_ERROR);
    case_end();

    case_begin("LIBVSPACE0005 freed ranges are reused; the window to exhaustion and back");
    /* w3 maps stacks and memory in the playground (tables: a scope); w4
     * only hands out ranges. */
    struct cnd_vspace w3;
    cnd_vaddr_t a = 0, b = 0, c = 0, d = 0;
    const cnd_vaddr_t w3_base = playground + (2ul << 30);
    scope_open(&sc, 20);
    cnd_vspace_init(&w3, vs->root, &sc.ut, w3_base, w3_base + 16 * 4096);
    EXPECT_ERR(cnd_vspace_reserve(&w3, 4096, 0, &a), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_reserve(&w3, 2 * 4096, 0, &b), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_reserve(&w3, 4096, 0, &c), CND_NO_ERROR);
    EXPECT(a == w3_base && b == a + 4096 && c == b + 2 * 4096);
    /* A hole in the middle is found first; a smaller request splits it. */
    EXPECT_ERR(cnd_vspace_release(&w3, b, 2 * 4096), CND_NO_ERROR);
    EXPECT(w3.n_holes == 1 && w3.next == c + 4096);
    EXPECT_LIB(cnd_vspace_release(&w3, b + 4096, 4096), CND_ERR_BAD_ARGUMENT); /* twice */
    EXPECT_LIB(cnd_vspace_release(&w3, w3.next, 4096), CND_ERR_BAD_ARGUMENT);  /* never given */
    EXPECT_LIB(cnd_vspace_release(&w3, a + 8, 4096), CND_ERR_BAD_ARGUMENT);    /* unaligned */
    EXPECT_LIB(cnd_vspace_reserve(&w3, ~(cnd_word_t)0, 0, &d), CND_ERR_NO_VSPACE); /* no wrap */
    EXPECT_ERR(cnd_vspace_reserve(&w3, 4096, 0, &d), CND_NO_ERROR);
    EXPECT(d == b && w3.n_holes == 1 && w3.holes[0].start == b + 4096);
    /* Neighbours merge; freeing the top swallows the hole below it. */
    EXPECT_ERR(cnd_vspace_release(&w3, a, 4096), CND_NO_ERROR);
    EXPECT(w3.n_holes == 2);
    EXPECT_ERR(cnd_vspace_release(&w3, d, 4096), CND_NO_ERROR);
    EXPECT(w3.n_holes == 1 && w3.holes[0].start == a && w3.holes[0].end == c);
    EXPECT_ERR(cnd_vspace_release(&w3, c, 4096), CND_NO_ERROR);
    EXPECT(w3.n_holes == 0 && w3.next == w3.base);
    /* Exhaustion: the whole window, then nothing, then a freed stack's range
     * (guard page included) serves the next stack. */
    struct cnd_mapping st1, st2, rest;
    EXPECT_ERR(cnd_vspace_alloc_stack(&w3, 3 * 4096, &st1), CND_NO_ERROR);
    EXPECT(st1.vaddr == w3.base + 4096 && st1.range_start == w3.base &&
           st1.range_size == 4 * 4096);
    EXPECT_ERR(cnd_vspace_alloc(&w3, 12 * 4096, &rest), CND_NO_ERROR);
    EXPECT_LIB(cnd_vspace_alloc_ipc_buffer(&w3, &m2), CND_ERR_NO_VSPACE);
    EXPECT_LIB(cnd_vspace_alloc_stack(&w3, 4096, &st2), CND_ERR_NO_VSPACE);
    volatile cnd_word_t *sp = (volatile cnd_word_t *)st1.vaddr;
    sp[0] = 77;
    EXPECT_ERR(cnd_vspace_free(&w3, &st1), CND_NO_ERROR);
    EXPECT_LIB(cnd_vspace_free(&w3, &st1), CND_ERR_BAD_ARGUMENT);
    EXPECT_ERR(cnd_vspace_alloc_stack(&w3, 3 * 4096, &st2), CND_NO_ERROR);
    sp = (volatile cnd_word_t *)st2.vaddr;
    EXPECT(st2.vaddr == w3.base + 4096 && sp[0] == 0);  /* same range, fresh frames */
    EXPECT_ERR(cnd_vspace_free(&w3, &rest), CND_NO_ERROR);
    EXPECT_ERR(cnd_vspace_free(&w3, &st2), CND_NO_ERROR);
    EXPECT(w3.next == w3.base && w3.n_holes == 0 && w3.lost == 0);
    /* A full hole table: the range is counted as lost, not reused. */
    struct cnd_vspace w4;
    cnd_vspace_init(&w4, vs->root, vs->ut, playground + (3ul << 30), playground + (4ul << 30));
    cnd_vaddr_t va4[2 * CND_VSPACE_MAX_HOLES + 3];
    unsigned got = 0;
    for (unsigned i = 0; i < 2 * CND_VSPACE_MAX_HOLES + 3; i++)
        got += cnd_result_ok(cnd_vspace_reserve(&w4, 4096, 0, &va4[i]));
    for (unsigned i = 0; i < CND_VSPACE_MAX_HOLES + 1; i++)
        cnd_vspace_release(&w4, va4[2 * i], 4096);
    EXPECT(got == 2 * CND_VSPACE_MAX_HOLES + 3 && w4.n_holes == CND_VSPACE_MAX_HOLES &&
           w4.lost == 4096);
    EXPECT_ERR(cnd_vspace_reserve(&w4, 4096, 0, &a), CND_NO_ERROR);
    EXPECT(a == va4[0] && w4.n_holes == CND_VSPACE_MAX_HOLES - 1);
    scope_close(&sc);  /* w3's tables */
    case_end();
}
