"""Every representation the app chooses, over HTTP, from one table: the SPARQL answers, pages,
search, dumps, graph reads, and the errors of each (server/endpoint/negotiate.py `decide`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from flask.testing import FlaskClient
from vnkg.server.app import create_app

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
TEXT_OVER_JSON = "text/plain, application/json;q=0.1"
SELECT = "/sparql?query=SELECT+%2A+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D"  # spooled: past 256 bytes
ASK = "/sparql?query=ASK+%7B%7D"
CONSTRUCT = "/sparql?query=CONSTRUCT+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D+LIMIT+1"
BROKEN = "/sparql?query=SELECT+%7B"
PAGE, NOWHERE = "/id/province/lang-son", "/id/province/atlantis"
JSON_ERROR, TEXT_ERROR = "json-error", "text-error"


class Case(NamedTuple):
    """A request (path, Accept, Accept-Encoding) and the answer: status, media type, coding."""

    path: str
    accept: str | None
    encoding: str | None
    status: int
    media_type: str  # or JSON_ERROR / TEXT_ERROR: the one error body, as JSON or as text
    gzip: bool = False


CASES = [
    # SPARQL answers: the result kind decides the offers; format= overrides Accept
    Case(SELECT, None, None, 200, "application/sparql-results+json"),
    Case(SELECT, "text/csv", None, 200, "text/csv"),
    Case(SELECT + "&format=xml", "text/csv", None, 200, "application/sparql-results+xml"),
    Case(SELECT, BROWSER, None, 200, "application/sparql-results+json"),
    Case(SELECT, "image/png, application/json;q=0.1", None, 200, "application/sparql-results+json"),
    Case(ASK, "text/tab-separated-values", None, 200, "text/tab-separated-values"),
    Case(CONSTRUCT, "text/turtle", None, 200, "text/turtle"),
    Case(CONSTRUCT, "application/json", None, 200, "application/ld+json"),
    Case(SELECT, "image/png", None, 406, TEXT_ERROR),
    Case(CONSTRUCT, "application/sparql-results+json", None, 406, JSON_ERROR),
    Case(BROKEN, "application/sparql-results+json", None, 400, JSON_ERROR),
    Case(BROKEN, TEXT_OVER_JSON, None, 400, TEXT_ERROR),
    Case(BROKEN, "*/*", None, 400, TEXT_ERROR),
    Case(BROKEN, None, None, 400, TEXT_ERROR),
    Case(BROKEN, "application/problem+json", None, 400, JSON_ERROR),
    # large (spooled) answers are gzipped when gzip has a quality above 0
    Case(SELECT, None, "gzip", 200, "application/sparql-results+json", gzip=True),
    Case(SELECT, None, "*", 200, "application/sparql-results+json", gzip=True),
    Case(SELECT, None, "gzip;q=0", 200, "application/sparql-results+json"),
    Case(SELECT, None, "gzip;q=0, *", 200, "application/sparql-results+json"),
    Case(SELECT, None, "identity", 200, "application/sparql-results+json"),
    # linked-data pages: HTML for browsers, RDF by Accept or suffix
    Case(PAGE, BROWSER, None, 200, "text/html"),
    Case(PAGE, None, None, 200, "text/turtle"),
    Case(PAGE, "*/*", None, 200, "text/turtle"),
    Case(PAGE, "application/ld+json", None, 200, "application/ld+json"),
    Case(PAGE, "application/json", None, 200, "application/ld+json"),
    Case(PAGE + ".nt", BROWSER, None, 200, "application/n-triples"),
    Case(PAGE, "image/png", None, 406, TEXT_ERROR),
    Case(PAGE, "image/png, application/json;q=0", None, 406, TEXT_ERROR),
    Case(NOWHERE, BROWSER, None, 404, "text/html"),
    Case(NOWHERE, "application/json", None, 404, JSON_ERROR),
    Case(NOWHERE, "application/ld+json", None, 404, JSON_ERROR),
    Case(NOWHERE, "text/turtle", None, 404, TEXT_ERROR),
    Case(NOWHERE, TEXT_OVER_JSON, None, 404, TEXT_ERROR),
    Case(NOWHERE + ".ttl", None, None, 404, TEXT_ERROR),
    Case("/def/", BROWSER, None, 200, "text/html"),
    Case("/def/", "text/turtle", None, 200, "text/turtle"),
    Case("/graph/source/s000.rdf", None, None, 200, "application/rdf+xml"),
    Case("/graph/source/s000", "application/n-quads", None, 200, "application/n-quads"),
    # search hits: HTML, or JSON by format= or Accept
    Case("/search?q=lang", BROWSER, None, 200, "text/html"),
    Case("/search?q=lang", "application/json", None, 200, "application/json"),
    Case("/search?q=lang&format=json", BROWSER, None, 200, "application/json"),
    # the whole dataset: the format its URL names, gzipped when accepted
    Case("/export.nt", None, None, 200, "application/n-triples"),
    Case("/export.nt", None, "gzip", 200, "application/n-triples", gzip=True),
    Case("/export.nt", None, "gzip;q=0", 200, "application/n-triples"),
    Case("/export.trig", "application/json", None, 200, "application/trig"),
    Case("/export.xyz", "application/json", None, 404, JSON_ERROR),
    # graph reads, service and dataset descriptions
    Case("/store?graph=https://w3id.org/vnkg/graph/source/s000", None, None, 200, "text/turtle"),
    Case(
        "/store?graph=https://w3id.org/vnkg/graph/none", "application/json", None, 404, JSON_ERROR
    ),
    Case("/store", "text/turtle", None, 400, TEXT_ERROR),
    Case("/sparql", "application/rdf+xml", None, 200, "application/rdf+xml"),
    Case("/.well-known/void", "application/n-triples", None, 200, "application/n-triples"),
    Case("/.well-known/void", "text/csv", None, 406, TEXT_ERROR),
    Case("/nothing/here", "application/json", None, 404, JSON_ERROR),
]


def _id(case: Case) -> str:
    return f"{case.path[:40]}|{case.accept}|{case.encoding}->{case.status}"


@pytest.fixture(scope="module")
def client(web_store: Path) -> Iterator[FlaskClient]:
    """The app over the web store; answers past 256 bytes spooled (to be streamed, gzipped)."""
    app = create_app(web_store, test_config={"TESTING": True, "SPOOL_RESULT_BYTES": 256})
    yield app.test_client()
    pool = app.extensions.pop("vnkg.querypool", None)
    if pool is not None:
        pool.close()


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_representation(client: FlaskClient, case: Case) -> None:
    headers = {k: v for k, v in (("Accept", case.accept), ("Accept-Encoding", case.encoding)) if v}
    response = client.get(case.path, headers=headers)
    body = response.get_data()
    assert response.status_code == case.status, body[:200]
    if case.media_type == JSON_ERROR:
        assert response.mimetype == "application/json"
        assert response.json["error"]["status"] == case.status  # type: ignore[index]
    elif case.media_type == TEXT_ERROR:
        assert response.mimetype == "text/plain"
        assert body.decode().startswith(f"{case.status} ")
    else:
        assert response.mimetype == case.media_type
    assert (response.headers.get("Content-Encoding") == "gzip") is case.gzip
    if case.status == 406 or case.media_type in (JSON_ERROR, TEXT_ERROR):
        assert "Accept" in response.vary  # what the answer depended on
    if case.gzip:
        assert "Accept-Encoding" in response.vary


def test_a_page_names_its_other_forms_in_link_headers(client: FlaskClient) -> None:
    html = client.get(PAGE, headers={"Accept": BROWSER}).headers["Link"]
    turtle = client.get(PAGE + ".ttl").headers["Link"]
    assert '</id/province/lang-son.ttl>; rel="alternate"; type="text/turtle"' in html
    assert 'type="text/html"' not in html
    assert '</id/province/lang-son>; rel="alternate"; type="text/html"' in turtle
    assert 'type="text/turtle"' not in turtle and 'type="application/ld+json"' in turtle
