"""Datasette's --plugins-dir: every module here is loaded as a Datasette plugin."""
