/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Prints the model as plain capDL that seL4's capDL tool also reads: the
 * objects section (arrays as name[n], untyped covers as `ut (...) { a, b }`),
 * the caps section (TCB slots by their names, derivation parents as
 * `- child_of`) and the irq maps. The output is a fixed point: parsing it and
 * printing again gives the same text, which the golden tests check.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <capdl/capdl.h>
#include "parse_util.h"

static void print_label(const struct cdl_model *m, uint32_t obj, FILE *out)
{
    const struct cdl_object *o = &m->objects.v[obj];
    fputs(o->name, out);   /* never truncated: this output is parsed again */
    if (o->index != CDL_NONE)
        fprintf(out, "[%u]", o->index);
}

static void print_rights(uint8_t r, FILE *out)
{
    static const struct {
        uint8_t bit;
        char c;
    } order[] = { { CDL_R, 'R' }, { CDL_W, 'W' }, { CDL_X, 'X' }, { CDL_G, 'G' }, { CDL_P, 'P' } };
    for (size_t i = 0; i < sizeof order / sizeof *order; i++)
        if (r & order[i].bit)
            fputc(order[i].c, out);
}

/* Separator state for `(a, b, c)` lists that may stay empty. */
struct plist {
    FILE *out;
    bool open;
};

static void item(struct plist *l)
{
    fputs(l->open ? ", " : " (", l->out);
    l->open = true;
}

static void end(struct plist *l)
{
    if (l->open)
        fputc(')', l->out);
}

static void print_frame_size(uint8_t bits, FILE *out)
{
    /* capDL sizes are written in k or M only (1G is 1024M). */
    if (bits >= 20)
        fprintf(out, "%" PRIu64 "M", (uint64_t)1 << (bits - 20));
    else if (bits >= 10)
        fprintf(out, "%" PRIu64 "k", (uint64_t)1 << (bits - 10));
    else
        fprintf(out, "%u bits", bits);
}

static void print_fill(const struct cdl_fill *f, FILE *out)
{
    if (f->kind == CDL_FILL_DATA)
        fprintf(out, "{%" PRIu64 " %" PRIu64 " CDL_FrameFill_FileData \"%s\" %" PRIu64 "}",
                f->dest_off, f->len, f->file, f->file_off);
    else
        fprintf(out, "{%" PRIu64 " %" PRIu64 " CDL_FrameFill_BootInfo %s %" PRIu64 "}",
                f->dest_off, f->len, f->bi_name, f->file_off);
}

static void print_tcb(const struct cdl_tcb *t, struct plist *l)
{
    FILE *out = l->out;
    uint32_t extra = (1u << CDL_T_ADDR) | (1u << CDL_T_IP) | (1u << CDL_T_SP) |
                     (1u << CDL_T_PRIO) | (1u << CDL_T_MAX_PRIO) | (1u << CDL_T_AFFINITY);
    /* The capDL tool takes these six together (or none), so print all. */
    if (t->present & extra) {
        item(l);
        fprintf(out, "addr: 0x%" PRIx64 ", ip: 0x%" PRIx64 ", sp: 0x%" PRIx64 ", prio: %" PRIu64
                     ", max_prio: %" PRIu64 ", affinity: %" PRIu64,
                t->addr, t->ip, t->sp, t->prio, t->max_prio, t->affinity);
    }
    if (t->present & (1u << CDL_T_RESUME)) {
        item(l);
        fprintf(out, "resume: %s", t->resume ? "True" : "False");
    }
    if (t->present & (1u << CDL_T_ELF)) {
        /* A name when it lexes as one (as the capDL tool wants), else a string. */
        bool word = (t->elf[0] >= 'a' && t->elf[0] <= 'z') || (t->elf[0] >= 'A' && t->elf[0] <= 'Z');
        for (const char *c = t->elf; word && *c; c++)
            word = strchr("-_@.", *c) || (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
                   (*c >= 'A' && *c <= 'Z');
        item(l);
        fprintf(out, word ? "elf: %s" : "elf: \"%s\"", t->elf);
    }
    if (t->present & (1u << CDL_T_FAULT_EP)) {
        item(l);
        fprintf(out, "fault_ep: %" PRIu64, t->fault_ep);
    }
    if (t->present & (1u << CDL_T_DOM)) {
        item(l);
        fprintf(out, "dom: %" PRIu64, t->dom);
    }
    if (t->present & (1u << CDL_T_INIT)) {
        item(l);
        fputs("init: [", out);
        for (uint32_t i = 0; i < t->n_init; i++)
            fprintf(out, "%s%" PRIu64, i ? ", " : "", t->init[i]);
        fputc(']', out);
    }
}

/* Lists what an untyped covers, runs of one array as name[a..b]. */
static void print_covers(const struct cdl_model *m, const uint32_t *kids, uint32_t n, FILE *out)
{
    fputs(" {", out);
    for (uint32_t i = 0; i < n;) {
        const struct cdl_object *o = &m->objects.v[kids[i]];
        uint32_t j = i + 1;
        while (o->index != CDL_NONE && j < n && m->objects.v[kids[j]].name == o->name &&
               m->objects.v[kids[j]].index == o->index + (j - i))
            j++;
        fputs(i ? ", " : " ", out);
        if (o->index == CDL_NONE)
            fputs(o->name, out);
        else if (j - i == 1)
            fprintf(out, "%s[%u]", o->name, o->index);
        else
            fprintf(out, "%s[%u..%u]", o->name, o->index, o->index + (j - i - 1));
        i = j;
    }
    fputs(" }", out);
}

static void print_object(const struct cdl_model *m, uint32_t id, const uint32_t *kids,
                         uint32_t n_kids, FILE *out)
{
    const struct cdl_object *o = &m->objects.v[id];
    if (o->index == CDL_NONE)
        fprintf(out, "  %s = %s", o->name, cdl_type_name(o->type));
    else
        fprintf(out, "  %s[%u] = %s", o->name, o->array_len, cdl_type_name(o->type));
    struct plist l = { out, false };
    if (o->has_size && o->type != CDL_FRAME) {
        item(&l);
        fprintf(out, "%u bits", o->size_bits);
    } else if (o->has_size) {
        item(&l);
        print_frame_size(o->size_bits, out);
    }
    if (o->has_paddr) {
        item(&l);
        fprintf(out, "paddr: 0x%" PRIx64, o->paddr);
    }
    if (o->has_asid_high) {
        item(&l);
        fprintf(out, "asid_high: 0x%" PRIx64, o->asid_high);
    }
    if (o->fills.n) {
        item(&l);
        fputs("fill: [", out);
        for (uint32_t i = 0; i < o->fills.n; i++) {
            if (i)
                fputs(", ", out);
            print_fill(&o->fills.v[i], out);
        }
        fputc(']', out);
    }
    if (o->tcb)
        print_tcb(o->tcb, &l);
    end(&l);
    if (n_kids)
        print_covers(m, kids, n_kids, out);
    fputc('\n', out);
}

static void print_cap(const struct cdl_model *m, const struct cdl_cap *c, FILE *out)
{
    static const char *const reserved[] = {
        [CDL_CAP_IRQ_CONTROL] = "irq_control", [CDL_CAP_ASID_CONTROL] = "asid_control",
        [CDL_CAP_DOMAIN] = "domain", [CDL_CAP_SCHED_CONTROL] = "sched_control",
        [CDL_CAP_IO_SPACE_MASTER] = "io_space_master",
        [CDL_CAP_SYSTEM_CONTROL] = "system_control",
    };
    const struct cdl_capparams *p = c->params;
    struct plist l = { out, false };
    if (c->kind != CDL_CAP_OBJ) {
        fputs(c->kind < sizeof reserved / sizeof *reserved ? reserved[c->kind] : "?", out);
    } else {
        print_label(m, c->obj, out);
        uint8_t type = m->objects.v[c->obj].type;
        if ((type == CDL_EP || type == CDL_NTFN || type == CDL_FRAME) && c->rights) {
            item(&l);
            print_rights(c->rights, out);
        }
        if ((type == CDL_EP || type == CDL_NTFN) && p->badge) {
            item(&l);
            fprintf(out, "badge: %" PRIu64, p->badge);
        }
        if (type == CDL_CNODE && (p->guard || p->guard_size)) {
            item(&l);
            fprintf(out, "guard: %" PRIu64 ", guard_size: %" PRIu64, p->guard, p->guard_size);
        }
        if (type == CDL_TCB && (CDL_HAS(p, CDL_P_REPLY) || CDL_HAS(p, CDL_P_MASTER_REPLY))) {
            item(&l);
            fputs(CDL_HAS(p, CDL_P_REPLY) ? "reply" : "master_reply", out);
        }
        if ((type == CDL_FRAME || type == CDL_PT) && CDL_HAS(p, CDL_P_ASID)) {
            item(&l);
            fprintf(out, "asid: (0x%" PRIx64 ", 0x%" PRIx64 ")", p->asid_high, p->asid_low);
        }
        if (type == CDL_FRAME && CDL_HAS(p, CDL_P_UNCACHED)) {
            item(&l);
            fputs("uncached", out);
        }
        if (type == CDL_FRAME && CDL_HAS(p, CDL_P_EXECUTE_NEVER)) {
            item(&l);
            fputs("execute_never", out);
        }
        if (type == CDL_FRAME && CDL_HAS(p, CDL_P_MAPPING)) {
            item(&l);
            fputs("mapping: (", out);
            print_label(m, p->mapping_obj, out);
            fprintf(out, ", %" PRIu64 ")", p->mapping_slot);
        }
    }
    end(&l);
    if (c->cdt_parent_obj != CDL_NONE) {
        fputs(" - child_of (", out);
        print_label(m, c->cdt_parent_obj, out);
        fprintf(out, ", %" PRIu64 ")", c->cdt_parent_slot);
    }
}

void cdl_print(const struct cdl_model *m, FILE *out)
{
    uint32_t n = m->objects.n;
    /* Children of each untyped, in declaration order (a counting sort). */
    uint32_t *count = calloc((size_t)n + 1, sizeof *count);
    uint32_t *kids = calloc((size_t)n + 1, sizeof *kids);
    if (!count || !kids) {
        free(count);
        free(kids);
        fprintf(stderr, "conductor-capdl: out of memory\n");
        return;
    }
    for (uint32_t i = 0; i < n; i++)
        if (m->objects.v[i].parent != CDL_NONE)
            count[m->objects.v[i].parent + 1]++;
    for (uint32_t i = 0; i < n; i++)
        count[i + 1] += count[i];
    uint32_t *fill = calloc((size_t)n + 1, sizeof *fill);
    for (uint32_t i = 0; fill && i < n; i++) {
        uint32_t p = m->objects.v[i].parent;
        if (p != CDL_NONE)
            kids[count[p] + fill[p]++] = i;
    }
    free(fill);

    fputs("arch riscv\n\nobjects {\n", out);
    for (uint32_t i = 0; i < n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        if (o->index == CDL_NONE || o->index == 0)
            print_object(m, i, kids + count[i], count[i + 1] - count[i], out);
    }
    fputs("}\n", out);
    free(count);
    free(kids);

    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        if (!o->slots.n)
            continue;
        if (!any)
            fputs("\ncaps {\n", out);
        any = true;
        fputs("  ", out);
        print_label(m, i, out);
        fputs(" {\n", out);
        for (uint32_t s = 0; s < o->slots.n; s++) {
            const struct cdl_slot *sl = &o->slots.v[s];
            const char *sym = o->type == CDL_TCB ? cdl_tcb_slot_name(sl->index) : NULL;
            if (sym)
                fprintf(out, "    %s: ", sym);
            else
                fprintf(out, "    %" PRIu64 ": ", sl->index);
            print_cap(m, &sl->cap, out);
            fputc('\n', out);
        }
        fputs("  }\n", out);
    }
    if (any)
        fputs("}\n", out);
    if (m->irqs.n) {
        fputs("\nirq maps {\n", out);
        for (uint32_t i = 0; i < m->irqs.n; i++) {
            fprintf(out, "  %" PRIu64 ": ", m->irqs.v[i].number);
            print_label(m, m->irqs.v[i].obj, out);
            fputc('\n', out);
        }
        fputs("}\n", out);
    }
}
