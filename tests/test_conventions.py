"""House rules that keep the pipeline general and the package tidy."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dxextract.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "dxextract"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SLIDES_PDF = ROOT / "raw_pdfs" / "fukushima_dx_r5.pdf"

# What would tie the pipeline to one document: a page index, a page number, a crop box.
ONE_DOCUMENT = re.compile(r"pages?\[[0-9]+\]|page_number ?== ?[0-9]+|crop\(\(?[0-9]")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


MODULES = sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    """The module's path in the package: `cli.py`, `store/schema.py`."""
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_page_numbers_or_coordinates_of_one_document(path: Path) -> None:
    hits = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ONE_DOCUMENT.search(line)
    ]
    assert not hits


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("click", {"cli/"}),
        ("pdfplumber", {"extract/"}),
        ("sqlite_utils", {"store/"}),
        ("datasette", {"browse/"}),
    ],
)
def test_only_one_stage_imports_each_library(library: str, allowed: set[str]) -> None:
    """`allowed` names modules, or packages by their folder (`cli/`)."""
    users = {_name(p) for p in MODULES if library in _imports(p)}
    assert users
    assert {u for u in users if not any(u.startswith(a) for a in allowed if a.endswith("/"))} <= (
        allowed
    )


def test_library_never_prints_or_exits() -> None:
    for path in MODULES:
        if _name(path).startswith("cli/"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "print(" not in text and "sys.exit" not in text, _name(path)


def _commands_and_options() -> list[tuple[str, str]]:
    ctx = cli.make_context("dxextract", ["--help"], resilient_parsing=True)
    out = []
    names = cli.list_commands(ctx)
    assert len(names) > 5
    for name in names:
        command = cli.get_command(ctx, name)
        assert command is not None, name
        for param in command.get_params(ctx):
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    out.append((name, opt))
        out.append((name, ""))
    return out


@pytest.mark.parametrize(("command", "option"), _commands_and_options())
def test_every_command_and_option_is_documented(command: str, option: str) -> None:
    """As sqlite-utils' test_docs: the README names every command and option."""
    assert f"dxextract {command}" in README
    if option:
        assert option in README


def test_help_runs_for_every_command() -> None:
    runner = CliRunner()
    names = cli.list_commands(cli.make_context("dxextract", ["--help"], resilient_parsing=True))
    assert {"ingest", "check", "tables", "serve"} <= set(names)
    for name in names:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert f" {name} [OPTIONS]" in result.output


def test_a_command_imports_only_its_own_module() -> None:
    """`dxextract tables` builds no other command (each lives in a module of its own)."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dxextract.cli import cli\n"
        "CliRunner().invoke(cli, ['tables', '--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('dxextract.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["['dxextract.cli.common',", "'dxextract.cli.tables']"]


HEAVY = ("pdfplumber", "pdfminer", "pydantic", "sqlite_utils", "datasette", "numpy", "yaml")


def _modules_after(argv: list[str]) -> list[str]:
    """The HEAVY libraries a `dxextract` run has imported when it ends."""
    code = (
        "import sys\n"
        "from dxextract.cli import cli\n"
        "try:\n"
        f"    cli.main({argv!r}, standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split("\n")[-2].split()


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["ingest", "--help"]])
def test_help_and_version_import_no_pdf_database_or_web_library(argv: list[str]) -> None:
    assert _modules_after(argv) == []


@pytest.mark.slow  # an ingest and a check, each in an interpreter of its own
def test_a_database_is_opened_without_numpy_which_imports_after(tmp_path: Path) -> None:
    # sqlite_utils imports numpy when it finds it, for nothing dxextract stores:
    # the store imports it with numpy hidden (store/sqlite.py).
    db = tmp_path / "dx.db"
    assert "numpy" not in _modules_after(["ingest", str(SLIDES_PDF), "--db", str(db)])
    assert "numpy" not in _modules_after(["check", "--db", str(db)])
    code = "import dxextract.store, numpy, sqlite_utils.db as d; print(d.np is None, numpy.pi)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "3.141592653589793"]


def _dxextract_imports(path: Path) -> set[str]:
    """The dxextract modules a module imports (at any depth of its code)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dxextract"):
            out |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("dxextract")}
    return out


@pytest.mark.parametrize("path", [p for p in MODULES if _name(p).startswith("store/")], ids=_name)
def test_the_store_only_stores(path: Path) -> None:
    """Whoever stores a report passes its findings in (store.Checks): nothing
    under store/ imports the checks, so what is stored is what `check` finds
    with the direction table the user chose."""
    assert not {m for m in _dxextract_imports(path) if m.startswith("dxextract.check")}


def _commands() -> list[tuple[str, ast.FunctionDef]]:
    out = []
    for path in MODULES:
        if _name(path).startswith("cli/"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            out += [
                (f"{_name(path)}:{node.name}", node)
                for node in tree.body
                if isinstance(node, ast.FunctionDef)
                and any("command" in ast.unparse(d) for d in node.decorator_list)
            ]
    return out


@pytest.mark.parametrize(("name", "node"), _commands(), ids=[n for n, _ in _commands()])
def test_commands_are_thin(name: str, node: ast.FunctionDef) -> None:
    """A command parses its options and prints what the library gives: under 40
    lines from `def` to its end (decorators apart)."""
    assert node.end_lineno is not None
    assert node.end_lineno - node.lineno + 1 < 40
