"""Browsing the database with Datasette: metadata, the plugin, `serve` arguments.

Pinned to Datasette 0.65, which keeps facets, sort orders and canned queries
in the metadata file (1.0 moves them to datasette.yaml).
"""

# The reports table does not record who published a report, and the report
# names only itself (県, not which prefecture): the publisher is said by whoever
# serves the database (`--publisher`); every report read so far is Fukushima's.
DEFAULT_PUBLISHER = "福島県"
