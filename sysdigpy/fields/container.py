"""Fields of the container class (from cgroup paths and container events in the capture)."""

from __future__ import annotations

import re
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import ARG_REQUIRED
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements
from sysdigpy.state.containers import CT_DOCKER
from sysdigpy.state.containers import DOCKER_COMPATIBLE
from sysdigpy.state.containers import TYPE_NAMES
from sysdigpy.state.threads import ThreadInfo

IMPLS: dict[str, Factory] = {}

field_class("container", "container", "Container information. If the event is not happening inside a container, "
            "both id and name will be set to 'host'.")


def _thread_getter(ctx: FieldContext) -> Callable[[Event], ThreadInfo | None]:
    """The event's thread, or (as sinsp's get_thread_info) a lookup by tid when none is attached."""
    lookup = ctx.renderer.thread

    def thread(e: Event) -> ThreadInfo | None:
        return e.thread or lookup(e)

    return thread


def _entry(ctx: FieldContext, cid: str) -> dict[str, Any] | None:
    """The container table's entry for ``cid`` (the state is bound after the fields are compiled)."""
    return ctx.state.containers.get(cid) if ctx.state is not None else None


def _cfield(name: str, value: Callable[[dict[str, Any]], Any], host: Any = None) -> None:
    """A field of the thread's container entry: ``host`` for host threads, none without an entry."""

    def make(ctx: FieldContext, _arg: str | None) -> Getter:
        return _cfield_getter(ctx, value, host)

    implements(IMPLS, name)(make)


def _cfield_getter(ctx: FieldContext, value: Callable[[dict[str, Any]], Any], host: Any = None) -> Getter:
    thread = _thread_getter(ctx)

    def get(e: Event) -> Any:
        t = thread(e)
        if t is None:
            return None
        if not t.container_id:
            return host
        info = _entry(ctx, t.container_id)
        return None if info is None else value(info)

    return get


def _text(key: str) -> Callable[[dict[str, Any]], str | None]:
    def value(info: dict[str, Any]) -> str | None:
        v = info.get(key)
        return v if isinstance(v, str) and v else None

    return value


def _privileged(info: dict[str, Any]) -> bool | None:
    """Known for docker-compatible types only (docker, cri, containerd, cri-o, podman)."""
    if info.get("type", CT_DOCKER) not in DOCKER_COMPATIBLE:
        return None
    v = info.get("privileged")
    return bool(v) if isinstance(v, (bool, int, float)) else False


@implements(IMPLS, "container.id")
def _make_id(ctx: FieldContext, _arg: str | None) -> Getter:
    thread = _thread_getter(ctx)

    def get(e: Event) -> str | None:
        t = thread(e)
        return None if t is None else t.container_id or "host"

    return get


@implements(IMPLS, "container.type")
def _make_type(ctx: FieldContext, _arg: str | None) -> Getter:
    """sinsp names only some types: for the others (podman, custom, static) it gives the text this
    field last extracted (its reused buffer; empty at first)."""
    thread = _thread_getter(ctx)
    last = [""]

    def get(e: Event) -> str | None:
        t = thread(e)
        if t is None:
            return None
        if not t.container_id:
            last[0] = "host"
            return "host"
        info = _entry(ctx, t.container_id)
        if info is None:
            return None
        last[0] = TYPE_NAMES.get(info.get("type", CT_DOCKER), last[0])
        return last[0]

    return get


def _mounts(info: dict[str, Any]) -> list[tuple[str, str, str, bool, str]]:
    """The container's mounts as sinsp parses a container event's ``Mounts`` (docker's keys); a
    missing ``RW`` is false here (sinsp leaves the flag uninitialised)."""
    out = []
    raw = info.get("Mounts")
    for m in raw if isinstance(raw, list) else ():
        m = m if isinstance(m, dict) else {}

        def text(key: str, m: dict[str, Any] = m) -> str:
            v = m.get(key)
            return v if isinstance(v, str) else ""

        rw = m.get("RW")
        out.append((text("Source"), text("Destination"), text("Mode"), rw if isinstance(rw, bool) else False,
                    text("Propagation")))
    return out


def _mount_text(m: tuple[str, str, str, bool, str]) -> str:
    return f"{m[0]}:{m[1]}:{m[2]}:{'true' if m[3] else 'false'}:{m[4]}"


_cfield("container.mounts", lambda info: ",".join(_mount_text(m) for m in _mounts(info)))


def _mount_field(name: str, part: Callable[[tuple[str, str, str, bool, str]], str], by_dest: bool = False) -> None:
    """container.mount*[N or glob]: a mount by index, else the first whose source (destination for
    container.mount.source) matches the glob."""

    def make(ctx: FieldContext, arg: str | None) -> Getter:
        num = re.match(r"\s*([+-]?\d+)", arg or "")
        argid = int(num.group(1)) if num else -1
        pattern = "" if num else (arg or "")

        def pick(info: dict[str, Any]) -> str | None:
            mounts = _mounts(info)
            if argid != -1:
                return part(mounts[argid]) if 0 <= argid < len(mounts) else None
            for m in mounts:
                if fnmatchcase(m[1] if by_dest else m[0], pattern):
                    return part(m)
            return None

        return _cfield_getter(ctx, pick)

    implements(IMPLS, name)(make)


_mount_field("container.mount", _mount_text)
_mount_field("container.mount.source", lambda m: m[0], by_dest=True)
_mount_field("container.mount.dest", lambda m: m[1])
_mount_field("container.mount.mode", lambda m: m[2])
_mount_field("container.mount.rdwr", lambda m: "true" if m[3] else "false")
_mount_field("container.mount.propagation", lambda m: m[4])


def _probe(key: str) -> Callable[[dict[str, Any]], str]:
    """A health probe of the container event (``exe`` and ``args``), or NONE without one."""

    def value(info: dict[str, Any]) -> str:
        probe = info.get(key)
        if isinstance(probe, dict) and isinstance(probe.get("exe"), (str, int, float, bool)):
            import json  # imported here: only health probes need it; keeps start-up short

            exe = probe["exe"]
            words = [exe if isinstance(exe, str) else json.dumps(exe)]
            args = probe.get("args")
            for a in args if isinstance(args, list) else ():
                if isinstance(a, str):
                    words.append(a)
                elif isinstance(a, (int, float, bool)):
                    words.append(json.dumps(a))
            return " ".join(words)
        return "NONE"

    return value


_cfield("container.healthcheck", _probe("Healthcheck"))
_cfield("container.liveness_probe", _probe("LivenessProbe"))
_cfield("container.readiness_probe", _probe("ReadinessProbe"))
_cfield("container.name", _text("name"), "host")
_cfield("container.image", _text("image"))
_cfield("container.image.id", _text("imageid"))
_cfield("container.privileged", _privileged)
_cfield("container.image.repository", _text("imagerepo"))
_cfield("container.image.tag", _text("imagetag"))
_cfield("container.image.digest", _text("imagedigest"))


declare = Declarer(IMPLS)
declare("container.id", "PT_CHARBUF", "the container id.", cls="container", pf="PF_NA")
declare("container.name", "PT_CHARBUF", "the container name.", cls="container", pf="PF_NA")
declare("container.image", "PT_CHARBUF",
        "the container image name (e.g. falcosecurity/falco:latest for docker).",
        cls="container", pf="PF_NA")
declare("container.image.id", "PT_CHARBUF", "the container image id (e.g. 6f7e2741b66b).", cls="container", pf="PF_NA")
declare("container.type", "PT_CHARBUF", "the container type, eg: docker or rkt", cls="container", pf="PF_NA")
declare("container.privileged", "PT_BOOL",
        "true for containers running as privileged, false otherwise",
        cls="container", pf="PF_NA")
declare("container.mounts", "PT_CHARBUF",
        "A space-separated list of mount information. Each item in the list has the format "
        "<source>:<dest>:<mode>:<rdrw>:<propagation>",
        cls="container", pf="PF_NA")
declare("container.mount", "PT_CHARBUF",
        "Information about a single mount, specified by number (e.g. container.mount[0]) or mount source "
        "(container.mount[/usr/local]). The pathname can be a glob (container.mount[/usr/local/*]), in which "
        "case the first matching mount will be returned. The information has the format "
        "<source>:<dest>:<mode>:<rdrw>:<propagation>. If there is no mount with the specified index or "
        "matching the provided source, returns the string \"none\" instead of a NULL value.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.mount.source", "PT_CHARBUF",
        "the mount source, specified by number (e.g. container.mount.source[0]) or mount destination "
        "(container.mount.source[/host/lib/modules]). The pathname can be a glob.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.mount.dest", "PT_CHARBUF",
        "the mount destination, specified by number (e.g. container.mount.dest[0]) or mount source "
        "(container.mount.dest[/lib/modules]). The pathname can be a glob.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.mount.mode", "PT_CHARBUF",
        "the mount mode, specified by number (e.g. container.mount.mode[0]) or mount source "
        "(container.mount.mode[/usr/local]). The pathname can be a glob.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.mount.rdwr", "PT_CHARBUF",
        "the mount rdwr value, specified by number (e.g. container.mount.rdwr[0]) or mount source "
        "(container.mount.rdwr[/usr/local]). The pathname can be a glob.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.mount.propagation", "PT_CHARBUF",
        "the mount propagation value, specified by number (e.g. container.mount.propagation[0]) or mount "
        "source (container.mount.propagation[/usr/local]). The pathname can be a glob.",
        cls="container", pf="PF_NA", flags=(ARG_REQUIRED,))
declare("container.image.repository", "PT_CHARBUF",
        "the container image repository (e.g. falcosecurity/falco).",
        cls="container", pf="PF_NA")
declare("container.image.tag", "PT_CHARBUF",
        "the container image tag (e.g. stable, latest).",
        cls="container", pf="PF_NA")
declare("container.image.digest", "PT_CHARBUF",
        "the container image registry digest (e.g. "
        "sha256:d977378f890d445c15e51795296e4e5062f109ce6da83e0a355fc4ad8699d27).",
        cls="container", pf="PF_NA")
declare("container.healthcheck", "PT_CHARBUF",
        "The container's health check. Will be the null value (\"N/A\") if no healthcheck configured, "
        "\"NONE\" if configured but explicitly not created, and the healthcheck command line otherwise",
        cls="container", pf="PF_NA")
declare("container.liveness_probe", "PT_CHARBUF",
        "The container's liveness probe. Will be the null value (\"N/A\") if no liveness probe configured, "
        "the liveness probe command line otherwise",
        cls="container", pf="PF_NA")
declare("container.readiness_probe", "PT_CHARBUF",
        "The container's readiness probe. Will be the null value (\"N/A\") if no readiness probe configured, "
        "the readiness probe command line otherwise",
        cls="container", pf="PF_NA")
