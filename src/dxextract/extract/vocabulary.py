"""The vocabulary: the words a table's kind, its columns, the summary's rows, the
areas, headings and footnotes are known by, read from vocabulary.toml (the
package's) and, with --vocabulary, a file of the data team's that adds to it.

A file given by a user is validated first (validate_vocabulary_file: one
VocabularyError naming file, line and key); the package's own is trusted here
and checked by the test suite, so that reading it costs no pydantic. Patterns
are compiled when first used: `dxextract tables` reads only the header words.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from dxextract.contract import AREAS
from dxextract.errors import DxError
from dxextract.text import nfkc_compact

DEFAULT_VOCABULARY = Path(__file__).with_name("vocabulary.toml")
# The groups the file has, by their place: the areas (as the contract names
# them), each kind's column roles in match order (a kind is tried in
# classify.KIND_NAMES' order), the summary's row labels, headings and footnotes.
Role = Literal[
    "name", "target", "actual", "status",
    "title", "outcomes", "activities",
    "code", "achieved_pct", "kpi_projects", "achieved", "projects",
]  # fmt: skip
ROLES: dict[str, tuple[Role, ...]] = {
    "kpi": ("name", "target", "actual", "status"),
    "initiative": ("title", "outcomes", "activities"),
    "fields": ("code", "name", "achieved_pct", "kpi_projects", "achieved", "projects"),
}
SUMMARY_ROWS = ("partially_achieved", "achieved", "kpi_projects", "projects")
HEADINGS = ("no_kpi", "total", "title", "title_end", "dx")
# A pattern that matches nothing: a group left without words.
_NOTHING = "(?!)"


class VocabularyError(DxError):
    """A vocabulary file that cannot be used: one line naming file, line and key."""


def _group_pattern(group: dict[str, Any]) -> str:
    words = [re.escape(nfkc_compact(w)) for w in group.get("words", ())]
    alternatives = words + list(group.get("patterns", ()))
    return "|".join(f"(?:{a})" for a in alternatives) or _NOTHING


class Vocabulary:
    """The merged vocabulary (`data`: the package's groups with the user's
    added), with its patterns compiled on first use. `source` says which file
    it was read with: `default`, or the sha256 of the user's file."""

    def __init__(self, data: dict[str, Any], source: str = "default") -> None:
        self.data = data
        self.source = source

    def __reduce__(self) -> tuple[Any, ...]:  # sent to the workers as data, compiled there
        return (Vocabulary, (self.data, self.source))

    def group(self, *path: str) -> dict[str, Any]:
        node: Any = self.data
        for key in path:
            node = node.get(key, {})
        return node if isinstance(node, dict) else {}

    def _compiled(self, *path: str) -> re.Pattern[str]:
        return re.compile(_group_pattern(self.group(*path)))

    @cached_property
    def header_words(self) -> frozenset[str]:
        words = [*self.data["header"]["words"], *self.data.get("added", ())]
        return frozenset(nfkc_compact(w) for w in words)

    @cached_property
    def roles(self) -> dict[str, tuple[tuple[Role, re.Pattern[str]], ...]]:
        """Per kind, its column roles in match order."""
        return {
            kind: tuple((role, self._compiled(kind, "roles", role)) for role in names)
            for kind, names in ROLES.items()
        }

    @cached_property
    def areas(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((area, self._compiled("areas", area)) for area in AREAS)

    @cached_property
    def summary_rows(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((row, self._compiled("summary", "rows", row)) for row in SUMMARY_ROWS)

    @cached_property
    def headings(self) -> dict[str, re.Pattern[str]]:
        return {name: self._compiled("headings", name) for name in HEADINGS}

    def found_by(self, kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(names) for names in self.group(kind).get("found_by", ()))

    def names_in(self, kind: str, text: str) -> set[str]:
        """Which of a kind's roles (or, for the summary, areas) `text` names."""
        if kind == "summary":
            return {area for area, p in self.areas if p.search(text)}
        return {role for role, p in self.roles.get(kind, ()) if p.search(text)}


def merge(default: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """The default groups with a user's: words and patterns added to each group
    it names (or, with `replace = true`, instead); `found_by` replaced. The
    words a user adds anywhere are header words too (`added`)."""
    added: list[str] = []

    def walk(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        if "words" in extra or "patterns" in extra or extra.get("replace"):
            replace = bool(extra.get("replace"))
            for key in ("words", "patterns"):
                theirs = list(extra.get(key, ()))
                out[key] = theirs if replace else [*base.get(key, ()), *theirs]
            added.extend(extra.get("words", ()))
        for key, value in extra.items():
            if key in ("words", "patterns", "replace"):
                continue
            if isinstance(value, dict):
                out[key] = walk(base.get(key, {}), value)
            else:
                out[key] = value
        return out

    merged = walk(default, mine)
    merged["added"] = added
    return merged


def _toml(path: Path, text: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+)", str(exc))
        line = f":{where[1]}" if where else ""
        raise VocabularyError(f"{path}{line}: not TOML: {exc}") from exc


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    data = _toml(DEFAULT_VOCABULARY, DEFAULT_VOCABULARY.read_text(encoding="utf-8"))
    return Vocabulary(merge(data, {}))


def read_vocabulary_file(path: Path) -> Vocabulary:
    """The default vocabulary with the user's file at `path` added, the file
    validated first (VocabularyError: one line naming file, line and key)."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{path}: cannot read: {exc}") from exc
    mine = _toml(path, text)
    from dxextract.extract.vocabulary_file import validate_vocabulary

    validate_vocabulary(path, text, mine)
    return Vocabulary(merge(default_vocabulary().data, mine), hashlib.sha256(raw).hexdigest())


def vocabulary_or_default(vocabulary: Vocabulary | None) -> Vocabulary:
    return vocabulary if vocabulary is not None else default_vocabulary()
