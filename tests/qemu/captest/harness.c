/* SPDX-License-Identifier: BSD-2-Clause */
/* Output and bookkeeping for the in-QEMU test harness (see harness.h). */
#include <conductor/runtime.h>
#include "harness.h"

unsigned harness_passed, harness_failed;
const char *harness_case;
int harness_case_failed;
static unsigned harness_skipped;
/* False while an unselected case runs: cases that share setup with the
 * cases before them in one function still execute their body (the later
 * ones depend on it), but only selected cases are reported and counted. */
static bool case_selected = true;

void put_str(const char *s)
{
    cnd_debug_puts(s);
}

void put_dec(uint64_t v)
{
    cnd_debug_put_dec(v);
}

void put_hex(uint64_t v)
{
    cnd_debug_put_hex(v, 1);
}

void expect_impl(int ok, const char *what, int line)
{
    if (ok || !case_selected)
        return;
    harness_case_failed = 1;
    put_str("  ");
    put_str(harness_case);
    put_str(": line ");
    put_dec((uint64_t)line);
    put_str(": expected ");
    put_str(what);
    put_str("\n");
}

void expect_err_impl(struct cnd_result r, cnd_error_t err, const char *what, int line)
{
    if (r.error == err || !case_selected)
        return;
    harness_case_failed = 1;
    put_str("  ");
    put_str(harness_case);
    put_str(": line ");
    put_dec((uint64_t)line);
    put_str(": ");
    put_str(what);
    put_str(" gave ");
    put_str(cnd_error_name(r.error));
    put_str(", expected ");
    put_str(cnd_error_name(err));
    for (unsigned i = 0; i < r.detail_len; i++) {
        put_str(i ? ", " : " (");
        put_hex(r.detail[i]);
    }
    put_str(r.detail_len ? ")\n" : "\n");
}


/* The selection: the text after "cases=" in the image's args option, a
 * comma-separated list of name prefixes; NULL when every case runs. */
static const char *selection(void)
{
    static int done;
    static const char *sel;
    if (done)
        return sel;
    done = 1;
    const struct cnd_boot_info *bi = cnd_boot_info();
    if (bi == NULL || bi->extra_len == 0)
        return sel;
    /* Walk the extra boot-info chunks (right after the boot-info page). */
    const uint8_t *p = (const uint8_t *)bi + (1u << CND_PAGE_BITS);
    cnd_word_t off = 0;
    while (off + sizeof(struct cnd_boot_info_header) <= bi->extra_len) {
        const struct cnd_boot_info_header *h = (const void *)(p + off);
        if (h->len < sizeof *h || h->len > bi->extra_len - off)
            break;
        if (h->id == CND_BOOTINFO_HEADER_ARGS) {
            const char *a = (const char *)(h + 1);
            for (; *a != '\0'; a++) {
                if ((a == (const char *)(h + 1) || a[-1] == ' ') && a[0] == 'c' &&
                    a[1] == 'a' && a[2] == 's' && a[3] == 'e' && a[4] == 's' && a[5] == '=') {
                    sel = a + 6;
                    put_str("harness: running only the cases selected by ");
                    put_str(a);
                    put_str("\n");
                    break;
                }
            }
            break;
        }
        off += (h->len + 7) & ~(cnd_word_t)7;
    }
    return sel;
}

static bool selected(const char *name)
{
    const char *sel = selection();
    if (sel == NULL)
        return true;
    for (const char *p = sel; *p != '\0' && *p != ' ';) {
        const char *n = name;
        while (*p != '\0' && *p != ' ' && *p != ',' && *n == *p) {
            p++;
            n++;
        }
        if (*p == '\0' || *p == ' ' || *p == ',')
            return true; /* the whole prefix matched */
        while (*p != '\0' && *p != ' ' && *p != ',')
            p++;
        if (*p == ',')
            p++;
    }
    return false;
}

static struct {
    bool on;
    cnd_cptr_t untyped, probe, lo, hi;
    unsigned size_bits;
    cnd_word_t free_before;
    unsigned used_before;
    cnd_cptr_t next;   /* harness_slot's search start */
    cnd_cptr_t parent; /* the boot untyped the scratch was carved from */
    void (*snap)(void); /* harness_leak_hook */
    bool (*check)(void);
} leak;

void harness_leak_hook(void (*snap)(void), bool (*check)(void))
{
    leak.snap = snap;
    leak.check = check;
}

void harness_leak_track(cnd_cptr_t untyped, unsigned size_bits, cnd_cptr_t probe, cnd_cptr_t lo,
                        cnd_cptr_t hi)
{
    leak.on = true;
    leak.untyped = untyped;
    leak.size_bits = size_bits;
    leak.probe = probe;
    leak.lo = lo;
    leak.hi = hi;
}

cnd_cptr_t harness_scratch_setup(const struct cnd_boot_info *bi, cnd_cptr_t first,
                                 unsigned window, unsigned size_bits)
{
    cnd_cptr_t from = 0;
    unsigned from_bits = 64;
    for (cnd_word_t s = bi->untyped.start; s < bi->untyped.end; s++) {
        const struct cnd_untyped_desc *d = &bi->untyped_list[s - bi->untyped.start];
        if (!d->is_device && d->size_bits >= size_bits && d->size_bits < from_bits) {
            from = s;
            from_bits = d->size_bits;
        }
    }
    cnd_cptr_t lo = first + 3, hi = lo + window, ut = hi;
    if (from == 0 || cnd_untyped_retype(from, CND_CAP_INIT_THREAD_CNODE, CND_OBJ_UNTYPED,
                                        size_bits, 0, 0, ut, 1).error != CND_NO_ERROR) {
        put_str("harness: FAIL cannot make the scratch untyped\n");
        return 0;
    }
    harness_leak_track(ut, size_bits, first, lo, hi);
    leak.parent = from;
    return ut + 1;
}

cnd_cptr_t harness_scratch(void)
{
    return leak.untyped;
}

cnd_cptr_t harness_scratch_parent(void)
{
    return leak.parent;
}

cnd_cptr_t harness_slots(unsigned n)
{
    if (leak.next < leak.lo)
        leak.next = leak.lo;
    for (cnd_cptr_t s = leak.next; s + n <= leak.hi; s++) {
        unsigned i = 0;
        while (i < n && cnd_debug_cap_identify(s + i) == CND_CAP_TAG_NULL)
            i++;
        if (i == n) {
            leak.next = s + n;
            return s;
        }
        s += i; /* s + i is occupied: no run can start at or before it */
    }
    put_str("harness: FAIL the slot window is full\n");
    harness_case_failed = 1;
    return 0;
}

cnd_cptr_t harness_slot(void)
{
    return harness_slots(1);
}

cnd_cptr_t harness_make(cnd_word_t type, cnd_word_t size_bits)
{
    cnd_cptr_t s = harness_slot();
    EXPECT_ERR(cnd_untyped_retype(leak.untyped, CND_CAP_INIT_THREAD_CNODE, type, size_bits, 0, 0,
                                  s, 1),
               CND_NO_ERROR);
    return s;
}

void harness_del(cnd_cptr_t s)
{
    EXPECT_ERR(cnd_cnode_delete(CND_CAP_INIT_THREAD_CNODE, s, 64), CND_NO_ERROR);
}

cnd_word_t harness_untyped_free(void)
{
    /* Three untypeds of half the size never fit, so the kernel answers
     * NotEnoughMemory with the free bytes in MR0 and creates nothing. With
     * no children left the kernel counts the whole untyped as free, so a
     * full answer means every object made from it is gone. */
    struct cnd_result r = cnd_untyped_retype(leak.untyped, CND_CAP_INIT_THREAD_CNODE,
                                             CND_OBJ_UNTYPED, leak.size_bits - 1, 0, 0,
                                             leak.probe, 3);
    if (r.error != CND_NOT_ENOUGH_MEMORY || r.detail_len < 1)
        return (cnd_word_t)-1;
    return r.detail[0];
}

unsigned harness_slots_used(void)
{
    unsigned n = 0;
    for (cnd_cptr_t s = leak.lo; s < leak.hi; s++)
        n += cnd_debug_cap_identify(s) != CND_CAP_TAG_NULL;
    return n;
}

bool cases_selected(const char *ids)
{
    char id[32];
    for (const char *p = ids; *p != '\0';) {
        unsigned n = 0;
        while (*p != '\0' && *p != ' ' && n < sizeof id - 1)
            id[n++] = *p++;
        id[n] = '\0';
        while (*p == ' ')
            p++;
        /* Selection prefixes have no blanks: matching the ID is matching
         * the name. */
        if (n > 0 && selected(id))
            return true;
    }
    return false;
}

bool case_begin(const char *name)
{
    harness_case = name;
    harness_case_failed = 0;
    case_selected = selected(name);
    if (!case_selected) {
        harness_skipped++;
        return false;
    }
    if (leak.on) {
        leak.next = leak.lo;
        leak.free_before = harness_untyped_free();
        leak.used_before = harness_slots_used();
        if (leak.snap)
            leak.snap();
    }
    return true;
}

static void leak_check(void)
{
    cnd_word_t free_after = harness_untyped_free();
    unsigned used_after = harness_slots_used();
    /* A probe the kernel did not answer as expected proves nothing. */
    if (free_after == (cnd_word_t)-1 || leak.free_before == (cnd_word_t)-1) {
        harness_case_failed = 1;
        put_str("  ");
        put_str(harness_case);
        put_str(": the free-memory probe of the leak check failed\n");
    }
    if (free_after != leak.free_before) {
        harness_case_failed = 1;
        put_str("  ");
        put_str(harness_case);
        put_str(": leaked untyped memory: ");
        put_dec(leak.free_before);
        put_str(" bytes free before, ");
        put_dec(free_after);
        put_str(" after\n");
    }
    if (used_after != leak.used_before) {
        harness_case_failed = 1;
        put_str("  ");
        put_str(harness_case);
        put_str(": leaked slots: ");
        put_dec(leak.used_before);
        put_str(" occupied before, ");
        put_dec(used_after);
        put_str(" after\n");
    }
    if (leak.check && !leak.check())
        harness_case_failed = 1;
}

void case_end(void)
{
    if (!case_selected)
        return;
    if (leak.on)
        leak_check();
    put_str(harness_case);
    put_str(harness_case_failed ? " FAIL\n" : " pass\n");
    if (harness_case_failed)
        harness_failed++;
    else
        harness_passed++;
}

void harness_summary(void)
{
    put_dec(harness_passed);
    put_str(" passed, ");
    put_dec(harness_failed);
    put_str(" failed");
    if (harness_skipped) {
        put_str(" (");
        put_dec(harness_skipped);
        put_str(" not selected)");
    }
    put_str("\n");
#if defined(CONDUCTOR_COVERAGE)
    coverage_print();
#endif
}
