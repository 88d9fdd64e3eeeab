"""Whether a verb of attack is physical or verbal, from the words around it.

"Russian forces attacked the city", "jets blasted rebel positions with missiles" are assaults;
"the senator attacked the president over the crisis", "Trump blasted the media" are criticism,
and a claim. The events coder (pattern constraint ``sense``) and the claims extractor both ask
here, so an attack is never coded as an assault and a claim at once. The word lists are data
(``resources/attack_senses.json``).

The evidence, in order: a preposition of grounds on the verb ("over", "for", "as", not of time)
or a subject that strikes as labour ("workers struck") makes it verbal; a place or a physical
target as its object ("the city", "a convoy", a GPE, LOC or FAC entity), a weapon as its
instrument ("with artillery"), an armed subject or agent ("troops", "gunmen"), a country
attacking a named place or group ("Israel attacked Rafah"), or a passive with no agent ("if it
is attacked") make it physical; anything else is verbal ("Trump blasted the media").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Token

PLACES = ("GPE", "LOC", "FAC")
TIMES = ("DATE", "TIME")


@dataclass(frozen=True)
class Senses:
    verbs: frozenset[str]
    armed: frozenset[str]
    targets: frozenset[str]
    weapons: frozenset[str]
    verbal_preps: frozenset[str]
    workers: frozenset[str]


@cache
def load_senses() -> Senses:
    path = resources.files("dossier.resources").joinpath("attack_senses.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Senses(**{k: frozenset(v) for k, v in data.items() if k != "about"})


def _pobjs(verb: Token, preps: frozenset[str] | tuple[str, ...]) -> list[Token]:
    return [
        o
        for p in verb.children
        if p.dep_ in ("prep", "agent") and p.lower_ in preps
        for o in p.children
        if o.dep_ == "pobj"
    ]


def _is(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.lower_ in words


def sense(verb: Token) -> str | None:
    """``"physical"`` or ``"verbal"`` for a verb of attack, None for any other verb."""
    words = load_senses()
    if not _is(verb, words.verbs):
        return None
    grounds = [o for o in _pobjs(verb, words.verbal_preps) if o.ent_type_ not in TIMES]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if grounds or any(_is(s, words.workers) for s in subjects):
        return "verbal"  # "attacked the plan over ...", "workers struck at three plants"
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    objects += _pobjs(verb, ("on", "at", "against", "into"))
    if any(o.ent_type_ in PLACES or _is(o, words.targets) for o in objects):
        return "physical"
    if any(_is(o, words.weapons) for o in _pobjs(verb, ("with",))):
        return "physical"
    agents = _pobjs(verb, ("by",))
    actors = subjects + agents
    if any(_is(a, words.armed) for a in actors):
        return "physical"
    if any(a.ent_type_ == "GPE" for a in actors) and any(
        o.pos_ == "PROPN" and o.ent_type_ != "PERSON" for o in objects
    ):
        return "physical"  # "Israel attacked Rafah", "Russia attacked Ukraine"
    if not agents and any(c.dep_ == "nsubjpass" for c in verb.children):
        return "physical"  # "if it is attacked": a passive without grounds or a critic
    return "verbal"
