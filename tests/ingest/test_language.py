"""Non-English articles are detected, marked with their language, stored, and not coded;
English ones full of numbers (tables, results, one-line notices) stay English."""

from __future__ import annotations

import pytest

from dossier import pipeline
from dossier.ingest import make_document
from dossier.ingest.language import detect_language
from dossier.ingest.result import Ingested

FOREIGN = {
    "es": "El Parlamento ruso ratificó este martes en sesión plenaria el acuerdo de cooperación "
    "militar con Cuba, justo cuando Estados Unidos denuncia la participación de mercenarios.",
    "de": "Die russische Staatsduma hat am Dienstag das Abkommen über die militärische "
    "Zusammenarbeit mit Kuba ratifiziert, teilte das Parlament in Moskau mit.",
    "fr": "La Douma russe a ratifié mardi l'accord de coopération militaire avec Cuba, alors "
    "que les États-Unis dénoncent la participation de mercenaires cubains à la guerre.",
    "ru": "Государственная дума России во вторник ратифицировала соглашение о военном "
    "сотрудничестве с Кубой, сообщили в пресс-службе парламента.",
    "pt": "A Duma russa ratificou nesta terça-feira o acordo de cooperação militar com Cuba, "
    "enquanto os Estados Unidos denunciam a participação de mercenários cubanos na guerra.",
}
ENGLISH = [
    "The Russian Duma ratified the agreement with Cuba on Tuesday, the agency said.",
    "Shr 45 cts vs 58 cts Net 1.1 mln vs 829,000 Sales 7.9 mln vs 9.4 mln Avg shrs 2.4 mln",
    "Results: Arsenal 2 Chelsea 1, Liverpool 3 Everton 0, Leeds 1 Fulham 1, Wolves 0 Spurs 2, "
    "Brighton 4 Burnley 1, Villa 2 Newcastle 2, West Ham 1 Brentford 0.",
    "Qtly div 25 cts vs 25 cts prior Pay April one Record March 15",
]


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_other_languages_are_detected(language):
    assert detect_language(FOREIGN[language]) == language
    assert make_document(FOREIGN[language]).language == language


@pytest.mark.parametrize("text", ENGLISH)
def test_english_and_number_tables_stay_english(text):
    assert detect_language(text) in ("en", None)
    assert make_document(text).language == "en"


def test_a_language_given_by_the_source_wins():
    assert make_document(FOREIGN["es"], language="en").language == "en"


def test_non_english_articles_are_kept_but_not_coded(nlp):
    docs = [make_document(FOREIGN["es"]), make_document(ENGLISH[0])]
    outcomes = list(pipeline.extract(nlp, [Ingested(f"a{i}", d, None) for i, d in enumerate(docs)]))
    assert [o.error for o in outcomes] == [None, None]
    spanish, english = (o.extraction for o in outcomes)
    assert spanish.document.language == "es"
    assert not (spanish.entities or spanish.events or spanish.figures or spanish.claims)
    assert english.events and english.document.language == "en"
