"""The JSON API, through FastAPI's test client: every endpoint, filter and error."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dossier import cli
from dossier.api import routes
from dossier.api.app import create_app
from dossier.store import Store
from dossier.store import query as q
from dossier.store.search import parse_query

HOSTS = ["testserver"]  # TestClient's Host, allowed by the test apps only

PAGE_KEYS = {"items", "total", "limit", "offset"}


def get(client: TestClient, url: str, status: int = 200, **params) -> dict:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def all_items(client: TestClient, url: str, **params) -> list[dict]:
    body = get(client, url, limit=200, **params)
    assert body["total"] == len(body["items"])
    return body["items"]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


# -- home, documents ----------------------------------------------------------------------------


def test_home_has_the_latest_stories_the_contested_ledgers_first_and_the_counts(client, api_store):
    body = get(client, "/api/home")
    assert body["counts"] == api_store.counts()
    assert [s["id"] for s in body["stories"]] == [s.id for s in q.list_stories(api_store).items]
    assert body["ledgers"], "the test set has a contested ledger"
    flags = [ledger["contested"] for ledger in body["ledgers"]]
    assert flags[0] is True
    assert flags == sorted(flags, reverse=True)


def test_documents_list_without_text_latest_published_first(client, api_store):
    items = all_items(client, "/api/documents")
    assert len(items) == api_store.counts()["documents"]
    assert all("text" not in d and d["length"] > 0 for d in items)
    dates = [d["published"] for d in items]
    assert dates == sorted(dates, reverse=True)


def test_documents_filters(client):
    everything = all_items(client, "/api/documents")
    wire = all_items(client, "/api/documents", outlet="meridian wire")
    assert wire and {d["outlet"] for d in wire} == {"Meridian Wire"}
    assert len(wire) == sum(d["outlet"] == "Meridian Wire" for d in everything)
    march = all_items(
        client, "/api/documents", published_from="2026-03-11", published_to="2026-03-12"
    )
    assert march and all("2026-03-11" <= d["published"] <= "2026-03-12" for d in march)
    assert len(march) == sum("2026-03-11" <= d["published"] <= "2026-03-12" for d in everything)
    month = all_items(client, "/api/documents", published_from="2026-03", published_to="2026-03")
    assert {d["id"] for d in month} == {
        d["id"] for d in everything if d["published"].startswith("2026-03")
    }


def test_pagination_pages_are_disjoint_slices_of_the_list(client):
    everything = [d["id"] for d in all_items(client, "/api/documents")]
    assert len(everything) > 4
    first = get(client, "/api/documents", limit=2, offset=0)
    second = get(client, "/api/documents", limit=2, offset=2)
    assert set(first) == PAGE_KEYS
    assert (first["limit"], first["offset"], second["offset"]) == (2, 0, 2)
    assert first["total"] == second["total"] == len(everything)
    assert [d["id"] for d in first["items"] + second["items"]] == everything[:4]
    beyond = get(client, "/api/documents", offset=len(everything))
    assert beyond["items"] == [] and beyond["total"] == len(everything)


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "ten"}, {"published_from": "May"}],
)
def test_bad_paging_or_filter_values_are_422(client, params):
    assert_error(client.get("/api/documents", params=params), 422, "validation_error")


def test_document_is_the_full_extraction_with_its_stories_and_ledgers(client, api_store):
    story = q.list_stories(api_store).items[0]
    report = next(r for r in story.reports if not r.copy_of)
    body = get(client, f"/api/documents/{report.document}")
    stored = api_store.get(report.document)
    assert body["document"] == stored.document.model_dump(mode="json")
    for part in ("entities", "timexes", "figures", "claims", "events"):
        assert body[part] == [r.model_dump(mode="json") for r in getattr(stored, part)]
    assert body["stories"][report.event] == story.id
    assert set(body["stories"]) <= {e.id for e in stored.events}
    # Figures that are ledger entries point to their ledger, and only those.
    in_ledgers = {
        e.figure: ledger.id
        for ledger in q.list_ledgers(api_store, limit=200).items
        for e in ledger.entries
        if e.document == report.document
    }
    assert in_ledgers and body["ledgers"] == in_ledgers


def test_document_by_a_unique_prefix_and_errors(client):
    ids = [d["id"] for d in all_items(client, "/api/documents")]
    one = ids[0]
    assert get(client, f"/api/documents/{one[:10]}")["document"]["id"] == one
    assert_error(client.get("/api/documents/ffffffffffffffffff"), 404, "not_found")
    shared = next(
        a[:n] for n in range(1, 16) for a in ids for b in ids if a != b and a[:n] == b[:n]
    )
    error = assert_error(client.get(f"/api/documents/{shared}"), 400, "bad_request")
    assert "several" in error["message"]


# -- entities -------------------------------------------------------------------------------------


def test_entities_filters(client):
    everything = all_items(client, "/api/entities")
    assert everything
    named = all_items(client, "/api/entities", name="MYANMAR")
    assert named and all("myanmar" in e["name"].lower() for e in named)
    assert len(named) == sum("myanmar" in e["name"].lower() for e in everything)
    coded = all_items(client, "/api/entities", code="mmr")
    assert {e["code"] for e in coded} >= {"MMR", "MMRMIL"}
    assert all(e["code"].startswith("MMR") for e in coded)
    countries = all_items(client, "/api/entities", kind="country")
    assert countries and {e["kind"] for e in countries} == {"country"}
    counts = [e["documents"] for e in everything]
    assert counts == sorted(counts, reverse=True)
    assert_error(client.get("/api/entities", params={"kind": "planet"}), 422, "validation_error")


def test_entity_view_and_unknown_entity(client):
    body = get(client, "/api/entities/Russia")
    assert body["code"] == "RUS"
    assert body["documents"] == 2
    roles = {e["role"] for e in body["events"]}
    assert roles == {"actor1", "actor2"}  # Russia accuses, and is rejected by, Ukraine
    assert any(key == "country:UKR" for key, _name, _n in body["partners"])
    assert_error(client.get("/api/entities/Qwertyuiop Zzyzx"), 404, "not_found")


# -- events, claims, figures ----------------------------------------------------------------------


def test_events_filter_by_actor_on_either_side(client):
    everything = all_items(client, "/api/events")
    russia = all_items(client, "/api/events", actor="RUS")

    def codes(e):
        return [(e[a] or {}).get("code") or "" for a in ("actor1", "actor2")]

    assert russia and all(any(c.startswith("RUS") for c in codes(e)) for e in russia)
    assert len(russia) == sum(any(c.startswith("RUS") for c in codes(e)) for e in everything)
    assert any(codes(e)[1] == "RUS" and not codes(e)[0].startswith("RUS") for e in russia)
    assert any(codes(e)[0] == "RUS" for e in russia)
    exact = all_items(client, "/api/events", actor="RUSMIL")
    assert exact and all("RUSMIL" in codes(e) for e in exact)


def test_events_filter_by_type_dates_outlet_and_document(client):
    everything = all_items(client, "/api/events")
    assaults = all_items(client, "/api/events", type="assault")
    assert assaults and {e["plover"] for e in assaults} == {"ASSAULT"}
    assert len(assaults) == sum(e["plover"] == "ASSAULT" for e in everything)
    dated = all_items(client, "/api/events", date_from="2026-03-09", date_to="2026-03-10")
    assert dated and all("2026-03-09" <= (e["time"] or "")[:10] <= "2026-03-10" for e in dated)
    ledger = all_items(client, "/api/events", outlet="Bangkok Ledger")
    assert ledger and {e["document"]["outlet"] for e in ledger} == {"Bangkok Ledger"}
    doc = ledger[0]["document"]["id"]
    one = all_items(client, "/api/events", document=doc)
    assert {e["document"]["id"] for e in one} == {doc}
    assert len(one) == sum(e["document"]["id"] == doc for e in everything)
    times = [e["time"] or e["document"]["published"] for e in everything]
    assert times == sorted(times, reverse=True)


def test_claims_filters(client):
    everything = all_items(client, "/api/claims")
    military = all_items(client, "/api/claims", source="MILITARY")
    assert military and all("military" in c["source"]["text"].lower() for c in military)
    entity = next(c["source"]["entity"] for c in everything if c["source"]["entity"])
    by_entity = all_items(client, "/api/claims", source=entity)
    assert by_entity and all(c["source"]["entity"] == entity for c in by_entity)
    denied = all_items(client, "/api/claims", modality="denied")
    assert denied and {c["modality"] for c in denied} == {"denied"}
    assert len(denied) == sum(c["modality"] == "denied" for c in everything)
    geneva = all_items(client, "/api/claims", outlet="geneva daily")
    assert geneva and {c["document"]["outlet"] for c in geneva} == {"Geneva Daily"}
    early = all_items(client, "/api/claims", date_to="2025-12")
    assert early and all((c["time"] or c["document"]["published"]) < "2026" for c in early)
    assert_error(client.get("/api/claims", params={"modality": "sure"}), 422, "validation_error")


def test_figures_filters(client):
    everything = all_items(client, "/api/figures")
    people = all_items(client, "/api/figures", unit="PEOPLE")
    assert people and {f["unit"] for f in people} == {"people"}
    assert len(people) == sum(f["unit"] == "people" for f in everything)
    killed = all_items(client, "/api/figures", measure="kill")
    assert killed and {f["measure"] for f in killed} == {"kill"}
    un_claims = {c["id"] for c in all_items(client, "/api/claims", source="human rights office")}
    un = all_items(client, "/api/figures", source="human rights office")
    assert un and [f["text"] for f in un] == [
        f["text"] for f in everything if f["claim"] in un_claims
    ]
    assert any(f["text"].startswith("between 90 and 120") for f in un)
    assert all_items(client, "/api/figures", unit="no-such-unit") == []


# -- stories, ledgers ----------------------------------------------------------------------------


def test_stories_list_filter_and_one_story(client, api_store):
    stories = all_items(client, "/api/stories")
    assert stories and stories[0]["plover"] == "ASSAULT"
    # The strike, and the drone attack on which the two capitals accuse each other.
    assert all_items(client, "/api/stories", type="assault") == [
        s for s in stories if s["plover"] == "ASSAULT"
    ]
    assert all_items(client, "/api/stories", type="AGREE") == []
    latest = all_items(client, "/api/stories", order="latest")
    assert sorted(s["id"] for s in latest) == sorted(s["id"] for s in stories)
    sid = stories[0]["id"]
    full = get(client, f"/api/stories/{sid}")
    assert full == stories[0]
    assert get(client, f"/api/stories/{sid[:10]}")["id"] == sid
    assert_error(client.get("/api/stories/story_000000000000"), 404, "not_found")


def test_ledgers_list_filters_and_one_ledger(client):
    ledgers = all_items(client, "/api/ledgers")
    assert len(ledgers) >= 2
    contested = all_items(client, "/api/ledgers", contested="true")
    calm = all_items(client, "/api/ledgers", contested="false")
    assert contested and {x["contested"] for x in contested} == {True}
    assert {x["contested"] for x in calm} <= {False}
    assert len(contested) + len(calm) == len(ledgers)
    killed = all_items(client, "/api/ledgers", text="KILLED")
    assert killed and all("killed" in (x["label"] or "").lower() for x in killed)
    assert all_items(client, "/api/ledgers", text="killed", contested="false") == []
    lid = contested[0]["id"]
    full = get(client, f"/api/ledgers/{lid}")
    assert full == contested[0]
    outlets = {e["outlet"] for e in full["entries"]}
    assert len(outlets) >= 3
    assert_error(client.get("/api/ledgers/ledge_000000000000"), 404, "not_found")


# -- search --------------------------------------------------------------------------------------


def test_search_finds_documents_by_title_first_then_claims(client):
    body = get(client, "/api/search", q="kanbalu", limit=200)
    docs = [h for h in body["items"] if h["type"] == "document"]
    claims = [h for h in body["items"] if h["type"] == "claim"]
    assert docs and claims
    assert body["items"] == docs + claims  # documents first
    scores = [h["score"] for h in docs]
    assert scores == sorted(scores, reverse=True) and scores[0] == 2  # a title names Kanbalu
    assert all("kanbalu" in h["snippet"].lower() for h in body["items"])
    assert body["total"] == len(body["items"])
    # Pages across the two kinds are slices of the whole list.
    page = get(client, "/api/search", q="kanbalu", limit=3, offset=len(docs) - 1)
    assert page["items"] == body["items"][len(docs) - 1 : len(docs) + 2]


def test_search_takes_wildcards_and_quotes_literally(client):
    percent = get(client, "/api/search", q="100%")["items"]
    assert {h["document"]["title"] for h in percent} == {
        "Ukraine rejects Moscow's account of airfield strike"
    }
    underscore = get(client, "/api/search", q="d_7")["items"]
    assert [h["type"] for h in underscore] == ["document"]  # "airfield_7", not "d" + any + "7"
    assert get(client, "/api/search", q="%")["total"] == len(percent)
    quoted = get(client, "/api/search", q='"so-called"')["items"]
    assert len(quoted) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE documents; --",
        "Kanbalu' OR '1'='1",
        '" OR 1=1 --',
        "Moscow's account",
        "Kanbalu\\",
        "%' UNION SELECT id, text FROM documents --",
        'so-called"',
    ],
)
def test_search_with_sql_looking_input_returns_normal_results(client, api_store, text):
    before = api_store.counts()
    body = get(client, "/api/search", q=text, limit=200)
    assert set(body) == PAGE_KEYS
    found = {h["id"] for h in body["items"] if h["type"] == "document"}
    terms = [t.lower() for t in parse_query(text)]  # every word (or quoted phrase) occurs
    expected = {
        d.id
        for d in q.list_documents(api_store, limit=200).items
        if all(t in d.text.lower() or t in (d.title or "").lower() for t in terms)
    }
    assert found == expected
    assert api_store.counts() == before


def test_search_with_quotes_finds_what_contains_them(client):
    hits = get(client, "/api/search", q='"Moscow\'s account"')["items"]  # a quoted phrase
    assert hits and all("moscow's account" in h["snippet"].lower() for h in hits)
    assert all("<mark>Moscow's account</mark>" in h["highlight"] for h in hits)


def test_search_needs_a_query(client):
    assert_error(client.get("/api/search"), 422, "validation_error")
    assert_error(client.get("/api/search", params={"q": ""}), 422, "validation_error")


# -- errors, docs, CORS --------------------------------------------------------------------------


def test_unknown_routes_and_methods_answer_the_error_shape(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found")
    same_origin = {"Origin": "http://testserver"}  # else refused before routing (401)
    assert_error(client.delete("/api/documents", headers=same_origin), 405, "method_not_allowed")


def test_a_server_error_is_500_without_a_trace(api_store, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail in /srv/dossier/query.py")

    monkeypatch.setattr(routes.q, "list_events", broken)
    client = TestClient(
        create_app(store=api_store, allow_hosts=HOSTS), raise_server_exceptions=False
    )
    response = client.get("/api/events")
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "RuntimeError" not in error["message"]


def test_a_store_error_is_500_and_not_found_is_404(api_store, monkeypatch):
    from dossier.errors import StoreError

    def broken(*args, **kwargs):
        raise StoreError("disk I/O error at /var/lib/x.db", source="/var/lib/x.db")

    monkeypatch.setattr(routes.q, "list_claims", broken)
    client = TestClient(
        create_app(store=api_store, allow_hosts=HOSTS), raise_server_exceptions=False
    )
    response = client.get("/api/claims")
    assert_error(response, 500, "internal_error")
    assert "/var/lib" not in response.text


def test_openapi_and_docs_are_served_and_cors_is_off(client):
    schema = get(client, "/openapi.json")
    paths = schema["paths"]
    for path in (
        "/api/home",
        "/api/documents",
        "/api/documents/{document_id}",
        "/api/entities",
        "/api/entities/{name}",
        "/api/events",
        "/api/claims",
        "/api/figures",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/ledgers",
        "/api/ledgers/{ledger_id}",
        "/api/search",
    ):
        assert "get" in paths[path], path
    assert "post" in paths["/api/documents"]
    assert client.get("/docs").status_code == 200
    response = client.get("/api/home", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/documents",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


# -- writing -------------------------------------------------------------------------------------

ARTICLE = (
    "LONDON (Test Wire) - Britain's finance minister said on Monday that inflation had fallen "
    "to 2.1 percent in May, the lowest level in three years."
)


def test_upload_a_file_then_read_it_back(write_client):
    files = {"file": ("inflation.txt", ARTICLE.encode(), "text/plain")}
    response = write_client.post(
        "/api/documents", files=files, data={"outlet": "Test Wire", "published": "2025-06-09"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["added"]) == 1 and body["present"] == [] and body["failed"] == []
    doc = get(write_client, f"/api/documents/{body['added'][0]}")
    assert doc["document"]["text"] == ARTICLE
    assert (doc["document"]["outlet"], doc["document"]["published"]) == ("Test Wire", "2025-06-09")
    assert doc["document"]["dateline"] == "LONDON"
    assert any(f["text"] == "2.1 percent" for f in doc["figures"])
    again = write_client.post("/api/documents", files=files)
    assert again.status_code == 200
    assert again.json() == {"added": [], "present": body["added"], "failed": [], "notices": []}


def test_an_article_in_an_uncoded_language_is_stored_with_a_notice(write_client):
    italian = (
        "Il Parlamento russo ha ratificato martedì l'accordo di cooperazione militare con Cuba, "
        "mentre gli Stati Uniti denunciano la partecipazione di mercenari cubani alla guerra."
    )
    files = {"file": ("notizia.txt", italian.encode(), "text/plain")}
    body = write_client.post("/api/documents", files=files).json()
    (added,) = body["added"]
    assert body["notices"][0]["document"] == added
    assert "stored without records" in body["notices"][0]["notice"]
    assert get(write_client, f"/api/documents/{added}")["document"]["language"] == "it"


def test_upload_json_lines_reports_each_article(write_client):
    lines = [
        json.dumps({"text": ARTICLE, "title": "Inflation falls", "published": "2025-06-09"}),
        json.dumps({"title": "no text here"}),
    ]
    files = {"file": ("batch.jsonl", "\n".join(lines).encode(), "application/x-ndjson")}
    body = write_client.post("/api/documents", files=files).json()
    assert len(body["added"]) == 1
    assert [f["source"] for f in body["failed"]] == ["batch.jsonl#L2"]


def test_upload_an_html_page_keeps_the_article_text(write_client):
    page = (
        "<html><head><title>Inflation falls</title><script>alert('page')</script></head>"
        f"<body><article><h1>Inflation falls</h1><p>{ARTICLE}</p></article></body></html>"
    )
    files = {"file": ("page.html", page.encode(), "text/html")}
    body = write_client.post("/api/documents", files=files).json()
    assert len(body["added"]) == 1, body
    doc = get(write_client, f"/api/documents/{body['added'][0]}")["document"]
    assert "inflation had fallen" in doc["text"] and "alert(" not in doc["text"]


def test_an_article_with_a_script_tag_is_stored_and_returned_as_data(write_client):
    text = 'PARIS - <script>alert("x")</script> Officials said <b>30</b> people attended.'
    response = write_client.post("/api/documents", json={"text": text, "title": "<i>Hi</i>"})
    assert response.status_code == 201, response.text
    doc_id = response.json()["added"][0]
    got = write_client.get(f"/api/documents/{doc_id}")
    assert got.headers["content-type"].startswith("application/json")
    document = got.json()["document"]
    assert document["text"] == text and document["title"] == "<i>Hi</i>"
    hits = get(write_client, "/api/search", q="<script>")["items"]
    assert [h["id"] for h in hits] == [doc_id] and "<script>" in hits[0]["snippet"]


def test_uploads_never_read_a_path_named_by_the_client(write_client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET - the server's own file.")
    files = {"file": (str(secret), ARTICLE.encode(), "text/plain")}
    body = write_client.post("/api/documents", files=files).json()
    doc = get(write_client, f"/api/documents/{body['added'][0]}")["document"]
    assert doc["text"] == ARTICLE
    traversal = {"file": ("../../etc/passwd", b"root:x:0:0", "text/plain")}
    error = assert_error(
        write_client.post("/api/documents", files=traversal), 415, "unsupported_media_type"
    )
    assert "passwd" in error["message"] and "/etc" not in error["message"]


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"json": {"text": ""}}, 422, "validation_error"),
        ({"json": {"title": "no text"}}, 422, "validation_error"),
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "validation_error",
        ),
        ({"json": {"text": "   "}}, 400, "bad_request"),
        ({"json": {"text": ARTICLE, "published": "someday"}}, 400, "bad_request"),
        (
            {"content": ARTICLE.encode(), "headers": {"content-type": "text/plain"}},
            415,
            "unsupported_media_type",
        ),
        ({"files": {"file": ("a.csv", b"a,b", "text/csv")}}, 415, "unsupported_media_type"),
        ({"files": {"other": ("a.txt", b"text", "text/plain")}}, 400, "bad_request"),
    ],
)
def test_bad_uploads(write_client, kwargs, status, code):
    assert_error(write_client.post("/api/documents", **kwargs), status, code)
    assert get(write_client, "/api/documents")["total"] == 0


def test_an_upload_over_the_limit_is_413(api_store, nlp):
    app = create_app(store=api_store, max_upload_bytes=100, allow_hosts=HOSTS)
    app.state.nlp = nlp
    client = TestClient(app, headers={"Authorization": f"Bearer {app.state.token}"})
    before = api_store.counts()
    big = {"file": ("big.txt", b"x " * 100, "text/plain")}
    assert_error(client.post("/api/documents", files=big), 413, "payload_too_large")
    assert_error(client.post("/api/documents", json={"text": "y " * 100}), 413, "payload_too_large")

    def chunked():  # no Content-Length: counted while read
        for _ in range(10):
            yield b'{"text": "' + b"z" * 30

    streamed = client.post(
        "/api/documents", content=chunked(), headers={"content-type": "application/json"}
    )
    assert_error(streamed, 413, "payload_too_large")
    assert api_store.counts() == before


def test_writes_need_the_token_when_the_server_has_one(nlp, tmp_path):
    app = create_app(str(tmp_path / "token.db"), token="s3cret", allow_hosts=HOSTS)
    app.state.nlp = nlp
    with TestClient(app) as client:
        article = {"text": ARTICLE}
        error = assert_error(client.post("/api/documents", json=article), 401, "unauthorized")
        assert "token" in error["message"]
        wrong = client.post(
            "/api/documents", json=article, headers={"Authorization": "Bearer guess"}
        )
        assert_error(wrong, 401, "unauthorized")
        assert wrong.headers["www-authenticate"] == "Bearer"
        basic = client.post("/api/documents", json=article, headers={"Authorization": "s3cret"})
        assert_error(basic, 401, "unauthorized")
        assert client.get("/api/documents").json()["total"] == 0  # reads need no token
        right = client.post(
            "/api/documents", json=article, headers={"Authorization": "Bearer s3cret"}
        )
        assert right.status_code == 201, right.text
        assert client.get("/api/documents").json()["total"] == 1


def test_the_pipeline_is_loaded_by_the_first_upload_only(tmp_path, nlp, monkeypatch):
    import dossier.nlp

    built = []

    def build(model: str):
        built.append(model)
        return nlp

    monkeypatch.setattr(dossier.nlp, "build_pipeline", build)
    app = create_app(str(tmp_path / "lazy.db"), allow_hosts=HOSTS)
    with TestClient(app, headers={"Authorization": f"Bearer {app.state.token}"}) as client:
        client.get("/api/home")
        client.get("/api/documents")
        assert built == [] and app.state.nlp is None
        client.post("/api/documents", json={"text": ARTICLE})
        client.post("/api/documents", json={"text": ARTICLE + " More."})
    assert len(built) == 1


# -- the serve command ---------------------------------------------------------------------------


def test_serve_refuses_a_public_address_without_a_token(tmp_path, monkeypatch):
    import uvicorn

    monkeypatch.delenv("DOSSIER_TOKEN", raising=False)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: pytest.fail("must not start"))
    db = str(tmp_path / "serve.db")
    args = ["serve", "--db", db, "--host", "0.0.0.0", "--no-token"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 3
    assert "token" in result.output


def test_serve_runs_uvicorn_with_the_token_from_the_environment(tmp_path, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setenv("DOSSIER_TOKEN", "from-env")
    db = str(tmp_path / "serve.db")
    args = ["serve", "--db", db, "--host", "0.0.0.0", "--port", "8123"]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    ((app, kwargs),) = calls
    assert (kwargs["host"], kwargs["port"]) == ("0.0.0.0", 8123)
    assert app.state.token == "from-env"
    assert app.state.store.source == db
    app.state.store.close()


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.mark.postgres
def test_the_same_answers_on_postgresql(client, pg_store: Store):
    pg = TestClient(create_app(store=pg_store, allow_hosts=HOSTS))
    for url, params in [
        ("/api/documents", {"outlet": "meridian wire"}),
        ("/api/documents", {"published_from": "2026-03", "limit": 3, "offset": 1}),
        ("/api/events", {"actor": "RUS"}),
        ("/api/events", {"type": "assault", "date_from": "2026-03-09", "date_to": "2026-03-10"}),
        ("/api/claims", {"source": "MILITARY", "modality": "asserted"}),
        ("/api/figures", {"unit": "people", "source": "rights"}),
        ("/api/entities", {"name": "myanmar", "code": "MMR"}),
        ("/api/ledgers", {"contested": "true"}),
        ("/api/stories", {"order": "latest"}),
        ("/api/home", {}),
    ]:
        assert pg.get(url, params=params).json() == client.get(url, params=params).json(), url
    # Search finds the same hits; relevance (bm25, ts_rank) may order them differently.
    for params in ({"q": "KANBALU"}, {"q": "100%"}, {"q": "'; DROP TABLE documents; --"}):
        mine, theirs = (
            c.get("/api/search", params={**params, "limit": 200}).json() for c in (client, pg)
        )
        assert mine["total"] == theirs["total"], params
        assert sorted((h["type"], h["id"], h["snippet"]) for h in mine["items"]) == sorted(
            (h["type"], h["id"], h["snippet"]) for h in theirs["items"]
        ), params
    doc = client.get("/api/search", params={"q": "kanbalu"}).json()["items"][0]["id"]
    assert pg.get(f"/api/documents/{doc}").json() == client.get(f"/api/documents/{doc}").json()
