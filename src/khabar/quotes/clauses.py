"""Clause-level pieces of the quote rules: the statement draft, where a reported clause
ends, and the attribution words («حسبما», «بحسب», «وفقا لـ») found at a token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.quotes.lexicon import (
    SpeechForm,
    according_cues,
    complementisers,
    folded_lines,
    known_names,
    phrase_index,
)
from khabar.quotes.marks import Quoted
from khabar.quotes.speakers import Subject
from khabar.quotes.words import Words
from khabar.text.normalize import fold

MAX_REGION = 30
#: A quotation right after the subject is direct speech only when the subject is short.
MAX_QUOTE_REGION = 14
#: A quotation this short inside a subject is a name or a title («منظمة "هيومن رايتس ووتش"»).
MAX_NAME_WORDS = 4
#: «وبحسب X، …»: X is a short noun phrase; a long run is a clause («وبحسب سعر الوقود بلغ …»).
MAX_ATTRIBUTION_NP = 8
#: «… بحسب جيش الاحتلال.» closing a sentence without a comma: a short phrase only.
MAX_FINAL_NP = 5
#: A subject before a direct-object statement is a short name («حركة #الجهاد_الاسلامي»).
MAX_OBJECT_SUBJECT = 5
CLAUSE_BREAKS = frozenset({"بينما", "فيما", "حين", "حيث", "لكن", "ولكن", "بعدما", "عندما",
                           "لان", "لانه", "لانها", "كي", "لكي", "حتي"})
NEGATIONS = frozenset({"لم", "لن", "لا", "ولم", "ولن", "ولا", "فلم", "فلا"})
TRAILING_PREPS = frozenset({"الي", "علي", "من", "عن", "ب"})
#: Words before «أن» that make it part of another clause («من المرجح أن», «بعد أن»).
MODALS = frozenset({"المرجح", "المتوقع", "المقرر", "يمكن", "يجب", "بعد", "قبل", "المفترض",
                    "المحتمل", "الممكن", "بد", "يبدو", "ينبغي", "منذ", "دون", "بدون", "اجل",
                    "حتي", "لابد", "يتعين", "الضروري", "بامكان", "يريد", "تريد", "يحاول",
                    "لا", "الا", "طالما", "لو", "كما", "بما", "حيث", "رغم", "بيد", "غير",
                    "بل", "مع", "فرغم", "وبما", "ولو", "كون"})
TRAILING = " \t\n.،,؛;:!؟?…-–—"


@dataclass
class Draft:
    """A statement found in the text, before speakers are resolved and ids given."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    form: SpeechForm | None
    subject: Subject | None
    source: tuple[int, int] | None = None
    quoted: Quoted | None = None
    cue_index: int = -1
    continues: Draft | None = None
    notes: dict[str, str] = field(default_factory=dict)


#: A dateline opening an article («دبي، الإمارات العربية المتحدة (CNN)-- »): not content.
_DATELINE = re.compile(r"[^\n.:؟!]{0,60}\((?:CNN|سي ?إن ?إن)\)\s*[-–—]+\s*")


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None and dateline.end() < end:
        start = dateline.end()
    while True:
        while end > start and (text[end - 1] in TRAILING or text[end - 1].isspace()):
            end -= 1
        if end > start and text[end - 1] in "\"”»“›" and not any(
                ch in text[start:end - 1] for ch in "\"“«„‹"):
            end -= 1  # a closing mark whose opening mark is outside the content
            continue
        return start, end


def is_passive_past(word: str) -> bool:
    """«وُصفت», «ذُكر»: a damma on the first radical of a past verb (when it is written).
    Imperfects are left alone: «يُشير» is active."""
    bodies = [word, word[1:]] if word[:1] in "وف" else [word]
    return any(len(b) > 1 and b[0] not in "يتنا" and b[1] == "\u064f" for b in bodies)


def starts_cue(words: Words, i: int) -> bool:
    return words.form(i) is not None or according_at(words, i) is not None \
        or post_marker_at(words, i) > 0


def clause_end(words: Words, i: int) -> int:
    """The token index where a reported clause starting at token ``i`` ends (exclusive)."""
    _, hi = words.sentence_range(i) if i < len(words) else (i, i)
    j = i
    while j < hi:
        if words.text(j) in "؛;":
            return j
        form = words.form(j)
        if j > i and form is not None and form.participle and (
                words.key(j + 1) in complementisers() or words.key(j + 1) in form.preps):
            return j  # «… نزيفا أدى لوفاته مضيفا أنهم …»: the next statement
        if words.is_comma(j):
            for k in range(j + 1, min(j + 4, hi)):
                if starts_cue(words, k) or hedge_opener(words, k):
                    return j
        quoted = words.quote_opened_at(j)
        if quoted is not None and quoted.close_at is not None:
            j = words.index_at(quoted.close_at)
        j += 1
    return hi


def hedge_opener(words: Words, i: int) -> bool:
    """A hedge of two words or more opens at ``i`` («ومن المتوقع»)."""
    return words.match(i, phrase_index("hedges.txt")) > 1


def post_marker_at(words: Words, i: int) -> int:
    """Length in tokens of a post-posed attribution marker at ``i`` («حسبما», «كما»), or 0."""
    return words.match(i, phrase_index("post_markers.txt"))


@lru_cache(maxsize=1)
def according_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, position in according_cues().items():
        index.setdefault(phrase[0], []).append((phrase, position))
    return index


def according_first_words() -> frozenset[str]:
    """First words of the attribution cues («بحسب», «وفقا», «نقلا»)."""
    return frozenset(according_index())


def according_at(words: Words, i: int) -> tuple[int, str] | None:
    """``(tokens used, position)`` of an attribution cue at ``i`` («بحسب», «وفقا لـ»)."""
    index = according_index()
    for phrase, position in (c for v in words.variants(i) for c in index.get(v, ())):
        words_needed = [w for w in phrase if w != "ل"]
        keys = [words.key(i + k) for k in range(1, len(words_needed))]
        if tuple(keys) != tuple(words_needed[1:]):
            continue
        used = len(words_needed)
        if phrase[-1] == "ل":
            nxt = words.key(i + used)
            if nxt in ("ل", "لـ"):
                used += 1
            elif not nxt.startswith("ل"):
                continue
        return used, position
    return None



def according_needs_lam(words: Words, i: int) -> bool:
    return any(p[-1] == "ل" and p[0] in words.variants(i) for p in according_cues())



#: A quotation this short may be a name («"تويتر"», «حزب "الله"») rather than quoted speech.
MAX_QUOTED_NAME = 3


def _title_noun(word: str) -> bool:
    key = fold(word)
    nouns = folded_lines("title_nouns.txt")
    for prefix in ("وب", "ول", "وال", "بال", "لل", "ال", "ب", "ل", "و", ""):
        if key.startswith(prefix) and (stem := key[len(prefix):]) and (
                stem in nouns or stem.rstrip("هة") in nouns or stem + "ه" in nouns):
            return True
    return False


def is_quoted_name(words: Words, quote: Quoted) -> bool:
    """A short quotation that is a name or a title: a known organisation or place, a mention
    of an entity, or after a noun that introduces names («مسلسل "طريق"», «عبر موقع "تويتر"»)."""
    text = words.doc.text
    inner = text[quote.start:quote.end].strip()
    if not inner or len(inner.split()) > MAX_QUOTED_NAME:
        return False
    if fold(inner) in known_names():
        return True
    if "entities" in words.doc.layers and any(
            m.start == quote.start and m.end == quote.end
            for e in words.doc.entities for m in e.mentions):
        return True
    before = text[max(0, quote.open_at - 30):quote.open_at].split()
    return bool(before) and _title_noun(before[-1])


def speech_within(words: Words, quotes: list[Quoted]) -> list[Quoted]:
    """The quotations in a reported clause that quote words, not names: they make it mixed."""
    return [q for q in quotes if not is_quoted_name(words, q)]
