"""The document model: JSON round trip and offset checks."""

from __future__ import annotations

import json

import pytest

import khabar
from khabar.errors import DocumentError
from khabar.model import Document, check_offsets


def test_round_trip_example(example_text: str) -> None:
    doc = khabar.analyze(example_text, published="2023-09-15")
    data = json.loads(json.dumps(doc.to_json(tokens=True), ensure_ascii=False))
    again = Document.from_json(data)
    assert again == doc
    assert again.tokens == doc.tokens
    assert data["khabar"] == "0.1.0"
    assert data["published"] == "2023-09-15"
    assert set(data) >= {"khabar", "id", "published", "source", "text", "sentences",
                         "entities", "quotes", "times"}
    assert check_offsets(doc) == []


def test_from_json_rejects_bad_span() -> None:
    data = {"id": "x", "text": "نص قصير", "sentences": [{"start": 0, "end": 99}]}
    with pytest.raises(DocumentError):
        Document.from_json(data)


def test_from_json_rejects_missing_fields() -> None:
    with pytest.raises(DocumentError):
        Document.from_json({"text": "نص"})
