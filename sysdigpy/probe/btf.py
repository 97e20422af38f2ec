"""Structure offsets of the running kernel, read from its BTF (``/sys/kernel/btf/vmlinux``).

The probe is compiled against whatever headers are installed (possibly of another
kernel version), so it never dereferences a kernel structure through a header
definition: every field it reads goes through an ``OFF_*`` constant computed
here and passed as a ``-D`` flag.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

VMLINUX = Path("/sys/kernel/btf/vmlinux")

_HDR = struct.Struct("<HBBIIIII")
_TYPE = struct.Struct("<III")
_MEMBER = struct.Struct("<III")

INT, PTR, ARRAY, STRUCT, UNION, ENUM, FWD, TYPEDEF, VOLATILE, CONST, RESTRICT = range(1, 12)
FUNC, FUNC_PROTO, VAR, DATASEC, FLOAT, DECL_TAG, TYPE_TAG, ENUM64 = range(12, 20)
_EXTRA_FIXED = {INT: 4, ARRAY: 12, VAR: 4, DECL_TAG: 4}
_EXTRA_PER = {STRUCT: 12, UNION: 12, ENUM: 8, FUNC_PROTO: 8, DATASEC: 12, ENUM64: 12}
_MODIFIERS = {TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG}


class BtfError(Exception):
    pass


@dataclass(slots=True)
class _Type:
    kind: int
    name: str
    vlen: int
    kflag: bool
    size_type: int
    extra: int  # offset of the kind-specific data in the blob


class Btf:
    """A minimal BTF reader: types by id, structs by name, member offsets by path."""

    def __init__(self, blob: bytes) -> None:
        magic, _ver, _fl, hdr_len, type_off, type_len, str_off, str_len = _HDR.unpack_from(blob, 0)
        if magic != 0xEB9F:
            raise BtfError("not a BTF blob")
        self._blob = blob
        self._strs = blob[hdr_len + str_off:hdr_len + str_off + str_len]
        self.types: list[_Type | None] = [None]
        self.structs: dict[str, int] = {}
        self._parse(hdr_len + type_off, hdr_len + type_off + type_len)

    @classmethod
    def load(cls, path: Path = VMLINUX) -> Btf:
        try:
            return cls(path.read_bytes())
        except OSError as e:
            raise BtfError(f"cannot read {path}: {e}") from e

    def _str(self, off: int) -> str:
        end = self._strs.index(b"\0", off)
        return self._strs[off:end].decode()

    def _parse(self, pos: int, end: int) -> None:
        blob = self._blob
        unpack = _TYPE.unpack_from
        while pos < end:
            name_off, info, size_type = unpack(blob, pos)
            kind = (info >> 24) & 0x1F
            vlen = info & 0xFFFF
            pos += 12
            t = _Type(kind, "", vlen, bool(info >> 31), size_type, pos)
            if kind in (STRUCT, UNION):
                t.name = self._str(name_off) if name_off else ""
                if t.name and kind == STRUCT and t.name not in self.structs:
                    self.structs[t.name] = len(self.types)
            elif name_off and kind == INT:
                t.name = self._str(name_off)
            self.types.append(t)
            pos += _EXTRA_FIXED.get(kind, 0) + _EXTRA_PER.get(kind, 0) * vlen

    def resolve(self, tid: int) -> int:
        """Skip typedefs and qualifiers."""
        t = self.types[tid]
        while t is not None and t.kind in _MODIFIERS:
            tid = t.size_type
            t = self.types[tid]
        return tid

    def size(self, tid: int) -> int:
        tid = self.resolve(tid)
        t = self.types[tid]
        assert t is not None
        if t.kind in (STRUCT, UNION, INT, ENUM, ENUM64, FLOAT):
            return t.size_type
        if t.kind == PTR:
            return 8
        if t.kind == ARRAY:
            elem, _idx, n = struct.unpack_from("<III", self._blob, t.extra)
            return self.size(elem) * n
        raise BtfError(f"no size for kind {t.kind}")

    def members(self, tid: int) -> list[tuple[str, int, int]]:
        """(name, type id, bit offset) of a struct/union's members."""
        t = self.types[self.resolve(tid)]
        assert t is not None
        out = []
        for i in range(t.vlen):
            name_off, mtype, off = _MEMBER.unpack_from(self._blob, t.extra + 12 * i)
            if t.kflag:
                off &= 0xFFFFFF
            out.append((self._str(name_off) if name_off else "", mtype, off))
        return out

    def find_member(self, tid: int, name: str) -> tuple[int, int] | None:
        """(byte offset, type id) of ``name`` in a struct, looking into anonymous members."""
        for mname, mtype, bitoff in self.members(tid):
            if mname == name:
                return bitoff // 8, mtype
            if not mname:
                inner = self.types[self.resolve(mtype)]
                if inner is not None and inner.kind in (STRUCT, UNION):
                    sub = self.find_member(mtype, name)
                    if sub is not None:
                        return bitoff // 8 + sub[0], sub[1]
        return None

    def offset(self, path: str) -> int:
        """Byte offset of ``struct.member[.member...]``; any name may be ``a|b`` (first found)."""
        sname, *names = path.split(".")
        tid = self.structs.get(sname)
        if tid is None:
            raise BtfError(f"no struct {sname}")
        total = 0
        for alts in names:
            for name in alts.split("|"):
                found = self.find_member(tid, name)
                if found is not None:
                    break
            else:
                raise BtfError(f"no member {alts} in {path}")
            total += found[0]
            tid = found[1]
        return total

    def struct_size(self, name: str) -> int:
        tid = self.structs.get(name)
        if tid is None:
            raise BtfError(f"no struct {name}")
        return self.size(tid)
