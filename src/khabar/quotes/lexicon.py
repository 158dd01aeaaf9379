"""The quotes lexicons: speech verbs (conjugated from one row each), complementisers,
attribution cues, hedges, group and role nouns. All keys are folded
(``khabar.text.normalize.fold``) so spelling variants match; everything loads lazily once.

>>> speech_form("وقالت").gender
'f'
>>> speech_form("يقولون").number
'pl'
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from khabar.errors import ModelError
from khabar.text.lexicons import load_lines, load_tsv
from khabar.text.normalize import fold

log = logging.getLogger(__name__)

_DIR = "quotes/"
_CONJUNCTIONS = ("و", "ف")
#: Object pronouns a speech verb may carry («وصفه», «اتهمها», «نقلته»).
_OBJECT_SUFFIXES = ("هما", "هم", "ها", "ه", "ني", "نا")


@dataclass(frozen=True, slots=True)
class SpeechForm:
    """One written form of a speech verb with its agreement features."""

    lemma: str
    cls: str  # say, belief, relay
    gender: str | None  # m, f or None (unknown)
    number: str | None  # sg, du, pl or None
    participle: bool
    preps: tuple[str, ...]
    #: prepositions whose object is the reported content («أعرب عن قلقه»)
    content_preps: tuple[str, ...] = ()
    #: the verb is a speech verb only with its preposition («عبر عن»; «عبر» alone is «via»)
    needs_prep: bool = False
    #: the content may be the verb's direct object («نفت إسرائيل التوصل إلى تهدئة»)
    np_object: bool = False
    #: grammatical person: 1 («أقول», «نتوقع»: the author's own voice outside quotes) or 3
    person: int = 3


def _past_forms(past: str) -> list[tuple[str, str, str]]:
    defective = past.endswith(("ى", "ي", "ا"))
    stem = past[:-1] if defective else past
    return [(past, "m", "sg"), ((stem if defective else past) + "ت", "f", "sg"),
            (stem + "وا", "m", "pl"),
            (past + "ا", "m", "du"), (past + "تا", "f", "du"), (past + "ن", "f", "pl"),
            (past + "تم", "m", "pl")]


def _imperfect_forms(imperfect: str) -> list[tuple[str, str, str]]:
    if not imperfect.startswith("ي"):
        return []
    body = imperfect[1:]
    stem = body[:-1] if body.endswith(("و", "ي", "ى")) else body
    return [(imperfect, "m", "sg"), ("ت" + body, "f", "sg"), ("ي" + stem + "ون", "m", "pl"),
            ("ي" + body + "ان", "m", "du"), ("ت" + body + "ان", "f", "du"),
            ("ي" + body + "ن", "f", "pl")]


def _first_person(body: str) -> list[tuple[str, str, str]]:
    """«أقول», «نقول»; left out when short enough to be a name («أري»)."""
    return [] if len(body) < 3 else [("ن" + body, "m", "pl"), ("ا" + body, "m", "sg")]


def _participle_forms(stem: str) -> list[tuple[str, str, str]]:
    # Only the adverbial (accusative) forms: «مشيرا», «مشيرة», «مشيرين». The bare and
    # nominative ones are nouns and adjectives too («المتحدث», «مغردون», «غير مؤكد»).
    return [(stem + "ا", "m", "sg"), (stem + "ة", "f", "sg"), (stem + "ين", "m", "pl"),
            (stem + "تين", "f", "du")]


@lru_cache(maxsize=1)
def speech_forms() -> dict[str, SpeechForm]:
    """Folded written form → its SpeechForm, for every row of speech_verbs.tsv."""
    forms: dict[str, SpeechForm] = {}
    for row in load_tsv(_DIR + "speech_verbs.tsv"):
        past, imperfect, participle, preps_field, cls = (f.strip() for f in row[:5])
        extras = [f.strip() for f in row[5].split(",")] if len(row) > 5 and row[5].strip() else []
        prep_list = [p.strip() for p in preps_field.split(",") if p.strip() not in ("", "-")]
        needs = any(p.endswith("!") for p in prep_list)
        np_object = "=" in prep_list
        prep_list = [p.rstrip("!") for p in prep_list if p != "="]
        preps = tuple(fold(p.rstrip("+")) for p in prep_list)
        content = tuple(fold(p.rstrip("+")) for p in prep_list if p.endswith("+"))

        def add(form: str, gender: str | None, number: str | None, part: bool,
                lemma: str = past, cls: str = cls, preps: tuple[str, ...] = preps,
                content: tuple[str, ...] = content, needs: bool = needs,
                np_object: bool = np_object) -> None:
            key = fold(form)
            if key and key not in forms:
                forms[key] = SpeechForm(lemma, cls, gender, number, part, preps, content, needs,
                                        np_object)

        for form, gender, number in _past_forms(past):
            add(form, gender, number, False)
        if imperfect != "-":
            for form, gender, number in _imperfect_forms(imperfect):
                add(form, gender, number, False)
            for form, gender, number in _first_person(imperfect[1:]):
                key = fold(form)
                if key not in forms:
                    forms[key] = SpeechForm(past, cls, gender, number, False, preps, content,
                                            needs, np_object, person=1)
        if participle != "-":
            for form, gender, number in _participle_forms(participle):
                add(form, gender, number, True)
        for form in extras:
            add(form, None, None, False)
    for word in load_lines(_DIR + "not_cues.txt"):
        forms.pop(fold(word), None)
    return forms


@lru_cache(maxsize=65536)
def speech_form(word: str) -> SpeechForm | None:
    """The speech verb form of one token («وقالت», «مشيرا», «وصفه»), or None."""
    key = fold(word)
    forms = speech_forms()
    candidates = [key]
    if len(key) > 3 and key[0] in _CONJUNCTIONS:
        candidates.append(key[1:])
    bare_word = word.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640")
    for cand in list(candidates) if not bare_word.endswith("ة") else []:
        for suffix in _OBJECT_SUFFIXES:
            if cand.endswith(suffix) and len(cand) - len(suffix) >= 3:
                candidates.append(cand[: -len(suffix)])
    for cand in candidates:
        if cand in forms:
            return forms[cand]
    return None


@lru_cache(maxsize=16)
def folded_lines(name: str) -> frozenset[str]:
    """The folded lines of ``resources/quotes/<name>``."""
    return frozenset(fold(line) for line in load_lines(_DIR + name))


@lru_cache(maxsize=16)
def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """Multi-word phrases of ``resources/quotes/<name>`` as folded word tuples, longest first."""
    out = {tuple(fold(line).split()) for line in load_lines(_DIR + name)}
    return tuple(sorted(out, key=len, reverse=True))


@lru_cache(maxsize=16)
def phrase_index(name: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases of ``resources/quotes/<name>`` by first word, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases(name):
        index.setdefault(phrase[0], []).append(phrase)
    return {first: tuple(found) for first, found in index.items()}


@lru_cache(maxsize=1)
def according_cues() -> dict[tuple[str, ...], str]:
    """Folded cue words («وفقا», «ل») → position (``post`` or ``any``)."""
    out: dict[tuple[str, ...], str] = {}
    for row in load_tsv(_DIR + "according.tsv"):
        out[tuple(fold(row[0].strip()).split())] = row[1].strip() if len(row) > 1 else "any"
    return out


def complementisers() -> frozenset[str]:
    return folded_lines("complementisers.txt")


def source_nouns() -> frozenset[str]:
    return folded_lines("source_nouns.txt")


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    """Place and organisation names («إسرائيل», «الأمم المتحدة», «حماس») from the entity
    gazetteers (``resources/entities/``), folded; empty when those files are absent."""
    names: set[str] = set()
    for name in ("entities/places.txt", "entities/organisations.txt"):
        try:
            names.update(fold(line) for line in load_lines(name))
        except ModelError:
            log.warning("gazetteer %s is missing: names are recognised less well", name)
    return frozenset(names)


@lru_cache(maxsize=1)
def one_word_names() -> frozenset[str]:
    return frozenset(name for name in known_names() if " " not in name)


def time_adjuncts() -> frozenset[str]:
    return folded_lines("time_adjuncts.txt")


def impersonal() -> frozenset[str]:
    return folded_lines("impersonal.txt")


def channel_nouns() -> frozenset[str]:
    """Channel nouns («وسائل», «وكالة») and the first words of known outlets («رويترز»)."""
    return folded_lines("channel_nouns.txt") | frozenset(
        line.split()[0] for line in folded_lines("outlets.txt"))


def is_document(key: str) -> bool:
    """A folded noun of a document («بيان», «التقرير»), not of a channel that speaks for itself
    («وكالة», «صحيفة», «تلفزيون»): «وأضاف البيان» has an author, «وقالت الصحيفة» does not."""
    bare = key[2:] if key.startswith("ال") else key
    return key in source_nouns() and key not in channel_nouns() and bare not in channel_nouns()


def speaker_stops() -> frozenset[str]:
    return folded_lines("speaker_stops.txt")


def _bare(word: str) -> str:
    key = fold(word)
    if len(key) > 3 and key[0] in _CONJUNCTIONS:
        key = key[1:]
    if key.startswith("ال") and len(key) > 4:
        key = key[2:]
    return key


def is_group_noun(word: str) -> bool:
    """«الخبراء», «مسؤولون», «وآخرون» → True."""
    groups = folded_lines("group_nouns.txt")
    key = fold(word)
    return key in groups or _bare(word) in groups or (
        key.startswith(("و", "ف")) and key[1:] in groups)


def is_role_noun(word: str) -> bool:
    """«الحاكم», «المتحدث», «وزير» → True."""
    roles = folded_lines("role_nouns.txt")
    return fold(word) in roles or _bare(word) in roles
