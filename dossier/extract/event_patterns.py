"""The event coder's data: trigger patterns (``event_patterns.jsonl``) and word lists
(``event_lexicon.json``), both in ``dossier/resources``, loaded once per pipeline.

A pattern anchors an event on one word (its lemma and part of speech) and codes it to PLOVER and
CAMEO; optional constraints make it more specific ("sign" + object "treaty", "call" + "for",
"threaten" + a complement that has "sanction", "bomb" + subject "warplane") or rule a sense out
("strike" not with "quake" or "oil" as its subject or object). Among the patterns of a word whose
constraints hold, the most specific wins. Patterns with ``plover: null`` are CAMEO 01 statements
("said"): they are not events, but they tell the coder that a clause is reported.

PETRARCH-2's CAMEO verb dictionary, converted by ``scripts/petrarch_verbs.py`` into
``petrarch_verbs.jsonl`` (MIT, Open Event Data Alliance), widens the coverage when the "verbs"
dictionary is on (``dossier.extract.dictionaries``): dossier's own patterns always win.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from importlib import resources

from dossier.extract import dictionaries

logger = logging.getLogger(__name__)

PATTERNS_FILE = "event_patterns.jsonl"
LEXICON_FILE = "event_lexicon.json"
DICTIONARY_FILE = "petrarch_verbs.jsonl"
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
    subject: frozenset[str] = frozenset()  # one of these must head its subject
    exclude: frozenset[str] = frozenset()  # none of these may head its subject or object ("not")

    @property
    def specificity(self) -> int:
        """How much a pattern asks of its context: object 2, prep / has / clause / sense /
        subject 1 each (an exclusion asks for nothing).

        >>> Pattern("sign", "VERB", "057", object=frozenset({"treaty"})).specificity
        2
        >>> Pattern("bomb", "VERB", "195", subject=frozenset({"jet"})).specificity
        1
        """
        return (
            2 * bool(self.object)
            + bool(self.prep)
            + bool(self.has)
            + bool(self.clause)
            + bool(self.sense)
            + bool(self.subject)
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
    >>> sorted(parse_pattern({"lemma": "strike", "pos": "VERB", "cameo": "143",
    ...                       "not": ["Quake", "oil"]}).exclude)
    ['oil', 'quake']
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
    for key in ("object", "has", "subject", "not"):
        if not isinstance(entry.get(key, []), list):
            raise ValueError(f"event pattern with {key} not a list: {entry}")
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
        subject=frozenset(w.lower() for w in entry.get("subject", [])),
        exclude=frozenset(w.lower() for w in entry.get("not", [])),
    )


def read_patterns(text: str, name: str = PATTERNS_FILE) -> list[Pattern]:
    """Patterns from JSONL text; blank lines and lines starting with ``#`` are skipped."""
    patterns = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(parse_pattern(json.loads(line)))
        except (json.JSONDecodeError, ValueError) as exc:
            raise ValueError(f"{name} line {number}: {exc}") from None
    return patterns


def _constraints(pattern: Pattern) -> tuple:
    return (pattern.prep, pattern.object, pattern.has, pattern.clause, pattern.sense)


def add_dictionary(
    groups: dict[tuple[str, str], list[Pattern]], extra: list[Pattern], *, known: bool = False
) -> int:
    """Add a dictionary's patterns to dossier's own (``groups``, by (lemma, pos)); returns how
    many were added. A word dossier has no pattern for gets all of the dictionary's; a word it
    has gets none by default. With ``known`` it gets the dictionary's constrained patterns whose
    constraints none of its own has, placed after its own of the same specificity (the caller's
    stable sort): measured on the PLOVER dev folds, the CAMEO codebook and PETRARCH's records,
    that made things worse ("attack" + "camp" as 190, "call for" + "sanction" as 1312), so the
    loader leaves it off.

    >>> own = {("sign", "VERB"): [Pattern("sign", "VERB", "057", "SUPPORT")]}
    >>> extra = [Pattern("sign", "VERB", "030", "AGREE"), Pattern("ink", "VERB", "057", "SUPPORT"),
    ...          Pattern("sign", "VERB", "0356", "AGREE", object=frozenset({"truce"}))]
    >>> add_dictionary(own, extra), [p.cameo for p in own[("sign", "VERB")]]
    (1, ['057'])
    >>> add_dictionary(own, extra, known=True), [p.cameo for p in own[("sign", "VERB")]]
    (1, ['057', '0356'])
    """
    own_keys = set(groups)
    own_constraints = {key: {_constraints(p) for p in patterns} for key, patterns in groups.items()}
    added = 0
    for pattern in extra:
        key = (pattern.lemma, pattern.pos)
        if key in own_keys and not (
            known and pattern.specificity and _constraints(pattern) not in own_constraints[key]
        ):
            continue
        groups.setdefault(key, []).append(pattern)
        added += 1
    return added


@dataclass
class EventLexicon:
    """Patterns by (lemma, pos), most specific first, and the coder's word lists."""

    patterns: dict[tuple[str, str], list[Pattern]] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    intent: dict[str, str] = field(default_factory=dict)
    refuse: dict[str, str] = field(default_factory=dict)
    modes: dict[str, frozenset[str]] = field(default_factory=dict)  # PLOVER 2.0's, by type
    code_modes: dict[str, str] = field(default_factory=dict)  # the crosswalk's, by CAMEO code

    @classmethod
    def load(cls) -> EventLexicon:
        package = resources.files("dossier.resources")
        patterns = read_patterns(package.joinpath(PATTERNS_FILE).read_text(encoding="utf-8"))
        data = json.loads(package.joinpath(LEXICON_FILE).read_text(encoding="utf-8"))
        lex = cls(intent=dict(data.pop("intent")), refuse=dict(data.pop("refuse")))
        lex.modes = {kind: frozenset(modes) for kind, modes in data.pop("modes", {}).items()}
        lex.code_modes = dict(data.pop("code_modes", {}))
        data.pop("about", None)
        lex.words = {name: frozenset(values) for name, values in data.items()}
        for pattern in patterns:
            lex.patterns.setdefault((pattern.lemma, pattern.pos), []).append(pattern)
        if "verbs" in dictionaries.enabled():
            text = package.joinpath(DICTIONARY_FILE).read_text(encoding="utf-8")
            added = add_dictionary(lex.patterns, read_patterns(text, DICTIONARY_FILE))
            logger.debug("event lexicon: %d patterns from %s", added, DICTIONARY_FILE)
        for group in lex.patterns.values():
            group.sort(key=lambda p: -p.specificity)  # stable: file order among equals
        logger.debug("event lexicon: %d patterns", len(patterns))
        return lex

    @property
    def lemmas(self) -> list[str]:
        return sorted({lemma for lemma, _ in self.patterns})

    def word(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    def mode_for(self, plover: str, cameo: str, mode: str | None) -> str | None:
        """The mode of an event recoded as ``plover`` / ``cameo`` (an intent, a refusal) that
        had ``mode``: kept where the new type has it, else the crosswalk's for the code, else
        none ("would not resign": REJECT yield; "will boycott": THREATEN relations).

        >>> lex = EventLexicon(modes={"THREATEN": frozenset({"arrest", "relations"})},
        ...                    code_modes={"130": "", "133": "relations"})
        >>> lex.mode_for("THREATEN", "130", "arrest"), lex.mode_for("THREATEN", "133", "boycott")
        ('arrest', 'relations')
        >>> lex.mode_for("THREATEN", "130", "boycott") is None
        True
        """
        if mode and mode in self.modes.get(plover, frozenset()):
            return mode
        return convert(self.code_modes, cameo) or None


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
