/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Encoding and decoding of the binary spec's records (layout in
 * capdl/include/capdl/format.h), byte by byte so that neither the host's
 * endianness nor the blob's alignment matters. No libc: the loader links it.
 */
#include <capdl/format.h>

static void put(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void zero(uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = 0;
}

uint32_t cdlb_entry_size(uint32_t kind)
{
    switch (kind) {
    case CDLB_SEC_OBJECTS: return 48;
    case CDLB_SEC_CAPS: return 32;
    case CDLB_SEC_MAPPINGS: return 32;
    case CDLB_SEC_VSPACES: return 8;
    case CDLB_SEC_TCBS: return 128;
    case CDLB_SEC_IRQS: return 16;
    case CDLB_SEC_FILLS: return 40;
    case CDLB_SEC_COMPONENTS: return 40;
    case CDLB_SEC_SUPERVISOR: return 16;
    case CDLB_SEC_RESTART: return 8;
    case CDLB_SEC_STRINGS:
    case CDLB_SEC_DATA: return 1;
    default: return 0;
    }
}

void cdlb_put_object(uint8_t *p, const struct cdlb_object *o)
{
    zero(p, 48);
    put(p, o->name, 4);
    p[4] = o->type;
    p[5] = o->size_bits;
    p[6] = o->mem_bits;
    p[7] = o->flags;
    put(p + 8, o->parent, 4);
    put(p + 12, o->cap_first, 4);
    put(p + 16, o->cap_count, 4);
    put(p + 20, o->fill_first, 4);
    put(p + 24, o->fill_count, 4);
    put(p + 28, o->extra, 4);
    put(p + 32, o->paddr, 8);
}

void cdlb_object_at(const struct cdlb_view *v, uint32_t i, struct cdlb_object *o)
{
    const uint8_t *p = v->sec[CDLB_SEC_OBJECTS] + (uint64_t)i * 48;
    o->name = (uint32_t)get(p, 4);
    o->type = p[4];
    o->size_bits = p[5];
    o->mem_bits = p[6];
    o->flags = p[7];
    o->parent = (uint32_t)get(p + 8, 4);
    o->cap_first = (uint32_t)get(p + 12, 4);
    o->cap_count = (uint32_t)get(p + 16, 4);
    o->fill_first = (uint32_t)get(p + 20, 4);
    o->fill_count = (uint32_t)get(p + 24, 4);
    o->extra = (uint32_t)get(p + 28, 4);
    o->paddr = get(p + 32, 8);
    o->reserved = get(p + 40, 8);
}

void cdlb_put_cap(uint8_t *p, const struct cdlb_cap *c)
{
    zero(p, 32);
    put(p, c->slot, 8);
    put(p + 8, c->container, 4);
    put(p + 12, c->object, 4);
    p[16] = c->kind;
    p[17] = c->rights;
    p[18] = c->flags;
    p[19] = c->guard_size;
    put(p + 20, c->cdt_parent, 4);
    put(p + 24, c->data, 8);
}

void cdlb_cap_at(const struct cdlb_view *v, uint32_t i, struct cdlb_cap *c)
{
    const uint8_t *p = v->sec[CDLB_SEC_CAPS] + (uint64_t)i * 32;
    c->slot = get(p, 8);
    c->container = (uint32_t)get(p + 8, 4);
    c->object = (uint32_t)get(p + 12, 4);
    c->kind = p[16];
    c->rights = p[17];
    c->flags = p[18];
    c->guard_size = p[19];
    c->cdt_parent = (uint32_t)get(p + 20, 4);
    c->data = get(p + 24, 8);
}

void cdlb_put_mapping(uint8_t *p, const struct cdlb_mapping *m)
{
    zero(p, 32);
    put(p, m->vaddr, 8);
    put(p + 8, m->vspace, 4);
    put(p + 12, m->object, 4);
    p[16] = m->level;
    p[17] = m->rights;
    p[18] = m->flags;
    p[19] = m->kind;
}

void cdlb_mapping_at(const struct cdlb_view *v, uint32_t i, struct cdlb_mapping *m)
{
    const uint8_t *p = v->sec[CDLB_SEC_MAPPINGS] + (uint64_t)i * 32;
    m->vaddr = get(p, 8);
    m->vspace = (uint32_t)get(p + 8, 4);
    m->object = (uint32_t)get(p + 12, 4);
    m->level = p[16];
    m->rights = p[17];
    m->flags = p[18];
    m->kind = p[19];
    m->reserved0 = (uint32_t)get(p + 20, 4);
    m->reserved1 = get(p + 24, 8);
}

void cdlb_put_vspace(uint8_t *p, const struct cdlb_vspace *s)
{
    put(p, s->root, 4);
    put(p + 4, s->asid_pool, 4);
}

void cdlb_vspace_at(const struct cdlb_view *v, uint32_t i, struct cdlb_vspace *s)
{
    const uint8_t *p = v->sec[CDLB_SEC_VSPACES] + (uint64_t)i * 8;
    s->root = (uint32_t)get(p, 4);
    s->asid_pool = (uint32_t)get(p + 4, 4);
}

void cdlb_put_tcb(uint8_t *p, const struct cdlb_tcb *t)
{
    zero(p, 128);
    put(p, t->object, 4);
    p[4] = t->prio;
    p[5] = t->max_prio;
    p[6] = t->flags;
    p[7] = t->n_init;
    put(p + 8, t->ipc_buffer, 8);
    put(p + 16, t->ip, 8);
    put(p + 24, t->sp, 8);
    put(p + 32, t->fault_ep, 8);
    put(p + 40, t->affinity, 4);
    put(p + 44, t->domain, 4);
    for (unsigned i = 0; i < 8; i++)
        put(p + 48 + 8 * i, t->init[i], 8);
}

void cdlb_tcb_at(const struct cdlb_view *v, uint32_t i, struct cdlb_tcb *t)
{
    const uint8_t *p = v->sec[CDLB_SEC_TCBS] + (uint64_t)i * 128;
    t->object = (uint32_t)get(p, 4);
    t->prio = p[4];
    t->max_prio = p[5];
    t->flags = p[6];
    t->n_init = p[7];
    t->ipc_buffer = get(p + 8, 8);
    t->ip = get(p + 16, 8);
    t->sp = get(p + 24, 8);
    t->fault_ep = get(p + 32, 8);
    t->affinity = (uint32_t)get(p + 40, 4);
    t->domain = (uint32_t)get(p + 44, 4);
    for (unsigned k = 0; k < 8; k++)
        t->init[k] = get(p + 48 + 8 * k, 8);
    t->reserved[0] = get(p + 112, 8);
    t->reserved[1] = get(p + 120, 8);
}

void cdlb_put_irq(uint8_t *p, const struct cdlb_irq *q)
{
    zero(p, 16);
    put(p, q->number, 8);
    put(p + 8, q->object, 4);
}

void cdlb_irq_at(const struct cdlb_view *v, uint32_t i, struct cdlb_irq *q)
{
    const uint8_t *p = v->sec[CDLB_SEC_IRQS] + (uint64_t)i * 16;
    q->number = get(p, 8);
    q->object = (uint32_t)get(p + 8, 4);
    q->reserved = (uint32_t)get(p + 12, 4);
}

void cdlb_put_fill(uint8_t *p, const struct cdlb_fill *f)
{
    put(p, f->frame, 4);
    put(p + 4, f->kind, 4);
    put(p + 8, f->dest_offset, 8);
    put(p + 16, f->length, 8);
    put(p + 24, f->source, 8);
    put(p + 32, f->bootinfo_id, 8);
}

void cdlb_fill_at(const struct cdlb_view *v, uint32_t i, struct cdlb_fill *f)
{
    const uint8_t *p = v->sec[CDLB_SEC_FILLS] + (uint64_t)i * 40;
    f->frame = (uint32_t)get(p, 4);
    f->kind = (uint32_t)get(p + 4, 4);
    f->dest_offset = get(p + 8, 8);
    f->length = get(p + 16, 8);
    f->source = get(p + 24, 8);
    f->bootinfo_id = get(p + 32, 8);
}

void cdlb_put_component(uint8_t *p, const struct cdlb_component *c)
{
    zero(p, 40);
    put(p, c->name, 4);
    put(p + 4, c->tcb, 4);
    put(p + 8, c->cnode, 4);
    put(p + 12, c->vspace, 4);
    p[16] = c->prio;
    p[17] = c->flags;
    put(p + 20, c->restart_first, 4);
    put(p + 24, c->restart_count, 4);
    put(p + 32, c->fault_badge, 8);
}

void cdlb_component_at(const struct cdlb_view *v, uint32_t i, struct cdlb_component *c)
{
    const uint8_t *p = v->sec[CDLB_SEC_COMPONENTS] + (uint64_t)i * 40;
    c->name = (uint32_t)get(p, 4);
    c->tcb = (uint32_t)get(p + 4, 4);
    c->cnode = (uint32_t)get(p + 8, 4);
    c->vspace = (uint32_t)get(p + 12, 4);
    c->prio = p[16];
    c->flags = p[17];
    c->reserved0 = (uint16_t)get(p + 18, 2);
    c->restart_first = (uint32_t)get(p + 20, 4);
    c->restart_count = (uint32_t)get(p + 24, 4);
    c->reserved1 = (uint32_t)get(p + 28, 4);
    c->fault_badge = get(p + 32, 8);
}

void cdlb_put_sup_cap(uint8_t *p, const struct cdlb_sup_cap *c)
{
    put(p, c->kind, 4);
    put(p + 4, c->object, 4);
    put(p + 8, c->badge, 8);
}

void cdlb_sup_cap_at(const struct cdlb_view *v, uint32_t i, struct cdlb_sup_cap *c)
{
    const uint8_t *p = v->sec[CDLB_SEC_SUPERVISOR] + (uint64_t)i * 16;
    c->kind = (uint32_t)get(p, 4);
    c->object = (uint32_t)get(p + 4, 4);
    c->badge = get(p + 8, 8);
}

void cdlb_put_restart(uint8_t *p, const struct cdlb_restart *r)
{
    put(p, r->frame, 4);
    put(p + 4, r->component, 4);
}

void cdlb_restart_at(const struct cdlb_view *v, uint32_t i, struct cdlb_restart *r)
{
    const uint8_t *p = v->sec[CDLB_SEC_RESTART] + (uint64_t)i * 8;
    r->frame = (uint32_t)get(p, 4);
    r->component = (uint32_t)get(p + 4, 4);
}

const char *cdlb_string(const struct cdlb_view *v, uint32_t offset)
{
    return (const char *)v->sec[CDLB_SEC_STRINGS] + offset;
}
