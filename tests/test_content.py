"""content.streams_to_objects gives what pdfminer's parser gives, or nothing.

Every content stream of every PDF we have (pages and form XObjects, each page's
streams together as pdfminer reads them) and generated streams full of the odd
cases pdfminer reads its own way: where our reader answers, its objects are
pdfminer's, value for value and type for type.
"""

from __future__ import annotations

from itertools import accumulate
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1, stream_value
from pdfminer.psparser import PSEOF, PSKeyword, PSLiteral

from dxextract.extract.content import streams_to_objects

ROOT = Path(__file__).resolve().parent.parent
PDFS = sorted([*ROOT.glob("raw_pdfs/*.pdf"), *ROOT.glob("tests/fixtures/**/*.pdf")])
# The real producers' renderings (tests/fixtures/producers/: Writer from .docx,
# Chromium, Calc, Impress, rearranged editions, pinned seeds, injected variants): the
# slow tier. The fast one reads reportlab's, Writer's (HTML) and the real PDFs' streams.
SLOW_PDFS = {p for p in PDFS if "producers" in p.relative_to(ROOT).parts}


def typed(obj: Any) -> Any:
    """The object with each value's type beside it (True is not 1, 1.0 not 1)."""
    if isinstance(obj, list):
        return ["list", [typed(o) for o in obj]]
    if isinstance(obj, dict):
        return ["dict", {k: typed(v) for k, v in obj.items()}]
    if isinstance(obj, (PSKeyword, PSLiteral)):
        return [type(obj).__name__, obj.name]
    return [type(obj).__name__, obj]


def pdfminer_objects(streams: list[bytes]) -> list[Any]:
    """What pdfminer's PDFContentParser gives for these decoded streams."""
    out: list[Any] = []
    try:
        parser = PDFContentParser([PDFStream({"Length": len(d)}, d) for d in streams])
    except PSEOF:
        return out
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return out
        out.append(obj)


def assert_same_or_unread(streams: list[bytes]) -> bool:
    """True when our reader read them (and agreed), False when it left them."""
    ours = streams_to_objects(streams)
    if ours is None:
        return False
    assert typed(ours) == typed(pdfminer_objects(streams)), streams
    return True


def content_streams(path: Path) -> list[list[bytes]]:
    """Each page's content streams, and each form XObject's, decoded."""
    found: list[list[bytes]] = []
    seen: set[int | None] = set()

    def forms(resources: Any) -> None:
        xobjects = resolve1(resolve1(resources or {}).get("XObject", {})) or {}
        for ref in xobjects.values():
            xobj = stream_value(ref)
            if xobj.objid in seen or resolve1(xobj.get("Subtype")).name != "Form":
                continue
            seen.add(xobj.objid)
            found.append([xobj.get_data()])
            forms(xobj.get("Resources"))

    with path.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        for page in PDFPage.create_pages(doc):
            found.append([stream_value(s).get_data() for s in page.contents])
            forms(page.resources)
    return found


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, marks=pytest.mark.slow) if p in SLOW_PDFS else p for p in PDFS],
    ids=lambda p: getattr(p, "name", None),
)
def test_every_content_stream_of_our_pdfs_reads_as_pdfminer_reads_it(path: Path) -> None:
    streams = content_streams(path)
    read = [assert_same_or_unread(page) for page in streams]
    # Left to pdfminer only for what it reads its own way: none of ours.
    assert all(read), f"{read.count(False)} of {len(read)} left to pdfminer"


# Tokens that pdfminer reads in ways of its own, and plain ones around them.
TOKENS = [
    b"q", b"Q", b"BT", b"ET", b"Tj", b"TJ", b"'", b'"', b"T*", b"f*", b"true", b"false",
    b"0", b"-1", b"+2", b"3.", b".5", b"-.5", b"+.25", b"1.2.3", b"-", b"+", b".", b"--4",
    b"1-2", b"12Tf", b"1e5", b"007", b"/F1", b"/", b"/a.b-c", b"/\xe3\x81\x82", b"/\xff",
    b"/A#20B", b"(abc)", b"()", b"(a(b)c)", b"(a\\)b)", b"(\\101\\1012)", b"(\\0)", b"(\\777)",
    b"(\\n\\r\\t\\b\\f\\\\)", b"(\\x)", b"(a\\\nb)", b"(a\\\r\nb)", b"(a\\\rb)", b"(\x00\xff)",
    b"<414>", b"<41 42>", b"<>", b"<4g>", b"<41>>", b"<<", b">>", b"<</A 1/B [2 3]>>",
    b"<</A>>", b"[", b"]", b"[1 (x) /N]", b"{", b"}", b"%comment", b"% c\r", b"\x00",
    b")", b"*", b"#", b";", b"\xe3", b"BI", b"ID", b"EI", b"<", b">", b"(", b"a(b", b"x#y",
]  # fmt: skip
SEPARATORS = [b" ", b"\n", b"\r\n", b"\t", b"", b"\x0c", b"\x0b"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(TOKENS), st.sampled_from(SEPARATORS)), min_size=1, max_size=25
    ),
    st.integers(min_value=0, max_value=3),
)
def test_generated_streams_read_as_pdfminer_reads_them(
    parts: list[tuple[bytes, bytes]], cuts: int
) -> None:
    data = b"".join(token + sep for token, sep in parts)
    # Cut into up to four streams after some of the tokens, as a page's contents may be.
    ends = list(accumulate(len(token + sep) for token, sep in parts))[:-1]
    cut_at = ends[:: max(1, len(ends) // (cuts + 1))][:cuts] if ends else []
    pieces = [data[a:b] for a, b in zip([0, *cut_at], [*cut_at, len(data)], strict=True)]
    assert_same_or_unread(pieces)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_read_as_pdfminer_reads_them_or_are_left_to_it(data: bytes) -> None:
    try:
        pdfminer_objects([data])
    except Exception:  # pdfminer fails on it: ours must leave it
        assert streams_to_objects([data]) is None
        return
    assert_same_or_unread([data])


def test_an_escaped_line_end_across_pdfminers_chunks_is_left_to_it() -> None:
    # pdfminer keeps the LF of `\` CR LF when the CR ends one of its 4096-byte chunks.
    data = b"(" + b"a" * 4093 + b"\\\r\nb) Tj"
    assert data.index(b"\r") == 4095
    assert streams_to_objects([data]) is None
    shifted = b" " + data
    assert assert_same_or_unread([shifted])


def test_plain_streams_are_read_not_left() -> None:
    stream = b"q 1 0 0 1 72 720 cm BT /F1 12 Tf (Hello) Tj [(A) -120 <0041>] TJ ET Q\n"
    assert assert_same_or_unread([stream, stream])
