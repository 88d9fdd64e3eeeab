from __future__ import annotations

import pytest

from dossier.errors import InputError, ModelNotFoundError
from dossier.ingest import make_document
from dossier.nlp import build_pipeline, make_doc


def test_pipeline_components(nlp):
    assert nlp.pipe_names[0] == "dossier_dateline"
    assert nlp.pipe_names[-1] == "dossier_events"  # reads what every other component set
    assert nlp.pipe_names.index("dossier_entities") < nlp.pipe_names.index("dossier_events")
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotFoundError, match="not installed"):
        build_pipeline("no_such_spacy_model")


@pytest.mark.parametrize(
    "text",
    [
        "Moscow/The Russian Duma ratified the agreement on Tuesday.",
        "MOSCOW (Reuters) - The Russian Duma ratified the agreement on Tuesday.",
        "WASHINGTON — The Russian Duma ratified the agreement on Tuesday.",
    ],
)
def test_dateline_is_not_part_of_the_first_sentence(nlp, text):
    document = make_document(text)
    doc = nlp(make_doc(nlp, document))
    sentence = next(s for s in doc.sents if "Duma" in s.text)
    assert sentence.text.startswith("The Russian Duma")
    assert sentence.root.lemma_ == "ratify"
    assert [t.text for t in sentence.root.children if t.dep_ == "nsubj"] == ["Duma"]


def test_no_dateline_leaves_the_parse_alone(nlp):
    document = make_document("Moscow has ratified the agreement, officials said.")
    doc = nlp(make_doc(nlp, document))
    assert "dossier.dateline" not in doc.user_data
    assert doc[0].text == "Moscow" and doc[0].dep_ == "nsubj"


def test_too_long_article_is_an_input_error(nlp):
    document = make_document("word " * 50)
    limit = nlp.max_length
    nlp.max_length = 100
    try:
        with pytest.raises(InputError, match="longer than"):
            make_doc(nlp, document)
    finally:
        nlp.max_length = limit
