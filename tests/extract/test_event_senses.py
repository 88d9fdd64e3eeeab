"""Commercial senses of event words give no event; political senses of the same words still
code (sentences written for these tests)."""

from __future__ import annotations

import pytest

from dossier.ingest import make_document
from dossier.nlp import extraction_from_doc, make_doc


def plovers(nlp, text: str) -> set[str]:
    document = make_document(text, published="1987-03-02")
    return {e.plover for e in extraction_from_doc(document, nlp(make_doc(nlp, document))).events}


@pytest.mark.parametrize(
    "text",
    [
        "Acme Corp said it will offer 150 mln dlrs of convertible debentures.",
        "The Food and Drug Administration approved the company's new arthritis drug.",
        "The fund invests in stock exchanges across Asia.",
        "The bank financed the loans by issuing bonds.",
        "Zenith said it called its preferred stock for redemption.",
        "The new software allows users to exchange files.",
        "Baxter Inc said it will seek to sell its plastics division.",
        "An official, who asked not to be identified, said the plant would close.",
        "Chairman John Smith told shareholders at the annual meeting that sales would rise.",
        "Moody's said it may downgrade the debt of Vantor Corp.",
    ],
)
def test_commercial_sense_is_no_event(nlp, text):
    assert not plovers(nlp, text) - {None}


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Japan offered emergency aid to Bangladesh.", "AGREE"),
        ("The United States supplied wheat to Egypt.", "AID"),
        ("Parliament approved the peace plan.", "CONCEDE"),
        ("The prime minister met the Chinese foreign minister in Beijing.", "CONSULT"),
        ("Iraq asked the United Nations for humanitarian aid.", "REQUEST"),
        ("The prosecutor charged the former minister with corruption.", "ACCUSE"),
        ("Cuba wants the United States to lift the embargo.", "REQUEST"),
    ],
)
def test_political_sense_still_codes(nlp, text, plover):
    assert plover in plovers(nlp, text)
