/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Expansion of the high-level form, part three: the supervisor, a
 * pseudo-component (the loader once the system runs, see
 * userland/include/conductor/supervisor.h). It has no CNode of its own in
 * the spec; what it holds goes into the binary spec's SUPERVISOR table:
 *
 *   - one endpoint, `supervisor_ep`, that it serves. Every channel whose
 *     server is the supervisor uses it (the clients' caps carry their
 *     badges), and so does every fault endpoint of a supervised component
 *     (badge HL_FAULT_BADGE | component index), so that one thread waiting
 *     on one endpoint sees every request and every fault;
 *   - the notifications it may signal (`signaller: supervisor (badge: B)`).
 *
 * A component without a fault_handler, or with `fault_handler: supervisor`,
 * is supervised; `on_fault: restart | stop` says what happens then.
 */
#include <string.h>
#include <capdl/format.h>
#include "highlevel.h"

bool hl_is_supervisor(const char *name)
{
    return strcmp(name, HL_SUPERVISOR) == 0;
}

uint32_t hl_sup_ep(struct expander *x, struct cdl_loc loc)
{
    if (x->sup_ep == CDL_NONE) {
        x->sup_ep = hl_add(x, "supervisor_ep", CDL_EP, 0, loc);
        if (x->sup_ep != CDL_NONE)
            *CDL_PUSH(&x->m->arena, x->m->sup_caps) =
                (struct cdl_sup_cap){ .kind = CDLB_SUP_SERVE, .obj = x->sup_ep };
    }
    return x->sup_ep;
}

bool hl_decl_has_supervisor(const struct hl_decl *d)
{
    for (uint32_t i = 0; i < d->refs.n; i++)
        if (hl_is_supervisor(d->refs.v[i].comp))
            return true;
    return false;
}

static bool sup_badge(struct expander *x, const struct hl_ref *r)
{
    if (r->has_badge && r->badge != 0 && r->badge < HL_FAULT_BADGE)
        return true;
    cdl_error(x->d, r->loc, "a client of the supervisor needs a badge from 1 to 0x%llx: the badge "
                            "is how the supervisor tells its clients (and faults) apart",
              (unsigned long long)(HL_FAULT_BADGE - 1));
    return false;
}

/* The supervisor may serve channels and signal notifications, nothing else. */
static bool sup_role_ok(struct expander *x, const struct hl_decl *d, const struct hl_ref *r)
{
    bool ok = (d->kind == HL_CHANNEL && r->role == HL_SERVER) ||
              (d->kind == HL_NOTIFICATION && r->role == HL_SIGNALLER);
    if (ok && !r->has_slot && !r->grant && !r->bind && !r->has_rights &&
        (r->role == HL_SIGNALLER || !r->has_badge))
        return true;
    if (ok)
        cdl_error(x->d, r->loc, "the supervisor takes no slot, rights, grant or bind%s",
                  r->role == HL_SERVER ? " or badge" : "");
    else
        cdl_error(x->d, r->loc, "the supervisor can only be a channel's server, a notification's "
                                "signaller or a fault_handler");
    return false;
}

bool hl_sup_endpoint(struct expander *x, const struct hl_decl *d)
{
    bool channel = d->kind == HL_CHANNEL;
    for (uint32_t i = 0; i < d->refs.n; i++)
        if (hl_is_supervisor(d->refs.v[i].comp) && !sup_role_ok(x, d, &d->refs.v[i]))
            return false;
    for (uint32_t i = 0; i < d->refs.n; i++) {
        const struct hl_ref *r = &d->refs.v[i];
        if (channel && r->role == HL_SERVER && !hl_is_supervisor(r->comp)) {
            cdl_error(x->d, r->loc, "channel '%s' is served by the supervisor: it has no other "
                                    "server", d->name);
            return false;
        }
    }
    /* A channel to the supervisor is its one endpoint; a notification is an
     * object of its own that the supervisor may signal. */
    uint32_t obj = channel ? hl_sup_ep(x, d->loc) : hl_add(x, d->name, CDL_NTFN, 0, d->loc);
    if (obj == CDL_NONE)
        return false;
    for (uint32_t i = 0; i < d->refs.n; i++) {
        const struct hl_ref *r = &d->refs.v[i];
        if (hl_is_supervisor(r->comp)) {
            if (!channel)
                *CDL_PUSH(&x->m->arena, x->m->sup_caps) = (struct cdl_sup_cap){
                    .kind = CDLB_SUP_SIGNAL, .obj = obj, .badge = r->has_badge ? r->badge : 0 };
            continue;
        }
        uint32_t comp = hl_comp(x, r->comp, r->loc);
        if (comp == CDL_NONE || (channel && !sup_badge(x, r)))
            return false;
        if (r->grant || (r->bind && r->role != HL_WAITER) ||
            (r->has_badge && r->role == HL_WAITER)) {
            cdl_error(x->d, r->loc, "option %s does not apply here", r->grant ? "grant" : "bind/badge");
            return false;
        }
        uint8_t rights = r->role == HL_WAITER ? CDL_R : channel ? CDL_W | CDL_P : CDL_W;
        if (!hl_give_role(x, comp, obj, rights, r))
            return false;
    }
    return true;
}

bool hl_sup_components(struct expander *x)
{
    for (uint32_t i = 0; i < x->spec->comps.n; i++) {
        const struct hl_component *c = &x->spec->comps.v[i];
        struct hl_comp_state *st = &x->st[i];
        bool supervised = !c->fault.n || hl_is_supervisor(c->fault.v[0].comp);
        if (c->has_on_fault && !supervised) {
            cdl_error(x->d, c->on_fault_loc, "on_fault needs the supervisor as the fault handler "
                                             "('%s' has '%s')", c->name, c->fault.v[0].comp);
            return false;
        }
        struct cdl_sup_comp *sc = CDL_PUSH(&x->m->arena, x->m->sup_comps);
        *sc = (struct cdl_sup_comp){ .name = c->name, .tcb = st->tcb, .cnode = st->cnode,
                                     .vspace = st->vspace, .prio = (uint8_t)c->prio };
        if (!supervised)
            continue;
        const struct hl_ref *r = c->fault.n ? &c->fault.v[0] : NULL;
        if (r && (r->has_slot || r->has_badge)) {
            cdl_error(x->d, r->loc, "fault_handler: supervisor takes no slot or badge (the "
                                    "compiler chooses the badge)");
            return false;
        }
        uint32_t ep = hl_sup_ep(x, r ? r->loc : c->loc);
        if (ep == CDL_NONE)
            return false;
        sc->flags = CDLB_COMP_SUPERVISED | (c->on_fault_restart ? CDLB_COMP_RESTART : 0);
        sc->fault_badge = HL_FAULT_BADGE | i;
        /* Write and Grant, as the kernel requires of a fault endpoint; the
         * cap goes to the first free slot after every other cap. */
        struct cdl_capparams *p = hl_params(x, CDL_W | CDL_G, r ? r->loc : c->loc);
        p->present |= 1u << CDL_P_BADGE;
        p->badge = sc->fault_badge;
        struct hl_ref autoslot = { .role = HL_FAULT };
        hl_give(x, i, hl_cap(ep, p, r ? r->loc : c->loc), &autoslot);
        st->caps.v[st->caps.n - 1].fault_tcb = st->tcb;
    }
    return true;
}
