"""The event coder's data: trigger patterns (``event_patterns.jsonl``) and word lists
(``event_lexicon.json``), both in ``dossier/resources``, loaded once per pipeline.

A pattern anchors an event on one word (its lemma and part of speech) and codes it to PLOVER and
CAMEO; optional constraints make it more specific ("sign" + object "treaty", "call" + "for",
"threaten" + a complement that has "sanction"). Among the patterns of a word whose constraints
hold, the most specific wins. Patterns with ``plover: null`` are CAMEO 01 statements ("said"):
they are not events, but they tell the coder that a clause is reported.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from importlib import resources

logger = logging.getLogger(__name__)

PATTERNS_FILE = "event_patterns.jsonl"
LEXICON_FILE = "event_lexicon.json"
POS_GROUPS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "ADJ": "ADJ"}


@dataclass(frozen=True)
class Pattern:
    lemma: str
    pos: str
    cameo: str
    plover: str | None = None
    mode: str | None = None
    context: str | None = None
    prep: str | None = None
    object: frozenset[str] = frozenset()
    has: frozenset[str] = frozenset()
    clause: bool = False
    sense: str | None = None  # "physical" | "verbal": of a verb of attack (extract.attack_sense)
    absorbs: str | None = None  # "clause" | "object" | None

    @property
    def specificity(self) -> int:
        """How much a pattern asks of its context: object 2, prep / has / clause / sense 1 each.

        >>> Pattern("sign", "VERB", "057", object=frozenset({"treaty"})).specificity
        2
        """
        return (
            2 * bool(self.object)
            + bool(self.prep)
            + bool(self.has)
            + bool(self.clause)
            + bool(self.sense)
        )

    @property
    def is_statement(self) -> bool:
        """A CAMEO 01 statement ("said"): no PLOVER event of its own."""
        return self.plover is None


def parse_pattern(entry: dict) -> Pattern:
    """One pattern from its JSON entry; raises ValueError on a malformed one.

    >>> p = parse_pattern({"lemma": "Accuse", "pos": "VERB", "plover": "ACCUSE", "cameo": "112"})
    >>> p.lemma, p.plover, p.cameo, p.specificity
    ('accuse', 'ACCUSE', '112', 0)
    """
    try:
        lemma, pos, cameo = str(entry["lemma"]).lower(), str(entry["pos"]), str(entry["cameo"])
    except KeyError as exc:
        raise ValueError(f"event pattern without {exc}: {entry}") from None
    if pos not in ("VERB", "NOUN", "ADJ"):
        raise ValueError(f"event pattern with pos {pos!r}: {entry}")
    if not cameo.isdigit() or not 2 <= len(cameo) <= 4:
        raise ValueError(f"event pattern with CAMEO code {cameo!r}: {entry}")
    if entry.get("sense") not in (None, "physical", "verbal"):
        raise ValueError(f"event pattern with sense {entry['sense']!r}: {entry}")
    return Pattern(
        lemma=lemma,
        pos=pos,
        cameo=cameo,
        plover=entry.get("plover") or None,
        mode=entry.get("mode") or None,
        context=entry.get("context") or None,
        prep=(entry.get("prep") or None),
        object=frozenset(w.lower() for w in entry.get("object", [])),
        has=frozenset(w.lower() for w in entry.get("has", [])),
        clause=bool(entry.get("clause", False)),
        sense=entry.get("sense") or None,
        absorbs=entry.get("absorbs") or None,
    )


def read_patterns(text: str) -> list[Pattern]:
    """Patterns from JSONL text; blank lines and lines starting with ``#`` are skipped."""
    patterns = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(parse_pattern(json.loads(line)))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{PATTERNS_FILE} line {number}: {exc}") from None
    return patterns


@dataclass
class EventLexicon:
    """Patterns by (lemma, pos), most specific first, and the coder's word lists."""

    patterns: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    intent: dict[str, str] = field(default_factory=dict)
    refuse: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> EventLexicon:
        package = resources.files("dossier.resources")
        patterns = read_patterns(package.joinpath(PATTERNS_FILE).read_text(encoding="utf-8"))
        data = json.loads(package.joinpath(LEXICON_FILE).read_text(encoding="utf-8"))
        lex = cls(intent=dict(data.pop("intent")), refuse=dict(data.pop("refuse")))
        data.pop("about", None)
        lex.words = {name: frozenset(values) for name, values in data.items()}
        for pattern in patterns:
            lex.patterns.setdefault((pattern.lemma, pattern.pos), []).append(pattern)
        for group in lex.patterns.values():
            group.sort(key=lambda p: -p.specificity)  # stable: file order among equals
        logger.debug("event lexicon: %d patterns", len(patterns))
        return lex

    @property
    def lemmas(self) -> list[str]:
        return sorted({lemma for lemma, _ in self.patterns})

    def word(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())


def convert(table: dict[str, str], cameo: str) -> str | None:
    """The code ``table`` maps ``cameo`` to, by its longest listed prefix.

    >>> convert({"06": "031", "062": "0312"}, "062"), convert({"06": "031"}, "0611")
    ('0312', '031')
    >>> convert({"06": "031"}, "190") is None
    True
    """
    for size in range(len(cameo), 1, -1):
        if cameo[:size] in table:
            return table[cameo[:size]]
    return None
