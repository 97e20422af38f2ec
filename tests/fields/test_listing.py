"""-l / -lv / --list-markdown against sysdig's own listing (../shared/docs/fields*.txt)."""

from __future__ import annotations

import pytest

from sysdigpy.fields.listing import list_fields
from sysdigpy.fields.listing import list_markdown
from sysdigpy.fields.listing import wrap
from tests.golden_modes import SHARED

DOCS = SHARED / "docs"
OUR_CLASSES = ("evt (All event types)", "evt (Syscall events only)", "process", "user", "group", "container",
               "fd", "syslog", "fdlist")


def blocks(text: str) -> dict[str, str]:
    """Class header -> the class's text, from a -l listing."""
    out = {}
    for chunk in text.split("-------------------------------\n")[1:]:
        head = chunk.split("\n", 1)[0].removeprefix("Field Class:").strip()
        out[head] = chunk
    return out


@pytest.mark.parametrize(("verbose", "doc"), [(False, "fields.txt"), (True, "fields-typed.txt")])
def test_every_class_block_is_sysdigs(verbose: bool, doc: str) -> None:
    want = blocks((DOCS / doc).read_text())
    got = blocks("\n".join(list_fields(verbose)) + "\n")
    assert tuple(got) == OUR_CLASSES
    for head in OUR_CLASSES:
        assert got[head] == want[head], head


@pytest.mark.parametrize(("verbose", "doc"), [(False, "fields.txt"), (True, "fields-typed.txt")])
def test_listing_is_sysdigs_up_to_the_classes_we_lack(verbose: bool, doc: str) -> None:
    want = (DOCS / doc).read_text()
    cut = want.index("-------------------------------\nField Class:                  k8s")
    assert "\n".join(list_fields(verbose)) + "\n" == want[:cut]


def test_at_least_as_many_fields_as_sysdig_lists_for_our_classes() -> None:
    want = blocks((DOCS / "fields.txt").read_text())
    n_want = sum(1 for h in OUR_CLASSES for ln in want[h].splitlines() if ln[:1].isalpha() and "." in ln[:30])
    got = [ln for ln in list_fields(False) if ln[:1].isalpha() and "." in ln[:30]]
    assert len(got) >= n_want


def test_wrap_breaks_before_column_120() -> None:
    lines = wrap("word " * 40)
    assert all(len(ln) <= 90 for ln in lines) and len(lines) > 1
    assert lines[0].endswith(" ")


def test_markdown_layout() -> None:
    md = list_markdown()
    assert md[:7] == ["", "## Field Class: evt", "", "These fields can be used for all event types", "",
                      "Name | Type | Description", ":----|:-----|:-----------"]
    assert "`evt.num` | UINT64 | event number." in md
    assert "`evt.rawarg` | DYNAMIC | one of the event arguments specified by name. E.g. 'evt.rawarg.fd'." in md
    assert md.count("## Field Class: evt") == 2
