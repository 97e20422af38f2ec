#!/usr/bin/env python3
"""Record samples/sample.scap with sysdigpy's own live probe, scrub it, and re-record its golden outputs.

Run as root from a checkout (live capture loads an eBPF probe)::

    sudo .venv/bin/python tools/record_sample.py            # sample + tests/golden/sample/*
    sudo .venv/bin/python tools/record_sample.py --golden-only   # only the golden outputs of the sample

The workload
    ``env -i PATH=/usr/bin:/bin HOME=/root bash --norc --noprofile -c SCRIPT sample PORT``, started in a
    fresh directory /tmp/sysdigpy-sample with stdin, stdout and stderr on pipes to this script.  It waits
    for a line on stdin (so that it is in the /proc snapshot, and does nothing before the capture runs),
    then: writes hello.txt (open, write, close), runs ``cat hello.txt | wc -c`` (a pipe, two clones, two
    execves, reads and writes, process exits), ``ls`` (getdents), opens a TCP connection to a one-shot
    server of this script on 127.0.0.1 (bash's /dev/tcp: socket, connect), sends ``ping``, reads the
    ``pong`` answer and closes it.  ``env -i`` leaves the workload nothing of this machine's
    environment.  Its output is checked (``20``, ``hello.txt``) before anything is kept.

The recording
    ``sysdigpy -v -s 80 -w RAW --filter-proclist "proc.pid=W or proc.apid=W"`` (W: the workload's
    shell): the events of the workload's process tree only, and, through ``--filter-proclist``, a
    process table holding only the shell (the one thread of that tree in the snapshot; every other
    process of the machine is left out).  The capture starts once sysdigpy says the /proc snapshot is
    taken, and stops (SIGINT) when the workload has exited.  A capture that dropped events is refused.

The scrubbing (the raw capture is read back with sysdigpy's reader and written again with its writer)
    * machine info: the hostname becomes ``sample``; the cpu count is kept (events carry their cpu
      numbers), and so are the memory size, pid limit and boot time (numbers, nothing private);
    * interface list: only the loopback interface (``lo``: 127.0.0.1/8, ::1/128);
    * user and group lists: only root and the users and groups the kept threads and the events
      (uid/gid of clone and execve) run as, with their name, home and shell as the machine has them
      (the workload runs as root: just root);
    * process table: already the workload's shell only; its environment is what ``env -i`` gave it
      (PATH, HOME), its command line the script above, its cwd /tmp/sysdigpy-sample;
    * cgroups, in the process table and in the clone/execve events: every path becomes ``/`` (the
      controller names stay): cgroup paths name the machine's services, sessions or containers;
    * everything else is kept as recorded: event bytes (file names, library paths of the dynamic
      loader, buffers of at most 80 bytes, the workload's environment in execve), pids, timestamps.

The golden outputs
    tests/golden/sample/MANIFEST.tsv lists modes (name, sysdig's exit status, line count, arguments);
    for each, ``TZ=UTC sysdig -r samples/sample.scap ARGS`` (the reference sysdig 0.29.3) is written to
    tests/golden/sample/MODE.txt, and this script checks that sysdigpy prints the same bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sysdigpy.events.table import EVENT_TABLE  # noqa: E402
from sysdigpy.probe.metadata import CaptureMetadata  # noqa: E402
from sysdigpy.probe.metadata import GroupRecord  # noqa: E402
from sysdigpy.probe.metadata import UserRecord  # noqa: E402
from sysdigpy.probe.rawevent import RawEvent  # noqa: E402
from sysdigpy.probe.rawevent import build  # noqa: E402
from sysdigpy.probe.scapfile import read_capture  # noqa: E402
from sysdigpy.probe.scapwriter import ScapWriter  # noqa: E402

SAMPLE = ROOT / "samples" / "sample.scap"
GOLDEN = ROOT / "tests" / "golden" / "sample"
WORKDIR = Path("/tmp/sysdigpy-sample")
HOSTNAME = "sample"
ENV = ["PATH=/usr/bin:/bin", "HOME=/root"]
READY = "live: /proc snapshot taken"
DROP_CODES = (148, 149)

SCRIPT = """\
read -r go || exit 2
printf 'hello from sysdigpy\\n' > hello.txt
cat hello.txt | wc -c
ls
exec 3<>/dev/tcp/127.0.0.1/$1
printf 'ping\\n' >&3
read -r reply <&3
exec 3<&-
[ "$reply" = pong ] || exit 3
"""
WORKLOAD_OUTPUT = b"20\nhello.txt\n"

# mode -> sysdig arguments; the golden test runs each of them on the sample
MODES: dict[str, list[str]] = {
    "default": [],
    "verbose": ["-v"],
    "time_r": ["-t", "r"],
    "files": ["fd.type=file and evt.is_io=true"],
    "network": ["fd.type=ipv4 or evt.type in (socket, connect)"],
    "processes": ["evt.type in (clone, execve, procexit) or fd.type=pipe"],
}


class RecordError(Exception):
    """Something that stops the recording: reported as one line."""


# ---- the workload and its server ----------------------------------------------------------------

def serve_once(srv: socket.socket) -> None:
    """Answer one connection: a line in, ``pong`` out."""
    with contextlib.suppress(OSError):
        conn, _ = srv.accept()
        with conn:
            data = b""
            while not data.endswith(b"\n"):
                chunk = conn.recv(64)
                if not chunk:
                    return
                data += chunk
            conn.sendall(b"pong\n")


def start_workload(port: int) -> subprocess.Popen[bytes]:
    if WORKDIR.exists():
        shutil.rmtree(WORKDIR)
    WORKDIR.mkdir(mode=0o755)
    bash = shutil.which("bash")
    if bash is None:
        raise RecordError("bash is not installed (the workload is a bash script)")
    argv = ["env", "-i", *ENV, "bash", "--norc", "--noprofile", "-c", SCRIPT, "sample", str(port)]
    return subprocess.Popen(argv, cwd=WORKDIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_ready(rec: subprocess.Popen[str], timeout: float = 120) -> list[str]:
    """sysdigpy's stderr up to the line saying the snapshot is taken."""
    assert rec.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    for line in rec.stderr:
        lines.append(line)
        if line.startswith(READY):
            return lines
        if time.monotonic() > deadline:
            break
    rec.kill()
    rec.wait()
    last = lines[-1].strip() if lines else f"exit status {rec.returncode}"
    raise RecordError(f"live capture did not start: {last}")


def record(raw: Path) -> None:
    """Run the workload under sysdigpy's live capture; the capture goes to ``raw``."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    server = threading.Thread(target=serve_once, args=(srv,), daemon=True)
    server.start()
    wl = start_workload(srv.getsockname()[1])
    rec: subprocess.Popen[str] | None = None
    try:
        flt = f"proc.pid={wl.pid} or proc.apid={wl.pid}"
        rec = subprocess.Popen([sys.executable, "-m", "sysdigpy", "-v", "-s", "80", "-w", str(raw),
                                "--filter-proclist", flt], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
        wait_ready(rec)
        out, err = wl.communicate(b"go\n", timeout=60)
        if wl.returncode != 0 or out != WORKLOAD_OUTPUT:
            raise RecordError(f"the workload failed (exit {wl.returncode}): {out!r} {err.decode(errors='replace')!r}")
        time.sleep(0.5)  # its last events (procexit) on their way through the ring buffer
        rec.send_signal(signal.SIGINT)
        _, rest = rec.communicate(timeout=120)
        if rec.returncode != 0:
            raise RecordError(f"sysdigpy exited with status {rec.returncode}: {rest.strip()[-300:]}")
        m = re.search(r"Driver Drops:(\d+)", rest)
        if m is None or m.group(1) != "0":
            raise RecordError(f"the capture dropped events ({m.group(1) if m else '?'}): record again "
                              "on a quieter machine")
    finally:
        for p in (wl, rec):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
        srv.close()
        shutil.rmtree(WORKDIR, ignore_errors=True)


# ---- scrubbing ----------------------------------------------------------------------------------

def neutral_cgroups(cgroups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(sub, "/") for sub, _path in cgroups]


def scrub_event(raw: RawEvent) -> RawEvent:
    """The event with every cgroup path of its ``cgroups`` parameter (clone, execve exits) made ``/``."""
    info = EVENT_TABLE[raw.code]
    i = info.param_index("cgroups")
    if i is None or i >= raw.nparams:
        return raw
    params = list(raw.params())
    entries = [e for e in params[i].split(b"\0") if e]
    params[i] = b"".join(e.rsplit(b"=", 1)[0] + b"=/\0" for e in entries)
    return build(raw.code, raw.ts, raw.tid, params, raw.cpu, raw.flags)


def scrub_metadata(meta: CaptureMetadata, uids: set[int], gids: set[int]) -> CaptureMetadata:
    """See the module docstring: hostname, interfaces, users and groups, cgroups."""
    if meta.machine is not None:
        meta.machine.hostname = HOSTNAME
    meta.ifaces = [i for i in meta.ifaces if i.name == "lo"]
    for p in meta.procs:
        p.cgroups = neutral_cgroups(p.cgroups)
        uids.add(p.uid)
        gids.add(p.gid)
    meta.users = [u for u in meta.users if u.uid in uids and not u.container_id]
    meta.groups = [g for g in meta.groups if g.gid in gids and not g.container_id]
    return meta


def ids_in_events(events: list[RawEvent]) -> tuple[set[int], set[int]]:
    """uids and gids the clone and execve exits carry."""
    uids, gids = {0}, {0}
    for raw in events:
        info = EVENT_TABLE[raw.code]
        for name, out in (("uid", uids), ("gid", gids)):
            i = info.param_index(name)
            if i is not None and i < raw.nparams and len(raw.params()[i]) == 4:
                out.add(int.from_bytes(raw.params()[i], "little"))
    return uids, gids


def scrub(raw_path: Path, out: Path) -> tuple[int, int]:
    """Read the raw capture, write the scrubbed one; (events, bytes) written."""
    items = list(read_capture(str(raw_path)))
    metas = [it for it in items if isinstance(it, CaptureMetadata)]
    events = [it for it in items if isinstance(it, RawEvent)]
    if len(metas) != 1:
        raise RecordError(f"expected one section in the raw capture, found {len(metas)}")
    if any(e.code in DROP_CODES for e in events):
        raise RecordError("the capture holds drop events: record again on a quieter machine")
    uids, gids = ids_in_events(events)
    meta = scrub_metadata(metas[0], uids, gids)
    if not meta.users:  # a machine without /etc/passwd entries for them: still say who root is
        meta.users = [UserRecord(0, 0, "root", "/root", "/bin/sh")]
        meta.groups = [GroupRecord(0, "root")]
    with ScapWriter(str(out)) as w:
        w.write_metadata(meta)
        for raw in events:
            w.write_event(scrub_event(raw))
    return w.events_written, out.stat().st_size


# ---- golden outputs ---------------------------------------------------------------------------

def run(cmd: list[str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(cmd, capture_output=True, env=dict(os.environ, TZ="UTC"), timeout=300, cwd=ROOT)


def record_goldens(sample: Path) -> list[str]:
    """Write sysdig 0.29.3's output of every mode; the modes where sysdigpy prints something else."""
    sysdig = shutil.which("sysdig")
    if sysdig is None:
        raise RecordError("sysdig 0.29.3 is not installed: the golden outputs come from it "
                          "(scripts/setup.sh --dev installs it)")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    rel = sample.relative_to(ROOT) if sample.is_relative_to(ROOT) else sample
    manifest, differ = [], []
    for mode, args in MODES.items():
        theirs = run([sysdig, "-r", str(rel), *args])
        if theirs.returncode != 0:
            raise RecordError(f"sysdig failed on {rel} ({mode}): {theirs.stderr.decode(errors='replace').strip()}")
        (GOLDEN / f"{mode}.txt").write_bytes(theirs.stdout)
        manifest.append(f"{mode}\t0\t{len(theirs.stdout.splitlines())}\t{shlex.join(args)}\n")
        ours = run([sys.executable, "-m", "sysdigpy", "-r", str(rel), *args])
        if ours.stdout != theirs.stdout:
            differ.append(mode)
    (GOLDEN / "MANIFEST.tsv").write_text("".join(manifest))
    return differ


# ---- main -------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Record samples/sample.scap with sysdigpy's live probe.")
    ap.add_argument("--out", type=Path, default=SAMPLE, help="where the sample goes (default: %(default)s)")
    ap.add_argument("--golden-only", action="store_true",
                    help="only re-record the golden outputs of the existing sample (needs sysdig, not root)")
    ap.add_argument("--keep-raw", type=Path, metavar="PATH", help="also keep the capture before scrubbing")
    args = ap.parse_args(argv)
    out: Path = args.out.resolve()
    try:
        if not args.golden_only:
            if os.geteuid() != 0:
                raise RecordError("must run as root (live capture loads an eBPF probe): "
                                  "sudo .venv/bin/python tools/record_sample.py")
            raw = out.with_suffix(".raw.scap") if args.keep_raw is None else args.keep_raw.resolve()
            try:
                record(raw)
                events, size = scrub(raw, out)
            finally:
                if args.keep_raw is None:
                    raw.unlink(missing_ok=True)
            print(f"wrote {out}: {events} events, {size} bytes")
        if out == SAMPLE.resolve():
            differ = record_goldens(out)
            print(f"wrote {GOLDEN}: {len(MODES)} outputs of sysdig 0.29.3")
            if differ:
                raise RecordError(f"sysdigpy does not print what sysdig prints for: {', '.join(differ)}")
    except RecordError as exc:
        sys.stderr.write(f"record_sample.py: {exc}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
