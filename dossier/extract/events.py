"""Events: who did what to whom, coded to PLOVER 2.0 and CAMEO, with time, place, modality, figures.

How a sentence is coded (all rules over the spaCy parse; the words are data, see
``extract.event_patterns``):

1. **Triggers**: every verb, noun or adjective whose lemma has a pattern ("ratified", "the
   ratification", "an attack", "ready"); the most specific pattern whose constraints hold codes it.
2. **Topics are not events**: a trigger inside the object or complement of another trigger is
   that trigger's topic ("turned down a plan for a *truce*", "threatened to *bomb*"), and
   may refine it: an intent to do something cooperative is AGREE with the matching CAMEO 03 code,
   an intent to do something hostile is THREATEN (13), a refusal is REJECT (12). Statements
   ("said") code nothing themselves but mark what they govern as reported.
3. **Actors**: actor1 is the subject (the "by" agent of a passive, the possessor or the country
   adjective of a noun trigger, the subject of the light verb of a noun trigger: "Chile launched
   an *invasion*"), actor2 the object, indirect object or the object of a preposition such as
   "with", "against", "on". A pronoun takes the subject of the clause above it ("Peru said *it*
   would ..."); a document ("the memo states") its author ("the State Department distributed a
   memo"). Each actor is coded from the entity mention it overlaps (``doc._.dossier_entities``),
   else from the country and role words of its phrase. Compound actors ("Russia and Cuba signed")
   give one event per actor, reciprocal when they act together without another target.
4. **Modality**: negated ("did not sign"), future or intent ("will", "plans to"), hedged ("may",
   "would have"), reported (inside a claim's content, ``doc._.dossier_claims``, or under a
   reporting verb), else asserted.
5. **Time, place, figures**: the clause's own timex, else the publication date (``time_fallback``);
   the clause's place ("in Miami"), else the dateline (``place_fallback``); the figures
   (``doc._.dossier_figures``) inside the clause.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from dossier.extract import attack_sense
from dossier.extract.actors import ActorLexicon, actor_code
from dossier.extract.errors import component_errors
from dossier.extract.event_patterns import POS_GROUPS, EventLexicon, Pattern, convert
from dossier.model import Actor, Event, SentenceRef, stable_id
from dossier.model import Span as TextSpan

logger = logging.getLogger(__name__)

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# Dependencies that keep a trigger inside another trigger's object (its topic).
OBJECT_PATH = {
    "dobj", "pobj", "prep", "pcomp", "compound", "amod", "nmod", "attr", "oprd",
    "npadvmod", "appos", "dative", "agent", "nsubjpass", "advmod", "dep", "nummod", "punct",
}  # fmt: skip
CLAUSE_PATH = OBJECT_PATH | {"xcomp", "ccomp", "mark", "aux", "auxpass", "neg", "nsubj"}
# Dependencies that open a clause of its own (time, place and figures do not cross them).
CLAUSE_BOUNDARIES = {"ccomp", "advcl", "relcl", "csubj", "parataxis", "conj", "acl"}
ROOT_PLOVER = {"03": "AGREE", "12": "REJECT", "13": "THREATEN"}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
HOSTILE = {"PROTEST", "SANCTION", "COERCE", "ASSAULT"}
PRONOUNS = {"PRON"}
NON_COUNTRY_ROLES = {"IGO", "NGO", "MNC"}  # international actors: no home country
NOT_EVENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "PERSON"}


@dataclass
class Candidate:
    """One trigger and the pattern that codes it, before actors and the rest are attached."""

    token: Token
    pattern: Pattern
    plover: str | None
    cameo: str
    mode: str | None
    context: str | None
    absorbed_by: Candidate | None = None
    topics: list[Candidate] = field(default_factory=list)
    depth: int = 0

    @property
    def is_event(self) -> bool:
        return self.plover is not None and self.absorbed_by is None


@dataclass(frozen=True)
class ActorRef:
    text: str
    entity: str | None
    country: str | None
    role: str | None
    ethnic: bool = False  # "ethnic Hungarians": coded by the country they act in

    def record(self) -> Actor:
        return Actor(text=self.text, entity=self.entity, code=actor_code(self.country, self.role))


class EventCoder:
    """Codes the events of a parsed Doc; built once per pipeline (its data is loaded here)."""

    def __init__(self, nlp: Language, lexicon: EventLexicon, actors: ActorLexicon) -> None:
        self.lex = lexicon
        self.actors = actors
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("TRIGGER", [[{"LEMMA": {"IN": lexicon.lemmas}}]])
        self.matcher.add("TRIGGER_LOWER", [[{"LOWER": {"IN": lexicon.lemmas}}]])

    def __call__(self, doc: Doc) -> list[Event]:
        return code_events(doc, self)

    def candidates(self, doc: Doc | Span) -> list[Candidate]:
        """Every trigger of ``doc`` coded by its best pattern, with topics absorbed."""
        seen: set[int] = set()
        found: list[Candidate] = []
        for _, start, _ in sorted(self.matcher(doc), key=lambda m: m[1]):
            token = doc[start] if isinstance(doc, Doc) else doc.doc[doc.start + start]
            if token.i in seen:
                continue
            seen.add(token.i)
            candidate = self.code_token(token)
            if candidate is not None and not self._modifier(token):
                found.append(self._obligation(candidate))
        absorb(found, self.lex)
        return found

    def _modifier(self, token: Token) -> bool:
        """A noun that only modifies another ("strike committee", "protest organisers") is no
        event, unless what it modifies is an undertaking ("mediation efforts"); nor is a noun
        that only sets the scene ("after weeks of fighting", "because of the war")."""
        if token.pos_ == "VERB" and token.dep_ == "amod":
            return True  # "the proposed deal", "backed securities"
        if token.pos_ != "NOUN":
            return False
        if token.dep_ == "pobj" and (
            token.head.lower_ in self.lex.word("background_preps")
            or (token.head.lower_ == "of" and token.head.head.lower_ == "because")
        ):
            return True
        return (
            token.dep_ in ("compound", "amod", "nmod")
            and token.head.lemma_.lower() not in self.lex.word("event_heads")
            and (token.head.lemma_.lower(), "NOUN") not in self.lex.patterns
        )

    def _obligation(self, candidate: Candidate) -> Candidate:
        """ "X said that Y must ...": a statement of what another must do is a demand (CAMEO 10)."""
        if not candidate.pattern.is_statement:
            return candidate
        must = self.lex.word("obligation_aux")
        for child in candidate.token.children:
            if child.dep_ == "ccomp" and any(
                c.dep_ == "aux" and c.lower_ in must for c in child.children
            ):
                pattern = replace(
                    candidate.pattern, plover="REQUEST", cameo="100", absorbs="clause"
                )
                candidate.pattern, candidate.plover, candidate.cameo = pattern, "REQUEST", "100"
                break
        return candidate

    def code_token(self, token: Token) -> Candidate | None:
        group = POS_GROUPS.get(token.pos_)
        if group is None or token.ent_type_ in NOT_EVENTS:
            return None
        patterns = self.lex.patterns.get((token.lemma_.lower(), group)) or self.lex.patterns.get(
            (token.lower_, group)
        )
        if not patterns:
            return None
        view = TriggerView(token)
        for pattern in patterns:
            if view.satisfies(pattern):
                return Candidate(
                    token,
                    pattern,
                    pattern.plover,
                    pattern.cameo,
                    pattern.mode,
                    pattern.context,
                    depth=_depth(token),
                )
        return None


class TriggerView:
    """What a trigger's constraints are checked against: its particles, objects, complement."""

    def __init__(self, token: Token) -> None:
        self.token = token
        self._objects: set[str] | None = None
        self._scope: set[str] | None = None

    def satisfies(self, pattern: Pattern) -> bool:
        token = self.token
        if pattern.prep and not any(
            c.dep_ in ("prt", "prep", "agent", "advmod") and c.lower_ == pattern.prep
            for c in token.children
        ):
            return False
        if pattern.clause and not any(c.dep_ == "ccomp" for c in token.children):
            return False
        if pattern.sense and attack_sense.sense(token) != pattern.sense:
            return False
        if pattern.object and not (pattern.object & self.objects()):
            return False
        return not (pattern.has and not (pattern.has & self.scope()))

    def objects(self) -> set[str]:
        if self._objects is None:
            self._objects = {t.lemma_.lower() for t in object_heads(self.token)} | {
                t.lower_ for t in object_heads(self.token)
            }
        return self._objects

    def scope(self) -> set[str]:
        if self._scope is None:
            words: set[str] = set()
            for t in scope_tokens(self.token):
                words.add(t.lemma_.lower())
                words.add(t.lower_)
            self._scope = words
        return self._scope


def object_heads(token: Token) -> list[Token]:
    """The heads of a trigger's object(s): "signed *a treaty*", "called for *sanctions*",
    "refused to *lift*", "the agreement ... *signed*" (a participle's noun), "a *hunger* strike".
    """
    heads = []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass", "xcomp", "dative"):
            heads.append(child)
            if child.dep_ == "xcomp":
                heads.extend(c for c in child.children if c.dep_ in ("dobj", "attr"))
        elif child.dep_ in ("prep", "agent", "prt"):
            heads.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp"))
        elif token.pos_ in ("NOUN", "PROPN") and child.dep_ in ("amod", "compound"):
            heads.append(child)
    if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        heads.append(token.head)
    return heads


def scope_tokens(token: Token) -> Iterator[Token]:
    """The trigger and what it governs, without its subject and without clauses of their own."""
    yield token
    for child in token.children:
        if child.dep_ in SUBJECT_DEPS or child.dep_ in ("advcl", "relcl", "parataxis", "conj"):
            continue
        yield from child.subtree
    if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        yield from token.head.subtree


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def absorb(candidates: list[Candidate], lex: EventLexicon) -> None:
    """Mark each trigger that is the topic of another (see the module's docstring, 2.)."""
    by_token = {c.token.i: c for c in candidates}
    for candidate in candidates:
        token, path = candidate.token, [candidate.token.dep_]
        node = token
        while node.head.i != node.i:
            parent = node.head
            owner = by_token.get(parent.i)
            if owner is not None and not owner.pattern.is_statement:
                allowed = CLAUSE_PATH if owner.pattern.absorbs == "clause" else OBJECT_PATH
                if all(dep in allowed for dep in path) and not _passes_subject(path):
                    candidate.absorbed_by = owner
                    owner.topics.append(candidate)
                break
            if owner is not None:  # a statement: what it governs is an event of its own
                break
            path.append(parent.dep_)
            node = parent
    for candidate in candidates:
        if candidate.absorbed_by is None:
            owner = _purpose_owner(candidate.token, by_token)
            if owner is not None and owner is not candidate and owner.absorbed_by is not candidate:
                candidate.absorbed_by = owner  # "held rallies to demand a vote"
    for candidate in candidates:
        if candidate.absorbed_by is None and candidate.topics:
            refine(candidate, lex)


def _purpose_owner(token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The event a non-finite purpose or manner clause belongs to: the trigger it hangs on, or
    the event noun of the light verb it hangs on ("held rallies to demand")."""
    if token.dep_ not in ("advcl", "xcomp", "acl") or token.head.i == token.i:
        return None
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
    if not (infinitive or token.tag_ == "VBG"):
        return None
    owner = by_token.get(token.head.i)
    if owner is not None:
        return None if owner.pattern.is_statement else owner
    for child in token.head.children:
        found = by_token.get(child.i)
        if child.dep_ in ("dobj", "attr") and found is not None and not found.pattern.is_statement:
            return found
    return None


def _passes_subject(path: list[str]) -> bool:
    return bool(path) and path[-1] in SUBJECT_DEPS


def refine(frame: Candidate, lex: EventLexicon) -> None:
    """Code a frame trigger by its topic: an offer to help is AGREE 033, a refusal to meet REJECT
    125, a threat to impose sanctions THREATEN 1312 (the more specific code wins)."""
    topic = next((t for t in frame.topics if t.plover is not None), None)
    if topic is None:
        return
    table = None
    if frame.plover == "AGREE" and topic.plover not in ("AGREE", "REQUEST", "THREATEN"):
        table = lex.intent
    elif frame.plover == "REJECT":
        table = lex.refuse
    elif frame.plover == "THREATEN" and topic.plover in HOSTILE | {"MOBILIZE"}:
        table = lex.intent
    code = convert(table, topic.cameo) if table else None
    if code and len(code) >= len(frame.cameo):
        frame.cameo = code
        frame.plover = ROOT_PLOVER.get(code[:2], frame.plover)
        frame.context = topic.context or frame.context


# Actors ------------------------------------------------------------------------------------


class Mentions:
    """The entity mentions of a Doc, looked up by character range."""

    def __init__(self, entities: list[dict]) -> None:
        self.entities = {e["id"]: e for e in entities}
        self.spans = sorted(
            (m["start"], m["end"], e["id"]) for e in entities for m in e.get("mentions", [])
        )

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, dict]]:
        return [(s, e, self.entities[i]) for s, e, i in self.spans if s < end and start < e]


class ActorResolver:
    def __init__(self, doc: Doc, coder: EventCoder, entities: list[dict]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: read it once per document
        self.coder = coder
        self.mentions = Mentions(entities)

    def resolve(self, token: Token, *, expand: bool = True) -> list[ActorRef]:
        """The actor(s) a noun phrase head names; conjuncts give one actor each."""
        heads = [token, *_conjuncts(token)] if expand else [token]
        actors: list[ActorRef] = []
        for head in heads:
            adjectives = self._conjoined_adjectives(head)
            if adjectives:
                actors.extend(adjectives)
                continue
            actor = self._resolve_one(head)
            if actor is not None:
                actors.append(actor)
        return actors

    def _conjoined_adjectives(self, head: Token) -> list[ActorRef]:
        """ "Finnish and Swedish officials": one actor per country adjective."""
        for child in head.children:
            if child.dep_ in ("amod", "compound") and any(c.dep_ == "conj" for c in child.children):
                words = [child, *_conjuncts(child)]
                countries = [self.coder.actors.country_word(w.text) for w in words]
                if len(words) > 1 and all(countries):
                    role = self._role([head.text])
                    return [
                        ActorRef(f"{w.text} {head.text}", None, c, role)
                        for w, c in zip(words, countries, strict=True)
                    ]
        return []

    def _resolve_one(self, head: Token) -> ActorRef | None:
        actor = self._resolve_phrase(head)
        start, end = _phrase(head)
        if actor is not None and any(t.lower_ == "ethnic" for t in self.doc[start:end]):
            actor = replace(actor, ethnic=True)
        return actor

    def _resolve_phrase(self, head: Token) -> ActorRef | None:
        start, end = _phrase(head)
        chars = (self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1]))
        found = self.mentions.overlapping(*chars)
        words = [t.text for t in self.doc[start:end] if t.dep_ not in ("relcl", "det")]
        own = next(
            (x for x in found if x[0] <= head.idx < x[1] and x[2].get("kind") != "place"), None
        )
        if own is None:
            own = next((x for x in found if x[0] <= head.idx < x[1]), None)
        others = [x for x in found if x is not own and x[2].get("country")]
        lexical = self.coder.actors.resolve_words(words)
        role = self._head_role(start, head)
        if role is None and (
            head.pos_ == "PROPN" or head.lemma_.lower() in self.coder.lex.word("people_nouns")
        ):  # "Chilean leader Ana Soto", "Peruvian rebel leaders": the title or modifier
            role = self._role_any([t.text for t in self.doc[start : head.i]])
        if own is not None:
            s, e, entity = own
            country = entity.get("country") or (others[0][2].get("country") if others else None)
            country = country or lexical.country
            own_role = entity.get("role") or role
            if not country and not own_role:  # "the Andean Council envoy Ana Soto"
                body = next((x[2] for x in found if x is not own and x[2].get("role")), None)
                own_role = body.get("role") if body else None
            return ActorRef(self.text[s:e], entity["id"], country, own_role)
        if not role and head.pos_ != "PROPN":  # a plain noun: its modifiers and "of" phrase
            limit = _of_end(head)
            others = [x for x in others if x[1] <= limit]
        if others and (role or head.pos_ in ("NOUN", "PROPN")):
            s, e, entity = others[0]
            if entity.get("kind") in ("country", "place") and role:
                return ActorRef(self.doc[start:end].text, None, entity.get("country"), role)
            if entity.get("kind") != "place":
                return ActorRef(
                    self.text[s:e], entity["id"], entity.get("country"), entity.get("role")
                )
        body = lexical.institution
        if body is not None and body.kind == "igo" and not lexical.country:
            role = body.role  # "the U.N. war crimes court", "NATO troops": the organisation acts
        if lexical.country or role:
            return ActorRef(self.doc[start : head.i + 1].text, None, lexical.country, role)
        return None

    def _role(self, words: list[str]) -> str | None:
        """The role the last words name ("President", "border police", "soldiers")."""
        institutions = self.coder.actors.institutions
        lower = [w.lower() for w in words]
        for size in range(min(3, len(lower)), 0, -1):
            term = " ".join(lower[-size:])
            found = institutions.get(term) or institutions.get(term.rstrip("s"))
            if found:
                return found.role
        return None

    def _role_any(self, words: list[str]) -> str | None:
        """The role of the last title or role word among ``words`` ("leader" has none)."""
        for i in range(len(words), 0, -1):
            found = self._role(words[:i])
            if found:
                return found
        return None

    def _head_role(self, start: int, head: Token) -> str | None:
        """The role of a phrase's head noun, with the words before it ("security forces")."""
        words = [t.text for t in self.doc[max(start, head.i - 2) : head.i + 1]]
        return self._role(words)


def _perpetrators(verb: Token) -> list[Token]:
    """Who did it, for a passive without an agent: "killed in an air strike *by the
    military*", "wounded during shelling by *rebels*"."""
    return [
        agent
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ in ("in", "during", "by")
        for noun in prep.children
        if noun.dep_ == "pobj" and noun.pos_ == "NOUN"
        for by in noun.children
        if by.dep_ in ("prep", "agent") and by.lower_ == "by"
        for agent in by.children
        if agent.dep_ == "pobj"
    ]


def _has_object(verb: Token) -> bool:
    """Whether a verb (or a verb conjoined to it) has a direct object: then a participle hung
    on a noun is active ("volunteers ... collected and shipped food")."""
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj")]
    return any(c.dep_ in ("dobj", "dative", "oprd") for v in verbs for c in v.children)


def _noun_before(verb: Token) -> list[Token]:
    """The nouns just before a verb, nearest first, back to a comma, verb or preposition."""
    start = max(verb.sent.start, verb.i - 8)
    nouns = []
    for token in reversed(verb.doc[start : verb.i]):
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in ("compound", "poss", "npadvmod"):
            nouns.append(token)
        elif token.pos_ in ("VERB", "ADP") or token.lower_ in (",", ";", ":"):
            break
    return nouns


def _conjuncts(token: Token) -> list[Token]:
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(_conjuncts(child))
    return out


def _of_end(head: Token) -> int:
    """Character end of a head noun and its "of" phrase ("positions of the security forces")."""
    end = head.idx + len(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            last = child.right_edge
            end = max(end, last.idx + len(last))
    return end


def _phrase(head: Token) -> tuple[int, int]:
    """Token range of a noun phrase: its left modifiers, the head, and "of"/"in" phrases."""
    start = head.i
    for child in head.lefts:
        if child.dep_ not in ("cc", "conj", "punct", "preconj"):
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if (child.dep_ == "prep" and child.lower_ in ("of", "in", "from")) or child.dep_ in (
            "appos",
            "compound",
            "flat",
        ):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    return start, end


# Arguments ---------------------------------------------------------------------------------


def clause_verb(token: Token) -> Token:
    """The verb whose clause a trigger belongs to (a noun trigger: the verb above it)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return token


def subject_tokens(verb: Token) -> list[Token]:
    """The subject of a verb, through conjoined verbs, control and participles."""
    node = verb
    for _ in range(6):
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            return subjects
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ in ("relcl", "acl") and node.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "rebels who attacked", "a declaration demanding", "a paper urged" (a finite
            # verb the parser hung on the noun before it): the noun is the subject
            active = node.tag_ in ("VBG", "VBD") or _has_object(node)
            return [node.head] if node.dep_ == "relcl" or active else []
        return []
    return []


class ArgumentFinder:
    """Actor1 and actor2 of a candidate (see the module's docstring, 3.)."""

    def __init__(self, resolver: ActorResolver, lex: EventLexicon) -> None:
        self.resolver = resolver
        self.lex = lex

    def actors(self, candidate: Candidate) -> tuple[list[ActorRef], list[ActorRef]]:
        token = candidate.token
        if token.pos_ in ("VERB", "AUX", "ADJ"):
            first, second = self._verb_actors(token)
        else:
            first, second = self._noun_actors(token)
        if not second:
            for topic in candidate.topics:
                second = self._first(self._objects(topic.token))
                if second:
                    break
        return first, second

    def _verb_actors(self, verb: Token) -> tuple[list[ActorRef], list[ActorRef]]:
        node = verb.head if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "amod") else verb
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children)
        first: list[ActorRef] = []
        second: list[ActorRef] = []
        stative = passive and node.lemma_.lower() in self.lex.word("stative_participles")
        if stative:  # "Norway is opposed to ...": a state of its subject
            passive = False
            first = self._subject_of(node, passive=True)
        if passive:
            agents = [
                g
                for c in node.children
                if c.dep_ == "agent"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            first = self._first(agents)
            patients = [c for c in node.children if c.dep_ == "nsubjpass"]
            second = self._first(patients)
            if not first:  # "killed in an air strike by the military": who struck
                first = self._first(_perpetrators(node))
            if not first:  # "recruited as mercenaries for the Russian Army"
                beneficiaries = [
                    t
                    for c in node.children
                    if c.dep_ == "prep"
                    for t in c.subtree
                    if t.dep_ == "pobj" and t.head.lower_ == "for"
                ]
                first = self._first(beneficiaries)
        elif node.dep_ == "acl" and node.tag_ == "VBN" and not _has_object(node):
            second = []  # "the agreement signed in Havana": actors of the agreement below
        elif not stative:
            first = self._subject(node)
        if not second:
            second = self._first(self._objects(verb))
        if not first or not second:
            between = self._between(verb)
            if between and not first and len(between) >= 2:
                first, second = [between[0]], between[1:]
            elif between and not second:
                second = [a for a in between if a not in first]
        return first, second

    def _noun_actors(self, noun: Token) -> tuple[list[ActorRef], list[ActorRef]]:
        first: list[ActorRef] = []
        if noun.lemma_.lower() in self.lex.word("agent_nouns"):  # "Egyptian demonstrators"
            return self.resolver.resolve(noun), []
        modifiers = [
            m
            for c in noun.children
            for m in (c, *(g for g in c.children if c.dep_ == "compound" and g.dep_ == "compound"))
        ]  # "US Predator attacks": the country may modify the compound
        for child in modifiers:
            if child.dep_ == "poss" or (
                child.dep_ in ("amod", "compound")
                and self.resolver.coder.actors.country_word(child.text)
            ):
                first = self.resolver.resolve(child)
                if first:
                    break
        if not first:
            agents = [
                g
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ == "by"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            first = self._first(agents)
        holder = noun
        if noun.dep_ == "compound" and noun.head.pos_ == "NOUN":
            holder = noun.head  # "undertook a mediation mission": the light verb's object
        if (
            not first
            and holder.dep_ in ("dobj", "attr", "pobj")
            and holder.head.pos_ in ("VERB", "AUX")
        ):
            first = self._subject(holder.head)
        elif not first and holder.dep_ == "pobj" and holder.head.head.pos_ in ("VERB", "AUX"):
            first = self._subject_of(holder.head.head, passive=True)  # "were engaged in cleansing"
        second = self._first(
            [
                g
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ in self.lex.word("actor2_preps") | {"of"}
                for g in c.children
                if g.dep_ == "pobj"
            ]
        )
        if not second:
            between = self._between(noun)
            second = [a for a in between if a not in first]
        return first, second

    def _subject(self, verb: Token) -> list[ActorRef]:
        reporter = self._reporter(verb)
        if reporter is None:
            return self._subject_of(verb)
        if reporter.pos_ in ("VERB", "AUX"):
            return self._subject_of(reporter)
        # a misparsed "the memo states": the noun before the verb is its subject
        nouns = [c for c in reporter.children if c.dep_ in ("compound", "nsubj")]
        return self._named(nouns)

    def _reporter(self, verb: Token) -> Token | None:
        """ "“...,” the memo states, accusing Havana": a participle hanging on a quotation acts
        for whoever the quotation is attributed to."""
        if verb.dep_ != "advcl" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
            return None
        for child in verb.head.children:
            if (
                child.dep_ not in SUBJECT_DEPS
                and child.i < verb.i
                and child.lemma_.lower() in self.lex.word("reporting_verbs")
            ):
                return child
        return None

    def _named(self, subjects: list[Token]) -> list[ActorRef]:
        for subject in subjects:
            actors = self._actors_of(subject)
            if actors:
                return actors
        return []

    def _actors_of(self, subject: Token) -> list[ActorRef]:
        """A document's author ("the memo states"), else the actors the subject names."""
        if subject.lemma_.lower() in self.lex.word("document_nouns"):
            author = self._author(subject)
            if author:
                return author
        return self.resolver.resolve(subject)

    def _subject_of(self, verb: Token, passive: bool = False) -> list[ActorRef]:
        subjects = subject_tokens(verb)
        if not subjects and passive:
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if (
            not subjects
            and verb.dep_ in ("ROOT", "ccomp")
            and not any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in verb.children)
        ):
            subjects = _noun_before(verb)  # a finite verb the parser left without a subject
        for subject in subjects:
            if subject.pos_ in PRONOUNS or subject.lower_ in ("who", "which", "that"):
                return self._antecedent(verb)
            if any(c.dep_ == "poss" and c.pos_ in PRONOUNS for c in subject.children):
                actors = self.resolver.resolve(subject)  # "their countries"
                return actors or self._antecedent(verb)
            actors = self._actors_of(subject)
            if actors:
                return actors
        return []

    def _antecedent(self, verb: Token) -> list[ActorRef]:
        """A pronoun subject: the subject of the nearest clause above that names an actor."""
        node = verb
        for _ in range(6):
            if node.head.i == node.i:
                break
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                passives = [c for c in node.children if c.dep_ == "nsubjpass"]
                for subject in subject_tokens(node) or passives:
                    if subject.pos_ in PRONOUNS:
                        continue
                    if subject.lemma_.lower() in self.lex.word("document_nouns"):
                        return self._author(subject)
                    actors = self.resolver.resolve(subject)
                    if actors:
                        return actors
            elif node.lemma_.lower() in self.lex.word("document_nouns"):
                return self._author(node)
        return []

    def _author(self, document: Token) -> list[ActorRef]:
        """Who issued a document: the subject of the verb that has it (or a namesake before it) as
        its object ("the State Department distributed ... a memorandum")."""
        if document.dep_ in ("dobj", "pobj") and document.head.pos_ in ("VERB", "AUX"):
            found = self._subject_no_pronoun(document.head)
            if found:
                return found
        names = {document.lemma_.lower()}
        if names & {"memo", "memorandum"}:
            names |= {"memo", "memorandum"}
        doc = document.doc
        for token in reversed(doc[max(0, document.i - 400) : document.i]):
            if token.lemma_.lower() in names and token.dep_ in ("dobj", "pobj"):
                verb = token.head if token.dep_ == "dobj" else token.head.head
                if verb.pos_ in ("VERB", "AUX"):
                    found = self._subject_no_pronoun(verb)
                    if found:
                        return found
        return []

    def _subject_no_pronoun(self, verb: Token) -> list[ActorRef]:
        for subject in subject_tokens(verb):
            if subject.pos_ not in PRONOUNS:
                actors = self.resolver.resolve(subject)
                if actors:
                    return actors
        return []

    def _objects(self, verb: Token) -> list[Token]:
        """Candidate heads for actor2, best first."""
        out: list[Token] = []
        children = list(verb.children)
        out.extend(c for c in children if c.dep_ in ("dative", "iobj"))
        out.extend(c for c in children if c.dep_ == "dobj")
        preps = self.lex.word("actor2_preps")
        for child in children:
            if child.dep_ == "prep" and child.lower_ in preps:
                out.extend(g for g in child.children if g.dep_ == "pobj")
        nested = [c for c in children if c.dep_ == "dobj"]
        for _ in range(2):  # "an agreement on military cooperation with Cuba"
            found = []
            for obj in nested:
                for child in obj.children:
                    if child.dep_ == "prep" and child.lower_ in preps | {"of"}:
                        found.extend(g for g in child.children if g.dep_ == "pobj")
            out.extend(found)
            nested = found
        for child in children:
            if child.dep_ in ("xcomp", "ccomp"):
                out.extend(c for c in child.children if c.dep_ in ("nsubj", "dobj", "nsubjpass"))
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            out.append(verb.head)
        return out

    def _first(self, heads: Iterable[Token]) -> list[ActorRef]:
        for head in heads:
            if head.pos_ in PRONOUNS:
                continue
            actors = self.resolver.resolve(head)
            if actors:
                return actors
        return []

    def _between(self, token: Token) -> list[ActorRef]:
        """ "an agreement between A and B": A and B, from the trigger's object or the noun."""
        nouns = [token] + [h for h in object_heads(token) if h.pos_ in ("NOUN", "PROPN")]
        nouns += [n.head.head for n in list(nouns) if n.dep_ == "pobj" and n.head.dep_ == "prep"]
        for noun in nouns:
            for child in noun.children:
                if child.dep_ == "prep" and child.lower_ == "between":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self.resolver.resolve(pobj)
        return []


# Modality, time, place, figures ------------------------------------------------------------


def modality(candidate: Candidate, lex: EventLexicon) -> tuple[str, bool]:
    """The event's modality, and whether it is an intent (future or planned)."""
    token = candidate.token
    verb = clause_verb(token)
    governed = token.i == verb.i or token.dep_ in ("dobj", "attr", "pobj", "oprd", "xcomp", "acomp")
    nodes = [token] if token.i == verb.i or not governed else [token, verb]
    words = {
        c.lower_ for n in nodes for c in n.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")
    }
    lemmas = {c.lemma_.lower() for n in nodes for c in n.children}
    negated = bool(words & lex.word("negation")) or any(
        c.dep_ == "neg" for n in nodes for c in n.children
    )
    future = bool(words & lex.word("future_aux")) or ("would" in words and "have" not in words)
    future = future or ("should" in words)
    node = verb
    for _ in range(3):  # "plans to impose", "is ready to send", "said it would consider"
        if node.dep_ in ("xcomp", "acomp") and node.head.lemma_.lower() in lex.word("intent_heads"):
            future = True
            break
        if node.dep_ != "xcomp":
            break
        node = node.head
    hedged = bool(words & lex.word("hedge_aux")) or ("would" in words and "have" in words)
    hedged = hedged or bool(lemmas & lex.word("hedge_adverbs"))
    if negated:
        return "negated", future
    if future:
        return "future", True
    if hedged:
        return "hedged", False
    return "asserted", False


def intent_code(candidate: Candidate, lex: EventLexicon, negated: bool) -> None:
    """An intended cooperative act is AGREE (03), a hostile one THREATEN (13), a refused one
    REJECT (12), as PLOVER codes future and planned events."""
    if candidate.plover in COOPERATIVE or candidate.plover in HOSTILE:
        table = lex.refuse if negated else lex.intent
        if negated and candidate.plover in HOSTILE:
            return
        code = convert(table, candidate.cameo)
        if code:
            candidate.cameo = code
            candidate.plover = ROOT_PLOVER[code[:2]]


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


def reporting_clause(token: Token, lex: EventLexicon) -> bool:
    """Whether a trigger is inside the complement of a reporting verb ("said that ...")."""
    node = token
    for _ in range(12):
        if node.head.i == node.i:
            return False
        if node.dep_ in ("ccomp", "parataxis") and node.head.lemma_.lower() in lex.word(
            "reporting_verbs"
        ):
            return True
        node = node.head
    return False


def _char_token(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def code_events(doc: Doc, coder: EventCoder) -> list[Event]:
    """The events of ``doc`` (see the module's docstring)."""
    lex = coder.lex
    entities = _list(doc, "dossier_entities")
    timexes = _list(doc, "dossier_timexes")
    figures = _list(doc, "dossier_figures")
    claims = _list(doc, "dossier_claims")
    finder = ArgumentFinder(ActorResolver(doc, coder, entities), lex)
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
        first, second = finder.actors(candidate)
        timex = _clause_timex(doc, timexes, head, token)
        time_value = timex.get("value") if timex else None
        time_fallback = time_value is None and published is not None
        place = _clause_place(doc, places, head, token)
        if place is not None and place.get("country"):
            first = [_ethnic(_located(a, place["country"]), place["country"]) for a in first]
            if not first and _by_the_state(token, lex):  # "was detained in Peru"
                own = place["id"] if place.get("kind") == "country" else None
                first = [ActorRef(place.get("name") or "", own, place["country"], None)]
        first = [_home_country(a, token.sent, entities, second, coder.actors) for a in first]
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
        for index, (a1, a2) in enumerate(_pairs(first, second)):
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


def _ethnic(actor: ActorRef, country: str) -> ActorRef:
    """An ethnic group is coded by the country it acts in, as CAMEO does: "ethnic Hungarians
    demonstrated in Slovakia" is SVK.

    >>> _ethnic(ActorRef("Hungarians", None, "HUN", None, ethnic=True), "SVK").country
    'SVK'
    >>> _ethnic(ActorRef("Hungarian police", None, "HUN", "COP"), "SVK").country
    'HUN'
    """
    return replace(actor, country=country) if actor.ethnic else actor


def _by_the_state(token: Token, lex: EventLexicon) -> bool:
    """Is the trigger an act only a state does, in the passive without an agent ("was arrested",
    "were expelled")? Its actor is then the country where it happens, as CAMEO codes it."""
    children = [c.dep_ for c in token.children]
    return (
        token.pos_ == "VERB"
        and token.lemma_.lower() in lex.word("authority_passives")
        and any(d in ("nsubjpass", "auxpass") for d in children)
        and "agent" not in children
    )


def _located(actor: ActorRef, country: str) -> ActorRef:
    """A domestic actor named without a country ("inmates rioted at a prison in Lima", "police
    in Quito") acts for the country where its clause takes place.

    >>> _located(ActorRef("Inmates", None, None, "CRM"), "PER").country
    'PER'
    >>> _located(ActorRef("a UN envoy", None, None, "IGO"), "PER").country is None
    True
    """
    if actor.country or not actor.role or actor.role in NON_COUNTRY_ROLES:
        return actor
    return replace(actor, country=country)


def _home_country(
    actor: ActorRef,
    sent: Span,
    entities: list[dict],
    targets: list[ActorRef],
    lexicon: ActorLexicon,
) -> ActorRef:
    """An official known only by title ("President Ana Soto") acts for the one country
    the sentence names besides the targets' ("... declared a curfew in Peru")."""
    if actor.country or not actor.role or actor.role in NON_COUNTRY_ROLES:
        return actor
    named = {
        e["country"]
        for e in entities
        if e.get("country")
        and any(sent.start_char <= m["start"] < sent.end_char for m in e.get("mentions", []))
    }
    named.update(c for t in sent if t.is_title and (c := lexicon.country_word(t.text)))
    countries = (named - {t.country for t in targets}) or named  # else a domestic act
    if len(countries) == 1:
        return replace(actor, country=countries.pop())
    return actor


def _pairs(
    first: list[ActorRef], second: list[ActorRef]
) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Actor pairs: one event per actor; two actors acting together are each other's target."""
    first = _unique(first)
    second = [a for a in _unique(second) if a not in first]
    if len(first) == 2 and not second:
        return [(first[0], first[1]), (first[1], first[0])]
    if not first and not second:
        return [(None, None)]
    return [(a, b) for a in (first or [None]) for b in (second or [None])][:8]


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for actor in actors:
        if actor not in out:
            out.append(actor)
    return out


def _list(doc: Doc, name: str) -> list[dict]:
    if not Doc.has_extension(name):
        return []
    return list(getattr(doc._, name) or [])


def _dateline_entity(doc: Doc, entities: list[dict]) -> dict | None:
    dateline = doc.user_data.get("dossier.dateline")
    if not dateline:
        return None
    start, end = dateline
    for entity in entities:
        if any(m["start"] < end and start < m["end"] for m in entity.get("mentions", [])):
            return entity
    return None


def _clause_timex(doc: Doc, timexes: list[dict], head: Token, token: Token) -> dict | None:
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


def _clause_place(doc: Doc, places: list[dict], head: Token, token: Token) -> dict | None:
    sent = token.sent
    preps = {"in", "at", "near", "outside", "inside", "across"}
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
    for claim in claims:
        content = claim.get("content") or {}
        start, end = content.get("start"), content.get("end")
        if start is not None and end is not None and start <= token.idx < end:
            return claim
    return None


def code_sentence(doc: Doc | Span, coder: EventCoder) -> Candidate | None:
    """The main coded act of a sentence (for CAMEO scoring): the event nearest the root, else the
    nearest statement."""
    candidates = [c for c in coder.candidates(doc) if c.absorbed_by is None]
    for candidate in candidates:
        mood, intent = modality(candidate, coder.lex)
        if intent and candidate.plover is not None:
            intent_code(candidate, coder.lex, negated=mood == "negated")
    events = [c for c in candidates if c.plover is not None]
    pool = events or candidates
    return min(pool, key=lambda c: (c.depth, c.token.i)) if pool else None


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
