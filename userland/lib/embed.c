/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The table of embedded files (see conductor/embed.h). Each file
 * conductor_embed_files generates puts its entries in the section
 * "cnd_embedded"; the linker gathers them and, because the name is a C
 * identifier, defines __start_/__stop_ symbols around them. Weak references,
 * so a program without embedded files links too (the table is then empty).
 */
#include <conductor/embed.h>

extern const struct cnd_embedded_file __start_cnd_embedded[] __attribute__((weak));
extern const struct cnd_embedded_file __stop_cnd_embedded[] __attribute__((weak));

size_t cnd_embedded_count(void)
{
    if (__start_cnd_embedded == NULL || __stop_cnd_embedded == NULL)
        return 0;
    return (size_t)(__stop_cnd_embedded - __start_cnd_embedded);
}

const struct cnd_embedded_file *cnd_embedded_at(size_t i)
{
    return i < cnd_embedded_count() ? &__start_cnd_embedded[i] : NULL;
}

static int same(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

const struct cnd_embedded_file *cnd_embedded_find(const char *name)
{
    for (size_t i = 0; i < cnd_embedded_count(); i++)
        if (same(__start_cnd_embedded[i].name, name))
            return &__start_cnd_embedded[i];
    return NULL;
}
