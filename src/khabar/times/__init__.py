"""Time expressions: find every date in an article and resolve it to the calendar.

>>> from khabar.times import find_times
>>> [(t.text, t.value) for t in find_times("التقى الزعيمان يوم الثلاثاء.", "2023-09-15")]
[('يوم الثلاثاء', '2023-09-12')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khabar.model import Document, TimeExpression

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt

__all__ = ["find_times", "times_in", "times_by_sentence"]


def find_times(text: str, published: str | dt.date | None = None) -> list[TimeExpression]:
    """Every time expression in ``text`` resolved against ``published`` (see extract.py)."""
    from khabar.times.extract import find_times as _find

    return _find(text, published)


def times_in(doc: Document, start: int, end: int) -> list[TimeExpression]:
    """The document's time expressions that overlap ``[start, end)`` (a quote, a sentence)."""
    return [t for t in doc.times if t.start < end and start < t.end]


def times_by_sentence(doc: Document) -> dict[int, list[TimeExpression]]:
    """Sentence index → the time expressions that lie in that sentence."""
    return {i: found for i, s in enumerate(doc.sentences)
            if (found := times_in(doc, s.start, s.end))}
