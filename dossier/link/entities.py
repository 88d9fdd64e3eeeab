"""The same actor across documents: one cross-document key per entity, and queries by name.

Within one article the extractor groups mentions into :class:`~dossier.model.Entity` records
whose ids are per document. Here every entity gets a *key* that is the same for the same
real-world actor in any article (:func:`entity_key`):

* a country: ``country:RUS``;
* an organisation or group named by an institution of the lexicon (``institutions.tsv``) and a
  country: ``org:RUS:duma`` from the term's canonical id, so "State Duma", "Russian Duma",
  "the Duma" and "the lower house of the Russian parliament" are one key; a generic chamber of
  a country whose lexicon names that chamber ("russian lower house" -> duma) is that chamber;
  any other organisation: its name without country words and articles (``org:RUS:ministry
  energy`` for "Russia's Ministry of Energy" and "Russian Ministry of Energy");
* a person: ``person:`` and the name without titles and honorifics, case and accents folded
  ("President Vladimir Putin", "Mr Putin" -> ``person:vladimir putin``, ``person:putin``);
* a place: ``geo:<geonames id>`` when known, else ``geo:`` and its folded name (a "place" that
  is not in the gazetteer but is named like a body, "the Russian Duma", is that body);
* anything else: its kind and folded name.

A name in another script is transliterated to Latin letters first ("Владимир Путин" ->
``person:vladimir putin``). Whether two person keys are one person across languages and
romanisations ("person:volodymyr zelenskyy", "person:vladimir zelenskiy") is their
:func:`identity` (:func:`dossier.link.translit.entity_key`): stories match actors by it, and
queries group keys by it.

A key depends on the entity record alone, so stored keys never depend on which articles came
first. Whether a bare surname ("Putin") is a full name ("Vladimir Putin") is decided when the
store is *queried* (:func:`find_entity`): it is when the store holds exactly one full name with
that surname, of a compatible country.

The keys are kept in table ``link_entities`` (:func:`link_entities`, incremental: entities
whose id is there are done; with another lexicon or key version the table is rebuilt).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import (
    Column,
    Connection,
    Index,
    MetaData,
    String,
    Table,
    delete,
    func,
    insert,
    or_,
    select,
)

from dossier.extract.actors import ActorLexicon, Institution, Resolution, strip_article
from dossier.link.sql import chunks, writing
from dossier.link.translit import entity_key as name_key
from dossier.link.translit import other_script, romanize
from dossier.model import Entity
from dossier.resources import read_lines
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import ENTITIES, documents, entities, events, meta

logger = logging.getLogger(__name__)

KEY_VERSION = 2
"""Bump when :func:`entity_key` changes: stored keys are then recomputed."""
PARAMS_KEY = "link.entities"
"""Key of the key version and lexicon fingerprint in the store's ``meta`` table."""
LEXICON_FILES = ("countries.tsv", "institutions.tsv", "people.tsv", "honorifics.txt")
"""The data files keys are made from (their fingerprint is stored with the keys)."""
_BATCH = 2000  # entities keyed per write transaction
_NOISE = frozenset({"the", "of", "'s", "’s", "and", "for", "&"})
_SPLIT_RE = re.compile(r"[^\w'\-]+")
_POSSESSIVE_RE = re.compile(r"^(.+?)(['’]s)$")

entity_metadata = MetaData()
link_entities_table = Table(
    "link_entities",
    entity_metadata,
    Column("entity_id", String(64), primary_key=True),
    Column("document_id", String(64), nullable=False, index=True),
    Column("key", String(255), nullable=False),
    Column("name", String(255), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("code", String(32)),
    Column("country", String(32)),
    Index("ix_link_entities_key", "key"),
)


@cache
def honorifics() -> frozenset[str]:
    """Forms of address before a name that say nothing about the person's office
    (``honorifics.txt``; the titles that do, President, Gen., come from ``institutions.tsv``)."""
    return frozenset(fold(word) for word in read_lines("honorifics.txt"))


# -- pure functions ----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case, accents, dots and spacing folded, for comparing names.

    A name with letters of another script is transliterated to Latin letters first
    (:func:`~dossier.link.translit.romanize`).

    >>> fold("  Miguel DÍAZ-Canel "), fold("U.S. State  Department"), fold("Ukraine’s")
    ('miguel diaz-canel', 'us state department', "ukraine's")
    >>> fold("Владимир Путин"), fold("Ольга")
    ('vladimir putin', "ol'ga")
    """
    # Compatibility forms first: a circled or full-width letter of another script is a letter
    # of that script only once decomposed.
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    if other_script(text):
        text = unicodedata.normalize("NFKD", romanize(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(_SPLIT_RE.sub(" ", text.replace(".", "")).split())


def name_words(text: str) -> list[str]:
    """The words of a name, with a possessive ``'s`` and edge punctuation split off.

    >>> name_words("the lower house of Russia's parliament,")
    ['the', 'lower', 'house', 'of', 'Russia', "'s", 'parliament']
    >>> name_words('"U.S. State Department"')
    ['U.S.', 'State', 'Department']
    """
    words: list[str] = []
    for raw in text.split():
        word = raw.strip('"“”‘(),;:!?[]')
        if word.endswith(".") and word.count(".") == 1 and len(word) > 4:
            word = word[:-1]  # a full stop, not an abbreviation ("Gen.", "U.S.")
        if not word:
            continue
        possessive = _POSSESSIVE_RE.match(word)
        words.extend(possessive.groups() if possessive else (word,))
    return words


@dataclass(frozen=True)
class KeyLexicon:
    """The actor lexicon plus what keys need from it: titles and country-specific chambers."""

    actors: ActorLexicon
    prefixes: frozenset[str]
    """Folded terms that may stand before a person's name: titles ("president", "gen") and
    bodies ("u.n." in "U.N. Secretary-General Kofi Annan")."""
    longest_prefix: int
    chambers: Mapping[tuple[str, str], str]
    """(country, generic canonical) -> that country's own canonical: (RUS, lower-house) -> duma."""

    @classmethod
    def from_actors(cls, actors: ActorLexicon) -> KeyLexicon:
        """Derive titles and chambers from ``actors``.

        A chamber is a country-specific term made of one of the country's words and a generic
        term: "russian lower house" (RUS, duma) makes (RUS, lower-house) -> duma.

        >>> lex = ActorLexicon(adjectives={"Russian": "RUS"}, institutions={
        ...     "lower house": Institution("lower house", "LEG", "organization", None,
        ...                                "lower-house", 6),
        ...     "russian lower house": Institution("russian lower house", "LEG", "organization",
        ...                                        "RUS", "duma", 9)})
        >>> dict(KeyLexicon.from_actors(lex).chambers)
        {('RUS', 'lower-house'): 'duma'}
        """
        prefixes = frozenset(fold(term) for term in actors.institutions)
        words = {
            w.lower(): iso
            for table in (actors.names, actors.adjectives, actors.demonyms)
            for w, iso in table.items()
        }
        chambers: dict[tuple[str, str], str] = {}
        for term, specific in sorted(actors.institutions.items()):
            if not specific.country or specific.kind == "title":
                continue
            parts = term.split()
            for k in range(1, len(parts)):
                generic = actors.institutions.get(" ".join(parts[k:]))
                if (
                    words.get(" ".join(parts[:k])) == specific.country
                    and generic is not None
                    and generic.country is None
                    and generic.canonical != specific.canonical
                ):
                    chambers.setdefault((specific.country, generic.canonical), specific.canonical)
        longest = max((len(t.split()) for t in prefixes), default=1)
        return cls(actors, prefixes, longest, chambers)


@cache
def default_lexicon() -> KeyLexicon:
    """The key lexicon of the shipped data files, loaded once (read only)."""
    return KeyLexicon.from_actors(ActorLexicon.load())


def entity_key(entity: Entity, lexicon: KeyLexicon | None = None) -> str:
    """The cross-document key of an entity: the same actor has the same key in any article.

    >>> def e(name, kind="organization", country=None, mentions=(), **kw):
    ...     from dossier.model import Mention
    ...     ms = [Mention(text=m, start=0, end=len(m)) for m in mentions]
    ...     return Entity(id="x", name=name, kind=kind, country=country, mentions=ms, **kw)
    >>> entity_key(e("Russia", "country", "RUS"))
    'country:RUS'
    >>> [entity_key(e(n, country="RUS")) for n in ("State Duma", "Russian Duma", "Duma")]
    ['org:RUS:duma', 'org:RUS:duma', 'org:RUS:duma']
    >>> entity_key(e("Russian lower house", country="RUS"))
    'org:RUS:duma'
    >>> entity_key(e("US Senate", country="USA")), entity_key(e("Kremlin", country="RUS"))
    ('org:USA:senate', 'org:RUS:government')
    >>> entity_key(e("Russia's Ministry of Sport", country="RUS"))
    'org:RUS:ministry sport'
    >>> entity_key(e("Cubans", "group", "CUB")), entity_key(e("Example Wire"))
    ('group:CUB', 'org:example wire')
    >>> [entity_key(e(n, "person")) for n in ("President Vladimir Putin", "Mr. Putin")]
    ['person:vladimir putin', 'person:putin']
    >>> entity_key(e("Russian Foreign Minister Sergéi Lavrov", "person"))
    'person:sergei lavrov'
    >>> from dossier.model import Geo
    >>> entity_key(e("Moscow", "place", geo=Geo(geonames_id=524901)))
    'geo:524901'
    >>> entity_key(e("Velora", "place")), entity_key(e("the Cold War", "other"))
    ('geo:velora', 'other:cold war')
    >>> entity_key(e("Russian Duma", "place"))  # a body NER took for a place
    'org:RUS:duma'
    """
    lex = lexicon or default_lexicon()
    name = strip_article(entity.name.strip())
    if entity.kind == "country":
        return f"country:{entity.country}" if entity.country else f"country:{fold(name)}"
    if entity.kind == "person":
        return "person:" + person_name(name, lex)
    if entity.kind == "place":
        if entity.geo is not None and entity.geo.geonames_id is not None:
            return f"geo:{entity.geo.geonames_id}"
        found = _institution(name, entity.country, lex)
        if found is not None and found[0].kind != "group":
            # Not in the gazetteer but a body's name ("the Russian Duma" tagged as a place).
            return _body_key(entity.model_copy(update={"kind": "organization"}), lex)
        return f"geo:{fold(name)}"
    if entity.kind in ("organization", "group"):
        return _body_key(entity, lex)
    return f"{entity.kind}:{fold(name)}"


def person_name(name: str, lexicon: KeyLexicon | None = None) -> str:
    """A person's name without what may stand before it, folded: articles, honorifics, country
    words, titles and bodies of the lexicon, and lowercase words ("Cuban leader Ana Soto").

    >>> person_name("Russian President Vladimir Putin"), person_name("Gen. Valery Gerasimov")
    ('vladimir putin', 'valery gerasimov')
    >>> person_name("Mrs Thatcher's"), person_name("Dr. Anna Smith"), person_name("President")
    ('thatcher', 'anna smith', 'president')
    >>> person_name("U.N. Secretary-General Kofi Annan"), person_name("Cuban leader Ana Soto")
    ('kofi annan', 'ana soto')
    >>> person_name("vladimir putin")
    'vladimir putin'
    """
    lex = lexicon or default_lexicon()
    words = [(w, f) for w in name_words(name) if (f := fold(w))]
    if words and words[-1][1] == "'s":
        words = words[:-1]
    if not words:
        return fold(name)
    folded = [f for _, f in words]
    cased = not name.islower()  # lowercase words before a capitalised name are no part of it
    i = 0
    while i < len(words) - 1:  # the last word is the name itself, whatever it looks like
        raw, word = words[i]
        if (
            word in honorifics()
            or word in _NOISE
            or (cased and raw.islower())
            or lex.actors.country_word(raw)
        ):
            i += 1
            continue
        size = next(
            (
                n
                for n in range(min(lex.longest_prefix, len(words) - 1 - i), 0, -1)
                if " ".join(folded[i : i + n]) in lex.prefixes
            ),
            0,
        )
        if not size:
            break
        i += size
    return " ".join(folded[i:])


def surname(person: str) -> str:
    """The last word of a folded person name.

    >>> surname("vladimir putin"), surname("putin")
    ('putin', 'putin')
    """
    return person.rsplit(" ", 1)[-1]


def identity(key: str) -> str:
    """What two stored keys must share to be one actor across languages and romanisations:
    a person key's name as a language-neutral key (:func:`dossier.link.translit.entity_key`),
    any other key as it is (codes, institutions and GeoNames ids are language-neutral).

    >>> identity("person:volodymyr zelenskyy") == identity("person:vladimir zelenskiy")
    True
    >>> identity("person:sergei lavrov") == identity("person:sergei lavrik")
    False
    >>> identity("org:RUS:duma"), identity("person:")
    ('org:RUS:duma', 'person:')
    """
    if key.startswith("person:"):
        return "person:" + name_key(key[len("person:") :])
    return key


def _body_key(entity: Entity, lex: KeyLexicon) -> str:
    """Key of an organisation or group: its institution if its name is nothing but a country and
    an institution term (mentions that are such names may name a more specific one), else its
    name without country words."""
    prefix = "group" if entity.kind == "group" else "org"
    name = strip_article(entity.name.strip())
    found = _institution(name, entity.country, lex)
    if found is not None:
        institution, where = found
        for text in dict.fromkeys(m.text for m in entity.mentions):
            other = _institution(strip_article(text), entity.country, lex)
            if other and other[1] == where and other[0].priority > institution.priority:
                institution = other[0]
        canonical = lex.chambers.get((where, institution.canonical), institution.canonical)
        return ":".join(p for p in (prefix, where, canonical) if p)
    words = name_words(name)
    resolution = lex.actors.resolve_words(words)
    country = entity.country or resolution.country
    skip = set(range(*resolution.country_words)) if resolution.country_words else set()
    residue = [
        w
        for i, w in enumerate(words)
        if i not in skip and w.lower() not in _NOISE and not lex.actors.country_word(w)
    ]
    return ":".join(p for p in (prefix, country, fold(" ".join(residue))) if p)


def _institution(
    name: str, country: str | None, lex: KeyLexicon
) -> tuple[Institution, str | None] | None:
    """The institution a name is nothing but (with country words), and its country.

    A seat of power or capital of ``country`` ("the Kremlin") is its government. ``None`` when
    words are left over ("Ministry of Energy") or the name is of another country's body.
    """
    actors = lex.actors
    seat = actors.seat(name) or actors.capitals.get(name)
    government = actors.institutions.get("government")
    if seat and government is not None and seat == (country or seat):
        return government, seat
    words = name_words(name)
    resolution = actors.resolve_words(words)
    institution = resolution.institution
    if institution is None or institution.kind == "title":
        return None
    if resolution.country and country and resolution.country != country:
        # The term's default country ("duma": RUS) gives way to a country the words name.
        named = resolution.country_words is not None or any(actors.country_word(w) for w in words)
        if named:
            return None
    if not _covered(words, resolution, lex):
        return None
    return institution, country or resolution.country


def _covered(words: Sequence[str], resolution: Resolution, lex: KeyLexicon) -> bool:
    """Are the words nothing but the institution term, country words, articles and other terms
    of the same role ("lower house of Russia's parliament")?"""
    covered: set[int] = set()
    for part in (resolution.term_words, resolution.country_words):
        if part:
            covered.update(range(*part))
    role = resolution.role
    for i, word in enumerate(words):
        if i in covered or word.lower() in _NOISE or lex.actors.country_word(word):
            continue
        other = lex.actors.institutions.get(word.lower())
        if other is not None and other.role == role and other.kind != "title":
            continue
        return False
    return True


def lexicon_fingerprint() -> str:
    """A hash of the data files keys are made from, with :data:`KEY_VERSION`."""
    digest = hashlib.sha256(f"v{KEY_VERSION}".encode())
    folder = resources.files("dossier.resources")
    for name in LEXICON_FILES:
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


# -- over the store ----------------------------------------------------------------------------


@dataclass
class EntityLinkSummary:
    """What one :func:`link_entities` run did."""

    keyed: int = 0
    """Entities keyed in this run."""
    entities: int = 0
    """Keyed entities in the store after the run."""
    keys: int = 0
    """Distinct keys among them."""
    rebuilt: bool = False
    """Whether every key was recomputed (first run, or another lexicon or key version)."""
    seconds: float = 0.0


def link_entities(store: Store, *, lexicon: KeyLexicon | None = None) -> EntityLinkSummary:
    """Key the store's entities that have no key yet (table ``link_entities``).

    Incremental and idempotent: a second run with nothing new keys nothing. Raises
    :class:`~dossier.errors.StoreError` for the store.
    """
    lex = lexicon or default_lexicon()
    summary = EntityLinkSummary()
    started = time.perf_counter()
    fingerprint = lexicon_fingerprint()
    table = link_entities_table
    with translating("cannot link entities", store.source):
        engine = store.engine
        with writing(engine) as conn:
            entity_metadata.create_all(conn)
            stored = conn.scalar(select(meta.c.value).where(meta.c.key == PARAMS_KEY))
            if stored != fingerprint:
                logger.info("%s: keying every entity (%s)", store.source, fingerprint)
                conn.execute(delete(table))
                conn.execute(delete(meta).where(meta.c.key == PARAMS_KEY))
                conn.execute(insert(meta).values(key=PARAMS_KEY, value=fingerprint))
                summary.rebuilt = True
        with engine.connect() as conn:
            todo = list(
                conn.scalars(
                    select(entities.c.id)
                    .outerjoin(table, table.c.entity_id == entities.c.id)
                    .where(table.c.entity_id.is_(None))
                    .order_by(entities.c.id)
                )
            )
        logger.info("%s: %d entities to key", store.source, len(todo))
        for start in range(0, len(todo), _BATCH):
            batch = todo[start : start + _BATCH]
            with writing(engine) as conn:
                summary.keyed += _key_batch(conn, batch, lex)
        with engine.connect() as conn:
            summary.entities = int(conn.scalar(select(func.count()).select_from(table)))
            summary.keys = int(conn.scalar(select(func.count(func.distinct(table.c.key)))))
    summary.seconds = time.perf_counter() - started
    logger.info(
        "%s: keyed %d entities in %.2f s (%d keys)",
        store.source,
        summary.keyed,
        summary.seconds,
        summary.keys,
    )
    return summary


def _key_batch(conn: Connection, batch: Sequence[str], lex: KeyLexicon) -> int:
    """Key the entities of ``batch`` not keyed meanwhile by another run; how many were."""
    table = link_entities_table
    done: set[str] = set()
    rows = []
    for chunk in chunks(batch):
        done.update(conn.scalars(select(table.c.entity_id).where(table.c.entity_id.in_(chunk))))
    fresh = [e for e in batch if e not in done]
    for chunk in chunks(fresh):
        for row in conn.execute(select(entities).where(entities.c.id.in_(chunk))):
            entity = ENTITIES.from_row(row._mapping)
            assert isinstance(entity, Entity)
            rows.append(
                {
                    "entity_id": entity.id,
                    "document_id": row.document_id,
                    "key": entity_key(entity, lex)[:255],
                    "name": entity.name[:255],
                    "kind": entity.kind,
                    "code": entity.code,
                    "country": entity.country,
                }
            )
    if rows:
        conn.execute(insert(table), rows)
    return len(rows)


# -- queries -----------------------------------------------------------------------------------


@dataclass
class EntityEvent:
    """One event the entity takes part in, as actor1 or actor2."""

    event: str
    document: str
    role: str
    """``actor1`` or ``actor2``."""
    when: str | None
    """The event's time if it is a date, else the document's publication date."""
    when_from: str
    """``event`` or ``published`` (or ``none``)."""
    plover: str
    cameo: str | None
    modality: str
    trigger: str
    actor1: str | None
    actor2: str | None
    other_key: str | None
    """The key of the other actor (``code:XXX`` when it is no entity but has a code)."""
    outlet: str | None
    published: str | None
    sentence: str


@dataclass
class EntityView:
    """Everything the store knows about one actor across documents."""

    query: str
    name: str
    kind: str
    keys: list[str]
    code: str | None
    country: str | None
    entity_ids: list[str]
    documents: int
    names: list[tuple[str, int]]
    """Names and mention texts seen, with how often, most frequent first."""
    events: list[EntityEvent] = field(default_factory=list)
    partners: list[tuple[str, str, int]] = field(default_factory=list)
    """(key, a name of it, events shared), most frequent first."""
    others: list[tuple[str, str, int]] = field(default_factory=list)
    """Other keys the query also matched: (key, a name, entities)."""


@dataclass
class _KeyInfo:
    key: str
    ids: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)

    def add(self, row: Any) -> None:
        self.ids.append(row.entity_id)
        self.names[row.name] += 1
        self.kinds[row.kind] += 1
        self.documents.add(row.document_id)
        if row.code:
            self.codes[row.code] += 1
        if row.country:
            self.countries[row.country] += 1

    @property
    def name(self) -> str:
        return self.names.most_common(1)[0][0] if self.names else self.key


def query_keys(name: str, lexicon: KeyLexicon | None = None) -> list[str]:
    """The keys a name typed by a user may stand for, most specific first.

    >>> query_keys("Russia")[:1], query_keys("rus")[:1], query_keys("State Duma")[:1]
    (['country:RUS'], ['country:RUS'], ['org:RUS:duma'])
    >>> "person:vladimir putin" in query_keys("President Vladimir Putin")
    True
    >>> query_keys("."), query_keys("(")
    ([], [])
    """
    lex = lexicon or default_lexicon()
    actors = lex.actors
    text = name.strip()
    keys: list[str] = [text] if re.fullmatch(r"[a-z]+:.+", text) else []
    country = actors.country_name(text) or (
        text.upper() if text.upper() in actors.countries else None
    )
    if country:
        keys.append(f"country:{country}")
    resolution = actors.resolve_words(name_words(text))
    for kind in ("organization", "group", "person", "place", "other"):
        probe = Entity(id="query", name=text, kind=kind, country=resolution.country)
        key = entity_key(probe, lex)
        rest = key.partition(":")[2]
        if not rest:
            continue  # nothing left of the name ("the", "."): no key to look for
        if kind in ("organization", "group") and rest in actors.countries:
            continue  # only a country ("org:CUB" for "Cuba"): no body was named
        keys.append(key)
    return list(dict.fromkeys(keys))


def find_entity(store: Store, name: str, *, lexicon: KeyLexicon | None = None) -> EntityView | None:
    """The actor a name stands for across the store, with its names, events and partners.

    ``name`` may be any name or alias seen ("State Duma", "the Duma"), a country name or code
    ("Russia", "RUS"), a person with or without title, a bare surname, or a key
    ("org:RUS:duma"). Call :func:`link_entities` first. ``None`` when nothing matches. When
    several actors match, a key typed as such wins, then the actor most often called by the
    name asked for, then the one with most entities; the rest are in ``others``.
    """
    lex = lexicon or default_lexicon()
    table = link_entities_table
    text = name.strip()
    person = person_name(text, lex)
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        if not _linked(conn):
            return None
        keys = set(query_keys(text, lex))
        spelled = {text.lower(), strip_article(text).lower()}
        keys.update(conn.scalars(select(table.c.key).where(func.lower(table.c.name).in_(spelled))))
        last = surname(person)
        same_surname = or_(
            table.c.key == f"person:{last}",
            table.c.key.startswith("person:") & table.c.key.endswith(f" {last}", autoescape=True),
        )
        keys.update(conn.scalars(select(table.c.key).where(same_surname).distinct()))
        keys.update(_same_surname_keys(conn, person))
        found: dict[str, _KeyInfo] = {}
        _load_keys(conn, keys, found)
        groups = _identities(found, person)
        if not groups:
            return None
        # The key typed first, then the actor most often called by the name asked for, then
        # the one with most entities; ties by key.
        folded = fold(strip_article(text))

        def rank(group: frozenset[str]) -> tuple[bool, int, int, list[str]]:
            named = sum(
                n for k in group for spelled, n in found[k].names.items() if fold(spelled) == folded
            )
            return (
                text not in group,
                -named,
                -sum(len(found[k].ids) for k in group),
                sorted(group),
            )

        groups.sort(key=rank)
        chosen = groups[0]
        infos = [found[k] for k in sorted(chosen)]
        ids = sorted(i for info in infos for i in info.ids)
        view = EntityView(
            query=name,
            name=_display_name(infos),
            kind=_most_common(k for info in infos for k in info.kinds.elements()) or "",
            keys=sorted(chosen),
            code=_most_common(c for info in infos for c in info.codes.elements()),
            country=_most_common(c for info in infos for c in info.countries.elements()),
            entity_ids=ids,
            documents=len({d for info in infos for d in info.documents}),
            names=_names_seen(conn, ids, infos),
            others=[(k, found[k].name, len(found[k].ids)) for g in groups[1:] for k in sorted(g)],
        )
    view.events, view.partners = entity_events(store, view.keys, entity_ids=ids)
    return view


def entity_events(
    store: Store, keys: Iterable[str], *, entity_ids: Iterable[str] | None = None
) -> tuple[list[EntityEvent], list[tuple[str, str, int]]]:
    """The events of the entities with these keys, on a timeline, and their partners.

    Events come in order of time (the event's date, else the publication date; undated last),
    then outlet and id. Partners are the other actors' keys with a name and how many of these
    events they share, most first.
    """
    table = link_entities_table
    keys = set(keys)
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        if entity_ids is None:
            entity_ids = []
            for chunk in chunks(sorted(set(keys))):
                entity_ids += conn.scalars(select(table.c.entity_id).where(table.c.key.in_(chunk)))
        ids = set(entity_ids)
        docs: set[str] = set()
        for chunk in chunks(sorted(ids)):
            docs.update(
                conn.scalars(select(table.c.document_id).where(table.c.entity_id.in_(chunk)))
            )
        rows = []
        for chunk in chunks(sorted(docs)):
            query = (
                select(
                    events,
                    documents.c.outlet,
                    documents.c.published,
                    documents.c.text.label("doc_text"),
                )
                .join(documents, documents.c.id == events.c.document_id)
                .where(events.c.document_id.in_(chunk))
            )
            for row in conn.execute(query):
                for role in ("actor1", "actor2"):
                    actor = row._mapping[role]
                    if actor and actor.get("entity") in ids:
                        rows.append((row, role))
        others = {
            other.get("entity")
            for row, role in rows
            if (other := row._mapping["actor2" if role == "actor1" else "actor1"])
            and other.get("entity")
        }
        key_of: dict[str, tuple[str, str]] = {}
        for chunk in chunks(sorted(others)):
            query = select(table.c.entity_id, table.c.key, table.c.name).where(
                table.c.entity_id.in_(chunk)
            )
            for row in conn.execute(query):
                key_of[row.entity_id] = (row.key, row.name)
    timeline: list[EntityEvent] = []
    partners: Counter[str] = Counter()
    partner_names: dict[str, Counter[str]] = {}
    for row, role in rows:
        m = row._mapping
        other = m["actor2" if role == "actor1" else "actor1"]
        other_key, other_name = None, None
        if other:
            if other.get("entity") in key_of:
                other_key, other_name = key_of[other["entity"]]
            elif other.get("code"):
                other_key, other_name = f"code:{other['code']}", other.get("text")
        if other_key and other_key not in keys:
            partners[other_key] += 1
            partner_names.setdefault(other_key, Counter())[other_name or other_key] += 1
        when, when_from = _when(m["time"], m["published"])
        sentence = m["sentence"] or {}
        text = m["doc_text"][sentence.get("start", 0) : sentence.get("end", 0)]
        timeline.append(
            EntityEvent(
                event=m["id"],
                document=m["document_id"],
                role=role,
                when=when,
                when_from=when_from,
                plover=m["plover"],
                cameo=m["cameo"],
                modality=m["modality"],
                trigger=(m["trigger"] or {}).get("text", ""),
                actor1=(m["actor1"] or {}).get("text"),
                actor2=(m["actor2"] or {}).get("text"),
                other_key=other_key,
                outlet=m["outlet"],
                published=m["published"],
                sentence=" ".join(text.split()),
            )
        )
    timeline.sort(key=lambda e: (e.when is None, e.when or "", e.outlet or "", e.event, e.role))
    ranked = sorted(partners.items(), key=lambda kv: (-kv[1], kv[0]))
    return timeline, [(k, partner_names[k].most_common(1)[0][0], n) for k, n in ranked]


def close_names(store: Store, name: str, limit: int = 5) -> list[str]:
    """Names in the store that look like ``name`` (for "did you mean"), best first."""
    table = link_entities_table
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        if not _linked(conn):
            return []
        names = sorted(set(conn.scalars(select(table.c.name).distinct())))
    matches = process.extract(
        name, names, scorer=fuzz.WRatio, processor=fold, limit=limit, score_cutoff=60
    )
    return [m[0] for m in matches]


def _linked(conn: Connection) -> bool:
    return conn.dialect.has_table(conn, link_entities_table.name)


def _load_keys(conn: Connection, keys: Iterable[str], found: dict[str, _KeyInfo]) -> None:
    table = link_entities_table
    for chunk in chunks(sorted(set(keys))):
        query = select(table).where(table.c.key.in_(chunk)).order_by(table.c.entity_id)
        for row in conn.execute(query):
            found.setdefault(row.key, _KeyInfo(row.key)).add(row)


def _same_surname_keys(conn: Connection, person: str) -> set[str]:
    """The stored person keys whose surname is ``person``'s in another script or romanisation
    ("person:zelenskiy" for "Zelenskyy")."""
    table = link_entities_table
    wanted = surname(name_key(person))
    if not wanted:
        return set()
    stored = conn.scalars(select(table.c.key).where(table.c.key.startswith("person:")).distinct())
    return {k for k in stored if surname(name_key(k[len("person:") :])) == wanted}


def _identities(found: Mapping[str, _KeyInfo], person: str) -> list[frozenset[str]]:
    """The keys found, grouped into actors.

    Person keys are one person when their names are one in any script or romanisation
    (:func:`identity`). ``person`` is the name asked for as a person name (folded, no titles).
    A bare surname and a full name with that surname are one actor when the full name is the
    store's only one with that surname and their countries are compatible. Asked for a full
    name, other full names with its surname are other people (left out), and so is a bare
    surname that is not joined.
    """
    groups = [frozenset([k]) for k in found if not k.startswith("person:")]
    people: dict[str, dict[str, list[str]]] = {}  # surname -> identity -> stored keys
    for key in sorted(found):
        if key.startswith("person:"):
            ident = name_key(key[len("person:") :])
            people.setdefault(surname(ident), {}).setdefault(ident, []).append(key)
    asked = name_key(person)
    asked_full = " " in person
    for last, idents in sorted(people.items()):
        full = {i: keys for i, keys in idents.items() if " " in i}
        bare = idents.get(last)
        joined = (
            bare is not None
            and len(full) == 1
            and _compatible([found[k] for k in bare], [found[k] for k in next(iter(full.values()))])
        )
        if asked_full:
            full = {i: keys for i, keys in full.items() if i == asked}
            if joined and full:
                groups.append(frozenset([*bare, *next(iter(full.values()))]))  # type: ignore[misc]
            else:
                groups.extend(frozenset(keys) for keys in full.values())
        elif joined:
            groups.append(frozenset([*bare, *next(iter(full.values()))]))  # type: ignore[misc]
        else:
            groups.extend(frozenset(keys) for keys in [*([bare] if bare else []), *full.values()])
    return groups


def _compatible(a: Sequence[_KeyInfo], b: Sequence[_KeyInfo]) -> bool:
    """Do two persons' countries (of all their keys) allow them to be one person (either
    unknown, or shared)?"""
    countries_a = {c for info in a for c in info.countries}
    countries_b = {c for info in b for c in info.countries}
    return not countries_a or not countries_b or bool(countries_a & countries_b)


def _names_seen(
    conn: Connection, ids: Sequence[str], infos: Sequence[_KeyInfo]
) -> list[tuple[str, int]]:
    """Entity names and mention texts of these entities, folded alike, with counts."""
    seen: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    for chunk in chunks(sorted(ids)):
        for mentions in conn.scalars(select(entities.c.mentions).where(entities.c.id.in_(chunk))):
            for mention in mentions or []:
                text = " ".join(strip_article(mention["text"]).split())
                seen[fold(text)] += 1
                shown.setdefault(fold(text), Counter())[text] += 1
    for info in infos:
        for text, n in info.names.items():
            if fold(text) not in seen:
                seen[fold(text)] += n
                shown.setdefault(fold(text), Counter())[text] += n
    ranked = sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(shown[k].most_common(1)[0][0], n) for k, n in ranked]


def _display_name(infos: Sequence[_KeyInfo]) -> str:
    """The most frequent name, preferring the longest key (the full name over a surname)."""
    best = max(infos, key=lambda i: (len(i.key.split(" ")), len(i.ids), i.key))
    return best.name


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else None


def _when(time_value: str | None, published: str | None) -> tuple[str | None, str]:
    """The date to put an event at: its own if it is a calendar date, else the publication's.

    >>> _when("2025-03-13", "2025-10-07"), _when("PRESENT_REF", "2025-10-07"), _when(None, None)
    (('2025-03-13', 'event'), ('2025-10-07', 'published'), (None, 'none'))
    """
    if time_value and re.match(r"\d{4}(-\d\d){0,2}($|T)", time_value):
        return time_value, "event"
    if published:
        return published, "published"
    return None, "none"
