"""Calendar knowledge for time expressions, read lazily from ``resources/times/``.

Every key is folded with :func:`khabar.text.normalize.fold` (alef forms, ya, ta marbuta,
diacritics, Arabic-Indic digits), so the grammar matches the normalised view of a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from khabar.text.lexicons import load_lines, load_tsv
from khabar.text.normalize import fold

_DIR = "times/"


def _key(word: str) -> str:
    return " ".join(fold(word).split())


def _rows(name: str) -> list[list[str]]:
    return [[f.strip() for f in row] for row in load_tsv(_DIR + name)]


def _words(name: str) -> frozenset[str]:
    return frozenset(_key(w) for w in load_lines(_DIR + name))


@dataclass(frozen=True, slots=True)
class Unit:
    """A time unit word: ``code`` (D, W, M, Y, DE, C, H, MIN, S) and the count its form
    carries (1 singular, 2 dual, 0 needs a number)."""

    code: str
    count: int
    needs_number: bool = False


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    """Gregorian month names in every naming system → month number."""
    return {_key(r[0]): int(r[1]) for r in _rows("months.tsv")}


@lru_cache(maxsize=1)
def ambiguous_months() -> frozenset[str]:
    """Month names that are also ordinary words (مارس, آب, ماي)."""
    return frozenset(_key(r[0]) for r in _rows("months.tsv") if len(r) > 3 and r[3] == "ambiguous")


@lru_cache(maxsize=1)
def hijri_months() -> dict[str, int]:
    return {_key(r[0]): int(r[1]) for r in _rows("hijri_months.tsv")}


@lru_cache(maxsize=1)
def weekdays() -> dict[str, int]:
    """Weekday names → ISO weekday (1 = Monday)."""
    return {_key(r[0]): int(r[1]) for r in _rows("weekdays.tsv")}


@lru_cache(maxsize=1)
def parts_of_day() -> dict[str, str]:
    """Part-of-day words → TIMEX3 code (MO, MI, AF, EV, NI)."""
    return {_key(r[0]): r[1] for r in _rows("parts_of_day.tsv")}


@lru_cache(maxsize=1)
def cardinals() -> dict[str, int]:
    return {_key(r[0]): int(r[1]) for r in _rows("numbers.tsv") if r[2] == "cardinal"}


@lru_cache(maxsize=1)
def ordinals() -> dict[str, int]:
    return {_key(r[0]): int(r[1]) for r in _rows("numbers.tsv") if r[2] == "ordinal"}


@lru_cache(maxsize=1)
def units() -> dict[str, Unit]:
    return {_key(r[0]): Unit(r[1], int(r[2]), len(r) > 3 and r[3] == "needs-number")
            for r in _rows("units.tsv")}


@lru_cache(maxsize=1)
def deictic() -> dict[str, tuple[int, str | None]]:
    """Deictic phrases → (days from publication, part-of-day code or None)."""
    return {_key(r[0]): (int(r[1]), r[2] if len(r) > 2 and r[2] else None)
            for r in _rows("deictic.tsv")}


@lru_cache(maxsize=1)
def seasons() -> dict[str, str]:
    """Season words → TIMEX3 code (SP, SU, FA, WI)."""
    return {_key(r[0]): r[1] for r in _rows("seasons.tsv")}


@lru_cache(maxsize=1)
def holidays() -> dict[str, tuple[str, int, int]]:
    """Holiday names → (calendar, month, day); calendar is gregorian, hijri or easter."""
    return {_key(r[0]): (r[1], int(r[2]), int(r[3])) for r in _rows("holidays.tsv")}


@lru_cache(maxsize=1)
def relative() -> dict[str, int]:
    """Modifiers such as الماضي / المقبل / الجاري → offset in periods."""
    return {_key(r[0]): int(r[1]) for r in _rows("relative.tsv")}


@lru_cache(maxsize=1)
def periods() -> dict[str, str]:
    return {_key(r[0]): r[1] for r in _rows("periods.tsv")}


@lru_cache(maxsize=1)
def decades() -> dict[str, int]:
    return {_key(r[0]): int(r[1]) for r in _rows("decades.tsv")}


@lru_cache(maxsize=1)
def future_markers() -> frozenset[str]:
    return _words("future_markers.txt")


@lru_cache(maxsize=1)
def named_dates() -> dict[tuple[str, int, int], int]:
    """(word before, month, day) → the year of an event named by its date («هجمات 11
    سبتمبر»)."""
    return {(_key(r[0]), int(r[1]), int(r[2])): int(r[3]) for r in _rows("named_dates.tsv")}


@lru_cache(maxsize=1)
def past_verbs() -> frozenset[str]:
    """Perfect verbs that point a bare month or day-and-month to the past."""
    return _words("past_verbs.txt")


@lru_cache(maxsize=1)
def not_future() -> frozenset[str]:
    return _words("not_future.txt")


@lru_cache(maxsize=1)
def counted_nouns() -> frozenset[str]:
    return _words("counted_nouns.txt")


@lru_cache(maxsize=1)
def year_cues() -> frozenset[str]:
    return _words("year_cues.txt")


@lru_cache(maxsize=1)
def not_today_after() -> frozenset[str]:
    """Words after which «اليوم» is part of a name («روسيا اليوم», «أخبار اليوم»)."""
    return _words("not_today_after.txt")


@lru_cache(maxsize=1)
def age_cues() -> frozenset[str]:
    return _words("age_cues.txt")


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of the folded ``words`` (a space matches any spacing).

    Built as a trie («ال(?:اثنين|ثلاثاء|…)») so that hundreds of words cost little per
    position, and longer words are preferred over their prefixes.
    """
    trie: dict[str, Any] = {}
    for word in set(words):
        node = trie
        for ch in " ".join(word.split()):
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    terminal = "" in node
    branches = [(r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return f"(?:{body})?"
    return body


def number_value(words: str) -> int | None:
    """The value of a number written in digits or words («خمسة وعشرين», «الخمس», «70»)."""
    text = re.sub(r"^ال\s*-?\s*(?=\d)", "", " ".join(fold(words).split()))  # «الـ24»
    if text.isdigit():
        return int(text)
    table = {**cardinals(), **ordinals()}
    total = 0
    for part in re.split(r"\s+و\s*|\s+(?=و)", text):
        part = part.strip()
        if part.startswith("و") and part[1:] in table:
            part = part[1:]
        if part in table:
            total += table[part]
        elif part.startswith("ال") and part[2:] in table:
            total += table[part[2:]]
        else:
            return None
    return total or None
