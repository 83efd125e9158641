/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Errors in plain words (see conductor/error.h). The kernel's detail words
 * follow seL4's layouts (abi/errors.h, abi/faults.h); each case below says
 * what its words mean so that a reader never has to look them up.
 */
#include <abi/errors.h>
#include <abi/faults.h>
#include <conductor/elf.h>
#include <conductor/error.h>
#include <conductor/printf.h>
#include <conductor/runtime.h>

const char *cnd_error_code_name(cnd_error_t code)
{
    switch ((unsigned)code) {
    case CND_ERR_NO_SLOTS: return "NoSlots";
    case CND_ERR_NO_MEMORY: return "NoMemory";
    case CND_ERR_NO_VSPACE: return "NoVirtualSpace";
    case CND_ERR_BAD_ELF: return "BadELF";
    case CND_ERR_NOT_FOUND: return "NotFound";
    case CND_ERR_BAD_ARGUMENT: return "BadArgument";
    case CND_ERR_TABLE_FULL: return "TableFull";
    case CND_ERR_NO_DEVICE_MEMORY: return "NoDeviceMemory";
    case CND_ERR_IN_USE: return "InUse";
    default:
        if ((unsigned)code < CND_NUM_ERRORS)
            return cnd_error_name(code);
        return "UnknownError";
    }
}

/* Appends to a bounded buffer, like a cursor over cnd_snprintf. */
struct text {
    char *buf;
    size_t size, len;
};

static void add(struct text *t, const char *fmt, ...) CND_PRINTF_FORMAT(2, 3);
static void add(struct text *t, const char *fmt, ...)
{
    if (t->len >= t->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = cnd_vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n < t->size - t->len ? (size_t)n : t->size - t->len - 1;
}

static cnd_word_t word(const struct cnd_result *r, unsigned i)
{
    return i < r->detail_len ? r->detail[i] : 0;
}

/* The lookup-failure block (type, bitsLeft, ...) from detail word `at`. */
static void lookup_failure(struct text *t, const struct cnd_result *r, unsigned at)
{
    cnd_word_t type = word(r, at), left = word(r, at + 1);
    switch (type) {
    case CND_INVALID_ROOT:
        add(t, "the CSpace root is not a CNode cap");
        break;
    case CND_MISSING_CAPABILITY:
        add(t, "missing capability with %lu bits left", (unsigned long)left);
        /* Mapping calls report the page-table level that is missing. */
        if (left == 30)
            add(t, " (when mapping: no page table for this 1 GiB region yet)");
        else if (left == 21)
            add(t, " (when mapping: no page table for this 2 MiB region yet)");
        else if (left == 12)
            add(t, " (when mapping a 2 MiB page: a page table is in the way)");
        break;
    case CND_DEPTH_MISMATCH:
        add(t, "depth mismatch with %lu bits left (a CNode resolving %lu bits was found)",
            (unsigned long)left, (unsigned long)word(r, at + 2));
        break;
    case CND_GUARD_MISMATCH:
        add(t, "guard mismatch with %lu bits left (the CNode's guard %#lx of %lu bits)",
            (unsigned long)left, (unsigned long)word(r, at + 2), (unsigned long)word(r, at + 3));
        break;
    default:
        add(t, "lookup failure of unknown type %lu", (unsigned long)type);
        break;
    }
}

static void kernel_error(struct text *t, const struct cnd_result *r)
{
    switch (r->error) {
    case CND_NO_ERROR:
        add(t, "success");
        break;
    case CND_INVALID_ARGUMENT:
        add(t, "argument word %lu (counting the invocation's message words from 0) "
               "has a value the kernel does not accept", (unsigned long)word(r, 0));
        break;
    case CND_INVALID_CAPABILITY:
        if (word(r, 0) == 0)
            add(t, "the invoked cap (or the only cap argument) cannot be used here: "
                   "empty slot, wrong object type or missing rights");
        else
            add(t, "cap argument %lu (extra cap %lu) cannot be used here: wrong object "
                   "type, missing rights or an empty slot",
                (unsigned long)word(r, 0), (unsigned long)word(r, 0) - 1);
        break;
    case CND_ILLEGAL_OPERATION:
        add(t, "this operation is not allowed on this cap or object in its current state");
        break;
    case CND_RANGE_ERROR:
        add(t, "must be between %lu and %lu", (unsigned long)word(r, 0),
            (unsigned long)word(r, 1));
        break;
    case CND_ALIGNMENT_ERROR:
        add(t, "an address or size is not aligned to what the object needs");
        break;
    case CND_FAILED_LOOKUP:
        add(t, "%s: ", word(r, 0) ? "the source slot" : "the destination (slot or mapping)");
        lookup_failure(t, r, 1);
        break;
    case CND_TRUNCATED_MESSAGE:
        add(t, "the invocation carried too few message words or extra caps");
        break;
    case CND_DELETE_FIRST:
        add(t, "the destination slot or mapping is occupied: delete or unmap it first");
        break;
    case CND_REVOKE_FIRST:
        add(t, "the object still has derived caps or is in use: revoke or unmap it first");
        break;
    case CND_NOT_ENOUGH_MEMORY:
        add(t, "%lu bytes left in the untyped", (unsigned long)word(r, 0));
        break;
    default:
        add(t, "the reply label is no error code (was the cap a kernel object?)");
        break;
    }
}

static void library_error(struct text *t, const struct cnd_result *r)
{
    switch ((unsigned)r->error) {
    case CND_ERR_NO_SLOTS:
        add(t, "the CSpace allocator has no %lu free slot(s) in a row", (unsigned long)word(r, 0));
        break;
    case CND_ERR_NO_MEMORY:
        add(t, "no untyped has room for %lu bytes (the largest object still possible: "
               "%lu bytes)", (unsigned long)word(r, 0), (unsigned long)word(r, 1));
        break;
    case CND_ERR_NO_VSPACE:
        add(t, "no free virtual address range of %lu bytes left", (unsigned long)word(r, 0));
        break;
    case CND_ERR_BAD_ELF:
        add(t, "%s", cnd_elf_problem_string(word(r, 0)));
        if (word(r, 0) >= CND_ELF_SEGMENT_OUTSIDE_FILE && word(r, 0) <= CND_ELF_SEGMENT_BAD_ADDRESS)
            add(t, " (program header %lu)", (unsigned long)word(r, 1));
        else if (word(r, 0) == CND_ELF_BAD_ENTRY)
            add(t, " (entry %#lx)", (unsigned long)word(r, 1));
        break;
    case CND_ERR_NOT_FOUND:
        add(t, "no such thing");
        break;
    case CND_ERR_BAD_ARGUMENT:
        add(t, "argument %lu of the library call has an unusable value (%#lx)",
            (unsigned long)word(r, 0), (unsigned long)word(r, 1));
        break;
    case CND_ERR_TABLE_FULL:
        add(t, "a fixed-size table of the library is full (capacity %lu)",
            (unsigned long)word(r, 0));
        break;
    case CND_ERR_NO_DEVICE_MEMORY:
        add(t, "no device untyped covers [%#lx, +%#lx)", (unsigned long)word(r, 0),
            (unsigned long)word(r, 1));
        break;
    case CND_ERR_IN_USE:
        add(t, "the device memory at %#lx is already handed out", (unsigned long)word(r, 0));
        break;
    default:
        add(t, "error code %#x is neither a kernel nor a library error", (unsigned)r->error);
        break;
    }
}

char *cnd_error_string(struct cnd_result r, char *buf, size_t n)
{
    struct text t = { buf, n, 0 };
    if (n == 0)
        return buf;
    buf[0] = '\0';
    add(&t, "%s: ", cnd_error_code_name(r.error));
    if ((unsigned)r.error >= CND_LIB_ERROR_BASE)
        library_error(&t, &r);
    else
        kernel_error(&t, &r);
    return buf;
}

bool cnd_check(struct cnd_result r, const char *what)
{
    if (cnd_result_ok(r))
        return true;
    char msg[200];
    cnd_printf("%s: %s\n", what, cnd_error_string(r, msg, sizeof msg));
    return false;
}

void cnd_try_impl(struct cnd_result r, const char *expr, const char *file, int line)
{
    if (cnd_result_ok(r))
        return;
    char msg[200];
    cnd_printf("%s:%d: %s failed\n  %s\n", file, line, expr, cnd_error_string(r, msg, sizeof msg));
    cnd_exit(1);
}
