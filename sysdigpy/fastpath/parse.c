/* sysdigpy fast path: the event handlers of sysdigpy/state/parse_*.py (and parsers.py's _store).
 * Included by engine.c after state.c (one translation unit).
 */

#define PS_AF_UNIX 1
#define PS_AF_INET 2
#define PS_AF_INET6 10
#define PS_AF_NETLINK 16
#define PS_SOCK_STREAM 1
#define PS_SOCK_DGRAM 2
#define PS_SOCK_RAW 3
#define PS_IPPROTO_IP 0
#define PS_IPPROTO_ICMP 1
#define PS_IPPROTO_TCP 6
#define PS_IPPROTO_UDP 17
#define PS_IPPROTO_RAW 255
#define PS_SE_EINPROGRESS 115
#define PS_O_DIRECTORY (1u << 10)
#define PS_CLONE_STALE_TIME_NS 2000000000ULL
#define PS_EXVAT_AT_EMPTY_PATH 1u
#define PS_RLIMIT_NOFILE 7
#define PS_FCNTL_F_DUPFD 1
#define PS_FCNTL_F_DUPFD_CLOEXEC 26
#define PS_USER_EVT_DEVICE_NAME "/dev/sysdig-events"

/* ---- small helpers -------------------------------------------------------------------------------- */
static int ps_pidx(const sdp_event *e, const char *name) {   /* info.param_index(name), -1 when none */
    for (uint32_t i = 0; i < e->info->nparams; i++)
        if (strcmp(e->info->params[i].name, name) == 0) return (int)i;
    return -1;
}

static char *ps_str(const sdp_event *e, int i) {   /* Event.str(i): up to the first NUL, "" when missing */
    uint32_t len;
    const uint8_t *p = i >= 0 ? sdp_param(e, (uint32_t)i, &len) : NULL;
    if (!p) return sdp_strdup("");
    return sdp_strndup(p, len);
}

static void ps_setstr_own(char **dst, char *s) {
    free(*dst);
    *dst = s;
}

static const uint8_t *ps_param(const sdp_event *e, int i, uint32_t *len) {   /* param(i) or b"" */
    const uint8_t *p = i >= 0 ? sdp_param(e, (uint32_t)i, len) : NULL;
    if (!p) { *len = 0; return (const uint8_t *)""; }
    return p;
}

static size_t ps_cstrlen(const uint8_t *p, size_t n) {
    const uint8_t *z = memchr(p, 0, n);
    return z ? (size_t)(z - p) : n;
}

static int ps_is_v4_mapped(const uint8_t *a) {
    static const uint8_t pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(a, pre, 12) == 0;
}

static int ps_is_zero(const uint8_t *a, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i]) return 0;
    return 1;
}

static inline void ps_wr16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

/* ---- text forms (fds.py, never resolving ports) ----------------------------------------------------- */
static void ps_ipv4(sdp_buf *b, const uint8_t *ip) { buf_printf(b, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]); }

static void ps_ipv6(sdp_buf *b, const uint8_t *ip) {
    char s[INET6_ADDRSTRLEN + 1];
    if (inet_ntop(AF_INET6, ip, s, sizeof s) == NULL) s[0] = 0;
    buf_puts(b, s);
}

static void ps_v4_tuple(sdp_buf *b, const uint8_t *sip, unsigned sport, const uint8_t *dip, unsigned dport) {
    ps_ipv4(b, sip);
    buf_printf(b, ":%u->", sport);
    ps_ipv4(b, dip);
    buf_printf(b, ":%u", dport);
}

static void ps_v6_tuple(sdp_buf *b, const uint8_t *sip, unsigned sport, const uint8_t *dip, unsigned dport) {
    ps_ipv6(b, sip);
    buf_printf(b, ":%u->", sport);
    ps_ipv6(b, dip);
    buf_printf(b, ":%u", dport);
}

static void ps_sanitized(sdp_buf *b, const uint8_t *p, size_t n) {
    n = ps_cstrlen(p, n);
    for (size_t i = 0; i < n; i++)
        if (p[i] >= 0x20 && p[i] < 0x7F) buf_putc(b, (char)p[i]);
}

static char *ps_take(sdp_buf *b) {   /* the buffer as a malloc'd C string */
    buf_putc(b, 0);
    char *s = b->p;
    b->p = NULL;
    b->n = b->cap = 0;
    return s;
}

static char *ps_sockaddr_text(const uint8_t *p, uint32_t len) {
    sdp_buf b = {0};
    if (len == 0) buf_puts(&b, "NULL");
    else if (p[0] == 1) ps_sanitized(&b, p + 1, len - 1);
    else if (p[0] == 2) {
        if (len == 7) { ps_ipv4(&b, p + 1); buf_printf(&b, ":%u", rd16(p + 5)); }
        else buf_puts(&b, "INVALID IPv4");
    } else if (p[0] == 10) {
        if (len != 19) buf_puts(&b, "INVALID IPv6");
        else { ps_ipv6(&b, p + 1); buf_printf(&b, ":%u", rd16(p + 17)); }
    } else buf_printf(&b, "family %u", p[0]);
    return ps_take(&b);
}

static char *ps_socktuple_text(const uint8_t *p, uint32_t len) {
    sdp_buf b = {0};
    if (len == 0) buf_puts(&b, "NULL");
    else if (p[0] == 2) {
        if (len != 13) buf_puts(&b, "INVALID IPv4");
        else ps_v4_tuple(&b, p + 1, rd16(p + 5), p + 7, rd16(p + 11));
    } else if (p[0] == 10) {
        if (len != 37) buf_puts(&b, "INVALID IPv6");
        else {
            unsigned sport = rd16(p + 17), dport = rd16(p + 35);
            if (ps_is_v4_mapped(p + 1) && ps_is_v4_mapped(p + 19)) ps_v4_tuple(&b, p + 13, sport, p + 31, dport);
            else ps_v6_tuple(&b, p + 1, sport, p + 19, dport);
        }
    } else if (p[0] == 1) {
        uint8_t pad[17] = {0};
        memcpy(pad, p, len < 17 ? len : 17);
        buf_printf(&b, "%llx->%llx ", (unsigned long long)rd64(pad + 1), (unsigned long long)rd64(pad + 9));
        if (len > 17) ps_sanitized(&b, p + 17, len - 17);
    } else buf_printf(&b, "family %u", p[0]);
    return ps_take(&b);
}

static char *ps_sockinfo_text(const sdp_fd *f) {   /* FdInfo.sockinfo_text */
    sdp_buf b = {0};
    const uint8_t *su = f->su;
    if (f->type == FD_IPV4_SOCK) {
        int p = su[12];
        if (p == L4_TCP || p == L4_UDP) ps_v4_tuple(&b, su, rd16(su + 8), su + 4, rd16(su + 10));
        else if (p == L4_ICMP || p == L4_RAW) { ps_ipv4(&b, su); buf_puts(&b, "->"); ps_ipv4(&b, su + 4); }
        else buf_puts(&b, "<unknown>");
    } else if (f->type == FD_IPV6_SOCK) {
        int p = su[36];
        int mapped = ps_is_v4_mapped(su) && ps_is_v4_mapped(su + 16);
        if (p == L4_TCP || p == L4_UDP) {
            if (mapped) ps_v4_tuple(&b, su + 12, rd16(su + 8), su + 28, rd16(su + 10));
            else ps_v6_tuple(&b, su, rd16(su + 32), su + 16, rd16(su + 34));
        } else if (p == L4_ICMP) {
            if (mapped) { ps_ipv4(&b, su + 12); buf_puts(&b, "->"); ps_ipv4(&b, su + 28); }
            else { ps_ipv6(&b, su); buf_puts(&b, "->"); ps_ipv6(&b, su + 16); }
        } else buf_puts(&b, "<unknown>");
    }
    return ps_take(&b);
}

/* ---- fd templates ----------------------------------------------------------------------------------------- */
static void ps_fd_init(sdp_fd *f, int64_t fd, int32_t type) {   /* FdInfo(fd, type) on the stack */
    memset(f, 0, sizeof *f);
    f->fd = fd;
    f->type = type;
    f->name = sdp_strdup("");
}

/* ---- stored enters ---------------------------------------------------------------------------------------- */
static void ps_store(sdp_engine *eng, sdp_event *e) { sdp_store_event(eng, e); }

/* =========================================================================================================
 * clone / fork / vfork / clone3 (parse_clone.py)
 * ========================================================================================================= */
static char *ps_clone_comm(const sdp_event *e) {
    int i = ps_pidx(e, "comm");
    return ps_str(e, i >= 0 ? i : 1);
}

static void ps_clone_copy_parent(sdp_thread *child, sdp_thread *parent) {
    sdp_setstr(&child->comm, parent->comm);
    sdp_setstr(&child->exe, parent->exe);
    sdp_setstr(&child->exepath, parent->exepath);
    sdp_thread_set_args(child, (const uint8_t *)parent->args, parent->argslen);
    child->sid = parent->sid;
    child->vpgid = parent->vpgid;
    child->loginuid = parent->loginuid;
}

static void ps_clone_fake_parent(sdp_event *e, sdp_thread *child, sdp_thread *pt) {
    if (strcmp(pt->comm, "<NA>") != 0 && pt->uid != UNSET_ID) {
        ps_clone_copy_parent(child, pt);
        return;
    }
    uint32_t alen;
    ps_setstr_own(&child->exe, ps_str(e, 1));
    ps_setstr_own(&child->comm, ps_clone_comm(e));
    const uint8_t *a = ps_param(e, 2, &alen);
    sdp_thread_set_args(child, a, alen);
    sdp_setstr(&pt->comm, child->comm);
    sdp_setstr(&pt->exe, child->exe);
    sdp_setstr(&pt->exepath, child->exepath);
    sdp_thread_set_args(pt, (const uint8_t *)child->args, child->argslen);
}

static void ps_clone_fill_child(sdp_engine *eng, sdp_event *e, sdp_thread *child, sdp_thread *pt, int64_t childtid,
                                uint32_t flags, int inverted) {
    child->pid = sdp_i64(e, 4, 0);
    child->flags = flags;
    if (!(flags & CL_CLONE_THREAD)) {
        child->pid = childtid;
        sdp_fdtable *src = sdp_fd_table(eng, pt);
        if (src) {
            for (uint32_t i = 0; i < src->cap; i++) {
                sdp_fd *f = sdp_map_at(src, i);
                if (f == NULL) continue;
                sdp_fd *c = sdp_fd_copy(f);
                c->flags |= FDF_IS_CLONED;
                fdtable_set(&child->fdtable, src->keys[i], c);
            }
        }
        sdp_setstr(&child->cwd, sdp_get_cwd(eng, pt));
    }
    if (inverted) child->flags |= CL_CLONE_INVERTED;
    ps_setstr_own(&child->exe, ps_str(e, 1));
    ps_setstr_own(&child->comm, ps_clone_comm(e));
    uint32_t alen;
    const uint8_t *a = ps_param(e, 2, &alen);
    sdp_thread_set_args(child, a, alen);
    child->fdlimit = sdp_i64(e, 7, 0);
    child->uid = sdp_u32(e, (uint32_t)ps_pidx(e, "uid"), 0);
    child->gid = sdp_u32(e, (uint32_t)ps_pidx(e, "gid"), 0);
}

static void ps_clone_create_child(sdp_engine *eng, sdp_event *e, int64_t tid, int64_t childtid, uint32_t flags,
                                  int inverted, int in_container, int64_t vtid, int64_t vpid) {
    sdp_thread *pt = sdp_threads_get_ref(eng, tid, 1);
    if (!pt) return;
    int valid_parent = !(strcmp(pt->comm, "<NA>") == 0 && pt->uid == UNSET_ID);
    int collision = 0;
    sdp_thread *existing = sdp_threads_get(eng, childtid);
    if (existing) {
        if (existing->flags & CL_CLONE_INVERTED) return;
        sdp_threads_remove(eng, childtid, 1);
        collision = 1;
    }
    sdp_thread *child = sdp_thread_new(childtid);
    child->ptid = tid;
    if (valid_parent) {
        ps_clone_copy_parent(child, pt);
    } else {
        sdp_threads_remove(eng, tid, 1);
        collision = 1;
        pt = sdp_threads_get_ref(eng, tid, 1);
        if (!pt) { sdp_thread_free(child); return; }
        ps_clone_fake_parent(e, child, pt);
    }
    ps_clone_fill_child(eng, e, child, pt, childtid, flags, inverted);
    if (in_container) { child->vtid = vtid; child->vpid = vpid; }
    else { child->vtid = child->tid; child->vpid = child->pid; }
    /* cgroups / container resolution: container fields only (not kept by the C engine) */
    child->clone_ts = e->ts;
    sdp_threads_add(eng, child, 0);
    if (collision) sdp_reset(eng, e);
}

static void ps_clone_exit(sdp_engine *eng, sdp_event *e) {
    int64_t tid = e->tid;
    int64_t childtid = sdp_i64(e, 0, 0);
    int fi = ps_pidx(e, "flags");
    if (fi < 0) { SDP_DECLINE(eng, "clone without flags"); return; }
    uint32_t flags = sdp_u32(e, (uint32_t)fi, 0);
    if (childtid < 0) return;
    int64_t vtid = tid, vpid = -1;
    int vi = ps_pidx(e, "vtid");
    if (vi >= 0) {
        vtid = sdp_i64(e, (uint32_t)vi, 0);
        int pi = ps_pidx(e, "vpid");
        vpid = pi >= 0 ? sdp_i64(e, (uint32_t)pi, 0) : 0;
    }
    int in_container = (flags & CL_CHILD_IN_PIDNS) || tid != vtid;
    int inverted = 0;
    if (childtid == 0) {
        sdp_thread *t = e->thread;
        if (t && t->clone_ts != 0 && e->ts > t->clone_ts && e->ts - t->clone_ts > PS_CLONE_STALE_TIME_NS) {
            sdp_threads_remove(eng, tid, 1);
            t = e->thread = NULL;
        }
        int64_t parenttid = (flags & CL_CLONE_THREAD) ? sdp_i64(e, 4, 0) : sdp_i64(e, 5, 0);
        if (t) {
            if (in_container) { t->vtid = vtid; t->vpid = vpid; }
            return;
        }
        inverted = 1;
        childtid = tid;
        tid = parenttid;
    } else if (in_container) {
        return;
    }
    ps_clone_create_child(eng, e, tid, childtid, flags, inverted, in_container, vtid, vpid);
}

/* =========================================================================================================
 * execve / execveat (parse_execve.py)
 * ========================================================================================================= */
static void ps_execve_exepath(sdp_engine *eng, sdp_event *e, sdp_thread *t) {
    if (e->code != 289 && e->code != 293 && e->code != 331) return;
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter)) return;
    uint32_t rlen;
    if (e->code != 331) {
        const uint8_t *raw = ps_param(&enter, 0, &rlen);
        if (rlen >= 4 && memcmp(raw, "<NA>", 4) == 0) sdp_setstr(&t->exepath, "<NA>");
        else ps_setstr_own(&t->exepath, concat_paths(t->cwd, raw, rlen, rlen));
        return;
    }
    const uint8_t *raw = ps_param(&enter, 1, &rlen);
    if (rlen >= 4 && memcmp(raw, "<NA>", 4) == 0) {
        sdp_setstr(&t->exepath, "<NA>");
        return;
    }
    size_t clen = ps_cstrlen(raw, rlen);
    sdp_fd *dummy = NULL;
    sdp_thread *et = enter.thread;
    char *sdir = sdp_dirfd_base(eng, et, raw, clen, sdp_i64(&enter, 0, 0), &dummy);
    if ((sdp_u32(&enter, 2, 0) & PS_EXVAT_AT_EMPTY_PATH) && clen == 0)
        ps_setstr_own(&t->exepath, concat_paths(sdir, (const uint8_t *)sdir, strlen(sdir), rlen));
    else
        ps_setstr_own(&t->exepath, concat_paths(sdir, raw, rlen, rlen));
    free(sdir);
}

static void ps_execve_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (sdp_i64(e, 0, 0) < 0 || !t) return;
    ps_setstr_own(&t->exe, ps_str(e, 1));
    int ci = ps_pidx(e, "comm");
    if (ci >= 0) ps_setstr_own(&t->comm, ps_str(e, ci));
    else sdp_setstr(&t->comm, t->exe);
    uint32_t alen;
    const uint8_t *a = ps_param(e, 2, &alen);
    sdp_thread_set_args(t, a, alen);
    t->pid = sdp_i64(e, 4, 0);
    if (t->ptid == -1) t->ptid = sdp_i64(e, 5, 0);
    t->fdlimit = sdp_i64(e, 7, 0);
    /* env, cgroups (container resolution), tty: not kept by the C engine */
    ps_execve_exepath(eng, e, t);
    if (eng->declined) return;
    int pi = ps_pidx(e, "pgid");
    if (pi >= 0) t->vpgid = sdp_i64(e, (uint32_t)pi, 0);
    if (e->nparams > 18) t->loginuid = sdp_u32(e, 18, 0);
    uint32_t keep = t->flags & (CL_PIPE_SRC | CL_PIPE_DST | CL_IS_MAIN_THREAD | CL_CLONE_INVERTED);
    t->flags = CL_ACTIVE | keep | CL_NAME_CHANGED;
}

/* =========================================================================================================
 * open / openat / openat2 / creat (parse_open.py)
 * ========================================================================================================= */
static int ps_is_null_name(const uint8_t *p, uint32_t len) {   /* _cstr(name) == b"(NULL)" */
    return ps_cstrlen(p, len) == 6 && memcmp(p, "(NULL)", 6) == 0;
}

static void ps_open_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t) return;
    sdp_event enter;
    int have_enter = sdp_enter_event(eng, e, &enter);
    if (eng->declined) return;
    int64_t fd = sdp_i64(e, 0, 0);
    const uint8_t *name;
    uint32_t namelen;
    uint32_t flags;
    char *sdir;
    uint16_t code = e->code;
    if (code == 3 || code == 59) {
        name = ps_param(e, 1, &namelen);
        flags = code == 3 ? sdp_u32(e, 2, 0) : 0;
        uint32_t nmin = code == 3 ? 2 : 1;
        if (have_enter && enter.nparams >= nmin) {
            uint32_t elen;
            const uint8_t *en = ps_param(&enter, 0, &elen);
            if (elen && !ps_is_null_name(en, elen)) {
                name = en;
                namelen = elen;
                flags = code == 3 ? sdp_u32(&enter, 1, 0) : 0;
            }
        }
        sdir = sdp_strdup(sdp_get_cwd(eng, t));
    } else if (code == 103) {
        if (!have_enter) return;
        name = ps_param(&enter, 1, &namelen);
        flags = sdp_u32(&enter, 2, 0);
        sdir = sdp_dirfd_base(eng, t, name, ps_cstrlen(name, namelen), sdp_i64(&enter, 0, 0), &e->fdinfo);
    } else {
        name = ps_param(e, 2, &namelen);
        flags = sdp_u32(e, 3, 0);
        int64_t dirfd = sdp_i64(e, 1, 0);
        if (have_enter && enter.nparams >= 3) {
            uint32_t elen;
            const uint8_t *en = ps_param(&enter, 1, &elen);
            if (elen && !ps_is_null_name(en, elen)) {
                name = en;
                namelen = elen;
                flags = sdp_u32(&enter, 2, 0);
                dirfd = sdp_i64(&enter, 0, 0);
            }
        }
        sdir = sdp_dirfd_base(eng, t, name, ps_cstrlen(name, namelen), dirfd, &e->fdinfo);
    }
    char *full = concat_paths(sdir, name, namelen, namelen);
    free(sdir);
    if (fd < 0) { free(full); return; }
    sdp_fd tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    tmpl.fd = fd;
    tmpl.type = (flags & PS_O_DIRECTORY) ? FD_DIRECTORY : FD_FILE;
    tmpl.name = full;
    tmpl.openflags = flags;
    if (code != 327) {
        int di = ps_pidx(e, "dev");
        tmpl.dev = (di >= 0 && (int)e->nparams > di) ? sdp_u32(e, (uint32_t)di, 0) : 0;
    }
    tmpl.flags |= strcmp(full, PS_USER_EVT_DEVICE_NAME) == 0 ? FDF_IS_TRACER_FILE : FDF_IS_NOT_TRACER_FD;
    e->fdinfo = sdp_add_fd(eng, t, fd, &tmpl);
    free(full);
}

/* =========================================================================================================
 * close, procexit (parse_close.py)
 * ========================================================================================================= */
static void ps_close_enter(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t) return;
    e->fdinfo = sdp_get_fd(eng, t, t->lastevent_fd);
    if (e->fdinfo) e->fdinfo->flags |= FDF_CLOSE_IN_PROGRESS;
}

static void ps_close_exit(sdp_engine *eng, sdp_event *e) {
    sdp_fd *fdi = e->fdinfo;
    sdp_thread *t = e->thread;
    if (sdp_i64(e, 0, 0) < 0) {
        if (fdi) fdi->flags &= ~FDF_CLOSE_IN_PROGRESS;
        return;
    }
    if (!fdi || !t) return;
    if (fdi->flags & FDF_CLOSE_CANCELED) {
        fdi->flags &= ~FDF_CLOSE_CANCELED;
        if (sdp_get_fd(eng, t, CANCELED_FD_NUMBER) != NULL) schedule_fd_removal(eng, t, CANCELED_FD_NUMBER);
    } else {
        schedule_fd_removal(eng, t, t->lastevent_fd);
    }
}

static void ps_procexit(sdp_engine *eng, sdp_event *e) {
    if (e->thread) {
        e->thread->flags |= CL_CLOSED;
        eng->tid_to_remove = e->tid;
    }
}

/* =========================================================================================================
 * sockets (parse_socket.py)
 * ========================================================================================================= */
static int ps_l4proto_for(uint32_t stype, uint32_t proto) {
    if (proto == PS_IPPROTO_TCP || proto == PS_IPPROTO_UDP || proto == PS_IPPROTO_ICMP) {
        int base = proto == PS_IPPROTO_TCP ? L4_TCP : proto == PS_IPPROTO_UDP ? L4_UDP : L4_ICMP;
        return stype == PS_SOCK_RAW ? L4_RAW : base;
    }
    if (proto == PS_IPPROTO_IP) {
        uint32_t s = stype & 0xFF;
        return s == PS_SOCK_STREAM ? L4_TCP : s == PS_SOCK_DGRAM ? L4_UDP : L4_UNKNOWN;
    }
    if (proto == PS_IPPROTO_RAW) return L4_RAW;
    return L4_UNKNOWN;
}

static void ps_add_socket(sdp_engine *eng, sdp_event *e, int64_t fd, uint32_t domain, uint32_t stype, uint32_t proto) {
    sdp_thread *t = e->thread;
    sdp_fd f;
    ps_fd_init(&f, fd, FD_UNKNOWN);
    if (domain == PS_AF_UNIX) f.type = FD_UNIX_SOCK;
    else if (domain == PS_AF_INET || domain == PS_AF_INET6) {
        f.type = domain == PS_AF_INET ? FD_IPV4_SOCK : FD_IPV6_SOCK;
        int l4 = ps_l4proto_for(stype, proto);
        if (domain == PS_AF_INET) f.su[12] = (uint8_t)l4;
        else f.su[36] = (uint8_t)l4;
    } else if (domain == PS_AF_NETLINK) f.type = FD_NETLINK;
    if (f.type != FD_UNKNOWN) e->fdinfo = sdp_add_fd(eng, t, fd, &f);
    free(f.name);
}

static void ps_sendto_enter(sdp_engine *eng, sdp_event *e) {
    if (e->fdinfo == NULL && e->thread != NULL) {
        int64_t fd = sdp_i64(e, 0, 0);
        uint32_t len;
        const uint8_t *tup = ps_param(e, 2, &len);
        if (fd >= 0 && len && (tup[0] == PS_AF_INET || tup[0] == PS_AF_INET6))
            ps_add_socket(eng, e, fd, tup[0] == PS_AF_INET ? PS_AF_INET : PS_AF_INET6, PS_SOCK_DGRAM, PS_IPPROTO_UDP);
    }
    sdp_store_event(eng, e);
}

static void ps_socket_exit(sdp_engine *eng, sdp_event *e) {
    int64_t fd = sdp_i64(e, 0, 0);
    if (fd < 0 || !e->thread) return;
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter)) return;
    ps_add_socket(eng, e, fd, sdp_u32(&enter, 0, 0), sdp_u32(&enter, 1, 0), sdp_u32(&enter, 2, 0));
}

static void ps_bind_v6(sdp_fd *f, const uint8_t *addr) {
    uint16_t port = rd16(addr + 17);
    if (port == 0) return;
    uint8_t l4 = f->su[36];
    if (ps_is_v4_mapped(addr + 1)) {
        f->type = FD_IPV4_SERVSOCK;
        f->su[6] = l4;
        memcpy(f->su, addr + 13, 4);
        ps_wr16(f->su + 4, port);
    } else {
        f->type = FD_IPV6_SERVSOCK;
        ps_wr16(f->su + 16, port);
        memcpy(f->su, addr + 1, 16);
        f->su[18] = l4;
    }
    f->flags |= FDF_ROLE_SERVER;
}

static void ps_bind_exit(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    sdp_fd *f = e->fdinfo;
    if (!f || sdp_i64(e, 0, 0) < 0) return;
    uint32_t len;
    const uint8_t *addr = ps_param(e, 1, &len);
    if (!len) return;
    uint8_t fam = addr[0];
    if (fam == PS_AF_INET && len >= 7) {
        uint16_t port = rd16(addr + 5);
        if (port > 0) {
            uint8_t l4 = f->su[12];
            f->type = FD_IPV4_SERVSOCK;
            memcpy(f->su, addr + 1, 4);
            ps_wr16(f->su + 4, port);
            f->su[6] = l4;
            f->flags |= FDF_ROLE_SERVER;
        }
    } else if (fam == PS_AF_INET6 && len >= 19) {
        ps_bind_v6(f, addr);
    }
    ps_setstr_own(&f->name, ps_sockaddr_text(addr, len));
}

static void ps_set_unix_info(sdp_fd *f, const uint8_t *p, uint32_t len) {
    uint8_t pad[17] = {0};
    memcpy(pad, p, len < 17 ? len : 17);
    memcpy(f->su, pad + 1, 16);
}

static void ps_connect_enter(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    sdp_fd *f = e->fdinfo;
    if (!f) return;
    if (e->nparams < 2) return;
    uint32_t len;
    const uint8_t *addr = ps_param(e, 1, &len);
    if (!len) return;
    uint8_t fam = addr[0];
    if (fam == PS_AF_INET && len >= 7) {
        f->type = FD_IPV4_SOCK;
        memcpy(f->su + 4, addr + 1, 4);
        ps_wr16(f->su + 10, rd16(addr + 5));
    } else if (fam == PS_AF_INET6 && len >= 19) {
        uint16_t port = rd16(addr + 17);
        if (ps_is_v4_mapped(addr + 1)) {
            f->type = FD_IPV4_SOCK;
            memcpy(f->su + 4, addr + 13, 4);
            ps_wr16(f->su + 10, port);
        } else {
            f->type = FD_IPV6_SOCK;
            ps_wr16(f->su + 34, port);
            memcpy(f->su + 16, addr + 1, 16);
        }
    } else {
        ps_setstr_own(&f->name, ps_sockaddr_text(addr, len));
        ps_set_unix_info(f, addr, len);
    }
}

/* update_ipv4/ipv6_addresses_and_ports on the tuple view of the su union: addresses of n bytes
 * at 0 and n, ports at 2n and 2n+2 (fds.py); 1 when the fd changed.  A socket of that family that
 * already holds the tuple, either way round, is left alone. */
static int ps_update_tuple(sdp_fd *f, int32_t type, uint32_t n, const uint8_t *sip, uint16_t sport,
                           const uint8_t *dip, uint16_t dport) {
    uint8_t *su = f->su;
    if (f->type == type) {
        uint16_t cs = rd16(su + 2 * n), cd = rd16(su + 2 * n + 2);
        if (memcmp(su, sip, n) == 0 && cs == sport && memcmp(su + n, dip, n) == 0 && cd == dport) return 0;
        if (memcmp(su, dip, n) == 0 && cs == dport && memcmp(su + n, sip, n) == 0 && cd == sport) return 0;
    }
    int changed = 0;
    if (memcmp(su, sip, n) != 0) { memcpy(su, sip, n); changed = 1; }
    if (rd16(su + 2 * n) != sport) { ps_wr16(su + 2 * n, sport); changed = 1; }
    if (ps_is_zero(su + n, n)) { memcpy(su + n, dip, n); changed = 1; }
    if (rd16(su + 2 * n + 2) == 0) { ps_wr16(su + 2 * n + 2, dport); changed = 1; }
    return changed;
}

static int ps_update_v4(sdp_fd *f, const uint8_t *sip, uint16_t sport, const uint8_t *dip, uint16_t dport) {
    return ps_update_tuple(f, FD_IPV4_SOCK, 4, sip, sport, dip, dport);
}

static int ps_update_v6(sdp_fd *f, const uint8_t *sip, uint16_t sport, const uint8_t *dip, uint16_t dport) {
    return ps_update_tuple(f, FD_IPV6_SOCK, 16, sip, sport, dip, dport);
}

/* the tuple views of a socktuple parameter (copied: the fd's su may be the same bytes' target) */
static int ps_upd_tuple_v4(sdp_fd *f, const uint8_t *p) {
    uint8_t sip[4], dip[4];
    memcpy(sip, p + 1, 4);
    memcpy(dip, p + 7, 4);
    return ps_update_v4(f, sip, rd16(p + 5), dip, rd16(p + 11));
}
static int ps_upd_tuple_mapped(sdp_fd *f, const uint8_t *p) {
    uint8_t sip[4], dip[4];
    memcpy(sip, p + 13, 4);
    memcpy(dip, p + 31, 4);
    return ps_update_v4(f, sip, rd16(p + 17), dip, rd16(p + 35));
}
static int ps_upd_tuple_v6(sdp_fd *f, const uint8_t *p) {
    uint8_t sip[16], dip[16];
    memcpy(sip, p + 1, 16);
    memcpy(dip, p + 19, 16);
    return ps_update_v6(f, sip, rd16(p + 17), dip, rd16(p + 35));
}

static void ps_swap_addresses(sdp_fd *f) {
    uint8_t *su = f->su;
    if (f->type == FD_IPV4_SOCK) {
        uint8_t ip[4], pt[2];
        memcpy(ip, su, 4); memcpy(su, su + 4, 4); memcpy(su + 4, ip, 4);
        memcpy(pt, su + 8, 2); memcpy(su + 8, su + 10, 2); memcpy(su + 10, pt, 2);
    } else {
        uint8_t ip[16], pt[2];
        memcpy(ip, su, 16); memcpy(su, su + 16, 16); memcpy(su + 16, ip, 16);
        memcpy(pt, su + 32, 2); memcpy(su + 32, su + 34, 2); memcpy(su + 34, pt, 2);
    }
}

static int ps_is_udp_socket(const sdp_fd *f) { return f->type == FD_IPV4_SOCK && f->su[12] == L4_UDP; }
static int ps_is_tcp_socket(const sdp_fd *f) { return f->type == FD_IPV4_SOCK && f->su[12] == L4_TCP; }

static void ps_fill_client_socket_info(sdp_fd *f, const uint8_t *p, uint32_t len) {
    uint8_t fam = p[0];
    if (fam == PS_AF_INET || fam == PS_AF_INET6) {
        int changed;
        if (fam == PS_AF_INET6 && len >= 37) {
            if (!(ps_is_v4_mapped(p + 1) && ps_is_v4_mapped(p + 19))) {
                f->type = FD_IPV6_SOCK;
                changed = ps_upd_tuple_v6(f, p);
            } else {
                f->type = FD_IPV4_SOCK;
                changed = ps_upd_tuple_mapped(f, p);
            }
        } else if (fam == PS_AF_INET && len >= 13) {
            f->type = FD_IPV4_SOCK;
            changed = ps_upd_tuple_v4(f, p);
        } else {
            return;
        }
        if (changed && (f->flags & FDF_ROLE_SERVER) && ps_is_udp_socket(f)) ps_swap_addresses(f);
        ps_setstr_own(&f->name, ps_sockinfo_text(f));
    } else {
        ps_setstr_own(&f->name, ps_socktuple_text(p, len));
        ps_set_unix_info(f, p, len);
    }
    if (fd_role_none(f)) f->flags |= FDF_ROLE_CLIENT;
}

static void ps_connect_exit(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    sdp_fd *f = e->fdinfo;
    if (!f) return;
    int64_t res = sdp_i64(e, 0, 0);
    if (res < 0 && res != -PS_SE_EINPROGRESS) return;
    f->flags = (f->flags & ~(FDF_CONNECTION_PENDING | FDF_CONNECTION_FAILED)) | FDF_SOCKET_CONNECTED;
    uint32_t len;
    const uint8_t *p = ps_param(e, 1, &len);
    if (len) ps_fill_client_socket_info(f, p, len);
}

static void ps_accept_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    int64_t fd = sdp_i64(e, 0, 0);
    if (!t || fd < 0) return;
    t->lastevent_fd = fd;
    uint32_t len;
    const uint8_t *p = ps_param(e, 1, &len);
    if (!len) return;
    sdp_fd f;
    ps_fd_init(&f, fd, FD_UNINITIALIZED);
    if (p[0] == PS_AF_INET && len >= 13) {
        ps_upd_tuple_v4(&f, p);
        f.type = FD_IPV4_SOCK;
        f.su[12] = L4_TCP;
    } else if (p[0] == PS_AF_INET6 && len >= 37) {
        if (ps_is_v4_mapped(p + 1) && ps_is_v4_mapped(p + 19)) {
            ps_upd_tuple_mapped(&f, p);
            f.type = FD_IPV4_SOCK;
            f.su[12] = L4_TCP;
        } else {
            ps_upd_tuple_v6(&f, p);
            f.type = FD_IPV6_SOCK;
            f.su[36] = L4_TCP;
        }
    } else if (p[0] == PS_AF_UNIX) {
        f.type = FD_UNIX_SOCK;
        ps_set_unix_info(&f, p, len);
    } else {
        free(f.name);
        return;
    }
    ps_setstr_own(&f.name, ps_socktuple_text(p, len));
    f.flags = FDF_ROLE_SERVER | FDF_SOCKET_CONNECTED;
    e->fdinfo = sdp_add_fd(eng, t, fd, &f);
    free(f.name);
}

static void ps_socketpair_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (sdp_i64(e, 0, 0) < 0 || !t) return;
    sdp_fd f;
    ps_fd_init(&f, -1, FD_UNIX_SOCK);
    uint64_t src = sdp_u64(e, 3, 0), dst = sdp_u64(e, 4, 0);
    memcpy(f.su, &src, 8);
    memcpy(f.su + 8, &dst, 8);
    e->fdinfo = sdp_add_fd(eng, t, sdp_i64(e, 1, 0), &f);
    sdp_add_fd(eng, t, sdp_i64(e, 2, 0), &f);
    free(f.name);
}

/* reads and writes that carry addresses: code -> tuple parameter (-1 none); -2 not one */
static int ps_rw_tparam(uint16_t code, int *incoming) {
    *incoming = 1;
    switch (code) {
    case 7: case 33: case 117: case 113: case 121: return -1;
    case 35: return 2;
    case 53: return 3;
    }
    *incoming = 0;
    switch (code) {
    case 9: case 29: case 119: case 115: case 123: return -1;
    case 31: case 49: return 2;
    }
    return -2;
}

static void ps_guess_role(sdp_engine *eng, sdp_event *e, sdp_fd *f, int incoming) {
    sdp_thread *t = e->thread;
    sdp_fdtable *tb = sdp_fd_table(eng, t);
    uint16_t dport = rd16(f->su + 10), sport = rd16(f->su + 8);
    int bound = 0, srcmatch = 0;
    if (tb) {
        for (uint32_t i = 0; i < tb->cap; i++) {
            sdp_fd *o = sdp_map_at(tb, i);
            if (o == NULL) continue;
            if ((o->type == FD_IPV4_SOCK && rd16(o->su + 10) == dport) ||
                (o->type == FD_IPV4_SERVSOCK && rd16(o->su + 4) == dport))
                bound = 1;
        }
    }
    if (!bound) {
        f->flags |= FDF_ROLE_CLIENT;
        return;
    }
    for (uint32_t i = 0; i < tb->cap; i++) {
        sdp_fd *o = sdp_map_at(tb, i);
        if (o == NULL) continue;
        if (o->type == FD_IPV4_SOCK && rd16(o->su + 8) == sport) { srcmatch = 1; break; }
    }
    if (!srcmatch) {
        f->flags |= FDF_ROLE_SERVER;
        return;
    }
    if (fd_role_none(f)) f->flags |= incoming ? FDF_ROLE_SERVER : FDF_ROLE_CLIENT;
}

/* sinsp_parser::update_fd */
static int ps_update_fd(sdp_engine *eng, sdp_fd *f, const uint8_t *p, uint32_t len) {
    if (!len) return 0;
    uint8_t fam = p[0];
    if (fam == PS_AF_INET && len >= 13) {
        if (f->type == FD_IPV4_SERVSOCK) f->su[12] = f->su[6];
        f->type = FD_IPV4_SOCK;
        if (!ps_upd_tuple_v4(f, p)) return 0;
    } else if (fam == PS_AF_INET6 && len >= 37) {
        if (ps_is_v4_mapped(p + 1) && ps_is_v4_mapped(p + 19)) {
            f->type = FD_IPV4_SOCK;
            if (!ps_upd_tuple_mapped(f, p)) return 0;
        } else if (!ps_upd_tuple_v6(f, p)) {
            return 0;
        }
    } else if (fam == PS_AF_UNIX) {
        f->type = FD_UNIX_SOCK;
        ps_set_unix_info(f, p, len);
        sdp_buf b = {0};
        if (len > 17) ps_sanitized(&b, p + 17, len - 17);
        ps_setstr_own(&f->name, ps_take(&b));
        return 1;
    } else {
        return 1;
    }
    if (f->type == FD_IPV4_SOCK && f->su[12] == L4_UNKNOWN) f->su[12] = L4_UDP;
    else if (f->type == FD_IPV6_SOCK && f->su[36] == L4_UNKNOWN) f->su[36] = L4_UDP;
    sdp_patch_tuple_from_ifaces(eng, f);
    return 1;
}

static void ps_rw_exit(sdp_engine *eng, sdp_event *e) {
    sdp_fd *f = e->fdinfo;
    if (!f) return;
    if (sdp_i64(e, 0, 0) < 0) return;
    if (f->type == FD_IPV4_SOCK || f->type == FD_IPV6_SOCK)
        f->flags = (f->flags & ~(FDF_CONNECTION_PENDING | FDF_CONNECTION_FAILED)) | FDF_SOCKET_CONNECTED;
    int incoming;
    int tparam = ps_rw_tparam(e->code, &incoming);
    if (tparam < 0 || !(f->name[0] == 0 || !ps_is_tcp_socket(f))) return;
    sdp_event enter;
    const sdp_event *src = e;
    if (!incoming) {
        if (!sdp_enter_event(eng, e, &enter)) return;
        src = &enter;
    }
    uint32_t len;
    const uint8_t *p = ps_param(src, tparam, &len);
    if (!ps_update_fd(eng, f, p, len)) return;
    /* _rename_after_tuple */
    if (f->type == FD_IPV4_SOCK || f->type == FD_IPV6_SOCK) {
        if (fd_role_none(f)) {
            if (!e->thread) { SDP_DECLINE(eng, "rw tuple without thread"); return; }
            ps_guess_role(eng, e, f, incoming);
        }
        if ((incoming && (f->flags & FDF_ROLE_CLIENT)) || (!incoming && (f->flags & FDF_ROLE_SERVER)))
            ps_swap_addresses(f);
        ps_setstr_own(&f->name, ps_sockinfo_text(f));
    } else {
        ps_setstr_own(&f->name, ps_socktuple_text(p, len));
    }
}

static void ps_getsockopt_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (e->nparams == 0 || !t) return;
    int64_t fd = sdp_i64(e, 1, 0);
    sdp_thread *mt = sdp_main_thread(eng, t);
    e->fdinfo = mt ? sdp_get_fd(eng, mt, fd) : NULL;
    t->lastevent_fd = fd;
}

/* =========================================================================================================
 * fds without addresses (parse_fd.py)
 * ========================================================================================================= */
static void ps_pipe_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (sdp_i64(e, 0, 0) < 0 || !t) return;
    uint64_t ino = sdp_u64(e, 3, 0);
    for (uint32_t i = 1; i <= 2; i++) {
        sdp_fd f;
        ps_fd_init(&f, -1, FD_FIFO);
        f.ino = ino;
        e->fdinfo = sdp_add_fd(eng, t, sdp_i64(e, i, 0), &f);
        free(f.name);
    }
}

static void ps_simple_fd(sdp_engine *eng, sdp_event *e, int32_t type) {
    sdp_thread *t = e->thread;
    int64_t fd = sdp_i64(e, 0, 0);
    if (!t || fd < 0) return;
    sdp_fd f;
    ps_fd_init(&f, fd, type);
    e->fdinfo = sdp_add_fd(eng, t, fd, &f);
    free(f.name);
}

static void ps_dup_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t) return;
    int64_t res = sdp_i64(e, 0, 0);
    if (res < 0) return;
    if (res == 0) t->flags |= CL_PIPE_DST;
    if (res == 1) t->flags |= CL_PIPE_SRC;
    if (!e->fdinfo) return;
    sdp_get_fd(eng, t, res);
    e->fdinfo = sdp_add_fd(eng, t, res, e->fdinfo);
}

static void ps_fcntl_enter(sdp_engine *eng, sdp_event *e) {
    if (!e->thread) return;
    uint8_t cmd = sdp_u8(e, 1, 0);
    if (cmd == PS_FCNTL_F_DUPFD || cmd == PS_FCNTL_F_DUPFD_CLOEXEC) sdp_store_event(eng, e);
}

static void ps_fcntl_exit(sdp_engine *eng, sdp_event *e) {
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter)) return;
    int64_t res = sdp_i64(e, 0, 0);
    if (res >= 0 && e->fdinfo && e->thread) e->fdinfo = sdp_add_fd(eng, e->thread, res, e->fdinfo);
}

/* =========================================================================================================
 * the rest (parse_misc.py)
 * ========================================================================================================= */
static void ps_chdir_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t || sdp_i64(e, 0, 0) < 0) return;
    uint32_t len;
    const uint8_t *p = ps_param(e, 1, &len);
    sdp_set_cwd(eng, t, p, len, len);
}

static void ps_fchdir_exit(sdp_engine *eng, sdp_event *e) {
    if (sdp_i64(e, 0, 0) < 0 || !e->fdinfo || !e->thread) return;
    char *name = sdp_strdup(e->fdinfo->name);   /* the fd may be the thread's own cwd source */
    size_t n = strlen(name);
    sdp_set_cwd(eng, e->thread, (const uint8_t *)name, n, n);
    free(name);
}

static void ps_rlimit_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t || sdp_i64(e, 0, 0) < 0) return;
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter) || sdp_u8(&enter, 0, 0) != PS_RLIMIT_NOFILE) return;
    int64_t cur = sdp_i64(e, 1, 0);
    sdp_thread *mt = sdp_main_thread(eng, t);
    if (cur != -1 && mt) mt->fdlimit = cur;
}

static void ps_prlimit_exit(sdp_engine *eng, sdp_event *e) {
    if (sdp_i64(e, 0, 0) < 0) return;
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter) || sdp_u8(&enter, 1, 0) != PS_RLIMIT_NOFILE) return;
    int64_t newcur = sdp_i64(e, 1, 0);
    if (newcur == -1) return;
    int64_t tid = sdp_i64(&enter, 0, 0);
    if (tid == 0) tid = e->tid;
    sdp_thread *pt = sdp_threads_get_ref(eng, tid, 1);
    sdp_thread *mt = pt ? sdp_main_thread(eng, pt) : NULL;
    if (mt) mt->fdlimit = newcur;
}

static void ps_context_switch(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (!t) return;
    sdp_main_thread(eng, t);   /* pf/vm counters are not kept; the lookup may create a placeholder */
}

static void ps_set_id(sdp_engine *eng, sdp_event *e, int gid, uint32_t enter_index, int check_max) {
    if (sdp_i64(e, 0, 0) < 0) return;
    sdp_event enter;
    if (!sdp_enter_event(eng, e, &enter)) return;
    uint32_t v = sdp_u32(&enter, enter_index, 0);
    if (check_max && v >= UNSET_ID) return;
    if (e->thread) {
        if (gid) e->thread->gid = v;
        else e->thread->uid = v;
    }
}

static void ps_setsid_exit(sdp_engine *eng, sdp_event *e) {
    (void)eng;
    int64_t res = sdp_i64(e, 0, 0);
    if (res >= 0 && e->thread) e->thread->sid = res;
}

static void ps_chroot_exit(sdp_engine *eng, sdp_event *e) {
    sdp_thread *t = e->thread;
    if (sdp_i64(e, 0, 0) != 0 || !t) return;
    uint32_t len;
    const uint8_t *raw = ps_param(e, 1, &len);
    /* root is not kept; only the cwd lookup (main_thread) has an effect on the state */
    if (len && raw[0] != '/') {
        sdp_buf b = {0};
        ps_sanitized(&b, raw, len);
        char *path = ps_take(&b);
        if (strcmp(path, "<NA>") != 0) sdp_get_cwd(eng, t);
        free(path);
    }
}

/* ---- dispatch ------------------------------------------------------------------------------------------------ */
static int ps_is_stored_enter(uint16_t c) {   /* STORED_ENTERS - {30} */
    switch (c) {
    case 2: case 58: case 102: case 306: case 326: case 18: case 62: case 94: case 96: case 36: case 140:
    case 142: case 144: case 48: case 188: case 192: case 194: case 198: case 200: case 288: case 292:
    case 330: case 294:
        return 1;
    }
    return 0;
}

void sdp_handle(sdp_engine *eng, sdp_event *e) {
    uint16_t c = e->code;
    if (ps_is_stored_enter(c)) { ps_store(eng, e); return; }
    if (sdp_is_clone_exit(c)) { ps_clone_exit(eng, e); return; }
    int incoming;
    if (ps_rw_tparam(c, &incoming) != -2) { ps_rw_exit(eng, e); return; }
    switch (c) {
    case 13: case 155: case 173: case 215: case 231: case 283: case 289: case 293: case 331:
        ps_execve_exit(eng, e); return;
    case 3: case 59: case 103: case 307: case 327: ps_open_exit(eng, e); return;
    case 4: ps_close_enter(eng, e); return;
    case 5: ps_close_exit(eng, e); return;
    case 16: case 186: ps_procexit(eng, e); return;
    case 30: ps_sendto_enter(eng, e); return;
    case 19: ps_socket_exit(eng, e); return;
    case 21: ps_bind_exit(eng, e); return;
    case 22: ps_connect_enter(eng, e); return;
    case 23: ps_connect_exit(eng, e); return;
    case 27: case 57: case 247: case 249: ps_accept_exit(eng, e); return;
    case 43: ps_socketpair_exit(eng, e); return;
    case 47: ps_getsockopt_exit(eng, e); return;
    case 61: ps_pipe_exit(eng, e); return;
    case 63: ps_simple_fd(eng, e, FD_EVENT); return;
    case 127: ps_simple_fd(eng, e, FD_SIGNALFD); return;
    case 137: ps_simple_fd(eng, e, FD_TIMERFD); return;
    case 139: ps_simple_fd(eng, e, FD_INOTIFY); return;
    case 125: ps_dup_exit(eng, e); return;
    case 150: ps_fcntl_enter(eng, e); return;
    case 151: ps_fcntl_exit(eng, e); return;
    case 93: case 95: ps_chdir_exit(eng, e); return;
    case 97: ps_fchdir_exit(eng, e); return;
    case 141: case 143: ps_rlimit_exit(eng, e); return;
    case 145: ps_prlimit_exit(eng, e); return;
    case SCHEDSWITCH_6_E: ps_context_switch(eng, e); return;
    case 159: case 161: case 163: case 165: return;   /* vm counters only */
    case 193: ps_set_id(eng, e, 0, 1, 1); return;
    case 195: ps_set_id(eng, e, 1, 1, 1); return;
    case 199: ps_set_id(eng, e, 0, 0, 0); return;
    case 201: ps_set_id(eng, e, 1, 0, 0); return;
    case 275: ps_setsid_exit(eng, e); return;
    case 267: ps_chroot_exit(eng, e); return;
    case 228: case 272: case 324: return;   /* the container table only: not kept (no C output reads it) */
    }
}

void sdp_parse_init(sdp_engine *eng) {
    for (uint32_t c = 0; c < eng->ncodes; c++) eng->events[c].handled = 1;
}
