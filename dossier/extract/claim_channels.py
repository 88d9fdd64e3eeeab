"""Channels: the intermediary through which a source's words reached the outlet.

A claim's source is who says it; its channel (``Source.via``) is who passed it on. With the
words of ``claim_channels.tsv``:

- a participle on the source whose agent passed it on: "a cable seen by Reuters says ..." (the
  source is "a cable", its issuer where named: "a cable from the French embassy"; Reuters is the
  channel), "according to documents obtained by The Times", "a report (that) Reuters has seen";
  and one whose "to"/"with" object did: "documents provided to the Post", "leaked to the BBC";
- a verb reporting another's words: "Interfax quoted the ministry as saying ...", "the ministry
  was quoted by Interfax as saying ...", "Reuters cited a commander as saying ...": the quoted is
  the source, the quoting the channel, the cue "quoted ... as saying", the content what "saying"
  takes;
- the addressee of a cue of telling when it is a news medium (an entity with the media role, a
  noun naming a medium, a newspaper's name): "X told the BBC", "said in an interview with CNN",
  "speaking to the Guardian, X said".

Not channels: the audience spoken to in person ("told reporters", "told the press"); the medium
a source speaks through itself ("said in a statement", "wrote on Twitter", "said on state
television"), which is part of the cue; and an outlet reporting in its own name ("TASS reported
that the parliament ratified ...": TASS is the one saying it, so it stays the source).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Span, Token

from dossier.extract.claim_parts import (
    ClaimLexicon,
    Found,
    Range,
    _cue_tokens,
    _source_span,
    _span_of,
    load_lexicon,
    verb_claim,
)
from dossier.extract.claimlinks import Mentions, head_of

logger = logging.getLogger(__name__)


def cue_verb(cue: Sequence[Token]) -> Token | None:
    """The verb of a claim's cue, not an auxiliary ("has *said*"); None for a verbless cue."""
    return next(
        (t for t in cue if t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass")), None
    )


def head_verb(found: Found) -> Token:
    """The verb of a claim's cue (not an auxiliary), else its first token."""
    verb = cue_verb(found.cue)
    return found.cue[0] if verb is None else verb


# --------------------------------------------------------------------- "quoted X as saying"


def _as_saying(verb: Token, lexicon: ClaimLexicon) -> Token | None:
    """The cue participle of "quoted X as saying": ``as`` on the verb with a cue verb in -ing."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "as":
            continue
        for said in prep.children:
            if said.dep_ == "pcomp" and said.tag_ == "VBG" and said.lemma_.lower() in lexicon.verbs:
                return said
    return None


def requote(found: list[Found], lexicon: ClaimLexicon, quotes: Sequence[Range]) -> list[Found]:
    """Claims made with "X quoted Y as saying ...": Y is the source and X the channel, the cue
    "quoted ... as saying", the content what "saying" takes (the claim the parser builds on
    "saying" alone, sourceless, is replaced)."""
    out: list[Found] = []
    taken: set[int] = set()
    for f in found:
        verb = head_verb(f)
        quoting = verb.lemma_.lower() in lexicon.words("quote")
        said = _as_saying(verb, lexicon) if quoting else None
        if said is None:
            out.append(f)
            continue
        inner = verb_claim(said, lexicon.verbs[said.lemma_.lower()], quotes)
        quoted = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if inner is None or quoted is None:
            out.append(f)
            continue
        if quoted.dep_ == "dobj":  # "Interfax quoted the ministry as saying"
            via = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        else:  # "the ministry was quoted by Interfax as saying"
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            via = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        cue = {*_cue_tokens(verb), said.head, said}
        out.append(
            Found(
                cue=sorted(cue, key=lambda t: t.i),
                content=inner.content,
                source=_source_span(quoted),
                cls=inner.cls,
                via=_source_span(via) if via is not None else None,
            )
        )
        taken.add(said.i)
    return [f for f in out if head_verb(f).i not in taken]


# ---------------------------------------------------------------------- channels on sources


def split_source(source: Span) -> tuple[Span, Span | None]:
    """A source without the participle that names its channel, and the channel: "A cable seen
    by Reuters" -> ("A cable", "Reuters"); a source with none comes back whole, with None."""
    channels = load_lexicon()
    head = head_of(source)
    if head.is_punct:  # the comma closing an apposition ("A cable, seen by Reuters,")
        head = source.root
    for token in source:
        # a past participle or relative clause on the head or on the noun of a phrase on it
        # ("a cable from the embassy, seen by Reuters,"), not an infinitive further down ("the
        # reluctance to hand over powers to Brussels")
        on = token.head
        near = on == head or (on.dep_ == "pobj" and on.head.head == head and on.i > head.i)
        participle = token.dep_ == "acl" and token.tag_ == "VBN"
        if not near or not (participle or token.dep_ == "relcl"):
            continue
        lemma = token.lemma_.lower()
        via = None
        if lemma in channels.words("by"):
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            if agent is not None:
                via = next((c for c in agent.children if c.dep_ == "pobj"), None)
            elif token.dep_ == "relcl":  # "a memo (that) Reuters has seen"
                via = next((c for c in token.children if c.dep_ == "nsubj"), None)
                if via is not None and via.pos_ == "PRON":
                    via = None
        if via is None and lemma in channels.words("to") and token.dep_ == "acl":
            for prep in token.children:
                if prep.dep_ in ("prep", "dative") and prep.lower_ in ("to", "with"):
                    via = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if via is not None:
                        break
        if via is None:
            continue
        kept = _span_of(source.doc, source.doc[source.start : token.left_edge.i])
        channel = _span_of(source.doc, via.subtree)
        if kept is None or channel is None:
            continue
        return kept, channel
    return source, None


def _medium(span: Span, mentions: Mentions) -> bool:
    """Whether a noun phrase names a news medium (not the audience spoken to in person): an
    entity with the media role, a noun naming a medium, a newspaper's name, or, met through an
    interview ("in an interview with CNN"), an organisation with no other role."""
    channels = load_lexicon()
    head = head_of(span)
    if head.lower_ in channels.words("audience") or head.lemma_.lower() in channels.words(
        "audience"
    ):
        return False
    entity = mentions.at(head.idx, head.idx + len(head.text))
    bare = head.lower_ in channels.words("device") and not any(
        c.dep_ in ("compound", "amod") for c in head.children
    )  # "said to the TV": the set, not a broadcaster ("told state television" is one)
    if entity is not None and entity.get("role") == "MED" and entity.get("kind") != "group":
        return not bare
    interview = head.head.head if head.dep_ == "pobj" else head
    if (
        entity is not None
        and entity.get("kind") == "organization"
        and not entity.get("role")
        and interview.lemma_.lower() in channels.words("interview")
    ):
        return True
    if head.pos_ == "PROPN" and head.lower_ in channels.words("masthead"):
        return True
    return not bare and any(
        t.lemma_.lower() in channels.words("medium")
        for t in span
        if t == head or (t.dep_ == "compound" and t.head == head)
    )


def _addressees(verb: Token) -> list[Token]:
    """Who a cue of telling addresses: its object ("told the BBC"), a "to"/"with" object on it
    or on the medium ("said to ...", "said in an interview with CNN", "in an interview she gave
    to the BBC"), and the same on a participle of telling before it ("Speaking to the Guardian,
    X said")."""
    tell = load_lexicon().words("tell")
    verbs = [verb] + [
        c
        for c in verb.children
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in tell
    ]
    out: list[Token] = []
    for v in verbs:
        for child in v.children:
            if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN"):
                out.append(child)
            elif child.dep_ in ("prep", "dative") and child.lower_ in ("to", "with", "in"):
                # "to the BBC", "in an interview with CNN", "in an interview she gave to AP"
                out.extend(
                    t for t in child.subtree if t.dep_ == "pobj" and t.head.lower_ in ("to", "with")
                )
    return out


def addressee_channel(verb: Token, content: Sequence[Range], mentions: Mentions) -> Span | None:
    """The news medium a cue of telling addresses ("X told the BBC"), or None."""
    if verb.lemma_.lower() not in load_lexicon().words("tell"):
        return None
    for token in _addressees(verb):
        if any(s <= token.idx < e for s, e in content):
            continue
        span = _span_of(token.doc, token.subtree)
        if span is not None and _medium(span, mentions):
            return span
    return None


def add_channels(found: Sequence[Found], mentions: Mentions) -> None:
    """Set each claim's channel (``Found.via``) and cut it out of the source where the source
    names it ("a cable seen by Reuters")."""
    for f in found:
        if f.source is None or f.via is not None:
            continue
        f.source, f.via = split_source(f.source)
        if f.via is None:
            f.via = addressee_channel(head_verb(f), f.content, mentions)
