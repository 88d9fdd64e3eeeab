"""Non-English articles are detected and marked with their language; one in a language dossier
does not code (or whose extra is missing) is stored without records and a notice that says what
to install. English ones full of numbers (tables, results, one-line notices) stay English."""

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


ITALIAN = (
    "Il Parlamento russo ha ratificato martedì l'accordo di cooperazione militare con Cuba, "
    "mentre gli Stati Uniti denunciano la partecipazione di mercenari cubani alla guerra."
)


def _outcomes(nlp, texts):
    docs = [make_document(t) for t in texts]
    return list(pipeline.extract(nlp, [Ingested(f"a{i}", d, None) for i, d in enumerate(docs)]))


def test_an_unsupported_language_is_kept_with_a_notice_and_not_coded(nlp):
    italian, english = _outcomes(nlp, [ITALIAN, ENGLISH[0]])
    assert (italian.error, english.error) == (None, None)
    assert italian.extraction.document.language == "it"
    assert italian.notice.startswith("stored without records")
    assert "'it' is not supported" in italian.notice
    assert not (italian.extraction.entities or italian.extraction.events)
    assert english.extraction.events and english.notice is None


def test_a_language_whose_extra_is_missing_names_the_extra(nlp, monkeypatch):
    from dossier.lang.registry import LanguageSpec

    monkeypatch.setattr(LanguageSpec, "missing", lambda self: ["some_module"])
    monkeypatch.setattr("dossier.lang.pipeline._LOADED", {})
    (spanish,) = _outcomes(nlp, [FOREIGN["es"]])
    assert spanish.error is None and spanish.extraction.document.language == "es"
    assert "dossier[es]" in spanish.notice and "pip install" in spanish.notice
    assert not spanish.extraction.events
