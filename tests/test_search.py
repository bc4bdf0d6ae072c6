"""Search: normalising, ranking in any word order, kinds and codes, suggestions, paging, and
/search as HTML and JSON (tests/data/web.trig; the bundled graph in the table test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Variable
from vnkg.graph import queries, store
from vnkg.graph.emit.iris import fold
from vnkg.server.app import create_app
from vnkg.server.web.labels import pick_label
from vnkg.server.web.search import (
    MOST_WORDS,
    Entity,
    Index,
    Rank,
    normalised,
    rank,
    search,
)

DEF = "https://w3id.org/vnkg/def/"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lạng Sơn", "lang son"),
        ("  PHÚ-THỌ ", "phu tho"),
        ("Đồng Văn", "dong van"),
        ("116/2016/ND-CP", "116 2016 nd cp"),
        ("116/2016/NĐ-CP", "116 2016 nd cp"),
        ("Chiềng   Chung", "chieng chung"),
        ("", ""),
    ],
    ids=["vi", "case-hyphen", "d-stroke", "number", "number-vi", "spaces", "empty"],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("key", "query", "expected"),
    [
        ("lang son", "lang son", Rank.EXACT),
        ("lang son province", "lang son", Rank.PREFIX),
        ("tinh lang son", "lang son", Rank.PHRASE),
        ("son la lang", "lang son", Rank.WORDS),
        ("langa sonb", "lang son", Rank.PARTIAL),
        ("xlang sonx", "lang son", Rank.SUBSTRING),
        ("phu tho", "lang son", None),
    ],
    ids=["exact", "prefix", "phrase", "any-order", "word-prefixes", "substring", "none"],
)
def test_rank(key: str, query: str, expected: Rank | None) -> None:
    assert rank(key, query) == expected


def entity(
    iri: str,
    *names: str,
    codes: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    sourced: bool = False,
) -> Entity:
    keys = tuple((n, fold(n)) for n in names)
    coded = tuple((c, fold(c)) for c in codes)
    blob = " ".join(k for _, k in (*keys, *coded))
    return Entity(iri, keys, coded, kinds, sourced, blob)


def index(*entities: Entity) -> Index:
    kinds = {e.iri: tuple(k for _, k in e.names) for e in entities if e.iri.startswith(DEF)}
    words = tuple(sorted({w for e in entities for _, k in e.names for w in k.split()}))
    squeezed = {k.replace(" ", ""): k for e in entities for _, k in e.names}
    return Index(entities, kinds, words, squeezed)


SMALL = index(
    entity(DEF + "Province", "province", "tỉnh"),
    entity(DEF + "District", "district", "huyện"),
    entity(DEF + "Decree", "decree", "nghị định", "décret"),
    entity(
        "https://x/id/province/lang-son",
        "Lạng Sơn",
        "Lang Son",
        codes=("VN-09", "20"),
        kinds=(DEF + "Province",),
        sourced=True,
    ),
    entity("https://x/id/district/lang-son", "Lạng Sơn", codes=("178",), kinds=(DEF + "District",)),
    entity("https://x/id/district/son-la", "Sơn La", codes=("116",), kinds=(DEF + "District",)),
    entity(
        "https://x/id/legal/nd-cp-116-2016",
        "116/2016/ND-CP",
        codes=("116",),
        kinds=(DEF + "Decree",),
        sourced=True,
    ),
    entity("https://x/id/organisation/x", "Lang Son Provincial People's Committee", sourced=True),
)


def found(query: str) -> list[tuple[str, str]]:
    return [
        (m.rank.name, m.entity.iri.rsplit("/", 2)[-2] + "/" + m.entity.iri.rsplit("/", 1)[-1])
        for m in search(SMALL, query).matches
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Lang Son province", ("EXACT", "province/lang-son")),
        ("province Lạng Sơn", ("EXACT", "province/lang-son")),
        ("tỉnh lạng sơn", ("EXACT", "province/lang-son")),
        ("huyện Lạng Sơn", ("EXACT", "district/lang-son")),
        ("decree 116", ("EXACT", "legal/nd-cp-116-2016")),
        ("nghị định 116", ("EXACT", "legal/nd-cp-116-2016")),
        ("décret 116", ("EXACT", "legal/nd-cp-116-2016")),
        ("116/2016/NĐ-CP", ("EXACT", "legal/nd-cp-116-2016")),
        ("116", ("EXACT", "legal/nd-cp-116-2016")),
        ("vn-09", ("EXACT", "province/lang-son")),
        ("son lang", ("WORDS", "province/lang-son")),
    ],
    ids=[
        "name-kind",
        "kind-name",
        "vi-kind",
        "district",
        "decree",
        "nghi-dinh",
        "decret",
        "number-vi",
        "number",
        "iso",
        "any-order",
    ],
)
def test_search_finds_names_with_kinds_and_codes(query: str, first: tuple[str, str]) -> None:
    assert found(query)[0] == first


def test_a_kind_belongs_to_its_own_resources_only() -> None:
    assert found("district 116") == [("EXACT", "district/son-la")]
    assert found("province 116") == []


def test_equal_matches_put_what_the_sources_state_then_larger_units_first() -> None:
    assert found("lang son")[:2] == [("EXACT", "province/lang-son"), ("EXACT", "district/lang-son")]
    assert found("116") == [("EXACT", "legal/nd-cp-116-2016"), ("EXACT", "district/son-la")]


def test_a_kind_alone_lists_the_kind_after_its_own_term() -> None:
    assert found("decree") == [("EXACT", "def/Decree"), ("KIND", "legal/nd-cp-116-2016")]


def test_nothing_found_suggests_the_closest_spelling_and_names() -> None:
    answer = search(SMALL, "lang sonn")
    assert answer.total == 0 and answer.suggestion == "lang son"
    assert answer.closest[0].entity.iri == "https://x/id/province/lang-son"
    squeezed = search(SMALL, "langson")
    assert squeezed.suggestion == "lang son" and squeezed.closest
    nothing = search(SMALL, "qqq zzz")
    assert nothing.suggestion is None and nothing.closest == ()


def test_pages_of_matches_and_their_total() -> None:
    many = index(*(entity(f"https://x/id/commune/c{i}", f"Phường {i % 7}") for i in range(120)))
    first, third = search(many, "phuong", 0, 50), search(many, "phuong", 100, 50)
    assert (first.total, len(first.matches), len(third.matches)) == (120, 50, 20)
    assert not {m.entity.iri for m in first.matches} & {m.entity.iri for m in third.matches}


def test_work_per_query_is_bounded() -> None:
    assert len(normalised("x" * 10_000)) == 200
    assert len(normalised(" ".join("abcdefghijkl"))) == 2 * MOST_WORDS - 1
    assert search(SMALL, "  - ").matches == [] and search(SMALL, "").total == 0


def test_labels_in_the_page_language_keep_the_vietnamese_spelling() -> None:
    table = {
        "p": {"l": [Literal("Lang Son", language="en"), Literal("Lạng Sơn", language="vi")]},
        "c": {"l": [Literal("province", language="en"), Literal("tỉnh", language="vi")]},
        "f": {"l": [Literal("province", language="fr"), Literal("tỉnh", language="vi")]},
    }
    assert pick_label(table["p"]["l"], "en") == Literal("Lạng Sơn", language="vi")
    assert pick_label(table["c"]["l"], "en") == Literal("province", language="en")
    assert pick_label(table["c"]["l"], "vi") == Literal("tỉnh", language="vi")
    assert pick_label(table["c"]["l"], "fr") == Literal("tỉnh", language="vi")
    assert pick_label(table["f"]["l"], "fr") == Literal("province", language="fr")


# Through HTTP, on tests/data/web.trig.


def hits(client: FlaskClient, query: str, **more: str) -> list[dict[str, object]]:
    return answer(client, query, **more)["results"]  # type: ignore[return-value]


def answer(client: FlaskClient, query: str, **more: str) -> dict[str, object]:
    response = client.get("/search", query_string={"q": query, "format": "json", **more})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, object] = json.loads(response.data)
    return body


@pytest.mark.parametrize(
    ("query", "href"),
    [
        ("lang son", "/id/province/lang-son"),
        ("Lạng Sơn", "/id/province/lang-son"),
        ("LANG", "/id/province/lang-son"),
        ("phu tho", "/id/province/phu-tho"),
        ("Phú Thọ", "/id/province/phu-tho"),
        ("van quan", "/id/district/van-quan"),
        ("116/2016", "/id/legal/nd-cp-116-2016"),
        ("decree 116", "/id/legal/nd-cp-116-2016"),
        ("Q33403", "/id/province/lang-son"),
        ("1576632", "/id/province/lang-son"),
        ("poverty rate", "/def/indicator/poverty-rate"),
    ],
    ids=[
        "ascii",
        "diacritics",
        "prefix-upper",
        "phu-tho",
        "phu-tho-vi",
        "district",
        "number",
        "decree",
        "wikidata",
        "geonames",
        "concept",
    ],
)
def test_search_finds_entities_ignoring_case_and_diacritics(
    web_client: FlaskClient, query: str, href: str
) -> None:
    assert hits(web_client, query)[0]["href"] == href


def test_search_result_fields(web_client: FlaskClient) -> None:
    first = hits(web_client, "lang son")[0]
    assert first["label"] == "Lạng Sơn" and first["lang"] == "vi"
    assert first["kind"] == "province" and first["rank"] == "exact"
    assert first["iri"] == "https://w3id.org/vnkg/id/province/lang-son"
    assert {"iri": "https://w3id.org/vnkg/def/Province", "label": "province"} in first["classes"]


def test_search_result_tells_what_it_is_part_of(web_client: FlaskClient) -> None:
    first = hits(web_client, "van quan")[0]
    assert first["partOf"] == [
        {"iri": "https://w3id.org/vnkg/id/province/lang-son", "label": "Lạng Sơn"}
    ]
    page = web_client.get("/search?q=van+quan").get_data(as_text=True)
    assert '<small>in <a href="/id/province/lang-son" lang="vi">Lạng Sơn</a>' in page


def test_search_ranks_exact_before_phrase(web_client: FlaskClient) -> None:
    found = [(h["href"], h["rank"]) for h in hits(web_client, "poverty rate")]
    assert found == [
        ("/def/indicator/poverty-rate", "exact"),
        ("/def/indicator/poverty-rate-reduction", "phrase"),
    ]


def test_search_json_by_accept(web_client: FlaskClient) -> None:
    response = web_client.get("/search?q=phu+tho", headers={"Accept": "application/json"})
    assert response.mimetype == "application/json"
    assert json.loads(response.data)["results"][0]["label"] == "Phú Thọ"


def test_search_html(web_client: FlaskClient) -> None:
    response = web_client.get("/search?q=lang+son", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert '<a href="/id/province/lang-son" lang="vi">Lạng Sơn</a>' in page
    assert 'value="lang son"' in page
    assert "1 result for" in page


def test_search_page_in_vietnamese(web_client: FlaskClient) -> None:
    page = web_client.get("/search?q=lang+son&lang=vi").get_data(as_text=True)
    assert '<html lang="vi">' in page and "1 kết quả cho" in page


def test_search_without_query_shows_the_form(web_client: FlaskClient) -> None:
    page = web_client.get("/search").get_data(as_text=True)
    assert '<input id="q" type="search" name="q"' in page and "result" not in page
    assert hits(web_client, "") == []


def test_search_nothing_found_suggests(web_client: FlaskClient) -> None:
    body = answer(web_client, "lang sonn")
    assert body["results"] == [] and body["total"] == 0
    assert body["suggestion"] == "lang son"
    assert body["closest"][0]["href"] == "/id/province/lang-son"  # type: ignore[index]
    page = web_client.get("/search?q=lang+sonn").get_data(as_text=True)
    assert 'Did you mean <a href="/search?q=lang+son">lang son</a>?' in page
    assert answer(web_client, "atlantis")["closest"] == []


def test_search_page_numbers_are_checked(web_client: FlaskClient) -> None:
    response = web_client.get("/search?q=lang&page=0")
    assert response.status_code == 400
    assert answer(web_client, "lang", page="2")["results"] == []


# The table of the issue, on the bundled graph: each query's expected top hit is read from the
# graph's own data (its codes, numbers, labels), not written here.

BY_NOTATION = "SELECT ?s ?wanted WHERE { ?s skos:notation ?code FILTER(STR(?code) = ?wanted) }"


def subjects(graph: store.GraphStore, where: str, wanted: str) -> list[str]:
    text = queries.PREFIX_BLOCK + where
    found = graph.query(text, substitutions={Variable("wanted"): Literal(wanted)})
    return sorted(row[0].value for row in found)  # type: ignore[union-attr]


def sourced(graph: store.GraphStore, iris: list[str]) -> list[str]:
    ask = queries.PREFIX_BLOCK + "SELECT ?s WHERE { ?s prov:wasDerivedFrom ?source } LIMIT 1"
    return [i for i in iris if list(graph.query(ask, substitutions={Variable("s"): NamedNode(i)}))]


@pytest.fixture(scope="module")
def bundled_client(bundled_store: Path) -> FlaskClient:
    return create_app(bundled_store, test_config={"TESTING": True}).test_client()


@pytest.mark.slow
def test_the_issue_queries_find_the_obvious_thing(
    bundled_client: FlaskClient, bundled_graph: store.GraphStore
) -> None:
    number = (
        "SELECT ?s ?wanted WHERE { ?s eli:id_local ?n FILTER(STRSTARTS(?n, CONCAT(?wanted, '/'))) }"
    )
    decree = subjects(bundled_graph, number, "116")
    province = "SELECT ?s ?wanted WHERE { ?s a vnkg:Province ; skos:prefLabel ?l FILTER(STR(?l) = ?wanted) }"
    lang_son = sourced(bundled_graph, subjects(bundled_graph, province, "Lạng Sơn"))
    iso = subjects(bundled_graph, BY_NOTATION, "VN-09")
    gso = subjects(bundled_graph, BY_NOTATION, "06232")
    same = "SELECT ?s ?wanted WHERE { ?s skos:exactMatch ?x FILTER(STR(?x) = ?wanted) }"
    wikidata = subjects(bundled_graph, same, "http://www.wikidata.org/entity/Q33403")
    poor = "SELECT ?s ?wanted WHERE { ?s a vnkg:Indicator ; skos:prefLabel ?l FILTER(STR(?l) = ?wanted) }"
    households = subjects(bundled_graph, poor, "số hộ nghèo")
    assert all(len(x) == 1 for x in (decree, lang_son, iso, gso, wikidata, households))
    table = {
        "decree 116": decree,
        "nghị định 116": decree,
        "116/2016/NĐ-CP": decree,
        "116": decree,
        "Lang Son province": lang_son,
        "tỉnh Lạng Sơn": lang_son,
        "VN-09": iso,
        "06232": gso,
        "Q33403": wikidata,
        "hộ nghèo": households,
    }
    for query, expected in table.items():
        assert hits(bundled_client, query)[0]["iri"] == expected[0], query


@pytest.mark.slow
def test_many_results_say_first_50_of_n_and_page_on(bundled_client: FlaskClient) -> None:
    body = answer(bundled_client, "phường 1")
    total = body["total"]
    assert isinstance(total, int) and total > 50 and len(body["results"]) == 50  # type: ignore[arg-type]
    page = bundled_client.get("/search?q=ph%C6%B0%E1%BB%9Dng+1").get_data(as_text=True)
    assert f"Results 1–50 of {total}" in page
    assert 'href="/search?q=ph%C6%B0%E1%BB%9Dng+1&amp;page=2" rel="next"' in page
    second = answer(bundled_client, "phường 1", page="2")["results"]
    assert {h["iri"] for h in second}.isdisjoint({h["iri"] for h in body["results"]})  # type: ignore[union-attr,attr-defined]


@pytest.mark.slow
def test_same_names_are_told_apart_by_kind_and_validity(bundled_client: FlaskClient) -> None:
    found = hits(bundled_client, "Phú Thọ")
    provinces = [h for h in found if h["kind"] in ("province", "province-2025")]
    assert len(provinces) == 2
    assert {(h["validFrom"], h["validUntil"]) for h in provinces} == {
        (None, "2025-06-30"),
        ("2025-07-01", None),
    }
    page = bundled_client.get("/search?q=phu+tho&lang=en").get_data(as_text=True)
    assert "until Jun 30, 2025" in page and "since Jul 1, 2025" in page
