"""Multilingual time expressions (``dossier.lang.time``): spans and TIMEX3 values of hand-written
sentences in each language, relative ones resolved against a publication date (Wednesday
2025-10-08), and dateparser's false hits that must not fire."""

from __future__ import annotations

from functools import cache

import pytest

from dossier.lang.time import find_timexes
from dossier.model import Timex, stable_id

PUBLISHED = "2025-10-08"  # a Wednesday: "yesterday" and "on Tuesday" are 2025-10-07


@cache
def _nlp(lang: str):
    from dossier.lang.bases import build_base

    return build_base(lang)


def timexes(lang: str, text: str, published: str | None = PUBLISHED) -> list[dict]:
    doc = _nlp(lang)(text)
    doc.user_data["dossier.document_id"] = "doc1"
    doc.user_data["dossier.language"] = lang
    doc.user_data["dossier.published"] = published
    return find_timexes(doc)


def found(lang: str, text: str, published: str | None = PUBLISHED) -> list[tuple[str, str]]:
    return [(t["text"], t["value"]) for t in timexes(lang, text, published)]


CASES = [
    # Spanish
    ("es", "Ayer el Gobierno aprobó la ley.", ("Ayer", "2025-10-07")),
    ("es", "El martes pasado se reunieron los ministros.", ("El martes pasado", "2025-10-07")),
    ("es", "La semana pasada cayó la bolsa.", ("La semana pasada", "2025-W40")),
    ("es", "El mes que viene habrá elecciones.", ("El mes que viene", "2025-11")),
    ("es", "Hace tres días llegó a Madrid.", ("Hace tres días", "2025-10-05")),
    ("es", "En 2019 ganó el premio.", ("2019", "2019")),
    ("es", "El 14 de marzo firmó el acuerdo.", ("El 14 de marzo", "2025-03-14")),
    ("es", "El presidente viajará el viernes a Roma.", ("el viernes", "2025-10-10")),
    ("es", "Las negociaciones duraron tres días.", ("tres días", "P3D")),
    # French
    ("fr", "Hier, le ministre a démissionné.", ("Hier", "2025-10-07")),
    ("fr", "Il est arrivé mardi dernier à Paris.", ("mardi dernier", "2025-10-07")),
    ("fr", "Il y a trois jours, la grève a commencé.", ("Il y a trois jours", "2025-10-05")),
    ("fr", "La semaine dernière, les prix ont baissé.", ("La semaine dernière", "2025-W40")),
    ("fr", "Le vote aura lieu le mois prochain.", ("le mois prochain", "2025-11")),
    ("fr", "Le traité a été signé le 14 mars 2019.", ("le 14 mars 2019", "2019-03-14")),
    ("fr", "Il a été élu en 2019.", ("2019", "2019")),
    # Russian
    ("ru", "Вчера министр подал в отставку.", ("Вчера", "2025-10-07")),
    ("ru", "Переговоры прошли во вторник.", ("вторник", "2025-10-07")),
    ("ru", "На прошлой неделе цены выросли.", ("прошлой неделе", "2025-W40")),
    ("ru", "Договор подписали 14 марта.", ("14 марта", "2025-03-14")),
    ("ru", "Три дня назад начались протесты.", ("Три дня назад", "2025-10-05")),
    ("ru", "Он родился 5 мая 1990 года.", ("5 мая 1990 года", "1990-05-05")),
    # Ukrainian
    ("uk", "Вчора уряд ухвалив закон.", ("Вчора", "2025-10-07")),
    ("uk", "Переговори відбулися у вівторок.", ("вівторок", "2025-10-07")),
    ("uk", "Минулого тижня ціни зросли.", ("Минулого тижня", "2025-W40")),
    ("uk", "Вибори пройдуть наступного місяця.", ("наступного місяця", "2025-11")),
    ("uk", "Три дні тому почалися протести.", ("Три дні тому", "2025-10-05")),
    ("uk", "Угоду підписали 14 березня 2019 року.", ("14 березня 2019 року", "2019-03-14")),
    # Portuguese
    ("pt", "Ontem o governo aprovou a lei.", ("Ontem", "2025-10-07")),
    ("pt", "O acordo foi assinado na terça-feira.", ("terça-feira", "2025-10-07")),
    ("pt", "Há três dias começaram os protestos.", ("Há três dias", "2025-10-05")),
    ("pt", "Na semana passada os preços subiram.", ("semana passada", "2025-W40")),
    ("pt", "As eleições serão no próximo mês.", ("próximo mês", "2025-11")),
    ("pt", "O tratado foi assinado a 14 de março de 2019.", ("14 de março de 2019", "2019-03-14")),
    # German
    ("de", "Gestern trat der Minister zurück.", ("Gestern", "2025-10-07")),
    ("de", "Die Gespräche fanden am Dienstag statt.", ("Dienstag", "2025-10-07")),
    ("de", "Vor drei Tagen begannen die Proteste.", ("Vor drei Tagen", "2025-10-05")),
    ("de", "Letzte Woche stiegen die Preise.", ("Letzte Woche", "2025-W40")),
    ("de", "Die Wahl findet nächsten Monat statt.", ("nächsten Monat", "2025-11")),
    ("de", "Der Vertrag wurde am 14. März 2019 unterzeichnet.", ("14. März 2019", "2019-03-14")),
    # Days in words, month first, weeks and months named around a weekday or a day
    ("es", "La cumbre será el primero de enero.", ("el primero de enero", "2026-01-01")),
    (
        "es",
        "Se reunirán el viernes de la semana próxima.",
        ("el viernes de la semana próxima", "2025-10-17"),
    ),
    (
        "es",
        "Votan el primer domingo de noviembre.",
        ("el primer domingo de noviembre", "2025-11-02"),
    ),
    ("es", "La reunión fue el 3/22/2025.", ("3/22/2025", "2025-03-22")),
    ("es", "El partido acabó 12-20 en el descanso.", ()),
    ("pt", "Ele volta no vinte e um de maio.", ("vinte e um de maio", "2025-05-21")),
    ("pt", "Voltou no último domingo.", ("último domingo", "2025-10-05")),
    ("pt", "A festa é na sexta-feira desta semana.", ("sexta-feira desta semana", "2025-10-10")),
    ("fr", "Il viendra le 20 du mois prochain.", ("le 20 du mois prochain", "2025-11-20")),
    ("fr", "Il est parti vendredi le 3.", ("vendredi le 3", "2025-10-03")),
    (
        "fr",
        "Le vote a lieu le premier dimanche de novembre.",
        ("le premier dimanche de novembre", "2025-11-02"),
    ),
    ("de", "Er kommt am zweiten Februar 2026.", ("zweiten Februar 2026", "2026-02-02")),
    ("de", "Wir sehen uns übernächste Woche Freitag.", ("übernächste Woche Freitag", "2025-10-24")),
    ("de", "Sie kam am 05/05/89 an.", ("05/05/89", "1989-05-05")),
    # MEANTIME span conventions (Spanish): no preposition in "a corto plazo", the whole
    # "el mismo periodo del año pasado", "el comienzo de este año", "muy pronto"
    ("es", "Espera crecer a corto plazo.", ("corto plazo", "FUTURE_REF")),
    ("es", "Lo anunciará muy pronto.", ("muy pronto", "FUTURE_REF")),
    (
        "es",
        "Vendió más que en el mismo periodo del año pasado.",
        ("el mismo periodo del año pasado", "2024"),
    ),
    ("es", "Subió desde el comienzo de este año.", ("el comienzo de este año", "2025")),
    ("es", "La bolsa cerró la jornada con pérdidas.", ("la jornada", "2025-10-08")),
    ("es", "El índice cayó al final del día.", ("al final del día", "2025-10-08")),
    ("es", "Ganó 5 millones en 2020, más que el año anterior.", ("el año anterior", "2019")),
    ("es", "Ganó más que el año anterior.", ("el año anterior", "2024")),
    (
        "es",
        "Cayó en las últimas cinco jornadas bursátiles.",
        ("las últimas cinco jornadas bursátiles", "P5D"),
    ),
    # "desde hace": for how long, not when
    ("es", "El índice está en su máximo desde hace un año.", ("un año", "P1Y")),
    ("es", "La bolsa sube desde hace unas horas.", ("hace unas horas", "2025-10-08")),
    # a time of day takes the day written with it
    ("es", "El 3 de octubre a las 16:15 UTC dimitió.", ("las 16:15 UTC", "2025-10-03T16:15Z")),
    (
        "es",
        "Pidió la quiebra a las 12:00 UTC del lunes.",
        ("las 12:00 UTC del lunes", "2025-10-06T12:00Z"),
    ),
    ("es", "Llegó a las 15.30 horas.", ("las 15.30 horas", "2025-10-08T15:30")),
    ("es", "Habló a las 9 de la noche.", ("las 9 de la noche", "2025-10-08T21:00")),
    ("es", "Ayer por la tarde dimitió.", ("Ayer por la tarde", "2025-10-07TAF")),
    # halves, quarters, decades, centuries
    ("es", "Las ventas del primer semestre cayeron.", ("del primer semestre", "2025-H1")),
    ("es", "Perdió el último trimestre de 2024.", ("el último trimestre de 2024", "2024-Q4")),
    ("es", "En los años 90 era otra empresa.", ("los años 90", "199")),
    ("es", "Creció en la década de 1980.", ("la década de 1980", "198")),
    ("es", "Nació en el siglo XIX.", ("el siglo XIX", "18")),
    # relative words
    ("es", "Lo anunció hace poco.", ("hace poco", "PAST_REF")),
    ("es", "Habrá despidos en los próximos meses.", ("los próximos meses", "PXM")),
    ("es", "Abrirá en enero del próximo año.", ("enero del próximo año", "2026-01")),
    ("es", "Lo dijo el pasado 20 de noviembre.", ("el pasado 20 de noviembre", "2024-11-20")),
    ("es", "Lo dijo el pasado mes de noviembre.", ("el pasado mes de noviembre", "2024-11")),
    ("es", "Cerrará el lunes 13, según la empresa.", ("el lunes 13", "2025-10-13")),
    ("es", "Cerró el pasado día 5, según la empresa.", ("el pasado día 5", "2025-10-05")),
    ("es", "Dimitió esta misma semana.", ("esta misma semana", "2025-W41")),
    ("es", "Ganará más el año en curso.", ("el año en curso", "2025")),
    # "the same period" is the period named before it, a year back
    (
        "es",
        "Las ventas subieron en septiembre frente al mismo mes del año anterior.",
        ("mismo mes del año anterior", "2024-09"),
    ),
    # "la jornada" is the day the text speaks of
    ("es", "El martes el índice cayó y cerró la jornada en 9.000.", ("la jornada", "2025-10-07")),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_finds_and_resolves(lang: str, text: str, expected: tuple[str, str]) -> None:
    if not expected:  # a score or a range of figures, not a month-first date
        assert found(lang, text) == []
        return
    assert expected in found(lang, text)


# dateparser.search finds dates in these (German "die", Spanish "a las", lone numbers,
# Portuguese "segunda" as an ordinal): dossier must not.
NO_TIME = [
    ("es", "Llegó a las puertas del Congreso con 300 personas."),
    ("es", "Dos personas murieron en el accidente."),
    ("es", "Jobs falleció a los 56 años."),  # an age, not a duration
    ("es", "Murió a la edad de 80 años."),
    ("es", "Recordó los ataques terroristas del 11 de septiembre."),  # an event's name
    ("fr", "Le chef a dit que la loi passe."),
    ("ru", "Он сказал, что мы уйдём."),
    ("uk", "Він прийшов до мене з 200 гривнями."),
    ("pt", "É a segunda vez que ele perde."),
    ("de", "Die Regierung hat die Steuern erhöht."),
    ("de", "Am Morgen sprach er mit 40 Menschen."),
]


@pytest.mark.parametrize(("lang", "text"), NO_TIME)
def test_no_false_hits(lang: str, text: str) -> None:
    assert found(lang, text) == []


def test_records_are_timexes_with_stable_ids() -> None:
    text = "Ayer, el 14 de marzo, la semana pasada."
    for record in timexes("es", text):
        timex = Timex(**record)
        assert timex.id == stable_id("tmx", "doc1", timex.start, timex.end)
        assert text[timex.start : timex.end] == timex.text
        assert timex.type == "DATE"


def test_future_tense_picks_the_next_weekday() -> None:
    assert ("el viernes", "2025-10-03") in found("es", "El presidente llegó el viernes.")
    assert ("el viernes", "2025-10-10") in found("es", "El presidente llegará el viernes.")


def test_unpublished_documents_keep_unresolved_values() -> None:
    assert found("es", "El 14 de marzo firmó.", published=None) == [
        ("El 14 de marzo", "XXXX-03-14")
    ]
    assert found("fr", "Il partira mardi.", published=None) == [("mardi", "XXXX-WXX-2")]


def test_types() -> None:
    kinds = {
        t["text"]: t["type"] for t in timexes("es", "Cada año, durante dos horas, a las 10:30.")
    }
    assert kinds == {"Cada año": "SET", "dos horas": "DURATION", "las 10:30": "TIME"}


def test_language_without_rules_finds_nothing() -> None:
    import spacy

    doc = spacy.blank("it")("Ieri è arrivato.")
    doc.user_data["dossier.published"] = PUBLISHED
    assert find_timexes(doc) == []
