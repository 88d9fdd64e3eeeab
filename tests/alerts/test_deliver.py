"""Delivery: the Atom feed (read back with feedparser), signed webhooks with retries, stdout.

Alerts come from a ``claim-by`` rule over claims written straight into the store; the webhook
receiver is pytest-httpserver on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json

import feedparser
import pytest
from werkzeug import Response

from dossier.alerts import add_rule, check_alerts, list_alerts, parse_when
from dossier.alerts.changes import Alert
from dossier.alerts.deliver import (
    ID_HEADER,
    SIGNATURE_HEADER,
    WebhookConfig,
    atom_feed,
    pending,
    render_feed,
)
from dossier.alerts.rules import make_rule
from dossier.errors import NotFoundError
from dossier.model import Claim, Document, Extraction, Source, Span, content_hash
from dossier.store import Store, open_store

FAST = WebhookConfig(timeout=5, attempts=3, backoff=0.01)
SECRET = "hook-secret"


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "deliver.db") as s:
        yield s


def said(store: Store, who: str, what: str, outlet: str = "Indus Wire") -> str:
    """Store an article in which ``who`` says ``what``; the claim's id."""
    text = f"{who} said {what}."
    doc_id = content_hash(text)
    claim = Claim(
        id=f"clm_{doc_id}",
        kind="indirect",
        source=Source(text=who, start=0, end=len(who)),
        cue=Span(text="said", start=len(who) + 1, end=len(who) + 5),
        content=Span(text=what, start=len(who) + 6, end=len(text) - 1),
    )
    doc = Document(
        id=doc_id, outlet=outlet, title=f"{who} speaks", published="2026-04-14", text=text
    )
    assert store.add(Extraction(document=doc, claims=[claim]))
    return claim.id


def signature(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_the_feed_is_valid_atom_with_one_entry_per_alert(store):
    rule = parse_when("claim-by source=Baloch", name="baloch")
    add_rule(store, rule)
    empty = feedparser.parse(atom_feed(store, "baloch", base_url="http://127.0.0.1:8000/"))
    assert not empty.bozo and empty.version == "atom10" and empty.entries == []
    assert empty.feed.title == "dossier alerts: baloch" and empty.feed.updated
    first = said(store, "Imran Baloch", "two men were arrested")
    said(store, "A resident", "the market burned")
    second = said(store, "Officer Baloch", "the market is closed")
    fired = check_alerts(store)
    assert sorted(a.payload["claim"] for a in fired) == sorted([first, second])
    parsed = feedparser.parse(atom_feed(store, "baloch", base_url="http://127.0.0.1:8000/"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    feed = parsed.feed
    assert feed.id.startswith("urn:uuid:") and feed.subtitle == "claim-by source=Baloch"
    assert any(
        link.rel == "self" and link.href.endswith("/alerts/baloch.atom") for link in feed.links
    )
    assert len(parsed.entries) == 2
    for entry in parsed.entries:
        assert entry.id.startswith("urn:uuid:")
        assert entry.link.startswith("http://127.0.0.1:8000/articles/")
        assert "Baloch" in entry.title and entry.summary and entry.updated_parsed
    assert len({e.id for e in parsed.entries}) == 2
    with pytest.raises(NotFoundError):
        atom_feed(store, "nope")


def test_feed_text_is_escaped(store):
    rule = make_rule("esc", "claim-by", {"source": "Ali"})
    alerts = [
        Alert(
            "a" * 32,
            "esc",
            "2026-04-14T10:00:00+00:00",
            "Ali <b>said</b> & left",
            "x < y",
            "/articles/d1",
            {},
            {},
        )
    ]
    parsed = feedparser.parse(render_feed(rule, alerts, base_url="http://h/"))
    assert not parsed.bozo
    assert parsed.entries[0].title == "Ali <b>said</b> & left"
    assert parsed.entries[0].link == "http://h/articles/d1"


def test_webhook_posts_signed_json_once(store, httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    rule = parse_when(
        "claim-by source=Baloch", name="hooked", webhook=httpserver.url_for("/hook"), secret=SECRET
    )
    add_rule(store, rule)
    claim = said(store, "Imran Baloch", "two men were arrested")
    out = io.StringIO()
    fired = check_alerts(store, out=out, webhook=FAST)
    assert len(fired) == 1 and fired[0].delivered["webhook"]["ok"] is True
    assert out.getvalue().count("\n") == 1 and "hooked: Imran Baloch said" in out.getvalue()
    ((request, _),) = httpserver.log
    body = request.get_data()
    assert request.headers[SIGNATURE_HEADER] == signature(body)
    assert request.headers[ID_HEADER] == fired[0].id
    assert request.headers["Content-Type"] == "application/json"
    data = json.loads(body)
    assert data["id"] == fired[0].id and data["rule"] == "hooked" and data["when"] == "claim-by"
    assert data["change"]["claim"] == claim and "members" not in data["change"]
    assert check_alerts(store, webhook=FAST) == []
    assert len(httpserver.log) == 1


def test_webhook_is_retried_then_recorded(store, httpserver):
    httpserver.expect_oneshot_request("/hook").respond_with_data("busy", status=503)
    httpserver.expect_request("/hook").respond_with_data("ok")
    rule = parse_when("claim-by source=Baloch", name="retry", webhook=httpserver.url_for("/hook"))
    add_rule(store, rule)
    said(store, "Imran Baloch", "two men were arrested")
    (alert,) = check_alerts(store, webhook=FAST)
    result = alert.delivered["webhook"]
    assert (result["ok"], result["attempts"], result["status"]) == (True, 2, 200)
    assert SIGNATURE_HEADER not in httpserver.log[0][0].headers  # no secret, no signature
    stored = list_alerts(store, "retry")[0].delivered["webhook"]
    assert stored["ok"] is True and stored["attempts"] == 2


def test_a_failed_webhook_waits_for_the_next_check_and_is_never_doubled(store, httpserver):
    state = {"up": False}

    def handler(request):
        return Response("ok" if state["up"] else "down", status=200 if state["up"] else 500)

    httpserver.expect_request("/hook").respond_with_handler(handler)
    rule = parse_when("claim-by source=Baloch", name="flaky", webhook=httpserver.url_for("/hook"))
    add_rule(store, rule)
    said(store, "Imran Baloch", "two men were arrested")
    said(store, "Officer Baloch", "the market is closed")
    fired = check_alerts(store, webhook=FAST)
    assert len(fired) == 2
    # The first alert failed every attempt; the second was not tried (the receiver is down).
    assert len(httpserver.log) == FAST.attempts
    assert [a.delivered["webhook"]["ok"] for a in fired] == [False, False]
    assert len(pending(store, "flaky")) == 2
    state["up"] = True
    assert check_alerts(store, webhook=FAST) == []  # nothing new fires ...
    assert pending(store, "flaky") == []  # ... but both are delivered now
    ok_ids = [r.headers[ID_HEADER] for r, resp in httpserver.log if resp.status_code == 200]
    assert sorted(ok_ids) == sorted(a.id for a in fired)
    attempts = sorted(a.delivered["webhook"]["attempts"] for a in list_alerts(store, "flaky"))
    assert attempts == [1, FAST.attempts + 1]  # the one that failed, then the one that waited
    check_alerts(store, webhook=FAST)
    assert len([1 for _, resp in httpserver.log if resp.status_code == 200]) == 2


def test_no_deliver_records_and_a_later_check_posts(store, httpserver):
    httpserver.expect_request("/hook").respond_with_data("ok")
    rule = parse_when("claim-by source=Baloch", name="later", webhook=httpserver.url_for("/hook"))
    add_rule(store, rule)
    said(store, "Imran Baloch", "two men were arrested")
    assert len(check_alerts(store, deliver=False)) == 1
    assert len(httpserver.log) == 0 and len(pending(store, "later")) == 1
    assert check_alerts(store, webhook=FAST) == []
    assert len(httpserver.log) == 1 and pending(store, "later") == []


def test_the_secret_can_come_from_the_environment(store, httpserver, monkeypatch):
    httpserver.expect_request("/hook").respond_with_data("ok")
    monkeypatch.setenv("ALERT_TEST_SECRET", "from-env")
    rule = make_rule(
        "env",
        "claim-by",
        {"source": "Baloch"},
        webhook=httpserver.url_for("/hook"),
        secret_env="ALERT_TEST_SECRET",
    )
    add_rule(store, rule)
    said(store, "Imran Baloch", "two men were arrested")
    check_alerts(store, webhook=FAST)
    ((request, _),) = httpserver.log
    assert request.headers[SIGNATURE_HEADER] == signature(request.get_data(), "from-env")
    assert "from-env" not in json.dumps(list_alerts(store, "env")[0].payload)


def test_an_unreachable_webhook_is_recorded_as_failed(store):
    rule = parse_when("claim-by source=Baloch", name="gone", webhook="http://127.0.0.1:9/hook")
    add_rule(store, rule)
    said(store, "Imran Baloch", "two men were arrested")
    (alert,) = check_alerts(store, webhook=WebhookConfig(timeout=2, attempts=2, backoff=0.01))
    result = alert.delivered["webhook"]
    assert result["ok"] is False and result["attempts"] == 2 and result["status"] is None
    assert result["error"]
