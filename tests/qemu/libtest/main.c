/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libtest: in-QEMU tests of libconductor-cap. Every library function runs
 * at least once, with success and with an error; the allocators are driven
 * to exhaustion and back; processes are made from an embedded ELF. Each
 * case prints "NAME pass" or "NAME FAIL", then "N passed, N failed", then
 * the machine powers off through the system-control cap.
 */
#include "libtest.h"

const struct cnd_boot_info *bi;
struct cnd_env *env, *root_env;
cnd_vaddr_t playground;

/*
 * The leak check. Every case allocates through `env`, set up here from the
 * root task's env (outside the tracked region):
 *   - untyped: one scratch untyped of 2^SCRATCH_BITS bytes, carved by the
 *     root env (so it never hands that memory out itself);
 *   - slots: root-CNode slots [lo, lo + WINDOW), taken from the root env's
 *     allocator (3 probe slots before them, outside the window);
 *   - VSpace: a window of CASE_VA bytes reserved from the root env's window,
 *     its page tables made up front by the root env (tables stay for the
 *     life of a VSpace; the cases' mappings there make none).
 * The harness (captest/harness.c) checks the kernel's truth per case: the
 * scratch's free bytes (a retype that cannot fit answers with them) and the
 * window's occupied slots. The hook below adds the library's own account:
 * env's free slots, its model of the scratch's free bytes, and its VSpace
 * window's high-water mark, holes and lost bytes, all as before the case.
 */
#define SCRATCH_BITS 25
#define WINDOW 2048
#define CASE_VA (64ul << 20)

static struct cnd_env case_env;

static struct {
    cnd_word_t slots, bytes, lost;
    cnd_vaddr_t next;
    unsigned holes;
    struct cnd_vspace_hole first_hole;
} account;

static void account_snap(void)
{
    account.slots = cnd_cspace_free_count(&env->cspace);
    account.bytes = cnd_ut_free_bytes(&env->untyped, NULL);
    account.next = env->vspace.next;
    account.holes = env->vspace.n_holes;
    account.lost = env->vspace.lost;
    account.first_hole = env->vspace.holes[0];
}

static bool account_check(void)
{
    bool ok = true;
    const struct cnd_vspace *vs = &env->vspace;
    if (cnd_cspace_free_count(&env->cspace) != account.slots) {
        cnd_printf("  %s: library leaked slots: %lu free before, %lu after\n", harness_case,
                   account.slots, cnd_cspace_free_count(&env->cspace));
        ok = false;
    }
    if (cnd_ut_free_bytes(&env->untyped, NULL) != account.bytes) {
        cnd_printf("  %s: library leaked untyped memory: %lu bytes free before, %lu after\n",
                   harness_case, account.bytes, cnd_ut_free_bytes(&env->untyped, NULL));
        ok = false;
    }
    if (vs->next != account.next || vs->n_holes != account.holes || vs->lost != account.lost ||
        (account.holes != 0 && (vs->holes[0].start != account.first_hole.start ||
                                vs->holes[0].end != account.first_hole.end))) {
        cnd_printf("  %s: library leaked VSpace window: next %#lx, %u holes, %lu lost before; "
                   "next %#lx, %u holes, %lu lost after\n", harness_case, account.next,
                   account.holes, account.lost, vs->next, vs->n_holes, vs->lost);
        ok = false;
    }
    return ok;
}

static void case_env_setup(void)
{
    struct cnd_object scratch;
    cnd_cptr_t first = 0;
    cnd_vaddr_t va = 0;
    CND_TRY(cnd_ut_alloc(&root_env->untyped, CND_OBJ_UNTYPED, SCRATCH_BITS, &scratch));
    CND_TRY(cnd_cspace_alloc_range(&root_env->cspace, 3 + WINDOW, &first));
    cnd_cptr_t lo = first + 3, hi = lo + WINDOW;
    struct cnd_env *e = &case_env;
    e->bi = bi;
    CND_TRY(cnd_cspace_init(&e->cspace, CND_CAP_INIT_THREAD_CNODE, cnd_bootinfo_cnode_bits(bi), 0,
                            lo, hi, e->slot_bitmap, CND_ENV_MAX_SLOTS, &e->untyped));
    cnd_ut_init(&e->untyped, &e->cspace, e->ut_entries, CND_ENV_MAX_UNTYPEDS);
    CND_TRY(cnd_ut_add(&e->untyped, scratch.cptr, scratch.paddr, SCRATCH_BITS, false));
    /* The window's tables, made by a helper of the root env's. */
    CND_TRY(cnd_vspace_reserve(&root_env->vspace, CASE_VA, CND_HUGE_PAGE_BITS, &va));
    struct cnd_vspace tables;
    cnd_vspace_init(&tables, root_env->vspace_root, &root_env->untyped, va, va + CASE_VA);
    for (cnd_vaddr_t a = va; a < va + CASE_VA; a += 1ul << CND_LARGE_PAGE_BITS)
        CND_TRY(cnd_vspace_prepare_page(&tables, a));
    cnd_vspace_init(&e->vspace, root_env->vspace_root, &e->untyped, va, va + CASE_VA);
    e->vspace.filled_1g = tables.filled_1g;
    e->vspace.filled_2m = tables.filled_2m;
    CND_TRY(cnd_vspace_reserve(&root_env->vspace, 4ul << 30, CND_HUGE_PAGE_BITS, &playground));
    e->tcb = root_env->tcb;
    e->cnode = root_env->cnode;
    e->vspace_root = root_env->vspace_root;
    e->asid_pool = root_env->asid_pool;
    e->asid_control = root_env->asid_control;
    e->irq_control = root_env->irq_control;
    e->system_control = root_env->system_control;
    e->fault_ep = 0;
    /* One lock for the three allocators, as an env made by the library. */
    e->cspace.lock = e->untyped.lock = e->vspace.lock = &e->lock;
    env = e;
    cnd_env_set_default(env);
    harness_leak_track(scratch.cptr, SCRATCH_BITS, first, lo, hi);
    harness_leak_hook(account_snap, account_check);
}

void scope_open(struct scope *s, unsigned size_bits)
{
    CND_TRY(cnd_alloc(CND_OBJ_UNTYPED, size_bits, &s->u));
    CND_TRY(cnd_cspace_alloc_range(&env->cspace, SCOPE_SLOTS, &s->first));
    CND_TRY(cnd_cspace_init(&s->cs, env->cspace.root, env->cspace.root_bits, 0, s->first,
                            s->first + SCOPE_SLOTS, s->bitmap, SCOPE_SLOTS, NULL));
    cnd_ut_init(&s->ut, &s->cs, s->entry, 1);
    CND_TRY(cnd_ut_add(&s->ut, s->u.cptr, s->u.paddr, size_bits, false));
}

void scope_close(struct scope *s)
{
    EXPECT_ERR(cnd_ut_revoke(&s->ut, 0), CND_NO_ERROR);
    cnd_cspace_reset(&s->cs);
    cnd_cspace_free_range(&env->cspace, s->first, SCOPE_SLOTS);
    EXPECT_ERR(cnd_free(&s->u), CND_NO_ERROR);
}

int main(const struct cnd_boot_info *boot_info)
{
    bi = boot_info;
    put_str("libtest: libconductor-cap tests\n");
    root_env = cnd_root_env(bi);
    case_env_setup();
    case_begin("LIBENV0001 the root task's environment");
    struct cnd_env scratch;
    EXPECT_LIB(cnd_env_init_root(&scratch, NULL), CND_ERR_BAD_ARGUMENT);
    EXPECT(root_env != NULL && root_env->bi == bi);
    EXPECT(root_env->system_control == CND_CAP_SYSTEM_CONTROL &&
           root_env->tcb == CND_CAP_INIT_THREAD_TCB);
    EXPECT(root_env->untyped.count == cnd_bootinfo_untyped_count(bi));
    /* The default env is the cases' own (built from the root env's). */
    EXPECT(cnd_env() == env && env != root_env && env->untyped.count == 1);
    cnd_cptr_t slot = 0, copy = 0, minted = 0;
    EXPECT_ERR(cnd_slot_alloc(&slot), CND_NO_ERROR);
    cnd_slot_free(slot);
    EXPECT_ERR(cnd_copy(CND_CAP_INIT_THREAD_TCB, CND_ALL_RIGHTS, &copy), CND_NO_ERROR);
    EXPECT(cnd_debug_cap_identify(copy) == CND_CAP_TAG_THREAD);
    EXPECT_ERR(cnd_delete(copy), CND_NO_ERROR);
    EXPECT_ERR(cnd_copy(copy, CND_ALL_RIGHTS, &copy), CND_FAILED_LOOKUP);
    EXPECT_ERR(cnd_mint(CND_CAP_INIT_THREAD_CNODE, CND_ALL_RIGHTS, cnd_cnode_cap_data_new(0, 51),
                        &minted), CND_NO_ERROR);
    EXPECT_ERR(cnd_delete(minted), CND_NO_ERROR);
    EXPECT_ERR(cnd_mint(minted, CND_ALL_RIGHTS, 1, &minted), CND_FAILED_LOOKUP);
    case_end();

    test_format();
    test_bootinfo();
    test_cspace();   /* ends with the root CSpace grown to two levels */
    test_untyped();
    test_vspace();
    test_threads();
    test_concurrent();
    test_ipc();
    test_irq();
    test_process();
    harness_summary();
    cnd_power_off(bi);
}
