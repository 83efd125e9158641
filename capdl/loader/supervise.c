/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The supervisor: what the loader becomes once the system runs
 * (userland/include/conductor/supervisor.h). It waits on the one endpoint
 * the spec lets it serve: requests come with a channel badge, faults of
 * supervised components with their compiler-chosen fault badge
 * (COMPONENTS). Faults are printed decoded and handled as the component's
 * on_fault says; requests are answered in text chunks.
 *
 * Before starting the system it keeps only what it needs (the endpoint, the
 * components' TCBs and CNodes, their restart frames, badged copies of the
 * notifications it may signal) and makes its CSpace two levels deep, so
 * that a component's CNode can be hung below its root and every slot of it
 * named by a cptr for DebugCapIdentify.
 */
#include "loader.h"
#include <conductor/supervisor.h>

#define ROOT CND_CAP_INIT_THREAD_CNODE

static struct supervisor the_sup;
static struct sup_text text;
static bool keep[LD_MAX_OBJECTS];
/* Per SUPERVISOR record: the badged copy it signals with (0: serve). */
#define SUP_MAX_CAPS 256
static cnd_cptr_t signal_caps[SUP_MAX_CAPS];

static void halt(const char *why) __attribute__((noreturn));
static void halt(const char *why)
{
    cnd_printf("capdl-loader: stopped while %s\n", why);
    cnd_exit(1);
    for (;;)
        ;
}

/* Two-level CSpace: a new root whose slot 0 holds the old root, guarded so
 * that every existing cptr keeps its meaning. */
static bool make_view(struct supervisor *s)
{
    struct loader *ld = s->ld;
    unsigned old_bits = (unsigned)ld->bi->init_thread_cnode_size_bits, w = old_bits;
    for (uint32_t i = 0; i < s->n; i++) {
        struct cdlb_object o;
        cdlb_object_at(&ld->v, s->comps[i].rec.cnode, &o);
        w = o.size_bits > w ? o.size_bits : w;
    }
    if (w + VIEW_BITS > 64 - 1) {
        cnd_printf("capdl-loader: a component CNode of 2^%u slots is too big to inspect\n", w);
        return false;
    }
    s->view_bits = w;
    if (!ld_create_extra(ld, CDLB_OBJ_CNODE, VIEW_BITS, VIEW_BITS + 5, &s->view))
        return false;
    struct cnd_result r = cnd_cnode_mint(s->view, ROOT, 0, VIEW_BITS, ROOT, 64, CND_ALL_RIGHTS,
                                         cnd_cnode_cap_data_new(0, w - old_bits));
    if (ld_ok(r, "putting the loader's CNode below its new root"))
        r = cnd_tcb_set_space(CND_CAP_INIT_THREAD_TCB, s->view, CND_CAP_INIT_THREAD_VSPACE, 0,
                              cnd_cnode_cap_data_new(0, 64 - VIEW_BITS - w), 0);
    return ld_ok(r, "switching the loader to its two-level CSpace");
}

/* Which components wait on notification `obj`: a readable cap in their
 * CNode, or bound to their TCB. */
static uint32_t mark_waiters(struct supervisor *s, uint32_t obj)
{
    uint32_t marked = 0;
    for (uint32_t i = 0; i < s->ld->v.count[CDLB_SEC_CAPS]; i++) {
        struct cdlb_cap c;
        cdlb_cap_at(&s->ld->v, i, &c);
        if (c.kind != CDLB_CAP_OBJECT || c.object != obj)
            continue;
        for (uint32_t k = 0; k < s->n; k++) {
            struct sup_comp *sc = &s->comps[k];
            bool in_cnode = c.container == sc->rec.cnode && (c.rights & CDLB_RIGHT_READ);
            bool bound = c.container == sc->rec.tcb && c.slot == 8;
            if ((in_cnode || bound) && sc->state == SUP_RUNNING && !sc->notified) {
                sc->notified = true;
                marked++;
            }
        }
    }
    return marked;
}

static bool setup(struct supervisor *s)
{
    struct loader *ld = s->ld;
    const struct cdlb_view *v = &ld->v;
    s->n = (uint32_t)v->count[CDLB_SEC_COMPONENTS];
    if (s->n > SUP_MAX_COMPONENTS) {
        cnd_printf("capdl-loader: %u components: the supervisor manages at most %u\n", s->n,
                   SUP_MAX_COMPONENTS);
        return false;
    }
    uint32_t served = CDLB_NONE;
    if (v->count[CDLB_SEC_SUPERVISOR] > SUP_MAX_CAPS) {
        cnd_printf("capdl-loader: %llu supervisor caps: the supervisor holds at most %u\n",
                   (unsigned long long)v->count[CDLB_SEC_SUPERVISOR], SUP_MAX_CAPS);
        return false;
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_SUPERVISOR]; i++) {
        struct cdlb_sup_cap c;
        cdlb_sup_cap_at(v, i, &c);
        keep[c.object] = true;
        if (c.kind == CDLB_SUP_SERVE) {
            served = c.object;
            s->ep = ld_cap[c.object];
            continue;
        }
        if (!ld_alloc_slot(ld, &signal_caps[i]) ||
            !ld_ok(cnd_cnode_mint(ROOT, ROOT, signal_caps[i], 64, ld_cap[c.object], 64,
                                  CND_ALL_RIGHTS, c.badge),
                   "badging notification '%s' for the supervisor", ld_name(ld, c.object)))
            return false;
    }
    for (uint32_t i = 0; i < s->n; i++) {
        struct sup_comp *sc = &s->comps[i];
        cdlb_component_at(v, i, &sc->rec);
        keep[sc->rec.tcb] = keep[sc->rec.cnode] = true;
        for (uint32_t k = 0; k < sc->rec.restart_count; k++) {
            struct cdlb_restart r;
            cdlb_restart_at(v, sc->rec.restart_first + k, &r);
            keep[r.frame] = true;
        }
        /* Its channel to the supervisor: a cap to the served endpoint that
         * is not its fault endpoint. */
        struct cdlb_object cn;
        cdlb_object_at(v, sc->rec.cnode, &cn);
        for (uint32_t k = 0; k < cn.cap_count; k++) {
            struct cdlb_cap c;
            cdlb_cap_at(v, cn.cap_first + k, &c);
            if (c.kind == CDLB_CAP_OBJECT && c.object == served && c.data != 0 &&
                !((sc->rec.flags & CDLB_COMP_SUPERVISED) && c.data == sc->rec.fault_badge))
                sc->client_badge = c.data;
        }
    }
#ifdef LD_ROUNDTRIP
    /* The dump reaches CNodes through the loader's caps: keep them all
     * (plain capDL has no components to keep them for). */
    for (uint32_t i = 0; i < ld->n_objects; i++) {
        struct cdlb_object o;
        cdlb_object_at(v, i, &o);
        keep[i] |= o.type == CDLB_OBJ_CNODE;
    }
#endif
    return s->n == 0 || make_view(s);
}

static struct sup_comp *by_fault_badge(struct supervisor *s, cnd_badge_t badge)
{
    for (uint32_t i = 0; i < s->n; i++)
        if ((s->comps[i].rec.flags & CDLB_COMP_SUPERVISED) && s->comps[i].rec.fault_badge == badge)
            return &s->comps[i];
    return NULL;
}

static bool streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static const char *comp_name(struct supervisor *s, const struct sup_comp *sc)
{
    return cdlb_string(&s->ld->v, sc->rec.name);
}

static void power_off(struct supervisor *s)
{
    cnd_printf("supervisor: every notified component is done: powering off\n");
    if (s->ld->system_control == 0)
        cnd_printf("supervisor: no system-control cap: halting instead\n");
    else
        ld_ok(cnd_system_control_power_off(s->ld->system_control), "powering off");
    cnd_exit(0);
}

static void check_shutdown(struct supervisor *s)
{
    if (!s->shutting_down)
        return;
    for (uint32_t i = 0; i < s->n; i++)
        if (s->comps[i].notified && !s->comps[i].done && s->comps[i].state == SUP_RUNNING)
            return;
    power_off(s);
}

static bool restart(struct supervisor *s, struct sup_comp *sc)
{
    struct loader *ld = s->ld;
    cnd_cptr_t tcb = ld_cap[sc->rec.tcb];
    if (!ld_ok(cnd_tcb_suspend(tcb), "suspending '%s'", comp_name(s, sc)))
        return false;
    for (uint32_t k = 0; k < sc->rec.restart_count; k++) {
        struct cdlb_restart r;
        cdlb_restart_at(&ld->v, sc->rec.restart_first + k, &r);
        if (!ld_fill_frame(ld, r.frame, true))
            return false;
    }
    struct cdlb_object t;
    cdlb_object_at(&ld->v, sc->rec.tcb, &t);
    struct cnd_user_context regs;
    ld_initial_registers(ld, t.extra, &regs);
    return ld_ok(cnd_tcb_write_registers(tcb, false, 0, CND_USER_CONTEXT_WORDS, &regs),
                 "resetting the registers of '%s'", comp_name(s, sc)) &&
           ld_ok(cnd_tcb_resume(tcb), "resuming '%s'", comp_name(s, sc));
}

static void handle_fault(struct supervisor *s, struct sup_comp *sc, cnd_msginfo_t info,
                         cnd_badge_t badge)
{
    struct cnd_fault f;
    cnd_fault_decode(info, badge, &f);
    const char *name = comp_name(s, sc);
    /* The thread waits for a reply that never comes: suspend it, whatever
     * happens next. */
    ld_ok(cnd_tcb_suspend(ld_cap[sc->rec.tcb]), "suspending '%s'", name);
    if (f.type == CND_FAULT_EXIT) {
        cnd_printf("supervisor: '%s' exited with status %d\n", name, f.status);
        sc->state = SUP_EXITED;
        sc->exit_status = f.status;
        check_shutdown(s);
        return;
    }
    char why[192];
    sc->faults++;
    cnd_printf("supervisor: '%s' faulted: %s\n", name, cnd_fault_string(&f, why, sizeof why));
    if (!(sc->rec.flags & CDLB_COMP_RESTART) || s->shutting_down) {
        cnd_printf("supervisor: '%s' stopped (on_fault: %s)\n", name,
                   (sc->rec.flags & CDLB_COMP_RESTART) ? "restart, but shutting down" : "stop");
        sc->state = SUP_STOPPED;
    } else if (sc->restarts >= SUP_RESTART_LIMIT) {
        cnd_printf("supervisor: '%s' stopped: it faulted again after %u restart%s\n", name,
                   sc->restarts, PLURAL(sc->restarts));
        sc->state = SUP_STOPPED;
    } else {
        sc->restarts++;
        cnd_printf("supervisor: restarting '%s' (restart %u of at most %u): %u writable frame%s "
                   "re-filled from the spec\n", name, sc->restarts, SUP_RESTART_LIMIT,
                   sc->rec.restart_count, PLURAL(sc->rec.restart_count));
        if (!restart(s, sc)) {
            cnd_printf("supervisor: restarting '%s' failed: it stays stopped\n", name);
            sc->state = SUP_STOPPED;
        }
    }
    check_shutdown(s);
}

/* MR1.. as a NUL-terminated string (cut to the buffer). */
static void read_arg(cnd_msginfo_t info, char *out, size_t size)
{
    size_t n = 0;
    cnd_word_t len = cnd_msginfo_get_length(info);
    for (cnd_word_t w = 1; w < len && n + 1 < size; w++) {
        cnd_word_t v = cnd_get_mr((unsigned)w);
        for (unsigned b = 0; b < 8 && n + 1 < size; b++)
            out[n++] = (char)(v >> (8 * b));
    }
    out[n] = '\0';
}

/* Replies with `status`, the chunk of `t` from `cookie` on and the next
 * cookie (0 when this chunk ends the text). */
static void reply_text(cnd_word_t status, const struct sup_text *t, cnd_word_t cookie)
{
    size_t from = cookie < t->len ? (size_t)cookie : t->len;
    size_t n = t->len - from;
    if (n > SUP_TEXT_MAX - 1)
        n = SUP_TEXT_MAX - 1;
    unsigned words = 0;
    for (size_t i = 0; i <= n; i += 8, words++) {
        cnd_word_t v = 0;
        for (size_t b = 0; b < 8 && i + b < n; b++)
            v |= (cnd_word_t)(uint8_t)t->buf[from + i + b] << (8 * b);
        cnd_set_mr(1 + words, v);
    }
    cnd_set_mr(0, from + n < t->len ? from + n : 0);
    cnd_reply(cnd_msginfo_new(status, 0, 0, 1 + words));
}

static void handle_request(struct supervisor *s, cnd_msginfo_t info, cnd_badge_t badge)
{
    cnd_word_t op = cnd_msginfo_get_label(info);
    cnd_word_t cookie = cnd_msginfo_get_length(info) ? cnd_get_mr(0) : 0;
    char arg[128];
    read_arg(info, arg, sizeof arg);
    text.len = 0;
    text.buf[0] = '\0';
    cnd_word_t status = SUP_OK;
    switch (op) {
    case SUP_PS: sup_text_ps(s, &text); break;
    case SUP_MEM: sup_text_mem(s, &text); break;
    case SUP_CAPS: {
        uint32_t i = 0;
        while (i < s->n && !streq(comp_name(s, &s->comps[i]), arg))
            i++;
        if (i == s->n) {
            status = SUP_ENOENT;
            sup_text_printf(&text, "caps: no component named '%s'\n", arg);
        } else {
            sup_text_caps(s, i, &text);
        }
        break;
    }
    case SUP_SHUTDOWN: {
        if (s->shutting_down) {
            status = SUP_EBUSY;
            sup_text_printf(&text, "shutdown: already in progress\n");
            break;
        }
        uint32_t notified = 0;
        for (uint32_t i = 0; i < s->ld->v.count[CDLB_SEC_SUPERVISOR]; i++) {
            struct cdlb_sup_cap c;
            cdlb_sup_cap_at(&s->ld->v, i, &c);
            if (c.kind == CDLB_SUP_SIGNAL)
                notified += mark_waiters(s, c.object);
        }
        sup_text_printf(&text, "shutdown: notifying %u component%s\n", notified, PLURAL(notified));
        reply_text(SUP_OK, &text, 0);
        cnd_printf("supervisor: shutdown requested (badge %lu): notifying %u component%s\n",
                   (unsigned long)badge, notified, PLURAL(notified));
        s->shutting_down = true;
        for (uint32_t i = 0; i < s->ld->v.count[CDLB_SEC_SUPERVISOR]; i++)
            if (signal_caps[i])
                cnd_signal(signal_caps[i]);
        check_shutdown(s);
        return;
    }
    case SUP_SHUTDOWN_DONE:
        for (uint32_t i = 0; i < s->n; i++)
            if (s->comps[i].client_badge == badge && badge != 0) {
                s->comps[i].done = true;
                cnd_printf("supervisor: '%s' finished its shutdown\n", comp_name(s, &s->comps[i]));
            }
        reply_text(SUP_OK, &text, 0);
        check_shutdown(s);
        return;
    default:
        status = SUP_EINVAL;
        sup_text_printf(&text, "unknown operation %lu\n", (unsigned long)op);
        break;
    }
    reply_text(status, &text, cookie);
}

#ifdef LD_ROUNDTRIP
/* For the round-trip test (tests/capdl/roundtrip.py): where each spec object
 * ended up, then the kernel's capDL dump of everything the supervisor's
 * CSpace reaches -- which includes every component's CNode. The test maps
 * the dump's address-based names back to the spec's and compares. */
static void roundtrip_dump(struct loader *ld)
{
    static const char *const prefix[] = {
        [CDLB_OBJ_UNTYPED] = "ut", [CDLB_OBJ_TCB] = "tcb", [CDLB_OBJ_ENDPOINT] = "ep",
        [CDLB_OBJ_NOTIFICATION] = "notification", [CDLB_OBJ_CNODE] = "cnode",
        [CDLB_OBJ_FRAME_1G] = "frame", [CDLB_OBJ_FRAME_4K] = "frame", [CDLB_OBJ_FRAME_2M] = "frame",
        [CDLB_OBJ_PAGE_TABLE] = "pt",
    };
    cnd_printf("capdl-roundtrip: begin\n");
    for (uint32_t i = 0; i < ld->n_objects; i++) {
        struct cdlb_object o;
        cdlb_object_at(&ld->v, i, &o);
        if (o.type == CDLB_OBJ_IRQ) {
            struct cdlb_irq q;
            cdlb_irq_at(&ld->v, o.extra, &q);
            cnd_printf("capdl-roundtrip: irq %s %llu\n", ld_name(ld, i),
                       (unsigned long long)q.number);
        } else {
            cnd_printf("capdl-roundtrip: object %s %s 0x%llx %u\n", ld_name(ld, i),
                       o.type == CDLB_OBJ_ASID_POOL ? "asid_pool" : prefix[o.type],
                       (unsigned long long)ld_paddr[i], o.mem_bits);
        }
    }
    cnd_debug_snapshot();
    cnd_printf("capdl-roundtrip: end\n");
}
#endif

void ld_supervise(struct loader *ld)
{
    struct supervisor *s = &the_sup;
    s->ld = ld;
    if (!setup(s))
        halt("setting up the supervisor");
    if (!ld_start(ld) || !ld_drop_surplus(ld, keep))
        halt("starting the system");
#ifdef LD_ROUNDTRIP
    /* The threads are resumed but cannot run yet: the loader has the
     * highest priority and has not blocked. */
    roundtrip_dump(ld);
#endif
    if (s->ep == 0) {
        cnd_printf("capdl-loader: system started; the spec gives the supervisor nothing to "
                   "serve\n");
        cnd_tcb_suspend(CND_CAP_INIT_THREAD_TCB);
        halt("suspending itself");
    }
    cnd_printf("capdl-loader: system started; supervising %u component%s\n", s->n, PLURAL(s->n));
    for (;;) {
        cnd_badge_t badge = 0;
        cnd_msginfo_t info = cnd_recv(s->ep, &badge);
        struct sup_comp *sc = by_fault_badge(s, badge);
        if (sc != NULL)
            handle_fault(s, sc, info, badge);
        else
            handle_request(s, info, badge);
    }
}
