"""Time: every time expression of a document, as a TIMEX3 record anchored at its publication date.

Candidates are spaCy's DATE and TIME entities plus what NER misses (``time_patterns.json``:
"now", "currently", weekdays, bare months); each is trimmed to the TimeML extent and normalised
by ``timenorm.normalize`` with the tense of the clause it sits in. Candidates that do not
normalise (ages, "35 years old"; "May" the verb is never a candidate) are dropped.

``time_of(timexes, start, end)`` answers later extractors' question "what time does this clause
(character range) refer to".
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from datetime import date
from importlib import resources

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.extract.errors import component_errors
from dossier.extract.timenorm import normalize
from dossier.model import Timex, content_hash, stable_id

logger = logging.getLogger(__name__)

# Words NER puts inside a DATE that TimeML leaves outside the TIMEX3 extent.
LEADING_SIGNALS = {
    "and", "or", "on", "in", "at", "since", "until", "till", "by", "from", "during", "for", "to",
    "before", "after", "around", "as", "of", "between", "within", "through", "throughout",
}  # fmt: skip
# Words after a vague or counted duration that make it a relative date ("three days ago").
RELATIVE_SIGNALS = {"ago", "earlier", "later", "after", "before"}
PARTS_OF_DAY = {"morning", "afternoon", "evening", "night"}
RANGE_WORDS = {
    "and",
    "to",
    "-",
    "–",
    "through",
    "until",
    "or",
    ",",
    "ended",
    "ending",
    "ends",
    "of",
}
DETERMINERS = {"this", "last", "next", "the", "early", "late", "mid"}
CALENDAR_UNITS = {"year", "month", "week", "quarter", "day", "decade", "century", "weekend"}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](?:\d{4}|\d{2})\b")
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
PAST_AUX = {"was", "were", "had", "did"}
PRESENT_AUX = {"is", "are", "am", "'s", "'re", "be"}
PLAN_WORDS = {"schedule", "due", "expect", "plan", "slate", "intend", "hope", "aim"}
MODALS = {"would", "might", "could", "may", "can", "should", "must"}
# Words between a date and its verb that make it a deadline or a start, so a day after the
# report: "(declared a dividend) payable Dec. 15", "effective Feb. 1", "(extended) through Nov. 17".
DEADLINE_WORDS = {"payable", "effective", "due", "until", "till", "through", "expire", "expires"}


class TimeTagger:
    """What the time extractor loads once per pipeline: its token patterns."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        patterns = json.loads(
            resources.files("dossier.resources").joinpath("time_patterns.json").read_text("utf-8")
        )
        for name, pattern_list in patterns.items():
            self.matcher.add(name, pattern_list)

    def __call__(self, doc: Doc) -> list[Timex]:
        return find_timexes(doc, self.matcher, _published(doc))


def _published(doc: Doc) -> date | None:
    value = doc.user_data.get("dossier.published")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def find_timexes(doc: Doc, matcher: Matcher, anchor: date | None) -> list[Timex]:
    """TIMEX3 records for ``doc``, anchored at ``anchor`` (the publication date), in text order."""
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(doc.text)
    dayfirst = prefers_dayfirst(doc.text)
    timexes = []
    reference = None  # the latest date the text named: anaphoric ones count from it
    for span, tense in select_spans(candidate_spans(doc, matcher), anchor, dayfirst):
        norm = normalize(span.text, anchor, tense, dayfirst=dayfirst, reference=reference)
        if norm is None:
            continue
        if norm.type == "DATE" and norm.value[:1].isdigit() and not norm.anaphoric:
            reference = norm.value
        timexes.append(
            Timex(
                id=stable_id("tmx", doc_id, span.start_char, span.end_char),
                start=span.start_char,
                end=span.end_char,
                text=span.text,
                type=norm.type,  # type: ignore[arg-type]
                value=norm.value,
            )
        )
    return timexes


def candidate_spans(doc: Doc, matcher: Matcher) -> list[Span]:
    """Every candidate, overlapping ones included: NER's DATE and TIME entities, the token
    patterns, a clock time joined to its day ("9 a.m. Tuesday"), and the parts of a range
    ("between 2014 and 2016", "the year ended Sept. 30")."""
    spans = [s for s in doc.ents if s.label_ in ("DATE", "TIME")]
    spans += [Span(doc, start, end) for _, start, end in matcher(doc)]
    unique: dict[tuple[int, int], Span] = {}  # NER's first: its label joins clocks and days
    for span in filter(None, map(_trim, spans)):
        unique.setdefault(_order(span), span)
    trimmed = sorted(unique.values(), key=_order)
    parts = []
    for span in trimmed:
        cut = [t.i for t in span if t.lower_ in RANGE_WORDS and span.start < t.i < span.end - 1]
        for start, end in zip([span.start, *(c + 1 for c in cut)], [*cut, span.end], strict=True):
            if cut and (part := _trim(doc[start:end])) is not None:
                parts.append(part)
    return trimmed + parts + _clock_and_day(filter_spans(trimmed))


def select_spans(spans: list[Span], anchor: date | None, dayfirst: bool) -> list[tuple[Span, str]]:
    """The longest candidates that normalise, without overlaps, in text order, with the tense
    of their clause."""
    taken: set[int] = set()
    chosen = []
    for span in sorted(spans, key=lambda s: (-len(s), s.start)):
        if taken.intersection(range(span.start, span.end)):
            continue
        tense = clause_tense(span)
        if normalize(span.text, anchor, tense, dayfirst=dayfirst) is None:
            continue
        chosen.append((span, tense))
        taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda chosen: _order(chosen[0]))


def _order(span: Span) -> tuple[int, int]:
    return span.start, span.end


def prefers_dayfirst(text: str) -> bool:
    """Does the document write numeric dates day first? Only a date that can be read one way
    tells ("25/12/2024" yes, "12/25/2024" no); with none, month first (US news convention).

    >>> prefers_dayfirst("on 25/12/2024 and 03/02/2025"), prefers_dayfirst("on 03/02/2025")
    (True, False)
    """
    for first, second in _NUMERIC_DATE.findall(text):
        if int(first) > 12 >= int(second):
            return True
        if int(second) > 12 >= int(first):
            return False
    return False


def _clock_and_day(spans: list[Span]) -> list[Span]:
    """ "9 a.m. Tuesday", "Tuesday at 9 a.m.": one TIME, as TimeML annotates it."""
    joined = []
    for last, span in itertools.pairwise(spans):
        gap = span.doc[last.end : span.start]
        kinds = {last.label_, span.label_}
        if (
            "TIME" in kinds
            and kinds <= {"TIME", "DATE"}
            and all(t.is_punct or t.lower_ == "at" for t in gap)
            and len(gap) <= 2
        ):
            joined.append(Span(span.doc, last.start, span.end, label="TIME"))
    return joined


def _trim(span: Span) -> Span | None:
    """Fit a candidate to the TimeML extent: no leading signal, a trailing "ago" kept."""
    doc = span.doc
    start, end = span.start, span.end
    if start > 0 and doc[start - 1].lower_ in DETERMINERS and doc[start].lower_ in CALENDAR_UNITS:
        start -= 1  # NER left out the determiner: "this year 's" -> "year"
    while start < end and (doc[start].lower_ in LEADING_SIGNALS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end < len(doc) and doc[end].lower_ in RELATIVE_SIGNALS and doc[end - 1].lower_.endswith("s"):
        end += 1  # "days after", "three years ago"
    elif end < len(doc) and doc[end].lower_ in PARTS_OF_DAY and doc[end - 1].ent_type_ == "DATE":
        end += 1  # "Friday morning"
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label)


def clause_tense(span: Span) -> str:
    """The tense of the clause a time expression modifies: past, present or future.

    Future: "will"/"shall", "going to", a plan ("is scheduled for", "due on", "expected to"),
    a present progressive ("is meeting on Friday"). Past: a past form with no present auxiliary.
    """
    verb = _governing_verb(span.root)
    if verb is None:
        return "past"
    aux = {child.lower_ for child in verb.children if child.dep_ in ("aux", "auxpass")}
    if _past_perfect(verb):
        return "past"  # before a past moment, even a plan ("had been due to expire Friday")
    if aux & FUTURE_AUX or verb.lower_ in FUTURE_AUX or "going" in aux or aux & MODALS:
        return "future"
    if verb.lemma_ in PLAN_WORDS or (
        verb.dep_ == "xcomp" and verb.head.lemma_ in PLAN_WORDS | {"set"}
    ):
        return "future"  # planned, even in the past, for a day after the report
    opener = span.doc[span.start - 1].lower_ if span.start else ""
    path = {t.lower_ for t in _path_to(span.root, verb)} | {opener}
    if path & DEADLINE_WORDS and not (verb.tag_ == "VBD" and path & {"until", "till"}):
        return "future"  # "payable Dec. 15"; "(has kept them) closed until Friday"
    if aux & PAST_AUX or aux & {"has", "have", "'ve"} or verb.tag_ == "VBD":
        return "past"
    if verb.tag_ == "VBN":
        return "present" if aux & PRESENT_AUX else "past"
    if verb.tag_ == "VBG":
        return "future" if aux & PRESENT_AUX else "past"
    if verb.tag_ in ("VBZ", "VBP", "VB"):
        return "present"
    return "past"


def _past_perfect(verb: Token) -> bool:
    """Is ``verb``, or the verb it completes ("had been due to expire"), in the past perfect?"""
    token = verb
    for _ in range(4):
        if any(c.lower_ == "had" and c.dep_ in ("aux", "auxpass") for c in token.children):
            return True
        if token.dep_ not in ("xcomp", "acomp") or token.head is token:
            return False
        token = token.head
    return False


def _path_to(token: Token, verb: Token) -> list[Token]:
    """The tokens from ``token``'s head up to ``verb``, exclusive."""
    path = []
    while token.head is not token and token.head is not verb and len(path) < 6:
        token = token.head
        path.append(token)
    return path


def _governing_verb(token: Token) -> Token | None:
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def time_of(timexes: list[Timex], start: int, end: int) -> Timex | None:
    """The DATE or TIME timex inside a clause (character range), the first one; None if none."""
    return next(
        (t for t in timexes if t.type in ("DATE", "TIME") and start <= t.start and t.end <= end),
        None,
    )


@Language.factory("dossier_time")
def make_time_component(nlp: Language, name: str) -> TimeComponent:
    return TimeComponent(nlp)


class TimeComponent:
    """Thin spaCy component: stores ``find_timexes`` on ``doc._.dossier_timexes`` (as dicts)."""

    def __init__(self, nlp: Language) -> None:
        if not Doc.has_extension("dossier_timexes"):
            Doc.set_extension("dossier_timexes", default=None)
        self.tagger = TimeTagger(nlp)

    def __call__(self, doc: Doc) -> Doc:
        with component_errors(doc, "dossier_time"):
            doc._.dossier_timexes = [t.model_dump() for t in self.tagger(doc)]
        return doc
