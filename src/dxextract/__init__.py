"""dxextract: Japanese prefectures' DX report PDFs -> exact, queryable records.

The folders are the stages a PDF flows through, in this order:

- contract.py, models.py, errors.py, text.py: the records and their facts, the
  one-line errors, the one spelling of normalisation and the edition keys;
- extract/: a PDF -> a Document (pages -> tables -> named blocks -> records);
- check/: Documents -> findings (the consistency rules, the KPI directions);
- store/: Documents and the findings the caller computed -> SQLite;
- export/: stored Documents -> JSON, CSV, Excel;
- browse/: SQLite -> Datasette (metadata, the plugin) and the chart report;
- debug/: what the extractor saw (`inspect`, `tables`);
- ingest.py: files -> what became of each (hash, skip stored, extract, check, store);
- cli/: the commands, options in and lines out (the only user of click).
"""

__version__ = "0.1.0"
