/* render.c: evt.info / evt.args (events/render.py Renderer.args), the default line
 * (format/line.py with fmtstring.DEFAULT_FORMAT) and the default -j line (format/jsonl.py).
 *
 * Included by engine.c after engine.h, tables.c, state.c and parse.c.  Everything here is
 * static except the render API of engine.h.  Byte for byte the Python output:
 *   - strings that Python holds as surrogate-escaped text go out as their raw bytes on the
 *     line; under -j any byte >= 0x80 declines (the Python side handles those);
 *   - eng->last is Renderer.last (the value text of the previous parameter), kept up to
 *     sizeof(eng->last) - 1 bytes; needing a longer one declines.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

/* ---- output appenders ---------------------------------------------------------------------------- */
static void r_grow(sdp_buf *b, size_t need) {
    size_t c = b->cap ? b->cap : 4096;
    while (c < b->n + need) c *= 2;
    char *p = (char *)realloc(b->p, c);
    if (!p) abort();
    b->p = p;
    b->cap = c;
}
static inline void r_reserve(sdp_buf *b, size_t need) {
    if (b->n + need > b->cap) r_grow(b, need);
}
static inline void r_put(sdp_buf *b, const void *s, size_t n) {
    r_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}
static inline void r_puts(sdp_buf *b, const char *s) { r_put(b, s, strlen(s)); }
static inline void r_putc(sdp_buf *b, char c) {
    r_reserve(b, 1);
    b->p[b->n++] = c;
}
static const char r_digits2[201] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
static inline unsigned r_ndigits(uint64_t v) {
    unsigned n = 1;
    while (v >= 10000) { v /= 10000; n += 4; }
    if (v >= 1000) return n + 3;
    if (v >= 100) return n + 2;
    if (v >= 10) return n + 1;
    return n;
}
static inline void r_u64(sdp_buf *b, uint64_t v) {
    r_reserve(b, 20);
    unsigned n = r_ndigits(v);
    char *o = b->p + b->n + n;
    while (v >= 100) {
        unsigned d = (unsigned)(v % 100);
        v /= 100;
        o -= 2;
        memcpy(o, r_digits2 + 2 * d, 2);
    }
    if (v >= 10) {
        o -= 2;
        memcpy(o, r_digits2 + 2 * v, 2);
    } else {
        *--o = (char)('0' + v);
    }
    b->n += n;
}
static inline void r_i64(sdp_buf *b, int64_t v) {
    if (v < 0) {
        r_putc(b, '-');
        r_u64(b, (uint64_t)0 - (uint64_t)v);
    } else {
        r_u64(b, (uint64_t)v);
    }
}
static inline void r_hex(sdp_buf *b, uint64_t v, int upper) {
    const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[20];
    int k = 20;
    do { tmp[--k] = dig[v & 15]; v >>= 4; } while (v);
    r_put(b, tmp + k, (size_t)(20 - k));
}
/* sanitize(): keep printable ASCII only */
static inline void r_sanitized(sdp_buf *b, const uint8_t *s, size_t n) {
    r_reserve(b, n);
    char *o = b->p + b->n;
    for (size_t k = 0; k < n; k++) {
        uint8_t c = s[k];
        if (c >= 0x20 && c < 0x7F) *o++ = (char)c;
    }
    b->n = (size_t)(o - b->p);
}
static inline size_t r_cstrlen(const uint8_t *p, size_t n) {   /* bytes before the first NUL */
    const uint8_t *z = (const uint8_t *)memchr(p, 0, n);
    return z ? (size_t)(z - p) : n;
}

/* "(" resolved ")" : open before writing the resolved text, close after (nothing when empty) */
static inline size_t r_open(sdp_buf *b) {
    size_t at = b->n;
    r_putc(b, '(');
    return at;
}
static inline void r_close(sdp_buf *b, size_t at) {
    if (b->n == at + 1) b->n = at;
    else r_putc(b, ')');
}

/* "(" name ")" after a value, when there is a name */
static inline void r_paren(sdp_buf *b, const char *name) {
    if (name && name[0]) {
        r_putc(b, '(');
        r_puts(b, name);
        r_putc(b, ')');
    }
}

/* ---- little helpers of render.py ------------------------------------------------------------------ */
static inline uint64_t r_raw(const uint8_t *p, uint32_t len, uint32_t size) {   /* _int: zero padded */
    uint64_t v = 0;
    if (p && len) memcpy(&v, p, len < size ? len : size);
    return v;
}
static inline int64_t r_sext(uint64_t v, uint32_t size) {
    switch (size) {
    case 1: return (int8_t)v;
    case 2: return (int16_t)v;
    case 4: return (int32_t)v;
    default: return (int64_t)v;
    }
}
static inline const char *r_errno_name(sdp_engine *eng, int64_t value) {   /* ft.errno_name */
    if (value >= 0) return NULL;
    uint64_t k = (uint64_t)0 - (uint64_t)value;
    if (k < eng->nerrno) return eng->errno_names[k];
    return NULL;
}
static inline const char *r_signal_name(sdp_engine *eng, uint64_t v) {
    return v < eng->nsignals ? eng->signal_names[v] : NULL;
}
static inline sdp_thread *r_thread(sdp_engine *eng, sdp_event *e) {   /* Renderer.thread */
    return e->thread ? e->thread : sdp_threads_get(eng, e->tid);
}

/* format_number */
static void r_format_number(sdp_buf *b, int64_t v, int pf, int bits) {
    uint64_t m = bits == 64 ? (uint64_t)v : ((uint64_t)v & 0xFFFFFFFFull);
    switch (pf) {
    case PF_HEX_:
        r_hex(b, m, 1);
        return;
    case PF_OCT_:
        if (!m) { r_putc(b, '0'); return; }
        {
            char tmp[32];
            int k = 32;
            while (m) { tmp[--k] = (char)('0' + (m & 7)); m >>= 3; }
            tmp[--k] = '0';
            r_put(b, tmp + k, (size_t)(32 - k));
        }
        return;
    case PF_10_PADDED_DEC_: {
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, "%09lld", (long long)v);
        r_put(b, tmp, (size_t)k);
        return;
    }
    default:
        r_i64(b, v);
    }
}

/* ft.flag_names */
static void r_flag_names(sdp_buf *b, uint32_t value, const sdp_flag_table *t) {
    uint32_t rem = value;
    int first = 1;
    for (uint32_t k = 0; k < t->n; k++) {
        uint32_t flag = t->rows[k].value;
        if (flag == value) {
            if (!first) r_putc(b, '|');
            r_puts(b, t->rows[k].name);
            break;
        }
        if ((flag == 0 && value == 0) || (flag != 0 && rem != 0 && (rem & flag) == flag)) {
            if (!first) r_putc(b, '|');
            r_puts(b, t->rows[k].name);
            first = 0;
            rem &= ~flag;
        }
    }
}
/* the flag table of a parameter ("if info.info": a PT_DYN's info is "table/n", no flag table) */
static inline const sdp_flag_table *r_flag_table(sdp_engine *eng, const sdp_param_info *pi) {
    if (pi->ptype == PT_DYN_ || pi->table < 0 || (uint32_t)pi->table >= eng->nflag_tables) return NULL;
    return &eng->flag_tables[pi->table];
}

static const char *r_idname(const sdp_idname *a, uint32_t n, uint32_t id) {
    for (uint32_t k = 0; k < n; k++)
        if (a[k].id == id) return a[k].name;
    return NULL;
}

/* the previous parameter's text (Renderer.last) */
static inline void r_put_last(sdp_engine *eng, sdp_buf *b) {
    if (eng->lastlen >= sizeof(eng->last)) {
        SDP_DECLINE(eng, "render: reused text buffer too long");
        return;
    }
    r_put(b, eng->last, eng->lastlen);
}
static inline void r_set_last(sdp_engine *eng, const char *s, size_t n) {
    eng->lastlen = (uint32_t)n;
    if (n < sizeof(eng->last)) memcpy(eng->last, s, n);
}

/* ---- addresses ------------------------------------------------------------------------------------- */
static void r_ipv4(sdp_buf *b, const uint8_t *a) {
    for (int k = 0; k < 4; k++) {
        if (k) r_putc(b, '.');
        r_u64(b, a[k]);
    }
}
static void r_ipv6(sdp_buf *b, const uint8_t *a) {
    char tmp[INET6_ADDRSTRLEN + 1];
    if (!inet_ntop(AF_INET6, a, tmp, sizeof tmp)) tmp[0] = 0;
    r_puts(b, tmp);
}
static inline void r_port(sdp_buf *b, const uint8_t *p) { r_u64(b, rd16(p)); }
static int r_v4_mapped(const uint8_t *a) {
    static const uint8_t z[10] = {0};
    if (memcmp(a, z, 10)) return 0;
    return (a[10] == 0xFF && a[11] == 0xFF) || (!a[10] && !a[11] && !a[12] && !a[13] && !a[14] && !a[15]);
}
static void r_tuple4(sdp_buf *b, const uint8_t *sip, const uint8_t *sport, const uint8_t *dip,
                     const uint8_t *dport) {
    r_ipv4(b, sip);
    r_putc(b, ':');
    r_port(b, sport);
    r_put(b, "->", 2);
    r_ipv4(b, dip);
    r_putc(b, ':');
    r_port(b, dport);
}
static void r_family(sdp_buf *b, uint8_t fam) {
    r_put(b, "family ", 7);
    r_i64(b, (int8_t)fam);
}

/* ---- paths: render.py concatenate_paths (sanitize_path_into without the PATH_TOO_LONG cut) ------ */
static uint8_t *r_pathbuf;
static size_t r_pathcap;

static size_t r_rewind(const uint8_t *buf, size_t tc) {
    if (tc <= 1) return tc;
    tc--;
    while (tc >= 1 && buf[tc - 1] != '/') tc--;
    return tc;
}
/* buf must hold tc + pathlen + 4 bytes */
static size_t r_sanitize_path_into(uint8_t *buf, size_t tc, const uint8_t *path, size_t pathlen) {
    size_t pc = 0;
#define PC(k) ((pc + (k)) < pathlen ? path[pc + (k)] : 0)
    for (;;) {
        uint8_t c = PC(0);
        if (c == 0) {
            if (tc > 1 && buf[tc - 1] == '/') tc--;
            return tc;
        }
        if (!(c >= 0x20 && c < 0x7F)) {
            buf[tc++] = '.';
            pc++;
        } else if (c == '.' && PC(1) == '.' && PC(2) == '/') {
            tc = r_rewind(buf, tc);
            pc += 3;
        } else if (c == '.' && PC(1) == '.') {
            if (PC(2) == 0) {
                tc = r_rewind(buf, tc);
                pc += 2;
            } else {
                buf[tc] = '.';
                buf[tc + 1] = '.';
                tc += 2;
                pc += 2;
            }
        } else if (c == '.' && PC(1) == '/') {
            pc += 2;
        } else if (c == '.') {
            if (PC(1) != 0) buf[tc++] = c;
            pc++;
        } else if (c == '/' && tc > 0 && buf[tc - 1] == '/') {
            pc++;
        } else {
            buf[tc++] = c;
            pc++;
        }
    }
#undef PC
}

/* _fspath's resolved text (raw relative, non-empty): base + raw, decoded as ASCII with "replace" */
static void r_resolved_path(sdp_buf *b, const uint8_t *base, size_t baselen, const uint8_t *raw, size_t rawlen) {
    size_t need = baselen + rawlen + 4;
    if (need > r_pathcap) {
        size_t c = r_pathcap ? r_pathcap : 4096;
        while (c < need) c *= 2;
        uint8_t *p = (uint8_t *)realloc(r_pathbuf, c);
        if (!p) abort();
        r_pathbuf = p;
        r_pathcap = c;
    }
    memcpy(r_pathbuf, base, baselen);
    size_t n = r_sanitize_path_into(r_pathbuf, baselen, raw, rawlen);
    r_reserve(b, n * 3);
    char *o = b->p + b->n;
    for (size_t k = 0; k < n; k++) {
        uint8_t c = r_pathbuf[k];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {   /* U+FFFD */
            *o++ = (char)0xEF;
            *o++ = (char)0xBF;
            *o++ = (char)0xBD;
        }
    }
    b->n = (size_t)(o - b->p);
}

/* ---- one parameter: value, then "(resolved)" when there is one; *vend = end of the value text ---- */
static void r_param(sdp_engine *eng, sdp_event *e, const sdp_param_info *pi, int ptype, const uint8_t *p,
                    uint32_t len, int cut, sdp_buf *b, size_t *vend);

static void r_fd_resolved(sdp_engine *eng, sdp_event *e, int64_t fd, sdp_buf *b) {
    sdp_thread *t = r_thread(eng, e);
    if (!t) return;
    if (fd >= 0) {
        sdp_fd *f = sdp_get_fd(eng, t, fd);
        if (!f) return;
        r_putc(b, '<');
        r_putc(b, sdp_fd_typechar(f));
        if (f->type >= 3 && f->type <= 6) {
            switch (sdp_fd_get_l4proto(f)) {
            case 2: r_putc(b, 't'); break;
            case 3: r_putc(b, 'u'); break;
            case 4: r_putc(b, 'i'); break;
            case 5: r_putc(b, 'r'); break;
            default: break;
            }
        }
        r_putc(b, '>');
        r_sanitized(b, (const uint8_t *)f->name, strlen(f->name));
        return;
    }
    if (fd == -100) {
        r_put(b, "AT_FDCWD", 8);
        return;
    }
    const char *n = r_errno_name(eng, (int32_t)(uint32_t)(uint64_t)fd);
    if (n) r_puts(b, n);
}

static void r_fspath(sdp_engine *eng, sdp_event *e, const sdp_param_info *pi, const uint8_t *p, uint32_t len,
                     sdp_buf *b, size_t *vend) {
    if (!len) {
        r_put_last(eng, b);
        *vend = b->n;
        return;
    }
    size_t rawlen = r_cstrlen(p, len);
    r_sanitized(b, p, rawlen);
    *vend = b->n;
    sdp_thread *t = r_thread(eng, e);
    if (!t || (rawlen >= 4 && !memcmp(p, "<NA>", 4))) return;
    /* _base_dir */
    const char *cwd = sdp_get_cwd(eng, t);
    const uint8_t *base = (const uint8_t *)cwd;
    size_t baselen = strlen(cwd);
    int idx = pi->dirfd_index;
    const sdp_event_info *ei = e->info;
    static char *dirbase;
    static size_t dircap;
    if (idx >= 0 && (uint32_t)idx < ei->nparams && ei->params[idx].ptype == PT_FD_) {
        int64_t dirfd = sdp_i64(e, (uint32_t)idx, 0);
        if (dirfd != -100) {
            sdp_fd *f = sdp_get_fd(eng, t, dirfd);
            if (!f || !f->name[0]) {
                baselen = 0;
            } else {
                size_t nl = strlen(f->name);
                if (nl + 2 > dircap) {
                    size_t c = dircap ? dircap : 256;
                    while (c < nl + 2) c *= 2;
                    char *q = (char *)realloc(dirbase, c);
                    if (!q) abort();
                    dirbase = q;
                    dircap = c;
                }
                size_t k = 0;
                for (size_t j = 0; j < nl; j++) {
                    uint8_t c = (uint8_t)f->name[j];
                    if (c >= 0x20 && c < 0x7F) dirbase[k++] = (char)c;
                }
                dirbase[k++] = '/';
                base = (const uint8_t *)dirbase;
                baselen = k;
            }
        }
    }
    if (!rawlen || p[0] == '/') return;
    size_t at = r_open(b);
    r_resolved_path(b, base, baselen, p, rawlen);
    r_close(b, at);
}

static void r_sockaddr(const uint8_t *p, uint32_t len, sdp_buf *b) {
    if (!len) { r_put(b, "NULL", 4); return; }
    uint8_t fam = p[0];
    if (fam == 1) {
        r_sanitized(b, p + 1, r_cstrlen(p + 1, len - 1));
    } else if (fam == 2) {
        if (len != 7) { r_puts(b, "INVALID IPv4"); return; }
        r_ipv4(b, p + 1);
        r_putc(b, ':');
        r_port(b, p + 5);
    } else if (fam == 10) {
        if (len != 19) { r_puts(b, "INVALID IPv6"); return; }
        r_ipv6(b, p + 1);
        r_putc(b, ':');
        r_port(b, p + 17);
    } else {
        r_family(b, fam);
    }
}

static void r_socktuple(const uint8_t *p, uint32_t len, sdp_buf *b) {
    if (!len) { r_put(b, "NULL", 4); return; }
    uint8_t fam = p[0];
    if (fam == 2) {
        if (len != 13) { r_puts(b, "INVALID IPv4"); return; }
        r_tuple4(b, p + 1, p + 5, p + 7, p + 11);
    } else if (fam == 10) {
        if (len != 37) { r_puts(b, "INVALID IPv6"); return; }
        const uint8_t *s6 = p + 1, *d6 = p + 19;
        if (r_v4_mapped(s6) && r_v4_mapped(d6)) {
            r_tuple4(b, s6 + 12, p + 17, d6 + 12, p + 35);
            return;
        }
        r_ipv6(b, s6);
        r_putc(b, ':');
        r_port(b, p + 17);
        r_put(b, "->", 2);
        r_ipv6(b, d6);
        r_putc(b, ':');
        r_port(b, p + 35);
    } else if (fam == 1) {
        uint8_t tmp[17] = {0};
        memcpy(tmp, p, len < 17 ? len : 17);
        r_hex(b, rd64(tmp + 1), 0);
        r_put(b, "->", 2);
        r_hex(b, rd64(tmp + 9), 0);
        r_putc(b, ' ');
        if (len > 17) r_sanitized(b, p + 17, r_cstrlen(p + 17, len - 17));
    } else {
        r_family(b, fam);
    }
}

static void r_fdlist(sdp_engine *eng, sdp_event *e, const uint8_t *p, uint32_t len, sdp_buf *b) {
    sdp_thread *t = r_thread(eng, e);
    if (!t || len < 2) { r_put_last(eng, b); return; }
    uint32_t n = rd16(p);
    uint32_t pos = 2;
    for (uint32_t k = 0; k < n; k++) {
        if (pos + 10 > len) break;
        int64_t fd = (int64_t)rd64(p + pos);
        int16_t fl = (int16_t)rd16(p + pos + 8);
        sdp_fd *f = sdp_get_fd(eng, t, fd);
        if (k) r_putc(b, ' ');
        r_u64(b, (uint64_t)fd);
        r_putc(b, ':');
        r_putc(b, f ? sdp_fd_typechar(f) : '?');
        r_hex(b, (uint32_t)(int32_t)fl, 0);
        pos += 10;
    }
}

static void r_param(sdp_engine *eng, sdp_event *e, const sdp_param_info *pi, int ptype, const uint8_t *p,
                    uint32_t len, int cut, sdp_buf *b, size_t *vend) {
    size_t at;
    switch (ptype) {
    /* _NUMERIC: (struct code, size, bits) */
    case PT_INT8_: case PT_INT16_: case PT_INT32_: case PT_INT64_:
    case PT_UINT8_: case PT_UINT16_: case PT_UINT32_: case PT_UINT64_: {
        uint32_t size;
        int sgn, bits;
        switch (ptype) {
        case PT_INT8_: size = 1; sgn = 1; bits = 32; break;
        case PT_INT16_: size = 2; sgn = 1; bits = 32; break;
        case PT_INT32_: size = 4; sgn = 1; bits = 32; break;
        case PT_UINT8_: size = 1; sgn = 0; bits = 32; break;
        case PT_UINT16_: size = 2; sgn = 0; bits = 32; break;
        case PT_UINT32_: size = 4; sgn = 1; bits = 32; break;   /* "i" */
        default: size = 8; sgn = 1; bits = 64; break;           /* "q" */
        }
        uint64_t raw = r_raw(p, len, size);
        int64_t v = sgn ? r_sext(raw, size) : (int64_t)raw;
        r_format_number(b, v, pi->fmt, bits);
        *vend = b->n;
        return;
    }
    case PT_FLAGS8_: case PT_FLAGS16_: case PT_FLAGS32_:
    case PT_ENUMFLAGS8_: case PT_ENUMFLAGS16_: case PT_ENUMFLAGS32_: {
        uint32_t size = (ptype == PT_FLAGS8_ || ptype == PT_ENUMFLAGS8_) ? 1
                        : (ptype == PT_FLAGS16_ || ptype == PT_ENUMFLAGS16_) ? 2 : 4;
        uint32_t v = (uint32_t)r_raw(p, len, size);
        r_u64(b, v);
        *vend = b->n;
        const sdp_flag_table *t = r_flag_table(eng, pi);
        if (t) {
            at = r_open(b);
            r_flag_names(b, v, t);
            r_close(b, at);
        }
        return;
    }
    case PT_DYN_: {
        if (len && pi->table >= 0 && (uint32_t)pi->table < eng->ndyn_tables) {
            const sdp_dyn_table *dt = &eng->dyn_tables[pi->table];
            uint32_t lim = dt->n;
            if (pi->dyn_n >= 0 && (uint32_t)pi->dyn_n < lim) lim = (uint32_t)pi->dyn_n;
            if (p[0] < lim) {
                r_param(eng, e, pi, dt->rows[p[0]].ptype, p + 1, len - 1, cut, b, vend);
                return;
            }
        }
        r_puts(b, "INVALID DYNAMIC PARAMETER");
        *vend = b->n;
        return;
    }
    case PT_FD_: case PT_FD32_: {
        int64_t fd = pi->ptype == PT_FD_ ? (int64_t)r_raw(p, len, 8) : (int64_t)(int32_t)r_raw(p, len, 4);
        r_i64(b, fd);
        *vend = b->n;
        at = r_open(b);
        r_fd_resolved(eng, e, fd, b);
        r_close(b, at);
        return;
    }
    case PT_PID_: case PT_PID32_: {
        int64_t pid = pi->ptype == PT_PID_ ? (int64_t)r_raw(p, len, 8) : (int64_t)(int32_t)r_raw(p, len, 4);
        r_i64(b, pid);
        *vend = b->n;
        sdp_thread *t = sdp_threads_get(eng, pid);
        if (t) r_paren(b, t->comm);
        return;
    }
    case PT_ERRNO_: {
        int64_t v = (int64_t)r_raw(p, len, 8);
        r_i64(b, v);
        *vend = b->n;
        if (v < 0) r_paren(b, r_errno_name(eng, (int32_t)(uint32_t)(uint64_t)v));
        return;
    }
    case PT_CHARBUF_:
        if (len) r_put(b, p, r_cstrlen(p, len));
        *vend = b->n;
        return;
    case PT_FSPATH_: case PT_FSRELPATH_:
        r_fspath(eng, e, pi, p, len, b, vend);
        return;
    case PT_BYTEBUF_: {
        size_t n = len;
        int dots = 0;
        if (cut && eng->max_len && n > eng->max_len) {
            long long k = (long long)eng->max_len - 3;   /* text[:max_len - 3] */
            if (k < 0) k += (long long)n;
            if (k < 0) k = 0;
            n = (size_t)k;
            dots = 1;
        }
        r_reserve(b, n + 3);
        char *o = b->p + b->n;
        for (size_t k = 0; k < n; k++) {
            uint8_t c = p[k];
            *o++ = (c >= 0x20 && c < 0x7F) ? (char)c : '.';
        }
        b->n = (size_t)(o - b->p);
        if (dots) r_put(b, "...", 3);
        *vend = b->n;
        return;
    }
    case PT_SOCKADDR_:
        r_sockaddr(p, len, b);
        *vend = b->n;
        return;
    case PT_SOCKTUPLE_:
        r_socktuple(p, len, b);
        *vend = b->n;
        return;
    case PT_FDLIST_:
        r_fdlist(eng, e, p, len, b);
        *vend = b->n;
        return;
    case PT_SYSCALLID_: {
        uint32_t sc = (uint32_t)r_raw(p, len, 2);
        if (sc >= 329) {
            r_puts(b, "<unknown syscall>");
            *vend = b->n;
            return;
        }
        r_u64(b, sc);
        *vend = b->n;
        r_paren(b, sc < eng->nsyscalls ? eng->syscall_names[sc] : NULL);
        return;
    }
    case PT_SIGTYPE_: {
        uint32_t v = (uint32_t)r_raw(p, len, 1);
        r_u64(b, v);
        *vend = b->n;
        r_paren(b, r_signal_name(eng, v));
        return;
    }
    case PT_RELTIME_: {
        uint64_t v = r_raw(p, len, 8);
        if (v == UINT64_MAX) {
            r_put(b, "none", 4);
            *vend = b->n;
            return;
        }
        r_u64(b, v);
        *vend = b->n;
        char tmp[64];
        int k = snprintf(tmp, sizeof tmp, "(%gs)", (double)v / 1e9);
        r_put(b, tmp, (size_t)k);
        return;
    }
    case PT_MODE_: {
        uint32_t v = (uint32_t)r_raw(p, len, 4);
        r_format_number(b, (int32_t)v, pi->fmt, 32);
        *vend = b->n;
        const sdp_flag_table *t = r_flag_table(eng, pi);
        if (t) {
            at = r_open(b);
            r_flag_names(b, v, t);
            r_close(b, at);
        }
        return;
    }
    case PT_UID_: case PT_GID_: {
        uint32_t v = (uint32_t)r_raw(p, len, 4);
        if (v == 0xFFFFFFFFu) {
            r_put(b, "-1(<NONE>)", 10);
            *vend = b->n - 8;
            return;
        }
        r_i64(b, (int32_t)v);
        *vend = b->n;
        const char *n = ptype == PT_UID_ ? r_idname(eng->users, eng->nusers, v)
                                         : r_idname(eng->groups, eng->ngroups, v);
        if (!n) {
            r_put(b, "(<NA>)", 6);
        } else {
            at = r_open(b);
            r_sanitized(b, (const uint8_t *)n, strlen(n));
            r_close(b, at);
        }
        return;
    }
    case PT_SIGSET_: {
        uint32_t v = (uint32_t)r_raw(p, len, 4);
        int first = 1;
        for (uint32_t s = 0; s < 32; s++) {
            if (!(v & (1u << s))) continue;
            const char *n = r_signal_name(eng, s + 1);
            if (!n) continue;
            if (!first) r_putc(b, ' ');
            r_puts(b, n);
            first = 0;
        }
        *vend = b->n;
        return;
    }
    case PT_CHARBUFARRAY_: case PT_CHARBUF_PAIR_ARRAY_:
        *vend = b->n;
        return;
    default:
        r_put(b, "(n.a.)", 6);
        *vend = b->n;
        return;
    }
}

/* Renderer.args into b; cut: the "normal" buffer format (the 80-char cut applies), else "json" */
static void r_args(sdp_engine *eng, sdp_event *e, sdp_buf *b, int cut) {
    if (e->code <= 1) return;
    const sdp_event_info *ei = e->info;
    uint32_t np = e->nparams;
    sdp_split(e);
    for (uint32_t i = 0; i < np; i++) {
        const sdp_param_info *pi = &ei->params[i];
        r_puts(b, pi->name);
        r_putc(b, '=');
        size_t vstart = b->n, vend = b->n;
        r_param(eng, e, pi, pi->ptype, e->param[i], e->plen[i], cut, b, &vend);
        if (eng->declined) return;
        r_set_last(eng, b->p + vstart, vend - vstart);
        r_putc(b, ' ');
    }
}

void sdp_render_args(sdp_engine *eng, sdp_event *e, sdp_buf *b) {
    size_t start = b->n;
    r_args(eng, e, b, eng->out_mode != SDP_OUT_JSON);
    if (eng->declined) b->n = start;
}

const char *sdp_evt_type(sdp_engine *eng, const sdp_event *e) {
    if (e->code <= 1) {
        uint32_t sc = sdp_u16(e, 0, 0);
        const char *n = (sc < 329 && sc < eng->nsyscalls) ? eng->syscall_names[sc] : NULL;
        return n ? n : "<NA>";
    }
    return e->info->name;
}

/* syslog_message(e) would decode the write: the Python side renders those */
static int r_is_syslog(sdp_event *e) {
    return (e->code & 1) && (e->info->flags & SDP_EF_WRITES_TO_FD) && e->fdinfo &&
           strstr(e->fdinfo->name, "/dev/log") && e->nparams > 1 && sdp_i64(e, 0, 0) >= 0;
}

/* evt.outputtime with the default -t h: HH:MM:SS.nnnnnnnnn */
static void r_clock(sdp_buf *b, uint64_t ts, int64_t off) {
    uint64_t sec = ts / 1000000000ull, ns = ts % 1000000000ull;
    int64_t s = ((int64_t)sec + off) % 86400;
    if (s < 0) s += 86400;
    unsigned h = (unsigned)(s / 3600), m = (unsigned)(s % 3600 / 60), x = (unsigned)(s % 60);
    char tmp[32];
    {
        tmp[0] = (char)('0' + h / 10); tmp[1] = (char)('0' + h % 10); tmp[2] = ':';
        tmp[3] = (char)('0' + m / 10); tmp[4] = (char)('0' + m % 10); tmp[5] = ':';
        tmp[6] = (char)('0' + x / 10); tmp[7] = (char)('0' + x % 10); tmp[8] = '.';
        for (int k = 17; k >= 9; k--) { tmp[k] = (char)('0' + ns % 10); ns /= 10; }
        r_put(b, tmp, 18);
    }
}

void sdp_render_line(sdp_engine *eng, sdp_event *e, sdp_buf *b) {
    if (r_is_syslog(e)) {
        SDP_DECLINE(eng, "render: syslog write (evt.info decoded)");
        return;
    }
    size_t start = b->n;
    r_u64(b, e->num);
    r_putc(b, ' ');
    r_clock(b, e->ts, eng->tz_offset);
    r_putc(b, ' ');
    r_u64(b, e->cpu);
    r_putc(b, ' ');
    sdp_thread *t = e->thread ? e->thread : sdp_threads_get(eng, e->tid);
    if (t) r_puts(b, t->comm);
    else r_put(b, "<NA>", 4);
    r_put(b, " (", 2);
    r_i64(b, e->tid);
    r_put(b, ") ", 2);
    r_putc(b, e->info->dir);
    r_putc(b, ' ');
    r_puts(b, sdp_evt_type(eng, e));
    r_putc(b, ' ');
    r_args(eng, e, b, 1);
    if (eng->declined) { b->n = start; return; }
    r_putc(b, '\n');
}

/* a JSON string as orjson writes it; 0 (declined) on a byte >= 0x80 */
static int r_json_str(sdp_engine *eng, sdp_buf *b, const char *s, size_t n) {
    static const char hexd[] = "0123456789abcdef";
    r_reserve(b, n * 6 + 2);
    char *o = b->p + b->n;
    *o++ = '"';
    const uint8_t *q = (const uint8_t *)s, *end = q + n;
    while (q < end) {
        const uint8_t *run = q;
        while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\') q++;
        if (q > run) {
            memcpy(o, run, (size_t)(q - run));
            o += q - run;
        }
        if (q == end) break;
        uint8_t c = *q++;
        if (c >= 0x80) {
            SDP_DECLINE(eng, "render: non-ASCII text under -j");
            return 0;
        }
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\b': *o++ = 'b'; break;
        case '\t': *o++ = 't'; break;
        case '\n': *o++ = 'n'; break;
        case '\f': *o++ = 'f'; break;
        case '\r': *o++ = 'r'; break;
        default:
            *o++ = 'u'; *o++ = '0'; *o++ = '0';
            *o++ = hexd[c >> 4]; *o++ = hexd[c & 15];
        }
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
    return 1;
}

/* 1 when no byte of p needs a JSON escape or declines (< 0x20, '"', '\\', >= 0x80) */
static inline int r_json_clean(const uint8_t *p, size_t n) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t x;
        memcpy(&x, p + k, 8);
        uint64_t q = x ^ (ones * 0x22), s = x ^ (ones * 0x5C);
        uint64_t bad = (x & high) | ((x - ones * 0x20) & ~x & high) | ((q - ones) & ~q & high) |
                       ((s - ones) & ~s & high);
        if (bad) return 0;
    }
    for (; k < n; k++) {
        uint8_t c = p[k];
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return 0;
    }
    return 1;
}

static sdp_buf r_scratch;

void sdp_render_json(sdp_engine *eng, sdp_event *e, sdp_buf *b) {
    if (r_is_syslog(e)) {
        SDP_DECLINE(eng, "render: syslog write (evt.info decoded)");
        return;
    }
    size_t start = b->n;
    /* keys sorted: evt.cpu evt.dir evt.info evt.num evt.outputtime evt.type proc.name thread.tid */
    r_put(b, "{\"evt.cpu\":", 11);
    r_u64(b, e->cpu);
    r_put(b, ",\"evt.dir\":\"", 12);
    r_putc(b, e->info->dir);
    r_put(b, "\",\"evt.info\":", 13);
    {
        /* the args go straight into b; only a text that needs escapes takes the detour */
        r_putc(b, '"');
        size_t at = b->n;
        r_args(eng, e, b, 0);
        if (eng->declined) goto declined;
        if (r_json_clean((const uint8_t *)b->p + at, b->n - at)) {
            r_putc(b, '"');
        } else {
            r_scratch.n = 0;
            r_put(&r_scratch, b->p + at, b->n - at);
            b->n = at - 1;
            if (!r_json_str(eng, b, r_scratch.p, r_scratch.n)) goto declined;
        }
    }
    r_put(b, ",\"evt.num\":", 11);
    r_u64(b, e->num);
    r_put(b, ",\"evt.outputtime\":", 18);
    r_u64(b, e->ts);
    r_put(b, ",\"evt.type\":", 12);
    {
        const char *ty = sdp_evt_type(eng, e);
        if (!r_json_str(eng, b, ty, strlen(ty))) goto declined;
    }
    r_put(b, ",\"proc.name\":", 13);
    {
        sdp_thread *t = e->thread ? e->thread : sdp_threads_get(eng, e->tid);
        if (!t) r_put(b, "null", 4);
        else if (!r_json_str(eng, b, t->comm, strlen(t->comm))) goto declined;
    }
    r_put(b, ",\"thread.tid\":", 14);
    r_i64(b, e->tid);
    r_put(b, "}\n", 2);
    return;
declined:
    b->n = start;
}
