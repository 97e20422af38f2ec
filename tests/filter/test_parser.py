"""Example-based tests of the filter parser (sysdigpy.filter.parser)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sysdigpy.filter.ast import BINARY_OPERATORS
from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not
from sysdigpy.filter.ast import Or
from sysdigpy.filter.errors import FilterError
from sysdigpy.filter.errors import FilterSyntaxError
from sysdigpy.filter.parser import MAX_DEPTH
from sysdigpy.filter.parser import parse

SHARED = Path(__file__).parents[2].parent / "shared"
ORACLE = SHARED / "oracle" / "filter-examples.tsv"


def eq(field: str, value: str, op: str = "=", arg: str | None = None) -> Check:
    return Check(field, arg, op, value)


A, B, C = eq("a.a", "1"), eq("b.b", "2"), eq("c.c", "3")


# --- operators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "spacing"),
    [(op, " ") for op in BINARY_OPERATORS] + [(op, "") for op in BINARY_OPERATORS if not op.isalpha()],
)
def test_every_binary_operator(op: str, spacing: str) -> None:
    assert parse(f"fd.name{spacing}{op}{spacing}/etc") == eq("fd.name", "/etc", op)


def test_double_equals_is_normalised() -> None:
    assert parse("evt.type==open") == eq("evt.type", "open")
    assert parse("evt.type == open") == eq("evt.type", "open")


@pytest.mark.parametrize("op", ["in", "intersects", "pmatch"])
def test_every_list_operator(op: str) -> None:
    assert parse(f"fd.name {op} (/etc, /usr/lib)") == Check("fd.name", None, op, ("/etc", "/usr/lib"))
    assert parse(f"fd.name {op}(/etc,/usr/lib)") == Check("fd.name", None, op, ("/etc", "/usr/lib"))


def test_exists() -> None:
    assert parse("proc.name exists") == Check("proc.name", None, "exists", None)
    assert parse("(proc.name exists)") == Check("proc.name", None, "exists", None)


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("evt.num<=5", "<="),
        ("evt.num>=5", ">="),
        ("evt.num<5", "<"),
        ("evt.num>5", ">"),
        ("evt.num!=5", "!="),
    ],
)
def test_glued_symbolic_operators(text: str, op: str) -> None:
    assert parse(text) == eq("evt.num", "5", op)


# --- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "/etc", "127.0.0.0/8", "2607:f8b0:4004:802::2004", "<", ">", "-2",
        "O_RDONLY|O_CLOEXEC", "*", "/lib/*/libc*", "=open", "and", "or", "not",
        "exists", "in", "a,b", "x'y", 'x"y', "back\\slash", "1534527348548801997",
    ],
)  # fmt: skip
def test_bare_values(value: str) -> None:
    assert parse(f"x.y = {value}") == eq("x.y", value)


def test_direction_values() -> None:
    assert parse("evt.dir=<") == eq("evt.dir", "<")
    assert parse("evt.dir=>") == eq("evt.dir", ">")
    assert parse("evt.dir!=<") == eq("evt.dir", "<", "!=")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('"GET /"', "GET /"),
        ("'curl -6 http://www.google.com'", "curl -6 http://www.google.com"),
        ('"a\\\\b"', "a\\b"),
        ('"say \\"hi\\""', 'say "hi"'),
        ("'it\\'s'", "it's"),
        ('"it\'s"', "it's"),
        ("'say \"hi\"'", 'say "hi"'),
        ('"\\x47ET /"', "GET /"),
        ('"\\x4a\\x4A"', "JJ"),
        ('"a\\nb"', "a\\nb"),
        ('"\\q"', "\\q"),
        ('""', ""),
        ('"(a, b)"', "(a, b)"),
        ('"and"', "and"),
    ],
)
def test_quoted_values_and_escapes(text: str, value: str) -> None:
    assert parse(f"x.y contains {text}") == eq("x.y", value, "contains")


def test_high_byte_escapes_are_surrogateescaped() -> None:
    check = parse('x.y = "\\xc3\\xa9\\xff"')
    assert isinstance(check, Check) and isinstance(check.value, str)
    assert check.value.encode("utf-8", "surrogateescape") == "é".encode() + b"\xff"


def test_list_values() -> None:
    assert parse("fd.sport in (80, 53)") == Check("fd.sport", None, "in", ("80", "53"))
    assert parse("x.y in ( a ,b ,  c )") == Check("x.y", None, "in", ("a", "b", "c"))
    assert parse("x.y in ('a, b', \"c d\", e)") == Check("x.y", None, "in", ("a, b", "c d", "e"))
    assert parse("x.y in ()") == Check("x.y", None, "in", ())
    assert parse("x.y in (and, or, not, exists)") == Check("x.y", None, "in", ("and", "or", "not", "exists"))


# --- fields ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "arg"),
    [
        ("proc.aname[2]", "proc.aname", "2"),
        ("evt.arg[1]", "evt.arg", "1"),
        ("evt.arg.name", "evt.arg.name", None),
        ("evt.rawarg.res", "evt.rawarg.res", None),
        ("evt.around[1534527348548801997]", "evt.around", "1534527348548801997"),
        ("thread.cgroup.cpuacct", "thread.cgroup.cpuacct", None),
        ("evt.type.is.open", "evt.type.is.open", None),
        ("k8s.pod.label[app]", "k8s.pod.label", "app"),
        ("x.y[a.b/c:d]", "x.y", "a.b/c:d"),
        ('x.y["a b"]', "x.y", "a b"),
        ("x.y['a]b']", "x.y", "a]b"),
        ('x.y["\\x41\\\\"]', "x.y", "A\\"),
        ("span.arg[-1]", "span.arg", "-1"),
        ("Proc_1.Name_2", "Proc_1.Name_2", None),
    ],
)
def test_field_names_and_arguments(text: str, field: str, arg: str | None) -> None:
    assert parse(f"{text}=v") == Check(field, arg, "=", "v")


def test_positions_are_columns_of_fields() -> None:
    text = "  evt.type=open and (not proc.aname[2] exists or fd.sport in (80))"
    checks = _checks(parse(text))
    assert [c.pos for c in checks] == [text.index(f) for f in ("evt.type", "proc.aname", "fd.sport")]


def _checks(node: Node) -> list[Check]:
    if isinstance(node, Check):
        return [node]
    if isinstance(node, Not):
        return _checks(node.child)
    return [c for child in node.children for c in _checks(child)]


# --- boolean structure -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("a.a=1 and b.b=2", And((A, B))),
        ("a.a=1 or b.b=2 or c.c=3", Or((A, B, C))),
        ("a.a=1 and b.b=2 and c.c=3", And((A, B, C))),
        ("a.a=1 or b.b=2 and c.c=3", Or((A, And((B, C))))),
        ("a.a=1 and b.b=2 or c.c=3", Or((And((A, B)), C))),
        ("not a.a=1 and b.b=2", And((Not(A), B))),
        ("not (a.a=1 and b.b=2)", Not(And((A, B)))),
        ("not(a.a=1)", Not(A)),
        ("not not a.a=1", Not(Not(A))),
        ("(a.a=1 and b.b=2) and c.c=3", And((And((A, B)), C))),
        ("a.a=1 and (b.b=2 and c.c=3)", And((A, And((B, C))))),
        ("(a.a=1 or b.b=2) and c.c=3", And((Or((A, B)), C))),
        ("((a.a=1))", A),
        ("a.a=1 and(b.b=2)", And((A, B))),
        ("a.a=1 or(b.b=2)", Or((A, B))),
        ("a.a=1\tand\nb.b=2", And((A, B))),
        ("notx.y=1", eq("notx.y", "1")),
        ("not.x=1", eq("not.x", "1")),
    ],
)
def test_precedence_and_grouping(text: str, tree: Node) -> None:
    assert parse(text) == tree


# --- rendering ---------------------------------------------------------------------------------


ROUND_TRIP = [
    "evt.type=open",
    "evt.type in (open, close) and evt.dir=<",
    "a.a=1 or b.b=2 and not (c.c exists or d.d != 'x y')",
    "not not evt.type=open",
    "(a.a=1 and b.b=2) and c.c=3",
    "(a.a=1 or b.b=2) or c.c=3",
    'x.y contains "\\x01\\xff\\\\\\"" and x.z["a b"] pmatch ("c,d", e)',
    'x.y = "" and x.z in ()',
    "x.y <= =x",
    "evt.arg.flags contains O_RDONLY|O_CLOEXEC",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_str_round_trip(text: str) -> None:
    node = parse(text)
    rendered = str(node)
    assert parse(rendered) == node
    assert str(parse(rendered)) == rendered


def test_str_canonical_form() -> None:
    assert str(parse("a.a=1 or b.b=2 and c.c=3")) == "a.a = 1 or (b.b = 2 and c.c = 3)"
    assert str(parse("not(a.a=1 or b.b=2)")) == "not (a.a = 1 or b.b = 2)"
    assert str(parse("x.y in (a,'b c')")) == 'x.y in (a, "b c")'
    assert str(parse("proc.aname[2] exists")) == "proc.aname[2] exists"


def test_dump() -> None:
    assert parse("not a.a=1 and b.b exists").dump() == ("And\n  Not\n    Check a.a = 1 @4\n  Check b.b exists @14")


def test_node_validation() -> None:
    with pytest.raises(ValueError):
        And((A,))
    with pytest.raises(ValueError):
        Check("a.b", None, "~", "x")
    with pytest.raises(TypeError):
        Check("a.b", None, "in", "x")
    with pytest.raises(TypeError):
        Check("a.b", None, "exists", "x")


def test_pos_not_part_of_equality() -> None:
    assert Check("a.b", None, "=", "1", pos=0) == Check("a.b", None, "=", "1", pos=9)
    assert hash(Check("a.b", None, "=", "1", pos=0)) == hash(Check("a.b", None, "=", "1", pos=9))


# --- errors ------------------------------------------------------------------------------------


ERRORS = [
    # (filter, 0-based column, message fragment)
    ("", 0, "empty filter"),
    ("   ", 0, "empty filter"),
    ("evt.type ~ open", 9, "unknown operator '~'"),
    ("evt.type bcontainsx 6f70", 9, "unknown operator 'bcontainsx'"),
    ("evt.type open", 9, "unknown operator 'open'"),
    ("evt.buffer contains GET /", 24, "quote values that contain spaces"),
    ("(evt.type=open", 0, "'(' is never closed"),
    ("a.a=1 and ((b.b=2) or c.c=3", 10, "'(' is never closed"),
    ("evt.type=open)", 13, "')' has no matching '('"),
    ("()", 1, "empty parentheses"),
    ("a.a=1 and )", 10, "unexpected ')'"),
    ("x.y in (a, b", 7, "list is never closed"),
    ("x.y in (a,)", 10, "missing value in list"),
    ("x.y in (,a)", 8, "missing value in list"),
    ("x.y in (a b)", 10, "expected ',' or ')'"),
    ("x.y in a", 7, "expected '(' after 'in'"),
    ("x.y intersects", 14, "expected '(' after 'intersects'"),
    ("evt.type=", 9, "missing value after operator '='"),
    ("evt.type = ", 10, "missing value after operator '='"),
    ("(evt.type=)", 10, "missing value after operator '='"),
    ("fd.name contains", 16, "missing value after operator 'contains'"),
    ("x.y = (a)", 6, "takes one value, not a list"),
    ('fd.name = "/etc', 10, "unterminated quoted string"),
    ("fd.name = 'it\\'", 10, "unterminated quoted string"),
    ('x.y in ("a, b)', 8, "unterminated quoted string"),
    ('x.y = "\\x4"', 7, "\\x needs two hex digits"),
    ('x.y = "ab\\xZZ"', 9, "\\x needs two hex digits"),
    ('x.y["\\x"]=1', 5, "\\x needs two hex digits"),
    ("a.a=1 && b.b=2", 6, "use 'and'"),
    ("a.a=1 || b.b=2", 6, "use 'or'"),
    ("!a.a=1", 0, "use 'not'"),
    ("a.a=1 and !b.b=2", 10, "use 'not'"),
    ("a.a=1 and", 9, "missing expression after 'and'"),
    ("a.a=1 or ", 8, "missing expression after 'or'"),
    ("not", 3, "missing expression after 'not'"),
    ("and a.a=1", 0, "missing expression before 'and'"),
    ("a.a=1 and or b.b=2", 10, "missing expression before 'or'"),
    ("a.a=1 not b.b=2", 6, "missing 'and' or 'or' before 'not'"),
    ("a.a exists b.b=1", 11, "expected 'and', 'or' or the end"),
    ("foo=bar", 0, "invalid field name 'foo'"),
    ("evt.=open", 0, "invalid field name 'evt.'"),
    ("evt.type", 8, "missing operator after field 'evt.type'"),
    ("evt.type (open)", 9, "missing operator after field 'evt.type'"),
    ("proc.aname[2 = x", 10, "invalid field argument"),
    ("evt.arg[]=1", 7, "invalid field argument"),
    ('"evt.type=open"', 0, "quoted string"),
    ("AND.x=1 AND b.b=2", 8, "unexpected 'AND' after value '1'"),
    ("evt.type=open and(", 18, "missing expression after '('"),
]


@pytest.mark.parametrize(("text", "column", "fragment"), ERRORS)
def test_syntax_errors(text: str, column: int, fragment: str) -> None:
    with pytest.raises(FilterSyntaxError) as info:
        parse(text)
    err = info.value
    assert fragment in err.message
    assert (err.column, err.text) == (column, text)
    assert str(err) == f"filter error at column {column + 1}: {err.message}"


def test_too_deep_nesting() -> None:
    parse("not " * (MAX_DEPTH - 1) + "a.a=1")
    with pytest.raises(FilterSyntaxError, match="nested too deeply"):
        parse("not " * MAX_DEPTH + "a.a=1")
    with pytest.raises(FilterSyntaxError, match="nested too deeply"):
        parse("(" * 5000 + "a.a=1 and b.b=2" + ")" * 5000 + " and " + "not " * 5000 + "c.c=3")


def test_filter_error_rendering() -> None:
    err = FilterError("unknown field 'foo.bar'", "foo.bar = 1", 0)
    assert str(err) == "filter error at column 1: unknown field 'foo.bar'"
    assert err.caret() == "foo.bar = 1\n^"
    with pytest.raises(FilterSyntaxError) as info:
        parse("evt.type ~ open")
    assert info.value.caret() == "evt.type ~ open\n         ^"
    assert isinstance(info.value, FilterError)


def test_caret_replaces_control_characters() -> None:
    with pytest.raises(FilterSyntaxError) as info:
        parse("a.a=1\tb")
    assert info.value.caret() == "a.a=1 b\n      ^"


# --- the sysdig 0.29.3 oracle ------------------------------------------------------------------


def _oracle_rows() -> list[dict[str, str]]:
    assert ORACLE.is_file(), f"missing shared oracle {ORACLE}"
    with ORACLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_oracle_is_present() -> None:
    assert len(_oracle_rows()) > 50


@pytest.mark.parametrize("row", [r for r in _oracle_rows() if r["rc"] == "0"], ids=lambda r: r["id"])
def test_oracle_accepted_filters_parse(row: dict[str, str]) -> None:
    node = parse(row["filter"])
    assert parse(str(node)) == node


# Rejected by 0.29.3 but valid syntax in current libs: the compiler reports these (or evaluates them).
LIBS_ACCEPTS = {
    "F53": eq("evt.type", "open"),
    "F54": Check("evt.type", None, "intersects", ("open",)),
    "F55": eq("evt.type", "6f70", "bcontains"),
    "F56": Or((eq("evt.type", "open"), And((eq("evt.type", "close"), eq("proc.name", "x"))))),
    "F57": eq("thread.tid", "proc.pid", "!="),
    "F58": eq("fd.net", "2607:f8b0::/32"),
}


def test_oracle_rejected_filters() -> None:
    rows = {r["id"]: r for r in _oracle_rows() if r["rc"] != "0"}
    for ident, tree in LIBS_ACCEPTS.items():
        assert parse(rows[ident]["filter"]) == tree, ident
    with pytest.raises(FilterSyntaxError) as info:
        parse(rows["F59"]["filter"])
    assert info.value.column == 24  # sysdig: "filter error at position 24: syntax error in filter"
