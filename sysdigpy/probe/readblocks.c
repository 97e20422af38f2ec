/* sysdigpy: decode a run of event blocks into v2 events in one call (optional helper of scapfile.py).
 *
 * Walks the event blocks of buf[*pos, len) (eventwalk.h) and appends each event, in the v2
 * layout, to dst.  For each event, ev[3*i] is its offset in dst, ev[3*i+1] its length and
 * ev[3*i+2] its cpu | dump flags << 16.  The walk stops before any block it cannot vouch for,
 * when dst or ev is full, or after max_events; the Python reader decodes the next block
 * itself.  Returns the number of events written; *pos is the position after the last block
 * consumed.
 */
#include "eventwalk.h"

typedef struct {
    uint8_t *dst;
    uint64_t cap, out;
    uint64_t *ev;
    int64_t nev;
} copy_ctx;

static int copy_room(void *ctx, uint32_t len) {
    copy_ctx *c = ctx;
    return c->out + len <= c->cap;
}

static uint8_t *copy_scratch(void *ctx, uint32_t need) {
    copy_ctx *c = ctx;
    return c->out + need <= c->cap ? c->dst + c->out : NULL;
}

static int copy_emit(void *ctx, const uint8_t *event, uint32_t len, uint64_t cf) {
    copy_ctx *c = ctx;
    if (event != c->dst + c->out)                      /* a v2 event still in its block */
        memcpy(c->dst + c->out, event, len);
    c->ev[3 * c->nev] = c->out;
    c->ev[3 * c->nev + 1] = len;
    c->ev[3 * c->nev + 2] = cf;
    c->out += len;
    c->nev++;
    return 1;
}

int64_t sdp_read_events(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *table_n,
                        const uint8_t *large, uint32_t ncodes, uint8_t *dst, uint64_t cap, uint64_t *ev,
                        uint64_t max_events)
{
    copy_ctx c = {dst, cap, 0, ev, 0};
    sdp_event_sink sink = {copy_scratch, copy_emit, copy_room, &c};
    return sdp_walk_events(buf, len, pos, table_n, large, ncodes, max_events, &sink);
}
