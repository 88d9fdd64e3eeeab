"""Physical and verbal attacks told apart from the words around the verb."""

from __future__ import annotations

import pytest

from dossier.extract.attack_sense import load_senses, sense


def verb_of(nlp, text: str, lemma: str):
    return next(t for t in nlp(text) if t.lemma_ == lemma and t.pos_ == "VERB")


@pytest.mark.parametrize(
    ("text", "lemma", "expected"),
    [
        ("Gunmen attacked a bus carrying pilgrims.", "attack", "physical"),  # armed subject
        ("Israel attacked Rafah on Monday.", "attack", "physical"),  # a place as its object
        ("The ship was attacked near Aden.", "attack", "physical"),  # a passive, no agent
        ("Jets pounded the area with rockets.", "pound", "physical"),  # target and weapon
        ("The mayor attacked the governor for his silence.", "attack", "verbal"),  # grounds
        ("Critics slammed the budget.", "slam", "verbal"),
        ("She was attacked by columnists for the remark.", "attack", "verbal"),
        ("Forces attacked for the third day running.", "attack", "physical"),  # "for" of time
    ],
)
def test_sense(nlp, text, lemma, expected):
    assert sense(verb_of(nlp, text, lemma)) == expected


def test_other_verbs_have_no_sense(nlp):
    assert sense(verb_of(nlp, "The minister visited the town.", "visit")) is None


def test_word_lists_are_lemmas():
    senses = load_senses()
    for words in (senses.verbs, senses.armed, senses.targets, senses.weapons):
        assert words and all(w == w.lower().strip() for w in words)
