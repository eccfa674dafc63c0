"""Fuzz: mutated PDF bytes give a Document or the project's own error, never anything else.

A bounded run in the suite (a few seconds); `make fuzz` sets DXEXTRACT_FUZZ_EXAMPLES
for a long one, and adds the full 15-page FY2023 rendering to the seeds. A hang
cannot pass either: every file is read under the per-file time limit.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

import make_fixture_pdfs as gen
import pdf_bytes
import pytest
from dxtest import SLIDES_PDF
from fy2023_content import REPORT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dxextract.errors import DxError
from dxextract.extract.batch import Task, extract
from dxextract.models import Extraction

# Examples per run: enough to hit the header, xref, streams and text of the
# seeds in a few seconds; `make fuzz` asks for thousands.
EXAMPLES = int(os.environ.get("DXEXTRACT_FUZZ_EXAMPLES", "25"))
LONG_RUN = EXAMPLES > 100
# Time limit per mutated file (s): far above what a seed takes to read.
FUZZ_TIMEOUT_S = 20.0


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Small PDFs of each kind: the title and summary page of the report, and hand-made ones."""
    path = tmp_path_factory.mktemp("seeds") / "summary_only.pdf"
    gen.render_report(replace(REPORT, blocks=()), path, gen.SLIDES)
    found = [path.read_bytes(), pdf_bytes.cid_font_pdf(), pdf_bytes.image_only_pdf()]
    if LONG_RUN:
        found.append(SLIDES_PDF.read_bytes())
    return found


# A few edits: overwrite a byte, delete or repeat a run, cut the file short. The
# position is taken modulo the file's size, so that the draws do not depend on
# which seed was drawn (Hypothesis replays stored examples against any seed).
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["set", "delete", "truncate", "duplicate"]),
        st.integers(0, 10**7),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=6,
)


def mutate(data: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, at, value in edits:
        at %= max(len(out), 1)
        if kind == "set" and out:
            out[at] = value
        elif kind == "delete":
            del out[at : at + value]
        elif kind == "truncate":
            del out[at:]
        elif kind == "duplicate":
            out[at:at] = out[at : at + value]
    return bytes(out)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_pdf_gives_a_document_or_a_dx_error(
    data: st.DataObject, seeds: list[bytes], tmp_path: Path
) -> None:
    seed = data.draw(st.sampled_from(seeds))
    mutated = mutate(seed, data.draw(EDITS))
    path = tmp_path / "mutated.pdf"
    path.write_bytes(mutated)
    task = Task(path, hashlib.sha256(mutated).hexdigest(), max_pages=50)
    result = extract(task, FUZZ_TIMEOUT_S)  # any exception but DxError propagates: a failure
    assert isinstance(result, (Extraction, DxError))
