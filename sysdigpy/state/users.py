"""Users and groups (sinsp's m_userlist / m_grouplist)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sysdigpy.probe.metadata import CaptureMetadata
from sysdigpy.probe.metadata import GroupRecord
from sysdigpy.probe.metadata import UserRecord

if TYPE_CHECKING:
    from sysdigpy.events.event import Event

USERADDED_E = 354
USERDELETED_E = 356
GROUPADDED_E = 358
GROUPDELETED_E = 360
USER_GROUP_EVENTS = frozenset(range(354, 362))


class UserTable:
    """uid -> UserRecord and gid -> GroupRecord; later records win, as in sinsp."""

    def __init__(self) -> None:
        self.users: dict[int, UserRecord] = {}
        self.groups: dict[int, GroupRecord] = {}

    @classmethod
    def from_metadata(cls, meta: CaptureMetadata) -> UserTable:
        t = cls()
        for u in meta.users:
            t.users[u.uid] = u
        for g in meta.groups:
            t.groups[g.gid] = g
        return t

    def user(self, uid: int) -> UserRecord | None:
        return self.users.get(uid)

    def group(self, gid: int) -> GroupRecord | None:
        return self.groups.get(gid)

    def apply_event(self, evt: Event) -> bool:
        """Apply a HEAD user/group meta-event (ids 354..361); True if it was one.

        sysdig 0.29.3 does not know these ids and skips them, so the State does not call
        this by default (see ``State.apply_user_events``).
        """
        code = evt.code
        if code == USERADDED_E:
            u = UserRecord(uid=evt.u32(0), gid=evt.u32(1), name=evt.str(2), homedir=evt.str(3),
                           shell=evt.str(4), container_id=evt.str(5))
            self.users[u.uid] = u
        elif code == USERDELETED_E:
            self.users.pop(evt.u32(0), None)
        elif code == GROUPADDED_E:
            g = GroupRecord(gid=evt.u32(0), name=evt.str(1), container_id=evt.str(2))
            self.groups[g.gid] = g
        elif code == GROUPDELETED_E:
            self.groups.pop(evt.u32(0), None)
        else:
            return code in USER_GROUP_EVENTS
        return True
