/* SPDX-License-Identifier: BSD-2-Clause */
/* Processes from the embedded child ELF: life cycle, faults, sharing, limits. */
#include "libtest.h"

static const struct cnd_embedded_file *child;
static char msg[200];

/* Runs the child in `mode` to its exit; returns the status (-1: not an exit). */
static int run(cnd_word_t mode, cnd_word_t a1, cnd_word_t a2, cnd_cptr_t memory)
{
    struct cnd_process p;
    struct cnd_process_options o = { .args = { mode, a1, a2, 0 } };
    struct cnd_result r = cnd_create_process(child->data, child->size, 100, memory, &o, &p);
    if (!cnd_check(r, "  create"))
        return -2;
    struct cnd_fault ev;
    cnd_process_wait(&p, &ev);
    if (ev.type != CND_FAULT_EXIT)
        cnd_printf("  unexpected: %s\n", cnd_fault_string(&ev, msg, sizeof msg));
    cnd_process_destroy(&p);
    return ev.type == CND_FAULT_EXIT ? ev.status : -1;
}

static void test_life(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBPROC0001 LIBPROC0002 LIBPROC0003"))
        return;
    case_begin("LIBPROC0001 embedded files");
    child = cnd_embedded_find("libtest_child");
    EXPECT(child != NULL && cnd_embedded_count() == 1 && cnd_embedded_at(0) == child);
    EXPECT(cnd_embedded_find("nope") == NULL && cnd_embedded_at(1) == NULL);
    EXPECT(child != NULL && ((const uint8_t *)child->data)[1] == 'E' &&
           ((uintptr_t)child->data & 15) == 0);
    struct cnd_elf_info info;
    struct cnd_elf_segment seg;
    EXPECT_ERR(cnd_elf_check(child->data, child->size, &info), CND_NO_ERROR);
    EXPECT(info.entry >= info.lo && info.entry < info.hi && info.n_segments >= 2);
    EXPECT(cnd_elf_segment(child->data, child->size, 0, &seg) && seg.vaddr == info.lo);
    EXPECT(!cnd_elf_segment(child->data, child->size, info.n_segments, &seg));
    EXPECT(cnd_process_self() == NULL);
    struct cnd_env scratch;
    EXPECT_LIB(cnd_env_init_process(&scratch), CND_ERR_NOT_FOUND);
    EXPECT(cnd_env() == env);
    case_end();

    case_begin("LIBPROC0002 a process runs, exits with a status, and is destroyed");
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
    EXPECT(run(CHILD_ARGS, 2, 3, 0) == 5 + 0);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots);
    EXPECT(run(CHILD_ASSERT, 1, 2, 0) == 1);  /* cnd_assert reports and exits */
    EXPECT(run(CHILD_TRY, 0, 0, 0) == 1);
    EXPECT(run(CHILD_PANIC, 3, 0, 0) == 1);
    EXPECT(run(CHILD_NO_MEMORY, 0, 0, 0) == 5);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots);
    case_end();

    case_begin("LIBPROC0003 suspended, given caps, started; a shared fault endpoint");
    struct cnd_process p;
    struct cnd_object ep;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    struct cnd_process_options o = { .args = { CHILD_ARGS, 1, 1, 1 }, .suspended = true,
                                     .fault_ep = ep.cptr, .badge = 0x77, .name = "child" };
    EXPECT_ERR(cnd_create_process(child->data, child->size, 100, 0, &o, &p), CND_NO_ERROR);
    cnd_cptr_t given = 0;
    EXPECT_ERR(cnd_process_give_cap(&p, ep.cptr, CND_CAN_WRITE, 5, &given), CND_NO_ERROR);
    EXPECT(given == CND_PROC_FIRST_CAP);
    EXPECT(cnd_process_give_cap(&p, 0x1fff, CND_ALL_RIGHTS, 0, &given).error != CND_NO_ERROR);
    EXPECT_ERR(cnd_process_start(&p), CND_NO_ERROR);
    struct cnd_fault ev;
    cnd_process_wait(&p, &ev);
    EXPECT(ev.type == CND_FAULT_EXIT && ev.badge == 0x77 && ev.status == 103);
    EXPECT_ERR(cnd_process_destroy(&p), CND_NO_ERROR);
    EXPECT_LIB(cnd_process_destroy(&p), CND_ERR_BAD_ARGUMENT);
    cnd_free(&ep);
    case_end();
}

static void test_talk(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBPROC0004 LIBPROC0005 LIBPROC0009"))
        return;
    case_begin("LIBPROC0004 IPC with a server process");
    struct cnd_process p;
    struct cnd_object ep;
    cnd_cptr_t badged = 0;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    CND_TRY(cnd_badge_mint(ep.cptr, 0x51, CND_ALL_RIGHTS, &badged));
    struct cnd_process_options o = { .args = { CHILD_ECHO }, .caps = &ep.cptr, .n_caps = 1 };
    EXPECT_ERR(cnd_create_process(child->data, child->size, 100, 0, &o, &p), CND_NO_ERROR);
    struct cnd_msg m = cnd_msg_new(1);
    cnd_msg_add_word(&m, 1);
    cnd_msg_add_word(&m, 2);
    cnd_msg_add_string(&m, "hello, process");
    cnd_msginfo_t r = cnd_msg_call(badged, &m);
    struct cnd_msg_reader rd = cnd_msg_reader(r);
    cnd_word_t a = cnd_msg_get_word(&rd), b = cnd_msg_get_word(&rd);
    char s[32];
    cnd_msg_get_string(&rd, s, sizeof s);
    EXPECT(cnd_msginfo_get_label(r) == 0x51 && a == 2 && b == 1 && contains(s, "HELLO, PROCESS"));
    m = cnd_msg_new(2);
    EXPECT(cnd_msginfo_get_label(cnd_msg_call(badged, &m)) == 99);
    struct cnd_fault ev;
    cnd_process_wait(&p, &ev);
    EXPECT(ev.type == CND_FAULT_EXIT && ev.status == 2);
    cnd_process_destroy(&p);
    cnd_delete(badged);
    cnd_free(&ep);
    case_end();

    case_begin("LIBPROC0005 a fault handled by the creator: map shared memory, restart");
    const cnd_vaddr_t where = 0x2000000000;
    struct cnd_process_options fo = { .args = { CHILD_FAULT, where, 40 } };
    EXPECT_ERR(cnd_create_process(child->data, child->size, 100, 0, &fo, &p), CND_NO_ERROR);
    cnd_process_wait(&p, &ev);
    cnd_printf("  %s\n", cnd_fault_string(&ev, msg, sizeof msg));
    EXPECT(ev.type == CND_FAULT_VM && ev.write && ev.addr == where);
    struct cnd_mapping mine;
    CND_TRY(cnd_vspace_alloc(&env->vspace, 4096, &mine));
    volatile cnd_word_t *shared = (volatile cnd_word_t *)mine.vaddr;
    shared[1] = 2;
    EXPECT_ERR(cnd_process_map(&p, mine.frames.cptr, where, CND_READ_WRITE, CND_VM_EXECUTE_NEVER),
               CND_NO_ERROR);
    EXPECT_ERR(cnd_process_map(&p, mine.frames.cptr, where, CND_READ_WRITE, 0), CND_DELETE_FIRST);
    cnd_fault_reply_restart();
    cnd_process_wait(&p, &ev);
    EXPECT(ev.type == CND_FAULT_EXIT && ev.status == 42 && shared[0] == 40);
    cnd_process_destroy(&p);
    EXPECT(shared[0] == 40);  /* still ours after the child is gone */
    cnd_vspace_free(&env->vspace, &mine);
    case_end();

    case_begin("LIBPROC0009 an illegal instruction, skipped by the creator");
    struct cnd_process_options io = { .args = { CHILD_ILLEGAL } };
    EXPECT_ERR(cnd_create_process(child->data, child->size, 100, 0, &io, &p), CND_NO_ERROR);
    cnd_process_wait(&p, &ev);
    cnd_printf("  %s\n", cnd_fault_string(&ev, msg, sizeof msg));
    EXPECT(ev.type == CND_FAULT_USER_EXCEPTION && ev.addr == 2);
    cnd_fault_reply_resume_at(&ev, ev.ip + 4);
    cnd_process_wait(&p, &ev);
    EXPECT(ev.type == CND_FAULT_EXIT && ev.status == 9);
    cnd_process_destroy(&p);
    case_end();
}

static uint8_t *image;  /* a writable copy of the child's image */

static cnd_word_t le(const uint8_t *p, unsigned n)
{
    cnd_word_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (cnd_word_t)p[i] << (8 * i);
    return v;
}

static void put(uint8_t *p, unsigned n, cnd_word_t v)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Creates from a patched copy of the child image; returns the ELF problem. */
static cnd_word_t try_patched(unsigned off, unsigned n, cnd_word_t value)
{
    for (size_t i = 0; i < child->size; i++)
        image[i] = ((const uint8_t *)child->data)[i];
    put(image + off, n, value);
    struct cnd_process p;
    struct cnd_result r = cnd_create_process(image, child->size, 100, 0, NULL, &p);
    return r.error == (cnd_error_t)CND_ERR_BAD_ELF ? r.detail[0] : 0;
}

static void test_refusals(void)
{
    if (!case_begin("LIBPROC0006 bad images and arguments are refused, nothing leaks"))
        return;
    struct cnd_mapping copy;
    CND_TRY(cnd_vspace_alloc(&env->vspace, child->size, &copy));
    image = (uint8_t *)copy.vaddr;
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
    struct cnd_process p;
    EXPECT_LIB(cnd_create_process(image, 10, 100, 0, NULL, &p), CND_ERR_BAD_ELF);
    const uint8_t *elf = child->data;
    unsigned ph0 = (unsigned)le(elf + 32, 8);  /* the first program header: text */
    EXPECT(try_patched(0, 1, 0x7e) == CND_ELF_BAD_MAGIC);
    EXPECT(try_patched(4, 1, 1) == CND_ELF_NOT_64BIT);
    EXPECT(try_patched(5, 1, 2) == CND_ELF_NOT_LITTLE_ENDIAN);
    EXPECT(try_patched(16, 2, 3) == CND_ELF_NOT_EXECUTABLE);
    EXPECT(try_patched(18, 2, 62) == CND_ELF_NOT_RISCV);
    EXPECT(try_patched(32, 8, 1u << 30) == CND_ELF_BAD_PHDRS);
    EXPECT(try_patched(24, 8, 0) == CND_ELF_BAD_ENTRY);
    EXPECT(le(elf + ph0, 4) == 1 && le(elf + ph0 + 32, 8) > 0);  /* PT_LOAD, with bytes */
    EXPECT(try_patched(ph0 + 8, 8, 1u << 30) == CND_ELF_SEGMENT_OUTSIDE_FILE);
    EXPECT(try_patched(ph0 + 40, 8, le(elf + ph0 + 32, 8) - 1) == CND_ELF_SEGMENT_BAD_SIZE);
    EXPECT(try_patched(ph0 + 16, 8, CND_USER_TOP) == CND_ELF_SEGMENT_BAD_ADDRESS);
    EXPECT(try_patched(ph0, 4, 6) == CND_ELF_BAD_ENTRY);  /* text no longer loaded */
    /* The next loadable segment moved onto the text: they overlap. */
    unsigned ph = ph0 + 56, phend = ph0 + 56 * (unsigned)le(elf + 56, 2);
    while (ph < phend && (le(elf + ph, 4) != 1 || le(elf + ph + 40, 8) == 0))
        ph += 56;
    EXPECT(ph < phend);
    EXPECT(try_patched(ph + 16, 8, le(elf + ph0 + 16, 8)) == CND_ELF_SEGMENTS_OVERLAP);
    struct cnd_result r = cnd_create_process(child->data, child->size, 256, 0, NULL, &p);
    EXPECT(r.error == (cnd_error_t)CND_ERR_BAD_ARGUMENT && r.detail[0] == 3);
    struct cnd_process_options o = { .cnode_bits = 4 };
    EXPECT_LIB(cnd_create_process(child->data, child->size, 100, 0, &o, &p), CND_ERR_BAD_ARGUMENT);
    struct cnd_process_options many = { .n_caps = CND_PROC_MAX_CAPS + 1 };
    EXPECT_LIB(cnd_create_process(child->data, child->size, 100, 0, &many, &p),
               CND_ERR_BAD_ARGUMENT);
    EXPECT(cnd_cspace_free_count(&env->cspace) == slots);
    cnd_vspace_free(&env->vspace, &copy);
    case_end();
}

/* A private env: the root CSpace's slots [first, first + 512) and one untyped. */
static struct cnd_env penv;

static void test_limits(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBPROC0007 LIBPROC0008"))
        return;
    case_begin("LIBPROC0007 memory given to a process bounds what it can allocate");
    struct cnd_object mem;
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 17, &mem));
    int frames = run(CHILD_MEMORY, 0, 0, mem.cptr);
    EXPECT(frames > 16 && frames < 32);
    EXPECT(cnd_debug_cap_identify(mem.cptr) == CND_CAP_TAG_NULL);  /* moved, then destroyed */
    EXPECT_ERR(cnd_free(&mem), CND_NO_ERROR);
    case_end();

    case_begin("LIBPROC0008 process creation under exhaustion; destroy gives everything back");
    struct cnd_object pool;
    cnd_cptr_t first = 0;
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, 19, &pool));
    CND_TRY(cnd_cspace_alloc_range(&env->cspace, 512, &first));
    CND_TRY(cnd_cspace_init(&penv.cspace, env->cspace.root, env->cspace.root_bits,
                            env->cspace.l2_bits, first, first + 512, penv.slot_bitmap, 512,
                            &penv.untyped));
    if (env->cspace.l2_bits != 0)
        cnd_cspace_mark_node(&penv.cspace, first >> env->cspace.l2_bits);
    cnd_ut_init(&penv.untyped, &penv.cspace, penv.ut_entries, 1);
    cnd_ut_add(&penv.untyped, pool.cptr, pool.paddr, 19, false);
    /* The loader's scratch mappings go to 1 MiB of env's window, whose
     * tables are made already: none counts against the processes' memory
     * (and none stays). */
    cnd_vaddr_t pva = 0;
    CND_TRY(cnd_vspace_reserve(&env->vspace, 1ul << 20, 0, &pva));
    cnd_vspace_init(&penv.vspace, env->vspace_root, &env->untyped, pva, pva + (1ul << 20));
    penv.vspace.filled_1g = env->vspace.filled_1g;
    penv.vspace.filled_2m = env->vspace.filled_2m;
    penv.tcb = env->tcb;
    penv.vspace_root = env->vspace_root;
    penv.asid_pool = env->asid_pool;
    static struct cnd_process ps[8];
    struct cnd_process_options o = { .args = { CHILD_ARGS, 1, 2, 3 }, .suspended = true,
                                     .env = &penv };
    unsigned made = 0;
    struct cnd_result r;
    while (made < 8 && cnd_result_ok(r = cnd_create_process(child->data, child->size, 100, 0, &o,
                                                            &ps[made])))
        made++;
    cnd_printf("  %u processes fit in 512 KiB, then: %s\n", made,
               cnd_error_string(r, msg, sizeof msg));
    EXPECT(made >= 1 && made < 8 && r.error == (cnd_error_t)CND_ERR_NO_MEMORY);
    for (unsigned i = 0; i < made; i++)
        EXPECT_ERR(cnd_process_destroy(&ps[i]), CND_NO_ERROR);
    EXPECT(cnd_ut_free_bytes(&penv.untyped, NULL) == 1u << 19);
    EXPECT(cnd_cspace_free_count(&penv.cspace) == 512);
    /* Everything came back: the same number fit again, and they all run. */
    unsigned again = 0;
    while (again < made && cnd_result_ok(cnd_create_process(child->data, child->size, 100, 0, &o,
                                                            &ps[again])))
        again++;
    EXPECT(again == made);
    for (unsigned i = 0; i < again; i++) {
        struct cnd_fault ev;
        cnd_process_start(&ps[i]);
        cnd_process_wait(&ps[i], &ev);
        EXPECT(ev.type == CND_FAULT_EXIT && ev.status == 6);
        cnd_process_destroy(&ps[i]);
    }
    cnd_env_set_default(env);
    EXPECT(cnd_env() == env);
    EXPECT(penv.vspace.tables == 0);
    EXPECT_ERR(cnd_vspace_release(&env->vspace, pva, 1ul << 20), CND_NO_ERROR);
    cnd_cspace_free_range(&env->cspace, first, 512);
    EXPECT_ERR(cnd_free(&pool), CND_NO_ERROR);
    case_end();
}

void test_process(void)
{
    /* Found here too, not only in LIBPROC0001: with case selection test_life
     * may be skipped, and every later case needs the child image. */
    child = cnd_embedded_find("libtest_child");
    test_life();
    if (child == NULL)
        return;
    test_talk();
    test_refusals();
    test_limits();
}
