"""Events: who did what to whom, coded to PLOVER 2.0 and CAMEO, with time, place, modality, figures.

How a sentence is coded (all rules over the spaCy parse; the words are data, see
``extract.event_patterns``); :func:`code_events` puts the steps together:

1. **Triggers** (``extract.event_triggers``): every verb, noun or adjective whose lemma has a
   pattern ("ratified", "the ratification", "an attack", "ready"); the most specific pattern whose
   constraints hold codes it.
2. **Topics are not events** (``extract.event_triggers``): a trigger inside the object or
   complement of another trigger is that trigger's topic ("turned down a plan for a *truce*",
   "threatened to *bomb*"), and may refine it: an intent to do something cooperative is AGREE with
   the matching CAMEO 03 code, an intent to do something hostile is THREATEN (13), a refusal is
   REJECT (12), each with its new type's mode. Statements ("said") code nothing themselves but
   mark what they govern as reported. Triggers that only set the scene (a relative or "after"
   clause, a past or prevented act, protesters as a target, a subject that cannot act) are not
   events either (``extract.event_scene``).
3. **Actors**: actor1 is the subject (the "by" agent of a passive, the possessor or the country
   adjective of a noun trigger, the subject of the light verb of a noun trigger: "Chile launched
   an *invasion*"), actor2 the object, indirect object or the object of a preposition such as
   "with", "against", "on". A pronoun takes the subject of the clause above it ("Peru said *it*
   would ..."); a document ("the memo states") its author ("the State Department distributed a
   memo"); which phrases these are is ``extract.event_arguments``'s call. Each actor is coded from
   the entity mention it overlaps (``doc._.dossier_entities``), else from the country and role
   words of its phrase, and by the place of its clause where it has no country of its own
   (``extract.event_actors``). Compound actors ("Russia and Cuba signed") give one event per
   actor, reciprocal when they act together without another target.
4. **Modality** (``extract.event_triggers``): negated ("did not sign"), future or intent ("will",
   "plans to"), hedged ("may", "would have"), reported (inside a claim's content,
   ``doc._.dossier_claims``, or under a reporting verb), else asserted.
5. **Time, place, figures** (here): the clause's own timex, else the publication date
   (``time_fallback``); the clause's place ("in Miami"), else the dateline (``place_fallback``);
   the figures (``doc._.dossier_figures``) inside the clause.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dossier.extract.actor_dictionary import event_date
from dossier.extract.actors import ActorLexicon
from dossier.extract.errors import component_errors
from dossier.extract.event_actors import ActorResolver, home_countries, pairs, place_actors
from dossier.extract.event_arguments import ArgumentFinder
from dossier.extract.event_patterns import EventLexicon
from dossier.extract.event_triggers import (
    Candidate,
    TriggerCoder,
    clause_verb,
    intent_code,
    modality,
    reporting_clause,
)
from dossier.model import Event, SentenceRef, stable_id
from dossier.model import Span as TextSpan

logger = logging.getLogger(__name__)

# Dependencies that open a clause of its own (time, place and figures do not cross them).
CLAUSE_BOUNDARIES = {"ccomp", "advcl", "relcl", "csubj", "parataxis", "conj", "acl"}


class EventCoder:
    """Codes the events of a parsed Doc; built once per pipeline (its data is loaded here)."""

    def __init__(self, nlp: Language, lexicon: EventLexicon, actors: ActorLexicon) -> None:
        self.lex = lexicon
        self.actors = actors
        self.triggers = TriggerCoder(nlp.vocab, lexicon)

    def __call__(self, doc: Doc) -> list[Event]:
        return code_events(doc, self)

    def candidates(self, doc: Doc | Span) -> list[Candidate]:
        """Every trigger of ``doc`` coded by its best pattern, with topics absorbed."""
        return self.triggers.candidates(doc)


def code_events(doc: Doc, coder: EventCoder) -> list[Event]:
    """The events of ``doc`` (see the module's docstring)."""
    lex = coder.lex
    entities = _list(doc, "dossier_entities")
    timexes = _list(doc, "dossier_timexes")
    figures = _list(doc, "dossier_figures")
    claims = _list(doc, "dossier_claims")
    resolver = ActorResolver(doc, entities, coder.actors, lex)
    finder = ArgumentFinder(resolver, lex)
    doc_id = doc.user_data.get("dossier.document_id") or ""
    published = doc.user_data.get("dossier.published")
    dateline = _dateline_entity(doc, entities)
    places = [e for e in entities if e.get("kind") in ("place", "country")]
    events: list[Event] = []
    for candidate in coder.candidates(doc):
        if not candidate.is_event:
            continue
        mood, intent = modality(candidate, lex)
        if intent:
            intent_code(candidate, lex, negated=mood == "negated")
        token = candidate.token
        head = clause_verb(token)
        timex = _clause_timex(doc, timexes, head, token)
        time_value = timex.get("value") if timex else None
        resolver.date = event_date(time_value or published)  # actors are coded for this date
        first, second = finder.actors(candidate)
        _joint_show_of_force(candidate, first, second, lex)
        time_fallback = time_value is None and published is not None
        place = _clause_place(doc, places, head, token, lex.word("place_preps"))
        if place is not None and not place.get("country"):  # "in the occupied West Bank"
            region = coder.actors.region(place.get("name") or "")
            place = {**place, "country": region} if region else place
        first, second = place_actors(first, second, token, candidate.plover, place, lex)
        first, second = home_countries(first, second, token.sent, entities, coder.actors, lex)
        place_fallback = place is None and dateline is not None
        claim = _claim_of(token, claims)
        if mood == "asserted" and (claim is not None or reporting_clause(token, lex)):
            mood = "reported"
        clause_figures = [
            f
            for f in figures
            if (t := _char_token(doc, f["start"], f["end"])) is not None
            and (in_clause(t, head) or in_clause(t, token))
        ]
        figure_ids = [f["id"] for f in clause_figures]
        for figure in clause_figures:  # the figure's own link back to its event
            if "event" in figure and figure["event"] is None:
                figure["event"] = stable_id("evt", doc_id, token.idx, 0)
        sent = token.sent
        for index, (a1, a2) in enumerate(pairs(first, second)):
            event_id = stable_id("evt", doc_id, token.idx, index)
            events.append(
                Event(
                    id=event_id,
                    plover=candidate.plover or "",
                    cameo=candidate.cameo,
                    mode=candidate.mode,
                    context=candidate.context,
                    trigger=TextSpan(text=token.text, start=token.idx, end=token.idx + len(token)),
                    actor1=a1.record() if a1 else None,
                    actor2=a2.record() if a2 else None,
                    place=place["id"] if place else (dateline["id"] if dateline else None),
                    time=time_value or (published if time_fallback else None),
                    time_fallback=time_fallback,
                    place_fallback=place_fallback,
                    lemma=token.lemma_.lower()[:64],
                    modality=mood,
                    claim=claim["id"] if claim else None,
                    figures=figure_ids,
                    sentence=SentenceRef(start=sent.start_char, end=sent.end_char),
                )
            )
    return events


def _joint_show_of_force(
    candidate: Candidate, first: list, second: list, lex: EventLexicon
) -> None:
    """Exercises two forces hold together, with no one else as target, are military
    cooperation (CAMEO 062), not a show of force (150): "French and Egyptian warships launched
    war games"; the nouns are the lexicon's ``joint_exercise_nouns``."""
    if (
        candidate.plover == "MOBILIZE"
        and len(first) >= 2
        and not second
        and candidate.token.lemma_.lower() in lex.word("joint_exercise_nouns")
    ):
        candidate.plover, candidate.cameo = "COOPERATE", "062"
        candidate.mode, candidate.context = None, "military"


def code_sentence(doc: Doc | Span, coder: EventCoder) -> Candidate | None:
    """The main coded act of a sentence (for CAMEO scoring): the event nearest the root, else the
    nearest statement."""
    candidates = [c for c in coder.candidates(doc) if c.absorbed_by is None and c.scene is None]
    for candidate in candidates:
        mood, intent = modality(candidate, coder.lex)
        if intent and candidate.plover is not None:
            intent_code(candidate, coder.lex, negated=mood == "negated")
    events = [c for c in candidates if c.plover is not None]
    pool = events or candidates
    return min(pool, key=lambda c: (c.depth, c.token.i)) if pool else None


# Time, place, claim, figures -------------------------------------------------------------


def _list(doc: Doc, name: str) -> list[dict]:
    """What an earlier component stored on ``doc._.<name>`` (none where it did not run)."""
    if not Doc.has_extension(name):
        return []
    return list(getattr(doc._, name) or [])


def _dateline_entity(doc: Doc, entities: list[dict]) -> dict | None:
    """The entity the dateline names ("MOSCOW (Reuters) -"), if any."""
    dateline = doc.user_data.get("dossier.dateline")
    if not dateline:
        return None
    start, end = dateline
    for entity in entities:
        if any(m["start"] < end and start < m["end"] for m in entity.get("mentions", [])):
            return entity
    return None


def _clause_timex(doc: Doc, timexes: list[dict], head: Token, token: Token) -> dict | None:
    """The first dated timex of the trigger's clause (or of the verb it is conjoined to)."""
    sent = token.sent
    for timex in timexes:
        value = timex.get("value") or ""
        if timex.get("type") not in ("DATE", "TIME") or not any(c.isdigit() for c in value):
            continue
        if not (sent.start_char <= timex["start"] and timex["end"] <= sent.end_char):
            continue
        t = _char_token(doc, timex["start"], timex["end"])
        if t is not None and (in_clause(t, head) or in_clause(t, token)):
            return timex
    if head.dep_ == "conj":  # "kidnapped ... on Monday and exploded ...": the first verb's time
        return _clause_timex(doc, timexes, head.head, head.head)
    return None


def _clause_place(
    doc: Doc, places: list[dict], head: Token, token: Token, preps: frozenset[str]
) -> dict | None:
    """The place entity of the trigger's clause, named after "in", "at", "near", "through", ...
    (``preps``: the lexicon's ``place_preps``)."""
    sent = token.sent
    for entity in places:
        for mention in entity.get("mentions", []):
            if not (sent.start_char <= mention["start"] and mention["end"] <= sent.end_char):
                continue
            t = _char_token(doc, mention["start"], mention["end"])
            for _ in range(2):  # "at a prison in Lima", "in Peru's capital Lima"
                while t is not None and t.dep_ in ("poss", "compound") and t.head != t:
                    t = t.head
                if t is None or t.dep_ != "pobj" or t.head.lower_ not in preps:
                    break
                if t.head.head.i in (head.i, token.i):
                    return entity
                t = t.head.head
    return None


def _claim_of(token: Token, claims: list[dict]) -> dict | None:
    """The claim whose content holds the trigger, if any."""
    for claim in claims:
        content = claim.get("content") or {}
        start, end = content.get("start"), content.get("end")
        if start is not None and end is not None and start <= token.idx < end:
            return claim
    return None


def in_clause(token: Token, head: Token) -> bool:
    """Whether ``token`` belongs to ``head``'s clause (not to a clause nested under it)."""
    node = token
    for _ in range(30):
        if node.i == head.i:
            return True
        if node.dep_ in CLAUSE_BOUNDARIES or node.head.i == node.i:
            return False
        node = node.head
    return False


def _char_token(doc: Doc, start: int, end: int) -> Token | None:
    """The root token of a character range, if it covers any."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


@Language.factory("dossier_events")
def make_event_component(nlp: Language, name: str) -> EventComponent:
    return EventComponent(nlp)


class EventComponent:
    """Thin spaCy component: stores ``code_events`` on ``doc._.dossier_events`` (as dicts)."""

    def __init__(self, nlp: Language) -> None:
        if not Doc.has_extension("dossier_events"):
            Doc.set_extension("dossier_events", default=None)
        self.coder = EventCoder(nlp, EventLexicon.load(), ActorLexicon.load())

    def __call__(self, doc: Doc) -> Doc:
        with component_errors(doc, "dossier_events"):
            doc._.dossier_events = [e.model_dump() for e in self.coder(doc)]
        return doc
