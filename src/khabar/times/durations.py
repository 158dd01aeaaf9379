"""Durations and offsets: «لمدة عامين» → P2Y, «قبل 3 سنوات» → 2020, «بعد نحو شهرين من
الآن» → 2023-11, «السنوات الخمس الماضية» → P5Y, «أكثر من نصف قرن» → P50Y; vague periods
(«قبل أيام», «عدة سنوات») keep a null value."""

from __future__ import annotations

from collections.abc import Callable

from khabar.times import calendar as cal
from khabar.times import lexicon as lx
from khabar.times.resolve import _GRAINS, Context, Groups, Result, _unit

_DUR_CODES = {"D": "D", "W": "W", "M": "M", "Y": "Y"}
_TIME_CODES = {"H": "H", "MIN": "M", "S": "S"}
_HALF_STEP = {"Y": ("M", 12, 6), "M": ("D", 30, 15), "W": ("D", 7, 3)}
_HALVES: dict[str, Callable[[int], str]] = {
    "Y": lambda n: f"P{n}Y6M", "M": lambda n: f"P{n}M15D", "D": lambda n: f"P{n}DT12H",
    "H": lambda n: f"PT{n}H30M", "MIN": lambda n: f"PT{n}M30S",
    "DE": lambda n: f"P{n * 10 + 5}Y", "C": lambda n: f"P{n * 100 + 50}Y",
}


def resolve_vague(g: Groups, ctx: Context) -> Result | None:
    """«قبل أيام», «عدة سنوات», «ساعات قليلة»: a span with no exact value."""
    if g.get("unit3") and " ".join((g.get("lead") or "").split()) != "قبل":
        return None
    unit = _unit(g.get("unit") or g.get("unit2") or g.get("unit3") or "")
    if unit is None:
        return None
    if " ".join((g.get("lead") or "").split()) == "قبل":
        return None, _GRAINS.get(unit.code, "time")
    return None, "duration"


def resolve_duration(g: Groups, ctx: Context) -> Result | None:
    count, unit = _count_unit(g)
    if unit is None:
        return None
    lead = " ".join((g.get("lead") or "").split())
    point = lead == "قبل" or (g.get("fromnow") or "") in ("مضت", "مضي", "خلت")
    ahead = lead.startswith("بعد") and (bool(g.get("fromnow")) or (
        ctx.future and not g.get("since")))
    if (point or ahead) and count is not None:
        if unit.code not in ("D", "W", "M", "Y", "DE", "C"):
            return None, "time"
        if ctx.published is None:
            return None, _GRAINS[unit.code]
        code, n = unit.code, count
        if g.get("half") and code in _HALF_STEP:  # «قبل عام ونصف»: 18 months back
            code, per, extra = _HALF_STEP[code]
            n = count * per + extra
        return cal.add_units(ctx.published, code, -n if point else n)
    if count is None:
        return None, "duration"
    return _duration_value(count, unit.code, bool(g.get("half"))), "duration"


resolve_lead1 = resolve_duration


def _count_unit(g: Groups) -> tuple[int | None, lx.Unit | None]:
    if g.get("dual"):
        return 2, _unit(g["dual"] or "")
    if g.get("sing"):
        return 1, _unit(g["sing"] or "")
    if g.get("frac"):
        unit = _unit(g["funit"] or "")
        return (None, unit) if unit is None else _fraction(g["frac"] or "", unit)
    unit = _unit(g.get("unit") or g.get("punit") or g.get("dunit") or "")
    if unit is None:
        return None, None
    number = g.get("num") or g.get("dnum")
    if number:
        return lx.number_value(number), unit
    return (2 if unit.count == 2 else None), unit


def _fraction(frac: str, unit: lx.Unit) -> tuple[int | None, lx.Unit | None]:
    """«نصف قرن» → 50 years, «نصف ساعة» → 30 minutes, «ربع قرن» → 25 years."""
    share = 2 if frac == "نصف" else 4
    sizes = {"C": (100, "Y"), "DE": (10, "Y"), "Y": (12, "M"), "M": (30, "D"),
             "H": (60, "MIN"), "D": (24, "H"), "W": (7, "D")}
    if unit.code not in sizes:
        return None, unit
    size, smaller = sizes[unit.code]
    if size % share:
        return None, unit
    return size // share, lx.Unit(smaller, 0)


def _duration_value(count: int, code: str, half: bool = False) -> str | None:
    """ISO 8601 duration of ``count`` units (and a half: «عامين ونصف» → P2Y6M)."""
    if half:
        return _HALVES[code](count) if code in _HALVES else None
    if code == "DE":
        return f"P{count * 10}Y"
    if code == "C":
        return f"P{count * 100}Y"
    if code in _DUR_CODES:
        return f"P{count}{_DUR_CODES[code]}"
    if code in _TIME_CODES:
        return f"PT{count}{_TIME_CODES[code]}"
    return None


def resolve_relplural(g: Groups, ctx: Context) -> Result | None:
    count, unit = _count_unit(g)
    if unit is None:
        return None
    return (None if count is None else _duration_value(count, unit.code)), "duration"


RESOLVERS: dict[str, Callable[[Groups, Context], Result | None]] = {
    "duration": resolve_duration, "lead1": resolve_lead1, "relplural": resolve_relplural,
    "vague": resolve_vague,
}
