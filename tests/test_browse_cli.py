"""`dxextract metadata`, `charts` and `serve`: files written, errors, a live server."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from click.testing import CliRunner
from dxtest import ROOT, SLIDES_PDF
from server import free_port, stop, wait_for

from dxextract.browse.charts import documents_to_html
from dxextract.browse.serve import PLUGINS_DIR, TEMPLATES_DIR, datasette_args
from dxextract.cli import cli
from dxextract.models import Document
from dxextract.store import open_db, store_document


@pytest.fixture
def db_path(tmp_path: Path, slides_doc: Document) -> Path:
    path = tmp_path / "extracted" / "dx.db"
    db = open_db(path)
    store_document(db, slides_doc)
    db.close()
    return path


def test_metadata_is_written_beside_the_db(
    runner: CliRunner, db_path: Path, slides_doc: Document
) -> None:
    pdfs = str(SLIDES_PDF.parent)
    result = runner.invoke(cli, ["metadata", "--db", str(db_path), "--pdfs", pdfs])
    assert result.exit_code == 0, result.output
    path = db_path.parent / "metadata.yml"
    assert result.output == f"{path}\n"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert slides_doc.report.title in meta["source"]
    assert meta["plugins"] == {
        "dxextract": {"pdf_url": "/pdfs/", "pdf_dir": str(SLIDES_PDF.parent.resolve())}
    }
    tables = meta["databases"]["dx"]["tables"]
    assert tables["kpis"]["columns"]["name"].startswith("指標名")
    assert tables["kpis"]["fts_table"] == "kpis_search_fts"
    assert tables["initiatives"]["label_column"] == "title"
    assert tables["initiatives_search"]["hidden"] is True


def test_metadata_without_the_pdfs_folder_states_file_and_page(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-pdfs"
    result = runner.invoke(cli, ["metadata", "--db", str(db_path), "--pdfs", str(missing)])
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((db_path.parent / "metadata.yml").read_text(encoding="utf-8"))
    assert "plugins" not in meta
    assert "file と page" in meta["description"]


@pytest.mark.parametrize("command", ["metadata", "charts", "serve"])
def test_a_missing_database_is_reported(runner: CliRunner, tmp_path: Path, command: str) -> None:
    db = tmp_path / "none.db"
    result = runner.invoke(cli, [command, "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"Error: {db}: no such database; run `dxextract ingest` first\n"
    assert not db.exists()


def test_serve_port_must_be_a_port(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(cli, ["serve", "--db", str(db_path), "--port", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--port'" in result.output


def test_datasette_args_are_loopback_read_only_with_metadata(tmp_path: Path) -> None:
    """Not immutable (`-i`): an ingest while serving is seen; what follows `--`
    on the command line comes last."""
    args = datasette_args(tmp_path / "dx.db", tmp_path / "metadata.yml", 8123, extra=["--cors"])
    assert args == [
        "serve", str(tmp_path / "dx.db"), "--metadata", str(tmp_path / "metadata.yml"),
        "--plugins-dir", str(PLUGINS_DIR), "--template-dir", str(TEMPLATES_DIR),
        "--host", "127.0.0.1", "--port", "8123", "--cors",
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("via", ["dxextract", "make"])
def test_serve_starts_and_answers_on_127_0_0_1(db_path: Path, tmp_path: Path, via: str) -> None:
    port = free_port()
    bin_dir = Path(sys.executable).parent
    if via == "make":
        # The Makefile's own target, with this interpreter's bin/ and no re-install.
        command = ["make", "--no-print-directory", "-C", str(ROOT), "-o", ".venv/.installed",
                   "serve", f"BIN={bin_dir}", f"DB={db_path}", f"PORT={port}"]  # fmt: skip
    else:
        command = [str(bin_dir / "dxextract"), "serve", "--db", str(db_path),
                   "--pdfs", str(SLIDES_PDF.parent), "--port", str(port)]  # fmt: skip
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    log_path = tmp_path / "serve.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=log, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        response = wait_for(f"{base}/dx.json", proc)
        assert response is not None, log_path.read_text()
        assert response.status_code == 200
        assert "kpi_results" in response.text
        found = httpx.get(
            f"{base}/dx/initiatives.json?_shape=array&_search=" + quote("ﾁｬｯﾄﾎﾞｯﾄ"), timeout=5
        ).json()
        assert [r["title"] for r in found] == ["AIの活用"]
        pdf = httpx.get(f"{base}/pdfs/{SLIDES_PDF.name}", timeout=5)
        assert pdf.content == SLIDES_PDF.read_bytes()
        # Read-only, not immutable: what an ingest stores is served next (test_datasette).
        assert httpx.get(f"{base}/-/databases.json", timeout=5).json()[0]["is_mutable"] is True
    finally:
        stop(proc)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before  # never written
    assert (db_path.parent / "metadata.yml").exists()


# --- charts -----------------------------------------------------------------


class Bars(HTMLParser):
    """The data-* attributes of every <rect class="bar …">, and every text."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[dict[str, str | None]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "rect" and "bar" in (found.get("class") or "").split():
            self.bars.append(found)

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data.strip())


def test_charts_command_writes_report_html(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(cli, ["charts", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    path = db_path.parent / "report.html"
    assert result.output == f"{path}\n"
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_charts_draw_the_published_numbers(slides_doc: Document, golden: dict[str, Any]) -> None:
    html = documents_to_html([slides_doc])
    for svg in html.split("<svg")[1:]:
        ET.fromstring("<svg" + svg.split("</svg>")[0] + "</svg>")  # well-formed
    parser = Bars()
    parser.feed(html)
    achieved = {
        (b["data-area"], b["data-field"], b["data-year"]): b["data-value"]
        for b in parser.bars
        if "achieved" in (b["class"] or "")
    }
    assert achieved == {
        (f["area"], f["code"], str(f["fiscal_year"])): str(f["achieved_pct"])
        for f in golden["fields"]
        if f["achieved_pct"] is not None
    }
    kpi_bars = {
        (b["data-kpi"], b["data-kind"]): b["data-value"]
        for b in parser.bars
        if b["class"] in ("bar target", "bar actual")
    }
    kpis = [k for i in golden["initiatives"] for k in i["kpis"]]
    assert kpi_bars == {
        **{(k["name"], "target"): str(k["target"]) for k in kpis},
        **{(k["name"], "actual"): str(k["actual"]) for k in kpis},
    }
    assert "行政のDX I-2 行政サービスの向上に向けた取組 2023" in parser.texts
    assert "25%（1/4）" in parser.texts
    assert "実績 61%（達成）" in parser.texts


def test_a_full_bar_is_the_larger_of_target_and_actual(slides_doc: Document) -> None:
    parser = Bars()
    parser.feed(documents_to_html([slides_doc]))
    widths = {
        b["data-kind"]: float(b["width"] or 0)
        for b in parser.bars
        if b.get("data-kpi") == "チャットボット満足度"
    }
    assert widths["actual"] == 400.0
    assert widths["target"] == pytest.approx(400 * 60 / 61, abs=0.1)


def test_achievement_has_a_bar_per_fiscal_year_of_each_field(slides_doc: Document) -> None:
    later = slides_doc.model_copy(
        update={"fields": tuple(
            f.model_copy(update={"fiscal_year": f.fiscal_year + 1}) for f in slides_doc.fields
        )}
    )  # fmt: skip
    parser = Bars()
    parser.feed(documents_to_html([slides_doc, later]))
    years = [b["data-year"] for b in parser.bars if b.get("data-field") == "I-2"]
    assert years == ["2023", "2024"]
    assert parser.texts.count("行政のDX I-2 行政サービスの向上に向けた取組 2024") == 1


def test_long_labels_are_cut_and_kept_whole_in_the_tooltip(slides_doc: Document) -> None:
    parser = Bars()
    parser.feed(documents_to_html([slides_doc]))
    name = next(k.name for i in slides_doc.initiatives for k in i.kpis if len(k.name) > 40)
    assert name in parser.texts  # the <title> of its bars
    cut = [t for t in parser.texts if t.endswith("…") and name.startswith(t.split(" ", 1)[1][:-1])]
    assert len(cut) == 1 and len(cut[0]) == 29


def test_no_report_gives_a_page_that_says_so() -> None:
    assert "報告書がまだ取り込まれていません。" in documents_to_html([])


def test_metadata_names_the_publisher_given(
    runner: CliRunner, tmp_path: Path, slides_doc: Document
) -> None:
    db = tmp_path / "dx.db"
    store_document(open_db(db), slides_doc)
    result = runner.invoke(cli, ["metadata", "--db", str(db), "--publisher", "会津県"])
    assert result.exit_code == 0, result.output
    meta = yaml.safe_load((tmp_path / "metadata.yml").read_text(encoding="utf-8"))
    assert meta["source"] == f"会津県「{slides_doc.report.title}」（fukushima_dx_r5.pdf）"
