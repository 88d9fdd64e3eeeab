"""A story told over five steps, checked for exactly the alerts it should fire.

Invented articles: a bomb attack on a market in Quetta, Pakistan. Step 1, a wire gives 10 dead
(police); step 2, a second outlet gives 10 too (hospital officials): a ledger of two entries
and a story; step 3, a third outlet gives 40 (residents): the ledger gets an entry, becomes
contested, and its figure moves (4 times the 10 before), and the ledger's id changes (a figure
with a smaller id joined); step 4, a fourth gives 45 (a new entry, no move); step 5, an
unrelated Thai budget vote. After each step the articles are linked and the alerts checked;
the feeds (read with feedparser) and a webhook receiver (pytest-httpserver) must hold exactly
the expected alerts, none twice, also when the store is opened again and checked again.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from collections import Counter
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient

from dossier import pipeline
from dossier.alerts import add_rule, check_alerts, list_alerts, parse_when
from dossier.alerts.deliver import ID_HEADER, SIGNATURE_HEADER, WebhookConfig
from dossier.api.app import create_app
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.link.ledgers import list_ledgers
from dossier.store import open_store

SECRET = "test-secret-3f9a"
BASE = "http://127.0.0.1"
"""Where the test client says the server is (a loopback name the server answers to)."""

ARTICLES = {
    "a1": """---
title: Bomb attack on Quetta market kills 10
published: 2026-04-14
outlet: Indus Wire
---
QUETTA, Pakistan (Indus Wire) - A bomb exploded in a crowded market in the Pakistani city of \
Quetta on Tuesday, killing 10 people, police said.

Police officer Imran Baloch said the bomb had been hidden in a motorcycle parked near a fruit \
stall. No group has claimed the attack so far.
""",
    "a2": """---
title: Quetta market blast kills ten
published: 2026-04-14
outlet: Karachi Courier
---
QUETTA - Hospital officials said 10 people were killed when a bomb went off in a busy market \
in Quetta on Tuesday.

Doctors at the city's civil hospital said dozens of wounded people had been brought in after \
the blast near the fruit stalls. Police officer Imran Baloch said the bomb was planted on a \
motorcycle.
""",
    "a3": """---
title: Residents say 40 dead in Quetta bombing
published: 2026-04-15
outlet: Frontier Post Daily
---
QUETTA - Residents of Quetta said on Wednesday that 40 people were killed in Tuesday's bomb \
attack on the city's main market, far more than officials have said.

Police officer Imran Baloch said investigators had arrested two men in connection with the \
bombing of the market.
""",
    "a4": """---
title: Quetta bombing death toll reaches 45, provincial officials say
published: 2026-04-15
outlet: Balochistan Times
---
QUETTA - Provincial health officials said on Wednesday that 45 people were killed in the bomb \
attack on a market in Quetta on Tuesday.

Police officer Imran Baloch said the market would stay closed until Friday.
""",
    "a5": """---
title: Thai parliament approves record budget
published: 2026-04-15
outlet: Bangkok Ledger
---
BANGKOK - Thailand's parliament approved a budget of 3.8 trillion baht for the next fiscal \
year on Wednesday, the largest in the country's history.

The finance minister said the budget would fund new rail lines. Opposition lawmakers said \
spending on the military was too high.
""",
}

RULES = {
    "toll-entries": "ledger-entry country=PAK measure_class=killed",
    "toll-contested": "ledger-contested text=killed",
    "toll-moves": "figure-moves factor=1.5",
    "quetta-story": "story-matches plover=ASSAULT country=PAK",
    "baloch": "claim-by source='Imran Baloch'",
    "thai-story": "story-matches country=THA",
}

# Alerts each step must fire, by rule (rules added on the empty store before step 1).
EXPECTED = {
    "a1": {"baloch": 1},
    "a2": {"toll-entries": 2, "quetta-story": 1, "baloch": 1},
    "a3": {"toll-entries": 1, "toll-contested": 1, "toll-moves": 1, "baloch": 1},
    "a4": {"toll-entries": 1, "baloch": 1},
    "a5": {},
}
LATE = {"late-entries": "ledger-entry text=killed", "late-backfill": "ledger-entry text=killed"}
"""Rules added after step 2: the first only for what comes next, the second with --backfill."""
EXPECTED_LATE = {
    "a3": {"late-entries": 1, "late-backfill": 3},
    "a4": {"late-entries": 1, "late-backfill": 1},
}


def _step(store, nlp, folder: Path, name: str) -> None:
    path = folder / f"{name}.txt"
    path.write_text(ARTICLES[name], encoding="utf-8")
    summary = pipeline.add(store, nlp, read_paths([path]))
    assert summary.added and not summary.failed
    link_all(store)


def _feed(client: TestClient, rule: str):
    response = client.get(f"/alerts/{rule}.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def _posts(httpserver) -> list[tuple[str, dict]]:
    """The webhook posts received: (alert id, body), each signature checked."""
    found = []
    for request, _response in httpserver.log:
        body = request.get_data()
        expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(request.headers[SIGNATURE_HEADER], expected)
        found.append((request.headers[ID_HEADER], json.loads(body)))
    return found


def test_a_story_told_in_steps_fires_each_alert_once(nlp, tmp_path, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    hook = httpserver.url_for("/hook")
    db = tmp_path / "alerts.db"
    fast = WebhookConfig(timeout=5, attempts=2, backoff=0.01)
    fired: Counter[str] = Counter()
    lines: list[str] = []
    with open_store(db) as store:
        for name, when in RULES.items():
            webhook = hook if name != "thai-story" else None
            rule = parse_when(when, name=name, webhook=webhook, secret=webhook and SECRET)
            assert add_rule(store, rule) == 0  # an empty store: nothing set aside
        for step in ARTICLES:
            _step(store, nlp, tmp_path, step)
            out = io.StringIO()
            new = check_alerts(store, out=out, webhook=fast)
            got = Counter(a.rule for a in new)
            want = Counter({**EXPECTED[step], **EXPECTED_LATE.get(step, {})})
            assert got == want, f"step {step}"
            assert len(out.getvalue().splitlines()) == len(new)
            lines += out.getvalue().splitlines()
            fired.update(a.id for a in new)
            hooked = [a for a in new if a.rule in RULES and a.rule != "thai-story"]
            assert all(a.delivered["webhook"]["ok"] for a in hooked)
            if step == "a2":
                for name, when in LATE.items():
                    rule = parse_when(when, name=name)
                    seen = add_rule(store, rule, backfill=name == "late-backfill")
                    assert seen == (0 if name == "late-backfill" else 2)
        assert max(fired.values()) == 1  # no alert fired twice
        ledger = next(x for x in list_ledgers(store) if x.subject == "PAK")
        assert sorted(e.low for e in ledger.entries) == [10, 10, 40, 45]

        # The webhook got every alert of the rules that have one, once, signed.
        posts = _posts(httpserver)
        ids = [aid for aid, _ in posts]
        assert len(ids) == len(set(ids))
        with_hook = {a.id for a in _all(store, RULES, skip="thai-story")}
        assert set(ids) == with_hook and with_hook <= set(fired)
        bodies = {aid: body for aid, body in posts}
        moves = [b for b in bodies.values() if b["rule"] == "toll-moves"]
        assert [(m["change"]["low"], m["change"]["direction"]) for m in moves] == [(40, "up")]
        assert all(b["id"] == aid for aid, b in bodies.items())

        # Each feed holds exactly its rule's alerts, linking to pages that exist.
        client = TestClient(create_app(store=store), base_url=BASE)
        expected_total = Counter()
        for counts in [*EXPECTED.values(), *EXPECTED_LATE.values()]:
            expected_total.update(counts)
        for name in [*RULES, *LATE]:
            feed = _feed(client, name)
            assert len(feed.entries) == expected_total[name], name
            assert len({e.id for e in feed.entries}) == len(feed.entries)
            for entry in feed.entries:
                assert entry.title and entry.summary and entry.updated
                path = entry.link.removeprefix(BASE)
                assert path.split("/")[1] in ("ledgers", "stories", "articles")
                assert client.get(path).status_code == 200
        # The step-2 entries fired for a ledger whose id changed at step 3: they link to it now.
        links = {e.link for e in _feed(client, "toll-entries").entries}
        assert links == {f"{BASE}/ledgers/{ledger.id}"}
        story = _feed(client, "quetta-story").entries[0]
        assert "/stories/" in story.link
        assert client.get("/alerts/no-such-rule.atom").status_code == 404
        before = {name: [e.id for e in _feed(client, name).entries] for name in RULES}
        assert len(lines) == sum(expected_total.values())

    # A restart: a new Store on the same file fires nothing and posts nothing again.
    posted = len(httpserver.log)
    with open_store(db) as store:
        again = check_alerts(store, out=io.StringIO(), webhook=fast)
        assert again == []
        assert len(httpserver.log) == posted
        client = TestClient(create_app(store=store), base_url=BASE)
        assert {n: [e.id for e in _feed(client, n).entries] for n in RULES} == before


def _all(store, names, *, skip: str) -> list:
    return [a for n in names if n != skip for a in list_alerts(store, n, limit=None)]


@pytest.mark.parametrize("order", [["a1", "a2", "a3"], ["a3", "a1", "a2"]])
def test_the_move_is_judged_against_what_came_before(nlp, tmp_path, order):
    """40 after 10 and 10 is a move up; 10 after 40 a move down, and then 10 again is inside
    the range 10-40 given before it: no move."""
    with open_store(tmp_path / "order.db") as store:
        add_rule(store, parse_when("figure-moves factor=1.5", name="moves"))
        found = []
        for step in order:
            _step(store, nlp, tmp_path, step)
            found += [a.payload["direction"] for a in check_alerts(store)]
    assert found == (["up"] if order[0] == "a1" else ["down"])
