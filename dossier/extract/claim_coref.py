"""Who a pronoun source stands for: "he said", "they said", "its estimate", "their figures".

The source span stays on the pronoun as written (PolNeAR marks the pronoun); what this module
finds is the entity behind it, ``source.entity``. The rule, in order:

1. a pronoun is a source itself ("he", "they") or the possessive of the source's head ("their
   figures", "its estimate", "his statement");
2. its candidates are what comes before it, in its paragraph or in the two sentences before
   its own (news paragraphs are often one sentence long), and outside the claim's content ("“...
   Merkel is wrong,” he said": the speaker is not someone named in what they say);
3. a candidate must agree with the pronoun: he/she/his/her a person, and not one of the other
   gender (:func:`genders`: a title before a mention, "Mr."/"Mrs."/"Ms." of
   ``claim_channels.tsv``, else the pronouns the document itself uses after the person's name;
   no first-name list ships); it/its an organisation or a country; they/their an organisation,
   a country or a group;
4. a subject that names no one but fits the pronoun ("A police officer arrived. He said",
   "Officials met on Monday. They said"; the unnamed nouns of ``claim_sources.tsv``, singular
   for he/she, plural for they) is a candidate too: when it is the nearest, the pronoun stands
   for it, so the source stays unresolved (or resolves to the body named inside it: "officials
   of the ministry");
5. the nearest candidate wins; none within reach leaves the source unresolved.

Why no coreference library: of those on PyPI (``coreferee``, ``fastcoref``, ``maverick-coref``,
``crosslingual-coreference``, ``neuralcoref``, ``allennlp-models``, ``spacy-experimental``'s
coref), ``neuralcoref`` is for spaCy 2 only, ``coreferee`` needs a model package it downloads
outside PyPI and an older spaCy, and the rest need PyTorch with transformer weights fetched from a
model hub at run time: none installs or runs offline here beside spaCy 3.8 and the small model,
and each would cost far more than the parse. Source pronouns in news mostly point back a sentence
or two to a name, which the rule above covers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from dossier.extract.claim_parts import load_lexicon, paragraph_of, text_of

if TYPE_CHECKING:  # claimlinks resolves sources with this module
    from dossier.extract.claimlinks import Mentions

logger = logging.getLogger(__name__)

Range = tuple[int, int]
PERSON = {"he", "she", "him", "her", "his", "hers"}
SINGULAR_BODY = {"it", "its"}
PLURAL_BODY = {"they", "them", "their", "theirs"}
PRONOUNS = PERSON | SINGULAR_BODY | PLURAL_BODY
KINDS = {
    "person": ("person",),
    "it": ("organization", "country"),
    "they": ("organization", "country", "group"),
}
SENTENCES_BACK = 2  # how many sentences before the pronoun's own a candidate may be in
TITLE_WINDOW = 12  # characters before a mention where a title is looked for ("Mrs. ")


def source_pronoun(source: Span, head: Token) -> Token | None:
    """The pronoun a source with this head stands on: the source itself ("they") or the
    possessive of its head ("their figures"), or None."""
    if head.lower_ in PRONOUNS and head.tag_ in ("PRP", "PRP$"):
        return head
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ in PRONOUNS and source.start <= child.i:
            return child
    return None


def _sort(pronoun: Token) -> str:
    lower = pronoun.lower_
    if lower in PERSON:
        return "person"
    return "it" if lower in SINGULAR_BODY else "they"


def reach(pronoun: Token) -> int:
    """The first token where a pronoun's candidates may be: the start of its paragraph or of
    the sentence ``SENTENCES_BACK`` before its own, whichever is earlier."""
    doc = pronoun.doc
    start = pronoun.sent.start
    for _ in range(SENTENCES_BACK):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    paragraph = paragraph_of(pronoun)[0]
    while start > 0 and doc[start - 1].idx >= paragraph:
        start -= 1
    return start


def _titled(entity: dict[str, Any], text: str) -> str | None:
    """ "male" or "female" where a title before a mention of the person says so ("Mrs. ")."""
    lexicon = load_lexicon()
    for mention in entity.get("mentions", []):
        words = text[max(0, mention["start"] - TITLE_WINDOW) : mention["start"]].lower().split()
        inside = mention["text"].lower().split()[:1]
        for word in [*words[-1:], *inside]:
            if word in lexicon.words("male"):
                return "male"
            if word in lexicon.words("female"):
                return "female"
    return None


MIN_VOTES = 2  # sentences by which one gender must outvote the other (a parse or name slips)
MALE = {"he", "him", "his"}
FEMALE = {"she", "her", "hers"}


def genders(doc: Doc, mentions: Mentions) -> dict[str, str]:
    """The gender of each person of a document, by entity id: a title before a mention, else
    the subject and possessive pronouns ("he", "her") that follow a mention of the person in a
    sentence that names no other person before them ("Ana Ruiz said her ..."), one vote a
    sentence, where one gender outvotes the other by ``MIN_VOTES``."""
    text = text_of(doc)
    persons = [(s, e, ent) for s, e, ent in mentions.items if ent.get("kind") == "person"]
    votes: dict[str, list[set[int]]] = {}  # the sentences voting male, female
    k = 0
    for token in doc:
        lower = token.lower_
        if lower not in (MALE | FEMALE) or token.dep_ not in ("nsubj", "poss"):
            continue
        while k < len(persons) and persons[k][1] <= token.idx:
            k += 1
        before = {
            ent["id"] for s, _, ent in persons[max(0, k - 8) : k] if s >= token.sent.start_char
        }
        if len(before) == 1:  # "Warren asked Stumpf whether he ...": two persons, no vote
            votes.setdefault(before.pop(), [set(), set()])[lower in FEMALE].add(token.sent.start)
    out = {}
    for entity in {ent["id"]: ent for _, _, ent in persons}.values():
        gender = _titled(entity, text)
        male, female = (len(v) for v in votes.get(entity["id"], (set(), set())))
        if gender is None and abs(male - female) >= MIN_VOTES:
            gender = "male" if male > female else "female"
        if gender is not None:
            out[entity["id"]] = gender
    return out


def _agrees(pronoun: Token, entity: dict[str, Any], gender: dict[str, str]) -> bool:
    sort = _sort(pronoun)
    if entity.get("kind") not in KINDS[sort]:
        return False
    if sort == "person":
        wanted = "male" if pronoun.lower_ in MALE else "female"
        return gender.get(entity["id"], wanted) == wanted
    return True


def _unnamed_subjects(pronoun: Token, start: int, unnamed: set[str]) -> list[Token]:
    """Subjects between token ``start`` and the pronoun that name no one but fit it: "a police
    officer" for he/she, "officials" for they."""
    sort = _sort(pronoun)
    if sort == "it":
        return []
    tag = "NNS" if sort == "they" else "NN"
    return [
        t
        for t in pronoun.doc[start : pronoun.i]
        if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ == tag and t.lemma_.lower() in unnamed
    ]


def antecedent(
    pronoun: Token,
    mentions: Mentions,
    documents: dict[str, str],
    skip: Sequence[Range] = (),
) -> dict[str, Any] | None:
    """The entity a pronoun stands for (see the module's rule), or None."""
    first = reach(pronoun)
    start = pronoun.doc[first].idx
    gender = mentions.genders(pronoun.doc) if _sort(pronoun) == "person" else {}

    def outside(s: int, e: int) -> bool:
        return not any(a <= s and e <= b for a, b in skip)

    best: tuple[int, dict[str, Any] | None] | None = None
    for s, e, entity in mentions.items:
        if s < start or e > pronoun.idx or not outside(s, e):
            continue
        if _agrees(pronoun, entity, gender) and (best is None or s >= best[0]):
            best = (s, entity)
    unnamed = {lemma for lemma, kind in documents.items() if kind == "unnamed"}
    for subject in _unnamed_subjects(pronoun, first, unnamed):
        if not outside(subject.idx, subject.idx + len(subject.text)):
            continue
        if best is not None and best[0] > subject.idx:
            continue
        phrase = pronoun.doc[subject.left_edge.i : subject.right_edge.i + 1]
        inside = [
            entity
            for entity in mentions.inside(phrase.start_char, phrase.end_char)
            if _agrees(pronoun, entity, gender)
        ]
        best = (subject.idx, inside[0] if inside else None)
    return best[1] if best else None
