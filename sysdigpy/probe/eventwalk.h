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

/* An event block's header, as sdp_block_at reads it. */
typedef struct {
    uint32_t type, len;     /* block type and total length */
    uint32_t hdr;           /* bytes before the event: cpu u16, and flags u32 in a flagged block */
    int v1;                 /* a v1 event (EV, EV_INT, EVF); else v2 (EV_V2, EVF_V2 and their LARGE forms) */
    const uint8_t *ev;      /* the event */
    uint32_t room;          /* bytes of event and padding in the block */
    uint16_t code;          /* the event id */
    uint64_t cpu_flags;     /* cpu | flags << 16 */
} sdp_block;

enum {
    SDP_BLOCK_STOP = 0,     /* not an event block, or incomplete in buf: nothing filled in */
    SDP_BLOCK_OK,           /* an event block the walks can vouch for */
    SDP_BLOCK_SHORT,        /* too short for its event header and trailer: nothing filled in */
    SDP_BLOCK_OVERSIZE,     /* a non-large v2 block over NONLARGE_MAX bytes (filled in) */
};

/* The block at buf[p, len) (p + 8 <= len). */
static inline int sdp_block_at(const uint8_t *buf, uint64_t len, uint64_t p, sdp_block *b)
{
    uint32_t btype = rd32(buf + p), blen = rd32(buf + p + 4);
    int v1 = btype == EV || btype == EV_INT || btype == EVF;
    int large_block = btype == EV_V2_LARGE || btype == EVF_V2_LARGE;
    int v2 = btype == EV_V2 || btype == EVF_V2 || large_block;
    if (!v1 && !v2)
        return SDP_BLOCK_STOP;
    if (blen < 12 || p + blen > len)
        return SDP_BLOCK_STOP;
    int flagged = btype == EVF || btype == EVF_V2 || btype == EVF_V2_LARGE;
    uint32_t hdr = flagged ? 6 : 2;
    if (blen < 8 + hdr + (v1 ? 22u : 26u) + 4)
        return SDP_BLOCK_SHORT;
    b->type = btype;
    b->len = blen;
    b->hdr = hdr;
    b->v1 = v1;
    b->ev = buf + p + 8 + hdr;
    b->room = blen - 12 - hdr;
    b->code = rd16(b->ev + 20);
    b->cpu_flags = rd16(buf + p + 8) | (flagged ? (uint64_t)rd32(buf + p + 10) << 16 : 0);
    if (v2 && !large_block && blen - 8 > NONLARGE_MAX)
        return SDP_BLOCK_OVERSIZE;
    return SDP_BLOCK_OK;
}

/* A v1 event's parameter count, inferred as libscap does from its length (*v1len: that length as
 * the reader takes it, cut at the block); -1 when the lengths do not add up. */
static inline int sdp_block_v1_nparams(const sdp_block *b, const uint8_t *table_n, uint32_t *v1len)
{
    uint32_t l = rd32(b->ev + 16);
    if (b->code == 280 || b->code == 286)
        l -= 3;
    if (l > b->room)
        l = b->room;
    *v1len = l;
    return infer_nparams(b->ev + 22, l, table_n[b->code]);
}

/* The v2 length of a v1 event of v1len bytes and n parameters whose lengths take lw bytes in v2. */
static inline uint32_t sdp_v1_v2len(uint32_t v1len, uint32_t n, uint32_t lw)
{
    return 26 + lw * n + (v1len - 22 - 2 * n);
}

/* Writes the v1 event ev (v1len bytes, n parameters) at e as a v2 event of v2len bytes. */
static inline void sdp_v1_to_v2(uint8_t *e, const uint8_t *ev, uint32_t v1len, uint32_t n, uint32_t lw,
                                uint32_t v2len)
{
    memcpy(e, ev, 16);                              /* ts, tid */
    wr32(e + 16, v2len);
    memcpy(e + 20, ev + 20, 2);                     /* type */
    wr32(e + 22, n);
    for (uint32_t i = 0; i < n; i++) {
        uint16_t l = rd16(ev + 22 + 2 * i);
        if (lw == 4)
            wr32(e + 26 + 4 * i, l);
        else
            memcpy(e + 26 + 2 * i, &l, 2);
    }
    memcpy(e + 26 + lw * n, ev + 22 + 2 * n, v1len - 22 - 2 * n);
}

static inline int64_t sdp_walk_events(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *table_n,
                                      const uint8_t *large, uint32_t ncodes, uint64_t max_events,
                                      const sdp_event_sink *sink)
{
    uint64_t p = *pos;
    int64_t nev = 0;
    while (p + 8 <= len && (uint64_t)nev < max_events) {
        sdp_block b;
        if (sdp_block_at(buf, len, p, &b) != SDP_BLOCK_OK)
            break;
        if (b.code >= ncodes) {
            p += b.len;
            continue;
        }
        const uint8_t *event;
        uint32_t elen;
        if (!b.v1) {
            elen = rd32(b.ev + 16);
            if (elen > b.room)
                elen = b.room;
            if (elen < 26)
                break;
            if (!sink->room(sink->ctx, elen))
                break;
            event = b.ev;
        } else {
            uint32_t v1len;
            int n = sdp_block_v1_nparams(&b, table_n, &v1len);
            if (n < 0)
                break;
            uint32_t lw = large[b.code] ? 4 : 2;
            elen = sdp_v1_v2len(v1len, (uint32_t)n, lw);
            uint8_t *e = sink->scratch(sink->ctx, elen);
            if (e == NULL)
                break;
            sdp_v1_to_v2(e, b.ev, v1len, (uint32_t)n, lw, elen);
            event = e;
        }
        nev++;
        p += b.len;
        if (!sink->emit(sink->ctx, event, elen, b.cpu_flags))
            break;
    }
    *pos = p;
    return nev;
}

#endif
