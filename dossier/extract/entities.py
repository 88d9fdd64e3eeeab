"""Entities: named mentions grouped per document into actors and places with codes.

Mentions come from spaCy's NER, from institution terms found by a PhraseMatcher ("the Russian
military", "the Government", which NER misses) and from the dateline. Each mention is resolved
(``actors.ActorLexicon`` for countries, institutions and roles, ``places.Gazetteer`` for places)
and grouped into one entity per real-world referent of the article:

- a country name ("Russian Federation", "Russia") -> the country;
- a capital or seat of power as an agent or patient ("accusing Havana", "the Kremlin said")
  -> that country's government; as a location ("in Havana") -> the place;
- an institution -> (country, canonical body), so "Government of the Russian Federation" and
  "Russian Cabinet of Ministers" are one entity, and "the Russian Army" / "Russian military" too;
- a parenthesised alias joins the entity before it ("The Russian Duma (Chamber of Deputies)");
- a definite description with no country ("the Legislature", "the Government", "the island")
  joins the most recent entity of the same body, role, or (for "the island") island country;
- a person's later surname-only mention joins the full name.

A well-known person (``people.tsv``, whose roles carry the dates they held) is coded for the
publication date; so are people and bodies that dossier's own data (``institutions.tsv``,
``countries.tsv``, the title before a name) leave uncoded, from PETRARCH-2's actor dictionary
(``extract.actor_dictionary``). Where both know a person, the newer fact wins
(``actor_dictionary.code_on``). The dated codes go to ``doc.user_data["dossier.actor_codes"]``
(entity id -> ``{"codes", "present"}``; dossier's own codes are marked) so the event coder can
code the actor for each event's own date.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dossier.extract.actor_dictionary import (
    Code,
    DatedCode,
    NameMatch,
    code_on,
    event_date,
    term_code,
)
from dossier.extract.actors import (
    ActorLexicon,
    Institution,
    Resolution,
    actor_code,
    strip_article,
)
from dossier.extract.errors import component_errors
from dossier.extract.places import Gazetteer, Place
from dossier.model import Entity, Geo, Mention, content_hash, stable_id
from dossier.resources import read_lines

logger = logging.getLogger(__name__)

NER_LABELS = {"GPE", "LOC", "FAC", "NORP", "ORG", "PERSON"}
TERM, DESCRIPTOR, DATELINE = "DOSSIER_TERM", "DOSSIER_DESCRIPTOR", "DOSSIER_DATELINE"
# Descriptors that stand for a country already named ("the island is experiencing ...").
ISLAND_DESCRIPTORS = ("the island", "the islands", "the archipelago")
# Syntactic slots of an agent or patient: a capital there is its government, not a location.
ACTOR_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "agent", "poss", "iobj"}
ACTOR_PREPOSITIONS = {"by", "with", "against", "between"}
# Terms of this priority or lower ("office", "council") are heads of names, never names alone.
GENERIC_PRIORITY = 2
NAME_LINKERS = {"of", "the", "and", "for", "on", "de", "&"}
# Words before a title that say its holder no longer holds it: "former President ...", coded ELI.
FORMER = frozenset(read_lines("former_words.txt"))
# Words before a name that say the text speaks of the person in an office ("Palestinian leader
# Yasser Arafat"), where the title does not name it.
OFFICE_WORDS = frozenset(read_lines("office_words.txt"))
ACTOR_CODES = "dossier.actor_codes"

Key = tuple[str, ...]


@dataclass
class _Entity:
    key: Key
    kind: str
    country: str | None = None
    role: str | None = None
    canonical: str | None = None
    place: Place | None = None
    names: list[str] = field(default_factory=list)  # mentions that name it (not descriptions)
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)
    last: int = 0  # start offset of the latest mention, for picking antecedents
    codes: tuple[DatedCode, ...] = ()  # dated codes that coded it (people.tsv's, PETRARCH-2's)
    present: Code | None = None  # an undated present-day code those codes compete with, if any


class EntityResolver:
    """Everything entity resolution needs that is loaded once per pipeline."""

    def __init__(self, nlp: Language, lexicon: ActorLexicon, gazetteer: Gazetteer) -> None:
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        tokenize = nlp.make_doc
        terms = [i.term for i in lexicon.institutions.values() if i.kind != "title"]
        # Short acronyms ("un", "who", "ap") are words too: only their capitals name a body.
        self.term_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.term_matcher.add(TERM, [tokenize(t) for t in terms if not _is_acronym(t)])
        self.term_matcher.add(DESCRIPTOR, [tokenize(t) for t in ISLAND_DESCRIPTORS])
        self.acronym_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.acronym_matcher.add(TERM, [tokenize(t.upper()) for t in terms if _is_acronym(t)])
        titles = [i.term for i in lexicon.institutions.values() if i.kind == "title"]
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.title_matcher.add("TITLE", [tokenize(t) for t in titles])
        # abbreviations tokenize by case ("gen ." but "Gen."): match their capitalised form too
        self.title_matcher.add("TITLE", [tokenize(t.title()) for t in titles if "." in t])

    def __call__(self, doc: Doc) -> list[Entity]:
        return find_entities(doc, self)


def find_entities(doc: Doc, resolver: EntityResolver) -> list[Entity]:
    """Group the mentions of ``doc`` into entity records, in order of first mention."""
    spans = candidate_spans(doc, resolver)
    grouping = _Grouping(doc, resolver)
    grouping.candidates = spans
    for span in spans:
        grouping.add(span)
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(doc.text)
    records = []
    dated: dict[str, dict] = {}
    for entity in grouping.ordered():
        record = grouping.record(entity, doc_id)
        if record is None:
            continue
        records.append(record)
        if entity.codes:
            dated[record.id] = {
                "codes": [c.as_list() for c in entity.codes],
                "present": list(entity.present) if entity.present else None,
            }
    doc.user_data[ACTOR_CODES] = dated
    return records


def candidate_spans(doc: Doc, resolver: EntityResolver) -> list[Span]:
    """Mention candidates from NER, institution terms and the dateline, without overlaps."""
    spans: list[Span] = []
    dateline = doc.user_data.get("dossier.dateline")
    for ent in doc.ents:
        if dateline and ent.start_char < dateline[1] and ent.end_char > dateline[0]:
            spans.append(Span(doc, ent.start, ent.end, label=DATELINE))
        elif ent.label_ in NER_LABELS:
            ent = _trim(ent)
            spans.append(_with_article(ent) if ent.label_ == "ORG" else ent)
    matches = resolver.term_matcher(doc) + resolver.acronym_matcher(doc)
    for match_id, start, end in matches:
        label = doc.vocab.strings[match_id]
        if label == DESCRIPTOR:
            if end >= len(doc) or doc[end].lower_ != "of":
                spans.append(Span(doc, start, end, label=DESCRIPTOR))
            continue
        if doc[end - 1].dep_ in ("amod", "compound") and doc[end - 1].head.i >= end:
            continue  # a modifier ("military cooperation", "government officials")
        span = _expand_term(doc, start, end, resolver.lexicon)
        if span is not None:
            spans.append(span)
    return filter_spans(spans)


def _trim(span: Span) -> Span:
    """Cut what NER runs into a name: a bracketed alias ("Santiago (Chile"), a possessive."""
    end = next((t.i for t in span[1:] if t.text == "("), span.end)
    if end - span.start > 1 and span.doc[end - 1].text in ("'s", "’s", "'"):
        end -= 1
    return span if end == span.end else Span(span.doc, span.start, end, label=span.label)


def _with_article(span: Span) -> Span:
    """Include a determiner just before the span: "the Legislature" rather than "Legislature"."""
    if span.start > 0 and span.doc[span.start - 1].lower_ == "the":
        return Span(span.doc, span.start - 1, span.end, label=span.label)
    return span


def _expand_term(doc: Doc, start: int, end: int, lexicon: ActorLexicon) -> Span | None:
    """Grow an institution term into the name it heads.

    Left over country words ("Russian military", "Russia's army", "North Korean troops"), right
    over "of (the) <country>" ("Government of the Republic of Cuba"), then a leading "the".
    A group noun ("officials", "mercenaries") or a generic head ("office", "service") is kept
    only with a country ("Cuban mercenaries"); inside a longer name NER finds it.
    """
    institution = lexicon.institutions.get(doc[start:end].text.lower())
    named = False
    while start > 0:
        prev = doc[start - 1]
        if prev.text in ("'s", "’s") and start > 1 and lexicon.country_name(doc[start - 2].text):
            start -= 2
        elif lexicon.country_word(prev.text):
            start -= 1
        elif start > 1 and lexicon.country_word(doc[start - 2 : start].text):
            start -= 2
        elif (
            prev.text in lexicon.capitals and institution is not None and institution.role == "GOV"
        ):
            start -= 1  # a capital for its government: "the Kabul government"
        else:
            break
        named = True
    if end < len(doc) and doc[end].lower_ == "of":
        tail = end + 1
        if tail < len(doc) and doc[tail].lower_ == "the":
            tail += 1
        for size in range(lexicon.longest_name, 0, -1):
            if tail + size <= len(doc) and lexicon.country_name(doc[tail : tail + size].text):
                end, named = tail + size, True
                break
    if (
        institution is not None
        and not named
        and (institution.kind == "group" or institution.priority <= GENERIC_PRIORITY)
    ):
        return None
    return _with_article(Span(doc, start, end, label=TERM))


def is_metonym(token: Token) -> bool:
    """Does a place name stand in an agent or patient slot ("accusing Havana", "Moscow said")?"""
    while token.dep_ in ("conj", "appos") and token.head is not token:
        token = token.head
    if token.dep_ in ACTOR_DEPS:
        return True
    return token.dep_ == "pobj" and token.head.lower_ in ACTOR_PREPOSITIONS


class _Grouping:
    """Mentions -> entities, in text order, with the state coreference needs."""

    def __init__(self, doc: Doc, resolver: EntityResolver) -> None:
        self.doc = doc
        self.lex = resolver.lexicon
        self.gaz = resolver.gazetteer
        self.resolver = resolver
        self.entities: dict[Key, _Entity] = {}
        self.aliases: dict[str, Key] = {}  # lowercase alias text -> entity, from appositions
        self.appositions: dict[int, Key] = {}  # token index of a parenthesised alias -> entity
        self.country_hints: dict[int, str] = {}  # token index of a place -> country in brackets
        self.candidates: list[Span] = []
        self.date = event_date(doc.user_data.get("dossier.published"))

    # --- adding mentions -------------------------------------------------------------------
    def add(self, span: Span) -> None:
        if span.start in self.appositions:
            self._mention(self.appositions[span.start], span, names=True)
            return
        alias = self.aliases.get(strip_article(span.text).lower())
        if alias and span.label_ in ("ORG", TERM, "PERSON"):
            self._mention(alias, span, names=True)
            return
        key = self._resolve(span)
        if key is not None:
            self._look_for_apposition(span, key)

    def _mention(self, key: Key, span: Span, *, names: bool) -> None:
        entity = self.entities[key]
        entity.mentions[(span.start_char, span.end_char)] = span.text
        entity.last = max(entity.last, span.start_char)
        if names:
            entity.names.append(strip_article(span.text))

    def _entity(self, key: Key, kind: str, **attrs) -> _Entity:
        if key not in self.entities:
            self.entities[key] = _Entity(key=key, kind=kind, **attrs)
        return self.entities[key]

    def _resolve(self, span: Span) -> Key | None:
        label = span.label_
        text = strip_article(span.text)
        if label == DATELINE:
            if country := self.lex.country_name(text):
                return self._country(span, country)
            return self._place(span, text.title() if text.isupper() else text)
        if label == DESCRIPTOR:
            return self._island(span)
        if label == "PERSON":
            return self._person(span)
        if label == "NORP":
            return self._people(span)
        country = self.lex.country_name(text)
        if country and not self._us_state_in_context(text, country):
            return self._country(span, country)
        seat = self.lex.seat(text)
        if seat:
            return self._government(span, seat, names=True)
        capital = self.lex.capitals.get(text)
        if capital and label in ("GPE", "LOC", "FAC") and is_metonym(span.root):
            return self._government(span, capital, names=False)
        if self._lone_surname(span):  # the small model tags "Nakasone said" ORG or GPE
            return self._person(span)
        if label in ("GPE", "LOC", "FAC"):
            return self._place(span, text)
        return self._organization(span)

    def _lone_surname(self, span: Span) -> bool:
        """Is a one-word ORG or GPE the surname of the one office holder of the publication date
        (PETRARCH-2's leaders), not a place the gazetteer knows?"""
        if len(span) != 1 or span.label_ not in ("ORG", "GPE") or self.lex.dictionary is None:
            return False
        if self.date is None or not span[0].is_title:
            return False
        if self.lex.dictionary.by_surname(span.text, self.date) is None:
            return False
        return span.label_ == "ORG" or self.gaz.lookup(span.text, None) is None

    def _country(self, span: Span, iso3: str) -> Key:
        key = ("country", iso3)
        self._entity(key, "country", country=iso3)
        self._mention(key, span, names=True)
        return key

    def _government(self, span: Span, iso3: str, *, names: bool) -> Key:
        government = self.lex.institutions.get("government")
        key = ("org", iso3, "government")
        self._entity(
            key,
            "organization",
            country=iso3,
            role=government.role if government else "GOV",
            canonical="government",
        )
        self._mention(key, span, names=names)
        return key

    def _place(self, span: Span, name: str) -> Key:
        place = self.gaz.lookup(name, self.country_hints.get(span.start))
        key = ("place", str(place.geonames_id)) if place else ("place", name.lower())
        country = place.country if place else None
        self._entity(key, "place", country=country, place=place)
        self._mention(key, span, names=True)
        return key

    def _island(self, span: Span) -> Key | None:
        """ "the island": the island country most recently named or implied ("Cuban government")."""
        islands = [
            e
            for e in self.entities.values()
            if e.country in self.lex.countries and self.lex.countries[e.country].island
        ]
        if not islands:
            return None
        country = max(islands, key=lambda e: e.last).country
        key = ("country", country)
        self._entity(key, "country", country=country)
        self._mention(key, span, names=False)
        return key

    def _people(self, span: Span) -> Key | None:
        """A demonym used as a noun ("Cubans", "the French") is a group; an adjective is nothing."""
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound"):
            return None
        country = self.lex.demonyms.get(root.text) or self.lex.country_word(root.text)
        if not country:
            return None
        key = ("group", country)
        self._entity(key, "group", country=country)
        self._mention(key, span, names=True)
        return key

    def _person(self, span: Span) -> Key:
        surname = span[-1].text.lower()
        key = ("person", surname)
        role, country = self._person_title(span)
        titled = role is not None
        own = self.lex.person_codes(strip_article(span.text))  # people.tsv's dated roles
        # Where the text names the person's office, it speaks of that term, whatever the date
        # says ("President Suharto", "Kofi Annan, UN secretary-general,"); else the date decides.
        office = role if titled or not own else self._office_in_text(span)
        described = office is not None
        if own:  # a well-known figure: "Putin", "Kofi Annan"
            if described and role != "ELI":
                known = term_code(own, office or None, self.date)
            else:
                known = code_on(own, self.date)
            known_country, known_role = known or (None, None)
            role = role if country or role == "ELI" else (known_role or role)
            if known_role != "IGO":  # the head of an international body acts for it
                country = country or known_country
        entity = self._entity(key, "person")
        codes: tuple[DatedCode, ...] = own
        # An office and a country in the text say who the person is: no dictionary look-up.
        match = None if described and country else self._dictionary(span)
        if match is not None and self._same_person(span, match, role if titled else None, country):
            # PETRARCH-2 knows the person too: on a date, the newer fact of the two wins
            codes = (*own, *match.codes)
            picked = code_on(codes, self.date) or (None, None)
            if not described:
                role = picked[1] or role
            if "IGO" not in (picked[1], role):
                country = country or picked[0]
        if not described and not entity.role and not entity.codes and any(c.dated for c in codes):
            entity.codes = codes  # the event coder codes the person for each event's date
        entity.role = entity.role or role
        entity.country = entity.country or country
        self._mention(key, span, names=True)
        return key

    def _office_in_text(self, span: Span) -> str | None:
        """The role of the office the text gives an untitled person, "" for an office it does not
        name, None for none: an office word before the name ("Palestinian leader Yasser
        Arafat"), a title in an apposition ("Kofi Annan, UN secretary-general,"), or a body the
        name modifies ("the Bush administration", "Djindjic's opposition coalition")."""
        before = self.doc[max(span.sent.start, span.start - 3) : span.start]
        if any(t.lower_ in FORMER for t in before):
            return None
        if before and before[-1].lower_ in OFFICE_WORDS:
            return ""
        titled = self._appositive_title(span)
        if titled is not None:
            return titled
        root = span.root
        if root.dep_ in ("compound", "poss") and root.head.i >= span.end:
            words = [t.text for t in self.doc[span.end : root.head.i + 1] if not t.is_punct]
            body = self.lex.resolve_words(words).institution
            if body is not None and body.kind == "organization":
                return body.role
        return None

    def _appositive_title(self, span: Span) -> str | None:
        """The role of a title in an apposition after a name ("Kofi Annan, UN secretary-general,"
        -> IGO, acting for the UN; "Ana Soto, the foreign minister," -> GOV)."""
        end = span.end
        if end >= len(self.doc) or self.doc[end].text != ",":
            return None
        stop = end + 1
        while stop < min(end + 7, span.sent.end) and self.doc[stop].text not in (",", ".", ";"):
            if self.doc[stop].pos_ in ("VERB", "AUX"):
                return None
            stop += 1
        window = self.doc[end + 1 : stop]
        for match in self.resolver.title_matcher(window, as_spans=True):
            term = self.lex.institutions.get(match.text.lower())
            if term is None:
                continue
            body = self.lex.resolve_words([t.text for t in window if t.i < match.start])
            if body.institution is not None and body.institution.kind == "igo":
                return body.institution.role
            return term.role
        return None

    def _same_person(
        self, span: Span, match: NameMatch, role: str | None, country: str | None
    ) -> bool:
        """Is the dictionary's person the one the text names, not a namesake? Not when the text
        gives another country ("Ana Soto, Peru's ...") or a title the person never held, or
        makes its holder act for an international body ("U.N. mediator Diego Cordovez")."""
        if country and all(c.country != country for c in match.codes):
            return False
        if role and all(c.role != role for c in match.codes):
            return False
        window = self.doc[max(span.sent.start, span.start - 4) : span.start]
        body = self.lex.resolve_words([t.text for t in window]).institution
        return body is None or body.kind != "igo"

    def _dictionary(self, span: Span) -> NameMatch | None:
        """The PETRARCH-2 actor entry a name is, if the actor dictionary is on."""
        if self.lex.dictionary is None:
            return None
        words = [t.text for t in span if t.lower_ != "the"]
        found = self.lex.dictionary.lookup(words)
        if found is None and len(words) == 1:
            found = self.lex.dictionary.by_surname(words[0], self.date)  # "Nakasone said"
        return found

    def _person_title(self, span: Span) -> tuple[str | None, str | None]:
        """Role and country from the words before a name ("Russian Foreign Minister Sergei ...")."""
        sent_start = span.sent.start
        window = self.doc[max(sent_start, span.start - 5) : span.start]
        role, longest, title_start = None, 0, len(window)
        for match in self.resolver.title_matcher(window, as_spans=True):
            start, end = match.start - window.start, match.end - window.start  # doc offsets
            term = self.lex.institutions.get(window[start:end].text.lower())
            if term and end == len(window) and end - start > longest:
                role, longest, title_start = term.role, end - start, start
        if role and any(t.lower_ in FORMER for t in window[:title_start]):
            role = "ELI"  # "former prime minister ...": an elite, no longer the office
        country = None
        if role:
            country = next((c for t in window if (c := self.lex.country_word(t.text))), None)
            body = self.lex.resolve_words([t.text for t in window[:title_start]]).institution
            if country is None and body is not None and body.kind == "igo":
                return body.role, None  # "U.N. Secretary-General Kofi Annan" acts for the UN
        country = country or self._appositive_country(span)
        return role, country

    def _appositive_country(self, span: Span) -> str | None:
        """The country of an apposition after a name ("Ana Soto, Peru's leading activist,")."""
        end = span.end
        if end >= len(self.doc) or self.doc[end].text != ",":
            return None
        for token in self.doc[end + 1 : min(end + 5, span.sent.end)]:
            if token.text in (",", ".", ";") or token.pos_ in ("VERB", "AUX"):
                break
            country = self.lex.country_name(token.text) or self.lex.adjectives.get(token.text)
            if country:
                return country
        return None

    def _organization(self, span: Span) -> Key | None:
        words = [t.text for t in span]
        resolution = self.lex.resolve_words(words)
        institution = resolution.institution
        known = self._known_body(span, resolution)
        if known is not None:
            return known
        if institution is None:
            place = self.gaz.lookup(strip_article(span.text))
            if place is not None and place.feature == "city":
                return self._place(span, strip_article(span.text))  # NER's ORG for a city name
        if institution is None and resolution.country is None:
            if span.label_ == TERM or span.text.islower():
                return None  # a name is capitalised: lowercase NER output is noise ("cts")
            if len(span) == 1 and _opens_sentence(span[0]):
                return None  # one capitalised word opening a sentence is too often not a name
            key = ("org", "", strip_article(span.text).lower())
            self._entity(key, "organization")
            self._mention(key, span, names=True)
            return key
        if self._is_description(span, resolution):
            return self._antecedent(span, institution)
        country = resolution.country
        assert institution is not None or country is not None
        kind = (
            {"group": "group"}.get(institution.kind, "organization")
            if institution
            else "organization"
        )
        canonical = institution.canonical if institution else None
        if institution is not None and self._covered(span, resolution):
            key = ("org", country or "", canonical or "")
        else:
            key = ("org", country or "", strip_article(span.text).lower())
        self._entity(
            key,
            kind,
            country=country,
            role=institution.role if institution else None,
            canonical=canonical,
        )
        self._mention(key, span, names=True)
        self._nested_country(span, resolution)
        return key

    def _known_body(self, span: Span, resolution: Resolution) -> Key | None:
        """A body PETRARCH-2's actor dictionary names in full ("Liberation Tigers of Tamil
        Eelam", "Kurdistan Workers' Party") where dossier's own words code it as nothing, or only
        by a term inside the name ("workers"): the name is the more specific."""
        if self.lex.dictionary is None or span.label_ == TERM:
            return None
        if resolution.institution is not None and self._covered(span, resolution):
            return None  # dossier's own data name this very body
        words = [t for t in span if t.lower_ not in ("the", "'s", "’s")]
        match = self.lex.dictionary.lookup([t.text for t in words])
        if match is None or match.end - match.start < len(words):
            return None  # a run inside a longer name is no name of it
        if resolution.institution is not None and match.end - match.start < 2:
            return None
        picked = code_on(match.codes, self.date)
        if picked is None or not (picked[0] or picked[1]):
            return None
        country, role = picked
        if resolution.institution is None and role is None and country == resolution.country:
            return None  # a country's name or adjective: dossier's own resolution has it
        name = strip_article(span.text)
        key = ("org", country or "", name.lower())
        entity = self._entity(key, "organization", country=country, role=role)
        if not entity.codes and any(c.dated for c in match.codes):
            entity.codes = match.codes
        self._mention(key, span, names=True)
        return key

    def _is_description(self, span: Span, resolution: Resolution) -> bool:
        """ "the Government", "the Legislature": a body named only by what it is.

        A capitalised name of several words ("the Ministry of Energy") is a name, not a description.
        """
        if resolution.institution is None or resolution.country is not None:
            return False
        words = [t for t in span if t.lower_ not in ("the", "its", "their")]
        if " ".join(t.lower_ for t in words) != resolution.institution.term:
            return False
        return len(words) == 1 or all(t.is_lower for t in words)

    def _antecedent(self, span: Span, institution: Institution | None) -> Key | None:
        if institution is None:
            return None
        orgs = [e for e in self.entities.values() if e.kind == "organization"]
        for match in (
            lambda e: e.canonical == institution.canonical,
            lambda e: e.role == institution.role,
        ):
            found = [e for e in orgs if match(e)]
            if found:
                key = max(found, key=lambda e: e.last).key
                self._mention(key, span, names=False)
                return key
        return None

    def _covered(self, span: Span, resolution: Resolution) -> bool:
        """Is the name nothing but a country and the institution term (so it is that body)?"""
        covered = set()
        for part in (resolution.term_words, resolution.country_words):
            if part:
                covered.update(range(*part))
        for i, token in enumerate(span):
            if i in covered or token.lower_ in ("the", "of", "'s", "’s"):
                continue
            if self.lex.country_word(token.text):
                continue
            return False
        return True

    def _nested_country(self, span: Span, resolution: Resolution) -> None:
        """A country named inside an organisation's name is a mention of the country too."""
        if resolution.country_words is None or resolution.country is None:
            return
        start, end = resolution.country_words
        inner = span[start:end]
        key = ("country", resolution.country)
        self._entity(key, "country", country=resolution.country)
        self._mention(key, inner, names=True)

    def _look_for_apposition(self, span: Span, key: Key) -> None:
        """ "X (Y)": Y is another name of X, or, after a place, the country it lies in."""
        doc = self.doc
        if span.end >= len(doc) or doc[span.end].text != "(":
            return
        close = next((t.i for t in doc[span.end + 1 : span.end + 10] if t.text == ")"), None)
        if close is None or close == span.end + 1:
            return
        inner = doc[span.end + 1 : close]
        country = self.lex.country_name(inner.text)
        entity = self.entities[key]
        if country and not self._is_candidate(inner):
            self._country(inner, country)  # NER ran it into the name before: still a mention
        if country and entity.kind == "place":
            if entity.country != country:
                self.country_hints[span.start] = country
                self.entities.pop(key)
                self._place(span, strip_article(span.text))
            return
        if country or entity.kind in ("country", "place"):
            return
        looks_like_name = any(t.is_upper or t.is_title for t in inner) and all(
            t.is_upper or t.is_title or t.lower_ in NAME_LINKERS for t in inner
        )
        if not looks_like_name:
            return
        self.appositions[inner.start] = key
        self.aliases[strip_article(inner.text).lower()] = key
        if not self._is_candidate(inner):
            # Not a mention candidate of its own: the apposition still names the entity.
            self._mention(key, inner, names=True)

    def _is_candidate(self, span: Span) -> bool:
        return any(s.start == span.start for s in self.candidates)

    def _us_state_in_context(self, name: str, country: str) -> bool:
        """ "Georgia": the country, unless the article is about the US state of that name.

        The state wins when the article says "state of Georgia" / "Georgia state" or names more
        US places than places, words or people of the country.
        """
        states = [p for p in self.gaz.candidates(name) if p.feature == "state"]
        if not states or country == "USA":
            return False
        text = self.doc.text
        if f"state of {name}" in text or f"{name} state" in text:
            return True
        us, home = 0, 0
        for ent in self.doc.ents:
            if ent.label_ not in ("GPE", "NORP", "LOC") or ent.text == name:
                continue
            if (
                self.lex.country_word(strip_article(ent.text)) == country
                or self.lex.capitals.get(ent.text) == country
            ):
                home += 1
            elif self.lex.country_name(ent.text) == "USA" or (
                (place := self.gaz.lookup(ent.text)) and place.country == "USA"
            ):
                us += 1
        return us > home

    # --- records ---------------------------------------------------------------------------
    def ordered(self) -> Iterable[_Entity]:
        return sorted(
            self.entities.values(), key=lambda e: min(e.mentions) if e.mentions else (0, 0)
        )

    def record(self, entity: _Entity, doc_id: str) -> Entity | None:
        if not entity.mentions:
            return None
        if entity.kind == "country" and entity.country in self.lex.countries:
            name = self.lex.countries[entity.country].name
            geo_id = self.gaz.country_ids.get(entity.country)
            geo = Geo(geonames_id=geo_id) if geo_id else None
        else:
            place = entity.place
            name = (
                place.name
                if place
                else _best_name(entity.names) or strip_article(next(iter(entity.mentions.values())))
            )
            geo = (
                Geo(lat=place.lat, lon=place.lon, geonames_id=place.geonames_id) if place else None
            )
        return Entity(
            id=stable_id("ent", doc_id, *entity.key),
            name=name,
            kind=entity.kind,  # type: ignore[arg-type]
            country=entity.country,
            role=entity.role,
            code=actor_code(entity.country, entity.role),
            geo=geo,
            mentions=[
                Mention(start=s, end=e, text=t) for (s, e), t in sorted(entity.mentions.items())
            ],
        )


def _opens_sentence(token: Token) -> bool:
    """Is this the first word of its sentence (after any quotation marks or brackets)?"""
    return all(t.is_punct or t.is_space for t in token.doc[token.sent.start : token.i])


def _best_name(names: list[str]) -> str | None:
    """The name to show: the one with most capitalised words, the earliest of those.

    >>> _best_name(["Russian army", "Russian Army", "Russian military"])
    'Russian Army'
    """
    if not names:
        return None
    return max(enumerate(names), key=lambda n: (sum(w[:1].isupper() for w in n[1].split()), -n[0]))[
        1
    ]


def _is_acronym(term: str) -> bool:
    """
    >>> _is_acronym("un"), _is_acronym("army"), _is_acronym("state duma")
    (True, False, False)
    """
    return " " not in term and len(term) <= 3


@Language.factory("dossier_entities")
def make_entity_component(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent(nlp)


class EntityComponent:
    """Thin spaCy component: stores ``find_entities`` on ``doc._.dossier_entities``."""

    def __init__(self, nlp: Language) -> None:
        if not Doc.has_extension("dossier_entities"):
            Doc.set_extension("dossier_entities", default=None)
        self.resolver = EntityResolver(nlp, ActorLexicon.load(), Gazetteer())

    def __call__(self, doc: Doc) -> Doc:
        with component_errors(doc, "dossier_entities"):
            # Plain dicts, not records: user_data must survive msgpack when nlp.pipe uses processes.
            doc._.dossier_entities = [e.model_dump() for e in self.resolver(doc)]
        return doc
