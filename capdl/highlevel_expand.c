/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expansion of the high-level form into the model. A component becomes:
 *
 *   C          tcb (ip = ELF entry, sp = stack top, addr = IPC buffer)
 *   C_cnode    cnode (2^cnode_bits slots; guard so that cptr = slot)
 *   C_vspace   pt (the VSpace root), page tables C_pt1_i / C_pt0_i_j
 *   C_image_k  the ELF's pages, filled from the file (`fill`)
 *   C_stack[n] the stack, a guard page above the image
 *   C_ipc      the IPC buffer, a guard page above the stack
 *
 * with its own TCB, CNode and VSpace caps in slots 1, 2 and 3 of its CNode.
 * Channels, notifications, shared memory and devices add objects, caps
 * (explicit `slot:` first, then the free slots from 4 up, in declaration
 * order) and mappings, each checked for alignment and overlap here, where
 * the place to blame is still known.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <kernel/elf.h>
#include <platform/fdt.h>
#include "highlevel.h"

const char *hl_fmt(struct expander *x, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int n = vsnprintf(NULL, 0, f, ap);
    va_end(ap);
    char *buf = cdl_alloc(&x->m->arena, n > 0 ? (size_t)n + 1 : 1);
    va_start(ap, f);
    vsnprintf(buf, n > 0 ? (size_t)n + 1 : 1, f, ap);
    va_end(ap);
    return buf;
}

uint32_t hl_add(struct expander *x, const char *name, uint8_t type, uint8_t bits,
                struct cdl_loc loc)
{
    uint32_t id = cdl_add_objects(x->m, x->d, name, 0, type, loc, false);
    if (id != CDL_NONE && bits) {
        x->m->objects.v[id].has_size = true;
        x->m->objects.v[id].size_bits = bits;
    }
    return id;
}

struct cdl_capparams *hl_params(struct expander *x, uint8_t rights, struct cdl_loc loc)
{
    struct cdl_capparams *p = cdl_alloc(&x->m->arena, sizeof *p);
    for (unsigned i = 0; i < CDL_NPARAMS; i++)
        p->loc[i] = loc;
    if (rights) {
        p->present |= 1u << CDL_P_RIGHTS;
        p->rights = rights;
    }
    return p;
}

struct cdl_cap hl_cap(uint32_t obj, const struct cdl_capparams *p, struct cdl_loc loc)
{
    return (struct cdl_cap){ .kind = CDL_CAP_OBJ, .obj = obj, .params = p,
                             .rights = p ? p->rights : 0, .loc = loc,
                             .cdt_parent_obj = CDL_NONE };
}

uint32_t hl_comp(struct expander *x, const char *name, struct cdl_loc loc)
{
    uint32_t i = cdl_names_get(&x->comps, name, CDL_NONE);
    if (i == CDL_NONE && hl_is_supervisor(name))
        cdl_error(x->d, loc, "the supervisor can only be a channel's server, a notification's "
                             "signaller or a fault_handler");
    else if (i == CDL_NONE)
        cdl_error(x->d, loc, "unknown component '%s'", name);
    return i;
}

/* ---- Address spaces -------------------------------------------------------------- */

/* Reserves [lo, hi) of a component's address space for `what`. */
bool hl_claim(struct expander *x, uint32_t comp, uint64_t lo, uint64_t size, const char *what,
                  struct cdl_loc loc)
{
    struct hl_comp_state *st = &x->st[comp];
    const char *cname = x->spec->comps.v[comp].name;
    if (lo & (HL_PAGE - 1)) {
        cdl_error(x->d, loc, "address 0x%llx of %s is not 4k aligned", (unsigned long long)lo,
                  what);
        return false;
    }
    if (lo >= HL_USER_TOP || size > HL_USER_TOP - lo) {
        cdl_error(x->d, loc, "%s at 0x%llx does not fit below the user top 0x%llx", what,
                  (unsigned long long)lo, HL_USER_TOP);
        return false;
    }
    uint64_t hi = lo + size;
    for (uint32_t i = 0; i < st->ranges.n; i++) {
        const struct hl_range *r = &st->ranges.v[i];
        if (lo < r->hi && r->lo < hi) {
            cdl_error(x->d, loc, "%s at [0x%llx, 0x%llx) overlaps %s in component '%s'", what,
                      (unsigned long long)lo, (unsigned long long)hi, r->what, cname);
            return false;
        }
    }
    *CDL_PUSH(&x->m->arena, st->ranges) = (struct hl_range){ lo, hi, what };
    return true;
}

/* The table `level` below `parent` that covers va, created when missing. */
static uint32_t table(struct expander *x, uint32_t comp, uint32_t parent, uint64_t slot,
                      const char *name, struct cdl_loc loc)
{
    uint32_t at = cdl_slotmap_get(&x->m->slotmap, parent, slot);
    if (at != CDL_NONE)
        return x->m->objects.v[parent].slots.v[at].cap.obj;
    uint32_t pt = hl_add(x, name, CDL_PT, 0, x->spec->comps.v[comp].loc);
    struct cdl_cap cap = hl_cap(pt, NULL, loc);
    if (pt == CDL_NONE || !cdl_put_cap(x->m, x->d, parent, slot, &cap))
        return CDL_NONE;
    return pt;
}

bool hl_map_page(struct expander *x, uint32_t comp, uint64_t va, uint32_t frame,
                     uint8_t rights, bool xn, struct cdl_loc loc)
{
    const char *c = x->spec->comps.v[comp].name;
    uint64_t i = va >> 30 & 511, j = va >> 21 & 511, k = va >> 12 & 511;
    uint32_t pt1 = table(x, comp, x->st[comp].vspace, i, hl_fmt(x, "%s_pt1_%llu", c,
                         (unsigned long long)i), loc);
    if (pt1 == CDL_NONE)
        return false;
    uint32_t pt0 = table(x, comp, pt1, j, hl_fmt(x, "%s_pt0_%llu_%llu", c, (unsigned long long)i,
                         (unsigned long long)j), loc);
    if (pt0 == CDL_NONE)
        return false;
    struct cdl_capparams *p = hl_params(x, rights, loc);
    if (xn)
        p->present |= 1u << CDL_P_EXECUTE_NEVER;
    struct cdl_cap cap = hl_cap(frame, p, loc);
    return cdl_put_cap(x->m, x->d, pt0, k, &cap);
}

/* ---- Components -------------------------------------------------------------------- */

static bool load_elf(struct expander *x, const struct hl_component *c, const uint8_t **data,
                     size_t *len, struct elf_image *img)
{
    int err = 0;
    *data = cdl_load_file(&x->m->arena, x->opt, x->src, c->elf, len, &err);
    if (!*data) {
        cdl_error(x->d, c->elf_loc, "cannot read '%s': %s", c->elf, strerror(err));
        return false;
    }
    struct elf_error e;
    if (!elf_parse(*data, *len, HL_USER_TOP, img, &e)) {
        cdl_error(x->d, c->elf_loc, "'%s' is not a usable ELF: %s", c->elf, e.message);
        return false;
    }
    return true;
}

/* One ELF page: a frame filled from every segment on it, with their rights. */
static bool image_page(struct expander *x, uint32_t comp, const struct elf_image *img,
                       uint64_t va, uint32_t k)
{
    const struct hl_component *c = &x->spec->comps.v[comp];
    uint32_t f = hl_add(x, hl_fmt(x, "%s_image_%u", c->name, k), CDL_FRAME, 12, c->elf_loc);
    if (f == CDL_NONE)
        return false;
    struct cdl_object *o = &x->m->objects.v[f];
    uint8_t rights = 0;
    for (uint32_t i = 0; i < img->n_segments; i++) {
        const struct elf_segment *s = &img->segments[i];
        if (s->vaddr >= va + HL_PAGE || s->vaddr + s->memsz <= va)
            continue;
        rights |= CDL_R | (s->flags & 2 ? CDL_W : 0) | (s->flags & 1 ? CDL_X : 0);
        uint64_t lo = s->vaddr > va ? s->vaddr : va;
        uint64_t end = s->vaddr + s->filesz;
        uint64_t hi = end < va + HL_PAGE ? end : va + HL_PAGE;
        if (lo >= hi)
            continue;   /* bss: the frame starts zeroed */
        struct cdl_fill *fl = CDL_PUSH(&x->m->arena, o->fills);
        *fl = (struct cdl_fill){ .kind = CDL_FILL_DATA, .dest_off = lo - va, .len = hi - lo,
                                 .file = c->elf, .file_off = s->offset + (lo - s->vaddr),
                                 .loc = c->elf_loc };
    }
    if (!rights)
        rights = CDL_R;   /* a page between segments of the image */
    return hl_map_page(x, comp, va, f, rights, !(rights & CDL_X), c->elf_loc);
}

static void self_cap(struct expander *x, uint32_t comp, uint64_t slot, uint32_t obj,
                     const struct cdl_capparams *p)
{
    struct hl_ref r = { .has_slot = true, .slot = slot };
    hl_give(x, comp, hl_cap(obj, p, x->spec->comps.v[comp].loc), &r);
}

/* devicetree: frames the loader fills from the boot info's device tree
 * (chunk 6, FDT), read-only, at dt_va. Each frame copies its 4k of the tree;
 * the loader copies what the tree has and leaves the rest zero, so a region
 * sized for the largest tree works with smaller ones. */
static bool devicetree(struct expander *x, uint32_t comp)
{
    const struct hl_component *c = &x->spec->comps.v[comp];
    if (x->dtb_blob && x->dtb_size > c->dt_size) {
        cdl_error(x->d, c->dt_loc, "the device tree (--dtb, %zu bytes) does not fit devicetree's "
                                   "%llu bytes: write devicetree: 0x%llx (size: %lluk)",
                  x->dtb_size, (unsigned long long)c->dt_size, (unsigned long long)c->dt_va,
                  (unsigned long long)((x->dtb_size + HL_PAGE - 1) / HL_PAGE * 4));
        return false;
    }
    if (!hl_claim(x, comp, c->dt_va, c->dt_size, "the device tree", c->dt_loc))
        return false;
    /* Frames of their own, not an array: each has a different fill. */
    for (uint64_t off = 0; off < c->dt_size; off += HL_PAGE) {
        uint32_t f = hl_add(x, hl_fmt(x, "%s_devicetree_%llu", c->name,
                                      (unsigned long long)(off / HL_PAGE)), CDL_FRAME, 12, c->dt_loc);
        if (f == CDL_NONE)
            return false;
        struct cdl_fill *fl = CDL_PUSH(&x->m->arena, x->m->objects.v[f].fills);
        *fl = (struct cdl_fill){ .kind = CDL_FILL_BOOTINFO, .len = HL_PAGE, .file_off = off,
                                 .bi_name = "CDL_FrameFill_BootInfo_FDT",
                                 .bi_type = 6 /* FDT */, .loc = c->dt_loc };
        if (!hl_map_page(x, comp, c->dt_va + off, f, CDL_R, true, c->dt_loc))
            return false;
    }
    return true;
}

bool hl_build_component(struct expander *x, uint32_t comp)
{
    const struct hl_component *c = &x->spec->comps.v[comp];
    struct hl_comp_state *st = &x->st[comp];
    const uint8_t *data;
    size_t len;
    struct elf_image img;
    if (!load_elf(x, c, &data, &len, &img))
        return false;
    if (!c->stack || c->stack % HL_PAGE || c->stack > (1ULL << 30)) {
        cdl_error(x->d, c->stack_loc.src ? c->stack_loc : c->loc,
                  "stack size %llu must be a multiple of 4k from 4k to 1G",
                  (unsigned long long)c->stack);
        return false;
    }
    st->tcb = hl_add(x, c->name, CDL_TCB, 0, c->loc);
    st->cnode = hl_add(x, hl_fmt(x, "%s_cnode", c->name), CDL_CNODE, c->cnode_bits, c->loc);
    st->vspace = hl_add(x, hl_fmt(x, "%s_vspace", c->name), CDL_PT, 0, c->loc);
    uint32_t ipc = hl_add(x, hl_fmt(x, "%s_ipc", c->name), CDL_FRAME, 12, c->loc);
    uint32_t n_stack = (uint32_t)(c->stack / HL_PAGE);
    uint32_t stack = cdl_add_objects(x->m, x->d, hl_fmt(x, "%s_stack", c->name), n_stack,
                                     CDL_FRAME, c->loc, true);
    if (st->tcb == CDL_NONE || st->cnode == CDL_NONE || st->vspace == CDL_NONE ||
        ipc == CDL_NONE || stack == CDL_NONE)
        return false;
    for (uint32_t i = 0; i < n_stack; i++) {
        x->m->objects.v[stack + i].has_size = true;
        x->m->objects.v[stack + i].size_bits = 12;
    }
    /* Image, guard page, stack, guard page, IPC buffer. */
    uint64_t stack_lo = img.vend + HL_PAGE, stack_top = stack_lo + c->stack;
    uint64_t ipc_va = stack_top + HL_PAGE;
    if (!hl_claim(x, comp, img.vstart, img.vend - img.vstart, "the ELF image", c->elf_loc) ||
        !hl_claim(x, comp, stack_lo, c->stack, "the stack", c->loc) ||
        !hl_claim(x, comp, ipc_va, HL_PAGE, "the IPC buffer", c->loc))
        return false;
    uint32_t k = 0;
    for (uint64_t va = img.vstart; va < img.vend; va += HL_PAGE)
        if (!image_page(x, comp, &img, va, k++))
            return false;
    for (uint32_t i = 0; i < n_stack; i++)
        if (!hl_map_page(x, comp, stack_lo + i * HL_PAGE, stack + i, CDL_R | CDL_W, true, c->loc))
            return false;
    if (!hl_map_page(x, comp, ipc_va, ipc, CDL_R | CDL_W, true, c->loc) ||
        (c->has_dt && !devicetree(x, comp)))
        return false;

    struct cdl_tcb *t = x->m->objects.v[st->tcb].tcb;
    t->present = 1u << CDL_T_ADDR | 1u << CDL_T_IP | 1u << CDL_T_SP | 1u << CDL_T_PRIO |
                 1u << CDL_T_MAX_PRIO | 1u << CDL_T_AFFINITY;
    t->addr = ipc_va;
    t->ip = img.entry;
    t->sp = stack_top;
    t->prio = c->prio;
    t->max_prio = c->has_max_prio ? c->max_prio : c->prio;
    for (unsigned i = 0; i < CDL_NTCB_PARAMS; i++)
        t->loc[i] = c->loc;
    /* a0..a3 the args, a4..a7 what libconductor-cap's component runtime
     * reads at entry (as cnd_create_process sets them): the IPC buffer, the
     * first free slot (set once the caps are placed), CNode bits | memory
     * bits << 8 (none), the memory's address (none). So
     * conductor_add_component ELFs run. */
    t->present |= 1u << CDL_T_INIT;
    t->n_init = 8;
    t->init = cdl_alloc(&x->m->arena, 8 * sizeof *t->init);
    memset(t->init, 0, 8 * sizeof *t->init);
    memcpy(t->init, c->args, c->n_args * sizeof *t->init);
    t->init[4] = ipc_va;
    t->init[6] = c->cnode_bits;
    struct cdl_capparams *guard = hl_params(x, 0, c->loc);
    guard->present = 1u << CDL_P_GUARD | 1u << CDL_P_GUARD_SIZE;
    guard->guard_size = 64 - c->cnode_bits;
    struct cdl_cap cs = hl_cap(st->cnode, guard, c->loc), vs = hl_cap(st->vspace, NULL, c->loc);
    struct cdl_capparams *rw = hl_params(x, CDL_R | CDL_W, c->loc);
    rw->present |= 1u << CDL_P_EXECUTE_NEVER;
    struct cdl_cap buf = hl_cap(ipc, rw, c->loc);
    if (!cdl_put_cap(x->m, x->d, st->tcb, CDL_TCB_CSPACE, &cs) ||
        !cdl_put_cap(x->m, x->d, st->tcb, CDL_TCB_VSPACE, &vs) ||
        !cdl_put_cap(x->m, x->d, st->tcb, CDL_TCB_IPC_BUFFER, &buf))
        return false;
    self_cap(x, comp, 1, st->tcb, NULL);
    self_cap(x, comp, 2, st->cnode, guard);
    self_cap(x, comp, 3, st->vspace, NULL);
    return true;
}

