"""Findings → what `dxextract check` prints: text, JSON, Markdown, GitHub annotations."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Sequence
from typing import Literal, get_args

from dxextract.models import SEVERITIES, Finding, Severity

# GitHub shows at most 10 error and 10 warning annotations per step (and 10
# notices); more are dropped silently, so we print the rest as a count.
# https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
DEFAULT_GITHUB_ANNOTATIONS = 10

# Workflow command per severity.
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}

COLUMNS = ("severity", "rule", "where", "printed", "expected", "page", "message")

CLEAN = "No inconsistent published numbers."


# What `dxextract check --format` prints.
Format = Literal["text", "json", "github", "markdown"]
FORMATS: tuple[Format, ...] = get_args(Format)


def severity_rank(severity: Severity) -> int:
    """info < warning < error."""
    return SEVERITIES.index(severity)


def failing(findings: Sequence[Finding], fail_on: Severity) -> list[Finding]:
    """The findings at or above the severity `fail_on`."""
    return [f for f in findings if severity_rank(f.severity) >= severity_rank(fail_on)]


def where(finding: Finding) -> str:
    """The record a finding locates: file, area, year, field, initiative, KPI."""
    parts = (
        finding.file,
        finding.area,
        None if finding.fiscal_year is None else str(finding.fiscal_year),
        finding.field_code,
        finding.initiative_title,
        finding.kpi_name,
    )
    return " / ".join(p for p in parts if p)


def _cells(finding: Finding) -> tuple[str, ...]:
    page = "" if finding.page is None else str(finding.page)
    printed, expected = finding.printed or "", finding.expected or ""
    return (
        finding.severity,
        finding.rule,
        where(finding),
        printed,
        expected,
        page,
        finding.message,
    )


def counts_line(findings: Sequence[Finding]) -> str:
    """'2 errors, 1 warning, 0 info'."""
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    errors, warnings = counts["error"], counts["warning"]
    return (
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
        f"{counts['info']} info"
    )


def display_width(text: str) -> int:
    """Terminal columns: wide (W) and full-width (F) characters take two."""
    return sum(map(_char_width, text))


@functools.cache
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


# The text table fits a terminal of this many columns: a cell longer than
# DEFAULT_CELL_COLUMNS is shortened with `…`, the message wraps under itself
# (the full text is in --format json).
DEFAULT_TEXT_WIDTH = 120
DEFAULT_CELL_COLUMNS = 36
# The message keeps at least this many columns, however wide the other cells.
DEFAULT_MESSAGE_COLUMNS = 40


def shorten(text: str, columns: int) -> str:
    """`text` cut to `columns` terminal columns, ending in `…` when cut."""
    if display_width(text) <= columns:
        return text
    used = 0
    for end, ch in enumerate(text):
        used += _char_width(ch)
        if used > columns - 1:
            return text[:end] + "…"
    return text + "…"  # not reached: the text is wider than `columns`


def wrap_columns(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` terminal columns (Japanese has no
    spaces to break at: a line breaks where it is full, at a space if one is near)."""
    lines: list[str] = []
    line, used = "", 0
    for ch in " ".join(text.split()):
        width = display_width(ch)
        if used + width > columns:
            cut = line.rfind(" ")
            if cut > len(line) // 2:
                lines.append(line[:cut])
                line = line[cut + 1 :]
            else:
                lines.append(line)
                line = ""
            used = display_width(line)
        line, used = line + ch, used + width
    return [*lines, line] if line or not lines else lines


def findings_to_text(findings: Sequence[Finding], width: int = DEFAULT_TEXT_WIDTH) -> list[str]:
    """A table aligned for a terminal of `width` columns, then a line of counts."""
    if not findings:
        return [CLEAN]
    rows = [
        (*(shorten(c, DEFAULT_CELL_COLUMNS) for c in row[:-1]), row[-1])
        for row in [COLUMNS, *(_cells(f) for f in findings)]
    ]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    # Too wide for the message to keep its columns: the widest cells give way,
    # a column at a time, then each cell is shortened once to its column.
    fitted = list(widths)
    while sum(fitted) + 2 * len(fitted) + DEFAULT_MESSAGE_COLUMNS > width:
        fitted[fitted.index(max(fitted))] -= 1
    if fitted != widths:
        rows = [
            (*(shorten(c, w) for c, w in zip(row[:-1], fitted, strict=True)), row[-1])
            for row in rows
        ]
        widths = fitted
    indent = sum(widths) + 2 * len(widths)
    room = width - indent
    lines = []
    for row in rows:
        cells = [
            cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths, strict=False)
        ]
        first, *rest = wrap_columns(row[-1], room)
        lines.append("  ".join([*cells, first]))
        lines.extend(" " * indent + more for more in rest)
    return [*lines, counts_line(findings)]


def findings_to_json(findings: Sequence[Finding]) -> str:
    """A JSON list of findings (`[]` when clean)."""
    return json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=2)


def markdown_cell(text: str) -> str:
    """Text from a PDF as one GitHub-flavoured Markdown table cell: HTML escaped
    (a PDF may print `<img src=x onerror=…>`; GitHub renders raw HTML in a step
    summary), the cell's `|` and backslash escaped, line breaks as spaces."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def findings_to_markdown(findings: Sequence[Finding]) -> str:
    """A Markdown section: a table of findings, or one line when clean."""
    lines = ["### dxextract check: published numbers", ""]
    if not findings:
        return "\n".join([*lines, CLEAN, ""])
    lines.append("| " + " | ".join(COLUMNS) + " |")
    lines.append("|" + " --- |" * len(COLUMNS))
    lines.extend("| " + " | ".join(markdown_cell(c) for c in _cells(f)) + " |" for f in findings)
    return "\n".join([*lines, "", counts_line(findings), ""])


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF percent-encoded (in that order)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def finding_to_annotation(finding: Finding) -> str:
    """`::error file=…,title=…::message` for one finding."""
    command = GITHUB_COMMANDS[finding.severity]
    title = f"{finding.rule}: {where(finding)}"
    page = "" if finding.page is None else f" (page {finding.page})"
    return (
        f"::{command} file={escape_property(finding.file)},title={escape_property(title)}"
        f"::{escape_data(finding.message + page)}"
    )


def findings_to_github(
    findings: Sequence[Finding], limit: int = DEFAULT_GITHUB_ANNOTATIONS
) -> list[str]:
    """Annotations, at most `limit` per severity (errors first), then what was left out."""
    lines: list[str] = []
    for severity in reversed(SEVERITIES):
        these = [f for f in findings if f.severity == severity]
        lines.extend(finding_to_annotation(f) for f in these[:limit])
        if len(these) > limit:
            lines.append(f"{len(these) - limit} more {severity} findings: see the step summary.")
    lines.append(counts_line(findings) if findings else CLEAN)
    return lines
