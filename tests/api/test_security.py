"""What a web page cannot do to a local ``dossier serve``: post from another origin (a form
needs no CORS preflight), read or write through a rebound name (DNS rebinding), or write
without the token; and what the user who opened the printed URL can do (upload with the
cookie). Through the API (TestClient), the ``serve`` command, and one real uvicorn server.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from spacy.language import Language
from typer.testing import CliRunner

from dossier import cli
from dossier.api.app import create_app
from dossier.api.security import COOKIE_PREFIX

ARTICLE = (
    "KHARKIV (Test Wire) - Russian forces shelled the city of Kharkiv on Monday, killing "
    "at least 4 civilians, the regional governor said."
)
TOKEN = "t0ken-for-tests"
OWN = "http://testserver"  # the origin of TestClient's requests
EVIL = "https://evil.example"


def form(name: str = "a.txt", text: str = ARTICLE) -> dict:
    """A multipart form post of one article, as a browser's upload form sends it."""
    return {"files": {"file": (name, text.encode(), "text/plain")}}


def error_code(response: httpx.Response) -> str:
    return response.json()["error"]["code"]


@pytest.fixture
def app(nlp: Language, tmp_path: Path) -> Iterator[FastAPI]:
    """An app over an empty store with the token ``TOKEN``, TestClient's Host allowed."""
    app = create_app(str(tmp_path / "sec.db"), token=TOKEN, allow_hosts=["testserver"])
    app.state.nlp = nlp
    yield app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def total(client: TestClient) -> int:
    return client.get("/api/documents").json()["total"]


def log_in(client: TestClient, token: str = TOKEN) -> httpx.Response:
    """Open ``/?token=`` as the user does with the printed URL (sets the cookie)."""
    return client.get(f"/?token={token}", follow_redirects=False)


# -- Host ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_foreign_host_is_refused_for_reads_and_writes(client, host):
    for response in (
        client.get("/", headers={"Host": host}),
        client.get("/api/documents", headers={"Host": host}),
        client.post(
            "/api/documents",
            json={"text": ARTICLE},
            headers={"Host": host, "Authorization": f"Bearer {TOKEN}"},
        ),
    ):
        assert response.status_code == 400, response.text
        assert error_code(response) == "host_not_allowed"
        assert "--allow-host" in response.json()["error"]["message"]
    assert total(client) == 0


@pytest.mark.parametrize("host", ["", "a b", "[::1", "localhost:99999", "::1"])
def test_a_malformed_host_is_refused(client, host):
    response = client.get("/api/documents", headers={"Host": host})
    assert response.status_code == 400 and error_code(response) == "host_not_allowed"


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST.", "127.0.0.2"],
)
def test_loopback_hosts_are_served(client, host):
    assert client.get("/api/documents", headers={"Host": host}).status_code == 200


def test_the_bound_host_and_allowed_hosts_are_served_and_testserver_only_when_allowed(tmp_path):
    app = create_app(str(tmp_path / "h.db"), host="10.1.2.3", allow_hosts=["news.lan"])
    with TestClient(app) as client:
        for host in ("10.1.2.3:8000", "news.lan", "NEWS.LAN:8000"):
            assert client.get("/api/home", headers={"Host": host}).status_code == 200, host
        assert client.get("/api/home").status_code == 400  # "testserver": not allowed here


# -- Origin -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "http://localhost:3000"},  # same site, other port: another local server
        {"Origin": "https://testserver"},  # other scheme, other port
        {"Origin": "null"},  # a sandboxed frame or a data: page
        {"Referer": f"{EVIL}/page.html"},
        {"Origin": OWN, "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_cross_origin_form_post_is_refused_even_with_the_cookie(client, headers):
    assert log_in(client).status_code == 303  # the victim has opened the UI: the cookie is set
    response = client.post("/api/documents", **form(), headers=headers)
    assert response.status_code == 403, response.text
    assert error_code(response) == "cross_origin"
    with_token = client.post(
        "/api/documents", **form(), headers={**headers, "Authorization": f"Bearer {TOKEN}"}
    )
    assert with_token.status_code == 403
    assert total(client) == 0


def test_a_same_origin_upload_with_the_cookie_from_the_url_works(client):
    assert client.post("/api/documents", **form(), headers={"Origin": OWN}).status_code == 401
    opened = log_in(client)
    assert opened.status_code == 303
    assert opened.headers["location"] == "/"  # the token leaves the address bar
    cookie = opened.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_PREFIX}80={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    response = client.post("/api/documents", **form(), headers={"Origin": OWN})
    assert response.status_code == 201, response.text
    assert total(client) == 1
    # a form on a page with Referrer-Policy: no-referrer posts Origin: null, same-origin
    null = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    again = client.post("/api/documents", **form("b.txt", ARTICLE + " More."), headers=null)
    assert again.status_code == 201, again.text
    # the Referer stands in for a missing Origin
    referer = client.post(
        "/api/documents", json={"text": ARTICLE + " Third."}, headers={"Referer": f"{OWN}/x"}
    )
    assert referer.status_code == 201, referer.text


def test_the_token_in_the_url_keeps_the_rest_of_the_query_and_a_wrong_one_is_refused(client):
    kept = client.get(f"/search?q=Kharkiv&token={TOKEN}", follow_redirects=False)
    assert kept.status_code == 303 and kept.headers["location"] == "/search?q=Kharkiv"
    wrong = log_in(client, "guess")
    assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
    odd = httpx.URL(f"http://testserver//evil.example/?token={TOKEN}")
    assert odd.path == "//evil.example/"
    moved = client.get(odd, follow_redirects=False)
    assert moved.headers["location"] == "/evil.example/"  # never a redirect to another host


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer guess"},
        {"Authorization": TOKEN},  # not a bearer token
        {"Cookie": f"{COOKIE_PREFIX}80={TOKEN}"},  # a cookie without Origin: not taken
    ],
)
def test_a_write_without_origin_needs_a_valid_bearer_token(client, headers):
    response = client.post("/api/documents", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert total(client) == 0


def test_a_same_origin_write_with_a_wrong_token_is_refused(client):
    wrong_cookie = {"Origin": OWN, "Cookie": f"{COOKIE_PREFIX}80=guess"}
    assert client.post("/api/documents", **form(), headers=wrong_cookie).status_code == 401
    wrong_bearer = {"Origin": OWN, "Authorization": "Bearer guess"}
    response = client.post("/api/documents", **form(), headers=wrong_bearer)
    assert response.status_code == 401 and response.json()["error"]["message"] == "wrong token"
    other_port = {"Origin": OWN, "Cookie": f"{COOKIE_PREFIX}8000={TOKEN}"}  # another server's
    assert client.post("/api/documents", **form(), headers=other_port).status_code == 401
    assert total(client) == 0


def test_a_non_browser_client_writes_with_the_bearer_token(client):
    response = client.post(
        "/api/documents", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 201, response.text


def test_reads_need_no_token_and_no_origin(client):
    assert client.get("/api/documents", headers={"Origin": EVIL}).status_code == 200


def test_without_a_token_argument_one_is_made(tmp_path):
    made = [create_app(f"{tmp_path}/{i}.db") for i in range(2)]
    tokens = [app.state.token for app in made]
    assert all(len(t) >= 40 for t in tokens) and tokens[0] != tokens[1]
    assert all(app.state.token_generated for app in made)
    for app in made:
        app.state.store.close()


def test_no_token_lets_local_clients_write_but_not_other_origins(nlp, tmp_path):
    app = create_app(str(tmp_path / "open.db"), no_token=True, allow_hosts=["testserver"])
    app.state.nlp = nlp
    with TestClient(app) as client:
        assert app.state.token is None
        refused = client.post("/api/documents", **form(), headers={"Origin": EVIL})
        assert refused.status_code == 403
        assert client.post("/api/documents", json={"text": ARTICLE}).status_code == 201
        assert log_in(client).status_code == 200  # no token to set: the page is shown


# -- the serve command --------------------------------------------------------------------------


def serve(monkeypatch, args: list[str]) -> tuple[FastAPI, dict, str]:
    """Run ``dossier serve ARGS`` with uvicorn.run caught: (app, uvicorn's kwargs, output)."""
    import uvicorn

    calls: list[tuple[FastAPI, dict]] = []
    monkeypatch.delenv("DOSSIER_TOKEN", raising=False)
    monkeypatch.delenv("DOSSIER_ALLOW_PRIVATE_FETCH", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli.app, ["serve", *args])
    assert result.exit_code == 0, result.output
    ((app, kwargs),) = calls
    return app, kwargs, result.output


def printed_url(output: str) -> str:
    found = re.search(r"http://\S+", output)
    assert found, output
    return found.group(0)


def test_serve_makes_a_token_and_prints_the_url_with_it(monkeypatch, tmp_path, nlp):
    app, _, output = serve(monkeypatch, ["--db", str(tmp_path / "s.db"), "--port", "8765"])
    url = printed_url(output)
    assert url == f"http://127.0.0.1:8765/?token={app.state.token}"
    assert "warning" not in output
    app.state.nlp = nlp
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        assert client.post("/api/documents", **form()).status_code == 401
        assert client.get(url).status_code == 200  # follows the redirect; sets the cookie
        response = client.post(
            "/api/documents", **form(), headers={"Origin": "http://127.0.0.1:8765"}
        )
        assert response.status_code == 201, response.text


def test_serve_with_a_given_token_prints_no_token(monkeypatch, tmp_path):
    monkeypatch.setenv("DOSSIER_TOKEN", "mine")
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    result = CliRunner().invoke(cli.app, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert printed_url(result.output) == "http://127.0.0.1:8000/"
    assert calls[0].state.token == "mine" and "mine" not in result.output
    calls[0].state.store.close()


def test_serve_no_token_warns_and_is_refused_beyond_loopback(monkeypatch, tmp_path):
    db = str(tmp_path / "s.db")
    app, _, output = serve(monkeypatch, ["--db", db, "--no-token"])
    assert app.state.token is None
    assert "warning" in output and "--no-token" in output
    app.state.store.close()
    refused = CliRunner().invoke(cli.app, ["serve", "--db", db, "--no-token", "--host", "::"])
    assert refused.exit_code == 3 and "--no-token" in refused.output
    both = CliRunner().invoke(cli.app, ["serve", "--db", db, "--no-token", "--token", "x"])
    assert both.exit_code == 3


def test_serve_passes_allowed_hosts_and_the_private_fetch_flag(monkeypatch, tmp_path):
    db = str(tmp_path / "s.db")
    args = ["--db", db, "--host", "0.0.0.0", "--allow-host", "news.lan", "--allow-host", "x.lan"]
    app, kwargs, _ = serve(monkeypatch, args)
    assert kwargs["host"] == "0.0.0.0"
    assert {"news.lan", "x.lan", "0.0.0.0", "localhost"} <= app.state.allowed_hosts
    assert not app.state.fetch_config.allow_private
    app.state.store.close()
    monkeypatch.setenv("DOSSIER_ALLOW_PRIVATE_FETCH", "1")
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    result = CliRunner().invoke(cli.app, ["serve", "--db", db])
    assert result.exit_code == 0 and "--allow-private-fetch" in result.output
    assert calls[0].state.fetch_config.allow_private
    calls[0].state.store.close()


# -- one real server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live(monkeypatch, tmp_path, nlp) -> Iterator[tuple[str, FastAPI]]:
    """The app of ``dossier serve --port P`` under a real uvicorn on 127.0.0.1:P, and the URL
    it printed."""
    import uvicorn

    port = free_port()
    app, _, output = serve(monkeypatch, ["--db", str(tmp_path / "live.db"), "--port", str(port)])
    app.state.nlp = nlp
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield printed_url(output), app
    server.should_exit = True
    thread.join(timeout=10)


def test_a_real_server_refuses_the_attacks_and_takes_the_users_upload(live):
    url, app = live
    origin = url.split("/?")[0]
    with httpx.Client(base_url=origin, timeout=30) as browser:
        # a page on evil.example posting a form: no cookie (SameSite=Strict), foreign Origin
        attack = browser.post("/api/documents", **form(), headers={"Origin": EVIL})
        assert attack.status_code == 403
        # evil.example rebound to 127.0.0.1: the Host is evil.example
        rebound = browser.get("/api/documents", headers={"Host": "evil.example:80"})
        assert rebound.status_code == 400
        assert browser.post("/api/documents", json={"text": ARTICLE}).status_code == 401
        # the user opens the printed URL, then uploads from the page
        opened = browser.get(url, follow_redirects=True)
        assert opened.status_code == 200 and "token" not in str(opened.url)
        assert browser.cookies.get(f"{COOKIE_PREFIX}{origin.rsplit(':', 1)[1]}") == app.state.token
        response = browser.post("/api/documents", **form(), headers={"Origin": origin})
        assert response.status_code == 201, response.text
        assert browser.get("/api/documents").json()["total"] == 1


CHROMIUM = Path("/usr/bin/chromium")
EVIL_PAGE = """<!doctype html><html><body><script>
const fd = new FormData();
fd.append("file", new Blob(["%s"], {type: "text/plain"}), "a.txt");
fetch("%s/api/documents", {method: "POST", mode: "no-cors", credentials: "include", body: fd})
  .then(() => { document.title = "sent"; }, () => { document.title = "failed"; });
</script></body></html>"""
OWN_UPLOAD = """async () => {
  const fd = new FormData();
  fd.append("file", new Blob([%r], {type: "text/plain"}), "a.txt");
  const r = await fetch("/api/documents", {method: "POST", body: fd});
  return r.status;
}"""


def test_in_a_real_browser_another_site_cannot_post_and_the_ui_can(live, httpserver):
    """Chromium: the user opens the printed URL; a page on another origin posts a multipart
    file to the API with the browser's credentials (refused, nothing stored); a script on the
    server's own page posts the same (stored, with the cookie)."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    url, app = live
    origin = url.split("/?")[0]
    evil = EVIL_PAGE % (ARTICLE, origin)
    httpserver.expect_request("/evil.html").respond_with_data(evil, content_type="text/html")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(10_000)
            page.goto(url)
            assert page.url == f"{origin}/"
            page.goto(httpserver.url_for("/evil.html"))  # http://localhost:PORT: another site
            page.wait_for_function("document.title !== ''")
            assert app.state.store.counts()["documents"] == 0
            page.goto(f"{origin}/")
            assert page.evaluate(OWN_UPLOAD % ARTICLE) == 201
            assert app.state.store.counts()["documents"] == 1
        finally:
            browser.close()
