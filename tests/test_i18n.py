"""The interface's languages: which one a request gets, the switch, the catalogues."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient
from vnkg.server.web import i18n

HTML = "text/html"


@pytest.mark.parametrize(
    ("asked", "cookie", "accept", "expected"),
    [
        (None, None, None, "en"),
        (None, None, ["vi-VN", "en"], "vi"),
        (None, None, ["de", "fr-CA"], "fr"),
        (None, None, ["de", "ja"], "en"),
        (None, "fr", ["vi"], "fr"),
        ("vi", "fr", ["en"], "vi"),
        ("xx", None, ["vi"], "vi"),
        ("../../etc", "<b>", None, "en"),
    ],
)
def test_language_choice(
    asked: str | None, cookie: str | None, accept: list[str] | None, expected: str
) -> None:
    assert i18n.choose(asked, cookie, accept) == expected


def lang_of(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, page[:200]
    return found[1]


@pytest.mark.parametrize(("accept", "lang", "heading"), [
    ("vi-VN,vi;q=0.9", "vi", "Không tìm thấy"),
    ("fr-FR", "fr", "Introuvable"),
    ("en-GB", "en", "Not found"),
])  # fmt: skip
def test_page_follows_accept_language(
    web_client: FlaskClient, accept: str, lang: str, heading: str
) -> None:
    response = web_client.get(
        "/id/nothing-here", headers={"Accept": HTML, "Accept-Language": accept}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert lang_of(page) == lang
    assert f"<h1>{heading}</h1>" in page
    assert "Accept-Language" in response.headers["Vary"]


def test_switch_is_remembered(web_client: FlaskClient) -> None:
    first = web_client.get("/id/nothing-here?lang=vi", headers={"Accept": HTML})
    assert "vnkg_lang=vi" in first.headers["Set-Cookie"]
    assert 'hreflang="vi" lang="vi" aria-current="true"' in first.get_data(as_text=True)
    later = web_client.get("/id/nothing-here", headers={"Accept": HTML, "Accept-Language": "en"})
    assert lang_of(later.get_data(as_text=True)) == "vi"


def test_etags_differ_by_language(web_client: FlaskClient) -> None:
    tags = {
        web_client.get("/def/", headers={"Accept": HTML, "Accept-Language": lang}).headers["ETag"]
        for lang in ("en", "vi", "fr")
    }
    assert len(tags) == 3


@pytest.mark.parametrize("lang", ["vi", "fr"])
def test_catalogue_translates_every_message(lang: str) -> None:
    folder = resources.files("vnkg.server") / "translations"
    with (folder / "messages.pot").open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    with (folder / f"{lang}.po").open("rb") as po:
        catalogue = {m.id: m for m in read_po(po, locale=lang) if m.id}
    missing = sorted(str(m) for m in wanted if m not in catalogue or not catalogue[m].string)
    assert not missing, f"{lang}.po lacks translations (run `make translations`): {missing}"
    fuzzy = sorted(str(m.id) for m in catalogue.values() if m.fuzzy)
    assert not fuzzy, f"{lang}.po has fuzzy (unchecked) translations: {fuzzy}"


def test_numbers_in_the_page_language(web_client: FlaskClient) -> None:
    with web_client.application.test_request_context(headers={"Accept-Language": "vi"}):
        assert i18n.number(1234567.5) == "1.234.567,5"
    with web_client.application.test_request_context(headers={"Accept-Language": "en"}):
        assert i18n.number(1234567.5) == "1,234,567.5"
        assert i18n.number(3, digits=1) == "3.0"


def test_template_messages_are_in_the_catalogue() -> None:
    """`make translations` was run after the last change of an interface string."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    server = resources.files("vnkg.server")
    found = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(server),
            method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords={**DEFAULT_KEYWORDS, "gettext": None, "ngettext": (1, 2)},
        )
    }
    with (server / "translations" / "messages.pot").open("rb") as pot:
        known = {m.id for m in read_po(pot) if m.id}
    assert found, "no message was extracted: is babel.cfg's layout still right?"
    missing = sorted(str(m) for m in found if m not in known)
    assert not missing, f"run `make translations`, then translate: {missing}"


def test_search_json_varies_with_the_language(web_client: FlaskClient) -> None:
    """Its labels are chosen by language, so a shared cache must key it by language too."""
    response = web_client.get("/search?q=lang+son&format=json", headers={"Accept-Language": "vi"})
    assert response.status_code == 200
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
