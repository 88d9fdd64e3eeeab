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


@pytest.mark.parametrize(
    ("text", "plover", "cameo"),
    [
        # concessions: easing, yielding, repealing, restoring
        ("The Kenyan government gave in to the demands of striking doctors.", "CONCEDE", "080"),
        ("The Thai prime minister bowed to pressure from the opposition.", "CONCEDE", "080"),
        ("The Bolivian president agreed to the miners' demands.", "CONCEDE", "083"),
        ("The Jordanian king granted more powers to the elected parliament.", "CONCEDE", "083"),
        ("The French government dropped plans to raise the pension age.", "CONCEDE", "0832"),
        ("The Hungarian parliament repealed the emergency law.", "CONCEDE", "0832"),
        ("The Nigerian government backed down after a week of strikes.", "CONCEDE", "080"),
        ("The Sri Lankan government restored press freedom.", "CONCEDE", "0811"),
        ("The Malian junta handed power to a civilian government.", "CONCEDE", "0831"),
        ("Prosecutors dropped the charges against the opposition leader.", "CONCEDE", "081"),
        # retreats and their sanctions
        ("The Peruvian government lifted the state of emergency in Lima.", "RETREAT", "0814"),
        ("Ethiopian troops withdrew from the disputed town on Friday.", "RETREAT", "0872"),
        ("Argentina withdrew its ambassador from London.", "SANCTION", "161"),
        # support, aid, restrictions, force
        ("The German chancellor expressed support for the Ukrainian government.", "SUPPORT", "051"),
        ("The Peruvian congress granted amnesty to the rebels.", "SUPPORT", "056"),
        ("The IMF approved a $3 billion loan for Pakistan.", "AID", "071"),
        ("The United States froze the assets of Venezuelan officials.", "COERCE", "163"),
        ("The Indian army carried out an operation against Maoist insurgents.", "ASSAULT", "190"),
        (
            "Ukraine's military launched a counteroffensive against Russian forces.",
            "ASSAULT",
            "190",
        ),
        ("Russia moved tanks to its frontier with Ukraine.", "MOBILIZE", "154"),
        ("Activists are campaigning for the release of the jailed editor.", "REQUEST", "020"),
        ("Seoul turned down Pyongyang's offer of talks.", "REJECT", "125"),
        ("The rebels withdrew from the peace talks.", "SANCTION", "164"),
        ("Doctors in Harare walked out over unpaid salaries.", "PROTEST", "143"),
        ("Gunmen stormed a hotel in the capital.", "ASSAULT", "190"),
        ("Chinese vessels rammed a Philippine boat.", "ASSAULT", "190"),
        ("The Chinese navy held military exercises near Taiwan.", "MOBILIZE", "150"),
        ("French and Egyptian warships held naval exercises.", "COOPERATE", "062"),
        ("The Chinese army held joint exercises with Russian forces.", "COOPERATE", "062"),
        ("India called up army reservists.", "MOBILIZE", "154"),
        ("The World Bank froze loans to Zimbabwe.", "SANCTION", "1621"),
        ("The junta accepted the results of the election.", "CONCEDE", "080"),
        ("The authorities caved in to the demands of the strikers.", "CONCEDE", "080"),
        ("Hundreds of farmers protested in the capital on Monday.", "PROTEST", "141"),
        ("A human rights group protested the arrests.", "ACCUSE", "111"),
        ("Thousands of students rallied in Dhaka on Sunday.", "PROTEST", "141"),
        ("The president rallied support for the bill.", "SUPPORT", "053"),
        ("Iran violated the nuclear agreement.", "REJECT", "128"),
        ("Israeli jets violated Lebanese airspace on Monday.", "MOBILIZE", "150"),
        ("Both sides violated the ceasefire agreement.", "ASSAULT", "196"),
        ("Japan suspended its yen loans to China.", "SANCTION", "1621"),
        ("Bolivia pulled out of the talks with Chile.", "SANCTION", "164"),
        ("Kenya pulled its peacekeepers out of South Sudan.", "SANCTION", "1661"),
        # what an authority orders is the act itself
        ("Kuwait ordered the expulsion of five Iraqi diplomats.", "SANCTION", "166"),
        ("The government ordered the newspaper to suspend publication.", "COERCE", "1721"),
        ("The court ordered the release of the opposition leader.", "RETREAT", "0841"),
    ],
)
def test_general_senses(events_of, text, plover, cameo):
    """Verbs and nouns of each type beyond the PLOVER folds the rules were written from."""
    events = events_of(text)
    assert any(e["plover"] == plover and e["cameo"] == cameo for e in events), [
        (e["plover"], e["cameo"]) for e in events
    ]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Officials said the road must be repaired before the rains.", "REQUEST"),
        ("The minister said we must prepare for a hard winter.", "REQUEST"),
        ("Activists are campaigning for the release of the jailed editor.", "RETREAT"),
        ("The Bolivian president agreed to the protesters' demands.", "PROTEST"),
        ("Prosecutors dropped the charges against the opposition leader.", "REJECT"),
        ("Investors pulled out of emerging markets.", "RETREAT"),
        ("The rebels withdrew from the peace talks.", "RETREAT"),
        ("The tests demonstrated that the missile works.", "PROTEST"),
        ("The president rallied support for the bill.", "PROTEST"),
        ("Stocks rallied in Tokyo on Monday.", "PROTEST"),
        ("Kenyan troops began pulling out of Somalia under a deal signed last week.", "SUPPORT"),
    ],
)
def test_no_such_event(events_of, text, plover):
    """A "must" that demands nothing of another, an act that is a campaign's topic, protesters
    named only as whose demands are met."""
    assert plover not in types_of(events_of, text)


def test_protesters_marching_are_one_protest(events_of):
    events = events_of("Protesters marched on the U.S. embassy in Manila.")
    assert [e["trigger"]["text"] for e in events if e["plover"] == "PROTEST"] == ["marched"]
