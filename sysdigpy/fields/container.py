"""Fields of the container class (from cgroup paths and container events in the capture)."""

from __future__ import annotations

from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import ARG_REQUIRED
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements

IMPLS: dict[str, Factory] = {}

field_class("container", "container", "Container information. If the event is not happening inside a container, "
            "both id and name will be set to 'host'.")


def container_id(e: Event) -> str | None:
    t = e.thread
    if t is None:
        return None
    return getattr(t, "container_id", "") or "host"


def _cfield(name: str, key: str, host: Any = None) -> None:
    def make(ctx: FieldContext, _arg: str | None) -> Getter:
        def get(e: Event) -> Any:
            cid = container_id(e)
            if cid is None:
                return None
            if cid == "host":
                return host
            info = ctx.state.containers.get(cid, {}) if ctx.state is not None else {}
            v = info.get(key)
            return v if v not in (None, "") else None

        return get

    implements(IMPLS, name)(make)


IMPLS["container.id"] = lambda ctx, arg: container_id
_cfield("container.name", "name", "host")
_cfield("container.image", "image")
_cfield("container.image.id", "imageid")
_cfield("container.type", "type")
_cfield("container.privileged", "privileged")
_cfield("container.image.repository", "imagerepo")
_cfield("container.image.tag", "imagetag")
_cfield("container.image.digest", "imagedigest")


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
# container.mounts, container.mount* and the health probes below have no extractor: sysdig gives them
# a value only for a thread in a container whose metadata (a container JSON event) lists mounts or
# probes; on the host ("host"), which is every thread of every capture here, it gives none.
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
