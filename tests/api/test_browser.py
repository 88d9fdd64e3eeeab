"""The web UI in a real headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright).

The application runs under uvicorn on a free loopback port for the module, over the
multi-source set ``tests/fixtures/story/`` (added and linked) plus one hostile article.
Screenshots of the article and ledger pages go to ``test-artifacts/``; with
``DOSSIER_UPDATE_SCREENSHOTS=1`` also to ``docs/`` (the README's).

Skipped when Chromium or Playwright is missing, unless ``DOSSIER_REQUIRE_BROWSER=1``.
Nothing is downloaded: Playwright's own browsers are not used.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dossier import pipeline
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.link.ledgers import list_ledgers
from dossier.link.stories import list_stories
from dossier.model import Ledger
from dossier.store import Store, open_store

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_ENV = "DOSSIER_REQUIRE_BROWSER"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
STORY = ROOT / "tests" / "fixtures" / "story"
HOSTILE = """---
title: "<script>alert(1)</script> <b>Bold</b> headline"
published: 2026-03-12
outlet: "<b>Evil</b> Outlet"
url: "javascript:alert(3)"
---
YANGON (<b>Wire</b>) - The army said on Tuesday that <script>window.pwned = 1</script> at least \
40 people were killed in <img src=x onerror="window.pwned = 2">Sagaing, officials said.
"""
TIMEOUT_MS = 10_000


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed"
    return None


_why = _missing()
if _why is not None:
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{_why} and {REQUIRE_ENV}=1", pytrace=False)
    pytest.skip(_why, allow_module_level=True)

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def store(nlp, tmp_path_factory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    with open_store(folder / "web.db") as store:
        summary = pipeline.add(store, nlp, read_paths([*sorted(STORY.glob("*.txt")), hostile]))
        assert not summary.failed
        link_all(store)
        yield store


@pytest.fixture(scope="module")
def base_url(store) -> Iterator[str]:
    import uvicorn

    from dossier.api.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # no script error and no blocked script on any page


def toll_ledger(store: Store) -> Ledger:
    return next(x for x in list_ledgers(store) if x.measure == "killed")


def screenshot(page: Page, name: str, readme: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if readme and os.environ.get("DOSSIER_UPDATE_SCREENSHOTS") == "1":
        page.screenshot(path=str(ROOT / "docs" / f"screenshot-{name}.png"))


def test_click_a_figure_and_see_its_source(page, base_url, store):
    entry = next(e for e in toll_ledger(store).entries if e.outlet == "Meridian Wire")
    ex = store.get(entry.document)
    figure = next(f for f in ex.figures if f.id == entry.figure)
    claim = next(c for c in ex.claims if c.id == figure.claim)
    page.goto(f"{base_url}/articles/{ex.document.id}")
    selected = page.locator("#selected")
    expect(selected).not_to_contain_text(claim.source.text)
    page.locator(f'#text mark.hl-figure[data-rec="{figure.id}"]').click()
    expect(selected).to_contain_text(figure.text)
    expect(selected).to_contain_text(claim.source.text)
    expect(selected.locator(f'a[href="/ledgers/{toll_ledger(store).id}"]')).to_be_visible()
    expect(page.locator(f'#text mark.hl-figure[data-rec="{figure.id}"]')).to_have_class(
        "hl hl-figure active"
    )
    screenshot(page, "article", readme=True)
    # The claim named in the figure's detail is one click away.
    selected.locator(f'a[data-rec="{claim.id}"]').click()
    expect(selected).to_contain_text(claim.cue.text)
    expect(selected.locator("h3")).to_contain_text("claim")
    # An event of the story, picked from the side panel, names its story.
    story = list_stories(store)[0]
    event = next(r.event for r in story.reports if r.document == ex.document.id)
    page.locator(f'aside a.rec-link[data-rec="{event}"]').click()
    expect(selected.locator(f'a[href="/stories/{story.id}"]')).to_be_visible()
    expect(page.locator(f'#text [data-rec="{event}"]')).to_have_class("hl hl-event active")


def test_ledger_page_shows_one_row_per_source(page, base_url, store):
    ledger = toll_ledger(store)
    page.goto(f"{base_url}/ledgers/{ledger.id}")
    rows = page.locator("#ledger-rows tbody tr")
    expect(rows).to_have_count(len({e.source or e.outlet for e in ledger.entries}))
    for entry in ledger.entries:
        expect(rows.filter(has_text=entry.outlet or "")).to_have_count(1)
    expect(page.locator(".badge.contested").first).to_be_visible()
    expect(page.locator("svg.chart")).to_be_visible()
    screenshot(page, "ledger", readme=True)


def test_hostile_article_renders_as_text_and_runs_nothing(page, base_url, store):
    doc = next(d for d in store.list_documents(limit=100) if d.outlet == "<b>Evil</b> Outlet")
    page.goto(f"{base_url}/articles/{doc.id}")
    expect(page.locator("#text")).to_contain_text("<script>window.pwned = 1</script>")
    expect(page.locator("#text")).to_contain_text('<img src=x onerror="window.pwned = 2">')
    expect(page.locator("h1")).to_have_text("<script>alert(1)</script> <b>Bold</b> headline")
    expect(page.get_by_text("<b>Evil</b> Outlet").first).to_be_visible()
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.locator("#text img, #text script, h1 b").count() == 0
    screenshot(page, "hostile")
