"""A table in the making (Component): the ruling segments and shaded boxes one
table's graphics gather, and its bands of rows (Band) once computed; graphics.py
makes components, bands.py turns them into cells."""

from __future__ import annotations

from dxextract.extract.cells import union
from dxextract.extract.geometry import Box, Segment


class Component:
    """Rules and fills that make one table; grown only through add() and absorb(),
    which keep its bounding box and bands (read in every pairing loop) up to date.
    (Plain classes with slots here, not dataclasses: those cost 0.4 ms each to
    create at every start of `tables`.)"""

    __slots__ = ("_bands", "_box", "fills", "segments")

    def __init__(self, segments: list[Segment] | None = None, fills: list[Box] | None = None):
        self.segments: list[Segment] = segments if segments is not None else []
        self.fills: list[Box] = fills if fills is not None else []
        self._box: Box | None = None
        self._bands: list[Band] | None = None

    @property
    def box(self) -> Box:
        if self._box is None:
            self._box = union([segment_box(s) for s in self.segments] + list(self.fills))
        return self._box

    def add(self, segment: Segment | None = None, fill: Box | None = None) -> None:
        if segment is not None:
            self.segments.append(segment)
        if fill is not None:
            self.fills.append(fill)
        self._box = self._bands = None

    def absorb(self, other: Component) -> None:
        self.segments.extend(other.segments)
        self.fills.extend(other.fills)
        self._box = self._bands = None

    @property
    def rules_only(self) -> bool:
        return not self.fills and all(s.horizontal for s in self.segments)


def segment_box(s: Segment) -> Box:
    if s.horizontal:
        return Box(s.start, s.pos, s.end, s.pos)
    return Box(s.pos, s.start, s.pos, s.end)


class Band:
    """A row of a grid: `bounds` are the x positions of its cell borders, outer
    ones included; `carried`: the inner borders are the columns of a row above
    or below, this row draws no vertical rule of its own (a merged heading row,
    a row of a ruled-off grid)."""

    __slots__ = ("bottom", "bounds", "carried", "top")

    def __init__(self, top: float, bottom: float, bounds: list[float], carried: bool = False):
        self.top, self.bottom, self.bounds, self.carried = top, bottom, bounds, carried

    def copy(self) -> Band:
        """The band with its own list of borders."""
        return Band(self.top, self.bottom, list(self.bounds), self.carried)
