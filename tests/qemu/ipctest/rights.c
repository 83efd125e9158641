/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mapping rights checked by real accesses: a frame holding a `ret`
 * instruction is remapped with every rights and ExecuteNever combination,
 * and a probe thread reads, writes or executes it; an allowed access
 * completes, a forbidden one reaches the fault handler as a VM fault with
 * seL4's FSR (1 fetch, 5 load, 7 store).
 */
#include "../captest/harness.h"
#include "ipctest.h"

/* The probe's target: PROBE_VA unless a case aims it elsewhere. */
static volatile cnd_word_t probe_va = PROBE_VA;

static void probe(struct thread *self)
{
    volatile uint32_t *p = (volatile uint32_t *)probe_va;
    switch (self->arg) {
    case READ:
        self->result = p[0];
        break;
    case WRITE:
        p[1] = 0x77;
        break;
    default:
        ((void (*)(void))probe_va)();
        break;
    }
}

cnd_word_t try_access_at(cnd_cptr_t fep, enum access a, cnd_word_t va)
{
    probe_va = va;
    cnd_word_t r = try_access(fep, a);
    probe_va = PROBE_VA;
    return r;
}

/* 0: completed; otherwise the FSR of the VM fault it took. */
cnd_word_t try_access(cnd_cptr_t fep, enum access a)
{
    struct thread *t = thread_create(probe, a, 200, fep);
    thread_start(t);
    let_others_run();
    cnd_word_t m[4] = { 0 };
    cnd_badge_t badge;
    cnd_msginfo_t info = cnd_nbrecv_with_mrs(fep, &badge, &m[0], &m[1], &m[2], &m[3]);
    cnd_word_t result = 0;
    if (cnd_msginfo_get_label(info) == CND_FAULT_VM && m[1] == probe_va + (a == WRITE ? 4 : 0))
        result = m[3];
    else if (!t->done)
        result = 99;   /* neither finished nor faulted as expected */
    thread_destroy(t);
    return result;
}

void probe_setup(void)
{
    /* Page tables for PROBE_VA, shared by the rights and isolation cases
     * and made before the scratch is set up, outside the tracked region. */
    cnd_page_table_map(make_object(CND_OBJ_PAGE_TABLE, 0), VSPACE, PROBE_VA, 0);
    cnd_page_table_map(make_object(CND_OBJ_PAGE_TABLE, 0), VSPACE, PROBE_VA, 0);
}

static void rights_case(void)
{
    if (!case_begin("VM0100 every rights combination, checked by real accesses"))
        return;
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t f = make_object(CND_OBJ_4K_PAGE, 0);
    /* PROBE_VA's page tables are shared (probe_setup). */
    EXPECT_ERR(cnd_page_map(f, VSPACE, PROBE_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    *(volatile uint32_t *)PROBE_VA = 0x00008067;   /* ret */
    static const struct {
        cnd_cap_rights_t rights;
        cnd_word_t attr;
        cnd_word_t read, write, exec;   /* expected: 0 allowed, else FSR */
    } cases[] = {
        { CND_CAN_READ | CND_CAN_WRITE, 0, 0, 0, 0 },
        { CND_CAN_READ | CND_CAN_WRITE, CND_VM_EXECUTE_NEVER, 0, 0, 1 },
        { CND_CAN_READ, 0, 0, 7, 0 },
        { CND_CAN_READ, CND_VM_EXECUTE_NEVER, 0, 7, 1 },
        /* Write without read is no user access (write implies read on
         * RISC-V): execute-only, or nothing at all with ExecuteNever. */
        { CND_CAN_WRITE, 0, 5, 7, 0 },
        { CND_CAN_WRITE, CND_VM_EXECUTE_NEVER, 5, 7, 1 },
        { 0, 0, 5, 7, 0 },
        { 0, CND_VM_EXECUTE_NEVER, 5, 7, 1 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EXPECT_ERR(cnd_page_map(f, VSPACE, PROBE_VA, cases[i].rights, cases[i].attr), CND_NO_ERROR);
        cnd_word_t r = try_access(fep, READ), w = try_access(fep, WRITE), x = try_access(fep, EXEC);
        if (r != cases[i].read || w != cases[i].write || x != cases[i].exec) {
            put_str("  rights ");
            put_dec(cases[i].rights);
            put_str(cases[i].attr ? " XN" : "");
            put_str(": read/write/exec gave ");
            put_dec(r);
            put_str("/");
            put_dec(w);
            put_str("/");
            put_dec(x);
            put_str("\n");
            EXPECT(0);
        }
    }
    /* Deleting the frame's only cap unmaps it. */
    harness_del(f);
    harness_del(fep);
    case_end();
}

static void stale_access_case(void)
{
    if (!case_begin("VM0101 no stale access after unmap, delete and revoke"))
        return;
    /* Its own endpoint and frame (once VM0100's, which it followed). */
    cnd_cptr_t fep = make_object(CND_OBJ_ENDPOINT, 0);
    cnd_cptr_t f = make_object(CND_OBJ_4K_PAGE, 0);
    EXPECT_ERR(cnd_page_map(f, VSPACE, PROBE_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT(try_access(fep, READ) == 0);
    EXPECT_ERR(cnd_page_unmap(f), CND_NO_ERROR);
    EXPECT(try_access(fep, READ) == 5);
    EXPECT_ERR(cnd_page_map(f, VSPACE, PROBE_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT(try_access(fep, WRITE) == 0);
    EXPECT_ERR(cnd_cnode_delete(ROOT, f, DEPTH), CND_NO_ERROR);
    EXPECT(try_access(fep, WRITE) == 7);
    cnd_cptr_t g = make_object(CND_OBJ_4K_PAGE, 0), copy = alloc_slot();
    EXPECT_ERR(cnd_cnode_copy(ROOT, ROOT, copy, DEPTH, g, DEPTH, CND_ALL_RIGHTS), CND_NO_ERROR);
    EXPECT_ERR(cnd_page_map(copy, VSPACE, PROBE_VA, CND_ALL_RIGHTS, 0), CND_NO_ERROR);
    EXPECT(try_access(fep, READ) == 0);
    /* Revoking the original takes the mapped copy (its child) with it. */
    EXPECT_ERR(cnd_cnode_revoke(ROOT, g, DEPTH), CND_NO_ERROR);
    EXPECT(try_access(fep, READ) == 5);
    harness_del(g);
    harness_del(fep);
    case_end();
}

void test_rights(void)
{
    rights_case();
    stale_access_case();
}
