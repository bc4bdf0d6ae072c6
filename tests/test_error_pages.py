"""Errors for browsers are pages of the site (header, language, links); for programs, the one
JSON or text body of server/errors.py."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Page not found"), ("vi", "Không tìm thấy trang"), ("fr", "Page introuvable")],
)
def test_unknown_path_is_a_page_of_the_site(
    web_client: FlaskClient, language: str, title: str
) -> None:
    response = web_client.get(
        "/no/such/<page>", headers={"Accept": BROWSER, "Accept-Language": language}
    )
    page = response.get_data(as_text=True)
    assert (response.status_code, response.mimetype) == (404, "text/html")
    assert f'<html lang="{language}">' in page
    assert '<header class="site">' in page and 'class="sections"' in page
    assert f"<h1>{title}</h1>" in page
    assert "<code>/no/such/&lt;page&gt;</code>" in page and "<page>" not in page
    assert "Accept" in response.headers["Vary"]


def test_method_not_allowed_is_a_page_and_keeps_allow(web_client: FlaskClient) -> None:
    response = web_client.put("/", headers={"Accept": BROWSER})
    assert (response.status_code, response.mimetype) == (405, "text/html")
    assert "GET" in response.headers["Allow"]
    assert "<h1>Method not allowed</h1>" in response.get_data(as_text=True)


def test_query_error_in_a_browser_shows_the_message(web_client: FlaskClient) -> None:
    response = web_client.get(
        "/sparql", query_string={"query": "SELECT * { ?s x:y ?o }"}, headers={"Accept": BROWSER}
    )
    page = response.get_data(as_text=True)
    assert (response.status_code, response.mimetype) == (400, "text/html")
    assert "the prefix x: is not declared" in page and "syntax-error" in page


@pytest.mark.parametrize(
    ("accept", "mimetype", "start"),
    [
        ("*/*", "text/plain", "404 not-found: "),
        (None, "text/plain", "404 not-found: "),
        ("application/json", "application/json", '{"error": {"status": 404'),
        ("application/sparql-results+json,*/*;q=0.9", "application/json", '{"error": '),
    ],
    ids=["any", "none", "json", "yasgui"],
)
def test_programs_keep_the_error_body(
    web_client: FlaskClient, accept: str | None, mimetype: str, start: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = web_client.get("/no/such/page", headers=headers)
    assert (response.status_code, response.mimetype) == (404, mimetype)
    assert response.get_data(as_text=True).startswith(start)
