/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building and querying the model: objects by name, caps by slot. Both
 * front ends (plain capDL and the high-level form) build through these
 * functions, so duplicate names, filled slots and the size limits are
 * reported the same way whichever form the spec is written in.
 */
#include <stdlib.h>
#include <string.h>
#include <capdl/capdl.h>

void cdl_model_init(struct cdl_model *m)
{
    memset(m, 0, sizeof *m);
    m->limits.max_objects = 1u << 20;
    m->limits.max_caps = 1u << 22;
}

void cdl_model_free(struct cdl_model *m)
{
    cdl_arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

uint32_t cdl_find(const struct cdl_model *m, const char *name, uint32_t index)
{
    return cdl_names_get(&m->names, name, index);
}

uint32_t cdl_add_objects(struct cdl_model *m, struct cdl_diag *d, const char *name,
                         uint32_t count, uint8_t type, struct cdl_loc loc, bool is_array)
{
    uint32_t n = is_array ? count : 1;
    /* capDL reads these names as the control caps, never as objects. */
    static const char *const reserved[] = { "irq_control", "asid_control", "domain",
                                            "sched_control", "io_space_master", "system_control" };
    for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++) {
        if (strcmp(name, reserved[i]) == 0) {
            cdl_error(d, loc, "'%s' is reserved for a control cap", name);
            return CDL_NONE;
        }
    }
    /* A name is either one object or one array, never both. */
    uint32_t other = cdl_find(m, name, CDL_NONE);
    if (other == CDL_NONE)
        other = cdl_find(m, name, 0);
    if (other != CDL_NONE) {
        char where[32];
        const struct cdl_loc *o = &m->objects.v[other].loc;
        if (o->src)
            snprintf(where, sizeof where, " (first at line %u)", o->line);
        else
            where[0] = 0;
        cdl_error(d, loc, "'%s' is declared twice%s", name, where);
        return CDL_NONE;
    }
    if (n > m->limits.max_objects - m->objects.n) {
        cdl_error(d, loc, "too many objects: the limit is %u", m->limits.max_objects);
        return CDL_NONE;
    }
    uint32_t first = m->objects.n;
    for (uint32_t i = 0; i < n; i++) {
        struct cdl_object *o = CDL_PUSH(&m->arena, m->objects);
        memset(o, 0, sizeof *o);
        o->name = name;
        o->index = is_array ? i : CDL_NONE;
        o->array_len = is_array && i == 0 ? count : 0;
        o->type = type;
        o->loc = loc;
        o->parent = CDL_NONE;
        o->level = -1;
        o->vspace = CDL_NONE;
        if (type == CDL_TCB)
            o->tcb = cdl_alloc(&m->arena, sizeof *o->tcb);
        cdl_names_put(&m->arena, &m->names, name, o->index, first + i);
    }
    return first;
}

bool cdl_put_cap(struct cdl_model *m, struct cdl_diag *d, uint32_t obj, uint64_t slot,
                 const struct cdl_cap *cap)
{
    struct cdl_object *o = &m->objects.v[obj];
    uint32_t at = cdl_slotmap_get(&m->slotmap, obj, slot);
    if (at != CDL_NONE) {
        char buf[96];
        cdl_error(d, cap->loc, "slot %llu of '%s' is already filled (line %u)",
                  (unsigned long long)slot, cdl_obj_label(m, obj, buf, sizeof buf),
                  o->slots.v[at].cap.loc.line);
        return false;
    }
    if (m->n_caps >= m->limits.max_caps) {
        cdl_error(d, cap->loc, "too many caps: the limit is %u", m->limits.max_caps);
        return false;
    }
    struct cdl_slot *s = CDL_PUSH(&m->arena, o->slots);
    s->index = slot;
    s->cap = *cap;
    if (!s->cap.params)
        s->cap.params = &m->no_params;
    cdl_slotmap_put(&m->arena, &m->slotmap, obj, slot, o->slots.n - 1);
    m->n_caps++;
    return true;
}

static int cmp_slot(const void *a, const void *b)
{
    const struct cdl_slot *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

void cdl_model_finish(struct cdl_model *m)
{
    for (uint32_t i = 0; i < m->objects.n; i++) {
        struct cdl_object *o = &m->objects.v[i];
        if (o->slots.n > 1)
            qsort(o->slots.v, o->slots.n, sizeof *o->slots.v, cmp_slot);
    }
    /* Positions changed: the builder's slot map is stale from here on. */
    m->slotmap = (struct cdl_slotmap){ 0 };
}

const struct cdl_slot *cdl_slot_at(const struct cdl_model *m, uint32_t obj, uint64_t slot)
{
    const struct cdl_object *o = &m->objects.v[obj];
    uint32_t lo = 0, hi = o->slots.n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (o->slots.v[mid].index < slot)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < o->slots.n && o->slots.v[lo].index == slot ? &o->slots.v[lo] : NULL;
}

const char *cdl_type_name(uint8_t type)
{
    static const char *const names[CDL_NTYPES] = {
        [CDL_EP] = "ep", [CDL_NTFN] = "notification", [CDL_TCB] = "tcb",
        [CDL_CNODE] = "cnode", [CDL_UT] = "ut", [CDL_FRAME] = "frame", [CDL_PT] = "pt",
        [CDL_ASID_POOL] = "asid_pool", [CDL_IRQ] = "irq",
    };
    return type < CDL_NTYPES ? names[type] : "?";
}

const char *cdl_obj_label(const struct cdl_model *m, uint32_t obj, char *buf, size_t size)
{
    const struct cdl_object *o = &m->objects.v[obj];
    if (o->index == CDL_NONE)
        snprintf(buf, size, "%s", o->name);
    else
        snprintf(buf, size, "%s[%u]", o->name, o->index);
    return buf;
}

uint64_t cdl_slot_limit(const struct cdl_object *o)
{
    switch (o->type) {
    case CDL_CNODE:
        return o->has_size && o->size_bits < 64 ? 1ULL << o->size_bits : 0;
    case CDL_TCB: return CDL_TCB_BOUND_VCPU + 1;
    case CDL_PT:
    case CDL_ASID_POOL: return 512;
    case CDL_IRQ: return 1;
    default: return 0;
    }
}
