/* sysdigpy live probe (BCC).
 *
 * raw_syscalls sys_enter/sys_exit and sched_process_exit, as raw tracepoints.
 * Every event is written in the scap v2 layout (26-byte header, u16 lengths,
 * parameters) of the libs-2022 event table, prefixed by 8 bytes
 * (u32 cpu, u32 reserved), into the ring buffer `events`.
 *
 * Kernel structures are never read through header definitions: every field
 * offset is an OFF_* -D flag that userspace takes from the running kernel's BTF,
 * so the program compiles against any installed headers.
 *
 * Configuration (-D): SNAPLEN, OWN_PID (tgid not traced, 0 = none),
 * BOOT_OFFSET_NS (wall clock - boot clock), RB_PAGES (ring buffer pages),
 * WAKE_EVENTS (wake the reader every that many events of a cpu),
 * FILTER_SC (1: trace only native syscall numbers with bit 0 set in `sc_filter`),
 * FILTER_TGID (1: trace only tasks whose tgid or tid is in `tgid_filter`),
 * FILTER_COMM (1: trace only tasks whose comm, or their group leader's, is in
 * `comm_filter`).  Whatever the filters say, syscalls with bit 1 set in
 * `sc_filter` (those that change the process or fd tables) and process exits
 * are always traced, so userspace state stays right (filter pushdown).
 *
 * Per-syscall fillers are separate programs reached through the tail-call
 * arrays `enter_tail`/`exit_tail` (indexed by the native syscall number);
 * a syscall with no filler falls back to the generic event 0/1.
 *
 * Flags re-encoded into PPM values: open/openat/openat2 flags (file_flags),
 * clone flags, mmap flags, poll events, fcntl commands.  Values whose PPM
 * encoding equals the Linux one are passed as they are (prot, futex op,
 * lseek whence, AT_REMOVEDIR, socket families, modes).
 */

#define HALF 32768
#define SCRATCH_SIZE (2 * HALF)
#define PFX 8
#define HDR 26
#define MAXSTR 4096
#define ARGMAX 4096
#define ENVMAX 4096
#define CGMAX 2048
#ifndef MAXDEPTH
#define MAXDEPTH 16
#endif
#define MAX_NATIVE_SC 512

#ifndef SNAPLEN
#define SNAPLEN 80
#endif
#ifndef OWN_PID
#define OWN_PID 0
#endif
#ifndef BOOT_OFFSET_NS
#define BOOT_OFFSET_NS 0
#endif
#ifndef RB_PAGES
#define RB_PAGES 1024
#endif
#ifndef WAKE_EVENTS
#define WAKE_EVENTS 1024
#endif
#ifndef NCPUS
#define NCPUS 64
#endif
#ifndef FILTER_SC
#define FILTER_SC 0
#endif
#ifndef FILTER_TGID
#define FILTER_TGID 0
#endif
#ifndef FILTER_COMM
#define FILTER_COMM 0
#endif
#define FILTER_ANY (FILTER_SC || FILTER_TGID || FILTER_COMM)

struct scratch_t {
    u8 d[SCRATCH_SIZE];
};

/* one 64 KiB scratch per cpu (a per-cpu map value cannot exceed 32 KiB) */
BPF_ARRAY(scratch, struct scratch_t, NCPUS);
BPF_PERCPU_ARRAY(counters, u64, 4); /* 0 events written, 1 drops */
BPF_ARRAY(sc_to_ppm, u16, MAX_NATIVE_SC);
BPF_ARRAY(sc_filter, u8, MAX_NATIVE_SC);
BPF_HASH(tgid_filter, u32, u8, 4096);
struct comm_key {
    char c[16];
};
BPF_HASH(comm_filter, struct comm_key, u8, 256);
BPF_PROG_ARRAY(enter_tail, MAX_NATIVE_SC);
BPF_PROG_ARRAY(exit_tail, MAX_NATIVE_SC);
BPF_RINGBUF_OUTPUT(events, RB_PAGES);
/* [0] = 1 once userspace has loaded every filler: nothing is emitted before */
BPF_ARRAY(ready, u32, 1);

/* ---------------------------------------------------------------- reading */

static __always_inline u64 rd64(const void *p, u32 off)
{
    u64 v = 0;
    bpf_probe_read_kernel(&v, sizeof(v), (const u8 *)p + off);
    return v;
}

static __always_inline u32 rd32(const void *p, u32 off)
{
    u32 v = 0;
    bpf_probe_read_kernel(&v, sizeof(v), (const u8 *)p + off);
    return v;
}

static __always_inline u16 rd16(const void *p, u32 off)
{
    u16 v = 0;
    bpf_probe_read_kernel(&v, sizeof(v), (const u8 *)p + off);
    return v;
}

#define RDP(p, off) ((void *)rd64((p), (off)))

static __always_inline u64 arg(struct bpf_raw_tracepoint_args *ctx, int i)
{
    void *regs = (void *)ctx->args[0];
    switch (i) {
    case 0: return rd64(regs, OFF_REG_DI);
    case 1: return rd64(regs, OFF_REG_SI);
    case 2: return rd64(regs, OFF_REG_DX);
    case 3: return rd64(regs, OFF_REG_R10);
    case 4: return rd64(regs, OFF_REG_R8);
    default: return rd64(regs, OFF_REG_R9);
    }
}

/* --------------------------------------------------------------- building */

/* v & (HALF - 1), as an instruction clang cannot drop: the verifier needs the
 * bound on every variable offset into the scratch buffer */
static __always_inline u32 HM(u32 v)
{
    u64 x = v;
    asm volatile("%0 &= 32767" : "+r"(x));
    return x;
}

struct ev {
    u8 *b;
    u32 off;
    u32 idx;
};

static __always_inline int ev_start(struct ev *e, u16 type, u32 np)
{
    u32 k = bpf_get_smp_processor_id();
    struct scratch_t *s = scratch.lookup(&k);
    if (!s)
        return -1;
    e->b = s->d;
    e->idx = 0;
    e->off = PFX + HDR + 2 * np;
    *(u32 *)(e->b) = bpf_get_smp_processor_id();
    *(u32 *)(e->b + 4) = 0;
    *(u64 *)(e->b + PFX) = bpf_ktime_get_boot_ns() + BOOT_OFFSET_NS;
    *(u64 *)(e->b + PFX + 8) = (u32)bpf_get_current_pid_tgid();
    *(u16 *)(e->b + PFX + 20) = type;
    *(u32 *)(e->b + PFX + 22) = np;
    return 0;
}

static __always_inline void set_len(struct ev *e, u32 n)
{
    *(u16 *)(e->b + ((PFX + HDR + 2 * e->idx) & 127)) = n;
    e->idx++;
    e->off += n;
}

static __always_inline void p_u8(struct ev *e, u8 v)
{
    *(u8 *)(e->b + HM(e->off)) = v;
    set_len(e, 1);
}

static __always_inline void p_u16(struct ev *e, u16 v)
{
    *(u16 *)(e->b + HM(e->off)) = v;
    set_len(e, 2);
}

static __always_inline void p_u32(struct ev *e, u32 v)
{
    *(u32 *)(e->b + HM(e->off)) = v;
    set_len(e, 4);
}

static __always_inline void p_u64(struct ev *e, u64 v)
{
    *(u64 *)(e->b + HM(e->off)) = v;
    set_len(e, 8);
}

static __always_inline void p_empty(struct ev *e)
{
    set_len(e, 0);
}

static __always_inline void p_na(struct ev *e)
{
    u32 o = HM(e->off);
    e->b[o] = '<'; e->b[o + 1] = 'N'; e->b[o + 2] = 'A'; e->b[o + 3] = '>'; e->b[o + 4] = 0;
    set_len(e, 5);
}

static __always_inline void p_ustr(struct ev *e, u64 uptr)
{
    long n = -1;
    if (uptr && e->off < HALF - MAXSTR)
        n = bpf_probe_read_user_str(e->b + HM(e->off), MAXSTR, (void *)uptr);
    if (n <= 0) {
        p_na(e);
        return;
    }
    set_len(e, n);
}

static __always_inline void p_kstr(struct ev *e, const void *kptr, u32 max)
{
    long n = -1;
    if (kptr && e->off < HALF - MAXSTR)
        n = bpf_probe_read_kernel_str(e->b + HM(e->off), max & (MAXSTR - 1), kptr);
    if (n <= 0) {
        p_na(e);
        return;
    }
    set_len(e, n);
}

static __always_inline void p_comm(struct ev *e)
{
    u32 o = HM(e->off);
    bpf_get_current_comm(e->b + o, 16);
    u32 n = 0;
    #pragma unroll
    for (int i = 0; i < 16; i++) {
        if (e->b[(o + i) & (SCRATCH_SIZE - 1)] == 0)
            break;
        n++;
    }
    if (n >= 16) {
        n = 15;
        e->b[(o + 15) & (SCRATCH_SIZE - 1)] = 0;
    }
    set_len(e, n + 1);
}

/* raw user bytes, at most `max` (a constant <= HALF/2) */
static __always_inline u32 copy_user(struct ev *e, u32 at, u64 uptr, u64 len, u32 max)
{
    if (len > max)
        len = max;
    if (!uptr || len == 0 || at >= HALF)
        return 0;
    len &= (HALF / 2 - 1);
    if (bpf_probe_read_user(e->b + HM(at), len, (void *)uptr) != 0)
        return 0;
    return len;
}

static __always_inline void p_ubuf(struct ev *e, u64 uptr, s64 len)
{
    if (len < 0)
        len = 0;
    set_len(e, copy_user(e, e->off, uptr, len, SNAPLEN));
}

/* data gathered from an iovec array (readv/writev/sendmsg/recvmsg) */
static __always_inline void p_iovec(struct ev *e, u64 iov, u64 iovcnt, s64 total)
{
    u32 start = e->off;
    u32 got = 0;
    if (total < 0)
        total = 0;
    if (total > SNAPLEN)
        total = SNAPLEN;
    volatile u32 lim = iovcnt > 8 ? 8 : iovcnt;
    #pragma unroll
    for (int i = 0; i < 8; i++) {
        if (i >= lim || got >= total)
            continue;
        u64 base = 0, len = 0;
        bpf_probe_read_user(&base, 8, (void *)(iov + 16 * i));
        bpf_probe_read_user(&len, 8, (void *)(iov + 16 * i + 8));
        if (len > total - got)
            len = total - got;
        got += copy_user(e, start + got, base, len, SNAPLEN);
    }
    set_len(e, got);
}

static __always_inline u64 iov_size(u64 iov, u64 iovcnt)
{
    u64 total = 0;
    volatile u32 lim = iovcnt > 16 ? 16 : iovcnt;
    #pragma unroll
    for (int i = 0; i < 16; i++) {
        if (i >= lim)
            continue;
        u64 len = 0;
        bpf_probe_read_user(&len, 8, (void *)(iov + 16 * i + 8));
        total += len;
    }
    return total;
}

static __always_inline void ev_submit(struct ev *e)
{
    u32 len = e->off;
    u32 k = 0;
    *(u32 *)(e->b + PFX + 16) = len - PFX;
    if (len > SCRATCH_SIZE || len < PFX + HDR)
        return;
    /* re-bound through a volatile so clang cannot drop the mask */
    volatile u32 vlen = len;
    len = vlen & (SCRATCH_SIZE - 1);
    /* wake the reader only every WAKE_EVENTS events of this cpu (it also polls) */
    u64 *n = counters.lookup(&k);
    u64 flags = (n && (*n % WAKE_EVENTS) == WAKE_EVENTS - 1) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
    k = events.ringbuf_output(e->b, len, flags) == 0 ? 0 : 1;
    u64 *c = counters.lookup(&k);
    if (c)
        *c += 1;
}

/* -------------------------------------------------------------- the task */

static __always_inline void *task(void)
{
    return (void *)bpf_get_current_task();
}

static __always_inline s64 pid_nr_ns(void *pid)
{
    /* the number in the pid's own (deepest) namespace */
    u32 level = rd32(pid, OFF_PID_LEVEL);
    return (s32)rd32(pid, OFF_PID_NUMBERS + (level & 31) * SIZE_UPID);
}

static __always_inline s64 task_ptid(void *t)
{
    return (s32)rd32(RDP(t, OFF_T_REAL_PARENT), OFF_T_TGID);
}

static __always_inline void *fd_file(void *t, s64 fd)
{
    void *fdt = RDP(RDP(t, OFF_T_FILES), OFF_FILES_FDT);
    u32 max = rd32(fdt, OFF_FDT_MAX);
    if (fd < 0 || fd >= max)
        return 0;
    return RDP(RDP(fdt, OFF_FDT_FD), (u32)fd * 8);
}

static __always_inline void *fd_sock(void *t, s64 fd)
{
    void *f = fd_file(t, fd);
    u16 mode = rd16(RDP(f, OFF_FILE_INODE), OFF_INODE_MODE);
    if ((mode & 0170000) != 0140000)
        return 0;
    return RDP(RDP(f, OFF_FILE_PRIV), OFF_SOCKET_SK);
}

static __always_inline u32 fd_dev(void *t, s64 fd)
{
    void *sb = RDP(RDP(fd_file(t, fd), OFF_FILE_INODE), OFF_INODE_SB);
    u32 dev = rd32(sb, OFF_SB_DEV);
    /* kernel dev_t (12:20) to the userspace encoding */
    u32 major = dev >> 20, minor = dev & 0xfffff;
    return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

/* ------------------------------------------------------------------ flags */

/* move bit `from` of f to bit `to`, without a branch (branches on flag bits
 * multiply the verifier's states) */
#define MV(f, from, to) (((((u64)(f)) / (from)) & 1) * (to))

static __always_inline u32 ppm_open_flags(u64 f)
{
    u32 r = 0;
    r |= ((f & 3) + 1) & 3; /* O_RDONLY 0 -> 1, O_WRONLY 1 -> 2, O_RDWR 2 -> 3 */
    r |= MV(f, 0100, 4);          /* O_CREAT */
    r |= MV(f, 02000, 8);         /* O_APPEND */
    r |= MV(f, 010000, 16);       /* O_DSYNC */
    r |= MV(f, 0200, 32);         /* O_EXCL */
    r |= MV(f, 04000, 64);        /* O_NONBLOCK */
    r |= MV(f, 04000000, 128);    /* __O_SYNC */
    r |= MV(f, 01000, 256);       /* O_TRUNC */
    r |= MV(f, 040000, 512);      /* O_DIRECT */
    r |= MV(f, 0200000, 1024);    /* O_DIRECTORY */
    r |= MV(f, 0100000, 2048);    /* O_LARGEFILE */
    r |= MV(f, 02000000, 4096);   /* O_CLOEXEC */
    r |= MV(f, 020000000, 8192);  /* __O_TMPFILE */
    return r;
}

static __always_inline u32 ppm_clone_flags(u64 f)
{
    u32 r = 0;
    r |= MV(f, 0x400, 1);              /* FILES */
    r |= MV(f, 0x200, 2);              /* FS */
    r |= MV(f, 0x80000000ULL, 4);      /* IO */
    r |= MV(f, 0x8000000, 8);          /* NEWIPC */
    r |= MV(f, 0x40000000, 16);        /* NEWNET */
    r |= MV(f, 0x20000, 32);           /* NEWNS */
    r |= MV(f, 0x20000000, 64);        /* NEWPID */
    r |= MV(f, 0x4000000, 128);        /* NEWUTS */
    r |= MV(f, 0x8000, 256);           /* PARENT */
    r |= MV(f, 0x100000, 512);         /* PARENT_SETTID */
    r |= MV(f, 0x2000, 1024);          /* PTRACE */
    r |= MV(f, 0x800, 2048);           /* SIGHAND */
    r |= MV(f, 0x40000, 4096);         /* SYSVSEM */
    r |= MV(f, 0x10000, 8192);         /* THREAD */
    r |= MV(f, 0x800000, 16384);       /* UNTRACED */
    r |= MV(f, 0x100, 32768);          /* VM */
    r |= MV(f, 0x10000000, 1048576);   /* NEWUSER */
    r |= MV(f, 0x200000, 8388608);     /* CHILD_CLEARTID */
    r |= MV(f, 0x1000000, 16777216);   /* CHILD_SETTID */
    r |= MV(f, 0x80000, 33554432);     /* SETTLS */
    r |= MV(f, 0x4000, 134217728);     /* VFORK */
    r |= MV(f, 0x2000000, 268435456);  /* NEWCGROUP */
    return r;
}

static __always_inline u32 ppm_mmap_flags(u64 f)
{
    u32 r = 0;
    r |= MV(f, 0x1, 0x1);        /* SHARED */
    r |= MV(f, 0x2, 0x2);        /* PRIVATE */
    r |= MV(f, 0x10, 0x4);       /* FIXED */
    r |= MV(f, 0x20, 0x8);       /* ANONYMOUS */
    r |= MV(f, 0x40, 0x10);      /* 32BIT */
    r |= MV(f, 0x4000, 0x40);    /* NORESERVE */
    r |= MV(f, 0x8000, 0x80);    /* POPULATE */
    r |= MV(f, 0x10000, 0x100);  /* NONBLOCK */
    r |= MV(f, 0x100, 0x200);    /* GROWSDOWN */
    r |= MV(f, 0x800, 0x400);    /* DENYWRITE */
    r |= MV(f, 0x1000, 0x800);   /* EXECUTABLE */
    r |= MV(f, 0x2000, 0x4000);  /* LOCKED */
    return r;
}

static __always_inline u16 ppm_poll_events(u16 f)
{
    u16 r = f & 0x7;              /* IN PRI OUT */
    r |= MV(f, 0x2000, 0x8);     /* RDHUP */
    r |= MV(f, 0x8, 0x10);       /* ERR */
    r |= MV(f, 0x10, 0x20);      /* HUP */
    r |= MV(f, 0x20, 0x40);      /* NVAL */
    r |= MV(f, 0x40, 0x80);      /* RDNORM */
    r |= MV(f, 0x80, 0x100);     /* RDBAND */
    r |= MV(f, 0x100, 0x200);    /* WRNORM */
    r |= MV(f, 0x200, 0x400);    /* WRBAND */
    return r;
}

static __always_inline u8 ppm_fcntl_cmd(u64 c)
{
    switch (c) {
    case 0: return 1; case 1: return 2; case 2: return 3; case 3: return 4;
    case 4: return 5; case 5: return 6; case 6: return 8; case 7: return 9;
    case 8: return 10; case 9: return 12; case 10: return 13; case 11: return 15;
    case 15: return 0x15; case 16: return 0x16;
    case 36: return 0x1e; case 37: return 0x1f; case 38: return 0x20;
    case 1024: return 0x17; case 1025: return 0x18; case 1026: return 0x1b;
    case 1029: return 0x19; case 1030: return 0x1a; case 1031: return 0x1c; case 1032: return 0x1d;
    default: return 0;
    }
}

/* -------------------------------------------------------------- sockets */

static __always_inline void p_sockaddr(struct ev *e, u64 uaddr, u64 alen)
{
    u32 o = HM(e->off);
    u16 fam = 0;
    if (!uaddr || alen < 2 || bpf_probe_read_user(&fam, 2, (void *)uaddr) != 0) {
        p_empty(e);
        return;
    }
    if (fam == 2) {
        u16 port = 0;
        bpf_probe_read_user(&port, 2, (void *)(uaddr + 2));
        e->b[o] = 2;
        bpf_probe_read_user(e->b + o + 1, 4, (void *)(uaddr + 4));
        *(u16 *)(e->b + o + 5) = __builtin_bswap16(port);
        set_len(e, 7);
    } else if (fam == 10) {
        u16 port = 0;
        bpf_probe_read_user(&port, 2, (void *)(uaddr + 2));
        e->b[o] = 10;
        bpf_probe_read_user(e->b + o + 1, 16, (void *)(uaddr + 8));
        *(u16 *)(e->b + o + 17) = __builtin_bswap16(port);
        set_len(e, 19);
    } else if (fam == 1) {
        e->b[o] = 1;
        long n = bpf_probe_read_user_str(e->b + o + 1, 109, (void *)(uaddr + 2));
        set_len(e, n > 0 ? n + 1 : 2);
        if (n <= 0)
            e->b[o + 1] = 0;
    } else {
        p_empty(e);
    }
}

/* local/remote tuple of socket `sk`; `inbound` puts the remote end first
 * (accept, recv*); a user sockaddr fills a remote end the socket lacks. */
static __always_inline void p_socktuple(struct ev *e, void *sk, int inbound, u64 uaddr, u64 alen)
{
    u32 o = HM(e->off);
    u16 fam = rd16(sk, OFF_SK_FAMILY);
    if (!sk) {
        p_empty(e);
        return;
    }
    if (fam == 2) {
        u32 lip = rd32(sk, OFF_SK_RCV_SADDR), rip = rd32(sk, OFF_SK_DADDR);
        u16 lport = rd16(sk, OFF_SK_NUM), rport = __builtin_bswap16(rd16(sk, OFF_SK_DPORT));
        u16 ufam = 0;
        if (rip == 0 && uaddr && alen >= 8 && bpf_probe_read_user(&ufam, 2, (void *)uaddr) == 0 && ufam == 2) {
            bpf_probe_read_user(&rip, 4, (void *)(uaddr + 4));
            bpf_probe_read_user(&rport, 2, (void *)(uaddr + 2));
            rport = __builtin_bswap16(rport);
        }
        e->b[o] = 2;
        *(u32 *)(e->b + o + 1) = inbound ? rip : lip;
        *(u16 *)(e->b + o + 5) = inbound ? rport : lport;
        *(u32 *)(e->b + o + 7) = inbound ? lip : rip;
        *(u16 *)(e->b + o + 11) = inbound ? lport : rport;
        set_len(e, 13);
    } else if (fam == 10) {
        u16 lport = rd16(sk, OFF_SK_NUM), rport = __builtin_bswap16(rd16(sk, OFF_SK_DPORT));
        u32 lo = inbound ? 19 : 1, ro = inbound ? 1 : 19;
        e->b[o] = 10;
        bpf_probe_read_kernel(e->b + o + (lo & 31), 16, (u8 *)sk + OFF_SK_V6_RCV_SADDR);
        bpf_probe_read_kernel(e->b + o + (ro & 31), 16, (u8 *)sk + OFF_SK_V6_DADDR);
        *(u16 *)(e->b + o + 17) = inbound ? rport : lport;
        *(u16 *)(e->b + o + 35) = inbound ? lport : rport;
        set_len(e, 37);
    } else if (fam == 1) {
        u64 peer = rd64(sk, OFF_UNIX_PEER);
        e->b[o] = 1;
        *(u64 *)(e->b + o + 1) = (u64)sk;
        *(u64 *)(e->b + o + 9) = peer;
        long n = -1;
        if (uaddr && alen > 2)
            n = bpf_probe_read_user_str(e->b + o + 17, 109, (void *)(uaddr + 2));
        if (n <= 0) {
            e->b[o + 17] = 0;
            n = 1;
        }
        set_len(e, 17 + n);
    } else {
        p_empty(e);
    }
}

/* ------------------------------------------------------- process details */

/* Branch-free helpers for the path builders: a branch per component would
 * multiply the verifier's states (2^depth). */
static __always_inline u64 nz_mask(u64 x)
{
    /* all ones if x != 0, else 0 (asm: clang would turn the idiom into a branch) */
    u64 y = x | -x;
    asm volatile("%0 s>>= 63" : "+r"(y));
    return y;
}

static __always_inline u64 pos(s64 x)
{
    /* max(x, 0), branch-free for the same reason */
    s64 m = x;
    asm volatile("%0 s>>= 63" : "+r"(m));
    return x & ~m;
}

/* append "/name" for each non-NULL names[i], from the last to the first; returns o */
static __always_inline u32 put_components(struct ev *e, u32 o, const void **names, int depth, u32 max)
{
    #pragma unroll
    for (int i = MAXDEPTH - 1; i >= 0; i--) {
        if (i >= depth)
            continue; /* compile-time: depth is a constant */
        e->b[HM(o)] = '/';
        long r = bpf_probe_read_kernel_str(e->b + HM(o + 1), max, names[i]);
        u64 a = pos(r - 1);
        o += (a + 1) & nz_mask(a);
    }
    return o;
}

/* "/" alone when nothing was appended since p0, then the NUL; returns o */
static __always_inline u32 close_path(struct ev *e, u32 o, u32 p0)
{
    e->b[HM(o)] = '/';
    o += 1 + nz_mask(o - p0);
    e->b[HM(o)] = 0;
    return o + 1;
}

static __always_inline void p_cwd(struct ev *e, void *t)
{
    void *fs = RDP(t, OFF_T_FS);
    void *dentry = RDP(fs, OFF_FS_PWD + OFF_PATH_DENTRY);
    void *vmnt = RDP(fs, OFF_FS_PWD + OFF_PATH_MNT);
    void *mnt = (u8 *)vmnt - OFF_MOUNT_MNT;
    const void *names[MAXDEPTH] = {};
    if (!dentry || e->off >= HALF - MAXDEPTH * 256 - 2) {
        p_na(e);
        return;
    }
    /* names[0] is the leaf; a mount root continues at its mountpoint */
    #pragma unroll
    for (int i = 0; i < MAXDEPTH; i++) {
        if (dentry == RDP(vmnt, OFF_VFSMOUNT_ROOT)) {
            void *mparent = RDP(mnt, OFF_MOUNT_PARENT);
            if (!mparent || mparent == mnt)
                break;
            dentry = RDP(mnt, OFF_MOUNT_MOUNTPOINT);
            mnt = mparent;
            vmnt = (u8 *)mnt + OFF_MOUNT_MNT;
        }
        void *parent = RDP(dentry, OFF_DENTRY_PARENT);
        if (dentry == parent || dentry == RDP(vmnt, OFF_VFSMOUNT_ROOT))
            break;
        names[i] = RDP(dentry, OFF_DENTRY_NAME + OFF_QSTR_NAME);
        dentry = parent;
    }
    u32 start = e->off;
    u32 o = put_components(e, start, names, MAXDEPTH, 256);
    o = close_path(e, o, start);
    set_len(e, o - start);
}

#ifndef CG_DEPTH
#define CG_DEPTH 6
#endif

/* "subsys=/path\0" for each cgroup subsystem */
static __always_inline void p_cgroups(struct ev *e, void *t)
{
    void *cset = RDP(t, OFF_T_CGROUPS);
    u32 start = e->off, o = start;
    if (!cset || start >= HALF - 8192) {
        p_empty(e);
        return;
    }
    #pragma unroll
    for (int s = 0; s < NR_CGROUP_SUBSYS; s++) {
        void *css = RDP(cset, OFF_CSS_SET_SUBSYS + s * 8);
        const void *ssname = RDP(RDP(css, OFF_CSS_SS), OFF_SS_NAME);
        u32 so = o;
        long r = bpf_probe_read_kernel_str(e->b + HM(o), 32, ssname);
        u64 ok = nz_mask(pos(r - 1));
        o += pos(r - 1);
        e->b[HM(o)] = '=';
        o++;
        void *kn = RDP(RDP(css, OFF_CSS_CGROUP), OFF_CGROUP_KN);
        const void *names[MAXDEPTH] = {};
        #pragma unroll
        for (int i = 0; i < CG_DEPTH; i++) {
            void *parent = RDP(kn, OFF_KN_PARENT);
            /* the root node (no parent) has no component */
            names[i] = (const void *)(rd64(kn, OFF_KN_NAME) & nz_mask((u64)parent));
            kn = parent;
        }
        u32 p0 = o;
        o = put_components(e, o, names, CG_DEPTH, 64);
        o = close_path(e, o, p0);
        o = so + ((o - so) & ok); /* drop the entry of a missing subsystem */
    }
    set_len(e, o - start);
}

static __always_inline u32 mm_counter(void *mm, int i)
{
    s64 v = (s64)rd64(mm, OFF_MM_RSS_STAT + i * RSS_STRIDE + RSS_COUNT_OFF);
    return v > 0 ? (u32)v : 0;
}

/* vm_size, vm_rss, vm_swap in KiB */
static __always_inline void p_vm(struct ev *e, void *t)
{
    void *mm = RDP(t, OFF_T_MM);
    u32 rss = mm_counter(mm, 0) + mm_counter(mm, 1) + mm_counter(mm, 3);
    p_u32(e, (u32)(rd64(mm, OFF_MM_TOTAL_VM) * PAGE_KB));
    p_u32(e, rss * PAGE_KB);
    p_u32(e, mm_counter(mm, 2) * PAGE_KB);
}

static __always_inline u32 task_tty(void *t)
{
    void *tty = RDP(RDP(t, OFF_T_SIGNAL), OFF_SIG_TTY);
    if (!tty)
        return 0;
    void *drv = RDP(tty, OFF_TTY_DRIVER);
    u32 major = rd32(drv, OFF_DRV_MAJOR), minor = rd32(drv, OFF_DRV_MINOR_START) + rd32(tty, OFF_TTY_INDEX);
    return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

/* the fields common to execve and clone exits, from exe to comm (params 2..14) */
static __always_inline void p_proc_common(struct ev *e, void *t)
{
    void *mm = RDP(t, OFF_T_MM);
    u64 as = rd64(mm, OFF_MM_ARG_START), ae = rd64(mm, OFF_MM_ARG_END);
    u64 pidtgid = bpf_get_current_pid_tgid();
    long n = -1;
    u32 o = e->off;
    if (as && o < HALF - MAXSTR)
        n = bpf_probe_read_user_str(e->b + HM(o), MAXSTR, (void *)as);
    if (n <= 0) {
        p_na(e);
        p_empty(e);
    } else {
        set_len(e, n);
        u64 rest = ae > as + n ? ae - as - n : 0;
        set_len(e, copy_user(e, e->off, as + n, rest, ARGMAX));
    }
    p_u64(e, (u32)pidtgid);
    p_u64(e, pidtgid >> 32);
    p_u64(e, task_ptid(t));
    p_cwd(e, t);
    p_u64(e, rd64(RDP(t, OFF_T_SIGNAL), OFF_SIG_RLIM + 7 * 16));
    p_u64(e, rd64(t, OFF_T_MAJ_FLT));
    p_u64(e, rd64(t, OFF_T_MIN_FLT));
    p_vm(e, t);
    p_comm(e);
}

/* ================================================================ dispatch */

static __always_inline int traced(void)
{
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    u32 zero = 0;
    u32 *on = ready.lookup(&zero);
    if (!on || !*on)
        return 0;
    if (OWN_PID && tgid == OWN_PID)
        return 0;
    return 1;
}

/* the task passes the tgid/tid and comm filters */
static __always_inline int task_wanted(void)
{
#if FILTER_TGID
    u64 pt = bpf_get_current_pid_tgid();
    u32 tgid = pt >> 32, tid = (u32)pt;
    if (!tgid_filter.lookup(&tgid) && !tgid_filter.lookup(&tid))
        return 0;
#endif
#if FILTER_COMM
    struct comm_key k = {};
    bpf_get_current_comm(&k.c, sizeof(k.c));
    if (!comm_filter.lookup(&k)) {
        struct comm_key g = {};
        bpf_probe_read_kernel(&g.c, sizeof(g.c), (u8 *)RDP(task(), OFF_T_GROUP_LEADER) + OFF_T_COMM);
        if (!comm_filter.lookup(&g))
            return 0;
    }
#endif
    return 1;
}

static __always_inline int sc_wanted(u32 id)
{
#if FILTER_ANY
    u8 *w = sc_filter.lookup(&id);
    u8 v = w ? *w : 0;
    if (v & 2)
        return 1; /* changes state: always traced */
    if (FILTER_SC && !(v & 1))
        return 0;
    return task_wanted();
#else
    return 1;
#endif
}

static __always_inline u16 ppm_sc(u32 id)
{
    u16 *c = sc_to_ppm.lookup(&id);
    return c ? *c : 0;
}

RAW_TRACEPOINT_PROBE(sys_enter)
{
    u64 id = ctx->args[1];
    struct ev e = {};
    if (id >= MAX_NATIVE_SC || !traced() || !sc_wanted(id))
        return 0;
    enter_tail.call(ctx, id);
    if (ev_start(&e, 0, 2))
        return 0;
    p_u16(&e, ppm_sc(id));
    p_u16(&e, id);
    ev_submit(&e);
    return 0;
}

RAW_TRACEPOINT_PROBE(sys_exit)
{
    u64 id = rd64((void *)ctx->args[0], OFF_REG_ORIG_AX);
    struct ev e = {};
    if (id >= MAX_NATIVE_SC || !traced() || !sc_wanted(id))
        return 0;
    exit_tail.call(ctx, id);
    if (ev_start(&e, 1, 1))
        return 0;
    p_u16(&e, ppm_sc(id));
    ev_submit(&e);
    return 0;
}

RAW_TRACEPOINT_PROBE(sched_process_exit)
{
    struct ev e = {};
    void *t = task();
    if (!traced())
        return 0;
    if (ev_start(&e, 186, 4))
        return 0;
    u32 code = rd32(t, OFF_T_EXIT_CODE);
    p_u64(&e, code);
    p_u64(&e, (code >> 8) & 0xff);
    p_u8(&e, code & 0x7f);
    p_u8(&e, (code & 0x80) ? 1 : 0);
    ev_submit(&e);
    return 0;
}

/* ================================================================ fillers
 * FILLER(name) defines a program loaded into a tail-call array by userspace.
 * In enter fillers ctx->args[1] is the syscall number; in exit fillers it is
 * the return value.
 */

#define FILLER(name) int name(struct bpf_raw_tracepoint_args *ctx)
#define RET ((s64)ctx->args[1])
#define START(type, np) struct ev e = {}; if (ev_start(&e, type, np)) return 0;
#define END ev_submit(&e); return 0;

/* enter events with no parameters */
#define EMPTY_ENTER(name, type) FILLER(name) { START(type, 0) END }

EMPTY_ENTER(e_stat, 66)
EMPTY_ENTER(e_lstat, 68)
EMPTY_ENTER(e_chdir, 94)
EMPTY_ENTER(e_rename, 174)
EMPTY_ENTER(e_renameat, 176)
EMPTY_ENTER(e_clone, 222)
EMPTY_ENTER(e_fork, 224)
EMPTY_ENTER(e_vfork, 226)
EMPTY_ENTER(e_accept, 246)
EMPTY_ENTER(e_rmdir, 278)
EMPTY_ENTER(e_unlink, 300)
EMPTY_ENTER(e_unlinkat, 302)
EMPTY_ENTER(e_mkdirat, 304)
EMPTY_ENTER(e_renameat2, 318)
EMPTY_ENTER(e_clone3, 334)
EMPTY_ENTER(e_pipe, 60)

/* exits whose only parameter is res */
#define RES_EXIT(name, type) FILLER(name) { START(type, 1) p_u64(&e, RET); END }

RES_EXIT(x_close, 5)
RES_EXIT(x_listen, 25)
RES_EXIT(x_futex, 65)
RES_EXIT(x_fstat, 71)
RES_EXIT(x_lseek, 87)
RES_EXIT(x_dup, 125)
RES_EXIT(x_kill, 129)
RES_EXIT(x_tkill, 131)
RES_EXIT(x_tgkill, 133)
RES_EXIT(x_nanosleep, 135)
RES_EXIT(x_fcntl, 151)
RES_EXIT(x_ioctl, 171)
RES_EXIT(x_getdents, 237)
RES_EXIT(x_getdents64, 239)
RES_EXIT(x_socket, 19)

/* enters with a single fd parameter */
#define FD_ENTER(name, type) FILLER(name) { START(type, 1) p_u64(&e, (s32)arg(ctx, 0)); END }

FD_ENTER(e_close, 4)
FD_ENTER(e_bind, 20)
FD_ENTER(e_fstat, 70)
FD_ENTER(e_dup, 124)
FD_ENTER(e_getdents, 236)
FD_ENTER(e_getdents64, 238)
FD_ENTER(e_recvmsg, 52)
FD_ENTER(e_readv, 116)

/* read-like: enter fd,size; exit res,data */
#define RW_ENTER(name, type) FILLER(name) { START(type, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 2)); END }
#define RW_EXIT(name, type) FILLER(name) { START(type, 2) s64 r = RET; p_u64(&e, r); p_ubuf(&e, arg(ctx, 1), r > 0 ? r : 0); END }

RW_ENTER(e_read, 6)
RW_EXIT(x_read, 7)
RW_ENTER(e_write, 8)
RW_EXIT(x_write, 9)
RW_EXIT(x_sendto, 31)

FILLER(e_pread) { START(112, 3) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 2)); p_u64(&e, arg(ctx, 3)); END }
RW_EXIT(x_pread, 113)
FILLER(e_pwrite) { START(114, 3) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 2)); p_u64(&e, arg(ctx, 3)); END }
RW_EXIT(x_pwrite, 115)

FILLER(x_readv)
{
    START(117, 3)
    s64 r = RET;
    p_u64(&e, r);
    p_u32(&e, iov_size(arg(ctx, 1), arg(ctx, 2)));
    p_iovec(&e, arg(ctx, 1), arg(ctx, 2), r);
    END
}

FILLER(e_writev) { START(118, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, iov_size(arg(ctx, 1), arg(ctx, 2))); END }

FILLER(x_writev)
{
    START(119, 2)
    s64 r = RET;
    p_u64(&e, r);
    p_iovec(&e, arg(ctx, 1), arg(ctx, 2), r);
    END
}

/* ----------------------------------------------------------------- files */

FILLER(e_open) { START(2, 3) p_ustr(&e, arg(ctx, 0)); p_u32(&e, ppm_open_flags(arg(ctx, 1))); p_u32(&e, arg(ctx, 2) & 07777); END }

FILLER(x_open)
{
    START(3, 5)
    s64 r = RET;
    p_u64(&e, r);
    p_ustr(&e, arg(ctx, 0));
    p_u32(&e, ppm_open_flags(arg(ctx, 1)));
    p_u32(&e, arg(ctx, 2) & 07777);
    p_u32(&e, r >= 0 ? fd_dev(task(), r) : 0);
    END
}

FILLER(e_creat) { START(58, 2) p_ustr(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1) & 07777); END }

FILLER(x_creat)
{
    START(59, 4)
    s64 r = RET;
    p_u64(&e, r);
    p_ustr(&e, arg(ctx, 0));
    p_u32(&e, arg(ctx, 1) & 07777);
    p_u32(&e, r >= 0 ? fd_dev(task(), r) : 0);
    END
}

FILLER(e_openat)
{
    START(306, 4)
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, ppm_open_flags(arg(ctx, 2)));
    p_u32(&e, arg(ctx, 3) & 07777);
    END
}

FILLER(x_openat)
{
    START(307, 6)
    s64 r = RET;
    p_u64(&e, r);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, ppm_open_flags(arg(ctx, 2)));
    p_u32(&e, arg(ctx, 3) & 07777);
    p_u32(&e, r >= 0 ? fd_dev(task(), r) : 0);
    END
}

/* openat2(dirfd, path, struct open_how {u64 flags, mode, resolve}, size) */
static __always_inline void openat2_how(u64 how, u64 *fl, u64 *mode, u64 *res)
{
    bpf_probe_read_user(fl, 8, (void *)how);
    bpf_probe_read_user(mode, 8, (void *)(how + 8));
    bpf_probe_read_user(res, 8, (void *)(how + 16));
}

static __always_inline u32 ppm_resolve(u64 r)
{
    /* RESOLVE_NO_XDEV 1, NO_MAGICLINKS 2, NO_SYMLINKS 4, BENEATH 8, IN_ROOT 0x10, CACHED 0x20 */
    u32 o = 0;
    if (r & 0x8) o |= 1;
    if (r & 0x10) o |= 2;
    if (r & 0x2) o |= 4;
    if (r & 0x4) o |= 8;
    if (r & 0x1) o |= 16;
    if (r & 0x20) o |= 32;
    return o;
}

FILLER(e_openat2)
{
    START(326, 5)
    u64 fl = 0, mode = 0, res = 0;
    openat2_how(arg(ctx, 2), &fl, &mode, &res);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, ppm_open_flags(fl));
    p_u32(&e, mode & 07777);
    p_u32(&e, ppm_resolve(res));
    END
}

FILLER(x_openat2)
{
    START(327, 6)
    u64 fl = 0, mode = 0, res = 0;
    openat2_how(arg(ctx, 2), &fl, &mode, &res);
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, ppm_open_flags(fl));
    p_u32(&e, mode & 07777);
    p_u32(&e, ppm_resolve(res));
    END
}

FILLER(x_pipe)
{
    START(61, 4)
    s32 fds[2] = {-1, -1};
    bpf_probe_read_user(fds, 8, (void *)arg(ctx, 0));
    p_u64(&e, RET);
    p_u64(&e, fds[0]);
    p_u64(&e, fds[1]);
    p_u64(&e, rd64(RDP(fd_file(task(), fds[0]), OFF_FILE_INODE), OFF_INODE_INO));
    END
}

/* stat(path, buf) / lstat */
#define PATH_EXIT(name, type, i) FILLER(name) { START(type, 2) p_u64(&e, RET); p_ustr(&e, arg(ctx, i)); END }
PATH_EXIT(x_stat, 67, 0)
PATH_EXIT(x_lstat, 69, 0)
PATH_EXIT(x_rmdir, 279, 0)
PATH_EXIT(x_unlink, 301, 0)

FILLER(x_chdir)
{
    START(95, 2)
    p_u64(&e, RET);
    p_ustr(&e, arg(ctx, 0));
    END
}

FILLER(e_mkdir) { START(276, 1) p_u32(&e, arg(ctx, 1) & 07777); END }
PATH_EXIT(x_mkdir, 277, 0)

FILLER(x_mkdirat)
{
    START(305, 4)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, arg(ctx, 2) & 07777);
    END
}

FILLER(x_unlinkat)
{
    START(303, 4)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, arg(ctx, 2) & 0x200);
    END
}

FILLER(x_rename) { START(175, 3) p_u64(&e, RET); p_ustr(&e, arg(ctx, 0)); p_ustr(&e, arg(ctx, 1)); END }

FILLER(x_renameat)
{
    START(177, 5)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u64(&e, (s32)arg(ctx, 2));
    p_ustr(&e, arg(ctx, 3));
    END
}

FILLER(x_renameat2)
{
    START(319, 6)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u64(&e, (s32)arg(ctx, 2));
    p_ustr(&e, arg(ctx, 3));
    p_u32(&e, arg(ctx, 4) & 7); /* NOREPLACE 1, EXCHANGE 2, WHITEOUT 4: same values */
    END
}

FILLER(e_lseek) { START(86, 3) p_u64(&e, (s32)arg(ctx, 0)); p_u64(&e, arg(ctx, 1)); p_u8(&e, arg(ctx, 2)); END }
FILLER(e_ioctl) { START(170, 3) p_u64(&e, (s32)arg(ctx, 0)); p_u64(&e, arg(ctx, 1)); p_u64(&e, arg(ctx, 2)); END }
FILLER(e_fcntl) { START(150, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u8(&e, ppm_fcntl_cmd(arg(ctx, 1))); END }

/* -------------------------------------------------------- memory, time */

FILLER(e_mmap)
{
    START(160, 6)
    p_u64(&e, arg(ctx, 0));
    p_u64(&e, arg(ctx, 1));
    p_u32(&e, arg(ctx, 2) & 0xf);
    p_u32(&e, ppm_mmap_flags(arg(ctx, 3)));
    p_u64(&e, (s32)arg(ctx, 4));
    p_u64(&e, arg(ctx, 5));
    END
}

FILLER(x_mmap) { START(161, 4) p_u64(&e, RET); p_vm(&e, task()); END }
FILLER(e_munmap) { START(164, 2) p_u64(&e, arg(ctx, 0)); p_u64(&e, arg(ctx, 1)); END }
FILLER(x_munmap) { START(165, 4) p_u64(&e, RET); p_vm(&e, task()); END }
FILLER(e_brk) { START(158, 1) p_u64(&e, arg(ctx, 0)); END }
FILLER(x_brk) { START(159, 4) p_u64(&e, RET); p_vm(&e, task()); END }

FILLER(e_nanosleep)
{
    START(134, 1)
    s64 ts[2] = {0, 0};
    u64 v = (u64)-1;
    if (bpf_probe_read_user(ts, 16, (void *)arg(ctx, 0)) == 0)
        v = ts[0] * 1000000000ULL + ts[1];
    p_u64(&e, v);
    END
}

FILLER(e_futex) { START(64, 3) p_u64(&e, arg(ctx, 0)); p_u16(&e, arg(ctx, 1)); p_u64(&e, arg(ctx, 2)); END }

static __always_inline void p_fdlist(struct ev *e, u64 ufds, u64 nfds, int revents)
{
    u32 start = e->off, o = start + 2;
    u16 n = 0;
    /* volatile: keeps clang from turning the bound into an offset compare the
     * verifier cannot prove finite */
    volatile u32 lim = nfds > 16 ? 16 : nfds;
    #pragma unroll
    for (int i = 0; i < 16; i++) {
        if (i >= lim)
            continue;
        s32 fd = 0;
        u16 ev[2] = {0, 0};
        bpf_probe_read_user(&fd, 4, (void *)(ufds + 8 * i));
        bpf_probe_read_user(ev, 4, (void *)(ufds + 8 * i + 4));
        *(s64 *)(e->b + HM(o)) = fd;
        *(u16 *)(e->b + HM((o + 8))) = ppm_poll_events(ev[revents ? 1 : 0]);
        o += 10;
        n++;
    }
    *(u16 *)(e->b + HM(start)) = n;
    set_len(e, o - start);
}

FILLER(e_poll) { START(80, 2) p_fdlist(&e, arg(ctx, 0), arg(ctx, 1), 0); p_u64(&e, (s32)arg(ctx, 2)); END }
FILLER(x_poll) { START(81, 2) p_u64(&e, RET); p_fdlist(&e, arg(ctx, 0), arg(ctx, 1), 1); END }

/* ----------------------------------------------------------- fds, signals */

FILLER(e_dup2) { START(124, 1) p_u64(&e, (s32)arg(ctx, 0)); END }
FILLER(e_kill) { START(128, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u8(&e, arg(ctx, 1)); END }
FILLER(e_tkill) { START(130, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u8(&e, arg(ctx, 1)); END }
FILLER(e_tgkill) { START(132, 3) p_u64(&e, (s32)arg(ctx, 0)); p_u64(&e, (s32)arg(ctx, 1)); p_u8(&e, arg(ctx, 2)); END }

/* --------------------------------------------------------------- network */

FILLER(e_socket) { START(18, 3) p_u32(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); p_u32(&e, arg(ctx, 2)); END }

FILLER(x_bind)
{
    START(21, 2)
    p_u64(&e, RET);
    p_sockaddr(&e, arg(ctx, 1), arg(ctx, 2));
    END
}

FILLER(e_connect)
{
    START(22, 2)
    p_u64(&e, (s32)arg(ctx, 0));
    p_sockaddr(&e, arg(ctx, 1), arg(ctx, 2));
    END
}

FILLER(x_connect)
{
    START(23, 2)
    p_u64(&e, RET);
    p_socktuple(&e, fd_sock(task(), (s32)arg(ctx, 0)), 0, arg(ctx, 1), arg(ctx, 2));
    END
}

FILLER(e_listen) { START(24, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); END }

static __always_inline int accept_exit(struct bpf_raw_tracepoint_args *ctx, u16 type)
{
    START(type, 5)
    s64 r = RET;
    void *t = task();
    void *lsk = fd_sock(t, (s32)arg(ctx, 0));
    p_u64(&e, r);
    if (r >= 0)
        p_socktuple(&e, fd_sock(t, r), 1, 0, 0);
    else
        p_empty(&e);
    u32 qlen = rd32(lsk, OFF_SK_ACK_BACKLOG), qmax = rd32(lsk, OFF_SK_MAX_ACK_BACKLOG);
    p_u8(&e, qmax ? (u8)(qlen * 100 / qmax) : 0);
    p_u32(&e, qlen);
    p_u32(&e, qmax);
    END
}

FILLER(x_accept) { return accept_exit(ctx, 247); }
FILLER(e_accept4) { START(248, 1) p_u32(&e, arg(ctx, 3)); END }
FILLER(x_accept4) { return accept_exit(ctx, 249); }

FILLER(e_sendto)
{
    START(30, 3)
    s32 fd = arg(ctx, 0);
    p_u64(&e, fd);
    p_u32(&e, arg(ctx, 2));
    p_socktuple(&e, fd_sock(task(), fd), 0, arg(ctx, 4), arg(ctx, 5));
    END
}

FILLER(e_recvfrom) { START(34, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 2)); END }

FILLER(x_recvfrom)
{
    START(35, 3)
    s64 r = RET;
    p_u64(&e, r);
    p_ubuf(&e, arg(ctx, 1), r > 0 ? r : 0);
    if (r >= 0)
        p_socktuple(&e, fd_sock(task(), (s32)arg(ctx, 0)), 1, 0, 0);
    else
        p_empty(&e);
    END
}

/* struct msghdr: name 0, namelen 8, iov 16, iovlen 24 */
FILLER(e_sendmsg)
{
    START(48, 3)
    s32 fd = arg(ctx, 0);
    u64 m = arg(ctx, 1), name = 0, iov = 0, iovlen = 0;
    u32 namelen = 0;
    bpf_probe_read_user(&name, 8, (void *)m);
    bpf_probe_read_user(&namelen, 4, (void *)(m + 8));
    bpf_probe_read_user(&iov, 8, (void *)(m + 16));
    bpf_probe_read_user(&iovlen, 8, (void *)(m + 24));
    p_u64(&e, fd);
    p_u32(&e, iov_size(iov, iovlen));
    p_socktuple(&e, fd_sock(task(), fd), 0, name, namelen);
    END
}

FILLER(x_sendmsg)
{
    START(49, 2)
    s64 r = RET;
    u64 m = arg(ctx, 1), iov = 0, iovlen = 0;
    bpf_probe_read_user(&iov, 8, (void *)(m + 16));
    bpf_probe_read_user(&iovlen, 8, (void *)(m + 24));
    p_u64(&e, r);
    p_iovec(&e, iov, iovlen, r);
    END
}

FILLER(x_recvmsg)
{
    START(53, 4)
    s64 r = RET;
    u64 m = arg(ctx, 1), iov = 0, iovlen = 0;
    bpf_probe_read_user(&iov, 8, (void *)(m + 16));
    bpf_probe_read_user(&iovlen, 8, (void *)(m + 24));
    p_u64(&e, r);
    p_u32(&e, r > 0 ? r : 0);
    p_iovec(&e, iov, iovlen, r);
    if (r >= 0)
        p_socktuple(&e, fd_sock(task(), (s32)arg(ctx, 0)), 1, 0, 0);
    else
        p_empty(&e);
    END
}

/* --------------------------------------------------------------- process */

FILLER(e_execve) { START(292, 1) p_ustr(&e, arg(ctx, 0)); END }

/* execve and clone exits are split in two programs (the verifier's cost of
 * the cwd walk times the cgroups walk is too high for one): part 1 writes
 * params 1..14, saves the builder state and tail-calls part 2 via `cont_tail`. */
struct evsave {
    u32 off;
    u32 idx;
    u32 flags;
    u32 pad;
};

BPF_PERCPU_ARRAY(evstate, struct evsave, 1);
BPF_PROG_ARRAY(cont_tail, 2);

static __always_inline void ev_save(struct ev *e, u32 flags)
{
    u32 k = 0;
    struct evsave *s = evstate.lookup(&k);
    if (s) {
        s->off = e->off;
        s->idx = e->idx;
        s->flags = flags;
    }
}

static __always_inline int ev_resume(struct ev *e, u32 *flags)
{
    u32 k = 0;
    struct evsave *s = evstate.lookup(&k);
    u32 c = bpf_get_smp_processor_id();
    struct scratch_t *sc = scratch.lookup(&c);
    if (!s || !sc)
        return -1;
    e->b = sc->d;
    e->off = s->off;
    e->idx = s->idx;
    *flags = s->flags;
    if (e->off > HALF)
        return -1;
    return 0;
}

static __always_inline int proc_exit_part1(struct bpf_raw_tracepoint_args *ctx, u16 type, u32 flags, int cont)
{
    START(type, 20)
    p_u64(&e, RET);
    p_proc_common(&e, task());
    ev_save(&e, flags);
    cont_tail.call(ctx, cont);
    return 0;
}

static __always_inline int execve_exit(struct bpf_raw_tracepoint_args *ctx, u16 type)
{
    return proc_exit_part1(ctx, type, 0, 0);
}

FILLER(c_execve)
{
    struct ev e = {};
    u32 flags = 0;
    if (ev_resume(&e, &flags))
        return 0;
    void *t = task();
    void *mm = RDP(t, OFF_T_MM);
    p_cgroups(&e, t);
    u64 es = rd64(mm, OFF_MM_ENV_START), ee = rd64(mm, OFF_MM_ENV_END);
    set_len(&e, copy_user(&e, e.off, es, ee > es ? ee - es : 0, ENVMAX));
    p_u32(&e, task_tty(t));
    p_u64(&e, pid_nr_ns(RDP(RDP(t, OFF_T_SIGNAL), OFF_SIG_PIDS + 2 * 8)));
    p_u32(&e, rd32(t, OFF_T_LOGINUID));
    p_u32(&e, flags);
    END
}

FILLER(c_clone)
{
    struct ev e = {};
    u32 flags = 0;
    if (ev_resume(&e, &flags))
        return 0;
    void *t = task();
    u64 ugid = bpf_get_current_uid_gid();
    p_cgroups(&e, t);
    p_u32(&e, flags);
    p_u32(&e, (u32)ugid);
    p_u32(&e, ugid >> 32);
    p_u64(&e, pid_nr_ns(RDP(t, OFF_T_THREAD_PID)));
    p_u64(&e, pid_nr_ns(RDP(RDP(t, OFF_T_GROUP_LEADER), OFF_T_THREAD_PID)));
    END
}

static __always_inline int clone_exit(struct bpf_raw_tracepoint_args *ctx, u16 type, u32 flags)
{
    return proc_exit_part1(ctx, type, flags, 1);
}

FILLER(x_clone) { return clone_exit(ctx, 223, ppm_clone_flags(arg(ctx, 0))); }
FILLER(x_fork) { return clone_exit(ctx, 225, 0); }
FILLER(x_vfork) { return clone_exit(ctx, 227, ppm_clone_flags(0x4000 | 0x100)); }

FILLER(x_clone3)
{
    u64 fl = 0;
    bpf_probe_read_user(&fl, 8, (void *)arg(ctx, 0));
    return clone_exit(ctx, 335, ppm_clone_flags(fl));
}

FILLER(x_execve) { return execve_exit(ctx, 293); }
FILLER(x_execveat) { return execve_exit(ctx, 331); }

FILLER(e_execveat)
{
    START(330, 3)
    u64 fl = arg(ctx, 4);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    /* AT_EMPTY_PATH 0x1000 -> 1, AT_SYMLINK_NOFOLLOW 0x100 -> 2 */
    p_u32(&e, ((fl & 0x1000) ? 1 : 0) | ((fl & 0x100) ? 2 : 0));
    END
}

/* ============================================== more fillers (2022 ids) */

/* events with no parameters (the 2022 table puts everything in the exit, or has none) */
EMPTY_ENTER(e_sendmmsg, 50)
EMPTY_ENTER(x_sendmmsg, 51)
EMPTY_ENTER(e_recvmmsg, 54)
EMPTY_ENTER(x_recvmmsg, 55)
EMPTY_ENTER(e_setsockopt, 44)
EMPTY_ENTER(e_getsockopt, 46)
EMPTY_ENTER(e_link, 308)
EMPTY_ENTER(e_linkat, 310)
EMPTY_ENTER(e_symlink, 178)
EMPTY_ENTER(e_symlinkat, 180)
EMPTY_ENTER(e_chmod, 314)
EMPTY_ENTER(e_fchmod, 316)
EMPTY_ENTER(e_fchmodat, 312)
EMPTY_ENTER(e_select, 82)

RES_EXIT(x_shutdown, 37)
RES_EXIT(x_eventfd, 63)
RES_EXIT(x_fchdir, 97)
RES_EXIT(x_mprotect, 329)
RES_EXIT(x_setuid, 199)
RES_EXIT(x_setgid, 201)
RES_EXIT(x_setresuid, 193)
RES_EXIT(x_setresgid, 195)
RES_EXIT(x_setns, 241)
RES_EXIT(x_unshare, 285)
RES_EXIT(x_select, 83)
RES_EXIT(x_epoll_wait, 79)
RES_EXIT(x_seccomp, 299)

FD_ENTER(e_fchdir, 96)

/* ------------------------------------------------------ vectored, offset */

FILLER(e_preadv) { START(120, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u64(&e, arg(ctx, 3)); END }

FILLER(x_preadv)
{
    START(121, 3)
    s64 r = RET;
    p_u64(&e, r);
    p_u32(&e, iov_size(arg(ctx, 1), arg(ctx, 2)));
    p_iovec(&e, arg(ctx, 1), arg(ctx, 2), r);
    END
}

FILLER(e_pwritev)
{
    START(122, 3)
    p_u64(&e, (s32)arg(ctx, 0));
    p_u32(&e, iov_size(arg(ctx, 1), arg(ctx, 2)));
    p_u64(&e, arg(ctx, 3));
    END
}

FILLER(x_pwritev)
{
    START(123, 2)
    s64 r = RET;
    p_u64(&e, r);
    p_iovec(&e, arg(ctx, 1), arg(ctx, 2), r);
    END
}

/* ---------------------------------------------------------- more sockets */

FILLER(e_socketpair) { START(42, 3) p_u32(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); p_u32(&e, arg(ctx, 2)); END }

FILLER(x_socketpair)
{
    START(43, 5)
    s64 r = RET;
    s32 fds[2] = {-1, -1};
    u64 src = 0, peer = 0;
    if (r >= 0) {
        bpf_probe_read_user(fds, 8, (void *)arg(ctx, 3));
        void *sk = fd_sock(task(), fds[0]);
        src = (u64)sk;
        peer = sk ? rd64(sk, OFF_UNIX_PEER) : 0;
    }
    p_u64(&e, r);
    p_u64(&e, fds[0]);
    p_u64(&e, fds[1]);
    p_u64(&e, src);
    p_u64(&e, peer);
    END
}

FILLER(e_shutdown) { START(36, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u8(&e, arg(ctx, 1)); END }

/* SOL_SOCKET options whose value is an int (2022 driver's list), as a bit set */
#define SO_INT_OPTS ((1ULL << 1) | (1ULL << 2) | (1ULL << 3) | (1ULL << 5) | (1ULL << 6) | (1ULL << 7) | \
    (1ULL << 8) | (1ULL << 9) | (1ULL << 10) | (1ULL << 11) | (1ULL << 12) | (1ULL << 14) | (1ULL << 15) | \
    (1ULL << 16) | (1ULL << 18) | (1ULL << 19) | (1ULL << 29) | (1ULL << 32) | (1ULL << 33) | (1ULL << 34) | \
    (1ULL << 35) | (1ULL << 36) | (1ULL << 37) | (1ULL << 38) | (1ULL << 39) | (1ULL << 40) | (1ULL << 41) | \
    (1ULL << 42) | (1ULL << 43) | (1ULL << 44) | (1ULL << 45) | (1ULL << 46) | (1ULL << 47) | (1ULL << 48) | \
    (1ULL << 49))

static __always_inline u8 ppm_sockopt_level(u64 level)
{
    return level == 1 ? 1 : (level == 6 ? 2 : 0); /* SOL_SOCKET, SOL_TCP */
}

static __always_inline u8 ppm_sockopt_name(u64 level, u64 name)
{
    if (level != 1)
        return name;
    if (name >= 1 && name <= 50)
        return name; /* same numbers */
    switch (name) {
    case 55: return 52; /* MEMINFO */
    case 57: return 53; /* COOKIE */
    case 59: return 51; /* PEERGROUPS */
    case 63: return 29; /* TIMESTAMP_NEW */
    case 64: return 35; /* TIMESTAMPNS_NEW */
    case 65: return 37; /* TIMESTAMPING_NEW */
    case 66: return 20; /* RCVTIMEO_NEW */
    case 67: return 21; /* SNDTIMEO_NEW */
    default: return 0;
    }
}

/* PT_DYN sockopt value: u8 index (0 bytes, 1 errno, 2 u32, 3 u64, 4 reltime) + value */
static __always_inline void p_sockopt(struct ev *e, u64 level, u64 name, u64 optval, u32 optlen)
{
    u32 o = HM(e->off);
    u8 idx = 0;
    u64 v = 0;
    if (level == 1 && optval) {
        if (name == 4) {
            s32 err = 0;
            bpf_probe_read_user(&err, 4, (void *)optval);
            v = (s64)-err;
            idx = 1;
        } else if (name == 20 || name == 21 || name == 66 || name == 67) {
            s64 tv[2] = {0, 0};
            bpf_probe_read_user(tv, 16, (void *)optval);
            v = tv[0] * 1000000000ULL + tv[1] * 1000ULL;
            idx = 4;
        } else if (name == 57) {
            bpf_probe_read_user(&v, 8, (void *)optval);
            idx = 3;
        } else if (name < 64 && ((SO_INT_OPTS >> name) & 1)) {
            u32 x = 0;
            bpf_probe_read_user(&x, 4, (void *)optval);
            e->b[o] = 2;
            *(u32 *)(e->b + o + 1) = x;
            set_len(e, 5);
            return;
        }
    }
    e->b[o] = idx;
    if (idx) {
        *(u64 *)(e->b + o + 1) = v;
        set_len(e, 9);
        return;
    }
    set_len(e, 1 + copy_user(e, e->off + 1, optval, optlen, SNAPLEN));
}

static __always_inline int sockopt_exit(struct bpf_raw_tracepoint_args *ctx, u16 type, u32 optlen)
{
    START(type, 6)
    u64 level = arg(ctx, 1), name = arg(ctx, 2);
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_u8(&e, ppm_sockopt_level(level));
    p_u8(&e, ppm_sockopt_name(level, name));
    p_sockopt(&e, level, name, arg(ctx, 3), optlen);
    p_u32(&e, optlen);
    END
}

FILLER(x_setsockopt) { return sockopt_exit(ctx, 45, arg(ctx, 4)); }

FILLER(x_getsockopt)
{
    u32 optlen = 0;
    bpf_probe_read_user(&optlen, 4, (void *)arg(ctx, 4));
    return sockopt_exit(ctx, 47, optlen);
}

/* eventfd(initval) / eventfd2(initval, flags): flags as the kernel has them */
FILLER(e_eventfd) { START(62, 2) p_u64(&e, (u32)arg(ctx, 0)); p_u32(&e, 0); END }
FILLER(e_eventfd2) { START(62, 2) p_u64(&e, (u32)arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); END }

/* ------------------------------------------------------- links and modes */

FILLER(x_link) { START(309, 3) p_u64(&e, RET); p_ustr(&e, arg(ctx, 0)); p_ustr(&e, arg(ctx, 1)); END }
FILLER(x_symlink) { START(179, 3) p_u64(&e, RET); p_ustr(&e, arg(ctx, 0)); p_ustr(&e, arg(ctx, 1)); END }

FILLER(x_linkat)
{
    START(311, 6)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u64(&e, (s32)arg(ctx, 2));
    p_ustr(&e, arg(ctx, 3));
    p_u32(&e, arg(ctx, 4) & 0x1400); /* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH: same values */
    END
}

FILLER(x_symlinkat)
{
    START(181, 4)
    p_u64(&e, RET);
    p_ustr(&e, arg(ctx, 0));
    p_u64(&e, (s32)arg(ctx, 1));
    p_ustr(&e, arg(ctx, 2));
    END
}

FILLER(x_chmod) { START(315, 3) p_u64(&e, RET); p_ustr(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1) & 07777); END }
FILLER(x_fchmod) { START(317, 3) p_u64(&e, RET); p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 1) & 07777); END }

FILLER(x_fchmodat)
{
    START(313, 4)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_u32(&e, arg(ctx, 2) & 07777);
    END
}

/* ------------------------------------------------ memory, ids, namespaces */

FILLER(e_mprotect) { START(328, 3) p_u64(&e, arg(ctx, 0)); p_u64(&e, arg(ctx, 1)); p_u32(&e, arg(ctx, 2) & 0xf); END }
FILLER(e_setuid) { START(198, 1) p_u32(&e, arg(ctx, 0)); END }
FILLER(e_setgid) { START(200, 1) p_u32(&e, arg(ctx, 0)); END }
FILLER(e_setresuid) { START(192, 3) p_u32(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); p_u32(&e, arg(ctx, 2)); END }
FILLER(e_setresgid) { START(194, 3) p_u32(&e, arg(ctx, 0)); p_u32(&e, arg(ctx, 1)); p_u32(&e, arg(ctx, 2)); END }
FILLER(e_setns) { START(240, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, ppm_clone_flags(arg(ctx, 1))); END }
FILLER(e_unshare) { START(284, 1) p_u32(&e, ppm_clone_flags(arg(ctx, 0))); END }

/* mount(dev, dir, type, flags, data); MS_MGC_VAL in the top half is dropped */
FILLER(e_mount)
{
    START(256, 1)
    u32 fl = arg(ctx, 3);
    p_u32(&e, (fl & 0xffff0000) == 0xc0ed0000 ? fl & 0xffff : fl);
    END
}

FILLER(x_mount)
{
    START(257, 4)
    p_u64(&e, RET);
    p_ustr(&e, arg(ctx, 0));
    p_ustr(&e, arg(ctx, 1));
    p_ustr(&e, arg(ctx, 2));
    END
}

FILLER(e_umount2) { START(258, 1) p_u32(&e, arg(ctx, 1) & 0xf); END }
FILLER(x_umount2) { START(259, 2) p_u64(&e, RET); p_ustr(&e, arg(ctx, 0)); END }

/* ------------------------------------------------------------ poll family */

FILLER(e_ppoll)
{
    START(254, 3)
    s64 ts[2] = {0, 0};
    u64 tmo = (u64)-1;
    u32 mask = 0;
    if (bpf_probe_read_user(ts, 16, (void *)arg(ctx, 2)) == 0)
        tmo = ts[0] * 1000000000ULL + ts[1];
    bpf_probe_read_user(&mask, 4, (void *)arg(ctx, 3));
    p_fdlist(&e, arg(ctx, 0), arg(ctx, 1), 0);
    p_u64(&e, tmo);
    p_u32(&e, mask);
    END
}

FILLER(x_ppoll) { START(255, 2) p_u64(&e, RET); p_fdlist(&e, arg(ctx, 0), arg(ctx, 1), 1); END }
FILLER(e_epoll_wait) { START(78, 1) p_u64(&e, (s32)arg(ctx, 2)); END }

/* ------------------------------------------------------ ptrace, bpf, seccomp */

static __always_inline u16 ppm_ptrace_req(u64 r)
{
    if (r <= 9)
        return r + 1; /* TRACEME .. SINGLESTEP */
    switch (r) {
    case 12: return 26; case 13: return 27; case 14: return 28; case 15: return 29;
    case 16: return 11; case 17: return 12; case 18: return 30; case 19: return 31;
    case 21: return 32; case 24: return 13; case 25: return 33; case 26: return 34;
    case 30: return 35; case 31: return 36; case 32: return 37; case 33: return 38;
    default: return (r >= 0x4200 && r <= 0x420b) ? r - 0x4200 + 14 : 0;
    }
}

FILLER(e_ptrace) { START(168, 2) p_u16(&e, ppm_ptrace_req(arg(ctx, 0))); p_u64(&e, (s32)arg(ctx, 1)); END }

FILLER(x_ptrace)
{
    START(169, 3)
    u64 req = arg(ctx, 0), data = arg(ctx, 3);
    u32 o;
    p_u64(&e, RET);
    o = HM(e.off);
    e.b[o] = 0; /* addr: u64 */
    *(u64 *)(e.b + o + 1) = arg(ctx, 2);
    set_len(&e, 9);
    o = HM(e.off);
    if (req == 7 || req == 9 || req == 17 || req == 24 || req == 31 || req == 32) {
        e.b[o] = 1; /* CONT SINGLESTEP DETACH SYSCALL SYSEMU*: a signal */
        e.b[o + 1] = data;
        set_len(&e, 2);
    } else {
        u64 v = data;
        if (req >= 1 && req <= 3) /* PEEK*: the word read, stored at data */
            bpf_probe_read_user(&v, 8, (void *)data);
        e.b[o] = 0;
        *(u64 *)(e.b + o + 1) = v;
        set_len(&e, 9);
    }
    END
}

FILLER(e_bpf) { START(296, 1) p_u64(&e, (s32)arg(ctx, 0)); END }

FILLER(x_bpf)
{
    START(297, 1)
    u64 cmd = arg(ctx, 0);
    u32 o = HM(e.off);
    e.b[o] = (cmd == 0 || cmd == 5) ? 0 : 1; /* MAP_CREATE, PROG_LOAD give an fd */
    *(s64 *)(e.b + o + 1) = RET;
    set_len(&e, 9);
    END
}

FILLER(e_seccomp) { START(298, 1) p_u64(&e, arg(ctx, 0)); END }

/* ------------------------------- beyond the list: cheap, 2022 ids */

EMPTY_ENTER(e_chroot, 266)
EMPTY_ENTER(e_getcwd, 92)
EMPTY_ENTER(e_setsid, 274)
EMPTY_ENTER(e_getuid, 202)
EMPTY_ENTER(e_geteuid, 204)
EMPTY_ENTER(e_getgid, 206)
EMPTY_ENTER(e_getegid, 208)
EMPTY_ENTER(e_getresuid, 210)
EMPTY_ENTER(e_getresgid, 212)
EMPTY_ENTER(e_userfaultfd, 320)
RES_EXIT(x_flock, 243)
RES_EXIT(x_setsid, 275)
RES_EXIT(x_setpgid, 295)
RES_EXIT(x_inotify_init, 139)
RES_EXIT(x_splice, 167)

/* exits whose only parameter is a uid/gid: the return value */
#define ID_EXIT(name, type) FILLER(name) { START(type, 1) p_u32(&e, RET); END }
ID_EXIT(x_getuid, 203)
ID_EXIT(x_geteuid, 205)
ID_EXIT(x_getgid, 207)
ID_EXIT(x_getegid, 209)

PATH_EXIT(x_chroot, 267, 0)
PATH_EXIT(x_access, 265, 0)
FILLER(e_access) { START(264, 1) p_u32(&e, arg(ctx, 1) & 7); END }
FILLER(e_flock) { START(242, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u32(&e, arg(ctx, 1) & 0xf); END }
FILLER(e_setpgid) { START(294, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u64(&e, (s32)arg(ctx, 1)); END }

FILLER(x_getcwd)
{
    START(93, 2)
    s64 r = RET;
    p_u64(&e, r);
    if (r > 0)
        p_ustr(&e, arg(ctx, 0));
    else
        p_na(&e);
    END
}

/* getresuid/getresgid(u32 *r, u32 *e, u32 *s) */
static __always_inline int getres_exit(struct bpf_raw_tracepoint_args *ctx, u16 type)
{
    START(type, 4)
    p_u64(&e, RET);
    #pragma unroll
    for (int i = 0; i < 3; i++) {
        u32 v = (u32)-1;
        bpf_probe_read_user(&v, 4, (void *)arg(ctx, i));
        p_u32(&e, v);
    }
    END
}

FILLER(x_getresuid) { return getres_exit(ctx, 211); }
FILLER(x_getresgid) { return getres_exit(ctx, 213); }

/* inotify_init1 flags: IN_NONBLOCK -> 1, IN_CLOEXEC -> 2 */
FILLER(e_inotify_init) { START(138, 1) p_u8(&e, 0); END }
FILLER(e_inotify_init1) { u64 f = arg(ctx, 0); START(138, 1) p_u8(&e, MV(f, 04000, 1) | MV(f, 02000000, 2)); END }

FILLER(x_userfaultfd) { START(321, 2) p_u64(&e, RET); p_u32(&e, ppm_open_flags(arg(ctx, 0))); END }

/* the u64 at a user pointer, `dflt` when the pointer is NULL or unreadable */
static __always_inline u64 user_u64(u64 uptr, u64 dflt)
{
    u64 v = dflt;
    if (uptr && bpf_probe_read_user(&v, 8, (void *)uptr) != 0)
        v = dflt;
    return v;
}

FILLER(e_sendfile)
{
    START(188, 4)
    p_u64(&e, (s32)arg(ctx, 0));
    p_u64(&e, (s32)arg(ctx, 1));
    p_u64(&e, user_u64(arg(ctx, 2), 0));
    p_u64(&e, arg(ctx, 3));
    END
}

FILLER(x_sendfile) { START(189, 2) p_u64(&e, RET); p_u64(&e, user_u64(arg(ctx, 2), 0)); END }

FILLER(e_splice)
{
    START(166, 4)
    p_u64(&e, (s32)arg(ctx, 0));
    p_u64(&e, (s32)arg(ctx, 2));
    p_u64(&e, arg(ctx, 4));
    p_u32(&e, arg(ctx, 5) & 0xf);
    END
}

FILLER(e_copy_file_range)
{
    START(332, 3)
    p_u64(&e, (s32)arg(ctx, 0));
    p_u64(&e, user_u64(arg(ctx, 1), 0));
    p_u64(&e, arg(ctx, 4));
    END
}

FILLER(x_copy_file_range)
{
    START(333, 3)
    p_u64(&e, RET);
    p_u64(&e, (s32)arg(ctx, 2));
    p_u64(&e, user_u64(arg(ctx, 3), 0));
    END
}

static __always_inline u8 ppm_rlimit(u64 r)
{
    return r <= 15 ? r : 255;
}

FILLER(e_getrlimit) { START(140, 1) p_u8(&e, ppm_rlimit(arg(ctx, 0))); END }
FILLER(e_setrlimit) { START(142, 1) p_u8(&e, ppm_rlimit(arg(ctx, 0))); END }
FILLER(e_prlimit) { START(144, 2) p_u64(&e, (s32)arg(ctx, 0)); p_u8(&e, ppm_rlimit(arg(ctx, 1))); END }

/* getrlimit/setrlimit(resource, struct rlimit *): res, cur, max (-1 when unknown) */
static __always_inline int rlimit_exit(struct bpf_raw_tracepoint_args *ctx, u16 type, int ok)
{
    START(type, 3)
    u64 p = ok ? arg(ctx, 1) : 0;
    p_u64(&e, RET);
    p_u64(&e, user_u64(p, (u64)-1));
    p_u64(&e, user_u64(p ? p + 8 : 0, (u64)-1));
    END
}

FILLER(x_getrlimit) { return rlimit_exit(ctx, 141, RET >= 0); }
FILLER(x_setrlimit) { return rlimit_exit(ctx, 143, 1); }

FILLER(x_prlimit)
{
    START(145, 5)
    s64 r = RET;
    u64 nw = arg(ctx, 2), old = r >= 0 ? arg(ctx, 3) : 0;
    p_u64(&e, r);
    p_u64(&e, user_u64(nw, (u64)-1));
    p_u64(&e, user_u64(nw ? nw + 8 : 0, (u64)-1));
    p_u64(&e, user_u64(old, (u64)-1));
    p_u64(&e, user_u64(old ? old + 8 : 0, (u64)-1));
    END
}
