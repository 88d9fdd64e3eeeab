"""Numbers as Spanish, French, Portuguese, German, Russian and Ukrainian texts write them, read as
inclusive intervals with a qualifier, on the text alone (no parse needed).

``find_quantities(text, lang)`` returns every quantity the text writes:

- digits: ``1.000`` and ``1 000`` (thousands), ``1,5`` (a decimal comma), ``1,000,000`` and
  ``1,000.5`` read English-style (unambiguous there), a sign, an exponent;
- words, from ``resources/lang/<code>/numbers.json``: ``dos mil quinientos``, ``veintitrés``,
  ``quatre-vingt-dix``, ``двадцать пять тысяч``, ``zweitausendfünfhundert`` (German compounds
  split into their parts), scales after digits (``2,5 millones``, ``1,5 млн``, ``5 Mrd.``);
  Russian and Ukrainian inflected forms fall back to pymorphy3's normal form; a connector after a
  scale (``mille et un``), digits after a scale word (``1 million 200 000``), digit hundreds
  (``322 cent``), powers (``2,5^-1``), Indian grouping (``12,34,567.89``), fractions
  (``un vingt cinquième``, ``deux tiers de million``, ``la moitié``), elided ``d'un``;
- percentages and money (ISO 4217 codes), units of measure (``km``, ``t``), vague plurals
  (``decenas de`` = [24, 99], ``десятки тысяч`` = [24000, 99999], ``vague=True``);
- the qualifier written around it (``más de``, ``jusqu'à``, ``не менее``, ``bis zu``, ``X o
  más``), ranges (``entre X y Y``, ``от X до Y``, ``X-Y``) and two bounds joined ("más alta que
  1000 y más baja que 1500").

Policy for what is never a quantity: ordinals (``1º``, ``3e``, ``5-й``, German ``am 3.``; a
range of ranks, "entre le dixième et le quinzième", is read but flagged ``ordinal``),
numbers glued to letters that are no unit (``G7``, ``4G``), phone numbers, numeric dates, clock
times and list numbering (the English masks of ``figures.json``), a lone article (``un``,
``une``, ``ein``). Strict bounds keep the stated number: "más de 30" is ``low=30,
qualifier="more_than"``. Years, dates and ages are left to ``dossier.lang.figures``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from dossier.extract.quantities import bounded
from dossier.lang.data import lang_json

LOWER = {"at_least", "more_than"}
UPPER = {"at_most", "less_than", "up_to"}
MASKS = (
    "phone", "plus_phone", "iso_date", "numeric_date", "year_span", "clock", "list_number",
    "version", "hashtag_number",
)  # fmt: skip
MORPH_LANGS = {"ru", "uk"}
DIGITS = re.compile(
    r"(?<![\w.,])(?P<sign>[-−](?=\d))?(?P<num>"
    r"[1-9]\d{0,2}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3})+\.\d+"
    r"|[1-9]\d?(?:,\d\d)+,\d{3}(?:\.\d+)?(?![\d,])"
    r"|\d+(?:[.,]\d+)?"
    r"|(?<![^\s(])(?=,\d)(?:,\d+)(?![\d.,]))"
    r"(?P<exp>[eE][-+]?\d+)?"
)
FRACTION = re.compile(
    r"(?<![\w./,])(?:[-−]\s?)?(?:\d+\s+)?\d+/\d+(?![\w/])|(?:\d+\s*)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]"
)
POWER = re.compile(r"\^(?P<signs>[-−+]*)(?P<exp>\d+(?:[.,]\d+)?)(?![\d.,]\d)")
WORD = re.compile(r"[^\W\d_]+(?:[-'’ʼ][^\W\d_]+)*\.?")
SPACE = re.compile(r"[ \t\u00a0\u202f]+")


@dataclass
class Quantity:
    """One quantity the text writes: its extent, inclusive interval and what is around it."""

    start: int
    end: int
    text: str
    low: float | None
    high: float | None
    qualifier: str = "exact"
    vague: bool = False
    currency: str | None = None  # ISO 4217
    percent: bool = False
    unit: str | None = None  # a unit of measure written with it ("km", "t")
    scaled: bool = False  # written with a scale word ("2,5 millones")
    words: bool = False  # written (partly) in words
    plain: bool = False  # a bare integer in digits: no separator, decimal, scale or sign
    atoms: list[tuple[int, int]] = field(default_factory=list)  # the numbers' own extents
    ordinal: bool = False  # a range of ranks ("entre le dixième et le quinzième"), no count

    @property
    def value(self) -> float | None:
        return self.low if self.low is not None else self.high


@dataclass
class _Tok:
    start: int
    end: int
    kind: str  # digits | word | mult | scale | conn | dec | vague
    value: float = 0.0
    text: str = ""
    vague: tuple[float, float] | None = None


def _phrases(items: Any) -> list[str]:
    return sorted((str(p) for p in items), key=len, reverse=True)


class NumberLexicon:
    """A language's ``numbers.json``, compiled."""

    def __init__(self, lang: str) -> None:
        data = lang_json(lang, "numbers.json")
        if data is None:
            raise ValueError(f"no numbers.json for {lang!r}")
        self.lang = lang
        self.data = data
        self.words: dict[str, float] = {k.casefold(): float(v) for k, v in data["words"].items()}
        self.articles = {a.casefold() for a in data.get("articles", [])}
        self.mults = {m.casefold() for m in data.get("hundred_multipliers", [])}
        self.scales: dict[str, float] = {k.casefold(): float(v) for k, v in data["scales"].items()}
        self.connectors = {c.casefold() for c in data.get("connectors", [])}
        self.connector_after = data.get("connector_after", "tens")
        self.digit_hundreds = {w.casefold() for w in data.get("digit_hundreds", [])}
        self.connector_units = {float(v) for v in data.get("connector_units", [])}
        self.connector_after_scale = bool(data.get("connector_after_scale", False))
        self.decimal_words = {d.casefold() for d in data.get("decimal_words", [])}
        self.half_words = _phrases(data.get("half_words", []))
        self.half_parts = {w.casefold() for w in data.get("half_parts", [])}
        self.cent_joins: set[str] | None = (
            {w.casefold() for w in data["cent_joins"]} if "cent_joins" in data else None
        )
        self.minor_currencies = set(data.get("minor_currencies", []))
        self.vague = {k.casefold(): (float(a), float(b)) for k, (a, b) in data["vague"].items()}
        self.vague_need_of = {v.casefold() for v in data.get("vague_need_of", [])}
        self.vague_need_start = {v.casefold() for v in data.get("vague_need_start", [])}
        self.of_words = _phrases(data.get("of_words", []))
        self.percent = _phrases(data["percent"])
        self.currencies: dict[str, str] = dict(data["currencies"])
        self.currency_words = {k.casefold(): v for k, v in self.currencies.items()}
        self.units = {k.casefold(): v for k, v in data.get("units", {}).items()}
        self.before = {k.casefold(): v for k, v in data["qualifiers_before"].items()}
        self.before_phrases = _phrases(self.before)
        self.after = {k.casefold(): v for k, v in data["qualifiers_after"].items()}
        self.after_phrases = _phrases(self.after)
        after_noun = (w.casefold() for w in data.get("qualifiers_after_noun", []))
        self.after_noun = _phrases(w for w in after_noun if w in self.after)
        self.ranges: list[tuple[str, str]] = [
            (a.casefold(), b.casefold()) for a, b in data["ranges"]
        ]
        self.bound_joins = {j.casefold() for j in data.get("bound_joins", [])}
        self.fillers = {f.casefold() for f in data.get("range_fillers", [])}
        self.sign_words = {w.casefold() for w in data.get("sign_words", [])}
        self.months = {m.casefold() for m in data.get("months", [])}
        self.ordinal_suffixes = _phrases(data.get("ordinal_suffixes", []))
        self.ordinal_before = {w.casefold() for w in data.get("ordinal_before", [])}
        self.ordinal_words = {
            k.casefold(): float(v) for k, v in data.get("ordinal_words", {}).items()
        }
        parts = [p.casefold() for p in data.get("compound_parts", [])]  # "ß" folds to "ss"
        self.compound = (
            re.compile("(?:" + "|".join(re.escape(p) for p in _phrases(parts)) + ")+")
            if parts
            else None
        )
        self.compound_part = (
            re.compile("|".join(re.escape(p) for p in _phrases(parts))) if parts else None
        )
        self.fractions = {k.casefold(): float(v) for k, v in data.get("fractions", {}).items()}
        self.fraction_suffixes = _phrases(data.get("fraction_suffixes", []))
        self.fraction_joins = {w.casefold() for w in data.get("fraction_joins", [])}
        self.time_words = {w.casefold() for w in data.get("time_words", [])}
        self.change_words = {w.casefold() for w in data.get("change_words", [])}
        self.elisions = _phrases(data.get("elisions", []))
        self.lone_fractions = {w.casefold() for w in data.get("lone_fractions", [])}
        self.over_words = {w.casefold() for w in data.get("over_words", [])}
        multi = [w for w in (*self.words, *self.scales) if " " in w]
        self.multiword = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _phrases(multi))
                + r")(?!\w)",
                re.I,
            )
            if multi
            else None
        )
        every = _phrases([k for k in (*self.words, *self.scales) if k.isalpha()])
        self.all_parts = re.compile("(?:" + "|".join(re.escape(p) for p in every) + ")+")
        self.all_part = re.compile("|".join(re.escape(p) for p in every))
        symbols = [k for k in self.currencies if not k[:1].isalpha()]
        self.symbols = _phrases(symbols)
        from dossier.extract.quantities import default_lexicon

        masks = default_lexicon().data["masks"]
        joined = "|".join(f"(?:{masks[m].replace('(?m)', '')})" for m in MASKS if m in masks)
        keys = _phrases(self.vague)
        self.vague_pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.I
        )
        self.unit_phrases = _phrases(self.units)
        self.currency_phrases = _phrases(self.currencies)
        self.currency_word_phrases = _phrases(
            k.casefold() for k in self.currencies if k[:1].isalpha() and not k.isupper()
        )
        self.minor_phrases = _phrases(
            k.casefold() for k, v in self.currencies.items() if v in self.minor_currencies
        )
        self.masks = re.compile(joined + r"|https?://\S+|\bwww\.\S+", re.M)  # URLs too

    def scale_of_vague(self, low: float) -> float:
        """The scale a vague plural stands for ("milliers" -> 1000, "cientos" -> 100)."""
        return 10.0 ** math.floor(math.log10(low)) if low >= 100 else 10.0


@cache
def lexicon(lang: str) -> NumberLexicon:
    """The compiled lexicon of ``lang``, loaded once per process."""
    return NumberLexicon(lang)


@cache
def _morph(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def _normal_forms(lang: str, word: str) -> tuple[str, ...]:
    try:
        parses = _morph(lang).parse(word)
    except Exception:  # pymorphy3 or its dictionaries missing: the listed forms only
        return ()
    return tuple(p.normal_form for p in parses if {"NUMR", "NOUN"} & set(str(p.tag).split(",")))


def has_numbers(lang: str) -> bool:
    """Whether ``lang`` has a ``numbers.json``."""
    return lang_json(lang, "numbers.json") is not None


def parse_digits(text: str, lang: str = "es") -> float | None:
    """A number written in digits, European-style first.

    >>> parse_digits("1.000"), parse_digits("1 000 000"), parse_digits("1,5"), parse_digits("4,800")
    (1000.0, 1000000.0, 1.5, 4.8)
    >>> parse_digits("1,000,000"), parse_digits("2.5"), parse_digits("-127,32e13")
    (1000000.0, 2.5, -1273200000000000.0)
    """
    text = text.strip().replace("−", "-")
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    exp = 0
    match = re.search(r"[eE]([-+]?\d+)$", text)
    if match:
        exp = int(match.group(1))
        text = text[: match.start()]
    if re.fullmatch(r"[1-9]\d{0,2}(?:[.\u00a0\u202f ]\d{3})+(?:,\d+)?", text):
        value = text.replace(".", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        value = value.replace(",", ".")
    elif re.fullmatch(
        r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+"
        r"|[1-9]\d?(?:,\d\d)+,\d{3}(?:\.\d+)?",  # Indian "12,34,567.89"
        text,
    ):
        value = text.replace(",", "")
    elif re.fullmatch(r"\d+(?:[.,]\d+)?|,\d+", text):  # ",5": a decimal without its 0
        value = text.replace(",", ".")
    else:
        return None
    return _round(sign * float(value) * 10.0**exp)


def _round(value: float) -> float:
    return float(round(value, 10)) if abs(value) < 1e15 else value


def _word_value(word: str, lex: NumberLexicon) -> tuple[str, float] | None:
    """The kind and value of one word: a number word, hundred multiplier, scale, connector,
    decimal word, fraction denominator ("quintos", "cinquième", "treintavos") or "over"."""
    low = word.casefold()
    if low in lex.mults:
        return "mult", 100.0
    if low in lex.words:
        return "word", lex.words[low]
    if low in lex.scales:
        return "scale", lex.scales[low]
    if low in lex.connectors:
        return "conn", 0.0
    if low in lex.decimal_words:
        return "dec", 0.0
    if low in lex.fractions:
        return "frac", lex.fractions[low]
    if low in lex.over_words:
        return "over", 0.0
    if low in lex.fraction_joins:
        return "join", 0.0
    if low in lex.half_parts:
        return "half", 0.5
    if low in lex.currency_words:
        return None  # "centavos" is a coin, no hundredth
    for suffix in lex.fraction_suffixes:
        if low.endswith(suffix) and len(low) > len(suffix) + 1:
            den = _stem_value(low[: -len(suffix)], lex)
            if den:
                return "frac", den
    if lex.lang in MORPH_LANGS and low.isalpha() and len(low) > 2:
        for form in _normal_forms(lex.lang, low):
            if form in lex.words:
                return "word", lex.words[form]
            if form in lex.scales:
                return "scale", lex.scales[form]
    return None


def _stem_value(stem: str, lex: NumberLexicon) -> float | None:
    """The number an ordinal's stem names: "cinqu" -> 5, "dosmil" -> 2000, "treint" -> 30."""
    for cand in (stem, stem + "e", stem + "a", stem + "o", stem[:-1], stem[:-1] + "f"):
        if cand in lex.words:
            return lex.words[cand]
        if cand in lex.scales:
            return lex.scales[cand]
    if lex.all_parts.fullmatch(stem):
        run = _Run(lex)
        for m in lex.all_part.finditer(stem):
            found = _word_value(m.group(), lex)
            if found is None or not run.accept(_Tok(0, 0, found[0], found[1], m.group())):
                return None
        return run.value or None
    return None


def _compound(word: str, start: int, lex: NumberLexicon) -> list[_Tok] | None:
    """A German compound split into number words: "zweitausendfünfhundert"."""
    if lex.compound is None or lex.compound.fullmatch(word.casefold()) is None:
        return None
    low = word.casefold()
    toks: list[_Tok] = []
    for m in lex.compound_part.finditer(low):
        found = _word_value(m.group(), lex)
        if found is None:
            return None
        toks.append(_Tok(start + m.start(), start + m.end(), found[0], found[1], m.group()))
    return toks


def _tokens(text: str, lex: NumberLexicon, masked: list[tuple[int, int]]) -> list[_Tok]:
    """Number-bearing tokens in text order (anything else ends a run)."""
    toks: list[_Tok] = []
    taken: list[tuple[int, int]] = []
    if lex.multiword:
        for m in lex.multiword.finditer(text):
            found = _word_value(m.group(), lex)
            if found is not None:
                toks.append(_Tok(m.start(), m.end(), found[0], found[1], m.group()))
                taken.append((m.start(), m.end()))
    for m in FRACTION.finditer(text):
        if any(s <= m.start() < e for s, e in masked):
            continue
        value = _fraction_value(m.group())
        if value is not None:
            toks.append(_Tok(m.start(), m.end(), "fraction", value, m.group()))
            taken.append((m.start(), m.end()))
    for m in DIGITS.finditer(text):
        if any(s <= m.start() < e for s, e in [*masked, *taken]):
            continue
        value = parse_digits(m.group(), lex.lang)
        if value is None:
            continue
        power = POWER.match(text, m.end())
        if power is not None:  # "2,5^-1", "-1,1^+23": a power
            value = _power(value, power)
            taken.append((m.start(), power.end()))
            toks.append(
                _Tok(m.start(), power.end(), "digits", value, text[m.start() : power.end()])
            )
            continue
        toks.append(_Tok(m.start(), m.end(), "digits", value, m.group()))
    for m in WORD.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        word, begin = m.group(), m.start()
        elided = next((e for e in lex.elisions if word.casefold().startswith(e)), None)
        if elided and len(word) > len(elided):  # "d'un million", "qu'une"
            word, begin = word[len(elided) :], begin + len(elided)
        bare = word.rstrip(".")
        found = _word_value(word, lex) or (_word_value(bare, lex) if bare != word else None)
        end = m.end() if found and found[0] == "scale" and word.casefold() in lex.scales else None
        if found is None and "-" in bare:
            parts = _hyphen_parts(bare, begin, lex)
            if parts:
                toks.extend(parts)
                continue
        if found is None:
            parts = _compound(bare, begin, lex)
            if parts:
                toks.extend(parts)
            continue
        toks.append(_Tok(begin, end or begin + len(bare), found[0], found[1], bare))
    toks.sort(key=lambda t: t.start)
    return toks


def _power(value: float, power: re.Match[str]) -> float:
    """ "2,5^-1" -> 0.4: the sign stays outside the power ("-2,5^-1" -> -0.4), an even count of
    minus signs in the exponent cancels ("^--23")."""
    exp = float(power.group("exp").replace(",", "."))
    if (power.group("signs").count("-") + power.group("signs").count("−")) % 2:
        exp = -exp
    try:
        result = math.copysign(abs(value) ** exp, value) if value else 0.0
    except OverflowError:
        return value
    return _round(result)


def _fraction_value(written: str) -> float | None:
    """ "3/4" -> 0.75, "1 4/5" -> 1.8, "½" -> 0.5."""
    sign = -1.0 if written.lstrip().startswith(("-", "−")) else 1.0
    body = written.lstrip("-− ")
    m = re.fullmatch(r"(?:(\d+)\s+)?(\d+)/(\d+)", body)
    if m:
        whole, num, den = m.groups()
        if int(den) == 0:
            return None
        return _round(sign * ((int(whole) if whole else 0) + int(num) / int(den)))
    m = re.fullmatch(r"(?:(\d+)\s*)?([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])", body)
    if m:
        import unicodedata

        return _round(
            sign * ((int(m.group(1)) if m.group(1) else 0) + unicodedata.numeric(m.group(2)))
        )
    return None


def _hyphen_parts(word: str, start: int, lex: NumberLexicon) -> list[_Tok] | None:
    """ "quatre-vingt-dix" -> quatre-vingt, dix (the longest listed pieces first)."""
    pieces = word.split("-")
    out: list[_Tok] = []
    i, pos = 0, start
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            joined = "-".join(pieces[i:j])
            found = _word_value(joined, lex)
            if found is not None:
                out.append(_Tok(pos, pos + len(joined), found[0], found[1], joined))
                pos += len(joined) + 1
                i = j
                break
        else:
            return None
    if len(out) > 1 and out[-1].kind == "frac" and all(t.kind != "frac" for t in out[:-1]):
        run = _Run(lex)  # "vingt-cinquième", "vingt-et-unième": one ordinal, one denominator
        if all(run.accept(t) for t in out[:-1] if t.kind != "conn"):
            value = run.value + out[-1].value
            return [_Tok(start, start + len(word), "frac", value, word)]
    return out


@dataclass
class _Atom:
    start: int
    end: int
    value: float
    words: bool = False
    scaled: bool = False
    scale: float = 1.0
    plain: bool = False
    vague: tuple[float, float] | None = None
    currency: str | None = None
    percent: bool = False
    unit: str | None = None


def _gap_ok(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return gap == "" or SPACE.fullmatch(gap) is not None or gap == "-"


class _Run:
    """Accumulates the tokens of one written number."""

    def __init__(self, lex: NumberLexicon) -> None:
        self.lex = lex
        self.parts: list[tuple[float, float]] = []  # (value, scale)
        self.current: float | None = None
        self.last = ""
        self.toks: list[_Tok] = []
        self.words = False
        self.scaled = False
        self.last_scale = 1.0
        self.extra = 0.0  # a fraction added ("y medio", "et un quart")
        self.allow_hundreds = False  # digits times a plural hundred word ("3 cents et 21")

    @property
    def value(self) -> float:
        return sum(v for v, _ in self.parts) + (self.current or 0.0) + self.extra

    def accept(self, tok: _Tok) -> bool:
        """Add ``tok`` when it continues the number; False when it starts another."""
        last, cur = self.last, self.current
        if tok.kind in ("digits", "fraction"):
            after_scale = (
                last == "scale" and self.words and tok.kind == "digits" and cur is None
                and 0 < tok.value < self.last_scale and tok.value == int(tok.value)
            )  # fmt: skip
            if self.toks and not after_scale:
                return False  # "1 million 200 000" goes on; "3 4" does not
            self.current, self.last = tok.value, "digits"
        elif tok.kind == "word":
            v = tok.value
            french_ten = self.lex.lang == "fr" and v == 10
            if not self.toks:
                self.current, self.last = v, _word_kind(v)
            elif last == "scale":
                if v >= self.last_scale:
                    return False
                self.current, self.last = v, _word_kind(v)
            elif last == "hundred" and v < 100:
                self.current, self.last = (cur or 0) + v, _word_kind(v)
            elif last == "tens" and (v < 10 or (self.lex.lang == "fr" and v < 20)):
                self.current, self.last = (cur or 0) + v, "tens" if french_ten else "unit"
            elif last == "unit_und" and 20 <= v < 100 and v % 10 == 0:
                self.current, self.last = (cur or 0) + v, "tens"
            else:
                return False
            if french_ten and len(self.toks) == 0:
                self.last = "tens"  # "dix sept"
            self.words = True
        elif tok.kind == "half":  # German "dreieinhalb", "einhalb"
            if not self.toks:
                self.current = 0.5
            elif last in ("unit", "tens", "hundred") and cur is not None and cur == int(cur):
                self.current = cur + 0.5
            else:
                return False
            self.last, self.words = "half", True
        elif tok.kind == "mult":
            if cur is None or last == "scale":
                self.current = 100.0
            elif last in ("unit", "tens") and cur < 100:
                self.current = cur * 100
            elif last == "digits" and cur is not None and cur > 1 and self._digit_hundred(tok):
                self.current = _round(cur * 100)  # "3 cent un", "4 mille 3 cents"
            else:
                return False
            self.last, self.words = "hundred", True
        elif tok.kind == "scale":
            trailing = [v for v, s in self.parts if s < tok.value]
            if cur is None and not trailing:
                if self.toks or tok.text.casefold() in self.lex.vague:
                    return False
                cur = 1.0
            keep = [(v, s) for v, s in self.parts if s >= tok.value]
            if keep and min(s for _, s in keep) == tok.value:
                return False  # "mil ... mil": two numbers
            self.parts = [*keep, ((sum(trailing) + (cur or 0.0)) * tok.value, tok.value)]
            self.current, self.last, self.last_scale = None, "scale", tok.value
            self.scaled = True
            self.words = self.words or tok.text[:1].isalpha()
        else:
            return False
        self.toks.append(tok)
        return True

    def _digit_hundred(self, tok: _Tok) -> bool:
        """Whether a hundred word multiplies the digits before it: the singular ("322 cent",
        no coin), or any form inside a number written with a scale word ("4 mille 3 cents")
        or when ``allow_hundreds`` is set ("3 cents et 21")."""
        low = tok.text.casefold()
        return low in self.lex.digit_hundreds or bool(self.parts) or self.allow_hundreds

    def connector_ok(self) -> bool:
        rule = self.lex.connector_after
        if rule == "any":
            return self.last in ("unit", "tens", "hundred", "scale") and self.words
        if rule == "tens":
            return self.last == "tens"
        if rule == "units":
            return self.last == "unit"
        return False


def _word_kind(v: float) -> str:
    if v >= 100:
        return "hundred"
    if v >= 20 and v % 10 == 0:
        return "tens"
    return "unit"


def _build(text: str, toks: list[_Tok], i: int, lex: NumberLexicon) -> tuple[_Run, int]:
    """The longest number starting at token ``i`` (its run and the index after it); an empty
    run when token ``i`` cannot start one."""
    run = _Run(lex)
    if i >= len(toks) or not run.accept(toks[i]):
        return run, i
    j = i + 1
    while j < len(toks):
        nxt = toks[j]
        if not _gap_ok(text, run.toks[-1].end, nxt.start):
            break
        if nxt.kind == "conn" and j + 1 < len(toks) and run.connector_ok():
            after = toks[j + 1]
            if not _gap_ok(text, nxt.end, after.start) or after.kind != "word":
                break
            if lex.connector_units and after.value not in lex.connector_units:
                break  # French "vingt et un", "soixante et onze"; "vingt et trois" is no 23
            saved = (list(run.parts), run.current, run.last)
            if lex.connector_after == "units":
                run.last = "unit_und"
            if run.accept(after):
                j += 2
                continue
            run.parts, run.current, run.last = saved
            break
        if nxt.kind == "mult" and run.last == "digits" and _hundreds_and(text, toks, j, lex):
            run.allow_hundreds = True
            ok = run.accept(nxt)
            run.allow_hundreds = False
            if not ok:
                break
            run.current = (run.current or 0.0) + toks[j + 2].value
            run.last = _word_kind(toks[j + 2].value)
            run.toks.append(toks[j + 2])
            j += 3
            continue
        if nxt.kind == "conn" and run.last == "scale" and lex.connector_after_scale:
            k = _after_scale(text, toks, run, j, lex)
            if k is not None:
                j = k
                continue
            break
        if nxt.kind == "dec" and j + 1 < len(toks) and run.last != "scale":
            frac, k = _decimals(text, toks, j + 1, lex)
            if k > j + 1:
                run.current = (run.current or 0.0) + frac
                run.toks.append(toks[k - 1])
                j = k
            break
        if not run.accept(nxt):
            break
        j += 1
    return run, j


def _hundreds_and(text: str, toks: list[_Tok], j: int, lex: NumberLexicon) -> bool:
    """ "3 cents et 21": digits, a hundred word, a connector and a number from 1 to 99 (a
    hundreds number in mixed notation, no coin)."""
    if j + 2 >= len(toks) or toks[j + 1].kind != "conn" or not lex.connector_after_scale:
        return False
    after = toks[j + 2]
    if after.kind not in ("digits", "word") or not 0 < after.value < 100:
        return False
    if after.kind == "digits" and not after.text.isdigit():
        return False
    if j + 3 < len(toks) and _gap_ok(text, after.end, toks[j + 3].start):
        return False  # "3 cents et 2 cents"
    return _gap_ok(text, toks[j].end, toks[j + 1].start) and _gap_ok(
        text, toks[j + 1].end, after.start
    )


def _after_scale(text: str, toks: list[_Tok], run: _Run, j: int, lex: NumberLexicon) -> int | None:
    """ "mille et un", "six millions et deux cents": a connector joins a smaller number after a
    scale word (the index after it), unless the connector closes a range ("entre mille et
    deux mille") or a fraction follows ("un million et un quart")."""
    if j + 1 >= len(toks) or not run.words or not _gap_ok(text, toks[j].end, toks[j + 1].start):
        return None
    if toks[j + 1].kind not in ("word", "mult"):
        return None
    word = toks[j].text.casefold()
    pres = [pre for pre, w in lex.ranges if w == word and pre]
    if pres and _match_before(text, run.toks[0].start, pres, lex.fillers) is not None:
        return None
    part, k = _build(text, toks, j + 1, lex)
    if not part.toks or part.scaled or part.value >= run.last_scale:
        return None
    follows = k < len(toks) and toks[k].kind in ("frac", "over", "join", "conn")
    if follows and _gap_ok(text, part.toks[-1].end, toks[k].start):
        return None
    run.current = part.value
    run.last = part.last
    run.toks.extend(part.toks)
    return k


def _decimals(text: str, toks: list[_Tok], i: int, lex: NumberLexicon) -> tuple[float, int]:
    """ "coma cero tres" -> 0.03, "virgule soixante et onze" -> 0.71: after a decimal word."""
    if toks[i].kind == "digits" and toks[i].text.isdigit():
        return float("0." + toks[i].text), i + 1
    digits, k = "", i
    while k < len(toks) and toks[k].kind == "word" and toks[k].value < 10:
        if k > i and not _gap_ok(text, toks[k - 1].end, toks[k].start):
            break
        digits += str(int(toks[k].value))
        k += 1
    if len(digits) > 1 and digits.startswith("0"):
        return float("0." + digits), k
    run, j = _build(text, toks, i, lex)
    if not run.toks:
        return 0.0, i
    n = int(run.value)
    return n / 10 ** len(str(n)), j


def _fraction_after(
    text: str, toks: list[_Tok], run: _Run, j: int, lex: NumberLexicon
) -> tuple[float, int] | None:
    """What a number's fraction makes of it: "tres quintos" (3/5), "uno sobre tres" (1/3),
    "tres con un quinto" (3 + 1/5), "cinco y medio" (5.5); None when none follows."""
    if j >= len(toks) or not _gap_ok(text, run.toks[-1].end, toks[j].start):
        return None
    nxt = toks[j]
    if nxt.kind == "frac" and nxt.value and run.words:
        return run.value / nxt.value, j + 1
    if nxt.kind == "over":
        other, k = _build(text, toks, j + 1, lex)
        if other.toks and _time_after(text, other.toks[-1].end, lex):
            return None  # "1000 € sur 3 ans": a span of time, no fraction
        if other.toks and other.value and _gap_ok(text, nxt.end, other.toks[0].start):
            return run.value / other.value, k
        return None
    joins = nxt.kind in ("conn", "join")
    if joins and j + 1 < len(toks) and _gap_ok(text, nxt.end, toks[j + 1].start):
        after = toks[j + 1]
        if after.kind == "frac" and after.value == 2:
            return run.value + 0.5 * (run.last_scale if run.last == "scale" else 1.0), j + 2
        part, k = _build(text, toks, j + 1, lex)
        if part.toks:
            frac = _fraction_after(text, toks, part, k, lex)
            # a whole number and a fraction: "vingt et trois cinquièmes", "deux et trois quarts"
            proper = frac is not None and (part.value < run.value + 1 or frac[0] < 1)
            if frac is not None and frac[0] < 10 and proper:
                scale = run.last_scale if run.last == "scale" else 1.0
                return run.value + frac[0] * scale, frac[1]
            if nxt.kind == "join" and run.last != "scale" and run.words and part.words:
                n = int(part.value)  # "siete con cincuenta": a decimal
                if n == part.value and n > 0:
                    return run.value + n / 10 ** len(str(n)), k
    return None


def _runs(text: str, toks: list[_Tok], lex: NumberLexicon, articles: bool) -> list[_Atom]:
    """Group tokens into numbers."""
    atoms: list[_Atom] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        compound = _article_fraction(text, toks, i, lex)
        if compound is not None:  # "un vingt-cinquième" written apart: 1/25
            value, j = compound
            atoms.append(_Atom(tok.start, toks[j - 1].end, _round(value), words=True))
            i = j
            continue
        run, j = _build(text, toks, i, lex)
        if not run.toks:
            lone = _lone_fraction(text, tok, lex)
            if lone is not None:
                atoms.append(lone)
            i += 1
            continue
        value = run.value
        frac = _fraction_after(text, toks, run, j, lex)
        end = run.toks[-1].end
        if frac is not None:
            value, j = frac[0], frac[1]
            end = toks[j - 1].end
            scaled = _of_scale(text, end, lex)  # "deux tiers de million"
            if scaled is not None:
                value, end = value * scaled[0], scaled[1]
            elif _scale_next(text, toks, j, end):  # "fünf und drei Viertel Milliarde"
                value, end, j = value * toks[j].value, toks[j].end, j + 1
        elif (
            (not articles or "/" in (text[tok.end : tok.end + 1], text[tok.start - 1 : tok.start]))
            and tok.kind == "word"
            and len(run.toks) == 1
            and tok.text.casefold() in lex.articles
            and not _match_after(text, tok.end, lex.currency_word_phrases)  # "einen Euro": 1
        ):
            i = j
            continue  # a lone article: "un hombre", "une fois", "ein Mann"; "un/une": a form
        start = run.toks[0].start
        before = text[max(0, start - 16) : start]
        sign = re.search(r"(?:^|(?<=\s))[-−]\s+$", before)
        if sign and atoms and not text[atoms[-1].end : start - len(sign.group())].strip():
            sign = None  # "1000 - 5000": a range's dash
        if sign and re.search(r"[^\W\d_]\s+$", before[: sign.start()]):
            sign = None  # "против - 3", "contra - 3": a dash after a word, not a minus
        if sign and tok.kind in ("digits", "fraction") and value > 0:
            value, start = -value, start - len(sign.group())
        word_sign = re.search(r"([^\W\d_]+)\s+$", before)
        if word_sign and _match_before(text, start, lex.before_phrases) is not None:
            word_sign = None  # "au moins 300": a bound, no sign
        if word_sign and word_sign.group(1).casefold() in lex.sign_words and value > 0:
            value, start = -value, start - len(word_sign.group())
        atom = _Atom(
            start,
            end,
            _round(value),
            words=run.words,
            scaled=run.scaled,
            scale=run.last_scale if run.last == "scale" else 1.0,
            plain=(len(run.toks) == 1 and tok.kind == "digits" and tok.text.isdigit()),
        )
        if run.last == "scale" and frac is None:
            half = _match_after(text, atom.end, lex.half_words)
            if half:
                atom.value += 0.5 * run.last_scale
                atom.end += half
        atoms.append(atom)
        i = j
    return atoms


def _scale_next(text: str, toks: list[_Tok], j: int, end: int) -> bool:
    """Whether token ``j`` is a scale word of a thousand or more right after ``end``."""
    return (
        j < len(toks)
        and toks[j].kind == "scale"
        and toks[j].value >= 1000
        and toks[j].text[:1].isalpha()
        and _gap_ok(text, end, toks[j].start)
    )


def _time_after(text: str, pos: int, lex: NumberLexicon) -> bool:
    """Whether a unit of time ("ans", "mois", "jours") is written right after ``pos``."""
    m = re.match(r"[ \u00a0\u202f]*([^\W\d_]+)", text[pos : pos + 30])
    return m is not None and m.group(1).casefold() in lex.time_words


def _article_fraction(
    text: str, toks: list[_Tok], i: int, lex: NumberLexicon
) -> tuple[float, int] | None:
    """ "un vingt cinquième" (1/25), "une vingt et unième" (1/21), "un cent cinquième" (1/105):
    an article, then an ordinal denominator written in several words: its value and the index
    after it. The denominator's last word names a unit smaller than the step before it."""
    if toks[i].kind != "word" or toks[i].text.casefold() not in lex.articles:
        return None
    k = i + 1
    while k < len(toks) and toks[k].kind in ("word", "mult", "conn", "scale"):
        k += 1
    if k == i + 1 or k >= len(toks) or toks[k].kind != "frac" or toks[k].value >= 10:
        return None
    if toks[k].text.casefold() in lex.fractions:
        return None  # "un million et demi": a named fraction ("demi", "quart") is no ordinal
    if any(not _gap_ok(text, toks[m - 1].end, toks[m].start) for m in range(i + 1, k + 1)):
        return None
    middle = [t for t in toks[i + 1 : k] if t.kind != "conn"]
    run = _Run(lex)
    if not middle or not all(run.accept(t) for t in middle):
        return None
    if run.last not in ("tens", "hundred", "scale"):
        return None
    return 1.0 / (run.value + toks[k].value), k + 1


def _of_scale(text: str, pos: int, lex: NumberLexicon) -> tuple[float, int] | None:
    """The scale a fraction is of ("de million", "d'un million") and where it ends."""
    of = _match_after(text, pos, lex.of_words)
    if not of:
        return None
    m = re.match(r"[ \u00a0\u202f]*(?:(?:un|une)[ \u00a0\u202f]+)?([^\W\d_]+)", text[pos + of :])
    if m is None or m.group(1).casefold() not in lex.scales:
        return None
    scale = lex.scales[m.group(1).casefold()]
    return (scale, pos + of + m.end()) if scale >= 1000 else None


def _lone_fraction(text: str, tok: _Tok, lex: NumberLexicon) -> _Atom | None:
    """A fraction noun with no number before it: "la moitié" (0.5), "quart de million"
    (250000); a fraction closing another number ("deux et demi") is not one."""
    if tok.kind != "frac" or not tok.value:
        return None
    value = 1.0 / tok.value
    scaled = _of_scale(text, tok.end, lex)
    if scaled is not None:
        return _Atom(tok.start, scaled[1], _round(value * scaled[0]), words=True, scaled=True)
    if tok.text.casefold() not in lex.lone_fractions:
        return None
    before = text[max(0, tok.start - 12) : tok.start].casefold()
    last = re.search(r"([^\W\d_]+)[ \u00a0\u202f]*$", before)
    if last and (last.group(1) in lex.fraction_joins or last.group(1) in lex.connectors):
        return None
    return _Atom(tok.start, tok.end, _round(value), words=True)


def _match_after(text: str, pos: int, phrases: list[str]) -> int:
    """Length of the first phrase written right after ``pos`` (after spaces), else 0."""
    rest = text[pos : pos + 60]
    stripped = rest.lstrip(" \u00a0\u202f")
    gap = len(rest) - len(stripped)
    low = stripped.casefold()
    for phrase in phrases:
        if low.startswith(phrase) and _boundary(low, len(phrase)):
            return gap + len(phrase)
    return 0


def _boundary(text: str, pos: int) -> bool:
    return pos >= len(text) or not (text[pos].isalnum()) or not text[pos - 1].isalnum()


def _match_before(
    text: str, pos: int, phrases: list[str], fillers: set[str] | frozenset[str] = frozenset()
) -> tuple[str, int] | None:
    """The phrase written right before ``pos`` (an article between them allowed: "entre el
    diez") and where it starts."""
    before = text[max(0, pos - 60) : pos]
    stripped = before.rstrip(" \u00a0\u202f")
    low = stripped.casefold()
    filler = re.search(r"(?:^|\s)([^\W\d_]+['’]?)$", low)
    candidates = [low]
    if filler and filler.group(1) in fillers:
        candidates.append(low[: filler.start(1)].rstrip(" \u00a0\u202f"))
    elif low.endswith(("l'", "l’")) and any(f in fillers for f in ("l'", "l’")):
        candidates.append(low[:-2].rstrip())
    for cand in candidates:
        for phrase in phrases:
            if cand.endswith(phrase):
                k = len(cand) - len(phrase)
                if k == 0 or not cand[k - 1].isalnum() or not phrase[:1].isalnum():
                    return phrase, pos - (len(before) - k)
    return None


def _vague_atoms(text: str, lex: NumberLexicon, atoms: list[_Atom]) -> list[_Atom]:
    """Vague plurals ("decenas de", "des centaines de", "десятки тысяч") not inside a number."""
    taken = [(a.start, a.end) for a in atoms]
    found: list[_Atom] = []
    for m in lex.vague_pattern.finditer(text):
        key = m.group().casefold()
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if any(s < m.end() and m.start() < e for s, e in ((f.start, f.end) for f in found)):
            continue
        if key in lex.vague_need_start:
            continue
        of = _match_after(text, m.end(), lex.of_words)
        if key in lex.vague_need_of and not of:
            continue
        low, high = lex.vague[key]
        end = m.end()
        # "decenas de miles", "des dizaines de milliers", "десятки тысяч": times the next scale
        nxt_start = end + of
        nxt = WORD.match(text, nxt_start + (len(text[nxt_start:]) - len(text[nxt_start:].lstrip())))
        if nxt is not None:
            word = nxt.group().rstrip(".").casefold()
            scale = lex.scales.get(word)
            if scale is None and word in lex.vague:
                scale = lex.scale_of_vague(lex.vague[word][0])
            if scale is not None and scale >= 1000:
                low, high, end = low * scale, (high + 1) * scale - 1, nxt.end()
        found.append(_Atom(m.start(), end, low, words=True, vague=(low, high)))
    return found


def _decorate(text: str, atom: _Atom, lex: NumberLexicon) -> _Atom | None:
    """Percent, currency and unit around an atom; None when it is an ordinal or a name."""
    after = text[atom.end : atom.end + 40]
    glued = re.match(r"[^\W\d_]+\.?|[%$€£¥₽₴°º]", after)
    if glued and not atom.words:
        word = glued.group()
        low = word.casefold()
        ordinal = word in lex.ordinal_suffixes or low in lex.ordinal_suffixes
        if ordinal and not (low in lex.units or low in lex.currency_words or low in lex.scales):
            return None
        if word[:1].isalpha():
            bare = low.rstrip(".")
            if bare in lex.scales or low in lex.scales:
                atom.value = _round(atom.value * lex.scales.get(low, lex.scales.get(bare, 1)))
                atom.scaled, atom.end = True, atom.end + len(word)
            elif low in lex.units or bare in lex.units:
                atom.unit = lex.units.get(low) or lex.units[bare]
                return atom
            elif word in lex.currencies or low in lex.currency_words:
                atom.currency = lex.currencies.get(word) or lex.currency_words[low]
                atom.end += len(word)
                return atom
            else:
                return None  # "4G", "10x", "3D"
    dash = re.match(r"[-‑](?:[^\W\d_]+)", after)
    if dash and lex.ordinal_suffixes and dash.group() in lex.ordinal_suffixes:
        return None  # "5-й", "3-го"
    if re.match(r"\.\s", after) and lex.ordinal_before and not atom.words:
        prev = re.search(r"(\w+)\s*$", text[: atom.start])
        if prev and prev.group(1).casefold() in lex.ordinal_before:
            return None  # German "am 3. März", "der 2. Platz"
    n = _match_after(text, atom.end, lex.percent)
    if n:
        atom.percent, atom.end = True, atom.end + n
        return atom
    _currency_after(text, atom, lex)
    if atom.currency is not None and not atom.scaled:  # "75 USD milhões"
        scale = re.match(r"[ \u00a0\u202f]+([^\W\d_]+\.?)", text[atom.end : atom.end + 30])
        word = scale.group(1).casefold() if scale else ""
        value = lex.scales.get(word) or lex.scales.get(word.rstrip("."))
        if scale and value and value >= 1000:
            atom.value, atom.end, atom.scaled = (
                _round(atom.value * value),
                atom.end + scale.end(),
                True,
            )
    if atom.currency is None:
        _currency_before(text, atom, lex)
    if atom.currency is None and atom.unit is None:
        n = _match_after(text, atom.end, lex.unit_phrases)
        if n:
            word = text[atom.end : atom.end + n].strip().casefold()
            atom.unit = lex.units.get(word)
    return atom


def _currency_after(text: str, atom: _Atom, lex: NumberLexicon) -> None:
    pos = atom.end
    of = _match_after(text, pos, lex.of_words) if (atom.scaled or atom.vague) else 0
    for skip in (of, 0) if of else (0,):
        rest = text[pos + skip : pos + skip + 40]
        stripped = rest.lstrip(" \u00a0\u202f")
        gap = len(rest) - len(stripped)
        for surface in lex.currency_phrases:
            alpha = surface[:1].isalpha()
            cand = stripped[: len(surface)]
            same = cand.casefold() == surface.casefold() if alpha else cand == surface
            if same and (not alpha or _boundary(stripped.casefold(), len(surface))):
                if alpha and surface.isupper() and cand != surface:
                    continue
                atom.currency = lex.currencies[surface]
                atom.end = pos + skip + gap + len(surface)
                return


def _currency_before(text: str, atom: _Atom, lex: NumberLexicon) -> None:
    before = text[max(0, atom.start - 12) : atom.start]
    for surface in lex.currency_phrases:
        if not (surface.isupper() or not surface[:1].isalpha()):
            continue
        m = re.search(re.escape(surface) + r"[ \u00a0]?$", before)
        if m and (
            m.start() == 0 or not before[m.start() - 1].isalnum() or not surface[0].isalnum()
        ):
            atom.currency = lex.currencies[surface]
            atom.start = atom.start - (len(before) - m.start())
            return


def _atoms(text: str, lex: NumberLexicon, articles: bool = False) -> list[_Atom]:
    masked = [(m.start(), m.end()) for m in lex.masks.finditer(text)]
    atoms = _runs(text, _tokens(text, lex, masked), lex, articles)
    atoms = [
        a
        for a in atoms
        if not any(s <= a.start < e for s, e in masked) and not _in_date(text, a, lex)
    ]
    atoms.extend(_vague_atoms(text, lex, atoms))
    atoms.sort(key=lambda a: a.start)
    out: list[_Atom] = []
    for atom in atoms:
        if out and atom.start < out[-1].end:
            continue  # inside what the atom before took ("por ciento", "de euros")
        if out and _cents(text, out[-1], atom, lex):
            continue  # "zwei Euro fünfzig", "15 dólares com 50", "15 Dollar und 15 Cent"
        decorated = _decorate(text, atom, lex)
        if decorated is not None:
            out.append(decorated)
    return out


def _cents(text: str, prev: _Atom, atom: _Atom, lex: NumberLexicon) -> bool:
    """Join the coins after an amount ("zwei Euro fünfzig" = 2.5, "treze euros e quarenta e
    cinco centavos" = 13.45) into ``prev``; whether it did. The coins: a whole number from 1
    to 99, after a space or a listed join ("und", "com"), then a minor currency ("Cent",
    "centavos") or the end of the clause."""
    if lex.cent_joins is None or prev.currency is None or prev.currency in lex.minor_currencies:
        return False
    if prev.percent or prev.unit or prev.scaled or prev.value != int(prev.value):
        return False
    if atom.vague or atom.scaled or not 1 <= atom.value <= 99 or atom.value != int(atom.value):
        return False
    gap = text[prev.end : atom.start]
    mid = gap.strip(" \u00a0\u202f").casefold()
    if not gap[:1].isspace() or (mid and (mid not in lex.cent_joins or not gap[-1:].isspace())):
        return False
    end = atom.end
    minor = _match_after(text, end, lex.minor_phrases)
    if minor:
        end += minor
    elif re.match(r"[ \u00a0\u202f]*(?:$|[.;:!?)]|,(?!\d))", text[end:]) is None:
        return False  # "15 Dollar 50 Menschen": another number
    prev.value = _round(prev.value + atom.value / 100)
    prev.end = end
    return True


def _in_date(text: str, a: _Atom, lex: NumberLexicon) -> bool:
    """A day of the month or a year written with a month ("3 de marzo", "le 4 mai", "3.
    März", "mayo de 2019", "марта 2020")."""
    if not a.plain or not lex.months:
        return False
    after = re.match(r"\.?\s+(?:(?:de|del)\s+)?([^\W\d_]+\.?)", text[a.end : a.end + 24])
    before = re.search(
        r"([^\W\d_]+\.?)\s+(?:(?:de|del)\s+)?$", text[max(0, a.start - 24) : a.start]
    )
    month_after = after is not None and _is_month(after.group(1), lex)
    month_before = before is not None and _is_month(before.group(1), lex)
    if a.value <= 31 and a.value >= 1 and month_after:
        return True
    return 1000 <= a.value <= 2100 and month_before


def _is_month(word: str, lex: NumberLexicon) -> bool:
    low = word.casefold()
    return low in lex.months or low.rstrip(".") in lex.months


def _quantity(text: str, a: _Atom) -> Quantity:
    low, high = a.vague if a.vague else (a.value, a.value)
    return Quantity(
        a.start,
        a.end,
        text[a.start : a.end],
        low,
        high,
        vague=a.vague is not None,
        currency=a.currency,
        percent=a.percent,
        unit=a.unit,
        scaled=a.scaled,
        words=a.words,
        plain=a.plain and a.currency is None and not a.percent and a.unit is None,
        atoms=[(a.start, a.end)],
    )


def _range(text: str, a: _Atom, b: _Atom, lex: NumberLexicon) -> Quantity | None:
    """ "entre 20 y 30", "от 5 до 10", "20-30" -> one quantity [a, b]."""
    if a.vague or b.vague:
        return None
    if (a.percent and not b.percent) or (a.percent and b.currency) or (a.currency and b.percent):
        return None  # "subió 15% a $ 415,9 millones": two quantities
    if a.currency and b.currency and a.currency != b.currency:
        return None
    if a.unit and b.unit and a.unit != b.unit:
        return None
    gap = text[a.end : b.start]
    mid = gap.strip(" \u00a0\u202f").casefold()
    words = mid.split()
    if len(words) == 2 and words[1] in lex.fillers:
        mid = words[0]
    for pre, word in lex.ranges:
        if mid != word:
            continue
        if word in ("-", "–", "—") and gap.strip() != gap and gap.lstrip() == gap:
            continue  # "20-30" and "20 - 30" are ranges; "20 -30" is not
        start = a.start
        if pre:
            found = _match_before(text, a.start, [pre], lex.fillers)
            if found is None:
                continue
            start = found[1]
            verb = re.search(r"([^\W\d_]+)[ \u00a0\u202f]*$", text[max(0, start - 30) : start])
            if verb and verb.group(1).casefold() in lex.change_words:
                return None  # "passé de 200 à 300": a change, two values
        elif word.isalpha() and word not in ("a", "à", "bis", "до") and not pre:
            continue
        low, high = a.value, b.value
        if b.scaled and not a.scaled and low * b.scale <= high and low < b.value / b.scale + 1:
            low = _round(low * b.scale)
        if low > high and not pre:
            return None
        if _years(a, b) and not pre:
            return None
        q = _quantity(text, a)
        q.start, q.end = start, b.end
        q.text = text[start : b.end]
        q.low, q.high, q.qualifier = low, high, "between"
        q.currency = a.currency or b.currency
        q.percent = a.percent or b.percent
        q.unit = a.unit or b.unit
        q.scaled = a.scaled or b.scaled
        q.words = a.words or b.words
        q.plain = False
        q.atoms = [(a.start, a.end), (b.start, b.end)]
        return q
    return None


def _years(a: _Atom, b: _Atom) -> bool:
    return all(x.plain and 1000 <= x.value <= 2100 for x in (a, b))


def _qualify(text: str, q: Quantity, lex: NumberLexicon) -> Quantity:
    """The qualifier written before or after a single quantity."""
    if q.qualifier != "exact":
        return q
    found = _match_before(text, q.start, lex.before_phrases, lex.fillers)
    qualifier = None
    if found is not None:
        qualifier = lex.before[found[0]]
        q = replace(q, start=found[1], text=text[found[1] : q.end])
    n = _match_after(text, q.end, lex.after_phrases)
    if n and _opens_bound(text, q.end, n, lex):
        n = 0  # "plus grand que 10 et plus petit que 20": "plus" opens the next bound
    if not n:
        n = _after_noun(text, q.end, lex)
    nxt = re.match(r"\s*(?:([^\W\d_]+)\s+)?\d", text[q.end + n : q.end + n + 24]) if n else None
    if nxt and (nxt.group(1) is None or nxt.group(1).casefold() not in lex.bound_joins):
        n = 0  # "igual a 5000 o menos de 6000": the bound of the next number
    if n:
        word = " ".join(text[q.end : q.end + n].casefold().split())
        after = lex.after.get(word)
        if after is None:  # "ans ou plus": a qualifier after the noun
            after = next((lex.after[p] for p in lex.after_noun if word.endswith(" " + p)), None)
        if after == "or_equal":  # "mayor que 5000 o igual": the bound is inclusive
            after = {"more_than": "at_least", "less_than": "at_most"}.get(qualifier or "")
        if after:
            qualifier = after if qualifier in (None, "exact", "about") else qualifier
            q = replace(q, end=q.end + n, text=text[q.start : q.end + n])
    if qualifier is None or qualifier == "exact":
        return q
    return _apply(q, qualifier)


def _opens_bound(text: str, pos: int, n: int, lex: NumberLexicon) -> bool:
    """Whether the words of the qualifier written at ``pos:pos+n`` ("et plus") after its
    first begin a qualifier written before the next number ("plus petit que 20")."""
    words = text[pos : pos + n].casefold().split()
    rest = " ".join(text[pos + n : pos + n + 40].casefold().split())
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        joined = f"{tail} {rest}" if rest[:1].isalnum() else tail + rest
        for phrase in lex.before_phrases:
            if len(phrase) > len(tail) and joined.startswith(phrase):
                return True
    return False


def _after_noun(text: str, pos: int, lex: NumberLexicon) -> int:
    """ "30 ans ou plus", "500 personnes ou moins": a qualifier listed under
    ``qualifiers_after_noun`` one word after the number (the length up to its end, else 0)."""
    if not lex.after_noun:
        return 0
    m = re.match(r"[ \u00a0\u202f]+([^\W\d_]+)", text[pos : pos + 40])
    if m is None or m.group(1).casefold() in (*lex.before, *lex.words, *lex.scales):
        return 0
    end = pos + m.end()
    n = _match_after(text, end, lex.after_noun)
    if not n or re.match(r"\s*(?:[^\W\d_]+\s+)?\d", text[end + n : end + n + 24]):
        return 0  # "30 ans ou moins de 40": the bound of the next number
    return m.end() + n


def _apply(q: Quantity, qualifier: str) -> Quantity:
    if q.vague:
        low, high = q.low, q.high
        if qualifier in LOWER:
            high = None
        elif qualifier in UPPER:
            low = None
        return replace(
            q, qualifier=qualifier if qualifier != "about" else "exact", low=low, high=high
        )
    value = q.value
    if qualifier in LOWER:
        return replace(q, qualifier=qualifier, low=value, high=None)
    if qualifier in UPPER:
        return replace(q, qualifier=qualifier, low=None, high=value)
    return replace(q, qualifier=qualifier)


def _join_bounds(text: str, qs: list[Quantity], lex: NumberLexicon) -> list[Quantity]:
    """ "más de 1000 y menos de 1500", "como máximo 100 y como mínimo 20" -> between."""
    out: list[Quantity] = []
    for q in qs:
        if out:
            prev = out[-1]
            gap = text[prev.end : q.start].strip(" \u00a0").casefold()
            lower, upper = (prev, q) if prev.qualifier in LOWER else (q, prev)
            reversed_ok = lower is prev or (gap.isalpha() and lower.low != upper.high)
            if (
                gap in lex.bound_joins
                and reversed_ok
                and lower.qualifier in LOWER
                and upper.qualifier in UPPER
                and not (prev.vague or q.vague)
                and lower.low is not None
                and upper.high is not None
                and lower.low <= upper.high
            ):
                out[-1] = bounded(text, prev, q, lower, upper)
                continue
        out.append(q)
    return out


def find_quantities(text: str, lang: str, *, articles: bool = False) -> list[Quantity]:
    """Every quantity ``text`` writes in language ``lang``, in text order. ``articles``: read a
    lone indefinite article ("un", "une", "ein") as 1, as Recognizers-Text does (off for
    figures: "un hombre" counts no one)."""
    if not has_numbers(lang):
        return []
    lex = lexicon(lang)
    atoms = _atoms(text, lex, articles)
    quantities: list[Quantity] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            ranged = _range(text, a, atoms[i + 1], lex)
            if ranged is not None:
                quantities.append(ranged)
                i += 2
                continue
        quantities.append(_qualify(text, _quantity(text, a), lex))
        i += 1
    joined = _join_bounds(text, quantities, lex)
    ranks = [r for r in _ordinal_ranges(text, lex) if not any(_overlap(r, q) for q in joined)]
    joined = sorted(joined + ranks, key=lambda q: q.start)
    return [q for q in joined if not any(_inside(q, o) for o in joined if o is not q)]


def _overlap(a: Quantity, b: Quantity) -> bool:
    return a.start < b.end and b.start < a.end


def _ordinal_value(word: str, lex: NumberLexicon) -> float | None:
    """The rank an ordinal names: "dixième" -> 10, "vingt-et-unième" -> 21, "premier" -> 1,
    "15e" -> 15; None for anything else (fraction nouns such as "tiers" and "quart" too)."""
    low = word.casefold()
    if low in lex.ordinal_words:
        return lex.ordinal_words[low]
    m = re.fullmatch(r"(\d{1,4})([^\W\d_]+)", low)
    if m:
        return float(m.group(1)) if m.group(2) in lex.ordinal_suffixes else None
    if low in lex.fractions or not any(low.endswith(s) for s in lex.fraction_suffixes):
        return None
    found = _word_value(low, lex)
    if found is None and "-" in low:
        parts = _hyphen_parts(low, 0, lex)
        found = (parts[0].kind, parts[0].value) if parts and len(parts) == 1 else None
    return found[1] if found is not None and found[0] == "frac" else None


@lru_cache(maxsize=16)
def _ordinal_range_patterns(lang: str) -> list[re.Pattern[str]]:
    """ "entre le dixième et le quinzième", "de la 3e à la 5e": the language's two-word ranges
    (``ranges`` with a first word) around two ordinals, each after an optional definite
    article (the ``range_fillers`` that are no indefinite article: "un dixième" is a fraction)."""
    lex = lexicon(lang)
    fillers = sorted((f for f in lex.fillers if f not in lex.articles), key=len, reverse=True)
    article = "(?:(?:" + "|".join(re.escape(f) for f in fillers) + r")\s*)?" if fillers else ""
    ordinal = r"([^\W_]+(?:-[^\W_]+)*)"
    return [
        re.compile(
            rf"(?<!\w){re.escape(pre)}\s*{article}{ordinal}\s+{re.escape(word)}\s+{article}"
            rf"{ordinal}(?!\w)",
            re.I,
        )
        for pre, word in lex.ranges
        if pre and word[:1].isalpha()
    ]


def _ordinal_ranges(text: str, lex: NumberLexicon) -> list[Quantity]:
    """Ranges of ranks, flagged ``ordinal`` (figures leave them out: a rank counts nothing)."""
    if not lex.ordinal_words and not lex.fraction_suffixes:
        return []
    found: list[Quantity] = []
    for pattern in _ordinal_range_patterns(lex.lang):
        for m in pattern.finditer(text):
            low, high = _ordinal_value(m.group(1), lex), _ordinal_value(m.group(2), lex)
            if low is None or high is None or low >= high:
                continue
            if any(m.start() < q.end and q.start < m.end() for q in found):
                continue
            found.append(
                Quantity(
                    m.start(),
                    m.end(),
                    m.group(),
                    low,
                    high,
                    qualifier="between",
                    words=True,
                    atoms=[m.span(1), m.span(2)],
                    ordinal=True,
                )
            )
    return found


def _inside(q: Quantity, other: Quantity) -> bool:
    """Whether ``q`` lies within ``other`` (the article of "un minimum de 50")."""
    return (
        other.start <= q.start
        and q.end <= other.end
        and (other.start, other.end)
        != (
            q.start,
            q.end,
        )
    )


def parse_number(text: str, lang: str) -> float | None:
    """The value of ``text`` when it is one number and nothing else, else None.

    >>> parse_number("dos mil quinientos", "es"), parse_number("quatre-vingt-dix", "fr")
    (2500.0, 90.0)
    """
    found = find_quantities(text.strip(), lang)
    if len(found) != 1 or found[0].vague:
        return None
    q = found[0]
    if q.start != 0 or q.end != len(text.strip()) or q.qualifier != "exact":
        return None
    return q.value
