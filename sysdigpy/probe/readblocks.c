/* sysdigpy: decode a run of event blocks into v2 events in one call (optional helper of scapfile.py).
 *
 * Walks the event blocks of buf[*pos, len) and appends each event, in the v2 layout, to dst:
 * v2 events as they are (cut at the end of their block), v1 events with a v2 header and their
 * parameter count inferred as libscap does.  For each event, ev[3*i] is its offset in dst,
 * ev[3*i+1] its length and ev[3*i+2] its cpu | dump flags << 16.  Events with an id at or above
 * ncodes are skipped, as the reader skips them.
 *
 * The walk stops before any block it cannot vouch for (not an event block, incomplete, too
 * short, a non-large block over 64 KiB, a v2 length under its header, a v1 event whose parameter
 * lengths do not add up), when dst or ev is full, or after max_events: the Python reader decodes
 * the next block itself and reports what is wrong as it always does.  Returns the number of
 * events written; *pos is the position after the last block consumed.
 */
#include "scapevents.h"

int64_t sdp_read_events(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *table_n,
                        const uint8_t *large, uint32_t ncodes, uint8_t *dst, uint64_t cap, uint64_t *ev,
                        uint64_t max_events)
{
    uint64_t p = *pos, out = 0;
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
        if (v2) {
            uint32_t elen = rd32(ev0 + 16);
            if (elen > room)
                elen = room;
            if (elen < 26)
                break;
            if (out + elen > cap)
                break;
            memcpy(dst + out, ev0, elen);
            ev[3 * nev] = out;
            ev[3 * nev + 1] = elen;
            ev[3 * nev + 2] = cf;
            out += elen;
        } else {
            uint32_t elen = rd32(ev0 + 16);
            if (code == 280 || code == 286)
                elen -= 3;
            if (elen > room)
                elen = room;
            int n = infer_nparams(ev0 + 22, elen, table_n[code]);
            if (n < 0)
                break;
            uint32_t lw = large[code] ? 4 : 2;
            uint32_t datalen = elen - 22 - 2 * (uint32_t)n;
            uint32_t v2len = 26 + lw * (uint32_t)n + datalen;
            if (out + v2len > cap)
                break;
            uint8_t *e = dst + out;
            memcpy(e, ev0, 16);                              /* ts, tid */
            wr32(e + 16, v2len);
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
            ev[3 * nev] = out;
            ev[3 * nev + 1] = v2len;
            ev[3 * nev + 2] = cf;
            out += v2len;
        }
        nev++;
        p += blen;
    }
    *pos = p;
    return nev;
}
