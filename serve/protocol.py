"""SPARQL 1.1 Protocol: turn an HTTP request into one query or update operation.

Also a tiny SPARQL lexer (strings, IRIs, comments and brace depth aware) for the few things the
protocol needs to know about the text without parsing it: the query form, whether a query names its
own dataset (FROM), and adding `using-graph-uri` parameters to an update as USING clauses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


class ProtocolError(Exception):
    """A request the endpoint refuses: an HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class Operation:
    """One protocol operation: `query`, `update`, or `describe` (no operation: the service description)."""

    kind: str
    text: str = ""
    default_graphs: list[str] = field(default_factory=list)  # default-graph-uri / using-graph-uri
    named_graphs: list[str] = field(default_factory=list)  # named-graph-uri / using-named-graph-uri


def parse_request(method: str, mimetype: str, charset: str | None, args, form, body: bytes) -> Operation:
    """The operation of a /sparql request (`args`, `form`: multi-dicts with `getlist`)."""
    if method in ("GET", "HEAD"):
        if args.getlist("update"):
            raise ProtocolError(400, "SPARQL updates must be sent with POST, not GET")
        queries = args.getlist("query")
        if not queries:
            return Operation("describe")
        _one(queries, [])
        return Operation("query", queries[0], args.getlist("default-graph-uri"), args.getlist("named-graph-uri"))
    if method != "POST":
        raise ProtocolError(405, f"method {method} not allowed", {"Allow": "GET, POST"})
    if mimetype == FORM:
        queries = form.getlist("query") + args.getlist("query")
        updates = form.getlist("update") + args.getlist("update")
        _one(queries, updates)
        if queries:
            return Operation("query", queries[0], *_graphs(args, form, "default-graph-uri", "named-graph-uri"))
        return Operation("update", updates[0], *_graphs(args, form, "using-graph-uri", "using-named-graph-uri"))
    if mimetype in (QUERY_TYPE, UPDATE_TYPE):
        if args.getlist("query") or args.getlist("update"):
            raise ProtocolError(400, "a direct POST carries the operation in its body, not also in the URL")
        text = _decode(body, charset)
        if mimetype == QUERY_TYPE:
            return Operation("query", text, args.getlist("default-graph-uri"), args.getlist("named-graph-uri"))
        return Operation("update", text, args.getlist("using-graph-uri"), args.getlist("using-named-graph-uri"))
    raise ProtocolError(
        415, f"unsupported media type {mimetype or '(none)'}: use {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}"
    )


def _one(queries: list[str], updates: list[str]) -> None:
    n = len(queries) + len(updates)
    if n == 0:
        raise ProtocolError(400, "missing 'query' or 'update' parameter")
    if n > 1:
        raise ProtocolError(400, "exactly one 'query' or 'update' parameter is allowed per request")


def _graphs(args, form, default_key: str, named_key: str) -> tuple[list[str], list[str]]:
    return form.getlist(default_key) + args.getlist(default_key), form.getlist(named_key) + args.getlist(named_key)


def _decode(body: bytes, charset: str | None) -> str:
    """The body as text: SPARQL requests are UTF-8 (the protocol requires it; US-ASCII is a subset)."""
    if charset and charset.strip().lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise ProtocolError(415, f"unsupported charset {charset}: send the operation in UTF-8")
    try:
        return body.decode("utf-8")
    except (LookupError, UnicodeDecodeError) as e:
        raise ProtocolError(400, f"cannot decode the request body: {e}") from e


# -- lexer ------------------------------------------------------------------------------------

_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")
_STRING_STARTS = ('"""', "'''", '"', "'")


def _tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(position, brace depth, token) for bare words and punctuation outside strings, IRIs, comments."""
    i, n, depth = 0, len(text), 0
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = next(q for q in _STRING_STARTS if text.startswith(q, i))
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(text, i)):
            yield i, depth, "<iri>"
            i = m.end()
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c.isdigit():
            m = _NUMBER.match(text, i)
            yield i, depth, m.group()
            i = m.end()
        elif m := _WORD.match(text, i):
            word = m.group()
            j = m.end()
            if j < n and text[j] == ":" or i > 0 and text[i - 1] == ":":  # part of a prefixed name
                i = j
                continue
            yield i, depth, word.upper()
            i = j
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            yield i, depth, c
            i += 1


@lru_cache(maxsize=1024)
def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (None when it has none)."""
    for _, _, tok in _tokens(query):
        if tok in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return tok
    return None


@lru_cache(maxsize=1024)
def result_limit(query: str) -> int | None:
    """The LIMIT of the outermost query (None without one)."""
    toks = [tok for _, depth, tok in _tokens(query) if depth == 0]
    for tok, nxt in zip(toks, toks[1:], strict=False):
        if tok == "LIMIT" and nxt.isdigit():
            return int(nxt)
    return None


@lru_cache(maxsize=1024)
def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset with FROM / FROM NAMED."""
    return any(tok == "FROM" and depth == 0 for _, depth, tok in _tokens(query))


def add_using(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with USING / USING NAMED clauses for the protocol's using-(named-)graph-uri parameters."""
    if not using and not using_named:
        return update
    toks = list(_tokens(update))
    if any(depth == 0 and tok in ("USING", "WITH") for _, depth, tok in toks):
        raise ProtocolError(400, "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH")
    clause = "".join(f"USING <{_iri(g)}> " for g in using) + "".join(f"USING NAMED <{_iri(g)}> " for g in using_named)
    out, last, prev = [], 0, ""
    for pos, depth, tok in toks:
        if depth == 0 and tok == "WHERE" and prev != "DELETE":  # not the DELETE WHERE short form
            out += [update[last:pos], clause]
            last = pos
        if depth == 0:
            prev = tok
    return "".join(out) + update[last:]


def _iri(s: str) -> str:
    if not _IRI.fullmatch(f"<{s}>"):
        raise ProtocolError(400, f"not an IRI: {s!r}")
    return s


def silent_clear(update: str) -> str:
    """The update with every CLEAR made CLEAR SILENT: clearing a graph the store does not hold succeeds
    (it is empty afterwards either way), as in stores that do not record empty graphs."""
    toks = [(pos, tok) for pos, depth, tok in _tokens(update) if depth == 0]
    out, last = [], 0
    for (pos, tok), nxt in zip(toks, [*toks[1:], (len(update), "")], strict=True):
        if tok == "CLEAR" and nxt[1] != "SILENT":
            out += [update[last:pos + 5], " SILENT"]
            last = pos + 5
    return "".join(out) + update[last:]
