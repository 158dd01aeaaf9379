"""Pipeline building: stages are checked once, at build time."""

from __future__ import annotations

import pytest

import khabar
from khabar.errors import EmptyInputError, InputTooLargeError, InvalidDateError, PipelineError
from khabar.model import Document
from khabar.pipeline import Pipeline, build_pipeline, default_pipeline, load_stage


class _NeedsEntities:
    name = "needs-entities"
    requires = frozenset({"entities"})
    provides = frozenset({"quotes"})

    def __call__(self, doc: Document) -> Document:
        return doc


def test_missing_requirement_fails_at_build() -> None:
    with pytest.raises(PipelineError, match="needs-entities"):
        Pipeline([_NeedsEntities()])


def test_not_a_stage() -> None:
    with pytest.raises(PipelineError):
        Pipeline([object()])  # type: ignore[list-item]


def test_unknown_stage_path() -> None:
    with pytest.raises(PipelineError):
        load_stage("khabar.nowhere:Nothing")


def test_default_pipeline_is_consistent() -> None:
    pipeline = default_pipeline()
    assert pipeline.names[:2] == ["sentences", "tokens"]
    assert {"sentences", "tokens"} <= pipeline.provides
    # Every stage's layer is recorded on the Document it produces.
    doc = pipeline("قال بوتين إن روسيا مستعدة.", published="2023-09-15")
    for stage in pipeline.stages:
        assert set(stage.provides) <= doc.layers


@pytest.mark.parametrize("text,error", [
    ("", EmptyInputError),
    ("   \n\t ", EmptyInputError),
])
def test_empty_input(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        khabar.analyze(text)


def test_size_limit() -> None:
    pipeline = build_pipeline(max_chars=100)
    with pytest.raises(InputTooLargeError, match="100"):
        pipeline("ب" * 101)


@pytest.mark.parametrize("date", ["2023-13-01", "15/09/2023", "yesterday"])
def test_invalid_date(date: str) -> None:
    with pytest.raises(InvalidDateError):
        khabar.analyze("نص", published=date)


def test_stable_id() -> None:
    assert khabar.analyze("نص قصير").id == khabar.analyze("نص قصير").id
    assert khabar.analyze("نص قصير", id="mine").id == "mine"
