/* sysdigpy fast path: the loop of pipeline.py, its tables and its ctypes API (see engine.h).
 *
 * Python (fastpath/engine.py) loads the tables once, imports each section's initial state
 * (the threads and fds sysdigpy.state built from the process and fd lists), then hands the
 * capture's event blocks to sdp_feed_blocks, or single decoded events to sdp_feed_event, and
 * writes out what accumulates in the output buffer.  A decline stops the run before the event
 * it concerns; eng->num then counts the events fully handled.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "engine.h"
#include "../probe/eventwalk.h"

#include "state.c"
#include "parse.c"
#include "render.c"
#include "filter.c"
#include "format.c"

/* ---- strings and buffers ------------------------------------------------------------------------- */
char *sdp_strdup(const char *s) {
    size_t n = s ? strlen(s) : 0;
    char *p = malloc(n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *sdp_strndup(const uint8_t *s, size_t n) {
    const uint8_t *z = s ? memchr(s, 0, n) : NULL;
    if (z) n = (size_t)(z - s);
    char *p = malloc(n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void sdp_setstr(char **dst, const char *s) {
    char *n = sdp_strdup(s);
    free(*dst);
    *dst = n;
}

static void buf_grow(sdp_buf *b, size_t need) {
    if (b->n + need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->n + need) cap *= 2;
    b->p = realloc(b->p, cap);
    b->cap = cap;
}

void buf_put(sdp_buf *b, const char *s, size_t n) {
    buf_grow(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

void buf_puts(sdp_buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(sdp_buf *b, char c) {
    buf_grow(b, 1);
    b->p[b->n++] = c;
}

void buf_printf(sdp_buf *b, const char *fmt, ...) {
    va_list ap;
    char tmp[256];
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { buf_put(b, tmp, (size_t)n); return; }
    buf_grow(b, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

/* ---- events ------------------------------------------------------------------------------------------ */
int sdp_event_init(sdp_engine *eng, sdp_event *e, const uint8_t *data, uint32_t len, uint16_t cpu, uint32_t dflags) {
    if (len < 26) return 0;
    memset(e, 0, offsetof(sdp_event, param));
    e->data = data;
    e->len = len;
    e->ts = rd64(data);
    e->tid = (int64_t)rd64(data + 8);
    e->code = rd16(data + 20);
    e->raw_nparams = rd32(data + 22);
    e->cpu = cpu;
    e->dflags = dflags;
    if (e->code >= eng->ncodes) return 0;
    e->info = &eng->events[e->code];
    uint32_t width = (e->info->flags & SDP_EF_LARGE_PAYLOAD) ? 4 : 2;
    uint64_t off = 26 + (uint64_t)width * e->raw_nparams;
    if (off > len) return 0;
    e->nparams = e->raw_nparams < e->info->nparams ? e->raw_nparams : e->info->nparams;
    e->width = width;
    e->thread = NULL;
    e->fdinfo = NULL;
    e->errorcode = 0;
    return 1;
}

void sdp_split_params(sdp_event *e) {
    const uint8_t *data = e->data;
    uint32_t len = e->len, width = e->width;
    uint64_t off = 26 + (uint64_t)width * e->raw_nparams;   /* checked by sdp_event_init */
    for (uint32_t i = 0; i < e->nparams; i++) {
        uint32_t l = width == 4 ? rd32(data + 26 + 4 * i) : rd16(data + 26 + 2 * i);
        uint64_t start = off < len ? off : len;
        uint64_t end = off + l < len ? off + l : len;
        e->param[i] = data + start;
        e->plen[i] = (uint32_t)(end - start);
        off += l;
    }
    e->split = 1;
}

/* ---- the loop (Pipeline.run and State.process) --------------------------------------------------------- */
#define SDP_OK 0
#define SDP_DECLINED 1

static uint8_t g_meta[1024];        /* code -> numbering class of numbering.py (engine.py loads it) */
static uint8_t g_container[1024];   /* code -> container event */

void sdp_agg_add(sdp_engine *eng, sdp_event *e);

/* State.process with the filter f inside (NULL: none); 1 when the event passes. */
static int process_state(sdp_engine *eng, sdp_event *e, sdp_filter *f) {
    sdp_apply_deferred(eng);
    sdp_reset(eng, e);
    if (eng->declined) return 0;
    int later = f != NULL && sdp_modifies_state(eng, e);
    if (eng->declined) return 0;
    if (f != NULL && !later && !sdp_filter_eval(eng, f, e)) {
        sdp_forget_type(eng, e);
        return 0;
    }
    sdp_handle(eng, e);
    if (eng->declined) return 0;
    if (later && !sdp_filter_eval(eng, f, e)) return 0;
    sdp_cleanup(eng, e);
    return 1;
}

static int process_event(sdp_engine *eng, const uint8_t *data, uint32_t len, uint16_t cpu, uint32_t dflags) {
    if (len < 26) { SDP_DECLINE(eng, "short event"); return SDP_DECLINED; }
    uint16_t code = rd16(data + 20);
    if (code >= SDP_LEGACY_EVENT_MAX) {
        if (code < eng->ncodes && g_meta[code]) return SDP_OK;  /* unnumbered, no state in file mode */
        SDP_DECLINE(eng, "event id past the legacy table");
        return SDP_DECLINED;
    }
    if (eng->decline_at && eng->num + 1 == eng->decline_at) { SDP_DECLINE(eng, "asked to"); return SDP_DECLINED; }
    if (!eng->events[code].handled) { SDP_DECLINE(eng, "no C handler"); return SDP_DECLINED; }
    sdp_event ev;
    if (!sdp_event_init(eng, &ev, data, len, cpu, dflags)) { SDP_DECLINE(eng, "event layout"); return SDP_DECLINED; }
    ev.num = eng->num + 1;
    if (eng->leading && g_container[code]) {
        /* sinsp consumes the container events that open a section while opening the capture:
         * numbered, parsed without the filter, never handed out (Pipeline.run) */
        process_state(eng, &ev, NULL);
        if (eng->declined) return SDP_DECLINED;
        eng->num++;
        return SDP_OK;
    }
    size_t mark = eng->out.n;
    int pass = process_state(eng, &ev, eng->filter);
    if (!eng->declined && pass) {
        int internal = (ev.info->category & SDP_EC_INTERNAL) != 0;
        if (eng->agg != NULL)
            sdp_agg_add(eng, &ev);
        else if (!(dflags & SDP_DF_STATE_ONLY) && !internal) {
            if (eng->out_mode == SDP_OUT_LINE)
                sdp_render_line(eng, &ev, &eng->out);
            else if (eng->out_mode == SDP_OUT_JSON)
                sdp_render_json(eng, &ev, &eng->out);
            else if (eng->out_mode == SDP_OUT_FORMAT)
                sdp_render_format(eng, &ev, &eng->out);
            if (!eng->declined) eng->shown++;
        }
    }
    if (eng->declined) {       /* nothing of this event goes out */
        eng->out.n = mark;
        return SDP_DECLINED;
    }
    eng->num++;
    eng->leading = 0;
    if (pass) eng->returned++;
    return SDP_OK;
}

/* ---- table-chisel aggregation (TableChisel keyed by fd.name, valued by evt.rawarg.res) ---------------
 * What ChiselManager.on_event and TableChisel.on_event do for every event that passed the filter:
 * the chisel's filter, the key (a missing key skips the event), the value, added when it is > 0,
 * rows kept in insertion order (the order Python's dict keeps, which breaks ties in the sort). */
typedef struct { char *key; uint32_t keylen; int64_t sum; } sdp_agg_row;
struct sdp_agg {
    sdp_filter *filter;                 /* the chisel's filter, or NULL */
    sdp_filter keybuf;                  /* the text buffer fd.name is built in */
    int16_t res_index[1024];            /* the first parameter named "res" of each event id, or -1 */
    sdp_agg_row *rows;
    uint32_t n, cap;
    uint32_t *slots;                    /* hash index: row + 1, 0 empty */
    uint32_t nslots;
    uint64_t first_ts, last_ts;
    int seen;
};

static uint64_t agg_hash(const char *s, uint32_t n) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < n; i++) h = (h ^ (uint8_t)s[i]) * 1099511628211ull;
    return h;
}

static void agg_reindex(sdp_agg *a) {
    free(a->slots);
    a->nslots = a->nslots ? a->nslots * 2 : 1024;
    a->slots = calloc(a->nslots, sizeof *a->slots);
    for (uint32_t r = 0; r < a->n; r++) {
        uint64_t h = agg_hash(a->rows[r].key, a->rows[r].keylen) & (a->nslots - 1);
        while (a->slots[h]) h = (h + 1) & (a->nslots - 1);
        a->slots[h] = r + 1;
    }
}

static int is_signed_res(int ptype) {
    return ptype == PT_ERRNO_ || ptype == PT_INT64_ || ptype == PT_FD_ || ptype == PT_PID_ || ptype == PT_INT32_ ||
           ptype == PT_INT16_ || ptype == PT_INT8_ || ptype == PT_FD32_ || ptype == PT_PID32_;
}

static int param_width(int ptype) {
    switch (ptype) {
    case PT_INT8_: case PT_UINT8_: return 1;
    case PT_INT16_: case PT_UINT16_: return 2;
    case PT_INT32_: case PT_UINT32_: case PT_FD32_: case PT_PID32_: return 4;
    default: return 8;
    }
}

void sdp_agg_add(sdp_engine *eng, sdp_event *e) {
    sdp_agg *a = eng->agg;
    if (!a->seen) { a->seen = 1; a->first_ts = e->ts; }
    a->last_ts = e->ts;
    if (a->filter != NULL && !sdp_filter_eval(eng, a->filter, e)) return;
    if (eng->declined) return;
    const char *key;
    uint32_t keylen;
    if (!fd_name(eng, &a->keybuf, e, &key, &keylen)) return;
    int idx = a->res_index[e->code];
    if (idx < 0 || (uint32_t)idx >= e->nparams) return;
    int ptype = e->info->params[idx].ptype;
    int w = param_width(ptype);
    sdp_split(e);
    uint8_t raw[8] = {0};
    memcpy(raw, e->param[idx], e->plen[idx] < (uint32_t)w ? e->plen[idx] : (uint32_t)w);
    int64_t v;
    if (is_signed_res(ptype)) {
        v = w == 1 ? (int8_t)raw[0] : w == 2 ? (int16_t)rd16(raw) : w == 4 ? (int32_t)rd32(raw) : (int64_t)rd64(raw);
    } else if (ptype == PT_UINT8_ || ptype == PT_UINT16_ || ptype == PT_UINT32_ || ptype == PT_UINT64_) {
        uint64_t u = w == 1 ? raw[0] : w == 2 ? rd16(raw) : w == 4 ? rd32(raw) : rd64(raw);
        if (u > INT64_MAX) { SDP_DECLINE(eng, "value too large"); return; }
        v = (int64_t)u;
    } else {
        return;                         /* not a number: never added (TableChisel.on_event) */
    }
    if (v <= 0) return;
    if (!a->slots || 2 * (a->n + 1) > a->nslots) agg_reindex(a);
    uint64_t h = agg_hash(key, keylen) & (a->nslots - 1);
    while (a->slots[h]) {
        sdp_agg_row *r = &a->rows[a->slots[h] - 1];
        if (r->keylen == keylen && !memcmp(r->key, key, keylen)) {
            if (__builtin_add_overflow(r->sum, v, &r->sum)) SDP_DECLINE(eng, "sum too large");
            return;
        }
        h = (h + 1) & (a->nslots - 1);
    }
    if (a->n == a->cap) {
        a->cap = a->cap ? 2 * a->cap : 256;
        a->rows = realloc(a->rows, a->cap * sizeof *a->rows);
    }
    sdp_agg_row *r = &a->rows[a->n];
    r->key = malloc(keylen + 1);
    memcpy(r->key, key, keylen);
    r->key[keylen] = 0;
    r->keylen = keylen;
    r->sum = v;
    a->slots[h] = ++a->n;
}

/* Aggregate instead of printing; prog: the chisel's filter program (len 0: none).  0 if it does not read. */
int sdp_agg_begin(sdp_engine *eng, const uint8_t *prog, uint32_t len) {
    sdp_agg *a = calloc(1, sizeof *a);
    if (len) {
        a->filter = sdp_filter_new(eng, prog, len);
        if (!a->filter) { free(a); return 0; }
    }
    for (uint32_t c = 0; c < 1024; c++) {
        a->res_index[c] = -1;
        if (c >= eng->ncodes) continue;
        for (uint32_t i = 0; i < eng->events[c].nparams; i++)
            if (!strcmp(eng->events[c].params[i].name, "res")) { a->res_index[c] = (int16_t)i; break; }
    }
    eng->agg = a;
    return 1;
}

uint32_t sdp_agg_rows(sdp_engine *eng) { return eng->agg ? eng->agg->n : 0; }
const char *sdp_agg_key(sdp_engine *eng, uint32_t i) { return eng->agg->rows[i].key; }
int64_t sdp_agg_sum(sdp_engine *eng, uint32_t i) { return eng->agg->rows[i].sum; }
int sdp_agg_seen(sdp_engine *eng) { return eng->agg ? eng->agg->seen : 0; }
uint64_t sdp_agg_first_ts(sdp_engine *eng) { return eng->agg->first_ts; }
uint64_t sdp_agg_last_ts(sdp_engine *eng) { return eng->agg->last_ts; }

/* ---- the ctypes API ----------------------------------------------------------------------------------------- */
sdp_engine *sdp_new(uint32_t ncodes) {
    sdp_engine *eng = calloc(1, sizeof *eng);
    eng->ncodes = ncodes;
    eng->events = calloc(ncodes, sizeof *eng->events);
    eng->tid_to_remove = -1;
    eng->tid_of_fds_to_remove = -1;
    eng->leading = 1;
    eng->out_mode = SDP_OUT_LINE;
    eng->max_len = 80;
    return eng;
}

void sdp_tbl_event(sdp_engine *eng, uint32_t code, const char *name, char dir, uint32_t category, uint32_t flags,
                   uint32_t nparams, int meta, int container) {
    sdp_event_info *ei = &eng->events[code];
    snprintf(ei->name, sizeof ei->name, "%s", name);
    ei->dir = dir;
    ei->category = category;
    ei->flags = flags;
    ei->nparams = nparams > SDP_MAX_PARAMS ? SDP_MAX_PARAMS : nparams;
    if (code < sizeof g_meta) {
        g_meta[code] = (uint8_t)meta;
        g_container[code] = (uint8_t)container;
    }
}

void sdp_tbl_param(sdp_engine *eng, uint32_t code, uint32_t i, const char *name, int ptype, int fmt, int table,
                   int dyn_n, int dirfd_index) {
    if (i >= SDP_MAX_PARAMS) return;
    sdp_param_info *p = &eng->events[code].params[i];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->ptype = (uint8_t)ptype;
    p->fmt = (uint8_t)fmt;
    p->table = (int16_t)table;
    p->dyn_n = (int16_t)dyn_n;
    p->dirfd_index = (int16_t)dirfd_index;
    if (i == 0) eng->events[code].res_first = !strcmp(name, "res") || !strcmp(name, "fd");
}

int sdp_tbl_flag_table(sdp_engine *eng, uint32_t n) {
    eng->flag_tables = realloc(eng->flag_tables, (eng->nflag_tables + 1) * sizeof *eng->flag_tables);
    sdp_flag_table *t = &eng->flag_tables[eng->nflag_tables];
    t->n = n;
    t->rows = calloc(n ? n : 1, sizeof *t->rows);
    return (int)eng->nflag_tables++;
}

void sdp_tbl_flag(sdp_engine *eng, uint32_t id, uint32_t row, uint32_t value, const char *name) {
    sdp_flag_table *t = &eng->flag_tables[id];
    t->rows[row].value = value;
    t->rows[row].name = sdp_strdup(name);
}

int sdp_tbl_dyn_table(sdp_engine *eng, uint32_t n) {
    eng->dyn_tables = realloc(eng->dyn_tables, (eng->ndyn_tables + 1) * sizeof *eng->dyn_tables);
    sdp_dyn_table *t = &eng->dyn_tables[eng->ndyn_tables];
    t->n = n;
    t->rows = calloc(n ? n : 1, sizeof *t->rows);
    return (int)eng->ndyn_tables++;
}

void sdp_tbl_dyn(sdp_engine *eng, uint32_t id, uint32_t row, int ptype, int fmt) {
    eng->dyn_tables[id].rows[row].ptype = (uint8_t)ptype;
    eng->dyn_tables[id].rows[row].fmt = (uint8_t)fmt;
}

/* which: 0 errno names, 1 signal names, 2 syscall names */
void sdp_tbl_names(sdp_engine *eng, int which, uint32_t n) {
    char ***arr = which == 0 ? &eng->errno_names : which == 1 ? &eng->signal_names : &eng->syscall_names;
    uint32_t *cnt = which == 0 ? &eng->nerrno : which == 1 ? &eng->nsignals : &eng->nsyscalls;
    *arr = calloc(n ? n : 1, sizeof **arr);
    *cnt = n;
}

void sdp_tbl_name(sdp_engine *eng, int which, uint32_t idx, const char *name) {
    char **arr = which == 0 ? eng->errno_names : which == 1 ? eng->signal_names : eng->syscall_names;
    uint32_t cnt = which == 0 ? eng->nerrno : which == 1 ? eng->nsignals : eng->nsyscalls;
    if (idx < cnt) sdp_setstr(&arr[idx], name);
}

/* which: 0 users, 1 groups */
void sdp_tbl_ids(sdp_engine *eng, int which, uint32_t n) {
    sdp_idname **arr = which == 0 ? &eng->users : &eng->groups;
    *arr = calloc(n ? n : 1, sizeof **arr);
    if (which == 0) eng->nusers = n; else eng->ngroups = n;
}

void sdp_tbl_id(sdp_engine *eng, int which, uint32_t i, uint32_t id, const char *name) {
    sdp_idname *arr = which == 0 ? eng->users : eng->groups;
    arr[i].id = id;
    arr[i].name = sdp_strdup(name);
}

void sdp_configure(sdp_engine *eng, int out_mode, int64_t tz_offset, uint32_t max_len) {
    eng->out_mode = out_mode;
    eng->tz_offset = tz_offset;
    eng->max_len = max_len;
}

void sdp_finish_tables(sdp_engine *eng) { sdp_parse_init(eng); }

/* The table calls above, recorded by engine.py as one program (one ctypes call instead of ~4000):
 * records of an op byte, then u32 words and strings (u16 length, bytes), as engine.py's _Program
 * writes them; words are read with filter.c's reader. */
static const char *tbl_str(sdp_reader *r, char *tmp, size_t cap) {
    if (r->pos + 2 > r->n) { r->bad = 1; return ""; }
    uint32_t len = rd16(r->p + r->pos);
    r->pos += 2;
    if (r->pos + len > r->n || len >= cap) { r->bad = 1; return ""; }
    memcpy(tmp, r->p + r->pos, len);
    tmp[len] = 0;
    r->pos += len;
    return tmp;
}

int sdp_tbl_program(sdp_engine *eng, const uint8_t *prog, uint32_t len) {
    sdp_reader r = {prog, len, 0, 0};
    char s[256];
    while (r.pos < r.n && !r.bad) {
        uint8_t op = prog[r.pos++];
        uint32_t a, b, c, d, e, f, g;
        switch (op) {
        case 1:     /* event: code dir category flags nparams meta container name */
            a = rd_word(&r); b = rd_word(&r); c = rd_word(&r); d = rd_word(&r); e = rd_word(&r); f = rd_word(&r);
            g = rd_word(&r);
            tbl_str(&r, s, sizeof s);
            if (!r.bad && a < eng->ncodes) sdp_tbl_event(eng, a, s, (char)b, c, d, e, (int)f, (int)g);
            break;
        case 2:     /* param: code i ptype fmt table dyn_n dirfd name */
            a = rd_word(&r); b = rd_word(&r); c = rd_word(&r); d = rd_word(&r); e = rd_word(&r); f = rd_word(&r);
            g = rd_word(&r);
            tbl_str(&r, s, sizeof s);
            if (!r.bad && a < eng->ncodes) sdp_tbl_param(eng, a, b, s, (int)c, (int)d, (int)e, (int)f, (int)g);
            break;
        case 3:     /* flag table: n */
            sdp_tbl_flag_table(eng, rd_word(&r));
            break;
        case 4:     /* flag row: table row value name */
            a = rd_word(&r); b = rd_word(&r); c = rd_word(&r);
            tbl_str(&r, s, sizeof s);
            if (!r.bad && a < eng->nflag_tables && b < eng->flag_tables[a].n) sdp_tbl_flag(eng, a, b, c, s);
            break;
        case 5:     /* dyn table: n */
            sdp_tbl_dyn_table(eng, rd_word(&r));
            break;
        case 6:     /* dyn row: table row ptype fmt */
            a = rd_word(&r); b = rd_word(&r); c = rd_word(&r); d = rd_word(&r);
            if (!r.bad && a < eng->ndyn_tables && b < eng->dyn_tables[a].n) sdp_tbl_dyn(eng, a, b, (int)c, (int)d);
            break;
        case 7:     /* name table: which n */
            a = rd_word(&r); b = rd_word(&r);
            if (!r.bad) sdp_tbl_names(eng, (int)a, b);
            break;
        case 8:     /* name: which index name */
            a = rd_word(&r); b = rd_word(&r);
            tbl_str(&r, s, sizeof s);
            if (!r.bad) sdp_tbl_name(eng, (int)a, b, s);
            break;
        default:
            r.bad = 1;
        }
    }
    return !r.bad;
}

/* tests: decline the event numbered n (the fallback's exactness is tested with it) */
void sdp_decline_at(sdp_engine *eng, uint64_t n) { eng->decline_at = n; }

/* ---- sections: the initial state comes from Python's ThreadTable.from_metadata ---------------------------- */
void sdp_threads_put_raw(sdp_engine *eng, sdp_thread *t);
void sdp_threads_clear(sdp_engine *eng);

void sdp_section_begin(sdp_engine *eng, const uint8_t *ifaces, uint32_t nifaces, const uint16_t *ports,
                       uint32_t nports) {
    sdp_threads_clear(eng);
    eng->tid_to_remove = -1;
    eng->tid_of_fds_to_remove = -1;
    eng->nfds_to_remove = 0;
    eng->leading = 1;
    free(eng->ipv4_ifaces);
    eng->ipv4_ifaces = malloc(8 * (nifaces ? nifaces : 1));
    if (nifaces) memcpy(eng->ipv4_ifaces, ifaces, 8 * nifaces);
    eng->nifaces = nifaces;
    free(eng->server_ports);
    eng->server_ports = malloc(2 * (nports ? nports : 1));
    if (nports) memcpy(eng->server_ports, ports, 2 * nports);
    eng->nserver_ports = nports;
}

static sdp_thread *g_importing;

void sdp_import_thread(sdp_engine *eng, int64_t tid, int64_t pid, int64_t ptid, int64_t vtid, int64_t vpid,
                       int64_t sid, int64_t vpgid, const char *comm, const char *exe, const char *exepath,
                       const char *cwd, const uint8_t *args, uint32_t argslen, uint32_t flags, uint32_t uid,
                       uint32_t gid, uint32_t loginuid, int64_t fdlimit, int64_t nchilds, uint64_t clone_ts) {
    sdp_thread *t = sdp_thread_new(tid);
    t->pid = pid; t->ptid = ptid; t->vtid = vtid; t->vpid = vpid; t->sid = sid; t->vpgid = vpgid;
    sdp_setstr(&t->comm, comm);
    sdp_setstr(&t->exe, exe);
    sdp_setstr(&t->exepath, exepath);
    sdp_setstr(&t->cwd, cwd);
    free(t->args);
    t->args = NULL;
    t->argslen = argslen;
    if (argslen) {
        t->args = malloc(argslen);
        memcpy(t->args, args, argslen);
    }
    t->flags = flags; t->uid = uid; t->gid = gid; t->loginuid = loginuid;
    t->fdlimit = fdlimit; t->nchilds = nchilds; t->clone_ts = clone_ts;
    sdp_threads_put_raw(eng, t);
    g_importing = t;
}

void sdp_import_fd(sdp_engine *eng, int64_t fd, int32_t type, uint32_t flags, uint32_t openflags, uint32_t mount_id,
                   uint64_t ino, uint64_t dev, const uint8_t *su, const char *name) {
    (void)eng;
    sdp_fd *f = sdp_fd_new(fd, type, name);
    f->flags = flags;
    f->openflags = openflags;
    f->mount_id = mount_id;
    f->ino = ino;
    f->dev = dev;
    memcpy(f->su, su, 40);
    sdp_fdtable_put(&g_importing->fdtable, fd, f);
}

/* ---- feeding ------------------------------------------------------------------------------------------------ */
static uint8_t g_table_n[1024], g_large[1024];
#define SDP_WALK_BATCH 65536        /* events between two looks at the output's size */

void sdp_tbl_layout(sdp_engine *eng, const uint8_t *table_n, const uint8_t *large, uint32_t n) {
    (void)eng;
    if (n > sizeof g_table_n) n = sizeof g_table_n;
    memcpy(g_table_n, table_n, n);
    memcpy(g_large, large, n);
}

/* the walk's sink: events are handled where they lie; converted v1 events in a scratch buffer */
typedef struct { sdp_engine *eng; uint8_t *scratch; uint32_t cap; } walk_ctx;

static int walk_room(void *ctx, uint32_t len) { (void)ctx; (void)len; return 1; }

static uint8_t *walk_scratch(void *ctx, uint32_t need) {
    walk_ctx *w = ctx;
    if (need > w->cap) {
        w->cap = need > 65536 ? need : 65536;
        w->scratch = realloc(w->scratch, w->cap);
    }
    return w->scratch;
}

static int walk_emit(void *ctx, const uint8_t *event, uint32_t len, uint64_t cf) {
    walk_ctx *w = ctx;
    return process_event(w->eng, event, len, (uint16_t)(cf & 0xFFFF), (uint32_t)(cf >> 16)) == SDP_OK;
}

static walk_ctx g_walk;

/* handle the event blocks of buf[*pos, len) until the walk stops; SDP_DECLINED on a decline */
static int walk(sdp_engine *eng, const uint8_t *buf, uint64_t len, uint64_t *pos, uint64_t max_events, int64_t *n) {
    g_walk.eng = eng;
    sdp_event_sink sink = {walk_scratch, walk_emit, walk_room, &g_walk};
    *n = sdp_walk_events(buf, len, pos, g_table_n, g_large, eng->ncodes < 1024 ? eng->ncodes : 1024, max_events,
                         &sink);
    return eng->declined ? SDP_DECLINED : SDP_OK;
}

/* Walk and handle the event blocks of buf[*pos, len); stops at a block the walk leaves to Python
 * (*pos then points at it) or on a decline (returns SDP_DECLINED). */
int sdp_feed_blocks(sdp_engine *eng, const uint8_t *buf, uint64_t len, uint64_t *pos) {
    int64_t n;
    return walk(eng, buf, len, pos, UINT64_MAX, &n);
}

/* Reading a plain capture file directly (no copy through Python): the file is mapped, and the
 * pages already handled are unmapped as the walk goes (memory stays flat).  sdp_fd_feed handles
 * the event blocks from the given offset and returns SDP_OK with *stop at the first block it
 * leaves to Python (a block that is not an event block, one the walk cannot vouch for, the end of
 * the file, whole or cut), SDP_MORE when the output has grown past out_limit or about a million
 * events went by (call again: Ctrl-C is handled in Python), or
 * SDP_DECLINED.  A file that cannot be mapped is left to Python whole (*stop at the offset). */
#define SDP_MORE 2
#define SDP_UNMAP_STEP (4u << 20)
static struct { uint8_t *map; uint64_t size, pos, released; } g_file;

static void file_release(uint64_t upto) {
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    upto -= upto % page;
    if (g_file.map && upto > g_file.released) {
        munmap(g_file.map + g_file.released, upto - g_file.released);
        g_file.released = upto;
    }
}

static void file_close(void) {
    if (g_file.map) {
        file_release(g_file.size + (uint64_t)sysconf(_SC_PAGESIZE));
        g_file.map = NULL;
    }
}

void sdp_fd_begin(sdp_engine *eng, int fd, uint64_t offset) {
    (void)eng;
    file_close();
    struct stat st;
    g_file.pos = offset;
    g_file.released = 0;
    g_file.size = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size <= offset) return;
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) return;
    madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
    g_file.map = m;
    g_file.size = (uint64_t)st.st_size;
    file_release(offset);
}

#define SDP_FEED_BATCHES 16          /* walk batches (~1M events, ~60 ms) before Python gets control back */

int sdp_fd_feed(sdp_engine *eng, uint64_t *stop, uint64_t out_limit) {
    uint32_t batches = 0;
    while (g_file.map) {
        uint64_t before = g_file.pos;
        int64_t n;
        int status = walk(eng, g_file.map, g_file.size, &g_file.pos, SDP_WALK_BATCH, &n);
        if (status != SDP_OK) { file_close(); return SDP_DECLINED; }
        if (g_file.pos == before) break;            /* a block left to Python */
        if (g_file.pos - g_file.released > SDP_UNMAP_STEP) file_release(g_file.pos);
        /* back to Python when output waits, and now and then anyway: Ctrl-C is handled there */
        if (eng->out.n > out_limit || ++batches >= SDP_FEED_BATCHES) {
            *stop = g_file.pos;
            return SDP_MORE;
        }
    }
    file_close();
    *stop = g_file.pos;
    return SDP_OK;
}

int sdp_feed_event(sdp_engine *eng, const uint8_t *data, uint32_t len, uint16_t cpu, uint32_t dflags) {
    return process_event(eng, data, len, cpu, dflags);
}

/* ---- results -------------------------------------------------------------------------------------------------- */
const char *sdp_out_ptr(sdp_engine *eng) { return eng->out.p; }
uint64_t sdp_out_size(sdp_engine *eng) { return eng->out.n; }
void sdp_out_clear(sdp_engine *eng) { eng->out.n = 0; }
uint64_t sdp_num(sdp_engine *eng) { return eng->num; }
uint64_t sdp_returned(sdp_engine *eng) { return eng->returned; }
uint64_t sdp_shown(sdp_engine *eng) { return eng->shown; }
const char *sdp_decline_reason(sdp_engine *eng) { return eng->decline_reason ? eng->decline_reason : ""; }
