"""Documents → files: one JSON per report, and one CSV per report and record kind.

The JSON is the contract's shape (shared/data-contract.md), key order = model
field order. The CSVs flatten the same records for spreadsheets: every bbox
becomes four columns, and each KPI row names the initiative it belongs to.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from dxextract.contract import CSV_ENCODING
from dxextract.models import (
    BBOX_COLUMNS,
    AreaSummary,
    Document,
    FieldRow,
    FieldTotal,
    Initiative,
    Kpi,
    bbox_columns,
)


def _flat_columns(model: type[BaseModel]) -> tuple[str, ...]:
    """A record's CSV columns: its fields, the printed region as four columns."""
    names = (name for name in model.model_fields if name not in ("bbox", "kpis"))
    return (*names, *BBOX_COLUMNS)


INITIATIVE_COLUMNS = (
    # seq: 0-based position in the report, the key kpis.csv refers to.
    "seq",
    *_flat_columns(Initiative),
)
KPI_COLUMNS = (
    "initiative_seq",
    "field_code",
    "section_code",
    "initiative_title",
    *_flat_columns(Kpi),
)
RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "area_summaries": _flat_columns(AreaSummary),
    "fields": _flat_columns(FieldRow),
    "field_totals": _flat_columns(FieldTotal),
    "initiatives": INITIATIVE_COLUMNS,
    "kpis": KPI_COLUMNS,
}


def document_to_json(doc: Document) -> str:
    """The contract JSON of `doc`: the same bytes for the same document."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def write_json(docs: Iterable[Document], out_dir: str | Path) -> list[Path]:
    """Write `<out_dir>/<stem of report.file>.json` for each document."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        path = out / f"{Path(doc.report.file).stem}.json"
        # newline="\n": the same bytes on Windows too.
        path.write_text(document_to_json(doc), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def write_csv(docs: Iterable[Document], out_dir: str | Path) -> list[Path]:
    """Write `<stem>.<kind>.csv` for each document and record kind (RECORD_COLUMNS)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in docs:
        stem = Path(doc.report.file).stem
        for kind, rows in document_to_rows(doc).items():
            path = out / f"{stem}.{kind}.csv"
            _write_rows(path, RECORD_COLUMNS[kind], rows)
            paths.append(path)
    return paths


def document_to_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The CSV rows of `doc` per record kind, values as in the JSON."""
    initiatives: list[dict[str, Any]] = []
    kpis: list[dict[str, Any]] = []
    for seq, initiative in enumerate(doc.initiatives):
        initiatives.append({"seq": seq, **_json_values(initiative)})
        owner = {
            "initiative_seq": seq,
            "field_code": initiative.field_code,
            "section_code": initiative.section_code,
            "initiative_title": initiative.title,
        }
        kpis.extend({**owner, **_json_values(kpi)} for kpi in initiative.kpis)
    return {
        "area_summaries": [_json_values(record) for record in doc.area_summaries],
        "fields": [_json_values(record) for record in doc.fields],
        "field_totals": [_json_values(record) for record in doc.field_totals],
        "initiatives": initiatives,
        "kpis": kpis,
    }


def _json_values(record: BaseModel) -> dict[str, Any]:
    """A record's values as in the JSON, its printed region as four columns."""
    values: dict[str, Any] = record.model_dump(mode="json", exclude={"bbox", "kpis"})
    values.update(bbox_columns(record))
    return values


def _cell(value: object) -> object:
    # None → empty cell (csv does that too); booleans as in the JSON.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_rows(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    # newline="": the csv module writes its own \r\n line ends (RFC 4180).
    with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_cell(row[column]) for column in columns)


# What `export` wrote into a folder, file name → the sha256 of its report: the
# next export removes the files of reports no longer stored, and nothing else.
MANIFEST = ".dxextract-export.json"


def read_manifest(out_dir: Path) -> dict[str, str]:
    """The manifest of `out_dir`; {} when there is none or it is not ours."""
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    # Only plain names of this folder: a manifest edited by hand cannot point elsewhere.
    return {
        name: sha
        for name, sha in files.items()
        if isinstance(name, str) and isinstance(sha, str) and name == Path(name).name
    }


def update_manifest(
    out_dir: Path, written: Mapping[Path, str], stored: Iterable[str]
) -> list[Path]:
    """Record `written` (file → report sha256) in the manifest, remove the files it
    lists of reports not in `stored`, and return those removed."""
    files = read_manifest(out_dir)
    files.update({path.name: sha for path, sha in written.items()})
    keep = set(stored)
    removed = []
    for name, sha in sorted(files.items()):
        if sha not in keep:
            path = out_dir / name
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
            del files[name]
    manifest = {"written_by": "dxextract export", "files": dict(sorted(files.items()))}
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (out_dir / MANIFEST).write_text(text, encoding="utf-8", newline="\n")
    return removed
