"""`dxextract inspect`: what the extractor saw, page images, and the README's
"When a new edition does not parse" commands run as written."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import replace
from pathlib import Path
from typing import Any

import fy2023_content
import make_fixture_pdfs
import pytest
from click.testing import CliRunner, Result
from dxtest import GRID_PDF, ROOT, SLIDES_PDF, comparable, record_diff
from PIL import Image

from dxextract.cli import cli
from dxextract.debug.inspection import (
    DEFAULT_OUTLINE,
    DEFAULT_RESOLUTION,
    KIND_COLOURS,
    Inspection,
    pdf_to_inspection,
)
from dxextract.errors import ValueParseError
from dxextract.extract import records, values
from dxextract.extract.classify import Kind
from dxextract.models import Document, Kpi

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


@pytest.fixture(scope="module")
def grid_inspected() -> Result:
    """`dxextract inspect` of the grid rendering, run once for the module."""
    return CliRunner().invoke(cli, ["inspect", str(GRID_PDF)])


@pytest.mark.parametrize(
    ("record", "count"),
    [("AreaSummary", 4), ("FieldRow", 26), ("FieldTotal", 4), ("Initiative", 24), ("Kpi", 19)],
)
def test_cli_inspect_lists_every_record(grid_inspected: Result, record: str, count: int) -> None:
    result = grid_inspected
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


@pytest.mark.slow  # a random layout's rendering
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


# A page image of the slides in the fast tier, of the grid and of a real PDF in the slow one.
@pytest.mark.parametrize(
    ("pdf", "page"),
    [
        pytest.param(GRID_PDF, 1, marks=pytest.mark.slow),
        (SLIDES_PDF, 3),
        pytest.param(MHLW_PDF, 1, marks=pytest.mark.slow),
    ],
)
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


def reworded_report() -> fy2023_content.Report:
    """The FY2023 content as a new edition might word it: 評価指標 for 指標名,
    取組の成果 for 成果・効果, 事業数（件） for 事業数, 総事業数 for the summary's 事業数."""
    report = fy2023_content.REPORT
    labels = replace(
        report.labels,
        kpi_columns=("評価指標", *report.labels.kpi_columns[1:]),
        initiative_columns=tuple(
            c.replace("成果・効果", "取組の成果") for c in report.labels.initiative_columns
        ),
    )
    summary = replace(
        report.summary,
        rows=tuple(
            replace(row, label="総事業数") if row.label == "事業数" else row
            for row in report.summary.rows
        ),
    )
    blocks = tuple(
        replace(b, columns=tuple("事業数（件）" if c == "事業数" else c for c in b.columns))
        if isinstance(b, fy2023_content.FieldTable)
        else b
        for b in report.blocks
    )
    return replace(report, labels=labels, summary=summary, blocks=blocks)


def _readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## When a new edition does not parse", 1)[1].split("\n## ", 1)[0]


def _readme_steps() -> list[list[str]]:
    """The section's `sh` blocks, each a list of its dxextract commands."""
    blocks = re.findall(r"```sh\n(.*?)```", _readme_section(), flags=re.DOTALL)
    return [[ln for ln in b.splitlines() if ln.startswith("dxextract ")] for b in blocks]


def test_readme_section_has_commands() -> None:
    commands = [c for step in _readme_steps() for c in step]
    assert {c.split()[1] for c in commands} >= {"inspect", "ingest", "export"}
    assert any("--png" in c for c in commands)
    assert any("--reread" in c and "--vocabulary" in c for c in commands)


@pytest.mark.slow
def test_a_reworded_edition_is_read_after_adding_what_inspect_names(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, golden: dict[str, Any]
) -> None:
    """The README's walk, as written: ingest a reworded edition (records missing,
    `unread` warnings naming the lines to add), inspect it, write exactly the
    lines inspect printed into vocabulary.toml, ingest --reread with it: the
    records equal the golden file's."""
    (tmp_path / "raw_pdfs").mkdir()
    make_fixture_pdfs.render_report(
        reworded_report(), tmp_path / "raw_pdfs" / "new_edition.pdf", make_fixture_pdfs.SLIDES
    )
    monkeypatch.chdir(tmp_path)
    first, then = _readme_steps()
    outputs = []
    for command in first:
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
        outputs.append(result.output)
    ingested, inspected = outputs[0], outputs[1]
    assert "warning:" in ingested and 'add "評価指標" to [kpi.roles.name]' in ingested
    assert (tmp_path / "extracted" / "inspect" / "new_edition-p4.png").is_file()
    # The TOML lines inspect printed under its hints, each group once.
    printed = re.findall(r"^ {6}(\[.+\])\n {6}(words = .+)$", inspected, flags=re.MULTILINE)
    assert printed
    toml = "\n\n".join(dict.fromkeys(f"{table}\n{words}" for table, words in printed)) + "\n"
    readme_toml = re.findall(r"```toml\n(.*?)```", _readme_section(), flags=re.DOTALL)
    assert readme_toml == [toml]  # the README shows exactly what inspect asks for
    (tmp_path / "vocabulary.toml").write_text(toml, encoding="utf-8")
    for command in then:
        result = runner.invoke(cli, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}\n{result.output}"
        outputs.append(result.output)
    assert "read again: +19 KPIs" in outputs[len(first)]
    exported = json.loads((tmp_path / "extracted" / "new_edition.json").read_text("utf-8"))
    document = Document.model_validate(exported)
    assert not record_diff(comparable(document), golden)
    # Read again with the same words: nothing changes.
    result = runner.invoke(cli, shlex.split(then[0])[1:])
    assert "unchanged, read again to the same records" in result.output


def test_a_block_that_cannot_be_read_is_shown_and_the_rest_goes_on(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ingest stops at the first unreadable cell; inspect names it and goes on."""
    parse = values.parse_quantity

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
