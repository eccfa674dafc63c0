"""Files → what became of each, as data: the flow `dxextract ingest` runs.

Hash each file and skip what is stored (by its bytes); extract the rest in
bounded workers (extract/batch.py); check each Document with the rules the
caller chose (check/rules.py, the user's direction table: the same that
`dxextract check` runs); store it with its findings in one transaction
(store/); say which initiatives are unmatched in its edition before. What a
file became is a FileResult; cli/ingest.py turns them into lines.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from dxextract import __version__
from dxextract.check.directions import DirectionRule, load_directions
from dxextract.check.rules import document_findings, edition_findings
from dxextract.errors import REFUSALS, DxError
from dxextract.extract.batch import Task, extract_all, internal_error
from dxextract.extract.bounded import DEFAULT_LIMITS, Answer, Limits
from dxextract.extract.inputs import file_sha256
from dxextract.extract.vocabulary import Vocabulary
from dxextract.models import Extraction, Finding
from dxextract.store import (
    Checks,
    SeenFile,
    StoreOutcome,
    StoreResult,
    edition_changes,
    remember_refusal,
    reread_document,
    seen_file,
    store_document,
)
from dxextract.store.editions import EditionChanges
from dxextract.store.reissue import record_counts
from dxextract.store.sqlite import Database

Outcome = Literal["added", "replaced", "reread", "earlier", "unchanged", "refused", "error"]


def checks(directions: Sequence[DirectionRule] | None = None) -> Checks:
    """check/rules.py's rules with `directions` (default: the package's reviewed
    table), as the store runs them on what it stores."""
    rules = load_directions() if directions is None else tuple(directions)
    return Checks(functools.partial(document_findings, rules=rules), edition_findings)


@dataclass(frozen=True)
class IngestOptions:
    """How files are read and stored (the options of `dxextract ingest`)."""

    max_pages: int | None = None
    limits: Limits = DEFAULT_LIMITS
    jobs: int = 1
    replace: bool = False  # make each file current whatever its date and size
    reread: bool = False  # read stored files again
    vocabulary: Vocabulary | None = None  # None: the package's
    directions: tuple[DirectionRule, ...] | None = None  # None: the package's


@dataclass(frozen=True)
class FileResult:
    """What became of one file.

    `seen`: what the files table said of it when it was not read again;
    `stored`: what storing it did; `reread`: it was stored already and read
    again (--reread); `current`: its edition's current issue; `counts`: its
    records by kind; `error`: why it failed or was refused; `unread`: what its
    extraction could not read; `changes`: initiatives unmatched across editions;
    `pdfminer`: what pdfminer warned while reading it."""

    path: Path
    outcome: Outcome
    current: str | None = None
    counts: dict[str, int] | None = None
    error: str | None = None
    seen: SeenFile | None = None
    stored: StoreResult | None = None
    reread: bool = False
    unread: tuple[Finding, ...] = ()
    changes: EditionChanges | None = None
    pdfminer: tuple[str, ...] = ()


def failed(path: Path, error: object, outcome: Outcome = "error") -> FileResult:
    return FileResult(path, outcome, error=str(error))


def ingest_files(
    db: Database,
    files: Sequence[Path],
    options: IngestOptions,
    progress: Callable[[int], None] = lambda done: None,
) -> list[FileResult]:
    """What became of each file, in the order of `files`; `progress(n)` as n
    more are done."""
    results: dict[Path, FileResult] = {}
    tasks: list[Task] = []
    for path in files:  # hash first: a file read before is not read again
        result = file_to_task_or_result(db, path, options)
        if isinstance(result, Task):
            tasks.append(result)
        else:
            results[path] = result
    progress(len(files) - len(tasks))
    rules = checks(options.directions)
    for task, answer in zip(tasks, read_tasks(tasks, options), strict=True):
        results[task.path] = replace(
            answer_to_result(db, task, answer, options, rules), pdfminer=answer.warnings
        )
        progress(1)
    return [results[path] for path in files]


def read_tasks(tasks: Sequence[Task], options: IngestOptions) -> Iterator[Answer[Extraction]]:
    return extract_all(tasks, options.jobs, options.limits)


def file_to_task_or_result(db: Database, path: Path, options: IngestOptions) -> Task | FileResult:
    """The file to read, or what became of it when it was read before."""
    try:
        sha = file_sha256(path)
        seen = seen_file(db, sha)
    except (DxError, OSError) as exc:
        return failed(path, exc)
    if must_read(seen, options.replace, options.reread):
        return Task(path, sha, options.max_pages, options.vocabulary)
    assert seen is not None
    return seen_to_result(path, seen)


def must_read(seen: SeenFile | None, replace: bool, reread: bool) -> bool:
    """Never read; read by this dxextract but --reread or --replace asks again; or
    refused by another dxextract."""
    if seen is None or (reread and seen.status in ("current", "refused")):
        return True
    if seen.status == "current":
        return False
    return replace or (seen.status == "refused" and seen.version != __version__)


def seen_to_result(path: Path, seen: SeenFile) -> FileResult:
    if seen.status == "current":
        return FileResult(path, "unchanged", seen.file, seen=seen)
    if seen.status == "superseded":
        return FileResult(path, "earlier", seen.current_file, seen=seen)
    return failed(path, f"{seen.reason} (refused before; not read again)", "refused")


def answer_to_result(
    db: Database, task: Task, answer: Answer[Extraction], options: IngestOptions, rules: Checks
) -> FileResult:
    """Store what a worker read, or say why not (a refusal is remembered)."""
    value = answer.value
    try:
        if not isinstance(value, DxError):
            return store_extraction(db, task.path, value, options, rules)
        if isinstance(value, REFUSALS) and task.sha256 is not None:
            remember_refusal(db, task.sha256, task.path.name, str(value))
            return failed(task.path, value, "refused")
        return failed(task.path, value)
    except DxError as exc:
        return failed(task.path, exc)
    except Exception as exc:  # a bug: its transaction was rolled back
        return failed(task.path, internal_error(exc))


def store_extraction(
    db: Database, path: Path, extraction: Extraction, options: IngestOptions, rules: Checks
) -> FileResult:
    """Store one extracted document with its findings; what became of it."""
    doc = extraction.document
    vocabulary = options.vocabulary.source if options.vocabulary is not None else "default"
    if options.reread:
        stored = reread_document(db, doc, extraction.unread, vocabulary, rules)
    else:
        stored = store_document(db, doc, extraction.unread, options.replace, vocabulary, rules)
    result = FileResult(
        path, "added", doc.report.file, record_counts(doc), stored=stored, reread=options.reread
    )
    return stored_to_result(db, result, doc.report.sha256, extraction.unread)


_OUTCOMES: dict[StoreOutcome, Outcome] = {
    StoreOutcome.ADDED: "added",
    StoreOutcome.REPLACED: "replaced",
    StoreOutcome.REREAD: "reread",
    StoreOutcome.UNCHANGED: "unchanged",
    StoreOutcome.EARLIER: "earlier",
    StoreOutcome.PARTIAL: "refused",
}


def stored_to_result(
    db: Database, result: FileResult, sha256: str, unread: Sequence[Finding]
) -> FileResult:
    stored = result.stored
    assert stored is not None
    outcome = _OUTCOMES[stored.outcome]
    if stored.outcome is StoreOutcome.UNCHANGED:
        return replace(result, outcome=outcome, counts=None)
    if stored.outcome in (StoreOutcome.EARLIER, StoreOutcome.PARTIAL):
        return replace(result, outcome=outcome, current=stored.other_file, error=stored.reason)
    changes = edition_changes(db, sha256)
    return replace(result, outcome=outcome, unread=tuple(unread), changes=changes)
