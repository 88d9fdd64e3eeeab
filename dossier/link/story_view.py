"""Stories as terminal tables (the ``stories`` and ``story`` commands)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from dossier.link.eventmatch import time_interval
from dossier.model import Story
from dossier.shell import clip

SENTENCE_WIDTH = 70


def place_name(story: Story) -> str:
    """The place name the story's reports give most often ('' when none does)."""
    names = Counter(r.place for r in story.reports if r.place and not r.copy_of)
    return names.most_common(1)[0][0] if names else ""


def outlets(story: Story) -> list[str]:
    """Every outlet that ran the story, copies included, in report order."""
    return list(dict.fromkeys(r.outlet or r.document[:12] for r in story.reports))


def headline(story: Story) -> str:
    """The story's title, else its type and time, else its first report's sentence."""
    if story.title:
        return story.title
    fallback = " ".join(x for x in (story.plover, story.time) if x)
    return fallback or (story.reports[0].sentence or "" if story.reports else "")


def date_span(story: Story) -> str:
    """The publication dates of its reports: "2025-10-07", "2025-10-07 to 2025-10-09"."""
    if story.first and story.last and story.first != story.last:
        return f"{story.first} to {story.last}"
    return story.first or story.last or ""


def story_majority(story: Story) -> dict[str, str | None]:
    """For each disputed detail, what the story says: its own time, else the value most of its
    original reports give."""
    originals = [r for r in story.reports if not r.copy_of]
    found: dict[str, str | None] = {}
    for key in story.disputed:
        counts = Counter(getattr(r, key) for r in originals if getattr(r, key))
        found[key] = min(counts, key=lambda v: (-counts[v], v)) if counts else None
    if "time" in story.disputed and story.time:
        found["time"] = story.time
    return found


def dissents(value: str | None, majority: str | None, key: str) -> bool:
    """Whether a report's detail differs from what most reports say; a time that contains the
    majority's ("2026-W11" and "2026-03-10") does not.

    >>> dissents("2026-03-09", "2026-03-10", "time"), dissents("2026-W11", "2026-03-10", "time")
    (True, False)
    >>> dissents("MMRMIL", "MMRMIL", "actor1"), dissents(None, "MMR", "actor1")
    (False, False)
    """
    if not value or not majority or value == majority:
        return False
    if key == "time":
        outer, inner = time_interval(value), time_interval(majority)
        return not (outer and inner and outer[0] <= inner[0] and inner[1] <= outer[1])
    return True


def stories_table(stories: Sequence[Story]) -> Table:
    """One row per story: id, title (who did what to whom, where, when), type, the span of
    publication dates, sources, outlets and languages, disputed details."""
    columns = ("story", "title", "type", "reported", "sources", "outlets", "disputed")
    table = Table(*columns)
    for story in stories:
        languages = f" [{', '.join(story.languages)}]" if len(story.languages) > 1 else ""
        table.add_row(
            *map(
                Text,
                (
                    story.id,
                    clip(headline(story), SENTENCE_WIDTH),
                    story.plover or "",
                    date_span(story),
                    str(story.documents),
                    clip(", ".join(outlets(story)), 40) + languages,
                    ", ".join(story.disputed),
                ),
            )
        )
    return table


def story_table(story: Story) -> Table:
    """One row per report, on a timeline (publication date), with the details each gives;
    a detail on which the reports disagree is shown in bold yellow."""
    disputed = set(story.disputed)
    title = (
        f"{story.id}: {headline(story)} ({story.plover or 'no type'}), "
        f"{story.documents} sources, reported {date_span(story) or 'on unknown dates'}"
    )
    if story.languages:
        title += f" in {', '.join(story.languages)}"
    if story.shared:
        title += f"\ngrouped on: {', '.join(story.shared)}"
    if disputed:
        title += f"\nreports disagree on: {', '.join(story.disputed)}"
    table = Table(
        "published", "outlet", "time", "place", "actor1", "actor2", "says", title=Text(title)
    )
    for r in story.reports:
        outlet = f"{r.outlet or r.document[:12]}" + (" (copy)" if r.copy_of else "")

        def cell(value: str | None, field: str) -> Text:
            return Text(value or "", style="bold yellow" if field in disputed and value else "")

        table.add_row(
            Text(r.published or ""),
            Text(outlet, style="dim" if r.copy_of else ""),
            cell(r.time, "time"),
            cell(r.place, "place"),
            cell(r.actor1, "actor1"),
            cell(r.actor2, "actor2"),
            Text(clip(r.sentence, SENTENCE_WIDTH)),
        )
    return table
