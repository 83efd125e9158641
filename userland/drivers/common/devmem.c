/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Device frames, DMA buffers and their mappings (see devmem.h). The splitting
 * relies on two properties of Untyped_Retype: a fresh untyped allocates from
 * its base, and successive retypes allocate at increasing addresses. Every
 * piece we split is fresh (a boot untyped we have not touched, or a half we
 * just made), so the two halves land at base and base + half.
 */
#include "devmem.h"

#define PAGE_SIZE (1ULL << CND_PAGE_BITS)
#define DEPTH 64

void devmem_init(struct devmem *dm, const struct drv_env *env, const struct cnd_boot_info *bi,
                 cnd_word_t va_base, cnd_word_t va_size)
{
    dm->env = *env;
    dm->bi = bi;
    dm->va_next = va_base;
    dm->va_end = va_base + va_size;
    dm->n = 0;
}

static bool contains(uint64_t base, unsigned bits, uint64_t paddr)
{
    return paddr >= base && paddr - base < (1ULL << bits);
}

static struct devmem_piece *add_piece(struct devmem *dm, cnd_cptr_t cap, uint64_t paddr,
                                      unsigned bits)
{
    if (dm->n == DEVMEM_MAX_PIECES)
        return 0;
    struct devmem_piece *p = &dm->pieces[dm->n++];
    p->cap = cap;
    p->paddr = paddr;
    p->bits = (uint8_t)bits;
    p->consumed = false;
    return p;
}

/* The smallest free piece holding paddr, adopting the boot device untyped
 * that covers it the first time that region is asked for. */
static struct devmem_piece *find_piece(struct devmem *dm, uint64_t paddr)
{
    struct devmem_piece *best = 0;
    bool known = false;
    for (unsigned i = 0; i < dm->n; i++) {
        struct devmem_piece *p = &dm->pieces[i];
        if (!contains(p->paddr, p->bits, paddr))
            continue;
        known = true;
        if (!p->consumed && (!best || p->bits < best->bits))
            best = p;
    }
    if (best || known)
        return best;
    const struct cnd_boot_info *bi = dm->bi;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (d->is_device && contains(d->paddr, d->size_bits, paddr))
            return add_piece(dm, s, d->paddr, d->size_bits);
    }
    return 0;
}

static cnd_cptr_t retype_one(struct devmem *dm, cnd_cptr_t ut, cnd_word_t type, cnd_word_t bits)
{
    cnd_cptr_t slot = dm->env.alloc_slot();
    struct cnd_result r = cnd_untyped_retype(ut, dm->env.cnode, type, bits, 0, 0, slot, 1);
    return cnd_result_ok(r) ? slot : 0;
}

cnd_cptr_t devmem_device_frame(struct devmem *dm, uint64_t paddr)
{
    paddr &= ~(PAGE_SIZE - 1);
    struct devmem_piece *p = find_piece(dm, paddr);
    if (!p)
        return 0;
    while (p->bits > CND_PAGE_BITS) {
        unsigned half = p->bits - 1u;
        cnd_cptr_t lo = retype_one(dm, p->cap, CND_OBJ_UNTYPED, half);
        cnd_cptr_t hi = lo ? retype_one(dm, p->cap, CND_OBJ_UNTYPED, half) : 0;
        if (!hi)
            return 0;
        p->consumed = true;
        uint64_t base = p->paddr;
        struct devmem_piece *plo = add_piece(dm, lo, base, half);
        struct devmem_piece *phi = add_piece(dm, hi, base + (1ULL << half), half);
        if (!plo || !phi)
            return 0;
        p = contains(plo->paddr, half, paddr) ? plo : phi;
    }
    cnd_cptr_t frame = retype_one(dm, p->cap, CND_OBJ_4K_PAGE, 0);
    if (frame)
        p->consumed = true;
    return frame;
}

void *devmem_map_frame(struct devmem *dm, cnd_cptr_t frame)
{
    if (dm->va_next >= dm->va_end)
        return 0;
    cnd_word_t va = dm->va_next;
    /* At most three tries: the missing level-1 table, the missing level-0
     * table, then the page itself. */
    for (int attempt = 0; attempt < 3; attempt++) {
        struct cnd_result r = cnd_page_map(frame, dm->env.vspace, va, CND_READ_WRITE,
                                           CND_VM_EXECUTE_NEVER);
        if (cnd_result_ok(r)) {
            dm->va_next += PAGE_SIZE;
            return (void *)va;
        }
        if (r.error != CND_FAILED_LOOKUP)
            return 0;
        cnd_cptr_t pt = dm->env.make_object(CND_OBJ_PAGE_TABLE, 0);
        if (!pt || !cnd_result_ok(cnd_page_table_map(pt, dm->env.vspace, va,
                                                      CND_VM_DEFAULT_ATTRIBUTES)))
            return 0;
    }
    return 0;
}

volatile void *devmem_map_device(struct devmem *dm, uint64_t paddr, uint64_t size)
{
    uint64_t first = paddr & ~(PAGE_SIZE - 1);
    uint64_t end = (paddr + (size ? size : 1) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    uint8_t *va = 0;
    for (uint64_t pa = first; pa < end; pa += PAGE_SIZE) {
        cnd_cptr_t frame = devmem_device_frame(dm, pa);
        uint8_t *v = frame ? devmem_map_frame(dm, frame) : 0;
        if (!v)
            return 0;
        if (!va)
            va = v;
    }
    return va + (paddr - first);
}

bool devmem_dma_alloc(struct devmem *dm, unsigned pages, void **va, uint64_t *pa)
{
    unsigned bits = CND_PAGE_BITS;
    while ((1ULL << (bits - CND_PAGE_BITS)) < pages)
        bits++;
    cnd_cptr_t ut = dm->env.make_object(CND_OBJ_UNTYPED, bits);
    if (!ut)
        return false;
    uint64_t first_pa = 0;
    for (unsigned i = 0; i < pages; i++) {
        cnd_cptr_t frame = retype_one(dm, ut, CND_OBJ_4K_PAGE, 0);
        cnd_word_t frame_pa;
        if (!frame || !cnd_result_ok(cnd_page_get_address(frame, &frame_pa)))
            return false;
        if (i == 0)
            first_pa = frame_pa;
        else if (frame_pa != first_pa + i * PAGE_SIZE)
            return false;   /* not contiguous after all: refuse */
        void *v = devmem_map_frame(dm, frame);
        if (!v)
            return false;
        if (i == 0)
            *va = v;
    }
    /* Fresh frames come zeroed from the kernel; clear anyway, so a reused
     * untyped could not leak old contents into device-visible memory. */
    volatile uint64_t *w = *va;
    for (uint64_t i = 0; i < pages * PAGE_SIZE / 8; i++)
        w[i] = 0;
    *pa = first_pa;
    return true;
}
