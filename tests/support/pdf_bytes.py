"""Hand-written PDF bytes for the bad-input tests: no PDF library needed.

Each builder returns a complete, valid file (header, objects, xref, trailer)
whose one oddity is the case under test: no text (a scan), a font without a
ToUnicode map, thousands of pages, a content stream that inflates enormously.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

PAGE_BOX = "[0 0 595 842]"


def pdf_bytes(objects: Sequence[bytes]) -> bytes:
    """Objects 1..n (object 1 the catalog) → a PDF file with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes, compress: bool = False, extra: str = "") -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += " /Filter /FlateDecode"
    return f"<< /Length {len(data)}{extra} >>\nstream\n".encode() + data + b"\nendstream"


def one_page(content: bytes, resources: str = "<< >>", more: Sequence[bytes] = ()) -> bytes:
    """A one-page PDF: objects 1-4 are catalog, pages, page, content; `more` follow (5, 6 …)."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox {PAGE_BOX} /Resources {resources} "
            "/Contents 4 0 R >>".encode(),
            stream(content),
            *more,
        ]
    )


def image_only_pdf() -> bytes:
    """A page that only paints an image, as a scanner writes it: no text layer."""
    image = b"q 400 0 0 600 100 100 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q"
    return one_page(image)


def cid_font_pdf(text_hex: str = "0041004200430044004500460047") -> bytes:
    """Text in a CID font with Identity encoding and no ToUnicode map: `(cid:N)` only."""
    font = "<< /Font << /F1 5 0 R >> >>"
    return one_page(
        f"BT /F1 24 Tf 72 700 Td <{text_hex}> Tj ET".encode(),
        font,
        [
            b"<< /Type /Font /Subtype /Type0 /BaseFont /Unknown-Identity "
            b"/Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown-Identity "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /Unknown-Identity /Flags 4 "
            b"/FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120 "
            b"/CapHeight 700 /StemV 80 >>",
        ],
    )


def replacement_char_pdf() -> bytes:
    """Text whose ToUnicode map sends every glyph to U+FFFD, as broken converters write."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CMapName /Broken def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"7 beginbfchar <41> <FFFD> <42> <FFFD> <43> <FFFD> <44> <FFFD> <45> <FFFD>"
        b" <46> <FFFD> <47> <FFFD> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    return one_page(
        b"BT /F1 24 Tf 72 700 Td (ABCDEFG) Tj ET",
        "<< /Font << /F1 5 0 R >> >>",
        [
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            stream(cmap),
        ],
    )


def many_pages_pdf(count: int) -> bytes:
    """`count` empty pages: a few bytes each, thousands of them."""
    kids = " ".join(f"{n} 0 R" for n in range(3, count + 3))
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
            *(
                f"<< /Type /Page /Parent 2 0 R /MediaBox {PAGE_BOX} >>".encode()
                for _ in range(count)
            ),
        ]
    )


def inflating_pdf(operators: int) -> bytes:
    """A content stream of `operators` path operators, deflated to a few kilobytes.

    A decompression bomb in miniature: the file is small, what the reader must
    inflate and interpret is not (`operators` 5,000,000 → 30 MB, some 10 million
    tokens for pdfminer).
    """
    content = b"0 0 m\n" * operators
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox {PAGE_BOX} /Contents 4 0 R >>".encode(),
            stream(content, compress=True),
        ]
    )


def deflated_zeros(size: int, block: int = 1 << 20) -> bytes:
    """A zlib stream that inflates to `size` zero bytes, made without deflating
    them all: one block of zeros deflated and fully flushed (a full flush makes
    the next bytes independent of the ones before) is repeated, then closed."""
    assert size % block == 0
    squeeze = zlib.compressobj(9)
    head = squeeze.compress(b"\0" * block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    # zlib's 2-byte header, the repeated blocks, an empty final block, the
    # checksum: Adler-32 of n zeros is A = 1, B = n (mod 65521).
    checksum = (size % 65521) << 16 | 1
    body = head[2:] * (size // block)
    return head[:2] + body + b"\x03\x00" + checksum.to_bytes(4, "big")


def flate_bomb_pdf(size: int = 6 << 30) -> bytes:
    """A content stream of a few megabytes that inflates to `size` bytes (6 GB):
    a reader without a memory limit takes the machine's memory."""
    data = deflated_zeros(size)
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox {PAGE_BOX} /Contents 4 0 R >>".encode(),
            f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
            + data
            + b"\nendstream",
        ]
    )


def no_mediabox_pdf() -> bytes:
    """A page with no MediaBox anywhere in its page tree (the PDF spec requires one)."""
    return pdf_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
            stream(b"BT /F1 12 Tf 72 700 Td (DX) Tj ET"),
        ]
    )
