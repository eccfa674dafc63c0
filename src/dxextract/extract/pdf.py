"""Stage 1: open a PDF and turn each page into words, ruling segments and fills.

Everything later works on these plain values (geometry.py); only this module
imports pdfplumber. Characters are normalised here once (look-alike code points,
fake bold), so no later stage has to think about them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from dxextract.errors import (
    DxError,
    EncryptedPdfError,
    GarbledTextError,
    NotAPdfError,
    NoTextLayerError,
)
from dxextract.extract.geometry import DEFAULT_SLACK, Box, PageLayout, Segment
from dxextract.extract.inputs import open_input
from dxextract.extract.objects import dedupe_chars, page_objects
from dxextract.extract.visible import is_scanned_page, is_white, visible_chars
from dxextract.extract.words import chars_to_words

# A page whose characters are more than this share (cid:N) or U+FFFD has a font
# without a ToUnicode map (pdfplumber#29, pdfminer#39): its text is mojibake.
DEFAULT_GARBLED_SHARE = 0.02


# Characters closer than this (pt) with the same text are fake bold: the same
# glyph drawn twice, offset (camelot#271). pdfplumber's own default is 1.
DEFAULT_DEDUPE_TOLERANCE = 1.0


# A ruling thinner than this (pt) drawn as a filled rectangle is a line.
DEFAULT_THIN_RECT = 2.0


@contextmanager
def open_pdf(path: Path) -> Iterator[Any]:
    """Open a PDF with pdfplumber, turning its failures into our errors."""
    # Our own file handle, closed whatever happens: pdfplumber.open(path) leaves
    # its handle open when pdfminer fails on a damaged file.
    with open_input(path) as fh:
        if os.fstat(fh.fileno()).st_size == 0:
            raise NotAPdfError("empty file")
        if b"%PDF-" not in fh.read(1024):
            raise NotAPdfError("not a PDF (no %PDF- header)")
        fh.seek(0)
        try:
            pdf = pdfplumber.open(fh)
        except DxError:
            raise
        except Exception as exc:  # pdfplumber wraps every pdfminer failure
            cause = exc.args[0] if exc.args else exc
            if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise EncryptedPdfError("encrypted PDF: a password is needed to read it") from exc
            raise NotAPdfError(
                f"unreadable PDF ({type(cause).__name__}): truncated or damaged"
            ) from exc
        try:
            yield pdf
        finally:
            # PDF.close() builds every page again to close it, and fails again on
            # a damaged page tree: the error that matters was raised already, and
            # the file handle is ours (closed by this `with`). Pages read were closed.
            with suppress(Exception):
                pdf.close()


def check_text_layer(chars: Sequence[dict[str, Any]], page_number: int) -> None:
    """Refuse a garbled text layer rather than store mojibake."""
    if not chars:
        return
    bad = sum(1 for c in chars if "(cid:" in str(c["text"]) or "\ufffd" in str(c["text"]))
    if bad / len(chars) > DEFAULT_GARBLED_SHARE:
        raise GarbledTextError(
            f"page {page_number}: garbled text layer ({bad} of {len(chars)} characters are "
            "(cid:N) or U+FFFD; the fonts lack a ToUnicode map)"
        )


def graphics_to_segments(
    rects: Sequence[dict[str, Any]], lines: Sequence[dict[str, Any]]
) -> tuple[list[Segment], list[Box]]:
    """Ruling lines, stroked and filled rectangles → rule segments and shaded boxes.

    A filled rectangle's sides are cell borders too: that is how a shaded header
    without ruling lines still shows its columns. White lines count only where
    they divide a shaded area (invisible ruling elsewhere makes phantom cells,
    pdfplumber#285).
    """
    segments: list[Segment] = []
    fills: list[Box] = []
    white: list[Segment] = []
    for r in rects:
        _rect_to_graphics(r, segments, fills, white)
    for ln in lines:
        seg = _line_to_segment(ln)
        if seg is None:
            continue  # a diagonal is decoration, not ruling
        (white if is_white(ln.get("stroking_color")) else segments).append(seg)
    segments.extend(seg for seg in white if any(_segment_inside(seg, f) for f in fills))
    return segments, fills


def _rect_to_graphics(
    r: dict[str, Any], segments: list[Segment], fills: list[Box], white: list[Segment]
) -> None:
    """One rectangle: a thin one is a rule (white: kept aside), a filled one a
    shaded box, a filled or stroked one's sides rules."""
    box = Box(r["x0"], r["top"], r["x1"], r["bottom"])
    filled = bool(r.get("fill")) and not is_white(r.get("non_stroking_color"))
    stroked = (
        bool(r.get("stroke"))
        and not is_white(r.get("stroking_color"))
        and float(r.get("linewidth") or 0) > 0
    )
    if box.width < DEFAULT_THIN_RECT or box.height < DEFAULT_THIN_RECT:
        seg = _box_to_rule(box)
        if filled or stroked:
            segments.append(seg)
        elif r.get("fill"):
            white.append(seg)
        return
    if filled:
        fills.append(Box(box.x0, box.top, box.x1, box.bottom, _color_key(r)))
    if filled or stroked:
        segments.extend(box_sides(box))


def _line_to_segment(ln: dict[str, Any]) -> Segment | None:
    """A horizontal or vertical line as a rule segment; None for a diagonal."""
    x0, top, x1, bottom = ln["x0"], ln["top"], ln["x1"], ln["bottom"]
    if abs(bottom - top) <= DEFAULT_SLACK:
        return Segment(True, (top + bottom) / 2, x0, x1)
    if abs(x1 - x0) <= DEFAULT_SLACK:
        return Segment(False, (x0 + x1) / 2, top, bottom)
    return None


def _color_key(rect: dict[str, Any]) -> str:
    color = rect.get("non_stroking_color")
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        return ",".join(f"{float(v):.2f}" for v in values)
    except (TypeError, ValueError):
        return str(color)


def _box_to_rule(box: Box) -> Segment:
    if box.width >= box.height:
        return Segment(True, box.yc, box.x0, box.x1)
    return Segment(False, box.xc, box.top, box.bottom)


def box_sides(box: Box) -> list[Segment]:
    return [
        Segment(True, box.top, box.x0, box.x1),
        Segment(True, box.bottom, box.x0, box.x1),
        Segment(False, box.x0, box.top, box.bottom),
        Segment(False, box.x1, box.top, box.bottom),
    ]


def _segment_inside(seg: Segment, box: Box, tol: float = DEFAULT_SLACK) -> bool:
    if seg.horizontal:
        return (
            box.top - tol <= seg.pos <= box.bottom + tol and seg.start < box.x1 and seg.end > box.x0
        )
    return box.x0 - tol <= seg.pos <= box.x1 + tol and seg.start < box.bottom and seg.end > box.top


def page_to_layout(page: Any) -> PageLayout:
    """One pdfplumber page → its words, segments and fills (fake bold removed first)."""
    number = int(page.page_number)
    width, height = float(page.width), float(page.height)
    found = page_objects(page)
    chars = dedupe_chars(found["char"], DEFAULT_DEDUPE_TOLERANCE)
    segments, fills = graphics_to_segments(found["rect"], found["line"])
    if is_scanned_page(chars, found["image"], width, height):
        unread = f"page {number}: scanned page with an OCR text layer; not read"
        return PageLayout(number, width, height, (), tuple(segments), tuple(fills), unread)
    # What text may stand on: shaded boxes, filled shapes and images (white text
    # on them is printed text).
    backgrounds = [
        *fills,
        *(
            Box(o["x0"], o["top"], o["x1"], o["bottom"])
            for o in [*found["curve"], *found["image"]]
            if not is_white(o.get("non_stroking_color"))
        ),
    ]
    chars = visible_chars(chars, backgrounds)
    check_text_layer(chars, number)
    return PageLayout(
        number=number,
        width=width,
        height=height,
        words=tuple(chars_to_words(chars)),
        segments=tuple(segments),
        fills=tuple(fills),
    )


# A PDF date (PDF 32000-1 §7.9.4): D:YYYYMMDDHHmmSSOHH'mm', everything after the
# year optional; O is +, - or Z. Producers drop the D: or the apostrophes.
_PDF_DATE_RE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:([+\-Z])(?:(\d{2})'?(?:(\d{2})'?)?)?)?"
)


def pdf_date_to_iso(value: object) -> str | None:
    """`D:20240930101200+09'00'` → `2024-09-30T10:12:00+09:00` (ISO 8601 with the
    offset the PDF gives, none when it gives none); None when not a date."""
    if not isinstance(value, str):
        return None
    m = _PDF_DATE_RE.fullmatch(value.strip())
    if m is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = m.groups()
    zone = None
    if sign == "Z":
        zone = UTC
    elif sign is not None:
        offset = timedelta(hours=int(off_h or 0), minutes=int(off_m or 0))
        zone = timezone(-offset if sign == "-" else offset)
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )
    except ValueError:  # month 13, an offset of a day or more
        return None
    return moment.isoformat()


def metadata_to_issued(metadata: dict[str, Any]) -> str | None:
    """When the PDF says it was made (the contract's `issued`): ModDate, else CreationDate."""
    return pdf_date_to_iso(metadata.get("ModDate")) or pdf_date_to_iso(metadata.get("CreationDate"))


class PdfPages(NamedTuple):
    """What read_layouts gives: the page count, every page, and `issued`."""

    pages: int
    layouts: list[PageLayout]
    issued: str | None


def read_layouts(path: Path, max_pages: int | None = None) -> PdfPages:
    """Every page of the PDF as a PageLayout; the page count comes first.

    Raises NoTextLayerError when no page has any text (a scan needs OCR first).
    """
    with open_pdf(path) as pdf:
        try:
            count = len(pdf.pages)
        except DxError:
            raise
        except Exception as exc:  # a page without a MediaBox, a broken page tree
            raise NotAPdfError(f"unreadable PDF ({type(exc).__name__}): damaged page tree") from exc
        if max_pages is not None and count > max_pages:
            raise NotAPdfError(f"{count} pages, more than --max-pages {max_pages}")
        try:
            issued = metadata_to_issued(pdf.metadata)
        except Exception:  # a damaged Info dictionary: the date is not printed text
            issued = None
        layouts = []
        for page in pdf.pages:
            try:
                layouts.append(page_to_layout(page))
            except DxError:
                raise
            except Exception as exc:  # pdfminer raises many kinds on a damaged stream
                raise NotAPdfError(
                    f"page {page.page_number}: unreadable ({type(exc).__name__}): damaged PDF"
                ) from exc
            finally:
                page.close()
    if count and not any(layout.words for layout in layouts):
        scanned = sum(1 for layout in layouts if layout.unread)
        if scanned:
            raise NoTextLayerError(
                f"{scanned} of {count} pages are scans with an OCR text layer; not read"
            )
        raise NoTextLayerError("no text layer on any page: image-only PDF, needs OCR")
    return PdfPages(count, layouts, issued)


def page_to_image(path: Path, number: int, resolution: int) -> Any:
    """Page `number` (1-based) rendered as a PIL image at `resolution` dpi
    (pdfplumber's to_image, drawn by pypdfium2): one image point is
    resolution / 72 pixels, with the page's top-left corner at (0, 0)."""
    with open_pdf(path) as pdf:
        return pdf.pages[number - 1].to_image(resolution=resolution).original.copy()
