/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot payload container reading (see payload.h). */
#include <kernel/payload.h>
#include <kernel/printf.h>

static uint64_t rd(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static bool name_equal(const uint8_t *a, const uint8_t *b)
{
    for (unsigned i = 0; i < PAYLOAD_NAME_MAX; i++) {
        if (a[i] != b[i])
            return false;
        if (a[i] == 0)
            return true;
    }
    return true;
}

#define fail(...) (ksnprintf(err->message, sizeof err->message, __VA_ARGS__), -1)

int payload_check(const void *blob, uint64_t size, struct payload_error *err)
{
    const uint8_t *b = blob;
    const char *magic = PAYLOAD_MAGIC;
    if (size < PAYLOAD_HEADER_SIZE)
        return fail("payload is %lu bytes, shorter than its header", (unsigned long)size);
    for (unsigned i = 0; i < 8; i++)
        if (b[i] != (uint8_t)magic[i])
            return fail("no payload (bad magic): was the image built with `conductor image`?");
    uint64_t version = rd(b + 8, 4), count = rd(b + 12, 4), total = rd(b + 16, 8);
    if (version != PAYLOAD_VERSION)
        return fail("payload version %lu, this kernel reads version %d", (unsigned long)version,
                    PAYLOAD_VERSION);
    if (total > size || total < PAYLOAD_HEADER_SIZE)
        return fail("payload total size %lu does not fit the %lu bytes available",
                    (unsigned long)total, (unsigned long)size);
    if (count > PAYLOAD_MAX_MODULES)
        return fail("%lu modules, at most %d", (unsigned long)count, PAYLOAD_MAX_MODULES);
    if (PAYLOAD_HEADER_SIZE + count * PAYLOAD_ENTRY_SIZE > total)
        return fail("module table runs past the payload end");
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *e = b + PAYLOAD_HEADER_SIZE + (size_t)i * PAYLOAD_ENTRY_SIZE;
        bool terminated = false;
        for (unsigned k = 0; k < PAYLOAD_NAME_MAX; k++)
            terminated |= e[k] == 0;
        if (!terminated || e[0] == 0)
            return fail("module %lu: name is empty or not NUL-terminated", (unsigned long)i);
        uint64_t off = rd(e + 32, 8), len = rd(e + 40, 8);
        if (off % PAYLOAD_ALIGN != 0)
            return fail("module %lu (%s): offset %#lx is not 4 KiB aligned", (unsigned long)i,
                        (const char *)e, (unsigned long)off);
        if (off > total || len > total - off)
            return fail("module %lu (%s): [%#lx, +%#lx) runs past the payload end",
                        (unsigned long)i, (const char *)e, (unsigned long)off,
                        (unsigned long)len);
        for (uint64_t k = 0; k < i; k++)
            if (name_equal(e, b + PAYLOAD_HEADER_SIZE + k * PAYLOAD_ENTRY_SIZE))
                return fail("module %lu: name %s is used twice", (unsigned long)i, (const char *)e);
    }
    return (int)count;
}

void payload_module_at(const void *blob, uint32_t i, struct payload_module *out)
{
    const uint8_t *e = (const uint8_t *)blob + PAYLOAD_HEADER_SIZE + (size_t)i * PAYLOAD_ENTRY_SIZE;
    for (unsigned k = 0; k < PAYLOAD_NAME_MAX; k++)
        out->name[k] = (char)e[k];
    out->offset = rd(e + 32, 8);
    out->size = rd(e + 40, 8);
}

bool payload_find(const void *blob, const char *name, struct payload_module *out)
{
    uint32_t count = (uint32_t)rd((const uint8_t *)blob + 12, 4);
    for (uint32_t i = 0; i < count; i++) {
        payload_module_at(blob, i, out);
        unsigned k = 0;
        while (k < PAYLOAD_NAME_MAX && name[k] && out->name[k] == name[k])
            k++;
        if (k < PAYLOAD_NAME_MAX && name[k] == 0 && out->name[k] == 0)
            return true;
    }
    return false;
}
