"""Label search: normalising, ranking, and /search as HTML and JSON (tests/data/web.trig)."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from vnkg.graph.emit.iris import fold
from vnkg.server.web.search import Entry, Rank, matches, rank


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lạng Sơn", "lang son"),
        ("  PHÚ-THỌ ", "phu tho"),
        ("Đồng Văn", "dong van"),
        ("116/2016/ND-CP", "116 2016 nd cp"),
        ("Chiềng   Chung", "chieng chung"),
        ("", ""),
    ],
    ids=["vi", "case-hyphen", "d-stroke", "number", "spaces", "empty"],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("key", "query", "expected"),
    [
        ("lang son", "lang son", Rank.EXACT),
        ("lang son province", "lang son", Rank.PREFIX),
        ("tinh lang son", "lang son", Rank.WORD),
        ("xlang sonx", "lang son", Rank.SUBSTRING),
        ("phu tho", "lang son", None),
    ],
    ids=["exact", "prefix", "word", "substring", "none"],
)
def test_rank(key: str, query: str, expected: Rank | None) -> None:
    assert rank(key, query) == expected


def test_matches_rank_exact_then_prefix_then_word_then_substring() -> None:
    entries = [
        Entry("urn:d", "Xson", "xson"),
        Entry("urn:c", "Mai Sơn", "mai son"),
        Entry("urn:b", "Sơn La province", "son la province"),
        Entry("urn:a", "Sơn", "son"),
        Entry("urn:a", "Son", "son"),
        Entry("urn:e", "Lào Cai", "lao cai"),
    ]
    found = matches(entries, "SƠN")
    assert [(r, e.iri) for r, e in found] == [
        (Rank.EXACT, "urn:a"),
        (Rank.PREFIX, "urn:b"),
        (Rank.WORD, "urn:c"),
        (Rank.SUBSTRING, "urn:d"),
    ]


def test_equal_matches_put_larger_units_and_older_editions_first() -> None:
    entries = [
        Entry("https://x/id/commune/phu-tho-a", "Phú Thọ", "phu tho"),
        Entry("https://x/id/legal/phu-tho", "Phú Thọ", "phu tho"),
        Entry("https://x/id/province-2025/phu-tho", "Phú Thọ", "phu tho"),
        Entry("https://x/id/province/phu-tho", "Phú Thọ", "phu tho"),
    ]
    assert [e.iri.split("/id/")[1] for _, e in matches(entries, "phu tho")] == [
        "province/phu-tho",
        "province-2025/phu-tho",
        "legal/phu-tho",
        "commune/phu-tho-a",
    ]


def test_matches_blank_query_finds_nothing() -> None:
    assert matches([Entry("urn:a", "a", "a")], " - ") == []


def hits(client: FlaskClient, query: str) -> list[dict[str, object]]:
    response = client.get("/search", query_string={"q": query, "format": "json"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.data)["results"]


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
        ("poverty rate", "/def/indicator/poverty-rate"),
    ],
    ids=[
        "ascii",
        "diacritics",
        "prefix-upper",
        "phu-tho",
        "phu-tho-vi",
        "district",
        "decree",
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


def test_search_ranks_exact_before_prefix(web_client: FlaskClient) -> None:
    found = [(h["href"], h["rank"]) for h in hits(web_client, "poverty rate")]
    assert found == [
        ("/def/indicator/poverty-rate", "exact"),
        ("/def/indicator/poverty-rate-reduction", "word"),
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


def test_search_without_query_shows_the_form(web_client: FlaskClient) -> None:
    page = web_client.get("/search").get_data(as_text=True)
    assert '<input id="q" type="search" name="q"' in page and "result" not in page
    assert hits(web_client, "") == []


def test_search_nothing_found(web_client: FlaskClient) -> None:
    assert hits(web_client, "atlantis") == []
