/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fills struct platform_info from a device tree with the dtb_* reader: memory,
 * reserved ranges, harts, timebase, PLIC contexts and the console UART. The
 * contract is in platform/platform_info.h. Structural problems were already
 * rejected by dtb_open(); this file reports semantic ones (bad reg lengths,
 * dangling phandles, too many ranges) with the node path and blob offset.
 */
#include "platform/platform_info.h"

#include "fdt_string.h"
#include "platform/fdt.h"
#include "riscv_isa.h"

#define IRQ_S_EXT 9u           /* S-mode external interrupt cause */
#define MAX_INTC_CACHE (2 * PLATFORM_MAX_HARTS)
#define MAX_INTERRUPT_CELLS 4u /* more than any cpu controller uses */

/* A cpu's local interrupt controller, remembered so that decoding the PLIC's
 * interrupts-extended does not need a whole-tree phandle search per entry. */
struct cpu_intc {
    uint32_t phandle;
    uint32_t hartid;
    uint32_t interrupt_cells;  /* 0 if the node has no #interrupt-cells */
};

enum { TOP_CPUS, TOP_CHOSEN, TOP_ALIASES, TOP_RESMEM };
static const char *const top_names[] = {"cpus", "chosen", "aliases",
                                        "reserved-memory"};

struct parse {
    const struct dtb *dtb;
    struct platform_info *out;
    struct platform_error *err;
    struct fdt_fmt msg;
    /* Top-level nodes, noted during scan_tree() to save a walk each. */
    int top[4];
    uint32_t n_intc;
    struct cpu_intc intc[MAX_INTC_CACHE];
};

/* Error reporting: start a message, append pieces, return false. */
static struct fdt_fmt *error_at(struct parse *p, int offset)
{
    fdt_fmt_init(&p->msg, p->err->message, sizeof p->err->message);
    p->err->offset = offset > 0 ? (uint32_t)offset : 0;
    return &p->msg;
}

static bool fail_at(struct parse *p, int offset, const char *message)
{
    fdt_fmt_str(error_at(p, offset), message);
    return false;
}

static void fmt_node(struct fdt_fmt *f, const struct dtb *dtb, int node)
{
    if (f->len + 1 < f->size) {
        dtb_node_path(dtb, node, f->buf + f->len, f->size - f->len);
        f->len += fdt_strlen(f->buf + f->len);
    }
}

/* "<what> <path>: " as the start of a message about `node`. */
static struct fdt_fmt *node_error(struct parse *p, const char *what, int node)
{
    struct fdt_fmt *f = error_at(p, node);
    fdt_fmt_str(f, what);
    fdt_fmt_char(f, ' ');
    fmt_node(f, p->dtb, node);
    fdt_fmt_str(f, ": ");
    return f;
}

static bool fail_node(struct parse *p, const char *what, int node,
                      const char *problem)
{
    fdt_fmt_str(node_error(p, what, node), problem);
    return false;
}

static void zero(void *ptr, size_t n)
{
    unsigned char *b = ptr;
    for (size_t i = 0; i < n; i++)
        b[i] = 0;
}

static void copy_string(char *dst, size_t size, const char *src, size_t len)
{
    size_t i = 0;
    for (; i + 1 < size && i < len && src[i] != '\0'; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

/*
 * Inserts [base, base + size) into the sorted array `r` of *n entries. With
 * `merge`, overlapping or adjacent ranges are coalesced (memory); without,
 * entries are only kept in order (reserved ranges may overlap). False if the
 * array is full. The caller has checked that base + size does not wrap.
 */
static bool add_range(struct phys_range *r, uint32_t *n, uint32_t max,
                      uint64_t base, uint64_t size, bool merge)
{
    uint32_t i = 0;
    while (i < *n && r[i].base <= base)
        i++;
    if (merge && i > 0 && r[i - 1].base + r[i - 1].size >= base) {
        i--;   /* grows the previous range */
    } else if (merge && i < *n && base + size >= r[i].base) {
        r[i].size += r[i].base - base;   /* grows the next one downwards */
        r[i].base = base;
    } else {
        if (*n == max)
            return false;
        for (uint32_t j = *n; j > i; j--)
            r[j] = r[j - 1];
        r[i].base = base;
        r[i].size = size;
        (*n)++;
        if (!merge)
            return true;
    }
    uint64_t end = base + size;
    if (r[i].base + r[i].size > end)
        end = r[i].base + r[i].size;
    /* Swallow the following ranges that now touch range i. */
    uint32_t k = i + 1;
    while (k < *n && r[k].base <= end) {
        if (r[k].base + r[k].size > end)
            end = r[k].base + r[k].size;
        k++;
    }
    r[i].size = end - r[i].base;
    uint32_t gone = k - (i + 1);
    for (uint32_t j = i + 1; j + gone < *n; j++)
        r[j] = r[j + gone];
    *n -= gone;
    return true;
}

/* Opens `node`'s reg, turning a bad one into an error naming `what`. */
static bool open_reg(struct parse *p, const char *what, int node, int parent,
                     struct dtb_reg *reg, bool *absent)
{
    struct fdt_fmt *f;
    *absent = false;
    switch (dtb_reg_open(p->dtb, node, parent, reg)) {
    case DTB_REG_OK:
        return true;
    case DTB_REG_ABSENT:
        *absent = true;
        return true;
    case DTB_REG_BAD_CELLS:
        f = node_error(p, what, node);
        fdt_fmt_str(f, "unsupported #address-cells ");
        fdt_fmt_dec(f, reg->address_cells);
        fdt_fmt_str(f, " / #size-cells ");
        fdt_fmt_dec(f, reg->size_cells);
        return false;
    case DTB_REG_BAD_LENGTH:
    default:
        f = node_error(p, what, node);
        fdt_fmt_str(f, "reg length ");
        fdt_fmt_dec(f, reg->prop.len);
        fdt_fmt_str(f, " is not a multiple of ");
        fdt_fmt_dec(f, 4 * (reg->address_cells + reg->size_cells));
        return false;
    }
}

/* Adds every non-empty reg entry of `node` to `r`; memory merges, reserved
 * does not. A node without reg adds nothing. */
static bool add_node_ranges(struct parse *p, const char *what, int node,
                            int parent, struct phys_range *r, uint32_t *n,
                            uint32_t max, bool merge)
{
    struct dtb_reg reg;
    bool absent;
    uint64_t base, size;
    if (!open_reg(p, what, node, parent, &reg, &absent))
        return false;
    for (uint32_t i = 0; !absent && i < reg.count; i++) {
        if (!dtb_reg_get(&reg, i, &base, &size) || size == 0)
            continue;
        if (size > UINT64_MAX - base)
            return fail_node(p, what, node,
                             "reg entry wraps around the address space");
        if (!add_range(r, n, max, base, size, merge)) {
            struct fdt_fmt *f = node_error(p, what, node);
            fdt_fmt_str(f, merge ? "too many memory ranges (more than "
                                 : "too many reserved ranges (more than ");
            fdt_fmt_dec(f, max);
            fdt_fmt_char(f, ')');
            return false;
        }
    }
    return true;
}

/* Whether a compatible string names a RISC-V PLIC. Board-specific names end
 * in "-plic" (sifive,fu540-c000-plic, starfive,jh7110-plic, thead,c900-plic);
 * "andestech,plicsw" is an IPI device, not a PLIC, and does not match. */
static bool is_plic_compatible(const char *s, uint32_t len)
{
    return fdt_memeq_str(s, len, "riscv,plic0") ||
           fdt_memeq_str(s, len, "sifive,plic-1.0.0") ||
           (len > 5 && fdt_memeq_str(s + len - 5, 5, "-plic"));
}

static bool is_plic_list(const struct dtb_prop *compatible)
{
    uint32_t pos = 0, len;
    const char *s;
    while (dtb_stringlist_next(compatible, &pos, &s, &len))
        if (is_plic_compatible(s, len))
            return true;
    return false;
}

/* Remembers `node` (a child of the root) if it is one of top_names; an
 * exact name beats a unit-address match ("cpus" beats "cpus@0"). */
static void note_top(struct parse *p, int node)
{
    const char *name = dtb_node_name(p->dtb, node);
    for (size_t i = 0; name != NULL && i < sizeof p->top / sizeof p->top[0]; i++) {
        size_t len = fdt_strlen(top_names[i]);
        if (fdt_streq(name, top_names[i]) ||
            (p->top[i] == DTB_NONE && fdt_memeq_str(name, len, top_names[i]) &&
             name[len] == '@'))
            p->top[i] = node;
    }
}

/*
 * One depth-first pass over the whole tree: collects memory from every
 * enabled device_type = "memory" node, finds the first enabled PLIC and
 * notes the top-level nodes. One property pass per node, and an ancestor
 * stack for each node's parent, keep it to a single walk.
 */
static bool scan_tree(struct parse *p, int *plic, int *plic_parent)
{
    const struct dtb *dtb = p->dtb;
    struct platform_info *out = p->out;
    int stack[DTB_MAX_DEPTH];
    int depth = 0;
    struct dtb_prop prop;
    const char *s;

    for (int n = dtb_root(dtb); n != DTB_NONE;
         n = dtb_next_node(dtb, n, &depth)) {
        if (depth < 0 || depth >= DTB_MAX_DEPTH)
            break;   /* dtb_open() rules this out */
        stack[depth] = n;
        int parent = depth > 0 ? stack[depth - 1] : DTB_NONE;
        bool memory = false, is_plic = false, seen_type = false, seen_compat = false;
        if (depth == 1)
            note_top(p, n);
        for (bool ok = dtb_first_prop(dtb, n, &prop); ok;
             ok = dtb_next_prop(dtb, &prop)) {
            if (!seen_type && fdt_streq(prop.name, "device_type")) {
                seen_type = true;
                memory = dtb_prop_string(&prop, &s) && fdt_streq(s, "memory");
            } else if (!seen_compat && fdt_streq(prop.name, "compatible")) {
                seen_compat = true;
                is_plic = *plic == DTB_NONE && is_plic_list(&prop);
            }
        }
        if ((!memory && !is_plic) || !dtb_node_enabled(dtb, n))
            continue;
        if (memory && !add_node_ranges(p, "memory node", n, parent, out->memory,
                                       &out->n_memory,
                                       PLATFORM_MAX_MEMORY_RANGES, true))
            return false;
        if (is_plic) {
            *plic = n;
            *plic_parent = parent;
        }
    }
    if (out->n_memory == 0)
        return fail_at(p, dtb_root(dtb), "no memory: no enabled device_type = "
                       "\"memory\" node with a non-empty reg");
    return true;
}

/* /memreserve/ entries and the static children of /reserved-memory. */
static bool parse_reserved(struct parse *p)
{
    const struct dtb *dtb = p->dtb;
    struct platform_info *out = p->out;
    uint64_t base, size;

    for (uint32_t i = 0; dtb_memreserve(dtb, i, &base, &size); i++) {
        int off = (int)(dtb->rsvmap_off + 16 * i);
        if (size == 0)
            continue;
        if (size > UINT64_MAX - base)
            return fail_at(p, off, "memreserve entry wraps around the "
                           "address space");
        if (!add_range(out->reserved, &out->n_reserved,
                       PLATFORM_MAX_RESERVED_RANGES, base, size, false))
            return fail_at(p, off, "too many reserved ranges (more than 32) "
                           "in the memreserve map");
    }
    int resmem = p->top[TOP_RESMEM];
    for (int c = dtb_first_child(dtb, resmem); c != DTB_NONE;
         c = dtb_next_sibling(dtb, c)) {
        /* Nodes with only size/alignment are placed by an OS: no address. */
        if (dtb_node_enabled(dtb, c) &&
            !add_node_ranges(p, "reserved-memory node", c, resmem,
                             out->reserved, &out->n_reserved,
                             PLATFORM_MAX_RESERVED_RANGES, false))
            return false;
    }
    return true;
}

/* Hart id of cpu node `cpu` (first reg address, parent `cpus`). */
static bool cpu_hartid(struct parse *p, int cpu, int cpus, uint32_t *hartid)
{
    struct dtb_reg reg;
    bool absent;
    uint64_t id, size;
    if (!open_reg(p, "cpu node", cpu, cpus, &reg, &absent))
        return false;
    if (absent || !dtb_reg_get(&reg, 0, &id, &size))
        return fail_node(p, "cpu node", cpu, "no reg (hart id)");
    if (id > UINT32_MAX)
        return fail_node(p, "cpu node", cpu, "hart id does not fit 32 bits");
    *hartid = (uint32_t)id;
    return true;
}

static bool is_cpu(const struct dtb *dtb, int node)
{
    const char *type;
    return dtb_get_string(dtb, node, "device_type", &type) &&
           fdt_streq(type, "cpu");
}

/* ISA bits of cpu node `cpu`: riscv,isa-extensions (the newer binding) when
 * present, else riscv,isa. */
static uint32_t hart_isa(const struct dtb *dtb, int cpu)
{
    struct dtb_prop prop;
    const char *s;
    uint32_t pos = 0, len, isa = 0;
    if (dtb_get_prop(dtb, cpu, "riscv,isa-extensions", &prop)) {
        while (dtb_stringlist_next(&prop, &pos, &s, &len)) {
            if (fdt_memeq_str_nocase(s, len, "f"))
                isa |= HART_ISA_F;
            else if (fdt_memeq_str_nocase(s, len, "d"))
                isa |= HART_ISA_D;
            else if (fdt_memeq_str_nocase(s, len, "sstc"))
                isa |= HART_ISA_SSTC;
        }
        return isa;
    }
    return dtb_get_string(dtb, cpu, "riscv,isa", &s) ? riscv_isa_bits(s) : 0;
}

/* Remembers the interrupt controllers below cpu node `cpu`. */
static void cache_intcs(struct parse *p, int cpu, uint32_t hartid)
{
    const struct dtb *dtb = p->dtb;
    struct dtb_prop prop;
    for (int c = dtb_first_child(dtb, cpu); c != DTB_NONE;
         c = dtb_next_sibling(dtb, c)) {
        if (p->n_intc == MAX_INTC_CACHE)
            return;   /* the rest are found the slow way */
        struct cpu_intc *ic = &p->intc[p->n_intc];
        if (!dtb_get_prop(dtb, c, "interrupt-controller", &prop) ||
            !(dtb_get_u32(dtb, c, "phandle", &ic->phandle) ||
              dtb_get_u32(dtb, c, "linux,phandle", &ic->phandle)))
            continue;
        ic->hartid = hartid;
        if (!dtb_get_u32(dtb, c, "#interrupt-cells", &ic->interrupt_cells))
            ic->interrupt_cells = 0;
        p->n_intc++;
    }
}

/* Harts (enabled cpus with an MMU, sorted by id) and the timebase. */
static bool parse_cpus(struct parse *p)
{
    const struct dtb *dtb = p->dtb;
    struct platform_info *out = p->out;
    struct dtb_prop prop;
    uint32_t hartid;
    int cpus = p->top[TOP_CPUS];
    int first_cpu = DTB_NONE;

    if (cpus == DTB_NONE)
        return fail_at(p, dtb_root(dtb), "no /cpus node");
    for (int c = dtb_first_child(dtb, cpus); c != DTB_NONE;
         c = dtb_next_sibling(dtb, c)) {
        if (!is_cpu(dtb, c))
            continue;   /* cpu-map and the like */
        if (!cpu_hartid(p, c, cpus, &hartid))
            return false;
        if (first_cpu == DTB_NONE)
            first_cpu = c;
        cache_intcs(p, c, hartid);
        /* Monitor cores (E51, S7) have no MMU: the kernel cannot run there. */
        if (!dtb_node_enabled(dtb, c) || !dtb_get_prop(dtb, c, "mmu-type", &prop))
            continue;
        uint32_t i = 0;
        while (i < out->n_harts && out->harts[i].hartid < hartid)
            i++;
        if (i < out->n_harts && out->harts[i].hartid == hartid)
            return fail_node(p, "cpu node", c, "duplicate hart id");
        if (out->n_harts == PLATFORM_MAX_HARTS)
            return fail_node(p, "cpu node", c,
                             "too many usable harts (more than 32)");
        for (uint32_t j = out->n_harts; j > i; j--)
            out->harts[j] = out->harts[j - 1];
        out->harts[i].hartid = hartid;
        out->harts[i].isa = hart_isa(dtb, c);
        out->n_harts++;
    }
    if (out->n_harts == 0)
        return fail_node(p, "cpus node", cpus, "no usable hart (no enabled "
                         "cpu node with an mmu-type)");

    /* The binding puts timebase-frequency in /cpus; some trees have it per
     * cpu instead. Either one or two cells. */
    if (!dtb_get_uint(dtb, cpus, "timebase-frequency", &out->timebase) &&
        (first_cpu == DTB_NONE ||
         !dtb_get_uint(dtb, first_cpu, "timebase-frequency", &out->timebase)))
        return fail_node(p, "cpus node", cpus, "missing timebase-frequency");
    if (out->timebase == 0)
        return fail_node(p, "cpus node", cpus, "timebase-frequency is 0");
    return true;
}

/* "PLIC <path>: interrupts-extended entry N: " */
static struct fdt_fmt *entry_error(struct parse *p, int plic, uint32_t entry)
{
    struct fdt_fmt *f = node_error(p, "PLIC", plic);
    fdt_fmt_str(f, "interrupts-extended entry ");
    fdt_fmt_dec(f, entry);
    fdt_fmt_str(f, ": ");
    return f;
}

/*
 * Resolves the controller `phandle` of PLIC context `entry`: its
 * #interrupt-cells and, if it belongs to a cpu, that cpu's hart id. The cpu
 * cache answers the usual case; anything else costs a tree search.
 */
static bool resolve_intc(struct parse *p, int plic, uint32_t entry,
                         uint32_t phandle, uint32_t *cells, bool *on_cpu,
                         uint32_t *hartid)
{
    const struct dtb *dtb = p->dtb;
    uint32_t i = 0;
    while (i < p->n_intc && p->intc[i].phandle != phandle)
        i++;
    if (i < p->n_intc) {
        *cells = p->intc[i].interrupt_cells;
        *on_cpu = true;
        *hartid = p->intc[i].hartid;
    } else {
        int node = dtb_node_by_phandle(dtb, phandle);
        if (node == DTB_NONE) {
            struct fdt_fmt *f = entry_error(p, plic, entry);
            fdt_fmt_str(f, "phandle ");
            fdt_fmt_hex(f, phandle);
            fdt_fmt_str(f, " refers to no node");
            return false;
        }
        if (!dtb_get_u32(dtb, node, "#interrupt-cells", cells))
            *cells = 0;
        int parent = dtb_parent(dtb, node);
        *on_cpu = parent != DTB_NONE && is_cpu(dtb, parent);
        if (*on_cpu && !cpu_hartid(p, parent, DTB_NONE, hartid))
            return false;
    }
    if (*cells == 0 || *cells > MAX_INTERRUPT_CELLS) {
        struct fdt_fmt *f = entry_error(p, plic, entry);
        fdt_fmt_str(f, "controller has unsupported #interrupt-cells ");
        fdt_fmt_dec(f, *cells);
        return false;
    }
    return true;
}

/*
 * Base, ndev and the S-mode context of each hart. interrupts-extended lists
 * the PLIC's contexts in order as (controller phandle, specifier) entries;
 * an entry whose first specifier cell is IRQ_S_EXT on a cpu's controller is
 * that hart's S-mode context. QEMU virt gives 2N+1, SiFive/StarFive boards
 * 2N (their monitor core has one M-mode context): never assumed, only read.
 */
static bool parse_plic(struct parse *p, int node, int parent)
{
    const struct dtb *dtb = p->dtb;
    struct platform_plic *plic = &p->out->plic;
    struct dtb_reg reg;
    struct dtb_prop ext;
    bool absent, on_cpu;
    uint32_t phandle, cells, type, hartid, known;

    if (!open_reg(p, "PLIC", node, parent, &reg, &absent))
        return false;
    if (absent || !dtb_reg_get(&reg, 0, &plic->base, &plic->size))
        return fail_node(p, "PLIC", node, "no reg");
    if (!dtb_get_u32(dtb, node, "riscv,ndev", &plic->ndev))
        return fail_node(p, "PLIC", node, "missing riscv,ndev");
    if (!dtb_get_prop(dtb, node, "interrupts-extended", &ext))
        return fail_node(p, "PLIC", node, "missing interrupts-extended");
    if (ext.len % 4 != 0) {
        struct fdt_fmt *f = node_error(p, "PLIC", node);
        fdt_fmt_str(f, "interrupts-extended length ");
        fdt_fmt_dec(f, ext.len);
        fdt_fmt_str(f, " is not a multiple of 4");
        return false;
    }
    uint32_t ncells = ext.len / 4;
    for (uint32_t cell = 0, ctx = 0; cell < ncells; ctx++) {
        dtb_prop_u32(&ext, cell, &phandle);
        if (!resolve_intc(p, node, ctx, phandle, &cells, &on_cpu, &hartid))
            return false;
        if (cells > ncells - cell - 1) {
            fdt_fmt_str(entry_error(p, node, ctx), "truncated specifier");
            return false;
        }
        dtb_prop_u32(&ext, cell + 1, &type);
        cell += 1 + cells;
        if (type != IRQ_S_EXT)
            continue;   /* M-mode (11), or -1 where OpenSBI hid it */
        if (!on_cpu) {
            fdt_fmt_str(entry_error(p, node, ctx), "S-mode context is not on "
                        "a cpu's interrupt controller");
            return false;
        }
        if (platform_plic_context(p->out, hartid, &known))
            continue;   /* the first S-mode context of a hart is the one */
        if (plic->n_contexts == PLATFORM_MAX_HARTS)
            return fail_node(p, "PLIC", node,
                             "too many S-mode contexts (more than 32)");
        plic->contexts[plic->n_contexts].hartid = hartid;
        plic->contexts[plic->n_contexts].context = ctx;
        plic->n_contexts++;
    }
    plic->present = true;
    return true;
}

/* The node stdout-path names. It is usually a bare alias ("serial0:115200n8"),
 * resolved here from the aliases node the scan noted, saving a walk; other
 * forms go to dtb_find_path(), whose rules this follows. */
static int stdout_node(struct parse *p, const char *path)
{
    struct dtb_prop prop;
    const char *target;
    size_t len = 0;
    while (path[len] != '\0' && path[len] != ':' && path[len] != '/')
        len++;
    if (len == 0 || path[len] == '/')
        return dtb_find_path(p->dtb, path, fdt_strlen(path));
    for (bool ok = dtb_first_prop(p->dtb, p->top[TOP_ALIASES], &prop); ok;
         ok = dtb_next_prop(p->dtb, &prop))
        if (fdt_memeq_str(path, len, prop.name))
            return dtb_prop_string(&prop, &target) && target[0] == '/'
                       ? dtb_find_path(p->dtb, target, fdt_strlen(target))
                       : DTB_NONE;
    return DTB_NONE;
}

/* The stdout-path UART, if it is one we can drive. False leaves a partly
 * filled console for the caller to clear: a bad console is never an error,
 * the kernel then falls back to the SBI console. */
static bool find_console(struct parse *p)
{
    static const struct {
        const char *compatible;
        enum console_kind kind;
    } known[] = {
        {"ns16550a", CONSOLE_NS16550A},
        {"ns16550", CONSOLE_NS16550A},
        {"snps,dw-apb-uart", CONSOLE_DW_APB_UART},
        {"sifive,uart0", CONSOLE_SIFIVE_UART0},
    };
    const struct dtb *dtb = p->dtb;
    struct platform_console *con = &p->out->console;
    struct dtb_prop prop;
    struct dtb_reg reg;
    const char *path, *s;
    uint32_t pos = 0, len, v;
    uint64_t clock;
    int chosen = p->top[TOP_CHOSEN];

    if (!dtb_get_string(dtb, chosen, "stdout-path", &path) &&
        !dtb_get_string(dtb, chosen, "linux,stdout-path", &path))
        return false;
    int node = stdout_node(p, path);
    if (node == DTB_NONE || !dtb_node_enabled(dtb, node) ||
        !dtb_get_prop(dtb, node, "compatible", &prop))
        return false;
    /* The node's own order decides: its most specific known name wins. */
    enum console_kind kind = CONSOLE_NONE;
    while (kind == CONSOLE_NONE && dtb_stringlist_next(&prop, &pos, &s, &len))
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            if (fdt_memeq_str(s, len, known[i].compatible)) {
                kind = known[i].kind;
                copy_string(con->compatible, sizeof con->compatible, s, len);
                break;
            }
    if (kind == CONSOLE_NONE || dtb_reg_open(dtb, node, DTB_NONE, &reg) !=
        DTB_REG_OK || !dtb_reg_get(&reg, 0, &con->base, &con->size))
        return false;
    con->reg_shift = dtb_get_u32(dtb, node, "reg-shift", &v) ? v : 0;
    con->reg_io_width = dtb_get_u32(dtb, node, "reg-io-width", &v) ? v : 1;
    if (con->reg_shift > 3 || (con->reg_io_width != 1 && con->reg_io_width != 4))
        return false;   /* not a layout the 16550 driver handles */
    if (dtb_get_prop(dtb, node, "interrupts", &prop))
        dtb_prop_u32(&prop, 0, &con->irq);
    else if (dtb_get_prop(dtb, node, "interrupts-extended", &prop))
        dtb_prop_u32(&prop, 1, &con->irq);
    if (dtb_get_uint(dtb, node, "clock-frequency", &clock) &&
        clock <= UINT32_MAX)
        con->clock_frequency = (uint32_t)clock;
    con->kind = kind;
    return true;
}

bool platform_info_parse(const void *blob, size_t max_size,
                         struct platform_info *out, struct platform_error *err)
{
    struct platform_error scratch;
    struct dtb dtb;
    struct dtb_error derr;
    struct parse p;
    const char *model;
    int plic = DTB_NONE, plic_parent = DTB_NONE;

    if (err == NULL)
        err = &scratch;
    zero(out, sizeof *out);
    zero(err, sizeof *err);
    if (!dtb_open(&dtb, blob, max_size, &derr)) {
        copy_string(err->message, sizeof err->message, derr.message,
                    sizeof derr.message);
        err->offset = derr.offset;
        return false;
    }
    p.dtb = &dtb;
    p.out = out;
    p.err = err;
    p.n_intc = 0;
    for (size_t i = 0; i < sizeof p.top / sizeof p.top[0]; i++)
        p.top[i] = DTB_NONE;
    if (!scan_tree(&p, &plic, &plic_parent) || !parse_reserved(&p) ||
        !parse_cpus(&p) ||
        (plic != DTB_NONE && !parse_plic(&p, plic, plic_parent)))
        return false;
    if (!find_console(&p))
        zero(&out->console, sizeof out->console);
    if (dtb_get_string(&dtb, dtb_root(&dtb), "model", &model))
        copy_string(out->model, sizeof out->model, model, PLATFORM_MODEL_MAX);
    return true;
}

bool platform_plic_context(const struct platform_info *info, uint32_t hartid,
                           uint32_t *context)
{
    for (uint32_t i = 0; i < info->plic.n_contexts; i++)
        if (info->plic.contexts[i].hartid == hartid) {
            *context = info->plic.contexts[i].context;
            return true;
        }
    return false;
}
