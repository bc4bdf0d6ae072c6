"""The query UI at `/`: vendored YASGUI, pre-loaded with our prefixes and the example queries."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, NamedTuple

from flask import Blueprint, Response, jsonify, render_template, request, url_for
from pyoxigraph import NamedNode
from vnkg.graph import queries
from vnkg.graph.backend import Backend
from vnkg.graph.emit.iris import Iris
from vnkg.graph.emit.vocab import PREFIXES, VNKG
from vnkg.server import conditional
from vnkg.server.endpoint.negotiate import JSON, Representation
from vnkg.server.state import get_iris, get_state
from vnkg.server.web import i18n
from vnkg.server.workers import dispatch

bp = Blueprint("ui", __name__)

HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z-]+(?:@[a-z]{2,3})?)\s*:\s*(?P<value>.*?)\s*$")
# The first query a visitor sees: the poverty rate of each province, names and codes in the
# page's language (a province without a name in it falls back to its Vietnamese name).
# It starts from the observations of one indicator: a few index look-ups on any store.
DEFAULT_QUERY = """# @TITLE@
SELECT DISTINCT ?province ?name ?period ?value ?qualifier ?status ?source WHERE {
  ?obs vnkg:indicator ind:poverty-rate ;
       sdmx-dimension:refArea ?province ;
       sdmx-dimension:refPeriod ?when ;
       sdmx-measure:obsValue ?value ;
       vnkg:qualifier/skos:prefLabel ?qualifier ;
       vnkg:status/skos:prefLabel ?status ;
       prov:wasDerivedFrom ?source .
  ?province a vnkg:Province .
@NAME@
  ?when rdfs:label ?period .
  FILTER(LANG(?qualifier) = "@LANG@" && LANG(?status) = "@LANG@")
}
ORDER BY ?name ?period ?source
LIMIT 100
"""
NAME_IN_VIETNAMESE = """  ?province skos:prefLabel ?name .
  FILTER(LANG(?name) = "vi")"""
NAME_IN = """  OPTIONAL { ?province skos:prefLabel ?own FILTER(LANG(?own) = "@LANG@") }
  ?province skos:prefLabel ?vi FILTER(LANG(?vi) = "vi")
  BIND(COALESCE(?own, ?vi) AS ?name)"""
MOST_TERMS = 5000  # completion lists: the classes and properties of the data, at most


@dataclass(frozen=True)
class Example:
    """One competency query: its file name, header title and question, and its text; `titles`:
    its title in every language the file gives (a tab opened in one is found in another)."""

    name: str
    title: str
    question: str
    query: str
    titles: tuple[str, ...] = ()


def parse_example(name: str, text: str, lang: str = "en") -> Example:
    """Read the `# title:` and `# question:` comment lines at the top of a query file, in
    `lang` when it gives them (`# title@vi:`, `# question@vi:`), else in English."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = HEADER.match(line)
        if match:
            header.setdefault(match["key"].lower(), match["value"])
    stem = name.rsplit(".", 1)[0]
    english = header.get("title") or stem.replace("-", " ").replace("_", " ").capitalize()
    title = header.get(f"title@{lang}") or english
    question = header.get(f"question@{lang}") or header.get("question", "")
    titles = (english, *(v for k, v in header.items() if k.startswith("title@")))
    return Example(name=stem, title=title, question=question, query=text, titles=titles)


def examples(folder: Traversable | None = None, lang: str = "en") -> list[Example]:
    """The `.rq` files of `vnkg.ontology/queries`, read now (others may add some), by name;
    titles and questions in `lang` where the files give them."""
    folder = folder or resources.files("vnkg.ontology") / "queries"
    if not folder.is_dir():
        return []
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return [parse_example(f.name, f.read_text(encoding="utf-8"), lang) for f in files]


def prefix_block(prefixes: dict[str, str] = PREFIXES) -> str:
    """`PREFIX p: <ns>` lines for every namespace we use."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())


def default_query(lang: str) -> str:
    """The first query, its labels in `lang` (one of i18n.LANGUAGES), behind our prefixes."""
    assert lang in i18n.LANGUAGES, lang
    name = NAME_IN_VIETNAMESE if lang == "vi" else NAME_IN
    title = i18n.gettext("Poverty rate of each province, by period, with its source")
    text = DEFAULT_QUERY.replace("@TITLE@", title).replace("@NAME@", name)
    text = text.replace("@LANG@", lang)
    return prefix_block() + "\n" + text


def messages() -> dict[str, str]:
    """The UI script's sentences in the page's language ({name}: filled in by the script)."""
    _ = i18n.gettext
    return {
        "tabs": _("Open queries"),
        "newTab": _("New query"),
        "open": _("Open in the editor"),
        "error": _("The query could not be run (HTTP %(status)s).", status="{status}"),
        "syntax": _(
            "Syntax error on line %(line)s, column %(column)s:", line="{line}", column="{column}"
        ),
        "atEnd": _("The query ends too early, on line %(line)s:", line="{line}"),
        "prefix": _("The prefix %(prefix)s is not declared.", prefix="{prefix}"),
        "declared": _("Declared prefixes: %(names)s.", names="{names}"),
        "noneDeclared": _("The query declares no prefix."),
        "addPrefix": _("Add %(declaration)s", declaration="{declaration}"),
        "goTo": _("Go to the error"),
    }


@bp.get("/")
def index() -> str:
    """The YASGUI page; its configuration travels as JSON for static/js/ui.js."""
    endpoint = url_for("sparql.endpoint")
    found = examples(lang=i18n.current())
    base = get_iris().base
    root = request.script_root
    config = {
        "endpoint": endpoint,
        "local": {
            base + "id/": root + "/id/",
            base + "graph/": root + "/graph/",
            str(VNKG): root + "/def/",
        },
        "entities": base + "id/",
        "prefixes": PREFIXES,
        "defaultQuery": default_query(i18n.current()),
        "tabName": i18n.gettext("Query"),
        "terms": url_for("ui.terms"),
        "messages": messages(),
        "examples": [asdict(e) for e in found],
    }
    return render_template("ui.html", endpoint=endpoint, examples=found, ui_config=config)


class TermsJob(NamedTuple):
    """A query-process job: the classes and properties the build's description lists."""

    base: str
    spool_bytes: int = 0
    spool_dir: str | None = None
    spool_name: str = ""


def vocabulary_terms(store: Backend, job: TermsJob) -> dict[str, list[str]]:
    """The job: {"class": [...], "property": [...]}, sorted IRIs, at most MOST_TERMS in all."""
    dataset = Iris(job.base).graph("dataset")
    found: dict[str, set[str]] = {"class": set(), "property": set()}
    for _, kind, term in queries.rows(store, "ui-terms", {"dataset": dataset})[:MOST_TERMS]:
        if isinstance(term, NamedNode) and kind.value in found:
            found[kind.value].add(term.value)
    return {kind: sorted(terms) for kind, terms in found.items()}


@bp.get("/ui/terms")
def terms() -> Response:
    """The classes and properties of the data, for the editor's completion (once per build)."""
    conditional.check(Representation(JSON))
    base = get_iris().base
    found: dict[str, Any] = get_state().memo(
        "ui-terms", lambda store: dispatch.execute(TermsJob(base), task=vocabulary_terms)
    )
    return jsonify(found)
