"""See what the extractor saw: per page, the tables found, what each became.

`dxextract inspect` runs the whole pipeline but stops at nothing: a block that
cannot be read is shown with its error and the rest goes on, and a PDF that is
not a DX report still shows its tables and how they were classified. Page
images (`--png`) outline each table in the colour of its kind so a person sees
at a glance what was found and what was missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel

from dxextract.errors import DxError
from dxextract.extract.cells import Item, Row, Table
from dxextract.extract.classify import Block, Heading, Kind, items_to_events
from dxextract.extract.geometry import DEFAULT_SLACK, Box
from dxextract.extract.headers import is_header_row
from dxextract.extract.hints import Hint, header_to_hint
from dxextract.extract.pdf import page_to_image, read_layouts
from dxextract.extract.reading import RecordFold
from dxextract.extract.records import Unread
from dxextract.extract.tables import layout_to_items
from dxextract.extract.titles import items_to_title, title_to_years
from dxextract.extract.vocabulary import Vocabulary

# Page images are drawn at this many dots per inch: large enough to read 7 pt
# table text, small enough (about 1200 × 850 px for A4) to open at once.
DEFAULT_RESOLUTION = 100
# Record texts longer than this are cut in the report (the JSON export has them whole).
DEFAULT_TEXT_CHARS = 30
# Outline width in pixels: visible at a glance at DEFAULT_RESOLUTION, thin enough
# not to hide the first characters of a cell.
DEFAULT_OUTLINE = 3
# Outline colour per kind (RGB); a table that became no block is UNKNOWN.
KIND_COLOURS: dict[Kind, tuple[int, int, int]] = {
    Kind.SUMMARY: (0, 90, 220),
    Kind.FIELDS: (0, 150, 60),
    Kind.INITIATIVE: (230, 120, 0),
    Kind.KPI: (150, 0, 200),
    Kind.UNKNOWN: (220, 0, 0),
}


@dataclass(frozen=True)
class BlockTrace:
    """What one classified block became: the area and section headings it stood
    under, its records, or the error it raised."""

    block: Block
    area: str | None
    section: str | None
    records: tuple[object, ...]
    error: str | None = None


@dataclass(frozen=True)
class TableReport:
    """One table found on a page and the blocks it was classified into."""

    table: Table
    traces: tuple[BlockTrace, ...]
    # What to add to the vocabulary for its rows of no known kind to be read.
    hints: tuple[Hint, ...] = ()

    @property
    def columns(self) -> int:
        return max((len(r.cells) for r in self.table.rows), default=0)

    @property
    def unclassified_rows(self) -> list[Row]:
        """Rows with text in no block: under no header words the pipeline knows."""
        return [
            r
            for r in self.table.rows
            if any(r.texts)
            and not any(
                tr.block.box.contains_point(r.box.xc, r.box.yc, DEFAULT_SLACK) for tr in self.traces
            )
        ]

    @property
    def stitched(self) -> bool:
        return any(t.block.stitched for t in self.traces)


@dataclass(frozen=True)
class PageReport:
    number: int
    width: float
    height: float
    tables: tuple[TableReport, ...]


@dataclass(frozen=True)
class Inspection:
    file: str
    pages: tuple[PageReport, ...]
    # Why no records were made (not a DX report), if so.
    note: str | None = None


def _walk_headings(events: Sequence[Block | Heading]) -> list[BlockTrace]:
    """The headings each block stands under, without making records."""
    area: str | None = None
    section: str | None = None
    out = []
    for ev in events:
        if isinstance(ev, Heading):
            area = ev.value if ev.kind == "area" else area
            section = ev.value if ev.kind == "section" else section
        else:
            out.append(BlockTrace(ev, area, section, ()))
    return out


def _inside(block: Block, table: Table) -> bool:
    return block.page == table.page and table.box.contains_point(
        block.box.xc, block.box.yc, DEFAULT_SLACK
    )


def items_to_traces(
    items: Sequence[Item], vocabulary: Vocabulary | None = None
) -> tuple[list[BlockTrace], str | None]:
    """Every block with its headings and records; a note when no records can be
    made (no DX report title), in which case the blocks come with no records.

    Blocks go through the pipeline's own fold (reading.RecordFold) one at a
    time, so that each one's records are known; a block that raises is shown
    with its error and the rest goes on (ingest would stop there).
    """
    events = items_to_events(items, vocabulary)
    try:
        results_year, plan_year = title_to_years(items_to_title(items, vocabulary))
    except DxError as exc:
        return _walk_headings(events), str(exc)
    fold = RecordFold(results_year, plan_year, vocabulary)
    trace: list[BlockTrace] = []
    for ev in events:
        error: str | None = None
        try:
            made = fold.event(ev)
        except (DxError, ValueError) as exc:  # a pydantic ValidationError is a ValueError
            made, error = [], str(exc).splitlines()[0]
        if isinstance(ev, Block):
            records = tuple(r for r in made if not isinstance(r, Unread))
            trace.append(BlockTrace(ev, fold.context.area, fold.context.section, records, error))
    return trace, None


def _table_report(
    table: Table, traces: tuple[BlockTrace, ...], vocabulary: Vocabulary | None
) -> TableReport:
    """A table's report, with a hint for each header row of no known kind."""
    report = TableReport(table, traces)
    hints = [
        hint
        for row in report.unclassified_rows
        if is_header_row(row, vocabulary) and (hint := header_to_hint(row.texts, vocabulary))
    ]
    return TableReport(table, traces, tuple(dict.fromkeys(hints)))


def pdf_to_inspection(
    path: Path,
    page: int | None = None,
    max_pages: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> Inspection:
    """The pipeline's view of a PDF, page by page (only page `page` if given)."""
    layouts = read_layouts(path, max_pages).layouts
    per_page = [(layout, layout_to_items(layout)) for layout in layouts]
    items = [it for _, page_items in per_page for it in page_items]
    traces, note = items_to_traces(items, vocabulary)
    pages = []
    for layout, page_items in per_page:
        if page is not None and layout.number != page:
            continue
        tables = [
            _table_report(it, tuple(t for t in traces if _inside(t.block, it)), vocabulary)
            for it in page_items
            if isinstance(it, Table)
        ]
        pages.append(PageReport(layout.number, layout.width, layout.height, tuple(tables)))
    return Inspection(path.name, tuple(pages), note)


def _bbox(box: Box) -> str:
    return "[" + ", ".join(f"{v:.1f}" for v in box.as_bbox()) + "]"


def record_to_text(record: object) -> str:
    """One record as `Kind field=value …` (page and bbox left out)."""
    skip = {"page", "bbox", "kpis", "box"}
    if isinstance(record, BaseModel):
        values = record.model_dump(exclude=skip)
    elif is_dataclass(record):
        values = {f.name: getattr(record, f.name) for f in fields(record) if f.name not in skip}
    else:
        return repr(record)
    name = getattr(type(record), "shown_as", type(record).__name__)
    shown = [f"{k}={_short(v)!r}" for k, v in values.items() if v not in ("", None)]
    return name + " " + " ".join(shown)


def _short(value: object) -> object:
    """Long texts cut to DEFAULT_TEXT_CHARS characters, so one record is one line."""
    if isinstance(value, str) and len(value) > DEFAULT_TEXT_CHARS:
        return value[: DEFAULT_TEXT_CHARS - 1] + "…"
    return value


def inspection_to_lines(inspection: Inspection) -> list[str]:
    """The report `dxextract inspect` prints."""
    lines = [inspection.file + (f" — {inspection.note}" if inspection.note else "")]
    for page in inspection.pages:
        lines.append(f"page {page.number}: {len(page.tables)} tables")
        for n, rep in enumerate(page.tables, 1):
            t = rep.table
            stitched = "stitched to the previous table" if rep.stitched else "not stitched"
            lines.append(
                f"  table {n}: bbox {_bbox(t.box)}, {len(t.rows)} rows × {rep.columns} columns, "
                f"{t.method}, {stitched}"
            )
            for tr in rep.traces:
                header = " | ".join(c.header for c in tr.block.columns)
                lines.append(
                    f"    {tr.block.kind.value} under area {tr.area or '—'}, "
                    f"section {tr.section or '—'}: {len(tr.block.rows)} rows; header: {header}"
                )
                if tr.error:
                    lines.append(f"      error: {tr.error}")
                lines.extend(f"      → {record_to_text(r)}" for r in tr.records)
            loose = rep.unclassified_rows
            if loose:
                first = " | ".join(x for x in loose[0].texts if x)
                lines.append(
                    f"    unknown: {len(loose)} rows in no table of a known kind, read as "
                    f"heading lines; first: {first}"
                )
            for hint in rep.hints:
                lines.append(f"    {hint.as_text()}:")
                lines.extend(f"      {line}" for line in hint.as_toml().splitlines())
    return lines


def _label(rep: TableReport) -> tuple[Kind, str]:
    kinds = [tr.block.kind for tr in rep.traces] or [Kind.UNKNOWN]
    if rep.traces and rep.unclassified_rows:
        kinds.append(Kind.UNKNOWN)
    names = ", ".join(dict.fromkeys(k.value for k in kinds))
    return kinds[0], f"{names} ({rep.table.method})"


def draw_page(
    path: Path, page: PageReport, out_dir: Path, resolution: int = DEFAULT_RESOLUTION
) -> Path:
    """Write `<stem>-p<N>.png`: the page with each table outlined and labelled by kind
    (each block in its own colour inside a table that holds several)."""
    image: Image.Image = page_to_image(path, page.number, resolution).convert("RGB")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default()
    scale = resolution / 72

    def outline(box: Box, colour: tuple[int, int, int]) -> None:
        xy = (box.x0 * scale, box.top * scale, box.x1 * scale, box.bottom * scale)
        draw.rectangle(xy, outline=colour, width=DEFAULT_OUTLINE)

    for rep in page.tables:
        kind, label = _label(rep)
        outline(rep.table.box, KIND_COLOURS[kind])
        for tr in rep.traces[1:]:
            outline(tr.block.box, KIND_COLOURS[tr.block.kind])
        x, y = rep.table.box.x0 * scale, rep.table.box.top * scale
        _, _, width, height = draw.textbbox((0, 0), label, font=font)
        # The label sits on the table's top edge, above it where there is room.
        text_y = max(0.0, y - height - 4)
        draw.rectangle((x, text_y, x + width + 4, text_y + height + 4), fill=KIND_COLOURS[kind])
        draw.text((x + 2, text_y + 1), label, fill=(255, 255, 255), font=font)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}-p{page.number}.png"
    image.save(target)
    return target


def inspect_pdf(
    path: Path,
    page: int | None = None,
    png_dir: Path | None = None,
    max_pages: int | None = None,
    vocabulary: Vocabulary | None = None,
) -> tuple[list[str], list[int]]:
    """What `dxextract inspect` prints (with the PNG files written into `png_dir`,
    their paths last) and the numbers of the pages shown: the whole command's
    work, in one call that a child process can make within the limits."""
    inspection = pdf_to_inspection(path, page, max_pages, vocabulary)
    lines = inspection_to_lines(inspection)
    if png_dir is not None:
        try:
            lines += [str(draw_page(path, report, png_dir)) for report in inspection.pages]
        except OSError as exc:
            raise DxError(f"{png_dir}: cannot write: {exc.strerror}") from exc
    return lines, [report.number for report in inspection.pages]
