"""PETRARCH-2's CAMEO verb dictionary as trigger patterns: the converter
(``scripts/petrarch_verbs.py``), how ``EventLexicon.load`` adds its patterns, and sentences
written for these tests that dossier codes only with them."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from dossier.extract import dictionaries
from dossier.extract.event_patterns import (
    DICTIONARY_FILE,
    EventLexicon,
    Pattern,
    add_dictionary,
    read_patterns,
)
from dossier.ingest import make_document
from dossier.nlp import extraction_from_doc, make_doc

ROOT = Path(__file__).resolve().parents[2]
CROSSWALK = ROOT.parent / "shared/eval/events/CAMEO2PLOVER-2021.txt"
RESOURCE = ROOT / "dossier" / "resources" / DICTIONARY_FILE


def _converter():
    spec = importlib.util.spec_from_file_location(
        "petrarch_verbs", ROOT / "scripts/petrarch_verbs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


SAMPLE = """\
# a made-up dictionary in PETRARCH-2's format
&WEAPON
+RIFLE
+GRENADE_LAUNCHER

&AUXVERB_
+WILL

####### VERB PATTERNS #######

--- SCOLD  [111] ---
SCOLD
UPBRAID  # a synonym, same code
PRAISE [051]
+TELL_OFF {+TOLD_OFF +TELLS_OFF}
- * (FOR &WEAPON)                  [112]   # SCOLD
- * {ARMS SALES}                   [1121]  # UPBRAID
- * (IN PRIVATE)                   [---]   # SCOLD
- &AUXVERB * RIVAL                 [111]   # SCOLD
- * WHETHER                        [111]   # SCOLD
- * REPORT                         [010]   # SCOLD

--- SHIP  [---] ---
SHIP
- * &WEAPON                        [072]
- * TROOPS (TO BORDER)             [154]
"""

TABLE_PATTERNS = "\n".join(
    json.dumps({"lemma": w, "pos": "VERB", "plover": p, "cameo": c})
    for w, p, c in [
        ("accuse", "ACCUSE", "111"),
        ("blame", "ACCUSE", "112"),
        ("praise", "SUPPORT", "051"),
        ("arm", "AID", "072"),
        ("mobilize", "MOBILIZE", "154"),
    ]
)


@pytest.fixture(scope="module")
def converted():
    module = _converter()
    synsets, blocks = module.read_dictionary(SAMPLE)
    table = module.code_table(TABLE_PATTERNS)
    entries, skipped = module.convert_blocks(
        blocks,
        synsets,
        table,
        lambda word, pos: word.lower().rstrip("s") if pos == "NOUN" else word,
    )
    return {(e["lemma"], e.get("prep"), tuple(e.get("object", ()))): e for e in entries}, skipped


def test_conversion_of_verbs_and_synonyms(converted):
    entries, _ = converted
    assert entries[("scold", None, ())]["cameo"] == "111"
    assert entries[("scold", None, ())]["plover"] == "ACCUSE"
    assert entries[("upbraid", None, ())]["cameo"] == "111"  # the block's code
    assert entries[("praise", None, ())]["plover"] == "SUPPORT"  # its own code
    assert entries[("tell", "off", ())]["cameo"] == "111"  # a multi-word verb: verb + particle


def test_conversion_of_patterns(converted):
    entries, _ = converted
    weapon = entries[("scold", "for", ("launcher", "rifle"))]
    assert weapon["cameo"] == "112" and weapon["plover"] == "ACCUSE"
    arms = entries[("upbraid", None, ("sale",))]  # only for the verb it was written for
    assert arms["has"] == ["arm"] and arms["cameo"] == "1121" and arms["plover"] == "ACCUSE"
    assert not any(k[0] == "scold" and k[2] == ("sale",) for k in entries)
    troops = entries[("ship", "to", ("troop",))]
    assert troops["has"] == ["border"] and troops["plover"] == "MOBILIZE"
    assert entries[("ship", None, ("launcher", "rifle"))]["cameo"] == "072"
    assert ("ship", None, ()) not in entries  # null code: no plain pattern


def test_conversion_counts_what_it_skips(converted):
    entries, skipped = converted
    assert skipped["pattern: null or reverse code"] == 1  # (IN PRIVATE) [---]
    assert skipped["pattern: words before the verb"] == 1
    assert skipped["pattern: function word"] == 1  # WHETHER
    assert skipped["pattern: CAMEO 01 statement"] >= 1
    assert not any(e["cameo"].startswith("01") for e in entries.values())


def test_resource_has_the_notice_and_parses():
    text = RESOURCE.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("MIT, see PETRARCH_LICENSE.txt" in line for line in header)
    patterns = read_patterns(text, DICTIONARY_FILE)
    assert len(patterns) > 1000
    assert all(p.pos == "VERB" and not p.is_statement for p in patterns)


def test_own_patterns_win():
    own = {("sign", "VERB"): [Pattern("sign", "VERB", "057", "SUPPORT")]}
    extra = [
        Pattern("sign", "VERB", "030", "AGREE"),
        Pattern("sign", "VERB", "0356", "AGREE", object=frozenset({"truce"})),
        Pattern("chide", "VERB", "111", "ACCUSE"),
    ]
    assert add_dictionary(own, extra, known=False) == 1
    assert [p.cameo for p in own[("sign", "VERB")]] == ["057"]
    assert own[("chide", "VERB")][0].cameo == "111"


def test_loaded_lexicon_keeps_own_patterns_first(monkeypatch):
    monkeypatch.setenv(dictionaries.ENV, "actors,agents")
    own = EventLexicon.load()
    monkeypatch.setenv(dictionaries.ENV, "all")
    full = EventLexicon.load()
    for key, group in own.patterns.items():
        assert full.patterns[key] == group  # a word dossier knows is coded by its patterns only
    added = set(full.patterns) - set(own.patterns)
    assert ("banish", "VERB") in added or ("banish", "VERB") in own.patterns
    assert len(added) > 100


def test_switch_off(monkeypatch):
    monkeypatch.setenv(dictionaries.ENV, "actors,agents")
    off = EventLexicon.load()
    monkeypatch.setenv(dictionaries.ENV, "none")
    none = EventLexicon.load()
    assert off.patterns == none.patterns
    dictionary = {(p.lemma, p.pos) for p in read_patterns(RESOURCE.read_text(encoding="utf-8"))}
    own_file = (ROOT / "dossier/resources/event_patterns.jsonl").read_text(encoding="utf-8")
    own = {(p.lemma, p.pos) for p in read_patterns(own_file)}
    assert not (dictionary - own) & set(off.patterns)


def _events(nlp, text: str) -> list[dict]:
    document = make_document(text, published="2024-06-12")
    extraction = extraction_from_doc(document, nlp(make_doc(nlp, document)))
    return [e.model_dump() for e in extraction.events]


@pytest.mark.parametrize(
    ("text", "plover", "cameo"),
    [
        ("The junta banished the opposition leader to a remote island.", "COERCE", "174"),
        ("Portugal castigated Spain for the fishing dispute.", "ACCUSE", "111"),
        ("Police confiscated the printing presses of the newspaper.", "COERCE", "1711"),
        ("Rebel fighters besieged the provincial capital on Monday.", "COERCE", "191"),
        ("Venezuela nationalized the oil fields of two American firms.", "COERCE", "171"),
        ("The senate censured the Bolivian ambassador.", "ACCUSE", "111"),
    ],
)
def test_sentences_coded_only_with_the_dictionary(nlp, text, plover, cameo):
    if "verbs" not in dictionaries.enabled():
        pytest.skip("the verb dictionary is switched off")
    events = _events(nlp, text)
    assert any(e["plover"] == plover and e["cameo"] == cameo for e in events), [
        (e["plover"], e["cameo"], e["trigger"]["text"]) for e in events
    ]


@pytest.mark.parametrize(
    "text",
    [
        "According to the report, exports rose by four percent.",
        "The offering will be underwritten by a group of banks.",
        "Revenue was lower, excluding the defence business.",
    ],
)
def test_news_senses_are_no_events(nlp, text):
    assert _events(nlp, text) == []


@pytest.mark.skipif(not CROSSWALK.exists(), reason="no CAMEO2PLOVER crosswalk in ../shared/eval")
def test_converted_patterns_agree_with_the_cameo_plover_crosswalk():
    table = {}
    for line in CROSSWALK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match:
            table.setdefault(match.group(1), match.group(2))
    for pattern in read_patterns(RESOURCE.read_text(encoding="utf-8")):
        if pattern.cameo in table:
            assert pattern.plover == table[pattern.cameo], pattern
        else:
            assert pattern.cameo.startswith("02") and pattern.plover == "REQUEST", pattern


def test_slash_alternatives_are_objects_of_their_own():
    module = _converter()
    parsed = module.parse_post("(IN {AIR ATTACK/BOMBING})", {})
    assert parsed.prep == "in" and parsed.object == ["attack", "bombing"]


def test_aliases_for_lemmas_spacy_misreads():
    module = _converter()
    entries = [
        {"lemma": "cordon", "pos": "VERB", "prep": "off", "cameo": "170"},
        {"lemma": "wage", "pos": "VERB", "cameo": "190"},  # plain: not under a common word
        {"lemma": "wage", "pos": "VERB", "object": ["war"], "cameo": "190"},
        {"lemma": "rebuke", "pos": "VERB", "cameo": "111"},  # read right: no alias
    ]
    misread = {"cordon": {"cordone"}, "wage": {"wag"}}
    aliases = module.add_aliases(
        entries, lambda verb: misread.get(verb, set()), {"rebuke"}, lambda w: w == "wag"
    )
    assert [(a["lemma"], a.get("prep"), a.get("object")) for a in aliases] == [
        ("cordone", "off", None),
        ("wag", None, ["war"]),
    ]
    assert module.add_aliases(
        entries, lambda verb: misread.get(verb, set()), {"cordone"}, bool
    ) == [{**entries[2], "lemma": "wag"}]


@pytest.mark.parametrize(
    ("text", "cameo", "trigger"),
    [
        ("Police cordoned off the city centre on Sunday.", "170", "cordoned"),
        ("The rebels are waging war against the government.", "190", "waging"),
        ("The minister lambasted the Chinese ambassador.", "111", "lambasted"),
        ("Police rearrested the opposition leader.", "173", "rearrested"),
    ],
)
def test_inflected_forms_spacy_misreads_are_coded(nlp, text, cameo, trigger):
    if "verbs" not in dictionaries.enabled():
        pytest.skip("the verb dictionary is switched off")
    events = _events(nlp, text)
    assert any(e["cameo"] == cameo and e["trigger"]["text"] == trigger for e in events), [
        (e["cameo"], e["trigger"]["text"]) for e in events
    ]
