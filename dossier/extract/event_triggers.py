"""Event triggers: which words of a sentence are events, and how each is coded.

All rules over the spaCy parse; the words are data (``extract.event_patterns``):

1. **Triggers** (:class:`TriggerCoder`): every verb, noun or adjective whose lemma has a pattern
   ("ratified", "the ratification", "an attack", "ready"); the most specific pattern whose
   constraints (:class:`TriggerView`) hold codes it. A noun that only modifies another ("strike
   committee") is none, and "X said that Y must ..." is a demand.
2. **Topics are not events** (:func:`absorb`): a trigger inside the object or complement of
   another trigger is that trigger's topic ("turned down a plan for a *truce*", "threatened to
   *bomb*"), and may refine it (:func:`refine`): an intent to do something cooperative is AGREE
   with the matching CAMEO 03 code, an intent to do something hostile is THREATEN (13), a refusal
   is REJECT (12), each with its new type's mode. Statements ("said") code nothing themselves.
   Triggers that only set the scene are marked too (:func:`set_scene`, ``extract.event_scene``).
3. **Modality** (:func:`modality`): negated, future or intent, hedged, else asserted; an intended
   act takes its intent code (:func:`intent_code`); :func:`reporting_clause` tells whether a
   trigger is reported.

The actors of a trigger are found in ``extract.event_arguments`` and coded in
``extract.event_actors``; ``extract.events`` puts it all together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from dossier.extract import attack_sense, event_scene
from dossier.extract.event_patterns import POS_GROUPS, EventLexicon, Pattern, convert

SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
# Dependencies that keep a trigger inside another trigger's object (its topic).
OBJECT_PATH = {
    "dobj", "pobj", "prep", "pcomp", "compound", "amod", "nmod", "attr", "oprd",
    "npadvmod", "appos", "dative", "agent", "nsubjpass", "advmod", "dep", "nummod", "punct",
    "content",  # a noun's content clause: "a demand that they grant", "an offer to host"
}  # fmt: skip
CLAUSE_PATH = OBJECT_PATH | {"xcomp", "ccomp", "acomp", "mark", "aux", "auxpass", "neg", "nsubj"}
ROOT_PLOVER = {"03": "AGREE", "12": "REJECT", "13": "THREATEN"}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
HOSTILE = {"PROTEST", "SANCTION", "COERCE", "ASSAULT"}
# Acts an order stands for (``refine``): those a state does by its orders.
ORDERED = {"SANCTION", "COERCE", "ASSAULT", "RETREAT", "CONCEDE", "MOBILIZE", "AID"}
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
    scene: str | None = None  # why it only sets the scene (extract.event_scene), else None

    @property
    def is_event(self) -> bool:
        return self.plover is not None and self.absorbed_by is None and self.scene is None


def _demand_on_another(clause: Token, must: frozenset[str]) -> bool:
    """A "must" clause that tells someone to act: active, with a subject other than the
    speakers themselves ("the president must resign"), not "the road must be repaired" nor
    "we must prepare"."""
    children = list(clause.children)
    if not any(c.dep_ == "aux" and c.lower_ in must for c in children):
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
        return False
    return not any(c.dep_ == "nsubj" and c.lower_ in ("we", "i") for c in children)


class TriggerCoder:
    """Finds and codes the triggers of a parsed Doc; built once per pipeline."""

    def __init__(self, vocab: Vocab, lexicon: EventLexicon) -> None:
        self.lex = lexicon
        self.matcher = Matcher(vocab)
        self.matcher.add("TRIGGER", [[{"LEMMA": {"IN": lexicon.lemmas}}]])
        self.matcher.add("TRIGGER_LOWER", [[{"LOWER": {"IN": lexicon.lemmas}}]])

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
        set_scene(found, self.lex)
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
            if child.dep_ == "ccomp" and _demand_on_another(child, must):
                pattern = replace(
                    candidate.pattern, plover="REQUEST", cameo="100", absorbs="clause"
                )
                candidate.pattern, candidate.plover, candidate.cameo = pattern, "REQUEST", "100"
                break
        return candidate

    def code_token(self, token: Token) -> Candidate | None:
        """``token`` coded by its first pattern whose constraints hold, else None."""
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
        self._subjects: set[str] | None = None

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
        if pattern.subject and not (pattern.subject & self.subjects()):
            return False
        if pattern.exclude and pattern.exclude & (self.objects() | self.subjects()):
            return False
        return not (pattern.has and not (pattern.has & self.scope()))

    def subjects(self) -> set[str]:
        if self._subjects is None:
            self._subjects = _words(event_scene.subject_heads(self.token))
        return self._subjects

    def objects(self) -> set[str]:
        if self._objects is None:
            self._objects = _words(object_heads(self.token))
        return self._objects

    def scope(self) -> set[str]:
        if self._scope is None:
            self._scope = _words(scope_tokens(self.token))
        return self._scope


def _words(tokens: Iterable[Token]) -> set[str]:
    """The lemmas and lower-case forms of ``tokens``, as a pattern's constraints name them."""
    words: set[str] = set()
    for token in tokens:
        words.add(token.lemma_.lower())
        words.add(token.lower_)
    return words


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
    """The trigger and what it governs (``event_scene.scope_of``), with the noun a participle
    modifies."""
    yield token
    yield from event_scene.scope_of(token)
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
        token, path = candidate.token, [_link(candidate.token)]
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
            path.append(_link(parent))
            node = parent
    for candidate in candidates:
        if candidate.absorbed_by is None:
            owner = _purpose_owner(candidate.token, by_token)
            if owner is not None and owner is not candidate and owner.absorbed_by is not candidate:
                candidate.absorbed_by = owner  # "held rallies to demand a vote"
    for candidate in candidates:
        owner = _act_of_participants(candidate, by_token, lex.word("participant_nouns"))
        if candidate.absorbed_by is None and owner is not None:
            candidate.absorbed_by = owner  # "protesters marched": one protest, not two
    for candidate in candidates:
        if candidate.absorbed_by is None and candidate.topics:
            refine(candidate, lex)


def _act_of_participants(
    candidate: Candidate, by_token: dict[int, Candidate], agents: frozenset[str]
) -> Candidate | None:
    """The trigger whose subject is a noun naming people by that same act (``agents``:
    "*protesters* marched", "*demonstrators* rallied"): the noun is who acts, and the verb is
    the event ("the attack killed 30" keeps both)."""
    token = candidate.token
    if token.pos_ != "NOUN" or token.lemma_.lower() not in agents:
        return None
    if token.dep_ not in SUBJECT_DEPS or token.head.i == token.i:
        return None
    owner = by_token.get(token.head.i)
    if owner is None or owner is candidate or owner.plover != candidate.plover:
        return None
    return owner


def _link(token: Token) -> str:
    """The dependency that links ``token`` to its head, with a noun's content clause as
    "content" (``event_scene.is_content_clause``)."""
    return "content" if event_scene.is_content_clause(token) else token.dep_


def _purpose_owner(token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """The event a non-finite purpose or manner clause belongs to: the trigger it hangs on, or
    the event noun of the light verb it hangs on ("held rallies to demand"), climbing a chain
    of such clauses ("offered troops to help him *oust*", "willing to send arms to help
    *defend*")."""
    for _ in range(4):
        if token.head.i == token.i or not (
            token.dep_ in ("advcl", "xcomp", "acl") or _bare_infinitive(token)
        ):
            return None
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if not (infinitive or token.tag_ == "VBG" or token.dep_ in ("xcomp", "ccomp")):
            return None
        owner = by_token.get(token.head.i)
        if owner is not None:
            return None if owner.pattern.is_statement else owner
        for child in token.head.children:
            found = by_token.get(child.i)
            if child.dep_ in ("dobj", "attr") and found is not None:
                return None if found.pattern.is_statement else found
        token = token.head
    return None


def set_scene(candidates: list[Candidate], lex: EventLexicon) -> None:
    """Mark the triggers that only set the scene of their sentence (``extract.event_scene``):
    prevented acts, participants, verbs of things that cannot act, trade and wanting for oneself
    always, background clauses,
    past events and topics where the sentence reports an event outside them."""
    for candidate in candidates:
        token = candidate.token
        if event_scene.prevented(token, lex):
            candidate.scene = "prevented"
        elif event_scene.participant(token, lex):
            candidate.scene = "participant"
        elif event_scene.inert(token, lex):
            candidate.scene = "inert"
        elif event_scene.clausal_subject(token):
            candidate.scene = "subject"
        elif candidate.plover in lex.word("commercial_types") and (
            event_scene.commercial(token, lex) or event_scene.by_thing(token, lex)
        ):
            candidate.scene = "commercial"
        elif candidate.plover == "REQUEST" and event_scene.self_intent(token, lex):
            candidate.scene = "intent"
    background = {}
    for candidate in candidates:
        if candidate.is_event:
            background[candidate.token.i] = event_scene.background(candidate.token, lex)
    reported = {c.token.sent.start for c in candidates if c.is_event and not background[c.token.i]}
    for candidate in candidates:
        why = background.get(candidate.token.i)
        if why and candidate.token.sent.start in reported:
            candidate.scene = why


def _bare_infinitive(token: Token) -> bool:
    """A complement in the bare infinitive: "help him *oust*", "let them *leave*"."""
    return (
        token.dep_ == "ccomp"
        and token.tag_ == "VB"
        and not any(c.dep_ in ("aux", "mark") for c in token.children)
    )


def _passes_subject(path: list[str]) -> bool:
    return bool(path) and path[-1] in SUBJECT_DEPS


def refine(frame: Candidate, lex: EventLexicon) -> None:
    """Code a frame trigger by its topic: an offer to help is AGREE 033, a refusal to meet REJECT
    125, a threat to impose sanctions THREATEN 1312 (the more specific code wins); an order to
    expel is the expulsion (SANCTION 166)."""
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
    if frame.token.lemma_.lower() in lex.word("command_verbs") and topic.plover in ORDERED:
        # "ordered the expulsion of five diplomats", "ordered the paper to suspend publication":
        # what an authority orders is coded as the act itself, as CAMEO codes it
        frame.plover, frame.cameo = topic.plover, topic.cameo
        frame.mode, frame.context = topic.mode, topic.context
        return
    code = convert(table, topic.cameo) if table else None
    if code and len(code) >= len(frame.cameo):
        frame.cameo = code
        frame.plover = ROOT_PLOVER.get(code[:2], frame.plover)
        frame.context = topic.context or frame.context
        frame.mode = lex.mode_for(frame.plover, code, topic.mode)


# Modality ----------------------------------------------------------------------------------


def clause_verb(token: Token) -> Token:
    """The verb whose clause a trigger belongs to (a noun trigger: the verb above it)."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            return node
        node = node.head
    return token


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
            candidate.mode = lex.mode_for(candidate.plover, code, candidate.mode)


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
