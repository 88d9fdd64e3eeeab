"""Claims made by other forms than a cue verb with its complement: "according to X",
a cue the tagger read as a noun ("“...,” the memo states"), a cue adjective after "be", a cue
noun with its that-clause, a dash signing a quotation, a speaker label and colon, and a rebuttal
in apposition ("..., a claim the government disputes"). See ``claims`` for the whole set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from dossier.extract.claim_parts import (
    CLAUSES,
    FIRST_PERSON,
    ClaimLexicon,
    Found,
    Range,
    _content_tokens,
    _cue_tokens,
    _in_paragraph,
    _inside,
    _source_span,
    _span_of,
    _to,
    _without_other_cues,
    content_ranges,
    subject_of,
    text_of,
)


def according_claims(
    doc: Doc, quotes: Sequence[Range], candidates: Iterable[Token] | None = None
) -> list[Found]:
    """ "according to X, ...": the source is X, the content the rest of the clause."""
    out = []
    for token in doc if candidates is None else candidates:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
        if to is None:
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        source = _span_of(doc, pobj.subtree)
        phrase = {token.i, to.i} | {t.i for t in to.subtree}
        head = token.head if token.head != token else token
        while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head != head:
            head = head.head
        clause = [t.i for t in head.subtree if t.i not in phrase and t.sent == token.sent]
        content = content_ranges(doc, clause, quotes)
        if content:
            cue = [token, to]
            out.append(Found(cue=cue, content=content, source=source, cls="say"))
    return out


def rebuttal_claims(doc: Doc, lexicon: ClaimLexicon, found: list[Found]) -> list[Found]:
    """ "X says ..., a claim the government disputes": a second source's stance on what comes
    before the comma. Returns ``found`` with those claims added, the claim before each comma
    cut there, and any claim the parser built on the rebutting verb replaced (the parse of such
    appositions varies too much to read them from the tree: they are matched on the words)."""
    out = list(found)
    for comma in doc:
        if comma.text != "," or comma.i + 2 >= len(doc) or doc[comma.i + 1].lower_ not in ARTICLES:
            continue
        sent = comma.sent
        j = comma.i + 2
        while j < sent.end - 1 and doc[j].pos_ == "ADJ":
            j += 1
        entry = lexicon.verbs.get(doc[j].lemma_.lower())
        if doc[j].pos_ != "NOUN" or entry is None or "n" not in entry.takes:
            continue
        # the rebutting verb: the first cue word before any punctuation ("disputes" at the end
        # is often tagged as a noun)
        verb = next(
            (t for t in doc[j + 1 : sent.end] if t.is_punct or _rebutting(t, lexicon)), None
        )
        if (
            verb is None
            or verb.is_punct
            or any(c.dep_ in (*CLAUSES, "xcomp") and c.i > verb.i for c in verb.children)
        ):
            continue  # "..., a pledge critics say he cannot keep": a claim of its own
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        cue = [t for t in _cue_tokens(verb) if t.i > j] + ([agent] if pobj is not None else [])
        start = min(t.i for t in cue)
        source = subject_of(verb) if verb.pos_ == "VERB" else None
        if source is not None and not (j < source.start and source.end <= start):
            continue  # "..., a statement released by the ministry said": its source, after it
        before = [f for f in out if sent.start <= f.cue[0].i < comma.i]
        content = [(s, min(e, comma.idx)) for s, e in before[-1].content] if before else []
        content = [(s, e) for s, e in content if s < e] or [(sent.start_char, comma.idx)]
        for f in before[-1:]:
            f.content = content
        out = [f for f in out if verb not in f.cue]
        if source is None and pobj is not None:
            source = _source_span(pobj)
        elif source is None:  # the words between the noun and the verb ("a claim (that) the ...")
            words = [t for t in doc[j + 1 : start] if t.lower_ not in ("that", "which")]
            source = doc[words[0].i : start] if words else None
        out.append(
            Found(
                cue=sorted(cue, key=lambda t: t.i),
                content=content,
                source=source,
                cls=lexicon.verbs[verb.lemma_.lower()].cls,
            )
        )
    return out


ARTICLES = {"a", "an"}  # ", the report says" is a source after its content, not a rebuttal


def _rebutting(token: Token, lexicon: ClaimLexicon) -> bool:
    if token.lemma_.lower() not in lexicon.verbs:
        return False
    last = token.i + 1 == len(token.doc) or token.doc[token.i + 1].is_punct
    return token.pos_ == "VERB" or (token.pos_ == "NOUN" and last)


def mistagged_claims(
    doc: Doc,
    lexicon: ClaimLexicon,
    quotes: Sequence[Range],
    candidates: Iterable[Token] | None = None,
) -> list[Found]:
    """A cue verb the tagger read as a noun after a quotation: "“...,” the memo states"."""
    out = []
    for token in doc if candidates is None else candidates:
        if token.pos_ not in ("NOUN", "PROPN") or not token.lower_.endswith(("s", "d")):
            continue
        entry = lexicon.verbs.get(token.lemma_.lower())
        if entry is None or entry.cls != "say":
            continue
        nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if nxt is not None and not (nxt.is_punct or nxt.is_space):
            continue
        before = [q for q in quotes if q[1] <= token.idx]
        if not before or _inside(token.idx, quotes):
            continue
        gap = doc.char_span(before[-1][1], token.idx, alignment_mode="contract")
        if gap is None:
            continue
        words = [t for t in gap if not (t.is_punct or t.is_space)]
        if not 1 <= len(words) <= 5 or any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        if not text_of(doc)[before[-1][1] - 2 : token.idx].lstrip('”"').startswith((",", " ")):
            continue
        source = _span_of(doc, words)
        out.append(Found(cue=[token], content=[before[-1]], source=source, cls="say"))
    return out


def adjective_claims(
    lexicon: ClaimLexicon, quotes: Sequence[Range], candidates: Iterable[Token]
) -> list[Found]:
    """A cue adjective after "be" with its complement: "the senator was critical of the deal",
    "she is confident that ...", "he was quick to blame ..."."""
    out = []
    for adj in candidates:
        entry = lexicon.adjectives.get(adj.lemma_.lower()) if adj.pos_ == "ADJ" else None
        verb = adj.head
        if entry is None or adj.dep_ != "acomp" or verb.lemma_.lower() != "be":
            continue
        if _inside(adj.idx, quotes):
            continue
        indices, _, joined = _content_tokens(adj, entry)
        indices = _without_other_cues(adj, _in_paragraph(adj, indices))
        content = content_ranges(adj.doc, indices, quotes) if indices else []
        if not content:
            continue
        source = subject_of(verb)
        if source is not None and source.root.lower_ in FIRST_PERSON:
            continue
        cue = {*_cue_tokens(verb), adj, *joined}
        cue |= {t for t in adj.doc[verb.i : adj.i] if t.dep_ in ("advmod", "neg")}
        cue |= {c for c in adj.children if c.dep_ == "advmod" and c.i < adj.i}
        out.append(Found(sorted(cue, key=lambda t: t.i), content, source, entry.cls))
    return out


NOUN_CLAUSES = ("acl", "relcl", "ccomp", "appos")


def noun_claims(
    lexicon: ClaimLexicon, quotes: Sequence[Range], candidates: Iterable[Token]
) -> list[Found]:
    """A cue noun (``n`` in the lexicon's ``takes``) with the clause it introduces: "Trump's
    claim that ...", "a report that ...", "his vow to ..." (an infinitive only where the
    lexicon allows ``x``). The source is the possessor ("Trump's"), a name run into the noun
    ("Trump charges that ...", a verb the tagger read as a noun), or who it is "by" or "from"."""
    out = []
    for noun in candidates:
        entry = lexicon.verbs.get(noun.lemma_.lower()) if noun.pos_ == "NOUN" else None
        if entry is None or "n" not in entry.takes or _inside(noun.idx, quotes):
            continue
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in NOUN_CLAUSES
                and c.i > noun.i
                and (
                    any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    or ("x" in entry.takes and c.dep_ == "acl" and _to(c))
                )
            ),
            None,
        )
        if clause is None:
            continue
        doc = noun.doc
        indices = _in_paragraph(noun, [t.i for t in clause.subtree])
        content = content_ranges(doc, indices, quotes) if indices else []
        if not content:
            continue
        out.append(Found([noun], content, _noun_source(noun), entry.cls))
    return out


def _noun_source(noun: Token) -> Span | None:
    for child in noun.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return _span_of(noun.doc, child.subtree)
    for child in noun.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _source_span(pobj)
    return None


# a quotation signed with a dash and a name that ends the line, sentence or quotation
SIGNED = re.compile(
    r"[ \t\u00a0]*([―—–])[ \t\u00a0]*"
    r"((?:[A-Z][\w'’.-]*)(?:[ \t\u00a0]+(?:[A-Z][\w'’.-]*|de|del|la|van|von)){0,4})"
    r"(?=[ \t\u00a0]*(?:[.,]?[ \t\u00a0]*(?:\n|$|[“\"])))"
)


def dash_claims(doc: Doc, quotes: Sequence[Range]) -> list[Found]:
    """A quotation signed with a dash: "“Mr. Trump scares me.” ― Krystal Correa" (readers'
    letters, testimonials, epigraphs): the dash is the cue, the name the source."""
    out = []
    text = text_of(doc)
    for q in quotes:
        match = SIGNED.match(text, q[1])
        if match is None:
            continue
        dash = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        name = doc.char_span(match.start(2), match.end(2), alignment_mode="contract")
        if dash is None or name is None or not any(t.pos_ == "PROPN" for t in name):
            continue
        source = _span_of(doc, name)
        out.append(Found(cue=[dash[0]], content=[q], source=source, cls="say"))
    return out


def _share_sources(found: list[Found], quotes: Sequence[Range]) -> None:
    """A participle after a cue ("..., the memo states, accusing Havana of ...") shares the
    cue's source when the parse hung it on the quotation instead."""
    for previous, f in pairwise(found):
        verb = f.cue[0]
        if verb.tag_ != "VBG" or verb.sent != previous.cue[0].sent:
            continue
        if f.source is None or _inside(f.source.start_char, quotes):
            f.source = previous.source


DASHES = (" - ", " — ", " – ")


# labels before a colon that name a kind of text, not who speaks
NOT_SPEAKERS = {"note", "latest", "correction", "update", "follow", "name", "age", "related"}


def colon_claims(
    doc: Doc, quotes: Sequence[Range], candidates: Iterable[Token] | None = None
) -> list[Found]:
    """A speaker label and a colon opening a line: "Obama: I'm optimistic ..." (headlines),
    "TAPPER: Do you think ..." (transcripts)."""
    out = []
    text = text_of(doc)
    for token in doc if candidates is None else candidates:
        if token.text != ":" or token.i == 0 or _inside(token.idx, quotes):
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        # a label after a dash: "... important for Republicans - Philip Bump: “Two weeks ago"
        dash = max(text.rfind(d, line_start, token.idx) for d in DASHES)
        if dash >= 0:
            line_start = dash + 3
        line_end = text.find("\n", token.idx)
        line_end = len(text) if line_end < 0 else line_end
        label = doc.char_span(line_start, token.idx, alignment_mode="contract")
        if label is None or not 1 <= len(label) <= 6:
            continue
        if any(t.pos_ in ("VERB", "AUX", "PRON", "NUM") for t in label):
            continue
        words = [t for t in label if t.is_alpha]
        titled = bool(words) and all(t.is_title for t in words)  # "Poll:", "Sanders:"
        if not titled and not any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in label):
            continue
        cut = next((t.i for t in label[1:] if t.pos_ == "ADP"), label.end)
        source = _span_of(doc, doc[label.start : cut])
        after = doc.char_span(token.idx + 1, line_end, alignment_mode="contract")
        if after is None or source is None:
            continue
        if source.root.lemma_.lower() in NOT_SPEAKERS or not any(t.is_alpha for t in after):
            continue  # "Editor's note: ...", "The Latest: ...", "Sanders: 1,547"
        content = content_ranges(doc, [t.i for t in after], quotes)
        if content:
            out.append(Found(cue=[token], content=content, source=source, cls="say"))
    return out
