/* SPDX-License-Identifier: BSD-2-Clause */
/* Strings in message registers (mrstring.h). */
#include "mrstring.h"

unsigned capdl_pack_string(uint64_t *mrs, unsigned max_words, const char *s)
{
    unsigned len = 0;
    while (s[len] != '\0')
        len++;
    unsigned words = len / 8 + 1;   /* room for the NUL */
    if (words > max_words)
        return 0;
    for (unsigned w = 0; w < words; w++) {
        uint64_t v = 0;
        for (unsigned b = 0; b < 8; b++) {
            unsigned i = w * 8 + b;
            v |= (uint64_t)(uint8_t)(i < len ? s[i] : 0) << (8 * b);
        }
        mrs[w] = v;
    }
    return words;
}

unsigned capdl_unpack_string(const uint64_t *mrs, unsigned n_words, char *buf, unsigned size)
{
    unsigned len = 0;
    if (size == 0)
        return 0;
    for (unsigned i = 0; i < n_words * 8 && len + 1 < size; i++) {
        char c = capdl_mr_byte(mrs, i);
        if (c == '\0')
            break;
        buf[len++] = c;
    }
    buf[len] = '\0';
    return len;
}
