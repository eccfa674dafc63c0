"""The canvas engine's pagination: measured items into pages, groups kept together,
tables split between rows where a layout says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from .items import BreakItem, Item
from .layouts import Layout
from .table_item import TableItem


def _groups(items: list[Item], layout: Layout) -> Iterator[list[Item]]:
    """Units placed together: headings with what follows them, tables with their KPI
    tables (unless one table per page) and footnotes."""
    i = 0
    while i < len(items):
        group = [items[i]]
        i += 1
        while group[-1].keep_with_next and i < len(items) and not isinstance(items[i], BreakItem):
            group.append(items[i])
            i += 1
        while i < len(items) and items[i].sticky:
            if items[i].tables and layout.max_tables_per_page == 1:
                break
            group.append(items[i])
            i += 1
        yield group


Placed = list[tuple[Item, float]]


Broken = tuple[list[Item], list[Item]]  # (on this page, continuing on the next)


def paginate(items: list[Item], layout: Layout, usable: float) -> list[Placed]:
    """The items on pages `usable` pt high: each page a list of (item, y)."""
    pages = _Pages(layout, usable)
    for group in _groups(items, layout):
        pages.add(group)
    return [page for page in pages.pages if page]


class _Pages:
    """Pages being filled: the last one's height so far (`y`) and its tables."""

    def __init__(self, layout: Layout, usable: float) -> None:
        self.layout, self.usable = layout, usable
        self.limit = usable * layout.fill_fraction  # the page's fill
        self.pages: list[Placed] = [[]]
        self.y = 0.0
        self.tables = 0

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
        self.y, self.tables = 0.0, 0

    def place(self, item: Item) -> None:
        if self.pages[-1]:
            self.y += item.gap_before
        self.pages[-1].append((item, self.y))
        self.y += item.height
        self.tables += item.tables

    def place_first(self, broken: Broken) -> list[Item]:
        """Place what goes on this page; the rest."""
        for it in broken[0]:
            self.place(it)
        return broken[1]

    def extent(self, group: list[Item]) -> float:
        """The height `group` takes here (no gap before it at the top of a page)."""
        h = sum(it.height + it.gap_before for it in group)
        return h - (group[0].gap_before if not self.pages[-1] else 0.0)

    def add(self, group: list[Item]) -> None:
        """Place a group: on a new page if it must start one; with `split_tables`
        broken where it reaches the page's fill (or the page's bottom); else moved
        whole to the next page; item by item if taller than a page."""
        if isinstance(group[0], BreakItem):
            if self.layout.honor_page_breaks:
                self.new_page()
            return
        self._new_page_for(group)
        group = self._to_fill(group)
        group = self._over_pages(group)
        if self.y + self.extent(group) <= self.usable:
            for it in group:
                self.place(it)
            return
        for it in group:  # taller than a page: item by item, tables split between rows
            self._place_split(it)

    def _new_page_for(self, group: list[Item]) -> None:
        """A new page for a title bar, or for tables past the layout's tables per page."""
        n_tables = sum(it.tables for it in group)
        max_tables = self.layout.max_tables_per_page
        over = max_tables and self.tables + n_tables > max_tables
        if self.pages[-1] and (group[0].page_top or over):
            self.new_page()

    def _to_fill(self, group: list[Item]) -> list[Item]:
        """What of `group` is left to place once the page's fill is dealt with."""
        lay = self.layout
        if lay.split_tables and self._leave_room(group):
            # Down to where its first `continue_rows` data rows end at the page's fill.
            broken = self._split_group(group, self.limit)
            if broken is not None:
                group = self.place_first(broken)
                self.new_page()
        elif (self.pages[-1] or lay.split_tables) and self.y + self.extent(group) > self.limit:
            # Past the page's fill: to the next page (unless the page is empty), or with
            # `split_tables` its first rows down to the fill, the rest on the next page.
            broken = self._split_group(group, self.limit) if lay.split_tables else None
            if broken is not None:
                group = self.place_first(broken)
            self.new_page()
        return group

    def _over_pages(self, group: list[Item]) -> list[Item]:
        """With `split_tables`, a group taller than a page broken page by page."""
        while self.layout.split_tables and self.y + self.extent(group) > self.usable:
            broken = self._split_group(group, self.usable)
            if broken is None and not self.pages[-1]:
                break  # a row taller than a page: raises in _place_split
            if broken is not None:
                group = self.place_first(broken)
            self.new_page()
        return group

    def _place_split(self, item: Item) -> None:
        """Place `item`, a table split between rows over as many pages as it takes."""
        pending: Item | None = item
        while pending is not None:
            cur, pending = pending, None
            room = self.usable - self.y - (cur.gap_before if self.pages[-1] else 0.0)
            if cur.height <= room:
                self.place(cur)
                continue
            repeat = self.layout.repeat_header
            parts = cur.split(room, repeat) if isinstance(cur, TableItem) else None
            if parts is not None:
                self.place(parts[0])
                self.new_page()
                pending = parts[1]
            elif self.pages[-1]:
                self.new_page()
                pending = cur
            else:
                raise ValueError(f"{self.layout.name}: a table row is taller than a page")

    def _split_group(self, group: list[Item], bottom: float) -> Broken | None:
        """(what goes on this page, what continues on the next): the group broken between
        two rows of one of its tables, so that the continuation starts with table rows
        (what follows a table, e.g. a footnote, never starts a page alone). None if not
        even the first data row of the group's first table fits."""
        room = bottom - self.y
        used = 0.0
        for k, it in enumerate(group):
            gap = it.gap_before if self.pages[-1] or k else 0.0
            if isinstance(it, TableItem) and not _fits_up_to_next_table(group, k, used + gap, room):
                return _split_at(group, k, room - used - gap, self.layout.repeat_header)
            used += gap + it.height
            if not isinstance(it, TableItem) and used > room:
                return None
        return None

    def _leave_room(self, group: list[Item]) -> bool:
        """For a group whose first table has `continue_rows`: move `y` down (to the next
        page first if need be) so that the table breaks after that many data rows at
        the page's fill. False (nothing moved) for other groups, or if they do not fit."""
        k = next((j for j, it in enumerate(group) if it.tables), -1)
        table = group[k] if k >= 0 else None
        if not isinstance(table, TableItem) or not table.continue_rows:
            return False
        if self._need(group, k, table) + 0.5 > self.limit:
            return False
        if self.pages[-1] and self.y + self._need(group, k, table) + 0.5 > self.limit:
            self.new_page()
        self.y = max(self.y, self.limit - self._need(group, k, table) - 0.5)
        return True

    def _need(self, group: list[Item], k: int, table: TableItem) -> float:
        """The height of `group` down to the end of its table `k`'s first rows."""
        first = table.rows[: table.head + table.continue_rows]
        return self.extent(group[: k + 1]) - table.height + sum(r.height for r in first)


def _fits_up_to_next_table(group: list[Item], k: int, top: float, room: float) -> bool:
    """Whether table `k` (starting at `top`) and what follows it up to the group's next
    table fit in `room`, there being a next table (to break in instead)."""
    nxt = next((j for j in range(k + 1, len(group)) if group[j].tables), len(group))
    upto = top + group[k].height + sum(g.gap_before + g.height for g in group[k + 1 : nxt])
    return upto <= room and nxt < len(group)


def _split_at(group: list[Item], k: int, avail: float, repeat: bool) -> Broken | None:
    """The group broken in its table `k` (the rows that fit in `avail`), else right
    before it if it is a KPI table under its initiative table; else None."""
    table = group[k]
    assert isinstance(table, TableItem)
    parts = table.split(avail, repeat)
    if parts is not None:
        return [*group[:k], parts[0]], [parts[1], *group[k + 1 :]]
    if k and isinstance(group[k - 1], TableItem):
        return group[:k], group[k:]  # a KPI table under its initiative table
    return None
