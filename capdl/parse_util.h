/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The plain-capDL parser's shared state and helpers (parser.c, parse_util.c,
 * parse_caps.c): error reporting that stops the parse, names with ranges,
 * slot references, object and cap parameters.
 */
#ifndef CAPDL_PARSE_UTIL_H
#define CAPDL_PARSE_UTIL_H

#include "ast.h"
#include "lexer.h"

#define CDL_MAX_DEPTH 64

struct cdl_parser {
    struct cdl_lexer lx;
    struct cdl_model *m;
    struct cdl_diag *d;
    struct cdl_ast *ast;
    bool failed;
    unsigned depth;
};

/* Reports and marks the parse failed; always returns false. */
bool cdl_fail(struct cdl_parser *p, struct cdl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "expected WHAT, found TOKEN" (silent for a token that is already an error). */
bool cdl_unexpected(struct cdl_parser *p, const struct cdl_token *t, const char *what);
bool cdl_expect(struct cdl_parser *p, uint8_t kind, const char *what);
bool cdl_expect_number(struct cdl_parser *p, uint64_t *v, struct cdl_loc *loc);

bool cdl_parse_nameref(struct cdl_parser *p, struct cdl_nameref *r);
/* A slot: a number or one of capDL's TCB slot names (cspace, vspace, ...). */
bool cdl_parse_slot(struct cdl_parser *p, uint64_t *slot, struct cdl_loc *loc);
/* Whether the next tokens are `slot :`. */
bool cdl_at_slot_label(struct cdl_parser *p);
/* (name_ref, slot) or a cap name. */
bool cdl_parse_slotref(struct cdl_parser *p, struct cdl_slotref *r);

/* Records that `parent` (an untyped) covers `child`. */
bool cdl_set_parent(struct cdl_parser *p, uint32_t child, uint32_t parent, struct cdl_loc loc);
/* `( param, ... )` of objects first..first+n-1 of type `type`. */
bool cdl_parse_obj_params(struct cdl_parser *p, uint32_t first, uint32_t n, uint8_t type);
/* The body of a caps section, after its '{'. */
bool cdl_parse_caps(struct cdl_parser *p);

/* The boot-info fill types capDL names; false if `name` is not one. */
bool cdl_bootinfo_type(const char *name, uint64_t *id);
/* Symbolic TCB slot names; NULL for numbers without one. */
const char *cdl_tcb_slot_name(uint64_t slot);

#endif
