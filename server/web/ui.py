"""The query UI at `/`: vendored YASGUI, pre-loaded with our prefixes and the example queries."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from flask import Blueprint, render_template, request, url_for
from vnkg.graph.emit.vocab import PREFIXES, VNKG
from vnkg.server.state import get_iris

bp = Blueprint("ui", __name__)

HEADER = re.compile(r"^#\s*(?P<key>[A-Za-z-]+)\s*:\s*(?P<value>.*?)\s*$")
DEFAULT_QUERY = """SELECT ?place ?name ?kind WHERE {
  ?place a vnkg:AdministrativeUnit ;
         skos:prefLabel ?name ;
         a ?kind .
  FILTER(LANG(?name) = "vi" && STRSTARTS(STR(?kind), STR(vnkg:)))
  FILTER(?kind != vnkg:AdministrativeUnit)
}
ORDER BY ?kind ?name
LIMIT 100
"""


@dataclass(frozen=True)
class Example:
    """One competency query: its file name, header title and question, and its text."""

    name: str
    title: str
    question: str
    query: str


def parse_example(name: str, text: str) -> Example:
    """Read the `# title:` and `# question:` comment lines at the top of a query file."""
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
    title = header.get("title") or stem.replace("-", " ").replace("_", " ").capitalize()
    return Example(name=stem, title=title, question=header.get("question", ""), query=text)


def examples(folder: Traversable | None = None) -> list[Example]:
    """The `.rq` files of `vnkg.ontology/queries`, read now (others may add some), by name."""
    folder = folder or resources.files("vnkg.ontology") / "queries"
    if not folder.is_dir():
        return []
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return [parse_example(f.name, f.read_text(encoding="utf-8")) for f in files]


def prefix_block(prefixes: dict[str, str] = PREFIXES) -> str:
    """`PREFIX p: <ns>` lines for every namespace we use."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())


@bp.get("/")
def index() -> str:
    """The YASGUI page; its configuration travels as JSON for static/js/ui.js."""
    endpoint = url_for("sparql.endpoint")
    found = examples()
    base = get_iris().base
    root = request.script_root
    config = {
        "endpoint": endpoint,
        "local": {
            base + "id/": root + "/id/",
            base + "graph/": root + "/graph/",
            str(VNKG): root + "/def/",
        },
        "prefixes": PREFIXES,
        "defaultQuery": prefix_block() + "\n" + DEFAULT_QUERY,
        "examples": [asdict(e) for e in found],
    }
    return render_template("ui.html", endpoint=endpoint, examples=found, ui_config=config)
