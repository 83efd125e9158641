/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Tutorial step 3: two processes talking over an endpoint. The root task
 * starts the pong server and the ping client from ELF images embedded in
 * it, hands each a cap to the same endpoint (the client's badged, send
 * and reply rights only), and waits for both to exit.
 */
#include <conductor/libcap.h>
#include "protocol.h"

static const struct cnd_embedded_file *image(const char *name)
{
    const struct cnd_embedded_file *f = cnd_embedded_find(name);
    if (f == NULL)
        cnd_panic("no embedded image called %s", name);
    return f;
}

int main(const struct cnd_boot_info *bi)
{
    cnd_root_env(bi);
    const struct cnd_embedded_file *pong = image("pingpong_pong");
    const struct cnd_embedded_file *ping = image("pingpong_ping");

    /* One endpoint: the server receives on it, the client calls through a
     * badged copy that can only send (and get replies). */
    struct cnd_object ep;
    cnd_cptr_t client_cap;
    CND_TRY(cnd_alloc(CND_OBJ_ENDPOINT, 0, &ep));
    CND_TRY(cnd_badge_mint(ep.cptr, 7, CND_CAN_WRITE | CND_CAN_GRANT_REPLY, &client_cap));

    struct cnd_process server, client;
    struct cnd_process_options so = { .caps = &ep.cptr, .n_caps = 1 };
    CND_TRY(cnd_create_process(pong->data, pong->size, 150, 0, &so, &server));
    struct cnd_process_options co = { .args = { 100 }, .caps = &client_cap, .n_caps = 1 };
    CND_TRY(cnd_create_process(ping->data, ping->size, 100, 0, &co, &client));
    cnd_printf("pingpong: started server and client (%zu and %zu byte images)\n", pong->size,
               ping->size);

    struct cnd_fault ev;
    char what[120];
    cnd_process_wait(&client, &ev);
    cnd_printf("pingpong: client %s\n", cnd_fault_string(&ev, what, sizeof what));
    cnd_process_wait(&server, &ev);
    cnd_printf("pingpong: server %s\n", cnd_fault_string(&ev, what, sizeof what));

    CND_TRY(cnd_process_destroy(&client));
    CND_TRY(cnd_process_destroy(&server));
    cnd_printf("pingpong: done, powering off\n");
    cnd_power_off(bi);
}
