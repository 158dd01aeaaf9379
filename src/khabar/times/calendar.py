"""Calendar arithmetic for resolving time expressions: weekdays, months, weeks, Hijri."""

from __future__ import annotations

import datetime as dt

from hijridate import Gregorian, Hijri


def weekday_near(pub: dt.date, iso_weekday: int, *, direction: int,
                 strict: bool = False) -> dt.date:
    """The day with ``iso_weekday`` nearest ``pub`` going back (direction < 0) or forward.

    On or before / on or after ``pub``; strictly before/after when ``strict``.
    """
    delta = (pub.isoweekday() - iso_weekday) % 7
    if direction < 0:
        if strict and delta == 0:
            delta = 7
        return pub - dt.timedelta(days=delta)
    ahead = (iso_weekday - pub.isoweekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return pub + dt.timedelta(days=ahead)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_near(pub: dt.date, month: int, *, direction: int | None = None,
               strict: bool = False) -> tuple[int, int]:
    """The (year, month) of ``month`` around ``pub``.

    direction -1: the last one (strictly before pub's month when ``strict``); +1 the next
    one; None: the nearest, a future one counting double (news mostly reports the past).
    """
    here = pub.year * 12 + pub.month - 1
    candidates = [(y * 12 + month - 1, y) for y in (pub.year - 1, pub.year, pub.year + 1)]
    if direction is not None and direction < 0:
        best = max(c for c in candidates if c[0] < here or (not strict and c[0] == here))
    elif direction is not None:
        best = min(c for c in candidates if c[0] > here or (not strict and c[0] == here))
    else:
        best = min(candidates, key=lambda c: (c[0] - here) * 2 if c[0] > here else here - c[0])
    return best[1], month


def date_near(pub: dt.date, month: int, day: int, *, direction: int | None = None,
              strict: bool = False) -> dt.date | None:
    """The date ``day``/``month`` around ``pub`` (see :func:`month_near`)."""
    candidates = []
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if direction is not None and direction < 0:
        ok = [c for c in candidates if c < pub or (not strict and c == pub)]
        return max(ok) if ok else None
    if direction is not None:
        ok = [c for c in candidates if c > pub or (not strict and c == pub)]
        return min(ok) if ok else None
    return min(candidates, key=lambda c: (c - pub).days * 2 if c > pub else (pub - c).days)


def add_units(pub: dt.date, unit: str, n: int) -> tuple[str | None, str] | None:
    """(value, grain) of ``pub`` moved by ``n`` units (negative: back), at the unit's grain."""
    if unit == "D":
        return (pub + dt.timedelta(days=n)).isoformat(), "day"
    if unit == "W":
        return iso_week(pub + dt.timedelta(weeks=n)), "week"
    if unit == "M":
        y, m = shift_month(pub.year, pub.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "Y":
        return (f"{pub.year + n:04d}" if 1 <= pub.year + n <= 9999 else None), "year"
    if unit == "DE":
        return f"{(pub.year // 10 + n):03d}X", "decade"
    if unit == "C":
        return f"{(pub.year // 100 + n):02d}XX", "century"
    return None


def hijri_to_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def hijri_month_interval(year: int, month: int) -> str | None:
    """The Gregorian interval ``start/end`` of a Hijri month."""
    try:
        h = Hijri(year, month, 1)
        first = h.to_gregorian()
        last = Hijri(year, month, h.month_length()).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return f"{first.isoformat()}/{last.isoformat()}"


def hijri_year_interval(year: int) -> str | None:
    start = hijri_to_date(year, 1, 1)
    try:
        end_h = Hijri(year, 12, 1)
        end = Hijri(year, 12, end_h.month_length()).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return None if start is None else f"{start.isoformat()}/{end.isoformat()}"


def hijri_of(day: dt.date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def easter(year: int) -> dt.date:
    """Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nearest(pub: dt.date, dates: list[dt.date], direction: int | None) -> dt.date | None:
    """The date among ``dates`` that ``direction`` (-1 last, +1 next, None nearest with
    the future counting double) picks around ``pub``."""
    if direction is not None and direction < 0:
        past = [d for d in dates if d <= pub]
        return max(past) if past else None
    if direction is not None:
        ahead = [d for d in dates if d >= pub]
        return min(ahead) if ahead else None
    return min(dates, key=lambda d: (d - pub).days * 2 if d > pub else (pub - d).days,
               default=None)
