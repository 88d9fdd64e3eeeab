"""Numbers as each language writes them (``dossier.lang.numbers``): digits, words, qualifiers,
ranges, vague plurals, percentages and money, and what is never a quantity. Sentences written
for these tests."""

from __future__ import annotations

import pytest

from dossier.lang.numbers import find_quantities, parse_digits, parse_number


def one(text: str, lang: str) -> tuple:
    """The only quantity of ``text`` as (low, high, qualifier, vague, currency, percent)."""
    found = find_quantities(text, lang)
    assert len(found) == 1, [(q.text, q.low, q.high) for q in found]
    q = found[0]
    return q.low, q.high, q.qualifier, q.vague, q.currency, q.percent


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1.000", 1000.0), ("1 000", 1000.0), ("1\u202f000\u202f000", 1e6), ("1,5", 1.5),
        ("4,800", 4.8), ("1,000,000", 1e6), ("1,000.5", 1000.5), ("0.683", 0.683), ("12", 12.0),
    ],
)  # fmt: skip
def test_digits(written, value):
    assert parse_digits(written) == pytest.approx(value)


@pytest.mark.parametrize(
    ("lang", "written", "value"),
    [
        ("es", "mil", 1000), ("es", "dos mil quinientos", 2500), ("es", "veintitrés", 23),
        ("es", "trescientos cuarenta y siete", 347), ("es", "tres millones siete", 3000007),
        ("es", "2 mil millones", 2e9), ("es", "media docena", 6),
        ("fr", "cent", 100), ("fr", "mille", 1000), ("fr", "deux millions", 2e6),
        ("fr", "quatre-vingt-dix", 90), ("fr", "soixante-dix-sept", 77),
        ("fr", "vingt et un", 21), ("fr", "cinq cent trente cinq", 535),
        ("pt", "mil", 1000), ("pt", "dois milhões", 2e6), ("pt", "cento e vinte e três", 123),
        ("pt", "dois mil e quinhentos", 2500),
        ("de", "zwei", 2), ("de", "Tausend", 1000), ("de", "zwei Millionen", 2e6),
        ("de", "zweitausendfünfhundert", 2500), ("de", "dreiundzwanzig", 23),
        ("ru", "тысяча", 1000), ("ru", "двадцать пять", 25), ("ru", "три миллиона", 3e6),
        ("ru", "двухсот", 200), ("ru", "5 тыс.", 5000), ("ru", "1,5 млн", 1.5e6),
        ("uk", "п'ять тисяч", 5000), ("uk", "два мільйони", 2e6), ("uk", "двадцять три", 23),
        ("uk", "10 тис.", 10000),
    ],
)  # fmt: skip
def test_number_words(lang, written, value):
    assert parse_number(written, lang) == pytest.approx(value)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # Spanish
        ("es", "Murieron al menos 30 personas.", (30, None, "at_least")),
        ("es", "Hasta 500 soldados participarán.", (None, 500, "up_to")),
        ("es", "Fueron detenidas más de 1.200 personas.", (1200, None, "more_than")),
        ("es", "Hubo cerca de 3 000 heridos.", (3000, 3000, "about")),
        ("es", "Asistieron unos veinte vecinos.", (20, 20, "about")),
        ("es", "Entre 20 y 30 personas resultaron heridas.", (20, 30, "between")),
        ("es", "De 5 a 10 familias quedaron sin hogar.", (5, 10, "between")),
        ("es", "Serán 200 o más.", (200, None, "at_least")),
        # French
        ("fr", "Jusqu'à 700 travailleurs seront licenciés.", (None, 700, "up_to")),
        ("fr", "Plus de deux millions de personnes ont voté.", (2e6, None, "more_than")),
        ("fr", "Au moins 12 morts ont été recensés.", (12, None, "at_least")),
        ("fr", "Environ 1 500 policiers sont mobilisés.", (1500, 1500, "about")),
        ("fr", "Près de quatre-vingt-dix blessés.", (90, 90, "about")),
        ("fr", "Entre 20 et 30 manifestants ont été interpellés.", (20, 30, "between")),
        # Portuguese
        ("pt", "Até 300 famílias foram afetadas.", (None, 300, "up_to")),
        ("pt", "Mais de 40 pessoas morreram.", (40, None, "more_than")),
        ("pt", "Pelo menos 12 feridos.", (12, None, "at_least")),
        ("pt", "Cerca de 2 mil soldados.", (2000, 2000, "about")),
        ("pt", "Entre 10 e 15 presos fugiram.", (10, 15, "between")),
        ("pt", "Foram detidos 25 suspeitos.", (25, 25, "exact")),
        # German
        ("de", "Bis zu 500 Soldaten sollen kommen.", (None, 500, "up_to")),
        ("de", "Mehr als 2 Millionen Menschen flohen.", (2e6, None, "more_than")),
        ("de", "Mindestens 30 Menschen starben.", (30, None, "at_least")),
        ("de", "Rund 1.000 Polizisten waren im Einsatz.", (1000, 1000, "about")),
        ("de", "Etwa zwanzig Häuser brannten.", (20, 20, "about")),
        ("de", "Zwischen 20 und 30 Verletzte.", (20, 30, "between")),
        # Russian
        ("ru", "Погибли не менее 30 человек.", (30, None, "at_least")),
        ("ru", "Задержаны свыше 200 человек.", (200, None, "more_than")),
        ("ru", "Пострадали около 100 человек.", (100, 100, "about")),
        ("ru", "Эвакуированы порядка двух тысяч жителей.", (2000, 2000, "about")),
        ("ru", "Ранены от 5 до 10 человек.", (5, 10, "between")),
        ("ru", "В зале было до 300 зрителей.", (None, 300, "up_to")),
        ("ru", "Более 1,5 млн человек проголосовали.", (1.5e6, None, "more_than")),
        # Ukrainian
        ("uk", "Загинули щонайменше 12 людей.", (12, None, "at_least")),
        ("uk", "Евакуювали понад 200 тисяч людей.", (200000, None, "more_than")),
        ("uk", "Поранено близько 40 людей.", (40, 40, "about")),
        ("uk", "Затримано від 5 до 10 осіб.", (5, 10, "between")),
        ("uk", "У залі було до 300 глядачів.", (None, 300, "up_to")),
        ("uk", "Зібрали п'ять мільйонів гривень.", (5e6, 5e6, "exact")),
    ],
)  # fmt: skip
def test_qualifiers_and_ranges(lang, text, expected):
    low, high, qualifier, *_ = one(text, lang)
    assert (low, high, qualifier) == expected


@pytest.mark.parametrize(
    ("lang", "text", "low", "high"),
    [
        ("es", "Decenas de personas protestaron.", 24, 99),
        ("es", "Cientos de soldados llegaron.", 200, 999),
        ("es", "Decenas de miles de personas huyeron.", 24000, 99999),
        ("fr", "Des dizaines de manifestants ont été blessés.", 24, 99),
        ("fr", "Des centaines de soldats sont arrivés.", 200, 999),
        ("fr", "Des milliers de personnes ont fui.", 2000, 9999),
        ("pt", "Milhares de pessoas foram evacuadas.", 2000, 9999),
        ("pt", "Dezenas de casas desabaram.", 24, 99),
        ("de", "Tausende Menschen flohen.", 2000, 9999),
        ("de", "Zehntausende demonstrierten.", 20000, 99999),
        ("de", "Hunderte Häuser wurden zerstört.", 200, 999),
        ("ru", "Десятки человек пострадали.", 24, 99),
        ("ru", "Сотни домов разрушены.", 200, 999),
        ("ru", "Десятки тысяч людей бежали.", 24000, 99999),
        ("ru", "Тысячи людей вышли на улицы.", 2000, 9999),
        ("uk", "Десятки тисяч людей евакуювали.", 24000, 99999),
        ("uk", "Сотні будинків зруйновано.", 200, 999),
    ],
)  # fmt: skip
def test_vague(lang, text, low, high):
    assert one(text, lang)[:4] == (low, high, "exact", True)


@pytest.mark.parametrize(
    ("lang", "text", "value", "currency", "percent"),
    [
        ("es", "El paro subió al 12,5%.", 12.5, None, True),
        ("es", "Costó 2,5 millones de euros.", 2.5e6, "EUR", False),
        ("es", "Pagaron $ 75 millones.", 75e6, "USD", False),
        ("es", "Votó el 40 por ciento.", 40, None, True),
        ("fr", "Une aide de 2 milliards d'euros.", 2e9, "EUR", False),
        ("fr", "Le chômage atteint 7 pour cent.", 7, None, True),
        ("pt", "O governo destinou R$ 10 milhões.", 1e7, "BRL", False),
        ("pt", "A inflação foi de 4,5%.", 4.5, None, True),
        ("de", "Die EU zahlt 2 Milliarden Euro.", 2e9, "EUR", False),
        ("de", "Die Arbeitslosigkeit lag bei 5,3 Prozent.", 5.3, None, True),
        ("ru", "Выделили 1,5 млн рублей.", 1.5e6, "RUB", False),
        ("ru", "Инфляция составила 8 процентов.", 8, None, True),
        ("uk", "Уряд виділив 5 млн гривень.", 5e6, "UAH", False),
        ("uk", "Інфляція сягнула 10 відсотків.", 10, None, True),
    ],
)  # fmt: skip
def test_money_and_percent(lang, text, value, currency, percent):
    low, _high, _, _, cur, pct = one(text, lang)
    assert low == pytest.approx(value) and (cur, pct) == (currency, percent)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "Llegó el 3 de mayo."),
        ("es", "Quedó en 1º lugar."),
        ("es", "Llame al 91-555-12-34."),
        ("es", "La reunión es a las 10:30."),
        ("es", "Vio a un hombre."),
        ("fr", "Le 4 mai, il est arrivé."),
        ("fr", "Il est arrivé 3e."),
        ("fr", "Une femme est venue."),
        ("pt", "Chegou em 3 de maio."),
        ("pt", "Ficou em 2º lugar."),
        ("de", "Am 3. März kam er."),
        ("de", "Er wurde der 2. im Rennen; der 4G-Standard."),
        ("de", "Ein Mann kam."),
        ("ru", "Он пришёл 5 марта."),
        ("ru", "Это 5-й этаж."),
        ("uk", "Він прийшов 5 березня."),
        ("uk", "Це 3-й поверх."),
    ],
)  # fmt: skip
def test_not_quantities(lang, text):
    assert find_quantities(text, lang) == []


def test_lone_article_only_on_request():
    assert find_quantities("un hombre", "es") == []
    assert [q.value for q in find_quantities("un hombre", "es", articles=True)] == [1.0]


def test_fractions_and_signs():
    assert parse_number("tres quintos", "es") == pytest.approx(0.6)
    assert parse_number("dos millones y medio", "es") == pytest.approx(2.5e6)
    assert parse_number("3/4", "fr") == pytest.approx(0.75)
    assert parse_number("un vingt-cinquième", "fr") == pytest.approx(0.04)


def test_unknown_language_has_no_quantities():
    assert find_quantities("30 people", "xx") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("mille et une nuits", 1001), ("six millions et deux cents", 6000200),
        ("1 million 200 000 habitants", 1200000), ("un vingt cinquième", 1 / 25),
        ("une vingt et unième", 1 / 21), ("un cent cinquième", 1 / 105),
        ("vingt et trois cinquièmes", 20.6), ("un quart de million", 250000),
        ("deux tiers de million", 2e6 / 3), ("la moitié des voix", 0.5),
        ("2,5^-1", 0.4), ("-1,1^--23", -(1.1**23)), ("322 cent", 32200), ("3 cent un", 301),
        ("4 mille 3 cents", 4300), ("3 cents et 21", 321), ("12,34,567.89", 1234567.89),
        (",5", 0.5), ("trois lakh", 300000), ("deux crores", 2e7), ("moins 5 degrés", -5),
        ("un million et demi", 1.5e6), ("deux et trois quarts", 2.75),
        ("une centaine de manifestants", 100), ("un millier de soldats", 1000),
    ],
)  # fmt: skip
def test_french_grammar(text, value):
    """Connectors after scales, digits after a scale word, ordinal denominators written
    apart, fractions of a scale, lone fraction nouns, powers, digit hundreds, Indian grouping."""
    values = [q.value for q in find_quantities(text, "fr")]
    assert values == [pytest.approx(value)], values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plus d'un million", (1e6, None, "more_than")),
        ("plus d’un tiers", (pytest.approx(1 / 3), None, "more_than")),
        ("au-delà de 100", (100, None, "more_than")), ("50 au maximum", (None, 50, "at_most")),
        ("un minimum de 50", (50, None, "at_least")), ("au moins 300", (300, None, "at_least")),
        ("plus de la moitié", (0.5, None, "more_than")),
        ("entre mille et deux mille", (1000, 2000, "between")),
        ("au-dessous de 150", (None, 150, "less_than")),
        ("pas plus que 100", (None, 100, "at_most")),
        ("au moins égal à 12", (12, None, "at_least")), ("au maximum de 30", (None, 30, "at_most")),
        ("plus ou moins 500", (500, 500, "about")), ("Il a 30 ans ou plus", (30, None, "at_least")),
        ("plus grand que 10 et plus petit que 20", (10, 20, "between")),
        ("de 5 jusqu'à 10", (5, 10, "between")), ("5 ~ 10", (5, 10, "between")),
    ],
)  # fmt: skip
def test_french_qualifiers(text, expected):
    found = find_quantities(text, "fr", articles=True)
    assert [(q.low, q.high, q.qualifier) for q in found] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Le nombre est passé de 200 à 300 en 2008", "inférieur ou supérieur à 30"],
)
def test_french_no_range(text):
    """A change "passé de X à Y" is two values; "inférieur ou supérieur à" bounds nothing."""
    assert all(q.qualifier == "exact" for q in find_quantities(text, "fr"))


def test_french_not_fractions():
    """ "sur 3 ans" is a span of time, "un/une" a grammatical form, "50 cents" a coin."""
    assert [q.value for q in find_quantities("1000 € sur 3 ans", "fr")] == [1000, 3]
    assert find_quantities("un/une", "fr", articles=True) == []
    assert [q.currency for q in find_quantities("en baisse de 34 cents", "fr")] == ["CENT"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("siebenunddreißig", 37), ("einhunderteinunddreißig", 131), ("eintausend", 1000),
        ("zweihundertdreiundvierzig", 243), ("einundzwanzig", 21), ("fuenfundfuenfzig", 55),
        ("drei Millionen vierhundertzwölftausendfünf", 3412005), ("ein Dutzend", 12),
        ("anderthalb", 1.5), ("eineinhalb", 1.5), ("zweieinhalb", 2.5), ("dreiviertel", 0.75),
        ("ein halbes", 0.5), ("zwei Drittel", 2 / 3), ("anderthalb Millionen", 1.5e6),
        ("viereinhalb", 4.5), ("dreieinhalb Milliarden", 3.5e9), ("minus sieben", -7),
        ("sieben und drei Viertel Millionen", 7.75e6), ("1.234.567,89", 1234567.89),
        ("1 250 000", 1250000), ("4,5 Mio.", 4.5e6), ("12 Mrd.", 1.2e10), ("1/4", 0.25),
    ],
)  # fmt: skip
def test_german_grammar(text, value):
    """Compounds (with "ß", "ue" spellings), halves written in ("dreieinhalb"), fractions
    written apart or joined, a scale after a fraction, signs, digit grouping."""
    values = [q.value for q in find_quantities(text, "de", articles=True)]
    assert values == [pytest.approx(value)], values


@pytest.mark.parametrize(
    ("lang", "text", "value", "currency"),
    [
        ("de", "Das kostet zwei Euro fünfzig.", 2.5, "EUR"),
        ("de", "Er zahlte 15 Dollar und 15 Cent.", 15.15, "USD"),
        ("de", "Hast du einen Euro?", 1, "EUR"),
        ("de", "Es waren 16,4 Millionen kanadische Dollar.", 16.4e6, "CAD"),
        ("de", "Sie bekam 300 Schweizer Franken.", 300, "CHF"),
        ("de", "Ein Ticket für 20 Pfund.", 20, "GBP"),
        ("pt", "Custou treze euros e quarenta e cinco centavos.", 13.45, "EUR"),
        ("pt", "Custa 25 reais com 50.", 25.5, "BRL"),
        ("pt", "Pagaram 75 USD milhões.", 75e6, "USD"),
        ("pt", "Vale 528 milhões de francos.", 528e6, "CHF"),
        ("pt", "Ganhei duzentos BTC.", 200, "BTC"),
    ],
)  # fmt: skip
def test_money_written_out(lang, text, value, currency):
    """Coins after an amount, an article as the amount, currency words of several words, a
    scale after the currency."""
    low, _high, _, _, cur, _pct = one(text, lang)
    assert low == pytest.approx(value) and cur == currency


def test_coins_need_the_end_of_the_amount():
    """ "15 Dollar 50 Menschen": the 50 counts people, not cents; ordinals stay out."""
    found = find_quantities("Er zahlte 15 Dollar 50 Menschen.", "de")
    assert [(q.value, q.currency) for q in found] == [(15, "USD"), (50, None)]
    assert find_quantities("Er kam als der dritte am 3. Mai.", "de") == []


def test_french_ranks():
    """A range of ordinals is read and flagged: ranks count nothing, so figures leave it out."""
    found = find_quantities("Il a fini entre le dixième et le quinzième.", "fr")
    assert [(q.low, q.high, q.qualifier, q.ordinal) for q in found] == [(10, 15, "between", True)]
    assert find_quantities("entre un dixième et un quart", "fr")[0].ordinal is False
