"""``-l``, ``-lv`` and ``--list-markdown``: the field registry listed as sysdig 0.29.3 lists it.

The layout is libsinsp's ``filter_fieldclass_info::as_string`` / ``list_fields_markdown``:
a class header, then one entry per field with its description word-wrapped at 120 columns
(descriptions start at column 30).  Print-only and hidden (table-only) fields are not listed;
filter-only ones carry a ``(FILTER ONLY)`` tag.  Each returned line is printed followed by a
newline.
"""

from __future__ import annotations

from sysdigpy.fields.registry import CLASSES
from sysdigpy.fields.registry import FILTER_ONLY
from sysdigpy.fields.registry import FieldClass
from sysdigpy.fields.registry import FieldInfo
from sysdigpy.fields.registry import all_fields

RIGHT_BLOCK = 30  # column where descriptions start
WIDTH = 120
RULE = "-" * 31
# sysdig's class order (the classes it has and sysdigpy does not, k8s & co, came after fdlist)
CLASS_ORDER = ("evt", "evt_sc", "process", "user", "group", "container", "fd", "syslog", "fdlist")


def type_name(ftype: str) -> str:
    """param_type_to_string: PT_UINT64 -> UINT64, PT_DYN -> DYNAMIC."""
    return "DYNAMIC" if ftype == "PT_DYN" else ftype.removeprefix("PT_")


def wrap(text: str) -> list[str]:
    """sinsp wrapstring: words each followed by a space, a new line when one would pass WIDTH."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        if cur and len(cur) + len(word) + 1 > WIDTH - RIGHT_BLOCK:
            lines.append(cur)
            cur = ""
        cur += word + " "
    lines.append(cur)
    return lines


def _block(head: str, text: str) -> list[str]:
    """``head`` padded to the right block, then ``text`` wrapped under it."""
    body = wrap(text)
    first = head.ljust(RIGHT_BLOCK) if len(head) <= RIGHT_BLOCK else head
    out = [first + body[0]] if len(head) <= RIGHT_BLOCK else [first, " " * RIGHT_BLOCK + body[0]]
    return out + [" " * RIGHT_BLOCK + ln for ln in body[1:]]


def listed(fi: FieldInfo) -> bool:
    return not (fi.print_only or fi.hidden)


def ordered_classes() -> list[tuple[FieldClass, list[FieldInfo]]]:
    """The classes with their listed fields, in sysdig's order (unknown classes last)."""
    fields = all_fields()
    keys = [k for k in CLASS_ORDER if k in CLASSES] + [k for k in CLASSES if k not in CLASS_ORDER]
    return [(CLASSES[k], [f for f in fields if f.cls == k and listed(f)]) for k in keys]


def field_description(fi: FieldInfo, verbose: bool) -> str:
    desc = fi.desc
    if FILTER_ONLY in fi.flags:
        desc = "(FILTER ONLY) " + desc
    if verbose:
        desc = f"(Type: {type_name(fi.ftype)}) " + desc
    return desc


def class_lines(fc: FieldClass, fields: list[FieldInfo], verbose: bool) -> list[str]:
    """One class as ``as_string`` renders it, followed by the blank line printf adds."""
    head = "Field Class:".ljust(RIGHT_BLOCK) + fc.name + (f" ({fc.qualifier})" if fc.qualifier else "")
    out = [RULE, head]
    if fc.desc:
        out += _block("Description:", fc.desc)
    out.append("")
    for fi in fields:
        out += _block(fi.name, field_description(fi, verbose))
    out.append("")
    return out


def list_fields(verbose: bool = False) -> list[str]:
    """``sysdig -l`` (``-lv`` with ``verbose``): one string per output line."""
    out: list[str] = []
    for fc, fields in ordered_classes():
        out += class_lines(fc, fields, verbose)
    return out


def list_markdown() -> list[str]:
    """``sysdig --list-markdown``: one string per output line."""
    out: list[str] = []
    for fc, fields in ordered_classes():
        out += ["", f"## Field Class: {fc.name}", "", fc.desc, "",
                "Name | Type | Description", ":----|:-----|:-----------"]
        out += [f"`{fi.name}` | {type_name(fi.ftype)} | {fi.desc}" for fi in fields]
    return out
