"""Actor codes: country (ISO 3166 alpha-3) and CAMEO-style role from the words of a name.

The words come from two data files in ``dossier/resources``: ``countries.tsv`` (names, aliases,
adjectives, demonyms, capitals and seats of power) and ``institutions.tsv`` (bodies, role nouns
and titles with their role, default country, a canonical id and a priority). dossier's own data
come first; PETRARCH-2's actor and agent dictionaries (``extract.actor_dictionary``, when
``extract.dictionaries.enabled()`` names them) code the people, bodies and role nouns they leave
out. Well-known people come from ``people.tsv`` with the dates each role held: a person's code on
a date is ``actor_dictionary.code_on`` over those dated codes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from dossier.extract.actor_dictionary import (
    ActorDictionary,
    AgentDictionary,
    Code,
    DatedCode,
    code_on,
    former_terms,
    load_actor_dictionary,
    load_agent_dictionary,
)
from dossier.extract.dictionaries import enabled
from dossier.resources import read_tsv, split_field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    island: bool = False


@dataclass(frozen=True)
class Institution:
    term: str
    role: str
    kind: str  # organization | group | title | igo
    country: str | None
    canonical: str
    priority: int


@dataclass(frozen=True)
class Resolution:
    """What the words of one name say about the actor it names."""

    country: str | None = None
    institution: Institution | None = None
    country_words: tuple[int, int] | None = None  # where a country *name* stands among the words
    term_words: tuple[int, int] | None = None  # where the institution term stands

    @property
    def role(self) -> str | None:
        return self.institution.role if self.institution else None


@dataclass
class ActorLexicon:
    """Every word list the actor resolver needs, loaded once per pipeline."""

    countries: dict[str, Country] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name or alias -> iso3
    adjectives: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)  # lowercase term ->
    people: dict[str, tuple[DatedCode, ...]] = field(default_factory=dict)  # name -> own codes
    longest_name: int = 1  # in words
    longest_term: int = 1
    longest_word: int = 1  # longest adjective or demonym ("North Korean"), in words
    dictionary: ActorDictionary | None = None  # PETRARCH-2 actors, when switched on
    agents: AgentDictionary | None = None  # PETRARCH-2 agents, when switched on

    @classmethod
    def load(cls) -> ActorLexicon:
        lex = cls()
        switched_on = enabled()
        if "actors" in switched_on:
            lex.dictionary = load_actor_dictionary()
        if "agents" in switched_on:
            lex.agents = load_agent_dictionary()
        for row in read_tsv("countries.tsv"):
            iso3 = row["iso3"]
            lex.countries[iso3] = Country(iso3, row["name"], row["island"] == "1")
            for name in [row["name"], *split_field(row["aliases"])]:
                lex.names.setdefault(name, iso3)
            for word in split_field(row["adjectives"]):
                lex.adjectives.setdefault(word, iso3)
            for word in split_field(row["demonyms"]):
                lex.demonyms.setdefault(word, iso3)
            for word in split_field(row["capitals"]):
                lex.capitals.setdefault(word, iso3)
            for word in split_field(row["seats"]):
                lex.seats.setdefault(word, iso3)
        for row in read_tsv("institutions.tsv"):
            term = row["term"].strip().lower()
            lex.institutions[term] = Institution(
                term=term,
                role=row["role"],
                kind=row["kind"],
                country=row["country"] or None,
                canonical=row["canonical"] or term,
                priority=int(row["priority"] or 1),
            )
        for names, codes in read_people(read_tsv("people.tsv")):
            for name in names:
                lex.people.setdefault(name, codes)
        lex.longest_name = max(len(n.split()) for n in [*lex.names, *lex.seats])
        lex.longest_term = max(len(t.split()) for t in lex.institutions)
        lex.longest_word = max(len(w.split()) for w in [*lex.adjectives, *lex.demonyms])
        logger.debug(
            "actor lexicon: %d countries, %d terms", len(lex.countries), len(lex.institutions)
        )
        return lex

    def country_name(self, text: str) -> str | None:
        """The country a name or alias denotes, also in capitals ("CUBA") or after "the".

        >>> lex = ActorLexicon(names={"Russian Federation": "RUS", "Cuba": "CUB"})
        >>> lex.country_name("the Russian Federation"), lex.country_name("CUBA")
        ('RUS', 'CUB')
        >>> lex.country_name("Cuban cigars") is None
        True
        """
        text = strip_article(text)
        if text in self.names:
            return self.names[text]
        if text.isupper() or text.islower():
            return self.names.get(text.title())  # headlines, datelines, lowercased wire copy
        return None

    def country_word(self, word: str) -> str | None:
        """The country a single word refers to: a name, adjective or demonym ("Cuban" -> CUB)."""
        return self.names.get(word) or self.adjectives.get(word) or self.demonyms.get(word)

    def person(self, name: str, date: str | None = None) -> Code:
        """Country and role of a well-known political figure, by full name or distinctive alias,
        on ``date`` (ISO; None: today), by ``code_on`` over their dated codes.

        >>> soto = former_terms([DatedCode("PER", "GOV", "1990-07-28", "2000-11-22", own=True)])
        >>> lex = ActorLexicon(people={"Ana Soto": soto, "Soto": soto})
        >>> lex.person("Ana Soto", "1995-01-01"), lex.person("President Soto", "2003-01-01")
        (('PER', 'GOV'), ('PER', 'ELI'))
        >>> lex.person("Ana Soto"), lex.person("Ana Perez")
        (('PER', 'ELI'), (None, None))
        """
        codes = self.person_codes(name)
        return (code_on(codes, date) or (None, None)) if codes else (None, None)

    def person_codes(self, name: str) -> tuple[DatedCode, ...]:
        """The dated codes ``people.tsv`` gives a person (full name, alias or last word of it)."""
        found = self.people.get(name)
        if found is None and " " in name:
            found = self.people.get(name.rsplit(" ", 1)[1])
        return found or ()

    def role_noun(self, words: Sequence[str]) -> str | None:
        """The role an agent noun ending the words names ("riot police", "students"), from
        PETRARCH-2's agents dictionary; None when it is off or knows no such noun."""
        return self.agents.role(words) if self.agents is not None else None

    def region(self, name: str) -> str | None:
        """The country of a region the PETRARCH-2 actors dictionary names whole, with a
        country and no role ("West Bank" PSE, "Darfur" SDN); None when it is off or names no
        such region."""
        words = strip_article(name).split()
        found = self.dictionary.lookup(words) if self.dictionary is not None and words else None
        if found is None or (found.start, found.end) != (0, len(words)):
            return None
        countries = {c.country for c in found.codes}
        if len(countries) != 1 or any(c.role for c in found.codes):
            return None
        return countries.pop()

    def seat(self, text: str) -> str | None:
        """The country whose government a seat of power ("the Kremlin") stands for."""
        return self.seats.get(strip_article(text))

    def resolve_words(self, words: Sequence[str]) -> Resolution:
        """Country and institution named by the words of one name.

        The institution is the matching term of highest priority (then the longest, then the last);
        the country is the first country name, adjective or demonym among the words, else the
        institution's default country.

        >>> lex = ActorLexicon(
        ...     adjectives={"Cuban": "CUB"},
        ...     institutions={
        ...         "assembly": Institution("assembly", "LEG", "organization", None, "assembly", 2),
        ...         "resistance": Institution("resistance", "OPP", "organization", None, "opp", 6),
        ...     },
        ... )
        >>> r = lex.resolve_words("the Assembly of the Cuban Resistance".split())
        >>> r.country, r.role
        ('CUB', 'OPP')
        >>> lex.capitals["Havana"] = "CUB"
        >>> lex.resolve_words("the Havana assembly".split()).country
        'CUB'
        """
        lower = [w.lower() for w in words]
        best: tuple[int, int, int] | None = None
        institution = None
        for size in range(min(self.longest_term, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                found = self.institutions.get(" ".join(lower[i : i + size]))
                if found and found.kind == "title":
                    continue  # a person's title names no body ("General Binding Corp")
                if found and (best is None or (found.priority, size, i) > best):
                    best, institution = (found.priority, size, i), found
        country, country_words = None, None
        longest = max(self.longest_name, self.longest_word)
        for size in range(min(longest, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                phrase = " ".join(words[i : i + size])
                if phrase in self.names:
                    country, country_words = self.names[phrase], (i, i + size)
                else:
                    country = self.country_word(phrase)
                if country:
                    break
            if country:
                break
        if country is None and best is not None and best[2] > 0 and institution is not None:
            country = self.capitals.get(words[best[2] - 1])  # "the Kabul government"
        if country is None and institution is not None:
            country = institution.country
        term_words = (best[2], best[2] + best[1]) if best else None
        return Resolution(country, institution, country_words, term_words)


def read_people(rows: Sequence[dict[str, str]]) -> list[tuple[list[str], tuple[DatedCode, ...]]]:
    """``people.tsv`` rows -> (names and aliases, dated codes) per person. The rows of one person
    share the name (aliases may stand on any of them); each row is one role and the dates it held
    (``since`` inclusive, ``until`` exclusive, empty = open); ``former_terms`` adds the elite
    codes after terms that ended.

    >>> rows = [{"name": "Ana Soto", "aliases": "Soto", "country": "PER", "role": "OPP",
    ...          "since": "1985-01-01", "until": "1990-07-28"},
    ...         {"name": "Ana Soto", "aliases": "", "country": "PER", "role": "GOV",
    ...          "since": "1990-07-28", "until": "2000-11-22"}]
    >>> [(names, [(c.role, c.start) for c in codes]) for names, codes in read_people(rows)]
    [(['Ana Soto', 'Soto'], [('OPP', '1985-01-01'), ('GOV', '1990-07-28'), ('ELI', '2000-11-22')])]
    """
    people: dict[str, tuple[list[str], list[DatedCode]]] = {}
    for row in rows:
        names, codes = people.setdefault(row["name"], ([row["name"]], []))
        names.extend(a for a in split_field(row.get("aliases")) if a not in names)
        fields = (row.get(k) or None for k in ("country", "role", "since", "until"))
        codes.append(DatedCode(*fields, own=True))
    return [(names, former_terms(codes)) for names, codes in people.values()]


def strip_article(text: str) -> str:
    """A name without its leading article.

    >>> strip_article("the Kremlin"), strip_article("The Hague")
    ('Kremlin', 'Hague')
    """
    for article in ("the ", "The ", "THE "):
        if text.startswith(article):
            return text[len(article) :]
    return text


def actor_code(country: str | None, role: str | None) -> str | None:
    """The CAMEO-style actor code: country then role.

    >>> actor_code("RUS", "LEG"), actor_code("CUB", None), actor_code(None, "IGO")
    ('RUSLEG', 'CUB', 'IGO')
    >>> actor_code(None, None) is None
    True
    """
    code = (country or "") + (role or "")
    return code or None
