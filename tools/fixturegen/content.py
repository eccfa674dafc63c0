"""What the canvas engine draws: the report's content (tools/fy2023_content.py) as
the generator's items, measured, in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from fy2023_content import (
    Block,
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

Marker = Literal["", "square", "dot"]


def build_items(report: Report, layout: Layout, width: float) -> list[Item]:
    """The report as a flat list of measured items, in reading order."""
    items = _Items(report, layout, width)
    items.title()
    items.heading(report.fill(report.heading), layout.heading_size)
    items.add(TableItem(summary_grid(report, layout), width, layout, layout.block_gap))
    for block in report.blocks:
        items.block(block)
    return items.items


class _Items:
    """The items of one report in one layout, added block by block."""

    def __init__(self, report: Report, layout: Layout, width: float) -> None:
        self.report, self.lay, self.width = report, layout, width
        self.gap = layout.block_gap
        self.cs = layout.letter_spacing  # headings
        self.items: list[Item] = []
        self.field_tables = 0  # so far

    def add(self, item: Item) -> None:
        self.items.append(item)

    def block(self, block: Block) -> None:
        lay = self.lay
        match block:
            case PageBreak():
                self.add(BreakItem())
            case FieldTable():
                self.field_table(block)
            case PartTitle():
                self.page_title([self.report.fill(block.text)], page_top=lay.title_bar)
            case Paragraph():
                marker: Marker = "dot" if block.bullet else ""
                size = lay.font_size + 1.5
                self.add(
                    TextItem(
                        [block.text], size, self.width, lay, marker=marker, gap_before=self.gap
                    )
                )
            case NewValue():
                self.add(NewValueItem(block, self.width, lay, self.gap))
            case Section():
                self.section(block)

    def title(self) -> None:
        """The report's title: in a bar, or centred bold lines."""
        lay, width = self.lay, self.width
        title = [lookalike(self.report.fill(x), lay) for x in self.report.title_lines]
        if lay.title_bar:
            item: Item = BarItem(title, lay.title_size, width, lay, True, bold=lay.fake_bold)
        else:
            item = TextItem(title, lay.title_size, width, lay, align="center", bold=True)
        item.keep_with_next = True
        self.add(item)

    def heading(
        self, text: str, size: float, marker: Marker = "square", code: bool = False
    ) -> None:
        """A heading (with `code`, a section's, in two boxes if the layout says so)."""
        lay, width, gap = self.lay, self.width, self.gap
        boxed = boxed_heading(text, size, width, lay, gap) if code else None
        if boxed is not None:
            self.add(boxed)
            return
        text = heading_text(text, lay, code)
        bold = lay.fake_bold
        t = TextItem(
            [text], size, width, lay, marker=marker, bold=bold, gap_before=gap, char_space=self.cs
        )
        t.keep_with_next = True
        self.add(t)

    def page_title(self, lines: Sequence[str], page_top: bool) -> None:
        """A part title or a field table's heading: in a bar, or bold lines."""
        lay, width, gap, cs, size = self.lay, self.width, self.gap, self.cs, self.lay.bar_size
        lines = [lookalike(x, lay) for x in lines]
        if lay.title_bar:
            bar = BarItem(lines, size, width, lay, page_top, bold=lay.fake_bold, char_space=cs)
            bar.gap_before, bar.keep_with_next = gap, True
            self.add(bar)
        else:
            t = TextItem(lines, size, width, lay, bold=True, gap_before=gap, char_space=cs)
            t.keep_with_next = True
            self.add(t)

    def field_table(self, block: FieldTable) -> None:
        """Its heading and the table; the one the layout continues on the next page
        marked with its `continue_rows`."""
        lay = self.lay
        self.page_title([block.heading], page_top=False)
        table = TableItem(field_grid(block, self.report, lay), self.width, lay, self.gap)
        if lay.split_tables and self.field_tables == lay.continued_field_table:
            last = len(table.rows) - table.head - 1  # all data rows but one
            table.continue_rows = max(1, min(lay.continue_rows, last))
        self.field_tables += 1
        self.add(table)

    def section(self, block: Section) -> None:
        """Its heading, 新しい価値, then each initiative: its table, KPI table, footnote."""
        lay, width, gap = self.lay, self.width, self.gap
        self.heading(block.heading, lay.heading_size, code=True)
        if block.new_value is not None:
            self.add(NewValueItem(block.new_value, width, lay, gap / 2))
        for item in block.initiatives:
            grid, kpi = initiative_grids(item, self.report, lay)
            self.add(TableItem(grid, width, lay, gap))
            if kpi is not None:
                self.add(TableItem(kpi, width, lay, lay.kpi_gap, sticky=True))
            if item.footnote:
                note = TextItem([item.footnote], lay.font_size, width, lay, gap_before=2.0)
                note.sticky = True
                self.add(note)
