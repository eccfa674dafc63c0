"""Stage 1a: a page's characters, rectangles and lines as plain dicts, fake bold removed.

pdf.py reads pages through these two steps. They give exactly what pdfplumber's
`page.chars`, `page.rects`, `page.lines` and `utils.dedupe_chars` give, for the
keys the stages read (tests/test_page_objects.py checks it), at a fraction of
the cost: together they were most of the time ingest spent beyond pdfminer's
own parsing (bench/bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect
from pdfminer.pdftypes import PDFObjRef

# How deep indirect references inside a colour are followed: a colour is a few
# numbers; a deeper chain is a damaged (or cyclic) file, left unresolved.
DEFAULT_RESOLVE_DEPTH = 8


def _resolved(value: Any, depth: int = DEFAULT_RESOLVE_DEPTH) -> Any:
    """A colour with the indirect references inside it resolved, as pdfplumber gives it."""
    if depth <= 0:
        return value
    if isinstance(value, PDFObjRef):
        return _resolved(value.resolve(), depth - 1)
    if isinstance(value, (list, tuple)):
        return type(value)(_resolved(v, depth - 1) for v in value)
    return value


def page_objects(page: Any) -> dict[str, list[dict[str, Any]]]:
    """The page's characters, rectangles and lines as pdfplumber's dicts, keys we read only.

    pdfplumber's `page.chars` turns every layout object into a dict of every
    attribute, resolving each value (pdfplumber.page.Page.process_object): a
    fifth of the time of a page. This walks pdfminer's layout once and fills
    in what the stages read, with pdfplumber's coordinates (top-down, shifted
    by the MediaBox, pdfplumber#1181), so the values are the same.
    """
    found: dict[str, list[dict[str, Any]]] = {"char": [], "rect": [], "line": []}
    height, doctop = float(page.height), float(page.initial_doctop)
    mb_x0, mb_top = page.mediabox[:2]

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
            elif isinstance(obj, LTChar):
                found["char"].append(
                    {
                        **place(obj),
                        "text": obj.get_text(),
                        "size": obj.size,
                        "fontname": obj.fontname,
                        "upright": obj.upright,
                    }
                )
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

    walk(page.layout)
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
