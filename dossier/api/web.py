"""The web UI of ``dossier serve``: server-rendered HTML pages over the same views as the API.

Every page links to its JSON twin under ``/api`` (the same path, but ``/api/home`` for ``/``,
``/api/documents/{id}`` for ``/articles/{id}``, ``?text=`` for ``/ledgers?q=``). Templates are
Jinja2 with autoescape on for everything; the one piece of HTML built here, the highlighted
article text (:func:`highlight`), escapes every piece of text it cuts out of the document. Details
of records are rendered on the server too; ``static/app.js`` only shows the detail of the
highlight clicked. Static files are read from the package by a fixed name, never from a
client's path.

Highlights nest: a claim is an outer block (its source, cue and content), its source and cue
are marks inside it, and figures, event triggers, timexes and entity mentions are marks inside
those. A span that crosses one already placed (of a kind placed first) is left out of the text
and still listed in the side panel.
"""

from __future__ import annotations

import logging
import math
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape
from sqlalchemy import inspect, select

from dossier.errors import NotFoundError
from dossier.link.entities import find_entity, link_entities_table
from dossier.link.ledger_view import by_date, format_number, interval_text, log_scale, when
from dossier.link.ledgers import get_ledger, ledger_wording, list_ledgers
from dossier.link.stories import get_story, list_stories
from dossier.link.story_view import (
    date_span,
    dissents,
    headline,
    outlets,
    place_name,
    story_majority,
)
from dossier.model import Extraction, Ledger, Story
from dossier.shell import clip
from dossier.store import Store, query
from dossier.store.failures import translating
from dossier.store.schema import (
    documents,
    duplicates,
    ledgers,
    stories,
)

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=PackageLoader("dossier.api", "templates"), autoescape=True, undefined=StrictUndefined
)
templates = Jinja2Templates(env=_env)

STATIC = {"style.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
"""The only files ``/static/`` serves, by name."""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

LAYER = {"claim": 0, "source": 1, "cue": 1, "figure": 2, "event": 3, "timex": 4, "entity": 5}
"""Which highlights win where spans cross (lower first) and which is outer on equal spans."""

LIST_LIMIT = 20
SEARCH_LIMIT = 50


# -- highlighting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span of the document's text to highlight, and the record a click on it shows."""

    start: int
    end: int
    kind: str
    rec: str
    label: str = ""


def place_marks(marks: Iterable[Mark], length: int) -> tuple[list[Mark], list[Mark]]:
    """The marks that can be drawn as nested elements, and those left out.

    Marks are placed kind by kind (:data:`LAYER`), then from left to right; a mark is kept when
    every kept mark either contains it, lies inside it or does not touch it. Empty marks and
    marks outside the text are left out.

    >>> kept, skipped = place_marks([Mark(0, 10, "claim", "c"), Mark(8, 12, "entity", "e1"),
    ...                              Mark(2, 4, "entity", "e2"), Mark(2, 4, "figure", "f")], 20)
    >>> [m.rec for m in kept], [m.rec for m in skipped]
    (['c', 'f', 'e2'], ['e1'])
    """
    kept: list[Mark] = []
    skipped: list[Mark] = []
    by_start: list[tuple[int, int]] = []  # (start, end) of the kept marks, sorted
    by_end: list[tuple[int, int]] = []  # (end, start)
    for m in sorted(marks, key=lambda m: (LAYER.get(m.kind, 9), m.start, -m.end, m.rec)):
        if not 0 <= m.start < m.end <= length or _crosses_any(m, by_start, by_end):
            skipped.append(m)
            continue
        kept.append(m)
        insort(by_start, (m.start, m.end))
        insort(by_end, (m.end, m.start))
    return kept, skipped


def _crosses_any(m: Mark, by_start: list[tuple[int, int]], by_end: list[tuple[int, int]]) -> bool:
    """Whether a kept mark starts inside ``m`` and ends after it, or ends inside it and starts
    before it (only the kept marks with an end inside ``m`` are looked at)."""
    inside = by_start[bisect_right(by_start, (m.start, _MAX)) : bisect_left(by_start, (m.end, -1))]
    if any(end > m.end for _, end in inside):
        return True
    inside = by_end[bisect_right(by_end, (m.start, _MAX)) : bisect_left(by_end, (m.end, -1))]
    return any(start < m.start for _, start in inside)


_MAX = 2**63


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` with the marks that nest drawn as elements; every piece of text is escaped.

    >>> html = str(highlight("Bob <b>said</b> 5", [Mark(0, 3, "entity", "e1", "a <b>"),
    ...                                            Mark(16, 17, "figure", "f1")]))
    >>> print(html.replace(' tabindex="0"', ''))  # doctest: +NORMALIZE_WHITESPACE
    <mark class="hl hl-entity" data-rec="e1" data-kind="entity" title="a &lt;b&gt;">Bob</mark>
    &lt;b&gt;said&lt;/b&gt; <mark class="hl hl-figure" data-rec="f1" data-kind="figure"
    title="">5</mark>
    >>> str(highlight("Bob <b>said</b> 5", []))
    'Bob &lt;b&gt;said&lt;/b&gt; 5'
    """
    kept, _ = place_marks(marks, len(text))
    out: list[str] = []
    pos = 0
    stack: list[Mark] = []

    def close() -> None:
        nonlocal pos
        top = stack.pop()
        out.append(escape(text[pos : top.end]))
        out.append("</span>" if top.kind == "claim" else "</mark>")
        pos = top.end

    for m in sorted(kept, key=lambda m: (m.start, -m.end, LAYER.get(m.kind, 9))):
        while stack and stack[-1].end <= m.start:
            close()
        out.append(escape(text[pos : m.start]))
        pos = m.start
        tag = "span" if m.kind == "claim" else "mark"
        out.append(
            Markup(
                '<{} class="hl hl-{}" data-rec="{}" data-kind="{}" title="{}" tabindex="0">'
            ).format(Markup(tag), m.kind, m.rec, m.kind, m.label)
        )
        stack.append(m)
    while stack:
        close()
    out.append(escape(text[pos:]))
    return Markup("".join(str(piece) for piece in out))


def article_marks(ex: Extraction) -> list[Mark]:
    """Every highlight of an extraction: claims (with source and cue), figures, event
    triggers, timexes and entity mentions."""
    marks: list[Mark] = []
    for c in ex.claims:
        parts = [s for s in (c.source, c.cue, c.content) if s.end > s.start]
        start, end = min(s.start for s in parts), max(s.end for s in parts)
        if end - start > c.content.end - c.content.start + 200:  # a source far away
            start, end = c.content.start, c.content.end
        marks.append(Mark(start, end, "claim", c.id, f"claim ({c.modality}): {c.source.text}"))
        marks.append(Mark(c.source.start, c.source.end, "source", c.id, "source of the claim"))
        marks.append(Mark(c.cue.start, c.cue.end, "cue", c.id, f"cue: {c.cue.text}"))
    for f in ex.figures:
        what = " ".join(x for x in (f.qualifier, f.unit, f.measure) if x)
        marks.append(Mark(f.start, f.end, "figure", f.id, f"figure: {what}"))
    for e in ex.events:
        marks.append(Mark(e.trigger.start, e.trigger.end, "event", e.id, f"event: {e.plover}"))
    for t in ex.timexes:
        marks.append(Mark(t.start, t.end, "timex", t.id, f"{t.type}: {t.value or '?'}"))
    for ent in ex.entities:
        for mention in ent.mentions:
            label = f"{ent.name} ({ent.kind}{', ' + ent.code if ent.code else ''})"
            marks.append(Mark(mention.start, mention.end, "entity", ent.id, label))
    return marks


# -- record details ----------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a record's detail: a label, a value, and where it links (if anywhere)."""

    label: str
    value: str
    href: str | None = None
    rec: str | None = None
    """A record of the same article the link selects."""


@dataclass
class Detail:
    id: str
    kind: str
    title: str
    rows: list[Row] = field(default_factory=list)


def entity_href(name: str) -> str:
    """The entity page of a name or key.

    >>> entity_href("org:RUS:duma"), entity_href("a/b ?")
    ('/entities/org%3ARUS%3Aduma', '/entities/a%2Fb%20%3F')
    """
    return "/entities/" + quote(name, safe="")


def article_details(
    ex: Extraction, groups: dict[str, tuple[str, str, str]], keys: dict[str, str] | None = None
) -> dict[str, list[Detail]]:
    """The records of an article as details by kind; ``groups``: item id -> (kind, group id,
    label) for the stories and ledgers its events and figures belong to; ``keys``: entity id ->
    its key across articles (entities without one get no link to an entity page)."""
    keys = keys or {}
    text = ex.document.text
    claim_by_id = {c.id: c for c in ex.claims}
    event_by_id = {e.id: e for e in ex.events}
    names = {e.id: e.name for e in ex.entities}

    def claim_row(claim_id: str | None) -> list[Row]:
        claim = claim_by_id.get(claim_id or "")
        if claim is None:
            return []
        said = f"{claim.source.text} — {claim.cue.text} ({claim.modality})"
        return [Row("claim", said, f"#{claim.id}", claim.id)]

    def group_row(item_id: str) -> list[Row]:
        if item_id not in groups:
            return []
        kind, gid, label = groups[item_id]
        return [Row(kind, label, f"/{'stories' if kind == 'story' else 'ledgers'}/{gid}")]

    out: dict[str, list[Detail]] = {k: [] for k in ("claim", "figure", "event", "entity", "timex")}
    for c in ex.claims:
        rows = [
            Row("source", c.source.text, _entity_link(keys, c.source.entity)),
            Row("cue", c.cue.text),
            Row("says", clip(c.content.text, 400)),
            Row("kind", c.kind),
            Row("modality", c.modality),
        ]
        if c.source.unnamed:
            rows.append(Row("named", "no: anonymous" if c.source.anonymous else "no"))
        if c.source.via:
            rows.append(Row("via", c.source.via.text))
        if c.time:
            rows.append(Row("time", c.time))
        if c.place:
            rows.append(Row("place", names.get(c.place, c.place)))
        figs = {f.id: f for f in ex.figures}
        rows += [Row("figure", figs[f].text, f"#{f}", f) for f in c.figures if f in figs]
        out["claim"].append(Detail(c.id, "claim", f"{c.source.text} {c.cue.text}", rows))
    for f in ex.figures:
        rows = [
            Row("as written", f.text),
            Row("interval", interval_text(f.low, f.high, f.qualifier, f.vague)),
            Row("qualifier", f.qualifier),
        ]
        rows += [
            Row(label, value)
            for label, value in (
                ("unit", f.unit),
                ("subject", f.subject),
                ("measure", f.measure),
                ("modality", f.modality),
                ("time", f.time),
            )
            if value
        ]
        rows += claim_row(f.claim)
        if f.event in event_by_id:
            ev = event_by_id[f.event]
            rows.append(Row("event", f"{ev.plover}: {ev.trigger.text}", f"#{ev.id}", ev.id))
        rows += group_row(f.id)
        out["figure"].append(Detail(f.id, "figure", f.text, rows))
    for e in ex.events:
        rows = [Row("type", " / ".join(x for x in (e.plover, e.cameo, e.mode) if x))]
        rows.append(Row("trigger", e.trigger.text))
        for label, actor in (("actor", e.actor1), ("target", e.actor2)):
            if actor is not None:
                shown = f"{actor.text} ({actor.code})" if actor.code else actor.text
                rows.append(Row(label, shown, _entity_link(keys, actor.entity)))
        if e.time:
            rows.append(Row("time", e.time + (" (publication date)" if e.time_fallback else "")))
        if e.place:
            rows.append(Row("place", names.get(e.place, e.place)))
        rows.append(Row("modality", e.modality))
        rows += claim_row(e.claim)
        rows += group_row(e.id)
        rows.append(Row("sentence", clip(text[e.sentence.start : e.sentence.end], 400)))
        out["event"].append(Detail(e.id, "event", f"{e.plover}: {e.trigger.text}", rows))
    for ent in ex.entities:
        rows = [Row("kind", ent.kind)]
        rows += [Row(k, v) for k, v in (("code", ent.code), ("country", ent.country)) if v]
        rows.append(Row("mentions", str(len(ent.mentions))))
        if ent.id in keys:
            rows.append(Row("across articles", "its entity page", entity_href(keys[ent.id])))
        out["entity"].append(Detail(ent.id, "entity", ent.name, rows))
    for t in ex.timexes:
        rows = [Row("type", t.type), Row("value", t.value or "?")]
        out["timex"].append(Detail(t.id, "timex", t.text, rows))
    return out


def _entity_link(keys: dict[str, str], entity_id: str | None) -> str | None:
    return entity_href(keys[entity_id]) if entity_id in keys else None


def entity_keys(store: Store, document_id: str) -> dict[str, str]:
    """entity id -> the name its entity page is found by, for the entities of a document that
    were linked across articles (none when the store's entities were never linked).

    Names, not keys: :func:`~dossier.link.entities.find_entity` finds every linked entity by
    its name, but not a person by its key."""
    table = link_entities_table
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        if not inspect(conn).has_table(table.name):
            return {}
        query = select(table.c.entity_id, table.c.name).where(table.c.document_id == document_id)
        return {r.entity_id: r.name for r in conn.execute(query)}


def group_labels(store: Store, ex: Extraction) -> dict[str, tuple[str, str, str]]:
    """item id -> (kind, group id, label) for the events and figures of an article that are in
    a stored story or ledger (none when the store was never linked)."""
    found = query.memberships(store, [e.id for e in ex.events], [f.id for f in ex.figures])
    labels: dict[str, str] = {}
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        if found.stories:
            wanted = select(stories.c.id, stories.c.plover, stories.c.time)
            for r in conn.execute(wanted.where(stories.c.id.in_(set(found.stories.values())))):
                labels[r.id] = " ".join(x for x in ("story:", r.plover, r.time) if x)
        if found.ledgers:
            wanted = select(ledgers.c.id, ledgers.c.label, ledgers.c.contested)
            for r in conn.execute(wanted.where(ledgers.c.id.in_(set(found.ledgers.values())))):
                flag = " (contested)" if r.contested else ""
                labels[r.id] = f"ledger: {r.label or r.id}{flag}"
    groups = {item: ("story", gid, labels.get(gid, gid)) for item, gid in found.stories.items()}
    groups.update(
        {item: ("ledger", gid, labels.get(gid, gid)) for item, gid in found.ledgers.items()}
    )
    return groups


# -- ledgers: bars on a shared log axis and the figure over time --------------------------------

BAR_W = 320
BAR_PAD = 10
CHART_W, CHART_H, CHART_PAD = 560, 170, 44
CHART_INSET = 16
"""Space between the value labels and the first mark of a chart."""


def log_x(value: float, scale: tuple[float, float], width: float, pad: float = 0) -> float:
    """Where ``value`` falls on a log scale drawn from ``pad`` to ``width - pad`` (clamped).

    >>> log_x(100, (10, 1000), 220, 10), log_x(1, (10, 1000), 220, 10)
    (110.0, 10.0)
    """
    lo, hi = scale
    if value <= 0 or hi <= lo:
        return pad
    share = (math.log10(value) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
    return round(pad + min(1.0, max(0.0, share)) * (width - 2 * pad), 1)


def ticks(scale: tuple[float, float]) -> list[float]:
    """Round values inside a scale: 1 to 9 times a power of ten, or fewer steps (1, 2, 3, 5;
    1, 2, 5; 1) when that makes more than eight.

    >>> ticks((549, 36411)), ticks((21, 300)), ticks((3175, 6300))
    ([1000, 2000, 3000, 5000, 10000, 20000, 30000], [30, 50, 100, 200, 300], [4000, 5000, 6000])
    """
    lo, hi = scale
    powers = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    found: list[float] = []
    for steps in (range(1, 10), (1, 2, 3, 5), (1, 2, 5), (1,)):
        found = [s * 10**p for p in powers for s in steps if lo <= s * 10**p <= hi]
        if len(found) <= 8:
            break
    return found


@dataclass
class LedgerRow:
    source: str
    outlet: str
    copies: list[str]
    dated: str  # when it was said, else published
    qualifier: str
    modality: str
    text: str
    interval: str
    document: str
    figure: str
    x1: float
    x2: float
    open_low: bool
    open_high: bool
    point: bool
    known: bool
    language: str = ""
    """The language of the entry's article (``Document.language``)."""
    sentence: str = ""
    """The sentence the figure was given in, in its article's words."""


def ledger_rows(
    ledger: Ledger, wording: dict[str, tuple[str | None, str | None]] | None = None
) -> tuple[list[LedgerRow], list[tuple[float, str]]]:
    """One row per entry (in order of when it was said) with its bar on the ledger's shared log
    axis, and the axis ticks (x, label). ``wording``: figure id -> (language, sentence)
    (:func:`~dossier.link.ledgers.ledger_wording`)."""
    wording = wording or {}
    entries = by_date(ledger.entries)
    scale = log_scale([(e.low, e.high) for e in entries])
    rows = []
    for e in entries:
        known = e.low is not None or e.high is not None
        x1 = BAR_PAD if e.low is None else log_x(e.low, scale, BAR_W, BAR_PAD)
        x2 = BAR_W - BAR_PAD if e.high is None else log_x(e.high, scale, BAR_W, BAR_PAD)
        rows.append(
            LedgerRow(
                source=e.source or "?",
                outlet=e.outlet or "",
                copies=list(e.outlets),
                dated=when(e) or "undated",
                qualifier=e.qualifier,
                modality=e.modality or "asserted",
                text=e.text or "",
                interval=interval_text(e.low, e.high, e.qualifier, e.vague),
                document=e.document,
                figure=e.figure,
                x1=x1,
                x2=x2,
                open_low=e.low is None and known,
                open_high=e.high is None and known,
                point=known and e.low is not None and e.low == e.high,
                known=known,
                language=wording.get(e.figure, (None, None))[0] or "",
                sentence=wording.get(e.figure, (None, None))[1] or "",
            )
        )
    axis = spaced([(log_x(v, scale, BAR_W, BAR_PAD), format_number(v)) for v in ticks(scale)], 44)
    return rows, axis


def spaced(marks: list[tuple[float, str]], gap: float) -> list[tuple[float, str]]:
    """Tick marks with the labels that would touch the previous label blanked (the tick stays).

    >>> spaced([(0, "1"), (10, "2"), (50, "5"), (-60, "9")], 40)
    [(0, '1'), (10, ''), (50, '5'), (-60, '9')]
    """
    out: list[tuple[float, str]] = []
    last: float | None = None
    for at, label in marks:
        if last is not None and abs(at - last) < gap:
            out.append((at, ""))
        else:
            out.append((at, label))
            last = at
    return out


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        try:
            return date.fromisoformat(value[:7] + "-01")
        except ValueError:
            return None


def time_chart(ledger: Ledger) -> dict[str, Any] | None:
    """The figure over time: one vertical stroke per dated entry (its interval on the log
    axis) at the date it was said (else published); ``None`` when no entry is dated and known."""
    points = [
        (d, e)
        for e in by_date(ledger.entries)
        if (d := _day(when(e)) or _day(e.published)) and (e.low is not None or e.high is not None)
    ]
    if not points:
        return None
    scale = log_scale([(e.low, e.high) for _, e in points])
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    inner_w = CHART_W - 2 * CHART_PAD - CHART_INSET
    seen: dict[date, int] = {}
    marks = []
    for d, e in points:
        nth = seen[d] = seen.get(d, -1) + 1
        share = 0.5 if first == last else (d - first).days / span
        x = CHART_PAD + CHART_INSET + share * inner_w + 7 * nth
        x = min(x, CHART_W - CHART_PAD / 2)

        def y(v: float | None, edge: float) -> float:
            if v is None:
                return edge
            return CHART_H - log_x(v, scale, CHART_H, CHART_PAD / 2)

        y_low, y_high = y(e.low, CHART_H - CHART_PAD / 2), y(e.high, CHART_PAD / 2)
        interval = interval_text(e.low, e.high, e.qualifier, e.vague)
        marks.append(
            {
                "x": round(x, 1),
                "y1": round(y_low, 1),
                "y2": round(y_high, 1),
                "point": e.low is not None and e.low == e.high,
                "open_low": e.low is None,
                "open_high": e.high is None,
                "modality": e.modality or "asserted",
                "title": f"{when(e)} {e.outlet or ''}: {interval}",
            }
        )
    y_ticks = spaced(
        [
            (round(CHART_H - log_x(v, scale, CHART_H, CHART_PAD / 2), 1), format_number(v))
            for v in ticks(scale)
        ],
        13,
    )
    return {
        "width": CHART_W,
        "height": CHART_H,
        "pad": CHART_PAD,
        "marks": marks,
        "y_ticks": y_ticks,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }


# -- pages -------------------------------------------------------------------------------------


def _store(request: Request) -> Store:
    return request.app.state.store


def page(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a template with the request, the JSON twin's path and the security headers."""
    context.setdefault("search_q", "")
    if "api" not in context:
        context["api"] = "/api" + request.url.path
        if request.url.query:
            context["api"] += "?" + request.url.query
    response = templates.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response


def not_found(request: Request, what: str) -> HTMLResponse:
    """The HTML 404 page."""
    return page(request, "404.html", {"what": what, "api": None}, status_code=404)


@router.get("/static/{name}")
def static(name: str) -> Response:
    """One of the UI's own static files (by name from :data:`STATIC`; nothing else)."""
    if name not in STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    body = files("dossier.api").joinpath("static", name).read_bytes()
    headers = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}
    return Response(body, media_type=STATIC[name], headers=headers)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    """Search box, counts, the latest stories and articles, the most contested ledgers."""
    store = _store(request)
    found = query.home(store, stories_shown=LIST_LIMIT // 2, ledgers_shown=LIST_LIMIT // 2)
    docs = query.list_documents(store, limit=LIST_LIMIT // 2).items
    return page(
        request,
        "home.html",
        {
            "counts": found.counts,
            "stories": [_story_summary(s) for s in found.stories],
            "ledgers": [_ledger_summary(x) for x in found.ledgers],
            "documents": docs,
            "api": "/api/home",
        },
    )


@router.get("/articles/{document_id}", response_class=HTMLResponse)
def article(request: Request, document_id: str) -> HTMLResponse:
    """An article with every record highlighted, a side panel of records and their links."""
    store = _store(request)
    try:
        ex = store.get(query.find_document_id(store, document_id))
    except (NotFoundError, query.AmbiguousIdError) as exc:
        return not_found(request, exc.message)
    groups = group_labels(store, ex)
    keys = entity_keys(store, ex.document.id)
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        copy_of = conn.execute(
            select(duplicates.c.original_id, documents.c.outlet)
            .join(documents, documents.c.id == duplicates.c.original_id, isouter=True)
            .where(duplicates.c.document_id == ex.document.id)
        ).first()
    marks = article_marks(ex)
    kept, skipped = place_marks(marks, len(ex.document.text))
    details = article_details(ex, groups, keys)
    doc = ex.document
    url = doc.url if doc.url and urlsplit(doc.url).scheme in ("http", "https") else None
    return page(
        request,
        "article.html",
        {
            "doc": doc,
            "url": url,
            "body": highlight(doc.text, kept),
            "details": details,
            "counts": {k: len(v) for k, v in details.items()},
            "skipped": len(skipped),
            "copy_of": copy_of,
            "api": f"/api/documents/{quote(doc.id)}",
        },
    )


def _ledger_summary(ledger: Ledger) -> dict[str, Any]:
    entries = ledger.entries
    lows = [e.low for e in entries if e.low is not None]
    highs = [e.high for e in entries if e.high is not None]
    spread = interval_text(min(lows + highs, default=None), max(lows + highs, default=None))
    return {
        "id": ledger.id,
        "label": ledger.label or ledger.id,
        "contested": ledger.contested,
        "sources": len({e.source or e.outlet or e.document for e in entries}),
        "documents": ledger.documents,
        "spread": spread,
    }


def _story_summary(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": clip(headline(story), 160),
        "plover": story.plover or "?",
        "time": story.time or "",
        "place": place_name(story),
        "documents": story.documents,
        "reports": len(story.reports),
        "disputed": story.disputed,
        "outlets": outlets(story),
        "languages": story.languages,
        "dates": date_span(story),
    }


@router.get("/ledgers", response_class=HTMLResponse)
def ledger_list(request: Request, q: str | None = None) -> HTMLResponse:
    """The ledgers, contested first; ``q`` keeps those whose label, unit or entries match."""
    found = list_ledgers(_store(request), q or None)
    api = "/api/ledgers" + (f"?{urlencode({'text': q})}" if q else "")
    context = {"q": q or "", "ledgers": [_ledger_summary(x) for x in found], "api": api}
    return page(request, "ledgers.html", context)


@router.get("/ledgers/{ledger_id}", response_class=HTMLResponse)
def ledger_page(request: Request, ledger_id: str) -> HTMLResponse:
    """One row per source on a shared log axis, and the figure over time."""
    store = _store(request)
    ledger = get_ledger(store, ledger_id) if ledger_id else None
    if ledger is None:
        return not_found(request, f"no ledger {ledger_id!r}")
    rows, axis = ledger_rows(ledger, ledger_wording(store, ledger))
    return page(
        request,
        "ledger.html",
        {
            "ledger": ledger,
            "summary": _ledger_summary(ledger),
            "rows": rows,
            "axis": axis,
            "bar_w": BAR_W,
            "chart": time_chart(ledger),
            "api": f"/api/ledgers/{quote(ledger.id)}",
        },
    )


@router.get("/stories", response_class=HTMLResponse)
def story_list(request: Request) -> HTMLResponse:
    """The stories, the most reported first."""
    found = list_stories(_store(request), limit=200)
    return page(request, "stories.html", {"stories": [_story_summary(s) for s in found]})


@router.get("/watch", response_class=HTMLResponse)
def watch_status(request: Request) -> HTMLResponse:
    """The watched sources (``dossier watch``): polls, errors and items by state."""
    from dossier.watch.state import status_rows

    rows = status_rows(_store(request))
    return page(request, "watch.html", {"rows": rows, "api": "/api/watch"})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    """The reports of a story on a timeline; the details they disagree on highlighted."""
    story = get_story(_store(request), story_id) if story_id else None
    if story is None:
        return not_found(request, f"no story {story_id!r}")
    reports = sorted(
        story.reports, key=lambda r: (r.published is None, r.published or "", r.outlet or "")
    )
    outlet_of = {r.document: r.outlet or r.document[:12] for r in story.reports}
    majority = story_majority(story)
    return page(
        request,
        "story.html",
        {
            "story": story,
            "summary": _story_summary(story),
            "reports": reports,
            "outlet_of": outlet_of,
            "majority": majority,
            "dissent": {
                (r.document, key)
                for r in story.reports
                for key in story.disputed
                if dissents(getattr(r, key), majority.get(key), key)
            },
            "api": f"/api/stories/{quote(story.id)}",
        },
    )


@router.get("/entities/{name:path}", response_class=HTMLResponse)
def entity_page(request: Request, name: str) -> HTMLResponse:
    """An actor's events as actor and as target over time, and whom it meets most."""
    view = find_entity(_store(request), name) if name.strip() else None
    if view is None:
        return not_found(request, f"no entity {name!r} (has the store been linked?)")
    as_actor = [e for e in view.events if e.role == "actor1"]
    as_target = [e for e in view.events if e.role == "actor2"]
    partners = [
        (other, label, n, None if other.startswith("code:") else entity_href(label))
        for other, label, n in view.partners[:LIST_LIMIT]
    ]
    return page(
        request,
        "entity.html",
        {
            "view": view,
            "as_actor": as_actor,
            "as_target": as_target,
            "partners": partners,
            "chart": entity_chart(view.events),
            "api": "/api" + entity_href(name),
        },
    )


def entity_chart(events: Sequence[Any]) -> dict[str, Any] | None:
    """Dots on a time axis: one lane for the events as actor, one as target."""
    dated = [(d, e) for e in events if (d := _day(e.when))]
    if not dated:
        return None
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max((last - first).days, 1)
    inner = CHART_W - 2 * CHART_PAD
    dots = [
        {
            "x": round(CHART_PAD + (0.5 if first == last else (d - first).days / span) * inner, 1),
            "y": 30 if e.role == "actor1" else 62,
            "title": f"{e.when} {e.plover}: {e.trigger}",
            "role": e.role,
        }
        for d, e in dated
    ]
    return {"width": CHART_W, "dots": dots, "first": first.isoformat(), "last": last.isoformat()}


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str = "",
    offset: int = 0,
    outlet: str = "",
    language: str = "",
    entity: str = "",
) -> HTMLResponse:
    """Documents and claims holding every term asked for (words, "quoted phrases",
    substrings), filtered by date, outlet, language or entity, a page at a time; the terms are
    marked in the snippets (escaped like all text). A date not in ISO form is ignored."""
    from dossier.store.search import Snippet, iso_date

    q = q.strip()
    offset = max(0, offset)
    filters = {
        "from": iso_date(request.query_params.get("from", "")),
        "to": iso_date(request.query_params.get("to", "")),
        "outlet": outlet.strip(),
        "language": language.strip(),
        "entity": entity.strip(),
    }
    found = query.search(
        _store(request),
        q,
        date_from=filters["from"] or None,
        date_to=filters["to"] or None,
        outlet=filters["outlet"] or None,
        language=filters["language"] or None,
        entity=filters["entity"] or None,
        limit=SEARCH_LIMIT,
        offset=offset,
    )
    more = offset + SEARCH_LIMIT if found.total > offset + SEARCH_LIMIT else None
    hits = [
        {"hit": h, "parts": Snippet(h.snippet, h.marks).parts() or [(h.snippet, False)]}
        for h in found.items
    ]
    params = {"q": q, **{k: v for k, v in filters.items() if v}}
    return page(
        request,
        "search.html",
        {
            "q": q,
            "search_q": q,
            "filters": filters,
            "documents": [x for x in hits if x["hit"].type == "document"],
            "claims": [x for x in hits if x["hit"].type == "claim"],
            "total": found.total,
            "offset": offset,
            "more": urlencode({**params, "offset": more}) if more else None,
            "api": f"/api/search?{urlencode({**params, 'offset': offset})}" if q else None,
        },
    )


@router.get("/alerts/{rule}.atom")
def alert_feed(request: Request, rule: str) -> Response:
    """The Atom feed of one alert rule's latest alerts (:mod:`dossier.alerts`)."""
    from dossier.alerts.deliver import atom_feed

    try:
        body = atom_feed(_store(request), rule, base_url=str(request.base_url))
    except NotFoundError as exc:
        return Response(exc.message, status_code=404, media_type="text/plain; charset=utf-8")
    return Response(body, media_type="application/atom+xml; charset=utf-8")
