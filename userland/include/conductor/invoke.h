/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The result of a kernel invocation, and how the generated wrappers in
 * <conductor/invocations.h> build it from the reply.
 *
 * A kernel reply's label is the error code (0 = success) and, on error, its
 * message words are the error's detail words (e.g. RangeError: min, max).
 * The wrappers return both in a struct cnd_result, by value, so there is no
 * global "last error" state to race on or to forget to read.
 */
#ifndef CONDUCTOR_INVOKE_H
#define CONDUCTOR_INVOKE_H

#include <abi/errors.h>
#include <abi/message_info.h>
#include <abi/types.h>
#include <conductor/ipc_buffer.h>
#include <conductor/syscalls.h>

_Static_assert(CND_ERROR_MAX_DETAIL_WORDS == 5,
               "FailedLookup: source flag, failure type, up to 3 details (the longest)");
_Static_assert(CND_ERROR_MAX_DETAIL_WORDS <= CND_MSG_MAX_LENGTH, "details are message words");

struct cnd_result {
    /* The reply label: CND_NO_ERROR or an error code. CND_NUM_ERRORS if the
     * label is no error code at all (the cap was not a kernel object). */
    cnd_error_t error;
    /* Detail words of an error (empty on success). */
    cnd_word_t detail[CND_ERROR_MAX_DETAIL_WORDS];
    unsigned detail_len;
};

/* Whether r is a success (error CND_NO_ERROR). Errors: none. */
static inline bool cnd_result_ok(struct cnd_result r)
{
    return r.error == CND_NO_ERROR;
}

/* Build the result from a reply: info and MR0..MR3 from registers, further
 * detail words (FailedLookup has up to 5) from the IPC buffer. Errors: none
 * of its own; a label that is no error code becomes CND_NUM_ERRORS, and
 * without an IPC buffer only the register words are kept. */
static inline struct cnd_result cnd_result_from_reply(cnd_msginfo_t info, cnd_word_t mr0,
                                                      cnd_word_t mr1, cnd_word_t mr2,
                                                      cnd_word_t mr3)
{
    struct cnd_result r = { CND_NO_ERROR, { 0 }, 0 };
    cnd_word_t label = cnd_msginfo_get_label(info);
    if (label == CND_NO_ERROR) {
        return r;
    }
    r.error = label < CND_NUM_ERRORS ? (cnd_error_t)label : CND_NUM_ERRORS;
    cnd_word_t len = cnd_msginfo_get_length(info);
    if (len > CND_ERROR_MAX_DETAIL_WORDS) {
        len = CND_ERROR_MAX_DETAIL_WORDS;
    }
    const cnd_word_t in_regs[CND_NUM_MSG_REGISTERS] = { mr0, mr1, mr2, mr3 };
    struct cnd_ipc_buffer *ipc = len > CND_NUM_MSG_REGISTERS ? cnd_get_ipc_buffer() : NULL;
    for (cnd_word_t i = 0; i < len; i++) {
        if (i < CND_NUM_MSG_REGISTERS) {
            r.detail[i] = in_regs[i];
        } else if (ipc != NULL) {
            r.detail[i] = ipc->msg[i];
        } else {
            break; /* no buffer: only the register words are known */
        }
        r.detail_len = (unsigned)i + 1;
    }
    return r;
}

#endif /* CONDUCTOR_INVOKE_H */
