/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emit pass: the checked model as a binary spec (include/capdl/format.h,
 * FORMAT.md). Objects go out in creation order (cdl_alloc_order), caps
 * grouped by the object holding them, the page-table slots of each VSpace as
 * an explicit mapping list (tables before frames), and the bytes every
 * `fill` copies -- the components' ELF segments -- in the DATA section, so
 * the loader needs nothing but this one blob. The result is run through the
 * loader's own checker before it is returned.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <capdl/capdl.h>
#include <capdl/format.h>

struct bytes {
    uint8_t *v;
    uint32_t n, cap;
};

struct loaded {
    const char *name;
    const uint8_t *data;
    size_t len;
};

struct emitter {
    const struct cdl_model *m;
    struct cdl_diag *d;
    const struct cdl_options *opt;
    struct cdl_arena a;
    uint32_t *order, *pos;
    struct bytes strings, data;
    CDL_VEC(struct cdlb_object) objects;
    CDL_VEC(struct cdlb_cap) caps;
    CDL_VEC(uint32_t) cap_src_obj;     /* model (object, slot) of each cap, for the cdt */
    CDL_VEC(uint64_t) cap_src_slot;
    CDL_VEC(struct cdlb_mapping) maps;
    CDL_VEC(struct cdlb_vspace) vspaces;
    CDL_VEC(struct cdlb_tcb) tcbs;
    CDL_VEC(struct cdlb_irq) irqs;
    CDL_VEC(struct cdlb_fill) fills;
    CDL_VEC(struct cdlb_component) comps;
    CDL_VEC(struct cdlb_sup_cap) sup_caps;
    CDL_VEC(struct cdlb_restart) restarts;
    CDL_VEC(struct loaded) files;
    struct cdl_slotmap cap_index;
};

static uint32_t append(struct emitter *x, struct bytes *b, const void *p, size_t n, size_t align)
{
    if (!n)
        return b->n;   /* an empty fill copies nothing */
    while (b->n % align)
        *CDL_PUSH(&x->a, *b) = 0;
    uint32_t at = b->n;
    b->v = cdl_vec_grow(&x->a, b->v, &b->cap, b->n + (uint32_t)n, 1);
    memcpy(b->v + b->n, p, n);
    b->n += (uint32_t)n;
    return at;
}

static uint8_t obj_type(const struct cdl_object *o)
{
    switch (o->type) {
    case CDL_UT: return CDLB_OBJ_UNTYPED;
    case CDL_TCB: return CDLB_OBJ_TCB;
    case CDL_EP: return CDLB_OBJ_ENDPOINT;
    case CDL_NTFN: return CDLB_OBJ_NOTIFICATION;
    case CDL_CNODE: return CDLB_OBJ_CNODE;
    case CDL_PT: return CDLB_OBJ_PAGE_TABLE;
    case CDL_ASID_POOL: return CDLB_OBJ_ASID_POOL;
    case CDL_IRQ: return CDLB_OBJ_IRQ;
    default:
        return o->size_bits == 30 ? CDLB_OBJ_FRAME_1G : o->size_bits == 21 ? CDLB_OBJ_FRAME_2M
                                                                          : CDLB_OBJ_FRAME_4K;
    }
}

/* capDL rights -> seL4's rights word. */
static uint8_t rights(uint8_t r)
{
    return (uint8_t)((r & CDL_W ? CDLB_RIGHT_WRITE : 0) | (r & CDL_R ? CDLB_RIGHT_READ : 0) |
                     (r & CDL_G ? CDLB_RIGHT_GRANT : 0) | (r & CDL_P ? CDLB_RIGHT_GRANT_REPLY : 0));
}

static uint8_t frame_flags(const struct cdl_cap *c)
{
    return (uint8_t)((CDL_HAS(c->params, CDL_P_EXECUTE_NEVER) ? CDLB_CAP_EXECUTE_NEVER : 0) |
                     (CDL_HAS(c->params, CDL_P_UNCACHED) ? CDLB_CAP_UNCACHED : 0) |
                     (c->rights & (CDL_X | CDL_G) ? CDLB_CAP_EXECUTE : 0));
}

static void emit_caps(struct emitter *x, uint32_t id, struct cdlb_object *rec)
{
    const struct cdl_object *o = &x->m->objects.v[id];
    if (o->type != CDL_CNODE && o->type != CDL_TCB && o->type != CDL_IRQ)
        return;
    rec->cap_first = x->caps.n;
    for (uint32_t s = 0; s < o->slots.n; s++) {
        const struct cdl_cap *c = &o->slots.v[s].cap;
        /* Reply caps only exist while a thread waits: nothing to create. */
        if (CDL_HAS(c->params, CDL_P_REPLY) || CDL_HAS(c->params, CDL_P_MASTER_REPLY))
            continue;
        struct cdlb_cap *r = CDL_PUSH(&x->a, x->caps);
        memset(r, 0, sizeof *r);
        r->slot = o->slots.v[s].index;
        r->container = x->pos[id];
        r->object = c->kind == CDL_CAP_OBJ ? x->pos[c->obj] : CDLB_NONE;
        r->kind = c->kind == CDL_CAP_IRQ_CONTROL ? CDLB_CAP_IRQ_CONTROL
                : c->kind == CDL_CAP_ASID_CONTROL ? CDLB_CAP_ASID_CONTROL
                : c->kind == CDL_CAP_DOMAIN ? CDLB_CAP_DOMAIN
                : c->kind == CDL_CAP_SYSTEM_CONTROL ? CDLB_CAP_SYSTEM_CONTROL : CDLB_CAP_OBJECT;
        r->rights = rights(c->rights);
        r->cdt_parent = CDLB_NONE;
        uint8_t type = c->kind == CDL_CAP_OBJ ? x->m->objects.v[c->obj].type : CDL_NTYPES;
        if (type == CDL_EP || type == CDL_NTFN)
            r->data = c->params->badge;
        if (type == CDL_CNODE) {
            r->data = c->params->guard;
            r->guard_size = (uint8_t)c->params->guard_size;
        }
        if (type == CDL_FRAME)
            r->flags = frame_flags(c);
        *CDL_PUSH(&x->a, x->cap_src_obj) = id;
        *CDL_PUSH(&x->a, x->cap_src_slot) = o->slots.v[s].index;
        cdl_slotmap_put(&x->a, &x->cap_index, id, o->slots.v[s].index, x->caps.n - 1);
    }
    rec->cap_count = x->caps.n - rec->cap_first;
}

static const struct loaded *load(struct emitter *x, const struct cdl_fill *f)
{
    for (uint32_t i = 0; i < x->files.n; i++)
        if (strcmp(x->files.v[i].name, f->file) == 0)
            return &x->files.v[i];
    size_t len = 0;
    int err = 0;
    const uint8_t *data = cdl_load_file(&x->a, x->opt, f->loc.src, f->file, &len, &err);
    if (!data) {
        cdl_error(x->d, f->loc, "cannot read '%s': %s", f->file, strerror(err));
        return NULL;
    }
    struct loaded *l = CDL_PUSH(&x->a, x->files);
    *l = (struct loaded){ f->file, data, len };
    return l;
}

static bool emit_fills(struct emitter *x, uint32_t id, struct cdlb_object *rec)
{
    const struct cdl_object *o = &x->m->objects.v[id];
    rec->fill_first = x->fills.n;
    rec->fill_count = o->fills.n;
    for (uint32_t i = 0; i < o->fills.n; i++) {
        const struct cdl_fill *f = &o->fills.v[i];
        struct cdlb_fill *r = CDL_PUSH(&x->a, x->fills);
        *r = (struct cdlb_fill){ .frame = x->pos[id], .dest_offset = f->dest_off, .length = f->len };
        if (f->kind == CDL_FILL_BOOTINFO) {
            r->kind = CDLB_FILL_BOOTINFO;
            r->source = f->file_off;
            r->bootinfo_id = f->bi_type;
            continue;
        }
        const struct loaded *l = load(x, f);
        if (!l)
            return false;
        if (f->file_off > l->len || f->len > l->len - f->file_off) {
            cdl_error(x->d, f->loc, "fill reads past the end of '%s' (%zu bytes)", f->file, l->len);
            return false;
        }
        if (x->data.n + f->len + 8 > UINT32_MAX) {
            cdl_error(x->d, f->loc, "the spec's data exceeds 4 GiB");
            return false;
        }
        r->kind = CDLB_FILL_DATA;
        r->source = append(x, &x->data, l->data + f->file_off, f->len, 8);
    }
    return true;
}

struct map_key {
    uint32_t rank;      /* level-1 tables, level-0 tables, frames */
    uint64_t vaddr;
    struct cdlb_mapping m;
};

static int cmp_map(const void *a, const void *b)
{
    const struct map_key *p = a, *q = b;
    if (p->rank != q->rank)
        return p->rank < q->rank ? -1 : 1;
    return p->vaddr < q->vaddr ? -1 : p->vaddr > q->vaddr;
}

/* Every page-table slot of the VSpace rooted at `root`, as mappings. */
static void emit_vspace(struct emitter *x, uint32_t root, const uint32_t *pool_of)
{
    const struct cdl_model *m = x->m;
    CDL_VEC(struct map_key) keys = { 0 };
    for (uint32_t i = 0; i < m->objects.n; i++) {
        const struct cdl_object *pt = &m->objects.v[i];
        if (pt->type != CDL_PT || pt->vspace != root || pt->level < 0)
            continue;
        unsigned shift = 12 + 9 * (unsigned)pt->level;
        for (uint32_t s = 0; s < pt->slots.n; s++) {
            const struct cdl_cap *c = &pt->slots.v[s].cap;
            const struct cdl_object *t = &m->objects.v[c->obj];
            struct map_key *k = CDL_PUSH(&x->a, keys);
            memset(k, 0, sizeof *k);
            k->vaddr = pt->vaddr + (pt->slots.v[s].index << shift);
            k->m = (struct cdlb_mapping){ .vaddr = k->vaddr, .vspace = x->pos[root],
                                          .object = x->pos[c->obj], .level = (uint8_t)pt->level };
            if (t->type == CDL_PT) {
                k->rank = pt->level == 2 ? 0 : 1;
                k->m.kind = CDLB_MAP_PAGE_TABLE;
            } else {
                k->rank = 2;
                k->m.kind = CDLB_MAP_FRAME;
                k->m.rights = rights(c->rights) & (CDLB_RIGHT_READ | CDLB_RIGHT_WRITE);
                k->m.flags = frame_flags(c) & CDLB_CAP_EXECUTE_NEVER;
            }
        }
    }
    if (keys.n > 1)
        qsort(keys.v, keys.n, sizeof *keys.v, cmp_map);
    for (uint32_t i = 0; i < keys.n; i++)
        *CDL_PUSH(&x->a, x->maps) = keys.v[i].m;
    *CDL_PUSH(&x->a, x->vspaces) = (struct cdlb_vspace){
        x->pos[root], pool_of[root] == CDL_NONE ? CDLB_NONE : x->pos[pool_of[root]] };
}

static void emit_tcb(struct emitter *x, uint32_t id, struct cdlb_object *rec)
{
    const struct cdl_tcb *t = x->m->objects.v[id].tcb;
    rec->extra = x->tcbs.n;
    struct cdlb_tcb *r = CDL_PUSH(&x->a, x->tcbs);
    memset(r, 0, sizeof *r);
    r->object = x->pos[id];
    r->prio = (uint8_t)t->prio;
    r->max_prio = (uint8_t)t->max_prio;
    r->flags = (t->present >> CDL_T_RESUME & 1) && !t->resume ? 0 : CDLB_TCB_RESUME;
    r->n_init = (uint8_t)t->n_init;
    r->ipc_buffer = t->addr;
    r->ip = t->ip;
    r->sp = t->sp;
    r->fault_ep = t->fault_ep;
    for (uint32_t i = 0; i < t->n_init && i < 8; i++)
        r->init[i] = t->init[i];
}

/* The supervisor's tables: components, their private writable frames (mapped
 * writable in their VSpace and in no other, not device memory), its caps. */
static void emit_supervisor(struct emitter *x, uint32_t n_objects)
{
    const struct cdl_model *m = x->m;
    uint32_t *maps_of = cdl_alloc(&x->a, ((size_t)n_objects + 1) * sizeof *maps_of);
    for (uint32_t i = 0; i < x->maps.n; i++)
        if (x->maps.v[i].kind == CDLB_MAP_FRAME)
            maps_of[x->maps.v[i].object]++;
    for (uint32_t k = 0; k < m->sup_comps.n; k++) {
        const struct cdl_sup_comp *c = &m->sup_comps.v[k];
        struct cdlb_component *r = CDL_PUSH(&x->a, x->comps);
        memset(r, 0, sizeof *r);
        r->tcb = x->pos[c->tcb];
        /* The component's TCB carries its name: no new string, so STRINGS
         * is the same as for the plain expansion. */
        r->name = x->objects.v[r->tcb].name;
        r->cnode = x->pos[c->cnode];
        r->vspace = x->pos[c->vspace];
        r->prio = c->prio;
        r->flags = c->flags;
        r->fault_badge = c->fault_badge;
        r->restart_first = x->restarts.n;
        for (uint32_t i = 0; i < x->maps.n; i++) {
            const struct cdlb_mapping *mp = &x->maps.v[i];
            if (mp->kind != CDLB_MAP_FRAME || mp->vspace != r->vspace ||
                !(mp->rights & CDLB_RIGHT_WRITE) || maps_of[mp->object] != 1 ||
                (x->objects.v[mp->object].flags & CDLB_OBJ_HAS_PADDR))
                continue;
            *CDL_PUSH(&x->a, x->restarts) = (struct cdlb_restart){ mp->object, k };
        }
        r->restart_count = x->restarts.n - r->restart_first;
    }
    for (uint32_t k = 0; k < m->sup_caps.n; k++)
        *CDL_PUSH(&x->a, x->sup_caps) = (struct cdlb_sup_cap){
            m->sup_caps.v[k].kind, x->pos[m->sup_caps.v[k].obj], m->sup_caps.v[k].badge };
}

static void put_section(uint8_t *blob, uint32_t index, uint32_t kind, uint64_t offset,
                        uint64_t count)
{
    uint8_t *s = blob + CDLB_HEADER_SIZE + (uint64_t)index * CDLB_SECTION_SIZE;
    uint32_t esize = cdlb_entry_size(kind);
    uint64_t v[4] = { kind | (uint64_t)esize << 32, offset, count, count * esize };
    for (unsigned i = 0; i < 4; i++)
        for (unsigned b = 0; b < 8; b++)
            s[8 * i + b] = (uint8_t)(v[i] >> (8 * b));
}

/* Lays the tables out behind the header, each 8-byte aligned. */
static uint8_t *assemble(struct emitter *x, size_t *size)
{
    const void *tables[CDLB_SEC_MAX + 1] = {
        [CDLB_SEC_STRINGS] = x->strings.v, [CDLB_SEC_OBJECTS] = x->objects.v,
        [CDLB_SEC_CAPS] = x->caps.v, [CDLB_SEC_MAPPINGS] = x->maps.v,
        [CDLB_SEC_VSPACES] = x->vspaces.v, [CDLB_SEC_TCBS] = x->tcbs.v,
        [CDLB_SEC_IRQS] = x->irqs.v, [CDLB_SEC_FILLS] = x->fills.v, [CDLB_SEC_DATA] = x->data.v,
        [CDLB_SEC_COMPONENTS] = x->comps.v, [CDLB_SEC_SUPERVISOR] = x->sup_caps.v,
        [CDLB_SEC_RESTART] = x->restarts.v,
    };
    uint64_t counts[CDLB_SEC_MAX + 1] = {
        [CDLB_SEC_STRINGS] = x->strings.n, [CDLB_SEC_OBJECTS] = x->objects.n,
        [CDLB_SEC_CAPS] = x->caps.n, [CDLB_SEC_MAPPINGS] = x->maps.n,
        [CDLB_SEC_VSPACES] = x->vspaces.n, [CDLB_SEC_TCBS] = x->tcbs.n,
        [CDLB_SEC_IRQS] = x->irqs.n, [CDLB_SEC_FILLS] = x->fills.n, [CDLB_SEC_DATA] = x->data.n,
        [CDLB_SEC_COMPONENTS] = x->comps.n, [CDLB_SEC_SUPERVISOR] = x->sup_caps.n,
        [CDLB_SEC_RESTART] = x->restarts.n,
    };
    uint64_t offset[CDLB_SEC_MAX + 1];
    uint64_t at = CDLB_HEADER_SIZE + CDLB_SEC_MAX * CDLB_SECTION_SIZE;
    for (uint32_t k = 1; k <= CDLB_SEC_MAX; k++) {
        offset[k] = at;
        at = (at + counts[k] * cdlb_entry_size(k) + 7) & ~7ULL;
    }
    uint8_t *blob = calloc(1, at);
    if (!blob)
        return NULL;
    memcpy(blob, CDLB_MAGIC, 8);
    uint64_t hdr[3] = { CDLB_VERSION | (uint64_t)CDLB_HEADER_SIZE << 32, at, CDLB_SEC_MAX };
    for (unsigned i = 0; i < 3; i++)
        for (unsigned b = 0; b < 8; b++)
            blob[8 + 8 * i + b] = (uint8_t)(hdr[i] >> (8 * b));
    for (uint32_t k = 1; k <= CDLB_SEC_MAX; k++) {
        put_section(blob, k - 1, k, offset[k], counts[k]);
        uint8_t *p = blob + offset[k];
        for (uint64_t i = 0; i < counts[k]; i++) {
            switch (k) {
            case CDLB_SEC_OBJECTS: cdlb_put_object(p + i * 48, &x->objects.v[i]); break;
            case CDLB_SEC_CAPS: cdlb_put_cap(p + i * 32, &x->caps.v[i]); break;
            case CDLB_SEC_MAPPINGS: cdlb_put_mapping(p + i * 32, &x->maps.v[i]); break;
            case CDLB_SEC_VSPACES: cdlb_put_vspace(p + i * 8, &x->vspaces.v[i]); break;
            case CDLB_SEC_TCBS: cdlb_put_tcb(p + i * 128, &x->tcbs.v[i]); break;
            case CDLB_SEC_IRQS: cdlb_put_irq(p + i * 16, &x->irqs.v[i]); break;
            case CDLB_SEC_FILLS: cdlb_put_fill(p + i * 40, &x->fills.v[i]); break;
            case CDLB_SEC_COMPONENTS: cdlb_put_component(p + i * 40, &x->comps.v[i]); break;
            case CDLB_SEC_SUPERVISOR: cdlb_put_sup_cap(p + i * 16, &x->sup_caps.v[i]); break;
            case CDLB_SEC_RESTART: cdlb_put_restart(p + i * 8, &x->restarts.v[i]); break;
            default: i = counts[k]; memcpy(p, tables[k], counts[k]); break;
            }
        }
    }
    *size = at;
    return blob;
}

bool cdl_emit(const struct cdl_model *m, struct cdl_diag *d, const struct cdl_options *opt,
              uint8_t **blob, size_t *size)
{
    struct emitter x = { .m = m, .d = d, .opt = opt };
    uint32_t n = m->objects.n;
    bool ok = true;
    x.order = cdl_alloc(&x.a, ((size_t)n + 1) * sizeof *x.order);
    x.pos = cdl_alloc(&x.a, ((size_t)n + 1) * sizeof *x.pos);
    uint32_t *pool_of = cdl_alloc(&x.a, ((size_t)n + 1) * sizeof *pool_of);
    cdl_alloc_order(m, x.order);
    for (uint32_t i = 0; i < n; i++) {
        x.pos[x.order[i]] = i;
        pool_of[i] = CDL_NONE;
    }
    for (uint32_t i = 0; i < n; i++)
        if (m->objects.v[i].type == CDL_ASID_POOL)
            for (uint32_t s = 0; s < m->objects.v[i].slots.n; s++)
                pool_of[m->objects.v[i].slots.v[s].cap.obj] = i;
    append(&x, &x.strings, "", 1, 1);
    for (uint32_t k = 0; ok && k < n; k++) {
        uint32_t id = x.order[k];
        const struct cdl_object *o = &m->objects.v[id];
        struct cdlb_object *r = CDL_PUSH(&x.a, x.objects);
        memset(r, 0, sizeof *r);
        r->name = append(&x, &x.strings, o->name, strlen(o->name) + (o->index == CDL_NONE), 1);
        if (o->index != CDL_NONE) {
            char index[16];
            snprintf(index, sizeof index, "[%u]", o->index);
            append(&x, &x.strings, index, strlen(index) + 1, 1);
        }
        r->type = obj_type(o);
        r->size_bits = o->type == CDL_UT || o->type == CDL_CNODE
                           ? (o->type == CDL_UT ? o->mem_bits : o->size_bits) : 0;
        r->mem_bits = o->mem_bits;
        r->flags = o->has_paddr ? CDLB_OBJ_HAS_PADDR : 0;
        r->paddr = o->has_paddr ? o->paddr : 0;
        r->parent = o->parent == CDL_NONE ? CDLB_NONE : x.pos[o->parent];
        r->extra = CDLB_NONE;
        emit_caps(&x, id, r);
        if (o->type == CDL_FRAME)
            ok = emit_fills(&x, id, r);
        if (o->type == CDL_TCB)
            emit_tcb(&x, id, r);
    }
    for (uint32_t i = 0; ok && i < m->irqs.n; i++) {
        struct cdlb_object *r = &x.objects.v[x.pos[m->irqs.v[i].obj]];
        r->extra = x.irqs.n;
        *CDL_PUSH(&x.a, x.irqs) = (struct cdlb_irq){ m->irqs.v[i].number, x.pos[m->irqs.v[i].obj], 0 };
    }
    /* Derivation parents, now that every cap has its index. */
    for (uint32_t i = 0; ok && i < x.caps.n; i++) {
        const struct cdl_slot *s = cdl_slot_at(m, x.cap_src_obj.v[i], x.cap_src_slot.v[i]);
        if (s && s->cap.cdt_parent_obj != CDL_NONE)
            x.caps.v[i].cdt_parent =
                cdl_slotmap_get(&x.cap_index, s->cap.cdt_parent_obj, s->cap.cdt_parent_slot);
    }
    for (uint32_t k = 0; ok && k < n; k++) {
        const struct cdl_object *o = &m->objects.v[x.order[k]];
        if (o->type == CDL_PT && o->level == 2 && o->vspace == x.order[k])
            emit_vspace(&x, x.order[k], pool_of);
    }
    if (ok)
        emit_supervisor(&x, n);
    *blob = ok ? assemble(&x, size) : NULL;
    struct cdlb_view view;
    char err[160];
    if (*blob && !cdlb_check(*blob, *size, &view, err, sizeof err)) {
        cdl_error_plain(d, "internal error: the binary spec fails its own check: %s", err);
        free(*blob);
        *blob = NULL;
    }
    cdl_arena_free(&x.a);
    return *blob != NULL;
}
