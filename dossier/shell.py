"""What the command-line shells share: the consoles, the one error handler, common options.

Every DossierError becomes one line ``error: ...`` on stderr and the error's exit status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from dossier.errors import DossierError

out = Console()
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

ModelOpt = Annotated[
    str,
    typer.Option("--model", help="Installed spaCy model (name or path)", envvar="DOSSIER_MODEL"),
]


def clear_errors(func: F) -> F:
    """Turn a DossierError raised by a command into one clear line and its exit status."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DossierError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress() -> Iterator[Progress]:
    """A progress bar on stderr for long work; silent when stderr is not a terminal."""
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        yield bar


def stage_progress(bar: Progress) -> Callable[[str, int, int], None]:
    """A ``link_all`` progress callback: one bar line per stage, made when the stage starts."""
    tasks: dict[str, TaskID] = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=None)
        bar.update(tasks[stage], completed=done, total=total)

    return on_progress


def clip(text: str | None, width: int) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis.

    >>> clip("The Duma   ratified\\nthe pact.", 14), clip(None, 5), clip("a long\\ntitle", 4)
    ('The Duma rati…', '', 'a l…')
    """
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
