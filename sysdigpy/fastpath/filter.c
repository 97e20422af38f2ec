/* sysdigpy fast path: filters over a few fields, compiled by fastpath/cfilter.py.
 *
 * The Python compiler (sysdigpy/filter/compiler.py) is the reference; cfilter.py translates
 * its AST into this program only when every check uses a field and operator below, with the
 * same semantics: a missing value makes every comparison false (`!=` too), `not` is the exact
 * complement, evt.type compares event ids (and the syscall name of generic events).
 *
 * Program (u32 little-endian words; strings as a length word then the bytes, padded to 4):
 *   AND n <n nodes> | OR n <n nodes> | NOT <node>
 *   CHECK field op nvals <vals>            string fields; op IN compares with each value, EXISTS with none
 *   TYPE negate <ncodes bytes bitmap, padded> nnames <names>   evt.type = / in / !=
 */

enum { FN_AND = 1, FN_OR, FN_NOT, FN_CHECK, FN_TYPE };
enum { FF_EVT_DIR = 1, FF_PROC_NAME, FF_FD_NAME, FF_FD_TYPE, FF_EVT_IS_IO, FF_EVT_IS_IO_READ, FF_EVT_IS_IO_WRITE };
enum { FO_EQ = 1, FO_NE, FO_CONTAINS, FO_STARTSWITH, FO_ENDSWITH, FO_IN, FO_EXISTS };

typedef struct { char *p; uint32_t n; } sdp_str;

typedef struct sdp_fnode {
    int kind, field, op, negate;
    uint32_t n;                     /* children or values */
    struct sdp_fnode **kids;
    sdp_str *vals;
    uint8_t *codes;                 /* FN_TYPE: bitmap by event id */
} sdp_fnode;

struct sdp_filter {
    sdp_fnode *root;
    char namebuf[4096];             /* fd.name built from event parameters */
};

/* ---- program reading ------------------------------------------------------------------------------ */
typedef struct { const uint8_t *p; uint32_t n, pos; int bad; } sdp_reader;

static uint32_t rd_word(sdp_reader *r) {
    if (r->pos + 4 > r->n) { r->bad = 1; return 0; }
    uint32_t v = rd32(r->p + r->pos);
    r->pos += 4;
    return v;
}

static sdp_str rd_str(sdp_reader *r) {
    sdp_str s = {NULL, 0};
    uint32_t n = rd_word(r);
    if (r->bad || r->pos + n > r->n) { r->bad = 1; return s; }
    s.p = malloc(n + 1);
    memcpy(s.p, r->p + r->pos, n);
    s.p[n] = 0;
    s.n = n;
    r->pos += (n + 3) & ~3u;
    return s;
}

static sdp_fnode *rd_node(sdp_reader *r, uint32_t ncodes, int depth) {
    if (depth > 200) { r->bad = 1; return NULL; }
    sdp_fnode *nd = calloc(1, sizeof *nd);
    nd->kind = (int)rd_word(r);
    switch (nd->kind) {
    case FN_AND: case FN_OR:
        nd->n = rd_word(r);
        if (r->bad || nd->n > r->n) { r->bad = 1; return nd; }
        nd->kids = calloc(nd->n ? nd->n : 1, sizeof *nd->kids);
        for (uint32_t i = 0; i < nd->n && !r->bad; i++) nd->kids[i] = rd_node(r, ncodes, depth + 1);
        break;
    case FN_NOT:
        nd->n = 1;
        nd->kids = calloc(1, sizeof *nd->kids);
        nd->kids[0] = rd_node(r, ncodes, depth + 1);
        break;
    case FN_CHECK:
        nd->field = (int)rd_word(r);
        nd->op = (int)rd_word(r);
        nd->n = rd_word(r);
        if (r->bad || nd->n > r->n) { r->bad = 1; return nd; }
        nd->vals = calloc(nd->n ? nd->n : 1, sizeof *nd->vals);
        for (uint32_t i = 0; i < nd->n && !r->bad; i++) nd->vals[i] = rd_str(r);
        break;
    case FN_TYPE: {
        nd->negate = (int)rd_word(r);
        if (r->pos + ncodes > r->n) { r->bad = 1; return nd; }
        nd->codes = malloc(ncodes);
        memcpy(nd->codes, r->p + r->pos, ncodes);
        r->pos += (ncodes + 3) & ~3u;
        nd->n = rd_word(r);
        if (r->bad || nd->n > r->n) { r->bad = 1; return nd; }
        nd->vals = calloc(nd->n ? nd->n : 1, sizeof *nd->vals);
        for (uint32_t i = 0; i < nd->n && !r->bad; i++) nd->vals[i] = rd_str(r);
        break;
    }
    default:
        r->bad = 1;
    }
    return nd;
}

static void free_node(sdp_fnode *nd) {
    if (!nd) return;
    if (nd->kids) for (uint32_t i = 0; i < nd->n; i++) free_node(nd->kids[i]);
    if (nd->vals) for (uint32_t i = 0; i < nd->n; i++) free(nd->vals[i].p);
    free(nd->kids);
    free(nd->vals);
    free(nd->codes);
    free(nd);
}

void sdp_filter_free(sdp_filter *f) {
    if (!f) return;
    free_node(f->root);
    free(f);
}

/* The filter of a program, or NULL when it does not read back. */
sdp_filter *sdp_filter_new(sdp_engine *eng, const uint8_t *prog, uint32_t len) {
    sdp_reader r = {prog, len, 0, 0};
    sdp_filter *f = calloc(1, sizeof *f);
    f->root = rd_node(&r, eng->ncodes, 0);
    if (r.bad || r.pos != len) {
        sdp_filter_free(f);
        return NULL;
    }
    return f;
}

void sdp_set_filter(sdp_engine *eng, sdp_filter *f) { eng->filter = f; }

/* ---- field values ------------------------------------------------------------------------------------ */
#define FD_FLAGS_ANY (SDP_EF_CREATES_FD | SDP_EF_USES_FD | SDP_EF_DESTROYS_FD)

static const char *fd_typestr(int32_t type) {
    switch (type) {
    case 1: case 16: return "file";
    case 2: return "directory";
    case 3: case 5: return "ipv4";
    case 4: case 6: return "ipv6";
    case 8: return "unix";
    case 7: return "pipe";
    case 9: return "event";
    case 11: return "signalfd";
    case 12: return "eventpoll";
    case 13: return "inotify";
    case 14: return "timerfd";
    case 15: return "netlink";
    default: return "<NA>";
    }
}

/* fields.fd.extract_fd: 0 when the event has no fd context; *fdi may be NULL */
static int extract_fd(sdp_engine *eng, sdp_event *e, sdp_fd **fdi) {
    if (!(e->info->flags & FD_FLAGS_ANY) || e->thread == NULL) return 0;
    sdp_fd *f = e->fdinfo;
    if (f == NULL && e->thread->lastevent_fd != -1) f = sdp_get_fd(eng, e->thread, e->thread->lastevent_fd);
    *fdi = f;
    return 1;
}

/* sanitize (drop non-printable bytes) src into dst; returns the length */
static uint32_t sanitize_into(const char *src, size_t n, char *dst, size_t cap) {
    uint32_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == 0) break;
        if (c >= 0x20 && c < 0x7F) dst[k++] = (char)c;
    }
    dst[k] = 0;
    return k;
}

/* what fd.name does with an event's own parameters, by event id (fields/fd.py _name_from_creator) */
enum { NK_OTHER = 0, NK_CONNECT, NK_OPEN, NK_OPENAT, NK_OPENAT2, NK_SOCK };
static uint8_t g_name_kind[1024];
static int g_name_kind_ready;

static void name_kinds(sdp_engine *eng) {
    for (uint32_t c = 0; c < eng->ncodes && c < 1024; c++) {
        const char *n = eng->events[c].name;
        g_name_kind[c] = !strcmp(n, "connect") ? NK_CONNECT
                         : (!strcmp(n, "open") || !strcmp(n, "creat")) ? NK_OPEN
                         : !strcmp(n, "openat") ? NK_OPENAT : !strcmp(n, "openat2") ? NK_OPENAT2
                         : (!strcmp(n, "accept") || !strcmp(n, "accept4")) ? NK_SOCK : NK_OTHER;
    }
    g_name_kind_ready = 1;
}

/* fd.name of a connect/accept exit without a usable fd: its address parameter as a renderer without
 * state prints it (fields/fd.py _name_from_creator), sanitized */
static int address_name(sdp_engine *eng, sdp_filter *f, sdp_event *e, const char **v, uint32_t *n) {
    static sdp_buf tmp;
    uint32_t plen;
    const uint8_t *p = sdp_param(e, 1, &plen);
    tmp.n = 0;
    int ptype = e->info->params[1].ptype;
    if (ptype == PT_SOCKTUPLE_)
        r_socktuple(p, plen, &tmp);
    else if (ptype == PT_SOCKADDR_)
        r_sockaddr(p, plen, &tmp);
    else {
        SDP_DECLINE(eng, "fd.name from an unusual parameter");
        return 0;
    }
    *n = sanitize_into(tmp.p ? tmp.p : "", tmp.n, f->namebuf, sizeof f->namebuf);
    if (*n + 1 >= sizeof f->namebuf) { SDP_DECLINE(eng, "long address"); return 0; }
    *v = f->namebuf;
    return 1;
}

/* fields/fd.py _dirfd_base: the directory an openat path is relative to ("" when none) */
static const char *dirfd_base(sdp_engine *eng, sdp_thread *t, const uint8_t *path, uint32_t plen, int64_t dirfd,
                              char *tmp, size_t cap) {
    if (plen > 0 && path[0] == '/') return "";
    if (dirfd == -100) return sdp_get_cwd(eng, t);
    sdp_fd *fdi = sdp_get_fd(eng, t, dirfd);
    if (fdi == NULL) return "";
    size_t k = strlen(fdi->name);
    if (k + 2 > cap) return NULL;
    memcpy(tmp, fdi->name, k);
    if (k == 0 || tmp[k - 1] != '/') tmp[k++] = '/';
    tmp[k] = 0;
    return tmp;
}

/* fd.name of an openat/openat2 exit without an fd: the path it opened, resolved as fields/fd.py does */
static int openat_name(sdp_engine *eng, sdp_filter *f, sdp_event *e, int kind, const char **v, uint32_t *n) {
    if (e->thread == NULL) {            /* Python: "" for other exits without a thread */
        f->namebuf[0] = 0;
        *v = f->namebuf;
        *n = 0;
        return 1;
    }
    if (kind == NK_OPENAT && e->nparams < 3) {
        SDP_DECLINE(eng, "fd.name from an old openat's enter event");
        return 0;
    }
    if (e->nparams <= 2) return 0;
    uint32_t plen;
    const uint8_t *path = sdp_param(e, 2, &plen);
    char tmp[1100];
    const char *base = dirfd_base(eng, e->thread, path, plen, sdp_i64(e, 1, 0), tmp, sizeof tmp);
    if (base == NULL) { SDP_DECLINE(eng, "long directory name"); return 0; }
    size_t k = sdp_concatenate_paths(base, path, plen, f->namebuf, sizeof f->namebuf);
    if (k >= sizeof f->namebuf) { SDP_DECLINE(eng, "long path"); return 0; }
    *v = f->namebuf;
    *n = (uint32_t)k;
    return 1;
}

/* fd.name: 1 and the value, 0 when missing; declines where the name comes from parameters in a
 * way this file does not reproduce (fields/fd.py _name_from_creator) */
static int fd_name(sdp_engine *eng, sdp_filter *f, sdp_event *e, const char **v, uint32_t *n) {
    sdp_fd *fdi = NULL;
    if (!extract_fd(eng, e, &fdi)) return 0;
    if (!g_name_kind_ready) name_kinds(eng);
    int kind = g_name_kind[e->code];
    int connect_failed = kind == NK_CONNECT && !sdp_is_enter(e) && sdp_i64(e, 0, 0) < 0;
    if (fdi != NULL && !connect_failed) {
        *n = sanitize_into(fdi->name, strlen(fdi->name), f->namebuf, sizeof f->namebuf);
        *v = f->namebuf;
        return 1;
    }
    if (sdp_is_enter(e)) return 0;
    if (kind == NK_OPEN) {
        uint32_t plen;
        const uint8_t *p = sdp_param(e, 1, &plen);
        if (e->nparams > 1 && plen > 0 && p[0] == '/') {   /* absolute: the value itself */
            *n = sanitize_into((const char *)p, plen, f->namebuf, sizeof f->namebuf);
            *v = f->namebuf;
            return 1;
        }
        if (e->nparams > 1) { SDP_DECLINE(eng, "fd.name of a relative path from parameters"); return 0; }
    } else if (kind == NK_OPENAT || kind == NK_OPENAT2) {
        return openat_name(eng, f, e, kind, v, n);
    } else if ((kind == NK_CONNECT || kind == NK_SOCK) && e->nparams > 1) {
        return address_name(eng, f, e, v, n);
    }
    f->namebuf[0] = 0;
    *v = f->namebuf;
    *n = 0;
    return 1;
}

static int field_value(sdp_engine *eng, sdp_filter *f, sdp_event *e, int field, const char **v, uint32_t *n) {
    switch (field) {
    case FF_EVT_DIR:
        *v = e->info->dir == '>' ? ">" : "<";
        *n = 1;
        return 1;
    case FF_PROC_NAME: {
        sdp_thread *t = e->thread ? e->thread : sdp_threads_get(eng, e->tid);
        if (t == NULL) return 0;
        *v = t->comm;
        *n = (uint32_t)strlen(t->comm);
        return 1;
    }
    case FF_FD_NAME:
        return fd_name(eng, f, e, v, n);
    case FF_FD_TYPE: {
        sdp_fd *fdi = NULL;
        if (!extract_fd(eng, e, &fdi) || fdi == NULL) return 0;
        *v = fd_typestr(fdi->type);
        *n = (uint32_t)strlen(*v);
        return 1;
    }
    case FF_EVT_IS_IO: case FF_EVT_IS_IO_READ: case FF_EVT_IS_IO_WRITE: {
        uint32_t mask = field == FF_EVT_IS_IO ? (SDP_EF_READS_FROM_FD | SDP_EF_WRITES_TO_FD)
                        : field == FF_EVT_IS_IO_READ ? SDP_EF_READS_FROM_FD : SDP_EF_WRITES_TO_FD;
        *v = (e->info->flags & mask) ? "1" : "0";      /* booleans compare as 0/1 (cfilter.py) */
        *n = 1;
        return 1;
    }
    }
    SDP_DECLINE(eng, "filter field");
    return 0;
}

static int contains(const char *h, uint32_t hn, const char *nd, uint32_t nn) {
    if (nn == 0) return 1;
    if (nn > hn) return 0;
    return memmem(h, hn, nd, nn) != NULL;
}

static int check_one(int op, const char *v, uint32_t n, const sdp_str *s) {
    switch (op) {
    case FO_EQ: case FO_IN: return n == s->n && !memcmp(v, s->p, n);
    case FO_NE: return !(n == s->n && !memcmp(v, s->p, n));
    case FO_CONTAINS: return contains(v, n, s->p, s->n);
    case FO_STARTSWITH: return n >= s->n && !memcmp(v, s->p, s->n);
    case FO_ENDSWITH: return n >= s->n && !memcmp(v + n - s->n, s->p, s->n);
    }
    return 0;
}

static int eval_node(sdp_engine *eng, sdp_filter *f, sdp_fnode *nd, sdp_event *e) {
    switch (nd->kind) {
    case FN_AND:
        for (uint32_t i = 0; i < nd->n; i++)
            if (!eval_node(eng, f, nd->kids[i], e)) return 0;
        return 1;
    case FN_OR:
        for (uint32_t i = 0; i < nd->n; i++)
            if (eval_node(eng, f, nd->kids[i], e)) return 1;
        return 0;
    case FN_NOT:
        return !eval_node(eng, f, nd->kids[0], e);
    case FN_TYPE: {
        int hit = nd->codes[e->code];
        if (!hit && e->code <= 1 && nd->n) {
            const char *t = sdp_evt_type(eng, e);
            uint32_t tn = (uint32_t)strlen(t);
            for (uint32_t i = 0; i < nd->n && !hit; i++)
                hit = tn == nd->vals[i].n && !memcmp(t, nd->vals[i].p, tn);
        }
        return nd->negate ? !hit : hit;
    }
    case FN_CHECK: {
        const char *v;
        uint32_t n;
        if (!field_value(eng, f, e, nd->field, &v, &n)) return 0;
        if (nd->op == FO_EXISTS) return 1;
        for (uint32_t i = 0; i < nd->n; i++)
            if (check_one(nd->op, v, n, &nd->vals[i])) return 1;
        return 0;
    }
    }
    return 0;
}

int sdp_filter_eval(sdp_engine *eng, sdp_filter *f, sdp_event *e) {
    return eval_node(eng, f, f->root, e);
}
