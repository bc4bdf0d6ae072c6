"""The browse index at /id/: its lists with counts as HTML and JSON (tests/data/web.trig, whose
Lạng Sơn has three observations, two from source s000 and one from s003)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyoxigraph import NamedNode, Variable
from vnkg.graph import queries, store
from vnkg.server.app import create_app
from vnkg.server.web.browse import PREVIEW, SECTIONS


def index(client: FlaskClient, **args: str) -> dict[str, dict[str, object]]:
    response = client.get("/id/", query_string={"format": "json", **args})
    assert response.status_code == 200 and response.mimetype == "application/json"
    return {s["section"]: s for s in json.loads(response.data)["sections"]}


def counts(section: dict[str, object]) -> dict[str, int]:
    return {item["href"]: item["count"] for item in section["items"]}  # type: ignore[attr-defined]


def test_index_lists_every_section_with_counts(web_client: FlaskClient) -> None:
    found = index(web_client)
    assert list(found) == list(SECTIONS)
    assert counts(found["provinces"]) == {"/id/province/lang-son": 3}
    assert counts(found["sources"]) == {"/id/source/s000": 2, "/id/source/s003": 1}
    assert counts(found["legal"]) == {"/id/legal/nd-cp-116-2016": 0}
    assert found["provinces"]["total"] == 1 and found["provinces"]["pageSize"] == PREVIEW


def test_index_html_names_links_and_counts_in_the_page_language(web_client: FlaskClient) -> None:
    page = web_client.get("/id/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<h2 id="provinces-title">Provinces with data</h2>' in page
    assert (
        '<a href="/id/province/lang-son" lang="vi">Lạng Sơn</a></th><td class="num">3</td>' in page
    )
    vietnamese = web_client.get("/id/?lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in vietnamese and "Tỉnh có số liệu" in vietnamese


def test_one_section_is_paged(web_client: FlaskClient) -> None:
    found = index(web_client, section="sources")
    assert list(found) == ["sources"] and found["sources"]["page"] == 1
    assert index(web_client, section="sources", page="2")["sources"]["items"] == []


@pytest.mark.parametrize(
    ("query", "status"),
    [("section=nothing", 400), ("page=0", 400), ("section=legal&page=x", 400)],
    ids=["unknown-section", "page-zero", "page-word"],
)
def test_bad_arguments_are_refused(web_client: FlaskClient, query: str, status: int) -> None:
    assert web_client.get(f"/id/?{query}").status_code == status


def test_id_without_slash_part_is_still_the_index(web_client: FlaskClient) -> None:
    response = web_client.get("/id/", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"


@pytest.mark.slow
def test_bundled_index_counts_are_the_graph_counts(
    bundled_store: Path, bundled_graph: store.GraphStore
) -> None:
    client = create_app(bundled_store, test_config={"TESTING": True}).test_client()
    found = index(client, section="indicators")["indicators"]
    first = found["items"][0]  # type: ignore[index]
    observed = "SELECT ?i (COUNT(*) AS ?n) WHERE { ?o vnkg:indicator ?i } GROUP BY ?i"
    bound = {Variable("i"): NamedNode(first["iri"])}
    rows = bundled_graph.query(queries.PREFIX_BLOCK + observed, substitutions=bound)
    assert first["count"] == int(next(iter(rows))[1].value) > 0  # type: ignore[index,union-attr]
    total = queries.PREFIX_BLOCK + "SELECT (COUNT(*) AS ?n) WHERE { ?i a vnkg:Indicator }"
    assert found["total"] == int(next(iter(bundled_graph.query(total)))[0].value)  # type: ignore[index,union-attr]
