"""Every PLOVER 2.0 event type and mode has trigger patterns, and news sentences written for these
tests (never gold text) are coded to them.

The mode list is PLOVER 2.0's as POLECAT codes it, from andybega/rpolecat, ``data-raw/modes.R``
(types as in the PLOVER manual, openeventdata/PLOVER ``PLOVER_MANUAL.tex``):

- AGREE, SUPPORT, CONCEDE, COOPERATE, AID: no modes
- CONSULT: visit, third-party, multilateral, phone
- RETREAT: withdraw, release, return, disarm, ceasefire, access, resign
- REQUEST, REJECT: assist, change, yield, meet
- ACCUSE: disapprove, investigate, allege
- THREATEN: restrict, ban, arrest, relations, expel, territory, violence
- PROTEST: demo, riot, strike, hunger, boycott, obstruct
- SANCTION: convict, expel, withdraw, discontinue
- MOBILIZE: troops, weapons, police, militia
- COERCE: seize, restrict, ban, censor, curfew, martial-law, arrest, deport, withhold,
  misinformation, cyber
- ASSAULT: abduct, beat, torture, execute, sexual, assassinate, destroy, primitive, firearms,
  explosives, suicide-attack, aerial, drone, heavy-weapons, crowd-control, cleansing, massacre,
  unconventional, sideAB (fighting in which both sides are actors)

Where PLOVER 2.0 and the 2021 CAMEO crosswalk disagree on a type (a court conviction is SANCTION
"convict" in PLOVER 2.0 but CAMEO 116, ACCUSE, in the crosswalk), the patterns keep the
crosswalk's type, so SANCTION "convict" is tested on fines and findings of liability.
"""

from __future__ import annotations

import pytest

from dossier.extract.event_patterns import EventLexicon

MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": (
        "seize",
        "restrict",
        "ban",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
        "misinformation",
        "cyber",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "execute",
        "sexual",
        "assassinate",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "aerial",
        "drone",
        "heavy-weapons",
        "crowd-control",
        "cleansing",
        "massacre",
        "unconventional",
        "sideAB",
    ),
}

# (sentence, PLOVER type, mode or None): the type and mode are among the sentence's events.
CASES: list[tuple[str, str, str | None]] = [
    # AGREE
    ("Kenya and Uganda agreed to reopen their shared border crossing next month.", "AGREE", None),
    ("Japan offered to mediate between the two Koreas.", "AGREE", None),
    ("The two governments reached an agreement on sharing the river's water.", "AGREE", None),
    ("The rebel commander pledged to respect the truce.", "AGREE", None),
    # CONSULT
    ("The Indonesian foreign minister visited Canberra on Tuesday.", "CONSULT", "visit"),
    ("Chancellor Scholz hosted the Polish president in Berlin.", "CONSULT", "visit"),
    ("Qatar hosted talks between Hamas and Israeli negotiators.", "CONSULT", "third-party"),
    ("Norway hosted negotiations between Colombia and the ELN rebels.", "CONSULT", "third-party"),
    ("Leaders attended the NATO summit in Vilnius on Tuesday.", "CONSULT", "multilateral"),
    (
        "The African Union summit opened in Addis Ababa with 40 heads of state.",
        "CONSULT",
        "multilateral",
    ),
    ("President Macron spoke by telephone with Prime Minister Modi on Sunday.", "CONSULT", "phone"),
    ("Biden phoned Netanyahu on Monday to discuss the hostages.", "CONSULT", "phone"),
    # SUPPORT
    ("Germany praised Kenya's decision to send police officers to Haiti.", "SUPPORT", None),
    ("The European Union recognised the new government in Tripoli.", "SUPPORT", None),
    ("Egypt welcomed the announcement of a truce in Sudan.", "SUPPORT", None),
    ("Ecuador and Peru signed a border treaty in Quito.", "SUPPORT", None),
    # CONCEDE
    ("The junta lifted the ban on political parties.", "CONCEDE", None),
    ("The government eased restrictions on foreign journalists.", "CONCEDE", None),
    ("Unions called off the planned strike after the pay offer.", "CONCEDE", None),
    ("The president acceded to opposition demands for early elections.", "CONCEDE", None),
    # COOPERATE
    ("Colombia extradited a drug lord to the United States.", "COOPERATE", None),
    (
        "Indian and French navies held joint military exercises in the Arabian Sea.",
        "COOPERATE",
        None,
    ),
    ("Jordan shared intelligence with Iraqi security services.", "COOPERATE", None),
    # AID
    ("Japan donated ten ambulances to Ukraine.", "AID", None),
    ("The World Bank granted Ghana a $300 million loan.", "AID", None),
    ("Britain sent humanitarian aid to Gaza.", "AID", None),
    ("Turkey provided shelter to thousands of Syrian refugees.", "AID", None),
    # RETREAT
    ("Ukrainian forces retreated from Avdiivka.", "RETREAT", "withdraw"),
    ("Israel withdrew its troops from southern Lebanon.", "RETREAT", "withdraw"),
    ("The rebels released 20 hostages on Friday.", "RETREAT", "release"),
    ("Iran returned the seized tanker to its Greek owners.", "RETREAT", "return"),
    ("Thousands of militia fighters laid down their weapons in Kasai.", "RETREAT", "disarm"),
    ("A ceasefire took effect in Gaza on Sunday morning.", "RETREAT", "ceasefire"),
    ("The government granted aid agencies access to the besieged city.", "RETREAT", "access"),
    ("Israel opened a second crossing for aid deliveries into Gaza.", "RETREAT", "access"),
    ("The defence minister resigned after the procurement scandal.", "RETREAT", "resign"),
    ("Prime Minister Borne stepped down on Monday.", "RETREAT", "resign"),
    # REQUEST
    ("Lebanon appealed for international aid after the port explosion.", "REQUEST", "assist"),
    ("Protest leaders demanded the resignation of the prime minister.", "REQUEST", "change"),
    (
        "Amnesty International called for the release of the detained journalists.",
        "REQUEST",
        "yield",
    ),
    ("Guterres called for negotiations between the two sides.", "REQUEST", "meet"),
    # ACCUSE
    ("Canada condemned the sentencing of the activists.", "ACCUSE", "disapprove"),
    ("Prosecutors opened an investigation into the minister's finances.", "ACCUSE", "investigate"),
    ("The opposition accused the ruling party of corruption.", "ACCUSE", "allege"),
    ("Rights groups accused the army of torturing detainees.", "ACCUSE", "allege"),
    # REJECT
    ("Hungary refused to provide military aid to Ukraine.", "REJECT", "assist"),
    ("The president rejected opposition calls for reform.", "REJECT", "change"),
    ("The junta refused to release the detained former leader.", "REJECT", "yield"),
    ("Hamas rejected the proposal for talks in Cairo.", "REJECT", "meet"),
    # THREATEN
    ("Washington threatened to impose sanctions on Venezuela.", "THREATEN", "restrict"),
    ("The interior ministry threatened to ban the opposition party.", "THREATEN", "ban"),
    ("The junta threatened to arrest striking doctors.", "THREATEN", "arrest"),
    ("Algeria threatened to cut diplomatic ties with Spain.", "THREATEN", "relations"),
    ("Mali threatened to expel the French ambassador.", "THREATEN", "expel"),
    ("Beijing threatened to seize the disputed islands.", "THREATEN", "territory"),
    ("Militants threatened to attack the oil pipeline.", "THREATEN", "violence"),
    # PROTEST
    (
        "Thousands of people demonstrated in Tbilisi against the foreign agents law.",
        "PROTEST",
        "demo",
    ),
    ("Inmates rioted at a prison in Guayaquil.", "PROTEST", "riot"),
    ("Railway workers went on strike across France.", "PROTEST", "strike"),
    ("Dockworkers struck for higher wages at three ports.", "PROTEST", "strike"),
    ("The jailed activist began a hunger strike in prison.", "PROTEST", "hunger"),
    ("Opposition parties boycotted the parliamentary election.", "PROTEST", "boycott"),
    ("Farmers blocked highways with tractors near Brussels.", "PROTEST", "obstruct"),
    # SANCTION
    ("A Paris court fined the bank 4.5 billion euros for money laundering.", "SANCTION", "convict"),
    ("Moscow expelled ten German diplomats.", "SANCTION", "expel"),
    ("Niger recalled its ambassador from Paris.", "SANCTION", "withdraw"),
    ("The Netherlands suspended military aid to Israel.", "SANCTION", "discontinue"),
    # MOBILIZE
    ("Russia massed troops near the Ukrainian border.", "MOBILIZE", "troops"),
    ("North Korea test-fired two ballistic missiles into the sea.", "MOBILIZE", "weapons"),
    ("Russia deployed nuclear-capable missiles to Belarus.", "MOBILIZE", "weapons"),
    ("Authorities deployed thousands of riot police in central Nairobi.", "MOBILIZE", "police"),
    ("The ruling party mobilised militias ahead of the vote.", "MOBILIZE", "militia"),
    # COERCE
    ("Rebels seized the town of Bunagana.", "COERCE", "seize"),
    ("Authorities imposed travel restrictions on opposition leaders.", "COERCE", "restrict"),
    ("The military government banned the main opposition party.", "COERCE", "ban"),
    ("The government shut down two independent newspapers.", "COERCE", "censor"),
    ("Authorities blocked access to Facebook and Telegram.", "COERCE", "censor"),
    ("Authorities imposed a nighttime curfew in Dhaka.", "COERCE", "curfew"),
    ("The president declared martial law on Tuesday night.", "COERCE", "martial-law"),
    ("Police arrested 30 protesters in Istanbul.", "COERCE", "arrest"),
    ("Britain deported 50 migrants to Albania.", "COERCE", "deport"),
    ("Israel cut off electricity to Gaza.", "COERCE", "withhold"),
    (
        "State media spread disinformation about the opposition candidate.",
        "COERCE",
        "misinformation",
    ),
    ("Hackers linked to Russia hacked the email accounts of German lawmakers.", "COERCE", "cyber"),
    ("A cyberattack crippled the port's computer systems.", "COERCE", "cyber"),
    # ASSAULT
    ("Gunmen kidnapped 30 schoolchildren in Kaduna state.", "ASSAULT", "abduct"),
    ("Police beat protesters with batons.", "ASSAULT", "beat"),
    ("Security forces tortured detainees at the facility.", "ASSAULT", "torture"),
    ("Iran executed three men convicted over the protests.", "ASSAULT", "execute"),
    ("Soldiers raped women in the village.", "ASSAULT", "sexual"),
    ("Gunmen assassinated the mayor of Acapulco.", "ASSAULT", "assassinate"),
    ("Militants torched a school in northern Burkina Faso.", "ASSAULT", "destroy"),
    ("Herders killed 12 villagers with machetes.", "ASSAULT", "primitive"),
    ("A man stabbed three people at a train station.", "ASSAULT", "primitive"),
    ("Gunmen opened fire on worshippers at a mosque.", "ASSAULT", "firearms"),
    ("Soldiers shot dead two protesters in Mandalay.", "ASSAULT", "firearms"),
    ("A car bomb exploded near a police station in Mogadishu.", "ASSAULT", "explosives"),
    ("A suicide bomber killed 20 people at a checkpoint.", "ASSAULT", "suicide-attack"),
    ("Israeli warplanes carried out airstrikes on Rafah.", "ASSAULT", "aerial"),
    ("A Ukrainian drone strike hit an oil refinery in Russia.", "ASSAULT", "drone"),
    ("Russian artillery shelled Kharkiv overnight.", "ASSAULT", "heavy-weapons"),
    ("Police fired tear gas at protesters in Nairobi.", "ASSAULT", "crowd-control"),
    ("Riot police used water cannon against the crowd in Tbilisi.", "ASSAULT", "crowd-control"),
    ("Militias carried out ethnic cleansing in West Darfur.", "ASSAULT", "cleansing"),
    ("Soldiers massacred dozens of villagers.", "ASSAULT", "massacre"),
    (
        "Government forces used chemical weapons against civilians in Ghouta.",
        "ASSAULT",
        "unconventional",
    ),
    ("Army troops clashed with rebels near Goma.", "ASSAULT", "sideAB"),
]

# (sentence, PLOVER type it must not have): the other senses of ambiguous trigger words.
NEGATIVES: list[tuple[str, str]] = [
    ("Messi struck twice as Barcelona beat Sevilla.", "ASSAULT"),
    ("The two companies struck a deal to merge their chip units.", "PROTEST"),
    ("The two companies struck a deal to merge their chip units.", "ASSAULT"),
    ("The board fired the chief executive after the accounting scandal.", "ASSAULT"),
    ("The utility fired up its new gas turbine in May.", "ASSAULT"),
    ("Shares of Acme shot up 12 percent in early trading.", "ASSAULT"),
    ("The director shot the film in Morocco last year.", "ASSAULT"),
    ("The company executed a share buyback worth $2 billion.", "ASSAULT"),
    ("The bank executed the trade for its client.", "ASSAULT"),
    ("Regulators blocked the merger of the two airlines.", "PROTEST"),
    ("The firm tested a new vaccine on volunteers.", "MOBILIZE"),
    ("The company deployed new software across its offices.", "MOBILIZE"),
    ("The virus spread to three more provinces.", "COERCE"),
    ("Officials cut interest rates by half a point.", "COERCE"),
    ("Prices rallied after the report.", "PROTEST"),
]


def coded(events_of, text: str) -> list[tuple[str, str | None]]:
    return [(e["plover"], e["mode"]) for e in events_of(text)]


@pytest.mark.parametrize(("text", "plover", "mode"), CASES)
def test_sentence_is_coded_to_its_type_and_mode(events_of, text, plover, mode):
    events = coded(events_of, text)
    assert any(p == plover and (mode is None or m == mode) for p, m in events), events


@pytest.mark.parametrize(("text", "plover"), NEGATIVES)
def test_other_senses_of_a_trigger_are_not_coded(events_of, text, plover):
    assert plover not in [p for p, _ in coded(events_of, text)]


def test_cases_cover_every_type_and_mode():
    for plover, modes in MODES.items():
        assert sum(p == plover for _, p, _ in CASES) >= 3, plover
        for mode in modes:
            assert (plover, mode) in {(p, m) for _, p, m in CASES}, (plover, mode)


def test_every_type_and_mode_has_a_pattern(monkeypatch):
    """dossier's own patterns (PETRARCH's verb dictionary switched off) cover every PLOVER 2.0
    type and mode, and use no mode PLOVER 2.0 does not list for the type."""
    monkeypatch.setenv("DOSSIER_DICTIONARIES", "none")
    patterns = [p for group in EventLexicon.load().patterns.values() for p in group]
    found = {(p.plover, p.mode) for p in patterns if p.plover}
    for plover, modes in MODES.items():
        assert any(p == plover for p, _ in found), plover
        for mode in modes:
            assert (plover, mode) in found, (plover, mode)
    unknown = {(p, m) for p, m in found if m is not None and m not in MODES.get(p, ())}
    assert not unknown, unknown
