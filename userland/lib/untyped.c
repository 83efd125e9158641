/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The untyped allocator (see conductor/untyped.h). The watermark model is the
 * kernel's retype rule: a childless untyped is reset to empty first; objects
 * need (bytes left >> object bits) >= count; they start at the watermark
 * rounded up to the object size. `live` stands in for "has children".
 */
#include <abi/constants.h>
#include <conductor/cspace.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/lock.h>
#include <conductor/untyped.h>

void cnd_ut_init(struct cnd_ut_alloc *ut, struct cnd_cspace *cs, struct cnd_ut_entry *entries,
                 unsigned capacity)
{
    ut->cs = cs;
    ut->entries = entries;
    ut->count = 0;
    ut->capacity = capacity;
    ut->lock = NULL;
}

static struct cnd_result add_unlocked(struct cnd_ut_alloc *ut, cnd_cptr_t cptr,
                                      cnd_paddr_t paddr, unsigned size_bits, bool device)
{
    if (ut->count == ut->capacity)
        return cnd_lib_error(CND_ERR_TABLE_FULL, ut->capacity, 0);
    if (size_bits < CND_MIN_UNTYPED_BITS || size_bits > CND_MAX_UNTYPED_BITS)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 4, size_bits);
    struct cnd_ut_entry *e = &ut->entries[ut->count++];
    e->cptr = cptr;
    e->paddr = paddr;
    e->watermark = 0;
    e->live = 0;
    e->generation = 0;
    e->size_bits = (uint8_t)size_bits;
    e->device = device;
    e->split = 0;
    e->unsure = 0;
    return cnd_ok();
}

struct cnd_result cnd_ut_add_bootinfo(struct cnd_ut_alloc *ut, const struct cnd_boot_info *bi)
{
    cnd_word_t n = bi->untyped.end - bi->untyped.start;
    for (cnd_word_t i = 0; i < n && i < CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS; i++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[i];
        struct cnd_result r = cnd_ut_add(ut, bi->untyped.start + i, d->paddr, d->size_bits,
                                         d->is_device != 0);
        if (!cnd_result_ok(r))
            return r;
    }
    return cnd_ok();
}

cnd_word_t cnd_object_bytes(cnd_word_t type, cnd_word_t size_bits)
{
    const struct cnd_object_info *info = cnd_object_info(type);
    if (info == NULL)
        return 0;
    cnd_word_t bits;
    switch (info->size_kind) {
    case CND_OBJ_SIZE_FIXED: bits = info->fixed_size_bits; break;
    case CND_OBJ_SIZE_BYTES: bits = size_bits; break;
    default: bits = size_bits + CND_SLOT_BITS; break;
    }
    if (bits > CND_MAX_UNTYPED_BITS)
        return 0;
    if (type == CND_OBJ_UNTYPED && size_bits < CND_MIN_UNTYPED_BITS)
        return 0;
    if (type == CND_OBJ_CAP_TABLE && size_bits == 0)
        return 0;
    return (cnd_word_t)1 << bits;
}

static unsigned log2_of(cnd_word_t bytes)
{
    unsigned b = 0;
    while (((cnd_word_t)1 << b) < bytes)
        b++;
    return b;
}

/* The model's watermark: a childless untyped is reset by the next retype. */
static cnd_word_t watermark(const struct cnd_ut_entry *e)
{
    return e->live == 0 && !e->unsure ? 0 : e->watermark;
}

/* Where `count` objects of 2^bits would start in e (offset), or false. */
static bool plan(const struct cnd_ut_entry *e, unsigned bits, cnd_word_t count, cnd_word_t *at)
{
    if (bits > e->size_bits)
        return false;
    cnd_word_t wm = watermark(e);
    cnd_word_t left = ((cnd_word_t)1 << e->size_bits) - wm;
    if ((left >> bits) < count)
        return false;
    cnd_word_t mask = ((cnd_word_t)1 << bits) - 1;
    *at = (wm + mask) & ~mask;
    return true;
}

/* Retypes from entry `index` into the given CNode window; updates the model. */
static struct cnd_result retype(struct cnd_ut_alloc *ut, unsigned index, cnd_word_t type,
                                cnd_word_t size_bits, cnd_word_t count, cnd_cptr_t root,
                                cnd_word_t node_index, cnd_word_t node_depth,
                                cnd_word_t offset, struct cnd_object *out)
{
    struct cnd_ut_entry *e = &ut->entries[index];
    unsigned bits = log2_of(cnd_object_bytes(type, size_bits));
    cnd_word_t at = 0;
    plan(e, bits, count, &at);
    struct cnd_result r = cnd_untyped_retype(e->cptr, root, type, size_bits, node_index,
                                             node_depth, offset, count);
    if (r.error == CND_NOT_ENOUGH_MEMORY && r.detail_len > 0) {
        /* The kernel knows better: resynchronise and never assume a reset. */
        e->watermark = ((cnd_word_t)1 << e->size_bits) - r.detail[0];
        e->unsure = 1;
    }
    if (!cnd_result_ok(r))
        return r;
    e->watermark = at + (count << bits);
    e->live += (uint32_t)count;
    out->cptr = 0;
    out->paddr = e->paddr + at;
    out->count = (uint32_t)count;
    out->untyped = (uint16_t)index;
    out->type = (uint8_t)type;
    out->size_bits = (uint8_t)bits;
    out->generation = e->generation;
    out->own_slots = 0;
    return r;
}

/* The non-device entry where the objects fit with the least room to spare
 * (best fit keeps big untypeds whole for big objects). -1 if none. */
static int best_fit(const struct cnd_ut_alloc *ut, unsigned bits, cnd_word_t count)
{
    int best = -1;
    cnd_word_t best_left = 0;
    for (unsigned i = 0; i < ut->count; i++) {
        const struct cnd_ut_entry *e = &ut->entries[i];
        cnd_word_t at;
        if (e->device || e->split || !plan(e, bits, count, &at))
            continue;
        cnd_word_t left = ((cnd_word_t)1 << e->size_bits) - at - (count << bits);
        if (best < 0 || left < best_left) {
            best = (int)i;
            best_left = left;
        }
    }
    return best;
}

cnd_word_t cnd_ut_free_bytes(const struct cnd_ut_alloc *ut, cnd_word_t *largest)
{
    cnd_word_t total = 0, big = 0;
    for (unsigned i = 0; i < ut->count; i++) {
        const struct cnd_ut_entry *e = &ut->entries[i];
        if (e->device || e->split)
            continue;
        cnd_word_t size = (cnd_word_t)1 << e->size_bits, wm = watermark(e);
        total += size - wm;
        /* The biggest power of two that still fits above the watermark. */
        for (unsigned b = e->size_bits + 1; b-- > 0;) {
            cnd_word_t mask = ((cnd_word_t)1 << b) - 1;
            if (((wm + mask) & ~mask) + ((cnd_word_t)1 << b) <= size) {
                if (((cnd_word_t)1 << b) > big)
                    big = (cnd_word_t)1 << b;
                break;
            }
        }
    }
    if (largest != NULL)
        *largest = big;
    return total;
}

static struct cnd_result check_request(cnd_word_t type, cnd_word_t size_bits, cnd_word_t count)
{
    if (cnd_object_bytes(type, size_bits) == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, cnd_object_info(type) ? 3 : 2,
                             cnd_object_info(type) ? size_bits : type);
    if (count == 0 || count > CND_UNTYPED_RETYPE_MAX_OBJECTS)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 4, count);
    return cnd_ok();
}

static struct cnd_result no_memory(const struct cnd_ut_alloc *ut, cnd_word_t bytes)
{
    cnd_word_t largest;
    cnd_ut_free_bytes(ut, &largest);
    return cnd_lib_error(CND_ERR_NO_MEMORY, bytes, largest);
}

static struct cnd_result alloc_into_unlocked(struct cnd_ut_alloc *ut, cnd_word_t type,
                                             cnd_word_t size_bits, cnd_word_t count,
                                             cnd_cptr_t root, cnd_word_t node_index,
                                             cnd_word_t node_depth, cnd_word_t offset,
                                             struct cnd_object *out)
{
    struct cnd_result r = check_request(type, size_bits, count);
    if (!cnd_result_ok(r))
        return r;
    unsigned bits = log2_of(cnd_object_bytes(type, size_bits));
    int i = best_fit(ut, bits, count);
    if (i < 0)
        return no_memory(ut, count << bits);
    return retype(ut, (unsigned)i, type, size_bits, count, root, node_index, node_depth, offset,
                  out);
}

static struct cnd_result alloc_n_unlocked(struct cnd_ut_alloc *ut, cnd_word_t type,
                                          cnd_word_t size_bits, cnd_word_t count,
                                          struct cnd_object *out)
{
    struct cnd_result r = check_request(type, size_bits, count);
    if (!cnd_result_ok(r))
        return r;
    unsigned bits = log2_of(cnd_object_bytes(type, size_bits));
    /* Check memory before taking slots, so a failure leaves nothing behind. */
    int i = best_fit(ut, bits, count);
    if (i < 0)
        return no_memory(ut, count << bits);
    cnd_cptr_t first = 0;
    r = cnd_cspace_alloc_range(ut->cs, count, &first);
    if (!cnd_result_ok(r))
        return r;
    cnd_word_t index, depth, offset;
    cnd_cspace_node(ut->cs, first, &index, &depth, &offset);
    r = retype(ut, (unsigned)i, type, size_bits, count, ut->cs->root, index, depth, offset, out);
    if (!cnd_result_ok(r)) {
        cnd_cspace_free_range(ut->cs, first, count);
        return r;
    }
    out->cptr = first;
    out->own_slots = 1;
    return r;
}

struct cnd_result cnd_ut_alloc(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_word_t size_bits,
                               struct cnd_object *out)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = alloc_n_unlocked(ut, type, size_bits, 1, out);
    cnd_lock_release(ut->lock);
    return r;
}

/* Splits device entry `index` into two halves; returns the half holding
 * paddr in *half. */
static struct cnd_result split(struct cnd_ut_alloc *ut, unsigned index, cnd_paddr_t paddr,
                               unsigned *half)
{
    if (ut->capacity - ut->count < 2)
        return cnd_lib_error(CND_ERR_TABLE_FULL, ut->capacity, 0);
    struct cnd_ut_entry *e = &ut->entries[index];
    unsigned bits = e->size_bits - 1u;
    /* The halves come from e itself: device memory never mixes with RAM. */
    struct cnd_object halves;
    cnd_cptr_t first = 0;
    struct cnd_result r = cnd_cspace_alloc_range(ut->cs, 2, &first);
    if (!cnd_result_ok(r))
        return r;
    cnd_word_t ni, nd, off;
    cnd_cspace_node(ut->cs, first, &ni, &nd, &off);
    r = retype(ut, index, CND_OBJ_UNTYPED, bits, 2, ut->cs->root, ni, nd, off, &halves);
    if (!cnd_result_ok(r)) {
        cnd_cspace_free_range(ut->cs, first, 2);
        return r;
    }
    halves.cptr = first;
    e = &ut->entries[index];
    e->split = CND_UT_SPLIT;
    for (unsigned k = 0; k < 2; k++) {
        cnd_paddr_t base = e->paddr + ((cnd_paddr_t)k << bits);
        add_unlocked(ut, halves.cptr + k, base, bits, true);
        if (paddr >= base && paddr - base < ((cnd_paddr_t)1 << bits))
            *half = ut->count - 1;
    }
    return cnd_ok();
}

static struct cnd_result alloc_at_unlocked(struct cnd_ut_alloc *ut, cnd_word_t type,
                                           cnd_paddr_t paddr, struct cnd_object *out)
{
    if (type != CND_OBJ_4K_PAGE && type != CND_OBJ_MEGA_PAGE && type != CND_OBJ_GIGA_PAGE)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, type);
    unsigned bits = log2_of(cnd_object_bytes(type, 0));
    cnd_word_t size = (cnd_word_t)1 << bits;
    if (paddr & (size - 1))
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, paddr);
    /* The smallest unsplit device piece covering the frame. */
    int found = -1;
    for (unsigned i = 0; i < ut->count; i++) {
        const struct cnd_ut_entry *e = &ut->entries[i];
        if (!e->device || e->split)
            continue;
        if (paddr < e->paddr || paddr - e->paddr >= ((cnd_word_t)1 << e->size_bits))
            continue;
        if (found < 0 || e->size_bits < ut->entries[found].size_bits)
            found = (int)i;
    }
    if (found < 0)
        return cnd_lib_error(CND_ERR_NO_DEVICE_MEMORY, paddr, size);
    unsigned index = (unsigned)found;
    if (ut->entries[index].size_bits < bits || watermark(&ut->entries[index]) != 0)
        return cnd_lib_error(CND_ERR_IN_USE, paddr, 0);
    while (ut->entries[index].size_bits > bits) {
        struct cnd_result r = split(ut, index, paddr, &index);
        if (!cnd_result_ok(r))
            return r;
    }
    cnd_cptr_t slot = 0;
    struct cnd_result r = cnd_cspace_alloc(ut->cs, &slot);
    if (!cnd_result_ok(r))
        return r;
    cnd_word_t ni, nd, off;
    cnd_cspace_node(ut->cs, slot, &ni, &nd, &off);
    r = retype(ut, index, type, 0, 1, ut->cs->root, ni, nd, off, out);
    if (!cnd_result_ok(r)) {
        cnd_cspace_free(ut->cs, slot);
        return r;
    }
    out->cptr = slot;
    out->own_slots = 1;
    return r;
}

static struct cnd_result free_unlocked(struct cnd_ut_alloc *ut, struct cnd_object *obj)
{
    if (obj->untyped >= ut->count || obj->count == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, obj->untyped);
    struct cnd_ut_entry *e = &ut->entries[obj->untyped];
    if (obj->own_slots) {
        for (uint32_t i = 0; i < obj->count; i++) {
            struct cnd_result r = cnd_cspace_delete(ut->cs, obj->cptr + i);
            if (!cnd_result_ok(r))
                return r;
        }
    }
    if (obj->generation == e->generation)
        e->live -= e->live >= obj->count ? obj->count : e->live;
    obj->count = 0;
    return cnd_ok();
}

static struct cnd_result revoke_unlocked(struct cnd_ut_alloc *ut, unsigned index)
{
    if (index >= ut->count)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, index);
    struct cnd_ut_entry *e = &ut->entries[index];
    struct cnd_result r = cnd_cnode_revoke(ut->cs->root, e->cptr, CND_CSPACE_DEPTH);
    if (!cnd_result_ok(r))
        return r;
    e->live = 0;
    e->watermark = 0;
    e->unsure = 0;
    e->generation++;
    /* Pieces of a split device untyped were its children: gone now, and
     * so are their caps, in slots split() took from ut->cs: give those
     * back (once: a piece already gone had its slot given back then). */
    if (e->split == CND_UT_SPLIT) {
        e->split = 0;
        for (unsigned i = 0; i < ut->count; i++) {
            struct cnd_ut_entry *h = &ut->entries[i];
            if (h->device && i != index && h->size_bits < e->size_bits &&
                h->paddr >= e->paddr && h->paddr - e->paddr < ((cnd_word_t)1 << e->size_bits) &&
                h->split != CND_UT_GONE) {
                h->split = CND_UT_GONE;
                cnd_cspace_free(ut->cs, h->cptr);
            }
        }
    }
    return cnd_ok();
}

/* The public entry points: each holds the allocator's lock (if it has one,
 * see conductor/lock.h) for the whole operation, slots and retype included,
 * so the watermark model and the kernel's untyped never drift apart. */

struct cnd_result cnd_ut_add(struct cnd_ut_alloc *ut, cnd_cptr_t cptr, cnd_paddr_t paddr,
                             unsigned size_bits, bool device)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = add_unlocked(ut, cptr, paddr, size_bits, device);
    cnd_lock_release(ut->lock);
    return r;
}

struct cnd_result cnd_ut_alloc_into(struct cnd_ut_alloc *ut, cnd_word_t type,
                                    cnd_word_t size_bits, cnd_word_t count, cnd_cptr_t root,
                                    cnd_word_t node_index, cnd_word_t node_depth,
                                    cnd_word_t offset, struct cnd_object *out)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = alloc_into_unlocked(ut, type, size_bits, count, root, node_index,
                                              node_depth, offset, out);
    cnd_lock_release(ut->lock);
    return r;
}

struct cnd_result cnd_ut_alloc_n(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_word_t size_bits,
                                 cnd_word_t count, struct cnd_object *out)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = alloc_n_unlocked(ut, type, size_bits, count, out);
    cnd_lock_release(ut->lock);
    return r;
}

struct cnd_result cnd_ut_alloc_at(struct cnd_ut_alloc *ut, cnd_word_t type, cnd_paddr_t paddr,
                                  struct cnd_object *out)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = alloc_at_unlocked(ut, type, paddr, out);
    cnd_lock_release(ut->lock);
    return r;
}

struct cnd_result cnd_ut_free(struct cnd_ut_alloc *ut, struct cnd_object *obj)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = free_unlocked(ut, obj);
    cnd_lock_release(ut->lock);
    return r;
}

struct cnd_result cnd_ut_revoke(struct cnd_ut_alloc *ut, unsigned index)
{
    cnd_lock_acquire(ut->lock);
    struct cnd_result r = revoke_unlocked(ut, index);
    cnd_lock_release(ut->lock);
    return r;
}
