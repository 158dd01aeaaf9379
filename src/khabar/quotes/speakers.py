"""Who speaks: the subject noun phrase of a speech verb, its kind, and its source.

The subject follows the verb (VSO: «وقال الحاكم ميخائيل ديجتياريف إن») or comes just
before it (SVO: «لكن آخرين يقولون إن»); it ends at an adjunct (a time, a channel, «في بيان»,
a relative clause), a complementiser, a colon or a quotation.
"""

from __future__ import annotations

from dataclasses import dataclass

from khabar.quotes.lexicon import (
    channel_nouns,
    complementisers,
    is_document,
    is_group_noun,
    is_role_noun,
    one_word_names,
    source_nouns,
    speaker_stops,
)
from khabar.quotes.words import Words
from khabar.text.normalize import fold

#: Words that open a clause: a subject before the verb cannot reach back past them.
_CLAUSE_OPENERS = frozenset({"لكن", "بينما", "فيما", "الا", "ان", "و", "ف", "كما", "ثم", "حين",
                             "الذي", "التي", "الذين", "اذ", "حيث", "بل", "ولكن", "قد", "لقد",
                             "ما", "مما", "عندما", "بعدما", "اما", "او", "طالما", "كلما", "لما"})
#: Tokens that are pronoun subjects in themselves («لكنه شدد»).
DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هولاء"})  # folded keys
_PRONOUN_WORDS = frozenset({"لكنه", "لكنها", "لكنهم", "انه", "انها", "انهم", "هو", "هي", "هم",
                            "ولكنه", "ولكنها", "فانه", "فانها"})
_PREPOSITIONS = frozenset({"في", "من", "على", "الي", "عن", "مع", "منذ", "حتي", "لدي", "بين"})
_PERIOD_NOUNS = frozenset({"الشهر", "العام", "الاسبوع", "السنه", "الليله", "الصيف", "الشتاء"})
_PERIOD_QUALIFIERS = frozenset({"الماضي", "المقبل", "الجاري", "الحالي", "المنصرم", "الفائت",
                                "القادم", "الماضيه", "المقبله", "الجاريه", "الحاليه"})
_PRONOUN_PPS = frozenset({"عنه", "عنها", "عنهم", "له", "لها", "لهم", "فيه", "فيها", "به", "بها",
                          "اليه", "اليها", "عليه", "عليها", "لديه", "منه", "منها"})
#: Words that start the verb's object, not more of its subject («دعا المفتي كل السياسيين»).
_OBJECT_STARTS = frozenset({"كل", "كافه", "جميع"})
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"})
#: Words before an antecedent phrase that are not part of it («بحسب الشاهد بوبا أري الذي»).
_ANTECEDENT_STOPS = frozenset({"بحسب", "حسب", "وفق", "وفقا", "ل", "من", "عن", "مع", "قال"})
_AUXILIARIES = frozenset({"كان", "كانت", "كانوا", "قد", "لقد", "ظل", "ظلت", "عاد", "عادت"})
_QUANTIFIERS = frozenset({"بعض", "عدد", "احد", "احدي", "من", "كل", "معظم", "اغلب", "غالبيه",
                          "كثير", "العديد", "عديد"})
#: Quantifiers that make a group speaker of what follows («بعض», «كثير من المختصين»).
_GROUP_QUANTIFIERS = frozenset({"بعض", "عدد", "كثير", "العديد", "عديد", "معظم", "اغلب",
                                "غالبيه"})
#: Prepositions that front an adjunct before the verb («وعن الجزء الثالث قالت»).
_FRONTED_PREPS = _PREPOSITIONS | {"حول", "بشان", "بخصوص", "ازاء", "تجاه", "خلال", "بعد", "قبل",
                                  "امام", "عند", "لدي", "وسط"}
#: Nouns of manner after ب that end a subject («وأضافت ندين باللهجة اللبنانية:»).
_MANNER_NOUNS = frozenset({"لهجه", "صوت", "نبره", "لغه", "شكل", "وضوح", "صراحه", "حزم", "عباره",
                           "كلمات", "حسره", "غضب", "فخر", "ثقه", "اسف", "حماس", "انفعال"})
_MAX_SUBJECT = 14
_MAX_PREVERBAL = 6


@dataclass(frozen=True, slots=True)
class Subject:
    """Token indices ``[first, last]`` of a speaker noun phrase and its kind."""

    first: int
    last: int
    kind: str
    #: characters of the first token left out («لبيان» → «بيان»)
    skip: int = 0


def _is_channel_word(key: str) -> bool:
    """«لوسائل», «للصحفيين», «لوكالة»: a channel the statement was made to."""
    nouns = channel_nouns()
    if key.startswith("لل") and ("ال" + key[2:] in nouns or key[2:] in nouns):
        return True
    return key.startswith("ل") and key[1:] in nouns


def starts_adjunct(words: Words, i: int) -> bool:
    """Token ``i`` opens an adjunct that ends a speaker phrase («في بيان», «الخميس», «لوكالة»)."""
    key = words.key(i)
    if not key:
        return True
    if key in speaker_stops() or key[0].isdigit():
        return True
    if key in _PERIOD_NOUNS and words.key(i + 1) in _PERIOD_QUALIFIERS:
        return True  # «الشهر الماضي», «العام المقبل»
    if key.startswith("ب") and key[1:].removeprefix("ال") in _MANNER_NOUNS:
        return True  # «باللهجة اللبنانية», «بصوت مرتفع»: how it was said
    if key == "ل":
        return True  # «لـ«الشرق الأوسط»»: the preposition written apart with a tatweel
    if key == "في":
        nxt = words.bare(i + 1)
        return (nxt in source_nouns() or nxt in speaker_stops() or nxt[:1].isdigit()
                or nxt in ("وقت", "حديث", "افتتاح", "ختام", "تصريحات", "اطار", "سياق", "رده",
                           "ردها", "ردهم", "رد", "معرض", "تعقيب", "تعقيبه", "مستهل"))
    # «للمحكمة»: a prepositional phrase, not a subject
    return key.startswith("لل") or (key.startswith("ل") and _is_channel_word(key))


def subject_kind(words: Words, first: int, last: int) -> str:
    """``group``, ``role`` or ``name`` for the noun phrase ``[first, last]``."""
    i = first + (words.key(first) in DEMONSTRATIVES and first < last)
    while i < last and words.bare(i) in _QUANTIFIERS:
        if words.bare(i) in _GROUP_QUANTIFIERS:
            return "group"
        i += 1
    head = words.text(i)
    if is_group_noun(head):
        return "group"
    if is_role_noun(head):
        return "role"
    return "name"


def postverbal_subject(words: Words, lo: int, hi: int, *, after_lam: bool = False,
                       preps: tuple[str, ...] = ()) -> Subject | None:
    """The subject between a verb and what it introduces: tokens ``[lo, hi)``.
    ``after_lam``: the first token carries the cue's own ل («وفقا للمكتب الرئاسي»);
    ``preps``: the verb's prepositions, which end the subject («وطالب جلبان بفرض رقابة»)."""
    i = lo
    while i < hi and (words.is_comma(i) or words.text(i) in "-–—" or words.key(i) in _PRONOUN_PPS):
        i += 1  # «وقالت عنه هيبورن»: a pronoun after a preposition may come first
    # «وقالت هذه المصادر إن», «وقال هذا المسؤول»: a demonstrative before a definite noun
    pointed = words.key(i) in DEMONSTRATIVES and i + 1 < hi and words.key(i + 1).startswith("ال")
    if i >= hi or (not after_lam and not pointed and starts_adjunct(words, i)) \
            or words.key(i) in _PREPOSITIONS:
        return None
    if not after_lam and any(p.text in ("ل", "ب") for p in words.tokens[i].prefixes):
        return None  # «وأشار لوجود ضوابط»: a prepositional phrase (clitic layer), not a subject
    if words.key(i) in _PRONOUN_WORDS or words.key(i) in complementisers():
        return None
    last = -1
    j = i
    while j < hi and j - i < _MAX_SUBJECT:
        text = words.text(j)
        if words.is_comma(j):
            # «وأضاف ترامب، في مقطع مصور»: a preposition after a comma opens an adjunct
            if j + 1 < hi and not starts_adjunct(words, j + 1) \
                    and words.key(j + 1) not in _FRONTED_PREPS \
                    and words.key(j + 1) not in complementisers() and words.text(j + 1) != ":":
                j += 1
                continue
            break
        glued = not words.doc.text[words.start(j) - 1:words.start(j)].isspace()  # «سي.إن.إن»
        if words.key(j) in _PREPOSITIONS and words.key(j + 1) in speaker_stops():
            break  # «وأكد الجيش الأمريكي من جانبه»
        if text == ":" or (words.key(j) in complementisers() and not glued) or words.is_end(j) \
                or (starts_adjunct(words, j) and not ((after_lam or pointed) and j == i)
                    and not _name_complement(words, i, j)) \
                or (j > i and (words.form(j) is not None or words.key(j) in _OBJECT_STARTS
                               or _opens_verb_pp(words, j, preps))):
            break
        quoted = words.quote_opened_at(j)
        if quoted is not None:
            if quoted.close_at is None or quoted.close_at - quoted.open_at > 40:
                break
            j = words.index_at(quoted.close_at)
        last = j
        j += 1
    if last < i:
        return None
    kind = subject_kind(words, i, last)
    if pointed and kind == "name" and words.bare(i + 1) not in source_nouns():
        return None  # «ووصفت تلك المرحلة قائلة»: the verb's object, not who spoke
    return Subject(i, last, kind)


def _name_complement(words: Words, i: int, j: int) -> bool:
    """«الهيئة العامة للطيران المدني», «المدير الطبي للمستشفى»: after a definite noun or
    adjective of the subject, a «لل» word continues the name unless it is an addressee
    («للصحفيين», «للمواطنين») or a channel («للتلفزيون»)."""
    key = words.key(j)
    if j <= i or not key.startswith("لل") or len(key) < 5 or _is_channel_word(key):
        return False
    if key.endswith("ين") or "ال" + key[2:] in one_word_names():  # «للصحفيين»: genitive
        return False
    return words.key(j - 1).startswith("ال") and not words.is_comma(j - 1)


def _opens_verb_pp(words: Words, j: int, preps: tuple[str, ...]) -> bool:
    """Token ``j`` is the verb's own preposition, alone or as a clitic («بفرض»)."""
    if words.key(j) in preps:
        return True
    if words.key(j) in ("باسم", "بن", "بنت", "بلاده", "ببلديه"):
        return False  # «المتحدث باسم الجيش», «محمد بن سلمان»: part of the name
    return any(p.text in preps for p in words.tokens[j].prefixes[:2] if len(p.text) == 1)


def _unprefixed(words: Words, k: int) -> str:
    """The key of token ``k`` without a leading و/ف, even on short words («وقد», «فانه»)."""
    key = words.key(k)
    return key[1:] if len(key) > 2 and key[0] in "وف" else key


def preverbal_subject(words: Words, cue: int) -> Subject | None:
    """A short subject just before the verb in its clause («بوتين قال», «لكن آخرين يقولون»)."""
    lo, _ = words.sentence_range(cue)
    if words.key(cue - 1) in _RELATIVES:
        return _relative_antecedent(words, cue - 1, lo)
    collected: list[int] = []
    k = cue - 1
    while k >= lo and _unprefixed(words, k) in _AUXILIARIES:
        k -= 1  # «…، قد أعلن», «وقد أعلن»
    while k >= lo and not words.is_comma(k) and words.text(k) not in ":\"«»“”":
        if words.key(k) in _CLAUSE_OPENERS or _unprefixed(words, k) in _CLAUSE_OPENERS or \
                _unprefixed(words, k) in _PRONOUN_WORDS or \
                words.bare(k) in ("كان", "كانت", "كانوا"):
            break  # «وكان كثير من المختصين بالشؤون الكورية قد أكدوا»: the subject ends at «كان»
        collected.append(k)
        k -= 1
        if len(collected) > _MAX_PREVERBAL + 2:
            return None
    if len(collected) > _MAX_PREVERBAL and words.bare(k) not in ("كان", "كانت", "كانوا"):
        return None
    while collected and words.bare(collected[-1]) in _AUXILIARIES:
        collected.pop()  # «وكانت المصادر الروسية أشارت»
    while collected and words.bare(collected[0]) in _AUXILIARIES:
        collected.pop(0)  # «… قد أعلن»
    if not collected and words.is_comma(k):
        return _fronted_subject(words, lo, k)
    if not collected:
        return None
    first, last = min(collected), max(collected)
    head = words.key(first)
    if head[:1] in "وف" and head[1:] in _FRONTED_PREPS:
        return None  # «وعن الجزء الثالث قالت»: a fronted adjunct, not the subject
    if head in _PRONOUN_WORDS or head in _FRONTED_PREPS or starts_adjunct(words, first) or \
            any(p.text in ("ل", "ب") for p in words.tokens[first].prefixes):
        return None  # «… بشكاية لفرقة الشرطة أكدت»: a prepositional phrase, not a subject
    for j in collected:
        if words.form(j) is not None or words.key(j) in complementisers():
            return None
        if words.is_end(j) or not words.text(j)[0].isalpha() and words.text(j) not in "#_-":
            return None
    return Subject(first, last, subject_kind(words, first, last))


def svo_subject(words: Words, cue: int) -> Subject | None:
    """The subject before the verb in SVO order («ترامب يدعو كوريا الشمالية إلى»): when there
    is one, a noun phrase after the verb is its object. Not after a relative pronoun
    («الرسالة التي وجه فيها الوزير …»), where the phrase before is the verb's object."""
    if words.key(cue - 1) in _RELATIVES or any(
            p.text in ("و", "ف") for p in words.tokens[cue].prefixes[:1]):
        return None  # «… وكتب»: a verb after «و» opens its own clause
    return preverbal_subject(words, cue)


def _relative_antecedent(words: Words, rel: int, lo: int) -> Subject | None:
    """«… من أستاذها العبري السابق، الذي وصفها بأنها»: the phrase the relative pronoun at
    ``rel`` refers to, back to a preposition, a comma or an attribution cue."""
    k = rel - 1
    if words.is_comma(k):
        k -= 1
    last = k
    while k >= lo and last - k < _MAX_PREVERBAL + 2 and not words.is_comma(k) and \
            words.key(k) not in _PREPOSITIONS - {"في"} and words.form(k) is None and \
            words.bare(k) not in _ANTECEDENT_STOPS and not words.is_end(k):
        k -= 1
    first = k + 1
    if first > last or not words.text(first)[:1].isalpha():
        return None
    return Subject(first, last, subject_kind(words, first, last))


def _fronted_subject(words: Words, lo: int, comma: int) -> Subject | None:
    """«وكان مصدر قريب من المفاوضات، قال»: the subject fronted after «كان», before a comma."""
    if words.bare(lo) not in _AUXILIARIES or not 1 < comma - lo <= _MAX_PREVERBAL + 4:
        return None
    first, last = lo + 1, comma - 1
    if any(words.form(j) is not None or words.is_comma(j)
           for j in range(first, last + 1)):
        return None
    return Subject(first, last, subject_kind(words, first, last))


def source_in(words: Words, lo: int, hi: int) -> tuple[int, int] | None:
    """Offsets of a document or channel named in tokens ``[lo, hi)`` («في بيان», «لوكالة …»)."""
    for j in range(lo, hi):
        key = words.key(j)
        start: int | None = None
        if key in ("في", "عبر", "خلال") and words.bare(j + 1) in source_nouns() and j + 1 < hi:
            start, j = words.start(j + 1), j + 1
        elif key.startswith("ل") and len(key) > 3 and _is_channel_word(key):
            tok = words.tokens[j]
            start = tok.start + (1 if not key.startswith("لل") else 0)
        elif key == "ل" and j + 1 < hi:  # «لـ«الشرق الأوسط»»
            j += 1
            start = words.start(j)
        if start is None:
            continue
        end = words.end(j)
        quoted = words.quote_opened_at(j)
        if quoted is not None and quoted.close_at is not None:  # «لـ«الجزيرة» الدكتور الركبان»
            return start, quoted.close_at + 1
        k = j + 1
        while k < hi and k - j < 8:
            if words.is_comma(k) or words.text(k) == ":" or words.key(k) in complementisers():
                break
            if (is_role_noun(words.text(k)) or is_group_noun(words.text(k))) and \
                    words.key(k - 1) not in ("عن", "من", "باسم", "صادر", "الصادر"):
                break  # «لوكالة رويترز مسؤول أمريكي»: the speaker after the channel
            if words.key(k) in speaker_stops() and words.key(k) not in ("عن", "حول", "بشان"):
                break
            quoted = words.quote_opened_at(k)
            if quoted is not None and quoted.close_at is not None:
                k = words.index_at(quoted.close_at)
            end = words.end(k)
            k += 1
        return start, end
    return None


#: Verbs whose object follows the subject («ووصف ترامب المهاجرين بـ», «ودعا الوزير الأطراف إلى»).
_OBJECT_VERBS = frozenset({"وصف", "اتهم", "دعا", "طالب", "حث", "ناشد", "انتقد", "هدد", "توعد",
                           "ابلغ"})


def without_object(words: Words, subject: Subject | None, lemma: str) -> Subject | None:
    """After a verb that takes an object, the noun phrase found may run into the object
    («ووصف ترامب المهاجرين», «وأبلغ ترامب صحفيين»): the subject ends with the last person or
    organisation of the document in it."""
    if subject is None or fold(lemma) not in _OBJECT_VERBS or "entities" not in words.doc.layers:
        return subject
    lo, hi = words.start(subject.first), words.end(subject.last)
    mentions = [m for e in words.doc.entities if e.type in ("PER", "ORG") for m in e.mentions
                if lo <= m.start and m.end <= hi]
    if not mentions:
        return subject
    end = max(m.end for m in mentions)
    last = subject.last
    while last > subject.first and words.start(last) >= end:
        last -= 1
    return Subject(subject.first, last, subject.kind, subject.skip)


_ISSUED = frozenset({"صادر", "الصادر", "صادرا", "صادره", "الصادره"})
_PUBLISHED = frozenset({"اصدره", "اصدرته", "اصدرها", "نشره", "نشرته", "نشرها", "اعده", "اعدته",
                        "اعدها", "وزعه", "وزعته"})


def document_author(words: Words, document: Subject, hi: int) -> Subject | None:
    """The author named with a document: «بيان صادر عن قيادة الجيش», «بيان لحزب الأمة»,
    «بيان حزب الأمة» (construct); None for a bare «البيان»."""
    k = document.first + 1
    skip = 0
    if words.bare(k) in _ISSUED and words.key(k + 1) in ("عن", "من"):
        k += 2
    elif words.bare(k) in _PUBLISHED:
        k += 1  # «تقرير أصدرته وزارة الخزانة»
    elif words.key(k).startswith("ل") and not words.key(k).startswith("لل") and \
            len(words.key(k)) > 3 and not _is_channel_word(words.key(k)):
        skip = 1  # «بيان لحزب الأمة»
    elif words.key(document.first).startswith("ال") or words.key(k) in complementisers() or \
            starts_adjunct(words, k) or words.form(k) is not None:
        return None
    author = postverbal_subject(words, k, hi, after_lam=skip > 0)
    if author is None:
        return None
    kind = subject_kind(words, author.first, author.last)
    if skip and kind == "name" and is_role_noun(words.text(author.first)[skip:]):
        kind = "role"  # «لوزارة الدفاع»
    return Subject(author.first, author.last, kind, skip)


def speaker_of(words: Words, subject: Subject | None, hi: int) -> Subject | None:
    """The subject itself, or for a document («عن بيان لوزارة الدفاع») its author."""
    if subject is None or not is_document(words.bare(subject.first)):
        return subject
    return document_author(words, subject, hi)
