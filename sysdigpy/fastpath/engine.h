/* sysdigpy fast path: the read pipeline (state, filter, default line, JSON line) in C.
 *
 * The Python engine (sysdigpy/state, sysdigpy/events/render.py, sysdigpy/fields) is the
 * reference; this is a translation of it for the common jobs, driven by fastpath/engine.py.
 * Whatever the C engine cannot do exactly as the Python engine does, it declines: it stops
 * *before* emitting anything for the event it cannot handle and reports that event's
 * number; Python then replays the capture up to that event without output and carries on.
 * So a decline costs time, never correctness.  Decline with SDP_DECLINE(eng, "why").
 *
 * One translation unit: engine.c includes the other .c files of this directory.
 *
 * Layout of the parts:
 *   engine.h        this file: types shared by all parts
 *   tables.c        the event table, flag/errno/signal/syscall names, users (loaded by Python)
 *   state.c         threads, fd tables, reset/cleanup/deferred removals (parsers.py, threads.py, fds.py)
 *   parse.c         the event handlers (parse_*.py)
 *   render.c        evt.info / evt.args, the default line and the -j line (render.py, fields)
 *   filter.c        a compiled filter over a few fields (a subset of sysdigpy/filter)
 *   engine.c        the loop (pipeline.py), output buffer, the ctypes API
 */
#ifndef SDP_ENGINE_H
#define SDP_ENGINE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "../probe/scapevents.h"

/* ---- parameter types and print formats (order shared with fastpath/engine.py: PTYPES, PFORMATS) ---- */
enum sdp_ptype {
    PT_NONE_ = 0, PT_INT8_, PT_INT16_, PT_INT32_, PT_INT64_, PT_UINT8_, PT_UINT16_, PT_UINT32_, PT_UINT64_,
    PT_CHARBUF_, PT_BYTEBUF_, PT_ERRNO_, PT_SOCKADDR_, PT_SOCKTUPLE_, PT_FD_, PT_PID_, PT_FDLIST_,
    PT_FSPATH_, PT_SYSCALLID_, PT_SIGTYPE_, PT_RELTIME_, PT_ABSTIME_, PT_PORT_, PT_L4PROTO_, PT_SOCKFAMILY_,
    PT_BOOL_, PT_IPV4ADDR_, PT_DYN_, PT_FLAGS8_, PT_FLAGS16_, PT_FLAGS32_, PT_UID_, PT_GID_, PT_DOUBLE_,
    PT_SIGSET_, PT_CHARBUFARRAY_, PT_CHARBUF_PAIR_ARRAY_, PT_IPV4NET_, PT_IPV6ADDR_, PT_IPV6NET_, PT_IPADDR_,
    PT_IPNET_, PT_MODE_, PT_FSRELPATH_, PT_ENUMFLAGS8_, PT_ENUMFLAGS16_, PT_ENUMFLAGS32_, PT_FD32_, PT_PID32_,
    PT_COUNT_
};
enum sdp_pformat { PF_NA_ = 0, PF_DEC_, PF_HEX_, PF_10_PADDED_DEC_, PF_ID_, PF_DIR_, PF_OCT_, PF_COUNT_ };

/* event flags (table.py EF_*) and categories */
#define SDP_EF_CREATES_FD 1u
#define SDP_EF_DESTROYS_FD 2u
#define SDP_EF_USES_FD 4u
#define SDP_EF_READS_FROM_FD 8u
#define SDP_EF_WRITES_TO_FD 16u
#define SDP_EF_MODIFIES_STATE 32u
#define SDP_EF_SKIPPARSERESET 256u
#define SDP_EF_LARGE_PAYLOAD 2048u
#define SDP_EC_INTERNAL 256u

#define SDP_MAX_PARAMS 32
#define SDP_LEGACY_EVENT_MAX 336
#define SDP_DF_STATE_ONLY 1u
#define SDP_DF_TRACER 2u

/* ---- tables (tables.c; filled by engine.py at start-up) ---------------------------------------- */
typedef struct {
    char name[48];
    uint8_t ptype;          /* enum sdp_ptype */
    uint8_t fmt;            /* enum sdp_pformat */
    int16_t table;          /* flag table (PT_FLAGS*, PT_MODE, PT_ENUMFLAGS*) or dyn table (PT_DYN) id, -1 none */
    int16_t dyn_n;          /* PT_DYN: the "/n" limit of the table, or -1 */
    int16_t dirfd_index;    /* PT_FSRELPATH "dirfd=N", or -1 */
} sdp_param_info;

typedef struct {
    char name[48];
    char dir;               /* '>' or '<' */
    uint32_t category;      /* EC_* (low bits as table.py keeps them) */
    uint32_t flags;         /* EF_* */
    uint32_t nparams;       /* table count */
    uint8_t handled;        /* the C parser has a handler for it (parse.c), or needs none */
    uint8_t res_first;      /* its first parameter is called "res" or "fd" (the error code's source) */
    sdp_param_info params[SDP_MAX_PARAMS];
} sdp_event_info;

typedef struct { uint32_t value; char *name; } sdp_flag;
typedef struct { uint32_t n; sdp_flag *rows; } sdp_flag_table;   /* rows in sysdig's walk order */
typedef struct { uint8_t ptype, fmt; } sdp_dyn_entry;
typedef struct { uint32_t n; sdp_dyn_entry *rows; } sdp_dyn_table;

typedef struct { uint32_t id; char *name; } sdp_idname;             /* users and groups */

/* ---- state -------------------------------------------------------------------------------------- */
typedef struct sdp_fd {
    int64_t fd;
    int32_t type;           /* scap fd type (fds.py FD_*) */
    uint32_t flags;         /* sinsp_fdinfo flags (fds.py FLAGS_*) */
    uint32_t openflags;
    uint32_t mount_id;
    uint64_t ino, dev;
    uint8_t su[40];         /* the sinsp_sockinfo union, same offsets as fds.py */
    char *name;             /* owned, NUL-terminated, never NULL */
} sdp_fd;

/* int64 key -> pointer, open addressing with tombstones (state.c map_*): the fd and thread tables */
#define SDP_TOMB ((void *)1)
typedef struct {
    int64_t *keys;
    void **vals;            /* NULL: empty slot; SDP_TOMB: deleted */
    uint32_t cap, count, used;
} sdp_map;

/* the value in slot i (i < cap), or NULL for an empty or deleted slot */
static inline void *sdp_map_at(const sdp_map *m, uint32_t i) {
    void *v = m->vals[i];
    return v == SDP_TOMB ? NULL : v;
}

typedef sdp_map sdp_fdtable;    /* int64 fd -> sdp_fd* */

typedef struct sdp_thread {
    int64_t tid, pid, ptid;
    int64_t vtid, vpid, sid, vpgid;
    char *comm, *exe, *exepath, *cwd;   /* owned, never NULL; cwd is meaningful on a main thread */
    char *args;                         /* NUL-separated, owned (may be NULL: none) */
    uint32_t argslen;
    uint32_t flags;                     /* PPM_CL_* and sinsp's (threads.py CL_*) */
    uint32_t uid, gid, loginuid;
    int64_t fdlimit;
    int64_t nchilds;
    uint64_t clone_ts;
    int placeholder;
    sdp_fdtable fdtable;
    /* parser bookkeeping */
    int64_t lastevent_fd;
    int32_t lastevent_type;
    uint64_t lastevent_ts, prevevent_ts, last_latency_entertime, latency;
    uint8_t *lastevent_data;            /* the stored enter event's v2 bytes (store_event), owned */
    uint32_t lastevent_len, lastevent_cap;
    int lastevent_present, lastevent_data_valid;
    uint16_t lastevent_cpu;
    uint64_t table_order;               /* insertion order (Python dict order), for ordered walks */
} sdp_thread;

typedef struct {
    sdp_map map;                        /* int64 tid -> sdp_thread* */
    uint64_t next_order;
    struct sdp_thread *last;            /* the thread found last (events come in runs of one thread) */
} sdp_threadtable;

/* ---- one event -------------------------------------------------------------------------------------- */
typedef struct sdp_event {
    const uint8_t *data;    /* v2 bytes: ts u64, tid u64, len u32, type u16, nparams u32, lens, values */
    uint32_t len;
    uint16_t code;
    uint16_t cpu;
    uint32_t dflags;        /* dump flags of the block (SDP_DF_*) */
    uint64_t ts;
    int64_t tid;
    uint64_t num;
    uint32_t raw_nparams;   /* in the event */
    uint32_t nparams;       /* usable: min(table count, raw count) */
    uint32_t split;         /* param/plen are filled (sdp_split: on first use, most events never need them) */
    uint32_t width;         /* bytes of a parameter length: 2, or 4 for EF_LARGE_PAYLOAD ids */
    const uint8_t *param[SDP_MAX_PARAMS];
    uint32_t plen[SDP_MAX_PARAMS];
    const sdp_event_info *info;
    sdp_thread *thread;     /* set by the reset (State.reset) */
    sdp_fd *fdinfo;         /* set by the reset and handlers (evt.fdinfo) */
    int64_t errorcode;
} sdp_event;

/* ---- output ------------------------------------------------------------------------------------------ */
typedef struct {
    char *p;
    size_t n, cap;
} sdp_buf;

/* ---- the engine ------------------------------------------------------------------------------------ */
#define SDP_OUT_NONE 0      /* state only (chisel aggregation, counting) */
#define SDP_OUT_LINE 1      /* the default line */
#define SDP_OUT_JSON 2      /* the default -j line */

typedef struct sdp_filter sdp_filter;   /* filter.c */
typedef struct sdp_agg sdp_agg;         /* engine.c: table-chisel aggregation */

typedef struct sdp_engine {
    /* tables */
    sdp_event_info *events;             /* ncodes rows */
    uint32_t ncodes;
    sdp_flag_table *flag_tables;
    uint32_t nflag_tables;
    sdp_dyn_table *dyn_tables;
    uint32_t ndyn_tables;
    char **errno_names;                 /* index: errno value, NULL when unnamed */
    uint32_t nerrno;
    char **signal_names;
    uint32_t nsignals;
    char **syscall_names;               /* ppm_sc code -> name (libs-2022) */
    uint32_t nsyscalls;
    sdp_idname *users, *groups;
    uint32_t nusers, ngroups;
    uint8_t (*ipv4_ifaces)[8];          /* addr[4], netmask[4] of the IPv4 interfaces, file order */
    uint32_t nifaces;
    uint16_t *server_ports;             /* table.server_ports */
    uint32_t nserver_ports;

    /* state */
    sdp_threadtable threads;
    int64_t tid_to_remove;
    int64_t tid_of_fds_to_remove;
    int64_t *fds_to_remove;
    uint32_t nfds_to_remove, capfds_to_remove;

    /* run */
    uint64_t num;                       /* events numbered so far */
    int leading;                        /* no event handed out yet in this section */
    int out_mode;                       /* SDP_OUT_* */
    int64_t tz_offset;                  /* seconds east of UTC for evt.time */
    uint32_t max_len;                   /* the buffer cut (80, 0 with -v) */
    sdp_filter *filter;                 /* NULL: none */
    sdp_agg *agg;
    uint64_t returned, shown;
    sdp_buf out;
    char last[256];                     /* render.py Renderer.last (sinsp's reused text buffer), cut */
    uint32_t lastlen;

    /* decline */
    uint64_t decline_at;                /* tests: decline the event of this number (0: never) */
    int declined;
    const char *decline_reason;
} sdp_engine;

#define SDP_DECLINE(eng, why) do { (eng)->declined = 1; (eng)->decline_reason = (why); } while (0)

/* ---- little-endian parameter reads, with the Python Event's defaults (short or missing -> default) ---- */
void sdp_split_params(sdp_event *e);            /* engine.c: param[] and plen[] from the lengths */
static inline void sdp_split(const sdp_event *e) {
    if (!e->split) sdp_split_params((sdp_event *)e);
}
static inline const uint8_t *sdp_param(const sdp_event *e, uint32_t i, uint32_t *len) {
    if (i >= e->nparams) { *len = 0; return NULL; }
    sdp_split(e);
    *len = e->plen[i];
    return e->param[i];
}
static inline int sdp_has_param(const sdp_event *e, uint32_t i) { return i < e->nparams; }
static inline int64_t sdp_i64(const sdp_event *e, uint32_t i, int64_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 8) return dflt;
    return (int64_t)rd64(e->param[i]);
}
static inline uint64_t sdp_u64(const sdp_event *e, uint32_t i, uint64_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 8) return dflt;
    return rd64(e->param[i]);
}
static inline uint32_t sdp_u32(const sdp_event *e, uint32_t i, uint32_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 4) return dflt;
    return rd32(e->param[i]);
}
static inline int32_t sdp_i32(const sdp_event *e, uint32_t i, int32_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 4) return dflt;
    return (int32_t)rd32(e->param[i]);
}
static inline uint16_t sdp_u16(const sdp_event *e, uint32_t i, uint16_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 2) return dflt;
    return rd16(e->param[i]);
}
static inline uint8_t sdp_u8(const sdp_event *e, uint32_t i, uint8_t dflt) {
    sdp_split(e);
    if (i >= e->nparams || e->plen[i] < 1) return dflt;
    return e->param[i][0];
}
static inline int sdp_is_enter(const sdp_event *e) { return !(e->code & 1); }

/* split v2 bytes into an event view (engine.c); 0 when the bytes do not hold the header and lengths */
int sdp_event_init(sdp_engine *eng, sdp_event *e, const uint8_t *data, uint32_t len, uint16_t cpu, uint32_t dflags);

/* ---- strings -------------------------------------------------------------------------------------- */
char *sdp_strdup(const char *s);                       /* never NULL */
char *sdp_strndup(const uint8_t *s, size_t n);         /* n bytes, cut at the first NUL */
void sdp_setstr(char **dst, const char *s);            /* free the old value, copy s */
void buf_put(sdp_buf *b, const char *s, size_t n);
void buf_puts(sdp_buf *b, const char *s);
void buf_putc(sdp_buf *b, char c);
void buf_printf(sdp_buf *b, const char *fmt, ...);

/* ---- state API (state.c), the Python methods of the same names ------------------------------------ */
sdp_thread *sdp_thread_new(int64_t tid);
sdp_thread *sdp_threads_get(sdp_engine *eng, int64_t tid);                 /* ThreadTable.get */
sdp_thread *sdp_threads_get_ref(sdp_engine *eng, int64_t tid, int create); /* ThreadTable.get_ref */
void sdp_threads_add(sdp_engine *eng, sdp_thread *t, int from_proc);       /* ThreadTable.add */
int sdp_threads_remove(sdp_engine *eng, int64_t tid, int force);           /* ThreadTable.remove */
sdp_thread *sdp_main_thread(sdp_engine *eng, sdp_thread *t);               /* ThreadInfo.main_thread */
sdp_fdtable *sdp_fd_table(sdp_engine *eng, sdp_thread *t);                 /* ThreadInfo.fd_table */
sdp_fd *sdp_get_fd(sdp_engine *eng, sdp_thread *t, int64_t fd);            /* ThreadInfo.get_fd */
sdp_fd *sdp_add_fd(sdp_engine *eng, sdp_thread *t, int64_t fd, sdp_fd *fdinfo); /* ThreadInfo.add_fd (copies) */
void sdp_remove_fd(sdp_engine *eng, sdp_thread *t, int64_t fd);
const char *sdp_get_cwd(sdp_engine *eng, sdp_thread *t);                   /* ThreadInfo.get_cwd */
sdp_fd *sdp_fd_new(int64_t fd, int32_t type, const char *name);
void sdp_fd_free(sdp_fd *f);
sdp_fd *sdp_fdtable_get(sdp_fdtable *tb, int64_t fd);
void sdp_fdtable_put(sdp_fdtable *tb, int64_t fd, sdp_fd *f);              /* takes ownership */
void sdp_fdtable_del(sdp_fdtable *tb, int64_t fd);                         /* frees the entry */
char sdp_fd_typechar(const sdp_fd *f);                                     /* FdInfo.typechar */
int sdp_fd_get_l4proto(const sdp_fd *f);                                   /* FdInfo.get_l4proto */
/* sinsp concatenate_paths into out (PATH_TOO_LONG rule of threads.py); returns the length */
size_t sdp_concatenate_paths(const char *base, const uint8_t *path, size_t pathlen_param, char *out, size_t outcap);

/* State.process minus the filter: deferred removals, reset, handler, cleanup.  With a filter,
 * engine.c calls the pieces in State.process's order. */
void sdp_apply_deferred(sdp_engine *eng);
int sdp_reset(sdp_engine *eng, sdp_event *e);
int sdp_modifies_state(sdp_engine *eng, sdp_event *e);
void sdp_handle(sdp_engine *eng, sdp_event *e);      /* parse.c: HANDLERS[e->code], or nothing */
void sdp_cleanup(sdp_engine *eng, sdp_event *e);     /* the tail of State.process (stored enter, event times) */
void sdp_forget_type(sdp_engine *eng, sdp_event *e); /* a rejected event: thread.lastevent_type = PPM_EVENT_MAX */
void sdp_parse_init(sdp_engine *eng);                /* parse.c: mark events[code].handled */

/* ---- render API (render.c) ------------------------------------------------------------------------- */
void sdp_render_args(sdp_engine *eng, sdp_event *e, sdp_buf *b);           /* Renderer.args (evt.info) */
void sdp_render_line(sdp_engine *eng, sdp_event *e, sdp_buf *b);           /* the default line + "\n" */
void sdp_render_json(sdp_engine *eng, sdp_event *e, sdp_buf *b);           /* the default -j line + "\n" */
const char *sdp_evt_type(sdp_engine *eng, const sdp_event *e);             /* evt.type (generic: syscall name) */

/* ---- filter API (filter.c) --------------------------------------------------------------------------- */
int sdp_filter_eval(sdp_engine *eng, sdp_filter *f, sdp_event *e);         /* 1 pass, 0 reject */

#endif
