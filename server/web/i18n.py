"""The interface language of a request, its message catalogue, and numbers written its way.

The pages speak English, Vietnamese and French. The language is chosen, in this order, by
`?lang=` (the visible switch; it also sets a cookie), the `vnkg_lang` cookie, then the
browser's `Accept-Language`; English otherwise. Messages are gettext catalogues
(`server/translations/{lang}.po`, kept up to date with `make translations`), read with Babel
when first used: no compiled `.mo` file is shipped. Templates call `_()` / `ngettext()`
(Jinja's i18n extension, new style); Python calls `gettext()`.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from babel import Locale, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, Response, g, has_request_context, request

LANGUAGES: dict[str, str] = {"en": "English", "vi": "Tiếng Việt", "fr": "Français"}
DEFAULT = "en"
COOKIE = "vnkg_lang"
COOKIE_AGE = 365 * 24 * 3600


def choose(asked: str | None, cookie: str | None, accept: list[str] | None) -> str:
    """The language of an answer: the explicit choice, the remembered one, the browser's. Pure."""
    for candidate in (asked, cookie):
        if candidate in LANGUAGES:
            return candidate
    for tag in accept or ():
        primary = tag.split("-")[0].split("_")[0].lower()
        if primary in LANGUAGES:
            return primary
    return DEFAULT


def current() -> str:
    """The language of the current request (English outside a request)."""
    if not has_request_context():
        return DEFAULT
    found: str | None = g.get("vnkg_lang")
    if found is None:
        accepted = [tag for tag, _ in request.accept_languages]
        found = choose(request.args.get("lang"), request.cookies.get(COOKIE), accepted)
        g.vnkg_lang = found
    return found


@cache
def catalogue(lang: str) -> NullTranslations:
    """The messages of `lang`, read from its `.po` file (English: the messages themselves)."""
    source = resources.files("vnkg.server") / "translations" / f"{lang}.po"
    if lang == DEFAULT or not source.is_file():
        return NullTranslations()
    with source.open("rb") as po:
        parsed = read_po(po, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, parsed, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled)


def _message(message: str) -> str:
    return catalogue(current()).gettext(message)


def _plural(singular: str, plural: str, n: int) -> str:
    return catalogue(current()).ngettext(singular, plural, n)


def gettext(message: str, **values: object) -> str:
    """`message` in the request's language, `%(name)s` placeholders filled from `values`."""
    text = _message(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form of a message for `n`, in the request's language."""
    text = _plural(singular, plural, n)
    return text % {"num": n, **values}


def number(value: float | int, digits: int | None = None) -> str:
    """`value` with the separators of the request's language (1,234.5 / 1.234,5 / 1 234,5)."""
    if digits is not None:
        return numbers.format_decimal(
            value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=current()
        )
    return numbers.format_decimal(value, locale=current(), decimal_quantization=False)


def language_name(lang: str) -> str:
    """The name of a language in that language ("Tiếng Việt"), for the switch."""
    return LANGUAGES.get(lang) or Locale.parse(lang).get_display_name(lang) or lang


def _remember(response: Response) -> Response:
    """Remember an explicit `?lang=` choice. An answer made after the language was chosen (a
    page, search results in JSON, any answer whose ETag names the language) varies with it."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_AGE, samesite="Lax")
    if g.get("vnkg_lang") is not None or response.mimetype == "text/html":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def _template_values() -> dict[str, object]:
    return {"lang": current(), "languages": LANGUAGES}


def init_app(app: Flask) -> None:
    """gettext in templates, the `number` filter, `lang` in every template, the cookie."""
    app.jinja_env.add_extension("jinja2.ext.i18n")
    # Jinja's new-style wrappers fill the placeholders themselves: give them the raw lookups.
    app.jinja_env.install_gettext_callables(_message, _plural, newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.filters["number"] = number
    app.context_processor(_template_values)
    app.after_request(_remember)
