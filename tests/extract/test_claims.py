"""The claim (attribution) extractor on sentences written for these tests."""

from __future__ import annotations

import pytest

from dossier.extract.claims import claim_records, find_claims, load_lexicon
from dossier.extract.quotes import find_quotes
from dossier.model import Claim


def claims_of(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    return doc._.dossier_claims + doc._.dossier_claims_unsourced


def one(nlp, text: str, cue: str) -> dict:
    found = [c for c in claims_of(nlp, text) if c["cue"]["text"] == cue]
    assert len(found) == 1, [c["cue"]["text"] for c in claims_of(nlp, text)]
    return found[0]


def content_pieces(text: str, claim: dict) -> list[str]:
    parts = claim["content"].get("parts") or [(claim["content"]["start"], claim["content"]["end"])]
    return [text[s:e] for s, e in parts]


# ----------------------------------------------------------------------------- quotations


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        ("“It works,” she said.", ["“It works,”"]),
        ('He said "yes" twice.', ['"yes"']),
        ("It’s ‘fine’ but it's not.", ["‘fine’"]),
        ("“One.\n“Two.”\nThree.", ["“One.\n“Two.”"]),
        ("an “unclosed quote\nand more", []),
        ("", []),
    ],
)
def test_find_quotes(text, quotes):
    assert [text[s:e] for s, e in find_quotes(text)] == quotes


# ----------------------------------------------------------------------------- kinds of cue


def test_direct_quote_source_after(nlp):
    text = "“The plan will fail,” the minister said on Monday."
    claim = one(nlp, text, "said")
    assert claim["kind"] == "direct"
    assert claim["source"]["text"] == "the minister"
    assert claim["content"]["text"] == "“The plan will fail,”"


def test_direct_quote_inverted_source(nlp):
    text = "“We will not give up,” said Maria Lopez, the union leader."
    claim = one(nlp, text, "said")
    assert claim["source"]["text"].startswith("Maria Lopez")
    assert claim["kind"] == "direct"


def test_quote_split_by_the_cue(nlp):
    text = "“The talks are over,” the envoy said, “and nobody will return to the table.”"
    claim = one(nlp, text, "said")
    pieces = content_pieces(text, claim)
    assert pieces == ["“The talks are over,”", "“and nobody will return to the table.”"]
    assert claim["kind"] == "direct"


def test_quote_over_several_sentences(nlp):
    text = "“Prices rose,” the baker said. “Bread is dearer. Flour is scarce.”\n\nRain fell."
    claim = one(nlp, text, "said")
    assert content_pieces(text, claim)[-1] == "“Bread is dearer. Flour is scarce.”"


def test_quote_over_several_paragraphs(nlp):
    text = "The mayor said: “The bridge is closed.\n“It will reopen in May.”\n\nTraffic slowed."
    claim = one(nlp, text, "said:")
    assert claim["content"]["text"] == "“The bridge is closed.\n“It will reopen in May.”"


def test_indirect_speech(nlp):
    text = "The ministry said that the army had withdrawn from the border."
    claim = one(nlp, text, "said")
    assert claim["kind"] == "indirect"
    assert claim["source"]["text"] == "The ministry"
    assert claim["content"]["text"] == "that the army had withdrawn from the border"


def test_mixed_speech(nlp):
    text = "The council indicated that the reform “will cut costs by half” next year."
    claim = one(nlp, text, "indicated")
    assert claim["kind"] == "mixed"
    assert "will cut costs by half" in claim["content"]["text"]


def test_according_to(nlp):
    text = "According to local officials, the dam burst after heavy rain."
    claim = one(nlp, text, "According to")
    assert claim["source"]["text"] == "local officials"
    assert claim["source"]["entity"] is None  # unnamed officials stay unnamed
    assert claim["content"]["text"] == "the dam burst after heavy rain"


def test_participial_cue_shares_the_source(nlp):
    text = "The report criticised the police, accusing officers of ignoring warnings."
    claim = one(nlp, text, "accusing")
    assert claim["source"]["text"] == "The report"
    assert claim["content"]["text"].startswith("officers of ignoring warnings")


def test_cue_keeps_auxiliary_and_adverb(nlp):
    text = "The senator has also said that the bill is dead."
    assert one(nlp, text, "has also said")["content"]["text"] == "that the bill is dead"


# ----------------------------------------------------------------------------- what is not a claim


@pytest.mark.parametrize(
    "text",
    [
        "The army crossed the river at dawn.",
        "Prices rose by five percent in March.",
        "",
        "“”",
    ],
)
def test_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


@pytest.mark.parametrize(
    "text", ["said said said", "“ ” “", "according to", ":", "‘’ “said,” said", "x\n\n\n“a"]
)
def test_odd_input_does_not_crash(nlp, text):
    doc = nlp(text)
    assert isinstance(doc._.dossier_claims, list)
    assert "dossier.errors" not in doc.user_data


def test_no_claim_inside_quoted_speech(nlp):
    text = "“I think the deal is good,” the minister said."
    cues = [c["cue"]["text"] for c in claims_of(nlp, text)]
    assert cues == ["said"]


def test_infinitive_is_not_a_cue_of_its_own(nlp):
    text = "The party wants to say that the vote was rigged."
    cues = [c["cue"]["text"] for c in claims_of(nlp, text)]
    assert "to say" not in cues and "say" not in cues


# ----------------------------------------------------------------------------- modality


@pytest.mark.parametrize(
    ("text", "cue", "modality"),
    [
        ("The agency said that the rebels had seized the town.", "said", "asserted"),
        ("The agency said that the rebels could seize the town.", "said", "hedged"),
        ("The agency said that the rebels would seize the town.", "said", "asserted"),
        ("The agency said that the rebels would have seized the town.", "said", "hedged"),
        ("Witnesses reportedly said that the rebels seized the town.", "reportedly said", "hedged"),
        ("The rebels denied that they had seized the town.", "denied", "denied"),
        ("The rebels claimed that they had seized the town.", "claimed", "hedged"),
        ("Activists alleged that the rebels had seized the town.", "alleged", "hedged"),
        ("The government rejected claims that it had shelled the town.", "rejected", "denied"),
    ],
)
def test_modality(nlp, text, cue, modality):
    assert one(nlp, text, cue)["modality"] == modality


# ----------------------------------------------------------------------------- resolution


def test_pronoun_resolves_to_the_body_it_stands_for(nlp):
    text = (
        "The Foreign Ministry sent its embassies a note in which it denounces that "
        "200 soldiers have crossed the border."
    )
    claim = one(nlp, text, "denounces")
    doc = nlp(text)
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    assert claim["source"]["text"] == "it"
    assert "Foreign Ministry" in names[claim["source"]["entity"]]


def test_person_pronoun(nlp):
    text = "Angela Merkel spoke in Berlin. She said that the euro was safe."
    doc = nlp(text)
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "said")
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    assert names[claim["source"]["entity"]] == "Angela Merkel"


def test_relative_pronoun_resolves_to_its_noun(nlp):
    text = "The World Food Programme, which warned that stocks would run out, asked for $2 billion."
    doc = nlp(text)
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "warned")
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    assert claim["source"]["text"] == "which"  # the span PolNeAR-style annotation marks
    assert "World Food Programme" in names[claim["source"]["entity"]]


def test_anonymity_request_is_not_a_claim(nlp):
    text = "A senior army officer, who asked not to be identified, said the unit had withdrawn."
    assert [c["cue"]["text"] for c in claims_of(nlp, text)] == ["said"]
    assert "asked not to be identified" in one(nlp, text, "said")["source"]["text"]


def test_document_resolves_to_its_issuer(nlp):
    text = (
        "The US State Department sent its diplomats an internal memorandum on Friday. "
        "“The border is open,” the memo says."
    )
    doc = nlp(text)
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "says")
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    assert claim["source"]["text"] == "the memo"
    assert "State Department" in names[claim["source"]["entity"]]


def test_time_and_place_of_the_claim(nlp):
    text = "Last May, the Red Cross denounced in Geneva that the camps were full."
    doc = nlp(text)
    doc_places = {e["id"]: e["name"] for e in doc._.dossier_entities}
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "denounced")
    assert claim["time"] is not None and claim["time"].endswith("-05")
    assert doc_places[claim["place"]] == "Geneva"


def test_figures_inside_the_content_are_linked(nlp):
    text = "The ministry said that 3,000 soldiers had been sent to the front."
    doc = nlp(text)
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "said")
    figures = doc._.dossier_figures
    inside = [f for f in figures if "3,000" in f["text"]]
    assert inside and inside[0]["id"] in claim["figures"]
    assert inside[0]["claim"] == claim["id"]


# ----------------------------------------------------------------------------- records


def test_repeated_quotation_is_one_claim(nlp):
    """A pull-quote repeating a sentence of the body (punctuation aside) is not a new claim."""
    text = (
        "“The war is lost for good,” the general said.\n"
        "“The war is lost for good” the general said on television."
    )
    found = [c for c in claims_of(nlp, text) if "war is lost" in c["content"]["text"]]
    assert len(found) == 1


def test_records_validate_and_point_into_the_text(nlp):
    text = "“We are ready,” the coach said. According to the club, the stadium is full."
    doc = nlp(text)
    records = claim_records(doc._.dossier_claims)
    assert records and all(isinstance(r, Claim) for r in records)
    for r in records:
        for part in (r.source, r.cue, r.content):
            assert text[part.start : part.end] == part.text


def test_claims_without_source_stay_out_of_the_records(nlp):
    text = "The ministry is expected to announce new sanctions."
    doc = nlp(text)
    assert [c["cue"]["text"] for c in doc._.dossier_claims_unsourced] == ["is expected"]
    assert doc._.dossier_claims == []
    assert claim_records(doc._.dossier_claims_unsourced) == []


def test_ids_are_stable(nlp):
    text = "The ministry said that the army had withdrawn."
    assert [c["id"] for c in claims_of(nlp, text)] == [c["id"] for c in claims_of(nlp, text)]


def test_find_claims_on_a_bare_parse(nlp):
    """Without the other components (no entities, timexes, figures) claims still come out."""
    base = [name for name in nlp.pipe_names if not name.startswith("dossier_")]
    with nlp.select_pipes(enable=base):
        doc = nlp("The ministry said that the army had withdrawn.")
    claims = find_claims(doc, load_lexicon())
    assert [c["cue"]["text"] for c in claims] == ["said"]
    assert claims[0]["source"]["entity"] is None


def test_parenthetical_cue_splits_the_content(nlp):
    text = "The economy, the minister said, is recovering fast."
    claim = one(nlp, text, "said")
    assert content_pieces(text, claim) == ["The economy", "is recovering fast"]
    assert claim["source"]["text"] == "the minister"


def test_raised_subject_belongs_to_the_content(nlp):
    text = "The governor is expected to sign the bill."
    claim = one(nlp, text, "is expected")
    assert claim["source"] is None
    assert content_pieces(text, claim) == ["The governor", "to sign the bill"]


def test_short_repeated_answers_are_separate_claims(nlp):
    text = "“Yes,” the mayor said. “Yes,” the governor said."
    assert len(claims_of(nlp, text)) == 2


# ----------------------------------------------------------------------------- span conventions


def test_as_clause_is_the_content(nlp):
    text = "As the Gazette noted, the mayor raised $2 million from developers."
    claim = one(nlp, text, "noted")
    assert claim["source"]["text"] == "the Gazette"
    assert "the mayor raised $2 million" in claim["content"]["text"]


def test_clause_hung_on_the_medium(nlp):
    # the parser hangs the clause on "statement" here; on "said" the cue stays "said"
    text = "Zoe Lofgren said in a statement that the announcements were important steps."
    claim = one(nlp, text, "said in a statement")
    assert claim["content"]["text"] == "that the announcements were important steps"


def test_subject_keeps_its_relative_clause_not_an_age(nlp):
    text = "Dana Cox, who runs the lobbying arm, said the group would fight the bill."
    assert one(nlp, text, "said")["source"]["text"] == "Dana Cox, who runs the lobbying arm,"
    text = "Mona Reyes, 59, of North Philadelphia, said she liked the new mayor."
    assert one(nlp, text, "said")["source"]["text"] == "Mona Reyes"


def test_nested_cue_is_part_of_the_outer_content(nlp):
    text = "Sanders said he did not think the accord went far enough."
    assert [c["cue"]["text"] for c in claims_of(nlp, text)] == ["said"]


def test_addressee_is_not_content(nlp):
    assert claims_of(nlp, "The senator spoke to reporters outside the hall on Tuesday.") == []


def test_labels_that_name_no_speaker(nlp):
    text = "Editor’s note: The senator regularly misleads voters.\n\nSanders: 1,547\n"
    assert claims_of(nlp, text) == []
    text = "Sanders: Brexit vote could help Trump in the US.\n\nThe rest follows."
    claim = one(nlp, text, ":")
    assert claim["source"]["text"] == "Sanders"


def test_adjective_cue_after_be(nlp):
    text = "The senator was sharply critical of the new trade deal."
    claim = one(nlp, text, "was sharply critical of")
    assert claim["source"]["text"] == "The senator"
    assert claim["content"]["text"] == "the new trade deal"
    assert claims_of(nlp, "The senator was critical.") == []


def test_noun_without_a_that_clause_is_no_cue(nlp):
    text = "The claim was filed in May, and the report he wrote was long."
    assert not [c for c in claims_of(nlp, text) if c["cue"]["text"] in ("claim", "report")]


def test_quotation_signed_with_a_dash(nlp):
    text = (
        "“Mr. Trump scares me. He divides us.” ― Krystal Correa\n“We need jobs.” ― Edwin G. Monroy"
    )
    signed = [c for c in claims_of(nlp, text) if c["cue"]["text"] == "―"]
    assert [(c["source"]["text"], c["content"]["text"]) for c in signed] == [
        ("Krystal Correa", "“Mr. Trump scares me. He divides us.”"),
        ("Edwin G. Monroy", "“We need jobs.”"),
    ]


def test_dash_before_a_clause_signs_nothing(nlp):
    text = "“I love it,” he said — the crowd cheered."
    assert not [c for c in claims_of(nlp, text) if c["cue"]["text"] == "—"]


def test_coordinated_cue_is_a_claim_of_its_own(nlp):
    text = (
        "China said it was resolutely opposed to the test and warned North Korea to refrain "
        "from further provocations."
    )
    said, warned = one(nlp, text, "said"), one(nlp, text, "warned")
    assert said["content"]["text"] == "it was resolutely opposed to the test"
    assert warned["source"]["text"] == "China"
    assert warned["content"]["text"].startswith("North Korea to refrain")


def test_coordinated_non_cue_stays_in_the_content(nlp):
    text = "Trump said he would cut taxes and build a wall."
    assert one(nlp, text, "said")["content"]["text"] == "he would cut taxes and build a wall"


def test_gerund_after_a_denial(nlp):
    text = "The navy denied sinking the fishing boat, calling the reports false."
    claim = one(nlp, text, "denied")
    assert claim["content"]["text"] == "sinking the fishing boat"
    assert claim["modality"] == "denied"


def test_gerund_after_a_verb_of_speech(nlp):
    text = "Residents reported seeing smoke over the harbour on Sunday."
    claim = one(nlp, text, "reported")
    assert claim["source"]["text"] == "Residents"
    assert claim["content"]["text"].startswith("seeing smoke over the harbour")


def test_contrasted_claim_is_not_inside_the_first(nlp):
    text = (
        "Officials said the road had reopened, while the rebels said their fighters still held "
        "the bridge."
    )
    found = sorted((c["source"]["text"], c["content"]["text"]) for c in claims_of(nlp, text))
    assert found == [
        ("Officials", "the road had reopened"),
        ("the rebels", "their fighters still held the bridge"),
    ]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "The ministry says the convoy carried only food, an assertion the army rejects.",
            "rejects",
            "the army",
        ),
        (
            "The militia said it had captured the airport, a claim denied by the government.",
            "denied by",
            "the government",
        ),
    ],
)
def test_rebuttal_in_apposition_is_a_denial(nlp, text, cue, source):
    first, denial = sorted(claims_of(nlp, text), key=lambda c: c["cue"]["start"])
    assert denial["cue"]["text"] == cue and denial["source"]["text"] == source
    assert denial["modality"] == "denied" and first["modality"] == "asserted"
    assert denial["content"]["text"] == first["content"]["text"]
    assert "," not in first["content"]["text"]  # the apposition is not part of what was said


@pytest.mark.parametrize(
    "text",
    [
        "Turnout fell to 40 percent, the report says.",
        "Turnout fell to 40 percent, a report released by the commission says.",
    ],
)
def test_report_after_its_content_is_no_rebuttal(nlp, text):
    (claim,) = claims_of(nlp, text)
    assert claim["content"]["text"] == "Turnout fell to 40 percent"
    assert claim["source"]["text"].lower().startswith(("the report", "a report"))


def test_a_clause_of_its_own_is_no_rebuttal(nlp):
    text = "The mayor promised free buses, a pledge critics say the city cannot afford."
    assert all(
        c["content"]["text"] != "free buses" or c["cue"]["text"] == "promised"
        for c in claims_of(nlp, text)
    )


def test_physical_attack_is_no_claim_a_verbal_one_is(nlp):
    assert claims_of(nlp, "Army units attacked the village at dawn.") == []
    claim = one(nlp, "The candidate attacked her rival over his tax plan.", "attacked")
    assert claim["source"]["text"] == "The candidate"


def test_place_on_a_participle_before_the_cue(nlp):
    text = "Addressing journalists in Nairobi, the minister said the border would reopen."
    doc = nlp(text)
    claim = next(c for c in doc._.dossier_claims if c["cue"]["text"] == "said")
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    assert names[claim["place"]] == "Nairobi"


@pytest.mark.parametrize(
    ("text", "unnamed", "anonymous"),
    [
        ("Two officers, speaking on condition of anonymity, said the road was closed.", True, True),
        ("Three diplomats, who asked not to be identified, said the vote was delayed.", True, True),
        ("A police spokeswoman said the road was closed.", True, False),
        ("Police spokeswoman Maria Lopez said the road was closed.", False, False),
        ("The foreign ministry said the road was closed.", False, False),
        ("A guard, who did not give his name, said the road was closed.", True, True),
    ],
)
def test_unnamed_and_anonymous_sources(nlp, text, unnamed, anonymous):
    source = one(nlp, text, "said")["source"]
    assert (source["unnamed"], source["anonymous"]) == (unnamed, anonymous)


def test_statement_before_a_misparsed_cue(nlp):
    # the parser leaves the clause unattached ("strike" as dep): the statement before the comma
    text = (
        "An Israeli air strike on a school sheltering displaced families in central Gaza killed "
        "at least 22 people, the territory's civil defence agency said on Thursday."
    )
    claim = next(c for c in claims_of(nlp, text) if c["cue"]["text"].startswith("said"))
    assert claim["source"]["text"] == "the territory's civil defence agency"
    assert claim["content"]["text"].endswith("killed at least 22 people")


CASES = [  # (text, cue, source, content), one per rule
    pytest.param(
        "Governor Smith: Taxes Will Not Rise.\n\nThe governor spoke on Friday.",
        ":",
        "Governor Smith",
        "Taxes Will Not Rise",
        id="speaker label",
    ),
    pytest.param(
        "Fact-checkers examined Donald Trump’s claim that crime had doubled in the city.",
        "claim",
        "Donald Trump’s",
        "that crime had doubled in the city",
        id="noun cue with its clause",
    ),
    pytest.param(
        "The governor seemed to mock the new budget plan.",
        "seemed to mock",
        "The governor",
        "the new budget plan",
        id="chain verb joins the cue",
    ),
    pytest.param(
        "“We will win this fight in the courts,” Mr. Coleman said.",
        "said",
        "Mr. Coleman",
        "“We will win this fight in the courts,”",
        id="title before a name ends no sentence",
    ),
    pytest.param(
        "The interior ministry released a statement saying 14 soldiers had died.",
        "released a statement saying",
        "The interior ministry",
        "14 soldiers had died",
        id="statement issued with a participle",
    ),
    pytest.param(  # the parser hangs the clause on "statement" as a relative clause
        "Hamas said in a statement it had fired rockets at an Israeli airbase.",
        "said in a statement",
        "Hamas",
        "it had fired rockets at an Israeli airbase",
        id="clause in a medium without that",
    ),
    pytest.param(
        "The minister said in an interview she gave to the BBC that talks had stalled.",
        "said in an interview she gave to the BBC",
        "The minister",
        "that talks had stalled",
        id="clause describing the medium",
    ),
    pytest.param(
        "The rebels say they shot down 14 aircraft this month, although the claim could not be "
        "independently confirmed.",
        "say",
        "The rebels",
        "they shot down 14 aircraft this month",
        id="outlet's remark on verification",
    ),
    pytest.param(
        "The governor says 300 fighters have surrendered, without providing evidence.",
        "says",
        "The governor",
        "300 fighters have surrendered",
        id="without evidence",
    ),
    pytest.param(
        "Fighting resumed near the airport, the defence ministry said on Friday.",
        "said",
        "the defence ministry",
        "Fighting resumed near the airport",
        id="a day after said",
    ),
    pytest.param(
        "In his letter, the contents of which were released today, the minister said a survey "
        "showed exporters were not cutting prices.",
        "said",
        "the minister",
        "a survey showed exporters were not cutting prices",
        id="of two clauses the one after the cue",
    ),
    pytest.param(
        "The council urged both armies to open a corridor for aid.",
        "urged",
        "The council",
        "both armies to open a corridor for aid",
        id="who is urged",
    ),
    pytest.param(
        "The bishops called on the government to release the prisoners.",
        "called on",
        "The bishops",
        "the government to release the prisoners",
        id="who is called on",
    ),
]


@pytest.mark.parametrize(("text", "cue", "source", "content"), CASES)
def test_source_and_content(nlp, text, cue, source, content):
    claim = one(nlp, text, cue)
    assert (claim["source"]["text"], claim["content"]["text"]) == (source, content)


# ----------------------------------------------------------------------------- pronoun sources


def source_name(nlp, text: str, cue: str) -> str | None:
    doc = nlp(text)
    found = [c for c in doc._.dossier_claims if c["cue"]["text"] == cue]
    assert len(found) == 1, [c["cue"]["text"] for c in doc._.dossier_claims]
    names = {e["id"]: e["name"] for e in doc._.dossier_entities}
    return names.get(found[0]["source"]["entity"])


@pytest.mark.parametrize(
    ("text", "cue", "source", "name"),
    [
        pytest.param(
            "Maria Lopez toured the harbour on Monday. She said the cranes were idle.",
            "said",
            "She",
            "Maria Lopez",
            id="she: a person in the sentence before",
        ),
        pytest.param(
            "Mr. Tomas Berg toured the harbour on Monday. She said the cranes were idle.",
            "said",
            "She",
            None,
            id="she: the only person is titled Mr.",
        ),
        pytest.param(
            "Mrs. Ana Ruiz met Mr. Tomas Berg on Monday. He said the cranes were idle.",
            "said",
            "He",
            "Tomas Berg",
            id="he: skips the nearer woman",
        ),
        pytest.param(
            "The Red Cross sent a convoy to the valley. He said the roads were blocked.",
            "said",
            "He",
            None,
            id="he: no person, a body is no match",
        ),
        pytest.param(
            "Maria Lopez toured the harbour.\nThe wind rose. Boats were tied up. Gulls circled."
            "\nShe said the cranes were idle.",
            "said",
            "She",
            None,
            id="she: too far, three sentences and a paragraph back",
        ),
        pytest.param(
            "“Tomas Berg has the numbers wrong,” he said.",
            "said",
            "he",
            None,
            id="he: not a name inside what he says",
        ),
        pytest.param(
            "Tomas Berg left early. A harbour worker stayed on. He said the cranes were idle.",
            "said",
            "He",
            None,
            id="he: an unnamed subject is nearer",
        ),
        pytest.param(
            "Tomas Berg met the Red Cross on Monday. They said the roads were blocked.",
            "said",
            "They",
            "Red Cross",
            id="they: a body, not the nearer person",
        ),
        pytest.param(
            "Tomas Berg met the Red Cross. Officials arrived later. They said the roads were "
            "blocked.",
            "said",
            "They",
            None,
            id="they: unnamed officials are nearer",
        ),
        pytest.param(
            "Amnesty International visited the camps. It said the tents were flooded.",
            "said",
            "It",
            "Amnesty International",
            id="it: a body",
        ),
        pytest.param(
            "The World Bank cut its forecast. Its estimate shows that growth will slow.",
            "shows",
            "Its estimate",
            "World Bank",
            id="its: possessive on the source's head",
        ),
        pytest.param(
            "Amnesty International counted the dead. Their figures show that 40 people died.",
            "show",
            "Their figures",
            "Amnesty International",
            id="their: possessive on the source's head",
        ),
        pytest.param(
            "Tomas Berg counted the dead. Their figures show that 40 people died.",
            "show",
            "Their figures",
            None,
            id="their: a person is no match",
        ),
    ],
)
def test_pronoun_source_resolves_to_its_antecedent(nlp, text, cue, source, name):
    claim = one(nlp, text, cue)
    assert claim["source"]["text"] == source  # the span stays on the pronoun as written
    assert source_name(nlp, text, cue) == name


# ----------------------------------------------------------------------------- channels


@pytest.mark.parametrize(
    ("text", "cue", "source", "via", "content"),
    [
        pytest.param(
            "A memo seen by Reuters says 300 troops were moved north.",
            "says",
            "A memo",
            "Reuters",
            "300 troops were moved north",
            id="seen by",
        ),
        pytest.param(
            "A letter from the Chilean embassy, seen by Reuters, says the port will close.",
            "says",
            "A letter from the Chilean embassy",
            "Reuters",
            "the port will close",
            id="seen by, after the issuer",
        ),
        pytest.param(
            "A memo that Reuters has seen says the port will close.",
            "says",
            "A memo",
            "Reuters",
            "the port will close",
            id="a relative clause of seeing",
        ),
        pytest.param(
            "According to files obtained by The Times, the fleet lost 12 ships.",
            "According to",
            "files",
            "The Times",
            "the fleet lost 12 ships",
            id="according to ... obtained by",
        ),
        pytest.param(
            "Files given to the Evening Star show that 60 people were held.",
            "show",
            "Files",
            "the Evening Star",
            "that 60 people were held",
            id="given to",
        ),
        pytest.param(
            "The governor told the BBC that the port would reopen.",
            "told",
            "The governor",
            "the BBC",
            "that the port would reopen",
            id="told a broadcaster",
        ),
        pytest.param(
            "Speaking to the Guardian, the governor said the port would reopen.",
            "said",
            "the governor",
            "the Guardian",
            "the port would reopen",
            id="speaking to a newspaper",
        ),
        pytest.param(
            "The Interfax news agency quoted the navy as saying that two ships had sunk.",
            "quoted the navy as saying",
            "the navy",
            "The Interfax news agency",
            "that two ships had sunk",
            id="quoted as saying",
        ),
        pytest.param(
            "The navy was quoted by Interfax as saying that two ships had sunk.",
            "was quoted by Interfax as saying",
            "The navy",
            "Interfax",
            "that two ships had sunk",
            id="passive quoted as saying",
        ),
        pytest.param(
            "The governor said in an interview with CNN that the port would reopen.",
            "said",
            "The governor",
            "CNN",
            "that the port would reopen",
            id="an interview with a broadcaster",
        ),
        pytest.param(
            "“The port will reopen,” the governor said to the radio.",
            "said",
            "the governor",
            None,
            "“The port will reopen,”",
            id="a bare set is no broadcaster",
        ),
        pytest.param(
            "The governor told reporters that the port would reopen.",
            "told",
            "The governor",
            None,
            "that the port would reopen",
            id="reporters are the audience, not a channel",
        ),
        pytest.param(
            "The governor told the press that the port would reopen.",
            "told",
            "The governor",
            None,
            "that the port would reopen",
            id="the press is the audience",
        ),
        pytest.param(
            "The ministry said in a statement that the port would reopen.",
            "said",
            "The ministry",
            None,
            "that the port would reopen",
            id="a statement is the source's own medium",
        ),
        pytest.param(
            "TASS reported that the parliament had ratified the treaty.",
            "reported",
            "TASS",
            None,
            "that the parliament had ratified the treaty",
            id="an agency reporting in its own name is the source",
        ),
        pytest.param(
            "The governor told the council that the port would reopen.",
            "told",
            "The governor",
            None,
            "that the port would reopen",
            id="an audience that is no medium",
        ),
    ],
)
def test_channel_is_the_intermediary(nlp, text, cue, source, via, content):
    claim = one(nlp, text, cue)
    assert (claim["source"]["text"], claim["content"]["text"]) == (source, content)
    got = claim["source"]["via"]
    assert (got and got["text"]) == via
    if got:
        assert text[got["start"] : got["end"]] == via


def test_channel_leaves_the_issuer_as_the_source_entity(nlp):
    text = "A letter from the Chilean embassy, seen by Reuters, says the port will close."
    assert source_name(nlp, text, "says") == "Chilean embassy"
    records = claim_records(nlp(text)._.dossier_claims)
    assert records[0].source.via is not None and records[0].source.via.text == "Reuters"


def test_reported_event_is_the_actor_s_not_the_agency_s(nlp):
    doc = nlp("TASS reported that the parliament had ratified the treaty.")
    events = [e for e in doc._.dossier_events if e["trigger"]["text"] == "ratified"]
    assert events and events[0]["actor1"]["text"] == "the parliament"
