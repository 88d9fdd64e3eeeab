"""The pipeline of a language other than English: its base (``dossier.lang.bases``) plus one
thin component, ``dossier_multilingual``, that runs the language's extractors in order and
stores their records where the English components store theirs, so that
``dossier.nlp.extraction_from_doc`` reads both alike.

Pipelines are loaded on first use and kept for the process: a batch loads only the languages
it holds.
"""

from __future__ import annotations

import logging
import threading

from spacy.language import Language
from spacy.tokens import Doc

import dossier.nlp  # noqa: F401  (registers dossier_dateline)
from dossier.extract.errors import component_errors
from dossier.lang.registry import LanguageSpec, require

logger = logging.getLogger(__name__)

EXTENSIONS = (
    "dossier_timexes",
    "dossier_entities",
    "dossier_figures",
    "dossier_claims",
    "dossier_events",
)


@Language.factory("dossier_multilingual", default_config={"lang": ""})
def make_multilingual_component(nlp: Language, name: str, lang: str) -> MultilingualComponent:
    # The language is given, not read from ``nlp``: Portuguese runs on the Spanish model.
    return MultilingualComponent(lang or nlp.lang)


class MultilingualComponent:
    """Thin spaCy component: time, entities, figures, claims, events, each where the language
    supports it (``LanguageSpec.supports``); each extractor's failure is recorded on the Doc."""

    def __init__(self, lang: str) -> None:
        for name in EXTENSIONS:
            if not Doc.has_extension(name):
                Doc.set_extension(name, default=None)
        self.spec = require(lang)

    def __call__(self, doc: Doc) -> Doc:
        from dossier.lang import claims, entities, events, figures, time

        supports = self.spec.supports
        doc.user_data["dossier.language"] = self.spec.code
        with component_errors(doc, "dossier_time"):
            doc._.dossier_timexes = time.find_timexes(doc) if "time" in supports else []
        with component_errors(doc, "dossier_entities"):
            found = entities.find_entities(doc) if "entities" in supports else []
            doc._.dossier_entities = found
        with component_errors(doc, "dossier_figures"):
            doc._.dossier_figures = figures.find_figures(doc) if "figures" in supports else []
        with component_errors(doc, "dossier_claims"):
            doc._.dossier_claims = (
                claims.find_claims(
                    doc, doc._.dossier_figures, doc._.dossier_entities, doc._.dossier_timexes
                )
                if "claims" in supports
                else []
            )
            link_claimed_figures(doc._.dossier_claims, doc._.dossier_figures)
        with component_errors(doc, "dossier_events"):
            doc._.dossier_events = events.find_events(doc) if "events" in supports else []
        return doc


def link_claimed_figures(claims: list[dict], figures: list[dict]) -> None:
    """Each figure names the first sourced claim it is given in and takes its modality (a figure
    outside any claim is the outlet's own, asserted), as the English components leave them.

    >>> figures = [{"id": "f1", "claim": None, "modality": None}, {"id": "f2"}]
    >>> source = {"text": "police"}
    >>> claims = [{"id": "c1", "source": source, "figures": ["f1"], "modality": "hedged"}]
    >>> link_claimed_figures(claims, figures)
    >>> [(f.get("claim"), f.get("modality")) for f in figures]
    [('c1', 'hedged'), (None, 'asserted')]
    """
    by_id = {f["id"]: f for f in figures}
    for claim in claims:
        if not claim.get("source"):
            continue
        for figure_id in claim.get("figures", []):
            figure = by_id.get(figure_id)
            if figure is not None and not figure.get("claim"):
                figure["claim"] = claim["id"]
                figure["modality"] = claim.get("modality") or "asserted"
    for figure in figures:
        if not figure.get("modality"):
            figure["modality"] = "asserted"


def build_language_pipeline(code: str) -> Language:
    """The full pipeline of language ``code``; LanguageUnavailable names the missing extra."""
    from dossier.lang.bases import build_base

    spec: LanguageSpec = require(code)
    nlp = build_base(spec.code)
    # The dateline ("PARIS, 12 mars (AFP) -", "МОСКВА, 4 ноября -") is a place of its own and
    # never the first sentence's subject, as in English (``dossier.nlp.mark_dateline``).
    nlp.add_pipe("dossier_dateline", first=True)
    nlp.add_pipe("dossier_multilingual", last=True, config={"lang": spec.code})
    logger.info("pipeline %s: %s", spec.code, ", ".join(nlp.pipe_names))
    return nlp


_LOADED: dict[str, Language] = {}
_LOCK = threading.Lock()


def language_pipeline(code: str) -> Language:
    """The pipeline of ``code``'s primary language, loaded once per process."""
    primary = code.casefold().split("-")[0]
    with _LOCK:
        if primary not in _LOADED:
            _LOADED[primary] = build_language_pipeline(primary)
        return _LOADED[primary]
