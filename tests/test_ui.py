"""The query UI at `/`: vendored YASGUI, example queries, no external resources."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode
from vnkg.graph.emit.vocab import PREFIXES
from vnkg.graph.store import GraphStore
from vnkg.server.app import create_app
from vnkg.server.web import ui

ROOT = Path(__file__).resolve().parents[1]
VENDORED = ROOT / "server" / "static" / "yasgui"


class Resources(HTMLParser):
    """Collects the URLs a page loads (scripts, stylesheets, images) and its JSON config."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("rel") in (
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
        ):
            self.urls.append(values.get("href") or "")
        if tag in ("img", "iframe") and values.get("src"):
            self.urls.append(values["src"] or "")
        self._in_config = tag == "script" and values.get("id") == "vnkg-ui-config"

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False


def parsed(client: FlaskClient, language: str = "en") -> Resources:
    headers = {"Accept": "text/html", "Accept-Language": language}
    response = client.get("/", headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/html"
    parser = Resources()
    parser.feed(response.get_data(as_text=True))
    return parser


@pytest.fixture
def page(web_client: FlaskClient) -> Resources:
    return parsed(web_client)


def test_ui_loads_only_local_resources(page: Resources, web_client: FlaskClient) -> None:
    assert "/static/yasgui/yasgui.min.js" in page.urls
    assert "/static/yasgui/yasgui.min.css" in page.urls
    for url in page.urls:
        assert not re.match(r"^(https?:)?//", url), url
        with web_client.get(url) as response:
            assert response.status_code == 200, url


def test_ui_config_has_endpoint_prefixes_and_every_example(page: Resources) -> None:
    config = json.loads(page.config)
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"] == PREFIXES
    assert config["defaultQuery"].startswith("PREFIX vnkg: <https://w3id.org/vnkg/def/>\n")
    names = [e.name for e in ui.examples()]
    assert [e["name"] for e in config["examples"]] == names
    assert all(e["query"].strip() for e in config["examples"])


def test_ui_config_knows_the_entities_and_the_terms(page: Resources) -> None:
    config = json.loads(page.config)
    assert config["entities"] == "https://w3id.org/vnkg/id/"
    assert config["local"][config["entities"]] == "/id/"
    assert config["terms"] == "/ui/terms"


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_ui_messages_follow_the_page_language(web_client: FlaskClient, language: str) -> None:
    english = json.loads(parsed(web_client, "en").config)
    translated = json.loads(parsed(web_client, language).config)
    assert translated["tabName"] != english["tabName"]
    for key, text in english["messages"].items():
        assert translated["messages"][key] != text, key
        assert re.findall(r"\{\w+\}", translated["messages"][key]) == re.findall(r"\{\w+\}", text)
    assert f'FILTER(LANG(?status) = "{language}")' not in english["defaultQuery"]
    assert f'LANG(?status) = "{language}"' in translated["defaultQuery"]


@pytest.mark.parametrize("language", ["en", "vi", "fr"])
def test_default_query_gives_poverty_rates_named_in_the_language(
    test_store: Path, language: str
) -> None:
    rows = list(GraphStore.open(test_store).query(ui.default_query(language)))
    assert rows, "the tiny seeds have poverty rates of Lạng Sơn"
    for row in rows:
        assert isinstance(row["province"], NamedNode)
        assert "/id/province" in row["province"].value
        for name in ("name", "status", "qualifier"):
            assert isinstance(row[name], Literal) and row[name].language == language, name
        assert isinstance(row["value"], Literal) and float(row["value"].value) > 0


def test_terms_are_the_classes_and_properties_of_the_build(test_store: Path) -> None:
    client = create_app(test_store, test_config={"TESTING": True}).test_client()
    response = client.get("/ui/terms")
    assert response.status_code == 200 and response.mimetype == "application/json"
    terms = response.get_json()
    assert set(terms) == {"class", "property"}
    assert "https://w3id.org/vnkg/def/Province" in terms["class"]
    assert "http://www.w3.org/2004/02/skos/core#prefLabel" in terms["property"]
    assert terms["class"] == sorted(terms["class"]) and len(terms["class"]) <= ui.MOST_TERMS
    assert (
        client.get("/ui/terms", headers={"If-None-Match": response.headers["ETag"]}).status_code
        == 304
    )


def test_ui_lists_the_example_queries_as_html(web_client: FlaskClient) -> None:
    page = web_client.get("/").get_data(as_text=True)
    for example in ui.examples():
        assert f'id="example-{example.name}"' in page
        assert f"<strong>{example.title}</strong>" in page.replace("&#39;", "'")


def test_browser_sparql_without_query_goes_to_the_ui(web_client: FlaskClient) -> None:
    response = web_client.get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code in (301, 302, 303)
    assert response.headers["Location"].endswith("/")


def test_parse_example_reads_the_header_comments() -> None:
    text = "# title: Poverty rate\n# question: What was it?\n#   other: x\nSELECT * {}\n# title: not me\n"
    assert ui.parse_example("poverty-rate.rq", text) == ui.Example(
        name="poverty-rate",
        title="Poverty rate",
        question="What was it?",
        query=text,
        titles=("Poverty rate",),
    )


def test_parse_example_in_a_language_the_file_gives_or_in_english() -> None:
    text = "# title: Poverty rate\n# question: What?\n# title@vi: Tỷ lệ hộ nghèo\nASK {}\n"
    vi, fr = ui.parse_example("p.rq", text, "vi"), ui.parse_example("p.rq", text, "fr")
    assert (vi.title, vi.question) == ("Tỷ lệ hộ nghèo", "What?")
    assert (fr.title, fr.question) == ("Poverty rate", "What?")
    assert vi.titles == fr.titles == ("Poverty rate", "Tỷ lệ hộ nghèo")


@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_every_shipped_query_has_its_title_and_question_in_each_language(lang: str) -> None:
    english, found = ui.examples(), ui.examples(lang=lang)
    assert [e.name for e in found] == [e.name for e in english]
    for ours, theirs in zip(found, english, strict=True):
        assert ours.title != theirs.title and ours.question != theirs.question, ours.name
        # the same competency question number, when the English one has it
        assert re.findall(r"\(CQ\d\)", ours.question) == re.findall(r"\(CQ\d\)", theirs.question)


def test_the_query_page_lists_the_examples_in_the_page_language(web_client: FlaskClient) -> None:
    page = web_client.get("/?lang=vi").get_data(as_text=True)
    assert "<strong>Tỷ lệ hộ nghèo của từng tỉnh theo năm</strong>" in page
    assert "<strong>Poverty rate of each province by year</strong>" not in page


def test_parse_example_without_header_titles_from_the_file_name() -> None:
    example = ui.parse_example("units_of-a-province.rq", "SELECT * {}")
    assert (example.title, example.question) == ("Units of a province", "")


def test_examples_are_read_at_request_time_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.rq").write_text("# title: B\nASK {}\n", encoding="utf-8")
    (tmp_path / "a.rq").write_text("# title: A\nASK {}\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a query", encoding="utf-8")
    assert [e.title for e in ui.examples(tmp_path)] == ["A", "B"]
    assert ui.examples(tmp_path / "missing") == []


def test_prefix_block() -> None:
    assert ui.prefix_block({"ex": "http://example.org/"}) == "PREFIX ex: <http://example.org/>\n"


def test_vendored_yasgui_matches_its_checksums() -> None:
    sums = (VENDORED / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == 5
    for line in sums:
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() == digest, name


def test_vendored_version_is_the_one_the_script_pins() -> None:
    version = re.search(r"^version: (\S+)$", (VENDORED / "VERSION").read_text(), re.M)
    script = (ROOT / "scripts" / "vendor-yasgui.sh").read_text()
    assert version is not None
    assert f'YASGUI_VERSION="${{1:-{version[1]}}}"' in script
    assert "MIT" in (VENDORED / "LICENSE.txt").read_text()
