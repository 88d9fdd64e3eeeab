"""Claims (who says what) in Spanish, French, Russian, Ukrainian and Portuguese.

Rules over tokens and lemmas, with the dependency parse where the language's base has a
trustworthy one (``use_parse`` in ``resources/lang/<code>/claims.json``: Spanish, French).
The lexicon of each language (``claims.json``) gives its reporting verbs by lemma (class
``say``, ``deny`` or ``hedge``), complementizers, source markers ("según", "по данным"),
hedges, negations, unnamed-source nouns, anonymity phrases, channel phrases ("citado por",
"со ссылкой на"), media words, quote marks and whether paragraphs opening with a dash are
dialogue (Russian, Ukrainian).

The forms found, in this order:

- **marker** claims: "Según el ministerio, 30 personas murieron", "Погибли 30 человек, по данным
  МЧС", "como informó la policía, ...": the cue is the marker (and its verb), the source what
  follows it up to a comma, the content the rest of the sentence;
- **direct** claims: a quotation ("«...»", "“...”", a dialogue-dash speech) signed by a reporting
  verb next to it ("..., dijo X", "«...», — заявил он", "X declaró: «...»"); a quotation split
  by its cue continues the claim ("“A”, dijo X, “B”");
- **indirect** claims: a reporting verb with its "que"/"что"/"що" clause (the content runs to
  the end of the sentence, or to a coordinated second cue: "dijo que A y añadió que B" gives two
  claims);
- a reporting verb after a comma that closes the sentence ("Murieron 30 personas, informó la
  policía"), and "Об этом сообщил X" / "Así lo informó X" (the content is the sentence before).

The source is the verb's subject (parse), else the words before the verb back to a clause
boundary, else those after it; a verb with no subject of its own takes the source of the claim
before it in the paragraph ("Añadió que ..."). A source resolves to the entity whose mention
overlaps it (a person first); a pronoun ("él", "он") to the nearest person mentioned before it.
Cues inside quotations, negated cues ("no dijo") and infinitives make no claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from dossier.extract.claims import span_part
from dossier.lang.data import lang_json
from dossier.model import content_hash, stable_id

Range = tuple[int, int]
LANGUAGES = ("es", "fr", "ru", "uk", "pt")
MAX_WINDOW = 10  # tokens a source read from a window may have
MAX_COMP_GAP = 10  # tokens between a cue verb and its complementizer
MAX_SHARE_SENTENCES = 3  # how far back a cue with no subject looks for its source
MAX_MARKER_SOURCE = 15  # tokens between a marker and the comma that ends its source
DASHES = "—–―"
PUNCT_BETWEEN = set(",:—–―-") | {"--"}
NOT_CUE_POS = ("NOUN", "ADJ", "DET", "ADP", "NUM")
QUOTE_MARKS = set('«»“”„"')
NON_MEDIA = {"entrevista", "entretien", "interview", "интервью", "інтерв'ю"}


def norm(text: str) -> str:
    """Lower case, ё as е, typographic apostrophes as '."""
    return text.lower().replace("ё", "е").replace("’", "'")


@dataclass(frozen=True)
class Lexicon:
    """One language's claim words (``resources/lang/<code>/claims.json``)."""

    lang: str
    use_parse: bool
    use_pos: bool
    reject_participles: bool
    verbs: dict[str, str]
    forms: dict[str, str]
    complementizers: frozenset[str]
    hedge_complementizers: frozenset[str]
    markers: tuple[str, ...]
    strict_markers: frozenset[str]
    verb_markers: frozenset[str]
    hedges: tuple[str, ...]
    hedge_aux: frozenset[str]
    participle: re.Pattern[str] | None
    negations: frozenset[str]
    unnamed: frozenset[str]
    anonymity: re.Pattern[str] | None
    pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    quotes: tuple[tuple[str, str], ...]
    dialogue_dash: bool
    skip: frozenset[str]
    lead_skip: frozenset[str]
    stops: frozenset[str]
    relatives: frozenset[str]
    post_stops: frozenset[str]
    conjunctions: frozenset[str]
    channels: tuple[tuple[str, str], ...]
    media: frozenset[str]
    media_preps: frozenset[str]
    locative: frozenset[str]
    anaphoric: tuple[str, ...]
    parenthetical: frozenset[str]
    phrase_res: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)


def _set(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(norm(w) for w in data.get(key, []))


def _phrases(words: Sequence[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``words`` as whole words in normalised text, longest first."""
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted({norm(w) for w in words}, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alts})(?![\w])")


@cache
def load_lexicon(lang: str) -> Lexicon | None:
    """The claim lexicon of ``lang`` (None when the language has none: German, English)."""
    data = lang_json(lang, "claims.json")
    if not data:
        return None
    anonymity = data.get("anonymity") or []
    participle = data.get("participle") or ""
    lex = Lexicon(
        lang=lang,
        use_parse=bool(data.get("use_parse")),
        use_pos=bool(data.get("use_pos")),
        reject_participles=bool(data.get("reject_participles")),
        verbs={norm(k): v for k, v in data["verbs"].items()},
        forms={norm(k): norm(v) for k, v in data.get("forms", {}).items()},
        complementizers=_set(data, "complementizers"),
        hedge_complementizers=_set(data, "hedge_complementizers"),
        markers=tuple(norm(m) for m in data.get("markers", [])),
        strict_markers=_set(data, "strict_markers"),
        verb_markers=_set(data, "verb_markers"),
        hedges=tuple(norm(h) for h in data.get("hedges", [])),
        hedge_aux=_set(data, "hedge_aux"),
        participle=re.compile(participle) if participle else None,
        negations=_set(data, "negations"),
        unnamed=_set(data, "unnamed"),
        anonymity=re.compile("|".join(anonymity), re.IGNORECASE) if anonymity else None,
        pronouns=_set(data, "pronouns"),
        plural_pronouns=_set(data, "plural_pronouns"),
        quotes=tuple((o, c) for o, c in data.get("quotes", [])),
        dialogue_dash=bool(data.get("dialogue_dash")),
        skip=_set(data, "skip"),
        lead_skip=_set(data, "lead_skip"),
        stops=_set(data, "stops"),
        relatives=_set(data, "relatives"),
        post_stops=_set(data, "post_stops"),
        conjunctions=_set(data, "conjunctions"),
        channels=tuple((norm(c["text"]), c["via"]) for c in data.get("channels", [])),
        media=_set(data, "media"),
        media_preps=_set(data, "media_preps"),
        locative=_set(data, "locative"),
        anaphoric=tuple(norm(a) for a in data.get("anaphoric", [])),
        parenthetical=_set(data, "parenthetical"),
    )
    for key, words in (
        ("markers", lex.markers + tuple(lex.verb_markers)),
        ("hedges", lex.hedges),
        ("channels", tuple(c for c, _ in lex.channels)),
        ("anaphoric", lex.anaphoric),
    ):
        pattern = _phrases(words)
        if pattern is not None:
            lex.phrase_res[key] = pattern
    return lex


# --------------------------------------------------------------------------- quotations


def find_quotes(text: str, pairs: Sequence[tuple[str, str]], dialogue_dash: bool) -> list[Range]:
    """The outermost quotations of ``text`` (marks included) and, with ``dialogue_dash``, the
    speech of paragraphs that open with a dash (dash and the comma before the remark left out).

    >>> t = 'Dijo: «Es "grave"», y se fue. "Sí", dijo.'
    >>> [t[s:e] for s, e in find_quotes(t, [("«", "»"), ('"', '"')], False)]
    ['«Es "grave"»', '"Sí"']
    >>> t = "— Это серьёзно, — сказал он. — Очень."
    >>> [t[s:e] for s, e in find_quotes(t, [("«", "»")], True)]
    ['Это серьёзно', 'Очень.']
    """
    openers = {o: c for o, c in pairs}
    closers = {c for _, c in pairs}
    spans: list[Range] = []
    for p_start, p_end in _paragraphs(text):
        stack: list[tuple[str, int]] = []
        for pos in range(p_start, p_end):
            ch = text[pos]
            if ch not in openers and ch not in closers:
                continue
            if stack and openers[stack[-1][0]] == ch:
                _, start = stack.pop()
                if not stack:
                    spans.append((start, pos + 1))
            elif ch in openers and (ch not in closers or not stack or ch == '"'):
                if ch == '"' and stack and '"' in (s for s, _ in stack):
                    continue
                stack.append((ch, pos))
    if dialogue_dash:
        spans.extend(_dash_speech(text))
    spans.sort()
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def _paragraphs(text: str) -> list[Range]:
    out, start = [], 0
    for match in re.finditer(r"\n", text):
        if match.start() > start:
            out.append((start, match.start()))
        start = match.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


_DASH_OPEN = re.compile(rf"\s*[{DASHES}]\s*")
_DASH_SEP = re.compile(rf"(?<=[,.!?…:])\s+[{DASHES}]\s+")


def _dash_speech(text: str) -> list[Range]:
    """The speech pieces of paragraphs that open with a dash ("— A, — сказал он. — B.")."""
    out = []
    for p_start, p_end in _paragraphs(text):
        opening = _DASH_OPEN.match(text, p_start, p_end)
        if opening is None:
            continue
        pieces, pos = [], opening.end()
        for sep in _DASH_SEP.finditer(text, pos, p_end):
            pieces.append((pos, sep.start()))
            pos = sep.end()
        pieces.append((pos, p_end))
        for start, end in pieces[0::2]:
            while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
                end -= 1
            if end > start:
                out.append((start, end))
    return out


# --------------------------------------------------------------------------- found claims


@dataclass
class Found:
    """A claim before it becomes a record."""

    cue: Range
    content: list[Range]
    form: str  # marker | quote | clause | trailing | anaphoric
    cls: str = "say"
    verb: Token | None = None
    source: Range | None = None
    via: Range | None = None
    hedged: bool = False
    shared: Found | None = None  # the earlier claim whose source this one takes
    record_source: dict[str, Any] | None = None


class _Doc:
    """A document with what the rules read from it."""

    def __init__(self, doc: Doc, lex: Lexicon, entities: Sequence[dict[str, Any]]) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc.text
        lowered = norm(doc.text)
        self.lower = lowered if len(lowered) == len(doc.text) else doc.text
        self.quotes = find_quotes(doc.text, lex.quotes, lex.dialogue_dash)
        self.parse = lex.use_parse and doc.has_annotation("DEP")
        self.pos = doc.has_annotation("POS") and lex.use_pos
        self.mentions = sorted(
            (m["start"], m["end"], e) for e in entities for m in e.get("mentions", [])
        )
        self.ner = bool(entities) or bool(doc.ents)

    def in_quote(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.quotes)

    def key(self, token: Token) -> str:
        return norm(token.text)

    def cue_class(self, token: Token) -> str | None:
        """The class of a reporting verb (say, deny, hedge), None for other tokens."""
        lemma = norm(token.lemma_ or token.text)
        form = self.lex.forms.get(self.key(token), "")
        cls = self.lex.verbs.get(lemma) or self.lex.verbs.get(form)
        if cls is None:
            return None
        if self.pos and token.pos_ in NOT_CUE_POS:
            return None
        if "1" in token.morph.get("Person"):
            return None  # the writer's own "отметим", "digo"
        if self.lex.reject_participles and _participle(token):
            return None  # "переданная", "объяснив, что ...": the clause's own verb signs
        if self.key(token) == lemma and self.key(token) not in self.lex.forms:
            return None  # an infinitive: "se negó a decir", "отказался сообщить"
        return cls


def _participle(token: Token) -> bool:
    """A participle or converb ("переданная", "объяснив"): it signs no quotation of its own."""
    return any(v in ("Part", "Conv", "Ger") for v in token.morph.get("VerbForm"))


def _sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc``, split again at line breaks (a headline or dateline the parser
    ran into the first sentence is a sentence of its own)."""
    sents = (
        list(doc.sents)
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        else [doc[:]]
    )
    out: list[Span] = []
    for sent in sents:
        start = sent.start
        for t in sent:
            if "\n" in t.text or "\n" in t.whitespace_:
                if t.i > start and not t.text.isspace():
                    out.append(doc[start : t.i + 1])
                elif t.i > start:
                    out.append(doc[start : t.i])
                start = t.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if s.text.strip()]


def _strip(text: str, start: int, end: int, chars: str = " \r\n\t.,;:!?…") -> Range:
    while end > start and text[end - 1] in chars:
        end -= 1
    while start < end and text[start] in " \r\n\t,;:":
        start += 1
    return start, end


def _tokens_range(tokens: Sequence[Token]) -> Range | None:
    if not tokens:
        return None
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


# --------------------------------------------------------------------------- sources


def _pre_window(verb: Token, sent: Span, d: _Doc) -> list[Token]:
    """The words before ``verb`` back to a clause boundary (aux and adverbs next to it skipped;
    a clause between commas right before it passed over: "Источник, пожелавший ..., сообщил")."""
    out: list[Token] = []
    k = verb.i - 1
    while k >= sent.start and not out and d.key(d.doc[k]) in d.lex.skip:
        if d.doc[k].text in DASHES or d.doc[k].is_punct:
            break
        k -= 1
    if k > sent.start and d.doc[k].text == ",":
        k = _before_insert(k, sent, d)
    jumped = False
    j = k
    while j >= sent.start:
        t = d.doc[j]
        key = d.key(t)
        inner = (
            t.text in ".-" and not t.whitespace_ and j > sent.start and not d.doc[j - 1].whitespace_
        )
        boundary = (t.is_punct and not inner) or not t.text.strip() or key in d.lex.stops
        boundary = boundary or d.in_quote(t.idx)
        if boundary and not jumped:
            relative = _relative_before(j, sent, d)
            if relative is not None:  # "Fontes que pediram ... disseram": the relative's noun
                out, jumped, j = [], True, relative - 1
                continue
        if boundary or (d.pos and t.pos_ in ("VERB", "AUX") and out):
            break
        out.insert(0, t)
        if len(out) > MAX_WINDOW:
            return []
        j -= 1
    while out and d.key(out[0]) in d.lex.lead_skip:
        out.pop(0)
    while out and d.key(out[-1]) in d.lex.skip:
        out.pop()
    if out and d.key(out[-1]) in d.lex.negations:
        return []
    return out if _nominative(out) and _nominal(out, d) else []


def _nominal(tokens: Sequence[Token], d: _Doc) -> bool:
    """Where parts of speech are trusted, whether a window holds a noun, name, pronoun or
    number ("не зря говорят" has no source)."""
    return not d.pos or any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X") for t in tokens)


def _nominative(tokens: Sequence[Token]) -> bool:
    """Whether a window can be a subject: where the morphology gives cases (Russian), one of
    its words is in the nominative ("Вертинскому сообщат" has no source)."""
    cases = [t.morph.get("Case") for t in tokens if t.morph.get("Case")]
    return not cases or any("Nom" in c for c in cases)


def _relative_before(k: int, sent: Span, d: _Doc) -> int | None:
    """The relative pronoun at or shortly before token ``k`` (no punctuation between), with
    a word before it."""
    for j in range(k, max(sent.start, k - MAX_WINDOW) - 1, -1):
        t = d.doc[j]
        if d.key(t) in d.lex.relatives:
            return j if j > sent.start and not d.doc[j - 1].is_punct else None
        if t.is_punct or d.in_quote(t.idx):
            return None
    return None


def _before_insert(comma: int, sent: Span, d: _Doc) -> int:
    """The token before the comma that opens the insert closed by the comma at ``comma``, or
    ``comma`` itself where there is none within reach."""
    for k in range(comma - 1, max(sent.start, comma - MAX_WINDOW - 3) - 1, -1):
        t = d.doc[k]
        if t.text == ",":
            return k - 1 if k - 1 >= sent.start else comma
        if (t.is_punct and t.text not in ("-",)) or d.in_quote(t.idx):
            return comma
    return comma


def _post_window(start: int, sent: Span, d: _Doc, limit: int | None = None) -> list[Token]:
    """The words from token ``start`` to a clause boundary (a channel phrase kept)."""
    out: list[Token] = []
    end = sent.end if limit is None else min(limit, sent.end)
    k = start
    channels = d.lex.phrase_res.get("channels")
    while k < end:
        t = d.doc[k]
        key = d.key(t)
        if channels is not None and out:
            m = channels.match(d.lower, t.idx)
            if m is not None:
                tail = [x for x in d.doc[k:end] if x.idx < m.end()]
                out.extend(tail)
                k += len(tail)
                continue
        if not out and (key in d.lex.skip or t.text in DASHES):
            k += 1
            continue
        if t.is_punct or not t.text.strip() or d.in_quote(t.idx):
            break
        if key in d.lex.stops or key in d.lex.post_stops or key in d.lex.complementizers:
            break
        if d.pos and t.pos_ in ("VERB", "AUX") and d.cue_class(t) is None:
            break
        out.append(t)
        if len(out) > MAX_WINDOW:
            return []
        k += 1
    while out and d.key(out[-1]) in d.lex.skip:
        out.pop()
    return out if _nominative(out) and _nominal(out, d) else []


def _subject(verb: Token, sent: Span, d: _Doc) -> list[Token] | None:
    """The subject of ``verb`` in its sentence from the parse (None: the parse gives none)."""
    candidates = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if not candidates and verb.dep_ == "conj":
        candidates = [c for c in verb.head.children if c.dep_ == "nsubj"]
    for head in candidates:
        if d.in_quote(head.idx) != d.in_quote(verb.idx) or not head.text.strip():
            continue
        if not sent.start <= head.i < sent.end:
            continue
        if d.key(head) in d.lex.relatives and verb.dep_.startswith("acl"):
            head = verb.head  # "X, quien considera que ...": the noun the clause is on
        left, right = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
        tokens = list(d.doc[left:right])
        out: list[Token] = []
        for t in tokens:
            if t.i > head.i and (t.is_punct or d.key(t) in d.lex.post_stops):
                break
            if d.in_quote(t.idx):
                break
            out.append(t)
        while out and d.key(out[0]) in d.lex.lead_skip:
            out.pop(0)
        if out:
            return out
    return None


def _source(verb: Token, sent: Span, d: _Doc, after: bool, limit: int | None = None):
    """The source of a cue verb: its subject, else the words before it, else (or first, where
    ``after``: the quotation came first) those after it."""
    found = None
    if d.parse:
        subject = _subject(verb, sent, d)
        if subject is not None:
            found = _tokens_range(subject)
    windows = (
        (_post_window(verb.i + 1, sent, d, limit), _pre_window(verb, sent, d))
        if after
        else (_pre_window(verb, sent, d), _post_window(verb.i + 1, sent, d, limit))
    )
    for window in windows:
        if found is None and window:
            found = _tokens_range(window)
    if (
        found is not None
        and d.pos
        and d.doc.char_span(*found, alignment_mode="expand")[0].pos_ == "ADP"
    ):
        return None  # "como dicen de la fe": no one
    return _appositive(found, verb, d) if found is not None else None


_APPOSITIVE = re.compile(r"\s*(?:\([^()]{1,40}\))?\s*,\s*([^,;:()]{2,60}?)\s*,\s*$")
_NAME = re.compile(r"[A-ZÁÉÍÓÚÑÀÂÇÈÊÎÔÛА-ЯЁІЇЄҐ][\w'-]+\s+[A-ZÁÉÍÓÚÑÀÂÇÈÊÎÔÛА-ЯЁІЇЄҐ][\w'-]+")


def _appositive(found: Range, verb: Token, d: _Doc) -> Range:
    """A source before its verb with a name in apposition between them ("El ministro del
    Interior, Carlos Ruckauf, informó"): the name joins the source."""
    if found[1] > verb.idx:
        return found
    m = _APPOSITIVE.fullmatch(d.text, found[1], verb.idx)
    if m is None:
        return found
    s, e = m.span(1)
    person = any(ent.get("kind") == "person" for a, b, ent in d.mentions if a < e and s < b)
    if person or _NAME.search(m.group(1)):
        return found[0], e
    return found


# --------------------------------------------------------------------------- the forms


def _negated(verb: Token, sent: Span, d: _Doc) -> bool:
    """Whether the first word before ``verb`` that is not an auxiliary or clitic negates it."""
    for k in range(verb.i - 1, max(sent.start, verb.i - 4) - 1, -1):
        key = d.key(d.doc[k])
        if key in d.lex.negations:
            return True
        if key not in d.lex.skip:
            return False
    return False


def _quote_before(verb: Token, sent: Span, d: _Doc) -> Range | None:
    """A quotation that ends just before ``verb`` ("«...», — заявил он", "..., a dit X")."""
    for q in d.quotes:
        if q[1] > verb.idx or verb.idx - q[1] > 40:
            continue
        between = d.doc.char_span(q[1], verb.idx, alignment_mode="expand")
        gap = d.text[q[1] : verb.idx]
        signed = any(c in gap for c in ",:" + DASHES) or d.text[q[1] - 2 : q[1] - 1] in ",!?…"
        if "\n" in gap or not signed or not _opens_sentence(q, d):
            continue
        if between is None or all(
            t.text in PUNCT_BETWEEN or d.key(t) in d.lex.skip or t.is_space
            for t in between
            if t.i != verb.i and t.idx >= q[1]
        ):
            return q
    return None


_OPENING = re.compile(rf"(?:^|[.!?…:\n])[\s{DASHES}]*$")


def _opens_sentence(q: Range, d: _Doc) -> bool:
    """Whether quotation ``q`` opens its sentence (not a phrase quoted inside one)."""
    return bool(_OPENING.search(d.text, max(0, q[0] - 300), q[0]))


_COLON = re.compile(r"\s*:\s*$")


def _quote_after(verb: Token, sent: Span, d: _Doc) -> tuple[Range, int] | None:
    """A quotation after ``verb`` and a colon ("X declaró: «...»"): it and the colon's offset."""
    end = verb.idx + len(verb.text)
    for q in d.quotes:
        if q[0] < end or q[0] - end > 120:
            continue
        gap = d.text[end : q[0]]
        colon = gap.rfind(":")
        if colon < 0 or gap[colon + 1 :].strip() or "." in gap:
            return None
        if any(d.in_quote(o) for o in range(end, end + colon)):
            return None
        return q, end + colon
    return None


def _complementizer(verb: Token, sent: Span, d: _Doc) -> Token | None:
    """The "que"/"что" that opens the clause ``verb`` takes."""
    for k in range(verb.i + 1, min(sent.end, verb.i + 1 + MAX_COMP_GAP)):
        t = d.doc[k]
        key = d.key(t)
        if key in d.lex.complementizers or key in d.lex.hedge_complementizers:
            if d.pos and t.pos_ == "PRON" and t.dep_.startswith(("nsubj", "obj")):
                return None  # a relative pronoun: "dijo el hombre que llegó"
            return t
        if t.text in (".", ";", "!", "?", "…") or d.in_quote(t.idx) or t.text in QUOTE_MARKS:
            return None
        if t.i > verb.i + 1 and d.cue_class(t) is not None:
            return None
        if d.pos and t.pos_ in ("VERB",) and d.cue_class(t) is None:
            return None
    return None


def _content_to_end(start: int, sent: Span, d: _Doc) -> Range | None:
    """From ``start`` to the end of the sentence (a quotation it opens kept whole)."""
    end = sent.end_char
    for q in d.quotes:
        if start <= q[0] < end < q[1]:
            # a sentence that ends on the mark opening the next quotation stops before it
            end = q[0] if not d.text[q[0] + 1 : end].strip() else q[1]
    s, e = _strip(d.text, start, end)
    return (s, e) if e - s > 1 else None


def _verb_claims(sent: Span, d: _Doc, taken: set[int]) -> list[Found]:
    out: list[Found] = []
    for verb in sent:
        if verb.i in taken or d.in_quote(verb.idx):
            continue
        cls = d.cue_class(verb)
        if cls is None or _negated(verb, sent, d):
            continue
        cue = (verb.idx, verb.idx + len(verb.text))
        found = _direct(verb, sent, d, cue, cls) or _indirect(verb, sent, d, cue, cls)
        found = found or _trailing(verb, sent, d, cue, cls) or _anaphoric(verb, sent, d, cue, cls)
        if found is not None:
            out.append(found)
    return out


def _direct(verb: Token, sent: Span, d: _Doc, cue: Range, cls: str) -> Found | None:
    if d.lex.reject_participles and _participle(verb):
        return None
    q = _quote_before(verb, sent, d)
    if q is not None:
        source = _source(verb, sent, d, after=True)
        if source is not None and source[0] < q[1] and source[1] > q[0]:
            source = None
        return Found(cue, [q], "quote", cls, verb, source)
    after = _quote_after(verb, sent, d)
    if after is not None:
        q, colon = after
        limit = next((t.i for t in sent if t.idx >= colon), sent.end)
        source = _source(verb, sent, d, after=False, limit=limit)
        return Found(cue, [q], "quote", cls, verb, source)
    return None


def _indirect(verb: Token, sent: Span, d: _Doc, cue: Range, cls: str) -> Found | None:
    comp = _complementizer(verb, sent, d)
    if comp is None:
        return None
    content = _content_to_end(comp.idx + len(comp.text), sent, d)
    if content is None:
        return None
    source = _source(verb, sent, d, after=False, limit=comp.i)
    hedged = d.key(comp) in d.lex.hedge_complementizers
    return Found(cue, [content], "clause", cls, verb, source, hedged=hedged)


def _trailing(verb: Token, sent: Span, d: _Doc, cue: Range, cls: str) -> Found | None:
    """ "Murieron 30 personas, informó la policía": a cue after a comma that ends the sentence."""
    if norm(verb.lemma_) not in d.lex.parenthetical and d.lex.forms.get(d.key(verb)) is None:
        return None
    if d.lex.reject_participles and _participle(verb):
        return None
    k = verb.i - 1
    while k > sent.start and d.key(d.doc[k]) in d.lex.skip and d.doc[k].text not in DASHES:
        k -= 1
    while k > sent.start and d.doc[k].text in DASHES:
        k -= 1
    if k <= sent.start + 2 or d.doc[k].text != ",":
        return None
    rest = d.doc[verb.i + 1 : sent.end]
    if any(d.key(t) in d.lex.complementizers or d.cue_class(t) for t in rest):
        return None
    window = _post_window(verb.i + 1, sent, d)
    after = [t for t in rest if not window or t.i > window[-1].i]
    words = [t for t in after if not (t.is_punct or t.is_space)]
    if words and (d.key(words[0]) not in d.lex.post_stops or after[0].is_punct):
        return None  # "писал циклами, из-за чего ...": not a cue closing the sentence
    start = sent.start_char
    content = _strip(d.text, start, d.doc[k].idx)
    if content[1] - content[0] < 2:
        return None
    source = _source(verb, sent, d, after=True)
    return Found(cue, [content], "trailing", cls, verb, source)


def _anaphoric(verb: Token, sent: Span, d: _Doc, cue: Range, cls: str) -> Found | None:
    """ "Об этом сообщил X", "Así lo informó X": the content is the sentence before."""
    pattern = d.lex.phrase_res.get("anaphoric")
    if pattern is None or sent.start == 0:
        return None
    m = pattern.match(d.lower, sent.start_char)
    if m is None or verb.idx < m.end() or verb.idx - m.end() > 30:
        return None
    if any(t.is_punct for t in sent if m.end() <= t.idx < verb.idx):
        return None
    before = d.doc[sent.start - 1].sent
    if "\n" in d.text[before.end_char : sent.start_char].strip(" "):
        return None
    content = _strip(d.text, before.start_char, before.end_char)
    if content[1] - content[0] < 2:
        return None
    source = _source(verb, sent, d, after=True)
    return Found((m.start(), cue[1]), [content], "anaphoric", cls, verb, source)


def _marker_claims(sent: Span, d: _Doc, taken: set[int]) -> list[Found]:
    """ "Según X, ...", "..., по данным X", "как сообщил X, ..."."""
    pattern = d.lex.phrase_res.get("markers")
    if pattern is None:
        return []
    out: list[Found] = []
    for m in pattern.finditer(d.lower, sent.start_char, sent.end_char):
        phrase = m.group()
        first = next((t for t in sent if t.idx >= m.start()), None)
        after = [t for t in sent if t.idx >= m.end()]
        if d.in_quote(m.start()) or first is None or not after:
            continue
        prev = d.doc[first.i - 1] if first.i > sent.start else None
        lead = prev is None or _only_lead(sent, prev, d)  # the marker opens the sentence
        punct = prev is not None and prev.text in (",", ";", ":", "(", *DASHES)
        verb = after[0] if d.cue_class(after[0]) is not None else None
        if phrase in d.lex.verb_markers and phrase not in d.lex.markers and verb is None:
            continue
        if verb is None and d.pos and after[0].pos_ in ("VERB", "AUX"):
            continue  # "según sea el caso"
        if phrase in d.lex.strict_markers and not (lead or punct):
            continue
        cue = (m.start(), m.end())
        if verb is not None:
            taken.add(verb.i)
            source_tokens = _post_window(verb.i + 1, sent, d)
            if source_tokens and d.pos and source_tokens[0].pos_ == "ADP":
                source_tokens = []  # "como dicen de la fe": no one
            cue = (m.start(), verb.idx + len(verb.text))
        else:
            source_tokens = _marker_source(after, d)
            last = phrase.split()[-1]
            if last in d.lex.unnamed:  # "de source policière": "source" is part of the source
                cue = _strip(d.text, m.start(), m.start() + phrase.rfind(last), " ")
                source_tokens = [t for t in sent if cue[1] <= t.idx < m.end()] + source_tokens
        source = _tokens_range(source_tokens)
        end_of_source = source[1] if source else cue[1]
        content: list[Range] | None = None
        if lead:
            comma = re.match(r"\s*[,:]\s*", d.text[end_of_source : sent.end_char])
            rest = _content_to_end(end_of_source + comma.end(), sent, d) if comma else None
            content = [rest] if rest is not None else None
        else:
            head = _strip(d.text, sent.start_char, first.idx)
            rest = _strip(d.text, end_of_source, sent.end_char)
            opener = d.doc.char_span(*head, alignment_mode="expand")
            parts = [r for r in (head, rest) if r[1] - r[0] >= 2]
            if opener is not None and len(opener) and d.key(opener[-1]) in d.lex.stops:
                parts = parts[1:]  # "... porque, según cuentan sus compañeros, ha recuperado"
            content = parts or None
        if content:
            cls = d.cue_class(verb) if verb is not None else "say"
            out.append(Found(cue, content, "marker", cls or "say", verb, source))
    return out


def _only_lead(sent: Span, before: Token, d: _Doc) -> bool:
    """Whether the words from the sentence start to ``before`` are all lead words ("Y según")."""
    return all(d.key(t) in d.lex.lead_skip or t.is_punct for t in d.doc[sent.start : before.i + 1])


def _marker_source(after: list[Token], d: _Doc) -> list[Token]:
    out: list[Token] = []
    for t in after[:MAX_MARKER_SOURCE]:
        if (t.is_punct and t.text != "-") or d.in_quote(t.idx):
            break
        out.append(t)
    else:
        if len(after) > MAX_MARKER_SOURCE:
            return []
    return out


# --------------------------------------------------------------------------- passes


def _inside(offset: int, ranges: Sequence[Range]) -> bool:
    return any(s <= offset < e for s, e in ranges)


def _nest(found: list[Found], d: _Doc) -> list[Found]:
    """A cue inside another claim's content: a coordinated cue ("y añadió que") cuts that
    content and is a claim of its own; any other makes no claim."""
    found.sort(key=lambda f: f.cue[0])
    keep: list[Found] = []
    for f in found:
        outer = next((o for o in keep if _inside(f.cue[0], o.content)), None)
        if outer is None:
            keep.append(f)
            continue
        conj = _conjunction_before(f, d)
        if conj is None or outer.form != "clause":
            continue
        s, _ = outer.content[-1]
        outer.content[-1] = _strip(d.text, s, conj)
        if f.source is None or (outer.source and _inside(f.source[0], outer.content)):
            f.source = outer.source
            f.shared = outer
        keep.append(f)
    return keep


def _conjunction_before(f: Found, d: _Doc) -> int | None:
    if f.verb is None:
        return None
    k = f.verb.i - 1
    while k >= 0 and (d.key(d.doc[k]) in d.lex.skip or d.doc[k].text == ","):
        k -= 1
    if k >= 0 and d.key(d.doc[k]) in d.lex.conjunctions:
        return d.doc[k].idx
    return None


def _continue_quotes(found: list[Found], d: _Doc) -> None:
    """ "“A”, dijo X, “B”" and "— A, — сказал он. — B.": the second quotation joins the claim."""
    used = {q for f in found for q in f.content}
    cues = sorted(f.cue[0] for f in found)
    for f in found:
        if f.form != "quote" or f.content[-1][1] > f.cue[0]:
            continue
        anchor = max(f.cue[1], f.source[1] if f.source else 0)
        nxt = next((q for q in d.quotes if q[0] >= anchor), None)
        if nxt is None or nxt in used or any(anchor <= c < nxt[0] for c in cues):
            continue
        gap = d.text[anchor : nxt[0]]
        if re.fullmatch(rf"[\s,.:]*[{DASHES}]?\s*", gap) and "\n" not in gap:
            f.content.append(nxt)
            used.add(nxt)


def _share_sources(found: list[Found], d: _Doc) -> None:
    """A cue with no source of its own takes that of the claim before it, within three
    sentences ("Añadió que ..."; wire copy puts each sentence in a paragraph of its own)."""
    sents = {s.start_char: n for n, s in enumerate(_sentences(d.doc))}
    starts = sorted(sents)

    def sent_no(offset: int) -> int:
        n = 0
        for s in starts:
            if s <= offset:
                n = sents[s]
        return n

    previous: Found | None = None
    for f in found:
        if f.source is None and previous is not None and previous.source is not None:
            near = sent_no(f.cue[0]) - sent_no(previous.cue[0]) <= MAX_SHARE_SENTENCES
            if near and f.form in ("clause", "quote", "trailing"):
                f.source = previous.source
                f.shared = previous
        previous = f


# --------------------------------------------------------------------------- records


def _mention_at(d: _Doc, start: int, end: int) -> dict[str, Any] | None:
    """The entity of a mention overlapping ``[start, end)``: a person first, else the first."""
    found = [(s, e, ent) for s, e, ent in d.mentions if s < end and start < e]
    persons = [x for x in found if x[2].get("kind") == "person"]
    pick = persons or found
    return pick[0][2] if pick else None


def _before(d: _Doc, offset: int, kinds: Sequence[str]) -> dict[str, Any] | None:
    out = None
    for _, e, ent in d.mentions:
        if e > offset:
            break
        if ent.get("kind") in kinds:
            out = ent
    return out


def _source_record(f: Found, d: _Doc, sent: Span) -> dict[str, Any] | None:
    if f.source is None:
        return None
    if f.shared is not None and f.shared.record_source is not None:
        return dict(f.shared.record_source)
    start, end = f.source
    via = f.via
    split = _split_channel(start, end, d)
    if split is not None:
        (start, end), via = split
    start, end = _strip(d.text, start, end, " \n\t,;:")
    if end <= start:
        return None
    text = d.text[start:end]
    key = norm(text)
    entity = None
    if key in d.lex.pronouns:
        found = _before(d, start, ("person",))
        entity = found["id"] if found else None
    elif key not in d.lex.plural_pronouns:
        found = _mention_at(d, start, end)
        entity = found["id"] if found else None
    outside = _outside(sent, f.content, d)
    anonymous = bool(d.lex.anonymity and d.lex.anonymity.search(outside))
    words = re.findall(r"[\w'-]+", key)
    named = _named(start, end, d)
    unnamed = anonymous or (bool(set(words[:4]) & d.lex.unnamed) and not named)
    if via is None:
        via = _medium(f, d, sent, (start, end))
    return {
        "text": text,
        "start": start,
        "end": end,
        "entity": entity,
        "unnamed": unnamed,
        "anonymous": anonymous,
        "via": None if via is None else _span(d.text, via),
    }


def _span(text: str, r: Range) -> dict[str, Any]:
    return {"text": text[r[0] : r[1]], "start": r[0], "end": r[1]}


def _named(start: int, end: int, d: _Doc) -> bool:
    """Whether the source names a person (an entity, a PER entity of the parse, or, with no
    named entities at all, two capitalised words in a row)."""
    if any(ent.get("kind") == "person" for s, e, ent in d.mentions if s < end and start < e):
        return True
    if any(
        ent.label_ in ("PER", "PERSON") and ent.start_char < end and start < ent.end_char
        for ent in d.doc.ents
    ):
        return True
    if d.ner:
        return False
    return bool(re.search(r"(?<!\S)[A-ZА-ЯЁІЇЄҐ][\w'-]+\s+[A-ZА-ЯЁІЇЄҐ][\w'-]+", d.text[start:end]))


def _outside(sent: Span, content: Sequence[Range], d: _Doc) -> str:
    chars = [
        ch if not _inside(sent.start_char + i, content) else " "
        for i, ch in enumerate(d.text[sent.start_char : sent.end_char])
    ]
    return "".join(chars)


def _split_channel(start: int, end: int, d: _Doc) -> tuple[Range, Range] | None:
    """ "un cable visto por Reuters": (source, via); "ТАСС со ссылкой на источник" likewise."""
    pattern = d.lex.phrase_res.get("channels")
    if pattern is None:
        return None
    m = pattern.search(d.lower, start, end)
    if m is None:
        return None
    direction = dict(d.lex.channels).get(m.group())
    before = _strip(d.text, start, m.start(), " \n\t,;:")
    after = _strip(d.text, m.end(), end, " \n\t,;:")
    if before[1] <= before[0] or after[1] <= after[0]:
        return None
    return (after, before) if direction == "before" else (before, after)


def _medium(f: Found, d: _Doc, sent: Span, source: Range) -> Range | None:
    """A news medium the source spoke to ("dijo a la agencia AFP", "заявил РИА Новости")."""
    if f.verb is None:
        return None
    tokens = [t for t in sent if t.i > f.verb.i and not _inside(t.idx, f.content)]
    tokens = [t for t in tokens if not source[0] <= t.idx < source[1]][:8]
    for n, t in enumerate(tokens):
        if t.is_punct or d.key(t) in d.lex.complementizers:
            return None
        if d.key(t) in d.lex.media and d.key(t) not in NON_MEDIA:
            run = [t]
            for u in tokens[n + 1 :]:
                if u.i != run[-1].i + 1 or u.is_punct or d.key(u) in d.lex.post_stops:
                    break
                if d.key(u) in d.lex.stops or d.key(u) in d.lex.complementizers:
                    break
                run.append(u)
            return _tokens_range(run)
    return None


def _modality(f: Found, d: _Doc, sent: Span) -> str:
    if f.cls == "deny":
        return "denied"
    if f.cls == "hedge" or f.hedged:
        return "hedged"
    hedges = d.lex.phrase_res.get("hedges")
    near = (max(sent.start_char, f.cue[0] - 30), f.cue[1])
    for s, e in [*f.content, near]:
        if hedges is not None and hedges.search(d.lower, s, e):
            return "hedged"
    if d.lex.hedge_aux and d.lex.participle is not None:
        for s, e in f.content:
            span = d.doc.char_span(s, e, alignment_mode="expand")
            for t in span or []:
                if d.key(t) in d.lex.hedge_aux and t.i + 1 < len(d.doc):
                    nxt = d.doc[t.i + 1]
                    if d.lex.participle.search(d.key(nxt)):
                        return "hedged"
    return "asserted"


def _kind(f: Found, d: _Doc) -> str:
    quotes = set(d.quotes)
    if all(r in quotes for r in f.content):
        return "direct"
    if any(s <= q[0] and q[1] <= e for s, e in f.content for q in d.quotes):
        return "mixed"
    return "indirect"


def _time(f: Found, sent: Span, timexes: Sequence[dict[str, Any]]) -> str | None:
    for timex in timexes:
        if timex.get("type") not in ("DATE", "TIME") or not timex.get("value"):
            continue
        inside = sent.start_char <= timex["start"] and timex["end"] <= sent.end_char
        if inside and not any(s <= timex["start"] < e for s, e in f.content):
            return timex["value"]
    return None


def _place(f: Found, sent: Span, d: _Doc, source: dict[str, Any] | None) -> str | None:
    for s, e, ent in d.mentions:
        if ent.get("kind") not in ("place", "country"):
            continue
        if not (sent.start_char <= s and e <= sent.end_char) or _inside(s, f.content):
            continue
        if source and source["start"] <= s < source["end"]:
            continue
        prev = d.doc.char_span(s, e, alignment_mode="expand")
        if prev is not None and prev.start > 0:
            k = prev.start - 1
            while k > 0 and d.doc[k].pos_ == "DET":
                k -= 1
            if d.key(d.doc[k]) in d.lex.locative:
                return ent["id"]
    return None


def _ext(doc: Doc, name: str) -> list[dict[str, Any]]:
    return (getattr(doc._, name, None) or []) if Doc.has_extension(name) else []


def find_claims(
    doc: Doc,
    figures: list[dict] | None = None,
    entities: list[dict] | None = None,
    timexes: list[dict] | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """The claims of ``doc`` (Spanish, French, Russian, Ukrainian, Portuguese) as dicts in the
    shape of ``dossier.model.Claim`` (plus ``parts`` on a content in several pieces).

    ``figures``, ``entities`` and ``timexes`` default to ``doc._.dossier_figures`` etc. where
    set. ``lang`` defaults to ``doc.user_data["dossier.language"]``, else ``doc.lang_`` (the
    Portuguese base is the Spanish model, whose docs say "es"). A claim whose source the text
    does not give has ``source`` None (as the English ``find_claims``;
    ``dossier.extract.claims.claim_records`` leaves those out). A language with no claim
    lexicon (German) gives no claims.
    """
    code = lang or doc.user_data.get("dossier.language") or doc.lang_ or ""
    lex = load_lexicon(code.casefold().split("-")[0])
    if lex is None:
        return []
    figures = _ext(doc, "dossier_figures") if figures is None else figures
    entities = _ext(doc, "dossier_entities") if entities is None else entities
    timexes = _ext(doc, "dossier_timexes") if timexes is None else timexes
    d = _Doc(doc, lex, entities)
    found: list[Found] = []
    sent_of: dict[int, Span] = {}
    for sent in _sentences(doc):
        taken: set[int] = set()
        here = _marker_claims(sent, d, taken)
        here += _verb_claims(sent, d, taken)
        for f in here:
            sent_of[id(f)] = sent
        found.extend(here)
    found = _dedupe(_nest(found, d))
    _continue_quotes(found, d)
    _share_sources(found, d)
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(doc.text)
    records = []
    for f in sorted(found, key=lambda f: f.cue[0]):
        sent = sent_of[id(f)]
        source = _source_record(f, d, sent)
        f.record_source = source
        record: dict[str, Any] = {
            "id": stable_id("clm", doc_id, f.cue[0], f.content[0][0]),
            "kind": _kind(f, d),
            "source": source,
            "cue": {"text": doc.text[f.cue[0] : f.cue[1]], "start": f.cue[0], "end": f.cue[1]},
            "content": span_part(doc.text, f.content),
            "modality": _modality(f, d, sent),
            "time": _time(f, sent, timexes),
            "place": _place(f, sent, d, source),
            "figures": [
                fig["id"]
                for fig in figures
                if any(s <= fig["start"] and fig["end"] <= e for s, e in f.content)
            ],
        }
        records.append(record)
    return records


def _dedupe(found: list[Found]) -> list[Found]:
    """One claim per cue (the first found: markers before verbs)."""
    seen: set[int] = set()
    out = []
    for f in found:
        if f.cue[0] in seen:
            continue
        seen.add(f.cue[0])
        out.append(f)
    return out
