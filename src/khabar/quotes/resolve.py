"""From drafts to Quotes: speakers linked to entities, pronouns resolved, hedges, times.

A pronoun subject («وقال:», «وحذروا», «مشيرا إلى») refers to the most recent speaker that
agrees in gender and number (a group counts as plural); failing that, to the most recent
entity mentioned before the cue. When that antecedent is an entity, the speaker is a
``pronoun`` over the cue with the entity's id; when it is not (a group, an unnamed role),
the speaker takes the antecedent's own span and kind, so the reader still sees who spoke.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from khabar.model import Document, Entity, Quote, Span, Speaker
from khabar.quotes.extract import Draft
from khabar.quotes.lexicon import SpeechForm, phrase_index
from khabar.quotes.speakers import DEMONSTRATIVES, Subject
from khabar.quotes.words import Words
from khabar.text.normalize import fold

#: How far back (in characters) a pronoun looks for its antecedent.
_ANTECEDENT_WINDOW = 2500
_IMPERFECT_PREFIXES = ("ي", "ت", "ن")


@dataclass(frozen=True, slots=True)
class _Resolved:
    speaker: Speaker
    gender: str | None
    number: str | None
    at: int


def _compatible(gender: str | None, number: str | None, cand: _Resolved) -> bool:
    if gender and cand.gender and gender != cand.gender:
        return False
    plural = number in ("pl", "du")
    cand_plural = cand.number in ("pl", "du")
    return number is None or cand.number is None or plural == cand_plural


def _entity_in(entities: Sequence[Entity], start: int, end: int,
               head_chars: int = 0) -> Entity | None:
    """The entity named inside ``[start, end)``: a person anywhere (a role in apposition),
    else an organisation or place that begins the phrase (within ``head_chars``)."""
    best: tuple[int, int, Entity] | None = None
    rank = {"PER": 0, "ORG": 1, "MISC": 2, "LOC": 3}
    for entity in entities:
        for mention in entity.mentions:
            if start <= mention.start and mention.end <= end and (
                    entity.type == "PER" or mention.start - start <= head_chars):
                key = (rank.get(entity.type, 4), -mention.start)
                if best is None or key < best[:2]:
                    best = (*key, entity)
    if best is None or (best[2].type == "LOC" and best[1] != -start):
        return None
    return best[2]


def _entity_by_role(entities: Sequence[Entity], text: str) -> Entity | None:
    folded = fold(text)
    for entity in entities:
        if any(fold(role.text) == folded for role in entity.roles):
            return entity
    return None


class Resolver:
    """Turns the drafts of one document into Quotes."""

    def __init__(self, doc: Document, words: Words):
        self.doc = doc
        self.words = words
        self.entities = doc.entities if "entities" in doc.layers else ()
        self.history: list[_Resolved] = []

    def quotes(self, drafts: list[Draft],
               subjects: Sequence[tuple[int, Subject, SpeechForm]] = ()) -> tuple[Quote, ...]:
        out: list[Quote] = []
        resolved: dict[int, _Resolved | None] = {}
        pending = list(subjects)
        for draft in drafts:
            at = draft.cue[0] if draft.cue else draft.start
            while pending and pending[0][0] < at:
                offset, subject, form = pending.pop(0)
                self.history.append(self._explicit(subject, form, offset))
            speaker = self._speaker(draft, resolved)
            resolved[id(draft)] = speaker
            if speaker is not None:
                self.history.append(speaker)
            out.append(self._quote(len(out) + 1, draft, speaker))
        return tuple(out)

    def _speaker(self, draft: Draft, done: dict[int, _Resolved | None]) -> _Resolved | None:
        if draft.continues is not None:
            return done.get(id(draft.continues))
        form = draft.form
        gender = form.gender if form else None
        number = form.number if form else None
        at = draft.cue[0] if draft.cue else draft.start
        if draft.subject is not None:
            return self._explicit(draft.subject, form, at)
        if draft.source is not None and draft.notes.get("document"):
            gender = number = None  # «وأضاف البيان»: any earlier speaker
        return self._pronoun(draft, gender, number, at)

    def _explicit(self, subject: Subject, form: SpeechForm | None, at: int) -> _Resolved:
        """A speaker named by the subject noun phrase, linked to its entity."""
        text = self.doc.text
        gender = form.gender if form else None
        number = form.number if form else None
        first, last = subject.first, subject.last
        start, end = self.words.start(first) + subject.skip, self.words.end(last)
        kind = subject.kind
        entity = None
        if kind != "group" and self.entities:
            head = self.words.end(first) + 1 - start  # «حركة حماس»: after one head word
            found = _entity_in(self.entities, start, end, head)
            if found is None and kind == "role":
                found = _entity_by_role(self.entities, text[start:end])
            entity = found.id if found else None
            if entity is None and kind == "role" and self.words.key(first) in DEMONSTRATIVES:
                entity = self._earlier_speaker(gender, number, at)  # «هذا المسؤول»
            if found is not None and found.type == "PER":
                kind = "name"
        if kind == "group":
            number = "pl"
        speaker = Speaker(start, end, text[start:end], kind, entity)
        return _Resolved(speaker, gender, number, at)

    def _earlier_speaker(self, gender: str | None, number: str | None, at: int) -> str | None:
        """The entity of the latest earlier speaker that agrees («هذا المسؤول» after him)."""
        for cand in reversed(self.history):
            if cand.at < at and at - cand.at <= _ANTECEDENT_WINDOW and \
                    cand.speaker.entity is not None and _compatible(gender, number, cand):
                return cand.speaker.entity
        return None

    def _pronoun(self, draft: Draft, gender: str | None, number: str | None,
                 at: int) -> _Resolved | None:
        text = self.doc.text
        cue = draft.cue or (draft.start, draft.start)
        index = self.words.index_at(cue[0])
        mid_sentence = index - self.words.sentence_range(min(index, len(self.words) - 1))[0] > 1
        if (draft.form is not None and draft.form.participle) or mid_sentence:
            # «…، مشيرا إلى», «لكنه شدد», «ودعمتها الجامعة، وأعلنت»: the sentence's subject
            found = self._sentence_subject(cue[0])
            if found is not None:
                return found
        for cand in reversed(self.history):
            if cand.at >= at:
                continue
            if at - cand.at > _ANTECEDENT_WINDOW:
                break  # the history is in text order
            if _compatible(gender, number, cand):
                if cand.speaker.entity is not None and cue[1] > cue[0]:
                    speaker = Speaker(cue[0], cue[1], text[cue[0]:cue[1]], "pronoun",
                                      cand.speaker.entity)
                    return _Resolved(speaker, cand.gender, cand.number, at)
                return _Resolved(cand.speaker, cand.gender, cand.number, at)
        entity = self._recent_entity(at, number)
        if cue[1] <= cue[0]:
            return None
        return _Resolved(Speaker(cue[0], cue[1], text[cue[0]:cue[1]], "pronoun",
                                 entity.id if entity else None), gender, number, at)

    def _sentence_subject(self, at: int) -> _Resolved | None:
        """For a participle («مشددا على أن»): the speaker of an earlier statement in its
        sentence, else the first person or organisation named in the sentence."""
        words = self.words
        lo, _ = words.sentence_range(min(words.index_at(at), len(words) - 1))
        sentence_start = words.start(lo)
        for cand in reversed(self.history):
            if sentence_start <= cand.at < at:
                return cand
            if cand.at < sentence_start:
                break
        text = self.doc.text
        first: tuple[int, int, Entity] | None = None  # (type rank, offset, entity): persons first
        for entity in self.entities:
            if entity.type not in ("PER", "ORG"):
                continue
            for mention in entity.mentions:
                key = (entity.type != "PER", mention.start)
                if sentence_start <= mention.start and mention.end <= at and \
                        words.inside_quote(mention.start) is None and \
                        (first is None or key < first[:2]):
                    first = (*key, entity)
        if first is None:
            return None
        cue_end = words.end(words.index_at(at))
        speaker = Speaker(at, cue_end, text[at:cue_end], "pronoun", first[2].id)
        return _Resolved(speaker, None, "sg", at)

    def _recent_entity(self, at: int, number: str | None) -> Entity | None:
        if number in ("pl", "du"):
            return None
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            if entity.type not in ("PER", "ORG"):
                continue
            for mention in entity.mentions:
                if mention.end <= at and at - mention.end < _ANTECEDENT_WINDOW and \
                        self.words.inside_quote(mention.start) is None:
                    if best is None or mention.start > best[0]:
                        best = (mention.start, entity)
        return best[1] if best else None

    def _quote(self, n: int, draft: Draft, resolved: _Resolved | None) -> Quote:
        text = self.doc.text
        span = lambda a, b: Span(a, b, text[a:b])  # noqa: E731
        hedge = self._hedge(draft)
        return Quote(
            id=f"Q{n}", kind=draft.kind, start=draft.start, end=draft.end,
            text=text[draft.start:draft.end],
            cue=span(*draft.cue) if draft.cue else None,
            speaker=resolved.speaker if resolved else None,
            source=span(*draft.source) if draft.source else None,
            hedge=span(*hedge) if hedge else None,
            times=self._times(draft),
        )

    def _hedge(self, draft: Draft) -> tuple[int, int] | None:
        """The first uncertainty cue in the content, else between the verb and the content,
        else the verb itself when it states a belief («وتتوقع حكومات أن …»)."""
        found = self._hedge_between(draft.start, draft.end)
        if found is None and draft.cue and draft.cue[1] <= draft.start:
            found = self._hedge_between(draft.cue[1], draft.start)
        if found is None and draft.form is not None and draft.form.cls == "belief":
            return draft.cue
        return found

    def _hedge_between(self, start: int, end: int) -> tuple[int, int] | None:
        words = self.words
        i = words.index_at(start)
        hedges = phrase_index("hedges.txt")
        while i < len(words) and words.start(i) < end:
            n = words.match(i, hedges)
            if n and words.end(i + n - 1) <= end:
                return words.start(i), words.end(i + n - 1)
            if "قد" in words.variants(i) and words.key(i + 1).startswith(_IMPERFECT_PREFIXES) \
                    and not words.key(i + 1).endswith("ت") and words.key(i + 1) != "تم":
                return words.start(i), words.end(i)
            i += 1
        return None

    def _times(self, draft: Draft) -> tuple[str, ...]:
        """Ids of the time expressions in the statement's sentence, up to its end."""
        if "times" not in self.doc.layers or not self.doc.times:
            return ()
        first = self.words.index_at(min(draft.start, draft.cue[0] if draft.cue else draft.start))
        first = min(first, len(self.words) - 1)
        lo, _ = self.words.sentence_range(first)
        start = min(self.words.start(lo), draft.start)
        end = max(draft.end, draft.cue[1] if draft.cue else draft.end)
        try:
            from khabar.times import times_in
        except ImportError:  # pragma: no cover - the times package is optional here
            found = list(self.doc.times)
        else:
            found = times_in(self.doc, start, end)
        return tuple(t.id for t in found if start <= t.start and t.end <= end)
