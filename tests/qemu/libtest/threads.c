/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads in the root task's address space: TLS, IPC buffers, guard pages. */
#include "libtest.h"

static __thread int tls_value = 7;
static int shared_counter;

static int body(void *arg)
{
    int before = tls_value;  /* every thread starts from the .tdata image */
    tls_value = (int)(uintptr_t)arg;
    shared_counter++;
    bool own_buffer = cnd_get_ipc_buffer() != NULL &&
                      (cnd_word_t)cnd_get_ipc_buffer() >= CND_VSPACE_DYNAMIC_BASE;
    return before * 1000 + tls_value + (own_buffer ? 100 : 0);
}

/* Recurses until the stack runs into its guard page. */
static int deep(int n)
{
    volatile char pad[512];
    pad[0] = (char)n;
    return n > 0 ? deep(n - 1) + pad[0] : 0;
}

static int overflow(void *arg)
{
    return deep((int)(uintptr_t)arg);
}

void test_threads(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBTHREAD0001 LIBTHREAD0002 LIBTHREAD0003 LIBTHREAD0004"))
        return;
    case_begin("LIBTHREAD0001 a thread: own stack, TLS, IPC buffer; join; destroy frees all");
    /* Page tables made for new stacks stay (and keep their slots). */
    unsigned tables = env->vspace.tables;
    cnd_word_t slots = cnd_cspace_free_count(&env->cspace);
#define SLOTS_BACK() (cnd_cspace_free_count(&env->cspace) == slots - (env->vspace.tables - tables))
    struct cnd_thread t;
    struct cnd_thread_options named = { 0, 0, "libtest-thread", NULL };
    tls_value = 1;
    EXPECT_ERR(cnd_thread_create(&t, body, (void *)5, 100, &named), CND_NO_ERROR);
    EXPECT(!t.finished && cnd_debug_cap_identify(t.tcb) == CND_CAP_TAG_THREAD);
    EXPECT_ERR(cnd_thread_start(&t), CND_NO_ERROR);
    EXPECT(cnd_thread_join(&t) == 7105 && t.finished && tls_value == 1 && shared_counter == 1);
    EXPECT(cnd_thread_join(&t) == 7105);  /* joining twice is fine */
    EXPECT_ERR(cnd_thread_destroy(&t), CND_NO_ERROR);
    EXPECT(SLOTS_BACK());
    case_end();

    case_begin("LIBTHREAD0002 eight threads at once");
    static struct cnd_thread many[8];
    unsigned ok = 0;
    for (unsigned i = 0; i < 8; i++)
        ok += cnd_result_ok(cnd_thread_create(&many[i], body, (void *)(uintptr_t)i, 50 + i, NULL));
    for (unsigned i = 0; i < 8; i++)
        cnd_thread_start(&many[i]);
    for (unsigned i = 0; i < 8; i++)
        ok += cnd_thread_join(&many[i]) == (int)(7100 + i);
    for (unsigned i = 0; i < 8; i++)
        ok += cnd_result_ok(cnd_thread_destroy(&many[i]));
    EXPECT(ok == 24 && shared_counter == 9 && SLOTS_BACK());
    case_end();

    case_begin("LIBTHREAD0003 errors leave nothing behind");
    EXPECT_LIB(cnd_thread_create(&t, NULL, NULL, 100, NULL), CND_ERR_BAD_ARGUMENT);
    struct cnd_result r = cnd_thread_create(&t, body, NULL, 256, NULL);
    EXPECT(r.error == CND_RANGE_ERROR && r.detail[1] == 255);
    EXPECT(SLOTS_BACK());
    case_end();

    case_begin("LIBTHREAD0004 a stack overflow faults on the guard page");
    struct cnd_object ep;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    struct cnd_thread_options o = { 8192, ep.cptr, NULL, env };
    EXPECT_ERR(cnd_thread_create(&t, overflow, (void *)100000, 100, &o), CND_NO_ERROR);
    cnd_thread_start(&t);
    struct cnd_fault f;
    cnd_fault_recv(ep.cptr, &f);
    char s[160];
    cnd_printf("  %s\n", cnd_fault_string(&f, s, sizeof s));
    EXPECT(f.type == CND_FAULT_VM && f.write && !t.finished);
    EXPECT(f.addr >= t.stack.vaddr - 4096 && f.addr < t.stack.vaddr);
    EXPECT_ERR(cnd_thread_destroy(&t), CND_NO_ERROR);
    cnd_free(&ep);
    case_end();
}
