/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parser of the high-level form (docs/capdl.md has the grammar):
 *
 *   system hello
 *   component hello { elf: "hello.elf"  priority: 100  stack: 16k }
 *   channel ping { server: b  client: a (badge: 1) }
 *   notification tick { waiter: b (bind)  signaller: a (badge: 4) }
 *   shared buf { size: 8k  map: a at 0x40000000 (RW)  map: b at 0x40000000 (R) }
 *   device uart { path: "/soc/serial@10000000"  map: d at 0x50000000 (RW)  irq: d }
 *   device uart { path: stdout  irq: d (slot: 8, badge: 0x100, notification: tick) }
 *
 * Same tokens and comments as plain capDL. Names of components are resolved
 * by the expansion, so declarations may come in any order.
 */
#include <string.h>
#include "ast.h"
#include "highlevel.h"
#include "parse_util.h"

static bool key(struct cdl_parser *p, struct cdl_token *k)
{
    *k = cdl_next(&p->lx);
    if (k->kind != T_IDENT)
        return cdl_unexpected(p, k, "a key (name: value)");
    return cdl_expect(p, T_COLON, "':'");
}

static bool parse_size(struct cdl_parser *p, uint64_t *v, struct cdl_loc *loc)
{
    if (!cdl_expect_number(p, v, loc))
        return false;
    const struct cdl_token *u = cdl_peek(&p->lx, 0);
    unsigned shift = cdl_tok_is(u, "k") ? 10 : cdl_tok_is(u, "M") ? 20 : cdl_tok_is(u, "G") ? 30 : 0;
    if (!shift)
        return true;
    if (*v > (UINT64_MAX >> shift))
        return cdl_fail(p, *loc, "number too large (more than 64 bits)");
    *v <<= shift;
    cdl_next(&p->lx);
    return true;
}

static bool parse_string(struct cdl_parser *p, const char **s, struct cdl_loc *loc)
{
    struct cdl_token t = cdl_next(&p->lx);
    if (t.kind != T_STRING)
        return cdl_unexpected(p, &t, "a string");
    *s = cdl_strndup(&p->m->arena, t.text, t.len);
    *loc = t.loc;
    return true;
}

static uint8_t rights_of(const struct cdl_token *t)
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

/* `( badge: N, slot: N, grant, bind, notification: NAME, RW )` after a
 * reference. */
static bool parse_opts(struct cdl_parser *p, struct hl_ref *r)
{
    if (cdl_peek(&p->lx, 0)->kind != T_LPAREN)
        return true;
    cdl_next(&p->lx);
    for (;;) {
        struct cdl_token t = cdl_next(&p->lx);
        if (cdl_tok_is(&t, "badge") || cdl_tok_is(&t, "slot")) {
            bool badge = cdl_tok_is(&t, "badge");
            if (!cdl_expect(p, T_COLON, "':'") ||
                !cdl_expect_number(p, badge ? &r->badge : &r->slot, NULL))
                return false;
            if (badge)
                r->has_badge = true;
            else
                r->has_slot = true;
        } else if (cdl_tok_is(&t, "notification")) {
            struct cdl_token n;
            if (r->role != HL_IRQ)
                return cdl_fail(p, t.loc, "option 'notification' applies only to a device's irq");
            if (!cdl_expect(p, T_COLON, "':'"))
                return false;
            n = cdl_next(&p->lx);
            if (n.kind != T_IDENT)
                return cdl_unexpected(p, &n, "a notification's name");
            r->ntfn = cdl_strndup(&p->m->arena, n.text, n.len);
            r->ntfn_loc = n.loc;
        } else if (cdl_tok_is(&t, "grant")) {
            r->grant = true;
        } else if (cdl_tok_is(&t, "bind")) {
            r->bind = true;
        } else if (rights_of(&t)) {
            r->rights |= rights_of(&t);
            r->has_rights = true;
        } else {
            if (t.kind == T_IDENT)
                return cdl_fail(p, t.loc, "unknown option '%.*s'", (int)t.len, t.text);
            return cdl_unexpected(p, &t, "an option (badge, slot, grant, bind, notification, rights)");
        }
        if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
            break;
        cdl_next(&p->lx);
    }
    return cdl_expect(p, T_RPAREN, "')'");
}

/* COMPONENT [at ADDRESS] [(options)] */
static bool parse_ref(struct cdl_parser *p, struct hl_ref *r, uint8_t role, bool at)
{
    memset(r, 0, sizeof *r);
    r->role = role;
    struct cdl_token t = cdl_next(&p->lx);
    if (t.kind != T_IDENT)
        return cdl_unexpected(p, &t, "a component name");
    r->comp = cdl_strndup(&p->m->arena, t.text, t.len);
    r->loc = t.loc;
    if (at) {
        struct cdl_token a = cdl_next(&p->lx);
        if (!cdl_tok_is(&a, "at"))
            return cdl_unexpected(p, &a, "'at'");
        if (!cdl_expect_number(p, &r->vaddr, NULL))
            return false;
    }
    return parse_opts(p, r);
}

static void skip_separators(struct cdl_parser *p)
{
    while (cdl_peek(&p->lx, 0)->kind == T_SEMI || cdl_peek(&p->lx, 0)->kind == T_COMMA)
        cdl_next(&p->lx);
}

static bool parse_args(struct cdl_parser *p, struct hl_component *c)
{
    if (!cdl_expect(p, T_LBRACKET, "'['"))
        return false;
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACKET) {
        uint64_t v;
        struct cdl_loc loc;
        if (!cdl_expect_number(p, &v, &loc))
            return false;
        /* a4..a7 carry the component runtime's start information. */
        if (c->n_args == 4)
            return cdl_fail(p, loc, "%u args: at most 4 fit in a0..a3 (a4..a7 tell the component "
                                    "runtime its IPC buffer and CNode size)", 5);
        c->args[c->n_args++] = v;
        if (cdl_peek(&p->lx, 0)->kind != T_COMMA)
            break;
        cdl_next(&p->lx);
    }
    return cdl_expect(p, T_RBRACKET, "']'");
}

/* devicetree: ADDRESS [(size: N)] -- the boot device tree, read-only. */
static bool parse_devicetree(struct cdl_parser *p, struct hl_component *c,
                             const struct cdl_token *k)
{
    if (c->has_dt)
        return cdl_fail(p, k->loc, "a component has one devicetree");
    c->has_dt = true;
    c->dt_loc = k->loc;
    c->dt_size = HL_DEFAULT_DT_SIZE;
    if (!cdl_expect_number(p, &c->dt_va, NULL))
        return false;
    if (cdl_peek(&p->lx, 0)->kind != T_LPAREN)
        return true;
    cdl_next(&p->lx);
    struct cdl_token t = cdl_next(&p->lx);
    if (!cdl_tok_is(&t, "size"))
        return cdl_unexpected(p, &t, "size: N");
    struct cdl_loc loc;
    if (!cdl_expect(p, T_COLON, "':'") || !parse_size(p, &c->dt_size, &loc))
        return false;
    if (!c->dt_size || c->dt_size % 4096 || c->dt_size > (1ULL << 20))
        return cdl_fail(p, loc, "devicetree size %llu must be a multiple of 4k from 4k to 1M",
                        (unsigned long long)c->dt_size);
    return cdl_expect(p, T_RPAREN, "')'");
}

static bool unknown_key(struct cdl_parser *p, const struct cdl_token *k, const char *where)
{
    return cdl_fail(p, k->loc, "unknown key '%.*s' in %s", (int)k->len, k->text, where);
}

static bool parse_component(struct cdl_parser *p, struct hl_component *c)
{
    c->prio = HL_DEFAULT_PRIO;
    c->stack = HL_DEFAULT_STACK;
    c->cnode_bits = HL_DEFAULT_CNODE_BITS;
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        struct cdl_token k;
        uint64_t v;
        if (!key(p, &k))
            return false;
        if (cdl_tok_is(&k, "elf")) {
            if (!parse_string(p, &c->elf, &c->elf_loc))
                return false;
        } else if (cdl_tok_is(&k, "priority") || cdl_tok_is(&k, "max_priority")) {
            struct cdl_loc loc;
            if (!cdl_expect_number(p, &v, &loc))
                return false;
            if (v > 255)
                return cdl_fail(p, loc, "%.*s %llu is out of range (0..255)", (int)k.len, k.text,
                                (unsigned long long)v);
            if (cdl_tok_is(&k, "priority"))
                c->prio = v;
            else
                c->max_prio = v, c->has_max_prio = true;
        } else if (cdl_tok_is(&k, "stack")) {
            if (!parse_size(p, &c->stack, &c->stack_loc))
                return false;
        } else if (cdl_tok_is(&k, "cnode_bits")) {
            if (!cdl_expect_number(p, &v, &c->cnode_loc))
                return false;
            if (v < 4 || v > 20)
                return cdl_fail(p, c->cnode_loc, "cnode_bits %llu is out of range (4..20)",
                                (unsigned long long)v);
            c->cnode_bits = (uint8_t)v;
        } else if (cdl_tok_is(&k, "args")) {
            c->args_loc = k.loc;
            if (!parse_args(p, c))
                return false;
        } else if (cdl_tok_is(&k, "devicetree")) {
            if (!parse_devicetree(p, c, &k))
                return false;
        } else if (cdl_tok_is(&k, "fault_handler")) {
            if (c->fault.n)
                return cdl_fail(p, k.loc, "a component has one fault_handler");
            if (!parse_ref(p, CDL_PUSH(&p->m->arena, c->fault), HL_FAULT, false))
                return false;
        } else if (cdl_tok_is(&k, "on_fault")) {
            struct cdl_token t = *cdl_peek(&p->lx, 0);
            if (t.kind != T_IDENT || !(cdl_tok_is(&t, "restart") || cdl_tok_is(&t, "stop")))
                return cdl_fail(p, t.loc, "on_fault takes 'restart' or 'stop'");
            cdl_next(&p->lx);
            if (c->has_on_fault)
                return cdl_fail(p, k.loc, "a component has one on_fault");
            c->has_on_fault = true;
            c->on_fault_restart = cdl_tok_is(&t, "restart");
            c->on_fault_loc = k.loc;
        } else if (cdl_tok_is(&k, "control")) {
            struct hl_ref *r = CDL_PUSH(&p->m->arena, c->controls);
            if (!parse_ref(p, r, HL_CONTROL, false))
                return false;
            static const char *const ok[] = { "irq_control", "asid_control", "domain",
                                              "system_control" };
            bool found = false;
            for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
                found |= strcmp(r->comp, ok[i]) == 0;
            if (!found)
                return cdl_fail(p, r->loc, "unknown control cap '%s' (irq_control, asid_control, "
                                           "domain, system_control)", r->comp);
            r->control = r->comp;
            r->comp = c->name;
        } else {
            return unknown_key(p, &k, "a component");
        }
        skip_separators(p);
    }
    if (!c->elf)
        return cdl_fail(p, c->loc, "component '%s' needs an elf: \"file\"", c->name);
    return true;
}

static bool parse_decl(struct cdl_parser *p, struct hl_decl *d)
{
    static const char *const what[] = { "a channel", "a notification", "shared memory",
                                        "a device" };
    while (cdl_peek(&p->lx, 0)->kind != T_RBRACE) {
        struct cdl_token k;
        if (!key(p, &k))
            return false;
        struct hl_ref *r = NULL;
        uint8_t role = 0;
        if (d->kind == HL_CHANNEL && (cdl_tok_is(&k, "server") || cdl_tok_is(&k, "client")))
            role = cdl_tok_is(&k, "server") ? HL_SERVER : HL_CLIENT;
        else if (d->kind == HL_NOTIFICATION &&
                 (cdl_tok_is(&k, "waiter") || cdl_tok_is(&k, "signaller")))
            role = cdl_tok_is(&k, "waiter") ? HL_WAITER : HL_SIGNALLER;
        else if ((d->kind == HL_SHARED || d->kind == HL_DEVICE) && cdl_tok_is(&k, "map"))
            role = HL_MAP;
        else if (d->kind == HL_DEVICE && cdl_tok_is(&k, "irq"))
            role = HL_IRQ;
        else if ((d->kind == HL_SHARED || d->kind == HL_DEVICE) && cdl_tok_is(&k, "size")) {
            d->has_size = true;
            if (!parse_size(p, &d->size, &d->size_loc))
                return false;
        } else if (d->kind == HL_DEVICE && cdl_tok_is(&k, "path")) {
            const struct cdl_token *t = cdl_peek(&p->lx, 0);
            if (cdl_tok_is(t, "stdout")) {
                /* The console: whichever node the --dtb's /chosen names. */
                d->path = "stdout";
                d->path_loc = t->loc;
                d->path_stdout = true;
                cdl_next(&p->lx);
            } else if (!parse_string(p, &d->path, &d->path_loc)) {
                return false;
            }
        } else if (d->kind == HL_DEVICE && cdl_tok_is(&k, "paddr")) {
            d->has_paddr = true;
            if (!cdl_expect_number(p, &d->paddr, &d->paddr_loc))
                return false;
        } else if (d->kind == HL_DEVICE && cdl_tok_is(&k, "interrupt")) {
            d->has_interrupt = true;
            if (!cdl_expect_number(p, &d->interrupt, NULL))
                return false;
        } else {
            return unknown_key(p, &k, what[d->kind]);
        }
        if (role || cdl_tok_is(&k, "server") || cdl_tok_is(&k, "client")) {
            r = CDL_PUSH(&p->m->arena, d->refs);
            if (!parse_ref(p, r, role, role == HL_MAP))
                return false;
        }
        skip_separators(p);
    }
    if (d->kind == HL_SHARED && !d->has_size)
        return cdl_fail(p, d->loc, "shared memory '%s' needs a size", d->name);
    if (d->kind == HL_DEVICE && !d->path && !d->has_paddr)
        return cdl_fail(p, d->loc, "device '%s' needs a path (device tree) or a paddr", d->name);
    return true;
}

static bool parse_item(struct cdl_parser *p, struct hl_spec *spec)
{
    struct cdl_token t = cdl_next(&p->lx);
    static const char *const kinds[] = { "channel", "notification", "shared", "device" };
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (cdl_tok_is(&t, kinds[i]))
            kind = i;
    if (kind < 0 && !cdl_tok_is(&t, "component"))
        return cdl_unexpected(p, &t,
                              "component, channel, notification, shared or device");
    struct cdl_token name = cdl_next(&p->lx);
    if (name.kind != T_IDENT)
        return cdl_unexpected(p, &name, "a name");
    if (!cdl_expect(p, T_LBRACE, "'{'"))
        return false;
    const char *n = cdl_strndup(&p->m->arena, name.text, name.len);
    bool ok;
    if (kind < 0) {
        struct hl_component *c = CDL_PUSH(&p->m->arena, spec->comps);
        memset(c, 0, sizeof *c);
        c->name = n;
        c->loc = name.loc;
        ok = parse_component(p, c);
    } else {
        struct hl_decl *d = CDL_PUSH(&p->m->arena, spec->decls);
        memset(d, 0, sizeof *d);
        d->kind = (uint8_t)kind;
        d->name = n;
        d->loc = name.loc;
        ok = parse_decl(p, d);
    }
    return ok && cdl_expect(p, T_RBRACE, "'}'");
}

bool cdl_parse_highlevel(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
                         const struct cdl_options *opt, const void *dtb, size_t dtb_size)
{
    struct cdl_ast unused;
    memset(&unused, 0, sizeof unused);
    struct cdl_parser p = { .m = m, .d = d, .ast = &unused };
    cdl_lex_init(&p.lx, src, d);
    cdl_next(&p.lx);   /* system */
    struct cdl_token name = cdl_next(&p.lx);
    if (name.kind != T_IDENT)
        return cdl_unexpected(&p, &name, "the system's name");
    m->system_name = cdl_strndup(&m->arena, name.text, name.len);
    struct hl_spec spec;
    memset(&spec, 0, sizeof spec);
    while (cdl_peek(&p.lx, 0)->kind != T_EOF)
        if (!parse_item(&p, &spec))
            return false;
    if (!spec.comps.n)
        return cdl_fail(&p, name.loc, "system '%s' has no component", m->system_name);
    return cdl_hl_expand(m, d, &spec, src, opt, dtb, dtb_size);
}
