/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checks that need the whole model: VSpaces (each page table at one level of
 * one VSpace, frames of the size the level maps, nothing at or above the
 * user top), untyped covers (sizes, no cycles), IRQ numbers and the cdt.
 * Page-table levels and untyped sizes derived here are used by alloc, emit
 * and the authority analysis.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"

/* Bits of address one slot of a page table at each Sv39 level maps. */
static const unsigned level_shift[3] = { 12, 21, 30 };

struct walk {
    uint32_t pt;
    uint64_t base;
};

static void walk_vspace(struct cdl_checker *c, uint32_t root, struct walk *stack)
{
    struct cdl_model *m = c->m;
    char a[96], b[96], sz[32];
    uint32_t top = 0;
    stack[top++] = (struct walk){ root, 0 };
    while (top) {
        struct walk w = stack[--top];
        struct cdl_object *pt = &m->objects.v[w.pt];
        unsigned shift = level_shift[pt->level];
        for (uint32_t i = 0; i < pt->slots.n; i++) {
            const struct cdl_slot *s = &pt->slots.v[i];
            if (s->cap.kind != CDL_CAP_OBJ || s->index >= 512)
                continue;
            uint64_t va = w.base + (s->index << shift);
            struct cdl_object *t = &m->objects.v[s->cap.obj];
            if (va + (1ULL << shift) > CDL_USER_TOP) {
                cdl_error(c->d, s->cap.loc,
                          "slot %llu of '%s' maps 0x%llx: user addresses end at 0x%llx",
                          (unsigned long long)s->index, cdl_obj_label(m, w.pt, a, sizeof a),
                          (unsigned long long)va, CDL_USER_TOP);
                continue;
            }
            if (t->type == CDL_FRAME) {
                if (t->size_bits != shift)
                    cdl_error(c->d, s->cap.loc,
                              "a %s frame cannot be mapped in slot %llu of '%s' (a level-%d "
                              "table maps %s there)",
                              cdl_size_text(t->size_bits, sz, sizeof sz),
                              (unsigned long long)s->index, cdl_obj_label(m, w.pt, a, sizeof a),
                              pt->level, cdl_size_text(shift, b, sizeof b));
                continue;
            }
            if (t->type != CDL_PT)
                continue;
            if (pt->level == 0) {
                cdl_error(c->d, s->cap.loc,
                          "level-0 page table '%s' cannot hold page table '%s' (Sv39 has 3 levels)",
                          cdl_obj_label(m, w.pt, a, sizeof a),
                          cdl_obj_label(m, s->cap.obj, b, sizeof b));
                continue;
            }
            if (t->level >= 0) {
                const char *where = t->vspace == CDL_NONE ? "?" : t->level == 2
                                    ? "as a VSpace root" : "in another table";
                cdl_error(c->d, s->cap.loc, "page table '%s' is mapped twice (also %s)",
                          cdl_obj_label(m, s->cap.obj, a, sizeof a), where);
                continue;
            }
            t->level = (int8_t)(pt->level - 1);
            t->vspace = root;
            t->vaddr = va;
            stack[top++] = (struct walk){ s->cap.obj, va };
        }
    }
}

void cdl_check_vspaces(struct cdl_checker *c)
{
    struct cdl_model *m = c->m;
    char a[96];
    /* Roots: the vspace of a TCB or an entry of an ASID pool (shared roots
     * are fine: threads of one process share a VSpace). */
    for (uint32_t i = 0; i < m->objects.n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        for (uint32_t s = 0; s < o->slots.n; s++) {
            const struct cdl_slot *sl = &o->slots.v[s];
            bool root = (o->type == CDL_TCB && sl->index == CDL_TCB_VSPACE) ||
                        o->type == CDL_ASID_POOL;
            if (!root || sl->cap.kind != CDL_CAP_OBJ || m->objects.v[sl->cap.obj].type != CDL_PT)
                continue;
            struct cdl_object *pt = &m->objects.v[sl->cap.obj];
            pt->level = 2;
            pt->vspace = sl->cap.obj;
        }
    }
    /* Depth first with an explicit stack: at most 1 + 512 + 512 entries. */
    struct walk *stack = malloc(1100 * sizeof *stack);
    if (!stack)
        return;
    for (uint32_t i = 0; i < m->objects.n; i++)
        if (m->objects.v[i].type == CDL_PT && m->objects.v[i].level == 2 &&
            m->objects.v[i].vspace == i)
            walk_vspace(c, i, stack);
    free(stack);
    for (uint32_t i = 0; i < m->objects.n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        if (o->type == CDL_PT && o->level < 0 && o->slots.n)
            cdl_warning(c->d, o->loc, "page table '%s' is in no VSpace: its mappings are not made",
                        cdl_obj_label(m, i, a, sizeof a));
    }
}

static unsigned ceil_log2(uint64_t v)
{
    unsigned b = 0;
    while (b < 64 && (1ULL << b) < v)
        b++;
    return b;
}

/* Depth of each object in the cover forest (0 = not covered), or false
 * after reporting an untyped that covers itself. Iterative: a spec may nest
 * untypeds far deeper than the stack would like. */
static bool cover_depths(struct cdl_checker *c, uint32_t *depth, uint32_t *path)
{
    struct cdl_model *m = c->m;
    const uint32_t unknown = UINT32_MAX, busy = UINT32_MAX - 1;
    for (uint32_t i = 0; i < m->objects.n; i++)
        depth[i] = unknown;
    for (uint32_t i = 0; i < m->objects.n; i++) {
        uint32_t n = 0, at = i;
        while (at != CDL_NONE && depth[at] == unknown) {
            depth[at] = busy;
            path[n++] = at;
            at = m->objects.v[at].parent;
        }
        if (at != CDL_NONE && depth[at] == busy) {
            char a[96];
            cdl_error(c->d, m->objects.v[at].loc, "untyped '%s' covers itself",
                      cdl_obj_label(m, at, a, sizeof a));
            return false;
        }
        uint32_t d = at == CDL_NONE ? 0 : depth[at] + 1;
        while (n)
            depth[path[--n]] = d++;
    }
    return true;
}

struct by_depth {
    uint32_t depth, id;
};

static int deeper_first(const void *a, const void *b)
{
    const struct by_depth *x = a, *y = b;
    if (x->depth != y->depth)
        return x->depth > y->depth ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

void cdl_check_untypeds(struct cdl_checker *c)
{
    struct cdl_model *m = c->m;
    uint32_t n = m->objects.n;
    uint32_t *depth = malloc(((size_t)n + 1) * sizeof *depth);
    uint32_t *tmp = malloc(((size_t)n + 1) * sizeof *tmp);
    struct by_depth *uts = malloc(((size_t)n + 1) * sizeof *uts);
    uint64_t *need = calloc((size_t)n + 1, sizeof *need);
    char a[96];
    if (!depth || !tmp || !uts || !need || !cover_depths(c, depth, tmp))
        goto out;
    /* Children before their untyped: deepest first. Objects are powers of
     * two, so the sum of the children, rounded up, is what fits them all. */
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (m->objects.v[i].type == CDL_UT)
            uts[k++] = (struct by_depth){ depth[i], i };
    qsort(uts, k, sizeof *uts, deeper_first);
    for (uint32_t j = 0; j < n; j++) {
        const struct cdl_object *o = &m->objects.v[j];
        if (o->parent != CDL_NONE && o->type != CDL_UT && o->mem_bits)
            need[o->parent] += 1ULL << o->mem_bits;
    }
    for (uint32_t j = 0; j < k; j++) {
        uint32_t i = uts[j].id;
        struct cdl_object *u = &m->objects.v[i];
        if (u->has_size && u->size_bits < 64 && need[i] > (1ULL << u->size_bits)) {
            cdl_error(c->d, u->size_loc,
                      "untyped '%s' (2^%u bytes) is too small for what it covers (%llu bytes)",
                      cdl_obj_label(m, i, a, sizeof a), u->size_bits, (unsigned long long)need[i]);
        } else if (!u->has_size) {
            if (!need[i])
                cdl_error(c->d, u->loc, "untyped '%s' needs a size: ut (N bits)",
                          cdl_obj_label(m, i, a, sizeof a));
            else if (ceil_log2(need[i]) > 38)
                cdl_error(c->d, u->loc, "untyped '%s' would need %llu bytes (at most 2^38)",
                          cdl_obj_label(m, i, a, sizeof a), (unsigned long long)need[i]);
            else
                u->mem_bits = (uint8_t)(ceil_log2(need[i]) < 4 ? 4 : ceil_log2(need[i]));
        }
        if (u->parent != CDL_NONE && u->mem_bits)
            need[u->parent] += 1ULL << u->mem_bits;
    }
out:
    free(depth);
    free(tmp);
    free(uts);
    free(need);
}

void cdl_check_irqs(struct cdl_checker *c)
{
    struct cdl_model *m = c->m;
    char a[96];
    uint32_t max = c->plat && c->plat->plic.present ? c->plat->plic.ndev : 1023;
    uint64_t *number = malloc(((size_t)m->objects.n + 1) * sizeof *number);
    if (!number)
        return;
    for (uint32_t i = 0; i < m->objects.n; i++)
        number[i] = UINT64_MAX;
    for (uint32_t i = 0; i < m->irqs.n; i++) {
        const struct cdl_irq *q = &m->irqs.v[i];
        const struct cdl_object *o = &m->objects.v[q->obj];
        if (o->type != CDL_IRQ) {
            cdl_error(c->d, q->loc, "'%s' in irq maps is a %s, not an irq",
                      cdl_obj_label(m, q->obj, a, sizeof a), cdl_type_name(o->type));
            continue;
        }
        if (q->number < 1 || q->number > max)
            cdl_error(c->d, q->loc, "irq %llu is out of range (1..%u%s)",
                      (unsigned long long)q->number, max,
                      c->plat ? ", riscv,ndev of the device tree" : ", PLIC sources");
        if (number[q->obj] != UINT64_MAX)
            cdl_error(c->d, q->loc, "irq object '%s' is mapped to irqs %llu and %llu",
                      cdl_obj_label(m, q->obj, a, sizeof a), (unsigned long long)number[q->obj],
                      (unsigned long long)q->number);
        number[q->obj] = q->number;
    }
    /* The loader makes an IRQ object with IRQControl_Get: it needs a number. */
    for (uint32_t i = 0; i < m->objects.n; i++)
        if (m->objects.v[i].type == CDL_IRQ && number[i] == UINT64_MAX)
            cdl_error(c->d, m->objects.v[i].loc, "irq '%s' has no number in irq maps",
                      cdl_obj_label(m, i, a, sizeof a));
    free(number);
}

void cdl_check_cdt(struct cdl_checker *c)
{
    struct cdl_model *m = c->m;
    char a[96];
    for (uint32_t i = 0; i < m->cdt.n; i++) {
        const struct cdl_cdt_edge *e = &m->cdt.v[i];
        uint32_t objs[2] = { e->parent_obj, e->child_obj };
        uint64_t slots[2] = { e->parent_slot, e->child_slot };
        for (int k = 0; k < 2; k++)
            if (!cdl_slot_at(m, objs[k], slots[k]))
                cdl_error(c->d, e->loc, "cdt: slot %llu of '%s' is empty",
                          (unsigned long long)slots[k], cdl_obj_label(m, objs[k], a, sizeof a));
        const struct cdl_slot *child = cdl_slot_at(m, e->child_obj, e->child_slot);
        if (child && (child->cap.cdt_parent_obj != e->parent_obj ||
                      child->cap.cdt_parent_slot != e->parent_slot))
            cdl_error(c->d, e->loc, "cdt: slot %llu of '%s' has two parents",
                      (unsigned long long)e->child_slot, cdl_obj_label(m, e->child_obj, a, sizeof a));
    }
}
