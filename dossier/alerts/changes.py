"""What changed in the store that a rule asks about, and the alerts it fires, once each.

Every condition is evaluated over what the store holds now (after linking): each thing it
matches is a :class:`Change` with an identity (``Change.key``: the figure of a ledger entry,
the ledger that is contested, the story, the claim). The alert's id is a hash of the rule's
name and that identity, and an alert is written only when no alert of that id exists (checked
and inserted in one write transaction, under a PostgreSQL advisory lock like the link stage's),
so a change fires once, across runs, restarts and processes.

Stories and ledgers take the id of their smallest member, so one that grows by an article with
a smaller id gets a new id. A story or contested ledger that shares a member (a document, a
figure) with one a rule already fired for is the same thing, grown: it is marked seen, not
fired again (``Change.members``).

Conditions (:data:`dossier.alerts.rules.KINDS`):

* ``ledger-entry``: each entry of a matching ledger (``text`` in its label, unit, sources,
  outlets or wording; ``measure_class``; ``country``: its subject), once per figure;
* ``ledger-contested``: a matching ledger that is contested;
* ``figure-moves``: an entry of a matching ledger whose figure is more than ``factor`` times
  above the highest, or below the lowest, figure of the entries whose articles were stored
  before its own (the range it is new against);
* ``story-matches``: a story whose PLOVER type is ``plover``, one of whose original articles
  names an entity containing ``entity`` or of country ``country``, or one of whose reports
  gives a place containing ``place`` (every one given must match);
* ``claim-by``: a claim whose source's words, or its source entity's name, contain ``source``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError

from dossier.alerts.rules import Rule, now
from dossier.link.ledger_view import format_number, interval_text
from dossier.link.sql import chunks
from dossier.model import Ledger, LedgerEntry, Story
from dossier.shell import clip
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.follow import alerts
from dossier.store.query import contains
from dossier.store.schema import (
    LEDGERS,
    STORIES,
    claims,
    documents,
    entities,
    ledgers,
    stories,
)

_PG_LOCK_KEY = 0x616C7274  # "alrt"
TITLE_WIDTH = 200


@dataclass(frozen=True)
class Change:
    """One thing a rule matches: its identity, how an alert shows it, and its members."""

    key: tuple[str, ...]
    title: str
    summary: str
    link: str
    """The path of the web UI page that shows the evidence (``/ledgers/{id}`` ...)."""
    payload: dict[str, Any] = field(default_factory=dict)
    members: tuple[str, ...] = ()
    """Documents of a story, figures of a contested ledger: a later change sharing one is the
    same thing grown (see the module doc)."""


@dataclass(frozen=True)
class Alert:
    """A fired alert, as stored in the ``alerts`` table."""

    id: str
    rule: str
    fired_at: str
    title: str
    summary: str | None
    link: str | None
    payload: dict[str, Any]
    delivered: dict[str, Any]

    @property
    def seen_only(self) -> bool:
        """Marked seen without being delivered (a baseline, or a change already fired for)."""
        return bool(self.delivered.get("seen"))


def alert_id(rule: str, key: Sequence[str]) -> str:
    """The id of the alert of rule ``rule`` for the change ``key`` (32 hex digits).

    >>> alert_id("r", ("story", "s1")) == alert_id("r", ("story", "s1")) != alert_id("q", ("story", "s1"))
    True
    """  # noqa: E501
    joined = "\x1f".join(["alert", rule, *key])
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def alert_from_row(row: Any) -> Alert:
    """An :class:`Alert` from a row of the ``alerts`` table."""
    m = row._mapping
    return Alert(
        m["id"],
        m["rule"],
        m["fired_at"],
        m["title"],
        m["summary"],
        m["link"],
        dict(m["payload"] or {}),
        dict(m["delivered"] or {}),
    )


# -- ledgers -----------------------------------------------------------------------------------


def ledger_text(ledger: Ledger) -> str:
    """What a ledger's ``text`` parameter is looked for in (casefolded): its label, unit,
    measure and class, and its entries' units, sources, outlets, wording and sentences."""
    parts = [ledger.label, ledger.unit, ledger.measure, ledger.measure_class]
    for e in ledger.entries:
        parts += [e.unit, e.source, e.outlet, e.text, e.sentence]
    return " ".join(p for p in parts if p).casefold()


def ledger_matches(ledger: Ledger, params: dict[str, Any]) -> bool:
    """Whether a ledger has every one of ``text``, ``measure_class``, ``country`` given."""
    if "text" in params and params["text"].casefold() not in ledger_text(ledger):
        return False
    wanted_class = params.get("measure_class")
    if wanted_class and (ledger.measure_class or "").casefold() != wanted_class.casefold():
        return False
    return not params.get("country") or (ledger.subject or "").upper() == params["country"]


def _ledgers(conn: Connection, params: dict[str, Any]) -> list[Ledger]:
    query = select(ledgers).order_by(ledgers.c.id)
    if params.get("country"):
        query = query.where(ledgers.c.subject == params["country"])
    found = [LEDGERS.from_row(r._mapping) for r in conn.execute(query)]
    return [x for x in found if ledger_matches(x, params)]  # type: ignore[arg-type]


def _label(ledger: Ledger) -> str:
    return ledger.label or ledger.measure or ledger.id


def entry_value(entry: LedgerEntry) -> str:
    """An entry's figure as a reader writes it (``~30``, ``90–120``), else its text."""
    if entry.low is None and entry.high is None:
        return entry.text or "?"
    return interval_text(entry.low, entry.high, entry.qualifier, entry.vague)


def _who(entry: LedgerEntry) -> str:
    source, outlet = entry.source or "", entry.outlet or ""
    if source and outlet and source.casefold() != outlet.casefold():
        return f"{source} ({outlet})"
    return source or outlet or entry.document


def _entry_payload(ledger: Ledger, entry: LedgerEntry) -> dict[str, Any]:
    return {
        "ledger": ledger.id,
        "label": ledger.label,
        "contested": ledger.contested,
        "figure": entry.figure,
        "document": entry.document,
        "source": entry.source,
        "outlet": entry.outlet,
        "published": entry.published,
        "low": entry.low,
        "high": entry.high,
        "qualifier": entry.qualifier,
        "text": entry.text,
    }


def _range_text(entries: Iterable[LedgerEntry]) -> str:
    lows, highs = _bounds(entries)
    if not lows:
        return "no figures"
    lo, hi = min(lows), max(highs)
    return format_number(lo) if lo == hi else f"{format_number(lo)}–{format_number(hi)}"


def _bounds(entries: Iterable[LedgerEntry]) -> tuple[list[float], list[float]]:
    lows: list[float] = []
    highs: list[float] = []
    for e in entries:
        span = entry_span(e)
        if span is not None:
            lows.append(span[0])
            highs.append(span[1])
    return lows, highs


def entry_span(entry: LedgerEntry) -> tuple[float, float] | None:
    """An entry's figure as (low, high), one bound standing for the other when missing."""
    low = entry.low if entry.low is not None else entry.high
    high = entry.high if entry.high is not None else entry.low
    if low is None or high is None:
        return None
    return (low, high)


def ledger_entries(conn: Connection, rule: Rule) -> list[Change]:
    """``ledger-entry``: each entry of each matching ledger."""
    found = []
    for ledger in _ledgers(conn, rule.params):
        for entry in ledger.entries:
            others = [e for e in ledger.entries if e.figure != entry.figure]
            found.append(
                Change(
                    key=("ledger-entry", entry.figure),
                    title=clip(f"{_label(ledger)}: {entry_value(entry)}, {_who(entry)}", 200),
                    summary=(
                        f"{_who(entry)} gives {entry.text or entry_value(entry)}"
                        f"{', published ' + entry.published if entry.published else ''}; "
                        f"the ledger's other entries say {_range_text(others)}"
                        f"{' (contested)' if ledger.contested else ''}."
                    ),
                    link=f"/ledgers/{ledger.id}",
                    payload=_entry_payload(ledger, entry),
                )
            )
    return found


def contested_ledgers(conn: Connection, rule: Rule) -> list[Change]:
    """``ledger-contested``: each matching ledger that is contested."""
    found = []
    for ledger in _ledgers(conn, rule.params):
        if not ledger.contested:
            continue
        voices = "; ".join(f"{_who(e)}: {entry_value(e)}" for e in ledger.entries)
        found.append(
            Change(
                key=("ledger-contested", ledger.id),
                title=clip(f"{_label(ledger)} is contested: {_range_text(ledger.entries)}", 200),
                summary=f"Sources disagree on {_label(ledger)}: {voices}.",
                link=f"/ledgers/{ledger.id}",
                payload={
                    "ledger": ledger.id,
                    "label": ledger.label,
                    "figures": [e.figure for e in ledger.entries],
                    "documents": sorted({e.document for e in ledger.entries}),
                },
                members=tuple(e.figure for e in ledger.entries),
            )
        )
    return found


def moved(entry: LedgerEntry, earlier: Sequence[LedgerEntry], factor: float) -> float | None:
    """How far (a factor above 1) ``entry``'s figure is outside the range of ``earlier``
    entries when that is more than ``factor``, else None.

    >>> e = lambda f, lo, hi=None: LedgerEntry(figure=f, document=f, low=lo, high=hi)
    >>> moved(e("c", 25), [e("a", 10), e("b", 12)], 1.5), moved(e("c", 15), [e("a", 10)], 1.5)
    (2.0833333333333335, None)
    >>> moved(e("c", 4), [e("a", 10, 12)], 1.5), moved(e("c", 40), [], 1.5)
    (2.5, None)
    """
    span = entry_span(entry)
    lows, highs = _bounds(earlier)
    if span is None or not lows:
        return None
    low, high = min(lows), max(highs)
    ratios = []
    if span[0] > high:
        ratios.append(span[0] / high if high > 0 else float("inf"))
    if span[1] < low:
        ratios.append(low / span[1] if span[1] > 0 else float("inf"))
    ratio = max(ratios, default=1.0)
    return ratio if ratio > factor else None


def _above(entry: LedgerEntry, earlier: Sequence[LedgerEntry]) -> bool:
    span = entry_span(entry)
    return span is not None and span[0] > max(_bounds(earlier)[1], default=float("inf"))


def _added_at(conn: Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(doc_ids))):
        query = select(documents.c.id, documents.c.added_at).where(documents.c.id.in_(chunk))
        found.update({r.id: r.added_at for r in conn.execute(query)})
    return found


def moving_figures(conn: Connection, rule: Rule) -> list[Change]:
    """``figure-moves``: each entry of a matching ledger outside the earlier entries' range by
    more than the rule's factor (earlier: of articles stored before its own)."""
    factor = float(rule.params["factor"])
    matching = _ledgers(conn, rule.params)
    added = _added_at(conn, [e.document for x in matching for e in x.entries])
    found = []
    for ledger in matching:
        for entry in ledger.entries:
            arrived = added.get(entry.document, "")
            earlier = [e for e in ledger.entries if added.get(e.document, "") < arrived]
            ratio = moved(entry, earlier, factor)
            if ratio is None:
                continue
            direction = "up" if _above(entry, earlier) else "down"
            before = _range_text(earlier)
            by = "∞" if ratio == float("inf") else f"{ratio:.2g}"
            found.append(
                Change(
                    key=("figure-moves", entry.figure),
                    title=clip(
                        f"{_label(ledger)} moves {direction}: {entry_value(entry)} "
                        f"({_who(entry)}), was {before}",
                        TITLE_WIDTH,
                    ),
                    summary=(
                        f"{_who(entry)} gives {entry.text or entry_value(entry)}, {by} times "
                        f"{'above' if direction == 'up' else 'below'} the {before} reported "
                        f"before (rule factor {factor:g})."
                    ),
                    link=f"/ledgers/{ledger.id}",
                    payload={
                        **_entry_payload(ledger, entry),
                        "direction": direction,
                        "factor": None if ratio == float("inf") else ratio,
                        "before": [e.figure for e in earlier],
                    },
                )
            )
    return found


# -- stories -----------------------------------------------------------------------------------


def _originals(story: Story) -> list[str]:
    return sorted({r.document for r in story.reports if not r.copy_of})


def _story_entities(conn: Connection, doc_ids: Sequence[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for chunk in chunks(sorted(set(doc_ids))):
        query = select(
            entities.c.id, entities.c.document_id, entities.c.name, entities.c.country
        ).where(entities.c.document_id.in_(chunk))
        for row in conn.execute(query):
            found.setdefault(row.document_id, []).append(row)
    return found


def story_matches(
    story: Story, params: dict[str, Any], rows: Sequence[Any], place_name: str | None = None
) -> bool:
    """Whether a story matches every parameter given (see the module doc). ``rows``: the
    entities (name, country) of its original articles; ``place_name``: its place's name."""
    if params.get("plover") and (story.plover or "").upper() != params["plover"]:
        return False
    if params.get("entity"):
        needle = params["entity"].casefold()
        names = [r.name for r in rows]
        names += [a for r in story.reports for a in (r.actor1, r.actor2) if a]
        if not any(needle in n.casefold() for n in names):
            return False
    if params.get("place"):
        needle = params["place"].casefold()
        places = [r.place for r in story.reports if r.place] + ([place_name] if place_name else [])
        if not any(needle in p.casefold() for p in places):
            return False
    return not params.get("country") or any(r.country == params["country"] for r in rows)


def matching_stories(conn: Connection, rule: Rule) -> list[Change]:
    """``story-matches``: each story that matches the rule."""
    params = rule.params
    query = select(stories).order_by(stories.c.id)
    if params.get("plover"):
        query = query.where(stories.c.plover == params["plover"])
    found_stories: list[Story] = [STORIES.from_row(r._mapping) for r in conn.execute(query)]  # type: ignore[misc]
    needs_rows = any(params.get(k) for k in ("entity", "country", "place"))
    rows = (
        _story_entities(conn, [d for s in found_stories for d in _originals(s)])
        if needs_rows
        else {}
    )
    names = {r.id: r.name for rs in rows.values() for r in rs}
    found = []
    for story in found_stories:
        docs = _originals(story)
        story_rows = [r for d in docs for r in rows.get(d, [])]
        if not story_matches(story, params, story_rows, names.get(story.place or "")):
            continue
        title = story.title or " ".join(x for x in (story.plover, story.time) if x) or story.id
        outlets = ", ".join(story.outlets) or "no outlet"
        disagree = f"; they disagree on {', '.join(story.disputed)}" if story.disputed else ""
        found.append(
            Change(
                key=("story", story.id),
                title=clip(f"New story: {title}", TITLE_WIDTH),
                summary=(
                    f"{story.documents} articles ({outlets}) report "
                    f"{story.plover or 'an event'}{' on ' + story.time if story.time else ''}"
                    f"{disagree}."
                ),
                link=f"/stories/{story.id}",
                payload={
                    "story": story.id,
                    "title": story.title,
                    "plover": story.plover,
                    "time": story.time,
                    "documents": docs,
                    "events": sorted({r.event for r in story.reports if r.event}),
                    "outlets": story.outlets,
                },
                members=tuple(docs),
            )
        )
    return found


# -- claims ------------------------------------------------------------------------------------


def claims_by(conn: Connection, rule: Rule) -> list[Change]:
    """``claim-by``: each claim whose source's words or source entity's name contain the
    rule's ``source``."""
    needle = rule.params["source"]
    named = select(entities.c.id).where(contains(entities.c.name, needle))
    source_text = claims.c.source["text"].as_string()
    content_text = claims.c.content["text"].as_string()
    query = (
        select(
            claims.c.id,
            claims.c.document_id,
            source_text.label("source_text"),
            content_text.label("content_text"),
            claims.c.cue["text"].as_string().label("cue_text"),
            documents.c.outlet,
            documents.c.published,
            documents.c.title,
        )
        .join(documents, documents.c.id == claims.c.document_id)
        .where(or_(contains(source_text, needle), claims.c.source_entity.in_(named)))
        .order_by(claims.c.document_id, claims.c.seq)
    )
    found = []
    for r in conn.execute(query):
        who = r.source_text or needle
        outlet = r.outlet or "an article"
        found.append(
            Change(
                key=("claim", r.id),
                title=clip(f"{who} {r.cue_text or 'says'}: {r.content_text or ''}", TITLE_WIDTH),
                summary=(
                    f"{outlet}{', ' + r.published if r.published else ''}"
                    f"{' (' + r.title + ')' if r.title else ''}: {who} {r.cue_text or 'says'} "
                    f"{clip(r.content_text or '', 600)}"
                ),
                link=f"/articles/{r.document_id}",
                payload={
                    "claim": r.id,
                    "document": r.document_id,
                    "source": r.source_text,
                    "content": r.content_text,
                    "outlet": r.outlet,
                    "published": r.published,
                },
            )
        )
    return found


DETECTORS: dict[str, Callable[[Connection, Rule], list[Change]]] = {
    "ledger-entry": ledger_entries,
    "ledger-contested": contested_ledgers,
    "figure-moves": moving_figures,
    "story-matches": matching_stories,
    "claim-by": claims_by,
}


def detect(store: Store, rule: Rule) -> list[Change]:
    """Everything the store holds now that ``rule`` matches (fired or not)."""
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        return DETECTORS[rule.when](conn, rule)


# -- recording ---------------------------------------------------------------------------------


def record(
    store: Store, rule: Rule, changes: Sequence[Change], *, seen: str | None = None
) -> list[Alert]:
    """Write an alert for each change not fired yet; return the new alerts (not those marked
    seen). With ``seen`` (a reason, e.g. ``baseline``) every new change is marked seen.

    Check and insert run in one write transaction; should another process insert the same
    alert meanwhile (IntegrityError), the whole is redone and finds it there.
    """
    action = f"cannot record the alerts of {rule.name!r}"
    with translating(action, store.source):
        try:
            return _record(store, rule, changes, seen)
        except IntegrityError:
            return _record(store, rule, changes, seen)


def _record(store: Store, rule: Rule, changes: Sequence[Change], seen: str | None) -> list[Alert]:
    fired: list[Alert] = []
    with store._writing() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        have: dict[str, set[str]] = {}
        for row in conn.execute(
            select(alerts.c.id, alerts.c.payload).where(alerts.c.rule == rule.name)
        ):
            have[row.id] = set((row.payload or {}).get("members") or [])
        member_of = {m: aid for aid, members in have.items() for m in members}
        rows = []
        at = now()
        for change in changes:
            aid = alert_id(rule.name, change.key)
            if aid in have:
                continue
            earlier = next((member_of[m] for m in change.members if m in member_of), None)
            reason = seen or (f"continues {earlier}" if earlier else None)
            delivered: dict[str, Any] = {"seen": reason} if reason else {}
            if not reason and rule.webhook:
                delivered["webhook"] = {"ok": False, "attempts": 0}
            payload = {"rule": rule.name, "when": rule.when, **change.payload}
            if change.members:
                payload["members"] = list(change.members)
            row = {
                "id": aid,
                "rule": rule.name,
                "fired_at": at,
                "title": change.title,
                "summary": change.summary,
                "link": change.link,
                "payload": payload,
                "delivered": delivered,
            }
            rows.append(row)
            have[aid] = set(change.members)
            member_of.update({m: aid for m in change.members})
            if not reason:
                fired.append(
                    Alert(
                        aid,
                        rule.name,
                        at,
                        change.title,
                        change.summary,
                        change.link,
                        payload,
                        delivered,
                    )
                )
        if rows:
            conn.execute(insert(alerts), rows)
    return fired


def mark_seen(store: Store, rule: Rule) -> int:
    """Mark everything ``rule`` matches now as seen, never delivered (a rule's baseline);
    returns how many changes were newly marked."""
    before = count_alerts(store, rule.name)
    record(store, rule, detect(store, rule), seen="baseline")
    return count_alerts(store, rule.name) - before


def count_alerts(store: Store, rule: str) -> int:
    """How many alerts (fired or marked seen) rule ``rule`` has."""
    from sqlalchemy import func

    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        query = select(func.count()).select_from(alerts).where(alerts.c.rule == rule)
        return int(conn.scalar(query) or 0)


def fire(store: Store, rule: Rule) -> list[Alert]:
    """Detect ``rule``'s changes and record the new ones; the alerts fired now."""
    return record(store, rule, detect(store, rule))


def list_alerts(
    store: Store, rule: str, *, limit: int | None = 100, include_seen: bool = False
) -> list[Alert]:
    """The alerts of rule ``rule``, the latest first (those only marked seen left out unless
    ``include_seen``)."""
    query = (
        select(alerts).where(alerts.c.rule == rule).order_by(alerts.c.fired_at.desc(), alerts.c.id)
    )
    found: list[Alert] = []
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        for row in conn.execute(query):
            alert = alert_from_row(row)
            if include_seen or not alert.seen_only:
                found.append(alert)
                if limit is not None and len(found) >= limit:
                    break
    return found
