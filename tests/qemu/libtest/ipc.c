/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages, badges, the server loop, printf through an endpoint. */
#include "libtest.h"

static bool same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Label 1: reply with the badge as label, words swapped; 3: no reply (it
 * was a Send); 2: reply 99 and stop; 4: stop without reply (a Send). */
static enum cnd_server_action handler(void *ctx, const struct cnd_request *req,
                                      struct cnd_msg *reply)
{
    int *count = ctx;
    (*count)++;
    switch (req->label) {
    case 1: {
        cnd_word_t a = cnd_get_mr(0), b = cnd_get_mr(1);
        reply->label = req->badge;
        cnd_msg_add_word(reply, b);
        cnd_msg_add_word(reply, a);
        return CND_SERVER_REPLY;
    }
    case 3: return CND_SERVER_NO_REPLY;
    case 2: reply->label = 99; return CND_SERVER_REPLY_STOP;
    default: return CND_SERVER_STOP;
    }
}

static cnd_cptr_t server_ep;

static int server(void *arg)
{
    int count = 0;
    (void)arg;
    cnd_server_run(server_ep, handler, &count);
    return count;
}

/* Collects what cnd_output_endpoint_write sends (label 7). */
static char out_buf[1024];
static size_t out_len;

static enum cnd_server_action collector(void *ctx, const struct cnd_request *req,
                                        struct cnd_msg *reply)
{
    (void)ctx;
    (void)reply;
    if (req->label != 7)
        return CND_SERVER_STOP;
    struct cnd_msg_reader rd = cnd_msg_reader(req->info);
    out_len += cnd_msg_get_bytes(&rd, out_buf + out_len, sizeof out_buf - 1 - out_len);
    out_buf[out_len] = '\0';
    return CND_SERVER_REPLY;
}

static int output_server(void *arg)
{
    (void)arg;
    cnd_server_run(server_ep, collector, NULL);
    return 0;
}

static void test_builder(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBIPC0001 LIBIPC0002"))
        return;
    case_begin("LIBIPC0001 building and reading messages");
    struct cnd_msg m = cnd_msg_new(5);
    cnd_msg_add_word(&m, 11);
    cnd_msg_add_bytes(&m, "abcdefghij", 10);
    cnd_msg_add_string(&m, "hi");
    cnd_msg_add_cap(&m, CND_CAP_INIT_THREAD_TCB);
    cnd_msginfo_t info = cnd_msg_info(&m);
    EXPECT(!m.overflow && cnd_msginfo_get_label(info) == 5 && cnd_msginfo_get_length(info) == 6);
    EXPECT(cnd_msginfo_get_extra_caps(info) == 1 && cnd_get_cap(0) == CND_CAP_INIT_THREAD_TCB);
    struct cnd_msg_reader rd = cnd_msg_reader(info);
    char bytes[16] = { 0 }, small[4], str[8];
    EXPECT(cnd_msg_get_word(&rd) == 11);
    EXPECT(cnd_msg_get_bytes(&rd, bytes, sizeof bytes) == 10 && same(bytes, "abcdefghij"));
    EXPECT(cnd_msg_get_string(&rd, str, sizeof str) == 2 && same(str, "hi") && !rd.underflow);
    EXPECT(cnd_msg_get_word(&rd) == 0 && rd.underflow);
    rd = cnd_msg_reader(info);
    cnd_msg_get_word(&rd);
    EXPECT(cnd_msg_get_string(&rd, small, sizeof small) == 10 && same(small, "abc"));
    EXPECT(cnd_msg_get_string(&rd, small, 0) == 0);
    struct cnd_msg_reader short_rd = cnd_msg_reader(cnd_msginfo_new(0, 0, 0, 1));
    cnd_set_mr(0, 64);  /* says 64 bytes follow, but the message ends */
    EXPECT(cnd_msg_get_bytes(&short_rd, bytes, sizeof bytes) == 0 && short_rd.underflow);
    m = cnd_msg_new(0);
    for (unsigned i = 0; i < 121; i++)
        cnd_msg_add_word(&m, i);
    EXPECT(m.overflow && m.length == 120);
    m = cnd_msg_new(0);
    for (unsigned i = 0; i < 4; i++)
        cnd_msg_add_cap(&m, i);
    EXPECT(m.overflow && m.extra_caps == 3);
    m = cnd_msg_new(0);
    static char big[1000];
    cnd_msg_add_bytes(&m, big, sizeof big);
    EXPECT(m.overflow && m.length == 0);
    case_end();

    case_begin("LIBIPC0002 badge bit sets");
    cnd_badge_t bits = CND_BADGE_BIT(1) | CND_BADGE_BIT(4) | CND_BADGE_BIT(63);
    EXPECT(cnd_badge_has(bits, 4) && !cnd_badge_has(bits, 5) && !cnd_badge_has(bits, 64));
    int seen[4], n = 0;
    for (int b; (b = cnd_badge_take(&bits)) >= 0 && n < 4;)
        seen[n++] = b;
    EXPECT(n == 3 && seen[0] == 1 && seen[1] == 4 && seen[2] == 63 && bits == 0);
    case_end();
}

static void test_server(void)
{
    /* Only if one of its cases is selected (the others run unreported:
     * they set up what the selected ones use). */
    if (!cases_selected("LIBIPC0003 LIBIPC0004"))
        return;
    case_begin("LIBIPC0003 a server loop answering badged calls");
    struct cnd_object ep;
    struct cnd_thread t;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    server_ep = ep.cptr;
    cnd_cptr_t badged = 0, twice = 0;
    EXPECT_ERR(cnd_badge_mint(ep.cptr, 0x42, CND_ALL_RIGHTS, &badged), CND_NO_ERROR);
    EXPECT_ERR(cnd_badge_mint(badged, 0x43, CND_ALL_RIGHTS, &twice), CND_ILLEGAL_OPERATION);
    CND_TRY(cnd_thread_create(&t, server, NULL, 100, NULL));
    cnd_thread_start(&t);
    struct cnd_msg m = cnd_msg_new(1);
    cnd_msg_add_word(&m, 10);
    cnd_msg_add_word(&m, 20);
    cnd_msginfo_t r = cnd_msg_call(badged, &m);
    EXPECT(cnd_msginfo_get_label(r) == 0x42 && cnd_get_mr(0) == 20 && cnd_get_mr(1) == 10);
    m = cnd_msg_new(3);
    cnd_msg_send(badged, &m);  /* the server takes it and does not reply */
    m = cnd_msg_new(2);
    r = cnd_msg_call(ep.cptr, &m);
    EXPECT(cnd_msginfo_get_label(r) == 99 && cnd_thread_join(&t) == 3);
    cnd_thread_destroy(&t);
    /* Stopping without a reply. */
    CND_TRY(cnd_thread_create(&t, server, NULL, 100, NULL));
    cnd_thread_start(&t);
    m = cnd_msg_new(4);
    cnd_msg_send(ep.cptr, &m);
    EXPECT(cnd_thread_join(&t) == 1);
    EXPECT_ERR(cnd_thread_destroy(&t), CND_NO_ERROR);
    EXPECT_ERR(cnd_delete(badged), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&ep), CND_NO_ERROR);
    case_end();

    case_begin("LIBIPC0004 cnd_printf through a serial-driver style endpoint");
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    server_ep = ep.cptr;
    CND_TRY(cnd_thread_create(&t, output_server, NULL, 100, NULL));
    cnd_thread_start(&t);
    struct cnd_endpoint_output eo;
    cnd_output_to_endpoint(&eo, ep.cptr, 7);
    cnd_printf("via endpoint %d\n", 42);
    cnd_set_output(NULL);
    EXPECT(same(out_buf, "via endpoint 42\n"));
    static char long_text[700];
    for (unsigned i = 0; i < sizeof long_text; i++)
        long_text[i] = (char)('a' + i % 26);
    out_len = 0;
    cnd_output_endpoint_write(&eo, long_text, sizeof long_text);  /* two messages */
    EXPECT(out_len == 700 && out_buf[699] == long_text[699] && out_buf[512] == long_text[512]);
    m = cnd_msg_new(8);
    cnd_msg_send(ep.cptr, &m);
    cnd_thread_join(&t);
    EXPECT_ERR(cnd_thread_destroy(&t), CND_NO_ERROR);
    EXPECT_ERR(cnd_free(&ep), CND_NO_ERROR);
    case_end();
}

void test_ipc(void)
{
    test_builder();
    test_server();
}
