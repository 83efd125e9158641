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

struct cnd_result cnd_vspace_add_table(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
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

struct cnd_result cnd_vspace_map(struct cnd_vspace *vs, cnd_cptr_t frame, cnd_vaddr_t vaddr,
                                 cnd_cap_rights_t rights, cnd_vm_attributes_t attr)
{
    /* At most two tables can be missing (1 GiB level, then 2 MiB level). */
    for (int attempt = 0;; attempt++) {
        struct cnd_result r = cnd_page_map(frame, vs->root, vaddr, rights, attr);
        if (attempt == 2 || missing_level(&r) == 0)
            return r;
        struct cnd_result t = cnd_vspace_add_table(vs, vaddr);
        if (!cnd_result_ok(t))
            return t;
    }
}

struct cnd_result cnd_vspace_ensure_tables(struct cnd_vspace *vs, cnd_vaddr_t vaddr)
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

struct cnd_result cnd_vspace_reserve(struct cnd_vspace *vs, cnd_word_t size,
                                     unsigned align_bits, cnd_vaddr_t *vaddr)
{
    if (align_bits < CND_PAGE_BITS)
        align_bits = CND_PAGE_BITS;
    if (size == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, size);
    if (align_bits >= CND_WORD_BITS - 1)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 3, align_bits);
    cnd_word_t pages = (size + CND_PAGE_SIZE - 1) / CND_PAGE_SIZE;
    cnd_word_t bytes = pages * CND_PAGE_SIZE;
    cnd_word_t mask = ((cnd_word_t)1 << align_bits) - 1;
    cnd_vaddr_t start = (vs->next + mask) & ~mask;
    if (start < vs->next || start > vs->end || vs->end - start < bytes)
        return cnd_lib_error(CND_ERR_NO_VSPACE, size, 0);
    vs->next = start + bytes;
    *vaddr = start;
    return cnd_ok();
}

/* In the window, above everything mapped there so far: make the tables now
 * (DeleteFirst means someone else did; cnd_vspace_map copes either way). */
struct cnd_result cnd_vspace_prepare_page(struct cnd_vspace *vs, cnd_vaddr_t va)
{
    if (va < vs->base || va >= vs->end || (va >> CND_LARGE_PAGE_BITS) + 1 <= vs->filled_2m)
        return cnd_ok();
    struct cnd_result r = cnd_ok();
    if ((va >> CND_HUGE_PAGE_BITS) + 1 > vs->filled_1g)
        r = cnd_vspace_add_table(vs, va);
    if (cnd_result_ok(r) || r.error == CND_DELETE_FIRST)
        r = cnd_vspace_add_table(vs, va);
    if (!cnd_result_ok(r) && r.error != CND_DELETE_FIRST)
        return r;
    vs->filled_1g = (va >> CND_HUGE_PAGE_BITS) + 1;
    vs->filled_2m = (va >> CND_LARGE_PAGE_BITS) + 1;
    return cnd_ok();
}

struct cnd_result cnd_vspace_map_new(struct cnd_vspace *vs, cnd_vaddr_t vaddr, cnd_word_t size,
                                     cnd_cap_rights_t rights, cnd_vm_attributes_t attr,
                                     struct cnd_mapping *out)
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
        r = cnd_vspace_prepare_page(vs, va);
        if (cnd_result_ok(r))
            r = cnd_vspace_map(vs, out->frames.cptr + i, va, rights, attr);
        if (!cnd_result_ok(r)) {
            /* Deleting the frame caps also removes the mappings made so far. */
            cnd_ut_free(vs->ut, &out->frames);
            return r;
        }
    }
    out->vaddr = vaddr;
    out->size = pages * CND_PAGE_SIZE;
    return r;
}

struct cnd_result cnd_vspace_alloc(struct cnd_vspace *vs, cnd_word_t size,
                                   struct cnd_mapping *out)
{
    cnd_vaddr_t va = 0;
    struct cnd_result r = cnd_vspace_reserve(vs, size, CND_PAGE_BITS, &va);
    if (!cnd_result_ok(r))
        return r;
    return cnd_vspace_map_new(vs, va, size, CND_READ_WRITE, CND_VM_EXECUTE_NEVER, out);
}

struct cnd_result cnd_vspace_alloc_stack(struct cnd_vspace *vs, cnd_word_t size,
                                         struct cnd_mapping *out)
{
    cnd_vaddr_t va = 0;
    size = (size + CND_PAGE_SIZE - 1) & ~(CND_PAGE_SIZE - 1);
    if (size == 0)
        return cnd_lib_error(CND_ERR_BAD_ARGUMENT, 2, size);
    /* The guard page is reserved but never mapped. */
    struct cnd_result r = cnd_vspace_reserve(vs, size + CND_PAGE_SIZE, CND_PAGE_BITS, &va);
    if (!cnd_result_ok(r))
        return r;
    return cnd_vspace_map_new(vs, va + CND_PAGE_SIZE, size, CND_READ_WRITE,
                              CND_VM_EXECUTE_NEVER, out);
}

struct cnd_result cnd_vspace_alloc_ipc_buffer(struct cnd_vspace *vs, struct cnd_mapping *out)
{
    return cnd_vspace_alloc(vs, CND_PAGE_SIZE, out);
}

struct cnd_result cnd_vspace_free(struct cnd_vspace *vs, struct cnd_mapping *m)
{
    struct cnd_result r = cnd_ut_free(vs->ut, &m->frames);
    if (cnd_result_ok(r))
        m->size = 0;
    return r;
}
