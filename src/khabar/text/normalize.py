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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from khabar.errors import ModelError

_COMPAT_RANGES = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0xFF01, 0xFF5E))


def _parse_codepoints(field: str) -> str:
    return "".join(chr(int(cp[2:], 16)) for cp in field.split() if cp)


@lru_cache(maxsize=1)
def folding_table() -> dict[str, str]:
    """Character → replacement (possibly empty) for every character the view changes."""
    try:
        raw = resources.files("khabar.resources").joinpath("normalization.tsv").read_text("utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ModelError(f"normalisation table missing from the package: {exc}") from None
    table: dict[str, str] = {}
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        table[_parse_codepoints(fields[0])] = _parse_codepoints(fields[1]) if len(fields) > 1 else ""
    for lo, hi in _COMPAT_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFKC", ch)
            if decomposed != ch:
                table[ch] = "".join(table.get(c, c) for c in decomposed)
    return table


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in folding_table().items()}


@lru_cache(maxsize=1)
def _changed_chars() -> re.Pattern[str]:
    chars = "".join(re.escape(c) for c in sorted(folding_table()))
    return re.compile(f"[{chars}]+")


def fold(text: str) -> str:
    """The normalised form of ``text`` without an offset map (for lexicon keys, search)."""
    return text.translate(_translation())


@dataclass(frozen=True, slots=True)
class NormalizedView:
    """``text`` is the folded view of ``original``; ``starts``/``ends`` map each view
    character to the original characters it came from (None when nothing changed)."""

    original: str
    text: str
    starts: array[int] | None
    ends: array[int] | None

    def to_original(self, index: int) -> int:
        """The original offset of view offset ``index`` (0 ≤ index ≤ len(view))."""
        if self.starts is None:
            return index
        if index >= len(self.text):
            return len(self.original)
        return self.starts[index]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` covering view ``[start, end)``."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.to_original(start)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> NormalizedView:
    """The normalised view of ``text`` with its offset map."""
    table = folding_table()
    pieces: list[str] = []
    starts: array[int] = array("l")
    ends: array[int] = array("l")
    pos = 0
    changed = False
    for match in _changed_chars().finditer(text):
        changed = True
        a, b = match.span()
        if a > pos:
            pieces.append(text[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        for i in range(a, b):
            out = table[text[i]]
            if out:
                pieces.append(out)
                starts.extend([i] * len(out))
                ends.extend([i + 1] * len(out))
        pos = b
    if not changed:
        return NormalizedView(text, text, None, None)
    if pos < len(text):
        pieces.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    return NormalizedView(text, "".join(pieces), starts, ends)


@lru_cache(maxsize=16)
def view_of(text: str) -> NormalizedView:
    """``normalize(text)``, cached for the few texts being analysed at once."""
    return normalize(text)
