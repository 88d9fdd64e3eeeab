"""Actor codes: country (ISO 3166 alpha-3) and CAMEO-style role from the words of a name.

The words come from two data files in ``dossier/resources``: ``countries.tsv`` (names, aliases,
adjectives, demonyms, capitals and seats of power) and ``institutions.tsv`` (bodies, role nouns
and titles with their role, default country, a canonical id and a priority).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

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
    people: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # name ->
    longest_name: int = 1  # in words
    longest_term: int = 1
    longest_word: int = 1  # longest adjective or demonym ("North Korean"), in words

    @classmethod
    def load(cls) -> ActorLexicon:
        lex = cls()
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
        for row in read_tsv("people.tsv"):
            for name in [row["name"], *split_field(row["aliases"])]:
                lex.people.setdefault(name, (row["country"] or None, row["role"] or None))
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

    def person(self, name: str) -> tuple[str | None, str | None]:
        """Country and role of a well-known political figure, by full name or distinctive alias.

        >>> lex = ActorLexicon(people={"Ana Soto": ("PER", "GOV"), "Soto": ("PER", "GOV")})
        >>> lex.person("Ana Soto"), lex.person("President Soto"), lex.person("Ana Perez")
        (('PER', 'GOV'), ('PER', 'GOV'), (None, None))
        """
        found = self.people.get(name)
        if found is None and " " in name:
            found = self.people.get(name.rsplit(" ", 1)[1])
        return found or (None, None)

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
