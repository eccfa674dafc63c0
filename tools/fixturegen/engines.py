"""One interface over the engines that draw a report into a PDF.

An `Engine` renders a report in a style of its own (`render(report, path, style,
options)`, the page count), and has a default style and a random one per seed. The
generator's engine, "reportlab", takes a `Layout` as its style and draws it with the
layout's own engine (`Layout.engine`): the canvas (canvas.py) or platypus
(platypus.py), both `LayoutEngine`s. The producers of tools/producers/ (docx: Writer,
browser: Chromium, calc, impress, rearranged) are engines through the same interface,
each its module's own `render` and `random_style`, called exactly as their scripts and
tools/sweep_producers.py call them (imported when first used: they need python-docx,
python-pptx, LibreOffice, Chromium).

`RenderOptions` are what a rendering does besides its style (reportlab only):
encryption, and a look at every platypus Paragraph made (tests use it instead of
patching the generator's classes).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, TypedDict

from fy2023_content import Report
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.platypus import Paragraph as PdfParagraph

from .canvas import render_canvas
from .fonts import register_font
from .layouts import SLIDES, Layout, random_layout
from .platypus import render_platypus


class CanvasArgs(TypedDict, total=False):
    """The keyword arguments `RenderOptions.canvas_args` adds to reportlab's Canvas."""

    encrypt: StandardEncryption | str


@dataclass(frozen=True)
class RenderOptions:
    """What a rendering does besides its style (the reportlab engines only)."""

    # reportlab's `encrypt`: a reportlab.lib.pdfencrypt.StandardEncryption (or a user
    # password); the PDF is encrypted with it. None: not encrypted.
    encrypt: StandardEncryption | str | None = None
    # platypus: called with the markup and the Paragraph, for every Paragraph made
    # (after drawing, `paragraph.blPara` holds the lines platypus broke it into).
    on_paragraph: Callable[[str, PdfParagraph], None] | None = None

    def canvas_args(self) -> CanvasArgs:
        """Keyword arguments for reportlab's Canvas (and doc templates, which pass them
        on): none without encryption, so that the call is the one it always was."""
        return {} if self.encrypt is None else {"encrypt": self.encrypt}


NO_OPTIONS = RenderOptions()

# A layout engine: draws `report` in a Layout of its kind to `path`; the page count.
LayoutEngine = Callable[[Report, Path, Layout, RenderOptions], int]
LAYOUT_ENGINES: dict[str, LayoutEngine] = {"canvas": render_canvas, "platypus": render_platypus}


class Engine(Protocol):
    """Something that draws a report into a PDF, in a style of its own."""

    name: str

    def default_style(self) -> Any: ...

    def random_style(self, seed: int) -> Any: ...

    def render(
        self,
        report: Report,
        path: Path | str,
        style: Any = None,
        options: RenderOptions | None = None,
    ) -> int: ...


class ReportlabEngine:
    """The generator: a `Layout` (default SLIDES, random: `random_layout`) drawn by
    its layout engine."""

    name = "reportlab"

    def default_style(self) -> Layout:
        return SLIDES

    def random_style(self, seed: int) -> Layout:
        return random_layout(seed)

    def render(
        self,
        report: Report,
        path: Path | str,
        style: Layout | None = None,
        options: RenderOptions | None = None,
    ) -> int:
        layout = self.default_style() if style is None else style
        options = NO_OPTIONS if options is None else options
        register_font()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return LAYOUT_ENGINES[layout.engine](report, path, layout, options)


class ProducerEngine:
    """A producer of tools/producers/: its module's `render(report, pdf, style)`
    (style None: the module's default) and `random_style(seed)`."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(f"producers.{self.name}")

    def default_style(self) -> Any:
        return None

    def random_style(self, seed: int) -> Any:
        return self.module.random_style(seed)

    def render(
        self,
        report: Report,
        path: Path | str,
        style: Any = None,
        options: RenderOptions | None = None,
    ) -> int:
        _no_options(self.name, options)
        return int(self.module.render(report, Path(path), style))


class RearrangedEngine(ProducerEngine):
    """tools/producers/rearranged.py, whose style is (edition, its Style or None):
    by default its first edition; at random, edition `seed` mod their number."""

    def __init__(self) -> None:
        super().__init__("rearranged")

    def default_style(self) -> tuple[str, Any]:
        return self.module.EDITIONS[0], None

    def random_style(self, seed: int) -> tuple[str, Any]:
        editions = self.module.EDITIONS
        return editions[seed % len(editions)], self.module.random_style(seed)

    def render(
        self,
        report: Report,
        path: Path | str,
        style: Any = None,
        options: RenderOptions | None = None,
    ) -> int:
        _no_options(self.name, options)
        edition, st = self.default_style() if style is None else style
        return int(self.module.render(report, Path(path), edition, st))


def _no_options(name: str, options: RenderOptions | None) -> None:
    if options is not None and options != NO_OPTIONS:
        raise ValueError(f"{name}: render options are for the reportlab engine only")


ENGINES: dict[str, Engine] = {
    "reportlab": ReportlabEngine(),
    **{name: ProducerEngine(name) for name in ("docx", "browser", "calc", "impress")},
    "rearranged": RearrangedEngine(),
}


def engine(name: str) -> Engine:
    """The engine called `name` (reportlab, docx, browser, calc, impress, rearranged)."""
    try:
        return ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}") from None


def render_report(
    report: Report, path: Path | str, layout: Layout, options: RenderOptions | None = None
) -> int:
    """Write `report` drawn with `layout` to `path`; return the number of pages.
    `options`: encrypted, Paragraphs looked at (see RenderOptions)."""
    return ENGINES["reportlab"].render(report, path, layout, options)
