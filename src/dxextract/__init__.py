"""dxextract: Japanese prefectures' DX report PDFs -> exact, queryable records."""

__version__ = "0.1.0"
