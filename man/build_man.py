"""Generate man/sysdigpy.8 (roff, section 8) from the code, so that the manual is never typed twice.

Generated parts: SYNOPSIS and OPTIONS (the click command ``sysdigpy.cli.command``), EXAMPLES (its
epilog), FIELDS (the field registry), CHISELS (the built-in chisels), EVENTS (``-L``) and EXIT STATUS
(``sysdigpy.errors.ExitStatus``).  Hand-written prose lives in ``man/sections/*.txt`` in a small
markup (see :func:`prose_to_roff`).  The output is deterministic: no date, the version is
``sysdigpy.__version__``.

Usage::

    python man/build_man.py            # rewrite man/sysdigpy.8
    python man/build_man.py --check    # exit 1 when man/sysdigpy.8 is stale
"""

from __future__ import annotations

import inspect
import io
import re
import sys
import tokenize
from collections.abc import Callable
from collections.abc import Iterable
from pathlib import Path

import click

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTIONS = HERE / "sections"
PAGE = HERE / "sysdigpy.8"

if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

# What each exit status means; a member missing here falls back to its comment in errors.py.
EXIT_STATUS_TEXT: dict[str, str] = {
    "OK": "Success (also when the output pipe was closed early, as with `| head`).",
    "ERROR": "A capture that cannot be read (every event before the damage is printed first), "
             "an unknown chisel, or another runtime error.",
    "USAGE": "A usage error: bad option, filter or `-p` format. Nothing was read.",
    "NO_PERMISSION": "Live capture without root (or CAP_BPF).",
    "NO_BCC": "Live capture, but the BCC Python bindings are missing.",
    "NO_HEADERS": "Live capture, but there are no kernel headers to compile the probe.",
    "PROBE_FAILED": "Live capture, but the kernel refused the probe.",
    "INTERRUPTED": "Interrupted (Ctrl-C, SIGINT).",
}

FLAG_TEXT: dict[str, str] = {
    "arg_required": "takes an argument",
    "arg_allowed": "takes an optional argument",
    "arg_index": "the argument is a number",
    "arg_dotted": "the argument may follow a dot",
    "filter_only": "filters only, not -p",
    "print_only": "-p only, not filters",
    "any_ancestor": "without argument a filter matches any ancestor",
    "hidden": "not listed by sysdig -l",
}


# ---- roff escaping and inline markup --------------------------------------------------------------
def esc(text: str) -> str:
    """Escape plain text for roff: backslashes, minus signs, non-ASCII characters."""
    out = text.replace("\\", "\\e").replace("-", "\\-")
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in out)


def line_safe(text: str) -> str:
    """A roff text line must not start with a control character."""
    return "\\&" + text if text.startswith((".", "'")) else text


def bold(text: str) -> str:
    return f"\\fB{esc(text)}\\fR"


def italic(text: str) -> str:
    return f"\\fI{esc(text)}\\fR"


def macro_arg(text: str) -> str:
    """A quoted macro argument."""
    return '"' + esc(text).replace('"', "\\(dq") + '"'


_INLINE = re.compile(r"`([^`]+)`|\*([^*\s](?:[^*]*[^*\s])?)\*")


def inline(text: str) -> str:
    """```code``` -> bold, ``*word*`` -> italic, everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(esc(text[pos:m.start()]))
        out.append(bold(m.group(1)) if m.group(1) is not None else italic(m.group(2)))
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def literal_block(lines: Iterable[str]) -> list[str]:
    return [".PP", ".EX", *(line_safe(esc(ln)) for ln in lines), ".EE"]


# ---- hand-written prose ---------------------------------------------------------------------------
def prose_to_roff(text: str) -> list[str]:
    """Convert the markup of man/sections/*.txt to roff.

    ``# TITLE`` starts a section, ``## Title`` a subsection.  Blocks are separated by blank
    lines: a block of lines indented by 4 spaces is shown verbatim; a block starting with
    ``@ term`` is a tagged paragraph (the term, then the rest of the block); a block of
    ``- `` items is a bullet list; any other block is a paragraph.  Inline: ```code```
    (bold) and ``*word*`` (italic).
    """
    out: list[str] = []
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        if raw.strip():
            blocks[-1].append(raw.rstrip())
        elif blocks[-1]:
            blocks.append([])
    for block in blocks:
        if not block:
            continue
        first = block[0]
        if first.startswith("# "):
            out.append(f".SH {macro_arg(first[2:].strip())}")
            block = block[1:]
        elif first.startswith("## "):
            out.append(f".SS {macro_arg(first[3:].strip())}")
            block = block[1:]
        if not block:
            continue
        first = block[0]
        if all(ln.startswith("    ") for ln in block):
            out += literal_block(ln[4:] for ln in block)
        elif first.startswith("@ "):
            out += [".TP", line_safe(inline(first[2:].strip()))]
            out += [line_safe(inline(ln.strip())) for ln in block[1:]]
        elif first.startswith("- "):
            items: list[list[str]] = []
            for ln in block:
                if ln.startswith("- "):
                    items.append([ln[2:].strip()])
                else:
                    items[-1].append(ln.strip())
            for item in items:
                out += [".IP \\(bu 2", line_safe(inline(" ".join(item)))]
        else:
            out.append(".PP")
            out += [line_safe(inline(ln.strip())) for ln in block]
    return out


def section_file(name: str) -> Callable[[], list[str]]:
    def render() -> list[str]:
        return prose_to_roff((SECTIONS / name).read_text(encoding="utf-8"))

    render.__name__ = f"prose_{name}"
    return render


# ---- generated sections ---------------------------------------------------------------------------
def _context() -> click.Context:
    from sysdigpy.cli import command

    return click.Context(command, info_name="sysdigpy", **command.context_settings)


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    try:
        return param.make_metavar(ctx)  # type: ignore[call-arg]  # click >= 8.2
    except TypeError:
        return param.make_metavar()  # type: ignore[call-arg]  # click 8.1


def click_options() -> list[click.Option]:
    """Every option of the command, --help included."""
    from sysdigpy.cli import command

    return [p for p in command.get_params(_context()) if isinstance(p, click.Option)]


def synopsis() -> list[str]:
    from sysdigpy.cli import command

    ctx = _context()
    args = [p for p in command.params if isinstance(p, click.Argument)]
    words = ["[\\fIOPTION\\fR]...", "[\\fB\\-c\\fR \\fICHISEL\\fR [\\fIARGS\\fR]]..."]
    for a in args:
        if a.name == "filter_words":
            words.append("[\\fIFILTER\\fR]...")
        else:
            words.append(italic(_metavar(a, ctx)))
    return [".SH SYNOPSIS", ".SY sysdigpy", *words, ".YS"]


def options() -> list[str]:
    from sysdigpy.cli import command

    ctx = _context()
    out = [".SH OPTIONS"]
    for p in command.get_params(ctx):
        if not isinstance(p, click.Option) or p.hidden:
            continue
        metavar = "" if p.is_flag or p.count else _metavar(p, ctx)
        names = [*p.opts, *p.secondary_opts]
        tag = ", ".join(bold(n) + (" " + italic(metavar) if metavar else "") for n in names)
        out += [".TP", tag]
        help_text = inspect.cleandoc(p.help or "")
        if isinstance(p.type, click.Choice) and p.default is not None and not callable(p.default):
            help_text += f" Default: `{p.default}`."
        if p.multiple:
            help_text += " May be given several times."
        out += [line_safe(inline(ln.strip())) for ln in help_text.splitlines() if ln.strip()]
    out += section_file("35-chisel-options.txt")()
    return out


def examples() -> list[str]:
    """The examples of the --help epilog: ``  command   description`` lines after ``Examples:``."""
    from sysdigpy.cli import command

    out = [".SH EXAMPLES"]
    started = False
    for raw in inspect.cleandoc(command.epilog or "").splitlines():
        line = raw.rstrip()
        if line.strip() in ("\b", ""):
            continue
        if line.strip().endswith(":") and not started:
            started = True
            continue
        m = re.match(r"^\s*(\S.*?\S)(?:\s{2,}(\S.*))?$", line)
        if not m:
            continue
        cmd, desc = m.group(1), m.group(2)
        if desc:
            out += [".TP", line_safe(bold(cmd)), line_safe(inline(desc[0].upper() + desc[1:] + "."))]
        else:
            out += [".PP", line_safe(bold(cmd))]
    return out


def fields() -> list[str]:
    from sysdigpy.fields import registry

    all_fields = registry.all_fields()
    out = [".SH FIELDS",
           ".PP",
           "Fields are used in filters and in \\fB\\-p\\fR formats (\\fB%\\fR\\fIfield\\fR). "
           "Each is listed with its value type; \\fIARG\\fR is written in brackets "
           "(\\fBproc.aname[2]\\fR) or, where noted, after a dot (\\fBevt.arg.name\\fR)."]
    by_class: dict[str, list[registry.FieldInfo]] = {}
    for f in all_fields:
        by_class.setdefault(f.cls, []).append(f)
    from sysdigpy.fields.listing import CLASS_ORDER

    # sysdig's class order, then any other class by name: the page must not depend on import order
    keys = [k for k in CLASS_ORDER if k in by_class] + sorted(k for k in by_class if k not in CLASS_ORDER)
    for key in keys:
        fc = registry.CLASSES.get(key)
        title = f"Field class: {fc.name}" if fc else f"Field class: {key}"
        if fc and fc.qualifier:
            title += f" ({fc.qualifier})"
        out.append(f".SS {macro_arg(title)}")
        if fc and fc.desc:
            out += [".PP", line_safe(inline_plain(fc.desc))]
        for f in by_class[key]:
            ftype = f.ftype[3:] if f.ftype.startswith("PT_") else f.ftype
            tag = bold(f.name)
            if registry.ARG_REQUIRED in f.flags:
                tag += "[\\fIARG\\fR]"
            elif registry.ARG_ALLOWED in f.flags:
                tag += "[[\\fIARG\\fR]]"
            out += [".TP", f"{tag} ({italic(ftype)})"]
            desc = f.desc.strip() or "(no description)"
            notes = [FLAG_TEXT.get(fl, fl) for fl in sorted(f.flags)
                     if fl not in (registry.ARG_REQUIRED, registry.ARG_ALLOWED)]
            if notes:
                desc += f" [{'; '.join(notes)}]"
            out.append(line_safe(inline_plain(desc)))
    return out


def inline_plain(text: str) -> str:
    """Registry text: no markup, only escaping; one line; very long words get break points."""
    return " ".join("\\:".join(esc(w[i:i + 40]) for i in range(0, len(w), 40)) for w in text.split())


def chisels() -> list[str]:
    from sysdigpy.chisels import manager

    # only the chisels shipped with sysdigpy: user directories and other packages vary by machine
    found = [c for c in manager.discover().values() if c.__module__.startswith("sysdigpy.chisels.")]
    out = [".SH CHISELS",
           ".PP",
           "The built-in chisels, run with \\fB\\-c\\fR \\fINAME\\fR [\\fIARGS\\fR] "
           "(\\fB\\-cl\\fR lists every chisel found, \\fB\\-i\\fR \\fINAME\\fR describes one). "
           "Several arguments are given as one word, separated by blanks."]
    by_cat: dict[str, list[type]] = {}
    for c in found:
        if not c.hidden or c.category:
            by_cat.setdefault(c.category, []).append(c)
    for cat in sorted(by_cat):
        out.append(f".SS {macro_arg(cat or 'misc')}")
        for c in sorted(by_cat[cat], key=lambda c: c.name):
            out += [".TP", bold(c.name), line_safe(inline_plain(c.short_description or c.name))]
            if c.description and c.description.strip() != (c.short_description or "").strip():
                out += [".IP", line_safe(inline_plain(c.description))]
            for a in c.args:
                opt = " (optional)" if getattr(a, "optional", False) else ""
                out += [".IP", f"{italic(a.name)} [{esc(a.argtype)}]{esc(opt)}: {inline_plain(a.description)}"]
    return out


def events() -> list[str]:
    from sysdigpy.events.listing import list_events

    return [".SH EVENTS",
            ".PP",
            "The events sysdigpy knows, as \\fB\\-L\\fR prints them: \\fB>\\fR is the enter event, "
            "\\fB<\\fR the exit event, and the parameters are those \\fBevt.arg\\fR reads.",
            ".PD 0",
            *(line for sig in list_events() for line in _event_entry(sig)),
            ".PD"]


def _event_entry(signature: str) -> list[str]:
    """``> open(FSPATH name, ...)`` as a hanging paragraph; a type and its name never split."""
    direction, _, rest = signature.partition(" ")
    name, _, params = rest.partition("(")
    params = ", ".join("\\ ".join(esc(w) for w in p.split(" ")) for p in params.rstrip(")").split(", ") if p)
    return [f".IP {esc(direction)} 2", f"{bold(name)}({params})"]


def _member_comments() -> dict[str, str]:
    from sysdigpy import errors

    comments: dict[str, str] = {}
    src = inspect.getsource(errors.ExitStatus)
    last_name = ""
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.NAME and tok.start[1] == 4:
            last_name = tok.string
        elif tok.type == tokenize.COMMENT and last_name:
            comments[last_name] = tok.string.lstrip("# ").strip()
        elif tok.type == tokenize.NEWLINE:
            last_name = ""
    return comments


def exit_status() -> list[str]:
    from sysdigpy.errors import ExitStatus

    comments = _member_comments()
    out = [".SH \"EXIT STATUS\""]
    for member in ExitStatus:
        text = EXIT_STATUS_TEXT.get(member.name) or comments.get(member.name)
        if not text:
            raise SystemExit(f"build_man: document ExitStatus.{member.name} in EXIT_STATUS_TEXT")
        if not text.endswith("."):
            text = text[0].upper() + text[1:] + "."
        out += [".TP", f"\\fB{int(member)}\\fR ({esc(member.name)})", line_safe(inline(text))]
    return out


def title() -> list[str]:
    from sysdigpy import __version__

    return [
        '.\\" Generated by man/build_man.py from the sysdigpy sources: do not edit.',
        '.\\" Regenerate with: python man/build_man.py',
        ".nr HY 0",  # no hyphenation: field names and options must stay whole (an.tmac reads HY)
        f'.TH SYSDIGPY 8 "" {macro_arg("sysdigpy " + __version__)} "System Manager\'s Manual"',
        ".nh",
        ".ad l",
    ]


PARTS: list[Callable[[], list[str]]] = [
    title,
    section_file("10-name.txt"),
    synopsis,
    section_file("20-description.txt"),
    options,
    section_file("40-filters.txt"),
    section_file("50-output.txt"),
    fields,
    chisels,
    events,
    examples,
    exit_status,
    section_file("85-completion.txt"),
    section_file("90-files.txt"),
    section_file("92-differences.txt"),
    section_file("99-see-also.txt"),
]


def render() -> str:
    lines: list[str] = []
    for part in PARTS:
        lines += part()
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    page = render()
    if "--check" in args:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            sys.stderr.write(f"{PAGE} is stale: run python man/build_man.py\n")
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
