"""Each language's pipeline end to end: the base loads and runs every component, the records
come out where the English ones do, a mixed batch keeps its order and loads only its languages."""

from __future__ import annotations

import pytest

from dossier import pipeline
from dossier.ingest import make_document
from dossier.ingest.result import Ingested
from dossier.lang.bases import build_base

from .conftest import extract_text

REPORTS = {
    "es": "MADRID, 4 nov (EFE) - Al menos 30 personas murieron el lunes en un ataque contra un "
    "mercado de Kabul, según dijo el Ministerio del Interior afgano.",
    "fr": "PARIS, 4 novembre (AFP) - Au moins 30 personnes ont été tuées lundi dans une attaque "
    "contre un marché de Kaboul, a déclaré le ministère afghan de l'Intérieur.",
    "ru": "МОСКВА, 4 ноября - Не менее 30 человек погибли в понедельник при нападении на рынок "
    "в Кабуле, заявили в министерстве внутренних дел Афганистана.",
    "uk": "КИЇВ, 4 листопада - Щонайменше 30 людей загинули в понеділок під час нападу на ринок "
    "у Кабулі, заявили в міністерстві внутрішніх справ Афганістану.",
    "pt": "LISBOA, 4 de novembro - Pelo menos 30 pessoas morreram na segunda-feira num ataque a um "
    "mercado de Cabul, disse o Ministério do Interior afegão.",
    "de": "BERLIN, 4. November - Mindestens 30 Menschen sind am Montag bei einem Angriff auf einen "
    "Markt in Kabul getötet worden, teilte das afghanische Innenministerium mit.",
}


def test_the_spanish_model_of_spacy_3_1_runs_every_component_on_3_8():
    doc = build_base("es")("El Parlamento ruso ratificó el martes el acuerdo con Cuba en Moscú.")
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA") and doc.has_annotation("MORPH")
    assert any(t.lemma_ == "ratificar" for t in doc)
    assert {e.text for e in doc.ents} >= {"Cuba", "Moscú"}
    assert [t.dep_ for t in doc if t.text == "Parlamento"] == ["nsubj"]


@pytest.mark.parametrize("lang", sorted(REPORTS))
def test_a_report_in_each_language_gives_its_records(language_pipeline, lang):
    extraction = extract_text(language_pipeline(lang), REPORTS[lang], lang=lang)
    killed = [f for f in extraction.figures if f.low == 30 and f.qualifier == "at_least"]
    assert killed and killed[0].measure_class == "killed", extraction.figures
    assert any(t.value == "2025-11-03" for t in extraction.timexes), extraction.timexes
    if lang == "de":  # dates and figures only
        assert not (extraction.entities or extraction.claims or extraction.events)
        return
    assert any(e.country == "AFG" for e in extraction.entities), extraction.entities
    assert any(e.plover == "ASSAULT" for e in extraction.events), extraction.events


def test_a_mixed_batch_keeps_its_order_and_loads_only_its_languages(nlp, monkeypatch):
    monkeypatch.setattr("dossier.lang.pipeline._LOADED", {})
    texts = [REPORTS["es"], "Russian forces fired 40 missiles at Kyiv on Monday.", REPORTS["ru"]]
    items = [Ingested(f"a{i}", make_document(t), None) for i, t in enumerate(texts)]
    outcomes = list(pipeline.extract(nlp, items))
    assert [o.source for o in outcomes] == ["a0", "a1", "a2"]
    assert [o.extraction.document.language for o in outcomes] == ["es", "en", "ru"]
    assert all(o.error is None and o.extraction.figures for o in outcomes)
    from dossier.lang.pipeline import _LOADED

    assert sorted(_LOADED) == ["es", "ru"]
