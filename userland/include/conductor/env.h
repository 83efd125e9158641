/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: the environment of a root task or process.
 *
 * A struct cnd_env bundles the three allocators a program needs (slots in
 * its CSpace, objects from its untyped memory, mappings in its VSpace) and
 * the caps it was started with. A root task builds it from the boot info;
 * a process made by cnd_create_process builds it from what its creator
 * passed (<conductor/process.h>). The most recently initialised env is the
 * default one, used by the short helpers at the end of this header and by
 * threads and processes unless told otherwise.
 *
 * Threads of the program may use one env at the same time: its three
 * allocators share one lock (<conductor/lock.h>; threads that contend for
 * it must have the same priority).
 */
#ifndef CONDUCTOR_ENV_H
#define CONDUCTOR_ENV_H

#include <abi/boot_info.h>
#include <conductor/cspace.h>
#include <conductor/lock.h>
#include <conductor/untyped.h>
#include <conductor/vspace.h>

/* Capacity of the embedded tables: 2^16 slots (enough for the largest root
 * CNode, or a 2^13-slot one expanded by 3 bits), 320 untypeds (the 230
 * boot untypeds plus pieces of split device untypeds). */
#define CND_ENV_MAX_SLOTS (1u << 16)
#define CND_ENV_MAX_UNTYPEDS 320

struct cnd_env {
    const struct cnd_boot_info *bi;  /* root task: the boot info; process: NULL */
    struct cnd_cspace cspace;        /* slots of this program's CSpace */
    struct cnd_ut_alloc untyped;     /* its untyped memory */
    struct cnd_vspace vspace;        /* its address space (dynamic window) */
    /* Caps this program started with (0 where it has none). */
    cnd_cptr_t tcb, cnode, vspace_root, asid_pool, asid_control, irq_control;
    cnd_cptr_t system_control, fault_ep;
    struct cnd_lock lock;            /* shared by the three allocators (lock.h) */
    cnd_word_t slot_bitmap[CND_CSPACE_BITMAP_WORDS(CND_ENV_MAX_SLOTS)];
    struct cnd_ut_entry ut_entries[CND_ENV_MAX_UNTYPEDS];
};

/*
 * Sets up `env` for the root task from its boot info: the empty slot range,
 * every boot untyped, the VSpace window [CND_VSPACE_DYNAMIC_BASE,
 * CND_VSPACE_DYNAMIC_END), the initial caps. Makes it the default env.
 * Errors: CND_ERR_BAD_ARGUMENT (no boot info), CND_ERR_TABLE_FULL.
 */
struct cnd_result cnd_env_init_root(struct cnd_env *env, const struct cnd_boot_info *bi);

/*
 * Sets up `env` inside a process started by cnd_create_process, from the
 * start information its creator passed (cnd_process_self()): its CSpace's
 * free slots, its memory untyped (if it got one), the dynamic VSpace window.
 * Makes it the default env. Errors: CND_ERR_NOT_FOUND (not a process),
 * CND_ERR_BAD_ARGUMENT, CND_ERR_TABLE_FULL.
 */
struct cnd_result cnd_env_init_process(struct cnd_env *env);

/* The default env. Errors: NULL before any was set up. */
struct cnd_env *cnd_env(void);
/* Makes `env` the default env (NULL: none). Errors: none. */
void cnd_env_set_default(struct cnd_env *env);

/*
 * The friendly start of a root task: sets up a library-owned env (about
 * 30 KiB of bss) from the boot info and returns it. cnd_process_env() is
 * the same for a process. Errors: none returned; on failure (those of
 * cnd_env_init_root / cnd_env_init_process) it prints why and ends the
 * program with cnd_exit(1).
 */
struct cnd_env *cnd_root_env(const struct cnd_boot_info *bi);
struct cnd_env *cnd_process_env(void);

/* --- Short helpers on the default env -----------------------------------------
 * Each needs one set up: called without, they end the program with
 * cnd_panic (a programming error, not a condition to handle). */

/* A new object (see cnd_ut_alloc) and its cap in a new slot. Errors: those
 * of cnd_ut_alloc. */
struct cnd_result cnd_alloc(cnd_word_t type, cnd_word_t size_bits, struct cnd_object *out);
/* Destroys it and frees its slot (see cnd_ut_free). Errors: those of
 * cnd_ut_free. */
struct cnd_result cnd_free(struct cnd_object *obj);
/* A free slot / give one back (the slot must be empty). Errors:
 * CND_ERR_NO_SLOTS; cnd_slot_free cannot fail (a slot it does not manage
 * is ignored). */
struct cnd_result cnd_slot_alloc(cnd_cptr_t *slot);
void cnd_slot_free(cnd_cptr_t slot);
/* Copies (with `rights`) or mints (rights and badge, or a CNode guard word)
 * the cap in src into a new slot *dest. On failure the slot is freed again.
 * Errors: CND_ERR_NO_SLOTS, the kernel's CNode_Copy / CNode_Mint errors. */
struct cnd_result cnd_copy(cnd_cptr_t src, cnd_cap_rights_t rights, cnd_cptr_t *dest);
struct cnd_result cnd_mint(cnd_cptr_t src, cnd_cap_rights_t rights, cnd_word_t badge,
                           cnd_cptr_t *dest);
/* Deletes the cap in slot and frees the slot. Errors: the kernel's
 * CNode_Delete errors. */
struct cnd_result cnd_delete(cnd_cptr_t slot);

#endif /* CONDUCTOR_ENV_H */
