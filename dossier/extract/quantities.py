"""Numbers in running text -> inclusive intervals with a qualifier, on the text alone (no parse).

``find_quantities(text, lexicon)`` scans a text once with regular expressions and returns every
quantity it writes: digits with any common thousands separator ("1,000", "1.000.000", "1 000"),
decimals, fractions ("1/2", "a half"), words ("twenty-eight thousand six hundred forty-two"),
scales ("1.5 million", "5 mln", "$2bn", "5k", "two dozen"), percentages and money (ISO 4217
where the symbol or word is clear; a bare "$" is USD), vague plurals ("dozens of" = [24, 99]),
with the qualifier written around it ("at least", "up to", "between X and Y", "X-Y", "X or
more", ">= 30") as ``Quantity.low``/``high``/``qualifier``.

Policy for what it cannot read: it skips it. Masks (``figures.json``: phone numbers, numeric dates,
clock times, list numbering, versions) hide numbers that are never figures; numbers glued to
letters that are not a unit ("G7", "A380", "4G"), ordinals ("22nd") are skipped too. What needs
the parse (years, dates found by the time extractor, names such as "Model 3") is left to
``figures.py``.

Strict bounds keep the stated number: "more than 30" is ``low=30, qualifier="more_than"`` (the
qualifier says the bound is strict); "between 20 and 30" is ``[20, 30]``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from dossier.resources import read_tsv

logger = logging.getLogger(__name__)

LOWER_BOUNDS = {"at_least", "more_than"}
UPPER_BOUNDS = {"at_most", "less_than", "up_to"}

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
WORD_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "dozen": 12,
}  # fmt: skip
NUMBER_WORDS = [*UNITS, *TENS, *WORD_SCALES]
ORDINAL_SUFFIX = re.compile(r"^(?:st|nd|rd|th)$", re.I)
CLOCK_SUFFIX = re.compile(r"^[ap]\.?m\.?$", re.I)


@dataclass
class Quantity:
    """One quantity the text writes: its extent, interval and what is written around it."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str = "exact"
    vague: bool = False
    currency: str | None = None  # ISO 4217
    percent: bool = False
    unit: str | None = None  # a unit glued to or written right after the number ("km", "mph")
    scaled: bool = False  # written with a scale word ("1.5 million")
    ratio: bool = False  # "one in five"
    atoms: list[tuple[int, int]] = field(default_factory=list)  # the numbers' own extents

    @property
    def value(self) -> float | None:
        return self.low if self.low is not None else self.high


@dataclass
class _Atom:
    start: int
    end: int
    value: float
    kind: str = "digits"  # digits | words | fraction | vague | multiplier
    currency: str | None = None
    percent: bool = False
    unit: str | None = None
    scale: float | None = None
    raw: float = 0.0  # the value before the scale
    vague: tuple[float, float] | None = None
    plain: bool = False  # a bare integer: no separator, decimal, scale, currency or unit


class QuantityLexicon:
    """The compiled lists and patterns of ``figures.json``, ``currencies.tsv``, ``units.tsv``."""

    def __init__(self) -> None:
        data = json.loads(
            resources.files("dossier.resources").joinpath("figures.json").read_text("utf-8")
        )
        self.data = data
        self.scales: dict[str, float] = {k.lower(): float(v) for k, v in data["scales"].items()}
        self.currency_scales = {k: float(v) for k, v in data["scales_with_currency"].items()}
        self.fractions: dict[str, float] = data["fractions"]
        self.multipliers: dict[str, float] = data["multipliers"]
        self.vague: dict[str, tuple[float, float]] = {
            k: (float(v[0]), float(v[1])) for k, v in data["vague"].items()
        }
        self.vague_need_of = set(data["vague_need_of"])
        self.vague_followers = re.compile(
            r"\s+(?:" + "|".join(_alt(data["vague_followers"])) + r")\b", re.I
        )
        self.currencies: dict[str, tuple[str, str, str]] = {}  # surface -> (iso, name, kind)
        for row in read_tsv("currencies.tsv"):
            self.currencies[row["surface"]] = (row["iso"], row["name"], row["kind"])
        self.currency_words = {
            k.lower(): v for k, v in self.currencies.items() if v[2] in ("word", "code")
        }
        self.units: dict[str, str] = {}
        self.attached_units: dict[str, str] = {}
        for row in read_tsv("units.tsv"):
            if row["attached"] != "only":  # spaced, "in" is a preposition: "killed 10 in Gaza"
                self.units.setdefault(row["surface"].lower(), row["name"])
            if row["attached"] in ("1", "only"):
                self.attached_units[row["surface"]] = row["name"]
                self.attached_units.setdefault(row["surface"].lower(), row["name"])
        self.masks = [re.compile(p) for p in data["masks"].values()]
        self.atom_re = self._atom_pattern()
        self.prefix = CuePattern(data["prefix"], before=True)
        self.suffix = CuePattern(data["suffix"], before=False)
        self.or_equal_re = re.compile(
            r"^\s*(?:" + "|".join(_alt(data["or_equal"])) + r")(?![\w])", re.I
        )
        self.sign_re = re.compile(
            r"(?<![\w-])(?:" + "|".join(_alt(data["sign_words"])) + r")[\s-]*$", re.I
        )
        self.percent_re = re.compile(
            r"\s?(?:" + "|".join(_alt(data["percent"])) + r")(?![\w])", re.I
        )

    def _atom_pattern(self) -> re.Pattern[str]:
        symbols = sorted(
            (s for s, (_, _, kind) in self.currencies.items() if kind in ("symbol", "code")),
            key=len,
            reverse=True,
        )
        currency = "|".join(re.escape(s) + r"\s?" for s in symbols)
        digits = (
            r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"
            r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?"
            r"|\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?!\d)(?![,.]\d)(?:\.\d+)?"
            r"|\d+,\d{1,2}(?=\s?(?:%|per\s?cent|percent|million|billion|thousand|mln|bn|m\b|€|euros?))"
            r"|\d+(?:\.\d+)?(?:\s?[/⁄]\s?\d+(?![\d/]))?"
            r"|\.\d+"
        )
        scale_words = sorted(self.scales, key=len, reverse=True)
        words = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
        word_seq = rf"(?:an?\s+)?(?:{words})(?:(?:\s+|-)(?:and\s+)?(?:{words}))*"
        fractions = "|".join(re.escape(f) for f in sorted(self.fractions, key=len, reverse=True))
        vague = "|".join(re.escape(v) for v in sorted(self.vague, key=len, reverse=True))
        multipliers = "|".join(re.escape(m) for m in self.multipliers)
        return re.compile(
            rf"(?P<cur>(?<![\w$])(?:{currency}))?"
            rf"(?:(?P<num>(?(cur)|(?<![\w.,/]))[-−]?(?:{digits}))"
            rf"(?P<glued>sq\.?\s?(?:m|ft|km|mi)\b|[a-zA-Zμ°][a-zA-Z/°.]*?(?=[^a-zA-Z/°]|$|\.\s|\.$))?"
            rf"(?:(?:\s+|-)(?P<scale>(?:hundred\s+)?(?:{'|'.join(scale_words)}))\b)?"
            rf"|(?P<vague>\b(?:{vague})\b)"
            rf"|(?P<frac>\b(?:{fractions})\b)"
            rf"|(?P<mult>\b(?:{multipliers})\b)"
            rf"|(?P<words>\b{word_seq}\b))",
            re.I,
        )


def _alt(phrases: list[str]) -> list[str]:
    """Regex alternatives for phrases, longest first, spaces as any run of blanks."""
    return [
        r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True)
    ]


class CuePattern:
    """Qualifier cues matched right before a number (``before``) or right after it (``after``),
    longest cue first across all qualifiers ("no more than" before "more than"). Cues before a
    number are matched on the reversed text, anchored at the number: one attempt, not a scan."""

    def __init__(self, cues: dict[str, list[str]], *, before: bool) -> None:
        self.lookup = {" ".join(p.lower().split()): q for q, ps in cues.items() for p in ps}
        alts = []
        for phrase in sorted(self.lookup, key=len, reverse=True):
            words = phrase.split()
            if before:
                alt = r"\s+".join(re.escape(w[::-1]) for w in reversed(words))
                # a word cue starts a word; a symbol cue is not part of an operator ("<>")
                alt += r"(?![\w-])" if phrase[0].isalnum() else r"(?![<>=≥≤])"
            else:
                alt = r"\s+".join(re.escape(w) for w in words)
                alt += r"(?![\w])" if phrase[-1].isalnum() else ""
            alts.append(alt)
        self.pattern = re.compile(r"\s*(" + "|".join(alts) + ")", re.I)
        self.before = before

    def match(self, text: str) -> tuple[str, int] | None:
        """(qualifier, where the cue starts) for a cue ending ``text`` (``before``); (qualifier,
        where it ends) for a cue starting ``text``; None when there is none.

        >>> CuePattern({"more_than": ["more than"], "at_most": ["no more than"]}, before=True
        ...            ).match("there were no more than ")
        ('at_most', 11)
        """
        if self.before:
            m = self.pattern.match(text[::-1])
            if m is None:
                return None
            return self.lookup[" ".join(m.group(1)[::-1].lower().split())], len(text) - m.end()
        m = self.pattern.match(text)
        if m is None:
            return None
        return self.lookup[" ".join(m.group(1).lower().split())], m.end()


@cache
def default_lexicon() -> QuantityLexicon:
    """The lexicon shipped with dossier, loaded once per process."""
    return QuantityLexicon()


def parse_digits(text: str) -> float | None:
    """A number written in digits with any common separators; None if it is not one.

    >>> parse_digits("1,000"), parse_digits("1.000.000"), parse_digits("1 000"), parse_digits("2.5")
    (1000.0, 1000000.0, 1000.0, 2.5)
    >>> parse_digits("1.500.000,5"), parse_digits("1/2"), parse_digits("-30"), parse_digits("x")
    (1500000.5, 0.5, -30.0, None)
    >>> parse_digits("2,5"), parse_digits("2,500")
    (2.5, 2500.0)
    """
    text = text.strip().replace("−", "-").replace("⁄", "/")
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("-")
    try:
        if "/" in text:
            num, den = (float(p) for p in text.split("/"))
            return sign * num / den if den else None
        if re.fullmatch(r"\d+,\d{1,2}", text):  # a decimal comma: "2,5 million"
            return sign * float(text.replace(",", "."))
        if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", text):
            return sign * float(text.replace(".", "").replace(",", "."))
        return sign * float(re.sub(r"[,\s'’\u00a0\u202f\u2009]", "", text))
    except ValueError:
        return None


def _round(value: float) -> float:
    """Drop float noise from scaling: 32.7 * 1e6 is 32700000.000000004.

    >>> _round(32.7 * 1_000_000)
    32700000.0
    """
    return float(f"{value:.12g}") if math.isfinite(value) else value


def split_words(text: str) -> list[tuple[int, int, float]]:
    """Numbers written in words -> (start, end, value) within ``text``; several numbers in one
    run are split ("between one hundred and two hundred", "eight nine").

    >>> split_words("twenty-eight thousand six hundred forty-two")
    [(0, 43, 28642.0)]
    >>> [v for _, _, v in split_words("one thousand and five hundred")]
    [1500.0]
    >>> [v for _, _, v in split_words("one hundred and two hundred")]
    [100.0, 200.0]
    >>> [v for _, _, v in split_words("a thousand")], split_words("a")
    ([1000.0], [])
    >>> split_words("two dozen")[0][2], split_words("several people"), split_words("million")
    (24.0, [], [])
    """
    tokens = [(m.start(), m.end(), m.group().lower()) for m in re.finditer(r"[A-Za-z]+", text)]
    numbers: list[tuple[int, int, float]] = []
    start = None
    total = current = 0.0
    last_kind = ""  # unit | ten | scale | and
    last_scale = 0.0
    end = 0
    pending_article = None
    bare = False  # a scale word alone ("million", "dozen"): not a number

    def close() -> None:
        nonlocal start, total, current, last_kind, last_scale, bare
        if start is not None and not bare:
            numbers.append((start, end, total + current))
        start, total, current, last_kind, last_scale, bare = None, 0.0, 0.0, "", 0.0, False

    for i, (s, e, word) in enumerate(tokens):
        if word in ("a", "an"):
            close()
            pending_article = s
            continue
        if word == "and":
            if start is not None and last_kind == "scale":
                nxt = _run_value(tokens[i + 1 :])
                if nxt is not None and nxt < last_scale:
                    last_kind = "and"
                    continue
            close()
            pending_article = None
            continue
        if word in WORD_SCALES:
            if start is None:
                if pending_article is None:
                    start, current, bare = s, 1.0, True
                else:
                    start, current = pending_article, 1.0
            else:
                bare = False
            scale = WORD_SCALES[word]
            if scale >= 1000 or word == "dozen":
                total, current = total + max(current, 1.0) * scale, 0.0
            else:
                current = max(current, 1.0) * scale
            last_kind, last_scale, end = "scale", scale, e
            pending_article = None
            continue
        pending_article = None
        if word not in UNITS and word not in TENS:
            close()
            continue
        kind = "unit" if word in UNITS else "ten"
        value = UNITS.get(word, TENS.get(word, 0))
        if start is not None and (last_kind == "unit" or (last_kind == "ten" and kind == "ten")):
            close()
        if start is None:
            start = s
        current += value
        last_kind, end = kind, e
    close()
    return numbers


def _run_value(tokens: list[tuple[int, int, str]]) -> float | None:
    words = []
    for _, _, word in tokens:
        if word in UNITS or word in TENS or word in WORD_SCALES:
            words.append(word)
        else:
            break
    if not words:
        return None
    text = " ".join(words)
    values = split_words(text)
    return values[0][2] if values else None


def find_quantities(text: str, lexicon: QuantityLexicon | None = None) -> list[Quantity]:
    """Every quantity ``text`` writes, in text order (see the module's docstring).

    >>> [(q.low, q.high, q.qualifier) for q in find_quantities("between 1,000 and 5,000 Cubans")]
    [(1000.0, 5000.0, 'between')]
    >>> [(q.low, q.high, q.qualifier) for q in find_quantities("up to 20,000 Cubansof which")]
    [(None, 20000.0, 'up_to')]
    >>> [(q.low, q.high, q.vague) for q in find_quantities("dozens of people")]
    [(24.0, 99.0, True)]
    >>> [(q.low, q.currency) for q in find_quantities("a fine of $2bn and 5 mln euros")]
    [(2000000000.0, 'USD'), (5000000.0, None)]
    >>> find_quantities("Call +1-222-2222-2222 about G7 and the 22nd item")
    []
    """
    lexicon = lexicon or default_lexicon()
    masked = _masked(text, lexicon)
    atoms = [a for a in _atoms(text, lexicon, masked) if a is not None]
    quantities = _combine(text, atoms, lexicon)
    return _join_bounds(text, quantities)


def _masked(text: str, lexicon: QuantityLexicon) -> list[tuple[int, int]]:
    spans = []
    for pattern in lexicon.masks:
        spans += [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
    return spans


def _atoms(text: str, lexicon: QuantityLexicon, masked: list[tuple[int, int]]) -> list[_Atom]:
    atoms: list[_Atom] = []
    for match in lexicon.atom_re.finditer(text):
        start, end = match.span()
        if any(s < end and start < e for s, e in masked):
            continue
        if match.group("num") is not None:
            atom = _digit_atom(text, match, lexicon)
            if atom is not None:
                atoms.append(atom)
        elif match.group("vague") is not None:
            atoms.extend(_vague_atom(text, match, lexicon))
        elif match.group("frac") is not None:
            atoms.extend(_fraction_atom(text, match, lexicon))
        elif match.group("mult") is not None:
            word = match.group("mult").lower()
            atoms.append(
                _Atom(start, end, lexicon.multipliers[word], "multiplier", unit=word, raw=0.0)
            )
        elif match.group("words") is not None:
            atoms.extend(_word_atoms(text, match, lexicon))
    for atom in atoms:
        if atom.kind in ("digits", "words") and atom.value > 0:
            before = text[max(0, atom.start - 20) : atom.start]
            sign = lexicon.sign_re.search(before)
            if sign is not None:  # "negative ten", "minus-1.4"
                atom.value, atom.raw = -atom.value, -atom.raw
                atom.start -= len(before) - sign.start()
                atom.plain = False
    return atoms


def _digit_atom(text: str, match: re.Match[str], lexicon: QuantityLexicon) -> _Atom | None:
    raw = parse_digits(match.group("num"))
    if raw is None:
        return None
    start, end = match.span()
    num_end = match.end("num")
    glued = match.group("glued")
    currency = None
    if match.group("cur"):
        surface = re.sub(r"\s+", "", match.group("cur"))
        entry = lexicon.currencies.get(surface) or lexicon.currencies.get(
            surface.replace("$", " $").strip()
        )
        currency = entry[0] if entry else None
        if currency is None and surface.startswith("US"):
            currency = "USD"
    scale = None
    unit = None
    if glued:
        if ORDINAL_SUFFIX.match(glued) or CLOCK_SUFFIX.match(glued):
            return None
        key = glued.rstrip(".")
        if key.lower() in lexicon.scales and key.lower() not in ("hundred",):
            scale = lexicon.scales[key.lower()]
        elif currency and key.lower() in lexicon.currency_scales:
            scale = lexicon.currency_scales[key.lower()]
        elif key == "m" and re.match(
            r" (?:of\b|[a-z]{3,}(?<!long)(?<!high)(?<!tall)(?<!wide)(?<!deep))", text[num_end + 1 :]
        ):
            scale = 1e6  # "35m of its devices", "1.2m tons": a million, not metres
        elif re.fullmatch(r"sq\.?\s?(?:m|ft|km|mi)", key):
            unit = "sq " + key[2:].lstrip(". ")
        elif key in lexicon.attached_units or key.lower() in lexicon.attached_units:
            unit = key
        elif text[num_end : num_end + len(glued) + 1].rstrip().endswith("."):
            unit = None
            return None
        else:
            return None  # a name or code ("4G", "3D", "A380"'s tail)
        end = num_end + len(glued)
    if match.group("scale"):
        scale = 1.0
        for word in match.group("scale").lower().split():
            scale *= lexicon.scales[word]
        end = match.end("scale")
    # a glued word after the left boundary means the number is part of a name ("G7")
    if start > 0 and text[start - 1].isalpha() and not match.group("cur"):
        return None
    if re.search(r"(?<![\w-])[A-Z][A-Za-z]*-$", text[max(0, start - 12) : start]):
        return None  # "F-16", "COVID-19", "TA-35"
    percent = False
    pm = lexicon.percent_re.match(text, end)
    if pm is not None and unit is None:
        percent = True
        end = pm.end()
    elif unit is None and currency is None:
        # a currency code or symbol written after the number ("5 USD", "10 €")
        after = re.match(r"\s?([A-Z]{3}|[€£¥₹₽₩₪])(?![\w])", text[end:])
        if after and after.group(1) in lexicon.currencies:
            currency = lexicon.currencies[after.group(1)][0]
            end += after.end()
    value = _round(raw * (scale or 1.0))
    if not math.isfinite(value) or abs(value) > 1e18:
        return None  # a run of digits, not an amount
    plain = bool(
        re.fullmatch(r"-?\d+", match.group("num"))
        and not (scale or currency or percent or unit or glued)
    )
    return _Atom(
        start,
        end,
        value,
        "digits",
        currency=currency,
        percent=percent,
        unit=unit,
        scale=scale,
        raw=raw,
        plain=plain,
    )


def _word_atoms(text: str, match: re.Match[str], lexicon: QuantityLexicon) -> list[_Atom]:
    atoms = []
    base = match.start("words")
    for s, e, value in split_words(match.group("words")):
        start, end = base + s, base + e
        scale = None
        m = re.match(r"(?:\s+|-)(" + "|".join(lexicon.scales) + r")\b", text[end:], re.I)
        if m and m.group(1).lower() in ("million", "billion", "trillion", "thousand"):
            scale = lexicon.scales[m.group(1).lower()]
            end += m.end()
        raw = value
        value = _round(value * (scale or 1.0))
        percent = False
        pm = lexicon.percent_re.match(text, end)
        if pm is not None:
            percent, end = True, pm.end()
        atoms.append(_Atom(start, end, value, "words", percent=percent, scale=scale, raw=raw))
    return atoms


def _vague_atom(text: str, match: re.Match[str], lexicon: QuantityLexicon) -> list[_Atom]:
    phrase = re.sub(r"\s+", " ", match.group("vague").lower())
    start, end = match.span()
    if phrase in lexicon.vague_need_of and not lexicon.vague_followers.match(text[end:]):
        return []  # "by the hundreds"; but "hundreds of", "dozens more", "thousands fled"
    low, high = lexicon.vague[phrase]
    return [_Atom(start, end, low, "vague", vague=(low, high), raw=low)]


def _fraction_atom(text: str, match: re.Match[str], lexicon: QuantityLexicon) -> list[_Atom]:
    phrase = re.sub(r"\s+", " ", match.group("frac").lower())
    start, end = match.span()
    after = text[end : end + 12].lower()
    before = text[max(0, start - 25) : start]
    if text[end : end + 1] == "-":
        return []  # "half-staff", "quarter-final"
    followed = re.match(r"\s+(?:of|the|a|an|its|their|his|her|our|my|these|those)\b", after)
    cued = lexicon.prefix.match(before) is not None or re.search(
        r"\b(?:between|and|to|than)\s*$", before, re.I
    )
    if not (followed or cued or after.strip()[:1] in (".", ",", "")):
        return []
    if re.search(r"\b(?:first|second|third|fourth|final|last|this|next)\s*$", before, re.I):
        return []  # "the second half", "the third quarter"
    value = lexicon.fractions[phrase]
    return [_Atom(start, end, value, "fraction", raw=value)]


RANGE_GAP = re.compile(r"^\s*(?:-|–|—|~|to|through|thru)\s*$", re.I)
AND_GAP = re.compile(r"^\s*and\s*$", re.I)
RATIO_GAP = re.compile(r"^\s+(?:in|out\s+of)\s+$", re.I)
TIME_WORD = re.compile(
    r"^\s*(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|games?|matches|innings|"
    r"attempts?|tries|sets?|rounds?|races?|starts?)\b",
    re.I,
)


def _combine(text: str, atoms: list[_Atom], lexicon: QuantityLexicon) -> list[Quantity]:
    quantities: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None:
            gap = text[a.end : b.start]
            before = text[max(0, a.start - 30) : a.start]
            between = re.search(r"\bbetween\s*$", before, re.I) is not None
            from_ = re.search(r"\b(?:from|range[sd]?\s+from|ranging\s+from)\s*$", before, re.I)
            by_ = re.search(r"\bby\s*$", before, re.I)
            complete = a.percent or a.currency or a.unit or a.scale  # "by 5% to 10%": two
            if (RANGE_GAP.match(gap) or (between and AND_GAP.match(gap))) and not (
                by_ and complete
            ):
                q = _range(text, a, b, ordered=not (from_ or between), gap=gap)
                if q is None and gap.strip() in "-–" and a.plain and b.plain and a.value >= b.value:
                    i += 2  # "2-1", "2-2": a score, not a range nor two figures
                    continue
                if q is not None:
                    cue = re.search(r"\b(?:between|from)\s*$", before, re.I)
                    if cue is not None:
                        q.start = a.start - (len(before) - cue.start())
                    quantities.append(_qualify(text, q, lexicon))
                    i += 2
                    continue
            if (
                RATIO_GAP.match(gap)
                and a.kind in ("digits", "words")
                and b.kind in ("digits", "words")
                and not (a.percent or b.percent or a.currency or b.currency or a.scale or b.scale)
                and 0 < a.value < b.value <= 1000
                and float(a.value).is_integer()
                and float(b.value).is_integer()
                and not TIME_WORD.match(text[b.end :])
            ):
                q = _quantity(text, a)
                q.end, q.low, q.high, q.ratio = b.end, a.value / b.value, a.value / b.value, True
                q.text = text[q.start : q.end]
                q.atoms = [(a.start, a.end), (b.start, b.end)]
                quantities.append(_qualify(text, q, lexicon))
                i += 2
                continue
        quantities.append(_qualify(text, _quantity(text, a), lexicon))
        i += 1
    return [q for q in quantities if q.low is not None or q.high is not None]


def _quantity(text: str, a: _Atom) -> Quantity:
    low = high = a.value
    if a.vague:
        low, high = a.vague
    return Quantity(
        start=a.start,
        end=a.end,
        text=text[a.start : a.end],
        low=low,
        high=high,
        vague=a.vague is not None,
        currency=a.currency,
        percent=a.percent,
        unit=a.unit,
        scaled=a.scale is not None,
        atoms=[(a.start, a.end)],
    )


def _range(text: str, a: _Atom, b: _Atom, *, ordered: bool, gap: str) -> Quantity | None:
    if a.vague or b.vague:
        return None
    if (a.percent and not b.percent) or (a.currency and b.currency and a.currency != b.currency):
        return None
    if b.currency and not a.currency and a.percent:
        return None
    if (a.unit and b.unit and a.unit.lower() != b.unit.lower()) or (a.percent and b.unit):
        return None
    low, high = a.value, b.value
    if a.scale is None and b.scale is not None and a.raw <= b.raw:
        low = a.raw * b.scale  # "between 1 and 2 million"
    if _looks_like_years(a, b):
        return None
    if a.plain and 1000 <= a.value <= 2100 and b.scale is not None and a.raw > b.raw:
        return None  # "in 2018 to 3.9 million": a year, then an amount
    if ordered and low >= high:
        return None  # "2-2", "3-1": scores, not ranges
    if gap.strip() in ("-", "–", "—") and a.plain and b.plain and low >= high:
        return None
    low, high = min(low, high), max(low, high)
    q = Quantity(
        start=a.start,
        end=b.end,
        text=text[a.start : b.end],
        low=low,
        high=high,
        qualifier="between",
        currency=a.currency or b.currency,
        percent=b.percent,
        unit=b.unit or a.unit,
        scaled=bool(a.scale or b.scale),
        atoms=[(a.start, a.end), (b.start, b.end)],
    )
    return q


def _looks_like_years(a: _Atom, b: _Atom) -> bool:
    return (a.plain and b.plain and 1000 <= a.value <= 2100 and 1000 <= b.value <= 2100) or (
        a.plain and 1000 <= a.value <= 2100 and b.plain and b.value < 100 and b.raw >= 10
    )


def _qualify(text: str, q: Quantity, lexicon: QuantityLexicon) -> Quantity:
    """Read the qualifier written before and after the quantity, and a sign word."""
    before = text[max(0, q.start - 60) : q.start]
    cue = lexicon.prefix.match(before)
    qualifier = "exact"
    if cue is not None:
        qualifier, cue_start = cue
        if (
            qualifier == "about"
            and before[cue_start:].strip().lower() == "estimated"
            and not re.search(r"\ban?\s+estimated\s*$", before, re.I)
        ):
            qualifier = "exact"  # "estimated 5 years ago" is not "an estimated"
        else:
            q.start -= len(before) - cue_start
    after = text[q.end : q.end + 40]
    suffix = lexicon.suffix.match(after)
    if suffix is not None and not _number_follows(after[suffix[1] :]):
        qualifier = suffix[0]
        q.end += suffix[1]
    else:
        or_equal = lexicon.or_equal_re.match(after)
        if or_equal is not None and not _number_follows(after[or_equal.end() :]):
            if qualifier == "more_than":
                qualifier = "at_least"
                q.end += or_equal.end()
            elif qualifier == "less_than":
                qualifier = "at_most"
                q.end += or_equal.end()
    q.text = text[q.start : q.end]
    return _apply(q, qualifier)


def _number_follows(text: str) -> bool:
    """Does a number come next (after "than", "or equal to")? Then the words before it are that
    number's prefix, not this one's suffix ("5000 or less than 6000")."""
    text = re.sub(r"^\s*(?:than\b)?\s*(?:or\s+equal(?:\s+(?:to|than))?\b)?", "", text, flags=re.I)
    return re.match(r"\s*(?:[-−]?\d|(?:" + "|".join(NUMBER_WORDS) + r")\b)", text, re.I) is not None


def _apply(q: Quantity, qualifier: str) -> Quantity:
    value = q.value
    if q.vague or (q.qualifier == "between" and q.low != q.high):
        if qualifier in LOWER_BOUNDS:
            return replace(q, qualifier=qualifier, high=None)
        if qualifier in UPPER_BOUNDS:
            return replace(q, qualifier=qualifier, low=None)
        if q.vague:
            return replace(q, qualifier="about")
        return q
    if qualifier in LOWER_BOUNDS:
        return replace(q, qualifier=qualifier, low=value, high=None)
    if qualifier in UPPER_BOUNDS:
        return replace(q, qualifier=qualifier, low=None, high=value)
    return replace(q, qualifier=qualifier, low=value, high=value)


BOUND_GAP = re.compile(r"^\s*(?:,|and|but|,\s*(?:and|but))\s*$", re.I)


def bounded(text: str, first: Any, second: Any, lower: Any, upper: Any) -> Any:
    """``first`` and ``second`` (adjacent quantities, in text order) as one "between" interval
    from ``lower``'s low to ``upper``'s high. For the quantities of any language's reader
    (dataclasses with the same fields: ``dossier.lang.numbers.Quantity`` too)."""
    return replace(
        first,
        end=second.end,
        text=text[first.start : second.end],
        low=lower.low,
        high=upper.high,
        qualifier="between",
        atoms=first.atoms + second.atoms,
        percent=first.percent or second.percent,
        currency=first.currency or second.currency,
    )


def _join_bounds(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """ "more than 10 and less than 20", "at most 100 and at least 20": one interval."""
    out: list[Quantity] = []
    for q in quantities:
        last = out[-1] if out else None
        if (
            last is not None
            and BOUND_GAP.match(text[last.end : q.start])
            and {last.qualifier, q.qualifier} & LOWER_BOUNDS
            and {last.qualifier, q.qualifier} & UPPER_BOUNDS
        ):
            lower, upper = (last, q) if last.qualifier in LOWER_BOUNDS else (q, last)
            comma_only = "," in text[last.end : q.start] and "and" not in text[last.end : q.start]
            strict = {lower.qualifier, upper.qualifier} & {"more_than", "less_than"}
            if (
                lower.low is not None
                and upper.high is not None
                and (lower.low < upper.high or (lower.low == upper.high and not strict))
                and not (comma_only and lower is q)
            ):
                out[-1] = bounded(text, last, q, lower, upper)
                continue
        out.append(q)
    return out
