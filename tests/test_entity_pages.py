"""Entity pages of the bundled graph as people read them: no annotation token as text, every
place of a shared name told apart by its kind and validity, abolished units with a banner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyoxigraph import Literal, NamedNode, Store
from vnkg.graph.emit.vocab import RDF, SKOS, VNKG
from vnkg.server.app import create_app

pytestmark = pytest.mark.slow
BASE = "https://w3id.org/vnkg/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LABELS = (SKOS.prefLabel, SKOS.altLabel, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"))


class Text(HTMLParser):
    """The text a reader sees (not the page's IRI line, scripts or attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.hidden or tag in ("script", "style") or ("class", "iri") in attrs:
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    reader = Text()
    reader.feed(re.sub(r"<(br|img|meta|link|input|hr)\b[^>]*>", " ", page))
    return " ".join(reader.parts)


def objects(store: Store, predicate: NamedNode) -> Iterator[tuple[NamedNode, Literal]]:
    for quad in store.quads_for_pattern(None, predicate, None, None):
        if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal):
            yield quad.subject, quad.object


@pytest.fixture(scope="module")
def store(bundled_store: Path) -> Store:
    return Store.read_only(str(bundled_store))


@pytest.fixture(scope="module")
def client(bundled_store: Path) -> FlaskClient:
    return create_app(bundled_store, test_config={"TESTING": True}).test_client()


def tokens(store: Store) -> set[str]:
    """The plain notations (annotation tokens) of more than one word ('water_works',
    'poverty-rate') that are nobody's label: no page should print them as text. (One-word
    tokens like 'credit' are words a page may well write.)"""
    names = {o.value.casefold() for p in LABELS for _, o in objects(store, p)}
    plain = {o.value for _, o in objects(store, SKOS.notation) if o.datatype.value == XSD_STRING}
    return {t for t in plain if t.casefold() not in names and re.search(r"\w[_-]\w", t)}


GAZETTEER = ("/id/commune/", "/id/commune-2025/", "/id/district/")
SAMPLE = 30  # pages of each gazetteer kind (13 000 units, alike): a spread sample, numbered wards


def entity_paths(store: Store) -> list[str]:
    """The entity and vocabulary pages of the store: every one, but of the gazetteer's
    thousands of communes and districts, SAMPLE of each kind spread over the list and every
    numbered ward's (the pages of one kind are made alike)."""
    every = sorted(_paths(store))
    found = [p for p in every if not p.startswith(GAZETTEER)]
    for kind in GAZETTEER:
        units = [p for p in every if p.startswith(kind)]
        found += units[:: max(1, len(units) // SAMPLE)]
        found += [p for p in units if p[len(kind)].isdigit()][:SAMPLE]
    return sorted(set(found))


def _paths(store: Store) -> set[str]:
    found = set()
    for quad in store.quads_for_pattern(None, RDF.type, None, None):
        iri = quad.subject.value if isinstance(quad.subject, NamedNode) else ""
        if "#" in iri:
            continue
        if iri.startswith(BASE + "id/"):
            found.add("/" + iri[len(BASE) :])
        elif iri.startswith(str(VNKG)) and iri != str(VNKG):
            found.add("/def/" + iri[len(str(VNKG)) :])
    return found


def test_no_annotation_token_appears_as_text_on_any_entity_page(
    store: Store, client: FlaskClient
) -> None:
    codes = tokens(store)
    assert {"percentage_point_per_year", "water_works"} <= codes
    pattern = re.compile(r"(?<![\w/#.-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/-])")
    paths = entity_paths(store)
    assert len(paths) > 300
    shown = {}
    for path in paths:
        text = visible(client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True))
        found = pattern.findall(text)
        if found:
            shown[path] = sorted(set(found))
    assert shown == {}


def test_same_name_places_show_their_kind_and_validity(client: FlaskClient) -> None:
    page = client.get("/id/province/phu-tho", headers={"Accept": "text/html"}).get_data(True)
    assert '<small class="place-note">— province, until Jun 30, 2025</small>' in page
    assert 'class="banner abolished"' in page
    successor = page[page.index('class="banner abolished"') :]
    successor = successor[: successor.index("</div>")]
    assert 'href="/id/province-2025/phu-tho"' in successor
    assert "— province, since Jul 1, 2025" in successor


def test_class_list_tells_same_name_provinces_apart(client: FlaskClient) -> None:
    page = client.get("/def/Province", headers={"Accept": "text/html"}).get_data(True)
    items = re.findall(
        r"<li><a href=\"/id/province[^\"]*\"[^>]*>([^<]+)</a>( <span class=\"place-note\">[^<]*</span>)?",
        page,
    )
    assert items
    by_name: dict[str, set[str]] = {}
    for name, note in items:
        by_name.setdefault(name, set()).add(note)
    shared = {name: notes for name, notes in by_name.items() if len(notes) > 1}
    assert shared, "the bundled graph has provinces of one name before and after 2025"
    for notes in shared.values():
        assert all("province" in n for n in notes)


def test_numbered_wards_are_named_as_the_gazetteer_names_them(store: Store) -> None:
    found = [o.value for s, o in objects(store, SKOS.prefLabel) if "/commune/1-" in s.value]
    assert found and all(name.startswith(("Phường ", "Thị trấn ", "Xã ")) for name in found)


def test_province_page_has_a_locator_map_and_no_wkt(client: FlaskClient) -> None:
    page = client.get("/id/province/lang-son", headers={"Accept": "text/html"}).get_data(True)
    assert "POINT(" not in page
    assert '<figure class="locator">' in page and 'class="here"' in page
    assert "https://www.openstreetmap.org/?mlat=21.85637&amp;mlon=106.62913" in page


def test_observation_page_says_how_to_cite_it(client: FlaskClient, store: Store) -> None:
    page = client.get("/id/province/lang-son", headers={"Accept": "text/html"}).get_data(True)
    first = re.search(r'href="(/id/observation/[^"]+)"', page)
    assert first
    obs = client.get(first[1], headers={"Accept": "text/html"}).get_data(True)
    cite = obs[obs.index('<dd class="citation">') :]
    cite = cite[: cite.index("</dd>")]
    assert f"{BASE}id/observation/" in cite and "accessed" in cite and "<cite>" in cite
