"""The Hijri calendar and holidays: «رمضان 1445هـ», «25 شوال 1436 هـ», «عام 1436هـ»,
«عيد الفطر», «عيد الفصح المقبل» (conversion through ``hijridate``, see calendar.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from khabar.times import calendar as cal
from khabar.times import lexicon as lx
from khabar.times.resolve import Context, Groups, Result, _day_value, _first_word, _mod, _valid


def resolve_holiday(g: Groups, ctx: Context) -> Result | None:
    """«عيد الفطر», «عيد الفصح المقبل», «عيد الأضحى 2023»: the day the holiday falls on."""
    entry = lx.holidays().get(" ".join((g["hol"] or "").split()))
    if entry is None:
        return None
    if g.get("year"):
        dates = _holiday_dates(entry, int(g["year"] or 0))
        return (dates[0].isoformat() if dates else None), "day"
    pub = ctx.published
    if pub is None:
        return None, "day"
    dates = [d for y in (pub.year - 1, pub.year, pub.year + 1) for d in _holiday_dates(entry, y)]
    mod = _mod(g.get("mod"))
    date = cal.nearest(pub, dates, mod if mod else (1 if ctx.future else None))
    return (date.isoformat() if date else None), "day"


def _holiday_dates(entry: tuple[str, int, int], year: int) -> list[dt.date]:
    kind, month, day = entry
    if kind == "easter":
        return [cal.easter(year)]
    if kind == "gregorian":
        date = _valid(year, month, day)
        return [date] if date else []
    found = []
    for hijri_year in {h[0] for d in (dt.date(year, 1, 1), dt.date(year, 12, 31))
                       if (h := cal.hijri_of(d))}:
        date = cal.hijri_to_date(hijri_year, month, day)
        if date and date.year == year:
            found.append(date)
    return sorted(found)


def resolve_hijri(g: Groups, ctx: Context) -> Result | None:
    month = _first_word(g["hmon"] or "", lx.hijri_months())
    if month is None or not (g.get("day") or g.get("shahr") or g.get("hyear") or g.get("mod")):
        return None
    day = _day_value(g.get("day") or "") if g.get("day") else None
    if g.get("hyear"):
        year: int | None = int(g["hyear"] or 0)
    elif ctx.published is not None and (today := cal.hijri_of(ctx.published)):
        here = today[0] * 12 + today[1]
        years = [today[0] - 1, today[0], today[0] + 1]
        mod = _mod(g.get("mod"))
        if mod:
            years = [y for y in years if (y * 12 + month - here) * mod > 0]
            year = min(years, key=lambda y: abs(y * 12 + month - here))
        else:
            year = min(years, key=lambda y: abs(y * 12 + month - here) * (
                2 if y * 12 + month > here and not ctx.future else 1))
    else:
        year = None
    if year is None:
        return None, "day" if day else "month"
    if day:
        date = cal.hijri_to_date(year, month, day)
        return (date.isoformat() if date else None), "day"
    return cal.hijri_month_interval(year, month), "month"


def resolve_hyear(g: Groups, ctx: Context) -> Result | None:
    return cal.hijri_year_interval(int(g["hyear"] or 0)), "year"


RESOLVERS: dict[str, Callable[[Groups, Context], Result | None]] = {
    "holiday": resolve_holiday, "hijri": resolve_hijri, "hyear": resolve_hyear,
}
