"""The ``times`` pipeline stage: fills ``Document.times``."""

from __future__ import annotations

import logging

from khabar.model import Document
from khabar.times.extract import find_times

log = logging.getLogger(__name__)


class TimeStage:
    """Time expressions with values resolved against ``Document.published``."""

    name = "times"
    requires = frozenset({"sentences", "tokens"})
    provides = frozenset({"times"})

    def __call__(self, doc: Document) -> Document:
        times = tuple(find_times(doc.text, doc.published))
        log.debug("times: %d expressions in %s", len(times), doc.id)
        return doc.with_layer("times", times=times)
