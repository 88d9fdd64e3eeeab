"""Event triggers for Spanish, French, Portuguese, Russian and Ukrainian, coded to PLOVER and CAMEO.

A trigger is a token whose lemma (casefolded; accents dropped on Latin letters, ``ñ`` kept, ``ё``
read as ``е``) has a reading in ``dossier/resources/lang/<code>/triggers.tsv``: a verb ("protestar",
"арестовать") or a noun ("huelga", "manifestation"). A reading with ``requires`` words holds only
when one of them follows the trigger within :data:`WINDOW` tokens of its sentence
("pedir ... diálogo"); a holding constrained reading beats the plain one. In a headline in
capitals (:func:`in_capitals`) the tagger's parts of speech are not trusted, and verb forms the
lemmatizer leaves alone get their infinitives from their endings. Rows with ``pos`` CUE
are no triggers but modality cues (their ``plover`` column names the modality): negation
("no", "ne", "не"), future, hedge and reporting words. Rows with ``pos`` FIXED make the lemma
no trigger right after one of their ``requires`` words ("sin embargo"), rows with ``pos`` NOT
when one of them is near it (:func:`_vetoed`).

Each trigger gives one event, shaped like :class:`dossier.model.Event`:

- actors: with a dependency parse, actor1 is the subject (in a passive "fue atacado por X", the
  ``por`` phrase) and actor2 the object, else the first oblique; a noun's actor1 is its "de X"
  phrase. Without a parse, the nearest entity mention before and after the trigger in the
  sentence. ``entity`` and ``code`` come from ``doc._.dossier_entities`` where a mention overlaps;
- time: the first dated timex of the sentence (``doc._.dossier_timexes``), else the publication
  date with ``time_fallback``; place: the first place or country entity of the sentence, else
  the dateline's entity with ``place_fallback``;
- modality: negated > future > hedged > reported > asserted (cue words, and the token's
  morphology where the base pipeline gives it: ``Tense=Fut``, ``Mood=Cnd``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from dossier.lang.data import lang_tsv
from dossier.model import Actor, Event, SentenceRef, stable_id
from dossier.model import Span as TextSpan

TRIGGERS_FILE = "triggers.tsv"
WINDOW = 6  # tokens after the trigger in which a reading's required word must appear
ALSO_WINDOW = 10  # tokens after a trigger in which an ALSO row's word must appear
CUE_BEFORE = 3  # tokens before the trigger in which a negation / future / hedge cue counts
MODALITIES = ("negated", "future", "hedged", "reported")
VERB_TAGS = frozenset({"VERB", "AUX", "ADJ"})
NOUN_TAGS = frozenset({"NOUN", "PROPN", "ADJ"})
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj"})
OBJECTS = ("obj", "iobj", "obl", "nmod")


@dataclass(frozen=True)
class Reading:
    """One row of a trigger table."""

    lemma: str
    cameo: str
    plover: str
    pos: str = ""
    requires: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Table:
    """A language's trigger readings (by lemma) and modality cues (lemma -> modality)."""

    readings: dict[str, tuple[Reading, ...]]
    cues: dict[str, str]
    fixed: dict[str, frozenset[str]] = field(default_factory=dict)
    vetoes: dict[str, frozenset[str]] = field(default_factory=dict)
    also: dict[str, tuple[Reading, ...]] = field(default_factory=dict)


def fold(word: str) -> str:
    """``word`` casefolded, without accents on Latin letters (``ñ``, ``й``, ``ї`` kept; ``ё``
    read as ``е``).

    >>> fold("Manifestación"), fold("Año"), fold("Ёлка"), fold("Їжак"), fold("арестовать")
    ('manifestacion', 'año', 'елка', 'їжак', 'арестовать')
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.category(char) == "Mn" and out:
            base = out[-1]
            if base == "е" and char == "\u0308":
                continue  # ё -> е
            if base.isascii() and not (base == "n" and char == "\u0303"):
                continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


@cache
def trigger_table(lang: str) -> Table:
    """The trigger readings and cues of ``lang`` (empty when it has no table)."""
    readings: dict[str, list[Reading]] = {}
    cues: dict[str, str] = {}
    fixed: dict[str, frozenset[str]] = {}
    vetoes: dict[str, frozenset[str]] = {}
    also: dict[str, list[Reading]] = {}
    for row in lang_tsv(lang, TRIGGERS_FILE):
        lemma = fold((row.get("lemma") or "").strip())
        pos = (row.get("pos") or "").strip().upper()
        if not lemma:
            continue
        if pos == "CUE":
            cues[lemma] = (row.get("plover") or "").strip().lower()
            continue
        requires = frozenset(fold(w) for w in (row.get("requires") or "").split("|") if w.strip())
        if pos == "FIXED":
            fixed[lemma] = fixed.get(lemma, frozenset()) | requires
            continue
        if pos == "NOT":
            vetoes[lemma] = vetoes.get(lemma, frozenset()) | requires
            continue
        if pos == "ALSO":
            cameo = (row.get("cameo") or "").strip()
            plover = (row.get("plover") or "").strip()
            also.setdefault(lemma, []).append(Reading(lemma, cameo, plover, "", requires))
            continue
        reading = Reading(
            lemma=lemma,
            cameo=(row.get("cameo") or "").strip(),
            plover=(row.get("plover") or "").strip(),
            pos=pos,
            requires=requires,
        )
        readings.setdefault(lemma, []).append(reading)
    return Table(
        {k: tuple(v) for k, v in readings.items()},
        cues,
        fixed,
        vetoes,
        {k: tuple(v) for k, v in also.items()},
    )


# Verb endings -> infinitive endings, for tokens the lemmatizer leaves as they are (headlines in
# capitals: "EXIGEN", "PIDEN"): Spanish and Portuguese.
ENDINGS = {
    "es": (
        ("aron", "ar"),
        ("aban", "ar"),
        ("ando", "ar"),
        ("ado", "ar"),
        ("ada", "ar"),
        ("aran", "ar"),
        ("an", "ar"),
        ("a", "ar"),
        ("o", "ar"),
        ("ieron", "er"),
        ("ieron", "ir"),
        ("iendo", "er"),
        ("iendo", "ir"),
        ("ido", "er"),
        ("ido", "ir"),
        ("en", "er"),
        ("en", "ir"),
        ("e", "er"),
        ("e", "ir"),
        ("io", "er"),
        ("io", "ir"),
    ),
    "pt": (
        ("aram", "ar"),
        ("ando", "ar"),
        ("ado", "ar"),
        ("am", "ar"),
        ("a", "ar"),
        ("ou", "ar"),
        ("eram", "er"),
        ("iram", "ir"),
        ("em", "er"),
        ("e", "er"),
        ("iu", "ir"),
        ("eu", "er"),
    ),
}


def _keys(token: Token) -> tuple[str, ...]:
    lemma = fold(token.lemma_ or token.text)
    text = fold(token.text)
    keys = (lemma,) if lemma == text else (lemma, text)
    if lemma == text and token.text.isupper() and len(text) > 3 and not token.is_stop:
        keys += _infinitives(text, language_of(token.doc))
    return keys


def _infinitives(word: str, lang: str) -> tuple[str, ...]:
    """Infinitives ``word`` may be a form of (by its ending).

    >>> _infinitives("exigen", "es")
    ('exiger', 'exigir')
    """
    pairs = ENDINGS.get(lang, ())
    return tuple(
        word[: -len(e)] + i for e, i in pairs if word.endswith(e) and len(word) > len(e) + 2
    )


def language_of(doc: Doc) -> str:
    """The text's language: ``user_data["dossier.language"]`` where set (Portuguese runs on the
    Spanish model, whose docs say "es"), else ``doc.lang_``."""
    return (doc.user_data.get("dossier.language") or doc.lang_ or "").split("-")[0].lower()


def in_capitals(token: Token) -> bool:
    """Whether ``token``'s sentence is written in capitals (a headline): most of its words are
    (a place name in capitals, "CESAR", in a lower-case sentence is no headline)."""
    doc = token.doc
    sent = token.sent if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else doc
    words = [t.text for t in sent if t.is_alpha and len(t.text) > 1]
    return bool(words) and sum(w.isupper() for w in words) >= 0.7 * len(words)


def _fits(reading: Reading, token: Token) -> bool:
    if not token.pos_ or not reading.pos or language_of(token.doc) != token.doc.lang_:
        # no tags, or tags of another language's model (Portuguese on the Spanish one)
        return True
    if token.text.isupper() and len(token.text) > 1 and in_capitals(token):
        return True  # a headline in capitals: the tagger reads most of its words as names
    tags = VERB_TAGS if reading.pos == "VERB" else NOUN_TAGS
    return token.pos_ in tags


def _fixed(token: Token, table: Table) -> bool:
    """Whether ``token`` is part of a fixed phrase ("sin embargo", "de acuerdo con")."""
    if token.i == 0 or not table.fixed:
        return False
    before = set(_keys(token.doc[token.i - 1]))
    return any(before & table.fixed.get(key, frozenset()) for key in _keys(token))


def _vetoed(token: Token, table: Table, after: list[Token]) -> bool:
    """Whether a word of ``token``'s ``NOT`` row is near it (in the window after it, among its
    dependents, or its head), marking a sense that is no event: "se movilizaban en dos
    camionetas" (travel), "la motocicleta en que se movilizaba"."""
    words = frozenset().union(*(table.vetoes.get(key, frozenset()) for key in _keys(token)))
    if not words:
        return False
    near = [*after, *token.children, token.head]
    return any(words & set(_keys(other)) for other in near)


def reading_of(token: Token, table: Table, sent: Span) -> Reading | None:
    """The reading that codes ``token``: the constrained one whose required word comes first
    after it (or depends on it), else its plain reading; None when it is no trigger."""
    found = match(token, table, sent)
    return found[0] if found else None


def match(token: Token, table: Table, sent: Span) -> tuple[Reading, Token | None] | None:
    """:func:`reading_of` with the token that met its ``requires`` (None for a plain one)."""
    if not token.is_alpha or _fixed(token, table):
        return None
    candidates = [r for key in _keys(token) for r in table.readings.get(key, ()) if _fits(r, token)]
    if not candidates:
        return None
    after = list(sent.doc[token.i + 1 : min(token.i + 1 + WINDOW, sent.end)])
    if _vetoed(token, table, after):
        return None
    constrained = [r for r in candidates if r.requires]
    if constrained:
        for other in after + [c for c in token.children if c.i < token.i]:
            keys = set(_keys(other))
            for reading in constrained:
                if reading.requires & keys:
                    return reading, other
    plain = [r for r in candidates if not r.requires]
    plain.sort(key=lambda r: not r.pos)  # a reading for the token's part of speech first
    return (plain[0], None) if plain else None


# Modality -----------------------------------------------------------------------------------


def modality(token: Token, table: Table, sent: Span) -> str:
    """negated, future, hedged, reported or asserted (see the module's docstring)."""
    found: set[str] = set()
    before = sent.doc[max(sent.start, token.i - CUE_BEFORE) : token.i]
    near = list(before) + [c for c in token.children if c.i > token.i and c.i - token.i <= 2]
    if token.dep_ in ("xcomp", "ccomp") and token.head.i < token.i:
        near += list(sent.doc[max(sent.start, token.head.i - CUE_BEFORE) : token.head.i + 1])
    for other in near:
        for key in _keys(other):
            cue = table.cues.get(key)
            if cue in ("negated", "future", "hedged"):
                found.add(cue)
    if "Fut" in token.morph.get("Tense") or "Fut" in token.head.morph.get("Tense"):
        found.add("future")
    if "Cnd" in token.morph.get("Mood"):
        found.add("hedged")
    if any(table.cues.get(k) == "reported" for t in sent for k in _keys(t) if t.i != token.i):
        found.add("reported")
    return next((m for m in MODALITIES if m in found), "asserted")


# Actors -------------------------------------------------------------------------------------


def _phrase(head: Token) -> tuple[int, int]:
    """Token range of ``head``'s noun phrase: its subtree without clauses, appositions,
    conjuncts and a leading preposition."""
    skip = {"acl", "acl:relcl", "relcl", "appos", "conj", "cc", "punct", "parataxis"}
    tokens = [head]
    stack = [c for c in head.children if c.dep_ not in skip]
    while stack:
        child = stack.pop()
        tokens.append(child)
        stack.extend(c for c in child.children if c.dep_ not in skip)
    tokens.sort(key=lambda t: t.i)
    while len(tokens) > 1 and tokens[0].dep_ in ("case", "mark") and tokens[0] is not head:
        tokens.pop(0)
    return tokens[0].i, tokens[-1].i + 1


def _case_of(token: Token) -> str:
    return next((fold(c.text) for c in token.children if c.dep_ == "case"), "")


def _passive(token: Token) -> bool:
    if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children):
        return True
    return "Part" in token.morph.get("VerbForm") and any(
        c.dep_ == "aux" and c.lemma_ in ("ser", "être", "быть", "бути") for c in token.children
    )


def parsed_actors(token: Token) -> tuple[Token | None, Token | None]:
    """(actor1, actor2) heads from the dependency parse."""
    children = list(token.children)
    subject = next((c for c in children if c.dep_ in SUBJECTS), None)
    if subject is None and token.dep_ in ("xcomp", "conj") and token.pos_ != "NOUN":
        subject = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
    passive = _passive(token)
    agent = next(
        (
            c
            for c in children
            if c.dep_ in ("obl:agent", "agent")
            or (passive and c.dep_ in ("obl", "obj") and _case_of(c) in ("por", "par"))
        ),
        None,
    )
    if passive:
        return agent, subject
    if token.pos_ in NOUN_TAGS:
        owner = next((c for c in children if c.dep_ in ("nmod",) and _case_of(c) == "de"), None)
        other = next(
            (c for c in children if c.dep_ == "nmod" and c is not owner and _case_of(c)), None
        )
        return owner, other
    second = None
    for dep in OBJECTS:
        second = next((c for c in children if c.dep_ == dep and c.pos_ != "PRON"), None)
        if second is not None:
            break
    return subject, second


class Mentions:
    """Entity mentions of a document (from ``doc._.dossier_entities``), ordered by offset."""

    def __init__(self, entities: list[dict]) -> None:
        self.items = sorted(
            ((m["start"], m["end"], e) for e in entities for m in e.get("mentions") or []),
            key=lambda item: (item[0], item[1]),
        )

    def overlapping(self, start: int, end: int) -> dict | None:
        """The entity with a mention overlapping [start, end)."""
        return next((e for s, t, e in self.items if s < end and start < t), None)

    def nearest(self, sent: Span, token: Token, after: bool) -> tuple[int, int, dict] | None:
        """The mention nearest ``token`` before (or after) it in ``sent``."""
        inside = [
            (s, t, e) for s, t, e in self.items if sent.start_char <= s and t <= sent.end_char
        ]
        if after:
            return next(((s, t, e) for s, t, e in inside if s >= token.idx + len(token)), None)
        before = [(s, t, e) for s, t, e in inside if t <= token.idx]
        return before[-1] if before else None


def _actor(doc: Doc, start: int, end: int, mentions: Mentions) -> dict:
    entity = mentions.overlapping(start, end)
    return Actor(
        text=doc.text[start:end],
        entity=entity.get("id") if entity else None,
        code=entity.get("code") if entity else None,
    ).model_dump()


def actors_of(
    token: Token, sent: Span, mentions: Mentions, parsed: bool
) -> tuple[dict | None, dict | None]:
    """The event's (actor1, actor2) as Actor-shaped dicts."""
    doc = token.doc
    if parsed:
        out: list[dict | None] = []
        for head in parsed_actors(token):
            if head is None:
                out.append(None)
                continue
            first, last = _phrase(head)
            out.append(
                _actor(doc, doc[first].idx, doc[last - 1].idx + len(doc[last - 1]), mentions)
            )
        return out[0], out[1]
    found = [mentions.nearest(sent, token, after) for after in (False, True)]
    return tuple(_actor(doc, m[0], m[1], mentions) if m else None for m in found)  # type: ignore[return-value]


# Time and place -----------------------------------------------------------------------------


def _ext(doc: Doc, name: str) -> list[dict]:
    if not Doc.has_extension(name):
        return []
    return list(getattr(doc._, name) or [])


def _sentence_timex(timexes: list[dict], sent: Span) -> str | None:
    for timex in timexes:
        value = timex.get("value") or ""
        if timex.get("type") not in ("DATE", "TIME") or not any(c.isdigit() for c in value):
            continue
        if sent.start_char <= timex["start"] and timex["end"] <= sent.end_char:
            return value
    return None


def _sentence_place(entities: list[dict], sent: Span) -> str | None:
    for entity in entities:
        if entity.get("kind") not in ("place", "country"):
            continue
        for mention in entity.get("mentions") or []:
            if sent.start_char <= mention["start"] and mention["end"] <= sent.end_char:
                return entity.get("id")
    return None


def _dateline_place(doc: Doc, entities: list[dict]) -> str | None:
    dateline = doc.user_data.get("dossier.dateline")
    if not dateline:
        return None
    start, end = dateline
    for entity in entities:
        if any(m["start"] < end and start < m["end"] for m in entity.get("mentions") or []):
            return entity.get("id")
    return None


# The coder ----------------------------------------------------------------------------------


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        return list(doc.sents)
    return [doc[:]]


def also_of(token: Token, table: Table, sent: Span, found: dict[int, tuple]) -> list[Reading]:
    """Second readings of a trigger (``pos`` ALSO rows): "marcharon contra el alza", "huelga
    en rechazo a ...": the physical act (a march, a strike) with its stated dissent, a protest of
    its own. A row holds when one of its words follows within :data:`ALSO_WINDOW` tokens, unless
    that word is a trigger itself ("marcha de protesta": "protesta" codes its own event)."""
    rows = [r for key in _keys(token) for r in table.also.get(key, ())]
    if not rows:
        return []
    after = sent.doc[token.i + 1 : min(token.i + 1 + ALSO_WINDOW, sent.end)]
    out = []
    for reading in rows:
        hits = [o for o in after if reading.requires & set(_keys(o))]
        if hits and not any(o.i in found for o in hits) and reading not in out:
            out.append(reading)
    return out


def find_events(doc: Doc) -> list[dict]:
    """The events of ``doc`` as Event-shaped dicts (see the module's docstring)."""
    table = trigger_table(language_of(doc))
    if not table.readings:
        return []
    entities = _ext(doc, "dossier_entities")
    timexes = _ext(doc, "dossier_timexes")
    mentions = Mentions(entities)
    parsed = doc.has_annotation("DEP")
    doc_id = doc.user_data.get("dossier.document_id") or ""
    published = doc.user_data.get("dossier.published")
    dateline = _dateline_place(doc, entities)
    events: list[dict] = []
    for sent in _sentences(doc):
        time_value = _sentence_timex(timexes, sent)
        place = _sentence_place(entities, sent)
        found = {t.i: m for t in sent if (m := match(t, table, sent)) is not None}
        # "entraram em greve", "ввел санкции": the noun that met the verb's reading is no
        # event of its own when it has the same type.
        absorbed = {
            other.i
            for reading, other in found.values()
            if other is not None and other.i in found and found[other.i][0].plover == reading.plover
        }
        for i, (reading, _other) in found.items():
            if i in absorbed:
                continue
            token = doc[i]
            pairs = [(reading, 0)] + [
                (r, n + 1) for n, r in enumerate(also_of(token, table, sent, found))
            ]
            actor1, actor2 = actors_of(token, sent, mentions, parsed)
            time_fallback = time_value is None and published is not None
            for coded, serial in pairs:
                event = Event(
                    id=stable_id("evt", doc_id, token.idx, serial),
                    plover=coded.plover,
                    cameo=coded.cameo or None,
                    mode=None,
                    trigger=TextSpan(text=token.text, start=token.idx, end=token.idx + len(token)),
                    actor1=actor1,
                    actor2=actor2,
                    place=place or dateline,
                    time=time_value or (published if time_fallback else None),
                    modality=modality(token, table, sent),
                    sentence=SentenceRef(start=sent.start_char, end=sent.end_char),
                    time_fallback=time_fallback,
                    place_fallback=place is None and dateline is not None,
                    lemma=token.lemma_.casefold()[:64] or token.text.casefold(),
                )
                events.append(event.model_dump())
    return events
