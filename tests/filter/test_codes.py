"""Filters that only look at event ids give a fixed set of ids to keep."""

from __future__ import annotations

from sysdigpy.events.table import EVENT_TABLE
from sysdigpy.events.table import codes_for_name
from sysdigpy.filter.codes import keep_mask


def test_evt_type_keeps_its_ids_and_internal_events() -> None:
    mask, sc = keep_mask("evt.type=open") or (b"", b"")
    kept = {c for c, v in enumerate(mask) if v == 1}
    assert set(codes_for_name("open")) <= kept
    assert 234 in kept  # procinfo: internal events are always written
    assert mask[6] == 0  # read
    assert mask[0] == mask[1] == 2 and sum(sc) == 1  # generic events: by syscall code


def test_direction_and_negation() -> None:
    mask, _sc = keep_mask("not evt.type in (read, write) and evt.dir=<") or (b"", b"")
    assert mask[7] == 0 and mask[9] == 0 and mask[3] == 1 and mask[2] == 0


def test_other_fields_need_decoding() -> None:
    assert keep_mask("evt.type=open and fd.name contains /etc") is None
    assert keep_mask("proc.name=curl") is None


def test_every_id_has_a_byte() -> None:
    mask, _ = keep_mask("evt.type=switch") or (b"", b"")
    assert len(mask) == len(EVENT_TABLE)
