"""Measure classes: what happened to what a figure counts, read from the whole clause.

A figure's ``measure`` is the lemma of its governing verb ("confirm", "be", "take"); its
*measure class* says what happened to what is counted, whatever the wording: "850 people
killed", "the death toll rose to 61", "among the dead were 12 children" are all ``killed``;
"some 3,000 are now on the front line" and "at least 400 took part in the assault" are
``deployed``; "the identities of 850 of them have been confirmed" is ``identified``; "the
ministry put the dead or missing at 61" is ``killed_or_missing``. The classes, their cues and
how they relate (``killed_or_missing`` covers ``killed`` and ``missing``) are data:
``resources/measure_classes.json``.

:func:`measure_class` reads, from the figure's number token, in this order:

1. what is said of the counted noun itself: a participle or relative clause ("850 people
   killed", "civilians who were wounded"), an adjective ("dead civilians"), a partitive
   ("30 of the injured");
2. walking up to the clause: nouns the figure depends on ("the identities of 850", "the
   deaths of 61 people", "the evacuation of 300"), then the governing verb: a complement
   ("confirmed dead", "left 45 dead"), a phrasal verb ("took part", "signed up", "lost their
   lives"), the verb's lemma, a predicate after a copula or on the verb ("are in custody",
   "on the front line"); a verb that says nothing ("rise", "reach", "put", "number", "be")
   passes to its subject or object ("the death toll rose to 61", "put the dead or missing at
   61", "the number of recruits reached 5,000"); a hedge verb to its complement ("are
   believed to have died");
3. the counted noun's own class ("30 casualties were reported", "recovered 23 bodies").

Two cues joined by "or" ("killed or wounded", "dead or missing") give their combined class.
Policy: None when no cue is found (a pronoun subject, "they number about 2,000").
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.tokens import Token

logger = logging.getLogger(__name__)

NOUNS = {"NOUN", "PROPN"}
VERBS = {"VERB", "AUX"}
COPULAS = {"be", "remain", "become", "stay", "lie", "go", "get"}
COMPLEMENT_DEPS = {"oprd", "acomp", "xcomp", "ccomp"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "attr", "pobj"}
MODIFIER_DEPS = {"acl", "relcl", "amod"}
MAX_STEPS = 8


@dataclass
class MeasureLexicon:
    """The cues of ``measure_classes.json``, by scope (``people`` or ``money``)."""

    verbs: dict[str, dict[str, str]] = field(default_factory=dict)  # scope -> lemma -> class
    phrasal: dict[str, dict[str, str]] = field(default_factory=dict)
    predicates: dict[str, dict[str, str]] = field(default_factory=dict)
    nouns: dict[str, dict[str, str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # class -> incident | stock
    scopes: dict[str, str] = field(default_factory=dict)  # class -> people | money
    families: dict[str, str] = field(default_factory=dict)  # measure family -> class
    combinations: dict[frozenset[str], str] = field(default_factory=dict)
    covers: dict[str, frozenset[str]] = field(default_factory=dict)  # class -> classes it covers
    hedge_verbs: set[str] = field(default_factory=set)
    measure_nouns: set[str] = field(default_factory=set)
    incident_heads: set[str] = field(default_factory=set)  # head classes that are people then
    not_people: set[str] = field(default_factory=set)  # heads that are events, things, times
    counted_nouns: dict[str, str] = field(default_factory=dict)  # counted noun -> its class
    neutral_counted: set[str] = field(default_factory=set)
    agents: set[str] = field(default_factory=set)  # classes that count who acts (voters)
    sides: dict[str, dict[str, str]] = field(default_factory=dict)  # refined -> side -> class
    order: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> MeasureLexicon:
        data = json.loads(
            resources.files("dossier.resources").joinpath("measure_classes.json").read_text("utf-8")
        )
        lex = cls()
        for row in data["classes"]:
            name, scope = row["class"], row["scope"]
            lex.order.append(name)
            lex.kinds[name] = row["kind"]
            lex.scopes[name] = scope
            for family in row.get("families", []):
                lex.families.setdefault(family, name)
            if row.get("agent"):
                lex.agents.add(name)
            if row.get("refines"):
                table = lex.sides.setdefault(row["refines"], {})
                for side in row.get("sides", []):
                    table.setdefault(side.lower(), name)
            for key in ("verbs", "phrasal", "predicates", "nouns"):
                table = getattr(lex, key).setdefault(scope, {})
                for cue in row.get(key, []):
                    table.setdefault(cue.lower(), name)
        for row in data["combinations"]:
            lex.combinations[frozenset(row["of"])] = row["class"]
        for row in data["relations"]:
            lex.covers[row["class"]] = frozenset(row["covers"])
        lex.hedge_verbs = set(data["hedge_verbs"])
        lex.measure_nouns = set(data["measure_nouns"])
        lex.incident_heads = set(data.get("incident_heads", []))
        lex.not_people = set(data.get("not_people", []))
        lex.counted_nouns = dict(data.get("counted_nouns", {}))
        lex.neutral_counted = set(data.get("neutral_counted", []))
        return lex

    def cue(self, key: str, text: str, money: bool) -> str | None:
        """The class a cue of kind ``key`` (verbs, phrasal, predicates, nouns) names."""
        table = getattr(self, key)
        scope = "money" if money else "people"
        found = table.get(scope, {}).get(text)
        if found is None and money and key in ("nouns", "predicates"):
            found = None  # a money figure is not "dead" or a "refugee"
        return found


@cache
def default_lexicon() -> MeasureLexicon:
    """The lexicon shipped with dossier, loaded once per process."""
    return MeasureLexicon.load()


def class_kind(name: str | None, lexicon: MeasureLexicon | None = None) -> str | None:
    """``incident`` or ``stock`` for a class; None for no class.

    >>> class_kind("killed"), class_kind("recruited"), class_kind(None)
    ('incident', 'stock', None)
    """
    if not name:
        return None
    return (lexicon or default_lexicon()).kinds.get(name)


def counts_agents(name: str | None, lexicon: MeasureLexicon | None = None) -> bool:
    """Whether a class counts who acts (voters, protesters), not whom something befalls.

    >>> counts_agents("voted_for"), counts_agents("killed"), counts_agents(None)
    (True, False, False)
    """
    return bool(name) and name in (lexicon or default_lexicon()).agents


def refined_by(name: str | None, lexicon: MeasureLexicon | None = None) -> dict[str, str]:
    """The sides that refine a class (side word -> its class): ``voting`` has ``for`` ->
    ``voted_for``, ``against`` -> ``voted_against``; empty for most classes."""
    return (lexicon or default_lexicon()).sides.get(name or "", {})


def class_of_family(family: str | None, lexicon: MeasureLexicon | None = None) -> str | None:
    """The class a measure family (``measure_families.tsv``) falls back to.

    >>> class_of_family("injured"), class_of_family("serving"), class_of_family("nope")
    ('wounded', 'recruited', None)
    """
    if not family:
        return None
    return (lexicon or default_lexicon()).families.get(family)


def relation(a: str | None, b: str | None, lexicon: MeasureLexicon | None = None) -> str | None:
    """How two classes relate, in words: one covers the other, or both are parts of a third.

    >>> relation("killed_or_missing", "killed")
    'killed_or_missing includes killed'
    >>> relation("killed", "casualties")
    'casualties includes killed'
    >>> relation("killed", "wounded")
    'killed and wounded are both part of casualties'
    >>> relation("killed", "sold") is None
    True
    """
    if not a or not b or a == b:
        return None
    lexicon = lexicon or default_lexicon()
    if b in lexicon.covers.get(a, ()):
        return f"{a} includes {b}"
    if a in lexicon.covers.get(b, ()):
        return f"{b} includes {a}"
    for whole in sorted(lexicon.covers):
        if {a, b} <= lexicon.covers[whole]:
            return f"{a} and {b} are both part of {whole}"
    return None


def related(a: str | None, b: str | None, lexicon: MeasureLexicon | None = None) -> bool:
    """Whether two classes are worth showing side by side (:func:`relation` says how)."""
    return relation(a, b, lexicon) is not None


def measure_class(
    number: Token, *, money: bool = False, lexicon: MeasureLexicon | None = None
) -> str | None:
    """The measure class of the figure whose (last) number token is ``number``; None when
    the clause says nothing of what happened to what is counted (see the module doc). A class
    with sides (``voting``) takes the side written next to the figure: ``voted_for``,
    ``voted_against``, ``abstained`` (:func:`_side`)."""
    lexicon = lexicon or default_lexicon()
    counted = _counted(number)
    found = _class(number, counted, money, lexicon)
    sides = lexicon.sides.get(found or "")
    return (_side(number, counted, sides) or found) if sides else found


def _counted(number: Token) -> Token:
    """The noun a number counts ("850 people", "$ 2 billion"), else the number itself."""
    counted = number
    if number.dep_ in ("nummod", "quantmod", "compound") and number.head.pos_ in NOUNS:
        counted = number.head
    elif number.dep_ == "compound" and number.head.like_num:
        counted = number.head  # "$ 2 billion"
    if counted.dep_ == "nummod" and counted.head.pos_ in NOUNS:
        counted = counted.head
    return counted


def _class(number: Token, counted: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """:func:`measure_class` before any side is read."""
    found = _next_to(number, money, lexicon)
    if found:
        return found
    if counted is not number and not money:
        for word in (counted.lemma_.lower(), counted.lower_):
            if word in lexicon.counted_nouns:  # "two counts of murder": charges
                return lexicon.counted_nouns[word]
    found = _modifiers(counted, money, lexicon)
    if found:
        return found
    found = _walk(counted, money, lexicon)
    if found:
        return found
    if counted.pos_ in NOUNS or counted.pos_ == "ADJ":
        return _noun(counted, money, lexicon, depth=0)
    return None


# -- the readers --------------------------------------------------------------------------------

SIDE_DEPS = {"prep", "advmod", "prt", "dobj", "npadvmod", "intj", "acomp"}


def _side(number: Token, counted: Token, sides: dict[str, str]) -> str | None:
    """The side a vote's count is on, nearest first: a word on the number ("3 against"), the
    counted noun itself or a word on it ("12 abstentions", "250 votes in favour"), then a word
    on the verb that governs it ("112 lawmakers voting in favour", "12 voted against it"). A
    word is a side alone ("against", "for") or with its object ("in favour")."""
    for word in (counted.lemma_.lower(), counted.lower_):
        if counted is not number and word in sides:
            return sides[word]
    tokens = [number] if counted is number else [number, counted]
    token = counted
    for _ in range(MAX_STEPS):
        if token.head is token or token.head.like_num:
            break  # another count's words are its own: "40 against" is not "250 in favour"
        token = token.head
        if token.pos_ in VERBS:
            tokens.append(token)
            break
    for token in tokens:
        for child in token.children:
            if child.dep_ not in SIDE_DEPS:
                continue
            if child.lower_ in sides:
                return sides[child.lower_]
            for pobj in child.children:
                phrase = f"{child.lower_} {pobj.lower_}"
                if pobj.dep_ == "pobj" and phrase in sides:
                    return sides[phrase]
    return None


def headline_verb(token: Token, lexicon: MeasureLexicon) -> str | None:
    """The class a capitalised verb of a headline names where the parser took it for a name
    ("Quake *Kills* 10", "Hiller *Kills* Two", "Blast *Injures* 40"): a title-case word that is
    no verb in the parse but, less a third-person -s, a verb cue of counted people."""
    if not token.is_title or token.pos_ in VERBS:
        return None
    word = token.lower_
    for lemma in (word, word[:-1], word[:-2]) if word.endswith("s") else (word,):
        found = lexicon.cue("verbs", lemma, False)
        if found:
            return found
    return None


def _next_to(number: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """A predicate written right after the number, alone or after a plain "people": "3 dead",
    "2 Dead , 1 Wounded", "three people dead", or a capitalised verb right before it that the
    parser did not read as one ("Quake Kills 10"): headlines a parser often reads wrong. Not
    when the predicate modifies a noun that follows ("20 wounded protesters")."""
    doc = number.doc
    before = doc[number.i - 1] if number.i else None
    if before is not None and not money:
        found = headline_verb(before, lexicon)
        if found:
            return found
    i = number.i + 1
    if i < len(doc) and doc[i].lemma_.lower() in lexicon.neutral_counted:
        i += 1
    if i >= len(doc) or money:
        return None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and after.pos_ in NOUNS and after.is_alpha:
        return None
    found = lexicon.cue("predicates", doc[i].lower_, money)
    return _combined(doc[i], found, money, lexicon) if found else None


def _modifiers(counted: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """What the counted noun's own modifiers say: "850 people killed", "dead civilians",
    "civilians who were wounded", "30 of the injured"."""
    for child in counted.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ in VERBS:
            if any(t.like_num or t.pos_ == "NUM" for t in child.subtree):
                continue  # "20,000 Cubans, of which 200 died": a part of them, its own figure
            found = _clause(child, money, lexicon, came_from=None)
            if found:
                return found
        elif child.dep_ in ("amod", "acl") and child.pos_ in ("ADJ", "VERB"):
            found = _word(child, money, lexicon)
            if found:
                return found
        elif child.dep_ == "prep" and child.lower_ in ("of", "among"):
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in NOUNS | {"ADJ", "VERB"}:
                    found = _noun(pobj, money, lexicon, depth=1)
                    if found:
                        return found
    return None


def _walk(counted: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """Up from the counted noun to the clause: nouns it depends on, then the governing verb."""
    token = counted
    for _ in range(MAX_STEPS):
        head = token.head
        if head is token:
            return None
        if head.pos_ in VERBS:
            return _clause(head, money, lexicon, came_from=token)
        if head.pos_ in NOUNS or (head.pos_ == "ADJ" and token.dep_ == "pobj"):
            found = _noun(head, money, lexicon, depth=0, skip=token)
            if found:
                return found
        token = head
    return None


def _clause(verb: Token, money: bool, lexicon: MeasureLexicon, came_from: Token | None) -> str:
    """What a verb's clause says happened (see the module doc), or ""."""
    # a complement: "confirmed dead", "left 45 dead", "feared dead", "went missing"
    for child in verb.children:
        if child.dep_ in ("oprd", "acomp") or (child.dep_ == "xcomp" and child.pos_ == "ADJ"):
            found = _predicate(child, money, lexicon)
            if found:
                return _combined(child, found, money, lexicon)
    lemma = verb.lemma_.lower()
    # a phrasal verb: "took part", "signed up", "lost their lives", "cast ballots"
    for child in verb.children:
        if child.dep_ in ("prt", "advmod", "acomp") or (
            child.dep_ in ("dobj", "oprd") and child is not came_from
        ):
            found = lexicon.cue("phrasal", f"{lemma} {child.lemma_.lower()}", money)
            if found:
                return found
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = lexicon.cue("phrasal", f"{lemma} {pobj.lemma_.lower()}", money)
                    if found:
                        return found
    found = lexicon.cue("verbs", lemma, money)
    if found:
        return _combined(verb, found, money, lexicon)
    # a predicate on the verb: "are in custody", "on the front line", "taken into custody"
    for child in verb.children:
        if child.dep_ == "prep" and child is not came_from:
            found = _predicate(child, money, lexicon)
            if found:
                return found
        if child.dep_ == "attr" and child is not came_from:
            found = _noun(child, money, lexicon, depth=1)
            if found:
                return found
    # a verb that says nothing: its subject or object ("the death toll rose to 61")
    for child in verb.children:
        if child is came_from or child.dep_ not in ARGUMENT_DEPS:
            continue
        if child.pos_ in NOUNS or child.pos_ == "ADJ":
            found = _noun(child, money, lexicon, depth=0)
            if found:
                return found
    # conjuncts of an object: "put the dead or missing at 61" (the parse hangs "missing" on put)
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ == "ADJ" and child is not came_from:
            found = _predicate(child, money, lexicon)
            if found:
                return found
    # a hedge: "are believed to have died", "said to have been killed"
    if lemma in lexicon.hedge_verbs or lemma in COPULAS:
        for child in verb.children:
            if child.dep_ == "xcomp" and child.pos_ in VERBS:
                found = _clause(child, money, lexicon, came_from=None)
                if found:
                    return found
    return ""


def _noun(
    token: Token, money: bool, lexicon: MeasureLexicon, depth: int, skip: Token | None = None
) -> str | None:
    """A noun's class: itself ("casualties", "the death toll", "the dead"), its modifiers
    ("Palestinians killed"), or, for a measure noun ("the number of recruits"), what it
    measures."""
    if depth > 2:
        return None
    found = _word(token, money, lexicon)
    if found:
        return _combined(token, found, money, lexicon)
    if depth:
        found = _modifiers(token, money, lexicon)
        if found:
            return found
    if token.lemma_.lower() in lexicon.measure_nouns or token.lower_ in lexicon.measure_nouns:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj is not skip:
                        found = _noun(pobj, money, lexicon, depth + 1)
                        if found:
                            return found
    return None


def _word(token: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """The class of one word with its compound: noun, adjective or participle."""
    lemma = token.lemma_.lower()
    words = [lemma, token.lower_]
    compounds = [c for c in token.children if c.dep_ == "compound"]
    if compounds:
        words = [f"{compounds[-1].lower_} {w}" for w in words] + words
    for w in words:
        found = lexicon.cue("nouns", w, money) or lexicon.cue("predicates", w, money)
        if found:
            return found
    if token.pos_ == "VERB" or token.tag_ in ("VBN", "VBD"):
        found = lexicon.cue("verbs", lemma, money)
        if found:
            return found
    if token.pos_ == "ADJ" and any(c.dep_ == "prep" for c in token.children):
        return _predicate(token, money, lexicon)  # "unaccounted for"
    return None


def _predicate(token: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    """A predicate: an adjective or participle ("dead", "missing", "unaccounted for") or a
    preposition with its noun, determiners dropped ("in custody", "on front line")."""
    words = [t for t in token.subtree if t.pos_ not in ("DET", "PUNCT", "PRON")]
    text = " ".join(t.lower_ for t in words)
    lemmas = " ".join(t.lemma_.lower() for t in words)
    for phrase in (text, lemmas):
        found = lexicon.cue("predicates", phrase, money)
        if found:
            return found
    if token.pos_ == "ADP":
        # "on the front line in the east": the preposition and its noun phrase's head words
        for pobj in token.children:
            if pobj.dep_ == "pcomp":  # "listed as missing"
                found = _word_only(pobj, money, lexicon)
                if found:
                    return found
            if pobj.dep_ != "pobj":
                continue
            core = [t for t in pobj.subtree if t.i <= pobj.i and t.pos_ not in ("DET", "PRON")]
            phrase = " ".join([token.lower_, *(t.lower_ for t in core)])
            found = lexicon.cue("predicates", phrase, money)
            if found:
                return found
            found = lexicon.cue("predicates", f"{token.lower_} {pobj.lemma_.lower()}", money)
            if found:
                return found
        return None
    return _word_only(token, money, lexicon)


def _word_only(token: Token, money: bool, lexicon: MeasureLexicon) -> str | None:
    for w in (token.lower_, token.lemma_.lower()):
        found = lexicon.cue("predicates", w, money) or lexicon.cue("verbs", w, money)
        if found:
            return found
    return None


def _combined(token: Token, found: str, money: bool, lexicon: MeasureLexicon) -> str:
    """ "killed or wounded", "the dead or missing": a cue written right next to another, joined
    by "or" or "and", gives their combined class where ``combinations`` has one."""
    doc = token.doc
    for step in (1, -1):
        joiner = token.i + step
        other = token.i + 2 * step
        if not (0 <= other < len(doc)) or doc[joiner].lower_ not in ("or", "and", "and/or"):
            continue
        second = _word(doc[other], money, lexicon) or _word_only(doc[other], money, lexicon)
        if second and second != found:
            combined = lexicon.combinations.get(frozenset((found, second)))
            if combined:
                return combined
    return found


__all__ = [
    "MeasureLexicon",
    "class_kind",
    "class_of_family",
    "counts_agents",
    "default_lexicon",
    "measure_class",
    "refined_by",
    "related",
    "relation",
]
