"""Which triggers report a sentence's event and which only set its scene.

A news sentence reports one act or a few; other event words in it describe the people and things
it is about, or say when and under what condition the act happens. They are not events of their
own (all rules over the spaCy parse; the words are data in ``event_lexicon.json``):

- **background clauses**: relative clauses and participle modifiers of a noun ("rebels *who
  attacked* the town", "a guard *involved in* a shooting", "inspectors *probing* sites"; not one
  that names who acts or when: "hostages *held by* rebels", "the pact *signed* on March 13"),
  adverbial clauses and phrases that give a time, cause or condition ("resigned *as* the
  opposition threatened ...", "will boycott *unless* the president agrees ...", "*after* days of
  fighting"), and what a participle of saying adds ("refused to meet him, *saying* he would
  ...");
- **prevented acts**: the object of a verb of prevention ("to forestall more *violence*");
- **participants**: a noun that names people by what they do ("demonstrators", "rioters") is a
  protest only where the people act; as the object of another act ("disperse demonstrators",
  "fired at protesters") they are its target, and the act is the event;
- **acts as subjects**: a verb that heads a clausal subject ("*removing* the sanctions is out of
  the question") names the act as a topic;
- **things that cannot act**: a verb whose subject is a measure or a force of nature is in
  another sense ("profits *declined*", "the weather *allowed* pests to survive"), and so is a
  cooperative verb whose subject is a product or program ("the software *allows* users to ...");
- **trade**: a cooperative act whose object is a security, a commodity, a price or a product is
  business, not an act between actors ("*offered* 150 mln dlrs of notes", "the FDA *approved*
  the drug", "*invests* in stock exchanges"), unless it goes to a country or is aid ("*supply*
  wheat to Egypt", "*offered* grain as food aid");
- **wanting for oneself**: "seek" or "want" with only a to-infinitive of the subject's own act
  ("will *seek* to sell its unit") is an intent, not a request to another;
- **past events and topics**: a noun dated to the past ("last week's *arrest*", "the 1994
  *genocide*") or the topic of a non-event noun ("a report on the *attack*").

A background trigger is dropped only where its sentence reports an event outside the background,
so a sentence that reports nothing else keeps it; the others always go
(``event_triggers.set_scene``).
Whether "demonstrators" as a target should also give the protesters' own PROTEST is a choice: the
PLOVER gold codes the police act alone, and so does dossier.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from dossier.extract.event_patterns import EventLexicon

# Dependencies that keep a noun inside the object of a verb ("forestall more *violence*").
OBJECT_LINKS = {"dobj", "pobj", "prep", "pcomp", "compound", "amod", "nmod", "conj", "cc"}
# Dependencies of what a trigger does not govern: its subject and clauses of their own.
NOT_GOVERNED = {"nsubj", "csubj", "expl", "advcl", "relcl", "parataxis", "conj"}


def is_content_clause(token: Token) -> bool:
    """Whether ``token`` heads a clause that is the content of the noun it modifies: "a demand
    *that* they grant", "an offer *to* host" (not a relative or participle clause)."""
    if token.dep_ != "acl":
        return False
    return any(
        (c.dep_ == "aux" and c.lower_ == "to") or (c.dep_ == "mark" and c.lower_ == "that")
        for c in token.children
    )


def background(token: Token, lex: EventLexicon) -> str | None:
    """Why ``token`` only sets the scene: a past event or a topic (:func:`past_or_topic`), in a
    background clause ("relative", "participle", "adverbial", "saying"), or None when it is not:
    the first such clause on its way up to the root."""
    node = token
    why = past_or_topic(token, lex)
    if why:
        return why
    for _ in range(30):
        if node.head.i == node.i:
            return None
        dep = node.dep_
        if dep == "relcl":
            return "relative"
        if dep == "acl" and node.tag_ in ("VBN", "VBG") and not _reports_act(node, lex):
            return "participle"
        if dep in ("pobj", "pcomp") and node.head.lower_ in lex.word("background_preps"):
            return "adverbial"
        if dep == "advcl" and _scene_mark(node, lex):
            return "adverbial"
        if node is not token and dep == "advcl" and _saying(node, lex):
            return "saying"
        node = node.head
    return None


def subject_heads(token: Token) -> list[Token]:
    """Who does what a trigger names: the subject of a verb, the "by" agent of a passive, the
    subject of the verb it is conjoined with or the complement of ("jets bombed and *strafed*",
    "began to *shell*", "is *ready*"), the possessor of a noun ("Israel's *strike*")."""
    if token.pos_ == "NOUN":
        return [c for c in token.children if c.dep_ == "poss"]
    node = token
    for _ in range(3):
        heads = [c for c in node.children if c.dep_ == "nsubj"]
        heads += [g for c in node.children if c.dep_ == "agent" for g in c.children]
        if heads or node.dep_ not in ("conj", "xcomp", "acomp"):
            return heads
        node = node.head
    return []


def inert(token: Token, lex: EventLexicon) -> bool:
    """Whether a verb or adjective trigger has a subject that cannot act: a measure, a market,
    a force of nature ("profits declined", "weather allowed", "inflation could help")."""
    if token.pos_ not in ("VERB", "ADJ"):
        return False
    words = lex.word("inert_subjects")
    return any(_lemma_in(h, words) for h in subject_heads(token))


def by_thing(token: Token, lex: EventLexicon) -> bool:
    """Whether a trigger's subject is a product, program or instrument (``thing_subjects``):
    "the software *allows* users to ...", "each warrant *allows* the purchase of a share"; the
    caller applies it to cooperative types, which such things do not do to anyone."""
    words = lex.word("thing_subjects")
    return any(_lemma_in(h, words) for h in subject_heads(token))


def commercial(token: Token, lex: EventLexicon) -> bool:
    """Whether a trigger's direct object is a security, commodity, price or product
    (``commercial_objects``: the object or what it is "of": "150 mln dlrs *of* notes",
    "invests in *stock* exchanges") and nothing in its phrase makes it a transfer to a country
    or aid ("*to Egypt*", "as food *aid*"): business, not an act between actors (the caller
    applies it to cooperative types)."""
    goods = lex.word("commercial_objects")
    objects = list(trade_objects(token, lex.word("invest_verbs")))
    if not any(_lemma_in(t, goods) for t in objects):
        return False
    aid = lex.word("commercial_recipient_words")
    for node in scope_of(token):
        if node.ent_type_ in ("GPE", "NORP") and node.dep_ in ("pobj", "dative"):
            return False
        if _lemma_in(node, aid):
            return False
    return True


def trade_objects(token: Token, invest: frozenset[str]) -> Iterator[Token]:
    """The direct object of a trigger (also the subject of a passive, the noun a participle
    modifies, what it is invested "in": a trigger whose lemma is in ``invest``), with what that
    object is "of" and its compounds."""
    heads = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    heads += [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for g in c.children
        if g.dep_ == "pobj" and token.lemma_.lower() in invest
    ]
    if token.dep_ in ("acl", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
        heads.append(token.head)
    for head in heads:
        yield head
        for child in head.children:
            if child.dep_ == "compound" and head.dep_ == "pobj":
                yield child  # "invests in *stock* exchanges", not "a *loan* agreement"
            elif child.dep_ == "prep" and child.lower_ == "of":
                yield from (g for g in child.children if g.dep_ == "pobj")


def scope_of(token: Token) -> Iterator[Token]:
    """The words a trigger governs, without its subject and other clauses."""
    for child in token.children:
        if child.dep_ not in NOT_GOVERNED:
            yield from child.subtree


def self_intent(token: Token, lex: EventLexicon) -> bool:
    """Whether a verb of wanting ("seek", "want") has only a to-infinitive of its subject's own
    act and nobody it asks: "will *seek* to sell its unit", "*wants* to expand" (an intent, not a
    request); "*wants* Iraq to withdraw" and "*sought* talks" are requests."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lex.word("self_intent_verbs"):
        return False
    kids = list(token.children)
    if any(c.dep_ in ("dobj", "ccomp", "dative") for c in kids):
        return False
    return any(
        c.dep_ == "xcomp" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for c in kids
    )


def _lemma_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.lower_ in words


def clausal_subject(token: Token) -> bool:
    """Whether a verb trigger heads the clausal subject of another verb: an act named as what
    is talked about, not done ("*removing* the sanctions is out of the question")."""
    return token.pos_ == "VERB" and token.dep_ in ("csubj", "csubjpass")


def past_or_topic(token: Token, lex: EventLexicon) -> str | None:
    """Why a noun trigger is background: "past" where it is dated to the past ("last week's
    arrest", "the 1994 genocide", "the previous attack"), "topic" where it is what a non-event
    noun is about ("a report on the attack"); else None."""
    if token.pos_ != "NOUN":
        return None
    past = lex.word("past_modifiers")
    for child in token.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod", "nummod", "npadvmod") and (
            child.ent_type_ == "DATE" or child.lemma_.lower() in past
        ):
            return "past"
    prep = token.head
    if (
        token.dep_ == "pobj"
        and prep.lower_ in lex.word("topic_preps")
        and prep.head.pos_ == "NOUN"
        and (prep.head.lemma_.lower(), "NOUN") not in lex.patterns
    ):
        return "topic"
    return None


def _reports_act(clause: Token, lex: EventLexicon) -> bool:
    """A noun's content clause, or a participle that names who acts or when ("hostages *held
    by* rebels", "the agreement *signed* in Havana on March 13"): a report of an act, not a
    description of the noun; a date in the past ("a peace deal *signed last week*") names an
    earlier act the sentence only recalls."""
    if is_content_clause(clause):
        return True
    past = lex.word("past_modifiers")
    for child in clause.children:
        if child.dep_ == "agent" and clause.tag_ == "VBN":
            return True
        dates = [child] if child.dep_ == "npadvmod" and child.ent_type_ == "DATE" else []
        if child.dep_ == "prep":
            dates = [g for g in child.children if g.ent_type_ == "DATE"]
        if any(not any(t.lower_ in past for t in d.subtree) for d in dates):
            return True
    return False


def _scene_mark(clause: Token, lex: EventLexicon) -> bool:
    """An adverbial clause opened by a word of time, cause or condition ("after", "if")."""
    marks = lex.word("scene_marks")
    return any(c.dep_ == "mark" and c.lower_ in marks for c in clause.children)


def _saying(clause: Token, lex: EventLexicon) -> bool:
    """A participle of a statement verb that elaborates on its clause: ", saying ..."."""
    if clause.tag_ != "VBG":
        return False
    patterns = lex.patterns.get((clause.lemma_.lower(), "VERB"))
    return bool(patterns) and all(p.is_statement for p in patterns)


def prevented(token: Token, lex: EventLexicon) -> bool:
    """Whether ``token`` is the object of a verb of prevention: "to forestall more violence",
    "prevent attacks", "stop them from fighting" (what is prevented does not happen)."""
    words = lex.word("prevent_verbs")
    node = token
    for _ in range(6):
        if node.head.i == node.i or node.dep_ not in OBJECT_LINKS:
            return False
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.lemma_.lower() in words:
            return True
    return False


def participant(token: Token, lex: EventLexicon) -> bool:
    """Whether ``token`` names people by their act ("demonstrators") as the object or target of
    a verb, not as its subject: "police dispersed demonstrators", "fired at protesters", also
    as the possessor or "from" phrase of one ("met the protesters' demands", "bowed to pressure
    from protesters")."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in lex.word("participant_nouns"):
        return False
    node = token
    for _ in range(4):  # up through possessors and nouns: "agreed to the protesters' demands"
        if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent", "dative"):
            node = node.head
        if node.dep_ == "poss" or (node.dep_ == "prep" and node.head.pos_ == "NOUN"):
            node = node.head  # "bowed to pressure from protesters"
            continue
        break
    return node.dep_ in ("dobj", "dative", "prep", "agent", "nsubjpass") and node.head.pos_ in (
        "VERB",
        "AUX",
    )
