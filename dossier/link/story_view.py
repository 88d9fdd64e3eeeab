"""Stories as terminal tables (the ``stories`` and ``story`` commands)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

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


def stories_table(stories: Sequence[Story]) -> Table:
    """One row per story: id, type, time, place, sources, outlets, disputed details, headline
    sentence (the first report's)."""
    columns = ("story", "type", "time", "place", "sources", "outlets", "disputed", "first report")
    table = Table(*columns)
    for story in stories:
        first = story.reports[0].sentence if story.reports else ""
        table.add_row(
            *map(
                Text,
                (
                    story.id,
                    story.plover or "",
                    story.time or "",
                    place_name(story),
                    str(story.documents),
                    clip(", ".join(outlets(story)), 40),
                    ", ".join(story.disputed),
                    clip(first, SENTENCE_WIDTH),
                ),
            )
        )
    return table


def story_table(story: Story) -> Table:
    """One row per report, on a timeline (publication date), with the details each gives;
    a detail on which the reports disagree is shown in bold yellow."""
    disputed = set(story.disputed)
    title = (
        f"{story.id}: {story.plover or ''} on {story.time or 'an unknown date'}"
        f"{' in ' + place_name(story) if place_name(story) else ''}, "
        f"{story.documents} sources"
    )
    if disputed:
        title += f"; reports disagree on: {', '.join(story.disputed)}"
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
