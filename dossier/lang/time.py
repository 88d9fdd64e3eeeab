"""Time expressions (TIMEX3) for languages other than English, resolved against publication.

Spans come from the language's ``time.json`` (``dossier/resources/lang/<code>/``): word lists
(months, weekdays, number words, units, relative days, modifiers) and pattern templates whose
``{PLACEHOLDERS}`` expand to those lists as named groups. Each template has a ``kind`` that says
how its groups become a TIMEX3 value (:func:`normalise`). Everything runs on ``doc.text`` alone,
so bases without lemmas or a parse (German, Ukrainian) work the same.

Relative expressions are resolved against ``doc.user_data["dossier.published"]``. Where the
direction is open (a bare weekday), the sentence's future cues (``future_cues`` regexes, e.g.
Spanish ``-rá`` verbs, German ``wird``) choose the next occurrence, else the last one. dateparser
only normalises numeric dates that the templates found (``15.1.2019``), never finds spans: its
false hits (German "die", Spanish "a las", lone numbers) cannot fire.

Three readings look past the expression itself: a time of day that names no day takes the full
date written right after it or named before it in its sentence ("El 1 de junio a las 16:15");
"el mismo mes del año anterior" is the period named before it in its sentence, a year back; a
bare "la jornada" or "el día" is the last day the text named (within a week of publication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from spacy.tokens import Doc

from dossier.lang.data import lang_json
from dossier.model import stable_id

# Placeholder -> (list name in time.json, group name).
LISTS = {
    "MONTH": "months",
    "WEEKDAY": "weekdays",
    "NUM": "numbers",
    "UNIT": "units",
    "RELDAY": "days",
    "LAST": "last",
    "NEXT": "next",
    "THIS": "this",
    "REF": "refs",
    "SET": "sets",
    "ORD": "ordinals",
    "DET": "determiners",
    "PART": "parts_of_day",
    "RECENT": "recent",
    "HALF": "half",
    "SEASON": "seasons",
    "DAYW": "day_words",
    "ANAPHORIC": "anaphoric",  # "anterior": relative to the last year named, not to publication
    "DECADE": "decades",  # "noventa": the decade a word names, its century's digits left out
}
FIXED = {
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])",
    "YEAR": r"(?:1[5-9]\d\d|20\d\d)",
    "DIGITS": r"\d{1,3}(?:[.,]\d)?",
    "HH": r"(?:[01]?\d|2[0-3])",
    "MM": r"[0-5]\d",
    "MON": r"(?:1[0-2]|0?[1-9])",
    "YY": r"\d\d",
}
UNIT_SIZE = {"DE": ("Y", 10), "CE": ("Y", 100), "Q": ("M", 3)}
TIME_UNITS = {"H", "MIN", "S"}
RECENT_SPANS = {"Y", "DE", "CE"}  # "the last year/decade" is a duration, "the last week" a date
_PLACEHOLDER = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True)
class Grammar:
    """A language's compiled templates and the word lists to look values up in."""

    lang: str
    patterns: list[tuple[re.Pattern[str], str, str]]  # (regex, kind, type)
    lists: dict[str, list[tuple[re.Pattern[str], Any]]]
    future: list[re.Pattern[str]]
    past: list[re.Pattern[str]]


def _alternation(entries: dict[str, Any]) -> str:
    return "|".join(sorted(entries, key=len, reverse=True))


def _expand(source: str, lists: dict[str, dict[str, Any]]) -> str:
    """A template with each ``{PLACEHOLDER}`` replaced by its alternation as a named group
    (``{DET}`` is not captured; a placeholder used twice is named ``name__2``)."""
    used: dict[str, int] = {}

    def expand(m: re.Match[str]) -> str:
        key = m.group(1)
        body = FIXED.get(key) or _alternation(lists.get(LISTS.get(key, ""), {})) or "(?!)"
        if key == "DET":
            return f"(?:{body})"
        used[key] = used.get(key, 0) + 1
        name = key.lower() + (f"__{used[key]}" if used[key] > 1 else "")
        return f"(?P<{name}>{body})"

    return _PLACEHOLDER.sub(expand, source)


@cache
def grammar(lang: str) -> Grammar | None:
    """The compiled ``time.json`` of ``lang`` (None when the language has none)."""
    data = lang_json(lang, "time.json")
    if not data:
        return None
    lists = {name: data.get(name, {}) for name in LISTS.values()}
    flags = re.IGNORECASE | re.UNICODE
    compiled = []
    for template in data["patterns"]:
        regex = r"(?<![\w])" + _expand(template["pattern"], lists) + r"(?![\w])"
        compiled.append((re.compile(regex, flags), template["kind"], template.get("type", "DATE")))
    values = {
        name: [(re.compile(f"(?:{k})", flags), v) for k, v in entries.items()]
        for name, entries in lists.items()
    }
    future = [re.compile(p, flags) for p in data.get("future_cues", [])]
    past = [re.compile(p, flags) for p in data.get("past_cues", [])]
    return Grammar(lang, compiled, values, future, past)


def lookup(g: Grammar, name: str, text: str | None) -> Any:
    """The value of the word list ``name``'s entry that ``text`` is (None when none is).
    Units of a plural form carry a ``+`` (``"Y+"``) only through :func:`unit_of`."""
    value = _lookup(g, name, text)
    if name == "units" and isinstance(value, str):
        return value.rstrip("+")
    return value


def unit_of(g: Grammar, text: str | None) -> str | None:
    """The unit letter of ``text``, with ``+`` when the form is plural."""
    return _lookup(g, "units", text)


def _lookup(g: Grammar, name: str, text: str | None) -> Any:
    if text is None:
        return None
    text = " ".join(text.split())
    for pattern, value in g.lists.get(name, []):
        if pattern.fullmatch(text):
            return value
    return None


def _anchor(doc: Doc) -> date | None:
    value = doc.user_data.get("dossier.published")
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def find_timexes(doc: Doc, lang: str | None = None) -> list[dict[str, Any]]:
    """The time expressions of ``doc`` as Timex-shaped dicts (``dossier.model.Timex``), in
    text order. ``lang`` defaults to ``doc.user_data["dossier.language"]`` where set
    (Portuguese runs on the Spanish model, whose docs say "es"), else ``doc.lang_``."""
    code = lang or doc.user_data.get("dossier.language") or doc.lang_ or ""
    lang = code.split("-")[0].lower()
    g = grammar(lang)
    if g is None:
        return []
    doc_id = doc.user_data.get("dossier.document_id") or ""
    anchor = _anchor(doc)
    out = []
    for start, end, value, kind in tag_text(doc.text, lang, anchor):
        out.append(
            {
                "id": stable_id("tmx", doc_id, start, end),
                "start": start,
                "end": end,
                "text": doc.text[start:end],
                "type": kind,
                "value": value,
            }
        )
    return out


def tag_text(text: str, lang: str, anchor: date | None) -> list[tuple[int, int, str, str]]:
    """``(start, end, value, type)`` of each time expression in ``text`` (no spaCy needed)."""
    g = grammar(lang)
    if g is None:
        return []
    candidates = []
    for order, (pattern, kind, ttype) in enumerate(g.patterns):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), m.end(), order, m, kind, ttype))
    # Longest first, then the earlier template; no overlaps.
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    found = []
    floating: set[int] = set()  # times of day that name no day of their own
    same: dict[int, int] = {}  # "el mismo mes del año anterior": start -> years moved
    that_day: set[int] = set()  # "cerró la jornada", "a finales del día": the day spoken of
    for start, end, _, m, kind, ttype in candidates:
        if any(start < b and a < end for a, b in taken):
            continue
        if kind == "block":  # "a los 56 años": an age, not a time expression; it claims its span
            taken.append((start, end))
            continue
        groups = {k.split("__")[0]: v for k, v in m.groupdict().items() if v is not None}
        future = _future(g, text, start, end)
        value = normalise(g, kind, groups, anchor, future, m.group(0))
        if kind == "relunit" and value is not None:
            value = _anaphoric_year(g, groups, text[:start], value)
        if value is None:
            continue
        taken.append((start, end))
        if kind == "time" and not {"month", "relday"} & groups.keys():
            floating.add(start)
        if "same" in groups and unit_of(g, groups.get("unit")) == "Y":
            same[start] = _shift(g, groups)
        bare = not {"this", "last", "next", "recent"} & groups.keys()
        if kind == "relunit" and bare and unit_of(g, groups.get("unit")) == "D":
            that_day.add(start)
        found.append((start, end, value, "SET" if kind == "set" else _type(kind, ttype, value)))
    found = _days_for_times(text, sorted(found), floating)
    return _same_periods(text, _day_spoken_of(found, that_day, anchor), same)


DAY_SPOKEN_OF = 7  # days from publication within which a date named before is "the day"
_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)|\n")
_CALENDAR = re.compile(r"(\d{4})(-(?:\d\d(?:-\d\d)?|Q[1-4]|H[12]|W\d\d))?")


def _day_spoken_of(
    found: list[tuple[int, int, str, str]], that_day: set[int], anchor: date | None
) -> list[tuple[int, int, str, str]]:
    """ "El martes, el Dow Jones ... y terminó la jornada en 9.505": a bare "la jornada" or
    "el día" is the last day the text named before it (within a week of publication), not
    necessarily the publication day."""
    if anchor is None:
        return found
    out = list(found)
    for i, (start, end, value, kind) in enumerate(out):
        if start not in that_day:
            continue
        for prev in reversed(out[:i]):
            if prev[3] != "DATE" or not _FULL_DAY.fullmatch(prev[2]):
                continue
            try:
                day = date.fromisoformat(prev[2])
            except ValueError:
                continue
            if abs((day - anchor).days) <= DAY_SPOKEN_OF:
                out[i] = (start, end, prev[2] + value[10:], kind)
            break
    return out


def _same_periods(
    text: str, found: list[tuple[int, int, str, str]], same: dict[int, int]
) -> list[tuple[int, int, str, str]]:
    """ "en febrero, comparadas con el mismo período del año anterior": the period named last
    before it in its sentence, moved by the years the expression says (2010-02 -> 2009-02);
    its own value (the year) when no such period is named."""
    out = list(found)
    for i, (start, end, _, kind) in enumerate(out):
        if start not in same or not same[start]:
            continue
        for prev in reversed(out[:i]):
            if _SENTENCE_END.search(text, prev[1], start) is not None:
                break
            m = _CALENDAR.fullmatch(prev[2])
            if m is None or prev[3] != "DATE" or m.group(2) is None:
                continue
            if m.group(2) != "-02-29":  # a leap day has no "same day" a year off
                out[i] = (start, end, f"{int(m.group(1)) + same[start]:04d}{m.group(2)}", kind)
            break
    return out


def _days_for_times(
    text: str, found: list[tuple[int, int, str, str]], floating: set[int]
) -> list[tuple[int, int, str, str]]:
    """ "a las 12:00 del lunes": a time of day that names no day joins the full date written
    right after it; "El 1 de junio a las 16:15", "el martes en Everett a las 18:00": else it
    takes the day of the last full date before it in its sentence, not the publication day
    it was resolved against."""
    out = list(found)
    for i, (start, end, value, kind) in enumerate(out):
        if start not in floating or "T" not in value:
            continue
        if i + 1 < len(out):
            nxt = out[i + 1]
            if nxt[3] == "DATE" and _FULL_DAY.fullmatch(nxt[2]) and not text[end : nxt[0]].strip():
                out[i] = (start, nxt[1], nxt[2] + value[value.index("T") :], kind)
                out[i + 1] = (-1, -1, "", "")
                continue
        for prev in reversed(out[:i]):
            if prev[3] != "DATE" or not _FULL_DAY.fullmatch(prev[2]):
                continue
            if _SENTENCE_END.search(text, prev[1], start) is None:
                out[i] = (start, end, prev[2] + value[value.index("T") :], kind)
            break
    return [item for item in out if item[0] >= 0]


_YEAR_MENTION = re.compile(r"(?<![\w.,])(?:1[89]|20)\d\d(?![\w%])")


def _anaphoric_year(g: Grammar, groups: dict[str, str], before: str, value: str) -> str:
    """ "el año anterior" after a year was named: the year before the last one named (the year
    before publication when none was). Only words listed under ``anaphoric`` count."""
    word = groups.get("last")
    if not word or lookup(g, "anaphoric", word) is None or not re.fullmatch(r"\d{4}", value):
        return value
    if unit_of(g, groups.get("unit")) != "Y":
        return value
    named = _YEAR_MENTION.findall(before)
    return f"{int(named[-1]) - 1:04d}" if named else value


_DURATION = re.compile(r"P[\dX.]+[YMWDQ]|PT[\dX.]+[HMS]")


def _type(kind: str, ttype: str, value: str) -> str:
    if kind in {"duration", "span", "bareunit"} or _DURATION.fullmatch(value):
        return "DURATION"  # "los próximos meses" (PXM) too
    if re.search(r"T\d", value):
        return "TIME"
    return ttype


FUTURE_WINDOW = 40


def _future(g: Grammar, text: str, start: int, end: int) -> bool:
    """Whether the clause around ``start:end`` speaks of the future: the tense cue nearest the
    expression, within ``FUTURE_WINDOW`` characters and inside its sentence, is a future one
    (a future verb form, "va a") rather than a past one (a preterite, "ha dicho")."""
    left = max(max(text.rfind(c, 0, start) for c in ".!?\n;") + 1, start - FUTURE_WINDOW)
    right_ends = [i for i in (text.find(c, end) for c in ".!?\n;") if i >= 0]
    right = min([*right_ends, len(text), end + FUTURE_WINDOW])
    best: tuple[int, bool] | None = None
    for cues, is_future in ((g.future, True), (g.past, False)):
        for pattern in cues:
            for m in pattern.finditer(text, left, right):
                if m.end() <= start:
                    distance = start - m.end()
                elif m.start() >= end:
                    distance = m.start() - end
                else:
                    continue
                if best is None or distance < best[0]:
                    best = (distance, is_future)
    return best is not None and best[1]


# Normalisation


def normalise(
    g: Grammar,
    kind: str,
    groups: dict[str, str],
    anchor: date | None,
    future: bool,
    text: str,
) -> str | None:
    """The TIMEX3 value of a match of a template of ``kind`` (None: not a time expression)."""
    shift = _shift(g, groups)
    if kind == "ref":
        return lookup(g, "refs", groups.get("ref"))
    if kind == "set":
        return lookup(g, "sets", groups.get("set"))
    if kind == "relday":
        offset = lookup(g, "days", groups.get("relday"))
        if offset is None:
            return None
        return (anchor + timedelta(days=int(offset))).isoformat() if anchor else "XXXX-XX-XX"
    if kind == "year":
        year = int(groups["year"]) + shift
        return f"{year:04d}"
    if kind == "date":
        return _date(g, groups, anchor, future, shift)
    if kind == "numeric":
        return _numeric(g, groups, text, anchor, future)
    if kind == "month":
        return _month(g, groups, anchor, shift, future)
    if kind == "monthshift":  # "septiembre del año pasado": the month in the year before
        return _month(g, {k: v for k, v in groups.items() if k != "year"}, anchor, 0, future, shift)
    if kind == "season":  # "la primavera": the season of the publication year (or the next/last)
        season = lookup(g, "seasons", groups.get("season"))
        if season is None:
            return None
        year = (
            int(groups["year"]) if "year" in groups else (anchor.year + shift if anchor else None)
        )
        return f"{year:04d}-{season}" if year else f"XXXX-{season}"
    if kind == "part":  # "esta mañana", "hier soir": a part of a day near publication
        part = lookup(g, "parts_of_day", groups.get("part"))
        offset = lookup(g, "days", groups["relday"]) if "relday" in groups else 0
        if anchor is None or part is None or offset is None:
            return None
        return f"{(anchor + timedelta(days=int(offset))).isoformat()}T{part}"
    if kind == "weekday":
        return _weekday(g, groups, anchor, future, shift)
    if kind == "weekofday":  # "el domingo de la semana próxima": a weekday of a given week
        return _week_day(g, groups, anchor, shift)
    if kind == "nthweekday":  # "el primer viernes de julio"
        return _nth_weekday(g, groups, anchor, shift, future)
    if kind == "monthday":  # "le 20 du mois prochain", "vendredi le 22": a day of this month
        return _month_day(g, groups, anchor, shift, future)
    if kind == "relunit":
        unit = unit_of(g, groups.get("unit"))
        if unit is None or ("last" in groups and "next" in groups):
            return None
        if "recent" in groups:  # "la última década": the past ten years; "el último mes"
            if unit.endswith("+"):  # "los últimos años": some years up to now
                return _duration("X", unit.rstrip("+"))
            if unit in RECENT_SPANS:
                return _duration(1, unit)
            shift = -1
        elif "next" in groups and unit.endswith("+") and "this" not in groups:
            return _duration("X", unit.rstrip("+"))  # "los próximos meses": some months ahead
        unit = unit.rstrip("+")
        return _at_unit(anchor, unit, shift) if anchor else _unknown(unit)
    if kind in {"ago", "later"}:
        unit = lookup(g, "units", groups.get("unit"))
        count = _count(g, groups) if ("num" in groups or "digits" in groups) else 1
        if unit is None or count is None:
            return None
        if count == "X":  # "hace unas horas": today; "hace unos años": some past time
            if unit in TIME_UNITS and anchor is not None:
                return anchor.isoformat()
            return "PAST_REF" if kind == "ago" else "FUTURE_REF"
        if anchor is None:  # "hace tres días" with no publication date: an unknown date
            return _unknown(unit)
        sign = -1 if kind == "ago" else 1
        return _moved(anchor, unit, sign * float(count))
    if kind == "bareunit":  # "durante décadas": some decades
        unit = unit_of(g, groups.get("unit"))
        return _duration("X", unit.rstrip("+")) if unit and unit.endswith("+") else None
    if kind in {"duration", "span"}:
        unit = lookup(g, "units", groups.get("unit"))
        count = _count(g, groups) if ("num" in groups or "digits" in groups) else 1
        if unit is None or count is None:
            return None
        if "half" in groups and count != "X":
            count = float(count) + float(lookup(g, "half", groups["half"]) or 0)
        return _duration(count, unit)
    if kind == "quarter":  # "el último trimestre de 2008" (``final``): its fourth
        n = 4 if "final" in groups else lookup(g, "ordinals", groups.get("ord"))
        if n is None or not 1 <= int(n) <= 4:
            return None
        year = int(groups["year"]) if "year" in groups else (anchor.year if anchor else None)
        return f"{year + shift:04d}-Q{n}" if year else f"XXXX-Q{n}"
    if kind == "semester":  # "el primer semestre de 2009": a half year
        n = 2 if "final" in groups else lookup(g, "ordinals", groups.get("ord"))
        if n is None or not 1 <= int(n) <= 2:
            return None
        year = int(groups["year"]) if "year" in groups else (anchor.year if anchor else None)
        return f"{year + shift:04d}-H{n}" if year else f"XXXX-H{n}"
    if kind == "decade":
        return _decade(g, groups)
    if kind == "century":  # "el siglo XX": TIMEX3 writes a century as its first two digits
        number = _roman(groups.get("roman", ""))
        return f"{number - 1:02d}" if number and 1 <= number <= 30 else None
    if kind == "time":
        hour, minute = int(groups["hh"]), int(groups.get("mm", "0"))
        part = lookup(g, "parts_of_day", groups.get("part")) if "part" in groups else None
        if (part in AFTERNOON_PARTS and 1 <= hour < 12) or (part == "NI" and 6 <= hour < 12):
            hour += 12  # "las 5 de la tarde", "las 9 de la noche"; "las 2 de la madrugada"
        day = _date(g, groups, anchor, future, 0) if "month" in groups else None
        if day is None:
            offset = lookup(g, "days", groups.get("relday")) if "relday" in groups else 0
            day = (
                (anchor + timedelta(days=int(offset or 0))).isoformat() if anchor else "XXXX-XX-XX"
            )
        zone = "Z" if re.search(r"(?<!\w)(?:UTC|GMT)(?!\w)", text) else ""
        return f"{day}T{hour:02d}:{minute:02d}{zone}"
    return None


AFTERNOON_PARTS = {"AF", "EV"}


def _decade(g: Grammar, groups: dict[str, str]) -> str | None:
    """ "los años 90", "la década de 1990", "los años noventa": TIMEX3 "199". Two digits or a
    word name a decade of the 1900s, as news uses them ("los años 20" is the 1920s)."""
    if "decade" in groups:
        tens = lookup(g, "decades", groups["decade"])
        return f"19{int(tens)}" if tens is not None else None
    digits = groups.get("decaded", "")
    if re.fullmatch(r"(?:1[5-9]|20)\d0", digits):
        return digits[:3]
    if re.fullmatch(r"[1-9]0", digits):
        return "19" + digits[0]
    return None


ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman(text: str) -> int | None:
    """ "XXI" -> 21 (None when ``text`` is not a Roman numeral up to L)."""
    if not text or any(c not in ROMAN for c in text.upper()):
        return None
    values = [ROMAN[c] for c in text.upper()]
    total = sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
    return total if total > 0 else None


def _shift(g: Grammar, groups: dict[str, str]) -> int:
    if "last" in groups:
        return -1
    if "next" in groups:
        return 1
    return 0


def _count(g: Grammar, groups: dict[str, str]) -> float | str | None:
    if "digits" in groups:
        return float(groups["digits"].replace(",", "."))
    raw = groups.get("num")
    if raw is None:
        return None
    if raw.replace(".", "").isdigit():
        return float(raw)
    return lookup(g, "numbers", raw)


def _year_for(anchor: date | None, month: int, day: int, future: bool) -> int | None:
    """The year of a day and month named without one: the publication year, unless that puts
    it over half a year after publication in a clause that is not future (then the year
    before), or over half a year before it in a future clause (then the year after)."""
    if anchor is None:
        return None
    gap = (month - anchor.month) * 31 + (day - anchor.day)
    if gap > 183 and not future:
        return anchor.year - 1
    if gap < -183 and future:
        return anchor.year + 1
    return anchor.year


def _day(g: Grammar, groups: dict[str, str]) -> int | None:
    """The day of the month: digits (``day``) or a word (``dayw``: "primero", "ersten")."""
    if "day" in groups:
        return int(groups["day"])
    value = lookup(g, "day_words", groups.get("dayw"))
    return int(value) if value is not None and 1 <= int(value) <= 31 else None


def _date(
    g: Grammar, groups: dict[str, str], anchor: date | None, future: bool, shift: int
) -> str | None:
    month = lookup(g, "months", groups.get("month"))
    if month is None:
        return None
    day = _day(g, groups)
    if day is None:
        return None
    if "year" in groups:
        year: int | None = int(groups["year"])
    elif shift and anchor is not None:  # "el pasado 20 de septiembre": the last one before
        ahead = (int(month), day) > (anchor.month, anchor.day)
        year = anchor.year + (0 if ahead == (shift > 0) else shift)
    else:
        year = _year_for(anchor, int(month), day, future)
    try:
        if year is not None:
            return date(year, int(month), day).isoformat()
        date(2000, int(month), day)
    except ValueError:
        return None
    return f"XXXX-{int(month):02d}-{day:02d}"


def _numeric(
    g: Grammar, groups: dict[str, str], text: str, anchor: date | None, future: bool
) -> str | None:
    """A numeric date (``15.1.2019``, ``14/03``) resolved by dateparser, day first."""
    import dateparser

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY",
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": ["day", "month"],
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    cleaned = "/".join(groups[k] for k in ("day", "mon", "year", "yy") if k in groups)
    try:
        parsed = dateparser.parse(cleaned, languages=[g.lang], settings=settings)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or parsed.day != int(groups["day"]) or parsed.month != int(groups["mon"]):
        return None  # dateparser read it otherwise (month first): not trusted
    if "yy" in groups:  # dateparser sends a future two-digit year back a century
        year = 2000 + int(groups["yy"])
        if year > (anchor.year if anchor else date.today().year) + 20:
            year -= 100
        try:
            parsed = parsed.replace(year=year)
        except ValueError:
            return None
    elif "year" not in groups:
        year = _year_for(anchor, parsed.month, parsed.day, future)
        if year is None:
            return f"XXXX-{parsed.month:02d}-{parsed.day:02d}"
        try:
            parsed = parsed.replace(year=year)
        except ValueError:  # 29 February
            return None
    return parsed.date().isoformat()


def _month(
    g: Grammar,
    groups: dict[str, str],
    anchor: date | None,
    shift: int,
    future: bool,
    year_shift: int = 0,
) -> str | None:
    """A month: in the year given, else the year shifted (``year_shift``), else the last or
    next occurrence (``shift``: "mars dernier"), else the nearest by tense."""
    month = lookup(g, "months", groups.get("month"))
    if month is None:
        return None
    month = int(month)
    if "year" in groups:
        return f"{int(groups['year']):04d}-{month:02d}"
    if anchor is None:
        return f"XXXX-{month:02d}"
    if year_shift:
        year = anchor.year + year_shift
    elif shift < 0:
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif shift > 0:
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = _year_for(anchor, month, 15, future) or anchor.year
    return f"{year:04d}-{month:02d}"


def _weekday(
    g: Grammar, groups: dict[str, str], anchor: date | None, future: bool, shift: int
) -> str | None:
    weekday = lookup(g, "weekdays", groups.get("weekday"))
    if weekday is None:
        return None
    if "recent" in groups:  # "el último domingo": the last one
        shift = -1
    if "day" in groups and "month" in groups:
        return _date(g, groups, anchor, future, 0)
    if anchor is None:
        return f"XXXX-WXX-{int(weekday)}"
    delta = int(weekday) - anchor.isoweekday()
    if shift < 0 or (shift == 0 and not future):
        days = delta if delta <= 0 else delta - 7
        if shift < 0 and days == 0:
            days = -7
    else:
        days = delta if delta >= 0 else delta + 7
        if shift > 0 and days == 0:
            days = 7
    value = (anchor + timedelta(days=days)).isoformat()
    part = lookup(g, "parts_of_day", groups.get("part")) if "part" in groups else None
    return f"{value}T{part}" if part else value


def _week_day(g: Grammar, groups: dict[str, str], anchor: date | None, shift: int) -> str | None:
    """The weekday of the week containing ``anchor`` moved by ``shift`` weeks (``shift__2``
    from a second cue counts too: "übernächste Woche" is two weeks on)."""
    weekday = lookup(g, "weekdays", groups.get("weekday"))
    if weekday is None or lookup(g, "units", groups.get("unit")) != "W":
        return None
    if "recent" in groups:
        shift = -1
    if "twice" in groups:
        shift *= 2
    if anchor is None:
        return f"XXXX-WXX-{int(weekday)}"
    monday = anchor - timedelta(days=anchor.isoweekday() - 1)
    return (monday + timedelta(weeks=shift, days=int(weekday) - 1)).isoformat()


def _nth_weekday(
    g: Grammar, groups: dict[str, str], anchor: date | None, shift: int, future: bool
) -> str | None:
    """The ``ord``-th ``weekday`` of a month: a named one (its year by :func:`_month`) or the
    month of publication moved by ``shift`` ("del mes próximo")."""
    n = lookup(g, "ordinals", groups.get("ord"))
    weekday = lookup(g, "weekdays", groups.get("weekday"))
    if n is None or weekday is None:
        return None
    if "month" in groups:
        month = _month(g, groups, anchor, 0, future)
    elif "unit" in groups and lookup(g, "units", groups["unit"]) != "M":
        return None
    else:  # "del mes próximo", or no month at all ("le premier dimanche"): this month
        month = _at_unit(anchor, "M", shift) if anchor else "XXXX-XX"
    if month is None:
        return None
    if month.startswith("X"):
        return f"{month}-WXX-{int(weekday)}-#{int(n)}"
    year, mon = int(month[:4]), int(month[5:7])
    first = date(year, mon, 1)
    day = first + timedelta(days=(int(weekday) - first.isoweekday()) % 7 + 7 * (int(n) - 1))
    return day.isoformat() if day.month == mon else None


def _month_day(
    g: Grammar, groups: dict[str, str], anchor: date | None, shift: int, future: bool = False
) -> str | None:
    """A day of the month of publication, or of the month moved by ``shift`` where a month
    unit is named ("le 20 du mois prochain"). With no month unit, "el lunes 18" is the 18th
    nearest publication that is a Monday, and "el pasado día 18" (or a bare "el día 18" in a
    clause that is not future) the last 18th on or before publication."""
    day = _day(g, groups)
    if day is None or ("unit" in groups and lookup(g, "units", groups["unit"]) != "M"):
        return None
    if anchor is None:
        return f"XXXX-XX-{day:02d}"
    if "unit" not in groups:
        candidates = []
        for moved in (0, -1, 1):
            month = _at_unit(anchor, "M", moved) or ""
            try:
                candidates.append(date(int(month[:4]), int(month[5:7]), day))
            except ValueError:
                continue
        weekday = lookup(g, "weekdays", groups.get("weekday"))
        if weekday is not None:
            fits = [c for c in candidates if c.isoweekday() == int(weekday)]
        elif shift < 0 or (shift == 0 and not future):
            fits = [c for c in candidates if c <= anchor]
        else:
            fits = [c for c in candidates if c >= anchor]
        if fits:  # else the day of the publication month, as with a month unit
            return min(fits, key=lambda c: abs((c - anchor).days)).isoformat()
    month = _at_unit(anchor, "M", shift) or ""
    try:
        return date(int(month[:4]), int(month[5:7]), day).isoformat()
    except ValueError:
        return None


def _unknown(unit: str) -> str:
    """An unresolved date at the granularity of ``unit``."""
    if unit in {"M", "Q"}:
        return "XXXX-XX"
    if unit in {"Y", "DE", "CE"}:
        return "XXXX"
    return "XXXX-XX-XX"


def _at_unit(anchor: date, unit: str, shift: int) -> str | None:
    """The calendar unit containing ``anchor`` moved by ``shift`` units (this/last/next)."""
    if unit == "D":
        return (anchor + timedelta(days=shift)).isoformat()
    if unit == "W":
        year, week, _ = (anchor + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "WE":
        year, week, _ = (anchor + timedelta(weeks=shift)).isocalendar()
        return f"{year:04d}-W{week:02d}-WE"
    if unit == "M":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        return f"{y:04d}-{m + 1:02d}"
    if unit == "Q":
        q = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        return f"{q // 4:04d}-Q{q % 4 + 1}"
    if unit == "Y":
        return f"{anchor.year + shift:04d}"
    if unit == "DE":
        return f"{(anchor.year // 10 + shift):03d}"
    if unit == "CE":
        return f"{(anchor.year // 100 + shift):02d}"
    return None


def _moved(anchor: date, unit: str, amount: float) -> str | None:
    """``anchor`` moved by ``amount`` units, at the unit's granularity ("three days ago")."""
    if unit in TIME_UNITS or unit == "D":
        return (anchor + timedelta(days=round(amount) if unit == "D" else 0)).isoformat()
    if unit == "W":
        return (anchor + timedelta(weeks=amount)).isoformat()
    if unit in {"M", "Q"}:
        months = round(amount * (3 if unit == "Q" else 1))
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + months, 12)
        return f"{y:04d}-{m + 1:02d}"
    if unit in {"Y", "DE", "CE"}:
        size = {"Y": 1, "DE": 10, "CE": 100}[unit]
        return f"{anchor.year + round(amount * size):04d}"
    return None


def _duration(count: float | str, unit: str) -> str:
    """A TIMEX3 duration (``P3D``, ``PT2H``, ``PXY``) of ``count`` ``unit``."""
    letter, size = UNIT_SIZE.get(unit, (unit, 1))
    if count == "X":
        amount = "X"
    else:
        n = float(count) * size
        if letter == "H" and n != int(n):  # "media hora": PT30M
            letter, n = "MIN", n * 60
        amount = str(int(n)) if n == int(n) else f"{n:g}"
    if letter in TIME_UNITS:
        return f"PT{amount}{'M' if letter == 'MIN' else letter}"
    return f"P{amount}{letter}"
