/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plain capDL parser: `arch riscv` followed by objects, caps, irq maps
 * and cdt sections, in the syntax of seL4's capDL tool. Objects are created
 * in the model as they are read; everything that names objects goes to the
 * AST for resolve.c. The first syntax error stops parsing (a recovering
 * parser would mostly report follow-on noise).
 */
#include <string.h>
#include "ast.h"
#include "lexer.h"
#include "parse_util.h"

static bool parse_obj_decl(struct cdl_parser *p, uint32_t enclosing);
static bool parse_obj_decl_rest(struct cdl_parser *p, uint32_t enclosing,
                                const struct cdl_nameref *head);

/* ---- Object declarations ------------------------------------------------------ */

static const char *const riscv_types[CDL_NTYPES] = {
    [CDL_EP] = "ep", [CDL_NTFN] = "notification", [CDL_TCB] = "tcb", [CDL_CNODE] = "cnode",
    [CDL_UT] = "ut", [CDL_FRAME] = "frame", [CDL_PT] = "pt", [CDL_ASID_POOL] = "asid_pool",
    [CDL_IRQ] = "irq",
};

/* Types capDL has for other architectures or for MCS: known, but refused. */
static const char *const foreign_types[] = {
    "pd", "pml4", "pdpt", "pud", "pgd", "io_ports", "io_device", "arm_io_device", "io_pt",
    "vcpu", "sc", "rtreply", "streamid", "contextbank", "smc", "ioapic_irq", "msi_irq",
    "arm_irq",
};

static bool parse_type(struct cdl_parser *p, uint8_t *type)
{
    struct cdl_token t = cdl_next(&p->lx);
    if (t.kind != T_IDENT)
        return cdl_unexpected(p, &t, "an object type");
    for (uint8_t i = 0; i < CDL_NTYPES; i++) {
        if (cdl_tok_is(&t, riscv_types[i])) {
            *type = i;
            return true;
        }
    }
    for (size_t i = 0; i < sizeof foreign_types / sizeof *foreign_types; i++)
        if (cdl_tok_is(&t, foreign_types[i]))
            return cdl_fail(p, t.loc, "object type '%.*s' does not exist on riscv (non-MCS)",
                            (int)t.len, t.text);
    return cdl_fail(p, t.loc, "unknown object type '%.*s'", (int)t.len, t.text);
}

/* Finds the untyped a qualified-name prefix names, creating it if new. */
static uint32_t prefix_untyped(struct cdl_parser *p, const struct cdl_nameref *r,
                               uint32_t enclosing)
{
    uint32_t index = CDL_NONE;
    if (r->n_ranges) {
        if (r->n_ranges != 1 || r->ranges[0].kind != R_ONLY) {
            cdl_fail(p, r->loc, "an untyped in a qualified name must be one object");
            return CDL_NONE;
        }
        index = (uint32_t)r->ranges[0].a;
    }
    uint32_t id = cdl_find(p->m, r->name, index);
    if (id == CDL_NONE && index == CDL_NONE) {
        id = cdl_add_objects(p->m, p->d, r->name, 0, CDL_UT, r->loc, false);
        if (id == CDL_NONE) {
            p->failed = true;
            return CDL_NONE;
        }
        p->m->objects.v[id].implicit = true;
    }
    if (id == CDL_NONE || p->m->objects.v[id].type != CDL_UT) {
        cdl_fail(p, r->loc, "'%s' in a qualified name must be an untyped", r->name);
        return CDL_NONE;
    }
    if (enclosing != CDL_NONE && !cdl_set_parent(p, id, enclosing, r->loc))
        return CDL_NONE;
    return id;
}

static bool parse_object_body(struct cdl_parser *p, uint32_t first, uint32_t n,
                              uint8_t type)
{
    if (cdl_peek(&p->lx, 0)->kind == T_LPAREN && !cdl_parse_obj_params(p, first, n, type))
        return false;
    if (cdl_peek(&p->lx, 0)->kind != T_LBRACE)
        return true;
    struct cdl_token brace = cdl_next(&p->lx);
    if (type != CDL_UT)
        return cdl_fail(p, brace.loc, "only an untyped can contain objects");
    if (n != 1)
        return cdl_fail(p, brace.loc, "an array of untypeds cannot contain objects");
    if (++p->depth > CDL_MAX_DEPTH)
        return cdl_fail(p, brace.loc, "nesting too deep (more than %d levels)", CDL_MAX_DEPTH);
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        if (p->failed)
            return false;
        /* `name = object` declares a child; a bare name (list) covers one. */
        const struct cdl_token *a = cdl_peek(&p->lx, 0);
        const struct cdl_token *b = cdl_peek(&p->lx, 1);
        bool decl = a->kind == T_IDENT && (b->kind == T_EQUALS || b->kind == T_SLASH);
        if (a->kind == T_IDENT && b->kind == T_LBRACKET) {
            /* name[..] could be either: look past the brackets. */
            struct cdl_nameref r;
            if (!cdl_parse_nameref(p, &r))
                return false;
            if (cdl_peek(&p->lx, 0)->kind == T_EQUALS || cdl_peek(&p->lx, 0)->kind == T_SLASH) {
                if (!parse_obj_decl_rest(p, first, &r))
                    return false;
            } else {
                struct cdl_cover *c = CDL_PUSH(&p->m->arena, p->ast->covers);
                c->ut = first;
                c->ref = r;
            }
        } else if (decl) {
            if (!parse_obj_decl(p, first))
                return false;
        } else {
            struct cdl_cover *c = CDL_PUSH(&p->m->arena, p->ast->covers);
            c->ut = first;
            if (!cdl_parse_nameref(p, &c->ref))
                return false;
        }
        if (cdl_peek(&p->lx, 0)->kind == T_COMMA)
            cdl_next(&p->lx);
    }
    cdl_next(&p->lx);
    p->depth--;
    return true;
}

/* The declared name (after any prefixes) and `= object`. */
static bool declare(struct cdl_parser *p, const struct cdl_nameref *base, uint32_t parent)
{
    uint32_t count = 0;
    bool is_array = false;
    if (base->n_ranges) {
        if (base->n_ranges != 1 || base->ranges[0].kind != R_ONLY)
            return cdl_fail(p, base->loc, "expected an array size name[N] in a declaration");
        if (base->ranges[0].a > p->m->limits.max_objects)
            return cdl_fail(p, base->loc, "too many objects: the limit is %u",
                            p->m->limits.max_objects);
        count = (uint32_t)base->ranges[0].a;
        is_array = true;
    }
    if (!cdl_expect(p, T_EQUALS, "'='"))
        return false;
    uint8_t type = 0;
    if (!parse_type(p, &type))
        return false;
    uint32_t first = CDL_NONE;
    uint32_t existing = cdl_find(p->m, base->name, CDL_NONE);
    /* capDL lets an untyped be declared more than once (each adds covers). */
    if (type == CDL_UT && !is_array && existing != CDL_NONE &&
        p->m->objects.v[existing].type == CDL_UT) {
        first = existing;
        p->m->objects.v[first].implicit = false;
    } else {
        first = cdl_add_objects(p->m, p->d, base->name, count, type, base->loc, is_array);
        if (first == CDL_NONE) {
            p->failed = true;
            return false;
        }
    }
    uint32_t n = is_array ? count : 1;
    for (uint32_t i = 0; parent != CDL_NONE && i < n; i++)
        if (!cdl_set_parent(p, first + i, parent, base->loc))
            return false;
    return parse_object_body(p, first, n, type);
}

static bool parse_obj_decl_rest(struct cdl_parser *p, uint32_t enclosing,
                                const struct cdl_nameref *head)
{
    struct cdl_nameref cur = *head;
    uint32_t parent = enclosing;
    while (cdl_peek(&p->lx, 0)->kind == T_SLASH) {
        cdl_next(&p->lx);
        parent = prefix_untyped(p, &cur, parent);
        if (parent == CDL_NONE)
            return false;
        if (!cdl_parse_nameref(p, &cur))
            return false;
    }
    return declare(p, &cur, parent);
}

static bool parse_obj_decl(struct cdl_parser *p, uint32_t enclosing)
{
    struct cdl_nameref head;
    if (!cdl_parse_nameref(p, &head))
        return false;
    return parse_obj_decl_rest(p, enclosing, &head);
}

/* ---- Sections ------------------------------------------------------------------------ */

static bool parse_objects(struct cdl_parser *p)
{
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE)
        if (!parse_obj_decl(p, CDL_NONE))
            return false;
    cdl_next(&p->lx);
    return true;
}

static bool parse_irqs(struct cdl_parser *p)
{
    p->ast->irq_section_seen = true;
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        struct cdl_irqentry *e = CDL_PUSH(&p->m->arena, p->ast->irqs);
        memset(e, 0, sizeof *e);
        if (cdl_peek(&p->lx, 0)->kind == T_NUMBER) {
            struct cdl_token n = cdl_next(&p->lx);
            e->has_slot = true;
            e->slot = n.num;
            e->slot_loc = n.loc;
            if (!cdl_expect(p, T_COLON, "':'"))
                return false;
        }
        if (!cdl_parse_nameref(p, &e->obj))
            return false;
        if (cdl_peek(&p->lx, 0)->kind == T_SEMI)
            cdl_next(&p->lx);
    }
    cdl_next(&p->lx);
    return true;
}

static struct cdl_cdtdecl *parse_cdt_decl(struct cdl_parser *p, const struct cdl_slotref *head)
{
    struct cdl_cdtdecl *c = cdl_alloc(&p->m->arena, sizeof *c);
    c->parent = *head;
    struct cdl_token brace = cdl_next(&p->lx);   /* the '{' the caller saw */
    if (++p->depth > CDL_MAX_DEPTH) {
        cdl_fail(p, brace.loc, "nesting too deep (more than %d levels)", CDL_MAX_DEPTH);
        return NULL;
    }
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        struct cdl_slotref r;
        if (!cdl_parse_slotref(p, &r))
            return NULL;
        if (cdl_peek(&p->lx, 0)->kind == T_LBRACE) {
            struct cdl_cdtdecl *n = parse_cdt_decl(p, &r);
            if (!n)
                return NULL;
            *CDL_PUSH(&p->m->arena, c->nested) = n;
            *CDL_PUSH(&p->m->arena, c->children) = r;
        } else {
            *CDL_PUSH(&p->m->arena, c->children) = r;
        }
        if (cdl_peek(&p->lx, 0)->kind == T_SEMI)
            cdl_next(&p->lx);
    }
    cdl_next(&p->lx);
    p->depth--;
    return c;
}

static bool parse_cdt(struct cdl_parser *p)
{
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        struct cdl_slotref r;
        if (!cdl_parse_slotref(p, &r))
            return false;
        if (cdl_peek(&p->lx, 0)->kind != T_LBRACE)
            return cdl_unexpected(p, cdl_peek(&p->lx, 0), "'{'");
        struct cdl_cdtdecl *c = parse_cdt_decl(p, &r);
        if (!c)
            return false;
        *CDL_PUSH(&p->m->arena, p->ast->cdts) = c;
    }
    cdl_next(&p->lx);
    return true;
}

static bool parse_section(struct cdl_parser *p)
{
    struct cdl_token t = cdl_next(&p->lx);
    bool irq = cdl_tok_is(&t, "irq_maps");
    if (cdl_tok_is(&t, "irq") && cdl_tok_is(cdl_peek(&p->lx, 0), "maps")) {
        cdl_next(&p->lx);
        irq = true;
    }
    if (!irq && !cdl_tok_is(&t, "objects") && !cdl_tok_is(&t, "caps") &&
        !cdl_tok_is(&t, "cdt")) {
        if (cdl_tok_is(&t, "domains"))
            return cdl_fail(p, t.loc, "the domains section is not supported (one domain)");
        return cdl_unexpected(p, &t, "a section (objects, caps, irq maps, cdt)");
    }
    if (!cdl_expect(p, T_LBRACE, "'{'"))
        return false;
    if (cdl_tok_is(&t, "objects"))
        return parse_objects(p);
    if (cdl_tok_is(&t, "caps"))
        return cdl_parse_caps(p);
    if (irq)
        return parse_irqs(p);
    return parse_cdt(p);
}

bool cdl_parse_plain(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
                     struct cdl_ast *ast)
{
    struct cdl_parser p = { .m = m, .d = d, .ast = ast };
    cdl_lex_init(&p.lx, src, d);
    struct cdl_token t = cdl_next(&p.lx);
    if (!cdl_tok_is(&t, "arch"))
        return cdl_unexpected(&p, &t, "'arch'");
    t = cdl_next(&p.lx);
    if (t.kind != T_IDENT)
        return cdl_unexpected(&p, &t, "an architecture");
    if (!cdl_tok_is(&t, "riscv"))
        return cdl_fail(&p, t.loc, "unsupported architecture '%.*s' (this compiler targets riscv)",
                        (int)t.len, t.text);
    if (cdl_peek(&p.lx, 0)->kind == T_EOF)
        return cdl_unexpected(&p, cdl_peek(&p.lx, 0), "a section (objects, caps, irq maps, cdt)");
    while (!p.failed && cdl_peek(&p.lx, 0)->kind != T_EOF)
        if (!parse_section(&p))
            return false;
    return !p.failed;
}

bool cdl_parse(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
               const struct cdl_options *opt, const void *dtb, size_t dtb_size)
{
    m->main_source = src;
    /* The first word says which form this is; peek at it quietly (a lexical
     * error is reported once, by the parser that follows). */
    struct cdl_diag quiet = { 0 };
    struct cdl_lexer lx;
    cdl_lex_init(&lx, src, &quiet);
    struct cdl_token t = cdl_next(&lx);
    if (cdl_tok_is(&t, "system"))
        return cdl_parse_highlevel(m, d, src, opt, dtb, dtb_size);
    if (t.kind != T_ERROR && !cdl_tok_is(&t, "arch")) {
        cdl_error(d, t.loc, "a spec starts with 'arch riscv' (plain capDL) or 'system NAME' "
                            "(high-level form)");
        return false;
    }
    struct cdl_ast ast;
    memset(&ast, 0, sizeof ast);
    return cdl_parse_plain(m, d, src, &ast) && cdl_resolve(m, d, &ast);
}
