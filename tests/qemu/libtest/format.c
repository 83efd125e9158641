/* SPDX-License-Identifier: BSD-2-Clause */
/* printf, error sentences, fault sentences, ELF problem sentences. */
#include <stdarg.h>
#include "libtest.h"

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

bool contains(const char *s, const char *needle)
{
    for (; *s; s++) {
        const char *a = s, *b = needle;
        while (*b && *a == *b) {
            a++;
            b++;
        }
        if (*b == '\0')
            return true;
    }
    return *needle == '\0';
}

#define FMT(expect, ...)                                                               \
    do {                                                                               \
        char b_[96];                                                                   \
        int n_ = cnd_snprintf(b_, sizeof b_, __VA_ARGS__);                             \
        EXPECT(same(b_, expect) && n_ == (int)sizeof(expect) - 1);                     \
        if (!same(b_, expect))                                                         \
            cnd_printf("    got \"%s\", expected \"%s\"\n", b_, expect);               \
    } while (0)

static int vformat(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = cnd_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

static char captured[128];
static size_t captured_len;

static void capture(void *ctx, const char *bytes, size_t n)
{
    (void)ctx;
    for (size_t i = 0; i < n && captured_len + 1 < sizeof captured; i++)
        captured[captured_len++] = bytes[i];
    captured[captured_len] = '\0';
}

static void test_printf(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBFORMAT0001 LIBFORMAT0002 LIBFORMAT0003"))
        return;
    case_begin("LIBFORMAT0001 snprintf conversions, flags, widths, lengths");
    FMT("42|  -42|42   |00042", "%d|%5d|%-5d|%05d", 42, -42, 42, 42);
    FMT("ff FF 0xff 0 1234abcd5678", "%x %X %#x %#x %lx", 255u, 255u, 255u, 0u,
        0x1234abcd5678ul);
    FMT("18446744073709551615 -9223372036854775807", "%lu %ld", ~0ul, -9223372036854775807l);
    FMT("4294967295 1 65535 17", "%u %hhu %hu %zu", 4294967295u, (unsigned char)1,
        (unsigned short)65535, (size_t)17);
    FMT("0x10 abc|ab|  abc|abc  |x|%", "%p %s|%.2s|%5s|%-5s|%c|%%", (void *)0x10, "abc", "abc",
        "abc", "abc", 'x');
    const char *volatile nothing = NULL;  /* volatile: no compile-time NULL warning */
    FMT("    7|7    |0007|(null)", "%*d|%-*d|%.4d|%s", 5, 7, 5, 7, 7, nothing);
    FMT("00000abc 17", "%08lx %o", 0xabcul, 15u);
    FMT("-1 0", "%lld %d", -1ll, 0);
    case_end();

    case_begin("LIBFORMAT0002 snprintf truncation and sizes; vsnprintf");
    char b[8];
    EXPECT(cnd_snprintf(b, 5, "hello world") == 11 && same(b, "hell"));
    EXPECT(cnd_snprintf(NULL, 0, "%d", 12345) == 5);
    b[0] = 'x';
    EXPECT(cnd_snprintf(b, 0, "abc") == 3 && b[0] == 'x');
    EXPECT(cnd_snprintf(b, 1, "abc") == 3 && b[0] == '\0');
    EXPECT(vformat(b, sizeof b, "%s-%d", "ab", 9) == 4 && same(b, "ab-9"));
    case_end();

    case_begin("LIBFORMAT0003 printf, puts, putchar through a pluggable output");
    EXPECT(cnd_printf("format: cnd_printf writes to the debug console (%d)\n", 1) ==
           cnd_snprintf(NULL, 0, "format: cnd_printf writes to the debug console (%d)\n", 1));
    struct cnd_output out = { capture, NULL };
    cnd_set_output(&out);
    int n = cnd_printf("x=%d ", 5);
    cnd_puts("line");
    cnd_putchar('!');
    cnd_set_output(NULL);
    EXPECT(n == 4 && same(captured, "x=5 line\n!"));
    cnd_output_debug_write(NULL, "format: raw debug write\n", 24);
    case_end();
}

static void test_errors(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBFORMAT0004 LIBFORMAT0005"))
        return;
    char s[200];
    case_begin("LIBFORMAT0004 error sentences from real kernel errors");
    cnd_cptr_t root = CND_CAP_INIT_THREAD_CNODE, slot;
    CND_TRY(cnd_slot_alloc(&slot));
    struct cnd_result r = cnd_cnode_copy(root, root, slot, 64, 5, 32, CND_ALL_RIGHTS);
    EXPECT(same(cnd_error_string(r, s, sizeof s),
                "FailedLookup: the source slot: guard mismatch with 32 bits left (the CNode's "
                "guard 0 of 51 bits)"));
    r = cnd_untyped_retype(bi->untyped.start, root, CND_OBJ_ENDPOINT, 0, 0, 0, slot, 0);
    EXPECT(same(cnd_error_string(r, s, sizeof s), "RangeError: must be between 1 and 256"));
    r = cnd_tcb_suspend(slot);
    EXPECT(contains(cnd_error_string(r, s, sizeof s), "InvalidCapability: the invoked cap"));
    r = cnd_cnode_copy(root, root, CND_CAP_INIT_THREAD_TCB, 64, 5, 64, CND_ALL_RIGHTS);
    EXPECT(contains(cnd_error_string(r, s, sizeof s), "DeleteFirst: "));
    cnd_slot_free(slot);
    case_end();

    case_begin("LIBFORMAT0005 error sentences for every code and detail layout");
    struct cnd_result fake = { CND_NOT_ENOUGH_MEMORY, { 4080 }, 1 };
    EXPECT(same(cnd_error_string(fake, s, sizeof s),
                "NotEnoughMemory: 4080 bytes left in the untyped"));
    struct cnd_result range = { CND_RANGE_ERROR, { 1, 64 }, 2 };
    EXPECT(same(cnd_error_string(range, s, sizeof s), "RangeError: must be between 1 and 64"));
    struct cnd_result map = { CND_FAILED_LOOKUP, { 0, CND_MISSING_CAPABILITY, 21 }, 3 };
    EXPECT(contains(cnd_error_string(map, s, sizeof s), "no page table for this 2 MiB region"));
    struct cnd_result depth = { CND_FAILED_LOOKUP, { 1, CND_DEPTH_MISMATCH, 3, 13 }, 4 };
    EXPECT(contains(cnd_error_string(depth, s, sizeof s), "depth mismatch with 3 bits left"));
    struct cnd_result root_bad = { CND_FAILED_LOOKUP, { 0, CND_INVALID_ROOT }, 2 };
    EXPECT(contains(cnd_error_string(root_bad, s, sizeof s), "not a CNode cap"));
    struct cnd_result arg = { CND_INVALID_ARGUMENT, { 2 }, 1 };
    EXPECT(contains(cnd_error_string(arg, s, sizeof s), "InvalidArgument: argument word 2"));
    struct cnd_result cap1 = { CND_INVALID_CAPABILITY, { 1 }, 1 };
    EXPECT(contains(cnd_error_string(cap1, s, sizeof s), "extra cap 0"));
    for (unsigned e = 0; e <= CND_NUM_ERRORS; e++) {
        struct cnd_result x = { (cnd_error_t)e, { 0 }, 0 };
        const char *name = e < CND_NUM_ERRORS ? cnd_error_name(e) : "UnknownError";
        cnd_error_string(x, s, sizeof s);
        EXPECT(contains(s, name) && contains(s, ": ") && same(cnd_error_code_name(x.error), name));
    }
    static const char *const lib[] = { "NoSlots: ", "NoMemory: ", "NoVirtualSpace: ",
                                       "BadELF: ", "NotFound: ", "BadArgument: ",
                                       "TableFull: ", "NoDeviceMemory: ", "InUse: " };
    for (unsigned e = CND_LIB_ERROR_BASE; e < CND_LIB_ERROR_END; e++) {
        struct cnd_result x = cnd_lib_error((enum cnd_lib_error)e, 1, 2);
        EXPECT(x.detail_len == 2 && x.detail[0] == 1 && x.detail[1] == 2);
        EXPECT(contains(cnd_error_string(x, s, sizeof s), lib[e - CND_LIB_ERROR_BASE]));
    }
    EXPECT(contains(cnd_error_string(cnd_lib_error(CND_ERR_NO_MEMORY, 4096, 1024), s, sizeof s),
                    "no untyped has room for 4096 bytes"));
    EXPECT(contains(cnd_error_string(cnd_lib_error(CND_ERR_BAD_ELF, CND_ELF_SEGMENT_BAD_SIZE, 3),
                                     s, sizeof s), "(program header 3)"));
    struct cnd_result odd = { (cnd_error_t)0x999, { 0 }, 0 };
    EXPECT(contains(cnd_error_string(odd, s, sizeof s), "neither a kernel nor a library"));
    EXPECT(same(cnd_error_string(cnd_ok(), s, sizeof s), "NoError: success"));
    EXPECT(same(cnd_error_string(fake, s, 8), "NotEnou"));
    EXPECT(cnd_error_string(fake, s, 0) == s);
    EXPECT(cnd_check(cnd_ok(), "never printed"));
    EXPECT(!cnd_check(range, "format: cnd_check prints"));
    CND_TRY(cnd_ok());
    case_end();
}

static void fault_from(cnd_word_t label, unsigned len, const cnd_word_t *w, struct cnd_fault *f)
{
    for (unsigned i = 0; i < len; i++)
        cnd_set_mr(i, w[i]);
    cnd_fault_decode(cnd_msginfo_new(label, 0, 0, len), 0x77, f);
}

static void test_faults_and_elf(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBFORMAT0006 LIBFORMAT0007"))
        return;
    char s[160];
    struct cnd_fault f;
    case_begin("LIBFORMAT0006 fault messages decoded and explained");
    const cnd_word_t vm[4] = { 0x10234, 0x2000, 0, CND_VM_FAULT_FSR_STORE };
    fault_from(CND_FAULT_VM, 4, vm, &f);
    EXPECT(f.type == CND_FAULT_VM && f.badge == 0x77 && f.addr == 0x2000 && f.write && !f.fetch);
    EXPECT(same(cnd_fault_string(&f, s, sizeof s),
                "VM fault: write to 0x2000 at pc 0x10234 (no mapping there, or not writable)"));
    const cnd_word_t fetch[4] = { 0x5000, 0x5000, 1, CND_VM_FAULT_FSR_INSTRUCTION };
    fault_from(CND_FAULT_VM, 4, fetch, &f);
    EXPECT(f.fetch && contains(cnd_fault_string(&f, s, sizeof s), "instruction fetch from 0x5000"));
    const cnd_word_t cap[5] = { 0x10080, 0x99, 0, CND_MISSING_CAPABILITY, 54 };
    fault_from(CND_FAULT_CAP, 5, cap, &f);
    EXPECT(same(cnd_fault_string(&f, s, sizeof s),
                "cap fault at pc 0x10080: cptr 0x99: missing capability with 54 bits left"));
    cnd_word_t sys[11] = { 0x10100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 42 };
    fault_from(CND_FAULT_UNKNOWN_SYSCALL, 11, sys, &f);
    EXPECT(same(cnd_fault_string(&f, s, sizeof s), "unknown syscall 42 at pc 0x10100"));
    sys[10] = CND_PROCESS_EXIT_SYSCALL;
    sys[CND_UNKNOWN_SYSCALL_A0] = 3;
    fault_from(CND_FAULT_UNKNOWN_SYSCALL, 11, sys, &f);
    EXPECT(f.type == CND_FAULT_EXIT && f.status == 3 &&
           same(cnd_fault_string(&f, s, sizeof s), "exit: status 3"));
    const cnd_word_t ue[4] = { 0x10100, 0x3f000, 2, 0 };
    fault_from(CND_FAULT_USER_EXCEPTION, 4, ue, &f);
    EXPECT(same(cnd_fault_string(&f, s, sizeof s),
                "user exception: illegal instruction (scause 2) at pc 0x10100"));
    fault_from(9, 0, ue, &f);
    EXPECT(contains(cnd_fault_string(&f, s, sizeof s), "label 9 (not a fault)"));
    case_end();

    case_begin("LIBFORMAT0007 ELF problems have sentences");
    for (cnd_word_t p = CND_ELF_TOO_SMALL; p < CND_ELF_NUM_PROBLEMS; p++)
        EXPECT(!same(cnd_elf_problem_string(p), "unknown problem"));
    EXPECT(same(cnd_elf_problem_string(0), "unknown problem"));
    case_end();
}

void test_format(void)
{
    test_printf();
    test_errors();
    test_faults_and_elf();
}
