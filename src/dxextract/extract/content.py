"""Stage 1a: a page's content streams as the objects pdfminer's parser gives, faster.

pdfminer reads a content stream byte by byte through a state machine
(psparser.PSBaseParser, then PSStackParser.nextobject): half the time of
reading a page. `streams_to_objects` gives the same sequence of objects —
numbers, strings, names, keywords, arrays and dictionaries, with pdfminer's own
types and pdfminer's reading of every odd case it accepts (a lone `-` is no
number, `\\x` in a string is nothing, an odd hex digit is its own byte) — from
one regular expression per token. What it does not read the same way for
certain it does not read at all: None, and the caller lets pdfminer read those
streams (inline images, `#` in names, strings or objects that run across two
streams, unbalanced brackets, procedures, stray `<` or `>`).
tests/test_content.py compares both on every content stream of every fixture
PDF and on generated ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pdfminer.psparser import (
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KEYWORD_DICT_BEGIN,
    KEYWORD_DICT_END,
    KWD,
    LIT,
    PSLiteral,
    literal_name,
)

# One token per match, in pdfminer's terms (psparser.PSBaseParser._parse_main):
# whitespace is `\s` (as pdfminer's), NUL is skipped, a comment runs to the end
# of its line; a number is a sign or digit, digits, then a point and digits (or
# a point and digits); a name or keyword ends at a delimiter or whitespace.
_TOKEN = re.compile(
    rb"""
    (?:\s|\x00)+|%[^\r\n]*                      # nothing: whitespace, NUL, a comment
    |([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)      # 1 a number
    |/([^#/%\[\]()<>{}\s]*+)(?!\#)              # 2 a name without # escapes
    |([A-Za-z][^#/%\[\]()<>{}\s]*)              # 3 a keyword (true, false: booleans)
    |\(([^()\\]*)\)                             # 4 a string without escapes or parentheses
    |<([0-9A-Fa-f\s]*)>(?!>)                    # 5 a hex string
    |(<<|>>|\[|\])                              # 6 a dictionary's or an array's bracket
    |(\()                                       # 7 a string with escapes or parentheses
    |([<>/{}])                                  # 8 what pdfminer reads in ways not copied here
    |(.)                                        # 9 any other byte: a keyword of its own
    """,
    re.VERBOSE | re.DOTALL,
)
_SPACE = re.compile(rb"\s")
# pdfminer reads its streams in chunks of this many bytes (PSBaseParser.BUFSIZ):
# a `\` CR LF in a string whose CR ends a chunk keeps the LF (see _string).
_CHUNK = 4096
_ESCAPES = {ord("b"): 8, ord("t"): 9, ord("n"): 10, ord("f"): 12, ord("r"): 13}
_ESCAPES.update({c: c for c in b"()\\"})
_OCTAL = b"01234567"
_BRACKETS = {
    b"[": KEYWORD_ARRAY_BEGIN,
    b"]": KEYWORD_ARRAY_END,
    b"<<": KEYWORD_DICT_BEGIN,
    b">>": KEYWORD_DICT_END,
}
_INLINE_IMAGE = (KWD(b"BI"), KWD(b"ID"))


class _Unread(Exception):
    """What this reader leaves to pdfminer."""


def streams_to_objects(streams: Sequence[bytes]) -> list[Any] | None:
    """The objects pdfminer's PDFContentParser gives for these decoded streams
    (one after the other), in order; None when they hold what only pdfminer reads."""
    out: list[Any] = []
    # The arrays and dictionaries open: (kind, objects so far).
    open_: list[tuple[bytes, list[Any]]] = []
    try:
        for n, data in enumerate(streams):
            # pdfminer ends a token at the end of a stream, but continues one that
            # had shown no byte yet (`/`, `(`, `<`) into the next: not read here.
            if n < len(streams) - 1 and data and not _SPACE.match(data, len(data) - 1):
                raise _Unread
            _read_stream(data, out, open_)
    except _Unread:
        return None
    return None if open_ else out


# Numbers and keywords are most of a stream's tokens (with whitespace, 95 % of
# the fixtures'): they are read inline, and a keyword through a dictionary of
# those read before, for a call per token costs 7 % (a table of converters for
# every kind: 261 → 278 ms of CPU over the committed PDFs' streams). The rarer
# kinds go through _READERS: 3.19 → 2.96 s of CPU over every fixture's streams.
def _read_stream(data: bytes, out: list[Any], open_: list[tuple[bytes, list[Any]]]) -> None:
    match = _TOKEN.match
    keywords = _KEYWORDS
    readers = _READERS
    pos, end = 0, len(data)
    while pos < end:
        m = match(data, pos)
        assert m is not None  # group 9 takes any byte
        pos = m.end()
        kind = m.lastindex
        if kind is None:
            continue
        value: Any
        if kind == 1:
            text = m.group(1)
            try:
                value = float(text) if b"." in text else int(text)
            except ValueError:  # `-`, `.`: pdfminer makes no token of them
                continue
        elif kind == 3:
            value = keywords.get(m.group(3))
            if value is None:
                value = _keyword(m.group(3))
        elif kind == 6:
            _bracket(m.group(6), out, open_)
            continue
        elif kind == 7:
            value, pos = _string(data, pos)
        else:
            value = readers[kind](m.group(kind))
        (open_[-1][1] if open_ else out).append(value)


def _name(raw: bytes) -> PSLiteral:
    """A name as pdfminer reads it: its text when it is UTF-8, else its bytes."""
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _keyword(word: bytes) -> Any:
    """A keyword not read before (pdfminer's KWD), kept in _KEYWORDS; the
    operators of an inline image are left to pdfminer."""
    value = KWD(word)
    if value in _INLINE_IMAGE:
        raise _Unread
    _KEYWORDS[word] = value
    return value


def _same(text: bytes) -> bytes:
    """A string without escapes or parentheses: its bytes as they stand."""
    return text


def _left_to_pdfminer(_: bytes) -> Any:
    """A token pdfminer reads in ways not copied here (`<`, `>`, `/`, `{`, `}`)."""
    raise _Unread


# Keywords read so far, as pdfminer gives them (`true` and `false` are booleans):
# a dictionary look-up instead of a call to KWD for each one. It grows with the
# keywords met, as pdfminer's own table of keywords (KWD) does.
_KEYWORDS: dict[bytes, Any] = {b"true": True, b"false": False}


def _bracket(token: bytes, out: list[Any], open_: list[tuple[bytes, list[Any]]]) -> None:
    if token in (b"[", b"<<"):
        open_.append((token, []))
        return
    if not open_ or open_[-1][0] != (b"[" if token == b"]" else b"<<"):
        raise _Unread  # pdfminer drops an unmatched bracket
    _, objs = open_.pop()
    value: Any = objs
    if token == b">>":
        if len(objs) % 2:
            raise _Unread  # pdfminer raises PSSyntaxError
        value = {
            literal_name(k): v for k, v in zip(objs[::2], objs[1::2], strict=True) if v is not None
        }
    (open_[-1][1] if open_ else out).append(value)


def _hex(digits: bytes) -> bytes:
    """pdfminer's reading: whitespace dropped, pairs of digits as bytes, an odd
    last digit the byte of its own value (`<414>` → b"A\\x04")."""
    digits = _SPACE.sub(b"", digits)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


# How each rarer kind of token (the groups of _TOKEN) becomes its object.
_READERS: dict[int, Callable[[bytes], Any]] = {
    2: _name,
    4: _same,
    5: _hex,
    8: _left_to_pdfminer,
    9: KWD,
}


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its `(`, as pdfminer reads it
    (PSBaseParser._parse_string, _parse_string_1): nested parentheses kept, the
    escapes of PDF 32000-1 7.3.4.2, up to three octal digits, a backslash at a
    line's end joins the lines, and any other escaped byte is dropped."""
    out = bytearray()
    depth = 1
    end = len(data)
    while pos < end:
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            pos = _escape(data, pos, out)
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if not depth:
                return bytes(out), pos
        out.append(c)
    raise _Unread  # unterminated in this stream


def _escape(data: bytes, pos: int, out: bytearray) -> int:
    """The byte an escape in a string stands for, added to `out`, from just after
    its backslash; where the string goes on."""
    end = len(data)
    if pos >= end:
        raise _Unread  # unterminated in this stream
    c = data[pos]
    if c in _OCTAL:
        digits = pos
        while pos < end and pos - digits < 3 and data[pos] in _OCTAL:
            pos += 1
        code = int(data[digits:pos], 8)
        if code > 255:
            raise _Unread  # pdfminer fails an assertion
        out.append(code)
        return pos
    pos += 1
    if c in _ESCAPES:
        out.append(_ESCAPES[c])
    elif c == 0x0D and pos < end and data[pos] == 0x0A:
        if (pos - 1) % _CHUNK == _CHUNK - 1:
            raise _Unread  # the LF is in pdfminer's next chunk: it keeps it
        pos += 1
    return pos
