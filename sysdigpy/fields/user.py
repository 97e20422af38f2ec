"""Fields of the user and group classes (from the capture's user and group lists)."""

from __future__ import annotations

from typing import Any

from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext
from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import Getter
from sysdigpy.fields.registry import field_class
from sysdigpy.fields.registry import implements

IMPLS: dict[str, Factory] = {}

field_class("user", "user", "Information about the user executing the specific event.")
field_class("group", "group", "Information about the user group.")


def _ufield(name: str, fn: Any) -> None:
    def make(ctx: FieldContext, _arg: str | None) -> Getter:
        lookup = ctx.renderer.thread

        def get(e: Event) -> Any:
            t = e.thread or lookup(e)
            if t is None:
                return None
            return fn(ctx, t)

        return get

    implements(IMPLS, name)(make)


def _user(ctx: FieldContext, uid: int) -> Any:
    return ctx.state.users.user(uid) if ctx.state is not None else None


def _group(ctx: FieldContext, gid: int) -> Any:
    return ctx.state.users.group(gid) if ctx.state is not None else None


def _attr(rec: Any, attr: str) -> Any:
    return None if rec is None else getattr(rec, attr)


_ufield("user.uid", lambda ctx, t: t.uid)
_ufield("user.name", lambda ctx, t: _attr(_user(ctx, t.uid), "name"))
_ufield("user.homedir", lambda ctx, t: _attr(_user(ctx, t.uid), "homedir"))
_ufield("user.shell", lambda ctx, t: _attr(_user(ctx, t.uid), "shell"))
# sysdig 0.29.3 misreads the V9 proc-list tail of newer captures (the low half of pidns_init_start_ts
# as loginuid): we keep the loginuid the record carries (probe/lists.py _v9_tail)
_ufield("user.loginuid", lambda ctx, t: t.loginuid - (1 << 32) if t.loginuid >= 1 << 31 else t.loginuid)
_ufield("user.loginname", lambda ctx, t: _attr(_user(ctx, t.loginuid), "name"))
# sysdig 0.29.3 prints the 32-bit m_gid as a PT_UINT64, its upper half the garbage after it: we keep the gid
_ufield("group.gid", lambda ctx, t: t.gid)
_ufield("group.name", lambda ctx, t: _attr(_group(ctx, t.gid), "name"))


declare = Declarer(IMPLS)
declare("user.uid", "PT_UINT32", "user ID.", cls="user", pf="PF_ID")
declare("user.name", "PT_CHARBUF", "user name.", cls="user", pf="PF_NA")
declare("user.homedir", "PT_CHARBUF", "home directory of the user.", cls="user", pf="PF_NA")
declare("user.shell", "PT_CHARBUF", "user's shell.", cls="user", pf="PF_NA")
declare("user.loginuid", "PT_INT32", "audit user id (auid).", cls="user", pf="PF_ID")
declare("user.loginname", "PT_CHARBUF", "audit user name (auid).", cls="user", pf="PF_NA")
declare("group.gid", "PT_UINT64", "group ID.", cls="group", pf="PF_ID")
declare("group.name", "PT_CHARBUF", "group name.", cls="group", pf="PF_NA")
