"""Passes over the chosen candidates that look at their neighbours: coordinated days and
months («20 و21 مايو», «أيار/مايو وحزيران/يونيو 2015»), one night named by two days,
a weekday before «الموافق» + date, events named by their date, clock times anchored to the
day beside them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.times import lexicon as lx
from khabar.times import resolve

_WORD = re.compile(r"[\w%٪]+")
_CLITIC = re.compile(r"^(?:[وف]?(?:لل|[بلك])?)")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    rule: str
    value: str | None
    grain: str


def prev_words(vt: str, start: int, n: int = 2) -> list[str]:
    return _WORD.findall(vt[max(0, start - 60):start])[-n:]


def next_word(vt: str, end: int) -> str:
    words = _WORD.findall(vt[end:end + 40])
    return words[0] if words else ""


def bare(word: str) -> str:
    return _CLITIC.sub("", word) if len(word) > 3 else word


def apply(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """Every pass, in order, over the chosen candidates (sorted by start)."""
    chosen = _nights(vt, _day_lists(vt, _month_lists(vt, _named_dates(vt, chosen))))
    chosen = _weekdays_then_dates(vt, _same_day(vt, chosen))
    chosen = _clock_with_day(vt, _anchor_clocks(vt, _coordinated_days(vt, chosen)))
    return _anaphoric_days(vt, chosen)


#: How far back (in characters) «ذلك اليوم» looks for the day it refers to.
_ANAPHOR_WINDOW = 800
_OF_YEAR = re.compile(r"\s+(?:من\s+)?(?:عام|العام|سنه|السنه)?\s*\d{4}")


def _anaphoric_days(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«وفي اليوم نفسه», «في ذلك اليوم», «تلك الليلة»: the last day named before it (close
    by: the expression just before names a day). Without such a day, or as «نفس اليوم من
    عام 1918» (the same date in another year, which the year after it gives), it is left
    out: never a guess."""
    out: list[Candidate] = []
    for c in chosen:
        if c.rule == "sameday":
            last = out[-1] if out else None
            if (last is None or not last.value or not _DAY.match(last.value)
                    or last.grain not in ("day", "part-of-day", "time")
                    or c.start - last.end > _ANAPHOR_WINDOW
                    or _OF_YEAR.match(vt, c.end)):
                continue
            day = last.value[:10]
            c = Candidate(c.start, c.end, c.rule,
                          day + ("TNI" if c.grain == "part-of-day" else ""), c.grain)
        out.append(c)
    return out


def _clock_with_day(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«في الثامنة مساء الجمعة»: the hour and the evening it falls in are one expression."""
    out: list[Candidate] = []
    for c in chosen:
        last = out[-1] if out else None
        if (last is not None and last.rule == "clock" and last.value and _DAY.match(last.value)
                and c.grain in ("day", "part-of-day") and c.value
                and c.value[:10] == last.value[:10]
                and not vt[last.end:c.start].strip()):
            out[-1] = Candidate(last.start, c.end, last.rule, last.value, last.grain)
            continue
        out.append(c)
    return out


def _coordinated_days(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«الجمعة والسبت», «يومي الثلاثاء والأربعاء»: the second day follows the first."""
    out = list(chosen)
    for i in range(1, len(out)):
        first, second = out[i - 1], out[i]
        if (first.rule == second.rule == "weekday" and first.value and second.value
                and re.fullmatch(r"\s*(?:و|او|ثم|-|–)\s*", vt[first.end:second.start])):
            a = dt.date.fromisoformat(first.value[:10])
            b = dt.date.fromisoformat(second.value[:10])
            follows = a + dt.timedelta(days=(b.isoweekday() - a.isoweekday()) % 7 or 7)
            out[i] = Candidate(second.start, second.end, second.rule,
                                follows.isoformat() + second.value[10:], second.grain)
    return out


def _named_dates(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«هجمات 11 سبتمبر», «ثورة 25 يناير»: an event named by its date keeps its own year."""
    out = []
    for c in chosen:
        text = vt[c.start:c.end]
        day = re.match(r"\d{1,2}", text)
        prev = prev_words(vt, c.start, 1)
        if c.rule == "date" and day and prev and not _YEAR_WRITTEN.search(text[day.end():]):
            month = resolve.month_of(text)
            year = lx.named_dates().get((bare(prev[-1]), month or 0, int(day.group())))
            if year:
                c = Candidate(c.start, c.end, c.rule,
                               f"{year:04d}-{month or 0:02d}-{int(day.group()):02d}", "day")
        out.append(c)
    return out


def _month_lists(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«أيار/مايو وحزيران/يونيو 2015», «بين جانفي الى ديسمبر 2016»: a month without a
    year coordinated with a month of a written year takes that year."""
    out = list(chosen)
    for i in range(len(out) - 1, 0, -1):
        first, second = out[i - 1], out[i]
        if not (first.rule == second.rule == "monthyear" and second.value
                and _YEAR_WRITTEN.search(vt[second.start:second.end])
                and not _YEAR_WRITTEN.search(vt[first.start:first.end])
                and _MONTH_JOIN.fullmatch(vt[first.end:second.start])):
            continue
        month = resolve.month_of(vt[first.start:first.end])
        if month is None or any(w in lx.relative() for w in vt[first.start:first.end].split()):
            continue
        ranged = vt[first.end:second.start].strip() not in ("و", "او")  # «من ديسمبر إلى فبراير»
        year = int(second.value[:4]) - (1 if ranged and month > int(second.value[5:7]) else 0)
        out[i - 1] = Candidate(first.start, first.end, first.rule, f"{year:04d}-{month:02d}",
                                "month")
    return out


_YEAR_WRITTEN = re.compile(r"\d{4}")
_MONTH_JOIN = re.compile(r"\s*(?:و|او|الي|حتي|-|–)\s*")


def _weekdays_then_dates(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«يومي الثلاثاء والأربعاء 14 و15 فيفري 2017»: the weekdays name the dates that
    follow them, in order."""
    out = list(chosen)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j].rule == "weekday" and (
                j == i or _AND.fullmatch(vt[out[j - 1].end:out[j].start])):
            j += 1
        k, n = j, j - i
        while k < len(out) and k - j < n and out[k].rule == "date" and _AND.fullmatch(
                vt[out[k - 1].end:out[k].start]):
            k += 1
        if n >= 2 and k - j == n:
            pairs = list(zip(out[i:j], out[j:k], strict=True))
            if all(w.value and d.value and _DAY.fullmatch(d.value) and _weekday(w.value)
                   == _weekday(d.value) for w, d in pairs):
                for offset, (w, d) in enumerate(pairs):
                    out[i + offset] = Candidate(w.start, w.end, w.rule,
                                                (d.value or "") + (w.value or "")[10:], w.grain)
        i = max(j, i + 1)
    return out


_AND = re.compile(r"\s*و?\s*")


def _weekday(value: str | None) -> int:
    return dt.date.fromisoformat((value or "")[:10]).isoweekday()


def _same_day(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«الخميس الموافق 23/7/2015», «الثلاثاء (5 شوال 1436هـ)»: the weekday names the date
    written after it."""
    out = list(chosen)
    for i in range(len(out) - 1):
        wd, date = out[i], out[i + 1]
        if (wd.rule == "weekday" and wd.value and date.value and _DAY.fullmatch(date.value)
                and _SAME_DAY_JOIN.fullmatch(vt[wd.end:date.start])):
            day = dt.date.fromisoformat(date.value)
            if day.isoweekday() == dt.date.fromisoformat(wd.value[:10]).isoweekday():
                out[i] = Candidate(wd.start, wd.end, wd.rule, day.isoformat() + wd.value[10:],
                                    wd.grain)
    return out


_SAME_DAY_JOIN = re.compile(r"\s*[،,(]?\s*(?:الموافق\s*(?:ل\s*)?)?[(]?\s*")


def _nights(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«ليل الأحد-الاثنين», «ليلة السبت إلى الأحد»: one night, named by both days."""
    out: list[Candidate] = []
    for c in chosen:
        last = out[-1] if out else None
        if (last is not None and last.rule == c.rule == "weekday" and last.value and c.value
                and last.value.endswith("TNI") and _NIGHT_JOIN.fullmatch(vt[last.end:c.start])
                and dt.date.fromisoformat(c.value[:10]).isoweekday()
                == dt.date.fromisoformat(last.value[:10]).isoweekday() % 7 + 1):
            out[-1] = Candidate(last.start, c.end, last.rule, last.value, last.grain)
            continue
        out.append(c)
    return out


_NIGHT_JOIN = re.compile(r"\s*(?:[-–/]|الي|علي|و)?\s*")


def _day_lists(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """«20 و21 مايو», «يومي الثلاثاء 22 والأربعاء 23 مايو»: a day number coordinated
    with a full date takes that date's month and year."""
    out = list(chosen)
    for c in chosen:
        if c.rule != "date" or not c.value or not _DAY.fullmatch(c.value):
            continue
        head = c
        while (m := _day_list_head().search(vt, max(0, head.start - 40), head.start)):
            day = int(m.group("d"))
            date = _valid_day(head.value or "", day)
            if date is None or date >= (head.value or ""):
                break
            wd = m.group("wd")
            named = wd and lx.weekdays().get(" ".join(wd.split())) == _weekday(date)
            head = Candidate(m.start() if named else m.start("d"), m.end("d"), "date", date, "day")
            out = [o for o in out if o.end <= head.start or o.start >= head.end] + [head]
    return sorted(out, key=lambda c: c.start)


def _valid_day(value: str, day: int) -> str | None:
    try:
        return dt.date(int(value[:4]), int(value[5:7]), day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _day_list_head() -> re.Pattern[str]:
    return re.compile(rf"(?:(?<!\w)|(?<=(?<!\w)و)|(?<=ال))(?:(?P<wd>{lx.alternation(lx.weekdays())})"
                      r"\s+)?(?<![\d/.:,\-])(?P<d>\d{1,2})\s*(?:،\s*)?و\s*(?:ال\s*-?\s*)?$")


def _anchor_clocks(vt: str, chosen: list[Candidate]) -> list[Candidate]:
    """A clock time takes the date of the nearest day expression in its sentence; a bare
    «الساعة الثامنة» beside «مساء الخميس» is 20:00."""
    out = []
    for i, c in enumerate(chosen):
        if c.rule == "clock" and c.value and c.value.startswith("T"):
            days = [d for d in chosen[max(0, i - 2):i + 3] if d is not c and d.value
                    and _DAY.match(d.value) and d.grain in ("day", "part-of-day")
                    and not re.search(r"[.!?؟\n]", vt[min(d.end, c.end):max(d.start, c.start)])]
            if days:
                near = min(days, key=lambda d: abs(d.start - c.start))
                day = near.value or ""
                hour, minute = int(c.value[1:3]), c.value[3:]
                if hour < 12 and not _has_clock_pod(vt[c.start:c.end]) and (
                        day.endswith(("TAF", "TEV")) or day.endswith("TNI") and hour >= 6):
                    hour += 12
                c = Candidate(c.start, c.end, c.rule, f"{day[:10]}T{hour:02d}{minute}", "time")
        out.append(c)
    return out


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CLOCK_POD_WORDS = re.compile(r"صباح|مساء|ظهر|عصر|ليل|فجر")


def _has_clock_pod(span: str) -> bool:
    return bool(_CLOCK_POD_WORDS.search(span))
