"""The contract's facts that every stage shares, defined once and importable
without pydantic (the `tables` command reads PDFs without it): the areas, the
number type, a record's printed region and its columns, the CSV encoding.
models.py builds the records on them (shared/data-contract.md)."""

from __future__ import annotations

# The two areas of every summary, in the report's order.
AREAS = ("行政のDX", "地域のDX")

# A published number: an int where the report prints one (68, 32000000), a
# float where it prints a fraction (67.4); JSON prints 1000, not 1000.0.
Number = int | float

# [x0, top, x1, bottom] in PDF points, as pdfplumber reports them: the printed
# region a record was read from. None only for a record stored by a dxextract
# before the contract asked for it (`ingest --reread` fills it in).
Bbox = tuple[float, float, float, float]
# The region as the columns of a table or a CSV file.
BBOX_COLUMNS = ("bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")

# Excel guesses a BOM-less CSV's encoding from the system locale (Shift_JIS
# on Japanese Windows) and garbles UTF-8 Japanese; a UTF-8 byte order mark
# makes it read UTF-8. Other tools (pandas, csvkit, Python's utf-8-sig) skip it.
CSV_ENCODING = "utf-8-sig"
