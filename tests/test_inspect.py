"""`dxextract inspect`: what the extractor saw, page images, and the README's
"When a new edition does not parse" commands run as written."""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import fy2023_content
import make_fixture_pdfs
import pytest
from click.testing import CliRunner
from conftest import GRID_PDF, ROOT, SLIDES_PDF, comparable, record_diff
from PIL import Image

from dxextract import classify, records
from dxextract.classify import Kind
from dxextract.cli import cli
from dxextract.errors import ValueParseError
from dxextract.inspection import (
    DEFAULT_OUTLINE,
    DEFAULT_RESOLUTION,
    KIND_COLOURS,
    Inspection,
    pdf_to_inspection,
)
from dxextract.models import Kpi
from dxextract.records import pdf_to_document

MHLW_PDF = ROOT / "tests" / "fixtures" / "real" / "mhlw_betsushi1_20211201.pdf"


@pytest.fixture(scope="module")
def slides() -> Inspection:
    return pdf_to_inspection(SLIDES_PDF)


def test_every_golden_kpi_comes_from_a_kpi_block_on_its_page(
    slides: Inspection, golden: dict[str, Any]
) -> None:
    made = {
        (record.name, page.number)
        for page in slides.pages
        for table in page.tables
        for trace in table.traces
        if trace.block.kind is Kind.KPI
        for record in trace.records
        if isinstance(record, Kpi)
    }
    # Pages belong to one rendering: those of the slides are the golden file's KPIs'
    # page as this rendering prints them, so compare names and count per page.
    names = [k["name"] for i in golden["initiatives"] for k in i["kpis"]]
    assert sorted(name for name, _ in made) == sorted(names)
    for page in slides.pages:
        for table in page.tables:
            for trace in table.traces:
                assert trace.block.page == page.number
                assert all(getattr(r, "page", page.number) == page.number for r in trace.records)


@pytest.mark.parametrize(
    ("record", "count"),
    [("AreaSummary", 4), ("FieldRow", 26), ("FieldTotal", 4), ("Initiative", 24), ("Kpi", 19)],
)
def test_cli_inspect_lists_every_record(runner: CliRunner, record: str, count: int) -> None:
    result = runner.invoke(cli, ["inspect", str(GRID_PDF)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sum(1 for ln in lines if ln.startswith(f"      → {record} ")) == count


def test_cli_inspect_one_page(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(SLIDES_PDF), "--page", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "fukushima_dx_r5.pdf"
    assert [ln for ln in lines if ln.startswith("page ")] == ["page 2: 1 tables"]
    assert lines[2].startswith("  table 1: bbox [")
    assert lines[2].endswith(", 8 rows × 8 columns, mixed, not stitched")
    assert lines[3].startswith("    field table under area 行政のDX, section —: 6 rows; header: ")


def test_cli_inspect_shows_a_stitched_table(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A layout whose field table continues on the next page with no header
    (tests/test_fixture_generator.py SPLIT_NO_REPEAT_SEEDS)."""
    pdf = tmp_path_factory.mktemp("split") / "split.pdf"
    make_fixture_pdfs.render_report(fy2023_content.REPORT, pdf, make_fixture_pdfs.random_layout(7))
    result = runner.invoke(cli, ["inspect", str(pdf)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    stitched = [i for i, ln in enumerate(lines) if ln.endswith("stitched to the previous table")]
    assert len(stitched) == 1
    assert lines[stitched[0] + 1].startswith("    field table under area 地域のDX, ")
    # Without its own header, it takes the columns of the part before it.
    assert "2023年度/項番 | 2023年度/分野 | " in lines[stitched[0] + 1]


def test_cli_inspect_a_pdf_that_is_not_a_dx_report(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(MHLW_PDF)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "mhlw_betsushi1_20211201.pdf — not a DX report: no title naming 実施状況 or DX "
        "on the first page"
    )
    assert lines[1] == "page 1: 2 tables"
    assert lines[2].endswith("52 rows × 7 columns, ruled, not stitched")
    assert lines[3].startswith(
        "    unknown: 52 rows in no table of a known kind, read as heading lines; "
        "first: 2021/11/30 | "
    )


def test_cli_inspect_page_out_of_range_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(MHLW_PDF), "--page", "2"])
    assert result.exit_code == 2
    assert f"Error: {MHLW_PDF} has no page 2" in result.output


def test_cli_inspect_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    result = runner.invoke(cli, ["inspect", str(bad)])
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: empty file\n"


@pytest.mark.parametrize(("pdf", "page"), [(GRID_PDF, 1), (SLIDES_PDF, 3), (MHLW_PDF, 1)])
def test_png_is_the_page_with_each_table_outlined(
    runner: CliRunner, tmp_path: Path, pdf: Path, page: int
) -> None:
    result = runner.invoke(cli, ["inspect", str(pdf), "--page", str(page), "--png", str(tmp_path)])
    target = tmp_path / f"{pdf.stem}-p{page}.png"
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == str(target)
    (report,) = pdf_to_inspection(pdf, page).pages
    scale = DEFAULT_RESOLUTION / 72
    with Image.open(target) as image:
        image.load()
        assert image.format == "PNG"
        width, height = image.size
        assert abs(width - report.width * scale) <= 1 and abs(height - report.height * scale) <= 1
        rgb = image.convert("RGB")
    assert report.tables
    for table in report.tables:
        kind = table.traces[0].block.kind if table.traces else Kind.UNKNOWN
        box = table.table.box
        # The top edge, half-way across; the outline is drawn inwards from the box.
        x, y = round(box.xc * scale), round(box.top * scale) + DEFAULT_OUTLINE // 2
        assert rgb.getpixel((x, y)) == KIND_COLOURS[kind]
        # Inside the outline the page shows through: no fill.
        assert rgb.getpixel((x, y + 4 * DEFAULT_OUTLINE)) != KIND_COLOURS[kind]


def _readme_section_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When a new edition does not parse", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return [ln for block in blocks for ln in block.splitlines() if ln.startswith("dxextract ")]


def test_readme_section_has_commands() -> None:
    commands = _readme_section_commands()
    assert {c.split()[1] for c in commands} >= {"inspect", "ingest", "export"}
    assert any("--png" in c for c in commands)


def test_readme_section_commands_run_as_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a copy of the repository's layout: raw_pdfs/ with the report, nothing else."""
    (tmp_path / "raw_pdfs").mkdir()
    shutil.copy(SLIDES_PDF, tmp_path / "raw_pdfs" / SLIDES_PDF.name)
    monkeypatch.chdir(tmp_path)
    for command in _readme_section_commands():
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
    assert (tmp_path / "extracted" / "inspect" / "fukushima_dx_r5-p3.png").is_file()
    assert (tmp_path / "extracted" / "fukushima_dx_r5.json").is_file()


def test_a_reworded_header_is_seen_fixed_in_classify_and_parsed(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    golden: dict[str, Any],
) -> None:
    """The README's walk-through: an edition heads its KPI tables 評価指標; ingest
    finds no KPI, inspect shows the rows it could not place, one change to the
    vocabulary in classify.py (here patched as the README's line does) fixes it."""
    labels = fy2023_content.REPORT.labels
    reworded = replace(
        fy2023_content.REPORT,
        labels=replace(labels, kpi_columns=("評価指標", *labels.kpi_columns[1:])),
    )
    pdf = tmp_path / "new_edition.pdf"
    make_fixture_pdfs.render_report(reworded, pdf, make_fixture_pdfs.SLIDES)
    assert not any(i.kpis for i in pdf_to_document(pdf).initiatives)
    result = runner.invoke(cli, ["inspect", str(pdf)])
    marker = "read as heading lines; first: 評価指標 | 目標値(R5年度) | "
    unknown = [ln for ln in result.output.splitlines() if marker in ln]

    kpi_name = re.compile(r"指標名|KPI名|成果指標|評価指標")
    kinds = ((Kind.KPI, kpi_name), *classify.KIND_PATTERNS[1:])
    monkeypatch.setattr(classify, "KIND_PATTERNS", kinds)
    roles = dict(classify.ROLE_PATTERNS)
    roles[Kind.KPI] = (("name", kpi_name), *roles[Kind.KPI][1:])
    monkeypatch.setattr(classify, "ROLE_PATTERNS", roles)

    assert not record_diff(comparable(pdf_to_document(pdf)), golden)
    result = runner.invoke(cli, ["inspect", str(pdf)])
    lines = result.output.splitlines()
    assert not [ln for ln in lines if marker in ln]
    kpi_blocks = [ln for ln in lines if ln.startswith("    KPI table under ")]
    assert len(kpi_blocks) == len(unknown) > 0


def test_a_block_that_cannot_be_read_is_shown_and_the_rest_goes_on(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ingest stops at the first unreadable cell; inspect names it and goes on."""
    parse = records.parse_quantity

    def fussy(text: str) -> Any:
        if text == "43.1%":
            raise ValueParseError(f"not a number with a unit: {text!r}")
        return parse(text)

    monkeypatch.setattr(records, "parse_quantity", fussy)
    result = runner.invoke(cli, ["inspect", str(SLIDES_PDF)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    errors = [i for i, ln in enumerate(lines) if ln.startswith("      error: ")]
    # The KPI is printed twice: one project reported under two headings.
    assert len(errors) == 2
    for i in errors:
        assert lines[i].endswith(
            ": KPI table: cannot read 指標の値: not a number with a unit: '43.1%'"
        )
        assert lines[i - 1].startswith("    KPI table under area ")
    assert sum(1 for ln in lines if ln.startswith("      → Kpi ")) == 19 - 2
