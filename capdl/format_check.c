/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cdlb_check(): validates a binary spec completely before anything uses it:
 * header, section table, every record's fields and every cross reference
 * (FORMAT.md lists the rules). After it returns true a loader may follow any
 * index without checking it again. No libc (the loader root task links it);
 * hostile input is expected (fuzzed with the parser).
 */
#include <capdl/format.h>

struct ctx {
    char *err;
    size_t size;
};

static void append(struct ctx *c, size_t *at, const char *s)
{
    while (*s && *at + 1 < c->size)
        c->err[(*at)++] = *s++;
}

/* "what[index]: reason" (index omitted when CDLB_NONE). */
static bool fail(struct ctx *c, const char *what, uint64_t index, const char *reason)
{
    if (!c->size)
        return false;
    size_t at = 0;
    append(c, &at, what);
    if (index != CDLB_NONE) {
        char num[24];
        int n = 0;
        do {
            num[n++] = (char)('0' + index % 10);
            index /= 10;
        } while (index && n < 20);
        char digits[24];
        for (int i = 0; i < n; i++)
            digits[i] = num[n - 1 - i];
        digits[n] = 0;
        append(c, &at, "[");
        append(c, &at, digits);
        append(c, &at, "]");
    }
    append(c, &at, ": ");
    append(c, &at, reason);
    c->err[at] = 0;
    return false;
}

static uint64_t get(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static bool check_sections(struct ctx *c, const uint8_t *b, uint64_t total, uint32_t n,
                           struct cdlb_view *v)
{
    uint64_t table_end = CDLB_HEADER_SIZE + (uint64_t)n * CDLB_SECTION_SIZE;
    uint64_t lo[CDLB_SEC_MAX + 1] = { 0 }, hi[CDLB_SEC_MAX + 1] = { 0 };
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *s = b + CDLB_HEADER_SIZE + (uint64_t)i * CDLB_SECTION_SIZE;
        uint32_t kind = (uint32_t)get(s, 4), esize = (uint32_t)get(s + 4, 4);
        uint64_t off = get(s + 8, 8), count = get(s + 16, 8), size = get(s + 24, 8);
        if (kind < 1 || kind > CDLB_SEC_MAX)
            return fail(c, "section", i, "unknown kind");
        if (v->sec[kind] || hi[kind])
            return fail(c, "section", i, "kind appears twice");
        if (esize != cdlb_entry_size(kind))
            return fail(c, "section", i, "wrong entry size for its kind");
        if (off % 8 || off < table_end || off > total || size > total - off)
            return fail(c, "section", i, "outside the blob or misaligned");
        if (count > UINT32_MAX || count * esize != size)
            return fail(c, "section", i, "count and size disagree");
        for (uint32_t k = 1; k <= CDLB_SEC_MAX; k++)
            if (hi[k] > lo[k] && size && off < hi[k] && lo[k] < off + size)
                return fail(c, "section", i, "overlaps another section");
        lo[kind] = off;
        hi[kind] = off + size;
        if (!size)
            hi[kind] = 1;   /* present, but empty: remember it was seen */
        v->sec[kind] = size ? b + off : b + table_end;
        v->count[kind] = count;
    }
    return true;
}

static bool holds_caps(uint8_t type)
{
    return type == CDLB_OBJ_CNODE || type == CDLB_OBJ_TCB || type == CDLB_OBJ_IRQ;
}

/* mem_bits each type must have (0xff: the one written, checked elsewhere). */
static bool sizes_ok(const struct cdlb_object *o)
{
    switch (o->type) {
    case CDLB_OBJ_UNTYPED: return o->size_bits >= 4 && o->size_bits <= 38 && o->mem_bits == o->size_bits;
    case CDLB_OBJ_TCB: return o->mem_bits == 11;
    case CDLB_OBJ_ENDPOINT: return o->mem_bits == 4;
    case CDLB_OBJ_NOTIFICATION: return o->mem_bits == 5;
    case CDLB_OBJ_CNODE: return o->size_bits >= 1 && o->size_bits <= 33 && o->mem_bits == o->size_bits + 5;
    case CDLB_OBJ_FRAME_4K: return o->mem_bits == 12;
    case CDLB_OBJ_FRAME_2M: return o->mem_bits == 21;
    case CDLB_OBJ_FRAME_1G: return o->mem_bits == 30;
    case CDLB_OBJ_PAGE_TABLE:
    case CDLB_OBJ_ASID_POOL: return o->mem_bits == 12;
    case CDLB_OBJ_IRQ: return o->mem_bits == 0;
    default: return false;
    }
}

static bool is_frame(uint8_t type)
{
    return type == CDLB_OBJ_FRAME_4K || type == CDLB_OBJ_FRAME_2M || type == CDLB_OBJ_FRAME_1G;
}

static bool check_objects(struct ctx *c, const struct cdlb_view *v)
{
    uint64_t n = v->count[CDLB_SEC_OBJECTS];
    for (uint32_t i = 0; i < n; i++) {
        struct cdlb_object o;
        cdlb_object_at(v, i, &o);
        if (o.name >= v->count[CDLB_SEC_STRINGS])
            return fail(c, "objects", i, "name outside the strings");
        if (!sizes_ok(&o))
            return fail(c, "objects", i, "unknown type or wrong size for its type");
        if (o.parent != CDLB_NONE) {
            struct cdlb_object p;
            if (o.parent >= i)
                return fail(c, "objects", i, "its untyped does not come before it");
            cdlb_object_at(v, o.parent, &p);
            if (p.type != CDLB_OBJ_UNTYPED || o.type == CDLB_OBJ_IRQ)
                return fail(c, "objects", i, "parent is not an untyped");
        }
        if ((o.flags & ~CDLB_OBJ_HAS_PADDR) ||
            ((o.flags & CDLB_OBJ_HAS_PADDR) && o.mem_bits && (o.paddr & ((1ULL << o.mem_bits) - 1))))
            return fail(c, "objects", i, "bad flags or misaligned paddr");
        if (o.cap_count && (!holds_caps(o.type) || o.cap_first > v->count[CDLB_SEC_CAPS] ||
                            o.cap_count > v->count[CDLB_SEC_CAPS] - o.cap_first))
            return fail(c, "objects", i, "caps outside the cap table");
        if (o.fill_count && (!is_frame(o.type) || o.fill_first > v->count[CDLB_SEC_FILLS] ||
                             o.fill_count > v->count[CDLB_SEC_FILLS] - o.fill_first))
            return fail(c, "objects", i, "fills outside the fill table");
        uint32_t sec = o.type == CDLB_OBJ_TCB ? CDLB_SEC_TCBS : o.type == CDLB_OBJ_IRQ ? CDLB_SEC_IRQS : 0;
        if (sec ? o.extra >= v->count[sec] : o.extra != CDLB_NONE)
            return fail(c, "objects", i, "extra index wrong for its type");
        if (sec) {
            const uint8_t *rec = v->sec[sec] + (uint64_t)o.extra * cdlb_entry_size(sec);
            uint32_t back = (uint32_t)get(sec == CDLB_SEC_IRQS ? rec + 8 : rec, 4);
            if (back != i)
                return fail(c, "objects", i, "its TCB or IRQ record names another object");
        }
        uint64_t prev = 0;
        for (uint32_t k = 0; k < o.cap_count; k++) {
            struct cdlb_cap cap;
            cdlb_cap_at(v, o.cap_first + k, &cap);
            if (cap.container != i || (k && cap.slot <= prev))
                return fail(c, "objects", i, "its caps are not its own or not in slot order");
            prev = cap.slot;
        }
        for (uint32_t k = 0; k < o.fill_count; k++) {
            struct cdlb_fill f;
            cdlb_fill_at(v, o.fill_first + k, &f);
            if (f.frame != i)
                return fail(c, "objects", i, "its fills belong to another frame");
        }
    }
    return true;
}

static bool object(const struct cdlb_view *v, uint32_t i, struct cdlb_object *o)
{
    if (i >= v->count[CDLB_SEC_OBJECTS])
        return false;
    cdlb_object_at(v, i, o);
    return true;
}

static bool check_caps(struct ctx *c, const struct cdlb_view *v)
{
    for (uint32_t i = 0; i < v->count[CDLB_SEC_CAPS]; i++) {
        struct cdlb_cap cap;
        struct cdlb_object box, target;
        cdlb_cap_at(v, i, &cap);
        if (!object(v, cap.container, &box) || !holds_caps(box.type))
            return fail(c, "caps", i, "container is not a CNode, TCB or IRQ");
        if (cap.container >= v->count[CDLB_SEC_OBJECTS] || i < box.cap_first ||
            i - box.cap_first >= box.cap_count)
            return fail(c, "caps", i, "not in its container's cap range");
        uint64_t limit = box.type == CDLB_OBJ_CNODE ? 1ULL << box.size_bits
                         : box.type == CDLB_OBJ_TCB ? 10 : 1;
        if (cap.slot >= limit)
            return fail(c, "caps", i, "slot outside its container");
        if (cap.kind > CDLB_CAP_SYSTEM_CONTROL)
            return fail(c, "caps", i, "unknown kind");
        if (cap.kind == CDLB_CAP_OBJECT ? !object(v, cap.object, &target)
                                        : cap.object != CDLB_NONE)
            return fail(c, "caps", i, "target object out of range");
        if (cap.rights > 15 || cap.flags > 7 || cap.guard_size > 64)
            return fail(c, "caps", i, "bad rights, flags or guard size");
        if (cap.cdt_parent != CDLB_NONE && cap.cdt_parent >= v->count[CDLB_SEC_CAPS])
            return fail(c, "caps", i, "derivation parent out of range");
    }
    return true;
}

static bool check_rest(struct ctx *c, const struct cdlb_view *v)
{
    struct cdlb_object o, p;
    for (uint32_t i = 0; i < v->count[CDLB_SEC_MAPPINGS]; i++) {
        struct cdlb_mapping m;
        cdlb_mapping_at(v, i, &m);
        if (!object(v, m.vspace, &p) || p.type != CDLB_OBJ_PAGE_TABLE || !object(v, m.object, &o))
            return fail(c, "mappings", i, "VSpace or object out of range");
        bool pt = m.kind == CDLB_MAP_PAGE_TABLE && o.type == CDLB_OBJ_PAGE_TABLE && m.level >= 1 &&
                  m.level <= 2;
        bool frame = m.kind == CDLB_MAP_FRAME && is_frame(o.type) && m.level <= 2 &&
                     o.mem_bits == 12 + 9 * m.level;
        uint64_t span = 1ULL << (pt ? 12 + 9 * m.level : o.mem_bits);
        if (!pt && !frame)
            return fail(c, "mappings", i, "kind, level and object disagree");
        if (m.vaddr & (span - 1) || m.vaddr >= CDLB_USER_TOP || span > CDLB_USER_TOP - m.vaddr)
            return fail(c, "mappings", i, "address misaligned or beyond the user top");
        if (m.rights & ~(CDLB_RIGHT_READ | CDLB_RIGHT_WRITE) || m.flags > 1)
            return fail(c, "mappings", i, "bad rights or flags");
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_VSPACES]; i++) {
        struct cdlb_vspace s;
        cdlb_vspace_at(v, i, &s);
        if (!object(v, s.root, &o) || o.type != CDLB_OBJ_PAGE_TABLE ||
            (s.asid_pool != CDLB_NONE && (!object(v, s.asid_pool, &p) || p.type != CDLB_OBJ_ASID_POOL)))
            return fail(c, "vspaces", i, "root or ASID pool of the wrong type");
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_TCBS]; i++) {
        struct cdlb_tcb t;
        cdlb_tcb_at(v, i, &t);
        if (!object(v, t.object, &o) || o.type != CDLB_OBJ_TCB || o.extra != i)
            return fail(c, "tcbs", i, "object is not the TCB that refers here");
        if (t.n_init > 8 || t.flags > 1)
            return fail(c, "tcbs", i, "bad init count or flags");
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_IRQS]; i++) {
        struct cdlb_irq q;
        cdlb_irq_at(v, i, &q);
        if (!object(v, q.object, &o) || o.type != CDLB_OBJ_IRQ || o.extra != i)
            return fail(c, "irqs", i, "object is not the IRQ that refers here");
    }
    for (uint32_t i = 0; i < v->count[CDLB_SEC_FILLS]; i++) {
        struct cdlb_fill f;
        cdlb_fill_at(v, i, &f);
        if (!object(v, f.frame, &o) || !is_frame(o.type))
            return fail(c, "fills", i, "not a frame");
        uint64_t size = 1ULL << o.mem_bits;
        if (f.dest_offset > size || f.length > size - f.dest_offset)
            return fail(c, "fills", i, "outside its frame");
        if (f.kind == CDLB_FILL_DATA ? (f.source > v->count[CDLB_SEC_DATA] ||
                                         f.length > v->count[CDLB_SEC_DATA] - f.source)
                                      : f.kind != CDLB_FILL_BOOTINFO)
            return fail(c, "fills", i, "unknown kind or data outside the data section");
    }
    return true;
}

/* Version 2: the supervisor's tables. */
static bool check_supervisor(struct ctx *c, const struct cdlb_view *v)
{
    struct cdlb_object o;
    uint64_t n_comps = v->count[CDLB_SEC_COMPONENTS], n_restart = v->count[CDLB_SEC_RESTART];
    for (uint32_t i = 0; i < n_comps; i++) {
        struct cdlb_component k;
        cdlb_component_at(v, i, &k);
        if (k.name >= v->count[CDLB_SEC_STRINGS])
            return fail(c, "components", i, "name outside the strings");
        if (!object(v, k.tcb, &o) || o.type != CDLB_OBJ_TCB ||
            !object(v, k.cnode, &o) || o.type != CDLB_OBJ_CNODE ||
            !object(v, k.vspace, &o) || o.type != CDLB_OBJ_PAGE_TABLE)
            return fail(c, "components", i, "TCB, CNode or VSpace of the wrong type");
        if (k.flags > (CDLB_COMP_RESTART | CDLB_COMP_SUPERVISED) || k.reserved0 || k.reserved1)
            return fail(c, "components", i, "unknown flags or reserved bits set");
        if ((k.flags & CDLB_COMP_RESTART) && !(k.flags & CDLB_COMP_SUPERVISED))
            return fail(c, "components", i, "restart without the supervisor as fault handler");
        if (k.restart_first > n_restart || k.restart_count > n_restart - k.restart_first)
            return fail(c, "components", i, "restart frames outside their table");
        for (uint32_t j = 0; j < i; j++) {
            struct cdlb_component e;
            cdlb_component_at(v, j, &e);
            if ((k.flags & e.flags & CDLB_COMP_SUPERVISED) && e.fault_badge == k.fault_badge)
                return fail(c, "components", i, "fault badge used twice");
        }
    }
    for (uint32_t i = 0; i < n_restart; i++) {
        struct cdlb_restart r;
        cdlb_restart_at(v, i, &r);
        struct cdlb_component k;
        if (r.component >= n_comps)
            return fail(c, "restart", i, "component out of range");
        cdlb_component_at(v, r.component, &k);
        if (i < k.restart_first || i - k.restart_first >= k.restart_count)
            return fail(c, "restart", i, "outside its component's range");
        if (!object(v, r.frame, &o) || !is_frame(o.type) || (o.flags & CDLB_OBJ_HAS_PADDR))
            return fail(c, "restart", i, "not a frame of RAM");
    }
    uint32_t serves = 0;
    for (uint32_t i = 0; i < v->count[CDLB_SEC_SUPERVISOR]; i++) {
        struct cdlb_sup_cap s;
        cdlb_sup_cap_at(v, i, &s);
        uint8_t want = s.kind == CDLB_SUP_SERVE ? CDLB_OBJ_ENDPOINT
                     : s.kind == CDLB_SUP_SIGNAL ? CDLB_OBJ_NOTIFICATION : 0xff;
        if (want == 0xff || !object(v, s.object, &o) || o.type != want)
            return fail(c, "supervisor", i, "unknown kind or object of the wrong type");
        if (s.kind == CDLB_SUP_SERVE && (s.badge || ++serves > 1))
            return fail(c, "supervisor", i, "more than one served endpoint, or one with a badge");
    }
    return true;
}

bool cdlb_check(const void *blob, uint64_t size, struct cdlb_view *v, char *err,
                size_t err_size)
{
    struct ctx c = { err, err_size };
    const uint8_t *b = blob;
    for (unsigned i = 0; i <= CDLB_SEC_MAX; i++) {
        v->sec[i] = 0;
        v->count[i] = 0;
    }
    v->base = b;
    v->size = size;
    if (size < CDLB_HEADER_SIZE)
        return fail(&c, "header", CDLB_NONE, "too short");
    for (unsigned i = 0; i < 8; i++)
        if (b[i] != (uint8_t)CDLB_MAGIC[i])
            return fail(&c, "header", CDLB_NONE, "bad magic (not a CNDCAPDL spec)");
    if (get(b + 8, 4) != CDLB_VERSION)
        return fail(&c, "header", CDLB_NONE, "unsupported version");
    uint64_t total = get(b + 16, 8);
    uint32_t n = (uint32_t)get(b + 24, 4);
    if (get(b + 12, 4) != CDLB_HEADER_SIZE || total > size || total < CDLB_HEADER_SIZE ||
        n > CDLB_SEC_MAX || CDLB_HEADER_SIZE + (uint64_t)n * CDLB_SECTION_SIZE > total)
        return fail(&c, "header", CDLB_NONE, "bad header size, total size or section count");
    if (!check_sections(&c, b, total, n, v))
        return false;
    for (unsigned k = 1; k <= CDLB_SEC_MAX; k++)
        if (!v->sec[k] && k != CDLB_SEC_DATA)
            return fail(&c, "section", CDLB_NONE, "a required section is missing");
    if (!v->count[CDLB_SEC_STRINGS] ||
        v->sec[CDLB_SEC_STRINGS][v->count[CDLB_SEC_STRINGS] - 1] != 0)
        return fail(&c, "strings", CDLB_NONE, "not NUL-terminated");
    v->size = total;
    return check_objects(&c, v) && check_caps(&c, v) && check_rest(&c, v) &&
           check_supervisor(&c, v);
}
