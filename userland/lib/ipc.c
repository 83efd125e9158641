/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages, badges and the server loop (see conductor/ipc.h). */
#include <abi/constants.h>
#include <conductor/env.h>
#include <conductor/ipc.h>
#include <conductor/ipc_buffer.h>
#include <conductor/syscalls.h>

struct cnd_msg cnd_msg_new(cnd_word_t label)
{
    struct cnd_msg m = { label, 0, 0, false };
    return m;
}

void cnd_msg_add_word(struct cnd_msg *m, cnd_word_t word)
{
    if (m->length >= CND_MSG_MAX_LENGTH) {
        m->overflow = true;
        return;
    }
    cnd_get_ipc_buffer()->msg[m->length++] = word;
}

void cnd_msg_add_cap(struct cnd_msg *m, cnd_cptr_t cap)
{
    if (m->extra_caps >= CND_MSG_MAX_EXTRA_CAPS) {
        m->overflow = true;
        return;
    }
    cnd_get_ipc_buffer()->caps_or_badges[m->extra_caps++] = cap;
}

void cnd_msg_add_bytes(struct cnd_msg *m, const void *data, size_t n)
{
    size_t words = (n + 7) / 8;
    if (m->length + 1 + words > CND_MSG_MAX_LENGTH) {
        m->overflow = true;
        return;
    }
    const unsigned char *b = data;
    cnd_msg_add_word(m, n);
    for (size_t w = 0; w < words; w++) {
        cnd_word_t v = 0;
        for (size_t i = 0; i < 8 && w * 8 + i < n; i++)
            v |= (cnd_word_t)b[w * 8 + i] << (8 * i);
        cnd_msg_add_word(m, v);
    }
}

void cnd_msg_add_string(struct cnd_msg *m, const char *s)
{
    size_t n = 0;
    while (s[n] != '\0')
        n++;
    cnd_msg_add_bytes(m, s, n);
}

cnd_msginfo_t cnd_msg_info(const struct cnd_msg *m)
{
    return cnd_msginfo_new(m->label, 0, m->extra_caps, m->length);
}

void cnd_msg_send(cnd_cptr_t ep, const struct cnd_msg *m)
{
    cnd_send(ep, cnd_msg_info(m));
}

cnd_msginfo_t cnd_msg_call(cnd_cptr_t ep, const struct cnd_msg *m)
{
    return cnd_call(ep, cnd_msg_info(m));
}

void cnd_msg_reply(const struct cnd_msg *m)
{
    cnd_reply(cnd_msg_info(m));
}

struct cnd_msg_reader cnd_msg_reader(cnd_msginfo_t info)
{
    struct cnd_msg_reader rd = { info, 0, false };
    return rd;
}

cnd_word_t cnd_msg_get_word(struct cnd_msg_reader *rd)
{
    if (rd->pos >= cnd_msginfo_get_length(rd->info) || rd->pos >= CND_MSG_MAX_LENGTH) {
        rd->underflow = true;
        return 0;
    }
    return cnd_get_ipc_buffer()->msg[rd->pos++];
}

size_t cnd_msg_get_bytes(struct cnd_msg_reader *rd, void *buf, size_t max)
{
    unsigned start = rd->pos;
    cnd_word_t n = cnd_msg_get_word(rd);
    cnd_word_t words = (n + 7) / 8;
    if (rd->underflow || words > cnd_msginfo_get_length(rd->info) - rd->pos) {
        rd->pos = start;
        rd->underflow = true;
        return 0;
    }
    unsigned char *out = buf;
    for (cnd_word_t w = 0; w < words; w++) {
        cnd_word_t v = cnd_msg_get_word(rd);
        for (cnd_word_t i = 0; i < 8 && w * 8 + i < n; i++)
            if (w * 8 + i < max)
                out[w * 8 + i] = (unsigned char)(v >> (8 * i));
    }
    return (size_t)n;
}

size_t cnd_msg_get_string(struct cnd_msg_reader *rd, char *buf, size_t size)
{
    if (size == 0)
        return 0;
    size_t n = cnd_msg_get_bytes(rd, buf, size - 1);
    buf[n < size - 1 ? n : size - 1] = '\0';
    return n;
}

int cnd_badge_take(cnd_badge_t *bits)
{
    if (*bits == 0)
        return -1;
    int n = 0;
    while (((*bits >> n) & 1) == 0)
        n++;
    *bits &= ~CND_BADGE_BIT(n);
    return n;
}

struct cnd_result cnd_badge_mint(cnd_cptr_t cap, cnd_badge_t badge, cnd_cap_rights_t rights,
                                 cnd_cptr_t *badged)
{
    return cnd_mint(cap, rights, badge, badged);
}

void cnd_server_run(cnd_cptr_t ep, cnd_server_handler handler, void *ctx)
{
    struct cnd_request req;
    cnd_msginfo_t info = cnd_recv(ep, &req.badge);
    for (;;) {
        req.info = info;
        req.label = cnd_msginfo_get_label(info);
        req.length = (unsigned)cnd_msginfo_get_length(info);
        req.extra_caps = (unsigned)cnd_msginfo_get_extra_caps(info);
        struct cnd_msg reply = cnd_msg_new(0);
        switch (handler(ctx, &req, &reply)) {
        case CND_SERVER_REPLY:
            info = cnd_reply_recv(ep, cnd_msg_info(&reply), &req.badge);
            break;
        case CND_SERVER_NO_REPLY:
            info = cnd_recv(ep, &req.badge);
            break;
        case CND_SERVER_REPLY_STOP:
            cnd_msg_reply(&reply);
            return;
        default:
            return;
        }
    }
}
