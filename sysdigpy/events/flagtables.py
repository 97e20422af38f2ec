"""Value -> name tables used to render event parameters (flags, enums, errno, signals)."""

from __future__ import annotations

from functools import cache

from sysdigpy.events._flagdata import FLAG_TABLES


@cache
def table(name: str, prefer: str = "libs-2022") -> tuple[tuple[str, int], ...]:
    """A flag table in the order sysdig walks it (the 2022 rows where they exist)."""
    sources = FLAG_TABLES.get(name)
    if not sources:
        return ()
    rows = sources.get(prefer) or sources.get("head") or next(iter(sources.values()))
    return tuple(rows)


ERRNO_NAMES: dict[int, str] = {v: n for n, v in FLAG_TABLES["errno_names"]["sinsp-2022"]}
ERRNO_VALUES: dict[str, int] = {n: v for v, n in ERRNO_NAMES.items()}
SIGNAL_NAMES: dict[int, str] = {v: n for n, v in FLAG_TABLES["signal_names"]["sinsp-2022"]}
SYSCALL_NAMES: dict[int, str] = {v: n for n, v in FLAG_TABLES["ppm_sc_names"]["libs-2022"]}
SYSCALL_NAMES_HEAD: dict[int, str] = {v: n for n, v in FLAG_TABLES["ppm_sc_names"]["head"]}
PPM_SC_MAX = 329


def syscall_name(sc: int) -> str:
    """The name of a generic event's syscall code (``<NA>`` when unknown): its evt.type."""
    return SYSCALL_NAMES.get(sc, "<NA>") if sc < PPM_SC_MAX else "<NA>"


def dyn_table(name: str) -> tuple[tuple[str, str], ...]:
    """A PT_DYN sub-table: index -> (PT type, PF format)."""
    return tuple(tuple(n.split(":", 1)) for n, _v in table(name))  # type: ignore[misc]


def errno_name(value: int) -> str:
    """sinsp's errno_to_str: a negative return value -> its errno name, or ''."""
    return ERRNO_NAMES.get(-value, "") if value < 0 else ""


def flag_names(value: int, rows: tuple[tuple[str, int], ...]) -> str:
    """Names of the flags in ``value``, walking the table in order as sinsp does."""
    out = []
    remaining = value
    for name, flag in rows:
        if flag == value:
            out.append(name)
            break
        if (flag == 0 and value == 0) or (flag != 0 and remaining != 0 and remaining & flag == flag):
            out.append(name)
            remaining &= ~flag
    return "|".join(out)
