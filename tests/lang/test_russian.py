"""The Russian base pipeline (razdel + natasha wrapped in spaCy) on hand-written sentences."""

from __future__ import annotations

import pytest

from dossier.lang.russian import build_russian, refine_entities

TEXT = (
    "Министр иностранных дел России Сергей Лавров прилетел в Берлин.\n\n"
    "В среду он встретится с руководством компании «Газпром»  и представителями ООН."
)


@pytest.fixture(scope="module")
def nlp():
    return build_russian()


def ents(doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def test_text_round_trips_exactly(nlp) -> None:
    for text in [TEXT, "  Начало с пробелов\tи\u00a0табуляции.\r\n", "a  b\n\n\nc "]:
        doc = nlp(text)
        assert doc.text == text
        assert "".join(t.text_with_ws for t in doc) == text


def test_lemmas_and_pos(nlp) -> None:
    doc = nlp(TEXT)
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["прилетел"] == "прилететь"
    assert lemmas["иностранных"] == "иностранный"
    assert lemmas["представителями"] == "представитель"
    pos = {t.text: t.pos_ for t in doc}
    assert pos["прилетел"] == "VERB"
    assert pos["Берлин"] == "PROPN"
    assert str(doc[0].morph.get("Case")) in ("['Nom']",)


def test_sentences_follow_razdel(nlp) -> None:
    doc = nlp(TEXT)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == [
        "Министр иностранных дел России Сергей Лавров прилетел в Берлин.",
        "В среду он встретится с руководством компании «Газпром»  и представителями ООН.",
    ]


def test_dependencies(nlp) -> None:
    doc = nlp(TEXT)
    assert doc.has_annotation("DEP")
    for sent in doc.sents:
        assert sum(t.dep_ == "ROOT" for t in sent) == 1
    verb = next(t for t in doc if t.text == "прилетел")
    assert verb.dep_ == "ROOT"
    assert any(c.dep_ == "nsubj" and c.text == "Министр" for c in verb.children)
    assert next(t for t in doc if t.text == "Берлин").head == verb


def test_entities(nlp) -> None:
    found = ents(nlp(TEXT))
    assert ("Сергей Лавров", "PER") in found
    assert ("Берлин", "LOC") in found
    assert ("России", "LOC") in found
    assert ("ООН", "ORG") in found
    assert ("Газпром", "ORG") in found  # the quotes are trimmed


def test_empty_and_punctuation_only(nlp) -> None:
    for text in ["", " ", "\n\n", "...", "?! — «»"]:
        doc = nlp(text)
        assert doc.text == text
        assert not doc.ents
        assert len(list(doc.sents)) <= 1 or doc.has_annotation("DEP")


def test_mixed_scripts(nlp) -> None:
    text = "Компания Apple представила iPhone 15 в Купертино, сообщил Тим Кук."
    doc = nlp(text)
    assert doc.text == text
    assert any(t.text == "Apple" for t in doc)
    assert any(t.text == "iPhone" for t in doc)
    found = ents(doc)
    assert ("Тим Кук", "PER") in found
    assert ("Купертино", "LOC") in found


def test_long_text_is_processed_in_pieces(nlp) -> None:
    sentence = "Глава правительства Михаил Мишустин провёл совещание в Москве. "
    doc = nlp(sentence * 300)
    assert len(list(doc.sents)) == 300
    assert sum(e.label_ == "PER" for e in doc.ents) == 300
    run_on = " ".join(["слово"] * 1000)  # one sentence of 1000 tokens, no punctuation
    doc = nlp(run_on)
    assert doc.text == run_on and doc.has_annotation("DEP")


def test_refine_entities_splits_aliases_and_trims() -> None:
    text = "Комитет защиты журналистов (КЗЖ) и ОАО «Ромашка»"
    second = text.index("ОАО")
    spans = [(0, text.index(" и "), "ORG"), (second, len(text), "ORG")]
    assert [text[s:e] for s, e, _ in refine_entities(text, spans)] == [
        "Комитет защиты журналистов",
        "КЗЖ",
        "Ромашка",
    ]
