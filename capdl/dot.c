/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The authority graph in Graphviz's language (`dot -Tsvg`): threads
 * (components) as boxes, endpoints, notifications, IRQs and the frames and
 * CNodes that more than one thread holds as other shapes. An edge from a
 * thread to an object is a cap it can write/send with, from an object to a
 * thread one it can read/receive with (both: dir=both); labels give the
 * rights and badge. IRQs point at the notification they signal. Frames of
 * one array are drawn as one node; device frames (with a paddr) are shown
 * even when only one thread maps them.
 */
#include <stdlib.h>
#include <string.h>
#include "authority.h"

struct edge {
    uint32_t node;      /* object id of the node (array element 0 for arrays) */
    uint8_t rights;
    uint64_t badge;
};

struct collect {
    const struct cdl_model *m;
    CDL_VEC(struct edge) edges;
    struct cdl_arena *a;
    uint32_t self;
};

/* Frames of an array share a node: the array's element 0. */
static uint32_t node_of(const struct cdl_model *m, uint32_t id)
{
    const struct cdl_object *o = &m->objects.v[id];
    if (o->type == CDL_FRAME && o->index != CDL_NONE)
        return id - o->index;
    return id;
}

static void held(void *ctx, const struct cdl_cap *cap, uint8_t rights, int how)
{
    struct collect *c = ctx;
    (void)how;
    if (cap->kind != CDL_CAP_OBJ || cap->obj == c->self)
        return;
    uint8_t type = c->m->objects.v[cap->obj].type;
    if (type == CDL_PT || type == CDL_UT || type == CDL_ASID_POOL)
        return;
    uint32_t node = node_of(c->m, cap->obj);
    uint64_t badge = type == CDL_EP || type == CDL_NTFN ? cap->params->badge : 0;
    for (uint32_t i = 0; i < c->edges.n; i++) {
        if (c->edges.v[i].node == node && c->edges.v[i].badge == badge) {
            c->edges.v[i].rights |= rights;
            return;
        }
    }
    *CDL_PUSH(c->a, c->edges) = (struct edge){ node, rights, badge };
}

static void quoted(const struct cdl_model *m, uint32_t id, FILE *out)
{
    const struct cdl_object *o = &m->objects.v[id];
    if (o->type == CDL_FRAME && o->index != CDL_NONE)
        fprintf(out, "\"%s\"", o->name);
    else if (o->index != CDL_NONE)
        fprintf(out, "\"%s[%u]\"", o->name, o->index);
    else
        fprintf(out, "\"%s\"", o->name);
}

static void rights_text(uint8_t r, FILE *out)
{
    static const char letters[] = "RWGXP";
    for (unsigned i = 0; i < 5; i++)
        if (r & (1u << i))
            fputc(letters[i], out);
}

static void node_decl(const struct cdl_model *m, uint32_t id, FILE *out)
{
    static const char *const shape[CDL_NTYPES] = {
        [CDL_EP] = "ellipse", [CDL_NTFN] = "diamond", [CDL_TCB] = "box", [CDL_CNODE] = "folder",
        [CDL_FRAME] = "note", [CDL_IRQ] = "hexagon",
    };
    static const char *const kind[CDL_NTYPES] = {
        [CDL_EP] = "endpoint", [CDL_NTFN] = "notification", [CDL_TCB] = "thread",
        [CDL_CNODE] = "shared cnode", [CDL_FRAME] = "memory", [CDL_IRQ] = "irq",
    };
    const struct cdl_object *o = &m->objects.v[id];
    fputs("  ", out);
    quoted(m, id, out);
    fprintf(out, " [shape=%s", shape[o->type] ? shape[o->type] : "ellipse");
    if (o->type == CDL_TCB)
        fputs(", style=filled, fillcolor=\"#dde8f7\"", out);
    fprintf(out, ", label=\"%s%s\\n%s", o->name,
            o->index != CDL_NONE && o->type != CDL_FRAME ? "[]" : "", kind[o->type] ? kind[o->type] : "");
    if (o->type == CDL_FRAME && o->array_len)
        fprintf(out, " (%u pages)", o->array_len);
    if (o->type == CDL_FRAME && o->has_paddr)
        fprintf(out, " @0x%llx", (unsigned long long)o->paddr);
    fputs("\"];\n", out);
}

void cdl_dot(const struct cdl_model *m, FILE *out)
{
    uint32_t n = m->objects.n;
    struct cdl_arena a = { 0 };
    uint8_t *seen = calloc((size_t)n + 1, 1);
    uint32_t *holders = calloc((size_t)n + 1, sizeof *holders);
    struct collect *per = calloc((size_t)n + 1, sizeof *per);
    if (!seen || !holders || !per)
        goto out;
    for (uint32_t i = 0; i < n; i++) {
        if (m->objects.v[i].type != CDL_TCB)
            continue;
        per[i] = (struct collect){ .m = m, .a = &a, .self = i };
        cdl_each_held(m, i, seen, held, &per[i]);
        for (uint32_t e = 0; e < per[i].edges.n; e++)
            holders[per[i].edges.v[e].node]++;
    }
    fputs("digraph authority {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n"
          "  edge [fontname=\"Helvetica\", fontsize=9];\n", out);
    /* Threads, endpoints, notifications and IRQs always; frames and CNodes
     * only when shared (otherwise they are private state, not authority). */
    for (uint32_t i = 0; i < n; i++) {
        const struct cdl_object *o = &m->objects.v[i];
        bool shared = holders[i] > 1;
        bool show = o->type == CDL_TCB || o->type == CDL_EP || o->type == CDL_NTFN ||
                    o->type == CDL_IRQ || ((o->type == CDL_FRAME || o->type == CDL_CNODE) && shared) ||
                    (o->type == CDL_FRAME && o->has_paddr && holders[i]);
        if (show && node_of(m, i) == i)
            node_decl(m, i, out);
        seen[i] = show;
    }
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t e = 0; i < n && e < per[i].edges.n; e++) {
            const struct edge *g = &per[i].edges.v[e];
            if (!seen[g->node])
                continue;
            uint8_t type = m->objects.v[g->node].type;
            bool w = g->rights & (CDL_W | CDL_G), r = g->rights & CDL_R;
            fputs("  ", out);
            quoted(m, r && !w ? g->node : i, out);
            fputs(" -> ", out);
            quoted(m, r && !w ? i : g->node, out);
            fputs(" [label=\"", out);
            if (type == CDL_TCB || type == CDL_CNODE || type == CDL_IRQ)
                fputs(type == CDL_IRQ ? "handler" : "controls", out);
            else
                rights_text(g->rights, out);
            if (g->badge)
                fprintf(out, " badge %llu", (unsigned long long)g->badge);
            fputs(r && w && type != CDL_TCB ? "\", dir=both];\n" : "\"];\n", out);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        const struct cdl_slot *s = m->objects.v[i].type == CDL_IRQ ? cdl_slot_at(m, i, 0) : NULL;
        if (s && s->cap.kind == CDL_CAP_OBJ && seen[s->cap.obj]) {
            fputs("  ", out);
            quoted(m, i, out);
            fputs(" -> ", out);
            quoted(m, s->cap.obj, out);
            fputs(" [label=\"signals\", style=dashed];\n", out);
        }
    }
    fputs("}\n", out);
out:
    free(seen);
    free(holders);
    free(per);
    cdl_arena_free(&a);
}
