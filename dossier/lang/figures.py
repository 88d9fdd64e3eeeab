"""Figures in Spanish, French, Portuguese, German, Russian and Ukrainian: how many, of what, and
what happened to it.

``numbers.find_quantities`` reads every quantity of the text (interval, qualifier, vague,
percent, currency, unit); this module keeps those that are figures and reads the tokens around
each, so that it works on every base (the German and Ukrainian ones have only tokens and
lemmas; where ``doc.has_annotation("DEP")`` the governing verb comes from the parse):

- **not figures**: numbers inside a DATE or TIME timex (when the time extractor ran), bare years
  ("en 2019", "в 2020 году"), durations and ages (a number before a time word: "30 años",
  "45-летний"), labels ("artículo 5", "№ 3"), numbers after a capitalised word inside a sentence
  ("Boeing 737"); dates, clock times, phone numbers, list numbering and ordinals are never read
  as quantities (``numbers``);
- ``unit``: "%" for percentages, the ISO 4217 code for money, a unit symbol ("km", "t"),
  "person" for the counting nouns of people (personas, personnes, человек, Menschen), else the
  counted noun as written;
- ``subject``: the counted noun as written (the word after the number, "de"/"d'" skipped);
- ``measure`` and ``measure_class``: the counted noun's own cue ("30 heridos"), else the
  governing verb's (with a parse), else the cue of ``resources/lang/<code>/measures.tsv``
  nearest the figure in its sentence (a lemma, a word's stem, or a phrase); its class is one
  of the English classes (``resources/measure_classes.json``), so
  "murieron al menos 30 personas" and "погибли не менее 30 человек" are ``killed`` like "at
  least 30 people were killed". Percentages, units of measure and scale readings (a word of
  ``measurement_words`` next to the number: "magnitud 6,1", "6 баллов"; it becomes the unit) get
  no class, nor does a number with a fraction take a class that counts people; money takes
  only money classes, counts only the others. Without a cue, ``measure`` is the governing
  verb's lemma where there is a parse.

Each figure is a dict with the ``Figure`` fields (``time``, ``modality``, ``claim`` and
``event`` None) plus ``currency``, ``percent`` and ``change`` (None) as the English component
writes them, so ``dossier.extract.figures.figure_records`` turns them into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from dossier.extract.figures import governing_verb
from dossier.extract.measure_class import default_lexicon as measure_lexicon
from dossier.extract.measure_class import refined_by
from dossier.lang.data import lang_json, lang_tsv
from dossier.lang.numbers import NumberLexicon, Quantity, find_quantities, has_numbers, lexicon
from dossier.model import Timex, content_hash, stable_id

WINDOW = 8  # tokens on each side of a figure searched for a measure cue
UNIT_MAX = 64
VERBS = {"VERB", "AUX"}
PARSED = {"es", "fr", "ru"}  # bases whose parser is trained on the language (pt borrows Spanish)


@dataclass
class MeasureCues:
    """A language's ``measures.tsv``: cue -> class, by kind, with each class's scope."""

    lemmas: dict[str, str] = field(default_factory=dict)
    stems: list[tuple[str, str]] = field(default_factory=list)
    phrases: list[tuple[str, str]] = field(default_factory=list)
    sides: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    """Words that say which side a vote's count is on ("a favor", "против"), longest first."""
    scopes: dict[str, str] = field(default_factory=dict)
    after: int = WINDOW
    """Tokens after a figure searched for its cue: more where the verb ends the clause
    (German "30 Menschen sind am Montag in Kabul getötet worden"; ``numbers.json``'s
    ``measure_window_after``)."""

    def of_token(self, token: Token, money: bool) -> str | None:
        """The class a token names (by lemma, then by stem), within the figure's scope."""
        found = self.lemmas.get(token.lemma_.casefold()) if token.lemma_ else None
        if found is None:
            low = token.lower_
            found = next((c for s, c in self.stems if low.startswith(s)), None)
        if found is None or (self.scopes.get(found) == "money") != money:
            return None
        return found


@cache
def measure_cues(lang: str) -> MeasureCues:
    """The measure cues of ``lang``, loaded once per process."""
    numbers = lang_json(lang, "numbers.json") or {}
    cues = MeasureCues(
        scopes=dict(measure_lexicon().scopes), after=numbers.get("measure_window_after", WINDOW)
    )
    for row in lang_tsv(lang, "measures.tsv"):
        cue, kind, klass = row["cue"].casefold(), row["kind"], row["class"]
        if kind == "lemma":
            cues.lemmas.setdefault(cue, klass)
        elif kind == "stem":
            cues.stems.append((cue, klass))
        elif kind == "phrase":
            cues.phrases.append((cue, klass))
        elif kind == "side":
            cues.sides.append((tuple(cue.split()), klass))
    cues.stems.sort(key=lambda sc: len(sc[0]), reverse=True)
    cues.sides.sort(key=lambda sc: len(sc[0]), reverse=True)
    return cues


def find_figures(doc: Doc, lang: str | None = None) -> list[dict]:
    """The figures of ``doc`` (a base-pipeline Doc of es, fr, pt, de, ru or uk) as dicts shaped
    like ``dossier.model.Figure`` (plus ``currency``, ``percent``, ``change``), in text order.

    The language is ``lang``, else ``doc.user_data["dossier.language"]``, else ``doc.lang_``
    (the Portuguese base is the Spanish model, whose Docs say "es")."""
    lang = lang or doc.user_data.get("dossier.language") or doc.lang_
    if not has_numbers(lang):
        return []
    text = doc.text
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(text)
    lex = lexicon(lang)
    cues = measure_cues(lang)
    blocked = _timex_spans(doc)
    parsed = doc.has_annotation("DEP") and lang in PARSED
    figures: list[dict] = []
    for q in find_quantities(text, lang):
        if q.ordinal:
            continue  # "entre le dixième et le quinzième": ranks, no count
        if not (q.currency or q.percent or q.unit) and any(
            s < e2 and s2 < e for s, e in q.atoms for s2, e2 in blocked
        ):
            continue  # a date or time the time extractor found
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if not _is_figure(doc, text, q, span.start, span.end, lex):
            continue
        figure = _describe(doc, q, span.start, span.end, lex, cues, parsed)
        figure["id"] = stable_id("fig", doc_id, q.start, q.end)
        figures.append(figure)
    return figures


def _timex_spans(doc: Doc) -> list[tuple[int, int]]:
    if not Doc.has_extension("dossier_timexes"):
        return []
    spans = []
    for t in doc._.dossier_timexes or []:
        timex = t if isinstance(t, Timex) else Timex.model_validate(t)
        if timex.type in ("DATE", "TIME"):
            spans.append((timex.start, timex.end))
    return spans


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*-?\s*([^\W\d_]+\.?)", text[pos : pos + 40])
    return m.group(1).casefold() if m else ""


def _prev_word(text: str, pos: int) -> tuple[str, int]:
    m = re.search(r"([^\W\d_№§#]+\.?|[№§#])\s*$", text[max(0, pos - 40) : pos])
    if m is None:
        return "", -1
    return m.group(1), pos - (len(text[max(0, pos - 40) : pos]) - m.start(1))


def _is_figure(doc: Doc, text: str, q: Quantity, first: int, last: int, lex: NumberLexicon) -> bool:
    """Drop years, durations and ages, labels and numbers inside names."""
    data = lex.data
    nxt = _next_word(text, q.end)
    prev, prev_at = _prev_word(text, q.start)
    time_words = {w.casefold() for w in data.get("time_words", [])}
    if nxt in time_words or nxt.rstrip(".") in time_words:
        return False  # "30 años", "5 лет", "45-летний", "2020 г."
    if not q.plain or q.qualifier != "exact":
        return True
    value = q.value or 0
    if 1900 <= value <= 2100:
        return False  # a year
    years_before = {w.casefold() for w in data.get("year_before", [])}
    counted = nxt in {w.casefold() for w in data.get("person_nouns", [])}
    if 1000 <= value < 1900 and prev.casefold() in years_before and not counted:
        return False  # "en 1492"
    identifiers = {w.casefold() for w in data.get("identifier_words", [])}
    if prev.casefold() in identifiers or prev.casefold().rstrip(".") in identifiers:
        return False  # "artículo 5", "№ 3", "Nr. 7"
    if prev[:1].isupper() and prev_at >= 0 and first > 0:
        token = doc[first - 1]
        if not token.is_sent_start and not _sentence_start(text, prev_at):
            return False  # "Boeing 737", "Windows 10", "Ligue 1"
    return True


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip()
    return not before or before[-1] in '.!?:;\n"«»“”'


def _counted(doc: Doc, end_token: int, lex: NumberLexicon) -> Token | None:
    """The counted noun: the word after the figure, "de"/"d'"/articles skipped."""
    skip = {w.casefold() for w in lex.data.get("skip_before_noun", [])} | set(lex.of_words)
    for token in doc[end_token : end_token + 4]:
        if token.is_space:
            continue
        if token.is_punct or token.like_num:
            return None
        if token.lower_ in skip or token.pos_ == "DET":
            continue
        if not token.is_alpha:
            return None
        if token.pos_:
            return token if token.pos_ in ("NOUN", "PROPN", "ADJ", "X") else None
        return token if _nounish(token, lex.lang) else None
    return None


def _nounish(token: Token, lang: str) -> bool:
    """Without tags: a German noun is capitalised; Russian and Ukrainian ask pymorphy3."""
    if token.is_stop:
        return False
    if lang == "de":
        return token.is_title
    if lang in ("ru", "uk"):
        from dossier.lang.numbers import _morph

        try:
            tag = _morph(lang).parse(token.text)[0].tag
        except Exception:  # pymorphy3 missing: take the word
            return True
        return str(tag.POS) in ("NOUN", "ADJF", "PRTF")
    return True


def _clause_side(doc: Doc, start: int, stop: int, step: int, joins: set[str]) -> list[Token]:
    """Tokens from ``start`` towards ``stop`` up to a clause boundary (punctuation, "y", "и")."""
    out = []
    for i in range(start, stop, step):
        token = doc[i]
        if token.is_punct or token.lower_ in joins:
            break
        out.append(token)
    return out


def _clause_verb(token: Token) -> Token | None:
    return token if token.pos_ == "VERB" else governing_verb(token)


def _sentence_bounds(doc: Doc, first: int) -> tuple[int, int]:
    if doc.has_annotation("SENT_START"):
        sent = doc[first].sent
        return sent.start, sent.end
    return 0, len(doc)


def _measure(
    doc: Doc,
    first: int,
    last: int,
    noun: Token | None,
    cues: MeasureCues,
    money: bool,
    parsed: bool,
    joins: set[str],
) -> tuple[str | None, str | None]:
    """(measure, measure_class): the nearest cue in the sentence, the governing verb first."""
    lo, hi = _sentence_bounds(doc, first)
    number = doc[last - 1]
    if noun is not None and noun.pos_ in ("ADJ", "VERB"):
        klass = cues.of_token(noun, money)
        if klass is not None:  # a participle on the counted noun: "30 heridos", "30 blessés"
            return noun.lemma_.casefold() or noun.lower_, klass
    if parsed:
        verb = governing_verb(number)
        if verb is not None:
            klass = cues.of_token(verb, money)
            if klass is not None:
                return verb.lemma_.casefold() or verb.lower_, klass
    after = _clause_side(doc, last, min(hi, last + cues.after), 1, joins)
    before = _clause_side(doc, first - 1, max(lo, first - WINDOW) - 1, -1, joins)
    rest: list[Token] = []
    for k in range(1, WINDOW + 1):
        for i in (first - k, last - 1 + k):
            if lo <= i < hi:
                rest.append(doc[i])
    order = [t for t in (*after, *before) if noun is None or t.i != noun.i]
    if noun is not None:  # the counted noun's own cue after its clause's ("30 heridos")
        order.append(noun)
    order += [t for t in rest if noun is None or t.i != noun.i]
    if parsed:  # the figure's own clause first
        verb = governing_verb(number)
        order = [t for t in order if _clause_verb(t) is verb] + [
            t for t in order if _clause_verb(t) is not verb
        ]
    for token in order:
        if not token.is_alpha:
            continue
        klass = cues.of_token(token, money)
        if klass is not None:
            return token.lemma_.casefold() or token.lower_, klass
    window = doc[max(lo, first - WINDOW) : min(hi, last + WINDOW)].text.casefold()
    for phrase, klass in cues.phrases:
        if phrase in window and (cues.scopes.get(klass) == "money") == money:
            return phrase, klass
    if parsed:
        verb = governing_verb(number)
        if verb is not None:
            return verb.lemma_.casefold() or verb.lower_, None
    return None, None


def _describe(
    doc: Doc,
    q: Quantity,
    first: int,
    last: int,
    lex: NumberLexicon,
    cues: MeasureCues,
    parsed: bool,
) -> dict:
    noun = None if (q.percent or q.unit) else _counted(doc, last, lex)
    persons = {w.casefold() for w in lex.data.get("person_nouns", [])}
    if q.percent:
        unit = "%"
    elif q.currency:
        unit = q.currency
    elif q.unit:
        unit = q.unit
    elif noun is not None:
        unit = "person" if noun.lower_ in persons else noun.text[:UNIT_MAX]
    else:
        unit = None
    scale = None if (q.percent or q.currency) else _measurement(doc.text, q, lex)
    if scale is not None:
        unit, noun = scale, None  # "magnitud 6,1", "6 баллов": a reading on a scale
    money = q.currency is not None
    joins = lex.connectors | lex.bound_joins | {"и", "і", "й", "y", "e", "et", "und", "o", "ou"}
    measure, klass = _measure(doc, first, last, noun, cues, money, parsed, joins)
    klass = _side(doc, first, last, klass, cues, joins) or klass
    if q.percent or q.unit or scale is not None or _fractional_count(q, klass, cues):
        klass = None
    return {
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "low": q.low,
        "high": q.high,
        "qualifier": q.qualifier,
        "unit": unit,
        "subject": noun.text if noun is not None and not money else None,
        "measure": measure,
        "measure_class": klass,
        "vague": q.vague,
        "time": None,
        "modality": None,
        "claim": None,
        "event": None,
        "currency": q.currency,
        "percent": q.percent,
        "change": None,
    }


DASHES = {"-", "–", "—", ":"}


def _side(
    doc: Doc, first: int, last: int, klass: str | None, cues: MeasureCues, joins: set[str]
) -> str | None:
    """The side a vote's count is on, for a class with sides (``voting``): the side word
    (kind ``side`` of ``measures.tsv``) nearest the figure in its clause, after it first at an
    equal distance: "112 votos a favor y 3 en contra", "за проголосовали 112 депутатов, против
    - 3" (a dash or colon right next to the figure is skipped). None when none is written."""
    refined = set(refined_by(klass).values())
    if not refined:
        return None
    lo, hi = _sentence_bounds(doc, first)
    start = last + 1 if last < hi and doc[last].text in DASHES else last
    end = first - 2 if first > lo and doc[first - 1].text in DASHES else first - 1
    stops = joins - _side_words(cues)
    after = [t.lower_ for t in _clause_side(doc, start, hi, 1, stops)]
    before = [t.lower_ for t in _clause_side(doc, end, lo - 1, -1, stops)]
    best: tuple[int, int, str] | None = None
    for words, side in cues.sides:
        if side not in refined:
            continue
        n = len(words)
        for k in range(len(after) - n + 1):
            if tuple(after[k : k + n]) == words:
                best = min(best or (k, 0, side), (k, 0, side))
                break
        for k in range(len(before) - n + 1):
            if tuple(reversed(before[k : k + n])) == words:
                best = min(best or (k, 1, side), (k, 1, side))
                break
    return best[2] if best else None


def _side_words(cues: MeasureCues) -> set[str]:
    """Side words that are also clause joiners ("за"): a side, not a boundary, here."""
    return {w for words, _ in cues.sides for w in words}


def _measurement(text: str, q: Quantity, lex: NumberLexicon) -> str | None:
    """The scale word before or after a figure that reads a scale, not a count ("magnitud 6,1",
    "магнитудой 6,1", "6 баллов"): ``measurement_words`` of ``numbers.json``."""
    words = {w.casefold() for w in lex.data.get("measurement_words", [])}
    prev = _prev_word(text, q.start)[0].casefold()
    if prev in words:
        return prev
    nxt = _next_word(text, q.end)
    return nxt if nxt in words else None


def _fractional_count(q: Quantity, klass: str | None, cues: MeasureCues) -> bool:
    """Whether a class that counts people would be given to a number with a fraction ("6,1"):
    no one counts 6.1 people, so such a figure is a measurement whose unit went unread."""
    if klass is None or cues.scopes.get(klass) != "people" or q.low is None:
        return False
    return any(v is not None and v != int(v) for v in (q.low, q.high))
