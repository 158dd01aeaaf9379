"""Attributions around a statement: post-posed verbs («…، حسبما صرح بوتين»), «بحسب X» and
«وفقا لـ X» before or after a clause, a verb right after a quotation («"…"، قال بوتين»), and
quotations that run over several paragraphs. The base of ``extract.Finder``.
"""

from __future__ import annotations

import bisect

from khabar.quotes.clauses import (
    MAX_ATTRIBUTION_NP,
    MAX_FINAL_NP,
    Draft,
    according_needs_lam,
    clause_end,
    post_marker_at,
    speech_within,
    trim_content,
)
from khabar.quotes.lexicon import (
    SpeechForm,
    complementisers,
    impersonal,
    known_names,
    source_nouns,
)
from khabar.quotes.speakers import (
    DEMONSTRATIVES,
    Subject,
    postverbal_subject,
    source_in,
    starts_adjunct,
    subject_kind,
)
from khabar.quotes.words import Words
from khabar.text.normalize import fold


def _speaker_like(words: Words, subject: Subject, source: tuple[int, int] | None) -> bool:
    """«بحسب جيش الاحتلال», «وفق الأمم المتحدة» (a speaker or a document), not «حسب نوع
    العملية» or «وفق الإجراءات اللازمة» (a measure)."""
    if source is not None or subject.kind in ("role", "group"):
        return True
    head = words.text(subject.first)[subject.skip:]
    if words.key(subject.first).startswith("لل"):
        head = "ال" + head
    phrase = [fold(head)] + [words.key(k) for k in range(subject.first + 1, subject.last + 1)]
    names = known_names()
    if any(" ".join(phrase[:n]) in names for n in range(1, len(phrase) + 1)):
        return True
    return any(m.start == words.start(subject.first) + subject.skip
               for entity in words.doc.entities for m in entity.mentions)


class Attributions:
    """State of one scan and the attribution rules; ``Finder`` adds the speech verbs."""

    def __init__(self, words: Words):
        self.words = words
        self.text = words.doc.text
        self.drafts: list[Draft] = []
        self.claimed: set[int] = set()  # open_at of quotations used as content
        self._spans: set[tuple[int, int]] = set()
        self.busy_until = -1  # token index: cues before it are inside an earlier statement
        #: subjects of speech verbs that introduce nothing: (offset, subject, verb form)
        self.subjects: list[tuple[int, Subject, SpeechForm]] = []

    def _post_marker_before(self, i: int) -> int | None:
        """The token index of the comma before a post-posed marker and verb at ``i``."""
        words = self.words
        for n in (1, 2, 3):
            k = i - n
            if k >= 1 and post_marker_at(words, k) == n and words.is_comma(k - 1):
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
                                 words.key(verb_at + 1) in DEMONSTRATIVES):
            verb = None  # «ويعتبر هذا الرقم أعلى …»: a passive, not a statement
        if verb is not None and subject is not None and words.is_comma(comma):
            # «وأكدوا مجددا …، وفقا لبيان البيت الأبيض»: the verb's subject speaks
            cue, form, subject, cue_index = (words.start(verb_at), words.end(verb_at)), verb, \
                postverbal_subject(words, verb_at + 1, comma), verb_at
            after = verb_at + 1
            while after < comma and starts_adjunct(words, after):
                after += 1
            content_from = words.start(after) if subject is None else words.end(subject.last)
        start, end = trim_content(self.text, content_from, clause_end_at)
        if end - start < 8 or (subject is None and form is None):
            return
        inner = words.quotes_within(start, end + 1)
        kind = "mixed" if speech_within(words, inner) else "indirect"
        self._add(Draft(kind, start, end, cue, form, subject, source=source, cue_index=cue_index))

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
        lam = words.key(np_lo).startswith("ل") and according_needs_lam(words, i)
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
        if i - 1 > lo and subject is not None and (np_end >= hi or words.is_end(np_end)) \
                and np_end - np_lo <= MAX_FINAL_NP and words.bare(i - 1) not in ("و", "ف") \
                and _speaker_like(words, subject, source):
            # «…، بينها نفق بحسب جيش الاحتلال.»: closing the sentence, without a comma
            self._attribute_clause(i, cue, None, subject, source, i)
            self.busy_until = max(self.busy_until, end)
            return
        if position == "post" or (i > lo and words.key(i - 1) not in ("و",)) or \
                np_end - np_lo > MAX_ATTRIBUTION_NP:
            return
        end = np_end
        first = end + 1 if words.is_comma(end) or words.key(end) in complementisers() else end
        stop = clause_end(words, first)
        if stop <= first or subject is None:
            return
        start, content_end = trim_content(self.text, words.start(first), words.end(stop - 1))
        if content_end - start < 8:
            return
        self.busy_until = max(self.busy_until, stop)
        inner = words.quotes_within(start, content_end + 1)
        kind = "mixed" if speech_within(words, inner) else "indirect"
        self._add(Draft(kind, start, content_end, cue, None, subject, source=source, cue_index=i))

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
