"""PETRARCH-2's actor and agent dictionaries: who a name is on a date, what role a noun names.

The data are ``resources/petrarch_actors.tsv`` (people and bodies with their country, role and the
dates each code held) and ``resources/petrarch_agents.tsv`` (role nouns such as "rebels", "riot
police"), converted from PETRARCH-2's Phoenix dictionaries (Open Event Data Alliance, MIT; the
converter is ``scripts/petrarch_actors.py``). Each is read once per process.

A name is looked up by the longest run of its words that the dictionary knows, case-insensitively
("President Hamid Karzai" finds "Hamid Karzai"). dossier's own people data (``people.tsv``, with
the dates each role held) are dated codes too, marked ``own``; ``code_on`` decides between them
and the dictionary's: on a date, the newest fact that holds then; with no date, the code that
holds today. A person whose known terms have ended is a former leader, an elite (ELI) of their
country (``former_terms``).
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from dossier.resources import read_lines

logger = logging.getLogger(__name__)

MAX_WORDS = 8  # longest name form looked up, in words
_BREAKS = re.compile(r"['’`-]")

Code = tuple[str | None, str | None]  # (country, role)


@dataclass(frozen=True)
class DatedCode:
    """One code of an actor and the dates it held: start inclusive, end exclusive, ISO strings;
    None is open. A dictionary code with neither date is the actor's default; ``own`` marks
    dossier's own data (``people.tsv``), whose undated code holds on every date."""

    country: str | None
    role: str | None
    start: str | None = None
    end: str | None = None
    own: bool = False

    @property
    def dated(self) -> bool:
        return bool(self.start or self.end)

    @property
    def code(self) -> Code:
        return (self.country, self.role)

    def holds_on(self, date: str) -> bool:
        """
        >>> DatedCode("AFG", "GOV", "2001-12-22").holds_on("2005-01-01")
        True
        >>> DatedCode("AFG", "ELI", "1975-01-01", "2000-01-01").holds_on("2000-01-01")
        False
        """
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)

    def as_list(self) -> list[str | bool | None]:
        """A JSON- and msgpack-friendly form (``from_list`` reads it back); dossier's own codes
        carry a fifth item, True.

        >>> DatedCode.from_list(DatedCode("AFG", "GOV", "2001-12-22", own=True).as_list()).own
        True
        """
        fields = [self.country, self.role, self.start, self.end]
        return [*fields, True] if self.own else fields

    @classmethod
    def from_list(cls, value: Sequence[str | bool | None]) -> DatedCode:
        return cls(*value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class NameMatch:
    """The dictionary entry found among a name's words: its word range and codes."""

    start: int
    end: int
    codes: tuple[DatedCode, ...]


def name_key(text: str) -> str:
    """The key a name is matched by: lowercase, hyphens and apostrophes as word breaks.

    >>> name_key("Ban Ki-moon"), name_key("Kurdistan Workers' Party")
    ('ban ki moon', 'kurdistan workers party')
    """
    return " ".join(_BREAKS.sub(" ", text.lower()).split())


def event_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a timex or publication value, at the granularity it has.

    >>> event_date("2003-05-17T10:00"), event_date("1998-06"), event_date("1990")
    ('2003-05-17', '1998-06-01', '1990-07-01')
    >>> event_date("PRESENT_REF") is None
    True
    """
    if not value:
        return None
    found = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(value))
    if not found:
        return None
    year, month, day = found.groups()
    if month is None:
        return f"{year}-07-01"  # a year alone: its middle
    return f"{year}-{month}-{day or '01'}"


def code_on(
    codes: Sequence[DatedCode],
    date: str | None,
    present: Code | None = None,
    today: str | None = None,
) -> Code | None:
    """The code an actor had on ``date``: the newest fact that holds then.

    ``codes`` mixes the dictionary's codes and dossier's own (``own``: ``people.tsv``'s dated
    roles, with the former-leader codes ``former_terms`` adds after each term). On a date:

    1. of the codes whose range holds the date (an own code with no dates holds on every date, a
       dictionary default on none), the one begun last wins, the newer fact; dossier's own wins
       a tie. So an open-ended dictionary range ("since 2001") loses to an own code begun later
       (the term that ended in 2014 and the former leader after it);
    2. else, when dossier knows the person, they are an elite (ELI) of their country: no known
       term holds (before the first one);
    3. else ``present`` (a caller's present-day code); else the dictionary's default; else the
       code that ended last; else the earliest.

    With no date, the code that holds today (``today``, ISO, defaults to the clock's): dossier's
    own, begun last; else ``present``; else a dictionary code still open, begun last; else the
    default; else the code that ended last.

    >>> karzai = [DatedCode("AFG", "ELI", "1975-01-01", "2000-01-01"),
    ...           DatedCode("AFG", "GOV", "2001-12-22"), DatedCode("AFG", "ELI")]
    >>> code_on(karzai, "1990-01-01"), code_on(karzai, "2005-03-01"), code_on(karzai, "2001-01-01")
    (('AFG', 'ELI'), ('AFG', 'GOV'), ('AFG', 'ELI'))
    >>> own = former_terms([DatedCode("AFG", "GOV", "2001-12-22", "2014-09-29", own=True)])
    >>> code_on([*own, *karzai], "2005-03-01"), code_on([*own, *karzai], "2016-01-01")
    (('AFG', 'GOV'), ('AFG', 'ELI'))
    >>> code_on(karzai, None), code_on([*own, *karzai], None)
    (('AFG', 'GOV'), ('AFG', 'ELI'))
    """
    if not codes:
        return present
    own = [c for c in codes if c.own]
    dictionary = [c for c in codes if not c.own]
    dated = [c for c in dictionary if c.dated]
    defaults = [c for c in dictionary if not c.dated]
    default = next((c for c in defaults if c.role), defaults[0]) if defaults else None
    if date is None:
        now = today or datetime.date.today().isoformat()
        holding = [c for c in own if c.holds_on(now)]
        if holding:
            return _newest(holding).code
        if present is not None:
            return present
        still_open = [c for c in dated if c.end is None]
        if still_open:
            return _newest(still_open).code
        if default is not None:
            return default.code
        if dated:
            return max(dated, key=lambda c: c.end or "").code
        return _newest(own).code if own else None
    holding = [c for c in (*own, *dated) if c.holds_on(date)]
    if holding:
        return _newest(holding).code
    if own:
        return (_home(own), "ELI")
    if present is not None:
        return present
    if default is not None:
        return default.code
    ended = [c for c in dated if c.end and c.end <= date]
    if ended:
        return max(ended, key=lambda c: c.end or "").code
    return min(dated, key=lambda c: c.start or "").code


def term_code(codes: Sequence[DatedCode], role: str | None, date: str | None) -> Code | None:
    """The code of the term a text speaks of when it names a person's office ("President Suharto",
    "Palestinian leader Yasser Arafat", "the Bush administration"), of a person's own codes: of
    their terms (codes other than ELI) in ``role`` if any has it, else of all their terms, the one
    begun last by ``date`` (with no date, the last; before the first term, the first).

    >>> suharto = former_terms([DatedCode("IDN", "GOV", "1967-03-12", "1998-05-21", own=True)])
    >>> term_code(suharto, None, None), term_code(suharto, "GOV", "2015-01-01")
    (('IDN', 'GOV'), ('IDN', 'GOV'))
    >>> term_code([DatedCode("SRB", "OPP", "1994-01-01", "2001-01-25", own=True),
    ...            DatedCode("SRB", "GOV", "2001-01-25", "2003-03-12", own=True)], "OPP", None)
    ('SRB', 'OPP')
    """
    terms = [c for c in codes if c.role != "ELI"]
    if not terms:
        return code_on(codes, date)
    terms = [c for c in terms if c.role == role] or terms
    begun = [c for c in terms if date is None or (c.start or "") <= date]
    if begun:
        return _newest(begun).code
    return min(terms, key=lambda c: c.start or "").code


def _newest(codes: Sequence[DatedCode]) -> DatedCode:
    """The code begun last; of those begun together, dossier's own (``max`` keeps the first)."""
    return max(codes, key=lambda c: (c.start or "", c.own))


def _home(codes: Sequence[DatedCode]) -> str | None:
    """The country a person's codes give, the earliest first (an IGO head's code has none)."""
    ordered = sorted(codes, key=lambda c: c.start or "")
    return next((c.country for c in ordered if c.country), None)


def former_terms(codes: Sequence[DatedCode]) -> tuple[DatedCode, ...]:
    """One person's own codes and, after each term that ended with no other code holding the
    day after, an elite (ELI) code of the same country (else the person's country) that lasts
    until the person's next code begins: a former leader, until a code says otherwise.

    >>> terms = [DatedCode("PER", "GOV", "1990-07-28", "2000-11-22", own=True),
    ...          DatedCode("PER", "GOV", "2006-07-28", "2011-07-28", own=True)]
    >>> [(c.role, c.start, c.end) for c in former_terms(terms)[2:]]
    [('ELI', '2000-11-22', '2006-07-28'), ('ELI', '2011-07-28', None)]
    """
    added: list[DatedCode] = []
    for code in codes:
        if code.end is None or code.role == "ELI":
            continue
        if any(other.holds_on(code.end) for other in codes):
            continue  # one role follows another: no gap
        later = [c.start for c in codes if c.start and c.start > code.end]
        country = code.country or _home(codes)
        added.append(DatedCode(country, "ELI", code.end, min(later, default=None), own=True))
    return (*codes, *added)


class ActorDictionary:
    """Name forms (by ``name_key``) -> their dated codes."""

    def __init__(
        self, names: dict[str, tuple[DatedCode, ...]], common: frozenset[str] = frozenset()
    ) -> None:
        self.names = names
        self.longest = min(MAX_WORDS, max((k.count(" ") + 1 for k in names), default=1))
        # Office holders by surname: the name forms of two or more words with a dated code (the
        # dictionary's leaders), for names the text gives alone ("Nakasone said"); not the
        # surnames that are common words (``common``: "State", "Baker").
        self.surnames: dict[str, set[tuple[DatedCode, ...]]] = {}
        for key, codes in names.items():
            surname = key.rsplit(" ", 1)[-1]
            if " " in key and surname not in common and any(c.dated for c in codes):
                self.surnames.setdefault(surname, set()).add(codes)

    @classmethod
    def from_rows(
        cls, rows: Sequence[Sequence[str]], common: frozenset[str] = frozenset()
    ) -> ActorDictionary:
        """From (name, country, role, start, end) rows."""
        names: dict[str, list[DatedCode]] = {}
        made: dict[tuple, DatedCode] = {}  # the forms of one actor share their codes
        last, codes = None, []
        for name, *fields in rows:
            if name != last:  # the rows of one form follow each other
                last, codes = name, names.setdefault(name_key(name), [])
            key = tuple(fields)
            code = made.get(key)
            if code is None:
                code = made[key] = DatedCode(*(f or None for f in fields))
            codes.append(code)
        return cls({k: tuple(v) for k, v in names.items()}, common)

    def lookup(self, words: Sequence[str]) -> NameMatch | None:
        """The longest run of ``words`` that is a name form (word indices into ``words``).

        >>> d = ActorDictionary.from_rows([("Hamid Karzai", "AFG", "GOV", "2001-12-22", ""),
        ...                                ("Karzai", "AFG", "GOV", "", "")])
        >>> m = d.lookup(["President", "Hamid", "Karzai"]); (m.start, m.end, m.codes[0].role)
        (1, 3, 'GOV')
        >>> d.lookup(["President", "Bush"]) is None
        True
        """
        keys: list[str] = []
        owner: list[int] = []
        for i, word in enumerate(words):
            for part in name_key(word).split():
                keys.append(part)
                owner.append(i)
        for size in range(min(self.longest, len(keys)), 0, -1):
            for i in range(len(keys) - size + 1):
                codes = self.names.get(" ".join(keys[i : i + size]))
                if codes:
                    return NameMatch(owner[i], owner[i + size - 1] + 1, codes)
        return None

    def by_surname(self, word: str, date: str | None) -> NameMatch | None:
        """The one office holder a lone surname can be: on ``date``, the one holding an office
        (a code other than ELI) then; with no date, the only leader of that surname. None when
        two could be meant ("Kim", "Singh") or none.

        >>> d = ActorDictionary.from_rows([
        ...     ("Yasuhiro Nakasone", "JPN", "GOV", "1982-11-26", "1987-11-06"),
        ...     ("Hirofumi Nakasone", "JPN", "GOV", "2008-10-01", "2009-09-30")])
        >>> d.by_surname("Nakasone", "1987-03-02").codes[0].start
        '1982-11-26'
        >>> d.by_surname("Nakasone", "1995-01-01") is None, d.by_surname("Nakasone", None) is None
        (True, True)
        """
        found = self.surnames.get(name_key(word), set())
        if date is not None:
            found = {
                codes
                for codes in found
                if any(c.dated and c.role != "ELI" and c.holds_on(date) for c in codes)
            }
        return NameMatch(0, 1, next(iter(found))) if len(found) == 1 else None


class AgentDictionary:
    """Role nouns ("rebels", "riot police") -> role."""

    def __init__(self, nouns: dict[str, str]) -> None:
        self.nouns = nouns
        self.longest = min(MAX_WORDS, max((k.count(" ") + 1 for k in nouns), default=1))

    def role(self, words: Sequence[str]) -> str | None:
        """The role of the longest agent noun that ends the words ("the riot police" -> COP).

        >>> a = AgentDictionary({"police": "COP", "riot police": "COP", "students": "EDU"})
        >>> a.role(["Indonesian", "students"]), a.role(["riot", "police"])
        ('EDU', 'COP')
        >>> a.role(["police", "car"]) is None
        True
        """
        lower = [w.lower() for w in words]
        for size in range(min(self.longest, len(lower)), 0, -1):
            found = self.nouns.get(" ".join(lower[-size:]))
            if found:
                return found
        return None


def _rows(name: str, width: int) -> list[list[str]]:
    text = resources.files("dossier.resources").joinpath(name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    next(lines, None)  # the header
    return [row for line in lines if len(row := line.split("\t")) == width]


@functools.cache
def load_actor_dictionary() -> ActorDictionary:
    """``petrarch_actors.tsv``, read once per process."""
    common = frozenset(read_lines("petrarch_common_surnames.txt"))
    dictionary = ActorDictionary.from_rows(_rows("petrarch_actors.tsv", 5), common)
    logger.debug("actor dictionary: %d name forms", len(dictionary.names))
    return dictionary


@functools.cache
def load_agent_dictionary() -> AgentDictionary:
    """``petrarch_agents.tsv``, read once per process."""
    return AgentDictionary({noun: role for noun, role in _rows("petrarch_agents.tsv", 2)})
