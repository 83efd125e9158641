/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * See fdt_exercise.h. Per-node work that costs a whole tree walk, like
 * dtb_parent(), runs for the first `deep_nodes` nodes only, so that a fuzzer
 * iteration stays fast on large inputs.
 */
#include "fdt_exercise.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fdt.h"
#include "platform/platform_info.h"

static void require(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fdt_exercise: broken promise: %s\n", what);
        abort();
    }
}

static void walk_props(const struct dtb *dtb, int node, bool deep)
{
    struct dtb_prop p, q;
    for (int ok = dtb_first_prop(dtb, node, &p); ok; ok = dtb_next_prop(dtb, &p)) {
        uint32_t pos = 0, len, v32;
        uint64_t v64;
        const char *s;
        if (deep)
            require(dtb_get_prop(dtb, node, p.name, &q) && q.offset <= p.offset,
                    "property found by name");
        while (dtb_stringlist_next(&p, &pos, &s, &len))
            require(strlen(s) == len, "stringlist length");
        dtb_prop_string(&p, &s);
        dtb_prop_u32(&p, p.len / 4, &v32);
        dtb_prop_cells(&p, 0, 2, &v64);
    }
}

static void walk_node(const struct dtb *dtb, int node, bool deep)
{
    struct dtb_reg reg;
    uint64_t base, size;
    uint32_t v;
    char path[256];

    require(dtb_node_name(dtb, node) != NULL, "node has a name");
    walk_props(dtb, node, deep);
    if (!deep)
        return;
    dtb_node_enabled(dtb, node);
    dtb_node_compatible(dtb, node, "ns16550a");
    dtb_address_cells(dtb, node);
    dtb_size_cells(dtb, node);
    int parent = dtb_parent(dtb, node);
    if (dtb_reg_open(dtb, node, parent, &reg) == DTB_REG_OK)
        for (uint32_t i = 0; i < reg.count && i < 8; i++)
            require(dtb_reg_get(&reg, i, &base, &size), "reg entry readable");
    size_t len = dtb_node_path(dtb, node, path, sizeof path);
    require(len > 0, "node has a path");
    /* Hostile names may hold '/' or ':', so the path need not lead back
     * here (test_api checks the round trip on real trees). */
    int found = dtb_find_path(dtb, path, strlen(path));
    require(found == DTB_NONE || dtb_node_name(dtb, found) != NULL,
            "path leads to a node");
    if (dtb_get_u32(dtb, node, "phandle", &v))
        require(dtb_node_by_phandle(dtb, v) != DTB_NONE || v == 0 ||
                v == 0xffffffffu, "phandle found");
}

void fdt_exercise(const uint8_t *data, size_t size, unsigned deep_nodes)
{
    static struct platform_info info;
    struct platform_error err;
    struct dtb dtb;
    struct dtb_error derr;
    uint64_t base, len;
    uint32_t ctx;

    if (platform_info_parse(data, size, &info, &err)) {
        require(info.n_harts >= 1 && info.n_harts <= PLATFORM_MAX_HARTS, "harts");
        require(info.n_memory >= 1 && info.n_memory <= PLATFORM_MAX_MEMORY_RANGES,
                "memory");
        for (uint32_t i = 0; i < info.n_harts; i++)
            platform_plic_context(&info, info.harts[i].hartid, &ctx);
    } else {
        require(err.message[0] != '\0', "error has a message");
        require(err.offset == 0 || err.offset < size, "error offset inside");
    }

    if (!dtb_open(&dtb, data, size, &derr))
        return;
    int depth = 0;
    unsigned count = 0;
    for (int n = dtb_root(&dtb); n != DTB_NONE; n = dtb_next_node(&dtb, n, &depth)) {
        require(depth >= 0 && depth < DTB_MAX_DEPTH, "depth in range");
        walk_node(&dtb, n, count++ < deep_nodes);
    }
    for (uint32_t i = 0; dtb_memreserve(&dtb, i, &base, &len); i++)
        ;
    if (deep_nodes == 0)
        return;
    int aliases = dtb_subnode(&dtb, dtb_root(&dtb), "aliases", 7);
    struct dtb_prop p;
    count = 0;
    for (int ok = dtb_first_prop(&dtb, aliases, &p); ok && count++ < deep_nodes;
         ok = dtb_next_prop(&dtb, &p))
        dtb_find_path(&dtb, p.name, strlen(p.name));
}
