/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the plain-capDL parser keeps for the resolver. Objects go straight
 * into the model (their declarations are self-contained), but caps, IRQ maps,
 * cap names, untyped covers and the cdt refer to objects by name, and capDL
 * allows a name to be used before (or in a later section than) its
 * declaration, so those are resolved once the whole file has been read.
 */
#ifndef CAPDL_AST_H
#define CAPDL_AST_H

#include <capdl/capdl.h>

enum { R_ONLY, R_FROM_TO, R_FROM, R_TO, R_ALL };

struct cdl_range {
    uint8_t kind;
    uint64_t a, b;
};

/* name or name[ranges] */
struct cdl_nameref {
    const char *name;
    struct cdl_loc loc;
    uint32_t n_ranges;
    struct cdl_range *ranges;
};

/* (object, slot), or a cap name */
struct cdl_slotref {
    bool is_pair;
    struct cdl_nameref obj;    /* the object, or the cap name */
    uint64_t slot;
    struct cdl_loc loc;
};

struct cdl_capentry {
    bool has_slot;
    uint64_t slot;
    struct cdl_loc slot_loc;
    struct cdl_nameref *capname;   /* `name =` before the cap, or NULL */
    bool copy;                     /* <capname> */
    struct cdl_nameref target;     /* object (or reserved name), or the copied cap name */
    struct cdl_capparams *params;
    struct cdl_slotref *parent;    /* `- child_of` */
    struct cdl_slotref *mapping;   /* `mapping: (container, slot)` */
};

struct cdl_capdecl {
    struct cdl_nameref container;
    CDL_VEC(struct cdl_capentry) entries;
};

struct cdl_capname_decl {
    const char *name;
    struct cdl_loc loc;
    struct cdl_slotref ref;
};

struct cdl_irqentry {
    bool has_slot;
    uint64_t slot;
    struct cdl_loc slot_loc;
    struct cdl_nameref obj;
};

struct cdl_cdtdecl {
    struct cdl_slotref parent;
    CDL_VEC(struct cdl_slotref) children;
    CDL_VEC(struct cdl_cdtdecl *) nested;
};

struct cdl_cover {
    uint32_t ut;
    struct cdl_nameref ref;
};

struct cdl_ast {
    CDL_VEC(struct cdl_capdecl) capdecls;
    CDL_VEC(struct cdl_capname_decl) capnames;
    CDL_VEC(struct cdl_irqentry) irqs;
    CDL_VEC(struct cdl_cdtdecl *) cdts;
    CDL_VEC(struct cdl_cover) covers;
    bool irq_section_seen;
};

/* parser.c: plain capDL into the model (objects) and the AST (the rest). */
bool cdl_parse_plain(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
                     struct cdl_ast *ast);
/* resolve.c: names -> objects, slots, copies, IRQs, covers, cdt. */
bool cdl_resolve(struct cdl_model *m, struct cdl_diag *d, const struct cdl_ast *ast);
/* highlevel.c: the everyday form, expanded into the model. */
bool cdl_parse_highlevel(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
                         const struct cdl_options *opt, const void *dtb, size_t dtb_size);

/* The number of elements of array `name`, or 0 if it is not an array. */
uint32_t cdl_array_len(const struct cdl_model *m, const char *name);

#endif
