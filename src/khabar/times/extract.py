"""Finding time expressions in a text and resolving them against the publication date.

Matching runs on the normalised view (alef/ya/ta-marbuta/diacritic/digit variants all
match), then spans are mapped back to exact offsets in the original text.

>>> [(t.text, t.value) for t in find_times("وصل الجمعة، بعد زيارة في عام 2002.", "2023-09-15")]
[('الجمعة', '2023-09-15'), ('عام 2002', '2002')]
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from functools import lru_cache

from khabar.model import TimeExpression, parse_published
from khabar.text.normalize import view_of
from khabar.times import durations, grammar, hijri, passes, resolve
from khabar.times import lexicon as lx
from khabar.times.passes import Candidate as _Candidate
from khabar.times.passes import bare as _bare
from khabar.times.passes import next_word as _next_word
from khabar.times.passes import prev_words as _prev_words
from khabar.times.resolve import Context

log = logging.getLogger(__name__)

_CLAUSE_BREAK = re.compile(
    r"[.!?؟؛;:،,\n«»\"“”()\[\]]|(?<!\w)(?:ان|[وف]ان|انه|انها|انهم|انهما|انني|اذ|حيث|بينما|لكن|"
    r"عندما|حين|بعدما|قبل\s+ان|فيما)(?!\w)")
_FUTURE_VERB = re.compile(r"(?<!\w)[وف]?(س[يتن]\w{2,})")
_OUTSIDE_LEAD = re.compile(r"منذ|خلال|طوال|طيله|علي\s+مدي|علي\s+مدار|في\s+غضون")
_WORD = re.compile(r"[\w%٪]+")
_ANTI_YEAR = frozenset({"نحو", "حوالي", "قرابه", "زهاء", "اكثر", "اقل", "رقم", "القرار",
                        "الماده", "قرار", "بلغ", "بلغت", "اصل", "ب", "مجموع", "بنحو"})
_DAY_BEFORE = re.compile(r"(?<!\S)\d{1,2}\s*(?:من\s+)?$")
_GROUP_NAMES = frozenset({"قوي", "تيار", "تحالف", "فريق", "معسكر", "كتله", "حزب"})
_PERIOD_BEFORE_ORD = frozenset({"الاسبوع", "الاسابيع", "الشهر", "الاشهر", "العام", "السنه",
                                "الربع", "النصف", "الثلث", "العقد", "الايام", "الجوله",
                                "الاسبوعين", "الشطر", "العشر", "الموسم", "الدور"})
_NOT_TODAY_BEFORE = frozenset({"ذلك", "نفس", "ذات", "ذاك", "تلك"})
_MIN_VERB_COUNT = 20
_Y = r"(?!0000)\d{4}"
_VALUE_FORM = re.compile(
    rf"{_Y}(?:-\d{{2}}(?:-\d{{2}}(?:T(?:MO|MI|AF|EV|NI|\d{{2}}:\d{{2}}))?)?|-W\d{{2}}(?:-WE)?"
    rf"|-[HQ]\d|-(?:SP|SU|FA|WI))?|\d{{3}}X|\d{{2}}XX|T\d{{2}}:\d{{2}}"
    r"|P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?"
    rf"|{_Y}-\d{{2}}-\d{{2}}/{_Y}-\d{{2}}-\d{{2}}|{_Y}/{_Y}")
_RESOLVERS = {**resolve.RESOLVERS, **durations.RESOLVERS, **hijri.RESOLVERS}




def find_times(text: str, published: str | dt.date | None = None) -> list[TimeExpression]:
    """Every time expression in ``text``, in text order, with ids T1, T2, …"""
    pub = parse_published(published)
    view = view_of(text)
    vt = view.text
    candidates = _candidates(vt, pub)
    chosen: list[_Candidate] = []
    taken = bytearray(len(vt) + 1)
    for c in sorted(candidates, key=lambda c: (c.start - c.end, grammar.rank(c.rule), c.start)):
        if not any(taken[c.start:c.end]):
            chosen.append(c)
            taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    chosen.sort(key=lambda c: c.start)
    chosen = passes.apply(vt, chosen)
    out: list[TimeExpression] = []
    for c in chosen:
        start, end = view.span_to_original(c.start, c.end)
        while end < len(text) and (text[end] == "\u0640"
                                   or unicodedata.category(text[end]) == "Mn"):
            end += 1  # trailing tanween / tatweel of the last word («غداً», «1445هـ»)
        out.append(TimeExpression(id=f"T{len(out) + 1}", start=start, end=end,
                                  text=text[start:end], value=c.value, grain=c.grain))
    return out


def _candidates(vt: str, pub: dt.date | None, *, exhaustive: bool = False) -> list[_Candidate]:
    """Every acceptable match of every rule. The rules are tried only at the words an
    expression can start with, where the gate pattern matches (``exhaustive`` scans every
    position with every rule: for tests)."""
    rules = grammar.patterns()
    if exhaustive:
        return [c for rule, pattern in rules for m in pattern.finditer(vt)
                if (c := _candidate(vt, rule, m, pub)) is not None]
    gate = grammar.gate()
    return [c for here in grammar.starts(vt) if gate.match(vt, here)
            for rule, pattern in rules if (m := pattern.match(vt, here))
            and (c := _candidate(vt, rule, m, pub)) is not None]


def _candidate(vt: str, rule: str, m: re.Match[str], pub: dt.date | None) -> _Candidate | None:
    start, end = m.span("t")
    if start == end or "\n" in vt[start:end] or not _acceptable(vt, rule, m, start, end):
        return None  # an expression never runs over a line break («1⏎الماضي»)
    groups = {k: v for k, v in m.groupdict().items() if k != "t"}
    prev = _prev_words(vt, start, 1)
    anchor = _anchor_year(vt, start) if groups.get("same") else None
    past = _past(vt, start, end) if rule in ("monthyear", "date") else 0
    future = past < 2 and _future(vt, start, end)
    ctx = Context(pub, future=future, anchor_year=anchor,
                  before=re.sub(r"^[وف](?=\w\w)", "", prev[-1]) if prev else "",
                  past=not future and past > 0)
    try:
        result = _RESOLVERS[rule](groups, ctx)
    except (OverflowError, ValueError):  # beyond the calendar (year 1–9999): no value
        log.debug("times: %r cannot be resolved against %s", vt[start:end], pub)
        try:
            result = _RESOLVERS[rule](groups, Context(None, ctx.future))
        except (OverflowError, ValueError):
            return None
    if result is None:
        return None
    if result[0] is not None and not _VALUE_FORM.fullmatch(result[0]):
        result = (None, result[1])  # past the years 1–9999 that ISO 8601 writes with 4 digits
    lead = groups.get("lead")
    if lead and (_OUTSIDE_LEAD.fullmatch(lead) or result[1] == "duration"
                 and lead.startswith("بعد")):
        # «منذ», «خلال», «على مدار», a «بعد» of duration frame the period: not in the span
        start = m.end("lead")
        while vt[start].isspace():
            start += 1
    return _Candidate(start, end, rule, result[0], result[1])


_WRITTEN_YEAR = re.compile(r"(?<![\d/.:,\-])(1[0-9]\d\d|20\d\d)(?![\d%٪/:\-])")


def _anchor_year(vt: str, start: int) -> int | None:
    """The last year written in digits before ``start`` (for «من العام نفسه»)."""
    years = _WRITTEN_YEAR.findall(vt[max(0, start - 1000):start])
    return int(years[-1]) if years else None


def _acceptable(vt: str, rule: str, m: re.Match[str], start: int, end: int) -> bool:
    after = vt[end:end + 2]
    if vt[end - 1].isdigit() and after[:1] and (after[0] in "%٪" or (
            after[0] in "-/:.," and vt[end + 1:end + 3].strip()[:1].isdigit())):
        return False  # «2014%», «10:30», «2345-2019», «2021.5»
    if rule in ("date", "monthyear") and _prev_words(vt, start, 1)[-1:] and _bare(
            _prev_words(vt, start, 1)[-1]) in _GROUP_NAMES:
        return False  # «قوى 14 آذار», «تيار 8 آذار»: a political camp, not a date
    if rule == "date" and not m.group("day")[:1].isdigit() and _prev_words(vt, start, 1)[-1:] \
            and _bare(_prev_words(vt, start, 1)[-1]) in _PERIOD_BEFORE_ORD:
        return False  # «الأسبوع الأول من يونيو»: the first week, not the first day
    if rule == "monthyear" and _DAY_BEFORE.search(vt[max(0, start - 12):start]):
        return False  # the day before the month belongs to a date, which decides
    if rule == "year":
        return bool(m.group("cue")) or _bare_year_ok(vt, start, end, int(m.group("year")))
    if rule in ("duration", "lead1"):
        return _duration_ok(vt, m, start)
    if rule == "deictic" and " ".join(m.group("deictic").split()) == "اليوم":
        nxt = vt[end:end + 24].lstrip()
        prev = _prev_words(vt, start, 1)
        before, after = vt[start - 1:start] if start else "", vt[end:end + 1]
        quoted = bool(before) and before in "\"“«" or bool(after) and after in "\"”»"
        return not (_names_a_day(nxt) or quoted or (prev and (
            prev[-1] in _NOT_TODAY_BEFORE or prev[-1] in lx.not_today_after())))
    return True


def _names_a_day(after: str) -> bool:
    """Whether the words after «اليوم» make it «the day» rather than «today»: «اليوم
    التالي», «اليوم الأول», «اليوم الوطني», «اليوم نفسه» — but not a definite object or
    subject («أصدرت اليوم الهيئات بيانا»)."""
    word = _WORD.match(after)
    if word is None:
        return False
    w = word.group()
    if w in ("نفسه", "ذاته", "عينه"):
        return True
    return w.startswith("ال") and (w.endswith(("ي", "يه")) or w in lx.ordinals()
                                   or w in _DAY_ADJECTIVES)


_DAY_ADJECTIVES = frozenset({"السابق", "الاخير", "المحدد", "الموعود", "المشهود", "المفتوح",
                             "المقرر", "المنتظر", "الكبير", "الطويل", "الحاسم", "المشووم",
                             "الاسود", "الاخر", "الفاصل", "الموالي", "الذي", "التاريخي"})


def _bare_year_ok(vt: str, start: int, end: int, year: int) -> bool:
    prev = _prev_words(vt, start, 2)
    nxt = _next_word(vt, end)
    last = prev[-1] if prev else ""
    if nxt and (nxt in lx.counted_nouns() or _bare(nxt) in lx.counted_nouns() or nxt[0] in "%٪"):
        return False
    if nxt == "بتوقيت" or last == "الساعه":  # «الساعة (2059 بتوقيت غرينتش)»: a clock time
        return False
    if last and (_bare(last) in lx.year_cues() or last in lx.year_cues()):
        return 1000 <= year <= 2100
    if last in ("و", "الي", "حتي") and len(prev) == 2 and prev[0].isdigit() and len(prev[0]) == 4:
        return True
    if last in _ANTI_YEAR or _bare(last) in _ANTI_YEAR or last.isdigit() or nxt.isdigit():
        return False
    return 1900 <= year <= 2100


def _duration_ok(vt: str, m: re.Match[str], start: int) -> bool:
    number = m.groupdict().get("num")
    if number and number.isdigit() and len(number) == 4 and not m.group("lead"):
        return False
    if m.group("lead"):
        # «يوما بعد يوم», «عاما بعد عام»: an idiom, not a time
        prev = _prev_words(vt, start, 1)
        unit = m.groupdict().get("sing") or ""
        return not (prev and unit and _bare(prev[-1]).startswith(unit[:3]))
    prev = _prev_words(vt, start, 1)
    if prev and (prev[-1] in lx.age_cues() or _bare(prev[-1]) in lx.age_cues()):
        return False
    unit = lx.units().get(" ".join((m.groupdict().get("unit") or "").split()))
    if unit and unit.code == "Y" and any(  # «أعمارهم بين 28 و34 سنة», «سن الزواج 37 عاما»
            _bare(w).startswith(("عمر", "اعمار")) or _bare(w) in ("سن", "السن")
            for w in _prev_words(vt, start, 5)):
        return False
    # «لارا القاسم، 22 سنة،» / «(22 عاما)»: an age in apposition, not a time
    before, after = vt[:start].rstrip()[-1:], vt[m.end("t"):].lstrip()[:1]
    return not (unit and unit.code == "Y" and before and before in "،,("
                and after and after in "،,).")


def _future(vt: str, start: int, end: int) -> bool:
    """Whether the clause around ``[start, end)`` speaks of the future."""
    left = vt[max(0, start - 200):start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks and breaks[-1].group().startswith("ان"):
        # «من المقرر أن يلتقي … الأحد»: the governing clause before «أن» counts too
        left = left[breaks[-2].end():] if len(breaks) > 1 else left
    elif breaks:
        left = left[breaks[-1].end():]
    right = vt[end:end + 200]
    stop = _CLAUSE_BREAK.search(right)
    right = right[:stop.start()] if stop else right
    # the right context ends where a coordinated clause begins («… التوقف، وسيستخدم …»)
    right = re.split(r"(?<!\w)(?=[وف]\w{3,})", right, maxsplit=1)[0]
    clause = f"{left} {right}"
    if _future_markers().search(clause):
        return True
    return any(_is_future_verb(m.group(1)) for m in _FUTURE_VERB.finditer(clause))


_PLUPERFECT = re.compile(r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+قد(?!\w)")
_NEXT_VERB = re.compile(r"[\s،,]*[\"“«]?\s*(\w+)")


def _past(vt: str, start: int, end: int) -> int:
    """2 when «منذ» or «كان قد» stands a few words before ``[start, end)`` in its clause
    (past whatever else the clause says); 1 when a past-tense verb does, or right after it
    («أعيد إلى بلاده في يونيو», «في سبتمبر اعتبر»); else 0."""
    left = vt[max(0, start - 60):start]
    breaks = list(_CLAUSE_BREAK.finditer(left))
    if breaks:
        left = left[breaks[-1].end():]
    right = _NEXT_VERB.match(vt, end)
    near = _WORD.findall(left)[-5:]
    if "منذ" in near or _PLUPERFECT.search(left):  # «منذ اعتقاله في مارس», «كان قد زار»
        return 2
    words = [*near, *([right.group(1)] if right else [])]
    verbs = lx.past_verbs()
    for word in words:
        for w in {word, re.sub(r"^[وف](?=\w{3})", "", word)}:
            if w in verbs or (w.endswith("ت") and w[:-1] in verbs):
                return 1
    return 0


def _is_future_verb(word: str) -> bool:
    """«سيعقد», «ستزور», «سنعمل»: سـ before a verb the corpus knows without it
    («يعقد», «يزور»); «سياق», «سيارة», «ستة» are not («ياق», «يارة», «تة» are no words)."""
    if word in lx.not_future():
        return False
    from khabar.text.clitics import word_counts

    counts = word_counts()
    stem = word[1:]  # «نزور», «تزور» are rarer than the third person «يزور»
    return max(counts.get(stem, 0), counts.get("ي" + stem[1:], 0)) >= _MIN_VERB_COUNT


@lru_cache(maxsize=1)
def _future_markers() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)[وف]?(?:{lx.alternation(lx.future_markers())})(?!\w)")
