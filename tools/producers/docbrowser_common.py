"""What the docx and browser producers share besides their blocks (docbrowser_flow.py):
column widths that fit the tables' text, the string check and a seed sweep.

The producers (`tools/producers/docx.py`, `tools/producers/browser.py`) render the
same content through real software (LibreOffice Writer from a python-docx .docx;
headless Chromium printing HTML/CSS). Both walk `flow(report)`, so that the order of
blocks, the headings and labels, and every table's rows and columns are the ones of
`printed_strings(report)`; only the look is theirs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1]
ROOT = TOOLS.parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from fy2023_content import Report, printed_strings  # noqa: E402
from producers.docbrowser_flow import Cell, Table  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "producers"
GOTHIC = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
MINCHO = Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")


# ---------------------------------------------------------------------------------
# Text widths (to keep columns wide enough for their unbreakable runs)
# ---------------------------------------------------------------------------------


def _units(text: str) -> Iterator[str]:
    for m in re.finditer(r"[!-~]+|\S", text):
        yield m.group()


def em_width(text: str) -> float:
    """A generous width estimate in em: ASCII 0.6, anything else 1, and a quarter em
    where ASCII meets other text (Word's Asian/Latin spacing)."""
    ascii_ = [" " <= ch <= "~" for ch in text]
    switches = sum(a != b for a, b in pairwise(ascii_))
    return sum(0.6 if a else 1.0 for a in ascii_) + 0.25 * switches


def min_unit_em(text: str) -> float:
    return max((em_width(u) for u in _units(text)), default=0.0)


def fit_widths(table: Table, total: float, size_pt: float, pad_pt: float) -> list[float]:
    """Column widths (same unit as `total`, in pt) proportional to the weights, widened
    where a cell's widest unbreakable run would not fit."""
    n = table.columns
    need = [2 * pad_pt + size_pt] * n
    for row in table.rows:
        for cell in row.cells:
            w = _cell_em(cell, row.header) * size_pt + 2 * pad_pt + 2
            per = w / cell.span
            for c in range(cell.col, cell.col + cell.span):
                need[c] = max(need[c], per)
    s = sum(table.weights)
    widths = [total * w / s for w in table.weights]
    fixed: set[int] = set()
    for _ in range(n):
        short = {i for i in range(n) if widths[i] < need[i] - 1e-6}
        if not short:
            break
        fixed |= short
        for i in fixed:
            widths[i] = need[i]
        rest = [i for i in range(n) if i not in fixed]
        room = total - sum(widths[i] for i in fixed)
        rs = sum(table.weights[i] for i in rest) or 1.0
        for i in rest:
            widths[i] = room * table.weights[i] / rs
    return widths


def _cell_em(cell: Cell, header: bool) -> float:
    """The width (em) a cell's column needs for it."""
    full = em_width(cell.text)
    if cell.letter_spaced:
        return full * 2
    if not header and full <= 6.5:  # values, codes: never wrapped
        return full
    if header and full <= 10:  # labels: in two lines at most
        return max(full / 2 + 1, min_unit_em(cell.text))
    return min_unit_em(cell.text)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------

# Code points Chromium (Skia) writes in the text layer for a glyph IPAex shares between
# two code points (its ToUnicode map names one of them): the character each stands
# for. Kangxi radicals (U+2F00-U+2FDF, ⼀ for 一, ⽀ for 支 ...) and CJK radical
# supplements with a compatibility decomposition are mapped by NFKC. Both the PDF's
# text and the expected strings are folded the same way.
LOOKALIKES = {
    "\u2ea0": "民",  # CJK RADICAL CIVILIAN (no NFKC decomposition)
    "\u0336": "—",  # COMBINING LONG STROKE OVERLAY for EM DASH
    "\u301c": "～",  # WAVE DASH for FULLWIDTH TILDE
}


def unlookalike(ch: str) -> str:
    if ch in LOOKALIKES:
        return LOOKALIKES[ch]
    if "\u2e80" <= ch <= "\u2fdf":
        return unicodedata.normalize("NFKC", ch)
    return ch


def fold(text: str) -> str:
    """Whitespace removed, look-alikes mapped back."""
    return "".join(unlookalike(c) for c in _WS.sub("", text))


_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text)


def pdf_text(pdf: Path) -> tuple[str, Counter[str]]:
    """All pages' characters in drawing order (pdfplumber), whitespace removed and
    look-alikes mapped back; with a count of the look-alikes met."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    found: Counter[str] = Counter()
    out: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for ch in page.chars:
                for c in ch["text"]:
                    m = unlookalike(c)
                    if m != c:
                        found[c] += 1
                    out.append(m)
    return fold("".join(out)), found


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) not found in the PDF's text layer."""
    text, _ = pdf_text(pdf)
    return [s for s in printed_strings(report) if fold(s) not in text]


def out_of_order(report: Report, pdf: Path) -> list[str]:
    """Strings found, but only before the previous string's position (reading order)."""
    text, _ = pdf_text(pdf)
    pos, late = 0, []
    for s in printed_strings(report):
        q = fold(s)
        at = text.find(q, pos)
        if at < 0:
            if q in text:
                late.append(s)
            continue
        pos = at + len(q)
    return late


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    m = re.search(r"^Pages:\s+(\d+)", out.stdout, re.M)
    return int(m.group(1)) if m else 0


# ---------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------


@dataclass
class SweepResult:
    passed: int = 0
    failed: list[tuple[int, list[str]]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    lookalikes: Counter[str] = field(default_factory=Counter)


def sweep(
    render: Callable[..., int],
    random_style: Callable[[int], object],
    report: Report,
    seeds: range,
    tmp: Path,
    name: str,
) -> SweepResult:
    res = SweepResult()
    for seed in seeds:
        style = random_style(seed)
        pdf = tmp / f"{name}_seed{seed}.pdf"
        t0 = time.perf_counter()
        pages = render(report, pdf, style)
        res.seconds.append(time.perf_counter() - t0)
        missing = check(report, pdf)
        res.lookalikes.update(pdf_text(pdf)[1])
        if missing:
            res.failed.append((seed, missing))
            print(f"seed {seed}: {pages} pages, {len(missing)} missing {missing[:3]} {style}")
        else:
            res.passed += 1
            print(f"seed {seed}: {pages} pages, ok ({res.seconds[-1]:.1f} s)")
    return res


def report_fixture(report: Report, pdf: Path, pages: int, seconds: float) -> bool:
    missing = check(report, pdf)
    late = out_of_order(report, pdf)
    _, looks = pdf_text(pdf)
    rel = pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf
    shown = ", ".join(f"U+{ord(c):04X}×{n}" for c, n in sorted(looks.items())) or "none"
    print(
        f"{rel}: {pages} pages, {seconds:.1f} s, {len(missing)} missing, "
        f"{len(late)} out of order, look-alikes: {shown}"
    )
    for s in missing:
        print(f"  missing: {s}")
    return not missing
