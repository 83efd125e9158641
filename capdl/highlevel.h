/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The high-level form (highlevel.c parses it, highlevel_expand.c expands it
 * into the model, i.e. into plain capDL): components (an ELF, a priority, a
 * stack, an IPC buffer and the caps they are given), channels (endpoints),
 * notifications, shared memory and devices found by device-tree path.
 */
#ifndef CAPDL_HIGHLEVEL_H
#define CAPDL_HIGHLEVEL_H

#include <capdl/capdl.h>

#define HL_DEFAULT_PRIO 100
#define HL_DEFAULT_STACK (16 * 1024)
#define HL_DEFAULT_CNODE_BITS 8
#define HL_FIRST_FREE_SLOT 4   /* 1 own TCB, 2 own CNode, 3 own VSpace */

/* Who gets something, with the options written after it. */
struct hl_ref {
    const char *comp;          /* component name */
    struct cdl_loc loc;        /* the whole entry, for messages */
    uint8_t role;              /* enum hl_role */
    bool has_slot, has_badge, grant, bind, has_rights;
    uint64_t slot, badge, vaddr;
    uint8_t rights;
    const char *control;       /* HL_CONTROL: the reserved cap's name */
    const char *ntfn;          /* HL_IRQ `notification: NAME`: the one it signals */
    struct cdl_loc ntfn_loc;
};

enum hl_role {
    HL_SERVER, HL_CLIENT, HL_WAITER, HL_SIGNALLER, HL_MAP, HL_IRQ, HL_FAULT, HL_CONTROL
};

struct hl_component {
    const char *name;
    struct cdl_loc loc;
    const char *elf;
    struct cdl_loc elf_loc;
    uint64_t prio, max_prio, stack;
    bool has_max_prio;
    uint8_t cnode_bits;
    struct cdl_loc stack_loc, cnode_loc;
    uint32_t n_args;
    uint64_t args[8];
    struct cdl_loc args_loc;
    CDL_VEC(struct hl_ref) fault;      /* at most one: fault_handler */
    bool has_on_fault, on_fault_restart;  /* on_fault: restart | stop */
    struct cdl_loc on_fault_loc;
    CDL_VEC(struct hl_ref) controls;   /* control: irq_control ... */
    bool has_dt;                       /* devicetree: ADDRESS (size: N) */
    uint64_t dt_va, dt_size;
    struct cdl_loc dt_loc;
};

#define HL_DEFAULT_DT_SIZE (16 * 1024)

enum hl_kind { HL_CHANNEL, HL_NOTIFICATION, HL_SHARED, HL_DEVICE };

struct hl_decl {
    uint8_t kind;
    const char *name;
    struct cdl_loc loc;
    CDL_VEC(struct hl_ref) refs;
    /* shared, device */
    uint64_t size;
    bool has_size;
    struct cdl_loc size_loc;
    /* device */
    const char *path;
    struct cdl_loc path_loc;
    bool path_stdout;          /* path: stdout, the node /chosen/stdout-path names */
    bool has_paddr, has_interrupt;
    uint64_t paddr, interrupt;
    struct cdl_loc paddr_loc;
};

struct hl_spec {
    CDL_VEC(struct hl_component) comps;
    CDL_VEC(struct hl_decl) decls;
};

bool cdl_hl_expand(struct cdl_model *m, struct cdl_diag *d, const struct hl_spec *spec,
                   const struct cdl_source *src, const struct cdl_options *opt,
                   const void *dtb, size_t dtb_size);

/* ---- Expansion state (highlevel_expand.c, highlevel_decls.c) ---------------- */

#include <platform/fdt.h>

#define HL_PAGE 4096ULL
#define HL_USER_TOP 0x3ffffff000ULL

struct hl_range {
    uint64_t lo, hi;
    const char *what;
};

/* A cap a component gets, placed once every explicit slot is known. */
struct hl_pending {
    struct cdl_cap cap;
    bool has_slot;
    uint64_t slot;
    uint32_t fault_tcb;    /* set this TCB's fault_ep to the slot chosen */
};

/* An IRQ (object irq) that signals the notification of declaration r->ntfn. */
struct hl_irq_link {
    uint32_t irq, comp;
    const struct hl_ref *r;
};

struct hl_comp_state {
    uint32_t tcb, cnode, vspace;
    uint64_t next_free;        /* above the highest slot filled: a5 at start */
    struct { struct hl_range *v; uint32_t n, cap; } ranges;
    struct { struct hl_pending *v; uint32_t n, cap; } caps;
};

struct expander {
    struct cdl_model *m;
    struct cdl_diag *d;
    const struct hl_spec *spec;
    const struct cdl_source *src;
    const struct cdl_options *opt;
    const void *dtb_blob;
    size_t dtb_size;
    struct dtb dtb;
    bool dtb_open;
    struct hl_comp_state *st;
    struct cdl_names comps;
    uint32_t sup_ep;           /* supervisor_ep once something needs it, else CDL_NONE */
    struct { struct hl_irq_link *v; uint32_t n, cap; } irq_links;
};

/* The supervisor pseudo-component (highlevel_sup.c). */
#define HL_SUPERVISOR "supervisor"
/* Faults of component i reach the supervisor with badge HL_FAULT_BADGE | i;
 * clients of channels to the supervisor use badges below it. The same value
 * as SUP_FAULT_BADGE in userland/include/conductor/supervisor.h. */
#define HL_FAULT_BADGE (1ULL << 62)
bool hl_is_supervisor(const char *name);
/* The endpoint the supervisor serves, made on first use. */
uint32_t hl_sup_ep(struct expander *x, struct cdl_loc loc);
/* A channel or notification that names the supervisor: its caps. */
bool hl_sup_endpoint(struct expander *x, const struct hl_decl *d);
bool hl_decl_has_supervisor(const struct hl_decl *d);
/* After every other cap is given: supervised fault endpoints, and the
 * component records of the binary spec. */
bool hl_sup_components(struct expander *x);

const char *hl_fmt(struct expander *x, const char *f, ...) __attribute__((format(printf, 2, 3)));
uint32_t hl_add(struct expander *x, const char *name, uint8_t type, uint8_t bits,
                struct cdl_loc loc);
/* Cap parameters with `rights`, every parameter's place set to loc. */
struct cdl_capparams *hl_params(struct expander *x, uint8_t rights, struct cdl_loc loc);
struct cdl_cap hl_cap(uint32_t obj, const struct cdl_capparams *p, struct cdl_loc loc);
/* Component index by name, or CDL_NONE after reporting. */
uint32_t hl_comp(struct expander *x, const char *name, struct cdl_loc loc);
/* Reserves [lo, lo + size) of a component's address space (aligned, below
 * the user top, overlapping nothing) for `what`. */
bool hl_claim(struct expander *x, uint32_t comp, uint64_t lo, uint64_t size, const char *what,
              struct cdl_loc loc);
bool hl_map_page(struct expander *x, uint32_t comp, uint64_t va, uint32_t frame, uint8_t rights,
                 bool xn, struct cdl_loc loc);
bool hl_build_component(struct expander *x, uint32_t comp);
/* Binds `cap` (a notification) to the component's TCB; `what` names where
 * the binding comes from. A thread has one bound notification: a second is
 * an error that says how to share the first. */
bool hl_bind(struct expander *x, uint32_t comp, const struct cdl_cap *cap, struct cdl_loc loc);
/* IRQs that signal a named notification, linked once every declaration is
 * built (the notification may be declared after the device). */
bool hl_link_irqs(struct expander *x);
void hl_give(struct expander *x, uint32_t comp, struct cdl_cap cap, const struct hl_ref *r);
/* A role's cap (rights unless overridden, badge, bind) given to `comp`. */
bool hl_give_role(struct expander *x, uint32_t comp, uint32_t obj, uint8_t rights,
                  const struct hl_ref *r);

#endif
