"""Event actors: the country and role codes of the noun phrase that names an actor.

Which phrase of a sentence is an event's actor1 or actor2 is ``extract.event_arguments``'s
call; this module codes the phrase it picks (all rules over the spaCy parse; the words are data,
see ``extract.actors`` and ``extract.event_patterns``):

1. **A phrase** (:class:`ActorResolver`): each actor is coded from the entity mention it overlaps
   (``doc._.dossier_entities``), with the dated code the actor dictionary gives on the event's
   date, else from the country and role words of its phrase ("Chilean leader Ana Soto", "border
   police", "NATO troops"); conjuncts give one actor each ("Finnish and Swedish officials").
   "<name>-backed" modifiers name who stands behind the actor, not the actor.
2. **The place** (:func:`place_actors`, :func:`home_countries`): an actor without a country acts
   for the country of its clause's place ("police in Quito"); an ethnic group for the country it
   acts in; an act only a state does, with no agent ("was detained in Peru"), is that country's;
   an act aimed at a place with no target named ("demonstrated in Serbia") targets its country;
   an official known only by title acts for the one country the sentence names besides the
   targets', and a target known only by its role belongs to the state whose organ acts on it.
3. **Pairs** (:func:`pairs`): one event per actor pair; two actors acting together without
   another target are each other's target.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from dossier.extract.actor_dictionary import DatedCode, code_on
from dossier.extract.actors import ActorLexicon, actor_code
from dossier.extract.entities import ACTOR_CODES
from dossier.extract.event_patterns import EventLexicon
from dossier.model import Actor

NON_COUNTRY_ROLES = {"IGO", "NGO", "MNC", "IMG"}  # international actors: no home country


@dataclass(frozen=True)
class ActorRef:
    """An actor as an event names it: its words, its entity (if any), country and role."""

    text: str
    entity: str | None
    country: str | None
    role: str | None
    ethnic: bool = False  # "ethnic Hungarians": coded by the country they act in

    def record(self) -> Actor:
        """The actor as the event record stores it."""
        return Actor(text=self.text, entity=self.entity, code=actor_code(self.country, self.role))


# A phrase ----------------------------------------------------------------------------------


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
    """Codes the noun phrases of one Doc as actors (see the module's docstring, 1.)."""

    def __init__(
        self, doc: Doc, entities: list[dict], actors: ActorLexicon, lex: EventLexicon
    ) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token: read it once per document
        self.actors = actors
        self.lex = lex
        self.mentions = Mentions(entities)
        # PETRARCH-2 dated codes of entities (extract.entities) and the current event's date
        self.dated: dict[str, dict] = doc.user_data.get(ACTOR_CODES) or {}
        self.date: str | None = None

    def _code(self, entity: dict) -> tuple[str | None, str | None]:
        """An entity's country and role on the event's date: the dated code that held then, if
        the actor dictionary coded it, else the entity's own code."""
        dated = self.dated.get(entity.get("id") or "")
        if dated is not None:
            codes = [DatedCode.from_list(c) for c in dated["codes"]]
            present = tuple(dated["present"]) if dated.get("present") else None
            picked = code_on(codes, self.date, present)  # type: ignore[arg-type]
            if picked is not None:
                return picked
        return entity.get("country"), entity.get("role")

    def resolve(self, token: Token, *, expand: bool = True) -> list[ActorRef]:
        """The actor(s) a noun phrase head names; conjuncts give one actor each."""
        heads = [token, *conjuncts(token)] if expand else [token]
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
                words = [child, *conjuncts(child)]
                countries = [self.actors.country_word(w.text) for w in words]
                if len(words) > 1 and all(countries):
                    role = self._role([head.text])
                    return [
                        ActorRef(f"{w.text} {head.text}", None, c, role)
                        for w, c in zip(words, countries, strict=True)
                    ]
        return []

    def _resolve_one(self, head: Token) -> ActorRef | None:
        actor = self._resolve_phrase(head)
        start, end = noun_phrase(head)
        if actor is not None and any(t.lower_ == "ethnic" for t in self.doc[start:end]):
            actor = replace(actor, ethnic=True)
        return actor

    def _resolve_phrase(self, head: Token) -> ActorRef | None:
        start, end = noun_phrase(head)
        chars = (self.doc[start].idx, self.doc[end - 1].idx + len(self.doc[end - 1]))
        backing = self.lex.word("backing_words")
        backers = _backers(self.doc[start:end], backing)  # "Russian-backed separatists"
        found = [
            x
            for x in self.mentions.overlapping(*chars)
            if not any(x[0] <= t.idx < x[1] for t in backers)
        ]
        words = [
            t.text
            for t in self.doc[start:end]
            if t.dep_ not in ("relcl", "det") and t not in backers
        ]
        own = next(
            (x for x in found if x[0] <= head.idx < x[1] and x[2].get("kind") != "place"), None
        )
        if own is None:
            own = next((x for x in found if x[0] <= head.idx < x[1]), None)
        others = [x for x in found if x is not own and x[2].get("country")]
        lexical = self.actors.resolve_words(words)
        role = self.head_role(start, head)
        if role is None and (
            head.pos_ == "PROPN" or head.lemma_.lower() in self.lex.word("people_nouns")
        ):  # "Chilean leader Ana Soto", "Peruvian rebel leaders": the title or modifier
            role = self._role_any([t.text for t in self.doc[start : head.i]])
        if own is not None:
            s, e, entity = own
            country, own_role = self._code(entity)
            if entity.get("kind") == "country":
                role = None  # a word of the country's name ("the Soviet Union") is no role
            country = country or (others[0][2].get("country") if others else None)
            country = country or lexical.country
            own_role = own_role or role or self._people_role(head, entity)
            if not country and not own_role:  # "the Andean Council envoy Ana Soto"
                body = next((x[2] for x in found if x is not own and x[2].get("role")), None)
                own_role = body.get("role") if body else None
            return ActorRef(self.text[s:e], entity["id"], country, own_role)
        if not role and head.pos_ == "NOUN":  # "a demand from the US President": who in it
            inner = self._inner_actor(head)
            if inner is not None:
                return inner
        if not role and head.pos_ != "PROPN":  # a plain noun: its modifiers and "of" phrase
            limit = _of_end(head)
            others = [x for x in others if x[1] <= limit]
        if others and (role or head.pos_ in ("NOUN", "PROPN")):
            s, e, entity = others[0]
            coded = self._code(entity)
            plain = entity.get("kind") in ("country", "place") or not coded[1]
            if role and plain:  # "Ugandan opposition candidates", "Radical French farmers"
                words = self.doc[start : head.i]  # "Cambodian refugees in Thailand": Cambodian
                country = next((c for t in words if (c := self.actors.country_word(t.text))), None)
                country = country or entity.get("country")
                return ActorRef(self.doc[start:end].text, None, country, role)
            if entity.get("kind") != "place":
                return ActorRef(self.text[s:e], entity["id"], *coded)
        body = lexical.institution
        if body is not None and body.kind == "igo" and not lexical.country:
            role = body.role  # "the U.N. war crimes court", "NATO troops": the organisation acts
        dictionary = self.actors.dictionary
        if role is None and body is None and head.pos_ == "PROPN" and dictionary is not None:
            match = dictionary.lookup(words)  # a name NER left out: PETRARCH-2's actors
            picked = code_on(match.codes, self.date) if match is not None else None
            if picked is not None:
                role = picked[1]
                lexical = replace(lexical, country=lexical.country or picked[0])
        if lexical.country or role:
            return ActorRef(self.doc[start : head.i + 1].text, None, lexical.country, role)
        return None

    def _inner_actor(self, head: Token) -> ActorRef | None:
        """The actor in the possessor, "of" or "from" phrase of a noun that names none itself
        ("*the president's* decision", "a demand *from the US President*", "the positions *of
        the security forces*")."""
        inner_heads = [c for c in head.lefts if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
        inner_heads += [
            pobj
            for child in head.rights
            if child.dep_ == "prep" and child.lower_ in ("of", "from")
            for pobj in child.children
            if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN")
        ]
        for inner_head in inner_heads:
            inner = self._resolve_phrase(inner_head)
            if inner is not None and (inner.role or inner.entity):
                return inner
        return None

    def _people_role(self, head: Token, entity: dict) -> str | None:
        """A nation's people named by their plural demonym ("Palestinians", "Algerians") are its
        civilians, as PLOVER codes them."""
        if entity.get("kind") == "group" and head.tag_ in ("NNS", "NNPS"):
            return "CVL" if self.actors.demonyms.get(head.text) else None
        return None

    def _role(self, words: list[str]) -> str | None:
        """The role the last words name ("President", "border police", "soldiers")."""
        institutions = self.actors.institutions
        lower = [w.lower() for w in words]
        for size in range(min(3, len(lower)), 0, -1):
            term = " ".join(lower[-size:])
            found = institutions.get(term) or institutions.get(term.rstrip("s"))
            if found:
                return found.role
        return self.actors.role_noun(lower[-3:])  # PETRARCH-2's agents: "farmers"

    def _role_any(self, words: list[str]) -> str | None:
        """The role of the last title or role word among ``words`` ("leader" has none)."""
        for i in range(len(words), 0, -1):
            found = self._role(words[:i])
            if found:
                return found
        return None

    def head_role(self, start: int, head: Token) -> str | None:
        """The role of a phrase's head noun, with the words before it ("security forces")."""
        words = [t.text for t in self.doc[max(start, head.i - 2) : head.i + 1]]
        role = self._role(words)
        if (
            role is None
            and head.pos_ == "NOUN"
            and (head.lemma_.lower(), "NOUN") not in self.lex.patterns
        ):  # "army bulldozers", "opposition candidates", not "army operations"
            modifiers = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
            role = next((r for c in reversed(modifiers) if (r := self._role([c.text]))), None)
        return role


def _backers(span: Span, backing: frozenset[str]) -> list[Token]:
    """The words of a "<name>-backed" modifier in a phrase ("*Russian*-backed separatists",
    "*Iranian*-funded militias"; ``backing``: the lexicon's ``backing_words``): they name who
    stands behind the actor, not the actor."""
    out: list[Token] = []
    for token in span:
        if token.lower_ in backing and token.i >= 2 and token.doc[token.i - 1].text == "-":
            first = token.doc[token.i - 2]
            out.extend(t for t in first.subtree if t.i < token.i - 1)
            out.append(first)
    return out


def conjuncts(token: Token) -> list[Token]:
    """The tokens conjoined to ``token`` ("Russia *and Cuba*"), through chains of conjuncts."""
    out = []
    for child in token.children:
        if child.dep_ == "conj":
            out.append(child)
            out.extend(conjuncts(child))
    return out


def _of_end(head: Token) -> int:
    """Character end of a head noun and its "of" phrase ("positions of the security forces")."""
    end = head.idx + len(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            last = child.right_edge
            end = max(end, last.idx + len(last))
    return end


def noun_phrase(head: Token) -> tuple[int, int]:
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


# The place ---------------------------------------------------------------------------------


def place_actors(
    first: list[ActorRef],
    second: list[ActorRef],
    token: Token,
    plover: str | None,
    place: dict | None,
    lex: EventLexicon,
) -> tuple[list[ActorRef], list[ActorRef]]:
    """A trigger's actors coded by the place of its clause (see the module's docstring, 2.):
    domestic and ethnic actors take its country, an act aimed at where it happens targets the
    place's country, and an act only a state does, with no agent, is the place's country's."""
    if place is None or not place.get("country"):
        return first, second
    country = place["country"]
    first = [_ethnic(_located(a, country), country) for a in first]
    second = [_ethnic(_located(a, country), country) for a in second]
    if not second and plover in PLACE_TARGETS:  # "demonstrated in Serbia"
        second = [_place_actor(place)]
    if not first and _by_the_state(token, lex):  # "was detained in Peru"
        first = [_place_actor(place)]
    return first, second


def home_countries(
    first: list[ActorRef],
    second: list[ActorRef],
    sent: Span,
    entities: list[dict],
    lexicon: ActorLexicon,
    lex: EventLexicon,
) -> tuple[list[ActorRef], list[ActorRef]]:
    """Actors known only by title or role, with the country their sentence gives them
    (:func:`_home_country` for actor1, :func:`_target_country` for actor2)."""
    backing = lex.word("backing_words")
    first = [_home_country(a, sent, entities, second, lexicon, backing) for a in first]
    second = [_target_country(a, first, sent, entities, lexicon, backing) for a in second]
    return first, second


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


# Words that say an actor is not of the country where it acts ("foreign troops").
FOREIGN_WORDS = {"foreign", "international", "overseas", "multinational"}


def _needs_country(actor: ActorRef) -> bool:
    """Whether an actor has a role that acts for a country, but no country yet ("foreign
    troops" have none to take from where they are).

    >>> _needs_country(ActorRef("rebels", None, None, "REB"))
    True
    >>> _needs_country(ActorRef("foreign troops", None, None, "MIL"))
    False
    """
    if actor.country or not actor.role or actor.role in NON_COUNTRY_ROLES:
        return False
    return not any(w in FOREIGN_WORDS for w in actor.text.lower().split())


def _located(actor: ActorRef, country: str) -> ActorRef:
    """A domestic actor named without a country ("inmates rioted at a prison in Lima", "police
    in Quito") acts for the country where its clause takes place.

    >>> _located(ActorRef("Inmates", None, None, "CRM"), "PER").country
    'PER'
    >>> _located(ActorRef("a UN envoy", None, None, "IGO"), "PER").country is None
    True
    """
    if not _needs_country(actor):
        return actor
    return replace(actor, country=country)


def _home_country(
    actor: ActorRef,
    sent: Span,
    entities: list[dict],
    targets: list[ActorRef],
    lexicon: ActorLexicon,
    backing: frozenset[str],
) -> ActorRef:
    """An official known only by title ("President Ana Soto") acts for the one country
    the sentence names besides the targets' ("... declared a curfew in Peru")."""
    if not _needs_country(actor):
        return actor
    backers = {t.idx for t in _backers(sent, backing)}  # "Iranian-backed militias" name no home
    named = {
        e["country"]
        for e in entities
        if e.get("country")
        and any(
            sent.start_char <= m["start"] < sent.end_char and m["start"] not in backers
            for m in e.get("mentions", [])
        )
    }
    named.update(
        c
        for t in sent
        if t.is_title and t.idx not in backers and (c := lexicon.country_word(t.text))
    )
    countries = (named - {t.country for t in targets}) or named  # else a domestic act
    if len(countries) == 1:
        return replace(actor, country=countries.pop())
    return actor


# Acts aimed at where they happen: with no target named, PLOVER codes the place's country
# ("demonstrated in Serbia", "exploded bombs in Kabul", "troops on alert in the West Bank",
# "delivered food in Somalia", "demobilized fighters in Sierra Leone").
PLACE_TARGETS = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE", "AID", "RETREAT", "CONCEDE"}


def _place_actor(place: dict) -> ActorRef:
    """The country of an event's place as an actor."""
    own = place["id"] if place.get("kind") == "country" else None
    return ActorRef(place.get("name") or "", own, place["country"], None)


# Roles of a state's own organs: a target they act on without a country of its own is domestic.
DOMESTIC_ORGANS = {"GOV", "COP", "JUD", "LEG"}


def _target_country(
    actor: ActorRef,
    first: list[ActorRef],
    sent: Span,
    entities: list[dict],
    lexicon: ActorLexicon,
    backing: frozenset[str],
) -> ActorRef:
    """A target known only by its role ("Shona rebels", "the opposition newspaper") belongs to the
    state whose organ acts on it ("Nigerian authorities jailed 52 members of MASSOB"), else to
    the one country the sentence names, unless a foreign force acts (a soldier's target is not
    his own country's)."""
    if not _needs_country(actor):
        return actor
    organs = {a.country for a in first if a.country and a.role in DOMESTIC_ORGANS}
    if len(organs) == 1:
        return replace(actor, country=organs.pop())
    if any(a.role == "MIL" for a in first):
        return actor
    return _home_country(actor, sent, entities, [], lexicon, backing)


# Pairs -------------------------------------------------------------------------------------


def pairs(
    first: list[ActorRef], second: list[ActorRef]
) -> list[tuple[ActorRef | None, ActorRef | None]]:
    """Actor pairs: one event per actor; two actors acting together are each other's target."""
    first = list(dict.fromkeys(first))  # without repeats, in order
    second = [a for a in dict.fromkeys(second) if a not in first]
    if len(first) == 2 and not second:
        return [(first[0], first[1]), (first[1], first[0])]
    if not first and not second:
        return [(None, None)]
    return [(a, b) for a in (first or [None]) for b in (second or [None])][:8]
