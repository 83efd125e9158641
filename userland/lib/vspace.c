/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VSpace helper (see conductor/vspace.h): page tables on demand, driven
 * by the kernel's own FailedLookup answer instead of a shadow copy of the
 * page-table tree, so it stays right even when others map into the same
 * VSpace.
 */
#include <abi/errors.h>
#include <abi/faults.h>
#include <abi/object_types.h>
#include <conductor/cspace.h>
#include <conductor/error.h>
#include <conductor/invocations.h>
#include <conductor/lock.h>
#include <conductor/vspace.h>

void cnd_vspace_init(struct cnd_vspace *vs, cnd_cptr_t root, struct cnd_ut_alloc *ut,
                     cnd_vaddr_t base, cnd_vaddr_t end)
{
    vs->root = root;
    vs->ut = ut;
    vs->base = vs->next = (base + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1);
    vs->end = end & ~(CND_PAGE_SIZE - 1);
    vs->tables = 0;
    vs->filled_1g = vs->filled_2m = 0;
    vs->n_holes = 0;
    vs->lost = 0;
    vs->lock = NULL;
}

/* The level a failed Page_Map lacks: 30 or 21, else 0 (not a missing table). */
static cnd_word_t missing_level(const struct cnd_result *r)
{
    if (r->error != CND_FAILED_LOOKUP || r->detail_len <= CND_MAPPING_LOOKUP_LEVEL)
        return 0;
    if (r->detail[CND_FAILED_LOOKUP_BLOCK + CND_LOOKUP_FAILURE_TYPE] != CND_MISSING_CAPABILITY)
        return 0;
    cnd_word_t left = r->detail[CND_MAPPING_LOOKUP_LEVEL];
    return left == CND_HUGE_PAGE_BITS || left == CND_LARGE_PAGE_BITS ? left : 0;
}

static struct cnd_result add_table_unlocked(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
{
    struct cnd_object pt;
    struct cnd_result r = cnd_ut_alloc(vs->ut, CND_OBJ_PAGE_TABLE, 0, &pt);
    if (!cnd_result_ok(r))
        return r;
    r = cnd_page_table_map(pt.cptr, vs->root, vaddr, CND_VM_DEFAULT_ATTRIBUTES);
    if (!cnd_result_ok(r)) {
        cnd_ut_free(vs->ut, &pt);
        return r;
    }
    vs->tables++;
    return r;
}

static struct cnd_result map_unlocked(struct cnd_vspace *vs, cnd_cptr_t frame,
                                      cnd_vaddr_t vaddr, cnd_cap_rights_t rights,
                                      cnd_vm_attributes_t attr)
{
    /* At most two tables can be missing (1 GiB level, then 2 MiB level). */
    for (int attempt = 0;; attempt++) {
        struct cnd_result r = cnd_page_map(frame, vs->root, vaddr, rights, attr);
        if (attempt == 2 || missing_level(&r) == 0)
            return r;
        struct cnd_result t = add_table_unlocked(vs, vaddr);
        if (!cnd_result_ok(t))
            return t;
    }
}

static struct cnd_result ensure_tables_unlocked(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
{
    /* A table map at an existing level answers DeleteFirst; walk down by
     * mapping until the 2 MiB level exists (the third map is refused). */
    for (int level = 0; level < 2; level++) {
        struct cnd_object pt;
        struct cnd_result r = cnd_ut_alloc(vs->ut, CND_OBJ_PAGE_TABLE, 0, &pt);
        if (!cnd_result_ok(r))
            return r;
        r = cnd_page_table_map(pt.cptr, vs->root, vaddr, CND_VM_DEFAULT_ATTRIBUTES);
        if (!cnd_result_ok(r)) {
            cnd_ut_free(vs->ut, &pt);
            /* DeleteFirst: both levels present already. */
            return r.error == CND_DELETE_FIRST ? cnd_ok() : r;
        }
        vs->tables++;
    }
    return cnd_ok();
}

/*
 * Free virtual ranges. The window is handed out bottom up from vs->next;
 * ranges given back below it are kept as holes (sorted, disjoint, never
 * adjacent: neighbours are merged) and searched first, first fit. A range
 * given back at the top lowers vs->next instead, swallowing a hole that
 * then touches it, so a free-everything workload returns the window to
 * empty. With the hole table full a freed range that merges with nothing
 * is counted in vs->lost and never handed out again (the window is large;
 * losing address space is safer than failing a free).
 */
static void remove_hole(struct cnd_vspace *vs, unsigned i)
{
    for (unsigned k = i + 1; k < vs->n_holes; k++)
        vs->holes[k - 1] = vs->holes[k];
    vs->n_holes--;
}

static bool insert_hole(struct cnd_vspace *vs, unsigned i, cnd_vaddr_t start, cnd_vaddr_t end)
{
    if (vs->n_holes == CND_VSPACE_MAX_HOLES)
        return false;
    for (unsigned k = vs->n_holes; k > i; k--)
        vs->holes[k] = vs->holes[k - 1];
    vs->holes[i].start = start;
    vs->holes[i].end = end;
    vs->n_holes++;
    return true;
}

static struct cnd_result release_unlocked(struct cnd_vspace *vs, cnd_vaddr_t start,
                                          cnd_word_t size)
{
    cnd_vaddr_t end = start + size;
    if (size == 0 || (start | size) & (CND_PAGE_SIZE - 1) || end < start || start < vs->base ||
        end > vs->next)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, start);
    unsigned i = 0; /* the first hole above the range */
    while (i < vs->n_holes && vs->holes[i].start < end)
        i++;
    /* Overlapping a hole means it was freed already (or never handed out). */
    if (i > 0 && vs->holes[i - 1].end > start)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, start);
    if (end == vs->next) {
        vs->next = start;
        if (vs->n_holes > 0 && vs->holes[vs->n_holes - 1].end == vs->next) {
            vs->next = vs->holes[vs->n_holes - 1].start;
            vs->n_holes--;
        }
        return cnd_ok();
    }
    bool below = i > 0 && vs->holes[i - 1].end == start;
    bool above = i < vs->n_holes && vs->holes[i].start == end;
    if (below && above) {
        vs->holes[i - 1].end = vs->holes[i].end;
        remove_hole(vs, i);
    } else if (below) {
        vs->holes[i - 1].end = end;
    } else if (above) {
        vs->holes[i].start = start;
    } else if (!insert_hole(vs, i, start, end)) {
        vs->lost += size;
    }
    return cnd_ok();
}

static struct cnd_result reserve_unlocked(struct cnd_vspace *vs, cnd_word_t size,
                                          unsigned align_bits, cnd_vaddr_t *vaddr)
{
    if (align_bits < CND_PAGE_BITS)
        align_bits = CND_PAGE_BITS;
    if (size == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, size);
    if (align_bits >= CND_WORD_BITS - 1)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, align_bits);
    /* Larger than any window (and rounding it up to pages could wrap). */
    if (size > CND_USER_TOP)
        return cnd_lib_error(CND_ERR_NO_VSPACE, size, 0);
    cnd_word_t pages = (size + CND_PAGE_SIZE - 1) / CND_PAGE_SIZE;
    cnd_word_t bytes = pages * CND_PAGE_SIZE;
    cnd_word_t mask = ((cnd_word_t)1 << align_bits) - 1;
    for (unsigned i = 0; i < vs->n_holes; i++) {
        struct cnd_vspace_hole h = vs->holes[i];
        cnd_vaddr_t start = (h.start + mask) & ~mask;
        if (start < h.start || start > h.end || h.end - start < bytes)
            continue;
        bool before = start > h.start, after = start + bytes < h.end;
        if (before && after) {
            /* Splitting needs a second entry; skip this hole if there is none. */
            if (!insert_hole(vs, i + 1, start + bytes, h.end))
                continue;
            vs->holes[i].end = start;
        } else if (before) {
            vs->holes[i].end = start;
        } else if (after) {
            vs->holes[i].start = start + bytes;
        } else {
            remove_hole(vs, i);
        }
        *vaddr = start;
        return cnd_ok();
    }
    cnd_vaddr_t start = (vs->next + mask) & ~mask;
    if (start < vs->next || start > vs->end || vs->end - start < bytes)
        return cnd_lib_error(CND_ERR_NO_VSPACE, size, 0);
    /* Alignment padding stays usable as a hole (if the table has room). */
    if (start > vs->next && !insert_hole(vs, vs->n_holes, vs->next, start))
        vs->lost += start - vs->next;
    vs->next = start + bytes;
    *vaddr = start;
    return cnd_ok();
}

/* In the window, above everything mapped there so far: make the tables now
 * (DeleteFirst means someone else did; cnd_vspace_map copes either way). */
static struct cnd_result prepare_page_unlocked(struct cnd_vspace *vs, cnd_vaddr_t va)
{
    if (va < vs->base || va >= vs->end || (va >> CND_LARGE_PAGE_BITS) + 1 <= vs->filled_2m)
        return cnd_ok();
    struct cnd_result r = cnd_ok();
    if ((va >> CND_HUGE_PAGE_BITS) + 1 > vs->filled_1g)
        r = add_table_unlocked(vs, va);
    if (cnd_result_ok(r) || r.error == CND_DELETE_FIRST)
        r = add_table_unlocked(vs, va);
    if (!cnd_result_ok(r) && r.error != CND_DELETE_FIRST)
        return r;
    vs->filled_1g = (va >> CND_HUGE_PAGE_BITS) + 1;
    vs->filled_2m = (va >> CND_LARGE_PAGE_BITS) + 1;
    return cnd_ok();
}

static struct cnd_result map_new_unlocked(struct cnd_vspace *vs, cnd_vaddr_t vaddr,
                                          cnd_word_t size, cnd_cap_rights_t rights,
                                          cnd_vm_attributes_t attr, struct cnd_mapping *out)
{
    cnd_word_t pages = (size + CND_PAGE_SIZE - 1) / CND_PAGE_SIZE;
    if (pages == 0 || pages > CND_VSPACE_MAX_PAGES)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, size);
    if (vaddr & (CND_PAGE_SIZE - 1))
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, vaddr);
    struct cnd_result r = cnd_ut_alloc_n(vs->ut, CND_OBJ_4K_PAGE, 0, pages, &out->frames);
    if (!cnd_result_ok(r))
        return r;
    for (cnd_word_t i = 0; i < pages; i++) {
        cnd_vaddr_t va = vaddr + i * CND_PAGE_SIZE;
        r = prepare_page_unlocked(vs, va);
        if (cnd_result_ok(r))
            r = map_unlocked(vs, out->frames.cptr + i, va, rights, attr);
        if (!cnd_result_ok(r)) {
            /* Deleting the frame caps also removes the mappings made so far. */
            cnd_ut_free(vs->ut, &out->frames);
            return r;
        }
    }
    out->vaddr = vaddr;
    out->size = pages * CND_PAGE_SIZE;
    out->range_start = out->range_size = 0; /* the caller chose vaddr: not ours to reuse */
    return r;
}

static struct cnd_result alloc_unlocked(struct cnd_vspace *vs, cnd_word_t size,
                                        struct cnd_mapping *out)
{
    cnd_vaddr_t va = 0;
    struct cnd_result r = reserve_unlocked(vs, size, CND_PAGE_BITS, &va);
    if (!cnd_result_ok(r))
        return r;
    r = map_new_unlocked(vs, va, size, CND_READ_WRITE, CND_VM_EXECUTE_NEVER, out);
    if (!cnd_result_ok(r)) {
        release_unlocked(vs, va, (size + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1));
        return r;
    }
    out->range_start = va;
    out->range_size = out->size;
    return r;
}

static struct cnd_result alloc_stack_unlocked(struct cnd_vspace *vs, cnd_word_t size,
                                              struct cnd_mapping *out)
{
    cnd_vaddr_t va = 0;
    size = (size + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1);
    if (size == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, size);
    /* The guard page is reserved but never mapped. */
    struct cnd_result r = reserve_unlocked(vs, size + CND_PAGE_SIZE, CND_PAGE_BITS, &va);
    if (!cnd_result_ok(r))
        return r;
    r = map_new_unlocked(vs, va + CND_PAGE_SIZE, size, CND_READ_WRITE, CND_VM_EXECUTE_NEVER,
                         out);
    if (!cnd_result_ok(r)) {
        release_unlocked(vs, va, size + CND_PAGE_SIZE);
        return r;
    }
    out->range_start = va;
    out->range_size = size + CND_PAGE_SIZE;
    return r;
}

static struct cnd_result free_unlocked(struct cnd_vspace *vs, struct cnd_mapping *m)
{
    struct cnd_result r = cnd_ut_free(vs->ut, &m->frames);
    if (!cnd_result_ok(r))
        return r;
    m->size = 0;
    /* Only a range the helper reserved for this mapping goes back. */
    if (m->range_size != 0)
        r = release_unlocked(vs, m->range_start, m->range_size);
    m->range_start = m->range_size = 0;
    return r;
}

/* The public entry points: each holds the helper's lock (if it has one, see
 * conductor/lock.h) for the whole operation. */

struct cnd_result cnd_vspace_map(struct cnd_vspace *vs, cnd_cptr_t frame, cnd_vaddr_t vaddr,
                                 cnd_cap_rights_t rights, cnd_vm_attributes_t attr)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = map_unlocked(vs, frame, vaddr, rights, attr);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_add_table(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = add_table_unlocked(vs, vaddr);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_prepare_page(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = prepare_page_unlocked(vs, vaddr);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_ensure_tables(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = ensure_tables_unlocked(vs, vaddr);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_reserve(struct cnd_vspace *vs, cnd_word_t size,
                                     unsigned align_bits, cnd_vaddr_t *vaddr)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = reserve_unlocked(vs, size, align_bits, vaddr);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_release(struct cnd_vspace *vs, cnd_vaddr_t vaddr, cnd_word_t size)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = release_unlocked(vs, vaddr, size);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_map_new(struct cnd_vspace *vs, cnd_vaddr_t vaddr, cnd_word_t size,
                                     cnd_cap_rights_t rights, cnd_vm_attributes_t attr,
                                     struct cnd_mapping *out)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = map_new_unlocked(vs, vaddr, size, rights, attr, out);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_alloc(struct cnd_vspace *vs, cnd_word_t size,
                                   struct cnd_mapping *out)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = alloc_unlocked(vs, size, out);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_alloc_stack(struct cnd_vspace *vs, cnd_word_t size,
                                         struct cnd_mapping *out)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = alloc_stack_unlocked(vs, size, out);
    cnd_lock_release(vs->lock);
    return r;
}

struct cnd_result cnd_vspace_alloc_ipc_buffer(struct cnd_vspace *vs, struct cnd_mapping *out)
{
    return cnd_vspace_alloc(vs, CND_PAGE_SIZE, out);
}

struct cnd_result cnd_vspace_free(struct cnd_vspace *vs, struct cnd_mapping *m)
{
    cnd_lock_acquire(vs->lock);
    struct cnd_result r = free_unlocked(vs, m);
    cnd_lock_release(vs->lock);
    return r;
}
