/* sysdigpy: BPF ring buffer records -> scap EV_V2 blocks, in bulk (optional helper).
 *
 * Built on first use by sysdigpy/probe/ringblocks.py with the system C compiler
 * and called through ctypes once per batch; the pure-Python walk in that module
 * does the same thing when no compiler is present.
 *
 * A record of the ring buffer is: u32 length|BUSY|DISCARD, u32 page offset, then
 * the sample, 8-byte aligned.  A sysdigpy sample is u32 cpu, u32 0, then the
 * event bytes (scap v2 layout).  A block is: u32 type (0x216), u32 total length,
 * u16 cpu, the event bytes, zero padding to 4 bytes, u32 total length.
 */
#include <stdint.h>
#include <string.h>

#define RB_BUSY (1u << 31)
#define RB_DISCARD (1u << 30)
#define EV_V2 0x216u
#define EV_V2_LARGE 0x221u

/* Convert the records in [*cons, prod) of the data area `data` (mapped twice, so a
 * record never wraps; `mask` = size - 1) into blocks appended to dst (at most cap
 * bytes).  Stops at a record still being written, at prod, or when dst is full.
 * Updates *cons (to give back to the kernel) and *out_len; returns the number of
 * events converted. */
int64_t sdp_ring_to_blocks(const uint8_t *data, uint64_t mask, uint64_t *cons, uint64_t prod,
                           uint8_t *dst, uint64_t cap, uint64_t *out_len)
{
    uint64_t c = *cons, out = 0;
    int64_t n = 0;
    while (c < prod) {
        const uint8_t *rec = data + (c & mask);
        uint32_t hdr = __atomic_load_n((const uint32_t *)rec, __ATOMIC_ACQUIRE);
        if (hdr & RB_BUSY)
            break;
        uint32_t len = hdr & ~(RB_BUSY | RB_DISCARD);
        if (!(hdr & RB_DISCARD) && len > 8) {
            uint32_t evlen = len - 8;
            uint32_t pad = (uint32_t)(-(int32_t)(2 + evlen)) & 3;
            uint32_t total = 14 + evlen + pad;
            if (out + total > cap)
                break;
            uint32_t btype = total - 8 > 65536 ? EV_V2_LARGE : EV_V2;
            uint32_t cpu;
            memcpy(&cpu, rec + 8, 4);
            uint16_t cpu16 = (uint16_t)cpu;
            uint8_t *d = dst + out;
            memcpy(d, &btype, 4);
            memcpy(d + 4, &total, 4);
            memcpy(d + 8, &cpu16, 2);
            memcpy(d + 10, rec + 16, evlen);
            memset(d + 10 + evlen, 0, pad);
            memcpy(d + 10 + evlen + pad, &total, 4);
            out += total;
            n++;
        }
        c += (len + 15) & ~(uint64_t)7;
    }
    *cons = c;
    *out_len = out;
    return n;
}
