"""The font (IPAexGothic, embedded as a subset with a ToUnicode map) and text widths."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "IPAexGothic"
SYSTEM_FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
# IPAexGothic's ascender is 1802/2048 of the em: where a baseline goes in its line box.
ASCENT = 0.88


def find_font() -> Path:
    """ipaexg.ttf from the japanize-matplotlib package (found, never imported), else
    Debian's fonts-ipaexfont-gothic."""
    candidates = []
    spec = importlib.util.find_spec("japanize_matplotlib")
    if spec is not None and spec.origin is not None:
        candidates.append(Path(spec.origin).parent / "fonts" / "ipaexg.ttf")
    candidates.append(SYSTEM_FONT)
    for path in candidates:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "IPAexGothic (ipaexg.ttf) not found: install the dev extras "
        "(pip install -e '.[dev]', which brings japanize-matplotlib) "
        f"or Debian's fonts-ipaexfont-gothic; looked in {', '.join(map(str, candidates))}"
    )


def register_font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(find_font())))
    return FONT


@cache
def _em_width(font: str, text: str) -> float:
    """Width of `text` at 1 pt (reportlab adds glyph widths: no kerning, no shaping)."""
    return float(pdfmetrics.stringWidth(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    return sum(_em_width(font, ch) for ch in text) * size


def run_width(runs: Sequence[tuple[str, bool]], size: float, char_space: float) -> float:
    w = sum(text_width(t, FONT, size) + char_space * size * max(0, len(t) - 1) for t, _ in runs)
    return w + 0.5 * size * (len(runs) - 1)
