/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The CSpace slot allocator (see conductor/cspace.h). Slot number n is cptr n
 * at depth 64 in every layout it manages, so the only places that need the
 * CNode structure are making level-2 CNodes and naming a slot's CNode for
 * Untyped_Retype.
 */
#include <abi/object_types.h>
#include <abi/rights.h>
#include <conductor/cspace.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/lock.h>
#include <conductor/untyped.h>

static bool bit(const cnd_word_t *map, cnd_word_t i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

static void set_bit(cnd_word_t *map, cnd_word_t i, bool v)
{
    if (v)
        map[i / 64] |= (cnd_word_t)1 << (i % 64);
    else
        map[i / 64] &= ~((cnd_word_t)1 << (i % 64));
}

static void reset_unlocked(struct cnd_cspace *cs);

struct cnd_result cnd_cspace_init(struct cnd_cspace *cs, cnd_cptr_t root, unsigned root_bits,
                                  unsigned l2_bits, cnd_word_t first, cnd_word_t end,
                                  cnd_word_t *bitmap, cnd_word_t capacity,
                                  struct cnd_ut_alloc *ut)
{
    if (root_bits == 0 || root_bits + l2_bits >= CND_WORD_BITS)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, root_bits);
    if (l2_bits != 0 && root_bits > 8)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, root_bits);
    cnd_word_t limit = (cnd_word_t)1 << (root_bits + l2_bits);
    if (first >= end || end > limit)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 6, end);
    if (bitmap != NULL && capacity < end - first)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 8, capacity);
    cs->root = root;
    cs->root_bits = root_bits;
    cs->l2_bits = l2_bits;
    cs->first = first;
    cs->end = end;
    cs->bitmap = bitmap;
    cs->capacity = bitmap != NULL ? capacity : 0;
    cs->ut = ut;
    cs->lock = NULL;
    for (unsigned i = 0; i < CND_CSPACE_MAX_L2 / 64; i++)
        cs->l2_made[i] = 0;
    reset_unlocked(cs);
    return cnd_ok();
}

struct cnd_result cnd_cspace_init_root_task(struct cnd_cspace *cs,
                                            const struct cnd_boot_info *bi,
                                            cnd_word_t *bitmap, cnd_word_t capacity)
{
    return cnd_cspace_init(cs, CND_CAP_INIT_THREAD_CNODE,
                           (unsigned)bi->init_thread_cnode_size_bits, 0, bi->empty.start,
                           bi->empty.end, bitmap, capacity, NULL);
}

static void mark_node_unlocked(struct cnd_cspace *cs, cnd_word_t index)
{
    if (cs->l2_bits != 0 && index < CND_CSPACE_MAX_L2)
        set_bit(cs->l2_made, index, true);
}

static void reset_unlocked(struct cnd_cspace *cs)
{
    if (cs->bitmap != NULL) {
        for (cnd_word_t i = 0; i < CND_CSPACE_BITMAP_WORDS(cs->capacity); i++)
            cs->bitmap[i] = 0;
    }
    cs->next = cs->first;
    cs->used = 0;
}

/* Makes the level-2 CNode holding `slot` if it does not exist yet. */
static struct cnd_result ensure_node(struct cnd_cspace *cs, cnd_cptr_t slot)
{
    if (cs->l2_bits == 0)
        return cnd_ok();
    cnd_word_t node = slot >> cs->l2_bits;
    if (bit(cs->l2_made, node))
        return cnd_ok();
    if (cs->ut == NULL)
        return cnd_lib_error(CND_ERR_NO_MEMORY, cnd_object_bytes(CND_OBJ_CAP_TABLE, cs->l2_bits), 0);
    struct cnd_object obj;
    /* Depth 0: straight into the root CNode, at index `node`. */
    struct cnd_result r = cnd_ut_alloc_into(cs->ut, CND_OBJ_CAP_TABLE, cs->l2_bits, 1, cs->root,
                                            0, 0, node, &obj);
    if (cnd_result_ok(r))
        set_bit(cs->l2_made, node, true);
    return r;
}

/* Whether [first, first + count) is free and inside one CNode. If not,
 * *skip is how far the next candidate can move (past a used slot). */
static bool range_free(const struct cnd_cspace *cs, cnd_word_t first, cnd_word_t count,
                       cnd_word_t *skip)
{
    *skip = 1;
    if (first < cs->first || first + count > cs->end)
        return false;
    if (cs->l2_bits != 0 && (first >> cs->l2_bits) != ((first + count - 1) >> cs->l2_bits))
        return false;
    for (cnd_word_t i = count; i-- > 0;) {
        if (bit(cs->bitmap, first + i - cs->first)) {
            *skip = i + 1;
            return false;
        }
    }
    return true;
}

static struct cnd_result claim(struct cnd_cspace *cs, cnd_word_t first, cnd_word_t count,
                               cnd_cptr_t *out)
{
    struct cnd_result r = ensure_node(cs, first);
    if (!cnd_result_ok(r))
        return r;
    if (cs->bitmap != NULL)
        for (cnd_word_t i = 0; i < count; i++)
            set_bit(cs->bitmap, first + i - cs->first, true);
    cs->used += count;
    cs->next = first + count;
    *out = first;
    return cnd_ok();
}

static struct cnd_result alloc_range_unlocked(struct cnd_cspace *cs, cnd_word_t count,
                                              cnd_cptr_t *first)
{
    if (count == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, count);
    if (cs->bitmap == NULL) {
        cnd_word_t start = cs->next;
        /* Bump mode still keeps a range inside one CNode. */
        if (cs->l2_bits != 0 && (start >> cs->l2_bits) != ((start + count - 1) >> cs->l2_bits))
            start = ((start >> cs->l2_bits) + 1) << cs->l2_bits;
        if (start > cs->end || cs->end - start < count)
            return cnd_lib_error(CND_ERR_NO_SLOTS, count, 0);
        return claim(cs, start, count, first);
    }
    /* First fit, starting where the last allocation ended and wrapping. */
    cnd_word_t span = cs->end - cs->first;
    cnd_word_t start = cs->next >= cs->end ? cs->first : cs->next;
    for (cnd_word_t tried = 0, skip = 1; tried < span; tried += skip) {
        cnd_word_t cand = start + tried;
        if (cand >= cs->end)
            cand -= span;
        if (range_free(cs, cand, count, &skip))
            return claim(cs, cand, count, first);
    }
    return cnd_lib_error(CND_ERR_NO_SLOTS, count, 0);
}

struct cnd_result cnd_cspace_alloc(struct cnd_cspace *cs, cnd_cptr_t *slot)
{
    return cnd_cspace_alloc_range(cs, 1, slot);
}

static void free_range_unlocked(struct cnd_cspace *cs, cnd_cptr_t first, cnd_word_t count)
{
    if (cs->bitmap == NULL) {
        if (first + count == cs->next && first >= cs->first) {
            cs->next = first;
            cs->used -= count;
        }
        return;
    }
    for (cnd_word_t i = 0; i < count; i++) {
        cnd_word_t n = first + i;
        if (n < cs->first || n >= cs->end || !bit(cs->bitmap, n - cs->first))
            continue;
        set_bit(cs->bitmap, n - cs->first, false);
        cs->used--;
    }
}

void cnd_cspace_free(struct cnd_cspace *cs, cnd_cptr_t slot)
{
    cnd_cspace_free_range(cs, slot, 1);
}

struct cnd_result cnd_cspace_delete(struct cnd_cspace *cs, cnd_cptr_t slot)
{
    struct cnd_result r = cnd_cnode_delete(cs->root, slot, CND_CSPACE_DEPTH);
    if (cnd_result_ok(r))
        cnd_cspace_free(cs, slot);
    return r;
}

cnd_word_t cnd_cspace_free_count(const struct cnd_cspace *cs)
{
    if (cs->bitmap == NULL)
        return cs->end - cs->next;
    return (cs->end - cs->first) - cs->used;
}

bool cnd_cspace_in_use(const struct cnd_cspace *cs, cnd_cptr_t slot)
{
    if (slot < cs->first || slot >= cs->end)
        return false;
    if (cs->bitmap == NULL)
        return slot < cs->next;
    return bit(cs->bitmap, slot - cs->first);
}

void cnd_cspace_node(const struct cnd_cspace *cs, cnd_cptr_t slot, cnd_word_t *index,
                     cnd_word_t *depth, cnd_word_t *offset)
{
    if (cs->l2_bits == 0) {
        *index = 0;
        *depth = 0;  /* the root cap itself */
        *offset = slot;
    } else {
        *index = slot >> cs->l2_bits;
        *depth = CND_CSPACE_DEPTH - cs->l2_bits;
        *offset = slot & (((cnd_word_t)1 << cs->l2_bits) - 1);
    }
}

static struct cnd_result expand_root_task_unlocked(struct cnd_cspace *cs,
                                                   unsigned extra_bits)
{
    if (cs->l2_bits != 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 1, cs->l2_bits);
    if (extra_bits == 0 || extra_bits > 8)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, extra_bits);
    unsigned old_bits = cs->root_bits;
    cnd_word_t new_end = (cnd_word_t)1 << (old_bits + extra_bits);
    if (cs->bitmap == NULL || cs->capacity < new_end - cs->first)
        return cnd_lib_error(CND_ERR_TABLE_FULL, cs->capacity, 0);
    if (cs->ut == NULL)
        return cnd_lib_error(CND_ERR_NO_MEMORY, cnd_object_bytes(CND_OBJ_CAP_TABLE, extra_bits), 0);

    /* The new root N (no guard yet), and a guarded cap to it. */
    cnd_cptr_t plain, guarded = 0;
    struct cnd_object node;
    struct cnd_result r = cnd_ut_alloc(cs->ut, CND_OBJ_CAP_TABLE, extra_bits, &node);
    if (!cnd_result_ok(r))
        return r;
    plain = node.cptr;
    r = cnd_cspace_alloc(cs, &guarded);
    if (!cnd_result_ok(r))
        return r;
    /* N[0] = the old root, guard size 0 (old slot k = cptr k still). */
    r = cnd_cnode_mint(plain, cs->root, 0, (uint8_t)extra_bits, CND_CAP_INIT_THREAD_CNODE,
                       CND_CSPACE_DEPTH, CND_ALL_RIGHTS, cnd_cnode_cap_data_new(0, 0));
    if (!cnd_result_ok(r))
        goto undo_guarded;
    unsigned guard = CND_WORD_BITS - old_bits - extra_bits;
    r = cnd_cnode_mint(cs->root, cs->root, guarded, CND_CSPACE_DEPTH, plain, CND_CSPACE_DEPTH,
                       CND_ALL_RIGHTS, cnd_cnode_cap_data_new(0, guard));
    if (!cnd_result_ok(r))
        goto undo_slot0;
    /* Switch: cptrs are resolved in the old CSpace until this returns. */
    r = cnd_tcb_set_space(CND_CAP_INIT_THREAD_TCB, guarded, CND_CAP_INIT_THREAD_VSPACE, 0,
                          CND_NIL_DATA, CND_NIL_DATA);
    if (!cnd_result_ok(r)) {
        cnd_cnode_delete(cs->root, guarded, CND_CSPACE_DEPTH);
        goto undo_slot0;
    }
    cs->root = guarded;
    cs->l2_bits = old_bits;
    cs->root_bits = extra_bits;
    cs->end = new_end;
    set_bit(cs->l2_made, 0, true);
    return cnd_ok();

undo_slot0:
    cnd_cnode_delete(plain, 0, (uint8_t)extra_bits);
undo_guarded:
    cnd_cspace_free(cs, guarded);
    cnd_ut_free(cs->ut, &node);
    return r;
}

/* The public entry points: each holds the allocator's lock (if it has one,
 * see conductor/lock.h) for the whole operation. */

void cnd_cspace_mark_node(struct cnd_cspace *cs, cnd_word_t index)
{
    cnd_lock_acquire(cs->lock);
    mark_node_unlocked(cs, index);
    cnd_lock_release(cs->lock);
}

void cnd_cspace_reset(struct cnd_cspace *cs)
{
    cnd_lock_acquire(cs->lock);
    reset_unlocked(cs);
    cnd_lock_release(cs->lock);
}

struct cnd_result cnd_cspace_alloc_range(struct cnd_cspace *cs, cnd_word_t count,
                                         cnd_cptr_t *first)
{
    cnd_lock_acquire(cs->lock);
    struct cnd_result r = alloc_range_unlocked(cs, count, first);
    cnd_lock_release(cs->lock);
    return r;
}

void cnd_cspace_free_range(struct cnd_cspace *cs, cnd_cptr_t first, cnd_word_t count)
{
    cnd_lock_acquire(cs->lock);
    free_range_unlocked(cs, first, count);
    cnd_lock_release(cs->lock);
}

struct cnd_result cnd_cspace_expand_root_task(struct cnd_cspace *cs, unsigned extra_bits)
{
    cnd_lock_acquire(cs->lock);
    struct cnd_result r = expand_root_task_unlocked(cs, extra_bits);
    cnd_lock_release(cs->lock);
    return r;
}
