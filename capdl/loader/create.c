/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Creating the spec's objects (FORMAT.md, "Loading", step 2). Placement
 * follows the compiler's allocation check (capdl/alloc.c) rule for rule, so
 * a spec that passed `--dtb` for this board fits here:
 *   - a child of a spec untyped: retyped from that untyped's cap;
 *   - a fixed physical address: from the boot untyped holding it, after
 *     filler untypeds have taken the memory below it (the kernel places an
 *     object at its untyped's watermark rounded up to the object's size);
 *   - anything else: the first RAM boot untyped, in boot-info order, with
 *     room at its aligned watermark.
 * The loader models every watermark itself, so it knows each object's
 * physical address without asking the kernel.
 */
#include "loader.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

bool ld_init_untypeds(struct loader *ld)
{
    const struct cnd_boot_info *bi = ld->bi;
    size_t n = cnd_bootinfo_untyped_count(bi);
    for (size_t i = 0; i < n && ld->n_uts < LD_MAX_UNTYPEDS; i++) {
        cnd_cptr_t cptr;
        const struct cnd_untyped_desc *d = cnd_bootinfo_untyped(bi, i, &cptr);
        struct ld_untyped *u = &ld->uts[ld->n_uts++];
        *u = (struct ld_untyped){ .cptr = cptr, .base = d->paddr, .wm = d->paddr,
                                  .bits = d->size_bits, .device = d->is_device != 0 };
        if (!u->device)
            ld->ram_total += 1ULL << d->size_bits;
    }
    return true;
}

/* One object of `type` into a fresh slot of the loader's CNode. */
static bool retype(struct loader *ld, cnd_cptr_t ut, uint8_t type, uint8_t size_bits,
                   cnd_cptr_t *slot, uint32_t obj)
{
    if (!ld_alloc_slot(ld, slot))
        return false;
    struct cnd_result r = cnd_untyped_retype(ut, CND_CAP_INIT_THREAD_CNODE, type, size_bits, 0, 0,
                                             *slot, 1);
    if (obj == CDLB_NONE)
        return ld_ok(r, "retyping a loader-own %s (size_bits %u)", ld_type_name(type), size_bits);
    return ld_ok(r, "creating %s '%s'", ld_type_name(type), ld_name(ld, obj));
}

/* Retypes filler untypeds from *wm up to `to`, each the largest naturally
 * aligned block that fits, so that the next object lands exactly at `to`. */
static bool fill_gap(struct loader *ld, cnd_cptr_t ut, uint64_t *wm, uint64_t to)
{
    while (*wm < to) {
        unsigned b = 4;
        while (b < 38 && (*wm & ((2ULL << b) - 1)) == 0 && *wm + (2ULL << b) <= to)
            b++;
        cnd_cptr_t slot;
        if (!retype(ld, ut, CDLB_OBJ_UNTYPED, (uint8_t)b, &slot, CDLB_NONE))
            return false;
        *wm += 1ULL << b;
    }
    return true;
}

/* Makes object i from untyped cap `ut` (watermark *wm) at address `at`. */
static bool make_at(struct loader *ld, uint32_t i, const struct cdlb_object *o, cnd_cptr_t ut,
                    uint64_t *wm, uint64_t at)
{
    if (!fill_gap(ld, ut, wm, at))
        return false;
    uint8_t type = o->type == CDLB_OBJ_ASID_POOL ? CDLB_OBJ_UNTYPED : o->type;
    uint8_t bits = o->type == CDLB_OBJ_ASID_POOL ? 12 : o->size_bits;
    cnd_cptr_t slot;
    if (!retype(ld, ut, type, bits, &slot, i))
        return false;
    *wm = at + (1ULL << o->mem_bits);
    ld_paddr[i] = at;
    ld_wm[i] = at;
    if (o->type == CDLB_OBJ_ASID_POOL) {
        /* ASIDControl_MakePool turns the 4 KiB untyped into the pool. */
        cnd_cptr_t pool;
        if (!ld_alloc_slot(ld, &pool))
            return false;
        struct cnd_result r = cnd_asid_control_make_pool(CND_CAP_ASID_CONTROL, slot,
                                                         CND_CAP_INIT_THREAD_CNODE, pool, 64);
        if (!ld_ok(r, "making ASID pool '%s'", ld_name(ld, i)))
            return false;
        slot = pool;
    }
    ld_cap[i] = slot;
    if (o->type == CDLB_OBJ_FRAME_4K || o->type == CDLB_OBJ_FRAME_2M ||
        o->type == CDLB_OBJ_FRAME_1G) {
        /* The model of the watermarks is what puts device frames at their
         * addresses: check it against the kernel wherever it can tell. */
        cnd_word_t pa = 0;
        if (!ld_ok(cnd_page_get_address(slot, &pa), "asking the address of '%s'", ld_name(ld, i)))
            return false;
        if (pa != at) {
            cnd_printf("capdl-loader: internal error: '%s' is at 0x%llx, the loader expected "
                       "0x%llx\n", ld_name(ld, i), (unsigned long long)pa,
                       (unsigned long long)at);
            return false;
        }
    }
    return true;
}

/* The out-of-memory report: which object found no room, and how many bytes
 * the objects still to create lack in total. */
static void report_no_room(struct loader *ld, uint32_t first)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, first, &o);
    uint64_t need = 0, free_bytes = 0, largest = 0;
    uint32_t count = 0;
    for (uint32_t i = first; i < ld->n_objects; i++) {
        struct cdlb_object x;
        cdlb_object_at(&ld->v, i, &x);
        if (x.parent == CDLB_NONE && !(x.flags & CDLB_OBJ_HAS_PADDR) && x.mem_bits) {
            need += 1ULL << x.mem_bits;
            count++;
        }
    }
    for (uint32_t u = 0; u < ld->n_uts; u++) {
        const struct ld_untyped *t = &ld->uts[u];
        if (t->device)
            continue;
        uint64_t left = t->base + (1ULL << t->bits) - t->wm;
        free_bytes += left;
        largest = left > largest ? left : largest;
    }
    cnd_printf("capdl-loader: not enough memory: %s '%s' (%llu bytes) finds no room in the "
               "boot untypeds (largest free run %llu bytes)\n",
               ld_type_name(o.type), ld_name(ld, first), (unsigned long long)(1ULL << o.mem_bits),
               (unsigned long long)largest);
    if (need > free_bytes)
        cnd_printf("capdl-loader: the %u objects still to create need %llu bytes, %llu are free: "
                   "%llu bytes missing\n",
                   count, (unsigned long long)need, (unsigned long long)free_bytes,
                   (unsigned long long)(need - free_bytes));
    else
        cnd_printf("capdl-loader: the %u objects still to create need %llu bytes and %llu are "
                   "free, but not in runs large enough: free memory is fragmented\n",
                   count, (unsigned long long)need, (unsigned long long)free_bytes);
}

static bool create_one(struct loader *ld, uint32_t i)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, i, &o);
    uint64_t size = 1ULL << o.mem_bits;
    if (o.type == CDLB_OBJ_IRQ) {
        struct cdlb_irq q;
        cdlb_irq_at(&ld->v, o.extra, &q);
        cnd_cptr_t slot;
        if (!ld_alloc_slot(ld, &slot))
            return false;
        struct cnd_result r = cnd_irq_control_get(CND_CAP_IRQ_CONTROL, CND_CAP_INIT_THREAD_CNODE,
                                                  q.number, slot, 64);
        if (!ld_ok(r, "getting IRQ %llu for '%s'", (unsigned long long)q.number, ld_name(ld, i)))
            return false;
        ld_cap[i] = slot;
        return true;
    }
    if (o.parent != CDLB_NONE) {
        /* The checker guarantees the parent is an earlier untyped. */
        uint64_t lo = ld_paddr[o.parent];
        struct cdlb_object p;
        cdlb_object_at(&ld->v, o.parent, &p);
        uint64_t hi = lo + (1ULL << p.mem_bits);
        uint64_t at = (o.flags & CDLB_OBJ_HAS_PADDR) ? o.paddr : align_up(ld_wm[o.parent], size);
        if (at < ld_wm[o.parent] || at > hi || size > hi - at) {
            cnd_printf("capdl-loader: %s '%s' (%llu bytes) does not fit in its untyped '%s' at "
                       "0x%llx (untyped [0x%llx, 0x%llx), used up to 0x%llx)\n",
                       ld_type_name(o.type), ld_name(ld, i), (unsigned long long)size,
                       ld_name(ld, o.parent), (unsigned long long)at, (unsigned long long)lo,
                       (unsigned long long)hi, (unsigned long long)ld_wm[o.parent]);
            return false;
        }
        return make_at(ld, i, &o, ld_cap[o.parent], &ld_wm[o.parent], at);
    }
    if (o.flags & CDLB_OBJ_HAS_PADDR) {
        for (uint32_t u = 0; u < ld->n_uts; u++) {
            struct ld_untyped *t = &ld->uts[u];
            uint64_t end = t->base + (1ULL << t->bits);
            if (o.paddr < t->base || o.paddr >= end || size > end - o.paddr)
                continue;
            if (o.paddr < t->wm) {
                cnd_printf("capdl-loader: %s '%s' at 0x%llx: that memory is taken by an object "
                           "created before it\n", ld_type_name(o.type), ld_name(ld, i),
                           (unsigned long long)o.paddr);
                return false;
            }
            if (!t->device)
                ld->ram_used += size + (o.paddr - t->wm);
            return make_at(ld, i, &o, t->cptr, &t->wm, o.paddr);
        }
        cnd_printf("capdl-loader: %s '%s' at 0x%llx (%llu bytes): no boot untyped covers it (kernel, "
                   "loader or firmware memory, or no such memory on this machine)\n",
                   ld_type_name(o.type), ld_name(ld, i), (unsigned long long)o.paddr,
                   (unsigned long long)size);
        return false;
    }
    for (uint32_t u = 0; u < ld->n_uts; u++) {
        struct ld_untyped *t = &ld->uts[u];
        uint64_t at = align_up(t->wm, size), end = t->base + (1ULL << t->bits);
        if (t->device || at < t->wm || at > end || size > end - at)
            continue;
        ld->ram_used += size + (at - t->wm);
        return make_at(ld, i, &o, t->cptr, &t->wm, at);
    }
    report_no_room(ld, i);
    return false;
}

bool ld_create_objects(struct loader *ld)
{
    for (uint32_t i = 0; i < ld->n_objects; i++) {
        struct cdlb_object o;
        cdlb_object_at(&ld->v, i, &o);
        if (!o.mem_bits && o.type != CDLB_OBJ_IRQ) {
            cnd_printf("capdl-loader: object '%s' has no memory size\n", ld_name(ld, i));
            return false;
        }
        if (!create_one(ld, i))
            return false;
    }
    return true;
}

bool ld_create_extra(struct loader *ld, uint8_t type, uint8_t size_bits, uint8_t mem_bits,
                     cnd_cptr_t *slot)
{
    uint64_t size = 1ULL << mem_bits;
    for (uint32_t u = 0; u < ld->n_uts; u++) {
        struct ld_untyped *t = &ld->uts[u];
        uint64_t at = align_up(t->wm, size), end = t->base + (1ULL << t->bits);
        if (t->device || at < t->wm || at > end || size > end - at)
            continue;
        if (!fill_gap(ld, t->cptr, &t->wm, at) ||
            !retype(ld, t->cptr, type, size_bits, slot, CDLB_NONE))
            return false;
        t->wm = at + size;
        ld->ram_used += size;
        return true;
    }
    cnd_printf("capdl-loader: no memory left for the loader's own %s (%llu bytes)\n",
               ld_type_name(type), (unsigned long long)size);
    return false;
}
