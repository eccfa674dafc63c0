"""The library's exceptions: every failure the CLI reports is a DxError.

Each message is one line that names what is wrong; the CLI prefixes the file.
"""


class DxError(Exception):
    """Base of every error dxextract raises on purpose."""


class InputFileError(DxError):
    """The path is not a regular file (a FIFO, a device), is gone, or cannot be read."""


class NotAPdfError(DxError):
    """The file is empty, truncated or not a PDF at all."""


class EncryptedPdfError(DxError):
    """The PDF is encrypted and cannot be opened without a password."""


class NoTextLayerError(DxError):
    """A page has no text layer (a scan): it needs OCR first."""


class GarbledTextError(DxError):
    """The text layer is garbled ((cid:N), U+FFFD): fonts without a ToUnicode map."""


class NotADxReportError(DxError):
    """The PDF opens but is not a DX report: its title or tables are missing."""


class UnreadableTableError(DxError):
    """A table of a DX report was found but its cells could not be read."""


class ValueParseError(DxError):
    """A printed value could not be parsed as a number with a unit."""


class StoreError(DxError):
    """The SQLite database could not be read or written."""


class DirectionsError(DxError):
    """The KPI direction table (higher/lower is better) cannot be read."""


class BrowseError(DxError):
    """The Datasette metadata, the chart report or the server could not be set up."""


class TimeLimitError(DxError):
    """Reading one file took longer than the time limit per file."""


class MemoryLimitError(DxError):
    """Reading one file needed more memory than the limit per file."""


class WorkerDiedError(DxError):
    """The process reading one file died (killed, crashed) before it answered."""


class InternalError(DxError):
    """A bug met while reading one file: reported for that file, the batch goes on."""


# What a file is, not what befell its reading: the same bytes give the same
# refusal from the same dxextract, so ingest remembers it and does not read the
# file again (a time limit, a bug or a full disk are tried again).
REFUSALS: tuple[type[DxError], ...] = (
    NotAPdfError,
    EncryptedPdfError,
    NoTextLayerError,
    GarbledTextError,
    NotADxReportError,
    UnreadableTableError,
    ValueParseError,
)
