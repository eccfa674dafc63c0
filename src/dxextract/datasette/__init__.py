"""Browsing the database with Datasette: metadata, the plugin, `serve` arguments.

Pinned to Datasette 0.65, which keeps facets, sort orders and canned queries
in the metadata file (1.0 moves them to datasette.yaml).
"""
