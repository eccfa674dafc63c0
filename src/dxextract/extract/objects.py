"""Stage 1a: a page's characters, rectangles and lines as plain dicts, fake bold removed.

pdf.py reads pages through these two steps. They give exactly what pdfplumber's
`page.chars`, `page.rects`, `page.lines` and `utils.dedupe_chars` give, for the
keys the stages read (tests/test_page_objects.py checks it), at a fraction of
the cost: together they were most of the time ingest spent beyond pdfminer's
own parsing (bench/bench.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from pdfminer import settings
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.layout import LTContainer, LTCurve, LTImage, LTLine, LTPage, LTRect
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFInterpreterError,
    PDFPageInterpreter,
    PDFResourceManager,
    PDFTextState,
)
from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1, stream_value
from pdfminer.psparser import PSKeyword, keyword_name, literal_name
from pdfminer.utils import Matrix, apply_matrix_pt, apply_matrix_rect

from dxextract.extract.content import streams_to_objects

# How deep indirect references inside a colour are followed: a colour is a few
# numbers; a deeper chain is a damaged (or cyclic) file, left unresolved.
DEFAULT_RESOLVE_DEPTH = 8


# pdfminer drops two facts a reader needs to tell printed text from text nobody
# sees (PDF 32000-1, 9.3.6 text rendering mode; 8.5.4 clipping paths): the
# rendering mode (3 = neither filled nor stroked: an OCR layer over a scan) and
# the clipping path (Excel clips a cell's overflowing text at its border). Each
# string's graphics state is a copy made when it is shown: the clip is kept on
# the state (`dx_clip`, the bounding box of the clipping path in device space, or
# None for the whole page); the mode is taken by _PageDevice.render_string.
Clip = tuple[float, float, float, float]
# The keys of a character that pdfplumber does not give.
OWN_KEYS = ("render_mode", "clipped")
_copy_state = PDFGraphicState.copy


def _copy_with_clip(self: PDFGraphicState) -> PDFGraphicState:
    obj = _copy_state(self)
    obj.dx_clip = getattr(self, "dx_clip", None)  # type: ignore[attr-defined]
    return obj


def _clip_to_path(self: PDFPageInterpreter) -> None:
    """`W` / `W*`: intersect the clip with the bounding box of the current path."""
    points = [
        apply_matrix_pt(self.ctm, (float(seg[-2]), float(seg[-1])))
        for seg in self.curpath
        if len(seg) >= 3
    ]
    if not points:
        return
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    old: Clip | None = getattr(self.graphicstate, "dx_clip", None)
    if old is not None:
        box = (max(box[0], old[0]), max(box[1], old[1]), min(box[2], old[2]), min(box[3], old[3]))
    self.graphicstate.dx_clip = box  # type: ignore[attr-defined]


# pdfminer logs every token at DEBUG (150,000 calls for a 15-page report, 4 % of
# an ingest, each testing the level): its loggers' debug is a no-op unless
# DEBUG is wanted when this module is imported.
for _name in ("psparser", "pdfinterp", "pdfdocument", "pdfpage", "pdfparser", "cmapdb", "pdffont"):
    _logger = logging.getLogger(f"pdfminer.{_name}")
    if not _logger.isEnabledFor(logging.DEBUG):
        # A builtin that takes any arguments and does nothing worth a Python frame.
        _logger.debug = "".format  # type: ignore[method-assign,assignment]

PDFGraphicState.copy = _copy_with_clip  # type: ignore[method-assign]
PDFPageInterpreter.do_W = _clip_to_path  # type: ignore[method-assign]
PDFPageInterpreter.do_W_a = _clip_to_path  # type: ignore[method-assign]


_interp_log = logging.getLogger("pdfminer.pdfinterp")


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter, but its content streams are read by
    content.streams_to_objects (half the time of a page was pdfminer's parser);
    streams that reader leaves alone are read by pdfminer's own `execute`. What
    is run is the same: the same streams (pdfminer's rules for circular and
    inline ones, its warnings), the same operators with the same operands."""

    def execute(self, streams: Sequence[object]) -> None:
        valid, skipped = self._executable(streams)
        objects = streams_to_objects([stream.get_data() for stream in valid])
        if objects is None:
            super().execute(streams)
            return
        for message, arg in skipped:
            _interp_log.warning(message, arg)
        self.stream_ids.clear()
        self.stream_ids.update(stream.objid for stream in valid if stream.objid is not None)
        operators: dict[PSKeyword, tuple[Any, int]] = {}
        for obj in objects:
            if not isinstance(obj, PSKeyword):
                self.push(obj)
                continue
            operator = operators.get(obj)
            if operator is None:
                name = keyword_name(obj)
                method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                func = getattr(self, method, None)
                nargs = func.__code__.co_argcount - 1 if func is not None else 0
                operator = operators[obj] = (func, nargs)
            func, nargs = operator
            if func is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
            elif nargs:
                args = self.pop(nargs)
                if len(args) == nargs:
                    func(*args)
            else:
                func()

    def _executable(
        self, streams: Sequence[object]
    ) -> tuple[list[PDFStream], list[tuple[str, object]]]:
        """The streams pdfminer's `execute` runs, and the warnings it gives for
        the others (an inline one; one already running above this one)."""
        valid: list[PDFStream] = []
        skipped: list[tuple[str, object]] = []
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None:
                skipped.append(("Execute called on non-indirect object (inline image?) %r", stream))
            elif stream.objid in self.parent_stream_ids:
                skipped.append(
                    ("Refusing to execute circular reference to content stream %d", stream.objid)
                )
            else:
                valid.append(stream)
        return valid, skipped


def _resolved(value: Any, depth: int = DEFAULT_RESOLVE_DEPTH) -> Any:
    """A colour with the indirect references inside it resolved, as pdfplumber gives it."""
    if depth <= 0:
        return value
    if isinstance(value, PDFObjRef):
        return _resolved(value.resolve(), depth - 1)
    if isinstance(value, (list, tuple)):
        # Almost always plain numbers: then the colour is returned as it is.
        if not any(isinstance(v, (PDFObjRef, list, tuple)) for v in value):
            return value
        return type(value)(_resolved(v, depth - 1) for v in value)
    return value


class _ResourceManager(PDFResourceManager):
    """pdfminer's resource manager, but a CID font that carries its ToUnicode map
    is made without its embedded TrueType program.

    pdfminer decompresses a CID font's FontFile2 whenever there is one, and
    reads it only when the font has no ToUnicode stream (pdffont.PDFCIDFont).
    Excel and Word embed whole Japanese fonts: 1.4 MB inflated for nothing on a
    one-page bulletin, 4 MB on the 加盟店一覧 (real-pdfs/). The font is made
    from a copy of its descriptor without the program: every value pdfminer
    reads from it (name, flags, ascent, descent, bbox, widths) is the same.
    """

    def get_font(self, objid: object, spec: Any) -> Any:
        if literal_name(spec.get("Subtype")) in ("CIDFontType0", "CIDFontType2") and isinstance(
            spec.get("ToUnicode"), PDFStream
        ):
            descriptor = resolve1(spec.get("FontDescriptor"))
            if isinstance(descriptor, dict) and "FontFile2" in descriptor:
                spec = dict(spec)
                spec["FontDescriptor"] = {k: v for k, v in descriptor.items() if k != "FontFile2"}
        return super().get_font(objid, spec)


# One resource manager per open document (fonts are cached in it across pages).
_MANAGERS: WeakKeyDictionary[Any, _ResourceManager] = WeakKeyDictionary()


def _resource_manager(pdf: Any) -> _ResourceManager:
    manager = _MANAGERS.get(pdf)
    if manager is None:
        manager = _MANAGERS[pdf] = _ResourceManager()
    return manager


class _PageDevice(PDFLayoutAnalyzer):
    """pdfminer's layout device, but a character becomes our dict at once.

    pdfplumber's `page.layout` makes an LTChar of every character (and tags it
    with its marked content), to be walked and turned into a dict after: the
    characters are most of a page's objects. This device computes the same box
    the same way (pdfminer's LTChar.__init__, through apply_matrix_rect) and
    keeps only what the stages read; rules, shapes and images are left to
    pdfminer's own objects (a few per page). pdfplumber's coordinates: top-down,
    shifted by the MediaBox (pdfplumber#1181).
    """

    def __init__(self, page: Any) -> None:
        super().__init__(_resource_manager(page.pdf), pageno=page.page_number)
        self.height = float(page.height)
        self.doctop = float(page.initial_doctop)
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.chars: list[dict[str, Any]] = []
        self.result: LTPage | None = None
        self.mode: int = 0  # of the string being shown
        self.color: Any = None

    def receive_layout(self, ltpage: LTPage) -> None:
        self.result = ltpage

    def render_string(
        self, textstate: PDFTextState, seq: Any, ncs: Any, graphicstate: PDFGraphicState
    ) -> None:
        # The state is this string's own copy: what its characters share is
        # worked out once, the rendering mode and the fill colour as pdfplumber
        # gives it (always a tuple, references resolved).
        ncolor = graphicstate.ncolor
        self.mode = textstate.render
        self.color = _resolved(ncolor if isinstance(ncolor, tuple) else (ncolor,))
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: PDFGraphicState,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv: float = font.char_width(cid) * fontsize * scaling
        vertical = font.is_vertical()
        if vertical:
            vx, vy = font.char_disp(cid)  # type: ignore[misc]
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, adv, descent + rise + fontsize)
        a, b, c, d, _, _ = matrix
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        clip: Clip | None = getattr(graphicstate, "dx_clip", None)
        top = (self.height - y1) + self.mb_top
        self.chars.append(
            {
                "x0": x0 + self.mb_x0,
                "x1": x1 + self.mb_x0,
                "top": top,
                "bottom": (self.height - y0) + self.mb_top,
                "doctop": self.doctop + top,
                "text": text,
                "size": x1 - x0 if vertical else y1 - y0,
                "fontname": font.fontname,
                "upright": a * d * scaling > 0 and b * c <= 0,
                # As pdfplumber gives it (page.py): always a tuple.
                "non_stroking_color": self.color,
                "render_mode": self.mode,
                # Wholly outside its clipping path: drawn, never seen.
                "clipped": clip is not None
                and (x1 <= clip[0] or x0 >= clip[2] or y1 <= clip[1] or y0 >= clip[3]),
            }
        )
        return adv


def page_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """The page's characters, rectangles and lines as pdfplumber's dicts, keys we read only.

    pdfplumber's `page.chars` turns every layout object into a dict of every
    attribute, resolving each value (pdfplumber.page.Page.process_object): a
    fifth of the time of a page. This reads the page once with _PageDevice and
    fills in what the stages read, with pdfplumber's coordinates, so the values
    are the same.
    """
    device = _PageDevice(page)
    _Interpreter(device.rsrcmgr, device).process_page(page.page_obj)
    found: dict[str, list[dict[str, Any]]] = {
        "char": device.chars,
        "rect": [],
        "line": [],
        "image": [],
        "curve": [],
    }
    height, doctop = device.height, device.doctop
    mb_x0, mb_top = device.mb_x0, device.mb_top

    def place(obj: Any) -> dict[str, Any]:
        top = (height - obj.y1) + mb_top
        return {
            "x0": obj.x0 + mb_x0,
            "x1": obj.x1 + mb_x0,
            "top": top,
            "bottom": (height - obj.y0) + mb_top,
            "doctop": doctop + top,
        }

    def walk(objs: Iterable[Any]) -> None:
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj)
            elif isinstance(obj, LTImage):
                found["image"].append(place(obj))
            elif isinstance(obj, (LTRect, LTLine)):
                found["rect" if isinstance(obj, LTRect) else "line"].append(
                    {
                        **place(obj),
                        "fill": obj.fill,
                        "stroke": obj.stroke,
                        "linewidth": obj.linewidth,
                        "stroking_color": _resolved(obj.stroking_color),
                        "non_stroking_color": _resolved(obj.non_stroking_color),
                    }
                )
            elif isinstance(obj, LTCurve) and obj.fill:  # after LTRect, LTLine: its kinds
                # A filled shape drawn as a path (Impress draws its title bars
                # so): no table border, but text on it is on a background.
                found["curve"].append(
                    {**place(obj), "non_stroking_color": _resolved(obj.non_stroking_color)}
                )

    if device.result is not None:
        walk(device.result)
    return found


def dedupe_chars(chars: Sequence[dict[str, Any]], tolerance: float) -> list[dict[str, Any]]:
    """Fake bold removed: pdfplumber's `utils.dedupe_chars`, in n log n.

    The same rule and result (characters of the same text, font and size whose
    doctop, then x0, chain within `tolerance` of each other are one: the first
    by position is kept), but the survivors are put back in order by their
    index instead of `chars.index`, which made the original quadratic: most of
    a page's time on a dense slide.
    """
    order = {id(c): i for i, c in enumerate(chars)}
    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    kept = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        same = list(group)
        if len(same) == 1:
            kept.append(same[0])
            continue
        for line in _chains(same, "doctop", tolerance):
            for twins in _chains(line, "x0", tolerance):
                kept.append(min(twins, key=position))
    return sorted(kept, key=lambda c: order[id(c)])


def _chains(objs: list[dict[str, Any]], key: str, tolerance: float) -> list[list[dict[str, Any]]]:
    """Objects sorted by `key`, split where the step to the next exceeds `tolerance`.

    pdfplumber's cluster_objects (utils/clustering.py) without its dictionaries.
    """
    ordered = sorted(objs, key=itemgetter(key))
    out = [[ordered[0]]]
    for prev, cur in pairwise(ordered):
        if cur[key] <= prev[key] + tolerance:
            out[-1].append(cur)
        else:
            out.append([cur])
    return out
