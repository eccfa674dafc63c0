"""Never lose a part silently: what a rendering printed but the pipeline did not
read is an `unread` warning on the ingest line, a stored finding and a line of
`dxextract check`, with its page; a clean rendering gives none."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import fy2023_content as content
import make_fixture_pdfs as gen
import pdfplumber
import pytest
from click.testing import CliRunner
from conftest import GRID_PDF, ROOT, SLIDES_PDF, WRITER_PDF

from dxextract.cli import cli
from dxextract.records import pdf_to_extraction

SYNTHETIC_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r6_synthetic.pdf"
CLEAN = [SLIDES_PDF, GRID_PDF, WRITER_PDF, SYNTHETIC_PDF]


@pytest.mark.parametrize("pdf", CLEAN, ids=lambda p: p.stem)
def test_clean_renderings_give_no_unread_warning(pdf: Path) -> None:
    assert pdf_to_extraction(pdf).unread == ()


def _reworded_kpi_header() -> content.Report:
    labels = content.REPORT.labels
    return replace(
        content.REPORT, labels=replace(labels, kpi_columns=("評価指標", *labels.kpi_columns[1:]))
    )


def _without_section(code: str) -> content.Report:
    blocks = list(content.REPORT.blocks)
    k = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, content.Section) and b.heading.replace(" ", "").startswith(code)
    )
    blocks[k] = replace(blocks[k], initiatives=())
    return replace(content.REPORT, blocks=tuple(blocks))


@pytest.fixture(scope="module", params=["slides", "grid"])
def layout(request: pytest.FixtureRequest) -> gen.Layout:
    return gen.SLIDES if request.param == "slides" else gen.GRID


def test_a_reworded_header_is_one_warning_per_page_of_its_tables(
    layout: gen.Layout, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("reworded")
    clean, reworded = folder / "clean.pdf", folder / "reworded.pdf"
    gen.render_report(content.REPORT, clean, layout)
    gen.render_report(_reworded_kpi_header(), reworded, layout)
    kpi_pages = sorted(
        {k.page for i in pdf_to_extraction(clean).document.initiatives for k in i.kpis}
    )
    unread = pdf_to_extraction(reworded).unread
    assert [f.page for f in unread] == kpi_pages
    assert all(f.rule == "unread" and f.severity == "warning" for f in unread)
    assert all("評価指標" in f.message for f in unread)


def test_a_section_without_its_tables_is_one_warning_at_its_heading(
    layout: gen.Layout, tmp_path: Path
) -> None:
    pdf = tmp_path / "no_i3.pdf"
    gen.render_report(_without_section("I-3"), pdf, layout)
    (finding,) = pdf_to_extraction(pdf).unread
    assert "section I-3: nothing was read under its heading" in finding.message
    assert finding.page is not None
    with pdfplumber.open(pdf) as doc:
        text = "".join(c["text"] for c in doc.pages[finding.page - 1].chars)
    assert "公務能率の向上に向けた取組" in text


def test_unread_is_on_the_ingest_line_stored_and_checked(tmp_path: Path) -> None:
    pdf = tmp_path / "no_i3.pdf"
    gen.render_report(_without_section("I-3"), pdf, gen.SLIDES)
    db = tmp_path / "dx.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(pdf), "--db", str(db), "--silent", "--jobs", "1"])
    assert result.exit_code == 0
    line, warning = result.output.splitlines()
    assert line.endswith("; 1 warning: not all of it was read")
    assert warning.startswith("  warning: page ") and "section I-3" in warning
    checked = runner.invoke(cli, ["check", "--db", str(db), "--format", "json"])
    assert checked.exit_code == 0  # a warning does not fail at --fail-on error
    assert '"rule": "unread"' in checked.output
    from_pdf = runner.invoke(cli, ["check", str(pdf), "--fail-on", "warning"])
    assert from_pdf.exit_code == 1
    assert "section I-3: nothing was read" in from_pdf.output
