"""Which language an article is written in, so that only English is coded.

An article whose words are often English function words ("the", "of", "said":
``english_function_words.txt``) is English at once. Otherwise the language identifier of
py3langid (its model ships in the package) decides, and only a confident answer (probability
>= :data:`MIN_PROBABILITY` over at least :data:`MIN_WORDS` words) for another language
counts: tables, sports results and one-line notices ("Qtly div 25 cts vs 25 cts prior")
have few function words, and the identifier is unsure of them; they stay English.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from dossier.resources import read_lines

logger = logging.getLogger(__name__)

MIN_WORDS = 12
"""Fewer words than this: too little to tell, the default language stands."""
ENGLISH_SHARE = 0.12
"""Share of English function words from which a text is English without asking."""
MIN_PROBABILITY = 0.9
"""The identifier's confidence needed to call a text another language."""
SAMPLE = 1500
"""Characters read from the start of the text."""

_WORD = re.compile(r"[^\W\d_]+")


@cache
def _function_words() -> frozenset[str]:
    return frozenset(read_lines("english_function_words.txt"))


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language, or None when it cannot tell.

    >>> detect_language("The Russian Duma ratified the agreement with Cuba on Tuesday, the "
    ...                 "agency said, and the State Department said it was concerned.")
    'en'
    >>> detect_language("El Parlamento ruso ratificó este martes el acuerdo de cooperación "
    ...                 "militar con Cuba, mientras Estados Unidos denuncia la participación.")
    'es'
    >>> detect_language("Qtly div 25 cts vs 25 cts prior Pay April one Record March 15") is None
    True
    """
    sample = text[:SAMPLE]
    words = _WORD.findall(sample.casefold())
    if len(words) < MIN_WORDS:
        return None
    english = sum(w in _function_words() for w in words)
    if english / len(words) >= ENGLISH_SHARE:
        return "en"
    language, probability = _identifier().classify(sample)
    if probability >= MIN_PROBABILITY and re.fullmatch(r"[a-z]{2}", language):
        return language
    return None


def is_english(language: str | None) -> bool:
    """Whether a document's language tag is English (or unknown, which dossier reads as such).

    >>> is_english("en"), is_english("en-GB"), is_english(None), is_english("es")
    (True, True, True, False)
    """
    return language is None or language.casefold().split("-")[0] == "en"
