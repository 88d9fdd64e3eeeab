"""Figures: how many, of what, what happened to it, and how firmly the text says so.

``quantities.find_quantities`` reads every number of the text with its interval and qualifier;
this module keeps those that are figures and reads the parse around each:

- **not figures**: numbers inside a DATE or TIME timex (the time extractor ran first), bare years
  ("in 1907"), numbers that are part of a name or label ("Section 427", "Big 12", "Model 3"),
  ages used as identifiers ("Smith, 44,"), the pronoun "one" ("each one");
- ``unit``: what is counted, the noun phrase after the number ("Cubans", "heart transplants"),
  a written unit ("miles", "km"), "%" for percentages, the ISO 4217 code for money; a figure
  with none inside a partitive or relative clause ("of which between 200 and 300 died") counts
  what the figure before it counts;
- ``subject``: the entity counted when the unit is one (an entity mention inside the unit, or a
  demonym such as "Cubans" -> the article's CUB group);
- ``measure``: the lemma of the governing verb ("recruit", "die", "rise");
- ``measure_class``: what happened to what is counted, read from the whole clause
  (``measure_class.measure_class``: "the death toll rose to 61" -> ``killed``); none for
  percentages, units of measure and the size of a change;
- ``modality``: hedged (a modal, "reportedly", "an estimated", "is believed to"), denied (a
  negated verb, "denied that ..."), else asserted;
- ``time``: the DATE or TIME of its sentence (``time.time_of``).

The component stores dicts with the Figure fields plus ``vague`` (a vague plural such as
"dozens"), ``change`` ("up"/"down" when the figure is the size of a rise or fall), ``currency``
and ``percent``; ``figure_records`` turns them into ``Figure`` records.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.extract.actors import ActorLexicon
from dossier.extract.errors import component_errors
from dossier.extract.measure_class import MeasureLexicon, headline_verb, measure_class
from dossier.extract.quantities import Quantity, QuantityLexicon, default_lexicon, find_quantities
from dossier.extract.time import time_of
from dossier.model import Figure, Timex, content_hash, stable_id

logger = logging.getLogger(__name__)

FIGURE_FIELDS = set(Figure.model_fields)
UNIT_POS = {"NOUN", "PROPN", "ADJ"}
UNIT_MAX = 64
HEAD_POS = {"NOUN", "PROPN"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
GLUED_FUNCTION_WORD = re.compile(r"^(?P<word>[A-Za-z]{3,}?)(?P<glued>of|which|who)$")
AGE = re.compile(r"^[\s-]*(?P<unit>years?|months?|weeks?|days?)[\s-]+old\b", re.I)


@dataclass
class FigureLexicon:
    """What the figure extractor loads once per pipeline (``figures.json`` and the actors)."""

    quantities: QuantityLexicon
    actors: ActorLexicon
    identifier_words: set[str] = field(default_factory=set)
    one_not_number: set[str] = field(default_factory=set)
    partitive: re.Pattern[str] = re.compile(r"(?!)")
    up: set[str] = field(default_factory=set)
    down: set[str] = field(default_factory=set)
    hedge_words: set[str] = field(default_factory=set)
    hedge_verbs: set[str] = field(default_factory=set)
    hedge_modals: set[str] = field(default_factory=set)
    deny_verbs: set[str] = field(default_factory=set)
    per_words: set[str] = field(default_factory=set)
    per_units: set[str] = field(default_factory=set)
    direction_verbs: set[str] = field(default_factory=set)
    iso: set[str] = field(default_factory=set)  # the currency codes
    measures: MeasureLexicon = field(default_factory=MeasureLexicon)  # measure_classes.json

    @classmethod
    def load(cls) -> FigureLexicon:
        quantities = default_lexicon()
        data = quantities.data
        partitive = "|".join(re.escape(p) for p in data["partitive_antecedent"])
        return cls(
            quantities,
            ActorLexicon.load(),
            identifier_words=set(data["identifier_words"]),
            one_not_number=set(data["one_not_number_before"]),
            partitive=re.compile(rf"(?:{partitive})[\s,]*$", re.I),
            up=set(data["change_up"]),
            down=set(data["change_down"]),
            hedge_words=set(data["hedge_words"]),
            hedge_verbs=set(data["hedge_verbs"]),
            hedge_modals=set(data["hedge_modals"]),
            deny_verbs=set(data["deny_verbs"]),
            per_words=set(data["per_words"]),
            per_units=set(data["per_units"]),
            direction_verbs=set(data["direction_verbs"]),
            iso={iso for iso, _, _ in quantities.currencies.values()},
            measures=MeasureLexicon.load(),
        )


class _Layout:
    """Token and sentence offsets of a Doc, computed once (spaCy's ``Token.is_sent_start`` and
    ``Span.sent`` walk the whole Doc on every call)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.text = text
        sents = list(doc.sents) if len(doc) and doc.has_annotation("SENT_START") else [doc[:]]
        self.sent_starts = {s.start for s in sents}
        self._firsts = [s.start for s in sents]
        self._chars = [(s.start_char, s.end_char) for s in sents]

    def sentence(self, token: int) -> tuple[int, int]:
        """The character range of the sentence holding token ``token``."""
        index = bisect_right(self._firsts, token) - 1
        return self._chars[index] if index >= 0 else (0, 0)


def find_figures(doc: Doc, lexicon: FigureLexicon) -> list[dict]:
    """The figures of ``doc`` as dicts (Figure fields plus ``vague``, ``change``, ``currency``,
    ``percent``), in text order."""
    text = doc.text  # Doc.text joins every token: read it once
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(text)
    timexes = [Timex.model_validate(t) for t in (_ext(doc, "dossier_timexes") or [])]
    blocked = [(t.start, t.end) for t in timexes if t.type in ("DATE", "TIME")]
    entities = _ext(doc, "dossier_entities") or []
    figures: list[dict] = []
    quantities = find_quantities(text, lexicon.quantities)
    if not quantities:
        return figures
    layout = _Layout(doc, text)
    for q in quantities:
        if any(s < e2 and s2 < e for s, e in q.atoms for s2, e2 in blocked) and not (
            q.currency or q.percent or q.unit or _unit_follows(layout, q.end, lexicon)
        ):
            continue  # a date or time ("1520 sq m" is an area the time extractor took)
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        number = _number_token(doc, q)
        if number is None or not _is_figure(doc, q, span, number, lexicon, layout):
            continue
        figure = _describe(doc, q, span, number, lexicon, entities, layout)
        figure["id"] = stable_id("fig", doc_id, q.start, q.end)
        sent_start, sent_end = layout.sentence(span.start)
        timex = time_of(timexes, sent_start, sent_end)
        figure["time"] = timex.value if timex else None
        _inherit_unit(layout, q, figure, figures, lexicon)
        _inherit_bound(layout, figure, figures)
        figures.append(figure)
    return figures


def _ext(doc: Doc, name: str) -> list | None:
    return getattr(doc._, name) if Doc.has_extension(name) else None


def _number_token(doc: Doc, q: Quantity) -> Token | None:
    start, end = q.atoms[-1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    numeric = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return numeric[-1] if numeric else span[-1]


def _is_figure(
    doc: Doc, q: Quantity, span: Span, number: Token, lexicon: FigureLexicon, layout: _Layout
) -> bool:
    """Drop years, labels and names, appositive ages and the pronoun "one"."""
    first_start, first_end = q.atoms[0]
    written = layout.text[first_start:first_end]
    plain = re.fullmatch(r"\d{1,9}", written) is not None and not (
        q.currency or q.percent or q.unit
    )
    first = doc.char_span(first_start, first_end, alignment_mode="expand")
    prev = doc[first.start - 1] if first is not None and first.start > 0 else None
    nxt = doc[number.i + 1] if number.i + 1 < len(doc) else None
    if plain and len(q.atoms) == 1 and 1000 <= int(written) <= 2100 and q.qualifier == "exact":
        counted = nxt is not None and nxt.tag_ == "NNS" and not nxt.is_title
        if not _unit_follows(layout, q.end, lexicon) and (int(written) >= 1900 or not counted):
            return False  # a year ("in 1907", "2018 sales"), not "1520 sq m"
    if plain and int(written) <= 31 and _next_to_month(doc, first, number):
        return False  # a day of a date the time extractor missed ("February 11", "1 September")
    if plain and q.qualifier == "exact" and prev is not None:
        if prev.lower_ in lexicon.identifier_words or prev.text == "#":
            return False  # "Section 427", "Model 3", "No. 5"
        if nxt is not None and nxt.lower_ in lexicon.identifier_words and not nxt.is_lower:
            return False  # "the 90049 ZIP Code"
        if (
            (prev.is_title or prev.is_upper)
            and prev.i not in layout.sent_starts
            and prev.lower_ not in MONTHS
            and prev.pos_ == "PROPN"
            and (nxt is None or not (nxt.tag_ == "NNS" and nxt.is_lower))
            and not _unit_follows(layout, q.end, lexicon)
            and not headline_verb(prev, lexicon.measures)  # "Quake Kills 10"
        ):
            return False  # "the Big 12", "Windows 10", "Nick Hague 44"
        if prev.text == "," and first is not None and first.start >= 2:
            before = doc[first.start - 2]
            person = before.ent_type_ == "PERSON" or (before.pos_ == "PROPN" and before.is_title)
            if person and (nxt is None or nxt.text in (",", ")")):
                return False  # "John Smith, 44, said"
    if (
        written[:1].isupper()
        and written[1:].islower()
        and first is not None
        and first.start not in layout.sent_starts
        and prev is not None
        and prev.is_title
        and prev.pos_ == "PROPN"
        and not headline_verb(prev, lexicon.measures)  # "Gunman Kills Two"
    ):
        return False  # a number word inside a name: "Kick Six", "Big Ten"
    if written.lower() == "one" and len(q.atoms) == 1 and q.qualifier == "exact":
        if prev is not None and prev.lower_ in lexicon.one_not_number:
            return False
        if nxt is None or nxt.pos_ not in ("NOUN", "PROPN", "ADJ", "ADP", "NUM"):
            return False
        if nxt.pos_ == "ADP" and nxt.lower_ != "of":
            return False
    return True


def _unit_follows(layout: _Layout, char: int, lexicon: FigureLexicon) -> bool:
    """Is the number followed by a unit of measure ("sq m", "miles", "km")?"""
    after = layout.text[char : char + 24].lower().split()
    return any(" ".join(after[:n]).strip(".,;:") in lexicon.quantities.units for n in (1, 2, 3))


def _next_to_month(doc: Doc, first: Span | None, number: Token) -> bool:
    start = first.start if first is not None else number.i
    neighbours = [doc[start - 1] if start > 0 else None]
    neighbours.append(doc[number.i + 1] if number.i + 1 < len(doc) else None)
    neighbours.append(doc[start - 2] if start > 1 and doc[start - 1].text == "." else None)
    return any(t is not None and t.is_title and t.lower_.rstrip(".") in MONTHS for t in neighbours)


def _describe(
    doc: Doc,
    q: Quantity,
    span: Span,
    number: Token,
    lexicon: FigureLexicon,
    entities: list[dict],
    layout: _Layout,
) -> dict:
    unit, unit_span = _unit(doc, q, number, lexicon, layout)
    if unit is not None and len(unit) > UNIT_MAX:
        unit = unit[:UNIT_MAX].rsplit(" ", 1)[0]  # the store keeps units of up to 64 characters
    verb = governing_verb(number)
    change = _change(doc, q, span, lexicon)
    measure = verb.lemma_.lower() if verb is not None else None
    if change is not None and measure is None:
        measure = "rise" if change == "up" else "fall"
    currency = q.currency or (unit.split()[0] if unit and unit.split()[0] in lexicon.iso else None)
    percent_or_size = q.percent or q.unit is not None or change is not None
    klass = None
    if not percent_or_size:
        klass = measure_class(number, money=currency is not None, lexicon=lexicon.measures)
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "low": q.low,
        "high": q.high,
        "qualifier": q.qualifier,
        "unit": unit,
        "subject": _subject(unit, unit_span, entities, lexicon) if unit else None,
        "measure": measure,
        "modality": _modality(doc, q, span, verb, lexicon),
        "claim": None,
        "event": None,
        "time": None,
        "vague": q.vague,
        "change": change,
        "currency": currency,
        "percent": q.percent,
        "measure_class": klass,
    }


def _unit(
    doc: Doc, q: Quantity, number: Token, lexicon: FigureLexicon, layout: _Layout
) -> tuple[str | None, tuple[int, int] | None]:
    """What the figure counts, and where that is written."""
    qlex = lexicon.quantities
    after = layout.text[q.end : q.end + 40]
    if q.percent:
        return "%", None
    age = AGE.match(after)
    if age is not None:
        return f"{age.group('unit').rstrip('s')}s old", None
    if q.unit:
        return q.unit, None
    tokens = _following(doc, q.end, layout)
    if q.currency:
        return q.currency + _per(tokens, lexicon), None
    if not tokens:
        return None, None
    # a written unit or currency: "miles", "per cent", "km", "square metres", "dlrs", "euros"
    for size in (3, 2, 1):
        words = tokens[:size]
        if len(words) == size:
            where = (words[0].idx, words[-1].idx + len(words[-1]))
            phrase = layout.text[where[0] : where[1]]
            if phrase.lower() in qlex.currency_words:
                return qlex.currency_words[phrase.lower()][0] + _per(tokens[size:], lexicon), None
            if phrase.lower() in qlex.units:
                return phrase + _per(tokens[size:], lexicon), None
    i = 0
    if tokens[0].lower_ == "of" and (q.vague or (q.low is not None and q.low < 1) or _is_word(q)):
        i = 1
        while i < len(tokens) and tokens[i].pos_ in ("DET", "PRON") and tokens[i].lower_ != "which":
            i += 1
    chosen: list[Token] = []
    for token in tokens[i : i + 6]:
        if token.is_punct or token.pos_ not in UNIT_POS or token.like_num:
            break
        if chosen and chosen[-1].is_lower and not token.is_lower:
            break  # "1,850 pound Geostationary ...": a name starts
        chosen.append(token)
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if token.pos_ in HEAD_POS and (nxt is None or nxt.pos_ not in HEAD_POS or nxt.is_punct):
            break
    while chosen and chosen[-1].pos_ == "ADJ":
        chosen.pop()
    if not chosen:
        return None, None
    start = chosen[0].idx
    end = chosen[-1].idx + len(chosen[-1].text.rstrip("-–—.,;:"))
    text = layout.text[start:end]
    glued = GLUED_FUNCTION_WORD.match(chosen[-1].text)
    nxt = doc[chosen[-1].i + 1] if chosen[-1].i + 1 < len(doc) else None
    if glued and nxt is not None and nxt.lower_ in ("which", "whom", "the", "them", "these"):
        end -= len(glued.group("glued"))  # "Cubansof which": a missing space
        text = layout.text[start:end]
    return text, (start, end)


def _is_word(q: Quantity) -> bool:
    return q.text[:1].isalpha() and q.low is not None and q.low < 100


def _following(doc: Doc, char: int, layout: _Layout) -> list[Token]:
    rest = layout.text[char : char + 80]
    gap = len(rest) - len(rest.lstrip())
    pos = char + gap
    if pos >= len(layout.text) or gap >= 2 or "\n" in rest[:gap]:
        return []  # a line or column break: what follows is not what the number counts
    first = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if first is None or not len(first):
        return []
    tokens = []
    for token in doc[first.start : first.start + 10]:
        if token.is_space:
            break  # a line or column break ends the phrase
        tokens.append(token)
    if tokens and tokens[0].text in ("-", "–"):
        tokens = tokens[1:]  # "185-hp", "2.4-liter"
    return tokens[:8]


def _per(tokens: list[Token], lexicon: FigureLexicon) -> str:
    """ " per barrel", " a month" after money or a unit."""
    if (
        len(tokens) >= 2
        and tokens[0].lower_ in lexicon.per_words
        and tokens[1].lemma_.lower() in lexicon.per_units
    ):
        return f" per {tokens[1].lemma_.lower()}"
    return ""


def governing_verb(token: Token) -> Token | None:
    """The verb a number hangs from: the nearest verb (or root auxiliary) up the parse."""
    for _ in range(6):
        if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _change(doc: Doc, q: Quantity, span: Span, lexicon: FigureLexicon) -> str | None:
    """ "up"/"down" when the figure is the size of a rise or fall ("rose 5%", "down 2 points")."""
    if re.match(r"(?i)(?:from|between)\b", q.text):
        return None  # "rose from 240 to 273": levels, not the size of the change
    i = span.start - 1
    by = None
    while i >= 0 and doc[i].lower_ in ("by", "a", "further", "another", "just", "only"):
        by = doc[i] if doc[i].lower_ == "by" else by
        i -= 1
    if i < 0:
        return None
    candidates = [doc[i]]
    if by is not None and by.head.i != by.i and by.head.pos_ in ("VERB", "NOUN"):
        candidates.append(by.head)  # "grow sales by 35 per cent", "a decrease by 1"
    for token in candidates:
        if token.dep_ == "prt" and token.head.lemma_.lower() not in lexicon.direction_verbs:
            continue  # "gave up 517 yards", but "trending up 0.2%"
        word = token.lower_ if token.lower_ in ("up", "down") else token.lemma_.lower()
        if (
            token.pos_ not in ("VERB", "ADV", "ADP", "AUX")
            and word not in ("up", "down")
            and by is None
        ):
            continue
        if word in lexicon.up:
            return "up"
        if word in lexicon.down:
            return "down"
    return None


def _modality(doc: Doc, q: Quantity, span: Span, verb: Token | None, lexicon: FigureLexicon) -> str:
    """asserted | hedged | denied, from the governing verb and the words before the figure."""
    number = doc.char_span(q.atoms[0][0], q.atoms[0][1], alignment_mode="expand")
    window = doc[max(0, span.start - 3) : number.start if number is not None else span.start]
    if any(t.lower_ in lexicon.hedge_words for t in window):
        return "hedged"
    if verb is None:
        return "asserted"
    children = list(verb.children)
    if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in children):
        return "denied"
    head = verb.head if verb.dep_ in ("ccomp", "xcomp") else None
    if head is not None and head.lemma_.lower() in lexicon.deny_verbs:
        return "denied"
    if any(c.dep_ == "aux" and c.lemma_.lower() in lexicon.hedge_modals for c in children):
        return "hedged"
    if any(c.dep_ == "advmod" and c.lower_ in lexicon.hedge_words for c in children):
        return "hedged"
    if (
        head is not None
        and verb.dep_ == "xcomp"
        and head.lemma_.lower() in lexicon.hedge_verbs
        and any(c.dep_ == "auxpass" for c in head.children)
    ):
        return "hedged"  # "are believed to have died"
    return "asserted"


def _subject(
    unit: str, unit_span: tuple[int, int] | None, entities: list[dict], lexicon: FigureLexicon
) -> str | None:
    """The entity counted: one mentioned inside the unit, else the group a demonym names."""
    if unit_span is not None:
        start, end = unit_span
        for entity in entities:
            for mention in entity.get("mentions", []):
                if mention["start"] < end and start < mention["end"]:
                    return entity["id"]
    words = unit.split()
    if not words:
        return None
    iso3 = lexicon.actors.demonyms.get(words[-1]) if words[-1][:1].isupper() else None
    if iso3 is None:
        return None
    ranked = sorted(
        (e for e in entities if e.get("code") == iso3),
        key=lambda e: (e.get("kind") != "group", e.get("kind") != "country"),
    )
    return ranked[0]["id"] if ranked else None


def _inherit_unit(
    layout: _Layout, q: Quantity, figure: dict, earlier: list[dict], lexicon: FigureLexicon
) -> None:
    """ "20,000 Cubans of which between 200 and 300 died": the second counts Cubans too."""
    if figure["unit"] is not None or not earlier:
        return
    before = layout.text[max(0, q.start - 30) : q.start]
    if lexicon.partitive.search(before) is None:
        return
    antecedent = next((f for f in reversed(earlier) if f["unit"] and f["end"] <= q.start), None)
    if antecedent is None or q.start - antecedent["end"] > 120:
        return
    figure["unit"] = antecedent["unit"]
    figure["subject"] = antecedent["subject"]


def _inherit_bound(layout: _Layout, figure: dict, earlier: list[dict]) -> None:
    """The same amount restated: "more than 100 kilometers (60 miles)" -> more than 60 too;
    "lost 190 points, or 0.6%" -> the 0.6% is a fall too."""
    if not earlier or figure["low"] is None:
        return
    last = earlier[-1]
    gap = layout.text[last["end"] : figure["start"]]
    restated = re.fullmatch(r"\s*(?:[\w$€£.-]+\s+){0,2}\(\s*", gap) is not None
    if not restated and re.fullmatch(r"\s*(?:[\w.-]+\s*){0,2},?\s*or\s+", gap) is None:
        return
    if last["change"] and figure["change"] is None:
        figure["change"], figure["measure"] = last["change"], last["measure"]
    if not restated or figure["qualifier"] != "exact":
        return
    value = figure["low"]
    if last["qualifier"] in ("at_least", "more_than"):
        figure["low"], figure["high"], figure["qualifier"] = value, None, last["qualifier"]
    elif last["qualifier"] in ("at_most", "less_than", "up_to"):
        figure["low"], figure["high"], figure["qualifier"] = None, value, last["qualifier"]
    elif last["qualifier"] == "about":
        figure["qualifier"] = "about"


def figure_records(figures: list[dict]) -> list[Figure]:
    """``Figure`` records from the component's dicts (the extra keys left out)."""
    return [
        Figure.model_validate({k: v for k, v in f.items() if k in FIGURE_FIELDS}) for f in figures
    ]


@Language.factory("dossier_figures")
def make_figure_component(nlp: Language, name: str) -> FigureComponent:
    return FigureComponent(nlp)


class FigureComponent:
    """Thin spaCy component: stores ``find_figures`` on ``doc._.dossier_figures`` (as dicts)."""

    def __init__(self, nlp: Language) -> None:
        if not Doc.has_extension("dossier_figures"):
            Doc.set_extension("dossier_figures", default=None)
        self.lexicon = FigureLexicon.load()

    def __call__(self, doc: Doc) -> Doc:
        with component_errors(doc, "dossier_figures"):
            doc._.dossier_figures = find_figures(doc, self.lexicon)
        return doc
