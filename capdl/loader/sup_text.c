/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The supervisor's text answers (supervisor.h): SUP_PS, SUP_CAPS, SUP_MEM.
 * Lines end in '\n' and are meant to be printed as they are.
 */
#include "loader.h"

#include <stdarg.h>

void sup_text_printf(struct sup_text *t, const char *fmt, ...)
{
    size_t room = sizeof t->buf - t->len;
    if (room <= 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = cnd_vsnprintf(t->buf + t->len, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    t->len += (size_t)n < room ? (size_t)n : room - 1;
    if ((size_t)n >= room) {
        /* Say so rather than end mid-line without a word. */
        static const char cut[] = "...(cut)\n";
        size_t at = sizeof t->buf - sizeof cut;
        for (size_t i = 0; i < sizeof cut; i++)
            t->buf[at + i] = cut[i];
        t->len = sizeof t->buf - 1;
    }
}

static const char *state_name(const struct sup_comp *c, char *buf, size_t n)
{
    switch (c->state) {
    case SUP_RUNNING: return "running";
    case SUP_STOPPED: return "stopped";
    default: cnd_snprintf(buf, n, "exited(%d)", c->exit_status); return buf;
    }
}

void sup_text_ps(struct supervisor *s, struct sup_text *t)
{
    sup_text_printf(t, "%-16s %-10s %4s %8s %6s %s\n", "NAME", "STATE", "PRIO", "RESTARTS",
                    "FAULTS", "ON_FAULT");
    for (uint32_t i = 0; i < s->n; i++) {
        const struct sup_comp *c = &s->comps[i];
        char st[24];
        const char *policy = !(c->rec.flags & CDLB_COMP_SUPERVISED) ? "own-handler"
                             : (c->rec.flags & CDLB_COMP_RESTART) ? "restart" : "stop";
        sup_text_printf(t, "%-16s %-10s %4u %8u %6u %s\n", cdlb_string(&s->ld->v, c->rec.name),
                        state_name(c, st, sizeof st), c->rec.prio, c->restarts, c->faults,
                        policy);
    }
}

static const char *tag_name(cnd_word_t tag)
{
    switch (tag) {
    case CND_CAP_TAG_NULL: return "empty";
    case CND_CAP_TAG_FRAME: return "frame";
    case CND_CAP_TAG_UNTYPED: return "untyped";
    case CND_CAP_TAG_PAGE_TABLE: return "page_table";
    case CND_CAP_TAG_ENDPOINT: return "endpoint";
    case CND_CAP_TAG_NOTIFICATION: return "notification";
    case CND_CAP_TAG_REPLY: return "reply";
    case CND_CAP_TAG_CNODE: return "cnode";
    case CND_CAP_TAG_ASID_CONTROL: return "asid_control";
    case CND_CAP_TAG_THREAD: return "tcb";
    case CND_CAP_TAG_ASID_POOL: return "asid_pool";
    case CND_CAP_TAG_IRQ_CONTROL: return "irq_control";
    case CND_CAP_TAG_IRQ_HANDLER: return "irq_handler";
    case CND_CAP_TAG_ZOMBIE: return "zombie";
    case CND_CAP_TAG_DOMAIN: return "domain";
    case CND_CAP_TAG_SYSTEM_CONTROL: return "system_control";
    default: return "unknown";
    }
}

/* What the spec's cap record says, as "target (RWGP, badge 0x..)". */
static void describe(struct supervisor *s, const struct cdlb_cap *c, char *buf, size_t n)
{
    static const char *const control[] = { "", "irq_control", "asid_control", "domain",
                                           "system_control" };
    const char *target = c->kind == CDLB_CAP_OBJECT ? ld_name(s->ld, c->object)
                         : c->kind < 5 ? control[c->kind] : "?";
    char rights[5];
    unsigned k = 0;
    if (c->rights & CDLB_RIGHT_READ)
        rights[k++] = 'R';
    if (c->rights & CDLB_RIGHT_WRITE)
        rights[k++] = 'W';
    if (c->rights & CDLB_RIGHT_GRANT)
        rights[k++] = 'G';
    if (c->rights & CDLB_RIGHT_GRANT_REPLY)
        rights[k++] = 'P';
    rights[k] = '\0';
    const char *sep = k ? ", " : "";
    if (c->guard_size)
        cnd_snprintf(buf, n, "%s (%s%sguard 0x%llx, guard size %u)", target, rights, sep,
                     (unsigned long long)c->data, c->guard_size);
    else if (c->data)
        cnd_snprintf(buf, n, "%s (%s%sbadge 0x%llx)", target, rights, sep,
                     (unsigned long long)c->data);
    else if (k)
        cnd_snprintf(buf, n, "%s (%s)", target, rights);
    else
        cnd_snprintf(buf, n, "%s", target);
}

void sup_text_caps(struct supervisor *s, uint32_t ci, struct sup_text *t)
{
    const struct sup_comp *sc = &s->comps[ci];
    struct loader *ld = s->ld;
    struct cdlb_object cn;
    cdlb_object_at(&ld->v, sc->rec.cnode, &cn);
    uint64_t slots = 1ULL << cn.size_bits;
    /* Hang the component's CNode below the supervisor's root (slot 1), so
     * that cptr (1 << W) | n names its slot n. */
    struct cnd_result r = cnd_cnode_mint(s->view, CND_CAP_INIT_THREAD_CNODE, 1, VIEW_BITS,
                                         ld_cap[sc->rec.cnode], 64, CND_ALL_RIGHTS,
                                         cnd_cnode_cap_data_new(0, s->view_bits - cn.size_bits));
    if (!cnd_result_ok(r)) {
        char why[160];
        sup_text_printf(t, "caps: cannot look into '%s': %s\n", ld_name(ld, sc->rec.cnode),
                        cnd_error_string(r, why, sizeof why));
        return;
    }
    sup_text_printf(t, "caps of '%s' (CNode '%s', %llu slots): live type, then the spec's cap\n",
                    cdlb_string(&ld->v, sc->rec.name), ld_name(ld, sc->rec.cnode),
                    (unsigned long long)slots);
    uint32_t k = 0;
    for (uint64_t slot = 0; slot < slots; slot++) {
        cnd_word_t tag = cnd_debug_cap_identify(((cnd_word_t)1 << s->view_bits) | slot);
        struct cdlb_cap c;
        bool in_spec = false;
        while (k < cn.cap_count) {
            cdlb_cap_at(&ld->v, cn.cap_first + k, &c);
            if (c.slot >= slot) {
                in_spec = c.slot == slot;
                break;
            }
            k++;
        }
        if (tag == CND_CAP_TAG_NULL && !in_spec)
            continue;
        char spec[128];
        if (in_spec)
            describe(s, &c, spec, sizeof spec);
        else
            cnd_snprintf(spec, sizeof spec, "(not in the spec)");
        sup_text_printf(t, "  %3llu %-14s %s%s\n", (unsigned long long)slot, tag_name(tag), spec,
                        in_spec && tag == CND_CAP_TAG_NULL ? " MISSING" : "");
    }
    cnd_cnode_delete(s->view, 1, VIEW_BITS);
}

static uint64_t obj_bytes(const struct loader *ld, uint32_t obj)
{
    struct cdlb_object o;
    cdlb_object_at(&ld->v, obj, &o);
    return o.mem_bits ? 1ULL << o.mem_bits : 0;
}

void sup_text_mem(struct supervisor *s, struct sup_text *t)
{
    struct loader *ld = s->ld;
    sup_text_printf(t, "memory: RAM untypeds %llu KiB, used by the system %llu KiB, free %llu KiB\n"
                       "each component's TCB, CNode, page tables and the frames it maps:\n",
                    (unsigned long long)(ld->ram_total >> 10),
                    (unsigned long long)(ld->ram_used >> 10),
                    (unsigned long long)((ld->ram_total - ld->ram_used) >> 10));
    for (uint32_t i = 0; i < s->n; i++) {
        const struct sup_comp *c = &s->comps[i];
        uint64_t bytes = obj_bytes(ld, c->rec.tcb) + obj_bytes(ld, c->rec.cnode) +
                         obj_bytes(ld, c->rec.vspace);
        for (uint32_t m = 0; m < ld->v.count[CDLB_SEC_MAPPINGS]; m++) {
            struct cdlb_mapping mp;
            cdlb_mapping_at(&ld->v, m, &mp);
            if (mp.vspace == c->rec.vspace)
                bytes += obj_bytes(ld, mp.object);
        }
        sup_text_printf(t, "  %-16s %6llu KiB\n",
                        cdlb_string(&ld->v, c->rec.name), (unsigned long long)((bytes + 1023) >> 10));
    }
}
