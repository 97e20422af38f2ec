/* sysdigpy: the walk over a run of event blocks that the C helpers share (scap-format.md).
 *
 * Walks the event blocks of buf[*pos, len) and hands each event, in the v2 layout, to a sink:
 * v2 events as they are in the block (cut at the end of their block), v1 events converted into
 * the sink's scratch space with a v2 header and their parameter count inferred as libscap does.
 * Events with an id at or above ncodes are skipped, as the reader skips them.
 *
 * The walk stops before any block it cannot vouch for (not an event block, incomplete, too
 * short, a non-large block over 64 KiB, a v2 length under its header, a v1 event whose parameter
 * lengths do not add up), when the sink refuses an event (its space is full, or it stops the
 * run), or after max_events: the Python reader decodes the next block itself and reports what
 * is wrong as it always does.  Returns the number of events handed over; *pos is the position
 * after the last block consumed.
 */
#ifndef SDP_EVENTWALK_H
#define SDP_EVENTWALK_H

#include "scapevents.h"

typedef struct {
    /* space for a converted v1 event of `need` bytes, or NULL to stop before it */
    uint8_t *(*scratch)(void *ctx, uint32_t need);
    /* one v2 event (in the block, or in the scratch space); 0 to stop after it */
    int (*emit)(void *ctx, const uint8_t *event, uint32_t len, uint64_t cpu_flags);
    /* 0 when there is no room for a v2 event of len bytes: stop before it */
    int (*room)(void *ctx, uint32_t len);
    void *ctx;
} sdp_event_sink;

static inline int64_t sdp_walk_events(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *table_n,
                                      const uint8_t *large, uint32_t ncodes, uint64_t max_events,
                                      const sdp_event_sink *sink)
{
    uint64_t p = *pos;
    int64_t nev = 0;
    while (p + 8 <= len && (uint64_t)nev < max_events) {
        uint32_t btype = rd32(buf + p), blen = rd32(buf + p + 4);
        int v1 = btype == EV || btype == EV_INT || btype == EVF;
        int large_block = btype == EV_V2_LARGE || btype == EVF_V2_LARGE;
        int v2 = btype == EV_V2 || btype == EVF_V2 || large_block;
        if (!v1 && !v2)
            break;
        if (blen < 12 || p + blen > len)
            break;
        int flagged = btype == EVF || btype == EVF_V2 || btype == EVF_V2_LARGE;
        uint32_t hdr = flagged ? 6 : 2;
        if (blen < 8 + hdr + (v1 ? 22u : 26u) + 4)
            break;
        if (v2 && !large_block && blen - 8 > NONLARGE_MAX)
            break;
        const uint8_t *ev0 = buf + p + 8 + hdr;
        uint32_t room = blen - 12 - hdr;
        uint16_t code = rd16(ev0 + 20);
        uint64_t cf = rd16(buf + p + 8) | (flagged ? (uint64_t)rd32(buf + p + 10) << 16 : 0);
        if (code >= ncodes) {
            p += blen;
            continue;
        }
        const uint8_t *event;
        uint32_t elen;
        if (v2) {
            elen = rd32(ev0 + 16);
            if (elen > room)
                elen = room;
            if (elen < 26)
                break;
            if (!sink->room(sink->ctx, elen))
                break;
            event = ev0;
        } else {
            uint32_t v1len = rd32(ev0 + 16);
            if (code == 280 || code == 286)
                v1len -= 3;
            if (v1len > room)
                v1len = room;
            int n = infer_nparams(ev0 + 22, v1len, table_n[code]);
            if (n < 0)
                break;
            uint32_t lw = large[code] ? 4 : 2;
            uint32_t datalen = v1len - 22 - 2 * (uint32_t)n;
            elen = 26 + lw * (uint32_t)n + datalen;
            uint8_t *e = sink->scratch(sink->ctx, elen);
            if (e == NULL)
                break;
            memcpy(e, ev0, 16);                              /* ts, tid */
            wr32(e + 16, elen);
            memcpy(e + 20, ev0 + 20, 2);                     /* type */
            wr32(e + 22, (uint32_t)n);
            for (int i = 0; i < n; i++) {
                uint16_t l = rd16(ev0 + 22 + 2 * i);
                if (lw == 4)
                    wr32(e + 26 + 4 * i, l);
                else
                    memcpy(e + 26 + 2 * i, &l, 2);
            }
            memcpy(e + 26 + lw * (uint32_t)n, ev0 + 22 + 2 * (uint32_t)n, datalen);
            event = e;
        }
        nev++;
        p += blen;
        if (!sink->emit(sink->ctx, event, elen, cf))
            break;
    }
    *pos = p;
    return nev;
}

#endif
