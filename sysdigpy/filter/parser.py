r"""Parse stage of the filter: text -> AST (``sysdigpy.filter.ast``).

The grammar (``grammar.lark``, LALR(1) with lark's contextual lexer) is the one
of current falcosecurity/libs, a superset of sysdig 0.29.3's.  This module only
checks syntax; fields, argument validity and operator/type compatibility are
the compiler's job (it raises :class:`~sysdigpy.filter.errors.FilterError`).

EBNF
----
::

    Filter      ::= OrExpr
    OrExpr      ::= AndExpr ('or' AndExpr)*
    AndExpr     ::= NotExpr ('and' NotExpr)*
    NotExpr     ::= 'not' NotExpr | Atom
    Atom        ::= Check | '(' OrExpr ')'
    Check       ::= Field BinaryOp Value
                  | Field ListOp '(' [ListValue (',' ListValue)*] ')'
                  | Field 'exists'
    Field       ::= FieldName ('[' FieldArg ']')?
    FieldName   ::= [A-Za-z][A-Za-z0-9_]* ('.' [A-Za-z][A-Za-z0-9_]*)+
    FieldArg    ::= QuotedStr | [^ blank [ ] " ']+
    BinaryOp    ::= '=' | '==' | '!=' | '<' | '<=' | '>' | '>='
                  | 'contains' | 'icontains' | 'bcontains'
                  | 'startswith' | 'bstartswith' | 'endswith' | 'glob' | 'iglob'
    ListOp      ::= 'in' | 'intersects' | 'pmatch'
    Value       ::= QuotedStr | [^ blank ( ) " '] [^ blank ( )]*
    ListValue   ::= QuotedStr | [^ blank ( ) " ' ,] [^ blank ( ) ,]*
    QuotedStr   ::= '"' ( '\' any | [^"\] )* '"'  |  "'" ( '\' any | [^'\] )* "'"

Blanks between tokens are free and optional around symbolic operators
(``evt.type=open`` = ``evt.type = open``).  Keywords (``and or not in
intersects pmatch exists`` and the word operators) are case-sensitive and must
be followed by a blank, a parenthesis, a quote (word operators) or the end.
Precedence: ``not`` > ``and`` > ``or``; and/or may be mixed freely.

Values
------
* Bare values run to the next blank or parenthesis (inside lists also to a
  comma), so ``/etc``, ``127.0.0.0/8``, ``2607:f8b0:4004:802::2004``, ``<``,
  ``-2``, ``O_RDONLY|O_CLOEXEC``, ``*``, and even ``and`` are plain values; no
  escape processing is done in them.
* Quoted values (``"..."`` or ``'...'``, closed by the same quote kind) may hold
  blanks.  Escapes: ``\\`` -> ``\``, ``\"`` -> ``"``, ``\'`` -> ``'``, ``\xHH`` ->
  the byte HH; any other ``\c`` stays as the two characters; a ``\x`` without
  two hex digits is an error.  AST values are ``str``: bytes 0x80-0xFF written
  as ``\xHH`` become lone surrogates U+DC80-U+DCFF, so
  ``value.encode("utf-8", "surrogateescape")`` yields exactly the bytes sysdig
  compares.  Values are canonical: escaped bytes that form valid UTF-8 are
  decoded, so ``"\xc3\xa9"`` and ``"é"`` give equal values (and equal bytes).
* Field arguments (``proc.aname[2]``, ``evt.arg[1]``,
  ``evt.around[1534527348548801997]``, ``x.y["a b"]``) are kept as strings in
  ``Check.arg``; dotted arguments (``evt.arg.name``, ``evt.rawarg.res``,
  ``evt.type.is.open``, ``thread.cgroup.cpuacct``) stay part of ``Check.field``
  and are resolved by the compiler against the field registry.

Operator semantics (applied by the compiler/evaluator)
------------------------------------------------------
``=``/``==`` equal (``==`` is normalised to ``=`` in the AST); ``!=`` not equal;
``< <= > >=`` numeric on numeric fields, lexicographic on strings;
``contains``/``icontains`` substring (case-insensitive for ``i``);
``bcontains``/``bstartswith`` binary substring/prefix, the value being hex
digits (``bcontains 474554``); ``startswith``/``endswith`` prefix/suffix;
``glob``/``iglob`` fnmatch-style, ``*`` crossing ``/`` (``iglob`` ignores case);
``in`` membership in the list; ``intersects`` (list-valued fields) shares an
element with the list; ``pmatch`` path-prefix match (equal to or under one of
the listed directories); ``exists`` the field can be extracted for the event.

Differences from sysdig 0.29.3 (its old hand-written parser); we follow libs
------------------------------------------------------------------------------
* ``intersects`` is broken in 0.29.3 (lexed as ``in`` + junk: "expected '('
  after 'in/intersects/pmatch' operand"); here it works.
* ``bcontains``, ``bstartswith``, ``==`` and ``iglob`` do not exist in 0.29.3
  (``evt.type==open`` there compares against ``=open``).
* 0.29.3 rejects mixing ``and``/``or`` at one parenthesis level ("expression
  mixes 'and' and 'or' in an ambiguous way"); here ``and`` binds tighter.
* 0.29.3 evaluates ``not not X`` as ``not X``; here it is ``X``.
* 0.29.3 lets either quote kind close a quoted string; here only the same kind.
* Current libs additionally restricts bare values (no ``=``/``,``), numeric
  operators to numbers, and uses C-style escapes (``\n``...) without ``\xHH``;
  we keep 0.29.3's free-form bare values and escapes, which the corpus filters
  and user habits rely on.  Field transformers (``tolower(...)``) and macro/list
  identifiers of Falco rules are not supported.

Errors
------
``parse`` raises :class:`FilterSyntaxError` (``text``, 0-based ``column``), e.g.
``evt.type ~ open`` -> "unknown operator '~'" at the ``~``; ``a.b=1 && c.d=2``
-> "'&&' is not supported: use 'and'"; ``evt.buffer contains GET /`` -> points
at ``/`` asking to quote the value; unbalanced parentheses point at the
unmatched one; unterminated quotes at the opening quote; an empty filter,
a missing value, a missing expression after ``and``/``or``/``not`` and too deep
nesting (more than :data:`MAX_DEPTH` levels) are reported too.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lark import Lark
from lark import Token
from lark import Transformer
from lark.exceptions import UnexpectedInput
from lark.exceptions import UnexpectedToken
from lark.exceptions import VisitError
from lark.parsers.lalr_interactive_parser import InteractiveParser

from sysdigpy.filter.ast import And
from sysdigpy.filter.ast import Check
from sysdigpy.filter.ast import Node
from sysdigpy.filter.ast import Not
from sysdigpy.filter.ast import Or
from sysdigpy.filter.errors import FilterSyntaxError

__all__ = ["MAX_DEPTH", "FilterSyntaxError", "parse"]

MAX_DEPTH = 100
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|x|[\s\S])")


class _EscapeError(Exception):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def _unescape(token: Token) -> str:
    """Body of a QUOTED token with its escapes decoded (see module docstring)."""
    body, start = token.value[1:-1], token.start_pos + 1

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "x":
            raise _EscapeError("invalid escape sequence: \\x needs two hex digits", start + match.start())
        if code.startswith("x"):
            byte = int(code[1:], 16)
            return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)
        return code if code in "\\\"'" else match.group(0)

    return _ESCAPE.sub(replace, body)


def _canonical(value: str) -> str:
    """Merge surrogate-escaped bytes that form valid UTF-8 (``"\\xc3\\xa9"`` -> ``"é"``)."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # lone surrogates outside U+DC80-U+DCFF: leave as given
        return value


def _string(token: Token) -> str:
    return _canonical(_unescape(token) if token.type == "QUOTED" else str(token.value))


def _field(token: Token) -> tuple[str, str | None]:
    name, bracket, rest = token.value.partition("[")
    if not bracket:
        return name, None
    arg = rest[:-1]
    if arg[:1] in ("'", '"'):
        quoted = Token("QUOTED", arg, start_pos=token.start_pos + len(name) + 1)
        return name, _string(quoted)
    return name, _canonical(arg)


def _operands(children: list[Node | Token]) -> tuple[Node, ...]:
    return tuple(c for c in children if not isinstance(c, Token))


class _ToAst(Transformer[Token, Node]):
    """Builds AST nodes during the LALR parse (inline: no recursion on deep input)."""

    def or_expr(self, children: list[Node | Token]) -> Node:
        return Or(_operands(children))

    def and_expr(self, children: list[Node | Token]) -> Node:
        return And(_operands(children))

    def negation(self, children: list[Node | Token]) -> Node:
        return Not(_operands(children)[0])

    def group(self, children: list[Node | Token]) -> Node:
        return _operands(children)[0]

    def binary_check(self, children: list[Token]) -> Node:
        field, op, value = children
        name, arg = _field(field)
        canonical = "=" if op.value == "==" else str(op.value)
        return Check(name, arg, canonical, _string(value), field.start_pos)

    def list_check(self, children: list[Token | tuple[str, ...]]) -> Node:
        field, op, values = children
        assert isinstance(field, Token) and isinstance(op, Token) and isinstance(values, tuple)
        name, arg = _field(field)
        return Check(name, arg, str(op.value), values, field.start_pos)

    def unary_check(self, children: list[Token]) -> Node:
        field, op = children
        name, arg = _field(field)
        return Check(name, arg, str(op.value), None, field.start_pos)

    def list_value(self, children: list[Token | tuple[str, ...] | None]) -> tuple[str, ...]:
        items = children[1]
        return items if isinstance(items, tuple) else ()

    def list_items(self, children: list[Token]) -> tuple[str, ...]:
        return tuple(_string(c) for c in children if c.type != "COMMA")


_GRAMMAR = (Path(__file__).with_name("grammar.lark")).read_text(encoding="utf-8")
_PARSER = Lark(
    _GRAMMAR,
    parser="lalr",
    lexer="contextual",
    transformer=_ToAst(),
    maybe_placeholders=True,
    cache=True,  # the LALR tables are built once per grammar and kept in the temp dir (saves ~0.1 s a run)
)


@functools.lru_cache(maxsize=32)
def parse(text: str) -> Node:
    """Parse a filter expression into an AST; raise :class:`FilterSyntaxError` if malformed.

    Trees are immutable, so a run that reads one filter several times (the compiler, the C
    engine's translation, the event-id test) parses it once.
    """
    if not text.strip():
        raise FilterSyntaxError("empty filter", text, 0)
    interactive = _PARSER.parse_interactive(text)
    history: list[Token] = []
    try:
        node = _run(interactive, history)
    except _EscapeError as err:
        raise FilterSyntaxError(err.message, text, err.column) from None
    except VisitError as err:
        if isinstance(err.orig_exc, _EscapeError):
            raise FilterSyntaxError(err.orig_exc.message, text, err.orig_exc.column) from None
        raise
    except UnexpectedInput as err:
        raise _explain(text, err, interactive, history) from None
    _check_depth(node, text)
    return node


def _run(interactive: InteractiveParser, history: list[Token]) -> Node:
    for token in interactive.iter_parse():
        history.append(token)
    result: Node = interactive.feed_eof(history[-1] if history else None)
    return result


def _check_depth(node: Node, text: str) -> None:
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            message = f"expression nested too deeply (more than {MAX_DEPTH} levels)"
            raise FilterSyntaxError(message, text, _first_pos(current))
        if isinstance(current, Not):
            stack.append((current.child, depth + 1))
        elif isinstance(current, (And, Or)):
            stack.extend((child, depth + 1) for child in current.children)


def _first_pos(node: Node) -> int:
    while not isinstance(node, Check):
        node = node.child if isinstance(node, Not) else node.children[0]
    return node.pos


# --- error explanation -------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z_][\w.]*|[^\s()\"']+")
_OP_WORD = re.compile(r"[A-Za-z_]\w*|[^\w\s()\"']+")
_SUGGEST = {"&&": "and", "||": "or", "!": "not"}


class _Failure:
    """Where parsing stopped: position, what was there, and what the parser wanted."""

    def __init__(self, text: str, err: UnexpectedInput, ip: InteractiveParser, history: list[Token]) -> None:
        token = err.token if isinstance(err, UnexpectedToken) else None
        if token is not None and history and history[-1] is token:
            history.pop()  # fed by iter_parse, then refused by the parser
        self.text = text
        self.history = history
        self.last = history[-1] if history else None
        self.eof = token is not None and token.type == "$END"
        self.pos = len(text) if self.eof else _error_pos(err, token)
        self.rest = text[self.pos :]
        self.expected = ip.accepts()

    def found(self) -> str:
        if self.eof or not self.rest:
            return "the end of the filter"
        if self.rest[0] in "()":
            return f"'{self.rest[0]}'"
        match = _WORD.match(self.rest)
        return f"'{match.group(0)[:30]}'" if match else f"'{self.rest[0]}'"

    def suggestion(self) -> str | None:
        for bad, good in _SUGGEST.items():
            if self.rest.startswith(bad) and not self.rest.startswith("!="):
                return f"'{bad}' is not supported: use '{good}'"
        return None

    def error(self, message: str, column: int | None = None) -> FilterSyntaxError:
        return FilterSyntaxError(message, self.text, self.pos if column is None else column)

    def after_last(self) -> int:
        return self.last.end_pos if self.last is not None and self.last.end_pos is not None else self.pos


def _error_pos(err: UnexpectedInput, token: Token | None) -> int:
    if token is not None and token.start_pos is not None:
        return token.start_pos
    return err.pos_in_stream or 0


def _explain(text: str, err: UnexpectedInput, ip: InteractiveParser, history: list[Token]) -> FilterSyntaxError:
    failure = _Failure(text, err, ip, history)
    expected = failure.expected
    if "FIELD" in expected:
        return _explain_check_start(failure)
    if "BINOP" in expected:
        return _explain_operator(failure)
    if "BARE" in expected:
        return _explain_value(failure)
    if "LIST_BARE" in expected or "COMMA" in expected:
        return _explain_list(failure)
    if expected == {"LPAR"}:
        return failure.error(f"expected '(' after '{failure.last}'")
    return _explain_after_check(failure)


def _explain_check_start(f: _Failure) -> FilterSyntaxError:
    if f.eof or not f.rest:
        return f.error(f"missing expression after '{f.last}'", f.after_last())
    suggestion = f.suggestion()
    if suggestion:
        return f.error(suggestion)
    if f.rest[0] == ")":
        what = "empty parentheses" if f.last is not None and f.last.type == "LPAR" else "unexpected ')'"
        return f.error(f"{what}: expected a check")
    if f.rest[0] in "\"'":
        return f.error("expected a field name, found a quoted string (quote values, not whole checks)")
    word = f.found().strip("'")
    if word in ("and", "or"):
        return f.error(f"missing expression before '{word}'")
    if re.fullmatch(r"[A-Za-z_][\w.]*", word):
        return f.error(f"invalid field name '{word}' (fields look like class.name, e.g. proc.name)")
    return f.error(f"expected a field name, 'not' or '(', found {f.found()}")


def _explain_operator(f: _Failure) -> FilterSyntaxError:
    field = f.last
    if f.eof or not f.rest or f.rest[0] in "()":
        return f.error(f"missing operator after field '{field}'", f.after_last() if f.eof else None)
    if f.rest[0] == "[":
        return f.error(f"invalid field argument after '{field}' (use [N], [name] or [\"quoted\"])")
    match = _OP_WORD.match(f.rest)
    op = match.group(0) if match else f.rest[0]
    return f.error(f"unknown operator '{op}'")


def _explain_value(f: _Failure) -> FilterSyntaxError:
    op = f.last
    if f.eof or not f.rest or f.rest[0] == ")":
        return f.error(f"missing value after operator '{op}'", f.after_last() if f.eof else None)
    if f.rest[0] == "(":
        return f.error(f"operator '{op}' takes one value, not a list (lists go with in, intersects, pmatch)")
    if f.rest[0] in "\"'":
        return f.error(f"unterminated quoted string (missing closing {f.rest[0]})")
    return f.error(f"expected a value after operator '{op}', found {f.found()}")


def _explain_list(f: _Failure) -> FilterSyntaxError:
    if f.eof or not f.rest:
        return f.error("unbalanced parenthesis: list is never closed", _unmatched_lpar(f.history))
    if f.rest[0] in "\"'":
        return f.error(f"unterminated quoted string (missing closing {f.rest[0]})")
    if "COMMA" in f.expected:
        return f.error(f"expected ',' or ')' in list, found {f.found()}")
    if f.rest[0] in ",)":
        return f.error("missing value in list")
    return f.error(f"unexpected {f.found()} in list")


def _explain_after_check(f: _Failure) -> FilterSyntaxError:
    if f.eof or not f.rest:
        return f.error("unbalanced parenthesis: '(' is never closed", _unmatched_lpar(f.history))
    suggestion = f.suggestion()
    if suggestion:
        return f.error(suggestion)
    if f.rest[0] == ")":
        return f.error("unbalanced parenthesis: ')' has no matching '('")
    if f.rest.startswith("not") and f.found() == "'not'":
        return f.error("missing 'and' or 'or' before 'not'")
    if f.last is not None and f.last.type == "BARE":
        return f.error(f"unexpected {f.found()} after value '{f.last}' (quote values that contain spaces)")
    closing = ", ')'" if "RPAR" in f.expected else ""
    return f.error(f"expected 'and', 'or'{closing} or the end of the filter, found {f.found()}")


def _unmatched_lpar(history: list[Token]) -> int:
    opened: list[int] = []
    for token in history:
        if token.type == "LPAR":
            opened.append(token.start_pos or 0)
        elif token.type == "RPAR" and opened:
            opened.pop()
    return opened[-1] if opened else 0
