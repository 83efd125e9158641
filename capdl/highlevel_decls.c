/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expansion of the high-level form, part two: channels (an endpoint: servers
 * receive, clients send and call), notifications, shared memory, devices
 * (frames at the physical address of the node's reg, an IRQ object for its
 * interrupt with a notification to signal), fault handlers and control caps;
 * then every component's caps are placed in its CNode.
 */
#include <string.h>
#include "highlevel.h"

static const char *const role_names[] = {
    [HL_SERVER] = "server", [HL_CLIENT] = "client", [HL_WAITER] = "waiter",
    [HL_SIGNALLER] = "signaller", [HL_MAP] = "map", [HL_IRQ] = "irq",
    [HL_FAULT] = "fault_handler", [HL_CONTROL] = "control",
};

void hl_give(struct expander *x, uint32_t comp, struct cdl_cap cap, const struct hl_ref *r)
{
    struct hl_pending *pc = CDL_PUSH(&x->m->arena, x->st[comp].caps);
    *pc = (struct hl_pending){ cap, r->has_slot, r->slot, CDL_NONE };
}

bool hl_bind(struct expander *x, uint32_t comp, const struct cdl_cap *cap, struct cdl_loc loc)
{
    uint32_t tcb = x->st[comp].tcb;
    uint32_t at = cdl_slotmap_get(&x->m->slotmap, tcb, CDL_TCB_BOUND_NOTIFICATION);
    if (at == CDL_NONE)
        return cdl_put_cap(x->m, x->d, tcb, CDL_TCB_BOUND_NOTIFICATION, cap);
    const struct cdl_cap *old = &x->m->objects.v[tcb].slots.v[at].cap;
    const char *name = x->m->objects.v[old->obj].name;
    const char *c = x->spec->comps.v[comp].name;
    cdl_error(x->d, loc, "'%s' already has a bound notification ('%s', line %u), and a thread "
                         "has one: bind one notification and let the IRQ signal it with a badge "
                         "(irq: %s (notification: NAME, badge: N))", c, name, old->loc.line, c);
    return false;
}

/* The cap a channel or notification role gives its component: `rights` is
 * the role's default unless the reference names rights; a badge if given;
 * bound to the component's TCB when the role says `bind`. */
bool hl_give_role(struct expander *x, uint32_t comp, uint32_t obj, uint8_t rights,
                  const struct hl_ref *r)
{
    if (r->has_rights)
        rights = r->rights;
    struct cdl_capparams *p = hl_params(x, rights, r->loc);
    if (r->has_badge) {
        p->present |= 1u << CDL_P_BADGE;
        p->badge = r->badge;
    }
    struct cdl_cap cap = hl_cap(obj, p, r->loc);
    hl_give(x, comp, cap, r);
    return !r->bind || hl_bind(x, comp, &cap, r->loc);
}

/* Options that make no sense for a role are errors, not silently dropped. */
static bool check_opts(struct expander *x, const struct hl_ref *r, bool slot, bool badge,
                       bool grant, bool bind)
{
    const char *bad = r->has_slot && !slot ? "slot" : r->has_badge && !badge ? "badge"
                      : r->grant && !grant ? "grant" : r->bind && !bind ? "bind" : NULL;
    if (!bad)
        return true;
    cdl_error(x->d, r->loc, "option '%s' does not apply to a %s", bad, role_names[r->role]);
    return false;
}

static bool build_endpoint(struct expander *x, const struct hl_decl *d)
{
    bool ntfn = d->kind == HL_NOTIFICATION;
    uint32_t obj = hl_add(x, d->name, ntfn ? CDL_NTFN : CDL_EP, 0, d->loc);
    if (obj == CDL_NONE)
        return false;
    for (uint32_t i = 0; i < d->refs.n; i++) {
        const struct hl_ref *r = &d->refs.v[i];
        uint32_t comp = hl_comp(x, r->comp, r->loc);
        bool sender = r->role == HL_CLIENT || r->role == HL_SIGNALLER;
        if (comp == CDL_NONE ||
            !check_opts(x, r, true, sender, !ntfn, r->role == HL_WAITER))
            return false;
        /* A client calls: Write, plus GrantReply so that the server can
         * answer. Grant (cap transfer) only when asked for. */
        uint8_t rights = r->role == HL_SERVER || r->role == HL_WAITER ? CDL_R
                         : ntfn ? CDL_W : CDL_W | CDL_P;
        if (r->grant)
            rights |= CDL_G;
        if (!hl_give_role(x, comp, obj, rights, r))
            return false;
    }
    return true;
}

/* map: COMP at ADDRESS (rights): frames first..first+n-1, consecutive pages. */
static bool build_maps(struct expander *x, const struct hl_decl *d, const uint32_t *frames,
                       uint32_t n, const char *what)
{
    for (uint32_t i = 0; i < d->refs.n; i++) {
        const struct hl_ref *r = &d->refs.v[i];
        if (r->role != HL_MAP)
            continue;
        uint32_t comp = hl_comp(x, r->comp, r->loc);
        if (comp == CDL_NONE || !check_opts(x, r, false, false, false, false) ||
            !hl_claim(x, comp, r->vaddr, (uint64_t)n * HL_PAGE, what, r->loc))
            return false;
        uint8_t rights = r->has_rights ? r->rights : CDL_R | CDL_W;
        for (uint32_t k = 0; k < n; k++)
            if (!hl_map_page(x, comp, r->vaddr + k * HL_PAGE, frames[k], rights,
                             !(rights & CDL_X), r->loc))
                return false;
    }
    return true;
}

static bool build_shared(struct expander *x, const struct hl_decl *d)
{
    if (!d->size || d->size % HL_PAGE || d->size > (1ULL << 30)) {
        cdl_error(x->d, d->size_loc, "size %llu of '%s' must be a multiple of 4k from 4k to 1G",
                  (unsigned long long)d->size, d->name);
        return false;
    }
    uint32_t n = (uint32_t)(d->size / HL_PAGE);
    uint32_t first = cdl_add_objects(x->m, x->d, d->name, n, CDL_FRAME, d->loc, true);
    if (first == CDL_NONE)
        return false;
    uint32_t *frames = cdl_alloc(&x->m->arena, n * sizeof *frames);
    for (uint32_t k = 0; k < n; k++) {
        x->m->objects.v[first + k].has_size = true;
        x->m->objects.v[first + k].size_bits = 12;
        frames[k] = first + k;
    }
    return build_maps(x, d, frames, n, hl_fmt(x, "shared memory '%s'", d->name));
}

static bool device_node(struct expander *x, const struct hl_decl *d, int *node)
{
    if (!x->dtb_blob) {
        cdl_error(x->d, d->path_loc, "device tree path '%s' needs --dtb FILE", d->path);
        return false;
    }
    struct dtb_error err;
    if (!x->dtb_open && !dtb_open(&x->dtb, x->dtb_blob, x->dtb_size, &err)) {
        cdl_error(x->d, d->path_loc, "the device tree: %s", err.message);
        return false;
    }
    x->dtb_open = true;
    const char *path = d->path;
    if (d->path_stdout) {
        /* As the kernel finds its console: stdout-path, options after ':'
         * ignored, an alias or a full path. */
        int chosen = dtb_find_path(&x->dtb, "/chosen", 7);
        if (chosen == DTB_NONE || (!dtb_get_string(&x->dtb, chosen, "stdout-path", &path) &&
                                   !dtb_get_string(&x->dtb, chosen, "linux,stdout-path", &path))) {
            cdl_error(x->d, d->path_loc, "path: stdout, but the device tree has no "
                                         "/chosen/stdout-path");
            return false;
        }
    }
    *node = dtb_find_path(&x->dtb, path, strlen(path));
    if (*node == DTB_NONE && d->path_stdout) {
        cdl_error(x->d, d->path_loc, "no node '%s' (/chosen/stdout-path) in the device tree", path);
        return false;
    }
    if (*node == DTB_NONE) {
        cdl_error(x->d, d->path_loc, "no node '%s' in the device tree", d->path);
        return false;
    }
    return true;
}

/* The device's registers and interrupt: from its node, or as written. */
static bool device_info(struct expander *x, const struct hl_decl *d, uint64_t *base,
                        uint64_t *size, uint64_t *irq, bool need_irq)
{
    *base = d->paddr;
    *size = d->has_size ? d->size : HL_PAGE;
    *irq = d->interrupt;
    int node = DTB_NONE;
    if (d->path && !device_node(x, d, &node))
        return false;
    struct dtb_reg reg;
    if (node != DTB_NONE && !d->has_paddr) {
        if (dtb_reg_open(&x->dtb, node, DTB_NONE, &reg) != DTB_REG_OK ||
            !dtb_reg_get(&reg, 0, base, size) || !*size) {
            cdl_error(x->d, d->path_loc, "'%s' has no usable reg in the device tree", d->path);
            return false;
        }
        if (d->has_size)
            *size = d->size;
    }
    if (!need_irq || d->has_interrupt)
        return true;
    struct dtb_prop prop;
    uint32_t v;
    if (node != DTB_NONE &&
        ((dtb_get_prop(&x->dtb, node, "interrupts", &prop) && dtb_prop_u32(&prop, 0, &v)) ||
         (dtb_get_prop(&x->dtb, node, "interrupts-extended", &prop) &&
          dtb_prop_u32(&prop, 1, &v)))) {
        *irq = v;
        return true;
    }
    cdl_error(x->d, d->loc, "device '%s' has no interrupt (write interrupt: N)", d->name);
    return false;
}

/* The kernel signals the IRQ's notification through the IRQ's cap to it:
 * Write, and the irq entry's badge if it has one. */
static bool irq_signal(struct expander *x, uint32_t q, uint32_t nt, const struct hl_ref *r)
{
    struct cdl_capparams *p = hl_params(x, CDL_W, r->loc);
    if (r->has_badge) {
        p->present |= 1u << CDL_P_BADGE;
        p->badge = r->badge;
    }
    struct cdl_cap signal = hl_cap(nt, p, r->loc);
    return cdl_put_cap(x->m, x->d, q, 0, &signal);
}

static bool build_device(struct expander *x, const struct hl_decl *d)
{
    bool need_irq = false;
    for (uint32_t i = 0; i < d->refs.n; i++)
        need_irq |= d->refs.v[i].role == HL_IRQ;
    uint64_t base, size, irq;
    if (!device_info(x, d, &base, &size, &irq, need_irq))
        return false;
    uint64_t lo = base & ~(HL_PAGE - 1);
    if (size > (1ULL << 30) || base + size < base) {
        cdl_error(x->d, d->loc, "device '%s' is larger than 1G", d->name);
        return false;
    }
    uint64_t hi = (base + size + HL_PAGE - 1) & ~(HL_PAGE - 1);
    uint32_t n = (uint32_t)((hi - lo) / HL_PAGE);
    uint32_t *frames = cdl_alloc(&x->m->arena, (n + 1) * sizeof *frames);
    for (uint32_t k = 0; k < n; k++) {
        frames[k] = hl_add(x, hl_fmt(x, "%s_%u", d->name, k), CDL_FRAME, 12, d->loc);
        if (frames[k] == CDL_NONE)
            return false;
        x->m->objects.v[frames[k]].has_paddr = true;
        x->m->objects.v[frames[k]].paddr = lo + k * HL_PAGE;
        x->m->objects.v[frames[k]].paddr_loc = d->path ? d->path_loc : d->paddr_loc;
    }
    if (!build_maps(x, d, frames, n, hl_fmt(x, "device '%s'", d->name)))
        return false;
    if (!need_irq)
        return true;
    /* One irq entry: the IRQ signals one notification through one cap. */
    const struct hl_ref *r = NULL;
    for (uint32_t i = 0; i < d->refs.n; i++) {
        if (d->refs.v[i].role != HL_IRQ)
            continue;
        if (r) {
            cdl_error(x->d, d->refs.v[i].loc, "device '%s' has one irq entry (its IRQ signals "
                                              "one notification)", d->name);
            return false;
        }
        r = &d->refs.v[i];
    }
    uint32_t comp = hl_comp(x, r->comp, r->loc);
    if (comp == CDL_NONE || !check_opts(x, r, true, true, false, true))
        return false;
    if (r->bind && r->ntfn) {
        cdl_error(x->d, r->loc, "irq takes bind or notification: %s, not both (whether '%s' is "
                                "bound is its waiter's option)", r->ntfn, r->ntfn);
        return false;
    }
    uint32_t q = hl_add(x, hl_fmt(x, "%s_irq", d->name), CDL_IRQ, 0, d->loc);
    if (q == CDL_NONE)
        return false;
    struct cdl_irq *e = CDL_PUSH(&x->m->arena, x->m->irqs);
    *e = (struct cdl_irq){ irq, q, d->loc };
    hl_give(x, comp, hl_cap(q, NULL, r->loc), r);
    if (r->ntfn) {
        *CDL_PUSH(&x->m->arena, x->irq_links) = (struct hl_irq_link){ q, comp, r };
        return true;
    }
    uint32_t nt = hl_add(x, hl_fmt(x, "%s_ntfn", d->name), CDL_NTFN, 0, d->loc);
    if (nt == CDL_NONE || !irq_signal(x, q, nt, r))
        return false;
    /* The driver waits on it (Read) in the slot after the handler's. */
    struct hl_ref next = *r;
    next.slot = r->slot + 1;
    struct cdl_cap wait = hl_cap(nt, hl_params(x, CDL_R, r->loc), r->loc);
    hl_give(x, comp, wait, &next);
    return !r->bind || hl_bind(x, comp, &wait, r->loc);
}

bool hl_link_irqs(struct expander *x)
{
    for (uint32_t i = 0; i < x->irq_links.n; i++) {
        const struct hl_irq_link *l = &x->irq_links.v[i];
        const struct hl_ref *r = l->r;
        const struct hl_decl *n = NULL;
        for (uint32_t k = 0; k < x->spec->decls.n; k++)
            if (strcmp(x->spec->decls.v[k].name, r->ntfn) == 0)
                n = &x->spec->decls.v[k];
        if (!n || n->kind != HL_NOTIFICATION) {
            static const char *const kinds[] = { "a channel", "", "shared memory", "a device" };
            if (n)
                cdl_error(x->d, r->ntfn_loc, "'%s' is %s, not a notification", r->ntfn,
                          kinds[n->kind]);
            else
                cdl_error(x->d, r->ntfn_loc, "no notification '%s' in this spec", r->ntfn);
            return false;
        }
        bool waits = false;
        for (uint32_t k = 0; k < n->refs.n; k++)
            waits |= n->refs.v[k].role == HL_WAITER && strcmp(n->refs.v[k].comp, r->comp) == 0;
        if (!waits) {
            cdl_error(x->d, r->ntfn_loc, "'%s' is not a waiter of notification '%s': its IRQ would "
                                         "signal what it cannot receive", r->comp, r->ntfn);
            return false;
        }
        uint32_t nt = cdl_names_get(&x->m->names, n->name, CDL_NONE);
        if (nt == CDL_NONE || !irq_signal(x, l->irq, nt, r))
            return false;
    }
    return true;
}

static bool build_decl(struct expander *x, const struct hl_decl *d)
{
    switch (d->kind) {
    case HL_CHANNEL:
    case HL_NOTIFICATION:
        return hl_decl_has_supervisor(d) ? hl_sup_endpoint(x, d) : build_endpoint(x, d);
    case HL_SHARED: return build_shared(x, d);
    default: return build_device(x, d);
    }
}

/* Fault handlers (an endpoint each) and control caps. */
static bool build_extras(struct expander *x, uint32_t comp)
{
    const struct hl_component *c = &x->spec->comps.v[comp];
    for (uint32_t i = 0; i < c->controls.n; i++) {
        const struct hl_ref *r = &c->controls.v[i];
        if (!check_opts(x, r, true, false, false, false))
            return false;
        static const struct {
            const char *name;
            uint8_t kind;
        } kinds[] = { { "irq_control", CDL_CAP_IRQ_CONTROL }, { "asid_control", CDL_CAP_ASID_CONTROL },
                      { "domain", CDL_CAP_DOMAIN }, { "system_control", CDL_CAP_SYSTEM_CONTROL } };
        struct cdl_cap cap = hl_cap(CDL_NONE, NULL, r->loc);
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            if (strcmp(kinds[k].name, r->control) == 0)
                cap.kind = kinds[k].kind;
        hl_give(x, comp, cap, r);
    }
    if (!c->fault.n || hl_is_supervisor(c->fault.v[0].comp))
        return true;   /* supervised: hl_sup_components */
    const struct hl_ref *r = &c->fault.v[0];
    uint32_t handler = hl_comp(x, r->comp, r->loc);
    uint32_t ep = hl_add(x, hl_fmt(x, "%s_fault", c->name), CDL_EP, 0, r->loc);
    if (handler == CDL_NONE || ep == CDL_NONE || !check_opts(x, r, true, true, false, false))
        return false;
    /* The handler receives on it; the faulting thread's cap (Write and
     * Grant, as the kernel requires of a fault endpoint) carries the badge. */
    hl_give(x, handler, hl_cap(ep, hl_params(x, CDL_R, r->loc), r->loc), r);
    struct cdl_capparams *p = hl_params(x, CDL_W | CDL_G, r->loc);
    if (r->has_badge) {
        p->present |= 1u << CDL_P_BADGE;
        p->badge = r->badge;
    }
    struct hl_ref autoslot = { .role = HL_FAULT };
    hl_give(x, comp, hl_cap(ep, p, r->loc), &autoslot);
    struct hl_comp_state *st = &x->st[comp];
    st->caps.v[st->caps.n - 1].fault_tcb = st->tcb;
    return true;
}

static bool place(struct expander *x, uint32_t comp, struct hl_pending *pc, uint64_t slot)
{
    if (!cdl_put_cap(x->m, x->d, x->st[comp].cnode, slot, &pc->cap))
        return false;
    if (slot + 1 > x->st[comp].next_free)
        x->st[comp].next_free = slot + 1;
    if (pc->fault_tcb != CDL_NONE) {
        struct cdl_tcb *t = x->m->objects.v[pc->fault_tcb].tcb;
        t->present |= 1u << CDL_T_FAULT_EP;
        t->fault_ep = slot;
    }
    return true;
}

/* Explicit slots first, then the free ones from HL_FIRST_FREE_SLOT up. */
static bool place_caps(struct expander *x, uint32_t comp)
{
    struct hl_comp_state *st = &x->st[comp];
    for (uint32_t i = 0; i < st->caps.n; i++)
        if (st->caps.v[i].has_slot && !place(x, comp, &st->caps.v[i], st->caps.v[i].slot))
            return false;
    uint64_t next = HL_FIRST_FREE_SLOT;
    for (uint32_t i = 0; i < st->caps.n; i++) {
        if (st->caps.v[i].has_slot)
            continue;
        while (cdl_slotmap_get(&x->m->slotmap, st->cnode, next) != CDL_NONE)
            next++;
        if (!place(x, comp, &st->caps.v[i], next))
            return false;
    }
    return true;
}

bool cdl_hl_expand(struct cdl_model *m, struct cdl_diag *d, const struct hl_spec *spec,
                   const struct cdl_source *src, const struct cdl_options *opt,
                   const void *dtb, size_t dtb_size)
{
    struct expander x = { .m = m, .d = d, .spec = spec, .src = src, .opt = opt,
                          .dtb_blob = dtb, .dtb_size = dtb_size };
    x.st = cdl_alloc(&m->arena, (spec->comps.n + 1) * sizeof *x.st);
    x.sup_ep = CDL_NONE;
    for (uint32_t i = 0; i < spec->comps.n; i++) {
        if (hl_is_supervisor(spec->comps.v[i].name)) {
            cdl_error(d, spec->comps.v[i].loc, "'supervisor' is the loader's pseudo-component: "
                                               "a component cannot have that name");
            return false;
        }
        if (cdl_names_get(&x.comps, spec->comps.v[i].name, CDL_NONE) != CDL_NONE) {
            cdl_error(d, spec->comps.v[i].loc, "'%s' is declared twice", spec->comps.v[i].name);
            return false;
        }
        cdl_names_put(&m->arena, &x.comps, spec->comps.v[i].name, CDL_NONE, i);
    }
    for (uint32_t i = 0; i < spec->comps.n; i++)
        if (!hl_build_component(&x, i))
            return false;
    for (uint32_t i = 0; i < spec->comps.n; i++)
        if (!build_extras(&x, i))
            return false;
    for (uint32_t i = 0; i < spec->decls.n; i++)
        if (!build_decl(&x, &spec->decls.v[i]))
            return false;
    if (!hl_link_irqs(&x) || !hl_sup_components(&x))
        return false;
    for (uint32_t i = 0; i < spec->comps.n; i++) {
        if (!place_caps(&x, i))
            return false;
        /* a5: the first slot above every cap given, as the component
         * runtime's first_free (cnd_process_self). */
        struct cdl_tcb *t = m->objects.v[x.st[i].tcb].tcb;
        t->init[5] = x.st[i].next_free > HL_FIRST_FREE_SLOT ? x.st[i].next_free
                                                             : HL_FIRST_FREE_SLOT;
    }
    cdl_model_finish(m);
    return true;
}
