"""Stage 1: PDF → Document.

Files listed and read in bounded worker processes (`inputs`, `batch`,
`bounded`, `limits`, `readers`); a page opened and turned into what a person
sees (`pdf`, `content`, `objects`, `visible`, `geometry`, `words`); rule
segments, shaded boxes and words into tables of cells (`graphics`,
`component`, `rows`, `bands`, `tables`, `cells`, `cutting`, `alignment`,
`headers`); tables and lines named by the vocabulary (`classify`, `hints`,
`vocabulary`, `vocabulary_file`, `vocabulary.toml`); printed cells into
numbers (`values`); the title and its years (`titles`), each block's records
(`records`), folded over the report (`reading`); the whole of it for one file
(`pipeline`).

Importing this package imports nothing heavy: the CLI reads `limits` and
`inputs` before it decides whether a PDF library is needed at all.
"""
