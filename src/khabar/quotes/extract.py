"""Finding statements: speech verbs and what they introduce, and who.

Each speech verb gives its own statement. After the verb (and its subject) comes either a
complementiser («إن», «أن», «بأن»: reported speech, content to the end of the clause), a
colon or a quotation mark (direct speech, content inside the marks), or for some verbs a
preposition whose object is the content («أعرب عن قلقه»). Attributions before or after a
clause («…، حسبما صرح بوتين», «وبحسب الجيش فإن») are in ``attribution.py``.
"""

from __future__ import annotations

from khabar.quotes.attribution import Attributions
from khabar.quotes.clauses import (
    CLAUSE_BREAKS,
    MAX_NAME_WORDS,
    MAX_OBJECT_SUBJECT,
    MAX_QUOTE_REGION,
    MAX_REGION,
    MODALS,
    NEGATIONS,
    TRAILING,
    TRAILING_PREPS,
    Draft,
    according_at,
    according_first_words,
    clause_end,
    hedge_opener,
    is_passive_past,
    post_marker_at,
    speech_within,
    starts_cue,
    trim_content,
)
from khabar.quotes.lexicon import (
    SpeechForm,
    complementisers,
    impersonal,
    is_document,
    is_group_noun,
    is_role_noun,
    one_word_names,
    source_nouns,
    time_adjuncts,
)
from khabar.quotes.marks import Quoted
from khabar.quotes.speakers import (
    Subject,
    document_author,
    postverbal_subject,
    preverbal_subject,
    source_in,
    speaker_of,
    starts_adjunct,
    svo_subject,
    without_object,
)
from khabar.quotes.words import Words
from khabar.text.clitics import analyze_token, word_counts
from khabar.text.normalize import fold, fold_light

#: A quotation of this many words right after a speaker is what the verb introduces.
_LONG_QUOTE = 6
#: At most this share of «الX» to «X» in the corpus for X to pass as a name.
_NAME_ARTICLE_RATIO = 0.15


class Finder(Attributions):
    """Scans one document's tokens for statements."""

    def run(self) -> list[Draft]:
        words = self.words
        attribution_words = according_first_words()
        for i in range(len(words)):
            if i < self.busy_until:
                continue
            form = words.form(i)
            if form is None and not any(v in attribution_words for v in words.variants(i)):
                continue  # most tokens: neither a speech verb nor «بحسب», «وفقا» …
            if words.inside_quote(words.start(i)) is not None:
                continue
            if form is not None:
                if form.person == 3:
                    self._verb(i, form)
            elif post_marker_at(words, i) == 0:  # «بحسب ما أعلنته»: the verb attributes
                according = according_at(words, i)
                if according is not None:
                    self._according(i, *according)
        self._continuations()
        self.drafts.sort(key=lambda d: (d.start, d.end))
        return self.drafts


    def _verb(self, i: int, form: SpeechForm) -> None:
        words = self.words
        if form.cls == "relay" and form.lemma == "جاء" and not words.key(i + 1).startswith("في"):
            return
        marker = self._post_marker_before(i)
        if marker is not None:
            self._post_posed(i, form, marker)
            return
        if is_passive_past(words.text(i)):
            return  # «وُصفت», «ذُكر»: a passive verb has no speaker
        if words.key(i - 1) in NEGATIONS:
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
                                         words.key(region_hi - 1) in TRAILING_PREPS):
            region_hi -= 1  # «ولفت الاتحاد إلى أن»
        subject, source = self._subject_and_source(i, form, region_lo, region_hi)
        cue = (words.start(i), words.end(cue_end))
        draft = self._content(how, at, form, subject, cue)
        if draft is None:
            return
        draft.source = source
        draft.cue_index = i
        if subject is None and source is not None and is_document(words.bare(region_lo)):
            draft.notes["document"] = "subject"
        self._add(draft)

    def _introducer(self, i: int, lo: int, form: SpeechForm) -> tuple[str, int] | None:
        """How the content is introduced after the verb at ``i``, and at which token."""
        words = self.words
        _, hi = words.sentence_range(i)
        comps = complementisers()
        j, seen = lo, 0
        while j < hi and seen < MAX_REGION:  # counted in words: «#ندين_نسيب_نجيم» is one
            key, text = words.key(j), words.text(j)
            seen += text[:1].isalnum()
            if key in comps and not self.text[words.start(j) - 1:words.start(j)].isspace():
                pass  # «سي.إن.إن»: a letter group inside an acronym, not «إن»
            elif key in comps:
                if key == "ان" and words.bare(j - 1) in MODALS:
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
                            self.text[quoted.start:quoted.end].split()) <= MAX_NAME_WORDS:
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
            if key in CLAUSE_BREAKS:
                return None  # «يطالب رجل الأمن …، بينما تردد امرأة "…"»: another clause
            if words.is_comma(j) and any(starts_cue(words, k) or hedge_opener(words, k)
                                         for k in range(j + 1, j + 3)):
                return None
            j += 1
        return None

    def _direct_after_subject(self, j: int, lo: int, quoted: Quoted, form: SpeechForm) -> bool:
        """A quotation right after the verb's subject (no colon, no complementiser) is what
        the verb introduces — not a quoted name or title in the sentence («برئاسة "…"»)."""
        words, text = self.words, self.text
        if j - lo > MAX_QUOTE_REGION and text[quoted.outer_end:words.paragraph_end(j)].strip(
                TRAILING):
            return False  # a long way from the verb, and not closing the paragraph
        before = words.key(j - 1)
        if j - 1 >= lo and before not in form.preps and any(
                p.text == "ب" for p in words.tokens[j - 1].prefixes):
            return False  # «… برئاسة "…"»: the object of another preposition (clitic layer)
        if _after_preposition(text, words, j, quoted, form):
            return True  # «تعهد كيم “بالدعم …”», «أعربوا عن “مخاوف جدية”»: mixed
        inner = text[quoted.start:quoted.end]
        # a long quotation is speech even when the sentence goes on after it
        # («وقالت ماي أمام النواب "نحن على خلاف …" حزيران/يونيو 2016»)
        return (_ends_clause(text, words, quoted) and len(inner.split()) >= 3) or \
            len(inner.split()) >= _LONG_QUOTE

    def _subject_and_source(self, i: int, form: SpeechForm, lo: int,
                            hi: int) -> tuple[Subject | None, tuple[int, int] | None]:
        words = self.words
        if form.cls == "relay":
            for k in range(lo, hi):
                if words.key(k) == "عن":  # «نقلت رويترز عن مسؤول»: source, then speaker
                    src = postverbal_subject(words, lo, k)
                    subject = speaker_of(words, postverbal_subject(words, k + 1, hi), hi)
                    source = (words.start(src.first), words.end(src.last)) if src else None
                    return subject, source
        # a participle («مؤكدا ضرورة أن») shares its clause's subject: what follows is its object
        subject = None if form.participle else svo_subject(words, i)
        if subject is not None:
            return subject, source_in(words, lo, hi)
        subject = None if form.participle else without_object(
            words, postverbal_subject(words, lo, hi, preps=form.preps), form.lemma)
        if subject is not None and is_document(words.bare(subject.first)):
            # «وأضاف البيان أنه»: the document is the source; its author speaks
            return document_author(words, subject, hi), (words.start(subject.first),
                                                        words.end(subject.last))
        source = source_in(words, lo, hi)
        if subject is None and source is not None and not form.participle and \
                source[0] <= words.end(lo) + 2:  # «وأكد لـ«الجزيرة» الدكتور الركبان أن»
            subject = postverbal_subject(words, words.index_at(source[1]), hi)
        if subject is None:
            subject = preverbal_subject(words, i)
        return subject, source

    def _content(self, how: str, at: int, form: SpeechForm, subject: Subject | None,
                 cue: tuple[int, int]) -> Draft | None:
        words = self.words
        if how in ("quote", "prep-quote"):
            quoted = words.quote_opened_at(at)
            assert quoted is not None
            after = words.index_at(quoted.outer_end)
            kind = "direct" if how == "quote" and _speech_not_phrase(
                self.text, words, at, quoted, form) else "mixed"
            self.claimed.add(quoted.open_at)
            self.busy_until = max(self.busy_until, after)
            return Draft(kind, quoted.start, quoted.end, cue, form, subject, quoted=quoted)
        first = at + 1
        if how == "prep":
            first = at + 1
        end_index = clause_end(words, first)
        if end_index <= first:
            return None
        start, end = trim_content(self.text, words.start(first), words.end(end_index - 1))
        if end <= start:
            return None
        self.busy_until = max(self.busy_until, end_index)
        inner = words.quotes_within(start, end + 1)
        if inner and len(inner) == 1 and inner[0].open_at == start and \
                not self.text[inner[0].outer_end:end].strip(TRAILING):
            self.claimed.add(inner[0].open_at)
            return Draft("direct", inner[0].start, inner[0].end, cue, form, subject,
                         quoted=inner[0])
        for quote in inner:
            self.claimed.add(quote.open_at)
        plain = "direct" if how == "colon" else "indirect"
        kind = "mixed" if speech_within(words, inner) else plain
        return Draft(kind, start, end, cue, form, subject)

    def _object_statement(self, i: int, cue_end: int, form: SpeechForm) -> bool:
        """«أعلنت الحركة مساء الثلاثاء وقفا لإطلاق النار»: the content is the verb's object,
        found only where an adjunct (a time, «في بيان») marks where the subject ends."""
        words = self.words
        _, hi = words.sentence_range(i)
        lo = cue_end + 1
        name_end = _bare_name_end(words, lo, hi)
        if name_end is not None:  # «نفت إسرائيل التوصل إلى تهدئة», «أعلنت #حركة_الجهاد التوصل»
            subject: Subject | None = Subject(lo, name_end - 1, "name")
            k = name_end
            source = None
        else:
            subject = postverbal_subject(words, lo, hi)
            k = subject.last + 1 if subject is not None else lo
            if subject is None:
                subject = preverbal_subject(words, i)
            if subject is None or k >= hi or subject.last - subject.first > MAX_OBJECT_SUBJECT:
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
        start, end = trim_content(self.text, words.start(k), words.end(stop - 1))
        inner = words.quotes_within(start, end + 1)
        for quote in inner:
            self.claimed.add(quote.open_at)
        self.busy_until = max(self.busy_until, stop)
        self._add(Draft("mixed" if speech_within(words, inner) else "indirect", start, end,
                        (words.start(i), words.end(cue_end)), form, subject, source=source,
                        cue_index=i))
        return True

    def _remember_subject(self, i: int, form: SpeechForm) -> None:
        """The subject of a speech verb that introduces nothing still names a possible
        antecedent («تحدث مستشارو الأمن القومي … وأعربوا عن»)."""
        words = self.words
        _, hi = words.sentence_range(i)
        if not form.preps or form.participle:
            return  # «وانتقد دخول أطباء …», «مؤكدا على دور …»: the phrase may be its object
        subject = postverbal_subject(words, i + 1, min(hi, i + 1 + MAX_REGION), preps=form.preps)
        if subject is not None:
            self.subjects.append((words.start(i), subject, form))


def _ends_clause(text: str, words: Words, quoted: Quoted) -> bool:
    """Nothing but punctuation, a line end or a participle («"…" مضيفا») follows the marks."""
    following = text[quoted.outer_end:quoted.outer_end + 3].lstrip(" \u00a0")
    return not following or following[0] in TRAILING or following[0] in "\n\r([" or \
        words.form(words.index_at(quoted.outer_end)) is not None


def _after_preposition(text: str, words: Words, j: int, quoted: Quoted,
                       form: SpeechForm) -> bool:
    """The quotation at token ``j`` is the object of the verb's preposition, before the marks
    («أعربوا عن “مخاوف جدية”», «وصفته بـ"هدف معاد"») or inside them («تعهد “بالدعم …”»)."""
    if words.key(j - 1) in form.preps:
        return True
    first = text[quoted.start:quoted.end].split(maxsplit=1)[0] if quoted.end > quoted.start else ""
    return any(p.text in form.preps for p in analyze_token(first, 0).prefixes[:1])


def _speech_not_phrase(text: str, words: Words, at: int, quoted: Quoted,
                       form: SpeechForm) -> bool:
    """Direct speech (not a quoted phrase of a reported clause): after a colon, or not after
    the verb's preposition and either closing the clause or long."""
    if words.text(at - 1) == ":":
        return True
    long = len(text[quoted.start:quoted.end].split()) >= _LONG_QUOTE
    if words.key(at - 1) in form.preps:
        return False  # «أعربوا عن “مخاوف جدية”»
    if _after_preposition(text, words, at, quoted, form):
        # «تعهد كيم “بالدعم الكامل” لبوتين» is a phrase; «منوهة "بشخصيته البارزة … "» closing
        # its sentence at length is speech
        return long and _ends_clause(text, words, quoted)
    return long or _ends_clause(text, words, quoted)


def _name_like(words: Words, k: int) -> bool:
    """Token ``k`` is a one-word name: a known place or organisation, or an entity mention
    of the document — and, as names rarely take the article, «الX» is rare beside «X» in the
    news corpus («إسرائيل» never; «بيع» often)."""
    word = words.text(k)
    known = fold(word) in one_word_names() or any(
        m.start == words.start(k) and m.end == words.end(k)
        for entity in words.doc.entities for m in entity.mentions)
    counts = word_counts()
    light = fold_light(word)
    return known and counts.get("ال" + light, 0) <= _NAME_ARTICLE_RATIO * counts.get(light, 0)


def _bare_name_end(words: Words, lo: int, hi: int) -> int | None:
    """Where a one-word name or a hashtag right after the verb ends, when a definite noun
    follows it (the object): «نفت إسرائيل التوصل», «أكدت #حركة_حماس التوصل». None otherwise."""
    k = lo
    if words.text(k) == "#":  # a hashtag: «#حركة_الجهاد»
        k += 1
        while k + 1 < hi and words.text(k + 1) == "_" and words.end(k) == words.start(k + 1):
            k += 2
        k += 1
    else:
        key = words.key(k)
        if len(key) < 3 or key.startswith("ال") or words.tokens[k].prefixes or \
                not words.text(k).isalpha() or is_group_noun(key) or is_role_noun(key) or \
                starts_adjunct(words, k) or key in source_nouns() or words.form(k) is not None \
                or not _name_like(words, k):
            return None
        k += 1
    obj = words.key(k)
    if k >= hi or k == lo or not obj.startswith("ال") or len(obj) < 5 or \
            obj.endswith(("يه", "ي")) or starts_adjunct(words, k) or obj in time_adjuncts():
        return None
    return k


def find_drafts(words: Words) -> tuple[list[Draft], list[tuple[int, Subject, SpeechForm]]]:
    """Every statement of the document in text order, speakers not yet resolved; and the
    subjects of speech verbs that introduced nothing (antecedents for pronouns)."""
    finder = Finder(words)
    drafts = finder.run()
    return drafts, sorted(finder.subjects, key=lambda s: s[0])

