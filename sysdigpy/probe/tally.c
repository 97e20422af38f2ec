/* sysdigpy: count the events of a capture by id without decoding them (optional helper of tally.py).
 *
 * Walks the event blocks of buf[*pos, len) and, for every event sysdig would number, adds one to
 * its row: the event id, or for a generic syscall event (ids 0 and 1) its direction and syscall
 * code.  A row holds five u64: count, number of the first event, its ts, number of the last
 * event, its ts.  cls[id] says how an id is numbered: 0 a normal event, 1 never numbered (the
 * meta-events of current libs), 2 a container event (numbered but not counted in a row while it
 * leads the section).  Ids at or above ncodes are skipped, as the reader skips them.
 * state[0] is the last event number, state[1] is 1 while the section's leading container events
 * last, state[2] counts those.
 *
 * The walk stops before any block it cannot vouch for (not an event block, incomplete, too
 * short, a v1 event whose parameter lengths do not add up, a v2 length array past the block):
 * the Python reader decodes that one and reports what is wrong exactly as it always does.
 * Returns the number of blocks consumed.
 */
#include "eventwalk.h"

/* The syscall code of a generic event: its first parameter as u16, 0 when shorter (Event.u16). */
static uint32_t generic_sc(const uint8_t *lens, uint32_t n, const uint8_t *data, uint64_t avail) {
    if (n < 1)
        return 0;
    uint16_t l0 = rd16(lens);
    if (l0 < 2 || avail < 2)
        return 0;
    return rd16(data);
}

int64_t sdp_tally(const uint8_t *buf, uint64_t len, uint64_t *pos, const uint8_t *cls, uint32_t ncodes,
                  const uint8_t *table_n, uint64_t *rows, uint32_t nsc, uint64_t *state)
{
    uint64_t p = *pos;
    int64_t blocks = 0;
    while (p + 8 <= len) {
        sdp_block b;
        if (sdp_block_at(buf, len, p, &b) != SDP_BLOCK_OK)
            break;
        const uint8_t *ev = b.ev;
        uint32_t room = b.room;
        uint16_t code = b.code;
        uint32_t sc = 0;
        if (b.v1 && code < ncodes) {
            uint32_t elen;
            int n = sdp_block_v1_nparams(&b, table_n, &elen);
            if (n < 0)
                break;
            if (code <= 1)
                sc = generic_sc(ev + 22, (uint32_t)n, ev + 22 + 2 * n, elen - 22 - 2 * (uint32_t)n);
        } else if (!b.v1 && code <= 1) {
            uint32_t elen = rd32(ev + 16), n = rd32(ev + 22);
            if (elen > room)
                elen = room;
            if (elen < 26 || n > (elen - 26) / 2)
                break;
            sc = generic_sc(ev + 26, n, ev + 26 + 2 * n, elen - 26 - 2 * n);
        }
        p += b.len;
        blocks++;
        if (code >= ncodes || cls[code] == 1)
            continue;
        uint64_t num = ++state[0];
        if (cls[code] == 2 && state[1]) {
            state[2]++;
            continue;
        }
        state[1] = 0;
        uint64_t row = code;
        if (code <= 1)
            row = ncodes + (uint64_t)code * nsc + (sc < nsc ? sc : nsc - 1);
        uint64_t *r = rows + 5 * row, ts = rd64(ev);
        if (r[0]++ == 0) {
            r[1] = num;
            r[2] = ts;
        }
        r[3] = num;
        r[4] = ts;
    }
    *pos = p;
    return blocks;
}
