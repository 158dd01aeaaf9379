"""Ingest: reading articles from text files, HTML pages, RSS/Atom feeds, JSONL dumps,
folders, ``.gz`` files and URLs, and storing their analyses (``khabar ingest``).

>>> from khabar.ingest import Article, read_inputs
"""

from khabar.ingest.article import Article, ReadFailure, ReadOptions
from khabar.ingest.fetch import fetch_url
from khabar.ingest.sources import read_inputs

__all__ = ["Article", "ReadFailure", "ReadOptions", "fetch_url", "read_inputs"]
