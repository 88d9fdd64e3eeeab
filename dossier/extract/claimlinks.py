"""What a claim is tied to: the entity behind its source, its time and place, its figures.

- a source that names an entity resolves to it (the mention at the source's head, else the
  first inside the source);
- a pronoun, or a possessive pronoun on the source's head ("their figures", "its estimate"),
  resolves to the body or person it stands for: "it"/"they" to the subject of a clause the cue
  hangs on ("the State Department distributed a memo in which it denounces"), else to the
  nearest agreeing name before it within reach (``claim_coref``: a person for he/she, a body for
  it/they; its paragraph or the two sentences before); "who"/"which" to the noun its relative
  clause hangs on;
- a document ("the memo", "the document presented ... by the Cabinet") resolves to who issued
  it: an agent ("by X") or owner ("X's memo") inside the source, else the subject of the verb
  governing the latest earlier mention of a document ("the State Department distributed ... an
  internal memorandum");
- unnamed sources ("officials", "a source", "a Pentagon spokesman") stay unresolved and are
  marked ``unnamed``; the source text says what the article says about them, and ``anonymous``
  marks those the text says spoke anonymously ("speaking on condition of anonymity", "who asked
  not to be named");
- the time is the first DATE or TIME timex of the cue's clause outside the content ("Last
  May, X denounced ..."); the place a place or country named in an "in"/"at" phrase on the cue
  ("denounced in Miami") or on a participle hung on it ("Speaking in Geneva, X said");
- figures (``doc._.dossier_figures``) inside the content belong to the claim.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from dossier.extract.claim_coref import PERSON, antecedent, genders, source_pronoun

logger = logging.getLogger(__name__)

Range = tuple[int, int]
BODIES = ("organization", "country", "group")
PERSONS = ("person",)
SAME_DOCUMENT = {"memo": "memorandum", "memorandum": "memo"}


class Mentions:
    """Entity mentions of a document, by position."""

    def __init__(self, entities: Sequence[dict[str, Any]]) -> None:
        self.items: list[tuple[int, int, dict[str, Any]]] = sorted(
            (m["start"], m["end"], e) for e in entities for m in e.get("mentions", [])
        )
        self.by_id = {e["id"]: e for e in entities}
        self._genders: dict[str, str] | None = None

    def genders(self, doc: Doc) -> dict[str, str]:
        """The gender of the persons of ``doc`` (``claim_coref.genders``), worked out once."""
        if self._genders is None:
            self._genders = genders(doc, self)
        return self._genders

    def inside(self, start: int, end: int, kinds: Sequence[str] | None = None) -> list[dict]:
        return [
            e
            for s, t, e in self.items
            if start <= s and t <= end and (kinds is None or e.get("kind") in kinds)
        ]

    def at(self, start: int, end: int) -> dict | None:
        """The entity of the longest mention overlapping ``[start, end)``."""
        best = None
        for s, t, e in self.items:
            if s < end and start < t and (best is None or t - s > best[1] - best[0]):
                best = (s, t, e)
        return best[2] if best else None

    def before(self, offset: int, kinds: Sequence[str]) -> dict | None:
        found = None
        for _, t, e in self.items:
            if t > offset:
                break
            if e.get("kind") in kinds:
                found = e
        return found


def source_entity(
    source: Span,
    cue: Token,
    mentions: Mentions,
    documents: dict[str, str],
    content: Sequence[Range] = (),
) -> str | None:
    """The id of the entity a claim's source stands for, or None."""
    root = head_of(source)
    lower = root.lower_
    if lower in ("i", "we", "you", "me", "us"):
        return None
    if root.tag_ in ("WP", "WDT") and root.head.dep_ == "relcl":
        # "Mayor Anne Hidalgo, who said ...": the noun the relative clause hangs on
        noun = root.head.head
        found = mentions.inside(noun.left_edge.idx, noun.idx + len(noun.text))
        return found[-1]["id"] if found else None
    pronoun = source_pronoun(source, root)
    if pronoun is not None and (pronoun == root or mentions.at(root.idx, root.idx + 1) is None):
        # "he said", "their figures show" (not "its foreign minister Sergei Lavrov said")
        entity = None
        if pronoun.lower_ not in PERSON:  # "X distributed a memo in which it says"
            entity = _governing_subject(cue, source, mentions)
        entity = entity or antecedent(pronoun, mentions, documents, content)
        return entity["id"] if entity else None
    if documents.get(root.lemma_.lower()) == "document":
        entity = _issuer_inside(source, mentions) or _issuer_before(source, mentions, documents)
        return entity["id"] if entity else None
    entity = mentions.at(root.idx, root.idx + len(root.text))
    if entity is None:
        found = mentions.inside(source.start_char, source.end_char)
        entity = found[0] if found else None
    return entity["id"] if entity else None


ANONYMITY = re.compile(
    r"\b(?:anonymity|anonymously|anonymous|unnamed|unidentified"
    r"|not (?:authori[sz]ed|allowed|permitted|cleared) to (?:speak|talk|comment|discuss)"
    r"|(?:asked|requested|declined|refused|wished|wanted)\s+(?:not\s+)?to\s+be\s+(?:named|identified)"
    r"|(?:did\s+not|didn't|declined\s+to|refused\s+to)\s+(?:give|provide)\s+(?:his|her|their)\s+names?)\b",
    re.IGNORECASE,
)


def source_traits(
    source: Span, cue: Token, content: Sequence[Range], documents: dict[str, str]
) -> dict[str, bool]:
    """``unnamed``: the source names no one (its head an unnamed kind in ``documents``, no
    person named in it); ``anonymous``: the source, or a phrase on it or on the cue outside the
    content, says it spoke anonymously."""
    doc = source.doc
    head = head_of(source)
    near = list(head.subtree) + [
        t
        for c in cue.children
        if c.dep_ in ("advcl", "prep", "npadvmod", "parataxis")
        for t in c.subtree
        if not any(s <= t.idx < e for s, e in content)
    ]
    words = " ".join(t.text for t in sorted(set(near), key=lambda t: t.i))
    anonymous = bool(ANONYMITY.search(source.text) or ANONYMITY.search(words))
    named = any(t.ent_type_ == "PERSON" for t in doc[source.start : source.end])
    kind = documents.get(head.lemma_.lower())
    return {"unnamed": anonymous or (kind == "unnamed" and not named), "anonymous": anonymous}


def head_of(span: Span) -> Token:
    """The head of a noun phrase: its last token whose head lies outside it (``Span.root``
    takes the first, the article, where a misparse hangs every word outside)."""
    outside = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    return outside[-1] if outside else span.root


def _subject_entity(verb: Token, mentions: Mentions, skip: Span | None = None) -> dict | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
            skip is None or child.i not in range(skip.start, skip.end)
        ):
            entity = mentions.at(child.idx, child.idx + len(child.text))
            if entity is None:
                span = child.doc[child.left_edge.i : child.right_edge.i + 1]
                found = mentions.inside(span.start_char, span.end_char, BODIES)
                entity = found[0] if found else None
            if entity is not None and entity.get("kind") in (*BODIES, *PERSONS):
                return entity
    return None


def _governing_subject(cue: Token, source: Span, mentions: Mentions) -> dict | None:
    """The subject of a clause above the cue ("X distributed a memo in which it says")."""
    token = cue
    for _ in range(8):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            entity = _subject_entity(token, mentions, skip=source)
            if entity is not None and entity.get("kind") in BODIES:
                return entity
    return None


def _issuer_inside(source: Span, mentions: Mentions) -> dict | None:
    """ "the memo by X", "X's memo", "the document presented ... by X", "a cable from X"."""
    head = head_of(source)
    for token in source:
        if (
            token.dep_ in ("agent", "poss")
            or (token.dep_ == "compound" and token.head == source.root)
            or (token.dep_ == "prep" and token.lower_ == "from" and token.head == head)
        ):
            span = source.doc[token.left_edge.i : token.right_edge.i + 1]
            found = mentions.inside(span.start_char, span.end_char, (*BODIES, *PERSONS))
            if found:
                return found[-1] if token.dep_ == "agent" else found[0]
    return None


def _issuer_before(source: Span, mentions: Mentions, documents: dict[str, str]) -> dict | None:
    """Who issued the latest document mentioned before ``source``."""
    doc: Doc = source.doc
    lemma = head_of(source).lemma_.lower()
    wanted = {lemma, SAME_DOCUMENT.get(lemma, lemma)}
    for token in reversed(doc[: source.start]):
        if token.lemma_.lower() not in wanted or token.pos_ != "NOUN":
            continue
        owner = _issuer_inside(doc[token.left_edge.i : token.right_edge.i + 1], mentions)
        if owner is not None:
            return owner
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass", "pobj") and head.pos_ in ("VERB", "AUX", "ADP"):
            verb = head if head.pos_ != "ADP" else head.head
            return _subject_entity(verb, mentions)
        return None
    return None


def clause_time(
    cue: Token, content: Sequence[Range], timexes: Sequence[dict[str, Any]]
) -> str | None:
    """The value of the first DATE/TIME timex of the cue's clause outside the content."""
    tokens = list(cue.subtree) if cue.pos_ in ("VERB", "AUX") else list(cue.sent)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    for timex in timexes:
        if timex.get("type") not in ("DATE", "TIME") or not timex.get("value"):
            continue
        if start <= timex["start"] and timex["end"] <= end and not _within(timex, content):
            return timex["value"]
    return None


def clause_place(cue: Token, content: Sequence[Range], mentions: Mentions) -> str | None:
    """The id of a place or country named in an "in"/"at" phrase on the cue verb, or on a
    participle hung on it ("Speaking to reporters in Geneva, the envoy said ...")."""
    participles = [c for c in cue.children if c.dep_ == "advcl" and c.tag_ == "VBG"]
    preps = [*cue.children, *(t for p in participles for t in p.subtree)]
    for child in preps:
        if child.dep_ != "prep" or child.lower_ not in ("in", "at", "from"):
            continue
        span = cue.doc[child.left_edge.i : child.right_edge.i + 1]
        if _within({"start": span.start_char, "end": span.end_char}, content):
            continue
        found = mentions.inside(span.start_char, span.end_char, ("place", "country"))
        if found:
            return found[0]["id"]
    return None


def _within(item: dict[str, Any], ranges: Sequence[Range]) -> bool:
    return any(s <= item["start"] and item["end"] <= e for s, e in ranges)


def link_figures(claim: dict[str, Any], content: Sequence[Range], figures: list[dict]) -> None:
    """Figures inside the content join the claim (and name it, unless one already does)."""
    for figure in figures:
        if _within(figure, content):
            claim["figures"].append(figure["id"])
            if not figure.get("claim"):
                figure["claim"] = claim["id"]
