"""A bounded property-based run over the API's OpenAPI schema (schemathesis): generated
requests, valid and not, to every read endpoint and to the upload, and no server error.

Responses are also checked against the schema (status codes declared, bodies of the declared
shape). Each operation gets a few dozen examples under a deadline, so the run stays short.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance
from spacy.language import Language

from dossier.api.app import create_app
from dossier.store import Store

HOSTS = ["testserver"]  # the Host of test clients, allowed by the test apps only
SETTINGS = settings(
    max_examples=30,
    deadline=3000,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def operations(app, method: str) -> list:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found = [r.ok() for r in schema.get_all_operations()]
    return [op for op in found if op.method.upper() == method]


def fuzz(operation, examples: int, headers: dict[str, str] | None = None) -> None:
    """Call ``operation`` with generated cases; fail on a server error or a response the
    schema does not describe."""

    @given(case=operation.as_strategy())
    @settings(SETTINGS, max_examples=examples)
    def run(case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
        # An id prefix that several ids start with is a 400 for a schema-valid request.
        case.validate_response(
            response, headers=headers, excluded_checks=[positive_data_acceptance]
        )

    run()


def test_reads_never_fail_on_the_server(api_store: Store):
    found = operations(create_app(store=api_store, allow_hosts=HOSTS), "GET")
    assert len(found) >= 13
    for operation in found:
        fuzz(operation, 30)


def test_uploads_never_fail_on_the_server(nlp: Language):
    app = create_app("sqlite://", max_upload_bytes=20_000, token="fuzz-token", allow_hosts=HOSTS)
    app.state.nlp = nlp
    (upload,) = [op for op in operations(app, "POST") if op.path == "/api/documents"]
    fuzz(upload, 20, headers={"Authorization": "Bearer fuzz-token"})
    app.state.store.close()
