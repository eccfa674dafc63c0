"""A user's vocabulary file, validated with pydantic before it is used: an
unknown key, a pattern that does not compile or a value of the wrong type is one
VocabularyError naming the file, the line and the key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dxextract.contract import AREAS
from dxextract.extract.vocabulary import VocabularyError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Group(_Strict):
    words: list[str] = []
    patterns: list[str] = []
    replace: bool = False

    @field_validator("words")
    @classmethod
    def _no_empty_word(cls, words: list[str]) -> list[str]:
        if any(not w.strip() for w in words):
            raise ValueError("an empty word would match every text")
        return words

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
            if compiled.search(""):
                raise ValueError(f"pattern {pattern!r} matches an empty text: every text")
        return patterns


class _Kind(_Strict):
    found_by: list[list[str]] | None = None

    def _names(self) -> set[str]:
        return set()

    @model_validator(mode="after")
    def _found_by_known(self) -> _Kind:
        for names in self.found_by or ():
            unknown = [n for n in names if n not in self._names()]
            if unknown or not names:
                raise ValueError(
                    f"found_by names {unknown or 'nothing'}: not one of {sorted(self._names())}"
                )
        return self


class KpiRoles(_Strict):
    name: Group | None = None
    target: Group | None = None
    actual: Group | None = None
    status: Group | None = None


class InitiativeRoles(_Strict):
    title: Group | None = None
    outcomes: Group | None = None
    activities: Group | None = None


class FieldsRoles(_Strict):
    code: Group | None = None
    name: Group | None = None
    achieved_pct: Group | None = None
    kpi_projects: Group | None = None
    achieved: Group | None = None
    projects: Group | None = None


class SummaryRows(_Strict):
    partially_achieved: Group | None = None
    achieved: Group | None = None
    kpi_projects: Group | None = None
    projects: Group | None = None


class Kpi(_Kind):
    roles: KpiRoles = KpiRoles()

    def _names(self) -> set[str]:
        return set(KpiRoles.model_fields)


class Initiative(_Kind):
    roles: InitiativeRoles = InitiativeRoles()

    def _names(self) -> set[str]:
        return set(InitiativeRoles.model_fields)


class Fields(_Kind):
    roles: FieldsRoles = FieldsRoles()

    def _names(self) -> set[str]:
        return set(FieldsRoles.model_fields)


class Summary(_Kind):
    rows: SummaryRows = SummaryRows()

    def _names(self) -> set[str]:
        return set(AREAS)


class Areas(_Strict):
    gyosei: Group | None = Field(None, alias="行政のDX")
    chiiki: Group | None = Field(None, alias="地域のDX")


class Headings(_Strict):
    no_kpi: Group | None = None
    total: Group | None = None
    title: Group | None = None
    title_end: Group | None = None
    dx: Group | None = None


class VocabularyFile(_Strict):
    header: Group | None = None
    kpi: Kpi | None = None
    initiative: Initiative | None = None
    fields: Fields | None = None
    summary: Summary | None = None
    areas: Areas | None = None
    headings: Headings | None = None


def validate_vocabulary(path: Path, text: str, data: dict[str, Any]) -> None:
    """Raise VocabularyError (`mine.toml:12: [kpi.roles.nmae]: unknown key`) for
    the first thing wrong in a parsed vocabulary file."""
    try:
        VocabularyFile.model_validate(data, by_alias=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(str(part) for part in error["loc"] if not isinstance(part, int))
        key = ".".join(_toml_key(part) for part in loc) or "(top level)"
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        message = message.removeprefix("Value error, ")
        raise VocabularyError(f"{path}:{line_of_key(text, loc)}: [{key}]: {message}") from exc


def _toml_key(part: str) -> str:
    return part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'


_TABLE_RE = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_RE = re.compile(r'^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=')


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(part.strip().strip('"') for part in re.findall(r'"[^"]*"|[^.]+', text))


def line_of_key(text: str, loc: tuple[str, ...]) -> int:
    """The line (1-based) of the deepest part of `loc` the file writes: a
    `[table]` header or a `key =` line inside its table; 1 if none."""
    best, best_depth = 1, 0
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        if m := _TABLE_RE.match(line):
            table = _split_key(m[1])
            path = table
        elif m := _KEY_RE.match(line):
            path = (*table, *_split_key(m[1]))
        else:
            continue
        depth = len(path)
        if path == loc[:depth] and depth > best_depth:
            best, best_depth = number, depth
    return best
