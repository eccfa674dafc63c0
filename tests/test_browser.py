"""The Datasette site as a researcher sees it: Debian's chromium driven by
Playwright (its own browser download is not reachable here), against
`dxextract serve` on 127.0.0.1 with the FY2023 reconstruction and the synthetic
FY2024 edition ingested. `make test` installs chromium and the IPAex fonts."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Generator, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from dxtest import GRID_PDF, ROOT
from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright
from server import free_port, stop, wait_for

from dxextract.cli import cli

pytestmark = pytest.mark.slow

FY2024_PDF = ROOT / "tests" / "fixtures" / "fukushima_dx_r6_synthetic.pdf"
CHROMIUM = "/usr/bin/chromium"
SCREEN: ViewportSize = {"width": 1366, "height": 768}
AI_TITLES = ["AIの活用", "AI・RPA等の利用促進・共同利用"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of `dxextract serve` over both editions."""
    root = tmp_path_factory.mktemp("site")
    yield from _serve(root, GRID_PDF, FY2024_PDF)


def _serve(root: Path, *pdfs: Path) -> Generator[str, None, None]:
    """`dxextract serve` over a database of `pdfs` in `root`, while the caller runs."""
    db = root / "dx.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--silent", *map(str, pdfs)])
    assert result.exit_code == 0, result.output
    port = free_port()
    command = [str(Path(sys.executable).parent / "dxextract"), "serve", "--db", str(db),
               "--pdfs", str(GRID_PDF.parent), "--port", str(port)]  # fmt: skip
    with (root / "serve.log").open("wb") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(f"{base}/dx.json", proc) is not None, (root / "serve.log").read_text()
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, tmp_path: Path) -> Iterator[Page]:
    context = browser.new_context(viewport=SCREEN, locale="ja-JP")
    page = context.new_page()
    yield page
    page.screenshot(path=str(tmp_path / "last.png"))  # for a person to look at
    context.close()


def test_the_kpis_page_shows_its_first_row_on_the_first_screen(site: str, page: Page) -> None:
    page.goto(f"{site}/dx/kpis")
    first = page.locator("table.rows-and-columns tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["y"] + min(box["height"], 40) <= SCREEN["height"], box
    # The report is named by its file, not a sha256; the header says 指標名.
    assert first.locator("td.col-report_id").inner_text() == GRID_PDF.name
    assert "指標名" in page.locator("th.col-name").inner_text()
    assert not page.locator("dl.column-descriptions").is_visible()
    # The columns a researcher reads first fit the window's width.
    for column in ("name", "fiscal_year", "target_text", "actual_text", "status", "page"):
        header = page.locator(f"th.col-{column}").bounding_box()
        assert header is not None and header["x"] + header["width"] <= SCREEN["width"], column


@pytest.mark.parametrize("query", ["AI", "ＡＩ"])
def test_the_search_box_finds_both_ai_initiatives(site: str, page: Page, query: str) -> None:
    page.goto(f"{site}/dx/initiatives")
    page.fill("#_search", query)
    page.press("#_search", "Enter")
    page.wait_for_load_state()
    # The address and the box keep the query as typed (the substring match is
    # the plugin's, behind them).
    assert "_search=" in page.url and "_where" not in page.url
    assert page.input_value("#_search") in ("AI", "ＡＩ")
    titles = page.locator("table.rows-and-columns tbody td.col-title").all_inner_texts()
    assert {t.strip() for t in titles} >= set(AI_TITLES)
    assert all("AI" in t or "ＡＩ" in t for t in titles[:2])


def test_the_full_text_search_opens_without_an_error(site: str, page: Page) -> None:
    page.goto(f"{site}/dx/search")
    assert page.locator(".message-error").count() == 0
    assert "syntax error" not in page.content()
    page.goto(f"{site}/dx/search?q=" + quote("チャットボット"))
    assert "チャットボット満足度" in page.locator("table.rows-and-columns").inner_text()


def test_every_table_page_answers(site: str, page: Page) -> None:
    for table in ("reports", "area_summaries", "fields", "field_totals", "initiatives", "kpis",
                  "findings", "kpi_results", "kpi_history", "files"):  # fmt: skip
        response = page.goto(f"{site}/dx/{table}")
        assert response is not None and response.status == 200, table


def test_a_kpis_page_tells_its_story(site: str, page: Page) -> None:
    """チャットボット満足度 2023: both editions with their actuals, each linked,
    the initiative and the report linked, the printed row as an image whose
    own text layer says the KPI (the region comes from the PDF's page)."""
    page.goto(
        f"{site}/dx/kpis?name__startswith=" + quote("チャットボット満足度") + "&fiscal_year=2023"
    )
    page.locator("table.rows-and-columns tbody tr td.col-id a").first.click()
    page.wait_for_load_state()
    history = page.locator("table.dx-history tbody tr")
    assert history.count() == 2
    rows = [history.nth(i).inner_text() for i in range(2)]
    assert "2023" in rows[0] and "61%" in rows[0] and GRID_PDF.name in rows[0]
    assert "2024" in rows[1] and "65%" in rows[1] and FY2024_PDF.name in rows[1]
    assert page.locator("section.dx-kpi a", has_text="AIの活用").count() == 1
    assert page.locator("svg.dx-history-chart circle").count() == 4
    image = page.locator("img.dx-region")
    image.wait_for()
    assert page.evaluate("document.querySelector('img.dx-region').naturalWidth") > 0
    # The other edition's row is one click away.
    history.nth(1).locator("a").click()
    page.wait_for_load_state()
    assert (
        "fukushima_dx_r6_synthetic.pdf" in page.locator("table.rows-and-columns").first.inner_text()
    )


def test_an_ingest_while_serving_shows_on_the_next_page_load(tmp_path: Path, page: Page) -> None:
    serving = _serve(tmp_path, GRID_PDF)
    site = next(serving)
    try:
        page.goto(f"{site}/dx/reports")
        assert page.locator("table.rows-and-columns tbody tr").count() == 1
        db = tmp_path / "dx.db"
        result = CliRunner().invoke(cli, ["ingest", "--db", str(db), "--silent", str(FY2024_PDF)])
        assert result.exit_code == 0, result.output
        response = page.reload()
        assert response is not None and response.status == 200
        assert page.locator("table.rows-and-columns tbody tr").count() == 2
        assert page.goto(f"{site}/dx/kpis").status == 200  # type: ignore[union-attr]
    finally:
        serving.close()
