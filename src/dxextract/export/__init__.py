"""Stage 4: stored Documents → files: JSON, CSV (`files`) and Excel workbooks
(`workbook`), what the data team opens."""
