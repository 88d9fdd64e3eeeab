"""Event arguments: which noun phrases of a sentence are a trigger's actor1 and actor2.

All rules over the spaCy parse; the words are data (``extract.event_patterns``). The phrase a
rule picks is coded as an actor by ``extract.event_actors``; a phrase that codes to nothing
("by car") lets the next rule try.

- **actor1** is the subject (:func:`subject_tokens`), the "by" agent of a passive, else a "by"
  phrase elsewhere in its clause ("killed in an air strike *by the military*",
  :func:`_perpetrators`), the possessor or the country adjective of a noun trigger, the subject of
  the light verb of a noun trigger ("Chile launched an *invasion*"). A pronoun takes the subject
  of the clause above it ("Peru said *it* would ..."); a document ("the memo states") its author
  ("the State Department distributed a memo"); a generic noun its appositive ("the group, *a
  Taliban faction*"); a force its master's country ("Assad's forces", "forces loyal to Assad").
- **actor2** is the object, the indirect object or the object of a preposition such as "with",
  "against", "on", else the object of the trigger's topic or purpose clause; "an agreement
  *between A and B*" gives both. The victims of an act of harm never act in it ("a prisoner
  died under torture").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace

from spacy.tokens import Token

from dossier.extract.event_actors import ActorRef, ActorResolver, conjuncts, noun_phrase
from dossier.extract.event_patterns import EventLexicon
from dossier.extract.event_triggers import NOT_EVENTS, SUBJECT_DEPS, Candidate, object_heads

PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# Types whose noun's "from" phrase names who acts: "condemnation from the EU", "a request from
# Kabul", "aid from Japan" (a "withdrawal from Iraq" or an "attack from the north" is not).
FROM_SOURCE = {"ACCUSE", "SUPPORT", "REQUEST", "THREATEN", "REJECT", "AGREE", "AID", "PROTEST"}


def _perpetrators(verb: Token, marks: frozenset[str]) -> list[Token]:
    """Who did it, for a passive without an agent of its own: a "by" phrase elsewhere in its
    clause ("killed in an air strike *by the military*", "killed on Monday in an ambush near
    Kandahar by *Taliban fighters*", "killed when their convoy was ambushed by *militants*"), the
    agent of a conjoined passive ("were killed and 20 wounded by *Israeli fire*"), else a "by"
    phrase the parser hung on a clause above ("was shelled overnight, by *government forces*,
    residents said"). Nearest first; dates and amounts ("by Monday", "by 20 percent") are left
    out, and whether a noun names an actor at all ("by car") is the resolver's call. ``marks``:
    the lexicon's ``simultaneous_marks``, see :func:`_clause_tokens`."""
    found = [
        t for t in _clause_tokens(verb, marks) if t.lower_ == "by" and t.dep_ in ("prep", "agent")
    ]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not _own_subject(verb):
        found += [c for c in verb.head.children if c.dep_ == "agent"]
    found.sort(key=lambda t: abs(t.i - verb.i))
    node = verb
    for _ in range(4):  # a clause above: its own "by" phrases, not its agent
        if node.head.i == node.i:
            break
        node = node.head
        found += [c for c in node.children if c.dep_ == "prep" and c.lower_ == "by"]
    return [
        noun
        for by in found
        for noun in by.children
        if noun.dep_ == "pobj" and not _date_or_amount(noun)
    ]


# Dependencies a clause's "by" phrases are looked for through (not other predications: the
# subject's "held by the rebels", a relative clause, a conjoined clause with its own subject).
CLAUSE_WALK = {
    "prep", "pobj", "agent", "dobj", "npadvmod", "advmod", "pcomp", "compound", "nmod", "dative",
    "oprd", "attr", "appos", "conj",
}  # fmt: skip
HARM = {"ASSAULT", "COERCE"}  # acts with victims, who never act in them
# Roles of the organs a state or a leader commands ("Assad's forces", "the army of Sudan").
ORGAN_ROLES = {"MIL", "COP", "SPY", "GOV", "LEG", "JUD"}


def _clause_tokens(verb: Token, marks: frozenset[str]) -> list[Token]:
    """The tokens of a verb's own clause, with its "when ..." clause (an adverbial clause with one
    of ``marks``) and its conjoined participles without a subject of their own ("were killed
    and 20 wounded by ...")."""
    out: list[Token] = []
    todo = [verb]
    while todo:
        node = todo.pop()
        for child in node.children:
            if child.dep_ in CLAUSE_WALK and not (
                child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and _own_subject(child)
            ):
                out.append(child)
                todo.append(child)
            elif child.dep_ == "advcl" and any(c.lower_ in marks for c in child.children):
                todo.append(child)
    return out


def _own_subject(verb: Token) -> bool:
    """Whether a verb has a subject of its own (a bare number, "20 wounded", is an ellipsis)."""
    return any(
        c.dep_ in SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS and c.pos_ != "NUM" for c in verb.children
    )


def _date_or_amount(noun: Token) -> bool:
    """A "by" phrase of time or amount ("by Monday", "by 20 percent"), not of an agent."""
    return noun.like_num or noun.ent_type_ in NOT_EVENTS - {"PERSON"}


def _noun_agents(noun: Token, light_verbs: frozenset[str]) -> list[Token]:
    """Who did what an event noun names: "an attack *by rebels*", "the attack, carried out by
    *Boko Haram*", "a bombing claimed by *the group*" (not "an attack condemned by the UN")."""
    out = []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            out.extend(g for g in child.children if g.dep_ == "pobj")
        elif (
            child.dep_ in ("acl", "relcl")
            and child.tag_ == "VBN"
            and child.lemma_.lower() in light_verbs
        ):
            out.extend(_agents(child))
    return [t for t in out if not _date_or_amount(t)]


def _phrase_top(noun: Token) -> Token:
    """The outermost noun of the phrase ``noun`` is buried in: "an air strike on a school
    sheltering *families*" is the *strike*'s phrase, "the strike on a hospital treating wounded
    *fighters*" too."""
    node = noun
    for _ in range(8):
        up = node.head
        in_prep = node.dep_ == "pobj" and up.dep_ == "prep"  # "a strike on a *school*"
        in_participle = node.dep_ == "dobj" and up.dep_ in ("acl", "amod")  # "treating *fighters*"
        if not (in_prep or in_participle) or up.head.pos_ not in ("NOUN", "PROPN"):
            break
        node = up.head
    return node


def _is_appositive(noun: Token) -> bool:
    """An appositive: "Hamas, *the group*", also one the parser took for a conjunct (set off by
    commas with no "and": "the militants, *members of X*, attacked")."""
    if noun.dep_ == "appos":
        return True
    if noun.dep_ != "conj" or noun.pos_ not in ("NOUN", "PROPN") or noun.i == 0:
        return False
    doc = noun.doc
    after = noun.right_edge.i + 1
    chain = [noun.head, noun, *conjuncts(noun)]
    return (
        doc[noun.left_edge.i - 1].lower_ == ","
        and (after >= len(doc) or doc[after].lower_ in (",", ";", ":", "-", "--", "(", ")"))
        and not any(c.dep_ in ("cc", "preconj") for t in chain for c in t.children)
    )


def _allegiance(head: Token, words: frozenset[str]) -> Token | None:
    """Whom "forces loyal to *Assad*", "militias allied with *the government*" serve."""
    for child in head.children:
        if child.dep_ in ("amod", "acl") and child.lemma_.lower() in words:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


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


def _owned_by_subject(noun: Token, possessives: frozenset[str]) -> bool:
    """An object the subject gives or uses ("offered *its troops*", "sent *their* envoys"): a
    possessive pronoun (one of ``possessives``) that is not the object's own antecedent names the
    giver, not the target."""
    return any(c.dep_ == "poss" and c.lower_ in possessives for c in noun.children)


def _recipients(verb: Token) -> list[Token]:
    """A verb's indirect object: "gave *Chile* aid", also "issued a reminder *to Iraq*" where the
    parser marks the preposition itself as the dative."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dative", "iobj"):
            if child.pos_ == "ADP":
                out.extend(g for g in child.children if g.dep_ == "pobj")
            else:
                out.append(child)
    return out


def _pobjs(token: Token, preps: Collection[str]) -> list[Token]:
    """The objects of ``token``'s prepositions that are one of ``preps``, in order."""
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def _prep_objects(verb: Token, preps: frozenset[str]) -> list[Token]:
    """The objects of a verb's prepositions that can introduce its target ("with", "against",
    "to"), also of the one a number misparse hides under a particle ("kidnapped *up to* 16
    advisers")."""
    out = _pobjs(verb, preps)
    for particle in verb.children:
        if particle.dep_ == "prt" and particle.lower_ == "up":
            out.extend(_pobjs(particle, ("to",)))
    return out


def _agents(verb: Token) -> list[Token]:
    """The nouns of a passive's "by" agent ("hostages held *by the rebels*")."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _object_agents(verb: Token, objects: list[Token]) -> list[Token]:
    """The "by" agents of the objects, and of an active verb (where the parser hangs them)."""
    holders = [*objects, verb] if _own_subject(verb) else objects
    return [g for holder in holders for g in _pobjs(holder, ("by",)) if not _date_or_amount(g)]


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _relative_subject(verb: Token, relatives: frozenset[str]) -> bool:
    """Whether a relative clause's subject is the noun it describes ("a strike *that* shut"):
    its subject is one of ``relatives``."""
    return any(c.dep_ == "nsubj" and c.lower_ in relatives for c in verb.children)


def _purposes(token: Token) -> list[Token]:
    """The purpose clauses ("to demand ...", "in order to protest ...") of a trigger, or of the
    verb a noun trigger is the object of ("staged a strike *to protest* ...")."""
    node = token
    if token.pos_ == "NOUN" and token.dep_ == "dobj":
        node = token.head
    return [
        c
        for c in node.children
        if c.dep_ == "advcl"
        and c.tag_ == "VB"
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


# Links a search for a deep "against" phrase does not follow: other clauses, and the subject.
AGAINST_STOPS = SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS | {
    "relcl", "advcl", "ccomp", "parataxis", "conj", "agent",
}  # fmt: skip


def _against(token: Token) -> list[Token]:
    """Whom an act is aimed at where no rule found a target: an "against" phrase anywhere in the
    trigger's own phrase, nearest first ("trained hackers capable of launching cyber warfare
    *against the United States*", "deployed missiles aimed against Iran"); "against" names a
    target wherever it hangs, but not inside the subject or another clause."""
    found: list[Token] = []
    todo = [c for c in token.children if c.dep_ not in AGAINST_STOPS]
    while todo:
        node = todo.pop()
        if node.dep_ == "prep" and node.lower_ == "against":
            found.extend(c for c in node.children if c.dep_ == "pobj")
        todo.extend(c for c in node.children if c.dep_ not in AGAINST_STOPS)
    return sorted(found, key=lambda t: abs(t.i - token.i))


def _out_of(token: Token) -> list[Token]:
    """The place in an "out of" phrase of a verb: "pulled its troops *out of Georgia*"."""
    return [
        g
        for out in token.children
        if out.lower_ == "out" and out.dep_ in ("prep", "prt", "advmod")
        for of in (*out.children, *out.head.children)
        if of.dep_ == "prep" and of.lower_ == "of"
        for g in of.children
        if g.dep_ == "pobj"
    ]


def _neighbours(token: Token, borders: Collection[str]) -> list[Token]:
    """Who is across a border the trigger's phrase names: "massed troops on the border *with
    Colombia*", "on alert along the *Indian* border" (the border itself, coded by its country
    word)."""
    out: list[Token] = []
    for t in token.subtree:
        if t.lemma_.lower() not in borders:
            continue
        out.extend(
            g
            for prep in t.children
            if prep.dep_ == "prep" and prep.lower_ == "with"
            for g in prep.children
            if g.dep_ == "pobj"
        )
        if any(c.dep_ in ("amod", "compound") for c in t.children):
            out.append(t)
    return out


def _condition_subjects(verb: Token) -> list[Token]:
    """Who must act for a conditional act to happen: the subject of an "unless"/"if" clause of the
    verb or of its complements ("threatened to strike *unless Israel* rescinded ...")."""
    out: list[Token] = []
    todo, seen = [verb], 0
    while todo and seen < 6:
        node = todo.pop(0)
        seen += 1
        for child in node.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("unless", "if") for m in child.children
            ):
                out.extend(_subjects(child))
            elif child.dep_ in ("xcomp", "dobj", "pobj", "prep"):
                todo.append(child)
    return out


# Arguments ---------------------------------------------------------------------------------


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
            if node.dep_ == "relcl":
                return [node.head]
            if node.tag_ == "VBD":  # hung on a noun inside the subject: the subject's head
                return [_phrase_top(node.head)]
            return [node.head] if active else []
        return []
    return []


class ArgumentFinder:
    """Actor1 and actor2 of a candidate (see the module's docstring)."""

    def __init__(self, resolver: ActorResolver, lex: EventLexicon) -> None:
        self.resolver = resolver
        self.lex = lex

    def actors(self, candidate: Candidate) -> tuple[list[ActorRef], list[ActorRef]]:
        token = candidate.token
        if token.pos_ == "VERB" and self._suffered(token, candidate.plover):
            marks = self.lex.word("simultaneous_marks")
            first, second = self._first(_perpetrators(token, marks)), self._subject_of(token)
        elif token.pos_ in ("VERB", "AUX", "ADJ"):
            first, second = self._verb_actors(token)
        else:
            source = candidate.plover in FROM_SOURCE
            first, second = self._noun_actors(token, candidate.plover in HARM, source)
        if not second:
            for topic in candidate.topics:  # "offered to mediate between Russia and Ukraine"
                second = self._first(self._objects(topic.token)) or self._between(topic.token)
                if second:
                    break
        if not second:  # "staged demonstrations to demand reforms by Suharto's government"
            second = self._first(h for c in _purposes(token) for h in self._objects(c))
        if candidate.plover == "MOBILIZE" and not first and token.pos_ == "VERB":
            # "security forces were put on alert": the forces mobilize
            first = self._first(c for c in token.children if c.dep_ in PASSIVE_SUBJECT_DEPS)
            second = [a for a in second if a not in first]
        own_forces = candidate.plover == "MOBILIZE" or candidate.mode in ("withdraw", "disarm")
        if own_forces and all(a.country is None for a in second):
            # its object is what it mobilizes or pulls back (troops, warships: the subject's
            # own), not whom at: "massed troops on the border with Colombia", "sent troops to
            # Estonia", "pulled its troops out of Georgia"
            aimed = _against(token) + _neighbours(token, self.lex.word("border_nouns"))
            if token.pos_ in ("VERB", "AUX"):
                aimed += self._objects(token) + _out_of(token)
            second = self._first_country(aimed)  # none: the place, if any (place_actors)
        if not second:  # "trained hackers capable of launching cyber warfare against the US"
            second = self._first(_against(token))
        return first, second

    def _verb_actors(self, verb: Token) -> tuple[list[ActorRef], list[ActorRef]]:
        node = verb.head if verb.pos_ == "ADJ" and verb.dep_ in ("acomp", "amod") else verb
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children) or (
            node.tag_ == "VBN"
            and node.dep_ != "acl"
            and any(c.dep_ == "agent" for c in node.children)
        )  # "were killed and 20 wounded by Israeli fire"
        first: list[ActorRef] = []
        second: list[ActorRef] = []
        stative = passive and node.lemma_.lower() in self.lex.word("stative_participles")
        if stative:  # "Norway is opposed to ...": a state of its subject
            passive = False
            first = self._subject_of(node, passive=True)
        if passive:
            first = self._first(_agents(node))
            patients = [c for c in node.children if c.dep_ == "nsubjpass"]
            second = self._first(patients)
            if not first:  # "killed in an air strike by the military": who struck
                first = self._first(_perpetrators(node, self.lex.word("simultaneous_marks")))
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
            first = self._first(_agents(node))  # "hostages held by"
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

    def _noun_actors(
        self, noun: Token, harm: bool = False, source: bool = False
    ) -> tuple[list[ActorRef], list[ActorRef]]:
        """``source``: a "from" phrase of the noun names who acts ("condemnation *from the
        EU*"), as it does for statements, requests and gifts."""
        first: list[ActorRef] = []
        received: list[ActorRef] = []
        holder = noun.head if noun.dep_ == "compound" and noun.head.pos_ == "NOUN" else noun
        senders = self._first(_pobjs(noun, ("from",))) if source else []
        if senders:
            first = senders  # "drew condemnation from the EU": the EU condemns
            if holder.dep_ == "dobj" and holder.head.lemma_.lower() in self.lex.word(
                "receiving_verbs"
            ):
                received = self._subject(holder.head)  # whom it is aimed at: who drew it
        if noun.lemma_.lower() in self.lex.word("agent_nouns"):  # "Egyptian demonstrators"
            return self._resolve(noun), []
        modifiers = [
            m
            for c in noun.children
            for m in (c, *(g for g in c.children if c.dep_ == "compound" and g.dep_ == "compound"))
        ]  # "US Predator attacks": the country may modify the compound
        for child in modifiers if not first else ():
            if child.dep_ == "poss" or (
                child.dep_ in ("amod", "compound") and self.resolver.actors.country_word(child.text)
            ):
                first = self._resolve(child)
                if first:
                    break
        if not first:
            first = self._first(_noun_agents(noun, self._authorship))
        # "undertook a mediation mission": the light verb's object (holder, above)
        if (
            not first
            and holder.dep_ in ("dobj", "attr", "pobj")
            and holder.head.pos_ in ("VERB", "AUX")
            and holder.head.lemma_.lower() not in self.lex.word("undergo_verbs")
        ):  # "Chile launched an invasion", not "refugees fleeing the war"
            first = self._subject(holder.head)
        elif not first and holder.dep_ == "pobj" and self._takes_part(holder.head, harm):
            first = self._subject_of(holder.head.head, passive=True)  # "were engaged in cleansing"
        preps = self.lex.word("actor2_preps") | {"of"}
        second = received or self._first(_pobjs(noun, preps - ({"from"} if senders else set())))
        if not second and holder.dep_ == "dobj" and holder.head.pos_ in ("VERB", "AUX"):
            second = self._first(self._verb_targets(holder.head))  # "issued a reminder to Iraq"
        if not second:  # "a general strike that shut down the capital", "an attack that killed"
            relatives = self.lex.word("relative_pronouns")
            clauses = [
                c for c in noun.children if c.dep_ == "relcl" and _relative_subject(c, relatives)
            ]
            second = self._first(h for c in clauses for h in self._objects(c))
        if not second:
            between = self._between(noun)
            if not first and len(between) >= 2:  # "caught in fighting between the army and"
                first, second = [between[0]], between[1:]
            else:
                second = [a for a in between if a not in first]
        return first, second

    @property
    def _authorship(self) -> frozenset[str]:
        """Verbs whose "by" agent did what their noun names ("carried out by", "claimed by")."""
        return self.lex.word("light_verbs") | self.lex.word("authorship_verbs")

    def _suffered(self, verb: Token, plover: str | None) -> bool:
        """An act of harm whose subject undergoes it ("a prisoner died under torture")."""
        return plover in HARM and verb.lemma_.lower() in self.lex.word("undergo_verbs")

    def _takes_part(self, prep: Token, harm: bool) -> bool:
        """Whether the subject of the verb a prepositional phrase hangs on did what its noun
        names: "rebels took part in the attack", "forces were engaged in cleansing", "he was at
        the meeting"; not "damage caused by an attack" nor, for an act of harm, its victims: the
        subject of a passive ("were killed in an attack", "were caught in the fighting") or of
        "be" ("were among the dead in the shelling")."""
        verb = prep.head
        if prep.dep_ == "agent" or prep.lower_ == "by" or verb.pos_ not in ("VERB", "AUX"):
            return False
        lemma = verb.lemma_.lower()
        if lemma in self.lex.word("undergo_verbs"):
            return False
        if not harm:
            return True
        if lemma == "be":
            return False
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        return not passive or lemma in self.lex.word("stative_participles")

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
        """A document's author ("the memo states"), else the actors the subject names, else who
        did what it names ("an air strike by Israeli jets killed 22")."""
        if subject.lemma_.lower() in self.lex.word("document_nouns"):
            author = self._author(subject)
            if author:
                return author
        actors = self._resolve(subject)
        if not actors and subject.pos_ == "NOUN":
            actors = self._first(_noun_agents(subject, self._authorship))
        return actors

    def _resolve(self, token: Token) -> list[ActorRef]:
        """The resolver's actors for a phrase and its conjuncts, each refined by its syntax."""
        heads = [token, *conjuncts(token)]
        if any(_is_appositive(h) for h in heads[1:]):  # "the militants, members of X,": one
            heads = [token]
        return [
            actor
            for head in heads
            for actor in self._refine(head, self.resolver.resolve(head, expand=False))
        ]

    def _refine(self, head: Token, actors: list[ActorRef]) -> list[ActorRef]:
        """A generic noun named by its appositive ("the group, an affiliate of Al-Qaeda"); a
        force that serves someone ("Assad's forces", "the army of President Assad", "forces
        loyal to Assad") with the serving noun's role and its master's country."""
        if head.pos_ != "NOUN" or self._named_head(head):
            return actors
        if _is_appositive(head) and (head.head.pos_ == "PROPN" or self._named_head(head.head)):
            named = self.resolver.resolve(head.head, expand=False)  # "Hamas, the group that"
            return named or actors
        apposed = self._apposed(head, actors[0] if len(actors) == 1 else None)
        if apposed is not None:
            return [apposed]
        if len(actors) > 1:
            return actors
        master = _allegiance(head, self.lex.word("allegiance_words"))
        if master is not None:
            return self._serving(head, actors[0] if actors else None, master)
        if actors and any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in head.children
        ):
            return [self._own_role(head, actors[0])]
        return actors

    def _named_head(self, head: Token) -> bool:
        """Whether an entity mention covers the head noun itself ("the Taliban")."""
        return bool(self.resolver.mentions.overlapping(head.idx, head.idx + len(head)))

    def _apposed(self, head: Token, own: ActorRef | None) -> ActorRef | None:
        """The named actor of a generic noun's appositive, with the noun's country and role where
        it has none of its own ("the group, *a Taliban faction*")."""
        for child in head.children:
            if (
                not _is_appositive(child)
                or conjuncts(child)
                or _date_or_amount(child)
                or any(c.dep_ == "nummod" for c in child.children)
            ):  # a list ("the trio (France, Germany, ...)") or an amount ("(one billion dlrs)")
                continue
            named = [a for a in self.resolver.resolve(child, expand=False) if a.entity]
            if not named:  # a name without codes: still the one who acts
                named = self._mentioned(child)
            if len(named) == 1:
                actor = named[0]
                if own is not None and not actor.country:  # a state actor keeps its own codes
                    actor = replace(actor, country=own.country, role=actor.role or own.role)
                return actor
        return None

    def _mentioned(self, head: Token) -> list[ActorRef]:
        """The organisations and people a phrase mentions, as actors with their own codes."""
        start, end = noun_phrase(head)
        doc = head.doc
        last = doc[end - 1]
        found = self.resolver.mentions.overlapping(doc[start].idx, last.idx + len(last))
        return [
            ActorRef(
                self.resolver.text[s:e], entity["id"], entity.get("country"), entity.get("role")
            )
            for s, e, entity in found
            if entity.get("kind") not in ("place", "country")
        ]

    def _head_role(self, head: Token) -> str | None:
        """The role the head noun names by itself, past its possessor ("Assad's *forces*")."""
        start = max([c.right_edge.i + 1 for c in head.lefts if c.dep_ == "poss"] or [0])
        start = max(start, noun_phrase(head)[0])
        return self.resolver.head_role(start, head)

    def _own_role(self, head: Token, actor: ActorRef) -> ActorRef:
        """ "Assad's forces", "the army of President Assad": the master's country, the force's
        role (a non-state master, "Hezbollah's fighters", keeps its own)."""
        role = self._head_role(head)
        if role not in ORGAN_ROLES or role == actor.role or actor.role not in (None, "GOV"):
            return actor
        start, end = noun_phrase(head)
        return ActorRef(head.doc[start:end].text, None, actor.country, role, actor.ethnic)

    def _serving(self, head: Token, own: ActorRef | None, master: Token) -> list[ActorRef]:
        """ "forces loyal to Assad": the master's country with the force's role."""
        masters = self.resolver.resolve(master, expand=False)
        if not masters:
            return [own] if own else []
        country = masters[0].country or (own.country if own else None)
        role = self._head_role(head) or (own.role if own else None) or masters[0].role
        text = head.doc[noun_phrase(head)[0] : master.right_edge.i + 1].text
        return [ActorRef(text, None, country, role)]

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
            if (
                subject.tag_ in ("WP", "WDT")
                and verb.dep_ == "relcl"
                and verb.head.pos_ in ("NOUN", "PROPN")
            ):  # "guerrillas who overran it": the noun the relative clause describes
                actors = self._actors_of(verb.head)
                if actors:
                    return actors
            if subject.pos_ == "PRON" or subject.lower_ in ("who", "which", "that"):
                return self._antecedent(verb)
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in subject.children):
                actors = self._resolve(subject)  # "their countries"
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
                    if subject.pos_ == "PRON":
                        continue
                    if subject.lemma_.lower() in self.lex.word("document_nouns"):
                        return self._author(subject)
                    actors = self._resolve(subject)
                    if actors:
                        return actors
            elif node.lemma_.lower() in self.lex.word("document_nouns"):
                return self._author(node)
        return []

    def _author(self, document: Token) -> list[ActorRef]:
        """Who issued a document: the subject of the verb that has it (or a namesake before it) as
        its object ("the State Department distributed ... a memorandum")."""
        if document.dep_ in ("dobj", "pobj") and document.head.pos_ in ("VERB", "AUX"):
            found = self._first(subject_tokens(document.head))
            if found:
                return found
        names = {document.lemma_.lower()}
        synonyms = self.lex.word("memo_synonyms")
        if names & synonyms:
            names |= synonyms
        doc = document.doc
        for token in reversed(doc[max(0, document.i - 400) : document.i]):
            if token.lemma_.lower() in names and token.dep_ in ("dobj", "pobj"):
                verb = token.head if token.dep_ == "dobj" else token.head.head
                if verb.pos_ in ("VERB", "AUX"):
                    found = self._first(subject_tokens(verb))
                    if found:
                        return found
        return []

    def _objects(self, verb: Token, depth: int = 0) -> list[Token]:
        """Candidate heads for actor2, best first: the indirect and direct object, the object of a
        preposition such as "with", "against", "to" ("up to 16 Russian advisers" too), the
        subject's own thing last ("offered *its troops* to Lebanon"), then who stands inside an
        object ("calls *by Kofi Annan*", "a demand *from the US President*", "*Assad's*
        failure"), a complement's subject and objects ("refused to respond to ..."), and the
        subject of a condition ("threatened to strike *unless Israel* ...")."""
        out: list[Token] = []
        children = list(verb.children)
        out.extend(_recipients(verb))
        objects = [c for c in children if c.dep_ == "dobj"]
        if any((o.lemma_.lower(), "NOUN") in self.lex.patterns for o in objects):
            # an act as the object: who did it ("condemned the killing of civilians by X",
            # the "by" phrase often hung on the verb)
            out.extend(_object_agents(verb, objects))
        possessives = self.lex.word("possessive_pronouns")
        own = [o for o in objects if _owned_by_subject(o, possessives)]
        out.extend(o for o in objects if o not in own)
        preps = self.lex.word("actor2_preps")
        pobjs = _prep_objects(verb, preps)
        out.extend(pobjs)
        out.extend(own)
        nested = objects + [p for p in pobjs if p.pos_ == "NOUN"]
        for _ in range(2):  # "an agreement on military cooperation with Cuba", "calls by X"
            # who did what the object names first: "the killing of X by Y"
            found = [g for obj in nested for g in _pobjs(obj, ("by",))]
            for obj in nested:
                for child in obj.children:
                    if child.dep_ == "prep" and child.lower_ in preps | {"of"}:
                        found.extend(g for g in child.children if g.dep_ == "pobj")
                    elif child.dep_ == "poss" and child.pos_ != "PRON":
                        found.append(child)  # "Assad's failure"
                    elif child.dep_ == "acl" and any(m.lower_ == "that" for m in child.children):
                        found.extend(_subjects(child))  # "demands that the government grant"
            out.extend(found)
            nested = found
        for child in children:
            if child.dep_ in ("xcomp", "ccomp"):
                out.extend(c for c in child.children if c.dep_ in ("nsubj", "dobj", "nsubjpass"))
                if child.dep_ == "xcomp" and depth < 2:
                    out.extend(self._objects(child, depth + 1))
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            out.append(verb.head)
        if depth == 0:
            out.extend(_condition_subjects(verb))
        return out

    def _verb_targets(self, verb: Token) -> list[Token]:
        """The indirect object and target prepositions of the verb whose object a noun trigger is
        ("issued a stern reminder *to Iraq*", "imposed sanctions *on Iran*")."""
        return _recipients(verb) + _prep_objects(verb, self.lex.word("actor2_preps"))

    def _first(self, heads: Iterable[Token]) -> list[ActorRef]:
        for head in heads:
            if head.pos_ == "PRON":
                continue
            actors = self._resolve(head)
            if actors:
                return actors
        return []

    def _first_country(self, heads: Iterable[Token]) -> list[ActorRef]:
        """The first of ``heads`` that codes to actors with a country."""
        for head in heads:
            if head.pos_ != "PRON":
                actors = [a for a in self._resolve(head) if a.country]
                if actors:
                    return actors
        return []

    def _between(self, token: Token) -> list[ActorRef]:
        """ "an agreement between A and B": A and B, from the trigger's object or the noun."""
        nouns = [token] + [h for h in object_heads(token) if h.pos_ in ("NOUN", "PROPN")]
        if token.dep_ == "compound":  # "a mediation mission between Syria and the PLO"
            nouns.append(token.head)
        nouns += [n.head.head for n in list(nouns) if n.dep_ == "pobj" and n.head.dep_ == "prep"]
        for noun in nouns:
            pobjs = _pobjs(noun, ("between",))
            if pobjs:
                return self._resolve(pobjs[0])
        return []
