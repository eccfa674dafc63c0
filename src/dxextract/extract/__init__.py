"""Stage 1: PDF → Document.

Files listed and read in bounded worker processes (`inputs`, `batch`,
`bounded`, `limits`, `readers`); a page opened and turned into what a person
sees (`pdf`, `content`, `objects`, `visible`); rule segments, shaded boxes and
words into tables of cells (`tables`, `cells`, `headers`); tables and lines
named by the vocabulary (`classify`, `vocabulary`, `vocabulary_file`,
`vocabulary.toml`); printed cells into numbers (`values`); and all of it into
the contract's records (`records`).

Importing this package imports nothing heavy: the CLI reads `limits` and
`inputs` before it decides whether a PDF library is needed at all.
"""
