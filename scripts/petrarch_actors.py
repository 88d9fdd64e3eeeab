"""Convert PETRARCH-2's actor and agent dictionaries into dossier's two TSV resources.

The dictionaries are PETRARCH-2's Phoenix dictionaries (Open Event Data Alliance,
https://github.com/openeventdata/petrarch2, MIT licence: see
``dossier/resources/PETRARCH_LICENSE.txt``).

    python scripts/petrarch_actors.py --dictionaries ../shared/eval/events/dictionaries

writes ``dossier/resources/petrarch_actors.tsv`` (one row per name form and code: the name as it is
written in text, its ISO 3166 alpha-3 country, its CAMEO role and the ISO dates the code held) and
``dossier/resources/petrarch_agents.tsv`` (role nouns, singular and plural, with their role).

The actor format (PETRARCH-2's ``docs/source/dictionaries.rst``): a primary phrase line (words
joined by ``_``), ``+SYNONYM`` lines, codes in ``[CODE]`` on the phrase line or on indented lines
``[CODE yymmdd-yymmdd]`` (from the first date, until before the second), ``[CODE >yymmdd]`` (from),
``[CODE <yymmdd]`` (until before); an undated code is the default. Two-digit years read as
PETRARCH's ``dstr_to_ordate`` reads them: 00-30 are 20YY, 31-99 are 19YY. The agents format:
``NOUN {PLURAL} [~ROLE]`` (regular plurals are made here, ``{}`` means none), ``!SET! = A, B``
substitution sets used as ``CONGRESS!PERSON!``.

What is left out, because it would do harm in dossier's case-insensitive phrase matching:
single common English words (wordfreq Zipf >= 3.5, "Bush" and "Chad" stay as people and countries
know them through dossier's own data), forms shorter than three letters, forms that are only a role
or title word, forms that name several actors of different countries, codes that name a region
or a religion but no country or role, and a short list of agent nouns that are things or too vague
to be actors (``AGENT_DROPS``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dossier.extract.actor_dictionary import name_key
from dossier.resources import read_tsv

logger = logging.getLogger("petrarch_actors")

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "dossier" / "resources"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
AGENT_FILE = "Phoenix.agents.txt"

# CAMEO roles dossier codes (``actors.py``); religions are one role, REL, in dossier.
ROLES = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "MED", "EDU", "BUS", "CRM",
    "CVL", "LAB", "REF", "ELI", "HLH", "AGR", "NGO", "IGO", "MNC", "IMG", "UAF", "RAD", "REL",
}  # fmt: skip
ROLE_ALIASES = {
    "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL", "CTH": "REL",
    "HRI": "NGO", "ENV": "NGO", "NGM": "NGO",
}  # fmt: skip
# Branches of government: "USAGOVLEG" is the legislature, coded LEG as dossier codes it.
BRANCHES = {"LEG", "JUD", "MIL", "COP", "SPY"}
# Codes of actors with no home country: the code is their role.
NON_COUNTRY = {"IGO", "NGO", "MNC", "IMG"}
# CAMEO country codes that are not ISO 3166 alpha-3, and their ISO code where one fits.
CAMEO_TO_ISO = {
    "TMP": "TLS", "KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "ANG": "AGO", "DEN": "DNK",
    "NEP": "NPL", "GRB": "GBR", "SUN": "RUS", "USR": "RUS", "YUG": "SRB", "FRY": "SRB",
    "SCG": "SRB", "CSK": "CZE", "SRP": "BIH", "KRJ": "HRV", "WBK": "PSE", "GZS": "PSE",
    "PAL": "PSE", "DDR": "DEU",
}  # fmt: skip
# States that contained others: "USRARM" (Armenia in the Soviet Union) is Armenia.
CONTAINERS = {"SUN", "USR", "YUG", "FRY", "SCG", "FRN", "CSK", "RUS", "CHN", "GBR", "USA"}
# Agent nouns that are things ("tanker", "jumbo jet") or too vague to be an actor in dossier.
AGENT_DROPS = {
    "business", "industry", "producer", "oiler", "monger", "tanker", "supertanker", "freighter",
    "jumbojet", "jumbo jet", "airway", "waiter", "waitress", "cabinetmaker", "manafacture",
    "authority", "bargainer", "boss", "employer", "landlord", "aerospace", "person", "man",
    "men", "woman", "women", "member", "members", "leader", "leaders", "people", "official",
    "officials", "source", "sources", "representative", "representatives", "head", "chief",
}  # fmt: skip
SMALL_WORDS = {"of", "the", "and", "for", "de", "la", "le", "du", "del", "in", "on", "to", "al"}


@dataclass
class Actor:
    """One dictionary entry: its name forms and its codes (country, role, start, end)."""

    primary: str
    forms: list[str] = field(default_factory=list)
    codes: list[tuple[str | None, str | None, str, str]] = field(default_factory=list)


def parse_date(text: str) -> str | None:
    """An ISO date from PETRARCH's YYMMDD or YYYYMMDD; None when it is no valid date.

    >>> parse_date("011222"), parse_date("750101"), parse_date("19270101"), parse_date("300101")
    ('2001-12-22', '1975-01-01', '1927-01-01', '2030-01-01')
    >>> parse_date("2004017") is None, parse_date("991331") is None
    (True, True)
    """
    text = text.strip()
    if not text.isdigit():
        return None
    if len(text) >= 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    elif len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
        month, day = int(text[2:4]), int(text[4:6])
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_code(code: str) -> tuple[str | None, str | None] | None:
    """Country (ISO 3166 alpha-3) and role of a CAMEO actor code; None when it gives neither.

    >>> parse_code("AFGGOV"), parse_code("IGOUNO"), parse_code("USAGOVLEG"), parse_code("USRARM")
    (('AFG', 'GOV'), (None, 'IGO'), ('USA', 'LEG'), ('ARM', None))
    >>> parse_code("TMPOCC"), parse_code("KORGOVBUS"), parse_code("ELI"), parse_code("AFR") is None
    (('TLS', None), ('KOR', 'GOV'), (None, 'ELI'), True)
    """
    chunks = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not chunks:
        return None
    if chunks[0] in NON_COUNTRY:
        return None, chunks[0]
    country = _country(chunks[0])
    rest = chunks[1:] if country or chunks[0] not in ROLES else chunks
    if rest and chunks[0] in CONTAINERS and _country(rest[0]):
        country, rest = _country(rest[0]), rest[1:]
    roles = [r for r in (ROLE_ALIASES.get(c, c) for c in rest) if r in ROLES]
    role = roles[0] if roles else None
    if role == "GOV" and len(roles) > 1 and roles[1] in BRANCHES:
        role = roles[1]
    if country is None and role is None:
        return None
    return country, role


_ISO3: set[str] = set()


def _country(chunk: str) -> str | None:
    if not _ISO3:
        _ISO3.update(load_iso3())
    if chunk in CAMEO_TO_ISO:
        return CAMEO_TO_ISO[chunk]
    return chunk if chunk in _ISO3 else None


def load_iso3() -> set[str]:
    """dossier's country codes."""
    return {row["iso3"] for row in read_tsv("countries.tsv")}


def _strip_comment(line: str) -> str:
    line = line.rstrip("\n")
    if line.lstrip().startswith("#") or line.startswith("<!"):
        return ""
    return line.split("#", 1)[0].rstrip()


def _codes(text: str) -> Iterator[tuple[str, str, str]]:
    """(code, start, end) of every ``[CODE dates]`` in a line; dates are ISO or ''."""
    for inner in re.findall(r"\[([^\]]*)\]", text):
        parts = inner.split(None, 1)
        if not parts:
            continue
        code, dates = parts[0], (parts[1] if len(parts) > 1 else "").replace(" ", "")
        if not dates:
            yield code, "", ""
        elif dates[0] in "<>":
            date = parse_date(dates[1:])
            if date is None:
                continue
            yield (code, "", date) if dates[0] == "<" else (code, date, "")
        elif "-" in dates:
            start, end = (parse_date(d) for d in dates.split("-", 1))
            if start and end and start < end:
                yield code, start, end
        elif date := parse_date(dates):  # a lone date: from then on, as PETRARCH reads it
            yield code, date, ""


def _phrase(text: str) -> str:
    """The words of a dictionary phrase: ``_`` and spaces are word breaks.

    >>> _phrase("HAMID_KARZAI_ "), _phrase("ANTONIO_ NDONG_NTUTUMU_")
    ('HAMID KARZAI', 'ANTONIO NDONG NTUTUMU')
    """
    return " ".join(text.replace("_", " ").split())


def read_actors(lines: Iterable[str]) -> Iterator[Actor]:
    """The entries of a PETRARCH actor dictionary, in order."""
    actor: Actor | None = None
    for raw in lines:
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if actor is not None:
                actor.codes.extend(_parsed(_codes(stripped)))
            continue
        words = stripped.split("[", 1)
        if stripped.startswith("+"):
            if actor is not None:
                for part in words[0][1:].split("+"):  # "A_+_B": two synonyms run together
                    _add_forms(actor, part)
                if len(words) > 1:
                    actor.codes.extend(_parsed(_codes("[" + words[1])))
            continue
        if actor is not None:
            yield actor
        actor = Actor(primary="")
        _add_forms(actor, words[0])
        actor.primary = actor.forms[0] if actor.forms else ""
        if len(words) > 1:
            actor.codes.extend(_parsed(_codes("[" + words[1])))
    if actor is not None:
        yield actor


def _add_forms(actor: Actor, text: str) -> None:
    """A name form, and a bracketed acronym in it as a form of its own ("LTTE")."""
    acronyms = [_phrase(a) for a in re.findall(r"\(([^)]*)\)", text)]
    name = display(_phrase(re.sub(r"\([^)]*\)", " ", text)))
    for form in [name, *acronyms]:
        if form and form not in actor.forms:
            actor.forms.append(form)


def _parsed(
    codes: Iterable[tuple[str, str, str]],
) -> Iterator[tuple[str | None, str | None, str, str]]:
    for code, start, end in codes:
        parsed = parse_code(code)
        if parsed is not None:
            yield parsed[0], parsed[1], start, end


def read_agents(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(noun, role) for every form of every entry of a PETRARCH agents dictionary.

    >>> sample = ["!PERSON! = MAN, WOMEN", "CONGRESS!PERSON! [~LEG]", "REBEL [~REB]",
    ...           "RIOT_POLICE {} [~COP]", "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]",
    ...           "HUMAN_RIGHTS_BODY [NGO~]", "ARMY [~MIL]"]
    >>> list(read_agents(sample))  # doctest: +NORMALIZE_WHITESPACE
    [('congressman', 'LEG'), ('congresswomen', 'LEG'), ('rebel', 'REB'), ('rebels', 'REB'),
     ('riot police', 'COP'), ('attorney general', 'GOV'), ('attorneys general', 'GOV'),
     ('human rights body', 'NGO'), ('human rights bodies', 'NGO'), ('army', 'MIL'),
     ('armies', 'MIL')]
    """
    sets: dict[str, list[str]] = {}
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, _, items = line.partition("=")
            sets[name.strip()] = [i.strip() for i in items.split(",") if i.strip()]
            continue
        if "[" not in line:
            continue
        phrase, _, rest = line.partition("[")
        role = _agent_role(rest.partition("]")[0].strip())
        if role is None:
            continue
        plural: str | None = None
        if "{" in phrase:
            phrase, _, tail = phrase.partition("{")
            plural = tail.partition("}")[0].strip()
        phrase = phrase.strip()
        marker = re.search(r"!([A-Z]+)!", phrase)
        if marker:
            forms = [phrase.replace(marker.group(0), s) for s in sets.get(marker.group(0), [])]
        else:
            forms = [phrase, _plural(phrase) if plural is None else plural]
        for form in forms:
            noun = _phrase(form).lower()
            if noun:
                yield noun, role


def _agent_role(code: str) -> str | None:
    """ "~REB" -> REB, "~GOVPRS" -> GOV, "NGO~" -> NGO; religions are REL; ~PPL is no role."""
    code = code.strip("~")
    role = ROLE_ALIASES.get(code[:3], code[:3])
    return role if role in ROLES else None


def _plural(phrase: str) -> str:
    """The regular plural of a noun phrase's last word.

    >>> _plural("REBEL_ARMY"), _plural("ATTORNEY"), _plural("BUS"), _plural("POLICE_BOX")
    ('REBEL_ARMIES', 'ATTORNEYS', 'BUSES', 'POLICE_BOXES')
    """
    if phrase.endswith("Y") and len(phrase) > 1 and phrase[-2] not in "AEIOU":
        return phrase[:-1] + "IES"
    if phrase.endswith(("S", "X", "Z", "CH", "SH")):
        return phrase + "ES"
    return phrase + "S"


def display(form: str) -> str:
    """A dictionary phrase as it is written in text.

    >>> display("HAMID KARZAI"), display("LIBERATION TIGERS OF TAMIL EELAM"), display("U.N.")
    ('Hamid Karzai', 'Liberation Tigers of Tamil Eelam', 'U.N.')
    >>> display("BAN KI-MOON"), display("ACCRA")
    ('Ban Ki-Moon', 'Accra')
    """
    words = form.split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i > 0 and lower in SMALL_WORDS:
            out.append(lower)
        elif "." in word or (len(word) <= 3 and not set(lower) & set("aeiouy")):
            out.append(word)  # an acronym: "U.N.", "NLD"
        else:
            out.append("-".join(p.capitalize() for p in word.split("-")))
    return " ".join(out)


def common_word(word: str, zipf: float = 3.5) -> bool:
    """Is a one-word name a common English word ("Party", "Justice")?"""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - the converter runs where wordfreq is installed
        return False
    return zipf_frequency(word.lower(), "en") >= zipf


def actor_rows(actors: Iterable[Actor], role_words: set[str]) -> list[tuple[str, ...]]:
    """TSV rows (name, country, role, start, end), without the forms that would do harm."""
    by_form: dict[str, list[Actor]] = {}
    shown: dict[str, str] = {}
    for actor in actors:
        if not actor.codes:
            continue
        for form in actor.forms:
            key = name_key(form)
            shown.setdefault(key, form)
            if actor not in by_form.setdefault(key, []):
                by_form[key].append(actor)
    rows: list[tuple[str, ...]] = []
    for key, owners in by_form.items():
        form = shown[key]
        if not _keep_form(form, role_words):
            continue
        countries = {c for a in owners for c, _, _, _ in a.codes}
        if len(owners) > 1 and len(countries) > 1:
            primary = [a for a in owners if name_key(a.primary) == key]
            if len(primary) != 1:
                continue  # several actors of different countries share this name
            owners = primary
        seen = set()
        for actor in owners:
            for country, role, start, end in actor.codes:
                row = (form, country or "", role or "", start, end)
                if row not in seen:
                    seen.add(row)
                    rows.append(row)
    return rows


def _keep_form(form: str, role_words: set[str]) -> bool:
    words = form.split()
    letters = re.sub(r"[^A-Za-z]", "", form)
    if len(letters) < 3 or form.lower() in role_words:
        return False
    return not (len(words) == 1 and common_word(form))


def write_tsv(path: Path, header: list[str], comments: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        for comment in comments:
            f.write(f"# {comment}\n")
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=RESOURCES)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    agents = []
    seen_agents: set[str] = set()
    with (args.dictionaries / AGENT_FILE).open(encoding="utf-8", errors="replace") as f:
        for noun, role in read_agents(f):
            if noun in seen_agents or noun in AGENT_DROPS or len(noun) < 3:
                continue
            seen_agents.add(noun)
            agents.append((noun, role))
    actors: list[Actor] = []
    for name in ACTOR_FILES:
        with (args.dictionaries / name).open(encoding="utf-8", errors="replace") as f:
            actors.extend(read_actors(f))
    rows = actor_rows(actors, seen_agents | AGENT_DROPS)
    credit = [
        "Converted by scripts/petrarch_actors.py from PETRARCH-2's Phoenix dictionaries",
        "(Open Event Data Alliance, github.com/openeventdata/petrarch2, data/dictionaries/).",
        "MIT, see PETRARCH_LICENSE.txt.",
    ]
    n = write_tsv(
        args.out / "petrarch_actors.tsv",
        ["name", "country", "role", "start", "end"],
        [
            "PETRARCH-2 actors: people and bodies with their ISO 3166 alpha-3 country, CAMEO role",
            "and the ISO dates each code held (start inclusive, end exclusive, empty = open; a row",
            "with neither is the actor's default code). One row per name form and code.",
            *credit,
            "Left out: one-word common English words, role words, forms shorter than three",
            "letters, forms shared by actors of different countries (see the converter).",
        ],
        rows,
    )
    logger.info("petrarch_actors.tsv: %d rows", n)
    n = write_tsv(
        args.out / "petrarch_agents.tsv",
        ["noun", "role"],
        [
            "PETRARCH-2 agents: role nouns (singular and plural forms, lowercase) and their",
            "CAMEO role; religions are REL, human-rights and environmental groups NGO.",
            *credit,
            "Left out: nouns that are things or too vague to be actors (AGENT_DROPS).",
        ],
        agents,
    )
    logger.info("petrarch_agents.tsv: %d rows", n)
    words = common_surnames(row[0] for row in rows if row[3] or row[4])
    with (args.out / "petrarch_common_surnames.txt").open("w", encoding="utf-8") as f:
        f.write(
            "# Last words of PETRARCH-2 leaders' names that are common English words\n"
            '# (wordfreq Zipf >= 4): never read as a lone surname ("State", "Baker").\n'
            "# Written by scripts/petrarch_actors.py; MIT, see PETRARCH_LICENSE.txt.\n"
        )
        f.writelines(f"{word}\n" for word in words)
    logger.info("petrarch_common_surnames.txt: %d words", len(words))


def common_surnames(names: Iterable[str]) -> list[str]:
    """The last words of dated names of two or more words that are common English words."""
    last = {name_key(n).rsplit(" ", 1)[1] for n in names if " " in name_key(n)}
    return sorted(w for w in last if common_word(w, 4.0))  # "Gandhi" (3.8) is a name


if __name__ == "__main__":
    main()
