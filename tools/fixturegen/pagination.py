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


def paginate(items: list[Item], layout: Layout, usable: float) -> list[Placed]:  # noqa: C901 (split in the next commit)
    pages: list[Placed] = [[]]
    y = 0.0
    tables = 0
    limit = usable * layout.fill_fraction
    max_tables = layout.max_tables_per_page

    def new_page() -> None:
        nonlocal y, tables
        if pages[-1]:
            pages.append([])
        y, tables = 0.0, 0

    def place(item: Item) -> None:
        nonlocal y, tables
        if pages[-1]:
            y += item.gap_before
        pages[-1].append((item, y))
        y += item.height
        tables += item.tables

    def extent(group: list[Item]) -> float:
        h = sum(it.height + it.gap_before for it in group)
        return h - (group[0].gap_before if not pages[-1] else 0.0)

    def split_group(group: list[Item], bottom: float) -> tuple[list[Item], list[Item]] | None:
        """(what goes on this page, what continues on the next): the group broken between
        two rows of one of its tables, so that the continuation starts with table rows
        (what follows a table, e.g. a footnote, never starts a page alone). None if not
        even the first data row of the group's first table fits."""
        room = bottom - y
        used = 0.0
        for k, it in enumerate(group):
            gap = it.gap_before if pages[-1] or k else 0.0
            if not isinstance(it, TableItem):
                used += gap + it.height
                if used > room:
                    return None
                continue
            nxt = next((j for j in range(k + 1, len(group)) if group[j].tables), len(group))
            upto = used + gap + it.height + sum(g.gap_before + g.height for g in group[k + 1 : nxt])
            if upto <= room and nxt < len(group):
                used += gap + it.height
                continue  # this table and what follows it fit: break in a later table
            parts = it.split(room - used - gap, layout.repeat_header)
            if parts is not None:
                return [*group[:k], parts[0]], [parts[1], *group[k + 1 :]]
            if k and isinstance(group[k - 1], TableItem):
                return group[:k], group[k:]  # a KPI table under its initiative table
            return None
        return None

    def leave_room(group: list[Item]) -> bool:
        """For a group whose first table has `continue_rows`: move `y` down (to the next
        page first if need be) so that the table breaks after that many data rows at
        the page's fill. False (nothing moved) for other groups, or if they do not fit."""
        nonlocal y
        k = next((j for j, it in enumerate(group) if it.tables), -1)
        table = group[k] if k >= 0 else None
        if not isinstance(table, TableItem) or not table.continue_rows:
            return False
        first = table.rows[: table.head + table.continue_rows]

        def need() -> float:
            return extent(group[: k + 1]) - table.height + sum(r.height for r in first)

        if need() + 0.5 > limit:
            return False
        if pages[-1] and y + need() + 0.5 > limit:
            new_page()
        y = max(y, limit - need() - 0.5)
        return True

    for group in _groups(items, layout):
        if isinstance(group[0], BreakItem):
            if layout.honor_page_breaks:
                new_page()
            continue
        n_tables = sum(it.tables for it in group)
        if pages[-1] and (group[0].page_top or (max_tables and tables + n_tables > max_tables)):
            new_page()
        if layout.split_tables and leave_room(group):
            # Down to where its first `continue_rows` data rows end at the page's fill.
            broken = split_group(group, limit)
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
                new_page()
        elif (pages[-1] or layout.split_tables) and y + extent(group) > limit:
            # Past the page's fill: to the next page (unless the page is empty), or with
            # `split_tables` its first rows down to the fill, the rest on the next page.
            broken = split_group(group, limit) if layout.split_tables else None
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
            new_page()
        while layout.split_tables and y + extent(group) > usable:  # taller than a page
            broken = split_group(group, usable)
            if broken is None and not pages[-1]:
                break  # a row taller than a page: raises below
            if broken is not None:
                for it in broken[0]:
                    place(it)
                group = broken[1]
            new_page()
        if y + extent(group) <= usable:
            for it in group:
                place(it)
            continue
        for it in group:  # taller than a page: item by item, tables split between rows
            pending: Item | None = it
            while pending is not None:
                cur, pending = pending, None
                room = usable - y - (cur.gap_before if pages[-1] else 0.0)
                if cur.height <= room:
                    place(cur)
                    continue
                repeat = layout.repeat_header
                parts = cur.split(room, repeat) if isinstance(cur, TableItem) else None
                if parts is not None:
                    place(parts[0])
                    new_page()
                    pending = parts[1]
                elif pages[-1]:
                    new_page()
                    pending = cur
                else:
                    raise ValueError(f"{layout.name}: a table row is taller than a page")
    return [page for page in pages if page]
