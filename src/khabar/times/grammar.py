"""The grammar of Arabic time expressions: regular expressions over the normalised view.

Each rule is a named pattern built from the lexicons in ``resources/times``; the text it
matches is the group ``t`` (proclitics و ف ب ل ك are left outside the span, as in the
gold annotations: «وأمس» → «أمس», «للعام 2014» → «عام 2014»). Patterns are compiled
once, on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from khabar.text.clitics import PROCLITIC_LETTERS
from khabar.times import lexicon as lx

#: Rules in order of preference when two matches cover the same characters.
RULES = (
    "range", "date", "dmy", "ymd", "hijri", "hyear", "clock", "weekend", "half", "weekday",
    "holiday", "deictic", "dayofmonth", "season", "monthyear", "period", "vague", "relplural",
    "duration", "decade", "century", "years", "year", "sameyear", "sameday",
)

#: A start is not inside a word nor right after «Su-», «10:», «1,» or «12/» (model numbers,
#: clock times, thousands, fractions); «التاريخ:15 سبتمبر» may start after its colon.
_START = r"(?<!\w)(?<![0-9A-Za-z_][\-/.,:+])(?<![\-/.,:+]{2})(?:[وف]?(?:لل|[بلك])?)??"
_END = r"(?!\w)"

_EDGE = "مطلع|بدايه|اوايل|منتصف|اواسط|اواخر|نهايه|اخر|مستهل|ختام|اوسط|موفي"
_APPROX = ("نحو|حوالي|قرابه|زهاء|ما\\s+يقارب|ما\\s+يقرب\\s+من|اكثر\\s+من|اقل\\s+من|"
           "ما\\s+لا\\s+يقل\\s+عن|ازيد\\s+من|ما\\s+يزيد\\s+عن|ما\\s+يزيد\\s+علي|"
           "اكثر\\s+قليلا\\s+من")
_LEAD = ("قبل|بعد\\s+مرور|بعد|منذ|لمده|مده|خلال|طوال|طيله|علي\\s+مدي|علي\\s+مدار|"
         "في\\s+غضون|لفتره")
_FULL = "كامل|كامله|كاملين|كاملتين|متتاليه|متواصله|متتاليين|متواصلين"
_PLMOD = ("الماضيه|المقبله|القادمه|الاخيره|الماضيين|المقبلين|القادمين|الاخيرين|الماضيتين|"
          "المقبلتين|الفائته|المنصرمه|السابقه|الماضي|المقبل|القادم|الاخير|الفائت")
#: a part of day after an hour word («في الثامنة صباحا»); «مساء» only when it does not
#: begin «مساء الأحد», «مساء اليوم»
_CLOCK_POD_ADV = r"صباحا|ظهرا|عصرا|ليلا|فجرا|مساءا|مساء(?!\s+(?:ال|يوم|امس|غد))|بعد\s+الظهر"
_HOUR_AFTER = "|".join(rf"(?<={w} )" for w in "في حتي عند منذ بعد قبل نحو حوالي".split())
#: «أقل من عام», «منذ عام»: a lone unit needs a lead or an approximation before it
_NEEDS_LEAD = "(?(lead)|(?(approx)|(?!)))"
_SAME = (r"\s+(?P<same>(?:من\s+)?(?:العام|السنه)\s+(?:نفسه|نفسها|ذاته|ذاتها)|من\s+(?:نفس|ذات)"
         r"\s+(?:العام|السنه)|من\s+(?:ذلك\s+العام|تلك\s+السنه))")
_CLOCK_POD = "صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا|بعد\\s+الظهر|بعد\\s+الظهيره"


def _alt(words: Iterable[str]) -> str:
    return lx.alternation(words)


@lru_cache(maxsize=1)
def fragments() -> dict[str, str]:
    """Named regex fragments built from the lexicons."""
    ords = lx.ordinals()
    units_ord = [w for w, v in ords.items() if 1 <= v <= 9]
    tens_ord = [w for w, v in ords.items() if v in (20, 30)]
    compound_ord = [f"{u} و{t}" for u in units_ord for t in tens_ord]
    cards = lx.cardinals()
    units_card = [w for w, v in cards.items() if 1 <= v <= 9]
    tens_card = [w for w, v in cards.items() if 20 <= v <= 90 and v % 10 == 0]
    compound_card = [f"{u} و{t}" for u in units_card for t in tens_card]
    units = lx.units()
    sing = [w for w, u in units.items() if u.count == 1 and not u.needs_number]
    dual = [w for w, u in units.items() if u.count == 2]
    def_plural = ["ال" + w for w, u in units.items() if u.count in (0, 2)]
    mon = _alt(lx.months())
    hijri = _alt(lx.hijri_months())
    return {
        "MON": mon,
        "MONX": rf"(?:{mon})(?:(?:\s*[/\\(\-–]\s*|\s+)(?:{mon})(?:\s*\))?)?",
        "HMON": hijri,
        "WD": _alt(lx.weekdays()),
        "POD": _alt(lx.parts_of_day()),
        "MOD": _alt(lx.relative()),
        "PERIOD": _alt(lx.periods()),
        "ORD": _alt([*ords, *compound_ord]),
        "CARD": _alt([*cards, *compound_card]),
        "UNIT": _alt(units),
        "SING": _alt(sing),
        "DUAL": _alt(dual),
        "DEFPL": _alt(def_plural),
        "DEICTIC": _alt(lx.deictic()),
        "DEC": _alt(lx.decades()),
        "SEASON": _alt(lx.seasons()),
        "HOLIDAY": _alt(lx.holidays()),
        "PLURAL": _alt(w for w, u in units.items() if u.count == 0 and not w.endswith("ا")),
        "CLOCKORD": _alt(w for w, v in ords.items() if v <= 12 and (w.endswith("ه") or v == 1)),
    }


def _rule_sources() -> dict[str, str]:
    f = fragments()
    year_tail = (r"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?(?P<year>\d{4})"
                 r"(?:\s*م(?!\w)|\s+(?:ميلاديه|ميلادي|للميلاد))?)")
    num = rf"(?:\d{{1,4}}|(?:ال)?(?:{f['CARD']}))"
    day = rf"(?:\d{{1,2}}|(?:{f['ORD']}))"
    hijri_era = r"\s*(?:ه|هجريه|هجري|للهجره)(?!\w)"
    return {
        "range": rf"(?:من|بين)\s+(?P<d1>\d{{1,2}})\s*(?:الي|حتي|و|-|–)\s*(?P<d2>\d{{1,2}})\s+"
                 rf"(?:من\s+)?(?:شهر\s+)?(?P<mon>{f['MONX']}){year_tail}?",
        "date": rf"(?:(?:(?P<pod>{f['POD']})\s+)?(?:(?:يوم|اليوم)\s+)?(?P<wd>{f['WD']})\s*[،,]?\s*"
                rf"|يوم\s+)?(?P<day>{day})\s*(?:من\s+)?"
                rf"(?:شهر\s+)?(?P<mon>{f['MONX']})(?:{year_tail}|{_SAME})?"
                rf"(?:\s+(?P<mod>{f['MOD']}))?",
        "dmy": r"(?P<day>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*"
               rf"(?P<year>\d{{4}})(?:(?P<hera>{hijri_era})|\s*م(?!\w))?",
        "ymd": r"(?P<year>\d{4})(?P<sep>[/\-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
        "hijri": rf"(?:(?P<day>{day})\s+(?:من\s+)?)?(?P<shahr>شهر\s+)?(?P<hmon>{f['HMON']})"
                 rf"(?:\s*[،,]?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?(?P<hyear>\d{{3,4}})"
                 rf"(?:{hijri_era}|(?<=1[34]\d\d)(?!\d))|\s+(?P<mod>{f['MOD']}))?",
        "hyear": rf"(?:(?:عام|العام|سنه)\s+)?(?P<hyear>\d{{3,4}}){hijri_era}",
        "clock": rf"(?:الساعه\s+(?:(?P<hh>\d{{1,2}})(?:[:.](?P<mm>\d{{2}}))?|(?P<hword>"
                 rf"{f['CLOCKORD']}))(?:\s+(?P<frac>والنصف|والربع|الا\s+ربعا|الا\s+ربع|"
                 rf"الا\s+الربع|الا\s+ثلثا|والثلث))?|(?P<hh2>\d{{1,2}}):(?P<mm2>\d{{2}})|"
                 rf"(?P<hh3>\d{{1,2}})(?=\s+(?:{_CLOCK_POD}))|"
                 rf"(?:{_HOUR_AFTER})(?P<hword2>{f['CLOCKORD']})"
                 rf"(?=\s+(?:{_CLOCK_POD_ADV}))|(?:{_HOUR_AFTER})(?P<hword3>{f['CLOCKORD']})"
                 rf"(?=\s+(?:{f['POD']})\s+(?:(?:يوم\s+)?(?:{f['WD']})|اليوم|امس|غد)))"
                 rf"(?:\s+(?P<pod>{_CLOCK_POD}|من\s+صباح|من\s+مساء|(?:{f['POD']})))?"
                 r"(?:\s+(?:بالتوقيت\s+المحلي|بتوقيت\s+\w+(?:\s+\w+)?|ت\s*غ|gmt|GMT))?",
        "weekend": rf"(?:عطله\s+)?نهايه\s+(?:ال)?اسبوع(?:\s+(?P<mod>{f['MOD']}))?",
        "half": rf"(?P<part>النصف|الربع|الثلث)\s+(?P<ord>الاول|الثاني|الثالث|الرابع|الاخير)\s+"
                rf"(?:من\s+)?(?:(?:عام|العام|سنه)\s+)?(?:(?P<year>\d{{4}})|(?:العام|السنه)\s+"
                rf"(?P<mod>{f['MOD']})|هذا\s+العام|هذه\s+السنه|(?:العام|السنه)(?!\s+\w))",
        "weekday": rf"(?:(?P<pod>{f['POD']})\s+)?(?:(?P<yawm>يوم\s+امس|يوم\s+غد|يوم|اليوم|امس|"
                   rf"البارحه|غدا|غد)\s*(?P<paren>\()?\s*)?(?P<wd>{f['WD']})(?(paren)\s*\))"
                   rf"(?:\s+(?P<mod>{f['MOD']}))?",
        "deictic": rf"(?:(?P<dpod>{f['POD']})\s+)?(?P<deictic>{f['DEICTIC']})",
        "holiday": rf"(?P<hol>{f['HOLIDAY']})(?:\s+(?P<mod>{f['MOD']})|\s+"
                   r"(?:(?:لعام|عام|العام)\s+)?"
                   r"(?P<year>\d{4}))?",
        "dayofmonth": rf"(?:يوم\s+)?(?P<day>{day})\s+(?:من\s+)?(?:(?:الشهر|شهر)\s+)?"
                      r"(?P<mod>الجاري|الحالي|المقبل|القادم|الماضي|المنصرم|الفائت)",
        "season": rf"(?:(?P<thisp>هذا)\s+|فصل\s+)?(?P<season>{f['SEASON']})"
                  r"(?:\s+(?:من\s+)?(?:(?:عام|العام|سنه)\s+)?"
                  rf"(?P<year>\d{{4}})|\s+(?:(?:من\s+)?(?:العام|السنه)\s+)?(?P<mod>{f['MOD']})"
                  r"|\s+(?P<this>هذا\s+العام|الجاري|الحالي))?",
        "vague": rf"(?:(?P<lead>{_LEAD})\s+)?(?:(?:عده|بضع|بضعه)\s+(?P<unit>{f['PLURAL']})"
                 rf"(?:\s+(?:{_PLMOD}))?|(?P<unit2>{f['PLURAL']})\s+(?:قليله|عديده|طويله|معدوده)"
                 rf"|(?<=قبل\s)(?P<unit3>{f['PLURAL']})(?!\s+(?:من|علي)\s))",
        "monthyear": rf"(?:(?P<edge>{_EDGE})\s+)?(?P<shahr>شهر\s+)?(?P<mon>{f['MONX']})"
                     rf"(?:{year_tail}|\s+(?:من\s+)?(?:(?:العام|السنه)\s+(?P<relmod>{f['MOD']})"
                     rf"|(?P<this>هذا\s+العام|هذه\s+السنه))|\s+(?P<mod>{f['MOD']})|{_SAME})?",
        "period": rf"(?:(?P<edge>{_EDGE})\s+)?(?:(?P<unit>{f['PERIOD']})\s+(?:الميلادي\s+)?"
                  rf"(?P<mod>{f['MOD']})"
                  rf"|(?:هذا|هذه)\s+(?P<this>{f['PERIOD']}))|(?P<edge2>{_EDGE})\s+"
                  r"(?P<bare>العام|السنه|الشهر|الاسبوع)(?!\s+(?:ال|\d))",
        "relplural": rf"(?:(?P<lead>{_LEAD})\s+)?(?:(?P<punit>{f['DEFPL']})(?:\s+(?P<num>(?:ال)?"
                     rf"(?:{f['CARD']})|ال\s*-?\s*\d{{1,3}}))?"
                     r"(?:\s+(?P<few>القليله|القليلين))?|ال\s*-?\s*"
                     rf"(?P<dnum>\d{{1,3}})\s+(?P<dunit>{f['UNIT']}))\s+(?P<mod>{_PLMOD})",
        "duration": rf"(?:(?P<lead>{_LEAD})\s+)?(?:(?P<approx>{_APPROX})\s+)?"
                    rf"(?:(?P<num>{num})\s+(?P<unit>{f['UNIT']})|(?P<dual>{f['DUAL']})|"
                    rf"(?P<frac>نصف|ربع)\s+(?P<funit>{f['SING']})|(?P<sing>"
                    rf"{f['SING']}|عقد)(?=\s+(?:{_FULL}|واحد|واحده|من\s+الزمن|و\s*نصف|و\s*النصف)))"
                    r"(?:\s+(?P<half>و\s*نصف|و\s*النصف))?"
                    rf"(?:\s+(?P<full>{_FULL}|واحد|واحده))?(?:\s+(?P<zaman>من\s+الزمن))?"
                    rf"(?:\s+(?P<fromnow>من\s+الان|مضت|مضي|خلت))?"
                    r"(?:(?=\s+(?P<since>علي|من)\s))?",
        "lead1": rf"(?:(?P<lead>{_LEAD})\s+)?(?:(?P<approx>{_APPROX})\s+)?"
                 rf"{_NEEDS_LEAD}(?P<sing>{f['SING']})(?:\s+(?P<half>و\s*نصف|و\s*النصف))?"
                 rf"(?:\s+(?P<full>{_FULL}|واحد|واحده))?(?:\s+(?P<fromnow>من\s+الان|مضت|مضي))?",
        "decade": rf"(?:(?:{_EDGE}|عقد|حقبه)\s+)?(?P<al>ال)?(?P<dec>{f['DEC']})(?:يات|ات)"
                  rf"(?:\s+(?:من\s+)?(?P<cent>القرن\s+(?:{f['MOD']}|{f['ORD']})))?",
        "century": rf"القرن\s+(?:الميلادي\s+)?(?:(?P<ord>{f['ORD']})|"
                   r"(?:ال\s*-?\s*)?(?P<num>\d{1,2})|"
                   rf"(?P<mod>{f['MOD']}))"
                   r"(?:\s+(?P<era>الميلادي|الهجري|للميلاد|قبل\s+الميلاد))?",
        "years": r"(?:(?:عام|العام|عامي|سنه|السنه|سنتي|موسم|الموسم)\s+)?(?P<y1>\d{4})\s*"
                 r"(?P<sep>[-–/])\s*(?P<y2>\d{4}|\d{2}(?!\d))",
        "sameday": r"(?:اليوم|(?P<n1>الليله))\s+(?:نفسه|نفسها|ذاته|ذاتها|عينه|عينها)|"
                   r"(?:نفس|ذات)\s+(?:اليوم|(?P<n2>الليله))|ذلك\s+اليوم|تلك\s+(?P<n3>الليله)",
        "sameyear": r"(?P<same>(?:العام|السنه)\s+(?:نفسه|نفسها|ذاته|ذاتها)|(?:نفس|ذات)\s+"
                    r"(?:العام|السنه)|ذلك\s+العام|تلك\s+السنه)",
        "year": rf"(?:(?:{_EDGE})\s+(?=(?:عام|العام|سنه|السنه)\s))?"
                r"(?:(?P<cue>عام|العام|عامي|سنه|السنه|سنتي)\s+)?(?P<year>\d{4})"
                r"(?:\s*م(?!\w)|\s+(?:ميلاديه|ميلادي|للميلاد))?",
    }


@lru_cache(maxsize=1)
def patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(rule name, compiled pattern) pairs; each pattern's group ``t`` is the span."""
    out = []
    for name, source in _rule_sources().items():
        start = _START
        if name in ("dmy", "ymd", "year", "years", "hyear", "clock", "duration", "range",
                    "date", "dayofmonth"):
            # digits glued to a word («في1988», «و2005») also start an expression
            start = rf"(?:{_START}|(?<=[\u0600-\u06ff])(?=\d))"
        out.append((name, re.compile(rf"{start}(?P<t>{source}){_END}")))
    return tuple(out)


_FIRST_LITERALS = (
    "قبل بعد منذ لمده مده خلال طوال طيله لفتره علي في من بين نحو حوالي قرابه زهاء ما اكثر "
    "اقل ازيد مطلع بدايه اوايل منتصف اواسط اواخر نهايه اخر مستهل ختام اوسط موفي شهر يوم اليوم "
    "امس البارحه غدا غد هذا هذه عطله النصف الربع الثلث القرن عقد حقبه الساعه فصل عده بضع "
    "بضعه عام العام عامي سنه السنه سنتي ال نصف ربع موسم الموسم نفس ذات ذلك تلك")


@lru_cache(maxsize=1)
def first_words() -> frozenset[str]:
    """Every word (without proclitics) a time expression can begin with: the rules are
    tried only at such words and at digits."""
    words = set(_FIRST_LITERALS.split())
    tables: list[Iterable[str]] = [lx.months(), lx.hijri_months(), lx.weekdays(), lx.parts_of_day(),
                                   lx.deictic(), lx.units(), lx.periods(), lx.holidays(),
                                   lx.seasons(), lx.ordinals(), lx.cardinals()]
    for table in tables:
        words.update(key.split()[0] for key in table)
    words |= {"ال" + w.split()[0] for w in (*lx.units(), *lx.cardinals())}
    words |= {pre + stem + suf for stem in lx.decades() for pre in ("", "ال")
              for suf in ("ات", "يات")}
    return frozenset(words)


_WORD = re.compile(r"\w+")
_CLITICS = re.compile(r"^[وف]?(?:لل|[بلك])?")


def starts(text: str) -> list[int]:
    """Positions in ``text`` where a time expression may start."""
    first = first_words()
    out = []
    for m in _WORD.finditer(text):
        word, pos = m.group(), m.start()
        if word[0].isdigit():
            out.append(pos)
            continue
        if word in first or (word[0] in PROCLITIC_LETTERS and any(
                word[i:] in first for i in range(1, _clitic_width(word) + 1))):
            out.append(pos)
        digit = _DIGIT.search(word)
        if digit is not None:  # «و2005», «في1988»: from the word and from the digits
            if not out or out[-1] != pos:
                out.append(pos)
            out.append(pos + digit.start())
    return out


def _clitic_width(word: str) -> int:
    """How many proclitic letters («و», «ف», «ب», «ل», «ك», «لل») ``word`` may begin with."""
    m = _CLITICS.match(word)
    return m.end() if m else 0
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def gate() -> re.Pattern[str]:
    """One pattern matching wherever any rule may match (a superset, without groups):
    the rules are then tried only at the positions it finds."""
    sources = []
    for source in _rule_sources().values():
        source = re.sub(r"\(\?P<\w+>", "(?:", source)
        source = re.sub(r"\(\?P=\w+\)", r"[/.\\-]", source)
        source = source.replace(r"(?(paren)\s*\))", r"(?:\s*\))?")
        source = source.replace(_NEEDS_LEAD, "")
        sources.append(source)
    start = rf"(?:{_START}|(?<=[\u0600-\u06ff])(?=\d))"
    return re.compile(rf"{start}(?:{'|'.join(sources)})")


def rank(rule: str) -> int:
    """Preference of a rule among matches of equal length (lower is preferred)."""
    base = rule if rule != "lead1" else "duration"
    return RULES.index(base) if base in RULES else len(RULES)


__all__ = ["RULES", "first_words", "fragments", "gate", "patterns", "rank", "starts"]
