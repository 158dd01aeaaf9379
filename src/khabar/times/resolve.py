"""Resolving a matched time expression to an ISO 8601 / EDTF value and a grain.

Each ``resolve_<rule>`` takes the groups of a grammar match (normalised text) and a
:class:`Context` and returns ``(value, grain)``; ``value`` is None when the expression
cannot be resolved (a relative expression without a publication date) — never a guess.
A rule returns None when the match turns out not to be a time expression at all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from khabar.times import calendar as cal
from khabar.times import lexicon as lx

Groups = dict[str, str | None]
Result = tuple[str | None, str]

_GRAINS = {"D": "day", "W": "week", "M": "month", "Y": "year", "DE": "decade", "C": "century"}
_TOMORROW = frozenset({"غدا", "غد", "يوم غد"})
#: words before an ambiguous month name («مارس», «آب», «ماي») that make it a month
_MONTH_PREPS = frozenset({"في", "منذ", "خلال", "حتي", "بحلول", "طوال", "طيله", "اعتبارا"})
_PARTS = {"النصف": ("H", 2), "الربع": ("Q", 4), "الثلث": ("T", 3)}


@dataclass(frozen=True, slots=True)
class Context:
    """What resolution needs besides the match: the publication date and whether the
    clause around the expression points to the future."""

    published: dt.date | None
    future: bool = False
    #: the last year written in digits before the expression («… من العام نفسه»)
    anchor_year: int | None = None
    #: the word before the expression (normalised, without و/ف)
    before: str = ""
    #: a past-tense verb next to a bare month or day-and-month («أعيد … في يونيو»)
    past: bool = False


def _first_word(words: str, table: dict[str, int]) -> int | None:
    """The table value of the first lexicon word in ``words`` (for dual «سبتمبر/أيلول»)."""
    found = _finder(tuple(table)).search(words)
    return None if found is None else table[" ".join(found.group().split())]


@lru_cache(maxsize=4)
def _finder(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + lx.alternation(words) + r")(?!\w)")


def _month(words: str) -> int | None:
    return _first_word(words, lx.months())


def month_of(words: str) -> int | None:
    """The number of the first Gregorian month named in ``words`` (normalised text)."""
    return _month(words)


def _mod(word: str | None) -> int | None:
    return None if word is None else lx.relative().get(" ".join(word.split()))


def _pod(word: str | None) -> str | None:
    return None if word is None else lx.parts_of_day().get(" ".join(word.split()))


def _day_value(day: str) -> int | None:
    value = lx.number_value(day)
    return value if value is not None and 1 <= value <= 31 else None


def _unit(word: str) -> lx.Unit | None:
    word = " ".join(word.split())
    return lx.units().get(word) or lx.units().get(word.removeprefix("ال"))


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(g: Groups, ctx: Context) -> Result | None:
    """«15 سبتمبر 2023», «الخميس 14 سبتمبر», «صباح اليوم الثلاثاء 30 ماي 2017»."""
    found = _resolve_date(g, ctx)
    pod = _pod(g.get("pod"))
    if found is None or not pod or found[0] is None:
        return found
    return f"{found[0]}T{pod}", "part-of-day"


def _resolve_date(g: Groups, ctx: Context) -> Result | None:
    month, day = _month(g["mon"] or ""), _day_value(g["day"] or "")
    if month is None or day is None:
        return None
    if g.get("same") and ctx.anchor_year is None:
        return None, "day"
    if g.get("year") or g.get("same"):
        date = _valid(int(g.get("year") or ctx.anchor_year or 0), month, day)
        return (date.isoformat() if date else None), "day"
    pub = ctx.published
    if pub is None:
        return None, "day"
    mod = _mod(g.get("mod"))
    if mod == 0:
        date = _valid(pub.year, month, day)
    elif mod is not None:
        date = cal.date_near(pub, month, day, direction=mod, strict=True)
    elif g.get("wd"):
        date = _weekday_date(pub, month, day, lx.weekdays()[" ".join((g["wd"] or "").split())])
    else:
        date = cal.date_near(pub, month, day, direction=_direction(ctx))
    return (date.isoformat() if date else None), "day"


def _weekday_date(pub: dt.date, month: int, day: int, weekday: int) -> dt.date | None:
    """The year in which ``day``/``month`` falls on ``weekday``, nearest to ``pub``."""
    dates = [d for y in (pub.year, pub.year - 1, pub.year + 1)
             if (d := _valid(y, month, day)) is not None and d.isoweekday() == weekday]
    return dates[0] if dates else cal.date_near(pub, month, day)


def resolve_range(g: Groups, ctx: Context) -> Result | None:
    first = resolve_date({**g, "day": g["d1"], "mod": None, "wd": None}, ctx)
    last = resolve_date({**g, "day": g["d2"], "mod": None, "wd": None}, ctx)
    if first is None or last is None:
        return None
    if first[0] is None or last[0] is None:
        return None, "day"
    return f"{first[0]}/{last[0]}", "day"


def resolve_dmy(g: Groups, ctx: Context) -> Result | None:
    day, month, year = int(g["day"] or 0), int(g["month"] or 0), int(g["year"] or 0)
    if month > 12 and day <= 12:
        day, month = month, day
    if g.get("hera"):  # «25/10/1436هـ»
        hijri = cal.hijri_to_date(year, month, day)
        return (hijri.isoformat() if hijri else None), "day"
    date = _valid(year, month, day)
    if date is None or not 1000 <= year <= 2200:
        return None
    return date.isoformat(), "day"


resolve_ymd = resolve_dmy


def resolve_monthyear(g: Groups, ctx: Context) -> Result | None:
    words = g["mon"] or ""
    month = _month(words)
    if month is None:
        return None
    dual = re.search(r"[/\\(\-–]", words) is not None
    single = " ".join(words.split())
    if single in lx.ambiguous_months() and not (
            dual or g.get("shahr") or g.get("year") or g.get("relmod") or g.get("this")
            or g.get("mod") or g.get("edge") or g.get("same") or ctx.before in _MONTH_PREPS):
        return None
    if g.get("same"):  # «ديسمبر من العام نفسه»: the year last written before
        if ctx.anchor_year is None:
            return None, "month"
        return f"{ctx.anchor_year:04d}-{month:02d}", "month"
    if g.get("year"):
        return f"{int(g['year'] or 0):04d}-{month:02d}", "month"
    pub = ctx.published
    if pub is None:
        return None, "month"
    if g.get("relmod"):
        return f"{pub.year + (_mod(g['relmod']) or 0):04d}-{month:02d}", "month"
    if g.get("this"):
        return f"{pub.year:04d}-{month:02d}", "month"
    mod = _mod(g.get("mod"))
    if mod == 0:
        year, month = pub.year, month
    elif mod is not None:
        year, month = cal.month_near(pub, month, direction=mod, strict=True)
    elif ctx.before == "منذ":  # «منذ مارس»: a month that has come
        year, month = cal.month_near(pub, month, direction=-1)
    else:
        year, month = cal.month_near(pub, month, direction=_direction(ctx))
    return f"{year:04d}-{month:02d}", "month"


def _direction(ctx: Context) -> int | None:
    return 1 if ctx.future else -1 if ctx.past else None


def resolve_weekday(g: Groups, ctx: Context) -> Result | None:
    weekday = lx.weekdays().get(" ".join((g["wd"] or "").split()))
    if weekday is None:
        return None
    pod = _pod(g.get("pod"))
    grain = "part-of-day" if pod else "day"
    pub = ctx.published
    if pub is None:
        return None, grain
    mod = _mod(g.get("mod"))
    if mod is not None and mod != 0:
        date = cal.weekday_near(pub, weekday, direction=mod, strict=True)
        date += dt.timedelta(weeks=mod - (1 if mod > 0 else -1))  # «الأحد قبل الماضي»
    else:
        # «اليوم الخميس», «أمس الجمعة» name a day that has come; «غدا السبت» one to come
        said = " ".join((g.get("yawm") or "").split())
        ahead = said in _TOMORROW or (said in ("", "يوم") and ctx.future)
        date = cal.weekday_near(pub, weekday, direction=1 if ahead else -1)
    return date.isoformat() + (f"T{pod}" if pod else ""), grain


def resolve_deictic(g: Groups, ctx: Context) -> Result | None:
    entry = lx.deictic().get(" ".join((g["deictic"] or "").split()))
    if entry is None:
        return None
    days, pod = entry
    if g.get("dpod"):
        if pod:  # «مساء الليلة»: one part of day is enough
            return None
        pod = _pod(g["dpod"])
    grain = "part-of-day" if pod else "day"
    if ctx.published is None:
        return None, grain
    date = ctx.published + dt.timedelta(days=days)
    return date.isoformat() + (f"T{pod}" if pod else ""), grain


def resolve_dayofmonth(g: Groups, ctx: Context) -> Result | None:
    """«15 الجاري», «الخامس من الشهر المقبل»: a day of the current, next or last month."""
    day = _day_value(g["day"] or "")
    offset = _mod(g.get("mod"))
    if day is None or offset is None:
        return None
    if ctx.published is None:
        return None, "day"
    year, month = cal.shift_month(ctx.published.year, ctx.published.month, offset)
    date = _valid(year, month, day)
    return (date.isoformat() if date else None), "day"


def resolve_season(g: Groups, ctx: Context) -> Result | None:
    code = lx.seasons().get(g["season"] or "")
    if code is None or not (g.get("year") or g.get("mod") or g.get("this") or g.get("thisp")):
        return None  # a bare «الربيع» may be «الربيع العربي»
    if g.get("year"):
        return f"{int(g['year'] or 0):04d}-{code}", "season"
    pub = ctx.published
    if pub is None:
        return None, "season"
    offset = 0 if g.get("this") or g.get("thisp") else _mod(g.get("mod")) or 0
    # winter spans New Year: in January–February «الشتاء الماضي» is the one before
    year = pub.year - 1 if code == "WI" and pub.month <= 2 else pub.year
    return f"{year + offset:04d}-{code}", "season"


def resolve_years(g: Groups, ctx: Context) -> Result | None:
    """«2017-2018», «موسم 2018/2019»: a span of years (an EDTF interval)."""
    first, last_text = int(g["y1"] or 0), g["y2"] or ""
    last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
    if not (1000 <= first < last <= 2200 and last - first <= 200):
        return None
    return f"{first:04d}/{last:04d}", "year"


def resolve_period(g: Groups, ctx: Context) -> Result | None:
    word = g.get("unit") or g.get("this") or g.get("bare") or ""
    unit = lx.periods().get(" ".join(word.split()))
    if unit is None:
        return None
    offset = 0 if g.get("this") or g.get("bare") else _mod(g.get("mod"))
    grain = {"W": "week", "M": "month", "Y": "year", "DE": "decade", "C": "century"}[unit]
    if ctx.published is None or offset is None:
        return None, grain
    moved = cal.add_units(ctx.published, unit, offset)
    return moved if moved else (None, grain)


def resolve_weekend(g: Groups, ctx: Context) -> Result | None:
    if ctx.published is None:
        return None, "week"
    offset = _mod(g.get("mod")) or 0
    return cal.iso_week(ctx.published + dt.timedelta(weeks=offset)) + "-WE", "week"


def resolve_half(g: Groups, ctx: Context) -> Result | None:
    code, count = _PARTS[g["part"] or ""]
    index = count if g["ord"] == "الاخير" else lx.number_value(g["ord"] or "") or 1
    if index > count:
        return None
    if g.get("year"):
        year: int | None = int(g["year"] or 0)
    elif ctx.published is None:
        year = None
    else:
        year = ctx.published.year + (_mod(g.get("mod")) or 0)
    grain = "month"
    return (None if year is None else f"{year:04d}-{code}{index}"), grain


def resolve_sameyear(g: Groups, ctx: Context) -> Result | None:
    """«في العام نفسه», «ذلك العام»: the year last written before (never a guess)."""
    return (None if ctx.anchor_year is None else f"{ctx.anchor_year:04d}"), "year"


def resolve_sameday(g: Groups, ctx: Context) -> Result | None:
    """«في اليوم نفسه», «ذلك اليوم», «تلك الليلة»: the day named before; its value is
    given by :func:`khabar.times.passes.apply` from the expression before (never a guess)."""
    night = g.get("n1") or g.get("n2") or g.get("n3")
    return None, "part-of-day" if night else "day"


def resolve_year(g: Groups, ctx: Context) -> Result | None:
    year = int(g["year"] or 0)
    if not 1000 <= year <= 2200:
        return None
    return f"{year:04d}", "year"


def resolve_decade(g: Groups, ctx: Context) -> Result | None:
    tens = lx.decades().get(g["dec"] or "")
    if tens is None or not (g.get("al") or g.get("cent")):
        return None
    century = 19
    cent = g.get("cent")
    if cent:
        c = resolve_century({"ord": cent.split(None, 1)[1], "num": None, "mod": None}, ctx)
        rel = _mod(cent.split(None, 1)[1])
        if rel is not None:
            if ctx.published is None:
                return None, "decade"
            century = ctx.published.year // 100 + rel
        elif c and c[0]:
            century = int(c[0][:2])
    return f"{century:02d}{tens}X", "decade"


def resolve_century(g: Groups, ctx: Context) -> Result | None:
    if g.get("era") and "قبل" in (g.get("era") or ""):
        return None, "century"
    if g.get("mod"):
        if ctx.published is None:
            return None, "century"
        return cal.add_units(ctx.published, "C", _mod(g["mod"]) or 0)
    n = lx.number_value(g.get("ord") or g.get("num") or "")
    if n is None or not 1 <= n <= 30:
        return None
    return f"{n - 1:02d}XX", "century"


def resolve_clock(g: Groups, ctx: Context) -> Result | None:
    hh_text = g.get("hh") or g.get("hh2") or g.get("hh3")
    hour = int(hh_text) if hh_text else lx.number_value(
        g.get("hword") or g.get("hword2") or g.get("hword3") or "")
    minute = int(g.get("mm") or g.get("mm2") or 0)
    frac = " ".join((g.get("frac") or "").split())
    if frac:
        minute = {"والنصف": 30, "والربع": 15, "والثلث": 20}.get(frac, 0)
        if frac.startswith("الا"):
            minute = 40 if "ثلث" in frac else 45
            hour = (hour or 0) - 1
    if hour is None or not 0 <= hour <= 24 or minute > 59:
        return None
    pod = " ".join((g.get("pod") or "").split())
    code = _pod(pod) or {"صباحا": "MO", "مساء": "EV", "مساءا": "EV", "ظهرا": "MI",
                         "عصرا": "AF", "ليلا": "NI", "فجرا": "MO"}.get(pod)
    if "بعد" in pod:
        code = "AF"
    if code in ("AF", "EV") and hour < 12 or code == "NI" and 6 <= hour < 12:
        hour += 12
    if code == "MI" and hour < 6:
        hour += 12
    return f"T{hour % 24:02d}:{minute:02d}", "time"


RESOLVERS: dict[str, Callable[[Groups, Context], Result | None]] = {
    name.removeprefix("resolve_"): fn for name, fn in globals().items()
    if name.startswith("resolve_") and callable(fn)
}
