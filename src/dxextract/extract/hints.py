"""What a header that names no kind looks like: the kind whose other columns it
names (目標値, 実績値, 達成状況 without 指標名), so that `inspect` and the `unread`
warning can say which words to add to the vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from dxextract.extract.classify import KIND_NAMES, Kind
from dxextract.extract.headers import MARK_RE, YEAR_TOKEN_RE
from dxextract.extract.vocabulary import Vocabulary, vocabulary_or_default
from dxextract.text import nfkc_compact

# A header naming no kind looks like one when it names at least this share of
# the kind's other roles (目標値, 実績値, 達成状況 of a KPI table without 指標名).
DEFAULT_HINT_SHARE = 0.5


class Hint(NamedTuple):
    """A word the vocabulary lacks: the header cell that names no role where a
    kind's role is missing, and the group to add it to."""

    kind: Kind
    group: str  # `kpi.roles.name`
    word: str

    def as_text(self) -> str:
        return (
            f"looks like a {self.kind.value}; its header {self.word} names no known role: "
            + self.as_line()
        )

    def as_line(self) -> str:
        """What to do, as every hint says it."""
        return f'add "{self.word}" to [{self.group}] in your vocabulary file'

    def as_toml(self) -> str:
        return f'[{self.group}]\nwords = ["{self.word}"]'


def header_to_hint(texts: Sequence[str], vocabulary: Vocabulary | None = None) -> Hint | None:
    """For a header row of no known kind: the kind it looks like (most of the
    roles besides those that make the kind are named), the one role those lack
    and the cell that names nothing, which is that role's word; else None."""
    words = vocabulary_or_default(vocabulary)
    cells = [
        c for c in (MARK_RE.sub("", YEAR_TOKEN_RE.sub("", nfkc_compact(t))) for t in texts) if c
    ]
    for kind, name in KIND_NAMES.items():
        roles = [role for role, _ in words.roles.get(name, ())]
        named = [words.names_in(name, c) for c in cells]
        unnamed = [c for c, n in zip(cells, named, strict=True) if not n]
        found = set().union(*named) if named else set()
        for need in words.found_by(name):
            missing = [r for r in need if r not in found]
            others = [r for r in roles if r not in need]
            if (
                len(missing) == 1
                and missing[0] in roles
                and len(unnamed) == 1
                and others
                and len(found & set(others)) >= DEFAULT_HINT_SHARE * len(others)
            ):
                return Hint(kind, f"{name}.roles.{missing[0]}", unnamed[0])
    return None
