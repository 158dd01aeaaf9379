"""khabar (خبر): Arabic news into structured, searchable, source-faithful facts.

>>> import khabar
>>> doc = khabar.analyze("قال بوتين إن روسيا مستعدة.", published="2023-09-15")
>>> doc.text[doc.sentences[0].start:doc.sentences[0].end]
'قال بوتين إن روسيا مستعدة.'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["analyze", "Document", "KhabarError", "__version__"]

if TYPE_CHECKING:
    from khabar.errors import KhabarError
    from khabar.model import Document
    from khabar.pipeline import analyze


def __getattr__(name: str) -> Any:
    # Lazy: importing khabar does no work until a name is used.
    if name == "analyze":
        from khabar.pipeline import analyze

        return analyze
    if name == "Document":
        from khabar.model import Document

        return Document
    if name == "KhabarError":
        from khabar.errors import KhabarError

        return KhabarError
    if name == "Store":
        from khabar.store import Store

        return Store
    raise AttributeError(f"module 'khabar' has no attribute {name!r}")
