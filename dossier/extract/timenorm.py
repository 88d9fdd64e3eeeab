"""Time expressions -> TIMEX3 type and value, anchored at the publication date.

Why rules of our own: dateparser and friends parse absolute date strings well but return one
datetime, with no notion of TIMEX3 granularity (``2025-05`` for "last May", ``2025-W41`` for
"this week"), durations (``P30Y``), sets, or tense ("Tuesday" in a past-tense clause is the one
before the publication date). Each rule below is one small function; ``normalize`` tries them in
order. Policy for what cannot be resolved: relative expressions without an anchor keep TIMEX3's
placeholders (``XXXX-05``, ``XXXX-WXX-2``); text that is not a time expression gives ``None``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from dateutil.easter import easter

from dossier.extract.numwords import parse_int

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}  # fmt: skip
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
# Unit -> (TIMEX3 duration letter, multiplier, is a time unit)
UNITS = {
    "second": ("S", 1, True), "minute": ("M", 1, True), "hour": ("H", 1, True),
    "day": ("D", 1, False), "night": ("D", 1, False), "week": ("W", 1, False),
    "weekend": ("WE", 1, False), "fortnight": ("W", 2, False), "month": ("M", 1, False),
    "quarter": ("Q", 1, False), "year": ("Y", 1, False), "decade": ("Y", 10, False),
    "century": ("Y", 100, False), "millennium": ("Y", 1000, False),
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}  # fmt: skip
PRESENT = {"now", "currently", "nowadays", "at present", "the present", "present", "right now",
           "at the moment", "these days", "presently", "current"}  # fmt: skip
PAST = {"the past", "recently", "in the past", "formerly", "previously", "lately",
        "more recently", "the old days"}  # fmt: skip
FUTURE = {"the future", "in the future", "soon", "future", "shortly", "the near future"}
VAGUE_COUNT = (
    r"(?:several|a few|few|many|some|recent|the past few|the last few|the next few|"
    r"couple of|a couple of|numerous|countless)"
)

Tense = str  # "past" | "present" | "future"


@dataclass(frozen=True)
class Norm:
    type: str  # DATE | TIME | DURATION | SET
    value: str
    # Counted from the date named last rather than from the anchor: not a new reference itself.
    anaphoric: bool = field(default=False, repr=False, compare=False)


def normalize(
    text: str,
    anchor: date | None,
    tense: Tense = "past",
    *,
    dayfirst: bool = False,
    reference: str | None = None,
) -> Norm | None:
    """TIMEX3 type and value of a time expression, or None when it is not one.

    >>> d = date(2025, 10, 7)  # a Tuesday
    >>> normalize("this Tuesday", d), normalize("Last May", d).value
    (Norm(type='DATE', value='2025-10-07'), '2025-05')
    >>> normalize("March 13, 2025", d).value, normalize("days after", d).value
    ('2025-03-13', 'XXXX-XX-XX')
    >>> normalize("three decades", d), normalize("days", d).value, normalize("a year", d).value
    (Norm(type='DURATION', value='P30Y'), 'PXD', 'P1Y')
    >>> normalize("Tuesday", date(2025, 10, 8)).value, normalize("next week", d).value
    ('2025-10-07', '2025-W42')
    >>> normalize("May", None).value, normalize("this Tuesday", None).value
    ('XXXX-05', 'XXXX-WXX-2')
    >>> normalize("35 years old", d) is None, normalize("Smith", d) is None
    (True, True)
    """
    clean = _clean(text)
    if not clean or _AGE.search(clean):
        return None
    if anchor is not None:
        clean = " ".join(_RELATIVE_YEAR.sub(lambda m: _relative_year(m, anchor), clean).split())
    for candidate in dict.fromkeys((clean, _strip_modifiers(clean))):
        for rule in RULES:
            try:
                result = rule(candidate, anchor, tense, dayfirst)
            except (OverflowError, ValueError):  # "9999999 weeks ago": off the calendar
                return None
            if result is not None and re.match(r"-|\d{5}", result.value):
                return None  # a year TIMEX3 cannot write (before 0000, after 9999)
            if result is not None:
                return _from_reference(clean, result, reference) if reference else result
    return None


def _count_from(reference: str, match: re.Match[str]) -> Norm | None:
    unit = match["unit"] or match["unit2"]
    mod = match["mod"] or match["mod2"]
    step = {"next": 1, "following": 1, "after": 1, "previous": -1, "preceding": -1, "prior": -1,
            "before": -1}.get(mod.split()[-1], 0)  # fmt: skip
    try:
        if unit == "day":
            day = date.fromisoformat(reference[:10]) + timedelta(days=step)
            return Norm("DATE", day.isoformat(), anaphoric=True)
        if unit == "month":
            year, month = _shift_months(date.fromisoformat(reference[:7] + "-01"), step)
            return Norm("DATE", f"{year:04d}-{month:02d}", anaphoric=True)
        return Norm("DATE", f"{int(reference[:4]) + step:04d}", anaphoric=True)
    except ValueError:
        return None  # the reference is coarser than the expression


_REFERENCE_SHAPE = r"(\d{4})(-(?:Q\d|H\d|\d{2}(?:-\d{2})?))"
_YEARS_BEFORE = re.compile(
    r"^(?:(?P<count>a|one|two|three|four|five|\d+) years? (?:ago|earlier|before)|"
    r"(?:the )?year-(?:earlier|ago)(?: quarter| period)?)$"
)


_ANAPHORA = re.compile(
    r"^(?:(?:later|earlier) )?(?P<mod>that|that same|the same|the next|the following|"
    r"the previous|the preceding|the prior) (?P<unit>day|month|year)$|^the (?P<unit2>day|year) "
    r"(?P<mod2>before|after)$"
)


def _from_reference(text: str, norm: Norm, reference: str) -> Norm:
    """Expressions that count from the date the text named last, not from the anchor.

    >>> _from_reference("a year earlier", Norm("DATE", "1988"), "1989-Q3")
    Norm(type='DATE', value='1988-Q3')
    >>> _from_reference("a year earlier", Norm("DATE", "1988"), "1989-10-02")
    Norm(type='DATE', value='1988-10-02')
    >>> _from_reference("two days ago", Norm("DATE", "1989-10-30"), "1989-Q3")
    Norm(type='DATE', value='1989-10-30')
    >>> _from_reference("the following year", Norm("DATE", "2026"), "1995-06")
    Norm(type='DATE', value='1996')
    >>> _from_reference("the day before", Norm("DATE", "XXXX-XX-XX"), "1998-08-07")
    Norm(type='DATE', value='1998-08-06')
    """
    if match := _ANAPHORA.match(text):
        return _count_from(reference, match) or norm
    day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", reference)
    if norm.type == "TIME" and day and not _NAMES_A_DAY.search(text):
        return Norm("TIME", reference + norm.value[norm.value.index("T") :], anaphoric=True)
    match = _YEARS_BEFORE.match(text)
    # "earlier"/"before" count from the date named last; "ago" from now, unless the text is
    # about a quarter ("profit fell from a year ago": that quarter a year before).
    pattern = r"(\d{4})(-(?:Q\d|H\d))" if text.endswith("ago") else _REFERENCE_SHAPE
    shaped = re.fullmatch(pattern, reference)
    if not match or not shaped:
        return norm
    years = parse_int(match["count"] or "one") or 1
    value = f"{int(shaped[1]) - years:04d}{shaped[2]}"
    if value.endswith("-02-29"):
        value = value[:-2] + "28"
    return Norm("DATE", value, anaphoric=True)


# A clock time with one of these names its own day; without, it is on the day named last.
_NAMES_A_DAY = re.compile(
    r"\d{4}|today|tonight|yesterday|tomorrow|day|"
    + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    + "|"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
)


# "the first quarter of last year" -> "... of 2024": a year inside a longer expression.
_RELATIVE_YEAR = re.compile(r"(?<=.)\b(last|this|next) year\b|\b(last|this|next) year's (?=.)")


def _relative_year(match: re.Match[str], anchor: date) -> str:
    word = match[1] or match[2]
    year = anchor.year + {"last": -1, "next": 1}.get(word, 0)
    return f" {year}" if match[1] else f"{year} "


# --- helpers ----------------------------------------------------------------------------------

_AGE = re.compile(r"\b[\w.]+[- ](?:years?|months?|weeks?|days?)[- ]old\b|\baged? \d+\b|\bage of\b")
_LEADING = re.compile(
    r"^(?:(?:on|in|at|since|until|till|by|from|during|for|of|to|before|after|around|about|"
    r"nearly|almost|roughly|some|approximately|more than|less than|over|under|at least|"
    r"at most|up to|within|throughout|the|mid|early|late|the end of|the beginning of|"
    r"the start of|the middle of|end of|beginning of|start of|middle of|the turn of|"
    r"the first half of|the second half of|earlier|later|its|their|his|her|our)\b[\s-]*)+"
)


def _clean(text: str) -> str:
    text = text.lower().replace("’", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ([,.])", r"\1", text)  # tokens joined with spaces: "July 24 , 2003"
    text = re.sub(r"'s$", "", text).strip(" ,.;:()\"'")
    return text


def _strip_modifiers(text: str) -> str:
    """
    >>> _strip_modifiers("the end of 2024"), _strip_modifiers("mid-march")
    ('2024', 'march')
    """
    return _LEADING.sub("", text).strip()


def _year(text: str) -> int | None:
    if re.fullmatch(r"\d{4}", text):
        value = int(text)
        return value if 1000 <= value <= 2200 else None
    if re.fullmatch(r"'\d{2}", text):
        value = int(text[1:])
        return 2000 + value if value < 50 else 1900 + value
    return None


def _month_day_year(anchor: date | None, month: int, tense: Tense, modifier: str = "") -> str:
    """The year of an underspecified month, by modifier or tense."""
    if anchor is None:
        return f"XXXX-{month:02d}"
    year = anchor.year
    modifier = modifier if modifier in ("last", "next", "this") else ""
    if not modifier and tense == "present":  # the nearest one
        if month - anchor.month > 6:
            year -= 1
        elif anchor.month - month > 6:
            year += 1
        return f"{year:04d}-{month:02d}"
    backward = modifier == "last" or (not modifier and tense == "past")
    forward = modifier == "next" or (not modifier and tense == "future")
    if backward and (month > anchor.month or (modifier == "last" and month == anchor.month)):
        year -= 1
    elif forward and (month < anchor.month or (modifier == "next" and month == anchor.month)):
        year += 1
    return f"{year:04d}-{month:02d}"


def _shift_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _shifted(anchor: date, letter: str, amount: int) -> str:
    """The anchor moved by ``amount`` units, written at that unit's granularity.

    >>> d = date(2025, 10, 7)
    >>> _shifted(d, "D", -3), _shifted(d, "W", 1), _shifted(d, "M", -2), _shifted(d, "Q", -1)
    ('2025-10-04', '2025-W42', '2025-08', '2025-Q3')
    >>> _shifted(d, "Y", -1)
    '2024'
    """
    if letter == "D":
        return (anchor + timedelta(days=amount)).isoformat()
    if letter in ("W", "WE"):
        return _week(anchor + timedelta(weeks=amount))
    if letter in ("M", "Q"):
        year, month = _shift_months(anchor, amount * (3 if letter == "Q" else 1))
        return f"{year:04d}-{month:02d}" if letter == "M" else f"{year:04d}-Q{(month - 1) // 3 + 1}"
    return f"{anchor.year + amount:04d}"


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _unit(word: str) -> tuple[str, int, bool] | None:
    word = word.rstrip("s") if word not in ("centuries", "millennia") else word
    word = {"centurie": "century", "centuries": "century", "millennia": "millennium"}.get(
        word, word
    )
    return UNITS.get(word)


def _duration(count: float | None, unit: tuple[str, int, bool]) -> str:
    letter, mult, is_time = unit
    if letter == "WE":
        letter = "D"
        mult = 2
    prefix = "PT" if is_time else "P"
    if count is None:
        return f"{prefix}X{letter}"
    amount = count * mult
    if amount != int(amount):
        if letter == "Y":
            return f"{prefix}{int(amount * 12)}M"
        return f"{prefix}{amount:g}{letter}"
    return f"{prefix}{int(amount)}{letter}"


def _counted(
    match: re.Match[str] | None,
) -> tuple[float, tuple[str, int, bool], re.Match[str]] | None:
    """The count and unit a pattern with ``count`` and ``unit`` groups found, if both parse."""
    if match is None:
        return None
    count, unit = _count(match["count"]), _unit(match["unit"])
    return None if count is None or unit is None else (count, unit, match)


def _count(text: str) -> float | None:
    """
    >>> _count("three"), _count("half a"), _count("1.5"), _count("twenty-four")
    (3, 0.5, 1.5, 24)
    """
    text = text.strip()
    if text in ("half a", "half an", "a half"):
        return 0.5
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    if m := re.fullmatch(r"(\d+) 1/2", text):
        return int(m[1]) + 0.5
    return parse_int(text.removesuffix(" more"))


# --- rules ------------------------------------------------------------------------------------

Rule = Callable[[str, "date | None", Tense, bool], "Norm | None"]


def _refs(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    if text in PRESENT:
        return Norm("DATE", "PRESENT_REF")
    if text in PAST:
        return Norm("DATE", "PAST_REF")
    if text in FUTURE:
        return Norm("DATE", "FUTURE_REF")
    return None


_DEICTIC = re.compile(
    r"^(today|tonight|yesterday|tomorrow|the day|that day|the same day|that same day|"
    r"this (morning|afternoon|evening)|last night|"
    r"(yesterday|tomorrow|today) (morning|afternoon|evening|night))$"
)


def _deictic(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    match = _DEICTIC.match(text)
    if not match:
        return None
    words = text.split()
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(words[0], 0)
    if words[-1] == "day":  # the day reported: the anchor, or the date named last
        words = []
    day = anchor + timedelta(days=offset) if anchor else None
    value = day.isoformat() if day else "XXXX-XX-XX"
    part = "NI" if text in ("tonight", "last night") else None
    if len(words) > 1 and words[1] in PARTS_OF_DAY:
        part = PARTS_OF_DAY[words[1]]
    return Norm("TIME", f"{value}T{part}") if part else Norm("DATE", value)


_NUMERIC = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$|^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")


def _numeric_date(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    match = _NUMERIC.match(_strip_modifiers(text))
    if not match:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return Norm("DATE", f"{m[1]}-{m[2]}") if 1 <= int(m[2]) <= 12 else None
        return None
    if match[1]:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        a, b, year = int(match[4]), int(match[5]), int(match[6])
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
        month, day = (b, a) if (dayfirst and b <= 12) or a > 12 else (a, b)
    try:
        return Norm("DATE", date(year, month, day).isoformat())
    except ValueError:
        return None


_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'\d{2})"
_CALENDAR = [
    re.compile(rf"^(?:{_WEEKDAY},? )?{_MONTH} {_DAY}(?:,? {_YEAR})?$"),
    re.compile(rf"^(?:{_WEEKDAY},? )?(?:the )?{_DAY} (?:of )?{_MONTH},? ?{_YEAR}?$"),
    re.compile(
        rf"^(?P<mod>last|next|this|early|late|mid|the end of)?[ -]?{_MONTH},? (?:of )?{_YEAR}$"
    ),
    re.compile(rf"^(?P<mod>last|next|this|early|late|mid|the end of|since|in)?[ -]?{_MONTH}$"),
]


def _calendar(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    text = re.sub(r"^(?:early|late|mid|the end of|the beginning of|the middle of)[ -]", "", text)
    for pattern in _CALENDAR:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        month = MONTHS[groups["month"]]
        year = _year(groups["year"]) if groups.get("year") else None
        if groups.get("year") and year is None:
            return None
        day = int(groups["day"]) if groups.get("day") else None
        if day is not None and not 1 <= day <= 31:
            return None
        if year is None:
            base = _month_day_year(anchor, month, tense, groups.get("mod") or "")
            if day is None:
                return Norm("DATE", base)
            return Norm("DATE", f"{base}-{day:02d}")
        if day is None:
            return Norm("DATE", f"{year:04d}-{month:02d}")
        try:
            return Norm("DATE", date(year, month, day).isoformat())
        except ValueError:
            return None
    return None


def _weekday(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    match = re.fullmatch(
        rf"(?P<mod>this|last|next|past|on|coming|this past|this coming)? ?{_WEEKDAY}"
        r"(?: (?P<part>morning|afternoon|evening|night))?",
        text,
    )
    if not match:
        return None
    weekday = WEEKDAYS[match["weekday"]]
    mod = match["mod"] or ""
    if anchor is None:
        value = f"XXXX-WXX-{weekday}"
    else:
        delta = weekday - anchor.isoweekday()
        if mod in ("last", "past", "this past"):
            delta = delta - 7 if delta >= 0 else delta
        elif mod in ("next", "coming", "this coming"):
            delta = delta + 7 if delta <= 0 else delta
        elif tense == "future":
            delta = delta + 7 if delta < 0 else delta
        else:
            delta = delta - 7 if delta > 0 else delta
        value = (anchor + timedelta(days=delta)).isoformat()
    if match["part"]:
        return Norm("TIME", f"{value}T{PARTS_OF_DAY[match['part']]}")
    return Norm("DATE", value)


def _years(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    core = _strip_modifiers(text).removeprefix("the year ").removeprefix("year ")
    if spelled := _spelled_year(core):
        return Norm("DATE", f"{spelled:04d}")
    if year := _year(core):
        return Norm("DATE", f"{year:04d}")
    if m := re.fullmatch(r"(?:fiscal|fy|financial year|fiscal year) ?(\d{4}|'?\d{2})", core):
        year = _year(m[1]) or _year("'" + m[1][-2:])
        return Norm("DATE", f"{year:04d}") if year else None  # as TimeBank annotates it
    if m := re.fullmatch(r"(\d{4})s", core):
        return Norm("DATE", m[1][:3])
    if m := re.fullmatch(r"'?(\d)0s", core):
        return Norm("DATE", f"19{m[1]}")
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th) century", core):
        return Norm("DATE", f"{int(m[1]) - 1:02d}")
    if m := re.fullmatch(r"(\w+) century", core):
        ordinal = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}
        if m[1] in ordinal:
            return Norm("DATE", f"{ordinal[m[1]] - 1:02d}")
    return None


def _spelled_year(text: str) -> int | None:
    """A year in words.

    >>> _spelled_year("nineteen ninety-six"), _spelled_year("two thousand"), _spelled_year("nine")
    (1996, 2000, None)
    """
    words = text.split()
    if len(words) == 2 and words[0] in ("nineteen", "eighteen", "twenty"):
        century, rest = parse_int(words[0]), parse_int(words[1])
        if century and rest is not None and rest < 100:
            return century * 100 + rest
    value = parse_int(text) if "thousand" in text else None
    return value if value and 1000 <= value <= 2200 else None


_QUARTER = re.compile(
    r"^(?:(?P<year0>\d{4}) )?(?:the )?"
    r"(?:(?P<adj>fiscal|latest|current|recent|most recent|just-ended|just-completed) )?"
    r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|past|previous)?[ -]?"
    r"(?:fiscal )?(?P<unit>quarter|half)(?: of)?(?: (?:the )?(?:fiscal )?(?:year )?"
    r"(?P<year>\d{4}))?$"
    r"|^q(?P<q>[1-4]) ?(?P<year2>\d{4})?$"
)


def _quarters(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    """Quarters and halves; without a year, the latest one of that number (earnings news).

    "the quarter" and "the latest quarter" are the last completed quarter, as reported.
    """
    match = _QUARTER.match(text)
    if not match:
        return None
    year = match["year"] or match["year2"] or match["year0"]
    if match["q"]:
        return Norm("DATE", f"{year or (anchor.year if anchor else 'XXXX')}-Q{match['q']}")
    if match["unit"] == "half":
        number = min(ORDINALS.get(match["ord"] or "", 1), 2)
        return Norm("DATE", f"{year or (anchor.year if anchor else 'XXXX')}-H{number}")
    if anchor is None:
        number = ORDINALS.get(match["ord"] or "")
        return Norm("DATE", f"{year or 'XXXX'}-Q{number or 'X'}")
    current = _quarter(anchor)
    if match["ord"] in ORDINALS and (year or match["ord"] not in ("last", "final")):
        number = ORDINALS[match["ord"]]
        shift = 0
        if not year and number > current:
            shift = -1  # reported results: the latest quarter of that number
        return Norm("DATE", f"{int(year or anchor.year) + shift:04d}-Q{number}")
    if year:
        return None
    current_one = match["adj"] == "current" or (tense == "future" and not match["ord"])
    back = 0 if current_one else -1
    y, m = _shift_months(anchor, 3 * back)
    return Norm("DATE", f"{y:04d}-Q{(m - 1) // 3 + 1}")


def _seasons(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    season_words = "|".join(SEASONS)
    match = re.fullmatch(
        rf"(?P<mod>this|last|next|early|late|mid|the)?[ -]?(?P<season>{season_words})"
        rf"(?: of)?(?: (?P<year>\d{{4}}))?",
        text,
    )
    if not match:
        return None
    season = SEASONS[match["season"]]
    if match["year"]:
        return Norm("DATE", f"{match['year']}-{season}")
    if anchor is None:
        return Norm("DATE", f"XXXX-{season}")
    shift = {"last": -1, "next": 1}.get(match["mod"] or "", 0)
    return Norm("DATE", f"{anchor.year + shift:04d}-{season}")


_RELATIVE = re.compile(
    r"^(?:(?P<when>earlier|later) )?(?P<mod>this|last|next|past|previous|coming|following|"
    r"current|the past|the previous|the coming|the following|the current|the last|the next|"
    r"the same|the|that|year-earlier|year-ago|the year-earlier|the year-ago) "
    r"(?P<unit>week|weekend|month|year|quarter|decade|century|period)$"
)
# "the past decade", "the last year": a span of time reaching the anchor, not a calendar unit.
_SPAN_MODS = {"the past", "the last", "the next", "the coming", "past"}


def _relative(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    if text in _YEAR_BEFORE:
        return Norm("DATE", f"{anchor.year - 1:04d}" if anchor else "XXXX")
    match = _RELATIVE.match(text)
    if not match:
        return None
    unit = match["unit"]
    if match["mod"] in _SPAN_MODS and unit in ("decade", "century"):
        return Norm("DURATION", _duration(1, UNITS[unit]))
    mod = match["mod"].removeprefix("the ")
    if mod in ("year-earlier", "year-ago"):
        if unit == "quarter" and anchor is not None:
            year, month = _shift_months(anchor, -15)  # the last quarter, a year before
            return Norm("DATE", f"{year:04d}-Q{(month - 1) // 3 + 1}")
        mod, unit = "last", "year"
    if unit == "period":
        return None
    if unit == "weekend" and mod in ("", "the", "this") and anchor is not None:
        saturday = anchor - timedelta(days=(anchor.isoweekday() - 6) % 7)
        if tense == "future":
            saturday += timedelta(days=7) if saturday < anchor - timedelta(days=1) else timedelta()
        return Norm("DATE", _week(saturday) + "-WE")
    shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(
        mod, 0
    )
    if anchor is None:
        return Norm(
            "DATE",
            {"week": "XXXX-WXX", "month": "XXXX-XX", "weekend": "XXXX-WXX-WE"}.get(unit, "XXXX"),
        )
    if unit == "decade":
        return Norm("DATE", f"{(anchor.year // 10 + shift):03d}")
    if unit == "century":
        return Norm("DATE", f"{(anchor.year // 100 + shift):02d}")
    value = _shifted(anchor, UNITS[unit][0], shift)
    return Norm("DATE", value + ("-WE" if unit == "weekend" else ""))


_NUMBER = r"(?P<count>\d+(?: 1/2|\.\d+)?|(?:[a-z]+[- ]?){1,3}?|half an?|a half)"
_UNIT_WORDS = (
    r"(?P<unit>seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|"
    r"months?|quarters?|years?|decades?|century|centuries|millenni(?:um|a))"
)
_AGO = re.compile(
    rf"^{_NUMBER} {_UNIT_WORDS} (?P<dir>ago|earlier|before|later|after|from now|since)$"
)
_VAGUE_AGO = re.compile(
    rf"^(?:{VAGUE_COUNT} )?{_UNIT_WORDS} (?P<dir>ago|earlier|before|later|after|from now)$"
)


def _ago(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    text = re.sub(r"^(?:about|some|nearly|almost|more than|less than|over|just|only) ", "", text)
    if match := _VAGUE_AGO.match(text):
        if match["dir"] == "ago":
            return Norm("DATE", "PAST_REF")
        if match["dir"] == "from now":
            return Norm("DATE", "FUTURE_REF")
        return Norm("DATE", "XXXX-XX-XX")  # "days after" what? Another event: unresolved
    counted = _counted(_AGO.match(text))
    if counted is None:
        return None
    count, unit, match = counted
    if match["dir"] in ("after", "before"):
        # "three years after its launch": counted from an event, not from the publication
        # date; TimeML annotates the duration.
        return Norm("DURATION", _duration(count, unit))
    sign = -1 if match["dir"] in ("ago", "earlier", "since") else 1
    if anchor is None:
        return Norm("DATE", "XXXX-XX-XX")
    letter, mult, is_time = unit
    if is_time:
        return Norm("DATE", anchor.isoformat())
    return Norm("DATE", _shifted(anchor, letter, int(count * mult) * sign))


_SET = re.compile(
    r"^(?:every|each|per|once an?|twice an?|three times an?) (?:(?P<count>other|two|three|\d+) )?"
    rf"(?:{_WEEKDAY}|(?P<unit>second|minute|hour|day|night|week|weekend|month|quarter|year|"
    r"decade))s?$"
)
_YEAR_BEFORE = {"year-earlier", "year-ago", "a year earlier", "a year ago", "the year-earlier",
                "the year-ago"}  # fmt: skip
_SET_ADVERBS = {
    "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
    "yearly": "P1Y", "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H", "biweekly": "P2W",
    "every day": "P1D", "per day": "P1D",
}  # fmt: skip


def _sets(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    if text in _SET_ADVERBS:
        return Norm("SET", _SET_ADVERBS[text])
    match = _SET.match(text)
    if not match:
        return None
    if match["weekday"]:
        return Norm("SET", f"XXXX-WXX-{WEEKDAYS[match['weekday']]}")
    count = {"other": 2}.get(match["count"] or "") or _count(match["count"] or "one")
    unit = _unit(match["unit"])
    return Norm("SET", _duration(count, unit)) if unit else None


_DURATION = re.compile(
    rf"^(?:(?:the )?(?:past|last|next|first|coming|previous|following|final|recent|entire|"
    rf"whole|full|better part of|latter|ensuing) )?(?:the )?{_NUMBER}[ -]{_UNIT_WORDS}"
    r"(?:[ -]long|[ -]old)?(?: and a half)?$"
)
_VAGUE_DURATION = re.compile(
    rf"^(?:(?:the )?(?:past|last|next|coming|previous|following|recent) )?(?:{VAGUE_COUNT} )?"
    rf"{_UNIT_WORDS}$"
)


def _durations(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    core = re.sub(
        r"^(?:for|about|some|nearly|almost|roughly|approximately|around|more than|less than|"
        r"over|under|at least|at most|up to|within|just|only|another|an additional|"
        r"an extra|the) ",
        "",
        text,
    )
    core = re.sub(r"^(?:for|about|some|nearly|almost|more than|less than|over|the) ", "", core)
    if match := _VAGUE_DURATION.match(core):
        unit_word = match["unit"]
        if not unit_word.endswith("s") and unit_word not in ("centuries", "millennia"):
            return None  # "week" alone is not a vague duration ("the week" is a date)
        unit = _unit(unit_word)
        return Norm("DURATION", _duration(None, unit)) if unit else None
    counted = _counted(_DURATION.match(core))
    if counted is None:
        return None
    count, unit, _ = counted
    if core.endswith("and a half"):
        count += 0.5
    return Norm("DURATION", _duration(count, unit))


_CLOCK = re.compile(
    r"^(?:(?P<date>.+?),? )?(?:at )?(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?(?: (?P<zone>[a-z]{2,4}|local time))?(?:,? (?P<date2>.+))?$"
)


def _clock(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    if m := re.fullmatch(r"(noon|midday|midnight),? (.+)", text):
        day = normalize(m[2], anchor, tense, dayfirst=dayfirst)
        if day is not None and day.type == "DATE" and day.value[:1].isdigit():
            return Norm("TIME", f"{day.value}T{'24:00' if m[1] == 'midnight' else '12:00'}")
    if text in ("noon", "midday"):
        return Norm("TIME", f"{anchor.isoformat() if anchor else 'XXXX-XX-XX'}T12:00")
    if text == "midnight":
        return Norm("TIME", f"{anchor.isoformat() if anchor else 'XXXX-XX-XX'}T24:00")
    text = re.sub(r"^([0-2]\d)([0-5]\d) (utc|gmt)\b", r"\1:\2 \3", text)  # "0800 UTC"
    match = _CLOCK.match(text)
    if not match or not (match["m"] or match["ampm"]):
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"] and match["ampm"].startswith("p") and hour < 12:
        hour += 12
    if match["ampm"] and match["ampm"].startswith("a") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    day = anchor.isoformat() if anchor else "XXXX-XX-XX"
    date_text = match["date"] or match["date2"]
    if date_text:
        inner = normalize(date_text, anchor, tense, dayfirst=dayfirst)
        if inner is None or inner.type != "DATE":
            return None
        day = inner.value
    zone = "Z" if match["zone"] in ("utc", "gmt", "z") else ""
    return Norm("TIME", f"{day}T{hour:02d}:{minute:02d}{zone}")


@lru_cache(maxsize=1)
def _holiday_table() -> dict[str, dict[str, int]]:
    text = resources.files("dossier.resources").joinpath("holidays.json").read_text("utf-8")
    return json.loads(text)


def _holiday_date(rule: dict[str, int], year: int) -> date:
    """The day a holiday falls on in ``year``.

    >>> _holiday_date({"month": 11, "weekday": 4, "nth": 4}, 2025)  # Thanksgiving
    datetime.date(2025, 11, 27)
    >>> _holiday_date({"easter": -2}, 2025)  # Good Friday
    datetime.date(2025, 4, 18)
    >>> _holiday_date({"month": 5, "weekday": 1, "nth": -1}, 2025)  # Memorial Day
    datetime.date(2025, 5, 26)
    """
    if "easter" in rule:
        return easter(year) + timedelta(days=rule["easter"])
    if "day" in rule:
        return date(year, rule["month"], rule["day"])
    first = date(year, rule["month"], 1 + rule.get("after_day", 0))
    if rule["nth"] > 0:
        offset = (rule["weekday"] - first.isoweekday()) % 7 + 7 * (rule["nth"] - 1)
        return first + timedelta(days=offset)
    last = _shift_months(first, 1)
    day = date(last[0], last[1], 1) - timedelta(days=1)
    return day - timedelta(days=(day.isoweekday() - rule["weekday"]) % 7)


def _holidays(text: str, anchor: date | None, tense: Tense, dayfirst: bool) -> Norm | None:
    match = re.fullmatch(r"(?:(?P<mod>last|next|this) )?(?P<name>.+?)(?:,? (?P<year>\d{4}))?", text)
    rule = _holiday_table().get(match["name"]) if match else None
    if rule is None:
        return None
    if match["year"]:
        return Norm("DATE", _holiday_date(rule, int(match["year"])).isoformat())
    if anchor is None:
        return Norm("DATE", "XXXX-XX-XX")
    day = _holiday_date(rule, anchor.year)
    backward = match["mod"] == "last" or (not match["mod"] and tense == "past")
    forward = match["mod"] == "next" or (not match["mod"] and tense == "future")
    if backward and day > anchor:
        day = _holiday_date(rule, anchor.year - 1)
    elif forward and day < anchor:
        day = _holiday_date(rule, anchor.year + 1)
    return Norm("DATE", day.isoformat())


RULES: list[Rule] = [
    _refs,
    _holidays,
    _deictic,
    _numeric_date,
    _calendar,
    _weekday,
    _years,
    _quarters,
    _seasons,
    _relative,
    _ago,
    _sets,
    _durations,
    _clock,
]
