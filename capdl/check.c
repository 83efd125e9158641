/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The check pass: everything that makes a spec impossible to build on a
 * riscv64 non-MCS Conductor/seL4, reported where it is written. Here:
 * objects (sizes, addresses, TCB parameters, fills) and caps (slots that do
 * not exist, parameters and rights a cap type does not have, badges on caps
 * that cannot carry one, guards that do not fit, what each kind of slot may
 * hold). check_space.c does VSpaces, untyped covers, IRQs and the cdt.
 */
#include <errno.h>
#include <string.h>
#include "check.h"
#include "parse_util.h"

const char *cdl_size_text(unsigned bits, char *buf, size_t size)
{
    if (bits >= 30 && bits < 40)
        snprintf(buf, size, "%lluG", 1ULL << (bits - 30));
    else if (bits >= 20 && bits < 30)
        snprintf(buf, size, "%lluM", 1ULL << (bits - 20));
    else if (bits >= 10 && bits < 20)
        snprintf(buf, size, "%lluk", 1ULL << (bits - 10));
    else
        snprintf(buf, size, "2^%u bytes", bits);
    return buf;
}

/* ---- Objects -------------------------------------------------------------------- */

struct file_size {
    const char *name;
    long long size;   /* -1: unreadable, errno in err */
    int err;
};

struct file_cache {
    struct file_size *v;
    uint32_t n, cap;
};

static long long file_size(struct cdl_checker *c, struct file_cache *cache,
                           const struct cdl_source *src, const char *name, int *err)
{
    for (uint32_t i = 0; i < cache->n; i++) {
        if (strcmp(cache->v[i].name, name) == 0) {
            *err = cache->v[i].err;
            return cache->v[i].size;
        }
    }
    struct file_size *f = CDL_PUSH(&c->tmp, *cache);
    f->name = name;
    size_t len = 0;
    f->err = 0;
    /* Read once (and cached): the emitter will want the bytes anyway. */
    f->size = cdl_load_file(&c->tmp, c->opt, src, name, &len, &f->err) ? (long long)len : -1;
    *err = f->err;
    return f->size;
}

static void check_fills(struct cdl_checker *c, const struct cdl_object *o,
                        struct file_cache *cache)
{
    char buf[32];
    uint64_t size = o->size_bits < 64 ? 1ULL << o->size_bits : UINT64_MAX;
    for (uint32_t i = 0; i < o->fills.n; i++) {
        const struct cdl_fill *f = &o->fills.v[i];
        if (f->dest_off > size || f->len > size - f->dest_off) {
            cdl_error(c->d, f->loc, "fill [%llu, %llu) is outside the %s frame",
                      (unsigned long long)f->dest_off,
                      (unsigned long long)(f->dest_off + f->len),
                      cdl_size_text(o->size_bits, buf, sizeof buf));
            continue;
        }
        if (f->kind != CDL_FILL_DATA || (!c->opt->allow_files && !c->opt->fake_file))
            continue;
        int err;
        long long fs = file_size(c, cache, f->loc.src, f->file, &err);
        if (fs < 0)
            cdl_error(c->d, f->loc, "cannot read '%s': %s", f->file, strerror(err));
        else if (f->file_off > (uint64_t)fs || f->len > (uint64_t)fs - f->file_off)
            cdl_error(c->d, f->loc, "fill reads past the end of '%s' (%lld bytes)", f->file, fs);
    }
}

static void check_tcb(struct cdl_checker *c, const struct cdl_object *o)
{
    const struct cdl_tcb *t = o->tcb;
    if ((t->present >> CDL_T_PRIO & 1) && t->prio > 255)
        cdl_error(c->d, t->loc[CDL_T_PRIO], "%s %llu is out of range (0..255)", "prio",
                  (unsigned long long)t->prio);
    if ((t->present >> CDL_T_MAX_PRIO & 1) && t->max_prio > 255)
        cdl_error(c->d, t->loc[CDL_T_MAX_PRIO], "%s %llu is out of range (0..255)", "max_prio",
                  (unsigned long long)t->max_prio);
    if (t->dom)
        cdl_error(c->d, t->loc[CDL_T_DOM], "domain %llu does not exist (there is one domain)",
                  (unsigned long long)t->dom);
    if (t->affinity)
        cdl_error(c->d, t->loc[CDL_T_AFFINITY],
                  "affinity %llu: threads run on the boot hart (affinity 0)",
                  (unsigned long long)t->affinity);
    if ((t->present >> CDL_T_ADDR & 1) && (t->addr & 1023))
        cdl_error(c->d, t->loc[CDL_T_ADDR], "IPC buffer address 0x%llx is not 1 KiB aligned",
                  (unsigned long long)t->addr);
}

static void check_object(struct cdl_checker *c, struct cdl_object *o, struct file_cache *cache)
{
    char buf[32], label[96];
    switch (o->type) {
    case CDL_EP: o->mem_bits = 4; break;
    case CDL_NTFN: o->mem_bits = 5; break;
    case CDL_TCB: o->mem_bits = 11; check_tcb(c, o); break;
    case CDL_PT:
    case CDL_ASID_POOL: o->mem_bits = 12; break;
    case CDL_IRQ: o->mem_bits = 0; break;
    case CDL_CNODE:
        if (!o->has_size)
            cdl_error(c->d, o->loc, "cnode '%s' needs a size: cnode (N bits)", o->name);
        else if (o->size_bits < 1 || o->size_bits > 33)
            cdl_error(c->d, o->size_loc, "cnode size %u bits is out of range (1..33)",
                      o->size_bits);
        else
            o->mem_bits = (uint8_t)(o->size_bits + 5);
        break;
    case CDL_UT:
        if (o->has_size && (o->size_bits < 4 || o->size_bits > 38))
            cdl_error(c->d, o->size_loc, "untyped size %u bits is out of range (4..38)",
                      o->size_bits);
        else if (o->has_size)
            o->mem_bits = o->size_bits;
        break;
    case CDL_FRAME:
        if (!o->has_size)
            cdl_error(c->d, o->loc, "frame '%s' needs a size (4k, 2M or 1G)", o->name);
        else if (o->size_bits != 12 && o->size_bits != 21 && o->size_bits != 30)
            cdl_error(c->d, o->size_loc, "frame size %s does not exist on riscv (4k, 2M or 1G)",
                      cdl_size_text(o->size_bits, buf, sizeof buf));
        else
            o->mem_bits = o->size_bits;
        check_fills(c, o, cache);
        break;
    }
    if (o->has_paddr && o->mem_bits && (o->paddr & ((1ULL << o->mem_bits) - 1)))
        cdl_error(c->d, o->paddr_loc, "paddr 0x%llx of '%s' is not aligned to its size (%s)",
                  (unsigned long long)o->paddr, o->name,
                  cdl_size_text(o->mem_bits, buf, sizeof buf));
    if (o->parent != CDL_NONE && o->type == CDL_IRQ)
        cdl_error(c->d, o->parent_loc, "'%s' is an irq: an untyped cannot cover it",
                  cdl_obj_label(c->m, (uint32_t)(o - c->m->objects.v), label, sizeof label));
}

/* ---- Caps -------------------------------------------------------------------------- */

static const char *const cap_param_names[CDL_NPARAMS] = {
    [CDL_P_RIGHTS] = "rights", [CDL_P_MASKED] = "masked", [CDL_P_BADGE] = "badge",
    [CDL_P_GUARD] = "guard", [CDL_P_GUARD_SIZE] = "guard_size", [CDL_P_REPLY] = "reply",
    [CDL_P_MASTER_REPLY] = "master_reply", [CDL_P_ASID] = "asid", [CDL_P_CACHED] = "cached",
    [CDL_P_UNCACHED] = "uncached", [CDL_P_EXECUTABLE] = "executable",
    [CDL_P_EXECUTE_NEVER] = "execute_never", [CDL_P_MAPPING] = "mapping",
    [CDL_P_CORE] = "core",
};

#define BIT(p) (1u << (p))

/* Parameters each cap type may have (masked comes with copies). */
static uint32_t allowed_params(uint8_t type)
{
    uint32_t always = BIT(CDL_P_MASKED);
    switch (type) {
    case CDL_EP:
    case CDL_NTFN: return always | BIT(CDL_P_RIGHTS) | BIT(CDL_P_BADGE);
    case CDL_TCB: return always | BIT(CDL_P_REPLY) | BIT(CDL_P_MASTER_REPLY);
    case CDL_CNODE: return always | BIT(CDL_P_GUARD) | BIT(CDL_P_GUARD_SIZE);
    case CDL_FRAME:
        return always | BIT(CDL_P_RIGHTS) | BIT(CDL_P_ASID) | BIT(CDL_P_CACHED) |
               BIT(CDL_P_UNCACHED) | BIT(CDL_P_EXECUTABLE) | BIT(CDL_P_EXECUTE_NEVER) |
               BIT(CDL_P_MAPPING);
    case CDL_PT: return always | BIT(CDL_P_ASID);
    default: return always;
    }
}

static void check_rights(struct cdl_checker *c, const struct cdl_cap *cap, uint8_t type)
{
    static const struct {
        uint8_t bit;
        char c;
    } letters[] = { { CDL_R, 'R' }, { CDL_W, 'W' }, { CDL_G, 'G' }, { CDL_X, 'X' }, { CDL_P, 'P' } };
    /* G on a frame is how older capDL wrote X; G and P on a notification
     * are dropped by the kernel (seL4 masks them away), so only warn. */
    uint8_t ok = type == CDL_EP ? CDL_R | CDL_W | CDL_G | CDL_P
               : type == CDL_NTFN ? CDL_R | CDL_W
               : CDL_R | CDL_W | CDL_X | CDL_G;
    uint8_t warn = type == CDL_NTFN ? CDL_G | CDL_P : 0;
    struct cdl_loc loc = cap->params->loc[CDL_P_RIGHTS];
    for (size_t i = 0; i < sizeof letters / sizeof *letters; i++) {
        uint8_t b = letters[i].bit;
        if (!(cap->params->rights & b) || (ok & b))
            continue;
        if (warn & b)
            cdl_warning(c->d, loc, "right '%c' has no effect on a %s cap", letters[i].c,
                        cdl_type_name(type));
        else
            cdl_error(c->d, loc, "right '%c' does not exist for a %s cap", letters[i].c,
                      cdl_type_name(type));
    }
}

static void check_params(struct cdl_checker *c, const struct cdl_cap *cap, uint8_t type,
                         const char *what)
{
    const struct cdl_capparams *p = cap->params;
    uint32_t bad = p->present & ~(type < CDL_NTYPES ? allowed_params(type) : BIT(CDL_P_MASKED));
    for (unsigned i = 0; i < CDL_NPARAMS; i++) {
        if (!(bad >> i & 1))
            continue;
        if (i == CDL_P_BADGE)
            cdl_error(c->d, p->loc[i], "a %s cap cannot carry a badge", what);
        else if (i == CDL_P_RIGHTS)
            cdl_error(c->d, p->loc[i], "rights do not apply to a %s cap", what);
        else
            cdl_error(c->d, p->loc[i], "parameter '%s' does not apply to a %s cap",
                      cap_param_names[i], what);
    }
    if (type >= CDL_NTYPES)
        return;
    if ((p->present & BIT(CDL_P_RIGHTS)) && !(bad & BIT(CDL_P_RIGHTS)))
        check_rights(c, cap, type);
    if ((p->present & BIT(CDL_P_REPLY)) && (p->present & BIT(CDL_P_MASTER_REPLY)))
        cdl_error(c->d, p->loc[CDL_P_MASTER_REPLY], "a cap cannot be both reply and master_reply");
    if ((p->present & (BIT(CDL_P_REPLY) | BIT(CDL_P_MASTER_REPLY))) && type == CDL_TCB)
        cdl_warning(c->d, cap->loc, "reply caps are not created by the loader (ignored)");
}

/* What a slot of each container may hold: a type mask, and how to say it. */
static bool slot_accepts(const struct cdl_object *box, uint64_t slot, uint8_t type,
                         const char **want)
{
    switch (box->type) {
    case CDL_TCB:
        switch (slot) {
        case CDL_TCB_CSPACE: *want = "cnode"; return type == CDL_CNODE;
        case CDL_TCB_VSPACE: *want = "pt"; return type == CDL_PT;
        case CDL_TCB_REPLY:
        case CDL_TCB_CALLER: *want = "tcb (reply)"; return type == CDL_TCB;
        case CDL_TCB_IPC_BUFFER: *want = "frame"; return type == CDL_FRAME;
        case CDL_TCB_FAULT_EP: *want = "ep"; return type == CDL_EP;
        default: *want = "notification"; return type == CDL_NTFN;
        }
    case CDL_PT: *want = "frame or pt"; return type == CDL_FRAME || type == CDL_PT;
    case CDL_ASID_POOL: *want = "pt"; return type == CDL_PT;
    case CDL_IRQ: *want = "notification"; return type == CDL_NTFN;
    default: *want = "any"; return true;
    }
}

static void check_cap(struct cdl_checker *c, uint32_t box_id, const struct cdl_slot *s)
{
    const struct cdl_object *box = &c->m->objects.v[box_id];
    const struct cdl_cap *cap = &s->cap;
    char label[96];
    uint64_t limit = cdl_slot_limit(box);
    const char *sym = box->type == CDL_TCB ? cdl_tcb_slot_name(s->index) : NULL;
    if (box->type == CDL_TCB && (s->index == CDL_TCB_SC || s->index == CDL_TCB_TEMP_FAULT_EP ||
                                 s->index == CDL_TCB_BOUND_VCPU)) {
        cdl_error(c->d, cap->loc, "tcb slot %s does not exist on riscv non-MCS", sym);
        return;
    }
    if ((box->type != CDL_CNODE || box->has_size) && s->index >= limit) {
        cdl_error(c->d, cap->loc, "slot %llu is outside '%s' (%llu slots)",
                  (unsigned long long)s->index, cdl_obj_label(c->m, box_id, label, sizeof label),
                  (unsigned long long)limit);
        return;
    }
    static const char *const reserved[] = {
        [CDL_CAP_IRQ_CONTROL] = "irq_control", [CDL_CAP_ASID_CONTROL] = "asid_control",
        [CDL_CAP_DOMAIN] = "domain", [CDL_CAP_SCHED_CONTROL] = "sched_control",
        [CDL_CAP_IO_SPACE_MASTER] = "io_space_master",
        [CDL_CAP_SYSTEM_CONTROL] = "system_control",
    };
    if (cap->kind == CDL_CAP_SCHED_CONTROL || cap->kind == CDL_CAP_IO_SPACE_MASTER) {
        cdl_error(c->d, cap->loc, "%s does not exist on riscv non-MCS", reserved[cap->kind]);
        return;
    }
    uint8_t type = cap->kind == CDL_CAP_OBJ ? c->m->objects.v[cap->obj].type : CDL_NTYPES;
    const char *what = type < CDL_NTYPES ? cdl_type_name(type)
                       : cap->kind < CDL_CAP_COPY ? reserved[cap->kind] : "?";
    check_params(c, cap, type, what);
    const char *want;
    if (box->type != CDL_CNODE && !slot_accepts(box, s->index, type, &want)) {
        char slotname[32];
        if (sym)
            snprintf(slotname, sizeof slotname, "%s", sym);
        else
            snprintf(slotname, sizeof slotname, "%llu", (unsigned long long)s->index);
        cdl_error(c->d, cap->loc, "slot %s of %s '%s' cannot hold a %s cap (only %s)", slotname,
                  cdl_type_name(box->type), cdl_obj_label(c->m, box_id, label, sizeof label),
                  what, want);
    }
    if (type == CDL_CNODE && c->m->objects.v[cap->obj].has_size) {
        const struct cdl_capparams *p = cap->params;
        unsigned radix = c->m->objects.v[cap->obj].size_bits;
        if (p->guard_size > 64 || p->guard_size + radix > 64)
            cdl_error(c->d, p->loc[CDL_P_GUARD_SIZE], "guard_size %llu + radix %u exceeds 64 bits",
                      (unsigned long long)p->guard_size, radix);
        else if (p->guard_size < 64 && (p->guard >> p->guard_size))
            cdl_error(c->d, p->loc[CDL_P_GUARD], "guard 0x%llx does not fit in guard_size %llu bits",
                      (unsigned long long)p->guard, (unsigned long long)p->guard_size);
    }
    if (cap->cdt_parent_obj != CDL_NONE &&
        !cdl_slot_at(c->m, cap->cdt_parent_obj, cap->cdt_parent_slot))
        cdl_error(c->d, cap->loc, "derivation parent: slot %llu of '%s' is empty",
                  (unsigned long long)cap->cdt_parent_slot,
                  cdl_obj_label(c->m, cap->cdt_parent_obj, label, sizeof label));
}

static void check_runnable(struct cdl_checker *c, uint32_t id)
{
    const struct cdl_object *o = &c->m->objects.v[id];
    if (!(o->tcb->present & (BIT(CDL_T_IP) | BIT(CDL_T_SP))))
        return;
    char label[96];
    if (!cdl_slot_at(c->m, id, CDL_TCB_CSPACE))
        cdl_warning(c->d, o->loc, "tcb '%s' has no cspace: it cannot run",
                    cdl_obj_label(c->m, id, label, sizeof label));
    if (!cdl_slot_at(c->m, id, CDL_TCB_VSPACE))
        cdl_warning(c->d, o->loc, "tcb '%s' has no vspace: it cannot run",
                    cdl_obj_label(c->m, id, label, sizeof label));
}

bool cdl_check(struct cdl_model *m, struct cdl_diag *d, const struct cdl_options *opt,
               const struct platform_info *plat)
{
    struct cdl_checker c = { .m = m, .d = d, .opt = opt, .plat = plat };
    unsigned before = d->errors;
    struct file_cache cache = { 0 };
    for (uint32_t i = 0; i < m->objects.n; i++)
        check_object(&c, &m->objects.v[i], &cache);
    for (uint32_t i = 0; i < m->objects.n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        for (uint32_t s = 0; s < o->slots.n; s++)
            check_cap(&c, i, &o->slots.v[s]);
        if (o->type == CDL_TCB)
            check_runnable(&c, i);
    }
    cdl_check_irqs(&c);
    cdl_check_cdt(&c);
    if (d->errors == before)   /* levels and sizes need sound objects */
        cdl_check_vspaces(&c);
    if (d->errors == before)
        cdl_check_untypeds(&c);
    cdl_arena_free(&c.tmp);
    return d->errors == before;
}
