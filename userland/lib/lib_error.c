/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Building a library error result (conductor/error.h). Apart from error.c's
 * sentences and printing, so that host programs (the ELF fuzzer) can link
 * the library's pure parsers without its runtime.
 */
#include <conductor/error.h>

struct cnd_result cnd_lib_error(enum cnd_lib_error code, cnd_word_t d0, cnd_word_t d1)
{
    struct cnd_result r = { (cnd_error_t)code, { d0, d1 }, 2 };
    return r;
}
