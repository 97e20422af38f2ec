/* sysdigpy: copy the event blocks of a capture in bulk (optional helper of scapblocks.py).
 *
 * Walks the blocks of buf[*pos, len): event blocks with a v2 header (EV_V2, EVF_V2 and
 * their LARGE forms) are copied as they are; v1 blocks (EV, EV_INT, EVF) are rewritten
 * with a v2 header, their parameter count inferred as libscap does (the largest n, from
 * the table's count down, whose lengths add up to the event length).  keep[code] says
 * what to do with an event: 0 drop, 1 copy, 2 copy when sc_keep[its first parameter] is set
 * (generic syscall events, whose name is their ppm_sc code).  Ids at or above ncodes are skipped.
 * Stops at a block that is not an event block, at an incomplete block, or when dst is
 * full.  Returns the number of events copied, or -1 on a corrupt event (*pos at it).
 */
#include "eventwalk.h"

static int generic_kept(const uint8_t *ev, int v1, uint32_t elen, uint32_t table_n, const uint8_t *sc_keep,
                        uint32_t nsc)
{
    int n;
    const uint8_t *lens;
    if (v1) {
        lens = ev + 22;
        n = infer_nparams(lens, elen, table_n);
    } else {
        lens = ev + 26;
        n = (int)rd32(ev + 22);
    }
    if (n < 1 || rd16(lens) < 2)
        return 0;
    uint16_t sc = rd16(lens + 2 * n);
    return sc < nsc && sc_keep[sc];
}

int64_t sdp_copy_event_blocks(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *table_n,
                              const uint8_t *large, const uint8_t *keep, uint32_t ncodes,
                              const uint8_t *sc_keep, uint32_t nsc,
                              uint8_t *dst, uint64_t cap, uint64_t *out_len, uint64_t *nread)
{
    uint64_t p = *pos, out = 0, read = 0;
    int64_t copied = 0;
    while (p + 8 <= len) {
        sdp_block b;
        int r = sdp_block_at(buf, len, p, &b);  /* a non-large block over NONLARGE_MAX is copied too */
        if (r == SDP_BLOCK_STOP)
            break;
        if (r == SDP_BLOCK_SHORT) {
            *pos = p;
            return -1;
        }
        const uint8_t *ev = b.ev;
        uint32_t blen = b.len, hdr = b.hdr;
        int v1 = b.v1;
        uint16_t code = b.code;
        read++;
        if (code >= ncodes || !keep[code] ||
            (keep[code] == 2 && !generic_kept(ev, v1, rd32(ev + 16), table_n[code], sc_keep, nsc))) {
            p += blen;
            continue;
        }
        uint64_t need = v1 ? (uint64_t)blen + 16 + 2 * (uint64_t)table_n[code] : blen;
        if (out + need > cap)
            break;
        if (!v1) {
            memcpy(dst + out, buf + p, blen);
            out += blen;
        } else {
            uint32_t elen;
            int n = sdp_block_v1_nparams(&b, table_n, &elen);  /* clipped to the block, as the Python reader does */
            if (n < 0) {
                *pos = p;
                return -1;
            }
            uint32_t lw = large[code] ? 4 : 2;
            uint32_t v2len = sdp_v1_v2len(elen, (uint32_t)n, lw);
            uint32_t body = hdr + v2len;
            uint32_t pad = (uint32_t)(-(int32_t)body) & 3;
            uint32_t total = 8 + body + pad + 4;
            uint8_t *d = dst + out;
            uint32_t nt = b.type == EVF ? EVF_V2 : EV_V2;
            wr32(d, nt);
            wr32(d + 4, total);
            memcpy(d + 8, buf + p + 8, hdr);                /* cpu (and flags) */
            uint8_t *e = d + 8 + hdr;
            sdp_v1_to_v2(e, ev, elen, (uint32_t)n, lw, v2len);
            memset(e + v2len, 0, pad);
            wr32(d + total - 4, total);
            out += total;
        }
        copied++;
        p += blen;
    }
    *pos = p;
    *out_len = out;
    *nread = read;
    return copied;
}
