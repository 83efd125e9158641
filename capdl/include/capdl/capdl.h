/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capDL compiler's in-memory model and the interface of its passes:
 *
 *   parse (lexer.c, parser.c, resolve.c; highlevel*.c for the everyday form)
 *     -> check (check.c) -> allocate (alloc.c) -> emit (emit.c)
 *   plus print.c (plain capDL out), dot.c (authority graph), query.c
 *   (authority questions).
 *
 * The model is what a capDL spec describes: named objects (optionally in
 * arrays), the caps in their slots (CNode slots, TCB slots, page-table slots
 * = mappings, ASID-pool slots, the one slot of an IRQ object = its
 * notification), IRQ numbers and an optional derivation tree. Everything is
 * allocated from one arena owned by the model, so a pass never frees. No
 * pass keeps global mutable state: all state lives in the model, the
 * diagnostics context and the options passed in.
 */
#ifndef CAPDL_CAPDL_H
#define CAPDL_CAPDL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CDL_NONE UINT32_MAX

/* ---- Arena and growable arrays (util.c) ---------------------------------- */

struct cdl_arena {
    struct cdl_chunk *head;
    size_t total;
};

/* Zeroed memory from the arena; exits the program if the host is out of memory
 * (a host tool with nothing sensible left to do). */
void *cdl_alloc(struct cdl_arena *a, size_t size);
char *cdl_strndup(struct cdl_arena *a, const char *s, size_t n);
char *cdl_strdup(struct cdl_arena *a, const char *s);
void cdl_arena_free(struct cdl_arena *a);

/* A growable array in the arena: {T *v; uint32_t n, cap;}. */
#define CDL_VEC(T) struct { T *v; uint32_t n, cap; }
void *cdl_vec_grow(struct cdl_arena *a, void *v, uint32_t *cap, uint32_t need, size_t elem);
#define CDL_PUSH(a, vec)                                                                    \
    ((vec).n == (vec).cap ? (void)((vec).v = cdl_vec_grow((a), (vec).v, &(vec).cap,         \
                                                          (vec).n + 1, sizeof *(vec).v))    \
                          : (void)0,                                                        \
     &(vec).v[(vec).n++])

/* ---- Sources and diagnostics (util.c) ------------------------------------ */

struct cdl_source {
    const char *path;   /* as given on the command line (used in messages) */
    const char *dir;    /* directory of path, for file references ("" = cwd) */
    const char *text;   /* NUL-terminated copy */
    size_t len;
};

/* A place in a source: 1-based line and column, length of the offending text. */
struct cdl_loc {
    const struct cdl_source *src;
    uint32_t line, col, len;
};

struct cdl_diag {
    FILE *out;             /* NULL: count but print nothing (fuzzing) */
    unsigned errors, warnings;
    unsigned max_errors;   /* stop reporting (not counting) after this many */
};

/* "file:line:col: message", the source line and a marker under the text. */
void cdl_error(struct cdl_diag *d, struct cdl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cdl_warning(struct cdl_diag *d, struct cdl_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An error without a place (bad command line, unreadable input file). */
void cdl_error_plain(struct cdl_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a whole file (at most max bytes) into the arena, NUL-terminated.
 * NULL with errno set on failure; EFBIG if larger than max. */
char *cdl_read_file(struct cdl_arena *a, const char *path, size_t max, size_t *len);
/* dir + "/" + path, unless path is absolute or dir is empty. */
char *cdl_path_join(struct cdl_arena *a, const char *dir, const char *path);
/* Directory part of path ("" when there is none). */
char *cdl_dirname(struct cdl_arena *a, const char *path);

/* ---- Name table (util.c): (name, index) -> value -------------------------- */

struct cdl_names {
    struct cdl_name_entry *slots;
    uint32_t cap, used;
};
/* index CDL_NONE means "no index". Returns CDL_NONE if absent. */
uint32_t cdl_names_get(const struct cdl_names *t, const char *name, uint32_t index);
void cdl_names_put(struct cdl_arena *a, struct cdl_names *t, const char *name, uint32_t index,
                   uint32_t value);

/* (object, slot) -> position, to find duplicate slots while building. */
struct cdl_slotmap {
    struct cdl_slotmap_entry *slots;
    uint32_t cap, used;
};
uint32_t cdl_slotmap_get(const struct cdl_slotmap *m, uint32_t obj, uint64_t slot);
void cdl_slotmap_put(struct cdl_arena *a, struct cdl_slotmap *m, uint32_t obj, uint64_t slot,
                     uint32_t value);

/* ---- The model -------------------------------------------------------------- */

enum cdl_type {
    CDL_EP, CDL_NTFN, CDL_TCB, CDL_CNODE, CDL_UT, CDL_FRAME, CDL_PT, CDL_ASID_POOL, CDL_IRQ,
    CDL_NTYPES
};

/* Cap rights as capDL writes them; X (execute) is kept for frames only. */
enum { CDL_R = 1, CDL_W = 2, CDL_G = 4, CDL_X = 8, CDL_P = 16, CDL_ALL_RIGHTS = 31 };

enum cdl_cap_kind {
    CDL_CAP_OBJ,            /* a cap to a spec object */
    CDL_CAP_IRQ_CONTROL,    /* the reserved names of capDL ... */
    CDL_CAP_ASID_CONTROL,
    CDL_CAP_DOMAIN,
    CDL_CAP_SCHED_CONTROL,  /* MCS only: refused by check */
    CDL_CAP_IO_SPACE_MASTER,/* x86 only: refused by check */
    CDL_CAP_SYSTEM_CONTROL, /* Conductor's power-off/reboot cap */
    CDL_CAP_COPY,           /* <name>: a copy, until resolve replaces it */
};

/* Cap parameters and where each was written (the checks point at them). */
enum cdl_param {
    CDL_P_RIGHTS, CDL_P_MASKED, CDL_P_BADGE, CDL_P_GUARD, CDL_P_GUARD_SIZE, CDL_P_REPLY,
    CDL_P_MASTER_REPLY, CDL_P_ASID, CDL_P_CACHED, CDL_P_UNCACHED, CDL_P_EXECUTABLE,
    CDL_P_EXECUTE_NEVER, CDL_P_MAPPING, CDL_P_CORE, CDL_NPARAMS
};
#define CDL_HAS(params, p) (((params)->present >> (p)) & 1u)

struct cdl_capparams {
    uint32_t present;          /* 1 << enum cdl_param */
    uint8_t rights, masked;
    uint64_t badge, guard, guard_size, core, asid_high, asid_low;
    uint32_t mapping_obj;      /* resolved (container of the mapping) */
    uint64_t mapping_slot;
    struct cdl_loc loc[CDL_NPARAMS];
};

struct cdl_cap {
    uint8_t kind;              /* enum cdl_cap_kind */
    uint8_t rights;            /* effective rights (a copy's are masked) */
    uint32_t obj;              /* CDL_CAP_OBJ: target object */
    uint32_t copy_of;          /* CDL_CAP_COPY: index into the model's cap names */
    const struct cdl_capparams *params;   /* never NULL */
    struct cdl_loc loc;        /* where the cap is written (its target) */
    uint32_t cdt_parent_obj;   /* derivation parent (cdt or child_of), or CDL_NONE */
    uint64_t cdt_parent_slot;
};

struct cdl_slot {
    uint64_t index;
    struct cdl_cap cap;
};

enum { CDL_FILL_DATA, CDL_FILL_BOOTINFO };

struct cdl_fill {
    uint8_t kind;
    uint64_t dest_off, len;
    const char *file;          /* CDL_FILL_DATA: as written (resolved against dirs) */
    uint64_t file_off;
    const char *bi_name;       /* CDL_FILL_BOOTINFO: e.g. CDL_FrameFill_BootInfo_FDT */
    uint64_t bi_type;          /* its boot-info header id */
    struct cdl_loc loc;
};

/* TCB parameters: present bits say which were written. */
enum cdl_tcb_param {
    CDL_T_ADDR, CDL_T_IP, CDL_T_SP, CDL_T_PRIO, CDL_T_MAX_PRIO, CDL_T_AFFINITY, CDL_T_RESUME,
    CDL_T_DOM, CDL_T_FAULT_EP, CDL_T_INIT, CDL_T_ELF, CDL_NTCB_PARAMS
};

struct cdl_tcb {
    uint32_t present;
    uint64_t addr, ip, sp, prio, max_prio, affinity, dom, fault_ep;
    bool resume;
    uint32_t n_init;
    uint64_t *init;
    const char *elf;
    struct cdl_loc loc[CDL_NTCB_PARAMS];
};

/* TCB slot numbers as capDL names them (cspace, vspace, ...). */
enum {
    CDL_TCB_CSPACE = 0, CDL_TCB_VSPACE = 1, CDL_TCB_REPLY = 2, CDL_TCB_CALLER = 3,
    CDL_TCB_IPC_BUFFER = 4, CDL_TCB_FAULT_EP = 5, CDL_TCB_SC = 6, CDL_TCB_TEMP_FAULT_EP = 7,
    CDL_TCB_BOUND_NOTIFICATION = 8, CDL_TCB_BOUND_VCPU = 9
};

struct cdl_object {
    const char *name;
    uint32_t index;            /* element of an array, or CDL_NONE */
    uint32_t array_len;        /* element 0 of an array: its length */
    uint8_t type;              /* enum cdl_type */
    bool implicit;             /* an untyped named only in a qualified name (a/b) */
    bool has_size;
    uint8_t size_bits;         /* cnode: radix; ut, frame: log2 bytes */
    bool has_paddr;
    uint64_t paddr;
    bool has_asid_high;
    uint64_t asid_high;
    struct cdl_loc loc, size_loc, paddr_loc;
    struct cdl_tcb *tcb;       /* CDL_TCB only */
    CDL_VEC(struct cdl_fill) fills;
    CDL_VEC(struct cdl_slot) slots;  /* sorted by index after cdl_model_finish */
    uint32_t parent;           /* covering untyped, or CDL_NONE */
    struct cdl_loc parent_loc;
    /* Derived by check. */
    int8_t level;              /* page tables: 2 = VSpace root, 1, 0; -1 = none */
    uint32_t vspace;           /* page tables: the root of their VSpace */
    uint64_t vaddr;            /* page tables: first address they translate */
    uint8_t mem_bits;          /* log2 of the memory it takes (0 = none) */
};

struct cdl_capname {
    const char *name;
    uint32_t index;
    uint32_t obj;
    uint64_t slot;
    struct cdl_loc loc;
};

struct cdl_irq {
    uint64_t number;
    uint32_t obj;
    struct cdl_loc loc;
};

struct cdl_cdt_edge {
    uint32_t parent_obj, child_obj;
    uint64_t parent_slot, child_slot;
    struct cdl_loc loc;
};

/* Limits that bound work and memory for any input (the fuzzer lowers them). */
struct cdl_limits {
    uint32_t max_objects;
    uint32_t max_caps;
};

/* The high-level form's supervisor (capdl/FORMAT.md, version 2): the
 * components it manages and the caps it holds. Plain capDL has none. */
struct cdl_sup_comp {
    const char *name;
    uint32_t tcb, cnode, vspace;   /* object ids */
    uint8_t prio, flags;           /* CDLB_COMP_* */
    uint64_t fault_badge;
};

struct cdl_sup_cap {
    uint8_t kind;                  /* CDLB_SUP_* */
    uint32_t obj;
    uint64_t badge;
};

struct cdl_model {
    struct cdl_arena arena;
    CDL_VEC(struct cdl_sup_comp) sup_comps;
    CDL_VEC(struct cdl_sup_cap) sup_caps;
    CDL_VEC(struct cdl_object) objects;
    CDL_VEC(struct cdl_irq) irqs;
    CDL_VEC(struct cdl_cdt_edge) cdt;
    CDL_VEC(struct cdl_capname) capnames;
    struct cdl_names names;    /* objects by (name, index) */
    struct cdl_names capname_index;
    struct cdl_slotmap slotmap;
    uint32_t n_caps;
    struct cdl_limits limits;
    const char *system_name;   /* high-level form: `system NAME` */
    const struct cdl_source *main_source;
    struct cdl_capparams no_params;  /* shared by caps written without parameters */
};

void cdl_model_init(struct cdl_model *m);
void cdl_model_free(struct cdl_model *m);

/* Looks an object up; CDL_NONE if absent. */
uint32_t cdl_find(const struct cdl_model *m, const char *name, uint32_t index);
/* Adds `count` objects (count 0: one object without index) and returns the
 * first one's id, or CDL_NONE after reporting a duplicate or a limit. */
uint32_t cdl_add_objects(struct cdl_model *m, struct cdl_diag *d, const char *name,
                         uint32_t count, uint8_t type, struct cdl_loc loc, bool is_array);
/* Puts `cap` into slot `slot` of `obj`; reports a filled slot or a limit. */
bool cdl_put_cap(struct cdl_model *m, struct cdl_diag *d, uint32_t obj, uint64_t slot,
                 const struct cdl_cap *cap);
/* After building: sorts every object's slots (binary search from then on). */
void cdl_model_finish(struct cdl_model *m);
/* The cap in slot `slot` of `obj`, or NULL. */
const struct cdl_slot *cdl_slot_at(const struct cdl_model *m, uint32_t obj, uint64_t slot);

const char *cdl_type_name(uint8_t type);
/* "name" or "name[3]" into buf. */
const char *cdl_obj_label(const struct cdl_model *m, uint32_t obj, char *buf, size_t size);
/* Slots an object can hold caps in: CNode 2^radix, TCB 10, PT 512, ASID pool
 * 512, IRQ 1; 0 for objects that hold no caps. */
uint64_t cdl_slot_limit(const struct cdl_object *o);

/* ---- Options shared by the passes ------------------------------------------ */

struct cdl_options {
    bool allow_files;          /* read the ELF and fill files a spec names */
    const char *const *search_dirs;  /* extra directories for file references */
    uint32_t n_search_dirs;
    /* The fuzzer's stand-in: every file a spec names reads as these bytes. */
    const void *fake_file;
    size_t fake_file_size;
};

/* Finds a file the spec names: relative to the spec's directory, then to
 * each search directory. Returns the path that exists (arena) or NULL. */
const char *cdl_find_file(struct cdl_arena *a, const struct cdl_options *opt,
                          const struct cdl_source *src, const char *name);
/* Reads such a file (at most 1 GiB) into the arena. NULL with *err = an
 * errno value (ENOENT when missing, EPERM when file access is off). */
const uint8_t *cdl_load_file(struct cdl_arena *a, const struct cdl_options *opt,
                             const struct cdl_source *src, const char *name, size_t *len,
                             int *err);

/* ---- The passes -------------------------------------------------------------- */

/* Plain capDL (starts with `arch`) or the high-level form (starts with
 * `system`): builds the model. False after reporting errors. */
bool cdl_parse(struct cdl_model *m, struct cdl_diag *d, const struct cdl_source *src,
               const struct cdl_options *opt, const void *dtb, size_t dtb_size);

struct platform_info;
/* Semantic checks; derives page-table levels and untyped sizes. `plat` (may
 * be NULL) adds the IRQ numbers of the device tree. */
bool cdl_check(struct cdl_model *m, struct cdl_diag *d, const struct cdl_options *opt,
               const struct platform_info *plat);

/* Prints the model as plain capDL. */
void cdl_print(const struct cdl_model *m, FILE *out);

/* Allocation order used by both the simulation and the binary spec: objects
 * with a physical address first (ascending), then by decreasing size, each
 * untyped followed by what it covers. `order` gets m->objects.n entries. */
void cdl_alloc_order(const struct cdl_model *m, uint32_t *order);

struct cdl_alloc_config {
    uint64_t kernel_size;      /* text..bss of the kernel image */
    uint64_t load_addr;        /* 0: RAM base + 2 MiB */
    uint64_t dtb_addr;         /* 0: where QEMU puts it */
    uint64_t loader_vstart, loader_vend;   /* the loader's image */
    uint64_t payload_size;     /* boot payload (loader ELF + this spec) */
    uint32_t root_cnode_bits;
    FILE *placement;           /* if set: "NAME 0xPADDR" per placed object */
};
/* Simulates the kernel's boot memory layout for the device tree and places
 * every object. Prints a summary to `info` (may be NULL). False (after an
 * error saying by how much) if the spec does not fit. */
bool cdl_allocate(const struct cdl_model *m, struct cdl_diag *d, const struct platform_info *plat,
                  uint64_t dtb_size, const struct cdl_alloc_config *cfg, FILE *info);

/* Builds the binary spec in memory (format in capdl/FORMAT.md). */
bool cdl_emit(const struct cdl_model *m, struct cdl_diag *d, const struct cdl_options *opt,
              uint8_t **blob, size_t *size);

/* The authority graph in Graphviz's dot language. */
void cdl_dot(const struct cdl_model *m, FILE *out);

/* Answers one authority question ("A -> B", "A <- B", "A reads B",
 * "A writes B"); prints the answer. Returns 1 yes, 0 no, -1 bad query. */
int cdl_query(const struct cdl_model *m, struct cdl_diag *d, const char *query, FILE *out);

#endif
