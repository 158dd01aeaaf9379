"""Quotation marks: the spans of text inside «…», “…”, "…", ‹…›, „…“ and mixed pairs.

A quotation never crosses a paragraph break: an unclosed one ends at the end of its
paragraph (a quotation running over several paragraphs reopens each of them).

>>> [(q.start, q.end) for q in quoted_spans('قال: «نعم» ثم "لا')]
[(6, 9), (15, 17)]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

OPENERS = "«“„‹\"‘"  # and »…« (reversed guillemets) after a space or a colon
CLOSERS = "»”“›\"’"
#: What closes each opener: the proper partner first, then the mixed pairs seen in the wild.
_PARTNERS = {
    "«": "»”\"“",
    "“": "”\"»“",
    "„": "“”\"",
    "‹": "›»",
    '"': "\"”“»",
    "‘": "’",
}
_ANY_MARK = re.compile("[«»“”„‹›\"‘’]")
_PARAGRAPH = re.compile(r"[^\n\r\u2029\u2028]+")


@dataclass(frozen=True, slots=True)
class Quoted:
    """The inside of one pair of marks: ``[start, end)`` without the marks themselves.

    ``open_at`` is the offset of the opening mark; ``close_at`` that of the closing mark, or
    None when the quotation is left open to the end of its paragraph.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraph_quotes(text: str, p_start: int, p_end: int) -> Iterator[Quoted]:
    failed: dict[str, int] = {}
    i = p_start
    while i < p_end:
        found = _ANY_MARK.search(text, i, p_end)  # jump to the next mark (no char-by-char walk)
        if found is None:
            return
        i = found.start()
        ch = text[i]
        reversed_pair = ch == "»" and i + 1 < p_end and text[i + 1].isalpha() and (
            i == p_start or text[i - 1].isspace() or text[i - 1] in ":(")
        if not reversed_pair and (ch not in OPENERS or (
                ch in "‘\"" and _is_apostrophe(text, i)) or (
                ch == '"' and i + 1 < p_end and text[i + 1] in ".،,؛:)")):
            i += 1  # not an opening mark: an apostrophe, or a stray closing quote
            continue
        partners = "«" if reversed_pair else _PARTNERS[ch]
        j = _closing(text, i + 1, p_end, partners, failed=failed)
        start, end = _trim(text, i + 1, j)
        if end > start:
            yield Quoted(start, end, i, j if j < p_end else None)
        i = j + 1


def _opens_nested(text: str, j: int, p_end: int) -> bool:
    """A mark at ``j`` inside a quotation that opens a quotation within it: after a space
    (or a bracket, a colon) and before a letter — «إن "لارا … "بي دي إس" في … عذرهم"»."""
    return text[j] in "\"“«„‹" and j + 1 < p_end and text[j + 1].isalpha() and (
        text[j - 1].isspace() or text[j - 1] in "(:،,")


def _closing(text: str, j: int, p_end: int, partners: str, depth: int = 0,
             failed: dict[str, int] | None = None) -> int:
    """The offset of the mark closing a quotation whose content starts at ``j`` (``p_end``
    when it stays open), skipping quotations nested inside it. ``failed`` remembers, per
    style, where a nested search already ran to the end, so the scan stays linear."""
    failed = {} if failed is None else failed
    while j < p_end:
        found = _ANY_MARK.search(text, j, p_end)
        if found is None:
            return p_end
        j = found.start()
        ch = text[j]
        if depth < 3 and failed.get(ch, p_end + 1) > j and _opens_nested(text, j, p_end):
            inner = _closing(text, j + 1, p_end, _PARTNERS[ch], depth + 1, failed)
            if inner < p_end:
                j = inner + 1
                continue
            failed[ch] = min(failed.get(ch, j), j)
        if ch in partners:
            return j
        j += 1
    return p_end


def _is_apostrophe(text: str, i: int) -> bool:
    if text[i] == '"':  # «أ"ل في أم أتش»: a straight quote inside a word (not «و"يجسد»)
        if not (0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()):
            return False
        word_start = i - 1
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        prefix = text[word_start:i].replace("\u0640", "")  # «بـ"صحة جازان"»: tatweel
        return prefix not in ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")
    return i > 0 and text[i - 1].isalpha()


def quoted_spans(text: str) -> list[Quoted]:
    """Every quotation of ``text``, in order, paragraph by paragraph."""
    out: list[Quoted] = []
    for para in _PARAGRAPH.finditer(text):
        out.extend(_paragraph_quotes(text, *para.span()))
    return out


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (a run of text between line breaks)."""
    return [m.span() for m in _PARAGRAPH.finditer(text)]
