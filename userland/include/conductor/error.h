/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libconductor-cap: errors in plain words.
 *
 * Every library function that can fail returns a struct cnd_result (see
 * <conductor/invoke.h>), exactly like the generated kernel wrappers. Its
 * `error` is either a kernel error (CND_NO_ERROR .. CND_NOT_ENOUGH_MEMORY,
 * with the kernel's detail words) or one of the library's own codes below,
 * which start at CND_LIB_ERROR_BASE so they can never be mistaken for a
 * kernel reply label. cnd_error_string() turns either kind, with its detail
 * words, into one readable sentence.
 */
#ifndef CONDUCTOR_ERROR_H
#define CONDUCTOR_ERROR_H

#include <stddef.h>
#include <conductor/invoke.h>

/*
 * Errors the library itself detects. Detail words, where listed, are in
 * result.detail[0..]. Each value travels in struct cnd_result.error (a
 * cnd_error_t); gcc and clang give that enum the size of an int, which the
 * assertion below checks.
 */
enum cnd_lib_error {
    CND_LIB_ERROR_BASE = 0x100,
    /* The CSpace allocator has no free slot (range): detail0 = slots asked for. */
    CND_ERR_NO_SLOTS = CND_LIB_ERROR_BASE,
    /* No untyped has room: detail0 = bytes asked for, detail1 = the largest
     * object the allocator could still make, in bytes. */
    CND_ERR_NO_MEMORY,
    /* The VSpace helper has no free virtual range: detail0 = bytes asked for. */
    CND_ERR_NO_VSPACE,
    /* An ELF image was refused: detail0 = enum cnd_elf_problem,
     * detail1 = the program header index or offset it concerns. */
    CND_ERR_BAD_ELF,
    /* What was looked up does not exist (a boot-info chunk, an embedded file,
     * a device-tree node): no detail. */
    CND_ERR_NOT_FOUND,
    /* A library function got an unusable argument: detail0 = its 1-based
     * position in the function's parameter list, detail1 = the value. */
    CND_ERR_BAD_ARGUMENT,
    /* A fixed-size table of the library is full: detail0 = its capacity. */
    CND_ERR_TABLE_FULL,
    /* No device untyped covers a physical range: detail0 = address,
     * detail1 = size in bytes. */
    CND_ERR_NO_DEVICE_MEMORY,
    /* The device memory asked for is already handed out: detail0 = address. */
    CND_ERR_IN_USE,
    CND_LIB_ERROR_END
};

_Static_assert(sizeof(cnd_error_t) >= 2, "library error codes must fit in cnd_error_t");

/* A result carrying a library error and up to two detail words (detail_len
 * 2). Errors: none (it builds an error, it does not fail). */
struct cnd_result cnd_lib_error(enum cnd_lib_error code, cnd_word_t d0, cnd_word_t d1);

/* The success result. Errors: none. */
static inline struct cnd_result cnd_ok(void)
{
    struct cnd_result r = { CND_NO_ERROR, { 0 }, 0 };
    return r;
}

/*
 * Writes one sentence describing `r` into buf (at most n bytes, always
 * NUL-terminated when n > 0; longer sentences are cut) and returns buf.
 * The sentence starts with the error's name, then explains the detail words:
 *   "FailedLookup: the source slot: guard mismatch with 32 bits left (the
 *    CNode's guard 0 of 51 bits)"
 *   "RangeError: must be between 1 and 64"
 *   "NotEnoughMemory: 4080 bytes left in the untyped"
 * Success gives "NoError: success". Errors: none (unknown codes are
 * named by number; n == 0 writes nothing).
 */
char *cnd_error_string(struct cnd_result r, char *buf, size_t n);

/* The name of an error code alone ("RangeError", "NoSlots"). Errors:
 * "UnknownError" for codes that are neither kernel nor library codes. */
const char *cnd_error_code_name(cnd_error_t code);

/*
 * Prints "<what>: <sentence>\n" through cnd_printf's output. Returns whether
 * r was a success (so `if (!cnd_check(r, "map")) ...` reads naturally);
 * prints nothing on success. Errors: none of its own.
 */
bool cnd_check(struct cnd_result r, const char *what);

/*
 * CND_TRY(expr): evaluates a struct cnd_result expression; on failure
 * prints the file, line, expression and the error sentence, then ends the
 * program (cnd_exit(1)). For examples and setup code where there is no
 * sensible way to go on. cnd_try_impl is its implementation. Errors: none
 * returned: a failure ends the program.
 */
#define CND_TRY(expr) cnd_try_impl((expr), #expr, __FILE__, __LINE__)
void cnd_try_impl(struct cnd_result r, const char *expr, const char *file, int line);

#endif /* CONDUCTOR_ERROR_H */
