/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The allocation pass: does the spec fit on this board? It replays, for the
 * given device tree, what the kernel does at boot (kernel/boot/boot.c,
 * root_task.c, boot_cspace.c) with the kernel's own range-set code: free
 * memory = RAM - reserved - [RAM base, load address) - kernel - payload -
 * device tree; the loader's objects are carved top-down; the rest becomes
 * the boot untypeds (device regions first, then RAM, as naturally aligned
 * power-of-two blocks, at most 230). Then it places every spec object the
 * way the loader will (FORMAT.md, "Loading"): in the binary spec's order,
 * physical addresses from the untyped that holds them, everything else
 * first-fit in boot-info order, children inside their untyped.
 */
#include <stdlib.h>
#include <string.h>
#include <abi/boot_info.h>
#include <kernel/region.h>
#include <platform/platform_info.h>
#include <capdl/capdl.h>

#define PAGE 4096ULL
#define MEGA (1ULL << 21)
#define GIGA (1ULL << 30)
#define PADDR_TOP 0x3f80000000ULL       /* end of the kernel's physical window */
#define DEVICE_TOP (1ULL << 39)         /* seL4's CONFIG_PADDR_USER_DEVICE_TOP */

/* ---- Creation order --------------------------------------------------------------- */

struct key {
    uint64_t a, b;
    uint32_t id;
};

static int cmp_key(const void *x, const void *y)
{
    const struct key *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->id < q->id ? -1 : p->id > q->id;
}

/* Physical addresses first (ascending), then largest first, then no memory. */
static struct key order_key(const struct cdl_model *m, uint32_t id)
{
    const struct cdl_object *o = &m->objects.v[id];
    if (o->has_paddr)
        return (struct key){ 0, o->paddr, id };
    if (o->mem_bits)
        return (struct key){ 1, 64 - o->mem_bits, id };
    return (struct key){ 2, 0, id };
}

void cdl_alloc_order(const struct cdl_model *m, uint32_t *order)
{
    uint32_t n = m->objects.n;
    struct key *keys = malloc(((size_t)n + 1) * sizeof *keys);
    uint32_t *first = calloc((size_t)n + 2, sizeof *first);
    uint32_t *stack = malloc(((size_t)n + 1) * sizeof *stack);
    if (!keys || !first || !stack) {
        for (uint32_t i = 0; i < n; i++)
            order[i] = i;
        goto out;
    }
    /* Group objects by parent (top level = index n), each group sorted. */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = m->objects.v[i].parent;
        first[(p == CDL_NONE ? n : p) + 1]++;
    }
    for (uint32_t i = 0; i <= n; i++)
        first[i + 1] += first[i];
    uint32_t *at = calloc((size_t)n + 1, sizeof *at);
    if (!at) {
        for (uint32_t i = 0; i < n; i++)
            order[i] = i;
        goto out;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t p = m->objects.v[i].parent;
        p = p == CDL_NONE ? n : p;
        keys[first[p] + at[p]++] = order_key(m, i);
    }
    free(at);
    for (uint32_t g = 0; g <= n; g++)
        if (first[g + 1] - first[g] > 1)
            qsort(keys + first[g], first[g + 1] - first[g], sizeof *keys, cmp_key);
    /* Depth first: each untyped is followed by what it covers. */
    uint32_t k = 0, top = 0;
    for (uint32_t i = first[n + 1]; i > first[n]; i--)
        stack[top++] = keys[i - 1].id;
    while (top && k < n) {
        uint32_t id = stack[--top];
        order[k++] = id;
        for (uint32_t i = first[id + 1]; i > first[id] && top < n; i--)
            stack[top++] = keys[i - 1].id;
    }
    /* Objects in a cover cycle (refused by check) are appended unordered. */
    for (uint32_t i = 0; k < n && i < n; i++) {
        bool seen = false;
        for (uint32_t j = 0; j < k && !seen; j++)
            seen = order[j] == i;
        if (!seen)
            order[k++] = i;
    }
out:
    free(keys);
    free(first);
    free(stack);
}

/* ---- The kernel's boot, replayed ------------------------------------------------------- */

struct ut {
    uint64_t base, wm;   /* watermark: next free byte */
    uint8_t bits;
    bool device;
};

struct boot {
    struct region_list free;
    struct ut uts[CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
    uint32_t n_uts, dropped, first_free_slot;
    uint64_t ram_free;
};

static unsigned block_bits(uint64_t base, uint64_t end)
{
    unsigned bits = 0;
    while (bits < 63 && !(base & (1ULL << bits)))
        bits++;
    while (bits > 0 && (1ULL << bits) > end - base)
        bits--;
    return bits > CND_MAX_UNTYPED_BITS ? CND_MAX_UNTYPED_BITS : bits;
}

static void add_untypeds(struct boot *b, uint64_t base, uint64_t end, bool device)
{
    while (base < end) {
        unsigned bits = block_bits(base, end);
        if (bits >= CND_MIN_UNTYPED_BITS && b->n_uts == CND_MAX_NUM_BOOTINFO_UNTYPED_CAPS) {
            b->dropped++;
        } else if (bits >= CND_MIN_UNTYPED_BITS) {
            b->uts[b->n_uts++] = (struct ut){ base, base, (uint8_t)bits, device };
            if (!device)
                b->ram_free += 1ULL << bits;
        }
        base += 1ULL << bits;
    }
}

static bool take(struct boot *b, uint64_t size, uint64_t align)
{
    uint64_t at;
    return region_list_alloc(&b->free, size, align, &at);
}

/* Boot up to the untypeds; false (reported) if the loader itself cannot boot. */
static bool boot(struct boot *b, const struct platform_info *p, uint64_t dtb_size,
                 const struct cdl_alloc_config *cfg, struct cdl_diag *d)
{
    bool ok = true;
    for (uint32_t i = 0; i < p->n_memory; i++) {
        uint64_t base = p->memory[i].base, end = base + p->memory[i].size;
        if (base < PADDR_TOP)
            ok &= region_list_add(&b->free, base, end < PADDR_TOP ? end : PADDR_TOP);
    }
    /* MEGA is the 2 MiB page: the kernel's default load address is RAM
     * base + 2 MiB (QEMU/OpenSBI), which the boot tests confirm object by
     * object (qemu.capdl.placement). */
    uint64_t load = cfg->load_addr ? cfg->load_addr : p->memory[0].base + MEGA;
    uint64_t kend = load + ((cfg->kernel_size + PAGE - 1) & ~(PAGE - 1));
    uint64_t pend = kend + ((cfg->payload_size + PAGE - 1) & ~(PAGE - 1));
    uint64_t dtb = cfg->dtb_addr;
    if (!dtb) {
        /* Where QEMU puts the tree: just below the end of the first bank or
         * the 3 GiB mark, whichever is lower, 2 MiB aligned. */
        uint64_t end = p->memory[0].base + p->memory[0].size;
        uint64_t top = p->memory[0].base < 3 * GIGA && end > 3 * GIGA ? 3 * GIGA : end;
        dtb = (top - dtb_size) & ~(MEGA - 1);
    }
    for (uint32_t i = 0; i < p->n_reserved; i++)
        ok &= region_list_remove(&b->free, p->reserved[i].base,
                                 p->reserved[i].base + p->reserved[i].size);
    for (uint32_t i = 0; i < p->n_memory; i++)
        if (p->memory[i].base <= load && load < p->memory[i].base + p->memory[i].size)
            ok &= region_list_remove(&b->free, p->memory[i].base, load);
    ok &= region_list_remove(&b->free, load, pend);
    ok &= region_list_remove(&b->free, dtb & ~(PAGE - 1), (dtb + dtb_size + PAGE - 1) & ~(PAGE - 1));

    /* The loader, as root_task.c lays out a root task. */
    uint64_t vstart = cfg->loader_vstart, vend = cfg->loader_vend;
    uint64_t extra_len = sizeof(struct cnd_boot_info_system_control) +
                         sizeof(struct cnd_boot_info_header) + dtb_size;
    uint64_t extra_pages = (extra_len + PAGE - 1) / PAGE, span = PAGE;
    while (span < extra_len)
        span <<= 1;
    uint64_t region_end = vend + 2 * PAGE + span;
    uint64_t cnode = 1ULL << (cfg->root_cnode_bits + 5);
    ok &= take(b, cnode, cnode) && take(b, 1ULL << CND_TCB_BITS, 1ULL << CND_TCB_BITS) &&
          take(b, PAGE, PAGE) && take(b, PAGE, PAGE);
    uint64_t tables = 0;
    for (uint64_t va = vstart & ~(MEGA - 1); ok && va < region_end; va += MEGA) {
        if (va == (vstart & ~(MEGA - 1)) || !(va & (GIGA - 1)))
            ok &= take(b, PAGE, PAGE), tables++;   /* a level-1 table per GiB */
        ok &= take(b, PAGE, PAGE), tables++;       /* a level-0 table per 2 MiB */
    }
    for (uint64_t va = vstart; ok && va < vend; va += PAGE)
        ok &= take(b, PAGE, PAGE);
    ok &= take(b, PAGE, PAGE) && take(b, PAGE, PAGE) && take(b, extra_pages * PAGE, PAGE);
    if (!ok) {
        cdl_error_plain(d, "the loader cannot boot on this device tree: the kernel runs out "
                           "of memory (or ranges) creating its objects");
        return false;
    }
    region_list_add(&b->free, kend, pend);   /* the payload is copied out: free again */

    struct region_list *dev = calloc(1, sizeof *dev);
    if (!dev)
        return false;
    region_list_add(dev, 0, DEVICE_TOP);
    for (uint32_t i = 0; i < p->n_memory; i++)
        region_list_remove(dev, p->memory[i].base, p->memory[i].base + p->memory[i].size);
    if (p->plic.present)
        region_list_remove(dev, p->plic.base, p->plic.base + p->plic.size);
    for (uint32_t i = 0; i < dev->n; i++)
        add_untypeds(b, dev->r[i].base, dev->r[i].end, true);
    free(dev);
    for (uint32_t i = 0; i < b->free.n; i++)
        add_untypeds(b, b->free.r[i].base, b->free.r[i].end, false);
    b->first_free_slot = CND_NUM_CONDUCTOR_INITIAL_CAPS + (uint32_t)tables +
                         (uint32_t)extra_pages + (uint32_t)((vend - vstart) / PAGE) + b->n_uts;
    return true;
}

/* ---- Placing the spec ------------------------------------------------------------------- */

struct placement {
    uint64_t *base;          /* per object: where it went (spec untypeds: their region) */
    uint64_t *wm;            /* per spec untyped: its watermark */
    uint32_t failed, first_failed, devices;
    uint64_t failed_bytes, placed_bytes;
    uint8_t largest;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Finds the boot untyped holding [pa, pa + size); NULL if none. */
static struct ut *untyped_at(struct boot *b, uint64_t pa, uint64_t size)
{
    for (uint32_t i = 0; i < b->n_uts; i++) {
        struct ut *u = &b->uts[i];
        uint64_t end = u->base + (1ULL << u->bits);
        if (u->base <= pa && size <= end - u->base && pa - u->base <= end - u->base - size)
            return u;
    }
    return NULL;
}

static bool place_one(struct boot *b, const struct cdl_model *m, struct placement *pl,
                      uint32_t id, struct cdl_diag *d)
{
    const struct cdl_object *o = &m->objects.v[id];
    uint64_t size = 1ULL << o->mem_bits;
    char a[96], c[96];
    if (o->parent != CDL_NONE && pl->wm[o->parent] == UINT64_MAX) {
        pl->failed++;   /* its untyped found no room (and counts its bytes) */
        if (o->type == CDL_UT)
            pl->wm[id] = UINT64_MAX;
        return true;
    }
    if (o->parent != CDL_NONE) {
        uint64_t lo = pl->base[o->parent], hi = lo + (1ULL << m->objects.v[o->parent].mem_bits);
        uint64_t at = o->has_paddr ? o->paddr : align_up(pl->wm[o->parent], size);
        if (at < pl->wm[o->parent] || at < lo || at > hi || size > hi - at) {
            cdl_error(d, o->has_paddr ? o->paddr_loc : o->loc,
                      "'%s' does not fit in its untyped '%s' at 0x%llx",
                      cdl_obj_label(m, id, a, sizeof a), cdl_obj_label(m, o->parent, c, sizeof c),
                      (unsigned long long)at);
            return false;
        }
        pl->base[id] = at;
        pl->wm[o->parent] = at + size;
    } else if (o->has_paddr) {
        struct ut *u = untyped_at(b, o->paddr, size);
        if (!u) {
            cdl_error(d, o->paddr_loc,
                      "'%s' at paddr 0x%llx is in no untyped the kernel hands out (kernel, "
                      "loader, firmware or PLIC memory, or absent)",
                      cdl_obj_label(m, id, a, sizeof a), (unsigned long long)o->paddr);
            return false;
        }
        if (o->paddr < u->wm) {
            cdl_error(d, o->paddr_loc, "'%s' at paddr 0x%llx overlaps an object placed before it",
                      cdl_obj_label(m, id, a, sizeof a), (unsigned long long)o->paddr);
            return false;
        }
        pl->base[id] = o->paddr;
        u->wm = o->paddr + size;
        pl->devices += u->device;
    } else {
        struct ut *u = NULL;
        for (uint32_t i = 0; !u && i < b->n_uts; i++) {
            struct ut *t = &b->uts[i];
            uint64_t at = align_up(t->wm, size);
            if (!t->device && at >= t->wm && at - t->base <= (1ULL << t->bits) &&
                size <= (1ULL << t->bits) - (at - t->base))
                u = t;
        }
        if (!u) {
            if (!pl->failed)
                pl->first_failed = id;
            pl->failed++;
            pl->failed_bytes += size;
            if (o->type == CDL_UT)
                pl->wm[id] = UINT64_MAX;
            return true;
        }
        pl->base[id] = align_up(u->wm, size);
        u->wm = pl->base[id] + size;
    }
    if (o->parent == CDL_NONE && !o->has_paddr)
        pl->placed_bytes += size;
    if (o->mem_bits > pl->largest && o->parent == CDL_NONE)
        pl->largest = o->mem_bits;
    if (o->type == CDL_UT)
        pl->wm[id] = pl->base[id];
    return true;
}

static void print_size(FILE *out, uint64_t bytes)
{
    if (bytes >= (10ULL << 20))
        fprintf(out, "%llu MiB", (unsigned long long)(bytes >> 20));
    else
        fprintf(out, "%llu KiB", (unsigned long long)((bytes + 1023) >> 10));
}

bool cdl_allocate(const struct cdl_model *m, struct cdl_diag *d, const struct platform_info *plat,
                  uint64_t dtb_size, const struct cdl_alloc_config *cfg, FILE *info)
{
    struct boot *b = calloc(1, sizeof *b);
    uint32_t n = m->objects.n;
    uint32_t *order = malloc(((size_t)n + 1) * sizeof *order);
    struct placement pl = { .base = calloc((size_t)n + 1, sizeof *pl.base),
                            .wm = calloc((size_t)n + 1, sizeof *pl.wm) };
    bool ok = b && order && pl.base && pl.wm && boot(b, plat, dtb_size, cfg, d);
    if (ok) {
        cdl_alloc_order(m, order);
        for (uint32_t i = 0; ok && i < n; i++)
            if (m->objects.v[order[i]].mem_bits)
                ok = place_one(b, m, &pl, order[i], d);
    }
    if (ok && cfg->placement && !pl.failed) {
        /* Where each object goes, for comparison with the loader's own
         * account (tests/capdl/roundtrip.py --placement). */
        for (uint32_t i = 0; i < n; i++) {
            char label[96];
            if (m->objects.v[i].mem_bits)
                fprintf(cfg->placement, "%s 0x%llx\n", cdl_obj_label(m, i, label, sizeof label),
                        (unsigned long long)pl.base[i]);
        }
    }
    uint64_t slots = 1ULL << cfg->root_cnode_bits;
    if (ok && b->first_free_slot + (uint64_t)n + 1 > slots) {
        cdl_error_plain(d, "the loader's root CNode (2^%u slots, the first %u used at boot) "
                           "cannot hold a cap to each of the %u objects: raise root_cnode_bits",
                        cfg->root_cnode_bits, b->first_free_slot, n);
        ok = false;
    }
    uint64_t left = 0, largest = 0;
    for (uint32_t i = 0; b && i < b->n_uts; i++) {
        const struct ut *u = &b->uts[i];
        uint64_t free_bytes = (1ULL << u->bits) - (u->wm - u->base);
        if (!u->device) {
            left += free_bytes;
            largest = free_bytes > largest ? free_bytes : largest;
        }
    }
    if (ok && pl.failed) {
        char a[96];
        const struct cdl_object *f = &m->objects.v[pl.first_failed];
        cdl_error(d, f->loc,
                  "does not fit: %u objects of %llu bytes find no room (the first: '%s', 2^%u "
                  "bytes); the free RAM untypeds hold %llu bytes, the largest free run %llu",
                  pl.failed, (unsigned long long)pl.failed_bytes,
                  cdl_obj_label(m, pl.first_failed, a, sizeof a), f->mem_bits,
                  (unsigned long long)left, (unsigned long long)largest);
        ok = false;
    }
    if (ok && info) {
        uint32_t ram_blocks = 0;
        for (uint32_t i = 0; i < b->n_uts; i++)
            ram_blocks += !b->uts[i].device;
        fprintf(info, "allocation on %s: RAM untypeds ", plat->model[0] ? plat->model : "the board");
        print_size(info, b->ram_free);
        fprintf(info, " in %u blocks (+%u device)%s; root CNode 2^%u slots, first free %u\n",
                ram_blocks, b->n_uts - ram_blocks, b->dropped ? ", some dropped (over 230)" : "",
                cfg->root_cnode_bits, b->first_free_slot);
        fprintf(info, "  spec: %u objects, ", n);
        print_size(info, pl.placed_bytes);
        fprintf(info, " of RAM (largest 2^%u bytes), %u at fixed device addresses\n", pl.largest,
                pl.devices);
        fprintf(info, "  fits: ");
        print_size(info, left);
        fprintf(info, " of RAM untypeds left (largest free run ");
        print_size(info, largest);
        fprintf(info, ")\n");
    }
    free(b);
    free(order);
    free(pl.base);
    free(pl.wm);
    return ok;
}
