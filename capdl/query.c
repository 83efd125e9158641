/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Authority questions: "A -> B" (can A send to B: an endpoint or
 * notification A may write and B may read, or an endpoint B calls A on
 * with Grant or GrantReply, so that A can reply), "A <- B", "A reads B" and
 * "A writes B" (a frame B holds that A may read or write; B may also name
 * an endpoint, notification or frame directly). Authority is taken
 * transitively, the way seL4's take-grant model spreads it: a sender with
 * Grant passes all its caps to whoever receives on that endpoint, a
 * receiver with Grant passes caps back in replies to callers that hold
 * Grant or GrantReply, threads sharing a CNode share its caps, and holding
 * another thread's TCB cap means holding everything it holds (and giving
 * it everything, through its CSpace). Memory is reached through caps
 * (a frame cap may be mapped) or mappings; mappings alone are not passed on.
 */
#include <stdlib.h>
#include <string.h>
#include "authority.h"

enum { CAP = 32 };   /* held as a cap in the CSpace: can be passed on */

void cdl_each_held(const struct cdl_model *m, uint32_t tcb, uint8_t *seen, cdl_held_fn fn,
                   void *ctx)
{
    memset(seen, 0, m->objects.n);
    const struct cdl_object *t = &m->objects.v[tcb];
    uint32_t *queue = malloc(((size_t)m->objects.n + 1) * sizeof *queue);
    if (!queue)
        return;
    uint32_t head = 0, tail = 0;
    const struct cdl_slot *root = cdl_slot_at(m, tcb, CDL_TCB_CSPACE);
    if (root && root->cap.kind == CDL_CAP_OBJ && m->objects.v[root->cap.obj].type == CDL_CNODE) {
        fn(ctx, &root->cap, CDL_ALL_RIGHTS, CDL_HELD_TCB_SLOT);
        seen[root->cap.obj] = 1;
        queue[tail++] = root->cap.obj;
    }
    while (head < tail) {
        const struct cdl_object *cn = &m->objects.v[queue[head++]];
        for (uint32_t s = 0; s < cn->slots.n; s++) {
            const struct cdl_cap *c = &cn->slots.v[s].cap;
            fn(ctx, c, c->rights, CDL_HELD_CSPACE);
            if (c->kind == CDL_CAP_OBJ && m->objects.v[c->obj].type == CDL_CNODE &&
                !seen[c->obj]) {
                seen[c->obj] = 1;
                queue[tail++] = c->obj;
            }
        }
    }
    free(queue);
    for (uint32_t s = 0; s < t->slots.n; s++) {
        const struct cdl_cap *c = &t->slots.v[s].cap;
        if (t->slots.v[s].index == CDL_TCB_CSPACE || c->kind != CDL_CAP_OBJ)
            continue;
        fn(ctx, c, c->rights, CDL_HELD_TCB_SLOT);
        if (t->slots.v[s].index != CDL_TCB_VSPACE)
            continue;
        /* Everything mapped in its VSpace (levels come from check). */
        for (uint32_t i = 0; i < m->objects.n; i++) {
            const struct cdl_object *pt = &m->objects.v[i];
            if (pt->type != CDL_PT || pt->vspace != c->obj)
                continue;
            for (uint32_t k = 0; k < pt->slots.n; k++) {
                const struct cdl_cap *f = &pt->slots.v[k].cap;
                if (f->kind == CDL_CAP_OBJ && m->objects.v[f->obj].type == CDL_FRAME)
                    fn(ctx, f, f->rights & (CDL_R | CDL_W), CDL_HELD_MAPPED);
            }
        }
    }
}

struct authority {
    const struct cdl_model *m;
    uint32_t n_subj, n_obj;
    uint32_t *subj;         /* subject -> TCB object */
    uint32_t *subj_of;      /* object -> subject, or CDL_NONE */
    uint8_t *direct, *all;  /* n_subj x n_obj: rights | CAP */
    uint8_t *row;           /* the row being filled */
};

static void note(void *ctx, const struct cdl_cap *cap, uint8_t rights, int how)
{
    struct authority *a = ctx;
    if (cap->kind != CDL_CAP_OBJ)
        return;
    /* Caps without rights (CNode, TCB, page tables) still give authority. */
    uint8_t r = rights ? rights : CDL_ALL_RIGHTS;
    a->row[cap->obj] |= (uint8_t)(r | (how == CDL_HELD_CSPACE ? CAP : 0));
}

/* dst gets every cap src can pass on. */
static bool merge(struct authority *a, uint32_t src, uint32_t dst)
{
    if (src == dst)
        return false;
    uint8_t *s = a->all + (size_t)src * a->n_obj, *d = a->all + (size_t)dst * a->n_obj;
    bool changed = false;
    for (uint32_t o = 0; o < a->n_obj; o++) {
        if ((s[o] & CAP) && (d[o] | s[o]) != d[o]) {
            d[o] |= s[o];
            changed = true;
        }
    }
    return changed;
}

static uint8_t *row(const struct authority *a, uint8_t *base, uint32_t subj)
{
    return base + (size_t)subj * a->n_obj;
}

static bool closure_round(struct authority *a)
{
    const struct cdl_model *m = a->m;
    bool changed = false;
    for (uint32_t o = 0; o < a->n_obj; o++) {
        uint8_t type = m->objects.v[o].type;
        if (type != CDL_EP && type != CDL_CNODE && type != CDL_TCB)
            continue;
        for (uint32_t x = 0; x < a->n_subj; x++) {
            uint8_t rx = row(a, a->all, x)[o];
            if (!rx)
                continue;
            for (uint32_t y = 0; y < a->n_subj; y++) {
                uint8_t ry = row(a, a->all, y)[o];
                if (type == CDL_EP && (rx & CDL_W) && (rx & CDL_G) && (ry & CDL_R))
                    changed |= merge(a, x, y);          /* send with Grant */
                if (type == CDL_EP && (rx & CDL_R) && (rx & CDL_G) && (ry & CDL_W) &&
                    (ry & (CDL_G | CDL_P)))
                    changed |= merge(a, x, y);          /* reply with Grant */
                if (type == CDL_CNODE && (rx & CAP) && ry)
                    changed |= merge(a, x, y);          /* a shared CNode */
            }
            uint32_t t = a->subj_of[o];
            if (type == CDL_TCB && t != CDL_NONE && t != x) {
                changed |= merge(a, t, x);              /* controls that thread */
                changed |= merge(a, x, t);
            }
        }
    }
    return changed;
}

static bool build(struct authority *a, const struct cdl_model *m)
{
    a->m = m;
    a->n_obj = m->objects.n;
    a->subj_of = malloc(((size_t)a->n_obj + 1) * sizeof *a->subj_of);
    a->subj = malloc(((size_t)a->n_obj + 1) * sizeof *a->subj);
    uint8_t *seen = malloc((size_t)a->n_obj + 1);
    if (!a->subj_of || !a->subj || !seen) {
        free(seen);
        return false;
    }
    for (uint32_t i = 0; i < a->n_obj; i++) {
        a->subj_of[i] = CDL_NONE;
        if (m->objects.v[i].type == CDL_TCB) {
            a->subj_of[i] = a->n_subj;
            a->subj[a->n_subj++] = i;
        }
    }
    size_t cells = (size_t)a->n_subj * a->n_obj + 1;
    a->direct = calloc(cells, 1);
    a->all = calloc(cells, 1);
    if (!a->direct || !a->all) {
        free(seen);
        return false;
    }
    for (uint32_t s = 0; s < a->n_subj; s++) {
        a->row = row(a, a->direct, s);
        a->row[a->subj[s]] |= CDL_ALL_RIGHTS;   /* a thread is its own TCB */
        cdl_each_held(m, a->subj[s], seen, note, a);
    }
    free(seen);
    memcpy(a->all, a->direct, cells);
    /* Each round adds rights and rights only grow: at most a few rounds. */
    for (unsigned round = 0; round <= a->n_subj && closure_round(a); round++)
        ;
    return true;
}

static void release(struct authority *a)
{
    free(a->subj_of);
    free(a->subj);
    free(a->direct);
    free(a->all);
}

/* ---- Questions ---------------------------------------------------------------------------- */

struct side {
    char name[128];
    uint32_t first, count;   /* objects first..first+count-1 */
};

static bool parse_side(const struct cdl_model *m, const char *s, size_t n, struct side *out)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n || n >= sizeof out->name)
        return false;
    memcpy(out->name, s, n);
    out->name[n] = 0;
    char *br = strchr(out->name, '[');
    if (br) {
        char *end;
        unsigned long idx = strtoul(br + 1, &end, 0);
        if (end == br + 1 || *end != ']' || end[1] || idx >= UINT32_MAX)
            return false;
        *br = 0;
        out->first = cdl_find(m, out->name, (uint32_t)idx);
        *br = '[';
        out->count = 1;
        return out->first != CDL_NONE;
    }
    out->first = cdl_find(m, out->name, CDL_NONE);
    out->count = 1;
    if (out->first == CDL_NONE) {
        out->first = cdl_find(m, out->name, 0);
        out->count = out->first == CDL_NONE ? 0 : m->objects.v[out->first].array_len;
    }
    return out->first != CDL_NONE && out->count;
}

enum { Q_SEND, Q_RECV, Q_READ, Q_WRITE };

/* Does subject a have `need` on o, and subject/object b the matching side? */
static bool answer(const struct authority *a, uint32_t sa, const struct side *b, int op,
                   uint32_t *witness, bool *indirect, bool *reply)
{
    const struct cdl_model *m = a->m;
    const uint8_t *ra = row(a, a->all, sa), *da = row(a, a->direct, sa);
    uint8_t need = op == Q_SEND || op == Q_WRITE ? CDL_W : CDL_R;
    uint8_t other = op == Q_SEND ? CDL_R : op == Q_RECV ? CDL_W : 0xff;
    bool mem = op == Q_READ || op == Q_WRITE;
    for (uint32_t k = 0; k < b->count; k++) {
        uint32_t id = b->first + k;
        uint32_t sb = a->subj_of[id];
        if (sb == CDL_NONE) {
            /* B is an object: A's own rights on it decide. */
            if (ra[id] & need) {
                *witness = id;
                *indirect = !(da[id] & need);
                return true;
            }
            continue;
        }
        const uint8_t *rb = row(a, a->all, sb);
        for (uint32_t o = 0; o < a->n_obj; o++) {
            uint8_t t = m->objects.v[o].type;
            if (mem ? t != CDL_FRAME : t != CDL_EP && t != CDL_NTFN)
                continue;
            if ((ra[o] & need) && (rb[o] & other)) {
                *witness = o;
                *indirect = !(da[o] & need) || !(row(a, a->direct, sb)[o] & other);
                return true;
            }
            /* A reply is a message too: the receiver answers a caller whose
             * cap has Grant or GrantReply (seL4 makes the reply cap then). */
            const uint8_t *db = row(a, a->direct, sb);
            if (op == Q_SEND && t == CDL_EP && (ra[o] & CDL_R) && (rb[o] & CDL_W) &&
                (rb[o] & (CDL_G | CDL_P))) {
                *witness = o;
                *indirect = !(da[o] & CDL_R) || !(db[o] & CDL_W) || !(db[o] & (CDL_G | CDL_P));
                *reply = true;
                return true;
            }
        }
    }
    return false;
}

int cdl_query(const struct cdl_model *m, struct cdl_diag *d, const char *query, FILE *out)
{
    static const struct {
        const char *op;
        int kind;
    } ops[] = { { "->", Q_SEND }, { "<-", Q_RECV }, { " reads ", Q_READ }, { " writes ", Q_WRITE } };
    const char *at = NULL;
    int op = -1;
    size_t oplen = 0;
    for (size_t i = 0; i < sizeof ops / sizeof *ops && !at; i++) {
        at = strstr(query, ops[i].op);
        op = ops[i].kind;
        oplen = strlen(ops[i].op);
    }
    struct side sa, sb;
    if (!at || !parse_side(m, query, (size_t)(at - query), &sa) ||
        !parse_side(m, at + oplen, strlen(at + oplen), &sb)) {
        cdl_error_plain(d, "query '%s': write 'A -> B', 'A <- B', 'A reads B' or 'A writes B' "
                           "with names of the spec", query);
        return -1;
    }
    struct authority a = { 0 };
    if (!build(&a, m)) {
        release(&a);
        cdl_error_plain(d, "query '%s': out of memory", query);
        return -1;
    }
    if (sa.count != 1 || a.subj_of[sa.first] == CDL_NONE) {
        cdl_error_plain(d, "query '%s': '%s' is not a thread (a tcb or component)", query, sa.name);
        release(&a);
        return -1;
    }
    uint32_t witness = CDL_NONE;
    bool indirect = false, reply = false;
    /* A <- B is B -> A, asked from A's side: A reads what B writes. */
    bool yes;
    if (op == Q_RECV && a.subj_of[sb.first] != CDL_NONE) {
        struct side swap = { .first = sa.first, .count = 1 };
        yes = false;
        for (uint32_t k = 0; k < sb.count && !yes; k++)
            yes = answer(&a, a.subj_of[sb.first + k], &swap, Q_SEND, &witness, &indirect, &reply);
    } else {
        yes = answer(&a, a.subj_of[sa.first], &sb, op, &witness, &indirect, &reply);
    }
    static const char *const verbs[] = { "->", "<-", "reads", "writes" };
    fprintf(out, "%s %s %s: %s", sa.name, verbs[op], sb.name, yes ? "yes" : "no");
    if (yes) {
        char label[512];
        fprintf(out, " (%s '%s'%s)", reply ? "replying through" : "through",
                cdl_obj_label(m, witness, label, sizeof label),
                indirect ? ", reached by passing caps on" : "");
    }
    fputc('\n', out);
    release(&a);
    return yes;
}
