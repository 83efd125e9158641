/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Name resolution for plain capDL: turns the AST's name references into
 * object ids, fills slots (an unnumbered cap goes into the slot after the
 * previous one, a range of objects into consecutive slots, as the capDL tool
 * does), resolves copies `<name>` once every named slot is known, numbers
 * the IRQ map and records untyped covers and the derivation tree.
 */
#include <string.h>
#include "ast.h"
#include "parse_util.h"

struct pending_copy {
    uint32_t obj;
    uint64_t slot;
    const struct cdl_nameref *ref;
};

struct resolver {
    struct cdl_model *m;
    struct cdl_diag *d;
    CDL_VEC(uint32_t) ids;     /* result of the last expansion */
    CDL_VEC(struct pending_copy) copies;
};

uint32_t cdl_array_len(const struct cdl_model *m, const char *name)
{
    uint32_t first = cdl_find(m, name, 0);
    return first == CDL_NONE ? 0 : m->objects.v[first].array_len;
}

static bool unknown(struct resolver *r, const struct cdl_nameref *ref)
{
    if (cdl_array_len(r->m, ref->name))
        cdl_error(r->d, ref->loc, "'%s' is an array: write %s[i] or %s[]", ref->name, ref->name,
                  ref->name);
    else
        cdl_error(r->d, ref->loc, "unknown object '%s'", ref->name);
    return false;
}

/* name or name[ranges] -> r->ids */
static bool expand(struct resolver *r, const struct cdl_nameref *ref)
{
    r->ids.n = 0;
    if (!ref->n_ranges) {
        uint32_t id = cdl_find(r->m, ref->name, CDL_NONE);
        if (id == CDL_NONE)
            return unknown(r, ref);
        *CDL_PUSH(&r->m->arena, r->ids) = id;
        return true;
    }
    uint32_t n = cdl_array_len(r->m, ref->name);
    uint32_t first = cdl_find(r->m, ref->name, 0);
    if (first == CDL_NONE) {
        if (cdl_find(r->m, ref->name, CDL_NONE) == CDL_NONE)
            return unknown(r, ref);
        cdl_error(r->d, ref->loc, "'%s' is not an array", ref->name);
        return false;
    }
    for (uint32_t i = 0; i < ref->n_ranges; i++) {
        const struct cdl_range *g = &ref->ranges[i];
        uint64_t a = g->a, b = g->b;
        if (g->kind == R_ONLY)
            b = a;
        else if (g->kind == R_FROM)
            b = n ? n - 1 : 0;
        else if (g->kind == R_TO)
            a = 0;
        else if (g->kind == R_ALL)
            a = 0, b = n ? n - 1 : 0;
        uint64_t bad = a >= n ? a : b >= n ? b : UINT64_MAX;
        if (bad != UINT64_MAX || n == 0) {
            cdl_error(r->d, ref->loc, "index %llu is out of range for '%s' (%u elements)",
                      (unsigned long long)(bad == UINT64_MAX ? 0 : bad), ref->name, n);
            return false;
        }
        /* a..b counts down when a > b, as in the capDL tool. */
        for (uint64_t k = a;; k = a <= b ? k + 1 : k - 1) {
            if (r->ids.n >= r->m->limits.max_caps) {
                cdl_error(r->d, ref->loc, "too many caps: the limit is %u", r->m->limits.max_caps);
                return false;
            }
            *CDL_PUSH(&r->m->arena, r->ids) = first + (uint32_t)k;
            if (k == b)
                break;
        }
    }
    return true;
}

static bool expand_one(struct resolver *r, const struct cdl_nameref *ref, uint32_t *id)
{
    if (!expand(r, ref))
        return false;
    if (r->ids.n != 1) {
        cdl_error(r->d, ref->loc, "'%s' names %u objects here, one is needed", ref->name,
                  r->ids.n);
        return false;
    }
    *id = r->ids.v[0];
    return true;
}

static uint32_t find_capname(const struct cdl_model *m, const struct cdl_nameref *ref)
{
    uint32_t index = CDL_NONE;
    if (ref->n_ranges == 1 && ref->ranges[0].kind == R_ONLY && ref->ranges[0].a < UINT32_MAX)
        index = (uint32_t)ref->ranges[0].a;
    else if (ref->n_ranges)
        return CDL_NONE;
    return cdl_names_get(&m->capname_index, ref->name, index);
}

static void add_capname(struct resolver *r, const char *name, uint32_t index, uint32_t obj,
                        uint64_t slot, struct cdl_loc loc)
{
    struct cdl_capname *c = CDL_PUSH(&r->m->arena, r->m->capnames);
    *c = (struct cdl_capname){ name, index, obj, slot, loc };
    cdl_names_put(&r->m->arena, &r->m->capname_index, name, index, r->m->capnames.n - 1);
}

static bool slotref(struct resolver *r, const struct cdl_slotref *s, uint32_t *obj,
                    uint64_t *slot)
{
    if (s->is_pair) {
        *slot = s->slot;
        return expand_one(r, &s->obj, obj);
    }
    uint32_t c = find_capname(r->m, &s->obj);
    if (c == CDL_NONE) {
        cdl_error(r->d, s->obj.loc, "unknown cap name '%s'", s->obj.name);
        return false;
    }
    *obj = r->m->capnames.v[c].obj;
    *slot = r->m->capnames.v[c].slot;
    return true;
}

static const struct {
    const char *name;
    uint8_t kind;
} reserved[] = {
    { "irq_control", CDL_CAP_IRQ_CONTROL }, { "asid_control", CDL_CAP_ASID_CONTROL },
    { "domain", CDL_CAP_DOMAIN }, { "sched_control", CDL_CAP_SCHED_CONTROL },
    { "io_space_master", CDL_CAP_IO_SPACE_MASTER }, { "system_control", CDL_CAP_SYSTEM_CONTROL },
};

static bool holds_caps(uint8_t type)
{
    return type == CDL_CNODE || type == CDL_TCB || type == CDL_PT || type == CDL_ASID_POOL ||
           type == CDL_IRQ;
}

/* One entry of a container's cap list; *last is the previous slot used. */
static bool place_entry(struct resolver *r, uint32_t container, const struct cdl_capentry *e,
                        uint64_t *last, bool *any)
{
    uint64_t slot = e->has_slot ? e->slot : *any ? *last + 1 : 0;
    struct cdl_cap cap = { .params = e->params, .loc = e->target.loc,
                           .rights = e->params->rights, .cdt_parent_obj = CDL_NONE };
    uint32_t n = 1;
    if (e->parent && !slotref(r, e->parent, &cap.cdt_parent_obj, &cap.cdt_parent_slot))
        return false;
    if (e->mapping && !slotref(r, e->mapping, &e->params->mapping_obj, &e->params->mapping_slot))
        return false;
    if (e->copy) {
        cap.kind = CDL_CAP_COPY;
        if (!cdl_put_cap(r->m, r->d, container, slot, &cap))
            return false;
        struct pending_copy *pc = CDL_PUSH(&r->m->arena, r->copies);
        *pc = (struct pending_copy){ container, slot, &e->target };
    } else {
        uint8_t kind = CDL_CAP_OBJ;
        for (size_t i = 0; !e->target.n_ranges && i < sizeof reserved / sizeof *reserved; i++)
            if (strcmp(e->target.name, reserved[i].name) == 0)
                kind = reserved[i].kind;
        cap.kind = kind;
        if (kind == CDL_CAP_OBJ && !expand(r, &e->target))
            return false;
        n = kind == CDL_CAP_OBJ ? r->ids.n : 1;
        if (n > UINT64_MAX - slot)
            n = (uint32_t)(UINT64_MAX - slot);
        for (uint32_t i = 0; i < n; i++) {
            cap.obj = kind == CDL_CAP_OBJ ? r->ids.v[i] : CDL_NONE;
            if (!cdl_put_cap(r->m, r->d, container, slot + i, &cap))
                return false;
        }
    }
    if (e->capname) {
        const struct cdl_nameref *cn = e->capname;
        bool all = cn->n_ranges == 1 && cn->ranges[0].kind == R_ALL;
        if (cn->n_ranges && !all) {
            cdl_error(r->d, cn->loc, "a cap name is written name or name[]");
            return false;
        }
        if (!all && n != 1) {
            cdl_error(r->d, cn->loc, "one name for %u caps: write %s[]", n, cn->name);
            return false;
        }
        for (uint32_t i = 0; i < n; i++)
            add_capname(r, cn->name, all ? i : CDL_NONE, container, slot + i, cn->loc);
    }
    *last = slot + n - 1;
    *any = true;
    return true;
}

static bool place_caps(struct resolver *r, const struct cdl_ast *ast)
{
    for (uint32_t i = 0; i < ast->capnames.n; i++) {
        const struct cdl_capname_decl *c = &ast->capnames.v[i];
        uint32_t obj;
        if (!expand_one(r, &c->ref.obj, &obj))
            return false;
        add_capname(r, c->name, CDL_NONE, obj, c->ref.slot, c->loc);
    }
    for (uint32_t i = 0; i < ast->capdecls.n; i++) {
        const struct cdl_capdecl *c = &ast->capdecls.v[i];
        if (!expand(r, &c->container))
            return false;
        /* Entries may expand names again: keep this list of containers. */
        uint32_t n = r->ids.n;
        uint32_t *containers = cdl_alloc(&r->m->arena, (size_t)n * sizeof *containers);
        memcpy(containers, r->ids.v, (size_t)n * sizeof *containers);
        for (uint32_t k = 0; k < n; k++) {
            const struct cdl_object *o = &r->m->objects.v[containers[k]];
            if (!holds_caps(o->type)) {
                char buf[96];
                cdl_error(r->d, c->container.loc, "'%s' is a %s: it holds no caps",
                          cdl_obj_label(r->m, containers[k], buf, sizeof buf),
                          cdl_type_name(o->type));
                return false;
            }
            uint64_t last = 0;
            bool any = false;
            for (uint32_t j = 0; j < c->entries.n; j++)
                if (!place_entry(r, containers[k], &c->entries.v[j], &last, &any))
                    return false;
        }
    }
    return true;
}

static struct cdl_cap *cap_at(struct cdl_model *m, uint32_t obj, uint64_t slot)
{
    uint32_t at = cdl_slotmap_get(&m->slotmap, obj, slot);
    return at == CDL_NONE ? NULL : &m->objects.v[obj].slots.v[at].cap;
}

/* Copies take the source cap, with their own rights mask and cdt parent. */
static bool resolve_copies(struct resolver *r)
{
    for (uint32_t i = 0; i < r->copies.n; i++) {
        if (find_capname(r->m, r->copies.v[i].ref) == CDL_NONE) {
            cdl_error(r->d, r->copies.v[i].ref->loc, "unknown cap name '%s'",
                      r->copies.v[i].ref->name);
            return false;
        }
    }
    bool progress = true;
    uint32_t left = r->copies.n;
    while (left && progress) {
        progress = false;
        for (uint32_t i = 0; i < r->copies.n; i++) {
            struct pending_copy *pc = &r->copies.v[i];
            struct cdl_cap *dst = cap_at(r->m, pc->obj, pc->slot);
            if (dst->kind != CDL_CAP_COPY)
                continue;
            const struct cdl_capname *n = &r->m->capnames.v[find_capname(r->m, pc->ref)];
            const struct cdl_cap *src = cap_at(r->m, n->obj, n->slot);
            if (!src) {
                char buf[96];
                cdl_error(r->d, pc->ref->loc, "cap name '%s' names slot %llu of '%s', which is empty",
                          pc->ref->name, (unsigned long long)n->slot,
                          cdl_obj_label(r->m, n->obj, buf, sizeof buf));
                return false;
            }
            if (src->kind == CDL_CAP_COPY)
                continue;
            const struct cdl_capparams *own = dst->params;
            uint8_t mask = CDL_HAS(own, CDL_P_MASKED) ? own->masked : CDL_ALL_RIGHTS;
            struct cdl_cap c = *src;
            c.rights = src->rights & mask;
            c.loc = dst->loc;
            c.cdt_parent_obj = dst->cdt_parent_obj;
            c.cdt_parent_slot = dst->cdt_parent_slot;
            /* The copy keeps its own parameter list for the checks (masked is
             * only valid on copies); the source's values are in c. */
            if (own->present) {
                struct cdl_capparams *merged = cdl_alloc(&r->m->arena, sizeof *merged);
                *merged = *src->params;
                merged->present |= 1u << CDL_P_MASKED;
                merged->masked = mask;
                merged->loc[CDL_P_MASKED] = own->loc[CDL_P_MASKED];
                c.params = merged;
            }
            *dst = c;
            left--;
            progress = true;
        }
    }
    for (uint32_t i = 0; left && i < r->copies.n; i++) {
        struct pending_copy *pc = &r->copies.v[i];
        if (cap_at(r->m, pc->obj, pc->slot)->kind == CDL_CAP_COPY) {
            cdl_error(r->d, pc->ref->loc, "copy of '%s' refers back to itself", pc->ref->name);
            return false;
        }
    }
    return true;
}

static bool resolve_irqs(struct resolver *r, const struct cdl_ast *ast)
{
    uint64_t last = 0;
    bool any = false;
    for (uint32_t i = 0; i < ast->irqs.n; i++) {
        const struct cdl_irqentry *e = &ast->irqs.v[i];
        uint64_t number = e->has_slot ? e->slot : any ? last + 1 : 0;
        if (!expand(r, &e->obj))
            return false;
        for (uint32_t k = 0; k < r->ids.n; k++) {
            for (uint32_t j = 0; j < r->m->irqs.n; j++) {
                if (r->m->irqs.v[j].number == number + k) {
                    cdl_error(r->d, e->has_slot ? e->slot_loc : e->obj.loc,
                              "irq %llu is mapped twice", (unsigned long long)(number + k));
                    return false;
                }
            }
            struct cdl_irq *q = CDL_PUSH(&r->m->arena, r->m->irqs);
            *q = (struct cdl_irq){ number + k, r->ids.v[k], e->obj.loc };
        }
        last = number + (r->ids.n ? r->ids.n - 1 : 0);
        any = true;
    }
    return true;
}

static bool resolve_cdt(struct resolver *r, const struct cdl_cdtdecl *c, unsigned depth)
{
    uint32_t pobj;
    uint64_t pslot;
    if (depth > CDL_MAX_DEPTH || !slotref(r, &c->parent, &pobj, &pslot))
        return false;
    for (uint32_t i = 0; i < c->children.n; i++) {
        struct cdl_cdt_edge *e = CDL_PUSH(&r->m->arena, r->m->cdt);
        e->parent_obj = pobj;
        e->parent_slot = pslot;
        e->loc = c->children.v[i].loc;
        if (!slotref(r, &c->children.v[i], &e->child_obj, &e->child_slot))
            return false;
    }
    for (uint32_t i = 0; i < c->nested.n; i++)
        if (!resolve_cdt(r, c->nested.v[i], depth + 1))
            return false;
    return true;
}

bool cdl_resolve(struct cdl_model *m, struct cdl_diag *d, const struct cdl_ast *ast)
{
    struct resolver r = { .m = m, .d = d };
    for (uint32_t i = 0; i < ast->covers.n; i++) {
        const struct cdl_cover *c = &ast->covers.v[i];
        if (!expand(&r, &c->ref))
            return false;
        for (uint32_t k = 0; k < r.ids.n; k++) {
            struct cdl_object *o = &m->objects.v[r.ids.v[k]];
            if (o->parent != CDL_NONE && o->parent != c->ut) {
                char a[96], b[96], e[96];
                cdl_error(d, c->ref.loc, "'%s' is covered by two untypeds ('%s' and '%s')",
                          cdl_obj_label(m, r.ids.v[k], a, sizeof a),
                          cdl_obj_label(m, o->parent, b, sizeof b),
                          cdl_obj_label(m, c->ut, e, sizeof e));
                return false;
            }
            o->parent = c->ut;
            o->parent_loc = c->ref.loc;
        }
    }
    if (!place_caps(&r, ast) || !resolve_copies(&r) || !resolve_irqs(&r, ast))
        return false;
    for (uint32_t i = 0; i < ast->cdts.n; i++)
        if (!resolve_cdt(&r, ast->cdts.v[i], 0))
            return false;
    /* cdt edges also set the child's parent, like `- child_of`. */
    for (uint32_t i = 0; i < m->cdt.n; i++) {
        struct cdl_cap *c = cap_at(m, m->cdt.v[i].child_obj, m->cdt.v[i].child_slot);
        if (c && c->cdt_parent_obj == CDL_NONE) {
            c->cdt_parent_obj = m->cdt.v[i].parent_obj;
            c->cdt_parent_slot = m->cdt.v[i].parent_slot;
        }
    }
    cdl_model_finish(m);
    return true;
}
