"""Finding statements: speech verbs and attribution cues, what they introduce, and who.

Each speech verb gives its own statement. After the verb (and its subject) comes either a
complementiser («إن», «أن», «بأن»: reported speech, content to the end of the clause), a
colon or a quotation mark (direct speech, content inside the marks), or for some verbs a
preposition whose object is the content («أعرب عن قلقه»). A verb after «حسبما», «كما»
or a comma attributes the clause before it («…، حسبما صرح بوتين»).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.quotes.lexicon import (
    SpeechForm,
    according_cues,
    complementisers,
    impersonal,
    phrase_index,
    source_nouns,
    time_adjuncts,
)
from khabar.quotes.marks import Quoted
from khabar.quotes.speakers import (
    Subject,
    postverbal_subject,
    preverbal_subject,
    source_in,
    starts_adjunct,
    subject_kind,
)
from khabar.quotes.words import Words

_MAX_REGION = 30
#: A quotation right after the subject is direct speech only when the subject is short.
_MAX_QUOTE_REGION = 14
#: A quotation this short inside a subject is a name or a title («منظمة "هيومن رايتس ووتش"»).
_MAX_NAME_WORDS = 4
#: «وبحسب X، …»: X is a short noun phrase; a long run is a clause («وبحسب سعر الوقود بلغ …»).
_MAX_ATTRIBUTION_NP = 8
#: A subject before a direct-object statement is a short name («حركة #الجهاد_الاسلامي»).
_MAX_OBJECT_SUBJECT = 5
_CLAUSE_BREAKS = frozenset({"بينما", "فيما", "حين", "حيث", "لكن", "ولكن", "بعدما", "عندما",
                            "لان", "لانه", "لانها", "كي", "لكي", "حتي"})
_DEMONSTRATIVES = frozenset({"هذا", "هذه", "ذلك", "تلك", "هؤلاء"})
_NEGATIONS = frozenset({"لم", "لن", "لا", "ولم", "ولن", "ولا", "فلم", "فلا"})
_TRAILING_PREPS = frozenset({"الي", "علي", "من", "عن", "ب"})
#: Words before «أن» that make it part of another clause («من المرجح أن», «بعد أن»).
_MODALS = frozenset({"المرجح", "المتوقع", "المقرر", "يمكن", "يجب", "بعد", "قبل", "المفترض",
                     "المحتمل", "الممكن", "بد", "يبدو", "ينبغي", "منذ", "دون", "بدون", "اجل",
                     "حتي", "لابد", "يتعين", "الضروري", "بامكان", "يريد", "تريد", "يحاول",
                     "لا", "الا", "طالما", "لو", "كما", "بما", "حيث", "رغم", "بيد", "غير",
                     "بل", "مع", "فرغم", "وبما", "ولو", "كون"})
_TRAILING = " \t\n.،,؛;:!؟?…-–—"


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


def _trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while True:
        while end > start and (text[end - 1] in _TRAILING or text[end - 1].isspace()):
            end -= 1
        if end > start and text[end - 1] in "\"”»“›" and not any(
                ch in text[start:end - 1] for ch in "\"“«„‹"):
            end -= 1  # a closing mark whose opening mark is outside the content
            continue
        return start, end


def _is_passive_past(word: str) -> bool:
    """«وُصفت», «ذُكر»: a damma on the first radical of a past verb (when it is written).
    Imperfects are left alone: «يُشير» is active."""
    bodies = [word, word[1:]] if word[:1] in "وف" else [word]
    return any(len(b) > 1 and b[0] not in "يتنا" and b[1] == "\u064f" for b in bodies)


def _starts_cue(words: Words, i: int) -> bool:
    return words.form(i) is not None or _according_at(words, i) is not None \
        or _post_marker_at(words, i) > 0


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
                if _starts_cue(words, k) or _hedge_opener(words, k):
                    return j
        quoted = words.quote_opened_at(j)
        if quoted is not None and quoted.close_at is not None:
            j = words.index_at(quoted.close_at)
        j += 1
    return hi


def _hedge_opener(words: Words, i: int) -> bool:
    """A hedge of two words or more opens at ``i`` («ومن المتوقع»)."""
    return words.match(i, phrase_index("hedges.txt")) > 1


def _post_marker_at(words: Words, i: int) -> int:
    """Length in tokens of a post-posed attribution marker at ``i`` («حسبما», «كما»), or 0."""
    return words.match(i, phrase_index("post_markers.txt"))


@lru_cache(maxsize=1)
def _according_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, position in according_cues().items():
        index.setdefault(phrase[0], []).append((phrase, position))
    return index


def _according_at(words: Words, i: int) -> tuple[int, str] | None:
    """``(tokens used, position)`` of an attribution cue at ``i`` («بحسب», «وفقا لـ»)."""
    index = _according_index()
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


class Finder:
    """Scans one document's tokens for statements."""

    def __init__(self, words: Words):
        self.words = words
        self.text = words.doc.text
        self.drafts: list[Draft] = []
        self.claimed: set[int] = set()  # open_at of quotations used as content
        self._spans: set[tuple[int, int]] = set()
        self.busy_until = -1  # token index: cues before it are inside an earlier statement
        #: subjects of speech verbs that introduce nothing: (offset, subject, verb form)
        self.subjects: list[tuple[int, Subject, SpeechForm]] = []

    def run(self) -> list[Draft]:
        words = self.words
        i = 0
        while i < len(words):
            if i < self.busy_until or words.inside_quote(words.start(i)) is not None:
                i += 1
                continue
            form = words.form(i)
            if form is not None and form.person == 3:
                self._verb(i, form)
            elif _post_marker_at(words, i) == 0:  # «بحسب ما أعلنته»: the verb attributes
                according = _according_at(words, i)
                if according is not None:
                    self._according(i, *according)
            i += 1
        self._continuations()
        self.drafts.sort(key=lambda d: (d.start, d.end))
        return self.drafts

    # -- speech verbs ---------------------------------------------------------------
    def _verb(self, i: int, form: SpeechForm) -> None:
        words = self.words
        if form.cls == "relay" and form.lemma == "جاء" and not words.key(i + 1).startswith("في"):
            return
        marker = self._post_marker_before(i)
        if marker is not None:
            self._post_posed(i, form, marker)
            return
        if _is_passive_past(words.text(i)):
            return  # «وُصفت», «ذُكر»: a passive verb has no speaker
        if words.key(i - 1) in _NEGATIONS:
            self._remember_subject(i, form)
            return  # «لم يعلن», «لا تعبر عن»: nothing was said
        if form.cls == "relay" and words.key(i).endswith(("ه", "ها", "هم")):
            return  # «تصريحات نقلتها الوكالة»: a relative clause, not a statement
        cue_end = i
        while (nxt := words.form(cue_end + 1)) is not None and \
                (words.key(cue_end + 1).startswith(("ب", "ال")) or nxt.participle):
            cue_end += 1  # «اكتفى بالقول», «واستطرد قائلا»
        found = self._introducer(i, cue_end + 1, form)
        if form.needs_prep and (found is None or not any(
                words.key(k) in form.preps for k in range(cue_end + 1, found[1] + 1))):
            return  # «عبر» without «عن» is «via»; «نقل» without «عن» is «transfer»
        if found is not None and words.key(i) in impersonal() and \
                postverbal_subject(words, cue_end + 1, found[1]) is None:
            return  # «يذكر أن», «يشار إلى أن»: the article's own voice
        if found is None:
            if not self._quote_before(i, form) and not (
                    form.np_object and self._object_statement(i, cue_end, form)):
                self._remember_subject(i, form)
            return
        how, at = found
        region_lo = cue_end + 1
        while region_lo < at and words.key(region_lo) in form.preps:
            region_lo += 1
        region_hi = at
        while region_hi > region_lo and (words.key(region_hi - 1) in form.preps or
                                         words.key(region_hi - 1) in _TRAILING_PREPS):
            region_hi -= 1  # «ولفت الاتحاد إلى أن»
        subject, source = self._subject_and_source(i, form, region_lo, region_hi)
        cue = (words.start(i), words.end(cue_end))
        draft = self._content(how, at, form, subject, cue)
        if draft is None:
            return
        draft.source = source
        draft.cue_index = i
        if subject is None and source is not None and words.bare(region_lo) in source_nouns():
            draft.notes["document"] = "subject"
        self._add(draft)

    def _introducer(self, i: int, lo: int, form: SpeechForm) -> tuple[str, int] | None:
        """How the content is introduced after the verb at ``i``, and at which token."""
        words = self.words
        _, hi = words.sentence_range(i)
        comps = complementisers()
        j = lo
        while j < min(hi, lo + _MAX_REGION):
            key, text = words.key(j), words.text(j)
            if key in comps:
                if key == "ان" and words.bare(j - 1) in _MODALS:
                    return None  # «ومن المرجح أن»: another clause
                return "comp", j
            if key in ("من", "الي", "علي") and words.key(j + 1) in comps:
                return "comp", j + 1
            if text == ":":
                if words.quote_opened_at(j + 1) is not None:
                    return "quote", j + 1
                if words.form(j + 1) is None and words.key(j + 1) not in comps:
                    return "colon", j
            quoted = words.quote_opened_at(j)
            if quoted is not None:
                after = words.index_at(quoted.outer_end)
                if quoted.close_at is not None and quoted.end - quoted.start <= 40 and any(
                        words.key(k) in comps for k in range(after, min(after + 3, hi))) and \
                        not any(words.form(k) for k in range(after, after + 3)):
                    j = after  # «قناة "الحدث" أن»: a quoted name inside the subject
                    continue
                if words.text(j - 1) != ":" and not self._direct_after_subject(j, lo, quoted,
                                                                               form):
                    if quoted.close_at is not None and len(
                            self.text[quoted.start:quoted.end].split()) <= _MAX_NAME_WORDS:
                        j = after  # «دعت منظمة «هيومن رايتس ووتش» الحقوقية»: a name
                        continue
                    return None
                return "quote", j
            if key in form.content_preps and j + 1 < hi:
                nxt = words.quote_opened_at(j + 1)
                if nxt is not None:
                    return "prep-quote", j + 1
                return "prep", j
            if words.is_end(j) or (j > lo and key[:1] in "وف" and words.form(j) is not None):
                return None
            if key in _CLAUSE_BREAKS:
                return None  # «يطالب رجل الأمن …، بينما تردد امرأة "…"»: another clause
            if words.is_comma(j) and any(_starts_cue(words, k) or _hedge_opener(words, k)
                                         for k in range(j + 1, j + 3)):
                return None
            j += 1
        return None

    def _direct_after_subject(self, j: int, lo: int, quoted: Quoted, form: SpeechForm) -> bool:
        """A quotation right after the verb's subject (no colon, no complementiser) is what
        the verb introduces — not a quoted name or title in the sentence («برئاسة "…"»)."""
        words, text = self.words, self.text
        if j - lo > _MAX_QUOTE_REGION and text[quoted.outer_end:words.paragraph_end(j)].strip(
                _TRAILING):
            return False  # a long way from the verb, and not closing the paragraph
        before = words.key(j - 1)
        if j - 1 >= lo and before not in form.preps and any(
                p.text == "ب" for p in words.tokens[j - 1].prefixes):
            return False  # «… برئاسة "…"»: the object of another preposition (clitic layer)
        inner = text[quoted.start:quoted.end]
        attached = any(inner.startswith(p) for p in form.preps if len(p) == 1)
        if attached or before in form.preps:
            return True  # «تعهد كيم “بالدعم …”», «أعربوا عن “مخاوف جدية”»: mixed
        following = text[quoted.outer_end:quoted.outer_end + 3].lstrip(" \u00a0")
        ends_clause = not following or following[0] in _TRAILING or following[0] in "\n\r([" \
            or words.form(words.index_at(quoted.outer_end)) is not None  # «"…" مضيفا أن»
        return ends_clause and len(inner.split()) >= 3

    def _subject_and_source(self, i: int, form: SpeechForm, lo: int,
                            hi: int) -> tuple[Subject | None, tuple[int, int] | None]:
        words = self.words
        if form.cls == "relay":
            for k in range(lo, hi):
                if words.key(k) == "عن":  # «نقلت رويترز عن مسؤول»: source, then speaker
                    src = postverbal_subject(words, lo, k)
                    subject = postverbal_subject(words, k + 1, hi)
                    source = (words.start(src.first), words.end(src.last)) if src else None
                    return subject, source
        subject = postverbal_subject(words, lo, hi, preps=form.preps)
        if subject is not None and words.bare(subject.first) in source_nouns():
            # «وأضاف البيان أنه»: the document is the source; its author speaks
            return None, (words.start(subject.first), words.end(subject.last))
        if subject is None:
            subject = preverbal_subject(words, i)
        return subject, source_in(words, lo, hi)

    def _content(self, how: str, at: int, form: SpeechForm, subject: Subject | None,
                 cue: tuple[int, int]) -> Draft | None:
        words = self.words
        if how in ("quote", "prep-quote"):
            quoted = words.quote_opened_at(at)
            assert quoted is not None
            after = words.index_at(quoted.outer_end)
            following = self.text[quoted.outer_end:quoted.outer_end + 3].lstrip(" \u00a0")
            # «تعهد كيم “بالدعم الكامل” لبوتين»: the sentence goes on after the marks
            ends_clause = words.text(at - 1) == ":" or not following or \
                following[0] in _TRAILING or following[0] in "\n\r([" or \
                words.form(after) is not None
            kind = "direct" if how == "quote" and ends_clause else "mixed"
            self.claimed.add(quoted.open_at)
            self.busy_until = max(self.busy_until, after)
            return Draft(kind, quoted.start, quoted.end, cue, form, subject, quoted=quoted)
        first = at + 1
        if how == "prep":
            first = at + 1
        end_index = clause_end(words, first)
        if end_index <= first:
            return None
        start, end = _trim_content(self.text, words.start(first), words.end(end_index - 1))
        if end <= start:
            return None
        self.busy_until = max(self.busy_until, end_index)
        inner = words.quotes_within(start, end + 1)
        if inner and len(inner) == 1 and inner[0].open_at == start and \
                not self.text[inner[0].outer_end:end].strip(_TRAILING):
            self.claimed.add(inner[0].open_at)
            return Draft("direct", inner[0].start, inner[0].end, cue, form, subject,
                         quoted=inner[0])
        for quote in inner:
            self.claimed.add(quote.open_at)
        kind = "mixed" if inner else ("direct" if how == "colon" else "indirect")
        return Draft(kind, start, end, cue, form, subject)

    def _post_marker_before(self, i: int) -> int | None:
        """The token index of the comma before a post-posed marker and verb at ``i``."""
        words = self.words
        for n in (1, 2, 3):
            k = i - n
            if k >= 1 and _post_marker_at(words, k) == n and words.is_comma(k - 1):
                return k - 1
        return None

    def _post_posed(self, i: int, form: SpeechForm, comma: int) -> None:
        words = self.words
        _, hi = words.sentence_range(i)
        end = i + 1
        while end < hi and not words.is_comma(end) and not words.is_end(end):
            end += 1
        subject = postverbal_subject(words, i + 1, end)
        source = source_in(words, i + 1, end)
        cue = (words.start(i), words.end(i))
        self._attribute_clause(comma, cue, form, subject, source, i)
        self.busy_until = max(self.busy_until, end)

    def _attribute_clause(self, comma: int, cue: tuple[int, int], form: SpeechForm | None,
                          subject: Subject | None, source: tuple[int, int] | None,
                          cue_index: int) -> None:
        """The clause ending at token ``comma`` is attributed to ``subject``."""
        words = self.words
        clause_end_at = words.start(comma)
        lo, _ = words.sentence_range(comma)
        clause_start = words.start(lo)
        for draft in reversed(self.drafts):
            if draft.end > clause_start and draft.start < clause_end_at:
                if draft.source is None:
                    draft.source = source or (
                        (words.start(subject.first) + subject.skip, words.end(subject.last))
                        if subject else None)
                return
            if draft.end <= clause_start:
                break
        closed = words.quote_closed_at(comma - 1)
        if closed is not None and closed.open_at not in self.claimed and subject is not None:
            self.claimed.add(closed.open_at)
            self._add(Draft("direct", closed.start, closed.end, cue, form, subject,
                            source=source, quoted=closed, cue_index=cue_index))
            return
        previous = [d.end for d in self.drafts if clause_start <= d.end <= clause_end_at]
        content_from = max([clause_start, *previous])
        verb_at = words.index_at(content_from)
        verb = words.form(verb_at) if form is None and source else None
        if verb is not None and (words.key(verb_at) in impersonal() or
                                 words.key(verb_at + 1) in _DEMONSTRATIVES):
            verb = None  # «ويعتبر هذا الرقم أعلى …»: a passive, not a statement
        if verb is not None and subject is not None and words.is_comma(comma):
            # «وأكدوا مجددا …، وفقا لبيان البيت الأبيض»: the verb's subject speaks
            cue, form, subject, cue_index = (words.start(verb_at), words.end(verb_at)), verb, \
                postverbal_subject(words, verb_at + 1, comma), verb_at
            after = verb_at + 1
            while after < comma and starts_adjunct(words, after):
                after += 1
            content_from = words.start(after) if subject is None else words.end(subject.last)
        start, end = _trim_content(self.text, content_from, clause_end_at)
        if end - start < 8 or (subject is None and form is None):
            return
        inner = words.quotes_within(start, end + 1)
        self._add(Draft("mixed" if inner else "indirect", start, end, cue, form, subject,
                        source=source, cue_index=cue_index))

    def _object_statement(self, i: int, cue_end: int, form: SpeechForm) -> bool:
        """«أعلنت الحركة مساء الثلاثاء وقفا لإطلاق النار»: the content is the verb's object,
        found only where an adjunct (a time, «في بيان») marks where the subject ends."""
        words = self.words
        _, hi = words.sentence_range(i)
        lo = cue_end + 1
        subject = postverbal_subject(words, lo, hi)
        k = subject.last + 1 if subject is not None else lo
        if subject is None:
            subject = preverbal_subject(words, i)
        if subject is None or k >= hi or subject.last - subject.first > _MAX_OBJECT_SUBJECT:
            return False
        source = source_in(words, k, hi)
        if not (words.bare(k) in time_adjuncts() or (
                source is not None and words.key(k) in ("في", "عبر", "خلال")
                and words.start(k + 1) == source[0])):
            return False  # only a time or «في بيان» marks where the subject ends
        while k < hi and (starts_adjunct(words, k) or words.is_comma(k) or (
                source is not None and words.start(k) < source[1])):
            k += 1
        stop = clause_end(words, k)
        if stop - k < 2 or words.key(k) in complementisers() or words.form(k) is not None:
            return False
        start, end = _trim_content(self.text, words.start(k), words.end(stop - 1))
        inner = words.quotes_within(start, end + 1)
        for quote in inner:
            self.claimed.add(quote.open_at)
        self.busy_until = max(self.busy_until, stop)
        self._add(Draft("mixed" if inner else "indirect", start, end,
                        (words.start(i), words.end(cue_end)), form, subject, source=source,
                        cue_index=i))
        return True

    def _remember_subject(self, i: int, form: SpeechForm) -> None:
        """The subject of a speech verb that introduces nothing still names a possible
        antecedent («تحدث مستشارو الأمن القومي … وأعربوا عن»)."""
        words = self.words
        _, hi = words.sentence_range(i)
        if not form.preps:
            return  # «وانتقد دخول أطباء …»: after a transitive verb the phrase may be its object
        subject = postverbal_subject(words, i + 1, min(hi, i + 1 + _MAX_REGION), preps=form.preps)
        if subject is not None:
            self.subjects.append((words.start(i), subject, form))

    def _quote_before(self, i: int, form: SpeechForm) -> bool:
        """«"…"، قال بوتين»: a verb right after a quotation it attributes."""
        words = self.words
        k = i - 1
        if words.is_comma(k):
            k -= 1
        closed = words.quote_closed_at(k)
        if closed is None or closed.open_at in self.claimed or (
                k == i - 1 and len(self.text[closed.start:closed.end].split()) < 4):
            return False  # «“صحة عسير” تنفي»: a quoted name as the subject
        _, hi = words.sentence_range(i)
        end = i + 1
        while end < hi and not words.is_comma(end) and not words.is_end(end):
            end += 1
        subject = postverbal_subject(words, i + 1, end)
        if subject is None:
            return False
        self.claimed.add(closed.open_at)
        self._add(Draft("direct", closed.start, closed.end, (words.start(i), words.end(i)),
                        form, subject, source=source_in(words, i + 1, end), quoted=closed,
                        cue_index=i))
        return True

    # -- «بحسب X»، «وفقا لـ X» -----------------------------------------------------------
    def _according(self, i: int, used: int, position: str) -> None:
        words = self.words
        lo, hi = words.sentence_range(i)
        np_lo = i + used
        first_tok = words.tokens[np_lo] if np_lo < len(words) else None
        end = np_lo
        while end < hi and not words.is_comma(end) and not words.is_end(end) \
                and words.key(end) not in complementisers():
            end += 1
        if first_tok is None or end <= np_lo:
            return
        lam = words.key(np_lo).startswith("ل") and _according_needs_lam(words, i)
        subject = postverbal_subject(words, np_lo, end, after_lam=lam)
        np_end = end
        if subject is not None:
            end = subject.last + 1
        np_start = first_tok.start
        if lam and words.key(np_lo) not in ("ل", "لـ") and \
                words.key(i + used - 1) not in ("ل", "لـ"):
            # «لبيان» → «بيان»; «للمكتب» → «مكتب» (the article's alef is elided after ل)
            np_start += 2 if words.key(np_lo).startswith("لل") else 1
        if subject is not None:
            subject = Subject(subject.first, subject.last,
                              subject_kind(words, subject.first, subject.last),
                              np_start - first_tok.start if subject.first == np_lo else 0)
        source = None
        head = words.key(np_lo)
        if head.lstrip("ل") in source_nouns() or head in source_nouns():
            source = (np_start, words.end(end - 1))
        cue = (words.start(i), words.end(i + used - 1))
        if words.is_comma(i - 1):
            self._attribute_clause(i - 1, cue, None, subject, source, i)
            self.busy_until = max(self.busy_until, end)
            return
        if position == "post" or (i > lo and words.key(i - 1) not in ("و",)) or \
                np_end - np_lo > _MAX_ATTRIBUTION_NP:
            return
        end = np_end
        first = end + 1 if words.is_comma(end) or words.key(end) in complementisers() else end
        stop = clause_end(words, first)
        if stop <= first or subject is None:
            return
        start, content_end = _trim_content(self.text, words.start(first), words.end(stop - 1))
        if content_end - start < 8:
            return
        self.busy_until = max(self.busy_until, stop)
        inner = words.quotes_within(start, content_end + 1)
        self._add(Draft("mixed" if inner else "indirect", start, content_end, cue, None,
                        subject, source=source, cue_index=i))

    # -- quotations over several paragraphs --------------------------------------------------
    def _continuations(self) -> None:
        """A paragraph opening with a quotation continues the previous paragraph's quote."""
        text = self.text
        directs = sorted((d for d in self.drafts if d.kind == "direct"), key=lambda d: d.end)
        ends = [d.end for d in directs]
        for quoted in self.words.quotes:
            if quoted.open_at in self.claimed:
                continue
            para_start = 1 + max(text.rfind(ch, 0, quoted.open_at) for ch in "\n\r\u2029")
            if para_start == 0 or text[para_start:quoted.open_at].strip():
                continue
            k = bisect.bisect_right(ends, para_start) - 1
            if k < 0:
                continue
            last = directs[k]
            if text[last.end:para_start].strip(" \t\n\r.،,”»\"“›"):
                continue  # something else was said in between
            self.claimed.add(quoted.open_at)
            draft = Draft("direct", quoted.start, quoted.end, None, last.form, last.subject,
                          quoted=quoted, continues=last)
            self.drafts.append(draft)
            k = bisect.bisect_right(ends, draft.end)
            directs.insert(k, draft)
            ends.insert(k, draft.end)

    def _add(self, draft: Draft) -> None:
        if draft.end <= draft.start or (draft.start, draft.end) in self._spans:
            return
        self._spans.add((draft.start, draft.end))
        self.drafts.append(draft)


def _according_needs_lam(words: Words, i: int) -> bool:
    return any(p[-1] == "ل" and p[0] in words.variants(i) for p in according_cues())


def find_drafts(words: Words) -> tuple[list[Draft], list[tuple[int, Subject, SpeechForm]]]:
    """Every statement of the document in text order, speakers not yet resolved; and the
    subjects of speech verbs that introduced nothing (antecedents for pronouns)."""
    finder = Finder(words)
    drafts = finder.run()
    return drafts, sorted(finder.subjects, key=lambda s: s[0])
