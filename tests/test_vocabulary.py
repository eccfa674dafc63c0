"""The vocabulary as data: the package's vocabulary.toml, a user's file added
to it (--vocabulary), its validation, and the hints that name what to add."""

from __future__ import annotations

import sqlite3
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dxtest import SLIDES_PDF

from dxextract.cli import cli
from dxextract.contract import AREAS
from dxextract.extract.classify import Kind, kind_of_header, role_of
from dxextract.extract.hints import header_to_hint
from dxextract.extract.vocabulary import (
    DEFAULT_VOCABULARY,
    HEADINGS,
    ROLES,
    SUMMARY_ROWS,
    VocabularyError,
    default_vocabulary,
    read_vocabulary_file,
)
from dxextract.extract.vocabulary_file import Areas, VocabularyFile

DEFAULT = tomllib.loads(DEFAULT_VOCABULARY.read_text(encoding="utf-8"))


def test_the_package_vocabulary_is_valid_and_names_every_group() -> None:
    VocabularyFile.model_validate(DEFAULT, by_alias=True)
    for kind, roles in ROLES.items():
        assert list(DEFAULT[kind]["roles"]) == list(roles), kind
    assert list(DEFAULT["summary"]["rows"]) == list(SUMMARY_ROWS)
    assert list(DEFAULT["areas"]) == list(AREAS)
    assert [f.alias for f in Areas.model_fields.values()] == list(AREAS)
    assert list(DEFAULT["headings"]) == list(HEADINGS)


def test_every_entry_has_a_comment_saying_what_it_matches() -> None:
    lines = DEFAULT_VOCABULARY.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if line.startswith("[") and "." in line:  # a group: a role, a row, an area, a heading
            assert lines[n - 1].startswith("#"), line


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("指標名 目標値(R5年度) 実績値(R5年度) 指標の達成状況", Kind.KPI),
        ("項目 R5取組内容 R5成果・効果 R6取組内容", Kind.INITIATIVE),
        ("項番 分野 事業数 うちKPI設定事業数(A)", Kind.FIELDS),
        ("行政のデジタル変革(DX) 地域のデジタル変革(DX)", Kind.SUMMARY),
        ("評価指標 目標値 実績値 達成状況", Kind.UNKNOWN),
        ("項目 取組の中身 成果", Kind.UNKNOWN),  # an initiative table needs 取組内容
    ],
)
def test_kinds_are_found_by_their_roles(header: str, kind: Kind) -> None:
    assert kind_of_header(header) is kind


def test_a_users_words_are_added_and_replace_replaces(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[kpi.roles.name]\nwords = ["評価指標"]\n', encoding="utf-8")
    added = read_vocabulary_file(mine)
    assert kind_of_header("評価指標 目標値 実績値", added) is Kind.KPI
    assert kind_of_header("指標名 目標値 実績値", added) is Kind.KPI  # the default's still
    assert role_of(Kind.KPI, "評価指標", added) == "name"
    assert "評価指標" in added.header_words and "評価指標" not in default_vocabulary().header_words
    assert len(added.source) == 64 and default_vocabulary().source == "default"
    mine.write_text('[kpi.roles.name]\nreplace = true\nwords = ["評価指標"]\n', encoding="utf-8")
    replaced = read_vocabulary_file(mine)
    assert kind_of_header("指標名 目標値 実績値", replaced) is Kind.UNKNOWN
    # Full-width words match as the texts are compared: after NFKC.
    mine.write_text('[fields.roles.projects]\nwords = ["事業件数"]\n', encoding="utf-8")
    assert role_of(Kind.FIELDS, "事業件数（件）", read_vocabulary_file(mine)) == "projects"


BAD_FILES = [
    ('[kpi.roles.name]\nwords = ["評価指標"]\n\n[kpi.roles.nmae]\nwords = ["x"]\n', 4, "[kpi.roles.nmae]: unknown key"),  # noqa: E501
    ('# mine\n[headings.total]\npatterns = ["(合計"]\n', 3, "[headings.total.patterns]: pattern '(合計' does not compile"),  # noqa: E501
    ('[header]\nwords = "評価指標"\n', 2, "[header.words]: Input should be a valid list"),
    ('[kpi]\nfound_by = [["nmae"]]\n', 1, "[kpi]: found_by names ['nmae']"),
    ('[areas."行政のDX"]\nwords = [""]\n', 2, '[areas."行政のDX".words]: an empty word'),
    ("[kpi.roles\nwords = 1\n", 1, "not TOML"),
    ('[kpi.roles.name]\npatterns = ["x*"]\n', 2, "matches an empty text"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "message"), BAD_FILES)
def test_a_bad_vocabulary_file_is_one_line_naming_file_line_and_key(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        read_vocabulary_file(bad)
    said = str(caught.value)
    assert said.startswith(f"{bad}:{line}: ") and message in said
    assert "\n" not in said


@pytest.mark.parametrize("command", ["ingest", "check", "inspect", "tables"])
def test_commands_refuse_a_bad_vocabulary_with_exit_2_and_write_nothing(
    tmp_path: Path, command: str
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[kpi.roles.nmae]\nwords = []\n", encoding="utf-8")
    db = tmp_path / "dx.db"
    args = [command, str(SLIDES_PDF), "--vocabulary", str(bad)]
    if command in ("ingest", "check"):
        args += ["--db", str(db)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {bad}:1: [kpi.roles.nmae]: unknown key"
    assert not db.exists()


def test_vocabulary_prints_the_package_file() -> None:
    result = CliRunner().invoke(cli, ["vocabulary"])
    assert result.exit_code == 0
    assert result.output == DEFAULT_VOCABULARY.read_text(encoding="utf-8")
    assert tomllib.loads(result.output) == DEFAULT


@pytest.mark.parametrize(
    ("texts", "group", "word"),
    [
        (["評価指標", "目標値(R5年度)", "実績値(R5年度)", "指標の達成状況"], "kpi.roles.name", "評価指標"),  # noqa: E501
        (["項目", "R5取組の中身", "R5成果・効果"], "initiative.roles.activities", "取組の中身"),
        (["評価指標", "目標値(R5年度)"], None, None),  # too little of a KPI table
        (["指標名", "目標値"], None, None),  # a KPI table already
        (["年齢", "人数", "割合"], None, None),
    ],
)  # fmt: skip
def test_a_header_of_no_known_kind_names_the_line_to_add(
    texts: list[str], group: str | None, word: str | None
) -> None:
    hint = header_to_hint(texts)
    if group is None:
        assert hint is None
        return
    assert hint is not None and (hint.group, hint.word) == (group, word)
    assert hint.as_toml() == f'[{group}]\nwords = ["{word}"]'
    assert f'add "{word}" to [{group}] in your vocabulary file' in hint.as_text()


def test_reread_with_the_same_records_keeps_them_and_notes_the_vocabulary(
    tmp_path: Path, fy2023_db: Path
) -> None:
    """A file read again to the same records stays as it was (its rows and their
    ids); the vocabulary it was read with is remembered beside it."""
    import hashlib
    import sqlite3

    db = fy2023_db  # the slides ingested (conftest), this test's own copy
    runner = CliRunner()
    args = ["ingest", "--db", str(db), "--silent", str(SLIDES_PDF)]

    def state() -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        with sqlite3.connect(db) as conn:
            kpis = conn.execute("select id, name, actual from kpis order by id").fetchall()
            files = conn.execute("select file, status, vocabulary from files").fetchall()
        return kpis, files

    kpis, files = state()
    assert files == [(SLIDES_PDF.name, "current", "default")]
    mine = tmp_path / "mine.toml"
    mine.write_text('[kpi.roles.name]\nwords = ["評価指標"]\n', encoding="utf-8")
    result = runner.invoke(cli, [*args, "--reread", "--vocabulary", str(mine)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{SLIDES_PDF}: unchanged, read again to the same records\n"
    sha = hashlib.sha256(mine.read_bytes()).hexdigest()
    assert state() == (kpis, [(SLIDES_PDF.name, "current", sha)])
    # Without --reread a stored file is not read at all.
    result = runner.invoke(cli, args)
    assert result.output == f"{SLIDES_PDF}: unchanged, already ingested\n"


def test_a_reworded_summary_row_is_said_with_the_line_to_add(
    tmp_path: Path, golden: dict[str, Any]
) -> None:
    """A summary row whose label names no known row (取組件数 for 事業数) is never
    a silent null: ingest says it with the vocabulary line, and that line read
    again gives the golden summaries."""
    import make_fixture_pdfs as gen
    from fy2023_content import REPORT

    rows = tuple(
        replace(row, label="取組件数") if row.label == "事業数" else row
        for row in REPORT.summary.rows
    )
    pdf = tmp_path / "summary_reworded.pdf"
    gen.render_report(replace(REPORT, summary=replace(REPORT.summary, rows=rows)), pdf, gen.SLIDES)
    db = tmp_path / "dx.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", "--db", str(db), "--silent", str(pdf)])
    line = 'add "取組件数" to [summary.rows.projects] in your vocabulary file'
    assert result.exit_code == 0 and "1 warning" in result.output and line in result.output
    mine = tmp_path / "mine.toml"
    mine.write_text('[summary.rows.projects]\nwords = ["取組件数"]\n', encoding="utf-8")
    args = ["ingest", "--db", str(db), "--silent", "--reread", "--vocabulary", str(mine), str(pdf)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0 and "read again:" in result.output, result.output
    with sqlite3.connect(db) as conn:
        projects = conn.execute("select projects from area_summaries order by id").fetchall()
    assert [p for (p,) in projects] == [s["projects"] for s in golden["area_summaries"]]
    assert "warning" not in result.output
