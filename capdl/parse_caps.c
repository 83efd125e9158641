/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The caps section: `container { slot: target (params) - child_of ref }`,
 * cap names (`name = (container, slot)` and `slot: name = target`) and copies
 * (`<name>`). Parameters are recorded with their place; whether they suit
 * the target's type is check.c's business, once targets are known.
 */
#include <string.h>
#include "parse_util.h"

/* The rights a word like RWG stands for (model bits R W G X P), 0 if none. */
static uint8_t rights_word(const struct cdl_token *t)
{
    uint8_t r = 0;
    for (uint32_t i = 0; t->kind == T_IDENT && i < t->len; i++) {
        const char *at = t->text[i] ? strchr("RWGXP", t->text[i]) : NULL;
        if (!at)
            return 0;
        r |= (uint8_t)(1u << (at - "RWGXP"));
    }
    return r;
}

static bool parse_rights(struct cdl_parser *p, uint8_t *rights, struct cdl_loc *loc)
{
    *rights = 0;
    bool first = true;
    /* capDL writes rights as one word (RWG) or as separate letters (R W G). */
    for (;;) {
        const struct cdl_token *t = cdl_peek(&p->lx, 0);
        uint8_t r = rights_word(t);
        if (!r)
            break;
        *rights |= r;
        if (first)
            *loc = t->loc;
        else if (t->loc.line == loc->line)
            loc->len = t->loc.col + t->len - loc->col;
        first = false;
        cdl_next(&p->lx);
    }
    if (first)
        return cdl_unexpected(p, cdl_peek(&p->lx, 0), "rights (R, W, G, X, P)");
    return true;
}

static const char *const param_names[CDL_NPARAMS] = {
    [CDL_P_RIGHTS] = "rights", [CDL_P_MASKED] = "masked", [CDL_P_BADGE] = "badge",
    [CDL_P_GUARD] = "guard", [CDL_P_GUARD_SIZE] = "guard_size", [CDL_P_REPLY] = "reply",
    [CDL_P_MASTER_REPLY] = "master_reply", [CDL_P_ASID] = "asid", [CDL_P_CACHED] = "cached",
    [CDL_P_UNCACHED] = "uncached", [CDL_P_EXECUTABLE] = "executable",
    [CDL_P_EXECUTE_NEVER] = "execute_never", [CDL_P_MAPPING] = "mapping",
    [CDL_P_CORE] = "core",
};

static bool parse_cap_param(struct cdl_parser *p, struct cdl_capentry *e)
{
    struct cdl_capparams *cp = e->params;
    const struct cdl_token *t = cdl_peek(&p->lx, 0);
    if (t->kind != T_IDENT)
        return cdl_unexpected(p, t, "a cap parameter");
    unsigned which = CDL_NPARAMS;
    for (unsigned i = 0; i < CDL_NPARAMS; i++)
        if (i != CDL_P_RIGHTS && cdl_tok_is(t, param_names[i]))
            which = i;
    struct cdl_loc loc = t->loc;
    if (which == CDL_NPARAMS) {
        uint8_t rights;
        if (!rights_word(t))
            return cdl_fail(p, t->loc, "unknown cap parameter '%.*s'", (int)t->len, t->text);
        if (!parse_rights(p, &rights, &loc))
            return false;
        which = CDL_P_RIGHTS;
        cp->rights |= rights;
    } else {
        cdl_next(&p->lx);
    }
    if (CDL_HAS(cp, which) && which != CDL_P_RIGHTS)
        return cdl_fail(p, loc, "parameter '%s' is given twice", param_names[which]);
    if (!CDL_HAS(cp, which))
        cp->loc[which] = loc;
    cp->present |= 1u << which;
    switch (which) {
    case CDL_P_MASKED:
        return cdl_expect(p, T_COLON, "':'") && parse_rights(p, &cp->masked, &loc);
    case CDL_P_BADGE:
        return cdl_expect(p, T_COLON, "':'") && cdl_expect_number(p, &cp->badge, NULL);
    case CDL_P_GUARD:
        return cdl_expect(p, T_COLON, "':'") && cdl_expect_number(p, &cp->guard, NULL);
    case CDL_P_GUARD_SIZE:
        return cdl_expect(p, T_COLON, "':'") && cdl_expect_number(p, &cp->guard_size, NULL);
    case CDL_P_CORE:
        return cdl_expect(p, T_COLON, "':'") && cdl_expect_number(p, &cp->core, NULL);
    case CDL_P_ASID:
        return cdl_expect(p, T_COLON, "':'") && cdl_expect(p, T_LPAREN, "'('") &&
               cdl_expect_number(p, &cp->asid_high, NULL) && cdl_expect(p, T_COMMA, "','") &&
               cdl_expect_number(p, &cp->asid_low, NULL) && cdl_expect(p, T_RPAREN, "')'");
    case CDL_P_MAPPING:
        if (!cdl_expect(p, T_COLON, "':'"))
            return false;
        if (cdl_peek(&p->lx, 0)->kind != T_LPAREN)
            return cdl_unexpected(p, cdl_peek(&p->lx, 0), "'('");
        e->mapping = cdl_alloc(&p->m->arena, sizeof *e->mapping);
        return cdl_parse_slotref(p, e->mapping);
    default:
        return true;
    }
}

static bool parse_entry_tail(struct cdl_parser *p, struct cdl_capentry *e)
{
    e->params = cdl_alloc(&p->m->arena, sizeof *e->params);
    if (cdl_peek(&p->lx, 0)->kind == T_LPAREN) {
        cdl_next(&p->lx);
        for (;;) {
            if (!parse_cap_param(p, e))
                return false;
            if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
                break;
            cdl_next(&p->lx);
        }
        if (!cdl_expect(p, T_RPAREN, "')'"))
            return false;
    }
    if (cdl_peek(&p->lx, 0)->kind == T_MINUS) {
        cdl_next(&p->lx);
        struct cdl_token t = cdl_next(&p->lx);
        if (!cdl_tok_is(&t, "child_of"))
            return cdl_unexpected(p, &t, "'child_of'");
        e->parent = cdl_alloc(&p->m->arena, sizeof *e->parent);
        return cdl_parse_slotref(p, e->parent);
    }
    return true;
}

static bool parse_target(struct cdl_parser *p, struct cdl_capentry *e)
{
    if (cdl_peek(&p->lx, 0)->kind == T_LT) {
        struct cdl_token lt = cdl_next(&p->lx);
        e->copy = true;
        if (!cdl_parse_nameref(p, &e->target) || !cdl_expect(p, T_GT, "'>'"))
            return false;
        e->target.loc = lt.loc;
        e->target.loc.len = e->target.loc.len + 2;
        return true;
    }
    return cdl_parse_nameref(p, &e->target);
}

static bool parse_entry(struct cdl_parser *p, struct cdl_capentry *e)
{
    memset(e, 0, sizeof *e);
    if (cdl_at_slot_label(p)) {
        e->has_slot = true;
        if (!cdl_parse_slot(p, &e->slot, &e->slot_loc))
            return false;
        cdl_next(&p->lx);   /* ':' */
    }
    if (cdl_peek(&p->lx, 0)->kind == T_LT)
        return parse_target(p, e) && parse_entry_tail(p, e);
    struct cdl_nameref first;
    if (!cdl_parse_nameref(p, &first))
        return false;
    if (cdl_peek(&p->lx, 0)->kind == T_EQUALS) {
        /* `name = target`: first was the cap's name. */
        cdl_next(&p->lx);
        e->capname = cdl_alloc(&p->m->arena, sizeof *e->capname);
        *e->capname = first;
        if (!parse_target(p, e))
            return false;
    } else {
        e->target = first;
    }
    return parse_entry_tail(p, e);
}

static bool parse_capname_decl(struct cdl_parser *p)
{
    struct cdl_token name = cdl_next(&p->lx);
    cdl_next(&p->lx);   /* '=' */
    struct cdl_capname_decl *c = CDL_PUSH(&p->m->arena, p->ast->capnames);
    memset(c, 0, sizeof *c);
    c->name = cdl_strndup(&p->m->arena, name.text, name.len);
    c->loc = name.loc;
    if (cdl_peek(&p->lx, 0)->kind != T_LPAREN)
        return cdl_unexpected(p, cdl_peek(&p->lx, 0), "'('");
    return cdl_parse_slotref(p, &c->ref);
}

bool cdl_parse_caps(struct cdl_parser *p)
{
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        if (cdl_peek(&p->lx, 0)->kind == T_IDENT && cdl_peek(&p->lx, 1)->kind == T_EQUALS) {
            if (!parse_capname_decl(p))
                return false;
            continue;
        }
        struct cdl_capdecl *c = CDL_PUSH(&p->m->arena, p->ast->capdecls);
        memset(c, 0, sizeof *c);
        if (!cdl_parse_nameref(p, &c->container) || !cdl_expect(p, T_LBRACE, "'{'"))
            return false;
        while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
            if (!parse_entry(p, CDL_PUSH(&p->m->arena, c->entries)))
                return false;
            if (cdl_peek(&p->lx, 0)->kind == T_SEMI)
                cdl_next(&p->lx);
        }
        cdl_next(&p->lx);
    }
    cdl_next(&p->lx);
    return true;
}
