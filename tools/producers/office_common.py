"""What the office producers (calc.py, impress.py) share besides their blocks
(office_flat.py) and text measuring (office_text.py): the LibreOffice conversion,
the check of a rendered PDF and the producers' command line.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

TOOLS = Path(__file__).resolve().parents[1]
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

from fy2023_content import REPORT, Report, printed_strings  # noqa: E402

if TYPE_CHECKING:
    from pdfplumber.page import Page

ROOT = TOOLS.parent
FIXTURES = ROOT / "tests" / "fixtures" / "producers"


# ---------------------------------------------------------------------------------
# LibreOffice
# ---------------------------------------------------------------------------------


def soffice_convert(src: Path, outdir: Path, to: str = "pdf") -> Path:
    """`src` converted by LibreOffice headless (a profile of its own, so that
    conversions may run side by side) into `outdir`; `to`: the --convert-to
    filter (`pdf`, or `csv:…` options). The path of `<stem>.<first word of to>`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed (soffice not found)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=300,
            env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"},
        )
    out = outdir / f"{src.stem}.{to.split(':')[0]}"
    if to == "pdf" and not out.is_file():
        raise RuntimeError(f"LibreOffice wrote no PDF for {src}")
    return out


def page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


# ---------------------------------------------------------------------------------
# Check
# ---------------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cell_texts(page: Page) -> list[str]:
    """The text inside each table cell pdfplumber finds on `page` (lines and the edges
    of filled rectangles), characters taken by their centre, read row by row."""
    out = []
    chars = page.chars
    for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        for row in table.rows:
            for bbox in row.cells:
                if bbox is None:
                    continue
                x0, top, x1, bottom = bbox
                inside = [
                    c
                    for c in chars
                    if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                    and top <= (c["top"] + c["bottom"]) / 2 <= bottom
                ]
                inside.sort(key=lambda c: (round(c["top"] / 2), c["x0"]))
                out.append("".join(c["text"] for c in inside))
    return out


def check(report: Report, pdf: Path) -> list[str]:
    """The strings of printed_strings(report) not found in `pdf` (all whitespace removed
    on both sides): first in `pdftotext -layout`, then per page in pdftotext's raw
    order, then in the cells pdfplumber finds. Also reports '###' (a numeric cell too
    narrow) and characters outside the page or cut by their cell's bottom edge."""
    import pdfplumber

    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    haystacks = [_squash(layout), _squash(raw)]
    wanted = [s for s in dict.fromkeys(printed_strings(report)) if _squash(s)]
    missing = [s for s in wanted if not any(_squash(s) in h for h in haystacks)]
    problems: list[str] = []
    if "###" in layout:
        problems.append("### in the text (a numeric cell too narrow)")
    with pdfplumber.open(pdf) as doc:
        cells: list[str] = []
        for n, page in enumerate(doc.pages, 1):
            if missing:
                cells += [_squash(t) for t in _cell_texts(page)]
            for c in page.chars:
                if (
                    c["x0"] < -0.5
                    or c["x1"] > page.width + 0.5
                    or c["top"] < -0.5
                    or (c["bottom"] > page.height + 0.5)
                ):
                    problems.append(f"page {n}: {c['text']!r} outside the page")
                    break
            problems += [f"page {n}: {p}" for p in _cut_chars(page)]
            problems += [f"page {n}: {p}" for p in _overlapping_chars(page)]
    missing = [s for s in missing if not any(_squash(s) in t for t in cells)]
    return missing + problems


def _cut_chars(page: Page) -> list[str]:
    """Characters whose box crosses a horizontal ruling line under them within their
    column (text running over a cell's bottom edge: clipped in the rendering)."""
    out = []
    hlines = [e for e in page.edges if e["orientation"] == "h"]
    for c in page.chars:
        top, bottom = c["top"], c["bottom"]
        h = bottom - top
        mid = (c["x0"] + c["x1"]) / 2
        for e in hlines:
            if e["x0"] <= mid <= e["x1"] and top + 0.3 * h < e["top"] < bottom - 0.3 * h:
                out.append(f"{c['text']!r} at y={top:.1f} cut by a rule at y={e['top']:.1f}")
                break
        if len(out) >= 3:
            break
    return out


def _overlapping_chars(page: Page) -> list[str]:
    """Pairs of characters drawn over each other (text boxes or tables overlapping)."""
    buckets: dict[tuple[int, int], list[dict[str, Any]]] = {}  # pdfplumber's chars
    out = []
    for c in page.chars:
        if not c["text"].strip():
            continue
        key = (int(c["x0"] // 8), int(c["top"] // 8))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for o in buckets.get((key[0] + dx, key[1] + dy), []):
                    w = min(c["x1"], o["x1"]) - max(c["x0"], o["x0"])
                    h = min(c["bottom"], o["bottom"]) - max(c["top"], o["top"])
                    if w > 0.4 * (c["x1"] - c["x0"]) and h > 0.4 * (c["bottom"] - c["top"]):
                        out.append(f"{o['text']!r} and {c['text']!r} overlap at y={c['top']:.1f}")
                        if len(out) >= 3:
                            return out
        buckets.setdefault(key, []).append(c)
    return out


def ceil_div(a: float, b: float) -> int:
    return math.ceil(a / b - 1e-9)


# ---------------------------------------------------------------------------------
# The producers' command line (calc.py and impress.py)
# ---------------------------------------------------------------------------------

Render = Callable[[Report, Path, Any], int]


def sweep_random_styles(
    name: str,
    render: Render,
    random_style: Callable[[int], Any],
    n: int,
    first: int = 0,
    keep: Path | None = None,
) -> int:
    """Render `n` random styles from seed `first` (FY2023 on even seeds, FY2024 on
    odd ones) and check each; the number of styles that miss strings."""
    from fy2024_synthetic import REPORT_FY2024

    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for seed in range(first, first + n):
            report = REPORT if seed % 2 == 0 else REPORT_FY2024
            out = folder / f"{name}_seed{seed}.pdf"
            t = time.monotonic()
            pages = render(report, out, random_style(seed))
            missing = check(report, out)
            bad += bool(missing)
            print(f"seed {seed}: {pages} pages, {time.monotonic() - t:.1f} s, "
                  f"{len(missing)} missing {missing[:3]}", flush=True)  # fmt: skip
    print(f"{n - bad}/{n} random styles pass")
    return bad


def producer_main(
    name: str,
    doc: str,
    render: Render,
    random_style: Callable[[int], Any],
    argv: list[str] | None = None,
) -> int:
    """Re-render `tests/fixtures/producers/<name>_fy20{23,24}.pdf` (the default
    style) and check them; with --seeds N, N random styles too."""
    from fy2024_synthetic import REPORT_FY2024

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=0, help="also check N random styles")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="folder for the random-style PDFs")
    args = parser.parse_args(argv)
    bad = 0
    fixtures = [
        (REPORT, FIXTURES / f"{name}_fy2023.pdf"),
        (REPORT_FY2024, FIXTURES / f"{name}_fy2024.pdf"),
    ]
    for report, out in fixtures:
        t = time.monotonic()
        pages = render(report, out, None)
        missing = check(report, out)
        bad += bool(missing)
        print(f"{out.relative_to(FIXTURES.parents[2])}: {pages} pages, "
              f"{time.monotonic() - t:.1f} s, {len(missing)} missing {missing[:5]}")  # fmt: skip
    if args.seeds:
        bad += sweep_random_styles(
            name, render, random_style, args.seeds, args.first_seed, args.keep
        )
    return bad
