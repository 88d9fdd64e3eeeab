"""Figures in each language (``dossier.lang.figures``) on the base pipelines: interval,
qualifier, unit, counted noun and the language-neutral measure class, and numbers that are not
figures (years, dates, ages, labels). Sentences written for these tests."""

from __future__ import annotations

from functools import cache

import pytest

from dossier.extract.figures import figure_records
from dossier.lang.figures import find_figures
from dossier.model import stable_id


@cache
def _nlp(lang: str):
    from dossier.lang.bases import build_base

    return build_base(lang)


def figures(lang: str, text: str) -> list[dict]:
    doc = _nlp(lang)(text)
    doc.user_data["dossier.document_id"] = "doc1"
    doc.user_data["dossier.published"] = "2025-10-08"
    doc.user_data["dossier.language"] = lang
    return find_figures(doc)


def only(lang: str, text: str) -> dict:
    found = figures(lang, text)
    assert len(found) == 1, [(f["text"], f["low"], f["high"]) for f in found]
    return found[0]


# (lang, text, low, high, qualifier, unit, measure_class)
CASES = [
    ("es", "Murieron al menos 30 personas en el ataque.", 30, None, "at_least", "person", "killed"),
    (
        "es",
        "La policía detuvo a más de 200 manifestantes.",
        200,
        None,
        "more_than",
        "manifestantes",
        "detained",
    ),
    (
        "es",
        "Decenas de miles de personas huyeron de la ciudad.",
        24000,
        99999,
        "exact",
        "person",
        "displaced",
    ),
    ("es", "El gobierno prometió 2,5 millones de euros.", 2.5e6, 2.5e6, "exact", "EUR", "pledged"),
    ("es", "Entre 20 y 30 personas resultaron heridas.", 20, 30, "between", "person", "wounded"),
    (
        "es",
        "Unos 500 soldados fueron desplegados en la frontera.",
        500,
        500,
        "about",
        "soldados",
        "deployed",
    ),
    ("fr", "Au moins 30 personnes ont été tuées.", 30, None, "at_least", "person", "killed"),
    ("fr", "Jusqu'à 700 soldats seront déployés.", None, 700, "up_to", "soldats", "deployed"),
    (
        "fr",
        "Des dizaines de manifestants ont été interpellés.",
        24,
        99,
        "exact",
        "manifestants",
        "detained",
    ),
    ("fr", "La France a promis 2 milliards d'euros.", 2e9, 2e9, "exact", "EUR", "pledged"),
    (
        "fr",
        "Environ 1 500 habitants ont été évacués.",
        1500,
        1500,
        "about",
        "habitants",
        "evacuated",
    ),
    ("fr", "Entre 20 et 30 personnes ont été blessées.", 20, 30, "between", "person", "wounded"),
    ("pt", "Pelo menos 12 pessoas morreram.", 12, None, "at_least", "person", "killed"),
    ("pt", "Milhares de pessoas foram evacuadas.", 2000, 9999, "exact", "person", "evacuated"),
    ("pt", "O governo destinou R$ 10 milhões.", 1e7, 1e7, "exact", "BRL", "pledged"),
    (
        "pt",
        "Mais de 40 manifestantes foram presos.",
        40,
        None,
        "more_than",
        "manifestantes",
        "detained",
    ),
    ("pt", "Cerca de 300 feridos foram atendidos.", 300, 300, "about", "feridos", "wounded"),
    ("pt", "Entre 10 e 15 reféns foram libertados.", 10, 15, "between", "reféns", "released"),
    ("de", "Mindestens 30 Menschen wurden getötet.", 30, None, "at_least", "person", "killed"),
    (
        "de",
        "Bis zu 500 Soldaten sollen stationiert werden.",
        None,
        500,
        "up_to",
        "Soldaten",
        "deployed",
    ),
    ("de", "Tausende Menschen flohen aus der Stadt.", 2000, 9999, "exact", "person", "displaced"),
    (
        "de",
        "Rund 200 Demonstranten wurden festgenommen.",
        200,
        200,
        "about",
        "Demonstranten",
        "detained",
    ),
    ("de", "Mehr als 40 Menschen wurden verletzt.", 40, None, "more_than", "person", "wounded"),
    (
        "de",
        "Zwischen 20 und 30 Geiseln wurden freigelassen.",
        20,
        30,
        "between",
        "Geiseln",
        "released",
    ),
    ("ru", "Погибли не менее 30 человек.", 30, None, "at_least", "person", "killed"),
    ("ru", "Задержаны свыше 200 человек.", 200, None, "more_than", "person", "detained"),
    ("ru", "Десятки тысяч людей бежали из города.", 24000, 99999, "exact", "person", "displaced"),
    ("ru", "Власти выделили 1,5 млн рублей.", 1.5e6, 1.5e6, "exact", "RUB", "pledged"),
    ("ru", "Около 100 человек были ранены.", 100, 100, "about", "person", "wounded"),
    ("ru", "От 5 до 10 заложников освободили.", 5, 10, "between", "заложников", "released"),
    ("uk", "Загинули щонайменше 12 людей.", 12, None, "at_least", "person", "killed"),
    ("uk", "Понад 200 людей затримали.", 200, None, "more_than", "person", "detained"),
    ("uk", "Десятки тисяч людей евакуювали з міста.", 24000, 99999, "exact", "person", "evacuated"),
    ("uk", "Уряд виділив 5 млн гривень.", 5e6, 5e6, "exact", "UAH", "pledged"),
    ("uk", "Близько 40 людей були поранені.", 40, 40, "about", "person", "wounded"),
    ("uk", "Від 5 до 10 заручників звільнили.", 5, 10, "between", "заручників", "released"),
]


@pytest.mark.parametrize(
    ("lang", "text", "low", "high", "qualifier", "unit", "klass"), CASES, ids=lambda v: str(v)[:30]
)
def test_figure(lang, text, low, high, qualifier, unit, klass):
    f = only(lang, text)
    assert (f["low"], f["high"], f["qualifier"]) == (low, high, qualifier)
    assert (f["unit"], f["measure_class"]) == (unit, klass)
    assert f["vague"] == (qualifier == "exact" and low != high)
    assert f["id"] == stable_id("fig", "doc1", f["start"], f["end"])
    assert f["text"] == text[f["start"] : f["end"]]
    assert (f["time"], f["modality"], f["claim"], f["event"]) == (None, None, None, None)


@pytest.mark.parametrize(
    ("english_like", "lang"),
    [
        ("Murieron al menos 30 personas.", "es"),
        ("Au moins 30 personnes sont mortes.", "fr"),
        ("Pelo menos 30 pessoas morreram.", "pt"),
        ("Mindestens 30 Menschen starben.", "de"),
        ("Погибли не менее 30 человек.", "ru"),
        ("Загинули щонайменше 30 людей.", "uk"),
    ],
)
def test_same_class_as_english(english_like, lang):
    """ "at least 30 people were killed" in every language: the same interval and class."""
    f = only(lang, english_like)
    assert (f["low"], f["qualifier"], f["unit"], f["measure_class"]) == (
        30,
        "at_least",
        "person",
        "killed",
    )


def test_counted_noun_and_measure():
    f = only("es", "La policía detuvo a más de 200 manifestantes.")
    assert (f["subject"], f["measure"]) == ("manifestantes", "detener")
    f = only("ru", "Погибли не менее 30 человек.")
    assert (f["subject"], f["measure"]) == ("человек", "погибнуть")


def test_percent_has_no_class():
    f = only("es", "El desempleo subió al 12,5% en el último trimestre.")
    assert (f["low"], f["unit"], f["measure_class"], f["percent"]) == (12.5, "%", None, True)


def test_two_figures_two_classes():
    found = figures("pt", "Pelo menos 12 pessoas morreram e 30 ficaram feridas.")
    assert [(f["low"], f["measure_class"]) for f in found] == [(12, "killed"), (30, "wounded")]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "La ley entró en vigor en 2020."),
        ("es", "El artículo 5 de la Constitución."),
        ("es", "Tiene 45 años."),
        ("es", "Llegó el 3 de mayo a las 10:30."),
        ("fr", "Le 14 juillet 1789."),
        ("fr", "Il a 45 ans."),
        ("pt", "Em 2019, ele voltou."),
        ("de", "Er ist 45 Jahre alt."),
        ("de", "Am 3. März 2022 kam er."),
        ("ru", "В 2020 году он вернулся."),
        ("ru", "Ему 45 лет."),
        ("uk", "У 2022 році він повернувся."),
        ("uk", "Стаття 5 закону."),
    ],
)
def test_not_figures(lang, text):
    assert figures(lang, text) == []


def test_records():
    found = figures("es", "Murieron al menos 30 personas.")
    (record,) = figure_records(found)
    assert record.measure_class == "killed" and record.low == 30


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "La ley fue aprobada con 140 votos a favor y 25 en contra."),
        ("pt", "A lei foi aprovada com 140 votos a favor e 25 contra."),
        ("fr", "La loi a été adoptée par 140 voix pour et 25 contre."),
        ("ru", "За проголосовали 140 депутатов, против - 25."),
        ("uk", "За проголосували 140 депутатів, проти - 25."),
    ],
)
def test_votes_for_and_against_are_two_classes(lang, text):
    """The side written next to each count of a vote (measures.tsv, kind ``side``)."""
    found = [(f["low"], f["measure_class"]) for f in figures(lang, text)]
    assert found == [(140, "voted_for"), (25, "voted_against")]


def test_a_vote_without_a_side_stays_voting():
    f = only("es", "Votaron 5.200 vecinos en la consulta.")
    assert (f["low"], f["measure_class"]) == (5200, "voting")
