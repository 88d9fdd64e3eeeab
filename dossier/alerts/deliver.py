"""Delivering alerts: an Atom feed per rule, a signed webhook POST, one line on stdout.

:func:`check_alerts` is what ``dossier alert check`` and the watcher call after linking: it
fires every rule (:func:`dossier.alerts.changes.fire`), writes one line per new alert, and posts
every alert whose webhook has not taken it yet, the new ones and those that failed before
(oldest first). A webhook POST carries the alert as JSON, signed with HMAC-SHA256 of the raw
body under the rule's secret (``X-Dossier-Signature: sha256=<hex>``), and the alert's id
(``X-Dossier-Alert-Id``: receivers can drop a repeat); it is tried :attr:`WebhookConfig.attempts`
times with a growing pause, and the outcome is recorded in ``alerts.delivered``. An alert the
webhook took (a 2xx answer) is never posted again. After one alert fails every attempt, the
rule's other pending alerts wait for the next check (the receiver is down).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TextIO

import httpx
from sqlalchemy import select, update

from dossier.alerts.changes import Alert, alert_from_row, fire, list_alerts
from dossier.alerts.rules import Rule, get_rule, list_rules, now
from dossier.store import Store, query
from dossier.store.failures import translating
from dossier.store.follow import alerts
from dossier.store.schema import ledgers, stories

logger = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100
"""The most entries a rule's feed shows (the latest)."""
SIGNATURE_HEADER = "X-Dossier-Signature"
ID_HEADER = "X-Dossier-Alert-Id"
USER_AGENT = "dossier/0.1 alerts"


@dataclass(frozen=True)
class WebhookConfig:
    """How webhooks are posted: a timeout (seconds) per attempt, attempts per check, and the
    pause before the second attempt (doubled before each further one)."""

    timeout: float = 10.0
    attempts: int = 3
    backoff: float = 0.5


# -- Atom --------------------------------------------------------------------------------------


def _urn(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return uuid.UUID(hex=digest[:32]).urn


def atom_time(iso: str) -> str:
    """An ISO timestamp as an Atom (RFC 3339) date in UTC.

    >>> atom_time("2026-03-11T08:15:00.123456+00:00")
    '2026-03-11T08:15:00Z'
    """
    when = datetime.fromisoformat(iso)
    if when.utcoffset():
        when = when - when.utcoffset()  # type: ignore[operator]
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def render_feed(rule: Rule, found: Sequence[Alert], *, base_url: str = "") -> bytes:
    """The Atom 1.0 document of ``rule``'s alerts ``found`` (the latest first). Links are
    ``base_url`` (the web UI's root) joined with each alert's page path."""
    base = base_url.rstrip("/")
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _sub(feed, "id", _urn("dossier-alert-feed", rule.name))
    _sub(feed, "title", f"dossier alerts: {rule.name}")
    _sub(feed, "subtitle", rule.condition())
    updated = max((a.fired_at for a in found), default=rule.created_at or now())
    _sub(feed, "updated", atom_time(updated))
    _sub(_sub(feed, "author"), "name", "dossier")
    _sub(feed, "link", rel="self", href=f"{base}/alerts/{rule.name}.atom")
    _sub(feed, "link", rel="alternate", href=f"{base}/")
    _sub(feed, "generator", "dossier")
    for alert in found:
        entry = _sub(feed, "entry")
        _sub(entry, "id", uuid.UUID(hex=alert.id[:32]).urn)
        _sub(entry, "title", alert.title)
        _sub(entry, "updated", atom_time(alert.fired_at))
        _sub(entry, "published", atom_time(alert.fired_at))
        if alert.link:
            _sub(entry, "link", rel="alternate", href=f"{base}{alert.link}")
        _sub(entry, "summary", alert.summary or alert.title, type="text")
        _sub(entry, "category", term=rule.when)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def current_links(store: Store, found: Sequence[Alert]) -> dict[str, str]:
    """The page of each alert now, by alert id: a ledger or story regrouped since the alert
    fired has another id, so its link follows its figure (or figures) or its events to their
    group now, else falls back to the article."""
    ledger_ids = {a.link.removeprefix("/ledgers/") for a in found if _kind(a) == "ledgers"}
    story_ids = {a.link.removeprefix("/stories/") for a in found if _kind(a) == "stories"}
    figure_ids: set[str] = set()
    event_ids: set[str] = set()
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        live = set(conn.scalars(select(ledgers.c.id).where(ledgers.c.id.in_(ledger_ids))))
        live |= set(conn.scalars(select(stories.c.id).where(stories.c.id.in_(story_ids))))
    stale = [a for a in found if _kind(a) and a.link.split("/", 2)[2] not in live]
    for alert in stale:
        figure_ids.update(_figures(alert))
        event_ids.update(alert.payload.get("events") or [])
    groups = query.memberships(store, event_ids, figure_ids) if stale else None
    links = {a.id: a.link for a in found if a.link}
    for alert in stale:
        if groups is None:
            break
        if _kind(alert) == "ledgers":
            now_in = [groups.ledgers[f] for f in _figures(alert) if f in groups.ledgers]
            page = f"/ledgers/{now_in[0]}" if now_in else None
        else:
            events = alert.payload.get("events") or []
            now_in = [groups.stories[e] for e in events if e in groups.stories]
            page = f"/stories/{now_in[0]}" if now_in else None
        docs = alert.payload.get("documents") or [alert.payload.get("document")]
        fallback = f"/articles/{docs[0]}" if docs and docs[0] else alert.link
        links[alert.id] = page or fallback or ""
    return links


def _kind(alert: Alert) -> str | None:
    for kind in ("ledgers", "stories"):
        if (alert.link or "").startswith(f"/{kind}/"):
            return kind
    return None


def _figures(alert: Alert) -> list[str]:
    one = alert.payload.get("figure")
    return [one] if one else list(alert.payload.get("figures") or [])


def atom_feed(
    store: Store, rule_name: str, *, base_url: str = "", limit: int = FEED_LIMIT
) -> bytes:
    """The Atom feed of the rule called ``rule_name`` (NotFoundError when there is none)."""
    rule = get_rule(store, rule_name)
    found = list_alerts(store, rule.name, limit=limit)
    links = current_links(store, found)
    found = [replace(a, link=links.get(a.id, a.link)) for a in found]
    return render_feed(rule, found, base_url=base_url)


# -- webhooks ----------------------------------------------------------------------------------


def webhook_body(alert: Alert, rule: Rule) -> bytes:
    """The JSON body posted for an alert (keys sorted, compact: the bytes that are signed)."""
    body = {
        "id": alert.id,
        "rule": alert.rule,
        "when": rule.when,
        "fired_at": alert.fired_at,
        "title": alert.title,
        "summary": alert.summary,
        "link": alert.link,
        "change": {k: v for k, v in alert.payload.items() if k != "members"},
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the HMAC-SHA256 of ``body`` in hex.

    >>> sign("s3cret", b"{}")
    'sha256=adbde1ce40c89c14215687d5d762a47df6dfaefcfad61e2e86718ffc8498571b'
    """
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post_webhook(
    client: httpx.Client,
    url: str,
    body: bytes,
    headers: dict[str, str],
    config: WebhookConfig,
) -> dict[str, Any]:
    """POST ``body`` up to ``config.attempts`` times until a 2xx answer; the outcome:
    ``ok``, ``status`` (the last answer's), ``attempts``, ``error``, ``at``."""
    status: int | None = None
    error: str | None = None
    tries = 0
    for tries in range(1, max(1, config.attempts) + 1):
        try:
            response = client.post(url, content=body, headers=headers)
            status, error = response.status_code, None
            if 200 <= status < 300:
                return {"ok": True, "status": status, "attempts": tries, "error": None, "at": now()}
            error = f"HTTP {status}"
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if tries < config.attempts:
            time.sleep(config.backoff * 2 ** (tries - 1))
    return {"ok": False, "status": status, "attempts": tries, "error": error, "at": now()}


def pending(store: Store, rule: str) -> list[Alert]:
    """The alerts of ``rule`` its webhook has not taken yet, the oldest first."""
    query = select(alerts).where(alerts.c.rule == rule).order_by(alerts.c.fired_at, alerts.c.id)
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        found = [alert_from_row(r) for r in conn.execute(query)]
    return [a for a in found if (a.delivered.get("webhook") or {"ok": True}).get("ok") is False]


def _save_delivery(store: Store, alert: Alert, result: dict[str, Any]) -> dict[str, Any]:
    before = alert.delivered.get("webhook") or {}
    result = {**result, "attempts": int(before.get("attempts") or 0) + result["attempts"]}
    delivered = {**alert.delivered, "webhook": result}
    action = "cannot record an alert's delivery"
    with translating(action, store.source), store.engine.begin() as conn:
        conn.execute(update(alerts).where(alerts.c.id == alert.id).values(delivered=delivered))
    return delivered


def deliver_webhooks(
    store: Store,
    rules: Sequence[Rule],
    *,
    config: WebhookConfig | None = None,
    client: httpx.Client | None = None,
) -> dict[str, dict[str, Any]]:
    """Post each rule's pending alerts to its webhook; the new ``delivered`` of each alert
    posted, by alert id."""
    config = config or WebhookConfig()
    outcome: dict[str, dict[str, Any]] = {}
    own = client is None
    client = client or httpx.Client(
        timeout=config.timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    )
    try:
        for rule in rules:
            if not rule.webhook:
                continue
            secret = rule.signing_secret()
            for alert in pending(store, rule.name):
                body = webhook_body(alert, rule)
                headers = {"Content-Type": "application/json", ID_HEADER: alert.id}
                if secret:
                    headers[SIGNATURE_HEADER] = sign(secret, body)
                result = post_webhook(client, rule.webhook, body, headers, config)
                outcome[alert.id] = _save_delivery(store, alert, result)
                if not result["ok"]:
                    logger.warning(
                        "alert %s: webhook %s failed: %s", rule.name, rule.webhook, result["error"]
                    )
                    break
    finally:
        if own:
            client.close()
    return outcome


# -- stdout and the check ----------------------------------------------------------------------


def alert_line(alert: Alert) -> str:
    """One line for an alert: when, the rule, the title, the page.

    >>> alert_line(Alert("a1", "tolls", "2026-03-11T08:15:00+00:00", "MMR people killed\\n"
    ...                  "moves up", None, "/ledgers/ledge_1", {}, {}))
    '2026-03-11T08:15:00Z tolls: MMR people killed moves up /ledgers/ledge_1'
    """
    title = " ".join(alert.title.split())
    return f"{atom_time(alert.fired_at)} {alert.rule}: {title} {alert.link or ''}".rstrip()


def check_alerts(
    store: Store,
    *,
    deliver: bool = True,
    out: TextIO | None = None,
    webhook: WebhookConfig | None = None,
    client: httpx.Client | None = None,
) -> list[Alert]:
    """Fire every stored rule over what the store holds now (call it after linking); write
    one line per new alert to ``out`` (when given); with ``deliver``, post every pending alert
    to its rule's webhook. Returns the new alerts (with their delivery outcome)."""
    rules = list_rules(store)
    fired: list[Alert] = []
    for rule in rules:
        fired.extend(fire(store, rule))
    if out is not None:
        for alert in fired:
            out.write(alert_line(alert) + "\n")
        out.flush()
    if deliver:
        outcome = deliver_webhooks(store, rules, config=webhook, client=client)
        fired = [replace(a, delivered=outcome.get(a.id, a.delivered)) for a in fired]
    return fired
