"""Seeing what the extractor saw: `inspect` (per page, the tables found and
what each became) and the generic `tables` dump of any PDF."""
