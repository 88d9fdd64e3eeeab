"""``link_all``: every link stage in order, each incremental (what ``dossier link`` runs).

Duplicates come first (stories and ledgers count a copy once), then entities across
documents, then stories, then ledgers (a ledger reads the stories its figures belong to).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from sqlalchemy import func, select

from dossier.link.duplicates import (
    DEFAULT_THRESHOLD,
    LinkSummary,
    link_duplicates,
    list_duplicates,
)
from dossier.link.entities import link_entities
from dossier.link.groups import GroupSummary, rewrite_groups
from dossier.link.ledgers import LedgerGrouping, link_ledgers
from dossier.link.stories import StoryGrouping, link_stories
from dossier.store import Store
from dossier.store.failures import translating
from dossier.store.schema import ledgers, stories

StageProgress = Callable[[str, int, int], None]
"""Called with (stage name, done, total)."""


@dataclass
class LinkAllSummary:
    duplicates: LinkSummary
    entities: object
    stories: GroupSummary
    ledgers: GroupSummary
    counts: dict[str, int] = field(default_factory=dict)
    """Stories and ledgers in the store after the run."""
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The summary as plain data (for ``--json``)."""
        entities = self.entities
        return {
            "summary": self.duplicates.__dict__,
            "entities": entities.__dict__ if hasattr(entities, "__dict__") else entities,
            "stories": asdict(self.stories),
            "ledgers": asdict(self.ledgers),
            "counts": self.counts,
            "seconds": self.seconds,
        }


def link_all(
    store: Store,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    rebuild: bool = False,
    ledger_method: str = "lexical",
    on_progress: StageProgress | None = None,
) -> LinkAllSummary:
    """Run every link stage over the articles not yet linked (all of them with ``rebuild``).
    ``ledger_method``: ``lexical`` or ``hybrid`` (see
    :class:`~dossier.link.ledgers.LedgerGrouping`)."""
    started = time.perf_counter()

    def stage(name: str) -> Callable[[int, int], None] | None:
        if on_progress is None:
            return None
        return lambda done, total: on_progress(name, done, total)

    before = _copy_pairs(store)
    dup = link_duplicates(store, threshold=threshold, rebuild=rebuild, on_progress=stage("copies"))
    changed = {d for pair in before ^ _copy_pairs(store) for d in pair}
    ent = link_entities(store)
    regroup = rebuild or dup.rebuilt
    sto = link_stories(store, rebuild=regroup, on_progress=stage("stories"))
    grouping = LedgerGrouping(ledger_method)
    led = link_ledgers(store, grouping=grouping, rebuild=regroup, on_progress=stage("ledgers"))
    if changed and not regroup:
        # A document that became a copy (or an original) changes what its groups show.
        rewrite_groups(store, StoryGrouping(), changed)
        rewrite_groups(store, grouping, changed)
    with translating("cannot read the store", store.source), store.engine.connect() as conn:
        counts = {
            "stories": int(conn.scalar(select(func.count()).select_from(stories)) or 0),
            "ledgers": int(conn.scalar(select(func.count()).select_from(ledgers)) or 0),
        }
    return LinkAllSummary(dup, ent, sto, led, counts, time.perf_counter() - started)


def _copy_pairs(store: Store) -> set[tuple[str, str]]:
    return {(r.document, r.original) for r in list_duplicates(store)}
