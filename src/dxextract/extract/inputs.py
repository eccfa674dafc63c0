"""The files a command is given: folders listed, what cannot be read said, names shown safely.

A path named on the command line is read if it is a regular file; a folder
gives its `*.pdf` files, sorted by name. What is not a regular file (a FIFO, a
device, a socket: opening one can block forever) is refused before it is
opened, a symlink loop is skipped with a line, and a file gone since it was
listed is `no longer there`. File names are printed with control characters
escaped, so that every message stays one line.
"""

from __future__ import annotations

import errno
import hashlib
import stat
from collections.abc import Iterable
from io import BufferedReader
from pathlib import Path
from typing import NamedTuple

from dxextract.errors import InputFileError

# What a path that is not a regular file is, by its stat mode.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def shown(path: str | Path) -> str:
    """A path as one line: control characters (a newline in a file name) escaped."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def file_problem(path: Path) -> str | None:
    """Why `path` cannot be read as a file, without opening it; None if it can."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symlink" if path.is_symlink() else "no longer there"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop"
        return f"cannot read: {exc.strerror}"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); not read"


class Listed(NamedTuple):
    """The files to read, in order, and one line for each entry of a folder skipped."""

    files: list[Path]
    skipped: list[str]


def list_pdfs(paths: Iterable[Path]) -> Listed:
    """Files as given; folders → their *.pdf entries, sorted by name; each file once.

    A file given by name is listed whatever it is (reading it says what is
    wrong); an entry of a folder that cannot be a file to read (a symlink loop,
    a FIFO) is skipped with a line.
    """
    files: list[Path] = []
    skipped: list[str] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            entries = sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf")
            found = []
            for entry in entries:
                problem = file_problem(entry)
                if problem is None:
                    found.append(entry)
                elif not entry.is_dir():
                    skipped.append(f"{shown(entry)}: skipped: {problem.removesuffix('; not read')}")
        else:
            found = [path]
        for file in found:
            key = _identity(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return Listed(files, skipped)


def _identity(path: Path) -> Path:
    try:
        return path.resolve(strict=False)
    except (OSError, RuntimeError):  # a loop in the path itself
        return path.absolute()


def open_input(path: Path) -> BufferedReader:
    """`path` opened for reading: InputFileError for what is not a regular file
    (said before it is opened), for a file gone since it was listed, or unreadable."""
    problem = file_problem(path)
    if problem is not None:
        raise InputFileError(problem)
    try:
        return path.open("rb")
    except FileNotFoundError as exc:
        raise InputFileError("no longer there") from exc
    except OSError as exc:
        raise InputFileError(f"cannot read: {exc.strerror}") from exc


def file_sha256(path: Path) -> str:
    """The PDF's identity in the database: the sha256 of its bytes, read in chunks."""
    with open_input(path) as fh:
        try:
            return hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError as exc:
            raise InputFileError(f"cannot read: {exc.strerror}") from exc
