"""Senses of CONCEDE, RETREAT, COOPERATE, CONSULT and AID words, on sentences written for these
tests (never gold text): each word's event sense, and its other senses that are no such event."""

from __future__ import annotations

import pytest


def types_of(events_of, text: str) -> set[str]:
    return {e["plover"] for e in events_of(text)}


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Finland's foreign minister met his Estonian counterpart in Tallinn.", "CONSULT"),
        ("Chile's president arrived in Lima on Tuesday for a two-day visit.", "CONSULT"),
        ("The government met the strikers' demands on Friday.", "CONCEDE"),
        ("Norway granted asylum to the dissident.", "AID"),
        ("Japan delivered food and medicine to the flooded provinces.", "AID"),
        ("Kenyan peacekeepers arrived in Mogadishu on Sunday.", "AID"),
        ("Rebels freed three aid workers on Monday.", "RETREAT"),
        ("Ecuador announced the withdrawal of its troops from the border.", "RETREAT"),
        ("The parliament approved the electoral reform demanded by the opposition.", "CONCEDE"),
    ],
)
def test_event_sense(events_of, text, plover):
    assert plover in types_of(events_of, text)


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("The company said it would meet its debt payments.", "CONSULT"),
        ("The firm failed to meet analysts' expectations.", "CONSULT"),
        ("Subscriptions were met in full.", "CONSULT"),
        ("There was little talk of a cut in output.", "CONSULT"),
        ("A shipment of grain arrived in Rotterdam on Monday.", "CONSULT"),
        ("The minister delivered a speech to the assembly.", "AID"),
        ("The court granted the company an injunction against the distributor.", "AID"),
        ("The study lent credence to the view that rates will fall.", "AID"),
        ("Proceeds will be used to fund the acquisition.", "AID"),
        ("The new provision allows wealthy families to avoid the tax.", "CONCEDE"),
        ("Its shareholders approved the merger on Tuesday.", "CONCEDE"),
        ("The bank forecast a net cash withdrawal from the system.", "RETREAT"),
        ("The reform freed prices for the first time since the war.", "RETREAT"),
        ("Officials said lifting the embargo is out of the question.", "RETREAT"),
    ],
)
def test_other_sense_is_no_such_event(events_of, text, plover):
    assert plover not in types_of(events_of, text)
