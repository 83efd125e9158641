/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Synthetic device trees for the unit tests: a small valid QEMU-virt-like
 * base tree built with libfdt, which each case then edits (set or delete a
 * property, add or delete a node, add a /memreserve/ entry).
 */
#ifndef TREE_BUILDER_H
#define TREE_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "platform/platform_info.h"
#include "test_util.h"

struct tree {
    unsigned char buf[1 << 16];
};

/*
 * The base tree: root #address-cells 2 / #size-cells 2, model "test-board",
 * /aliases/serial0, /chosen stdout-path "serial0:115200n8",
 * /memory@80000000 (1 GiB), /reserved-memory/fw@80000000 (512 KiB),
 * /cpus (timebase 10 MHz) with cpu@0 and cpu@1 (intc phandles 1 and 2),
 * /soc/serial@10000000 (ns16550a, irq 10) and /soc/plic@c000000
 * (phandle 3, contexts: hart 0 M, hart 0 S, hart 1 M, hart 1 S).
 */
void tree_base(struct tree *t);

/* Edits; `path` must exist (the test aborts otherwise). */
void tree_set_cells(struct tree *t, const char *path, const char *prop,
                    int n, ...);
void tree_set_string(struct tree *t, const char *path, const char *prop,
                     const char *value);
void tree_set_raw(struct tree *t, const char *path, const char *prop,
                  const void *data, int len);
void tree_del_prop(struct tree *t, const char *path, const char *prop);
void tree_add_node(struct tree *t, const char *parent, const char *name);
void tree_del_node(struct tree *t, const char *path);
void tree_rename(struct tree *t, const char *path, const char *name);
void tree_add_memreserve(struct tree *t, uint64_t base, uint64_t size);

/* A malloc'd, exactly-sized copy of the (packed) blob, so that ASan catches
 * any read past its end. */
unsigned char *tree_blob(struct tree *t, size_t *size);

/* Parse helpers over tree_blob(). */
#define TREE_EXPECT_ERROR(t, what)                                          \
    do {                                                                    \
        size_t size_;                                                       \
        unsigned char *b_ = tree_blob(t, &size_);                           \
        EXPECT_ERROR(b_, size_, what);                                      \
        free(b_);                                                           \
    } while (0)

bool tree_parse_at(const char *file, int line, struct tree *t,
                   struct platform_info *info);
#define TREE_PARSE(t, info) tree_parse_at(__FILE__, __LINE__, t, info)

#endif
