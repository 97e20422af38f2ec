/* sysdigpy fast path: threads, fd tables, reset/cleanup/deferred removals.
 *
 * A translation of sysdigpy/state/threads.py, fds.py and the driver parts of parsers.py.
 * Included by engine.c (one translation unit) before parse.c.
 */
#include <arpa/inet.h>

/* PPM_CL_* and sinsp's thread flags (threads.py) */
#define CL_CLONE_FILES (1u << 0)
#define CL_CLONE_FS (1u << 1)
#define CL_CLONE_THREAD (1u << 13)
#define CL_CLONE_INVERTED (1u << 16)
#define CL_NAME_CHANGED (1u << 17)
#define CL_CLOSED (1u << 18)
#define CL_ACTIVE (1u << 19)
#define CL_PIPE_SRC (1u << 21)
#define CL_PIPE_DST (1u << 22)
#define CL_CHILD_IN_PIDNS (1u << 29)
#define CL_IS_MAIN_THREAD (1u << 30)
#define UNSET_ID 0xFFFFFFFFu
#define SCAP_MAX_PATH_SIZE 1024

/* fds.py */
#define FD_UNINITIALIZED (-1)
#define FD_UNKNOWN 0
#define FD_FILE 1
#define FD_DIRECTORY 2
#define FD_IPV4_SOCK 3
#define FD_IPV6_SOCK 4
#define FD_IPV4_SERVSOCK 5
#define FD_IPV6_SERVSOCK 6
#define FD_FIFO 7
#define FD_UNIX_SOCK 8
#define FD_EVENT 9
#define FD_UNSUPPORTED 10
#define FD_SIGNALFD 11
#define FD_EVENTPOLL 12
#define FD_INOTIFY 13
#define FD_TIMERFD 14
#define FD_NETLINK 15
#define FD_FILE_V2 16

#define L4_UNKNOWN 0
#define L4_NA 1
#define L4_TCP 2
#define L4_UDP 3
#define L4_ICMP 4
#define L4_RAW 5

#define FDF_FROM_PROC (1u << 0)
#define FDF_ROLE_CLIENT (1u << 2)
#define FDF_ROLE_SERVER (1u << 3)
#define FDF_CLOSE_IN_PROGRESS (1u << 4)
#define FDF_CLOSE_CANCELED (1u << 5)
#define FDF_IS_TRACER_FILE (1u << 7)
#define FDF_IS_TRACER_FD (1u << 8)
#define FDF_IS_NOT_TRACER_FD (1u << 9)
#define FDF_SOCKET_CONNECTED (1u << 13)
#define FDF_IS_CLONED (1u << 14)
#define FDF_CONNECTION_PENDING (1u << 15)
#define FDF_CONNECTION_FAILED (1u << 16)

#define CANCELED_FD_NUMBER INT64_MAX

/* parsers.py */
#define SCHEDSWITCH_6_E 152
#define PROCINFO_E 234
#define WRITE_X 9
#define TRACER_E 268
#define COPY_FILE_RANGE_X 333
#define PPM_AT_FDCWD (-100)

static int sdp_is_clone_exit(uint16_t c) {
    switch (c) {
    case 15: case 157: case 183: case 185: case 217: case 219: case 221: case 223: case 225: case 227: case 335:
        return 1;
    }
    return 0;
}
static int sdp_is_container_json(uint16_t c) { return c == 272 || c == 324; }

/* ---- removed objects are freed at the next event (an event may still point at them) ----------- */
static sdp_thread **g_dead_threads;
static uint32_t g_ndead_threads, g_capdead_threads;
static sdp_fd **g_dead_fds;
static uint32_t g_ndead_fds, g_capdead_fds;

static void sdp_thread_free(sdp_thread *t);

static void bury_thread(sdp_thread *t) {
    if (g_ndead_threads == g_capdead_threads) {
        g_capdead_threads = g_capdead_threads ? 2 * g_capdead_threads : 16;
        g_dead_threads = realloc(g_dead_threads, g_capdead_threads * sizeof *g_dead_threads);
    }
    g_dead_threads[g_ndead_threads++] = t;
}

static void bury_fd(sdp_fd *f) {
    if (g_ndead_fds == g_capdead_fds) {
        g_capdead_fds = g_capdead_fds ? 2 * g_capdead_fds : 16;
        g_dead_fds = realloc(g_dead_fds, g_capdead_fds * sizeof *g_dead_fds);
    }
    g_dead_fds[g_ndead_fds++] = f;
}

static void free_buried(void) {
    for (uint32_t i = 0; i < g_ndead_threads; i++) sdp_thread_free(g_dead_threads[i]);
    g_ndead_threads = 0;
    for (uint32_t i = 0; i < g_ndead_fds; i++) sdp_fd_free(g_dead_fds[i]);
    g_ndead_fds = 0;
}

/* ---- hashing ------------------------------------------------------------------------------------ */
static inline uint32_t sdp_hash64(int64_t k) {
    uint64_t x = (uint64_t)k;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

/* ---- fds ---------------------------------------------------------------------------------------- */
sdp_fd *sdp_fd_new(int64_t fd, int32_t type, const char *name) {
    sdp_fd *f = calloc(1, sizeof *f);
    f->fd = fd;
    f->type = type;
    f->name = sdp_strdup(name ? name : "");
    return f;
}

void sdp_fd_free(sdp_fd *f) {
    if (!f) return;
    free(f->name);
    free(f);
}

/* FdInfo.assign: everything but fd */
static void sdp_fd_assign(sdp_fd *dst, const sdp_fd *src) {
    if (dst == src) return;
    dst->type = src->type;
    if (dst->name != src->name) sdp_setstr(&dst->name, src->name);
    dst->flags = src->flags;
    dst->openflags = src->openflags;
    dst->ino = src->ino;
    dst->dev = src->dev;
    dst->mount_id = src->mount_id;
    memcpy(dst->su, src->su, sizeof dst->su);
}

/* FdInfo.copy */
static sdp_fd *sdp_fd_copy(const sdp_fd *src) {
    sdp_fd *f = sdp_fd_new(src->fd, src->type, src->name);
    sdp_fd_assign(f, src);
    return f;
}

/* ---- sdp_map: int64 key -> pointer, open addressing with tombstones ------------------------------ */

/* rehash into a table that holds the live entries at most half full (first_cap when empty); the
 * same capacity when only the tombstones made it full */
static void map_grow(sdp_map *m, uint32_t first_cap) {
    uint32_t ncap = m->cap ? m->cap : first_cap;
    while (m->count * 2 + 2 > ncap) ncap *= 2;
    int64_t *ok = m->keys;
    void **ov = m->vals;
    uint32_t ocap = m->cap;
    m->keys = calloc(ncap, sizeof *m->keys);
    m->vals = calloc(ncap, sizeof *m->vals);
    m->cap = ncap;
    m->used = m->count = 0;
    for (uint32_t i = 0; i < ocap; i++) {
        if (ov[i] == NULL || ov[i] == SDP_TOMB) continue;
        uint32_t mask = ncap - 1, h = sdp_hash64(ok[i]) & mask;
        while (m->vals[h] != NULL) h = (h + 1) & mask;
        m->keys[h] = ok[i];
        m->vals[h] = ov[i];
        m->count++;
        m->used++;
    }
    free(ok);
    free(ov);
}

/* the slot of key, or -1 */
static int64_t map_slot(const sdp_map *m, int64_t key) {
    if (!m->cap) return -1;
    uint32_t mask = m->cap - 1, h = sdp_hash64(key) & mask;
    for (;;) {
        void *v = m->vals[h];
        if (v == NULL) return -1;
        if (v != SDP_TOMB && m->keys[h] == key) return h;
        h = (h + 1) & mask;
    }
}

static inline void *map_get(const sdp_map *m, int64_t key) {
    int64_t s = map_slot(m, key);
    return s < 0 ? NULL : m->vals[s];
}

/* insert a key that is not in the map (the first free or deleted slot) */
static void map_add(sdp_map *m, int64_t key, void *v, uint32_t first_cap) {
    if ((m->used + 1) * 4 >= m->cap * 3) map_grow(m, first_cap);
    uint32_t mask = m->cap - 1, h = sdp_hash64(key) & mask;
    while (m->vals[h] != NULL && m->vals[h] != SDP_TOMB) h = (h + 1) & mask;
    if (m->vals[h] == NULL) m->used++;
    m->keys[h] = key;
    m->vals[h] = v;
    m->count++;
}

/* insert or replace; returns the replaced value (not freed) or NULL */
static void *map_set(sdp_map *m, int64_t key, void *v, uint32_t first_cap) {
    int64_t s = map_slot(m, key);
    if (s >= 0) {
        void *old = m->vals[s];
        m->vals[s] = v;
        return old;
    }
    map_add(m, key, v, first_cap);
    return NULL;
}

/* remove without freeing; returns the value or NULL */
static void *map_take(sdp_map *m, int64_t key) {
    int64_t s = map_slot(m, key);
    if (s < 0) return NULL;
    void *v = m->vals[s];
    m->vals[s] = SDP_TOMB;
    m->count--;
    return v;
}

/* frees the arrays (not the values) and empties the map */
static void map_release(sdp_map *m) {
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- fd tables ---------------------------------------------------------------------------------- */
#define FDTABLE_FIRST_CAP 16

sdp_fd *sdp_fdtable_get(sdp_fdtable *tb, int64_t fd) { return map_get(tb, fd); }

/* insert or replace; returns the replaced entry (not freed) or NULL */
static sdp_fd *fdtable_set(sdp_fdtable *tb, int64_t fd, sdp_fd *f) { return map_set(tb, fd, f, FDTABLE_FIRST_CAP); }

void sdp_fdtable_put(sdp_fdtable *tb, int64_t fd, sdp_fd *f) {
    sdp_fd *old = fdtable_set(tb, fd, f);
    if (old && old != f) sdp_fd_free(old);
}

/* remove without freeing; returns the entry */
static sdp_fd *fdtable_take(sdp_fdtable *tb, int64_t fd) { return map_take(tb, fd); }

void sdp_fdtable_del(sdp_fdtable *tb, int64_t fd) { sdp_fd_free(fdtable_take(tb, fd)); }

static void fdtable_free_all(sdp_fdtable *tb) {
    for (uint32_t i = 0; i < tb->cap; i++) {
        sdp_fd *f = sdp_map_at(tb, i);
        if (f) sdp_fd_free(f);
    }
    map_release(tb);
}

char sdp_fd_typechar(const sdp_fd *f) {
    switch (f->type) {
    case FD_FILE: case FD_FILE_V2: return 'f';
    case FD_IPV4_SOCK: case FD_IPV4_SERVSOCK: return '4';
    case FD_IPV6_SOCK: case FD_IPV6_SERVSOCK: return '6';
    case FD_DIRECTORY: return 'd';
    case FD_FIFO: return 'p';
    case FD_UNIX_SOCK: return 'u';
    case FD_EVENT: return 'e';
    case FD_UNKNOWN: return 'o';
    case FD_UNSUPPORTED: return 'X';
    case FD_SIGNALFD: return 's';
    case FD_EVENTPOLL: return 'l';
    case FD_INOTIFY: return 'i';
    case FD_TIMERFD: return 't';
    case FD_NETLINK: return 'n';
    }
    return '?';
}

static inline int fd_role_none(const sdp_fd *f) { return !(f->flags & (FDF_ROLE_CLIENT | FDF_ROLE_SERVER)); }

int sdp_fd_get_l4proto(const sdp_fd *f) {
    int t = f->type;
    if (t == FD_IPV4_SOCK || t == FD_IPV6_SOCK) {
        int p = t == FD_IPV4_SOCK ? f->su[12] : f->su[36];
        if (p == L4_RAW) return L4_RAW;
        return fd_role_none(f) ? L4_NA : p;
    }
    if (t == FD_IPV4_SERVSOCK) return f->su[6];
    if (t == FD_IPV6_SERVSOCK) return f->su[18];
    return L4_NA;
}

/* ---- threads ------------------------------------------------------------------------------------ */
sdp_thread *sdp_thread_new(int64_t tid) {
    sdp_thread *t = calloc(1, sizeof *t);
    t->tid = tid;
    t->pid = -1;
    t->ptid = -1;
    t->vtid = t->vpid = t->sid = t->vpgid = -1;
    t->comm = sdp_strdup("");
    t->exe = sdp_strdup("");
    t->exepath = sdp_strdup("");
    t->cwd = sdp_strdup("");
    t->args = NULL;
    t->argslen = 0;
    t->flags = CL_NAME_CHANGED;
    t->fdlimit = -1;
    t->lastevent_fd = 0;
    t->lastevent_type = -1;
    return t;
}

static void sdp_thread_free(sdp_thread *t) {
    if (!t) return;
    free(t->comm);
    free(t->exe);
    free(t->exepath);
    free(t->cwd);
    free(t->args);
    free(t->lastevent_data);
    fdtable_free_all(&t->fdtable);
    free(t);
}

static void sdp_thread_set_args(sdp_thread *t, const uint8_t *args, uint32_t len) {
    free(t->args);
    t->args = NULL;
    t->argslen = len;
    if (len) {
        t->args = malloc(len);
        memcpy(t->args, args, len);
    }
}

#define THREADS_FIRST_CAP 256

sdp_thread *sdp_threads_get(sdp_engine *eng, int64_t tid) {
    sdp_threadtable *tb = &eng->threads;
    if (tb->last != NULL && tb->last->tid == tid) return tb->last;
    sdp_thread *t = map_get(&tb->map, tid);
    if (t == NULL) return NULL;
    return tb->last = t;
}

/* table.threads[t.tid] = t (a replaced thread keeps its dict position in Python; order is kept
 * only for reference here) */
void sdp_threads_put_raw(sdp_engine *eng, sdp_thread *t) {
    sdp_threadtable *tb = &eng->threads;
    int64_t s = map_slot(&tb->map, t->tid);
    if (s >= 0) {
        sdp_thread *old = tb->map.vals[s];
        if (old == t) return;
        t->table_order = old->table_order;
        tb->map.vals[s] = t;
        tb->last = NULL;
        bury_thread(old);
        return;
    }
    map_add(&tb->map, t->tid, t, THREADS_FIRST_CAP);
    t->table_order = tb->next_order++;
}

void sdp_threads_clear(sdp_engine *eng) {
    sdp_threadtable *tb = &eng->threads;
    free_buried();
    for (uint32_t i = 0; i < tb->map.cap; i++) {
        sdp_thread *t = sdp_map_at(&tb->map, i);
        if (t) sdp_thread_free(t);
    }
    map_release(&tb->map);
    memset(tb, 0, sizeof *tb);
}

/* a snapshot of the live threads (list(self.threads.values())) */
static sdp_thread **threads_snapshot(sdp_engine *eng, uint32_t *n) {
    sdp_map *m = &eng->threads.map;
    sdp_thread **arr = malloc((m->count + 1) * sizeof *arr);
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        sdp_thread *t = sdp_map_at(m, i);
        if (t) arr[k++] = t;
    }
    *n = k;
    return arr;
}

void sdp_threads_add(sdp_engine *eng, sdp_thread *t, int from_proc) {
    if (!from_proc && (t->flags & CL_CLONE_THREAD)) {
        sdp_thread *mt = sdp_threads_get_ref(eng, t->pid, 1);
        if (mt) mt->nchilds++;
    }
    sdp_threads_put_raw(eng, t);
}

sdp_thread *sdp_threads_get_ref(sdp_engine *eng, int64_t tid, int create) {
    sdp_thread *t = sdp_threads_get(eng, tid);
    if (t || !create) return t;
    t = sdp_thread_new(tid);
    t->pid = tid;
    t->ptid = -1;
    sdp_setstr(&t->comm, "<NA>");
    sdp_setstr(&t->exe, "<NA>");
    t->uid = t->gid = t->loginuid = UNSET_ID;
    t->placeholder = 1;
    sdp_map *m = &eng->threads.map;
    int64_t n = 0;
    for (uint32_t i = 0; i < m->cap; i++) {
        sdp_thread *o = sdp_map_at(m, i);
        if (o && o->pid == tid) n++;
    }
    t->nchilds = n;
    sdp_threads_add(eng, t, 0);
    return t;
}

static void create_child_dependencies(sdp_engine *eng) {
    uint32_t n;
    sdp_thread **arr = threads_snapshot(eng, &n);
    for (uint32_t i = 0; i < n; i++) {
        sdp_thread *t = arr[i];
        if (t->flags & CL_CLONE_THREAD) {
            sdp_thread *mt = sdp_threads_get_ref(eng, t->pid, 1);
            if (mt) mt->nchilds++;
        }
    }
    free(arr);
}

static void recreate_child_dependencies(sdp_engine *eng) {
    sdp_map *m = &eng->threads.map;
    for (uint32_t i = 0; i < m->cap; i++) {
        sdp_thread *t = sdp_map_at(m, i);
        if (t) t->nchilds = 0;
    }
    create_child_dependencies(eng);
}

int sdp_threads_remove(sdp_engine *eng, int64_t tid, int force) {
    sdp_threadtable *tb = &eng->threads;
    sdp_thread *t = map_get(&tb->map, tid);
    if (t == NULL) return 0;
    int64_t nchilds = t->nchilds;
    if (nchilds != 0 && !force) return 0;
    if (t->flags & CL_CLONE_THREAD) {
        sdp_thread *mt = sdp_threads_get(eng, t->pid);
        if (mt && mt->nchilds > 0) mt->nchilds--;
    }
    map_take(&tb->map, tid);
    tb->last = NULL;
    bury_thread(t);
    if (nchilds != 0) recreate_child_dependencies(eng);
    return 1;
}

sdp_thread *sdp_main_thread(sdp_engine *eng, sdp_thread *t) {
    if (t->tid == t->pid || (t->flags & CL_IS_MAIN_THREAD)) return t;
    return sdp_threads_get_ref(eng, t->pid, 1);
}

sdp_fdtable *sdp_fd_table(sdp_engine *eng, sdp_thread *t) {
    if (!(t->flags & CL_CLONE_FILES)) return &t->fdtable;
    sdp_thread *root = sdp_main_thread(eng, t);
    return root ? &root->fdtable : NULL;
}

sdp_fd *sdp_get_fd(sdp_engine *eng, sdp_thread *t, int64_t fd) {
    if (fd < 0) return NULL;
    sdp_fdtable *tb = sdp_fd_table(eng, t);
    if (!tb) return NULL;
    return sdp_fdtable_get(tb, fd);
}

sdp_fd *sdp_add_fd(sdp_engine *eng, sdp_thread *t, int64_t fd, sdp_fd *fdinfo) {
    sdp_fdtable *tb = sdp_fd_table(eng, t);
    t->lastevent_fd = fd;
    if (!tb) return NULL;
    sdp_fd *old = sdp_fdtable_get(tb, fd);
    if (!old) {
        sdp_fd *n = sdp_fd_copy(fdinfo);
        n->fd = fd;
        fdtable_set(tb, fd, n);
        return n;
    }
    if (old->flags & FDF_CLOSE_IN_PROGRESS) {
        fdinfo->flags = (fdinfo->flags & ~FDF_CLOSE_IN_PROGRESS) | FDF_CLOSE_CANCELED;
        sdp_fd *prev = fdtable_set(tb, CANCELED_FD_NUMBER, sdp_fd_copy(old));
        if (prev) bury_fd(prev);
    }
    if (fdinfo != old) sdp_fd_assign(old, fdinfo);
    return old;
}

void sdp_remove_fd(sdp_engine *eng, sdp_thread *t, int64_t fd) {
    sdp_fdtable *tb = sdp_fd_table(eng, t);
    if (!tb) return;
    sdp_fd *f = fdtable_take(tb, fd);
    if (f) bury_fd(f);
}

const char *sdp_get_cwd(sdp_engine *eng, sdp_thread *t) {
    sdp_thread *mt = sdp_main_thread(eng, t);
    return mt ? mt->cwd : "./";
}

/* ---- paths (sinsp_utils::concatenate_paths) --------------------------------------------------------- */
static size_t path_rewind(const char *buf, size_t tc) {
    if (tc <= 1) return tc;
    tc -= 1;
    while (tc >= 1 && buf[tc - 1] != '/') tc -= 1;
    return tc;
}

/* copy_and_sanitize_path; p is NUL-terminated with at least two more NULs readable after the
 * first (the caller pads) */
static size_t sanitize_path_into(char *buf, size_t tc, const uint8_t *p) {
    size_t pc = 0;
    for (;;) {
        uint8_t c = p[pc];
        if (c == 0) {
            if (tc > 1 && buf[tc - 1] == '/') tc -= 1;
            return tc;
        }
        if (!(c >= 0x20 && c < 0x7F)) {
            buf[tc++] = '.';
            pc++;
        } else if (c == '.' && p[pc + 1] == '.' && p[pc + 2] == '/') {
            tc = path_rewind(buf, tc);
            pc += 3;
        } else if (c == '.' && p[pc + 1] == '.') {
            if (p[pc + 2] == 0) {
                tc = path_rewind(buf, tc);
                pc += 2;
            } else {
                buf[tc++] = '.';
                buf[tc++] = '.';
                pc += 2;
            }
        } else if (c == '.' && p[pc + 1] == '/') {
            pc += 2;
        } else if (c == '.') {
            if (p[pc + 1] != 0) buf[tc++] = (char)c;
            pc += 1;
        } else if (c == '/' && tc > 0 && buf[tc - 1] == '/') {
            pc += 1;
        } else {
            buf[tc++] = (char)c;
            pc += 1;
        }
    }
}

/* concatenate_paths(base, path, pathlen): path holds plen_bytes bytes (cut at the first NUL);
 * n is the length sinsp passes.  Returns a malloc'd string. */
static char *concat_paths(const char *base, const uint8_t *path, size_t plen_bytes, size_t n) {
    size_t bl = strlen(base);
    if (SCAP_MAX_PATH_SIZE < bl + n + 1) return sdp_strdup("/PATH_TOO_LONG");
    const uint8_t *z = path ? memchr(path, 0, plen_bytes) : NULL;
    size_t pl = z ? (size_t)(z - path) : (path ? plen_bytes : 0);
    uint8_t *p = malloc(pl + 4);
    if (pl) memcpy(p, path, pl);
    memset(p + pl, 0, 4);
    char *buf = malloc(bl + pl + 8);
    size_t tc;
    if (n != 0 && !(pl > 0 && p[0] == '/')) {
        /* p[:1] != b"/" : with an empty cut string the raw first byte is NUL, not '/' */
        memcpy(buf, base, bl);
        tc = sanitize_path_into(buf, bl, p);
    } else {
        tc = sanitize_path_into(buf, 0, p);
    }
    buf[tc] = 0;
    free(p);
    return buf;
}

size_t sdp_concatenate_paths(const char *base, const uint8_t *path, size_t pathlen_param, char *out, size_t outcap) {
    char *r = concat_paths(base, path, pathlen_param, pathlen_param);
    size_t n = strlen(r);
    if (outcap) {
        size_t k = n < outcap - 1 ? n : outcap - 1;
        memcpy(out, r, k);
        out[k] = 0;
    }
    free(r);
    return n;
}

/* ThreadInfo.set_cwd */
static void sdp_set_cwd(sdp_engine *eng, sdp_thread *t, const uint8_t *path, size_t plen_bytes, size_t pathlen) {
    sdp_thread *mt = sdp_main_thread(eng, t);
    if (!mt) return;
    char *cwd = concat_paths(mt->cwd, path, plen_bytes, pathlen);
    size_t n = strlen(cwd);
    if (n == 0 || cwd[n - 1] != '/') {
        cwd = realloc(cwd, n + 2);
        cwd[n] = '/';
        cwd[n + 1] = 0;
    }
    free(mt->cwd);
    mt->cwd = cwd;
}

/* ---- the driver (parsers.py State) ------------------------------------------------------------------ */
static void schedule_fd_removal(sdp_engine *eng, sdp_thread *t, int64_t fd) {
    eng->tid_of_fds_to_remove = t->tid;
    if (eng->nfds_to_remove == eng->capfds_to_remove) {
        eng->capfds_to_remove = eng->capfds_to_remove ? 2 * eng->capfds_to_remove : 8;
        eng->fds_to_remove = realloc(eng->fds_to_remove, eng->capfds_to_remove * sizeof *eng->fds_to_remove);
    }
    eng->fds_to_remove[eng->nfds_to_remove++] = fd;
}

void sdp_apply_deferred(sdp_engine *eng) {
    free_buried();
    if (eng->tid_to_remove != -1) {
        sdp_threads_remove(eng, eng->tid_to_remove, 0);
        eng->tid_to_remove = -1;
    }
    if (eng->nfds_to_remove) {
        sdp_thread *t = sdp_threads_get_ref(eng, eng->tid_of_fds_to_remove, 1);
        if (t)
            for (uint32_t i = 0; i < eng->nfds_to_remove; i++) sdp_remove_fd(eng, t, eng->fds_to_remove[i]);
        eng->nfds_to_remove = 0;
    }
}

static void reset_enter(sdp_engine *eng, sdp_event *e, sdp_thread *t, uint32_t flags) {
    t->lastevent_fd = -1;
    t->lastevent_type = e->code;
    if (flags & SDP_EF_USES_FD) {
        t->lastevent_fd = sdp_i64(e, 0, -1);
        e->fdinfo = sdp_get_fd(eng, t, t->lastevent_fd);
    }
    t->latency = 0;
    t->last_latency_entertime = e->ts;
}

static int reset_exit(sdp_engine *eng, sdp_event *e, sdp_thread *t, uint32_t flags) {
    if (t->last_latency_entertime != 0) t->latency = e->ts - t->last_latency_entertime;
    if ((int32_t)e->code == t->lastevent_type + 1) {
        t->lastevent_data_valid = 1;
    } else {
        t->lastevent_data_valid = 0;
        if (t->lastevent_type != TRACER_E) return 0;
    }
    if (e->raw_nparams != 0 && e->info->res_first) {
        int64_t res = sdp_i64(e, 0, 0);
        if (res < 0) e->errorcode = -(int64_t)(int32_t)(uint32_t)(uint64_t)res;
    }
    if (flags & SDP_EF_USES_FD) {
        if (e->code == COPY_FILE_RANGE_X) t->lastevent_fd = sdp_i64(e, 1, 0);
        sdp_fd *fdi = e->fdinfo = sdp_get_fd(eng, t, t->lastevent_fd);
        if (!fdi) return 0;
        if (fdi->flags & FDF_CLOSE_CANCELED) {
            fdi->flags &= ~FDF_CLOSE_CANCELED;
            if (sdp_get_fd(eng, t, CANCELED_FD_NUMBER) != NULL) schedule_fd_removal(eng, t, CANCELED_FD_NUMBER);
        }
    }
    return 1;
}

int sdp_reset(sdp_engine *eng, sdp_event *e) {
    uint16_t code = e->code;
    uint32_t flags = e->info->flags;
    e->fdinfo = NULL;
    e->errorcode = 0;
    e->thread = NULL;
    if (sdp_is_container_json(code)) return 1;
    if (flags & SDP_EF_SKIPPARSERESET) {
        if (code == PROCINFO_E) e->thread = sdp_threads_get(eng, e->tid);
        return 0;
    }
    int query_os = !sdp_is_clone_exit(code) && code != SCHEDSWITCH_6_E;
    sdp_thread *t = e->thread = sdp_threads_get_ref(eng, e->tid, query_os);
    if (code == SCHEDSWITCH_6_E || t == NULL) return 0;
    if (query_os) t->flags |= CL_ACTIVE;
    if (sdp_is_enter(e)) {
        reset_enter(eng, e, t, flags);
        return 1;
    }
    return reset_exit(eng, e, t, flags);
}

int sdp_modifies_state(sdp_engine *eng, sdp_event *e) {
    if (e->code == WRITE_X) {
        sdp_thread *t = e->thread;
        sdp_fd *fdi = e->fdinfo;
        if (fdi == NULL && t != NULL) fdi = e->fdinfo = sdp_get_fd(eng, t, t->lastevent_fd);
        if (fdi != NULL && (fdi->flags & (FDF_IS_TRACER_FD | FDF_IS_TRACER_FILE))) return 1;
        if (e->dflags & SDP_DF_TRACER) {
            e->fdinfo = NULL;
            return 1;
        }
    }
    return (e->info->flags & SDP_EF_MODIFIES_STATE) != 0;
}

void sdp_cleanup(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    if (e->dflags & SDP_DF_STATE_ONLY) return;
    sdp_thread *t = e->thread;
    if (t != NULL && !sdp_is_enter(e) && t->lastevent_present) {
        t->lastevent_present = 0;
        t->lastevent_data_valid = 0;
    }
    if (t != NULL && e->code != 146 && e->code != SCHEDSWITCH_6_E) {
        t->prevevent_ts = t->lastevent_ts;
        t->lastevent_ts = e->ts;
    }
}

void sdp_forget_type(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    sdp_thread *t = e->thread;
    if (t != NULL && !((e->info->flags & SDP_EF_SKIPPARSERESET) || e->code == SCHEDSWITCH_6_E))
        t->lastevent_type = SDP_LEGACY_EVENT_MAX;
}

/* State.store_event: keep a copy of the enter event's bytes on its thread */
static void sdp_store_event(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    sdp_thread *t = e->thread;
    if (!t) return;
    if (t->lastevent_cap < e->len) {
        uint32_t cap = t->lastevent_cap ? t->lastevent_cap : 256;
        while (cap < e->len) cap *= 2;
        t->lastevent_data = realloc(t->lastevent_data, cap);
        t->lastevent_cap = cap;
    }
    memcpy(t->lastevent_data, e->data, e->len);
    t->lastevent_len = e->len;
    t->lastevent_cpu = e->cpu;
    t->lastevent_present = 1;
    t->lastevent_data_valid = 1;
}

/* State.enter_event: fills *out with the stored enter event matching e; 0 when none */
static int sdp_enter_event(sdp_engine *eng, sdp_event *e, sdp_event *out) {
    sdp_thread *t = e->thread;
    if (!t || !t->lastevent_data_valid || !t->lastevent_present) return 0;
    if (t->lastevent_len < 26) return 0;
    uint16_t code = rd16(t->lastevent_data + 20);
    if ((int)code != (int)e->code - 1) {
        t->lastevent_data_valid = 0;
        return 0;
    }
    if (!sdp_event_init(eng, out, t->lastevent_data, t->lastevent_len, t->lastevent_cpu, 0)) {
        SDP_DECLINE(eng, "stored enter event layout");
        return 0;
    }
    out->thread = t;
    return 1;
}

/* State.dirfd_base: a malloc'd string; *fdout gets the dirfd's fd (evt.fdinfo) when looked up */
static char *sdp_dirfd_base(sdp_engine *eng, sdp_thread *t, const uint8_t *name, size_t namelen, int64_t dirfd,
                            sdp_fd **fdout) {
    if (namelen > 0 && name[0] == '/') return sdp_strdup(".");
    if (dirfd == PPM_AT_FDCWD) return sdp_strdup(sdp_get_cwd(eng, t));
    sdp_fd *f = sdp_get_fd(eng, t, dirfd);
    if (fdout) *fdout = f;
    if (!f) return sdp_strdup("<UNKNOWN>");
    size_t n = strlen(f->name);
    char *r = malloc(n + 2);
    memcpy(r, f->name, n);
    r[n] = '/';
    r[n + 1] = 0;
    return r;
}

/* State.infer_ipv4_address */
static void sdp_infer_ipv4_address(sdp_engine *eng, const uint8_t dest[4], uint8_t out[4]) {
    for (uint32_t i = 0; i < eng->nifaces; i++)
        if (memcmp(eng->ipv4_ifaces[i], dest, 4) == 0) { memcpy(out, eng->ipv4_ifaces[i], 4); return; }
    for (uint32_t i = 0; i < eng->nifaces; i++) {
        const uint8_t *a = eng->ipv4_ifaces[i], *m = a + 4;
        int eq = 1;
        for (int k = 0; k < 4; k++)
            if ((a[k] & m[k]) != (dest[k] & m[k])) { eq = 0; break; }
        if (eq) { memcpy(out, a, 4); return; }
    }
    static const uint8_t lo[4] = {127, 0, 0, 1};
    for (uint32_t i = 0; i < eng->nifaces; i++)
        if (memcmp(eng->ipv4_ifaces[i], lo, 4) != 0) { memcpy(out, eng->ipv4_ifaces[i], 4); return; }
    memset(out, 0, 4);
}

/* State.patch_tuple_from_ifaces */
static void sdp_patch_tuple_from_ifaces(sdp_engine *eng, sdp_fd *f) {
    if (f->type != FD_IPV4_SOCK) return;
    static const uint8_t zero[4] = {0, 0, 0, 0};
    uint8_t *sip = f->su, *dip = f->su + 4;
    int sz = memcmp(sip, zero, 4) == 0, dz = memcmp(dip, zero, 4) == 0;
    if (!sz && !dz) return;
    uint8_t nw[4];
    int same_ports = rd16(f->su + 8) == rd16(f->su + 10);
    if (sz) {
        sdp_infer_ipv4_address(eng, dip, nw);
        if (memcmp(nw, dip, 4) == 0 && same_ports) return;
        memcpy(sip, nw, 4);
    } else {
        sdp_infer_ipv4_address(eng, sip, nw);
        if (memcmp(nw, sip, 4) == 0 && same_ports) return;
        memcpy(dip, nw, 4);
    }
}

/* ---- debugging: the state as text (threads by tid, fds by number), for comparison with Python ---- */
static int dump_cmp_thread(const void *a, const void *b) {
    int64_t x = (*(sdp_thread *const *)a)->tid, y = (*(sdp_thread *const *)b)->tid;
    return x < y ? -1 : x > y;
}
static int dump_cmp_key(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static sdp_buf g_dump;

const char *sdp_state_dump(sdp_engine *eng) {
    g_dump.n = 0;
    uint32_t n;
    sdp_thread **arr = threads_snapshot(eng, &n);
    qsort(arr, n, sizeof *arr, dump_cmp_thread);
    for (uint32_t i = 0; i < n; i++) {
        sdp_thread *t = arr[i];
        buf_printf(&g_dump, "T %lld %lld %lld %lld %lld %lld %lld|", (long long)t->tid, (long long)t->pid,
                   (long long)t->ptid, (long long)t->vtid, (long long)t->vpid, (long long)t->sid, (long long)t->vpgid);
        buf_puts(&g_dump, t->comm); buf_putc(&g_dump, '|');
        buf_puts(&g_dump, t->exe); buf_putc(&g_dump, '|');
        buf_puts(&g_dump, t->exepath); buf_putc(&g_dump, '|');
        buf_puts(&g_dump, t->cwd); buf_putc(&g_dump, '|');
        buf_printf(&g_dump, "%u %u %u %u %lld %lld %llu %d|%lld %d %llu %llu %llu %llu %d %d\n", t->flags, t->uid,
                   t->gid, t->loginuid, (long long)t->fdlimit, (long long)t->nchilds,
                   (unsigned long long)t->clone_ts, t->placeholder, (long long)t->lastevent_fd, t->lastevent_type,
                   (unsigned long long)t->lastevent_ts, (unsigned long long)t->prevevent_ts,
                   (unsigned long long)t->last_latency_entertime, (unsigned long long)t->latency,
                   t->lastevent_present, t->lastevent_data_valid);
        sdp_fdtable *tb = &t->fdtable;
        int64_t *fa = malloc((tb->count + 1) * sizeof *fa);
        uint32_t k = 0;
        for (uint32_t j = 0; j < tb->cap; j++)
            if (sdp_map_at(tb, j)) fa[k++] = tb->keys[j];
        qsort(fa, k, sizeof *fa, dump_cmp_key);
        for (uint32_t j = 0; j < k; j++) {
            sdp_fd *f = sdp_fdtable_get(tb, fa[j]);
            buf_printf(&g_dump, " F %lld %lld %d %u %u %llu %llu ", (long long)fa[j],
                       (long long)f->fd, f->type, f->flags, f->openflags, (unsigned long long)f->ino,
                       (unsigned long long)f->dev);
            for (int q = 0; q < 40; q++) buf_printf(&g_dump, "%02x", f->su[q]);
            buf_putc(&g_dump, ' ');
            buf_puts(&g_dump, f->name);
            buf_putc(&g_dump, '\n');
        }
        free(fa);
    }
    free(arr);
    buf_printf(&g_dump, "D %lld %lld %u\n", (long long)eng->tid_to_remove, (long long)eng->tid_of_fds_to_remove,
               eng->nfds_to_remove);
    buf_putc(&g_dump, 0);
    return g_dump.p;
}
