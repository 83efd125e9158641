/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Environments (see conductor/env.h): wiring the three allocators to each
 * other and to the caps a program starts with, for a root task (from the
 * boot info) or a process (from its start information).
 */
#include <conductor/bootinfo.h>
#include <conductor/env.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/printf.h>
#include <conductor/process.h>
#include <conductor/runtime.h>

static struct cnd_env *default_env;

struct cnd_env *cnd_env(void)
{
    return default_env;
}

void cnd_env_set_default(struct cnd_env *env)
{
    default_env = env;
}

/* One lock for all three allocators: they call each other both ways. */
static void share_lock(struct cnd_env *env)
{
    env->lock.owner = 0;
    env->lock.depth = 0;
    env->lock.contended = 0;
    env->cspace.lock = env->untyped.lock = env->vspace.lock = &env->lock;
}

static void clear_caps(struct cnd_env *env)
{
    env->tcb = env->cnode = env->vspace_root = env->asid_pool = 0;
    env->asid_control = env->irq_control = env->system_control = env->fault_ep = 0;
}

struct cnd_result cnd_env_init_root(struct cnd_env *env, const struct cnd_boot_info *bi)
{
    if (bi == NULL)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, 0);
    env->bi = bi;
    struct cnd_result r = cnd_cspace_init_root_task(&env->cspace, bi, env->slot_bitmap,
                                                    CND_ENV_MAX_SLOTS);
    if (!cnd_result_ok(r))
        return r;
    env->cspace.ut = &env->untyped;
    cnd_ut_init(&env->untyped, &env->cspace, env->ut_entries, CND_ENV_MAX_UNTYPEDS);
    r = cnd_ut_add_bootinfo(&env->untyped, bi);
    if (!cnd_result_ok(r))
        return r;
    cnd_vspace_init(&env->vspace, CND_CAP_INIT_THREAD_VSPACE, &env->untyped,
                    CND_VSPACE_DYNAMIC_BASE, CND_VSPACE_DYNAMIC_END);
    clear_caps(env);
    env->tcb = CND_CAP_INIT_THREAD_TCB;
    env->cnode = CND_CAP_INIT_THREAD_CNODE;
    env->vspace_root = CND_CAP_INIT_THREAD_VSPACE;
    env->asid_pool = CND_CAP_INIT_THREAD_ASID_POOL;
    env->asid_control = CND_CAP_ASID_CONTROL;
    env->irq_control = CND_CAP_IRQ_CONTROL;
    env->system_control = cnd_bootinfo_system_control(bi);
    share_lock(env);
    default_env = env;
    return cnd_ok();
}

struct cnd_result cnd_env_init_process(struct cnd_env *env)
{
    const struct cnd_process_info *pi = cnd_process_self();
    if (pi == NULL)
        return cnd_lib_error(CND_ERR_NOT_FOUND, 0, 0);
    env->bi = NULL;
    cnd_word_t slots = (cnd_word_t)1 << pi->cnode_bits;
    struct cnd_result r = cnd_cspace_init(&env->cspace, CND_PROC_CNODE, pi->cnode_bits, 0,
                                          pi->first_free, slots, env->slot_bitmap,
                                          CND_ENV_MAX_SLOTS, &env->untyped);
    if (!cnd_result_ok(r))
        return r;
    cnd_ut_init(&env->untyped, &env->cspace, env->ut_entries, CND_ENV_MAX_UNTYPEDS);
    if (pi->memory_bits != 0) {
        r = cnd_ut_add(&env->untyped, CND_PROC_MEMORY, pi->memory_paddr, pi->memory_bits, false);
        if (!cnd_result_ok(r))
            return r;
    }
    cnd_vspace_init(&env->vspace, CND_PROC_VSPACE, &env->untyped, CND_VSPACE_DYNAMIC_BASE,
                    CND_VSPACE_DYNAMIC_END);
    clear_caps(env);
    env->tcb = CND_PROC_TCB;
    env->cnode = CND_PROC_CNODE;
    env->vspace_root = CND_PROC_VSPACE;
    env->fault_ep = CND_PROC_FAULT_EP;
    share_lock(env);
    default_env = env;
    return cnd_ok();
}

static struct cnd_env library_env;

struct cnd_env *cnd_root_env(const struct cnd_boot_info *bi)
{
    CND_TRY(cnd_env_init_root(&library_env, bi));
    return &library_env;
}

struct cnd_env *cnd_process_env(void)
{
    CND_TRY(cnd_env_init_process(&library_env));
    return &library_env;
}

static struct cnd_env *need_env(void)
{
    if (default_env == NULL)
        cnd_panic("libconductor-cap: no environment set up (call cnd_root_env or "
                  "cnd_env_init_root first)");
    return default_env;
}

struct cnd_result cnd_alloc(cnd_word_t type, cnd_word_t size_bits, struct cnd_object *out)
{
    return cnd_ut_alloc(&need_env()->untyped, type, size_bits, out);
}

struct cnd_result cnd_free(struct cnd_object *obj)
{
    return cnd_ut_free(&need_env()->untyped, obj);
}

struct cnd_result cnd_slot_alloc(cnd_cptr_t *slot)
{
    return cnd_cspace_alloc(&need_env()->cspace, slot);
}

void cnd_slot_free(cnd_cptr_t slot)
{
    cnd_cspace_free(&need_env()->cspace, slot);
}

struct cnd_result cnd_mint(cnd_cptr_t src, cnd_cap_rights_t rights, cnd_word_t badge,
                           cnd_cptr_t *dest)
{
    struct cnd_cspace *cs = &need_env()->cspace;
    struct cnd_result r = cnd_cspace_alloc(cs, dest);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_cnode_mint(cs->root, cs->root, *dest, CND_CSPACE_DEPTH, src, CND_CSPACE_DEPTH, rights,
                       badge);
    if (!cnd_result_ok(r))
        cnd_cspace_free(cs, *dest);
    return r;
}

struct cnd_result cnd_copy(cnd_cptr_t src, cnd_cap_rights_t rights, cnd_cptr_t *dest)
{
    struct cnd_cspace *cs = &need_env()->cspace;
    struct cnd_result r = cnd_cspace_alloc(cs, dest);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_cnode_copy(cs->root, cs->root, *dest, CND_CSPACE_DEPTH, src, CND_CSPACE_DEPTH, rights);
    if (!cnd_result_ok(r))
        cnd_cspace_free(cs, *dest);
    return r;
}

struct cnd_result cnd_delete(cnd_cptr_t slot)
{
    return cnd_cspace_delete(&need_env()->cspace, slot);
}
