/* sysdigpy: what the C helpers of sysdigpy/probe share about event blocks (scap-format.md).
 *
 * Block types of events, the largest non-large block, little-endian reads and writes, and
 * libscap's inference of a v1 event's parameter count: the largest n, from the event table's
 * count down, whose lengths add up to the event length; -1 when none does.
 */
#ifndef SDP_SCAPEVENTS_H
#define SDP_SCAPEVENTS_H

#include <stdint.h>
#include <string.h>

#define EV 0x204u
#define EV_INT 0x8010ABCDu
#define EVF 0x208u
#define EV_V2 0x216u
#define EVF_V2 0x217u
#define EV_V2_LARGE 0x221u
#define EVF_V2_LARGE 0x222u
#define NONLARGE_MAX 65536u

static inline uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void wr32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }

static inline int infer_nparams(const uint8_t *lens, uint32_t elen, uint32_t table_n) {
    for (int n = (int)table_n; n >= 0; n--) {
        uint64_t sum = 22 + 2 * (uint64_t)n;
        if (sum > elen)
            continue;
        for (int i = 0; i < n; i++)
            sum += rd16(lens + 2 * i);
        if (sum == elen)
            return n;
    }
    return -1;
}

#endif
