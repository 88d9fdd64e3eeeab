"""Convert UniversalPetrarch's Spanish verb dictionary into dossier's Spanish trigger table.

Source: ``verbpatterns_es_190128.txt`` of UniversalPetrarch (openeventdata/UniversalPetrarch,
``data/dictionaries/spanish``), MIT licence (``dossier/resources/lang/es/PETRARCH_ES_LICENSE.txt``).
It has PETRARCH-1's format: synsets (``&NAME`` and ``+WORD`` lines), then verb blocks
(``--- NAME [code] ---``, the block's verbs with an optional own ``[code]``, and patterns
``- pre * post [code]``); it is read with ``scripts/petrarch_verbs.py``'s reader. In PETRARCH-1
a pattern applies to every verb of its block; here only to the block's first (head) verb: the
Spanish blocks are long lists of loosely related verbs, and block-wide patterns made 14,500
readings that lowered type accuracy on folds 0-2 of the protest file from 0.636 to 0.530 (no
constrained readings at all: 0.636; head verb only: 0.637).

Output (``dossier/resources/lang/es/triggers.tsv``), one row per trigger reading:

- ``lemma``: the verb's infinitive without a reflexive ``se`` ("enfrentarse" -> "enfrentar"),
  casefolded and without accents (the coder compares lemmas the same way);
- ``cameo`` and ``plover``: the PLOVER type comes from the longest CAMEO prefix among the codes
  of dossier's own English patterns (``scripts/petrarch_verbs.py``: ``code_table``,
  ``codes_of``), so Spanish and English map CAMEO alike;
- ``pos``: VERB, NOUN, or empty (either);
- ``requires``: empty for a plain reading; else ``|``-separated words (accent-free), one of
  which must follow the trigger closely (the first content word of a pattern's post-verb part,
  or of a multi-word verb ``+HACER_CAMPANA``). Patterns with words before the verb, the null code
  ``---``, CAMEO 01 statements and codes dossier cannot map are skipped and counted.

A lemma's plain reading is its first one in the dictionary, unless :data:`OVERRIDES` (hand
choices, with the reason) gives it; a verb as common as :data:`MAX_ZIPF` keeps only its
constrained readings. Constrained readings are kept only where their code differs from the
plain one, merged per (lemma, code); :data:`CONSTRAINED` adds a few by hand. :data:`NOUNS`
adds the nominal triggers news uses ("protesta", "huelga", "atentado"), which a verb dictionary
lacks; the dictionary's own non-infinitives (nouns, participles, adjectives: "traje", "jaula",
"fracaso") get no plain reading, NOUNS keeps the few worth it. :data:`STOP_LEMMAS` drops
verbs that carry no event on their own, or whose block code is a rare sense. :data:`FIXED`
(a word right before: "sin embargo") and :data:`NOT_EVENTS` (a word near it: "se movilizaban
en dos camionetas") mark uses of a trigger that are no event.

Usage (from the project root)::

    python scripts/petrarch_es_verbs.py \
        --dictionaries ../shared/eval/multilingual/events-es/dictionaries

The output is byte-reproducible: rows are sorted and nothing depends on the run.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from petrarch_verbs import (
    code_table,
    codes_of,
    main_code,
    read_dictionary,
    tokens,
)
from spacy.lang.es.stop_words import STOP_WORDS

SOURCE = "verbpatterns_es_190128.txt"
ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "dossier" / "resources" / "lang" / "es" / "triggers.tsv"
OWN_PATTERNS = ROOT / "dossier" / "resources" / "event_patterns.jsonl"

# Verbs that carry no event of their own in news (auxiliaries, light and motion verbs), or whose
# dictionary reading is a rare sense.
STOP_LEMMAS = {
    "ser": "auxiliary",
    "estar": "auxiliary",
    "haber": "auxiliary",
    "tener": "auxiliary / possession",
    "hacer": "light verb ('hacer campaña' keeps its constrained reading)",
    "dar": "light verb",
    "ir": "motion / future 'ir a'",
    "venir": "motion",
    "llevar": "light verb ('llevar a cabo')",
    "poner": "light verb",
    "tomar": "light verb ('tomar partido')",
    "seguir": "aspectual ('sigue siendo')",
    "continuar": "aspectual",
    "quedar": "aspectual",
    "deber": "modal",
    "poder": "modal",
    "querer": "modal",
    "desear": "modal ('desea que')",
    "necesitar": "modal",
    "pulsar": "'press a button', no demand",
    "decir": "reporting verb, a statement",
    "afirmar": "reporting verb, a statement",
    "considerar": "opinion",
    "realizar": "light verb ('realizar una marcha': the noun is the event)",
    "efectuar": "light verb",
    "mantener": "light verb ('mantener la huelga')",
    "iniciar": "aspectual ('iniciar una huelga')",
    "comenzar": "aspectual",
    "empezar": "aspectual",
    "terminar": "aspectual",
    "pasar": "light verb",
    "salir": "motion",
    "llegar": "motion",
    "volver": "motion / aspectual",
    "encontrar": "'encontrarse' is mostly 'to be (somewhere)'",
    "conocer": "'dar a conocer': announce",
    "expresar": "statement ('expresó su apoyo': the noun is the event)",
    "sostener": "reporting verb ('sostuvo que')",
    "anunciar": "statement",
    "explicar": "statement",
    "indicar": "statement",
    "señalar": "statement",
    "agregar": "statement",
    "añadir": "statement",
    "informar": "statement",
    # Rare senses of PETRARCH's loosely grouped verb blocks (read off folds 0-2 of the protest
    # file: each coded nothing right there, and its block's code is not the verb's news sense).
    "estimar": "opinion ('estimaron los observadores')",
    "incluir": "'include', no concession",
    "desatar": "'unleash' (protests), no concession",
    "aprobar": "a vote passing a law, no endorsement of an actor",
    "celebrar": "'hold' (a meeting, elections): a light verb",
    "causar": "'cause', no coercion",
    "dirigir": "'direct, lead', no agreement",
    "unir": "'join', no consultation",
    "abstener": "'refrain from': modal",
    "pretender": "'intend': modal",
    "registrar": "'se registraron incidentes': occur",
    "rendir": "'rendir homenaje': pay tribute",
    "atender": "'attend to', no consultation",
    "difundir": "'broadcast': a statement",
    "suscitar": "'arouse': the aroused noun is the event",
    "elevar": "'raise' (prices), no threat",
    "vencer": "'expire' / 'win', no assault",
    "impactar": "'impact', no endorsement",
    "integrar": "'make up, belong to', no endorsement",
    "sumar": "'add up', no cooperation",
    "asumir": "'assume' (office), no coercion",
    "constituir": "'constitute', no cooperation",
    "asistir": "'attend', no cooperation",
    "confirmar": "statement",
    "revelar": "statement",
    "sufrir": "'suffer': the suffered noun is the event",
    "proseguir": "aspectual ('prosigue la huelga')",
    "permanecer": "aspectual ('permanecían bloqueados')",
    "encender": "'light' (candles), no assault",
    "limpiar": "'clean', no assault",
    "arruinar": "'ruin' (the economy), no assault",
    "escalar": "'climb', no riot",
    "tranquilizar": "'reassure', no cooperation",
    "acrecentar": "'increase'",
    "intensificar": "'intensify': aspectual",
    "ampliar": "'widen'",
    "excluir": "'exclude', no coercion",
    "triunfar": "'succeed'",
    "examinar": "'examine' (a text), no investigation",
    "obedecer": "'obey' (a call): aspectual",
    "fallar": "'fail' / 'rule'",
    "lanzar": "'launch' (a call, a campaign) or 'throw': its constrained readings only",
    "convocar": "'call' (a strike): the called noun is the event",
    "conducir": "'drive, take (someone) to', no agreement",
    "organizar": "light verb ('organizar una marcha': the noun is the event)",
    "preparar": "light verb ('preparan manifestaciones')",
    "protagonizar": "light verb ('protagonizaron una protesta')",
    "levantar": "'levantar la huelga': the noun is the event",
    "sacudir": "'shake' (an earthquake, a scandal): its PROTEST code is a rare sense",
}

# Hand readings of frequent news verbs whose first dictionary reading is wrong or too broad.
# lemma -> (cameo, reason)
OVERRIDES = {
    "protestar": ("140", "political dissent, the dictionary gives none"),
    "manifestar": ("141", "'manifestaron': demonstrate (MARCH block, general code 140)"),
    "marchar": ("141", "march (MARCH block, general code 140)"),
    "desfilar": ("141", "march in a demonstration"),
    "movilizar": ("141", "mass mobilisation"),
    "concentrar": ("141", "'se concentraron': rally"),
    "congregar": ("141", "rally"),
    "bloquear": ("144", "obstruct passage, block"),
    "obstaculizar": ("144", "obstruct"),
    "paralizar": ("143", "strike: 'paralizaron sus actividades'"),
    "amotinar": ("145", "riot"),
    "saquear": ("145", "looting in a riot"),
    "enfrentar": ("190", "armed or street clash"),
    "pedir": ("100", "demand"),
    "exigir": ("100", "demand"),
    "reclamar": ("100", "demand"),
    "demandar": ("100", "demand"),
    "solicitar": ("100", "request"),
    "urgir": ("100", "'urgió al gobierno a': demand"),
    "rechazar": ("120", "reject"),
    "amenazar": ("130", "threaten"),
    "advertir": ("130", "warn: a threat in CAMEO"),
    "denunciar": ("111", "criticise or denounce"),
    "criticar": ("111", "criticise"),
    "condenar": ("111", "condemn"),
    "acusar": ("112", "accuse"),
    "apoyar": ("051", "praise or endorse"),
    "respaldar": ("051", "endorse"),
    "suspender": ("160", "reduce relations: suspend"),
    "atacar": ("190", "conventional military force"),
    "asesinar": ("190", "murder: PETRARCH-2's CAMEO.2.0 codes MURDER and SLAY 190"),
    "matar": ("190", "kill: as CAMEO.2.0's MURDER, SLAY"),
    "ejecutar": ("190", "'ejecutaron a dos campesinos': murder, as CAMEO.2.0's MURDER"),
    "quemar": ("1712", "destroy property (arson)"),
    "incinerar": ("1712", "destroy property (arson)"),
    "incendiar": ("1712", "destroy property (arson)"),
    "repudiar": ("120", "repudiate: reject"),
    "hurtar": ("171", "seize property"),
    "secuestrar": ("181", "abduct, take hostage"),
    "detener": ("173", "arrest, detain"),
    "arrestar": ("173", "arrest"),
    "capturar": ("173", "arrest"),
    "desaparecer": ("181", "forced disappearance (Noche y Niebla usage)"),
    "torturar": ("1821", "torture"),
    "herir": ("182", "physical assault"),
    "bombardear": ("195", "aerial weapons"),
    "ametrallar": ("190", "conventional military force"),
    "disparar": ("190", "shoot"),
    "acordar": ("057", "sign / reach an agreement"),
    "firmar": ("057", "sign an agreement"),
    "investigar": ("090", "investigate"),
    "negociar": ("046", "negotiate"),
    "reunir": ("043", "meet: 'se reunieron'"),
    "visitar": ("042", "make a visit"),
    "retirar": ("087", "de-escalate: withdraw"),
    "liberar": ("0841", "release persons"),
    "desplegar": ("154", "mobilise armed forces"),
}

# Nominal triggers: lemma (accent-free) -> (cameo, reason).
NOUNS = {
    "protesta": ("140", "protest"),
    "manifestacion": ("141", "demonstration"),
    "marcha": ("141", "march"),
    "movilizacion": ("141", "mass mobilisation"),
    "concentracion": ("141", "rally (also 'concentration': often wrong outside protest news)"),
    "mitin": ("141", "rally"),
    "huelga": ("143", "strike"),
    "paro": ("143", "strike (Latin America)"),
    "boicot": ("143", "boycott"),
    "bloqueo": ("144", "blockade, road block"),
    "piquete": ("144", "picket"),
    "disturbio": ("145", "riot"),
    "motin": ("145", "riot"),
    "saqueo": ("145", "looting"),
    "enfrentamiento": ("190", "clash"),
    "choque": ("190", "clash"),
    "combate": ("190", "fighting"),
    "ataque": ("190", "attack"),
    "atentado": ("180", "terror attack"),
    "bombardeo": ("195", "bombing"),
    "asesinato": ("190", "killing (as the verb)"),
    "herido": ("182", "'resultaron heridos': physical assault"),
    "masacre": ("202", "mass killing"),
    "secuestro": ("181", "kidnapping"),
    "detencion": ("173", "arrest"),
    "arresto": ("173", "arrest"),
    "amenaza": ("130", "threat"),
    "ultimatum": ("130", "ultimatum"),
    "demanda": ("100", "demand"),
    "llamamiento": ("100", "call, appeal ('un llamamiento a')"),
    "exigencia": ("100", "demand"),
    "rechazo": ("120", "rejection"),
    "sancion": ("163", "impose sanctions (as in the other languages)"),
    "embargo": ("163", "embargo"),
    "acuerdo": ("057", "agreement"),
    "negociacion": ("046", "negotiation"),
    "investigacion": ("090", "investigation"),
    "condena": ("111", "condemnation"),
    "denuncia": ("111", "denunciation"),
    "acusacion": ("112", "accusation"),
    "respaldo": ("051", "endorsement"),
    "apoyo": ("051", "support"),
    "ayuda": ("070", "aid"),
    "retirada": ("087", "withdrawal"),
    # not "huelguista": a striker is a person, no event ("los huelguistas exigen": the demand is)
    "planton": ("141", "sit-in"),
    "sentada": ("141", "sit-in"),
    "cacerolazo": ("141", "pot-banging protest"),
    "megamarcha": ("141", "mass march"),
    "represion": ("175", "violent repression"),
    # nouns of the verb dictionary worth keeping (its other non-infinitives are skipped)
    "desfile": ("141", "parade, march"),
    "tiroteo": ("190", "shooting"),
    "escaramuza": ("190", "skirmish"),
    "refriega": ("190", "scuffle"),
    "matanza": ("202", "mass killing (as masacre)"),
    "explosion": ("180", "blast (bombing)"),
    "veto": ("120", "veto: reject"),
    "rendicion": ("080", "surrender: yield"),
}

# Words that make a noun trigger part of a fixed phrase, no event: lemma -> (word before, reason).
FIXED = {
    "acuerdo": ("de", "'de acuerdo con': according to"),
    "embargo": ("sin", "'sin embargo': however"),
}

# Hand constrained readings: (lemma, cameo, pos) -> (required words, reason).
CONSTRAINED = {
    ("protesta", "145", "NOUN"): (
        "violento|violenta|violentos|violentas",
        "violent protest (riot)",
    ),
    ("manifestacion", "145", "NOUN"): (
        "violento|violenta|violentos|violentas",
        "violent protest (riot)",
    ),
    ("huelga", "142", "NOUN"): ("hambre", "hunger strike"),
    ("dar", "190", "VERB"): ("muerte", "'dieron muerte': kill, as matar"),
    ("declarar", "143", "VERB"): ("huelga|paro", "'se declararon en huelga'"),
    ("cortar", "144", "VERB"): (
        "ruta|carretera|calle|transito|paso|acceso|via|puente|camino|avenida",
        "road block",
    ),
    ("cerrar", "144", "VERB"): (
        "ruta|carretera|calle|transito|paso|acceso|via|puente|camino|avenida",
        "road block",
    ),
    ("prender", "1712", "VERB"): ("fuego", "'prendieron fuego a': arson"),
    ("votar", "120", "VERB"): ("contra", "'votaron en contra': reject"),
    ("retirar", "125", "VERB"): (
        "reunion|cumbre|sesion|plenario|conferencia|negociacion|negociaciones|dialogo"
        "|conversaciones|sala|recinto",
        "walk out of a meeting: reject talks",
    ),
    ("abandonar", "125", "VERB"): (
        "reunion|cumbre|sesion|plenario|conferencia|sala|recinto",
        "walk out of a meeting: reject talks",
    ),
    ("lanzar", "145", "VERB"): (
        "piedra|piedras|huevo|huevos|botella|botellas|coctel|cocteles|molotov|petardo|petardos"
        "|pintura|objeto|objetos|proyectil|proyectiles|escombros",
        "'lanzaron piedras': violent protest",
    ),
    ("arrojar", "145", "VERB"): (
        "piedra|piedras|huevo|huevos|botella|botellas|coctel|cocteles|molotov|petardo|petardos"
        "|pintura|objeto|objetos|proyectil|proyectiles|escombros",
        "'arrojaron piedras': violent protest",
    ),
    ("reunir", "141", "VERB"): (
        "mil|miles|millar|centenar|ciento|decena|multitud|persona|manifestante|estudiante"
        "|trabajador|campesino|simpatizante|militante|opositor|partidario|pacifista|activista",
        "'miles de manifestantes se reunieron', 'reunir a 200.000 personas': a crowd gathers,"
        " a rally (its subject, or a word after it)",
    ),
    ("ocupar", "144", "VERB"): (
        "sede|edificio|puente|oficina|plaza|calle|carretera|iglesia|catedral|embajada|ruta"
        "|local|instalaciones|fabrica|universidad|ministerio|alcaldia",
        "occupation of a building or road as protest (a sit-in)",
    ),
}

# Senses that are no event: lemma -> (words, one of which near the trigger marks the sense
# (after it, among its dependents, or its head; read by dossier/lang/events.py), reason).
NOT_EVENTS = {
    "movilizar": (
        "motocicleta|moto|camioneta|camion|vehiculo|carro|automovil|auto|bus|buseta|taxi"
        "|bicicleta|caballo|lancha|canoa|helicoptero|avioneta|avion|campero",
        "'se movilizaban en dos camionetas': travel (Colombian usage), no mobilisation",
    ),
}

# Second readings (pos ALSO, read by dossier/lang/events.py): a mobilisation (march, strike,
# blockade, rally: CAMEO 141-144) whose stated purpose is dissent ("marcharon contra el alza",
# "huelga en rechazo a la reforma", "se concentraron para protestar por ...") is also a voiced
# protest (140), as the protest file's annotators code it. Lemmas -> (cameo, words, reason).
DISSENT = "contra|protesta|protestar|rechazo|rechazar|repudio|repudiar|denunciar|oponer|oponerse"
MOBILIZATIONS = (
    "bloquear|bloqueo|cacerolazo|concentracion|concentrar|desfilar|desfile|huelga|manifestacion"
    "|manifestar|marcha|marchar|megamarcha|mitin|movilizacion|movilizar|paralizar|paro|piquete"
    "|planton|sentada"
)
ALSO = {
    lemma: ("140", DISSENT, "a mobilisation with a stated purpose of dissent: also a protest")
    for lemma in MOBILIZATIONS.split("|")
}

# Modality cues (pos CUE; the plover column names the modality), read by dossier/lang/events.py.
CUES = {
    "negated": ("no", "nunca", "jamas", "tampoco", "sin", "ni"),
    "future": ("planear", "prever", "proyectar", "proximo"),
    "hedged": (
        "poder",
        "posible",
        "posiblemente",
        "presunto",
        "presuntamente",
        "supuesto",
        "supuestamente",
        "probablemente",
        "quiza",
        "quizas",
        "aparentemente",
    ),
    "reported": (
        "segun",
        "decir",
        "afirmar",
        "informar",
        "asegurar",
        "declarar",
        "señalar",
        "indicar",
        "anunciar",
        "agregar",
        "explicar",
    ),
}

# A dictionary verb this common (Zipf frequency in Spanish, wordfreq) keeps only its constrained
# readings (measured on folds 0-2 of the protest file, see dossier/evaluate/events_es.py).
MAX_ZIPF = 4.5

MARKERS = frozenset({"+", "$", "^", "%", "{", "}", "(", ")", "*"})
HEADER = """\
# UniversalPetrarch's Spanish verb dictionary (verbpatterns_es_190128.txt, openeventdata,
# MIT: see PETRARCH_ES_LICENSE.txt) as dossier trigger readings, plus hand-added news nouns and
# readings (scripts/petrarch_es_verbs.py: NOUNS, OVERRIDES). Generated; do not edit by hand.
# lemma: casefolded, accent-free; requires: |-separated words, one must follow the trigger.
# pos CUE: no trigger but a modality cue; its plover column names the modality.
# pos FIXED: the lemma is no trigger right after the word in requires ("sin embargo").
# pos NOT: the lemma is no trigger when a word in requires is near it ("movilizar" + "camioneta").
# pos ALSO: a second event of the trigger when a word in requires follows ("marcha contra").
"""


def fold(word: str) -> str:
    """A word casefolded and without accents ("MANIFESTACIÓN" -> "manifestacion"; ñ kept).

    >>> fold("MANIFESTACIÓN"), fold("Años")
    ('manifestacion', 'años')
    """
    out = []
    for char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.category(char) == "Mn" and not (out and out[-1] == "n" and char == "\u0303"):
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


def verb_lemma(word: str) -> tuple[str, str]:
    """(lemma, pos) of a dictionary verb: reflexive infinitives lose ``se``; words that are no
    infinitive (participles, nouns) get an empty pos.

    >>> verb_lemma("ENFRENTARSE"), verb_lemma("EXPLICADO"), verb_lemma("PEDIR")
    (('enfrentar', 'VERB'), ('explicado', ''), ('pedir', 'VERB'))
    """
    word = fold(word)
    if re.search(r"[aei]rse$", word):
        word = word[:-2]
    return word, ("VERB" if re.search(r"(ar|er|ir|ír)$", word) else "")


def first_word(post: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """The alternatives of the first content word after ``*`` (a synset's phrases give their
    first word), or None when there is none.

    >>> first_word("$ DEL &X EN +", {"&X": ["cese al fuego", "tregua"]})
    ['cese', 'tregua']
    >>> first_word("A + ", {}) is None
    True
    """
    for token in tokens(post):
        if token in MARKERS:
            continue
        if token.startswith("&"):
            phrases = synsets.get(token.rstrip("_"))
            if not phrases:
                return None
            firsts = {fold(p.split()[0]) for p in phrases if p.split()}
            return sorted(w for w in firsts if w not in STOP_WORDS) or None
        word = fold(token.strip("_").split("_")[0])
        if not word or word in STOP_WORDS or not word.isalpha():
            continue
        return [word]
    return None


def common_verb(max_zipf: float) -> Callable[[str], bool]:
    """Whether a verb is too common to be an event on its own ("tratar", "recibir", "dejar"):
    its Zipf frequency in Spanish (``wordfreq``) is ``max_zipf`` or more."""
    from wordfreq import zipf_frequency

    return lambda verb: zipf_frequency(verb, "es") >= max_zipf


def convert(
    text: str, table: dict[str, dict], common: Callable[[str], bool] = lambda verb: False
) -> tuple[list[tuple[str, ...]], Counter]:
    """Trigger rows (lemma, cameo, plover, pos, requires) and what was skipped, and why."""
    synsets, blocks = read_dictionary(text)
    synsets = {k: v for k, v in synsets.items()}
    skipped: Counter = Counter()
    plain: dict[str, tuple[str, str]] = {}  # lemma -> (cameo, pos)
    constrained: dict[tuple[str, str, str], set[str]] = {}  # (lemma, cameo, pos) -> words

    def plover(cameo: str | None, why: str) -> str | None:
        if cameo is None:
            skipped[f"{why}: null or reverse code"] += 1
            return None
        if cameo.startswith("01"):
            skipped[f"{why}: CAMEO 01 statement"] += 1
            return None
        codes = codes_of(cameo, table)
        if codes is None or codes["plover"] is None:
            skipped[f"{why}: code dossier cannot map"] += 1
            return None
        return codes["plover"]

    for block in blocks:
        posts: list[tuple[list[str], str]] = []
        for pattern, code, _named in block.patterns:
            pre, star, post = pattern.partition("*")
            if not star or re.search(r"[A-Za-zÁÉÍÓÚÑáéíóúñ&]", pre):
                skipped["pattern: words before the verb"] += 1
                continue
            words = first_word(post, synsets)
            cameo = main_code(code)
            if words is None:
                skipped["pattern: no content word"] += 1
                continue
            if plover(cameo, "pattern") is None:
                continue
            posts.append((words, cameo))
        for number, (form, code) in enumerate(block.verbs):
            parts = form.lstrip("+").split("_")
            lemma, pos = verb_lemma(parts[0])
            if lemma in STOP_LEMMAS and len(parts) == 1:
                skipped["verb: stop list"] += 1
                continue
            cameo = main_code(code)
            if plover(cameo, "verb") is None:
                continue
            if len(parts) > 1:  # "+HACER_CAMPANA": hacer + campana
                extra = first_word(" ".join(parts[1:]), synsets)
                if extra is None:
                    skipped["verb: multi-word without content word"] += 1
                    continue
                constrained.setdefault((lemma, cameo, pos), set()).update(extra)
                continue
            if not pos and len(parts) == 1:
                skipped["verb: no infinitive (a noun or participle; NOUNS keeps a few)"] += 1
            elif common(lemma) and lemma not in OVERRIDES:
                skipped["verb: common word, constrained readings only"] += 1
            elif lemma not in plain:
                plain[lemma] = (cameo, pos)
            else:
                skipped["verb: second plain reading (first kept)"] += 1
            if number > 0:
                continue  # a block's patterns are kept for its head verb only (see the docstring)
            for words, pattern_cameo in posts:
                constrained.setdefault((lemma, pattern_cameo, pos), set()).update(words)
    for lemma, (cameo, _why) in OVERRIDES.items():
        plain[lemma] = (cameo, "VERB")
    rows: set[tuple[str, ...]] = set()
    for lemma, (cameo, pos) in plain.items():
        rows.add((lemma, cameo, codes_of(cameo, table)["plover"], pos, ""))
    for (lemma, cameo, pos), words in constrained.items():
        if lemma in plain and plain[lemma][0] == cameo:
            skipped["pattern: same code as the plain reading"] += 1
            continue
        if lemma in STOP_LEMMAS and not words:
            continue
        rows.add((lemma, cameo, codes_of(cameo, table)["plover"], pos, "|".join(sorted(words))))
    nouns = {(lemma, cameo) for lemma, (cameo, _why) in NOUNS.items()}
    rows = {r for r in rows if r[0] not in NOUNS or r[3] == "VERB"}  # a noun's own reading wins
    for lemma, cameo in nouns:
        rows.add((lemma, cameo, codes_of(cameo, table)["plover"], "NOUN", ""))
    for (lemma, cameo, pos), (words, _why) in CONSTRAINED.items():
        rows.add((lemma, cameo, codes_of(cameo, table)["plover"], pos, words))
    for lemma, (word, _why) in FIXED.items():
        rows.add((lemma, "", "", "FIXED", word))
    for lemma, (words, _why) in NOT_EVENTS.items():
        rows.add((lemma, "", "", "NOT", words))
    for lemma, (cameo, words, _why) in ALSO.items():
        rows.add((lemma, cameo, codes_of(cameo, table)["plover"], "ALSO", words))
    for mood, words in CUES.items():
        rows.update((word, "", mood, "CUE", "") for word in words)
    return sorted(rows), skipped


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dictionaries", type=Path, required=True, help="Spanish dictionaries")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--max-zipf", type=float, default=MAX_ZIPF, help="plain readings only below"
    )
    args = parser.parse_args(argv)
    text = (args.dictionaries / SOURCE).read_text(encoding="utf-8")
    table = code_table(OWN_PATTERNS.read_text(encoding="utf-8"), roots=True)
    rows, skipped = convert(text, table, common_verb(args.max_zipf))
    lines = ["lemma\tcameo\tplover\tpos\trequires"] + ["\t".join(row) for row in rows]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows in {args.output}")
    for why, count in skipped.most_common():
        print(f"  skipped {count:5d}  {why}")


if __name__ == "__main__":
    main()
