"""What the canvas engine draws: the report's content (tools/fy2023_content.py) as
the generator's items, measured, in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from fy2023_content import (
    FieldTable,
    NewValue,
    PageBreak,
    Paragraph,
    PartTitle,
    Report,
    Section,
)

from .grids import field_grid, initiative_grids, summary_grid
from .items import BarItem, BreakItem, Item, NewValueItem, TextItem, boxed_heading
from .layouts import Layout
from .pitfalls import heading_text, lookalike
from .table_item import TableItem


def build_items(report: Report, layout: Layout, width: float) -> list[Item]:  # noqa: C901 (split in the next commit)
    """The report as a flat list of measured items, in reading order."""
    lay = layout
    gap = lay.block_gap
    items: list[Item] = []
    cs = lay.letter_spacing  # headings

    def heading(
        text: str,
        size: float,
        marker: Literal["", "square", "dot"] = "square",
        code: bool = False,
    ) -> None:
        boxed = boxed_heading(text, size, width, lay, gap) if code else None
        if boxed is not None:
            items.append(boxed)
            return
        text = heading_text(text, lay, code)
        bold = lay.fake_bold
        t = TextItem(
            [text], size, width, lay, marker=marker, bold=bold, gap_before=gap, char_space=cs
        )
        t.keep_with_next = True
        items.append(t)

    def page_title(lines: Sequence[str], size: float, page_top: bool) -> None:
        lines = [lookalike(x, lay) for x in lines]
        if lay.title_bar:
            bar = BarItem(lines, size, width, lay, page_top, bold=lay.fake_bold, char_space=cs)
            bar.gap_before, bar.keep_with_next = gap, True
            items.append(bar)
        else:
            t = TextItem(lines, size, width, lay, bold=True, gap_before=gap, char_space=cs)
            t.keep_with_next = True
            items.append(t)

    title = [lookalike(report.fill(x), lay) for x in report.title_lines]
    if lay.title_bar:
        bar = BarItem(title, lay.title_size, width, lay, True, bold=lay.fake_bold)
        bar.keep_with_next = True
        items.append(bar)
    else:
        t = TextItem(title, lay.title_size, width, lay, align="center", bold=True)
        t.keep_with_next = True
        items.append(t)
    heading(report.fill(report.heading), lay.heading_size)
    items.append(TableItem(summary_grid(report, lay), width, lay, gap))
    field_tables = 0
    for block in report.blocks:
        if isinstance(block, PageBreak):
            items.append(BreakItem())
        elif isinstance(block, FieldTable):
            page_title([block.heading], lay.bar_size, page_top=False)
            table = TableItem(field_grid(block, report, lay), width, lay, gap)
            if lay.split_tables and field_tables == lay.continued_field_table:
                last = len(table.rows) - table.head - 1  # all data rows but one
                table.continue_rows = max(1, min(lay.continue_rows, last))
            field_tables += 1
            items.append(table)
        elif isinstance(block, PartTitle):
            page_title([report.fill(block.text)], lay.bar_size, page_top=lay.title_bar)
        elif isinstance(block, Paragraph):
            marker: Literal["", "square", "dot"] = "dot" if block.bullet else ""
            size = lay.font_size + 1.5
            items.append(TextItem([block.text], size, width, lay, marker=marker, gap_before=gap))
        elif isinstance(block, NewValue):
            items.append(NewValueItem(block, width, lay, gap))
        elif isinstance(block, Section):
            heading(block.heading, lay.heading_size, code=True)
            if block.new_value is not None:
                items.append(NewValueItem(block.new_value, width, lay, gap / 2))
            for item in block.initiatives:
                grid, kpi = initiative_grids(item, report, lay)
                items.append(TableItem(grid, width, lay, gap))
                if kpi is not None:
                    items.append(TableItem(kpi, width, lay, lay.kpi_gap, sticky=True))
                if item.footnote:
                    note = TextItem([item.footnote], lay.font_size, width, lay, gap_before=2.0)
                    note.sticky = True
                    items.append(note)
    return items
