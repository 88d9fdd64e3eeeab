"""Claims: who says what, how firmly, and on whose authority (attribution extraction).

Rules over the dependency parse, with the lexicons in ``dossier/resources`` (``claim_cues.tsv``
for cue verbs and which complements they take, ``claim_adjectives.tsv`` for cue adjectives
after "be" ("was critical of"), ``claim_hedges.txt``, ``claim_sources.tsv``):

- a **cue** is a verb of the lexicon (with its auxiliaries, negation, adjacent adverbs and
  particle: "has also said", "pointed out"), "according to", the colon after a speaker
  ("Caddell:"), a cue verb the tagger read as a noun ("“...,” the memo states"), a cue noun
  with its that-clause ("Trump's claim that ..."), or a dash signing a quotation ("“...” ― Ana
  Ruiz");
- its **content** is the complement the verb takes (a clause, a quotation, an infinitive, a
  direct object, a prepositional object: ``takes`` in the lexicon); a quotation is kept whole,
  marks included, and a quotation split by the cue or continued in the next sentence gives a
  content of several pieces;
- its **source** is the verb's subject (an agent "by X" for a passive), shared along
  coordinated and participial verbs ("the memo states, accusing Havana ..."), the object of
  "according to", or the noun a relative clause hangs on ("officials who said ...");
- the subject of a raising verb or passive is part of the content, not its source ("Trump is
  expected to win", "Clinton does not seem to relish the fight"), and a parenthetical cue splits
  its content ("The economy, he said, is strong");
- cues inside quoted speech (or after a speaker label) are the speaker's, not the outlet's, and
  make no claim (PolNeAR annotates them the same way); nor does a cue inside another claim's
  content ("Sanders said he did not think ...": what he thinks is part of what he said);
- a cue verb coordinated with the verb of another cue's clause, with no subject of its own, is a
  claim of its own, not part of that content ("China said it was opposed and warned ...");
- a chain verb joins the cue of its infinitive ("seemed to mock"), a clause hung on the medium
  joins it too ("said in a statement that ..."), and "As the Times noted, X" makes X the content.

Each claim is ``direct`` (the content is a quotation), ``mixed`` (it holds one) or
``indirect``; ``denied`` (a denial cue), ``hedged`` (a hedge on the cue or on the content's
main verb: "reportedly", "would have") or ``asserted``. Its source resolves to an entity where
it can: a name to its entity, a pronoun or a possessive pronoun on it ("they", "their figures")
to the body or person it stands for (``claim_coref``), a document ("the memo") to whoever issued
it. The intermediary its words came through is its channel, ``source.via`` (``claim_channels``:
"a cable seen by Reuters", "X told the BBC", "Interfax quoted the ministry as saying").
Figures (``doc._.dossier_figures``) inside the content are linked to the claim; the claim's time
is the timex of its cue's clause outside the content.

This module finds the claims of a document and makes their records; the parts of a claim (the
lexicon, spans, sources, cues, what a cue verb takes) are read in ``claim_parts``, the other forms
(according to, nouns, adjectives, dashes, labels, rebuttals) in ``claim_forms``, what a claim is
tied to in ``claimlinks``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from dossier.extract import attack_sense
from dossier.extract.claim_channels import add_channels, cue_verb, requote
from dossier.extract.claim_forms import (
    _share_sources,
    according_claims,
    adjective_claims,
    colon_claims,
    dash_claims,
    mistagged_claims,
    noun_claims,
    rebuttal_claims,
)
from dossier.extract.claim_parts import (
    TEXT_KEY,
    ClaimLexicon,
    Found,
    Range,
    _chained,
    _infinitive,
    _inside,
    load_lexicon,
    text_of,
    verb_claim,
)
from dossier.extract.claimlinks import (
    Mentions,
    clause_place,
    clause_time,
    link_figures,
    source_entity,
    source_traits,
)
from dossier.extract.errors import component_errors
from dossier.extract.quotes import find_quotes
from dossier.model import Claim, content_hash, stable_id

logger = logging.getLogger(__name__)


def find_claims(doc: Doc, lexicon: ClaimLexicon | None = None) -> list[dict[str, Any]]:
    """The claims of ``doc`` as dicts in the shape of ``dossier.model.Claim`` (plus ``parts``
    for contents in several pieces)."""
    doc.user_data[TEXT_KEY] = doc.text
    try:
        return _find_claims(doc, lexicon or load_lexicon())
    finally:
        doc.user_data.pop(TEXT_KEY, None)


OTHER_POS = ("NOUN", "PROPN", "PUNCT")


def _find_claims(doc: Doc, lexicon: ClaimLexicon) -> list[dict[str, Any]]:
    quotes = find_quotes(text_of(doc))
    found: list[Found] = []
    # "according", nouns that may be mistagged cues, colons, adjectives after "be"
    others: list[Token] = []
    for token in doc:
        if token.pos_ in OTHER_POS or token.lower_ == "according" or token.dep_ == "acomp":
            others.append(token)
        if token.pos_ not in ("VERB", "AUX"):
            continue
        entry = lexicon.verbs.get(token.lemma_.lower())
        if entry is None or token.dep_ in ("amod", "compound", "aux", "auxpass"):
            continue
        if _inside(token.idx, quotes) or (token.i and doc[token.i - 1].text == "<"):
            continue  # claims inside quoted speech are the speaker's, not the outlet's
        if token.dep_ == "acl" and token.tag_ == "VBN":
            continue
        if _infinitive(token):
            continue  # "wants to support ...": the content of "wants", not a cue of its own
        if attack_sense.sense(token) == "physical":
            continue  # "forces attacked the city": an assault (an event), not a claim
        if _chained(token, lexicon):
            continue  # "seemed to mock ...": the cue is "seemed to mock", made by "mock"
        claim = verb_claim(token, entry, quotes)
        if claim is not None:
            found.append(claim)
    found.extend(mistagged_claims(doc, lexicon, quotes, others))
    found.extend(adjective_claims(lexicon, quotes, others))
    found.extend(noun_claims(lexicon, quotes, others))
    found.extend(dash_claims(doc, quotes))
    found.sort(key=lambda f: f.cue[0].i)
    _share_sources(found, quotes)
    found.extend(according_claims(doc, quotes, others))
    labelled = colon_claims(doc, quotes, others)
    if labelled:  # what a labelled speaker says is theirs, as quoted speech is
        spoken = [r for f in labelled for r in f.content]
        found = [f for f in found if not _inside(f.cue[0].idx, spoken)]
        found.extend(labelled)
    found = rebuttal_claims(doc, lexicon, found)
    found = requote(found, lexicon, quotes)
    _continue_quotes(doc, found, quotes)
    found = _outermost(_dedupe(doc, found))
    links = _Links(doc, lexicon)
    add_channels(found, links.mentions)
    return [
        _record(doc, f, lexicon, quotes, links) for f in sorted(found, key=lambda f: f.cue[0].i)
    ]


def _outermost(found: list[Found]) -> list[Found]:
    """Claims whose cue is not inside another claim's content: in "Sanders said he didn't
    think the accord went far enough" the claim is Sanders's, and what he thinks is part of
    it (PolNeAR rarely annotates such nested attributions)."""
    contents = [(id(f), r) for f in found for r in f.content]
    return [
        f
        for f in found
        if not any(key != id(f) and s <= f.cue[0].idx < e for key, (s, e) in contents)
    ]


def _ext(doc: Doc, name: str) -> list[dict[str, Any]]:
    return (getattr(doc._, name, None) or []) if Doc.has_extension(name) else []


class _Links:
    """What the earlier components set that claims link to (each may be absent)."""

    def __init__(self, doc: Doc, lexicon: ClaimLexicon) -> None:
        self.mentions = Mentions(_ext(doc, "dossier_entities"))
        self.timexes = _ext(doc, "dossier_timexes")
        self.figures = _ext(doc, "dossier_figures")
        self.documents = lexicon.sources


MAX_CONTINUATION_GAP = 250  # "“A,” she said, showing off her hat. “B.”"


def _continue_quotes(doc: Doc, found: list[Found], quotes: Sequence[Range]) -> None:
    """A quotation after a direct claim in the same paragraph, claimed by no cue and with no
    cue between them, continues it: "“A,” he said. “B.”"."""
    text = text_of(doc)
    claimed = {
        q for f in found for q in quotes if any(s <= q[0] and q[1] <= e for s, e in f.content)
    }
    cues = [f.cue[0].idx for f in found]
    for f in found:
        if f.content[-1] not in quotes:
            continue
        anchor = max(
            f.content[-1][1],
            f.cue[-1].idx + len(f.cue[-1].text),
            f.source.end_char if f.source is not None else 0,
        )
        for q in quotes:
            if q[0] < anchor:
                continue
            gap = text[anchor : q[0]]
            if q in claimed or "\n" in gap or len(gap) > MAX_CONTINUATION_GAP:
                break
            if any(anchor <= cue <= q[0] for cue in cues):
                break  # another cue between them: the quotation is its own
            f.content.append(q)
            claimed.add(q)
            anchor = q[1]


WORD = re.compile(r"\w+")
MIN_REPEATED_WORDS = 5  # "“Yes,” he said ... “Yes,” she said" are two claims


def _dedupe(doc: Doc, found: list[Found]) -> list[Found]:
    """One claim per cue, and one per repeated quotation (a pull-quote repeating the body)."""
    out: list[Found] = []
    seen_cue: set[int] = set()
    seen_text: dict[tuple[bool, str], int] = {}
    for f in found:
        head = f.cue[0].i
        if head in seen_cue:
            continue
        text = text_of(doc)
        words = " ".join(WORD.findall(" ".join(text[s:e] for s, e in f.content).lower()))
        key = (f.cls == "deny", words)  # a claim and its denial are two claims
        if len(words.split()) >= MIN_REPEATED_WORDS and key in seen_text:
            other = out[seen_text[key]]
            if other.source is None and f.source is not None:
                out[seen_text[key]] = f
            continue
        seen_cue.add(head)
        seen_text[key] = len(out)
        out.append(f)
    return out


def _chars(tokens: Sequence[Token]) -> list[Range]:
    ranges: list[Range] = []
    for t in sorted(tokens, key=lambda t: t.i):
        s, e = t.idx, t.idx + len(t.text)
        if ranges and text_of(t.doc)[ranges[-1][1] : s].strip() == "":
            ranges[-1] = (ranges[-1][0], e)
        else:
            ranges.append((s, e))
    return ranges


def span_part(text: str, ranges: list[Range]) -> dict[str, Any]:
    """A cue or content as a record span, with its pieces when it is in several."""
    start, end = ranges[0][0], ranges[-1][1]
    out: dict[str, Any] = {"text": text[start:end], "start": start, "end": end}
    if len(ranges) > 1:
        out["parts"] = [list(r) for r in ranges]
    return out


def _kind(text: str, content: list[Range], quotes: Sequence[Range]) -> str:
    inside = [q for q in quotes if any(s <= q[0] and q[1] <= e for s, e in content)]
    if inside and all(r in quotes or any(q == r for q in inside) for r in content):
        return "direct"
    return "mixed" if inside else "indirect"


def _modality(f: Found, lexicon: ClaimLexicon) -> str:
    verb = cue_verb(f.cue)
    if f.cls == "deny":
        return "denied"
    if verb is not None:
        words = {c.lower_ for c in verb.children if c.dep_ in ("advmod", "aux", "neg")}
        if words & lexicon.hedges or verb.lemma_.lower() in lexicon.hedges:
            return (
                "hedged"  # "reportedly said", and cues that keep the outlet's distance: "claimed"
            )
        if (
            verb.tag_ == "VBN"
            and any(c.dep_ == "auxpass" for c in verb.children)
            and (verb.lemma_ in ("believe", "think", "say", "report", "allege", "expect"))
        ):
            return "hedged"  # "is believed to", "is said to"
    doc = f.cue[0].doc
    for s, e in f.content[:1]:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        aux = {c.lower_ for c in root.children if c.dep_ in ("aux", "advmod")}
        if "have" not in aux:  # "said the troops would stay" is a reported future, but
            aux.discard("would")  # "would have recruited" reports without vouching
        if aux & lexicon.hedges:
            return "hedged"
    return "asserted"


def _record(
    doc: Doc, f: Found, lexicon: ClaimLexicon, quotes: Sequence[Range], links: _Links
) -> dict[str, Any]:
    text = text_of(doc)
    cue_ranges = _chars(f.cue)
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(text)
    head = cue_verb(f.cue)
    if head is None:
        head = f.cue[0] if f.cue[0].pos_ in ("VERB", "AUX") else f.cue[-1]
    source = None
    if f.source is not None:
        source = {
            "text": f.source.text,
            "start": f.source.start_char,
            "end": f.source.end_char,
            "entity": source_entity(f.source, head, links.mentions, links.documents, f.content),
            **source_traits(f.source, head, f.content, links.documents),
            "via": None,
        }
        if f.via is not None:
            source["via"] = {"text": f.via.text, "start": f.via.start_char, "end": f.via.end_char}
    record: dict[str, Any] = {
        "id": stable_id("clm", doc_id, cue_ranges[0][0], f.content[0][0]),
        "kind": _kind(text, f.content, quotes),
        "source": source,
        "cue": span_part(text, cue_ranges),
        "content": span_part(text, f.content),
        "modality": _modality(f, lexicon),
        "time": clause_time(head, f.content, links.timexes),
        "place": clause_place(head, f.content, links.mentions),
        "figures": [],
    }
    if source is not None:  # only claims with a source become records that figures can name
        link_figures(record, f.content, links.figures)
    return record


def claim_records(claims: Iterable[dict[str, Any]]) -> list[Claim]:
    """``Claim`` records from the component's dicts: those with a source (a claim whose
    source the text does not give, "it is expected that ...", stays out of the records)."""
    out = []
    for claim in claims:
        if not claim.get("source"):
            continue
        fields = {k: v for k, v in claim.items() if k in Claim.model_fields}
        fields["cue"] = {k: v for k, v in claim["cue"].items() if k != "parts"}
        fields["content"] = {k: v for k, v in claim["content"].items() if k != "parts"}
        out.append(Claim.model_validate(fields))
    return out


@Language.factory("dossier_claims")
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    return ClaimsComponent(nlp)


class ClaimsComponent:
    """Thin spaCy component: stores ``find_claims`` on ``doc._.dossier_claims`` (as dicts);
    the claims whose source the text does not give go to ``doc._.dossier_claims_unsourced``
    (scored, but not records)."""

    def __init__(self, nlp: Language) -> None:
        for name in ("dossier_claims", "dossier_claims_unsourced"):
            if not Doc.has_extension(name):
                Doc.set_extension(name, default=None)
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        with component_errors(doc, "dossier_claims"):
            claims = find_claims(doc, self.lexicon)
            # what later components (events) may point at are the claims that become records
            doc._.dossier_claims = [c for c in claims if c["source"]]
            doc._.dossier_claims_unsourced = [c for c in claims if not c["source"]]
        return doc
