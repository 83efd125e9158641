/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Strings in message registers: NUL-terminated, packed little-endian 8
 * bytes per word (the convention of the supervisor protocol and of kv).
 * Plain C on 64-bit words, so it is tested on the host too.
 */
#ifndef SYSTEM_MRSTRING_H
#define SYSTEM_MRSTRING_H

#include <stdint.h>

/* Packs s into words from mrs[0]; returns the number of words used (the
 * NUL included), or 0 if that is more than max_words. */
unsigned capdl_pack_string(uint64_t *mrs, unsigned max_words, const char *s);

/* Copies the string packed in n_words words into buf (at most size - 1
 * bytes, always NUL-terminated when size > 0); returns its length. */
unsigned capdl_unpack_string(const uint64_t *mrs, unsigned n_words, char *buf, unsigned size);

/* The byte at index i of packed words (i < 8 * number of words). */
static inline char capdl_mr_byte(const uint64_t *mrs, unsigned i)
{
    return (char)(mrs[i / 8] >> (8 * (i % 8)));
}

#endif
