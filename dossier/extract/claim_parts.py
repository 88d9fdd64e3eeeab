"""The parts of a claim, read from the parse: the claim lexicon, a claim being built
(:class:`Found`), content spans, sources, cue tokens and the content a cue verb takes
(:func:`verb_claim`). ``claims`` finds claims with these and ``claim_forms``; the rules are
described there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from dossier.resources import read_lines, read_tsv

Range = tuple[int, int]
CLAUSES = ("ccomp", "csubj")
FIRST_PERSON = {"i", "we", "you", "me", "us"}
PUNCT_EDGE = set(",.;:—–-()[]") | {"--", "..."}
OPEN_QUOTES = {*'“‘"', "''", "``"}
CLOSE_QUOTES = {*'”’"', "''"}


@dataclass(frozen=True)
class CueVerb:
    cls: str
    takes: frozenset[str]


@dataclass(frozen=True)
class ClaimLexicon:
    verbs: dict[str, CueVerb]
    hedges: frozenset[str]
    sources: dict[str, str]
    adjectives: dict[str, CueVerb] = field(default_factory=dict)
    channels: dict[str, frozenset[str]] = field(default_factory=dict)

    def words(self, kind: str) -> frozenset[str]:
        """The words of ``claim_channels.tsv`` of one kind ("by", "tell", "medium" ...)."""
        return self.channels.get(kind, frozenset())


@cache
def load_lexicon() -> ClaimLexicon:
    """The cue, hedge, source and channel lexicons shipped in ``dossier/resources``."""
    verbs = _cue_table("claim_cues.tsv")
    hedges = frozenset(line.lower() for line in read_lines("claim_hedges.txt"))
    sources = {r["lemma"].lower(): r["kind"] for r in read_tsv("claim_sources.tsv")}
    adjectives = _cue_table("claim_adjectives.tsv")
    channels: dict[str, set[str]] = {}
    for row in read_tsv("claim_channels.tsv"):
        channels.setdefault(row["kind"].strip(), set()).add(row["word"].strip().lower())
    return ClaimLexicon(
        verbs=verbs,
        hedges=hedges,
        sources=sources,
        adjectives=adjectives,
        channels={k: frozenset(v) for k, v in channels.items()},
    )


def _cue_table(name: str) -> dict[str, CueVerb]:
    verbs: dict[str, CueVerb] = {}
    for row in read_tsv(name):
        takes = {t for t in row["takes"].replace("|", " ").split() if t}
        expanded: set[str] = {"c"}
        for item in takes:
            if item.startswith("p:"):
                expanded.add(item)
            else:
                expanded.update(item)
        lemma = row["lemma"].strip().lower()
        if lemma in verbs:
            old = verbs[lemma]
            verbs[lemma] = CueVerb(old.cls, old.takes | frozenset(expanded))
        else:
            verbs[lemma] = CueVerb(row["class"].strip(), frozenset(expanded))
    return verbs


@dataclass
class Found:
    """A claim being built: token-level cue and source, character-level content pieces, and
    the channel the source's words came through (``claim_channels``)."""

    cue: list[Token]
    content: list[Range]
    source: Span | None
    cls: str = "say"
    via: Span | None = None


# ----------------------------------------------------------------------------- spans


def _trim(doc: Doc, start: int, end: int, keep_quotes: bool = True) -> tuple[int, int]:
    """Token range without edge punctuation (quotation marks, and a closing bracket whose
    opening one is inside, kept)."""

    def edge(token: Token, quotes: set[str]) -> bool:
        if token.is_space or token.text in PUNCT_EDGE:
            return True
        return token.is_punct and not (keep_quotes and token.text in quotes)

    while start < end and edge(doc[start], OPEN_QUOTES):
        start += 1
    while end > start and edge(doc[end - 1], CLOSE_QUOTES):
        if doc[end - 1].text == ")" and any(t.text == "(" for t in doc[start : end - 1]):
            break
        end -= 1
    return start, end


def _runs(indices: Iterable[int], doc: Doc) -> list[tuple[int, int]]:
    """Contiguous token runs (a gap of punctuation only does not split a run)."""
    runs: list[list[int]] = []
    for i in sorted(set(indices)):
        if runs and all(doc[k].is_punct or doc[k].is_space for k in range(runs[-1][1] + 1, i)):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [(a, b + 1) for a, b in runs]


def _quote_at(quotes: Sequence[Range], start: int, end: int) -> Range | None:
    """The quotation that the character range starts or ends in, or that it fills."""
    for q in quotes:
        touches = q[0] < start < q[1] or q[0] < end < q[1] or (q[0] <= start and end <= q[1])
        if touches and not (start <= q[0] and q[1] <= end):
            return q
    return None


def content_ranges(doc: Doc, indices: Iterable[int], quotes: Sequence[Range]) -> list[Range]:
    """Character ranges of a content given as tokens: trimmed, each widened to the quotations it
    starts or ends in, merged where they touch."""
    out: list[Range] = []
    for a, b in _runs(indices, doc):
        a, b = _trim(doc, a, b)
        if a >= b:
            continue
        start, end = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
        for _ in range(2):
            q = _quote_at(quotes, start, end)
            if q is None:
                break
            start, end = min(start, q[0]), max(end, q[1])
        # an opening mark right before the range, and its closing mark right after it
        out.append((start, end))
    return _merge(out, text_of(doc))


def _merge(ranges: list[Range], text: str) -> list[Range]:
    merged: list[Range] = []
    for s, e in sorted(ranges):
        if merged and (s <= merged[-1][1] or not text[merged[-1][1] : s].strip(" ,")):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _span_of(doc: Doc, tokens: Iterable[Token], exclude: set[int] = frozenset()) -> Span | None:
    idx = [t.i for t in tokens if t.i not in exclude]
    if not idx:
        return None
    a, b = _trim(doc, min(idx), max(idx) + 1, keep_quotes=False)
    return doc[a:b] if a < b else None


# ----------------------------------------------------------------------------- sources


def subject_of(verb: Token) -> Span | None:
    """The source of a cue verb: its subject (or agent), else the subject it shares with the
    verb it is coordinated with or hangs on as a participle or infinitive."""
    seen = 0
    token = verb
    while token is not None and seen < 6:
        seen += 1
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "csubj")), None)
        passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and subj is None:
            agent = next((c for c in token.children if c.dep_ == "agent"), None)
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            return _source_span(pobj) if pobj is not None else None
        if subj is not None:
            if subj.lower_ in ("there", "what") or subj.dep_ == "csubj":
                return None
            return _source_span(subj)
        if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
            head = token.head
            return _span_of(head.doc, head.subtree, {t.i for t in token.subtree})
        if token.dep_ in ("conj", "xcomp") or (
            token.dep_ in ("advcl", "acl") and token.tag_ == "VBG"
        ):
            if token in _coordinated_cues(token.head):
                token = token.head  # "said it was opposed and warned ...": "said" is the verb
            elif _issued(token) is not None:
                token = token.head  # "The ministry issued a statement saying ...": the issuer
            token = token.head
            continue
        return None
    return None


def _issued(participle: Token) -> Token | None:
    """The verb that issued the document a participial cue hangs on ("released a video
    showing ...", "issued a statement saying ..."), or None."""
    noun = participle.head
    if participle.dep_ != "acl" or participle.tag_ != "VBG" or noun.dep_ != "dobj":
        return None
    if load_lexicon().sources.get(noun.lemma_.lower()) != "document":
        return None
    return noun.head if noun.head.pos_ == "VERB" else None


def _coordinated_cues(clause: Token) -> list[Token]:
    """Cue verbs coordinated with the verb of a cue's clause but sharing the cue's subject: the
    parser reads "China said it was opposed to the test and warned North Korea ..." as if "warned"
    were part of what China said; it is a claim of its own."""
    if clause.dep_ not in CLAUSES:
        return []
    verbs = load_lexicon().verbs
    return [
        c
        for c in clause.children
        if c.dep_ == "conj"
        and c.pos_ == "VERB"
        and c.lemma_.lower() in verbs
        and clause.head.lemma_.lower() in verbs
        and not any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
    ]


CONTRAST = {"while", "whereas", "but", "although", "though"}


def _contrasted_cues(clause: Token) -> list[Token]:
    """Cue verbs with a subject of their own set against a cue's clause: in "Police said two
    men were held, while a spokesman for the group said none of its members was involved" the
    spokesman's claim is not part of what the police said."""
    verbs = load_lexicon().verbs
    return [
        t
        for t in clause.subtree
        if t.i > clause.i
        and t.dep_ in ("advcl", "conj")
        and t.pos_ == "VERB"
        and t.lemma_.lower() in verbs
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        and any(
            c.lower_ in CONTRAST and c.dep_ in ("mark", "cc")
            for c in (*t.children, *(s for s in t.head.children if s.i < t.i))
        )
    ]


def _with_cc(conj: Token) -> list[Token]:
    """A coordinated verb's subtree with the conjunction (and comma) that joins it."""
    doc = conj.doc
    start = conj.left_edge.i
    while start > 0 and doc[start - 1].dep_ in ("cc", "punct") and doc[start - 1].head == conj.head:
        start -= 1
    return list(doc[start : conj.right_edge.i + 1])


def _source_span(token: Token) -> Span | None:
    doc = token.doc
    # a subject keeps its relative clause ("Chris Cox, who runs the NRA's lobbying arm,"),
    # an object of "by" or "according to" does not
    relcl = () if token.dep_ == "nsubj" else ("relcl",)
    exclude = {t.i for c in token.children if c.dep_ in relcl for t in c.subtree}
    exclude |= {c.i for c in token.children if c.dep_ == "punct" and c.i > token.i}
    # an age and what follows it are not part of the name ("Mona Lamberson, 59, of ...")
    age = next((c for c in token.children if c.dep_ in ("appos", "amod") and c.like_num), None)
    if age is not None and age.i > token.i:
        exclude |= {t.i for t in token.subtree if t.i >= age.i}
    span = _span_of(doc, token.subtree, exclude)
    if span is None:
        return None
    # a dateline or a time stamp run into the sentence ("RENO, Nev. (AP) — Trump", "2:15 p.m.")
    cut = max(
        (t.i for t in span if t.is_space or (t.text in ("—", "–", "--") and t.i < token.i)),
        default=None,
    )
    if cut is not None and cut + 1 <= token.i:
        span = doc[cut + 1 : span.end]
    # "Jeff Sessions, a Trump supporter," keeps the comma that closes its apposition
    if span.end < len(doc) and doc[span.end].text == "," and any(t.text == "," for t in span):
        span = doc[span.start : span.end + 1]
    return span


# ----------------------------------------------------------------------- cues and contents


def _cue_tokens(verb: Token) -> list[Token]:
    """The cue verb with what PolNeAR-style annotation counts as part of it: auxiliaries,
    negation, adjacent adverbs ("also said", "said sarcastically"), a particle ("pointed out"),
    a predicative adjective ("is confident") and a colon right after it ("said:")."""
    doc = verb.doc
    tokens = [verb]
    for child in verb.children:
        before = child.dep_ in ("aux", "auxpass", "neg") and 0 < verb.i - child.i <= 3
        after = child.dep_ in ("prt", "acomp") and child.i == verb.i + 1
        adverb = child.dep_ == "advmod" and abs(child.i - verb.i) == 1 and child.is_alpha
        if before or after or adverb:
            tokens.append(child)
    if tokens[1:]:  # adverbs between an auxiliary and the verb ("has also said")
        first = min(t.i for t in tokens)
        tokens.extend(t for t in doc[first : verb.i] if t.dep_ in ("advmod", "neg") and t.is_alpha)
    last = max(t.i for t in tokens)
    if last + 1 < len(doc) and doc[last + 1].text == ":":
        tokens.append(doc[last + 1])
    issuer = _issued(verb)
    if issuer is not None:  # "issued a statement saying": the whole phrase is the cue
        tokens.extend(doc[issuer.i : verb.i])
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i < verb.i:
        head = verb.head
        if head.lemma_ in CHAIN_VERBS:
            tokens.extend(t for t in verb.doc[head.i : verb.i])
    return sorted(set(tokens), key=lambda t: t.i)


OBJECT_PREPOSITIONS = {"on", "for", "as", "to", "of", "with", "about", "over", "against", "from"}
CUE_PREPOSITIONS = {"to", "for", "about", "on", "of", "as", "with", "against", "over", "by"}


def _content_tokens(verb: Token, entry: CueVerb) -> tuple[list[int], str, list[Token]]:
    """Token indices of the content a cue verb takes, which complement it is, and any
    preposition that joins the cue ("referred to")."""
    start, end = paragraph_of(verb)
    children = [c for c in verb.children if start <= c.idx < end]
    # "Sanders is seen as empowering voters": a passive's subject is part of what is said
    raised = [
        t.i
        for c in children
        if c.dep_ == "nsubjpass" and verb.lemma_.lower() in RAISED_PASSIVES
        for t in c.subtree
    ]
    # of two clauses, the one after the verb ("In his letter, the contents of which were
    # released today, Tamura said a survey showed ...": the parser hangs both on "said")
    clauses = sorted((c for c in children if c.dep_ in CLAUSES), key=lambda c: c.i < verb.i)
    if clauses:
        own = {t.i for c in _coordinated_cues(clauses[0]) for t in _with_cc(c)}
        own |= {t.i for c in _contrasted_cues(clauses[0]) for t in _with_cc(c)}
        return [t.i for t in clauses[0].subtree if t.i not in own], "c", []
    for child in children:  # "asked whether ...", "wondered if ..."
        if child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in child.children
        ):
            return [t.i for t in child.subtree], "c", []
    found = _medium_clause(children)
    if found is not None:
        return found
    for child in children:
        taken = child.dep_ == "prep" and f"p:{child.lower_}" in entry.takes
        if taken or (
            child.dep_ == "prep"
            and child.i == verb.i + 1
            and child.lower_ in CUE_PREPOSITIONS
            and not any(c.ent_type_ in ("DATE", "TIME") for c in child.children)  # "said on Friday"
            and not any(c.dep_ == "dobj" for c in children)
            and not any(t.startswith("p:") for t in entry.takes)  # "spoke to reporters"
        ):
            pobj = [t.i for c in child.children if c.dep_ in ("pobj", "pcomp") for t in c.subtree]
            # "called on foreign governments to cut off fuel": the infinitive too
            then = [t.i for c in children if c.dep_ == "xcomp" and c.i > child.i for t in c.subtree]
            if pobj:
                return pobj + then + raised, "p", [child]
        if child.dep_ == "prt" and f"p:{child.lower_}" in entry.takes:
            dobj = [c for c in children if c.dep_ in ("dobj", "ccomp")]
            if dobj:
                return [t.i for d in dobj for t in d.subtree], "p", []
    if verb.lemma_.lower() in RAISING and not any(c.dep_ == "xcomp" for c in children):
        # "New Hampshire seems stable": the predicate is what seems so
        for child in children:
            if child.dep_ in ("acomp", "oprd", "attr") and child.i > verb.i:
                return [t.i for t in child.subtree], "x", []
    passive = any(c.dep_ == "nsubjpass" for c in children)
    for child in children:
        # "wants to ...", "is expected to ...", and a gerund after a verb of speech, evidence
        # or denial ("witnesses reported hearing blasts", "denied hitting homes")
        gerund = child.tag_ == "VBG" and entry.cls in ("say", "show", "deny")
        if child.dep_ == "xcomp" and ("x" in entry.takes or passive or gerund):
            tokens = [t.i for t in child.subtree]
            tokens += raised  # "Trump is expected to win": the subject is said too
            # "urged the military to stop attacks": who is urged is part of it
            tokens += [
                t.i for c in children if c.dep_ == "dobj" and c.i < child.i for t in c.subtree
            ]
            return tokens, "x", []
    if "o" in entry.takes:
        for child in children:
            if child.dep_ == "dobj":
                tokens = [t.i for t in child.subtree]
                # the object's own complement ("urged them to act", "blamed the law on
                # Democrats", "hailed the vote as fantastic")
                tokens += [
                    t.i
                    for c in children
                    if c.i > child.i
                    and (
                        c.dep_ in ("xcomp", "oprd")
                        or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS)
                    )
                    for t in c.subtree
                ]
                return tokens, "o", []
    agent = next((c for c in children if c.dep_ == "agent"), None)
    passive = [c for c in children if c.dep_ == "nsubjpass"]
    if agent is not None and passive:  # "the meeting was first reported by Politico"
        return [t.i for c in passive for t in c.subtree], "a", [agent]
    return [], "", []


MEDIA_PREPOSITIONS = {"in", "on", "during", "at", "through", "via", "over"}


def _medium_clause(children: Sequence[Token]) -> tuple[list[int], str, list[Token]] | None:
    """A clause hung on the medium of a cue rather than on the verb ("said in a statement
    that ...", "wrote on Twitter that ...", "said in an interview she gave to the BBC that ..."):
    the clause is the content, the medium joins the cue."""
    for child in children:
        if child.dep_ != "prep" or child.lower_ not in MEDIA_PREPOSITIONS:
            continue
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            for clause in pobj.children:
                if clause.dep_ == "relcl" and not _complete_clause(clause):
                    # the clause describes the medium; what was said may hang on it
                    clause = next((c for c in clause.children if _that_clause(c)), clause)
                if clause.dep_ in ("acl", "ccomp", "relcl") and _complete_clause(clause):
                    own = {t.i for t in clause.subtree}
                    joined = [t for t in child.subtree if t.i not in own and t.i < clause.i]
                    return sorted(own), "c", joined
    return None


def _complete_clause(clause: Token) -> bool:
    """A clause said in a medium, not one describing it: "in a statement that ...", or with no
    "that" a clause with a subject and its object in place ("in a statement it had fired
    rockets"), not one with a gap ("in an interview he gave on Sunday")."""
    children = list(clause.children)
    if _that_clause(clause):
        return True
    if any(c.tag_ in ("WDT", "WP", "WRB") for c in children):
        return False
    return any(c.dep_ == "nsubj" for c in children) and any(
        c.dep_ in ("dobj", "attr", "acomp") for c in children
    )


def _that_clause(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _clause_before(verb: Token) -> list[int]:
    """The sentence before "..., the agency said (on Thursday)." where the parser did not hang
    it on the cue: the cue and its subject close the sentence after a comma."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    sent = verb.sent
    if subject is None or subject.i > verb.i or subject.left_edge.i - 1 <= sent.start:
        return []
    doc = verb.doc
    comma = doc[subject.left_edge.i - 1]
    if comma.text != "," or any(not t.is_punct for t in doc[verb.right_edge.i + 1 : sent.end]):
        return []
    clause = doc[sent.start : comma.i]
    # a statement ("An air strike ... killed 22 people"), not an opening phrase or clause ("In
    # one tweet Friday, she said", "While serving in the House, he voted")
    if clause[0].pos_ not in ("DET", "PROPN", "NOUN", "NUM", "PRON", "ADJ"):
        return []
    finite = ("VBD", "VBZ", "VBP", "MD")
    if not any(
        t.tag_ in finite or (t.tag_ == "VBN" and any(c.dep_ == "dobj" for c in t.children))
        for t in clause
    ):  # (a past tense the tagger read as a participle still takes its object)
        return []
    return list(range(sent.start, comma.i))


def _as_clause(verb: Token) -> list[int]:
    """The clause an "as" cue comments on: "As the Times noted, Clinton raised $1 million"."""
    head = verb.head
    if verb.dep_ != "advcl" or head.i == verb.i or head.i < verb.i:
        return []
    if not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return []
    own = {t.i for t in verb.subtree}
    return [t.i for t in head.subtree if t.i not in own]


def verb_claim(verb: Token, entry: CueVerb, quotes: Sequence[Range]) -> Found | None:
    """The claim a cue verb makes, or None when it has no content."""
    doc = verb.doc
    if _asks_anonymity(verb):
        return None
    indices, _, joined = _content_tokens(verb, entry)
    if not indices and verb.dep_ == "parataxis" and verb.head.i != verb.i:
        # a parenthetical cue: "The economy, he said, is strong"
        own = {t.i for t in verb.subtree}
        indices = [t.i for t in verb.head.subtree if t.i not in own]
    if not indices:
        indices = _as_clause(verb)
    indices = _without_remarks(_without_other_cues(verb, _in_paragraph(verb, indices)), doc)
    content = content_ranges(doc, indices, quotes) if indices else []
    adjacent = adjacent_quotes(verb, quotes)
    if not content:
        content = adjacent
    elif adjacent and all(r in quotes for r in content):
        content = _merge([*content, *adjacent], text_of(doc))
    if not content and entry.cls == "say":
        before = _clause_before(verb)
        content = content_ranges(doc, before, quotes) if before else []
    if not content:
        return None
    cue = _cue_tokens(verb) + joined
    source = subject_of(verb)
    if verb.lemma_.lower() in RAISING and source is not None and source.root.head == verb:
        # "Mr. Clinton does not seem to relish the fight": the subject is what is said
        content = content_ranges(doc, [*range(source.start, source.end), *indices], quotes)
        source = None
    if entry.cls in ("think", "want") and source is not None and source.root.lower_ in FIRST_PERSON:
        return None  # "I think", "we want": a speaker's stance, not an attribution
    if source is not None and not _same_paragraph(source, verb):
        source = None
    if source is not None and any(
        s <= source.start_char and source.end_char <= e for s, e in content
    ):
        source = None
    return Found(cue=cue, content=content, source=source, cls=entry.cls)


def _asks_anonymity(verb: Token) -> bool:
    """ "(who) asked not to be named", "declined to be identified": what the article says about
    an unnamed source, not a claim."""
    return any(
        c.dep_ == "xcomp"
        and c.lemma_ in ("name", "identify")
        and any(a.dep_ == "auxpass" for a in c.children)
        for c in verb.children
    )


def _same_paragraph(span: Span, token: Token) -> bool:
    start, end = paragraph_of(token)
    return start <= span.start_char and span.end_char <= end


def paragraph_of(token: Token) -> Range:
    """The character range of the paragraph (text between line breaks) a token is in."""
    text = text_of(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return start, len(text) if end < 0 else end


def _in_paragraph(verb: Token, indices: list[int]) -> list[int]:
    """Content tokens in the cue's paragraph: the parser sometimes runs a sentence on over a
    paragraph break, and a quotation above is not the content of a cue below it."""
    start, end = paragraph_of(verb)
    doc = verb.doc
    return [i for i in indices if start <= doc[i].idx < end]


def _without_other_cues(verb: Token, indices: list[int]) -> list[int]:
    """Content tokens without participial cues that make claims of their own ("..., telling
    reporters that ...", "... and questioning how ...")."""
    if not indices:
        return indices
    doc = verb.doc
    keep = set(indices)
    for i in indices:
        token = doc[i]
        if (
            token.tag_ == "VBG"
            and token.dep_ in ("advcl", "conj")
            and token.i > verb.i
            and token.head.i in keep
            and token.head.i != token.i
            and token.i != min(indices)
            and doc[token.i - 1].text in (",", "and")
        ):
            keep -= {t.i for t in token.subtree}
    return sorted(keep)


VERIFY = {"verify", "confirm", "corroborate"}
EVIDENCE = {"evidence", "proof", "detail", "substantiation"}


def _remark(token: Token) -> bool:
    """The outlet's remark on what was said: "..., though the figure could not be verified",
    "..., without providing evidence"."""
    if token.dep_ in ("advcl", "conj") and token.lemma_ in VERIFY:
        return any(c.dep_ == "neg" for c in token.children)
    if token.dep_ == "prep" and token.lower_ == "without":
        return any(t.lemma_ in EVIDENCE for t in token.subtree)
    return False


def _without_remarks(indices: list[int], doc: Doc) -> list[int]:
    """Content tokens without the outlet's remarks on them (``_remark``)."""
    keep = set(indices)
    for i in indices:
        token = doc[i]
        if _remark(token) and i != min(indices):
            remark = {t.i for t in token.subtree}
            start = min(remark)
            while start - 1 in keep and doc[start - 1].dep_ in ("punct", "cc"):
                start -= 1
                remark.add(start)
            keep -= remark
    return sorted(keep)


MAX_GAP = 100  # characters between a quotation and the cue after it ("”, the memo states")


def adjacent_quotes(verb: Token, quotes: Sequence[Range]) -> list[Range]:
    """Quotations that a cue verb introduces or follows: "“...,” he said", "he said: “...”",
    "“...,” he said, “...”" (both pieces)."""
    text = text_of(verb.doc)
    start, end = verb.idx, verb.idx + len(verb.text)
    out = []
    before = [q for q in quotes if q[1] <= start]
    if before:
        q = before[-1]
        gap = text[q[1] : start]
        closed = text[q[1] - 2 : q[1] - 1] == "."  # “... state.” Cruz says, “...”
        if len(gap) <= MAX_GAP and "\n" not in gap and not _ends_sentence(gap) and not closed:
            out.append(q)
    after = [q for q in quotes if q[0] >= end]
    if after:
        q = after[0]
        gap = text[end : q[0]]
        bare = ABBREVIATION.sub("", gap)
        closed = any(mark in bare for mark in ".!?") or ("\n" in gap and ":" not in gap)
        if not closed and len(gap) <= 60 and (not gap.strip() or gap.rstrip()[-1] in ",:"):
            out.append(q)
    return out


def _ends_sentence(gap: str) -> bool:
    """Whether the text between a quotation and a cue closes a sentence ("”. He said").

    >>> _ends_sentence(". He "), _ends_sentence(" Mr. Coleman "), _ends_sentence(" the senator ")
    (True, False, False)
    """
    stripped = gap.strip()
    return stripped[:1] in (".", "!", "?") or ". " in ABBREVIATION.sub("", gap)


# a title before a name, whose full stop ends no sentence ("”, Mr. Coleman said")
ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|St|Jr|Sr|Prof|Rev)\. "
)


# ------------------------------------------------------------------------ text and verb chains


TEXT_KEY = "dossier.claims.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, kept while claims are found (spaCy joins the tokens at every call)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
    return text


RAISING = {"seem", "appear"}


# passives whose subject is part of what is said ("X is expected to", "X is seen as"), unlike
# those whose subject is who was addressed ("X was asked to", "X was urged to")
RAISED_PASSIVES = {
    "expect",
    "see",
    "believe",
    "say",
    "report",
    "consider",
    "think",
    "know",
    "view",
    "deem",
    "predict",
    "project",
    "estimate",
    "remember",
    "describe",
    "regard",
    "rumor",
    "rumour",
    "allege",
    "portray",
    "perceive",
    "characterize",
    "label",
    "brand",
    "interpret",
}
CHAIN_VERBS = {"go", "continue", "begin", "start", *RAISING}


def _chained(verb: Token, lexicon: ClaimLexicon) -> bool:
    """A chain verb whose infinitive is a cue of its own ("seemed to mock", "went on to say"):
    the infinitive makes the claim, the chain verb is part of its cue."""
    if verb.lemma_.lower() not in CHAIN_VERBS:
        return False
    return any(
        c.dep_ == "xcomp" and c.i > verb.i and c.lemma_.lower() in lexicon.verbs and _to(c)
        for c in verb.children
    )


def _to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _infinitive(token: Token) -> bool:
    """An infinitive ("to say") that is not part of a cue chain ("went on to say")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    return not (token.dep_ == "xcomp" and token.head.lemma_ in CHAIN_VERBS)


def _inside(offset: int, quotes: Sequence[Range]) -> bool:
    return any(q[0] < offset < q[1] for q in quotes)
