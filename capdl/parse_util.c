/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parser helpers (see parse_util.h) and object parameters: sizes (`12 bits`,
 * `4k`), `paddr:`, frame `fill:`, the TCB's `addr/ip/sp/prio/max_prio/
 * affinity/resume/dom/fault_ep/init/elf` and `asid_high:`. A parameter that
 * does not apply to the object's type is refused where it is written.
 */
#include <stdarg.h>
#include <string.h>
#include "parse_util.h"

bool cdl_fail(struct cdl_parser *p, struct cdl_loc loc, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!p->failed)
        cdl_error(p->d, loc, "%s", msg);
    p->failed = true;
    return false;
}

bool cdl_unexpected(struct cdl_parser *p, const struct cdl_token *t, const char *what)
{
    if (t->kind == T_ERROR) {
        p->failed = true;   /* the lexer has said why */
        return false;
    }
    if (t->kind == T_IDENT || t->kind == T_NUMBER)
        return cdl_fail(p, t->loc, "expected %s, found '%.*s'", what, (int)t->len, t->text);
    if (t->kind == T_STRING)
        return cdl_fail(p, t->loc, "expected %s, found \"%.*s\"", what, (int)t->len, t->text);
    return cdl_fail(p, t->loc, "expected %s, found %s", what, cdl_tok_name(t->kind));
}

bool cdl_expect(struct cdl_parser *p, uint8_t kind, const char *what)
{
    struct cdl_token t = cdl_next(&p->lx);
    return t.kind == kind ? true : cdl_unexpected(p, &t, what);
}

bool cdl_expect_number(struct cdl_parser *p, uint64_t *v, struct cdl_loc *loc)
{
    struct cdl_token t = cdl_next(&p->lx);
    if (t.kind != T_NUMBER)
        return cdl_unexpected(p, &t, "a number");
    *v = t.num;
    if (loc)
        *loc = t.loc;
    return true;
}

/* ---- Names, ranges, slots ------------------------------------------------------ */

static bool parse_range(struct cdl_parser *p, struct cdl_range *r)
{
    if (cdl_peek(&p->lx, 0)->kind == T_DOTDOT) {
        cdl_next(&p->lx);
        r->kind = R_TO;
        return cdl_expect_number(p, &r->b, NULL);
    }
    if (!cdl_expect_number(p, &r->a, NULL))
        return false;
    r->kind = R_ONLY;
    if (cdl_peek(&p->lx, 0)->kind != T_DOTDOT)
        return true;
    cdl_next(&p->lx);
    if (cdl_peek(&p->lx, 0)->kind == T_NUMBER) {
        r->kind = R_FROM_TO;
        r->b = cdl_next(&p->lx).num;
    } else {
        r->kind = R_FROM;
    }
    return true;
}

bool cdl_parse_nameref(struct cdl_parser *p, struct cdl_nameref *r)
{
    memset(r, 0, sizeof *r);
    struct cdl_token t = cdl_next(&p->lx);
    if (t.kind != T_IDENT)
        return cdl_unexpected(p, &t, "a name");
    r->name = cdl_strndup(&p->m->arena, t.text, t.len);
    r->loc = t.loc;
    if (cdl_peek(&p->lx, 0)->kind != T_LBRACKET)
        return true;
    cdl_next(&p->lx);
    CDL_VEC(struct cdl_range) ranges = { 0 };
    if (cdl_peek(&p->lx, 0)->kind == T_RBRACKET) {
        struct cdl_range *all = CDL_PUSH(&p->m->arena, ranges);
        all->kind = R_ALL;
    } else {
        for (;;) {
            if (!parse_range(p, CDL_PUSH(&p->m->arena, ranges)))
                return false;
            if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
                break;
            cdl_next(&p->lx);
        }
    }
    struct cdl_token close = cdl_next(&p->lx);
    if (close.kind != T_RBRACKET)
        return cdl_unexpected(p, &close, "']'");
    r->ranges = ranges.v;
    r->n_ranges = ranges.n;
    r->loc.len = (uint32_t)(close.loc.col + 1 - t.loc.col);
    if (close.loc.line != t.loc.line)
        r->loc.len = t.len;
    return true;
}

static const char *const tcb_slot_names[] = {
    "cspace", "vspace", "reply_slot", "caller_slot", "ipc_buffer_slot", "fault_ep_slot",
    "sc_slot", "temp_fault_ep_slot", "bound_notification", "bound_vcpu",
};

const char *cdl_tcb_slot_name(uint64_t slot)
{
    return slot < sizeof tcb_slot_names / sizeof *tcb_slot_names ? tcb_slot_names[slot] : NULL;
}

static bool symbolic_slot(const struct cdl_token *t, uint64_t *slot)
{
    for (uint64_t i = 0; i < sizeof tcb_slot_names / sizeof *tcb_slot_names; i++) {
        if (cdl_tok_is(t, tcb_slot_names[i])) {
            *slot = i;
            return true;
        }
    }
    return false;
}

bool cdl_parse_slot(struct cdl_parser *p, uint64_t *slot, struct cdl_loc *loc)
{
    struct cdl_token t = cdl_next(&p->lx);
    *loc = t.loc;
    if (t.kind == T_NUMBER) {
        *slot = t.num;
        return true;
    }
    if (t.kind == T_IDENT && symbolic_slot(&t, slot))
        return true;
    return cdl_unexpected(p, &t, "a slot (a number or cspace, vspace, ...)");
}

bool cdl_at_slot_label(struct cdl_parser *p)
{
    const struct cdl_token *a = cdl_peek(&p->lx, 0);
    uint64_t ignored;
    return cdl_peek(&p->lx, 1)->kind == T_COLON &&
           (a->kind == T_NUMBER || (a->kind == T_IDENT && symbolic_slot(a, &ignored)));
}

bool cdl_parse_slotref(struct cdl_parser *p, struct cdl_slotref *r)
{
    memset(r, 0, sizeof *r);
    r->loc = cdl_peek(&p->lx, 0)->loc;
    if (cdl_peek(&p->lx, 0)->kind != T_LPAREN)
        return cdl_parse_nameref(p, &r->obj);
    cdl_next(&p->lx);
    r->is_pair = true;
    struct cdl_loc slot_loc;
    if (!cdl_parse_nameref(p, &r->obj) || !cdl_expect(p, T_COMMA, "','") ||
        !cdl_parse_slot(p, &r->slot, &slot_loc) || !cdl_expect(p, T_RPAREN, "')'"))
        return false;
    return true;
}

bool cdl_set_parent(struct cdl_parser *p, uint32_t child, uint32_t parent, struct cdl_loc loc)
{
    struct cdl_object *o = &p->m->objects.v[child];
    if (o->parent != CDL_NONE && o->parent != parent) {
        char a[96], b[96], c[96];
        return cdl_fail(p, loc, "'%s' is covered by two untypeds ('%s' and '%s')",
                        cdl_obj_label(p->m, child, a, sizeof a),
                        cdl_obj_label(p->m, o->parent, b, sizeof b),
                        cdl_obj_label(p->m, parent, c, sizeof c));
    }
    o->parent = parent;
    o->parent_loc = loc;
    return true;
}

/* ---- Object parameters --------------------------------------------------------------- */

struct objparams {
    bool has_size, has_paddr, has_asid_high;
    uint8_t size_bits;
    uint64_t paddr, asid_high;
    struct cdl_loc size_loc, paddr_loc;
    struct cdl_tcb tcb;
    CDL_VEC(struct cdl_fill) fills;
    bool has_fill;
};

static const struct {
    const char *name;
    uint64_t id;
} bootinfo_types[] = {
    { "CDL_FrameFill_BootInfo_Padding", 0 },
    { "CDL_FrameFill_BootInfo_FDT", 6 },
};

bool cdl_bootinfo_type(const char *name, uint64_t *id)
{
    for (size_t i = 0; i < sizeof bootinfo_types / sizeof *bootinfo_types; i++) {
        if (strcmp(name, bootinfo_types[i].name) == 0) {
            *id = bootinfo_types[i].id;
            return true;
        }
    }
    return false;
}

/* {dest_offset length CDL_FrameFill_FileData "file" file_offset} or
 * {dest_offset length CDL_FrameFill_BootInfo CDL_FrameFill_BootInfo_X offset} */
static bool parse_fill(struct cdl_parser *p, struct objparams *op)
{
    struct cdl_token open = cdl_next(&p->lx);
    if (open.kind != T_LBRACE)
        return cdl_unexpected(p, &open, "'{'");
    struct cdl_fill *f = CDL_PUSH(&p->m->arena, op->fills);
    memset(f, 0, sizeof *f);
    f->loc = open.loc;
    if (!cdl_expect_number(p, &f->dest_off, NULL) || !cdl_expect_number(p, &f->len, NULL))
        return false;
    struct cdl_token kind = cdl_next(&p->lx);
    if (kind.kind != T_IDENT)
        return cdl_unexpected(p, &kind, "a fill type");
    if (cdl_tok_is(&kind, "CDL_FrameFill_FileData")) {
        struct cdl_token file = cdl_next(&p->lx);
        if (file.kind != T_STRING && file.kind != T_IDENT)
            return cdl_unexpected(p, &file, "a file name");
        f->kind = CDL_FILL_DATA;
        f->file = cdl_strndup(&p->m->arena, file.text, file.len);
        if (!cdl_expect_number(p, &f->file_off, NULL))
            return false;
    } else if (cdl_tok_is(&kind, "CDL_FrameFill_BootInfo")) {
        struct cdl_token bi = cdl_next(&p->lx);
        if (bi.kind != T_IDENT)
            return cdl_unexpected(p, &bi, "a boot info type");
        f->kind = CDL_FILL_BOOTINFO;
        f->bi_name = cdl_strndup(&p->m->arena, bi.text, bi.len);
        if (!cdl_bootinfo_type(f->bi_name, &f->bi_type))
            return cdl_fail(p, bi.loc, "unknown fill type '%s'", f->bi_name);
        if (!cdl_expect_number(p, &f->file_off, NULL))
            return false;
    } else {
        return cdl_fail(p, kind.loc, "unknown fill type '%.*s'", (int)kind.len, kind.text);
    }
    f->loc.len = cdl_peek(&p->lx, 0)->loc.line == open.loc.line
                     ? cdl_peek(&p->lx, 0)->loc.col + 1 - open.loc.col : 1;
    return cdl_expect(p, T_RBRACE, "'}'");
}

static bool parse_fills(struct cdl_parser *p, struct objparams *op)
{
    op->has_fill = true;
    if (cdl_peek(&p->lx, 0)->kind == T_LBRACE)   /* older capDL: one fill, no list */
        return parse_fill(p, op);
    if (!cdl_expect(p, T_LBRACKET, "'['"))
        return false;
    if (cdl_peek(&p->lx, 0)->kind != T_RBRACKET) {
        for (;;) {
            if (!parse_fill(p, op))
                return false;
            if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
                break;
            cdl_next(&p->lx);
        }
    }
    return cdl_expect(p, T_RBRACKET, "']'");
}

static const char *const tcb_params[CDL_NTCB_PARAMS] = {
    [CDL_T_ADDR] = "addr", [CDL_T_IP] = "ip", [CDL_T_SP] = "sp", [CDL_T_PRIO] = "prio",
    [CDL_T_MAX_PRIO] = "max_prio", [CDL_T_AFFINITY] = "affinity", [CDL_T_RESUME] = "resume",
    [CDL_T_DOM] = "dom", [CDL_T_FAULT_EP] = "fault_ep", [CDL_T_INIT] = "init",
    [CDL_T_ELF] = "elf",
};

static bool parse_tcb_param(struct cdl_parser *p, struct cdl_tcb *t, unsigned which)
{
    uint64_t *nums[CDL_NTCB_PARAMS] = {
        [CDL_T_ADDR] = &t->addr, [CDL_T_IP] = &t->ip, [CDL_T_SP] = &t->sp,
        [CDL_T_PRIO] = &t->prio, [CDL_T_MAX_PRIO] = &t->max_prio,
        [CDL_T_AFFINITY] = &t->affinity, [CDL_T_DOM] = &t->dom, [CDL_T_FAULT_EP] = &t->fault_ep,
    };
    if (nums[which])
        return cdl_expect_number(p, nums[which], NULL);
    if (which == CDL_T_RESUME) {
        struct cdl_token v = cdl_next(&p->lx);
        if (!cdl_tok_is(&v, "True") && !cdl_tok_is(&v, "False"))
            return cdl_unexpected(p, &v, "True or False");
        t->resume = cdl_tok_is(&v, "True");
        return true;
    }
    if (which == CDL_T_ELF) {
        struct cdl_token v = cdl_next(&p->lx);
        if (v.kind != T_IDENT && v.kind != T_STRING)
            return cdl_unexpected(p, &v, "a name");
        t->elf = cdl_strndup(&p->m->arena, v.text, v.len);
        return true;
    }
    CDL_VEC(uint64_t) init = { 0 };
    if (!cdl_expect(p, T_LBRACKET, "'['"))
        return false;
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACKET) {
        if (init.n == 8)
            return cdl_fail(p, cdl_peek(&p->lx, 0)->loc,
                            "%u init arguments: at most %d fit in a0..a7", 9, 8);
        if (!cdl_expect_number(p, CDL_PUSH(&p->m->arena, init), NULL))
            return false;
        if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
            break;
        cdl_next(&p->lx);
    }
    t->init = init.v;
    t->n_init = init.n;
    return cdl_expect(p, T_RBRACKET, "']'");
}

static bool not_for(struct cdl_parser *p, struct cdl_loc loc, const char *param, uint8_t type)
{
    return cdl_fail(p, loc, "parameter '%s' does not apply to a %s", param, cdl_type_name(type));
}

static bool twice(struct cdl_parser *p, struct cdl_loc loc, const char *param)
{
    return cdl_fail(p, loc, "parameter '%s' is given twice", param);
}

static unsigned log2_exact(uint64_t v)
{
    unsigned b = 0;
    while (b < 63 && (1ULL << b) < v)
        b++;
    return (1ULL << b) == v ? b : 64;
}

/* A size: `N bits` or `N k|M|G`. */
static bool parse_size_param(struct cdl_parser *p, struct objparams *op, uint8_t type)
{
    struct cdl_token n = cdl_next(&p->lx);
    struct cdl_token unit = cdl_next(&p->lx);
    struct cdl_loc loc = n.loc;
    loc.len = unit.loc.line == n.loc.line ? unit.loc.col + unit.len - n.loc.col : n.len;
    if (op->has_size)
        return twice(p, loc, "size");
    op->has_size = true;
    op->size_loc = loc;
    if (cdl_tok_is(&unit, "bits")) {
        if (type != CDL_UT && type != CDL_CNODE)
            return not_for(p, loc, "bits", type);
        if (n.num > 64)
            return cdl_fail(p, loc, "size %llu bits is out of range (at most 64)",
                            (unsigned long long)n.num);
        op->size_bits = (uint8_t)n.num;
        return true;
    }
    unsigned shift = cdl_tok_is(&unit, "k") ? 10 : cdl_tok_is(&unit, "M") ? 20
                                                 : cdl_tok_is(&unit, "G") ? 30 : 0;
    if (!shift)
        return cdl_unexpected(p, &unit, "'bits', 'k', 'M' or 'G'");
    if (type != CDL_FRAME)
        return not_for(p, loc, "size", type);
    unsigned bits = log2_exact(n.num);
    if (bits + shift > 63)
        return cdl_fail(p, loc, "frame size %.*s%.*s is not a power of two", (int)n.len, n.text,
                        (int)unit.len, unit.text);
    op->size_bits = (uint8_t)(bits + shift);
    return true;
}

static bool parse_obj_param(struct cdl_parser *p, struct objparams *op, uint8_t type)
{
    if (cdl_peek(&p->lx, 0)->kind == T_NUMBER)
        return parse_size_param(p, op, type);
    struct cdl_token name = cdl_next(&p->lx);
    if (name.kind != T_IDENT)
        return cdl_unexpected(p, &name, "an object parameter");
    char pname[32];
    snprintf(pname, sizeof pname, "%.*s", (int)(name.len < 31 ? name.len : 31), name.text);
    unsigned tcb = CDL_NTCB_PARAMS;
    for (unsigned i = 0; i < CDL_NTCB_PARAMS; i++)
        if (cdl_tok_is(&name, tcb_params[i]))
            tcb = i;
    bool paddr = cdl_tok_is(&name, "paddr"), fill = cdl_tok_is(&name, "fill");
    bool asid_high = cdl_tok_is(&name, "asid_high");
    if (tcb == CDL_NTCB_PARAMS && !paddr && !fill && !asid_high)
        return cdl_fail(p, name.loc, "unknown object parameter '%s'", pname);
    if (!cdl_expect(p, T_COLON, "':'"))
        return false;
    if (tcb < CDL_NTCB_PARAMS) {
        if (type != CDL_TCB)
            return not_for(p, name.loc, pname, type);
        if (op->tcb.present >> tcb & 1)
            return twice(p, name.loc, pname);
        op->tcb.present |= 1u << tcb;
        op->tcb.loc[tcb] = name.loc;
        return parse_tcb_param(p, &op->tcb, tcb);
    }
    if (paddr) {
        if (type != CDL_FRAME && type != CDL_UT)
            return not_for(p, name.loc, pname, type);
        if (op->has_paddr)
            return twice(p, name.loc, pname);
        op->has_paddr = true;
        op->paddr_loc = name.loc;
        return cdl_expect_number(p, &op->paddr, &op->paddr_loc);
    }
    if (asid_high) {
        if (type != CDL_ASID_POOL)
            return not_for(p, name.loc, pname, type);
        op->has_asid_high = true;
        return cdl_expect_number(p, &op->asid_high, NULL);
    }
    if (type != CDL_FRAME)
        return not_for(p, name.loc, pname, type);
    if (op->has_fill)
        return twice(p, name.loc, pname);
    return parse_fills(p, op);
}

bool cdl_parse_obj_params(struct cdl_parser *p, uint32_t first, uint32_t n, uint8_t type)
{
    struct objparams op;
    memset(&op, 0, sizeof op);
    cdl_next(&p->lx);   /* '(' */
    if (cdl_peek(&p->lx, 0)->kind != T_RPAREN) {
        for (;;) {
            if (!parse_obj_param(p, &op, type))
                return false;
            if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
                break;
            cdl_next(&p->lx);
        }
    }
    if (!cdl_expect(p, T_RPAREN, "')'"))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        struct cdl_object *o = &p->m->objects.v[first + i];
        /* A second declaration of an untyped may not change what the first said. */
        if (op.has_size) {
            if (o->has_size && o->size_bits != op.size_bits)
                return twice(p, op.size_loc, "size");
            o->has_size = true;
            o->size_bits = op.size_bits;
            o->size_loc = op.size_loc;
        }
        if (op.has_paddr) {
            if (o->has_paddr && o->paddr != op.paddr)
                return twice(p, op.paddr_loc, "paddr");
            o->has_paddr = true;
            o->paddr = op.paddr;
            o->paddr_loc = op.paddr_loc;
        }
        o->has_asid_high = op.has_asid_high;
        o->asid_high = op.asid_high;
        if (o->tcb)
            *o->tcb = op.tcb;
        o->fills.v = op.fills.v;
        o->fills.n = o->fills.cap = op.fills.n;
    }
    return true;
}
