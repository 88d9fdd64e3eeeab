"""Event triggers for Spanish, French, Portuguese, Russian and Ukrainian (dossier.lang.events)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from dossier.lang.bases import build_base
from dossier.lang.events import find_events, fold, trigger_table
from dossier.model import Event, stable_id

PUBLISHED = "2024-03-05"


@pytest.fixture(scope="module")
def pipelines() -> dict:
    return {}


def parse(pipelines: dict, lang: str, text: str) -> Doc:
    if lang not in pipelines:
        try:
            pipelines[lang] = build_base(lang)
        except (ImportError, OSError) as exc:  # the Russian base may be missing
            pytest.skip(f"no {lang} base pipeline: {exc}")
    doc = pipelines[lang](text)
    doc.user_data["dossier.document_id"] = "doc1"
    doc.user_data["dossier.published"] = PUBLISHED
    doc.user_data["dossier.language"] = lang
    return doc


def coded(doc: Doc) -> list[tuple[str, str, str | None, str]]:
    events = find_events(doc)
    for event in events:
        Event.model_validate(event)  # shaped like the record
    return [(e["trigger"]["text"], e["plover"], e["cameo"], e["modality"]) for e in events]


CASES = [
    # Spanish
    ("es", "Miles de estudiantes protestaron el lunes en Bogotá.", ("protestaron", "PROTEST")),
    ("es", "La policía detuvo a tres dirigentes sindicales.", ("detuvo", "COERCE")),
    (
        "es",
        "Los camioneros realizaron una manifestación frente al Congreso.",
        ("manifestación", "PROTEST"),
    ),
    ("es", "Los rebeldes amenazaron con atacar la capital.", ("amenazaron", "THREATEN")),
    ("es", "El gobierno rechazó la propuesta de los sindicatos.", ("rechazó", "REJECT")),
    # French
    ("fr", "Des milliers de manifestants ont défilé samedi à Paris.", ("défilé", "PROTEST")),
    ("fr", "La police a arrêté trois militants écologistes.", ("arrêté", "COERCE")),
    ("fr", "Le ministre a condamné l'attentat de Nice.", ("condamné", "ACCUSE")),
    ("fr", "Les syndicats ont lancé une grève dans les transports.", ("grève", "PROTEST")),
    ("fr", "Le président a signé un accord avec la Tunisie.", ("signé", "SUPPORT")),
    # Portuguese
    ("pt", "Milhares de pessoas protestaram no domingo em Brasília.", ("protestaram", "PROTEST")),
    ("pt", "A polícia prendeu dois suspeitos em Lisboa.", ("prendeu", "COERCE")),
    ("pt", "O exército atacou posições rebeldes no norte.", ("atacou", "ASSAULT")),
    ("pt", "Os professores entraram em greve na segunda-feira.", ("entraram", "PROTEST")),
    # Russian
    ("ru", "Полиция задержала десятки участников акции.", ("задержала", "COERCE")),
    ("ru", "Россия обвинила Украину в обстреле Белгорода.", ("обвинила", "ACCUSE")),
    ("ru", "Президент подписал соглашение о сотрудничестве.", ("подписал", "SUPPORT")),
    ("ru", "Рабочие завода бастовали три дня.", ("бастовали", "PROTEST")),
    # Ukrainian
    ("uk", "Поліція затримала десятки учасників мітингу.", ("затримала", "COERCE")),
    ("uk", "Росія обстріляла Харків уночі.", ("обстріляла", "ASSAULT")),
    ("uk", "Президент підписав угоду про співпрацю.", ("підписав", "SUPPORT")),
    ("uk", "Працівники шахти страйкували три дні.", ("страйкували", "PROTEST")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_triggers(pipelines: dict, lang: str, text: str, expected: tuple[str, str]) -> None:
    found = {
        (trigger, plover) for trigger, plover, _cameo, _mood in coded(parse(pipelines, lang, text))
    }
    assert expected in found


NEGATIVES = [
    ("es", "El precio del café subió un 3% en enero."),
    ("fr", "Le temps était beau hier à Lyon."),
    ("pt", "O preço do café subiu em janeiro."),
    ("ru", "Цены на нефть выросли в январе."),
    ("uk", "Ціни на хліб зросли в січні."),
]


@pytest.mark.parametrize(("lang", "text"), NEGATIVES)
def test_no_event(pipelines: dict, lang: str, text: str) -> None:
    assert coded(parse(pipelines, lang, text)) == []


MODALITY = [
    ("es", "El ejército no atacó la ciudad.", "atacó", "negated"),
    ("es", "Los sindicatos convocarán una huelga general.", "huelga", "future"),
    (
        "es",
        "Según la policía, los manifestantes bloquearon la carretera.",
        "bloquearon",
        "reported",
    ),
    ("es", "Los rebeldes podrían atacar la capital.", "atacar", "hedged"),
    ("fr", "L'armée n'a pas attaqué la ville.", "attaqué", "negated"),
    ("fr", "Moscou pourrait imposer des sanctions.", "sanctions", "hedged"),
    ("pt", "O governo não rejeitou a proposta.", "rejeitou", "negated"),
    ("ru", "Армия не атаковала город.", "атаковала", "negated"),
    ("ru", "Он будет арестован завтра.", "арестован", "future"),
    ("uk", "Армія не атакувала місто.", "атакувала", "negated"),
]


@pytest.mark.parametrize(("lang", "text", "trigger", "modality"), MODALITY)
def test_modality(pipelines: dict, lang: str, text: str, trigger: str, modality: str) -> None:
    moods = {t: m for t, _p, _c, m in coded(parse(pipelines, lang, text))}
    assert moods.get(trigger) == modality


def test_actors_from_the_parse(pipelines: dict) -> None:
    doc = parse(pipelines, "es", "La policía detuvo a tres dirigentes sindicales.")
    (event,) = find_events(doc)
    assert event["actor1"]["text"] == "La policía"
    assert "dirigentes" in event["actor2"]["text"]
    assert event["id"] == stable_id("evt", "doc1", event["trigger"]["start"], 0)
    assert event["lemma"] == "detener"
    assert event["sentence"] == {"start": 0, "end": len(doc.text)}


def test_passive_agent_is_actor1(pipelines: dict) -> None:
    doc = parse(pipelines, "es", "El alcalde fue atacado por los rebeldes.")
    (event,) = [e for e in find_events(doc) if e["plover"] == "ASSAULT"]
    assert "rebeldes" in event["actor1"]["text"]
    assert "alcalde" in event["actor2"]["text"]


def test_entities_time_and_fallbacks(pipelines: dict) -> None:
    for name in ("dossier_entities", "dossier_timexes"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    text = "La policía detuvo el martes a tres dirigentes en Bogotá."
    doc = parse(pipelines, "es", text)
    start = text.index("policía")
    bogota = text.index("Bogotá")
    doc._.dossier_entities = [
        {
            "id": "ent_pol",
            "kind": "organization",
            "code": "COLCOP",
            "mentions": [{"text": "policía", "start": start, "end": start + 7}],
        },
        {
            "id": "ent_bog",
            "kind": "place",
            "code": None,
            "mentions": [{"text": "Bogotá", "start": bogota, "end": bogota + 6}],
        },
    ]
    martes = text.index("martes")
    doc._.dossier_timexes = [
        {"start": martes - 3, "end": martes + 6, "type": "DATE", "value": "2024-03-05"}
    ]
    (event,) = find_events(doc)
    assert event["actor1"]["entity"] == "ent_pol" and event["actor1"]["code"] == "COLCOP"
    assert event["place"] == "ent_bog" and not event["place_fallback"]
    assert event["time"] == "2024-03-05" and not event["time_fallback"]
    doc._.dossier_timexes = []
    (event,) = find_events(doc)
    assert event["time"] == PUBLISHED and event["time_fallback"]


def test_nearest_entities_without_a_parse(pipelines: dict) -> None:
    if not Doc.has_extension("dossier_entities"):
        Doc.set_extension("dossier_entities", default=None)
    text = "Росія обстріляла Харків уночі."
    doc = parse(pipelines, "uk", text)
    assert not doc.has_annotation("DEP")
    doc._.dossier_entities = [
        {
            "id": "ent_rus",
            "kind": "country",
            "code": "RUS",
            "mentions": [{"text": "Росія", "start": 0, "end": 5}],
        },
        {
            "id": "ent_kha",
            "kind": "place",
            "code": None,
            "mentions": [{"text": "Харків", "start": 17, "end": 23}],
        },
    ]
    (event,) = find_events(doc)
    assert event["actor1"] == {"text": "Росія", "entity": "ent_rus", "code": "RUS"}
    assert event["actor2"]["entity"] == "ent_kha"


def test_light_verb_absorbs_its_noun(pipelines: dict) -> None:
    doc = parse(pipelines, "pt", "Os professores entraram em greve.")
    assert [e["trigger"]["text"] for e in find_events(doc)] == ["entraram"]


SENSES = [
    # a headline in capitals: the tagger reads its words as names
    ("COLONOS CORTAN LA CARRETERA DE JERICO", {("CORTAN", "144")}),
    # a place name in capitals inside a lower-case sentence is no headline
    ("Paramilitares asesinaron a un campesino en Valledupar, CESAR.", {("asesinaron", "190")}),
    # fixed phrases (pos FIXED)
    ("Sin embargo, el precio subió.", set()),
    ("De acuerdo con el informe, el precio subió.", set()),
    ("El acuerdo de paz fue firmado ayer.", {("acuerdo", "057"), ("firmado", "057")}),
    # senses that are no event (pos NOT): travelling, not mobilising
    ("Los hombres se movilizaban en una camioneta.", set()),
    # a mobilisation with a stated dissent is also a protest (pos ALSO)
    (
        "Los transportistas se movilizaron contra el impuesto.",
        {("movilizaron", "141"), ("movilizaron", "140")},
    ),
    ("Miles de personas marcharon por el centro de la ciudad.", {("marcharon", "141")}),
    (
        "Miles de estudiantes marcharon en protesta por el alza.",
        {("marcharon", "141"), ("protesta", "140")},
    ),
    # a crowd gathers (a rally) vs. a meeting
    ("Miles de manifestantes se reunieron en la plaza.", {("reunieron", "141")}),
    ("El ministro se reunió con los sindicatos.", {("reunió", "043")}),
    # arson destroys property; stones thrown make a violent protest; a vote against rejects
    ("Los manifestantes quemaron dos autobuses.", {("quemaron", "1712")}),
    ("Los estudiantes lanzaron piedras contra la policía.", {("lanzaron", "145")}),
    ("Los diputados votaron en contra de la ley.", {("votaron", "120")}),
]


@pytest.mark.parametrize(("text", "expected"), SENSES)
def test_spanish_senses(pipelines: dict, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(trigger, cameo) for trigger, _p, cameo, _m in coded(parse(pipelines, "es", text))}
    assert found == expected


def test_tables_and_fold() -> None:
    assert fold("Manifestación") == "manifestacion" and fold("Ёлка") == "елка"
    for lang in ("es", "fr", "pt", "ru", "uk"):
        table = trigger_table(lang)
        assert len(table.readings) >= 60 and table.cues
        assert {r.plover for rs in table.readings.values() for r in rs} >= {"PROTEST", "ASSAULT"}
    assert trigger_table("es").fixed["embargo"] == {"sin"}
    assert "camioneta" in trigger_table("es").vetoes["movilizar"]
    assert {r.cameo for r in trigger_table("es").also["huelga"]} == {"140"}
    assert trigger_table("xx").readings == {}
