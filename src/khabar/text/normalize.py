"""Normalised view of Arabic text with a map back to original offsets.

The folding is data: ``resources/normalization.tsv`` says what happens to each
character (أ إ آ → ا, ى → ي, ة → ه, diacritics, tatweel and bidi controls dropped,
Arabic-Indic and Persian digits → ASCII). Presentation forms are decomposed with NFKC
first. The original text is never rewritten: a view index maps back to the original.

>>> view = normalize("أَحْمَد")
>>> view.text
'احمد'
>>> view.span_to_original(0, 4)
(0, 7)
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.errors import ModelError

_BIG = 1 << 62
_COMPAT_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF01, 0xFF5E))


def _parse_codepoints(field: str) -> str:
    return "".join(chr(int(cp[2:], 16)) for cp in field.split() if cp)


@lru_cache(maxsize=2)
def folding_table(light: bool = False) -> dict[str, str]:
    """Character → replacement (possibly empty) for every character the view changes.

    ``light=True``: the table of ``fold_light``, which keeps the spelling variants
    (hamza forms, ى, ة) and applies only the other rows.
    """
    try:
        raw = resources.files("khabar.resources").joinpath("normalization.tsv").read_text("utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ModelError(f"normalisation table missing from the package: {exc}") from None
    table: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if light and len(fields) > 3 and fields[3].strip() == "spelling":
            continue
        table[_parse_codepoints(fields[0])] = _parse_codepoints(fields[1]) if len(fields) > 1 else ""
    for lo, hi in _COMPAT_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFKC", ch)
            if decomposed != ch:
                table[ch] = "".join(table.get(c, c) for c in decomposed)
    return table


@lru_cache(maxsize=2)
def _translation(light: bool = False) -> dict[int, str]:
    return {ord(k): v for k, v in folding_table(light).items()}


def fold_light(text: str) -> str:
    """``text`` without diacritics, tatweel and invisible controls, digits as ASCII, but
    with its spelling kept (أ إ آ ى ة stay): the form of the clitic lexicon's words.

    >>> fold_light("إِلَى المستشفى")
    'إلى المستشفى'
    """
    return text.translate(_translation(True))


@lru_cache(maxsize=1)
def _resizing_chars() -> re.Pattern[str]:
    """Characters whose replacement is not exactly one character (dropped or expanded)."""
    chars = "".join(re.escape(c) for c, out in sorted(folding_table().items()) if len(out) != 1)
    return re.compile(f"[{chars}]+")


def fold(text: str) -> str:
    """The normalised form of ``text`` without an offset map (for lexicon keys, search).

    >>> fold("إلى المستشفى")
    'الي المستشفي'
    """
    if len(text) < 64:
        return text.translate(_translation())
    # On long texts a few str.replace scans (one per character present) beat translate.
    table = folding_table()
    for char in _present(text, table):
        text = text.replace(char, table[char])
    return text


def _present(text: str, table: dict[str, str]) -> set[str]:
    """The table's characters that occur in ``text``. A ``in`` scan per base character is
    far cheaper than hashing every character of the text; the rare presentation forms
    are looked for only when a character of their blocks is there."""
    present = {char for char in _base_chars() if char in text}
    if _compat_block().search(text):
        present |= set(text).intersection(table)
    return present


@lru_cache(maxsize=1)
def _base_chars() -> tuple[str, ...]:
    table = folding_table()
    return tuple(c for c in table if not any(lo <= ord(c) <= hi for lo, hi in _COMPAT_RANGES))


@lru_cache(maxsize=1)
def _compat_block() -> re.Pattern[str]:
    return re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _COMPAT_RANGES) + "]")


@dataclass(frozen=True, slots=True)
class NormalizedView:
    """``text`` is the folded view of ``original``, with a map from each view character
    back to the original character it came from.

    The map is stored as segments ``(view start, original start, step)``: step 1 where
    characters correspond one for one, step 0 inside an expansion (ﷲ → الله); dropped
    characters (diacritics, bidi controls) are the gaps between segments. ``breaks`` is
    empty when the map is the identity.
    """

    original: str
    text: str
    breaks: tuple[tuple[int, int, int], ...] = ()

    def to_original(self, index: int) -> int:
        """The original offset of view offset ``index`` (0 ≤ index ≤ len(view))."""
        if not self.breaks:
            return index
        if index >= len(self.text):
            return len(self.original)
        view_start, original_start, step = self.breaks[
            bisect_right(self.breaks, (index, _BIG, _BIG)) - 1]
        return original_start + (index - view_start) * step

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering view ``[start, end)``, with the marks
        dropped after its last letter (they belong to it).

        >>> normalize("أَحْمَد").span_to_original(0, 4)
        (0, 7)
        >>> text = "إنّ روسيا"
        >>> text.__getitem__(slice(*normalize(text).span_to_original(0, 2)))
        'إنّ'
        """
        if not self.breaks:
            return start, end
        if end <= start:
            pos = self.to_original(start)
            return pos, pos
        last = self.to_original(end - 1) + 1
        return self.to_original(start), max(last, self.to_original(end))

    @property
    def starts(self) -> array[int] | None:
        """The original offset of every view character (None for the identity map)."""
        if not self.breaks:
            return None
        return array("l", (self.to_original(i) for i in range(len(self.text))))

    @property
    def ends(self) -> array[int] | None:
        """One past the original character of every view character (None for identity)."""
        starts = self.starts
        return None if starts is None else array("l", (i + 1 for i in starts))


def normalize(text: str) -> NormalizedView:
    """The normalised view of ``text`` with its offset map.

    One-for-one replacements (أ → ا) keep offsets, so the map only records where
    characters are dropped (diacritics, bidi controls) or expanded (ﷲ → الله).

    >>> view = normalize("إِلى")
    >>> view.text, view.to_original(1)
    ('الي', 2)
    """
    view = fold(text)
    if len(view) == len(text) and _resizing_chars().search(text) is None:
        return NormalizedView(text, view)
    table = folding_table()
    breaks: list[tuple[int, int, int]] = []
    pos = 0  # original offset of the next unchanged stretch
    at = 0  # view offset
    for match in _resizing_chars().finditer(text):
        a, b = match.span()
        if a > pos:
            breaks.append((at, pos, 1))
            at += a - pos
        for i in range(a, b):
            width = len(table[text[i]])
            if width:
                breaks.append((at, i, 0))
                at += width
        pos = b
    if pos < len(text):
        breaks.append((at, pos, 1))
    return NormalizedView(text, view, tuple(breaks))


@lru_cache(maxsize=16)
def view_of(text: str) -> NormalizedView:
    """``normalize(text)``, cached for the few texts being analysed at once."""
    return normalize(text)
