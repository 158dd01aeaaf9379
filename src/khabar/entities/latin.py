"""Names in Latin script, the way English-language news writes them.

Most names in Arabic news are foreign names in Arabic letters, so a romanisation of the
letters («Boutine») is wrong: the conventional English form is recovered instead.

1. whole-name gazetteers: the curated list of prominent news entities, then CLDR
   (countries, languages), GeoNames cities and Wikidata people;
2. a Korean or Chinese name from its syllables («كيم يونغ هو» → Kim Yong-ho), a Russian
   place «X أون Y» → X-on-Y;
3. word by word: particles (بن → bin, أبو → Abu, عبد → Abdel, ال → al-), then the
   word list with counts, so that unseen combinations of known words work;
4. the letter model for unknown words, reranked by endings that betray an origin
   (‑وف → -ov, ‑سكي → -sky, ‑زاده → -zadeh …) and by attested Latin spellings.

Organisations and other names (ORG, MISC) are translated by the gazetteers only, never
transliterated. :func:`to_latin` returns None when no answer is confident enough.

>>> to_latin("فلاديمير بوتين", "PER")
'Vladimir Putin'
>>> to_latin("البيت الأبيض", "ORG")
'White House'
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import replace
from functools import lru_cache

from khabar.entities.latin_lexicon import NameLexicon, default_lexicon, light_words, name_key
from khabar.entities.latin_phrases import describe
from khabar.model import Document
from khabar.text.lexicons import load_tsv

log = logging.getLogger(__name__)

#: Below this confidence :func:`to_latin` answers None rather than guess.
THRESHOLD = 0.3
#: Log-score bonus of a model spelling attested as the spelling of another Arabic word.
ATTESTED_BONUS = 3.0
#: Types rendered only from the gazetteers (translated, not transliterated).
GAZETTEER_ONLY = frozenset({"ORG", "MISC"})

_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[A-Za-z]")
_LOWER_PARTICLES = frozenset({"al", "el", "bin", "bint", "on", "de", "da", "von", "van", "ibn"})
_FIXED = {"بن": "bin", "بنت": "bint", "ابن": "ibn", "ابو": "Abu", "ابي": "Abi", "ال": "Al"}
_BEAM = 4

Candidate = tuple[str, float]


def to_latin(name: str, type: str | None = None) -> str | None:
    """The English-language form of an Arabic name, or None when unsure.

    >>> to_latin("كومسومولسك أون أمور", "LOC")
    'Komsomolsk-on-Amur'
    """
    return _cached_latin(name, type)


@lru_cache(maxsize=65536)
def _cached_latin(name: str, type: str | None) -> str | None:
    candidates = latin_candidates(name, type)
    if candidates and candidates[0][1] >= THRESHOLD:
        return candidates[0][0]
    return None


def latin_candidates(
    name: str, type: str | None = None, lexicon: NameLexicon | None = None
) -> list[Candidate]:
    """Ranked Latin forms of ``name`` with a confidence in [0, 1], best first.

    >>> latin_candidates("لافروف", "PER")[0][0]
    'Lavrov'
    """
    lex = lexicon or default_lexicon()
    if not _ARABIC.search(name):
        plain = " ".join(name.split())
        return [(plain, 1.0)] if _LATIN.search(plain) else []
    key = name_key(name)
    if not key:
        return []
    whole = _whole_name(key, lex, type)
    if whole:
        return whole
    titled = _titled(key, type, lex)
    if titled:
        return titled
    described = describe(key.split(), type, lambda part: _render_part(part, lex))
    if described:
        return described
    stripped = _strip_proclitic(key, light_words(name), lex)
    if stripped:
        key = stripped
        whole = _whole_name(key, lex, type)
        if whole:
            return whole
    if type in GAZETTEER_ONLY or any(w in lex.not_names for w in light_words(name)):
        return []
    tokens = key.split()
    special = _syllable_name(tokens, lex)
    if special:
        return special
    return _word_by_word(tokens, type, lex)


def _whole_name(key: str, lex: NameLexicon, type: str | None = None) -> list[Candidate]:
    """A whole-name entry of a compatible type: a person's entry is not used for a place or
    organisation of the same spelling, nor the other way round."""
    variants = [key, key.replace("عبدال", "عبد ال")]
    if key.startswith(("و", "ب", "ل")) and len(key) > 4:
        variants.append(key[1:])

    def fits(kind: str) -> bool:
        return type is None or (type == "PER") == (kind == "PER")

    for variant in variants:
        if variant in lex.curated and fits(lex.curated[variant][1]):
            return [(lex.curated[variant][0], 1.0)]
    for variant in variants[:2]:
        if variant in lex.names and fits(lex.names[variant][1]):
            return [(lex.names[variant][0], 0.95)]
    return []


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, str], ...]:
    """Titles (folded) and their English form, longest first."""
    rows = [(name_key(r[0]), r[1].strip() if len(r) > 1 else "")
            for r in load_tsv("names/titles.tsv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _titled(key: str, type: str | None, lex: NameLexicon) -> list[Candidate]:
    """«الأمير محمد بن سلمان» → Prince Mohammed bin Salman; «الرئيس بوتين» → Putin."""
    if type not in (None, "PER"):
        return []
    for title, english in _titles():
        if key.startswith(title + " "):
            rest = latin_candidates(key[len(title) + 1:], "PER", lex)
            return [(f"{english} {text}".strip(), confidence) for text, confidence in rest]
    return []


def _render_part(key: str, lex: NameLexicon) -> list[Candidate]:
    """The name inside a descriptive name: «البريج» in «مخيم البريج» → Bureij (the article
    dropped unless the whole name is known with it, as «القاهرة» → Cairo)."""
    whole = _whole_name(key, lex)
    if whole:
        return whole
    if key.startswith("ال") and len(key.split()[0]) > 4:
        key = key[2:]
    return latin_candidates(key, "LOC", lex)


_PROCLITICS = (("وال", "ال"), ("بال", "ال"), ("فال", "ال"), ("كال", "ال"), ("لل", "ال"),
               ("و", ""), ("ب", ""), ("ل", ""), ("ف", ""))


def _known(word: str, lex: NameLexicon) -> bool:
    return (word in lex.words or word in lex.curated_words or word in lex.names
            or word in lex.curated)


def _strip_proclitic(key: str, words: list[str], lex: NameLexicon) -> str | None:
    """«والمغرب» → «المغرب», «بصدام حسين» → «صدام حسين», «للزرقاوي» → «الزرقاوي», when only
    the form without the proclitic is a known name or name word (and the word as written
    is no common word, as «ولاية»)."""
    first, _, rest = key.partition(" ")
    if _known(first, lex) or (words and words[0] in lex.not_names):
        return None
    for prefix, replacement in _PROCLITICS:
        if first.startswith(prefix) and len(first) - len(prefix) >= 2:
            candidate = replacement + first[len(prefix):]
            if _known(candidate, lex):
                return f"{candidate} {rest}".strip()
    return None


def _syllable_name(tokens: list[str], lex: NameLexicon) -> list[Candidate]:
    """Korean «كيم يونغ هو» → Kim Yong-ho; Chinese «شي جين بينغ» → Xi Jinping."""
    if not 2 <= len(tokens) <= 3:
        return []
    for origin, joiner in (("ko", "-"), ("zh", "")):
        surnames = lex.syllables.get(origin + "-surname", {})
        syllables = lex.syllables.get(origin, {})
        if tokens[0] in surnames and all(t in syllables for t in tokens[1:]):
            given = [syllables[t] for t in tokens[1:]]
            rest = joiner.join([given[0].capitalize(), *(s.lower() for s in given[1:])])
            return [(f"{surnames[tokens[0]]} {rest}", 0.8)]
    return []


def _word_by_word(tokens: list[str], type: str | None, lex: NameLexicon) -> list[Candidate]:
    units: list[list[Candidate]] = []
    i = 0
    while i < len(tokens):
        size, options = _unit(tokens, i, type, lex)
        if not options:
            return []
        units.append(options)
        i += size
    combos: list[tuple[list[str], float]] = [([], 0.0)]
    for options in units:
        combos = sorted(((words + [w], score + math.log(max(c, 1e-9)))
                         for words, score in combos for w, c in options),
                        key=lambda item: -item[1])[:_BEAM]
    out = []
    for words, score in combos:
        text = _join(words)
        out.append((text, math.exp(score / len(units))))
    return out


def _join(words: list[str]) -> str:
    """Words joined by spaces, hyphens kept tight: «Komsomolsk -on- Amur» → Komsomolsk-on-Amur."""
    text = " ".join(words)
    return text.replace(" -on- ", "-on-").replace("al- ", "al-")


def _unit(tokens: list[str], i: int, type: str | None,
          lex: NameLexicon) -> tuple[int, list[Candidate]]:
    """How many tokens the unit at ``i`` takes and its ranked renderings."""
    for size in (3, 2):
        phrase = " ".join(tokens[i:i + size])
        if i + size <= len(tokens) and phrase in lex.words:
            return size, _from_counts(lex.words[phrase])
        if i + size <= len(tokens) and phrase in lex.names:
            return size, [(lex.names[phrase][0], 0.95)]
    word = tokens[i]
    if word == "اون" and 0 < i < len(tokens) - 1 and type in (None, "LOC"):
        return 1, [("-on-", 1.0)]
    if word == "عبد" and i + 1 < len(tokens):
        nxt = tokens[i + 1]
        if nxt == "الله":
            return 2, [("Abdullah", 0.9)]
        rest = _word(nxt[2:] if nxt.startswith("ال") and len(nxt) > 3 else nxt, lex)
        return 2, [(f"Abdel {w}", c) for w, c in rest]
    if word in _FIXED:
        return 1, [(_FIXED[word], 0.9)]
    if word.startswith("ال") and len(word) > 3 and word not in lex.words:
        rest = _word(word[2:], lex)
        factor = 0.5 if type == "LOC" else 1.0  # «الجزيرة الكورية» is a description
        return 1, [(f"al-{w}", c * factor) for w, c in rest]
    return 1, _word(word, lex)


def _word(word: str, lex: NameLexicon) -> list[Candidate]:
    """Ranked spellings of one folded word: curated names' words, the word list, else the
    letter model."""
    if word in lex.curated_words:
        return [(lex.curated_words[word], 0.95)]
    if word in lex.words:
        return _from_counts(lex.words[word])
    return [(_capitalise(w), c) for w, c in model_spellings(word, lex)]


def _from_counts(spellings: list[tuple[str, int]]) -> list[Candidate]:
    total = sum(c for _, c in spellings)
    return [(_capitalise(w), 0.5 + 0.5 * c / total) for w, c in spellings[:3]]


def model_spellings(word: str, lex: NameLexicon) -> list[Candidate]:
    """The letter model's spellings, reranked by origin endings and attested spellings."""
    raw = lex.letter_model().spellings(word, limit=8)
    if not raw:
        return []
    scored = []
    for latin, posterior in raw:
        score = math.log(max(posterior, 1e-9))
        for rule in lex.rules:
            if word.endswith(rule.arabic):
                score += rule.bonus if latin.endswith(rule.latin) else 0.0
        if latin in lex.vocabulary:
            score += ATTESTED_BONUS
        scored.append((latin, score))
    top = max(s for _, s in scored)
    norm = sum(math.exp(s - top) for _, s in scored)
    ranked = sorted(((w, math.exp(s - top) / norm) for w, s in scored), key=lambda x: -x[1])
    return ranked[:3]


def _capitalise(word: str) -> str:
    """«komsomolsk-on-amur» → Komsomolsk-on-Amur; «al-assad» → al-Assad; «o'brien» → O'Brien."""
    parts = re.split(r"([- ])", word)
    out = []
    for index, part in enumerate(parts):
        if part.lower() in _LOWER_PARTICLES and index < len(parts) - 1:
            out.append(part.lower())
        elif len(part) > 2 and part[1] == "'":
            out.append(part[0].upper() + "'" + part[2:3].upper() + part[3:])
        else:
            out.append(part[:1].upper() + part[1:])
    return "".join(out)


class LatinStage:
    """Fills each Entity's ``latin`` (PER, LOC, ORG, MISC) or leaves it None when unsure."""

    name = "latin"
    requires = frozenset({"entities"})
    provides = frozenset({"latin"})

    def __call__(self, doc: Document) -> Document:
        entities = tuple(
            replace(entity, latin=to_latin(entity.name, entity.type))
            if entity.latin is None else entity
            for entity in doc.entities
        )
        return doc.with_layer("latin", entities=entities)
