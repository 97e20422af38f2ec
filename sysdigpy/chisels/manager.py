"""Finding chisels, parsing their -c arguments, and running them as a pipeline observer."""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from importlib.machinery import PathFinder
from pathlib import Path
from typing import TYPE_CHECKING

from sysdigpy.chisels.base import Chisel
from sysdigpy.chisels.base import ChiselError
from sysdigpy.chisels.base import Output
from sysdigpy.chisels.session import Session
from sysdigpy.events.event import Event
from sysdigpy.fields.context import FieldContext

if TYPE_CHECKING:
    from sysdigpy.probe.tally import Row

ENTRY_POINT_GROUP = "sysdigpy.chisels.v1"
BUILTIN_MODULES = ["tops", "fdcount_by", "snapshot", "netstat", "topprocs_cpu", "iobytes", "proc_exec_time",
                   "bottlenecks", "list_login_shells", "spy_users", "echo_fds", "stdio", "spy_file", "spy_net",
                   "slower", "around", "spy_logs", "httplog", "httptop", "spectrogram"]
CATEGORY_ORDER: list[str] = []  # sysdig sorts categories by name (std::map)


# ---- discovery ----------------------------------------------------------------------------------
def _subclasses_in(module: object) -> list[type[Chisel]]:
    found = []
    for obj in vars(module).values():
        if isinstance(obj, type) and issubclass(obj, Chisel) and obj.name and obj.__module__ == getattr(
                module, "__name__", None):
            found.append(obj)
    return found


def _builtins() -> list[type[Chisel]]:
    out: list[type[Chisel]] = []
    for mod in BUILTIN_MODULES:
        try:
            module = importlib.import_module(f"sysdigpy.chisels.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name != f"sysdigpy.chisels.{mod}":
                raise
            continue
        out += _subclasses_in(module)
    return out


def _entry_points() -> list[type[Chisel]]:
    out: list[type[Chisel]] = []
    if not _may_declare_entry_points():
        return out
    import importlib.metadata  # imported here: ~20 ms (email, zipfile, csv), needed only when a package may declare one

    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        obj = ep.load()
        out += [obj] if isinstance(obj, type) else _subclasses_in(obj)
    return out


def _may_declare_entry_points() -> bool:
    """False only when importlib.metadata would find no entry point of the group: no other distribution
    finder than the path one, and no ``*.dist-info``/``*.egg-info`` directory on sys.path whose
    entry_points.txt names the group (zips, eggs and unreadable files: True, importlib.metadata decides)."""
    if any(hasattr(f, "find_distributions") and f is not PathFinder for f in sys.meta_path):
        return True
    group = ENTRY_POINT_GROUP.encode()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except Exception:  # noqa: BLE001 - as importlib.metadata's FastPath.children
            if os.path.isfile(entry):
                return True  # a zip
            continue
        if os.path.basename(entry).lower().endswith(".egg"):
            return True
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), "rb") as f:
                    data = f.read()
            except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
                continue  # what importlib.metadata ignores too
            except OSError:
                return True
            if group in data or not _is_utf8(data):
                return True
    return False


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def chisel_dirs() -> list[Path]:
    dirs = [Path("chisels"), Path.home() / ".chisels"]
    env = os.environ.get("SYSDIGPY_CHISEL_DIR", "")
    dirs += [Path(p) for p in env.replace(";", ":").split(":") if p]
    return dirs


def load_file(path: Path) -> list[type[Chisel]]:
    modname = f"sysdigpy_user_chisel_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(modname, path)
    if spec is None or spec.loader is None:
        raise ChiselError(f"can't open file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[modname] = module
    spec.loader.exec_module(module)
    return _subclasses_in(module)


def _from_dirs() -> list[type[Chisel]]:
    out: list[type[Chisel]] = []
    for d in chisel_dirs():
        if d.is_dir():
            for f in sorted(d.glob("*.py")):
                out += load_file(f)
    return out


def discover() -> dict[str, type[Chisel]]:
    """All chisels by name; later sources (entry points, directories) override built-ins."""
    found: dict[str, type[Chisel]] = {}
    for cls in _builtins() + _entry_points() + _from_dirs():
        found[cls.name] = cls
    return found


def find(name: str) -> type[Chisel]:
    if name.endswith(".py") and Path(name).is_file():
        classes = load_file(Path(name))
        if classes:
            return classes[0]
    cls = discover().get(name.removesuffix(".py"))
    if cls is None:
        raise ChiselError(f"can't open file {name}")
    return cls


# ---- arguments ----------------------------------------------------------------------------------
def split_args(word: str) -> list[str]:
    """sysdig's split of the argument word: spaces separate, ' and ` group."""
    pieces: list[str] = []
    cur = ""
    quote = ""
    for c in word:
        if quote:
            if c == quote:
                quote = ""
            else:
                cur += c
        elif c in "'`":
            quote = c
        elif c == " ":
            if cur:
                pieces.append(cur)
            cur = ""
        else:
            cur += c
    if cur:
        pieces.append(cur)
    return pieces


def parse_args(cls: type[Chisel], word: str | None) -> dict[str, str]:
    required = [a for a in cls.args if not a.optional]
    if word is None:
        if required:
            raise ChiselError(f"missing arguments for chisel {cls.name}")
        return {}
    pieces = [word] if _single_filter(cls) else split_args(word)
    if len(pieces) > len(cls.args):
        raise ChiselError(f"too many parameters for chisel {cls.name}")
    if len(pieces) < len(required):
        raise ChiselError(f"wrong number of parameters for chisel {cls.name}")
    return {a.name: v for a, v in zip(cls.args, pieces, strict=False)}


def _single_filter(cls: type[Chisel]) -> bool:
    return len(cls.args) == 1 and cls.args[0].argtype == "filter"


def decide_takes_arg(cls: type[Chisel], next_word: str | None, rest_compiles_as_filter: bool) -> bool:
    """Whether the word after ``-c NAME`` is the chisel's argument word (sysdig's heuristic)."""
    if not cls.args:
        return False
    if any(not a.optional for a in cls.args):
        return next_word is not None
    if next_word is None or next_word.startswith("-"):
        return False
    if _single_filter(cls):
        return True
    return not rest_compiles_as_filter


# ---- running ------------------------------------------------------------------------------------
@dataclass
class _Running:
    chisel: Chisel
    failed: bool = False
    last_sample: int = -1
    last_interval_ts: int = 0


@dataclass
class ChiselManager:
    """A pipeline observer that feeds every loaded chisel."""

    ctx: FieldContext
    out: Output
    running: list[_Running] = field(default_factory=list)
    first_ts: int = -1
    last_ts: int = 0
    session: Session | None = None

    def load(self, name: str, word: str | None) -> Chisel:
        cls = find(name)
        args = parse_args(cls, word)
        ch = cls(self.ctx, self.out)
        ch.session = self.session if self.session is not None else Session()
        ch.on_init(args)
        self.running.append(_Running(ch))
        return ch

    def _call(self, r: _Running, hook: str, *a: object) -> object:
        if r.failed:
            return None
        try:
            return getattr(r.chisel, hook)(*a)
        except Exception as exc:  # noqa: BLE001 - a chisel's bug must not stop the others
            r.failed = True
            self.out.flush()
            print(f"chisel {r.chisel.name}: {hook} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            return None

    def on_event(self, evt: Event) -> None:
        if self.first_ts < 0:
            self.first_ts = evt.ts
            for r in self.running:
                self._call(r, "on_capture_start")
        self.last_ts = evt.ts
        for r in self.running:
            if r.failed:
                continue
            r.chisel.evt = evt
            self._interval(r, evt.ts)
            flt = r.chisel.filter
            if flt is not None:
                try:
                    if not flt(evt):
                        continue
                except Exception:  # noqa: BLE001
                    continue
            if self._call(r, "on_event", evt) and r.chisel.formatter is not None:
                line = r.chisel.formatter.format(evt)
                if line is not None:
                    self.out.line(line)

    def _interval(self, r: _Running, ts: int) -> None:
        """libs' sinsp_chisel::do_timeout: the first event only sets the sample time."""
        iv = r.chisel.interval_ns
        if not iv:
            return
        sample = ts - ts % iv
        if r.last_sample < 0:
            r.last_sample = sample
            return
        if sample == r.last_sample:
            return
        delta = ts - r.last_interval_ts if r.last_interval_ts else 0
        if r.last_interval_ts and delta == 0:
            return
        self._call(r, "on_interval", ts, delta)
        r.last_sample = sample
        r.last_interval_ts = ts

    def tally_ready(self) -> bool:
        """Every chisel only counts events by evt.type under filters on ids (TableChisel.tally_test)."""
        return bool(self.running) and all(
            getattr(r.chisel, "tally_test", lambda: None)() is not None for r in self.running)

    def feed_tally(self, rows: list[Row], keep: Callable[[str, str], bool]) -> None:
        """Hand the chisels event counts by id instead of the events (rows in first-event order);
        ``keep`` is the command line's filter on (evt.type, evt.dir)."""
        counts = [(r.name, r.direction, r.count, r) for r in rows if keep(r.name, r.direction)]
        if not counts:
            return
        self.first_ts = counts[0][3].first_ts
        self.last_ts = max(counts, key=lambda c: c[3].last_num)[3].last_ts
        for r in self.running:
            self._call(r, "on_capture_start")
        for r in self.running:
            self._call(r, "add_tally", [c[:3] for c in counts])

    def finish(self) -> None:
        if self.first_ts < 0:
            for r in self.running:
                self._call(r, "on_capture_start")
        delta = self.last_ts - self.first_ts if self.first_ts >= 0 else 0
        for r in self.running:
            self._call(r, "on_capture_end", self.last_ts, delta)
        self.out.flush()


# ---- listings -----------------------------------------------------------------------------------
def list_chisels() -> list[str]:
    by_cat: dict[str, list[type[Chisel]]] = {}
    for cls in discover().values():
        if not cls.hidden or cls.category:
            by_cat.setdefault(cls.category, []).append(cls)
    lines: list[str] = []
    for cat in sorted(by_cat):
        lines += ["", f"Category: {cat}", "-" * (len(cat) + 10)]
        for cls in sorted(by_cat[cat], key=lambda c: c.name):
            lines += _name_row(cls)
    lines += ["", "Use the -i flag to get detailed information about a specific chisel"]
    return lines


def _name_row(cls: type[Chisel]) -> list[str]:
    """``name<pad16>short description``, the description cut every 63 characters."""
    chunks = _hard_wrap(cls.short_description, 63)
    if len(cls.name) < 16:
        first = [cls.name.ljust(16) + chunks[0]]
        return first + [" " * 16 + c for c in chunks[1:]]
    return [cls.name] + [" " * 16 + c for c in chunks]


def _hard_wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def chisel_info(name: str) -> list[str]:
    cls = find(name)
    lines = ["", f"Category: {cls.category}", "-" * (len(cls.category) + 10), *_name_row(cls), ""]
    lines += _hard_wrap(cls.description, 79)
    lines.append("Args:")
    if not cls.args:
        lines.append("(None)")
    for a in cls.args:
        chunks = _hard_wrap(f"[{a.argtype}] {a.name} - {a.description}", 63)
        lines += [chunks[0]] + [" " * 16 + c for c in chunks[1:]]
    if cls.args:
        lines.append("")
    return lines


# ---- running without the CLI -------------------------------------------------------------------
def run_chisels(capture_path: str, specs: list[tuple[str, str | None]], filter_text: str | None = None,
                json_out: bool = False) -> str:
    from sysdigpy.events.render import Renderer
    from sysdigpy.pipeline import Pipeline
    from sysdigpy.pipeline import RunOptions
    from sysdigpy.probe.scapfile import read_capture

    ctx = FieldContext(json=json_out)
    ctx.renderer = Renderer(None, "json" if json_out else ctx.bufmt, 0)
    out = Output()
    mgr = ChiselManager(ctx, out, session=Session((capture_path,), filter_text or "", is_tty=False))
    for name, word in specs:
        mgr.load(name, word)
    pipeline = Pipeline(ctx, RunOptions(quiet=True), observers=[mgr])
    if filter_text:
        from sysdigpy.filter.compiler import compile_filter

        pipeline.predicate = compile_filter(filter_text, ctx)
    pipeline.run(read_capture(capture_path))
    mgr.finish()
    return out.getvalue().decode("utf-8", "surrogateescape")
