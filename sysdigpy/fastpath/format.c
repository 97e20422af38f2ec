/* sysdigpy fast path: -p formats over a few fields, compiled by fastpath/cformat.py.
 *
 * The reference is sysdigpy/format/line.py with the getters of sysdigpy/fields: each field is
 * extracted in format order; a missing one drops the line (format without a leading '*') or
 * prints <NA>; %NNfield cuts or pads the value to NN characters.
 *
 * Program (u32 little-endian words; text as a length word then the bytes, padded to 4):
 *   require_all npieces { kind field width text }*     kind 0: literal text, 1: field
 */

#define SDP_OUT_FORMAT 3

enum {
    PF_EVT_NUM = 1, PF_EVT_TIME, PF_EVT_CPU, PF_EVT_DIR, PF_EVT_TYPE, PF_EVT_INFO, PF_EVT_ARGS,
    PF_PROC_NAME, PF_PROC_PID, PF_THREAD_TID, PF_FD_NAME, PF_FD_TYPE, PF_FD_NUM
};

typedef struct { int kind, field; uint32_t width; sdp_str text; } sdp_piece;

typedef struct {
    int require_all;
    uint32_t n;
    sdp_piece *pieces;
    sdp_filter names;               /* the buffer fd.name is built in */
    sdp_buf value;                  /* one field's text */
} sdp_format;

static sdp_format *g_format;

/* The format of a program; 0 when it does not read back. */
int sdp_format_set(sdp_engine *eng, const uint8_t *prog, uint32_t len) {
    sdp_reader r = {prog, len, 0, 0};
    sdp_format *f = calloc(1, sizeof *f);
    f->require_all = (int)rd_word(&r);
    f->n = rd_word(&r);
    if (r.bad || f->n > len) { free(f); return 0; }
    f->pieces = calloc(f->n ? f->n : 1, sizeof *f->pieces);
    for (uint32_t i = 0; i < f->n && !r.bad; i++) {
        f->pieces[i].kind = (int)rd_word(&r);
        f->pieces[i].field = (int)rd_word(&r);
        f->pieces[i].width = rd_word(&r);
        f->pieces[i].text = rd_str(&r);
    }
    if (r.bad || r.pos != len) return 0;
    g_format = f;
    eng->out_mode = SDP_OUT_FORMAT;
    return 1;
}

/* one field's text into f->value; 0 when the field has no value for this event */
static int format_field(sdp_engine *eng, sdp_format *f, sdp_event *e, int field) {
    sdp_buf *b = &f->value;
    b->n = 0;
    switch (field) {
    case PF_EVT_NUM: r_u64(b, e->num); return 1;
    case PF_EVT_TIME: r_clock(b, e->ts, eng->tz_offset); return 1;
    case PF_EVT_CPU: r_u64(b, e->cpu); return 1;
    case PF_EVT_DIR: r_putc(b, e->info->dir); return 1;
    case PF_EVT_TYPE: r_puts(b, sdp_evt_type(eng, e)); return 1;
    case PF_EVT_INFO:
        if (r_is_syslog(e)) {
            SDP_DECLINE(eng, "format: syslog write (evt.info decoded)");
            return 0;
        }
        r_args(eng, e, b, 1);
        return 1;
    case PF_EVT_ARGS: r_args(eng, e, b, 1); return 1;
    case PF_THREAD_TID: r_i64(b, e->tid); return 1;
    case PF_PROC_NAME: case PF_PROC_PID: {
        sdp_thread *t = e->thread ? e->thread : sdp_threads_get(eng, e->tid);
        if (t == NULL) return 0;
        if (field == PF_PROC_NAME) r_puts(b, t->comm);
        else r_i64(b, t->pid);
        return 1;
    }
    case PF_FD_NAME: {
        const char *v;
        uint32_t n;
        if (!fd_name(eng, &f->names, e, &v, &n)) return 0;
        r_put(b, v, n);
        return 1;
    }
    case PF_FD_TYPE: case PF_FD_NUM: {
        sdp_fd *fdi = NULL;
        if (!extract_fd(eng, e, &fdi)) return 0;
        if (field == PF_FD_NUM) {
            r_i64(b, e->thread->lastevent_fd);
            return 1;
        }
        if (fdi == NULL) return 0;
        r_puts(b, fd_typestr(fdi->type));
        return 1;
    }
    }
    SDP_DECLINE(eng, "format field");
    return 0;
}

/* the line of a -p format plus "\n", or nothing when a required field is missing */
void sdp_render_format(sdp_engine *eng, sdp_event *e, sdp_buf *out) {
    sdp_format *f = g_format;
    size_t start = out->n;
    for (uint32_t i = 0; i < f->n; i++) {
        sdp_piece *p = &f->pieces[i];
        if (p->kind == 0) {
            r_put(out, p->text.p, p->text.n);
            continue;
        }
        int have = format_field(eng, f, e, p->field);
        if (eng->declined) { out->n = start; return; }
        const char *v = f->value.p;
        size_t n = f->value.n;
        if (!have) {
            if (f->require_all) { out->n = start; return; }
            v = "<NA>";
            n = 4;
        }
        if (p->width) {                 /* v[:width].ljust(width), on characters: ASCII only here */
            for (size_t k = 0; k < n; k++)
                if ((unsigned char)v[k] >= 0x80) {
                    SDP_DECLINE(eng, "format: width on non-ASCII text");
                    out->n = start;
                    return;
                }
            size_t w = p->width;
            r_put(out, v, n < w ? n : w);
            for (size_t k = n; k < w; k++) r_putc(out, ' ');
        } else {
            r_put(out, v, n);
        }
    }
    r_putc(out, '\n');
}
