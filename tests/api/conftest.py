"""A linked store for the API tests, and clients over it.

The store holds the multi-source test set of ``tests/fixtures/story/`` (an air strike told by
several outlets, a syndicated copy, an earlier strike, a budget vote) plus the short articles
below, written for these tests: a drone attack on which two capitals accuse each other (events
with a country on either side), and an article with SQL wildcards and quotes in its text.
It is built once per session; tests that write use their own empty store.

The PostgreSQL variant needs the server named by ``$DOSSIER_TEST_POSTGRES`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``); without one it is skipped, unless
``DOSSIER_REQUIRE_POSTGRES=1``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language
from sqlalchemy import make_url

from dossier import pipeline
from dossier.api.app import create_app
from dossier.ingest import read_paths
from dossier.link import link_all
from dossier.store import Store, open_store

STORY = Path(__file__).resolve().parents[1] / "fixtures" / "story"
TEST_HOSTS = ["testserver"]
"""The Host of FastAPI's TestClient, allowed by the test apps (never by ``dossier serve``)."""


def auth(app) -> dict[str, str]:
    """The Authorization header with ``app``'s write token."""
    return {"Authorization": f"Bearer {app.state.token}"}


ARTICLES = {
    "drone-attack.md": """---
title: Russia accuses Ukraine of drone attack on airfield
published: 2025-06-02
outlet: Test Wire
---
MOSCOW (Test Wire) - Russia accused Ukraine on Monday of attacking an airfield near Kursk with
12 drones, the defence ministry said.

Ukraine's foreign ministry denied the accusation and said Russian forces had shelled the city of
Kharkiv overnight, killing at least 4 civilians.
""",
    "drone-reply.md": """---
title: Ukraine rejects Moscow's account of airfield strike
published: 2025-06-05
outlet: Other Post
---
KYIV (Other Post) - Ukraine rejected Russia's account of the strike on Tuesday. Ukrainian
officials said 100% of the drones were aimed at military targets and that the "so-called"
airfield_7 base had been used to launch missiles.

Poland's prime minister said his government would send aid to Kharkiv.
""",
}


def write_articles(folder: Path) -> list[Path]:
    """The articles above as files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in ARTICLES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def fill(store: Store, nlp: Language, folder: Path) -> None:
    """Add the test articles to ``store`` and link them."""
    paths = sorted(STORY.glob("*.txt")) + write_articles(folder)
    summary = pipeline.add(store, nlp, read_paths(paths))
    assert not summary.failed, summary.failed
    link_all(store)


@pytest.fixture(scope="session")
def api_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A linked SQLite store of the test articles (read-only for the tests)."""
    tmp = tmp_path_factory.mktemp("api")
    with open_store(tmp / "api.db") as store:
        fill(store, nlp, tmp / "articles")
        yield store


@pytest.fixture(scope="session")
def pg_store(nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The same store on a fresh PostgreSQL database."""
    import psycopg

    admin = os.environ.get("DOSSIER_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        if os.environ.get("DOSSIER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL at {make_url(admin)!s}: {exc}")
        pytest.skip(f"no PostgreSQL at {make_url(admin)!s}: {exc}")
    name = f"dossier_api_{uuid.uuid4().hex[:12]}"
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin).set(database=name).render_as_string(hide_password=False)
        with open_store(url) as store:
            fill(store, nlp, tmp_path_factory.mktemp("api-pg"))
            yield store
    finally:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def client(api_store: Store) -> TestClient:
    """A client of the API over the shared store (reads need no token; TestClient's Host is
    ``testserver``, allowed here only)."""
    return TestClient(create_app(store=api_store, allow_hosts=TEST_HOSTS))


@pytest.fixture
def write_client(nlp: Language, tmp_path: Path) -> Iterator[TestClient]:
    """A client of the API over a fresh empty store, with the session's pipeline, sending the
    server's (generated) token."""
    app = create_app(str(tmp_path / "write.db"), allow_hosts=TEST_HOSTS)
    app.state.nlp = nlp
    with TestClient(app, headers=auth(app)) as client:
        yield client
